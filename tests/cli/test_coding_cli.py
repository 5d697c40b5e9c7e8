"""`code`, `uncode`, `segments`, `search`, `autocode`, `memo`, `coders`: output and refusals."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from qcode.store.models import Memo, Segment
from qcode.store.postgres import open_any
from tests.cli.test_codebook_cli import PJ1, PJ2, PR1, last_event, ok, refused, run, study

SEGMENT_FIELDS = ["id", "document", "code", "coder", "start", "end", "text"]
MENTOR = PJ1.index("My mentor")  # 35: line 2 starts at 31, after "Interviewer: How did it start?\n"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return study(tmp_path_factory.mktemp("template"))


@pytest.fixture
def project(template: Path, copy_of: Callable[[Path], str]) -> str:
    """PROJECT: this test's copy of the study, as a file or on the server."""
    return copy_of(template)


def segments(capsys, path: Path, *filters: str) -> list[dict[str, object]]:
    listed = json.loads(ok(capsys, "segments", str(path), "--json", *filters))
    assert all(list(entry) == SEGMENT_FIELDS for entry in listed)
    assert all(isinstance(entry.pop("id"), int) for entry in listed)  # see test_cmo_categories_cli
    return listed


def segment_id(path: Path, document: str, start: int, coder: str) -> int:
    with open_any(path) as project, project.session() as session:
        rows = session.scalars(select(Segment).where(Segment.start == start)).all()
        (found,) = [s.id for s in rows if (s.document.name, s.coder.name) == (document, coder)]
        return found


def test_segments_json_has_exactly_the_contract_fields(capsys, project: str) -> None:
    assert segments(capsys, project) == [
        {
            "document": "PJ 1",
            "code": ["Better work", "Availability"],
            "coder": "Ann",
            "start": 35,
            "end": 44,
            "text": "My mentor",
        },
        {
            "document": "PJ 1",
            "code": ["Better work", "Availability"],
            "coder": "Ben",
            "start": 35,
            "end": 65,
            "text": "My mentor made time for me.\nPJ",
        },
        {
            "document": "PJ 2",
            "code": ["Better work", "Engagement"],
            "coder": "Ann",
            "start": 4,
            "end": 29,
            "text": "Later the rota got easier",
        },
        {
            "document": "PR 1",
            "code": ["Better relationships"],
            "coder": "Ann",
            "start": 4,
            "end": 19,
            "text": "No time at all,",
        },
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (["--code", "Better work"], []),  # the theme itself has no coding of its own
        (["--code", "Better work", "--descendants"], [("PJ 1", 35), ("PJ 1", 35), ("PJ 2", 4)]),
        (["--coder", "Ben"], [("PJ 1", 35)]),
        (["--participant", "PR"], [("PR 1", 4)]),
        (["--participant", "PJ", "--wave", "2"], [("PJ 2", 4)]),
        (["--wave", "1", "--coder", "Ann"], [("PJ 1", 35), ("PR 1", 4)]),
        (["--doc", "PR 1"], [("PR 1", 4)]),
        (["--attr", "role=Nurse"], [("PR 1", 4)]),
        (["--attr", "mentees=4"], [("PJ 1", 35), ("PJ 1", 35), ("PJ 2", 4)]),
    ],
)
def test_segment_filters(capsys, project: str, filters: list[str], expected) -> None:
    assert [(s["document"], s["start"]) for s in segments(capsys, project, *filters)] == expected


def test_segments_of_a_case_and_the_text_listing(capsys, project: str) -> None:
    p = str(project)
    ok(capsys, "cases", p, "add", "Protected time", "--participant", "PJ")
    later, first = segment_id(project, "PJ 2", 4, "Ann"), segment_id(project, "PJ 1", MENTOR, "Ann")
    ok(capsys, "cases", p, "link", "Protected time", str(later), str(first))
    in_case = segments(capsys, project, "--case", "Protected time")
    assert [(s["document"], s["coder"]) for s in in_case] == [("PJ 1", "Ann"), ("PJ 2", "Ann")]
    bens = segment_id(project, "PJ 1", MENTOR, "Ben")  # the text listing shows segment ids
    assert ok(capsys, "segments", p, "--coder", "Ben").splitlines() == [
        f"#{bens} [PJ 1, lines 2–3] Better work/Availability — Ben",
        "    My mentor made time for me. PJ",
        "1 segments",
    ]


def test_code_by_span_quote_and_in_vivo(capsys, project: str) -> None:
    p = str(project)
    out = ok(capsys, "code", p, "--doc", "PJ 2", "--code", "Better relationships",
             "--coder", "Cat", "--span", "14:18")  # fmt: skip
    assert out == "coded PJ 2, line 1: Better relationships by Cat (14:18)\n"
    assert segments(capsys, project, "--coder", "Cat") == [
        {
            "document": "PJ 2",
            "code": ["Better relationships"],
            "coder": "Cat",
            "start": 14,
            "end": 18,
            "text": "rota",
        }
    ]
    assert last_event(project).actor == "Cat"
    out = ok(capsys, "code", p, "--doc", "PJ 1", "--code", "Better work/Engagement",
             "--coder", "Cat", "--quote", "made \n  time")  # fmt: skip
    assert out == "coded PJ 1, line 2: Better work/Engagement by Cat (45:54)\n"
    out = ok(capsys, "code", p, "--doc", "PR 1", "--code", "Better work", "--coder", "Cat",
             "--in-vivo", "--quote", "the rota was brutal")  # fmt: skip
    assert out == "coded PR 1, line 1: Better work/the rota was brutal by Cat (20:39)\n"


def test_uncode_part_of_a_span_and_a_whole_segment(capsys, project: str) -> None:
    p = str(project)
    assert ok(capsys, "uncode", p, "--span", "40:50", "--doc", "PJ 1", "--coder", "Ben") == (
        "uncoded\n"
    )
    assert [(s["start"], s["end"]) for s in segments(capsys, project, "--coder", "Ben")] == [
        (35, 40),
        (50, 65),
    ]
    ok(
        capsys,
        "uncode",
        p,
        "--segment",
        str(segment_id(project, "PJ 2", 4, "Ann")),
        "--coder",
        "Ann",
    )
    event = last_event(project)
    assert (event.action, event.actor) == ("uncode", "Ann")
    assert [s["document"] for s in segments(capsys, project, "--coder", "Ann")] == ["PJ 1", "PR 1"]


def test_search_then_autocode_in_one_step(capsys, project: str) -> None:
    p = str(project)
    # "rota" is at 14 in PJ 2 ("PJ: Later the rota") and at 24 in PR 1 ("...all, the rota").
    assert json.loads(ok(capsys, "search", p, "rota", "--json")) == [
        {"document": "PJ 2", "start": 14, "end": 18, "text": "rota", "citation": "PJ 2, line 1"},
        {"document": "PR 1", "start": 24, "end": 28, "text": "rota", "citation": "PR 1, line 1"},
    ]
    assert ok(capsys, "search", p, "r[a-z]+a\\b", "--mode", "regex", "--doc", "PR 1") == (
        "[PR 1, line 1] rota\n1 hits\n"
    )
    before = run(capsys, "log", p, "--json")[1]
    preview = ok(capsys, "autocode", p, "rota", "--code", "Better work/Engagement",
                 "--coder", "Dan", "--unit", "sentence", "--preview")  # fmt: skip
    assert preview.splitlines()[-1] == "2 hits would be coded 'Better work/Engagement' as Dan"
    assert run(capsys, "log", p, "--json")[1] == before  # the preview changed nothing
    ok(capsys, "autocode", p, "rota", "--code", "Better work/Engagement", "--coder", "Dan",
       "--unit", "sentence")  # fmt: skip
    assert len(json.loads(run(capsys, "log", p, "--json")[1])) == len(json.loads(before)) + 1
    assert [(s["document"], s["text"]) for s in segments(capsys, project, "--coder", "Dan")] == [
        ("PJ 2", "PJ: Later the rota got easier."),
        ("PR 1", "PR: No time at all, the rota was brutal."),
    ]


def test_memos_and_coders(capsys, project: str) -> None:
    p = str(project)
    ok(capsys, "cases", p, "add", "Rota", "--participant", "PR")
    segment = str(segment_id(project, "PR 1", 4, "Ann"))
    for target in (["--doc", "PJ 1"], ["--code", "Better work"], ["--segment", segment],
                   ["--participant", "PJ"], ["--case", "Rota"], []):  # fmt: skip
        assert ok(capsys, "memo", p, "A thought", *target, "--as", "Ann").startswith("memo ")
    with open_any(project) as opened, opened.session() as session:
        assert len(session.scalars(select(Memo)).all()) == 6
    assert ok(capsys, "coders", p, "--add", "Eve Long", "--color", "#123456").splitlines() == [
        "coder     initials  colour",
        "Ann       AN        #17becf",
        "Ben       BE        #bcbd22",
        "Eve Long  EL        #123456",
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["code", "--doc", "PJ 9", "--code", "Better work", "--coder", "A", "--span", "0:4"],
         "no document 'PJ 9'"),
        (["code", "--doc", "PJ 1", "--code", "Nope", "--coder", "A", "--span", "0:4"],
         "no code 'Nope'"),
        (["code", "--doc", "PJ 1", "--code", "Better work", "--coder", "A", "--span", "70:99"],
         "span 70:99 is outside 'PJ 1' (its text has 80 characters)"),
        (["code", "--doc", "PJ 1", "--code", "Better work", "--coder", "A", "--span", "9:9"],
         "is outside"),
        (["code", "--doc", "PJ 1", "--code", "Better work", "--coder", "A", "--span", "4-9"],
         "--span expects START:END"),
        (["code", "--doc", "PJ 1", "--code", "Better work", "--coder", "A", "--quote", "rota"],
         "the quote is not in 'PJ 1'"),
        (["code", "--doc", "PJ 1", "--code", "Better work", "--coder", "A", "--quote", "PJ:"],
         "the quote occurs 2 times in 'PJ 1'; give --span"),
        (["code", "--doc", "PJ 1", "--coder", "A", "--span", "0:4"], "--code is required"),
        (["code", "--doc", "PJ 1", "--code", "Better work", "--coder", " ", "--span", "0:4"],
         "a coder needs a name"),
        (["uncode", "--span", "0:9", "--doc", "PJ 1", "--coder", "Zoe"], "no coder 'Zoe'"),
        (["uncode", "--span", "0:9", "--doc", "PJ 1", "--coder", "Ann"], "Ann has no coding there"),
        (["uncode", "--span", "0:9", "--coder", "Ann"], "needs --doc and --coder"),
        (["uncode", "--segment", "999"], "no segment 999"),
        (["segments", "--coder", "Zoe"], "no coder 'Zoe'"),
        (["segments", "--doc", "PJ 9"], "no document 'PJ 9'"),
        (["segments", "--code", "Better work/Nope"], "no code 'Better work/Nope'"),
        (["segments", "--participant", "PZ"], "no participant 'PZ'"),
        (["segments", "--case", "Nope"], "no case 'Nope'"),
        (["segments", "--attr", "role"], "--attr expects KEY=VALUE"),
        (["search", "(", "--mode", "regex"], "Invalid regular expression"),
        (["search", "rota", "--mode", "fuzzy", "--threshold", "0"], "threshold"),
        (["search", "rota", "--doc", "PJ 9"], "no document 'PJ 9'"),
        (["search", "  "], "the search text is empty"),
        (["autocode", "rota", "--code", "Nope", "--coder", "A"], "no code 'Nope'"),
        (["autocode", "zebra", "--code", "Better work", "--coder", "A"], "no hits to code"),
        (["memo", "x", "--doc", "PJ 9"], "no document 'PJ 9'"),
        (["memo", "x", "--participant", "PZ"], "no participant 'PZ'"),
        (["memo", "x", "--case", "Nope"], "no case 'Nope'"),
        (["memo", "x", "--segment", "999"], "no segment 999"),
        (["coders", "--add", "Ann"], "coder 'Ann' already exists"),
        (["coders", "--add", "Fay", "--color", "blue"], "colour must look like #RRGGBB"),
    ],
)  # fmt: skip
def test_refusals_are_one_line_and_change_nothing(
    capsys, project: str, argv: list[str], message: str
) -> None:
    refused(capsys, project, argv[0], str(project), *argv[1:], message=message)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["code", "--doc", "PJ 1", "--code", "X", "--coder", "A"], "one of the arguments"),
        (["code", "--doc", "PJ 1", "--code", "X", "--coder", "A", "--span", "0:1",
          "--quote", "PJ"], "not allowed with argument"),
        (["uncode", "--doc", "PJ 1"], "one of the arguments --segment --span is required"),
        (["segments", "--wave", "two"], "invalid int value: 'two'"),
        (["search", "rota", "--mode", "soundex"], "invalid choice: 'soundex'"),
        (["autocode", "rota", "--coder", "A"], "required: --code"),
    ],
)  # fmt: skip
def test_usage_errors_exit_2_in_one_line(
    capsys, project: str, argv: list[str], message: str
) -> None:
    err = refused(capsys, project, argv[0], str(project), *argv[1:], message=message, status=2)
    assert err.startswith(f"qcode: {argv[0]}: ") and err.rstrip().endswith("--help)")


def test_texts_are_what_the_fixture_says() -> None:
    # Guards the offsets used above against an edit of the shared texts.
    assert (PJ1[MENTOR:MENTOR + 9], PJ2[14:18], PR1[20:39]) == (
        "My mentor",
        "rota",
        "the rota was brutal",
    )  # fmt: skip
