"""`matrix`, `cooccurrence`, `stats`, `cases`, `log`: hand-checked output and clean refusals;
and one run of the installed `qcode` command through a whole small study."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.test_codebook_cli import ok, refused, run, study

QCODE = shutil.which("qcode", path=str(Path(sys.executable).parent))
AVAILABILITY, ENGAGEMENT = ["Better work", "Availability"], ["Better work", "Engagement"]
RELATIONSHIPS = ["Better relationships"]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return study(tmp_path_factory.mktemp("template"))


@pytest.fixture
def project(template: Path, copy_of: Callable[[Path], str]) -> str:
    """PROJECT: this test's copy of the study, as a file or on the server."""
    return copy_of(template)


def matrix(capsys, path: Path, *options: str) -> tuple[list[str], dict[tuple[str, ...], list]]:
    shown = json.loads(ok(capsys, "matrix", str(path), "--json", *options))
    assert set(shown) == {"by", "count", "columns", "rows"}
    return shown["columns"], {tuple(row["code"]): row["values"] for row in shown["rows"]}


# The study: PJ 1 (PJ, wave 1) Availability by Ann 35–44 and by Ben 35–65; PJ 2 (PJ, wave 2)
# Engagement by Ann 4–29; PR 1 (PR, wave 1) Better relationships by Ann 4–19.
# PJ is a GP with 4 mentees, PR a nurse with 1.


def test_matrix_by_participant_wave_and_attribute(capsys, project: str) -> None:
    columns, rows = matrix(capsys, project)
    assert columns == ["PJ", "PR"]
    assert rows == {
        ("Better work",): [0, 0],
        tuple(AVAILABILITY): [2, 0],
        tuple(ENGAGEMENT): [1, 0],
        tuple(RELATIONSHIPS): [0, 1],
    }
    _, chars = matrix(capsys, project, "--count", "characters")
    # Availability in PJ 1: 35–44 lies inside 35–65, so 30 characters; Engagement 25; PR 15.
    assert (chars[tuple(AVAILABILITY)], chars[tuple(ENGAGEMENT)], chars[tuple(RELATIONSHIPS)]) == (
        [30, 0],
        [25, 0],
        [0, 15],
    )
    _, rolled = matrix(capsys, project, "--code", "Better work", "--descendants", "--count",
                       "characters")  # fmt: skip
    assert rolled == {("Better work",): [55, 0]}  # 30 in PJ 1 + 25 in PJ 2
    waves, by_wave = matrix(capsys, project, "--by", "wave")
    assert waves == ["1", "2"]
    assert (by_wave[tuple(AVAILABILITY)], by_wave[tuple(ENGAGEMENT)]) == ([2, 0], [0, 1])
    roles, by_role = matrix(capsys, project, "--by", "attribute:role", "--count", "participants")
    assert roles == ["GP", "Nurse"]
    assert (by_role[tuple(AVAILABILITY)], by_role[tuple(RELATIONSHIPS)]) == ([1, 0], [0, 1])
    _, bens = matrix(capsys, project, "--coder", "Ben")
    assert [bens[key] for key in sorted(bens)] == [[0, 0], [0, 0], [1, 0], [0, 0]]
    assert ok(
        capsys, "matrix", str(project), "--code", "Better work/Availability"
    ).splitlines() == [
        "code                      PJ  PR",
        "Better work/Availability  2   0",
    ]


def test_cooccurrence(capsys, project: str) -> None:
    p = str(project)
    assert json.loads(ok(capsys, "cooccurrence", p, "--json")) == []  # one code in PJ 1 so far
    ok(capsys, "code", p, "--doc", "PJ 1", "--code", "Better relationships", "--coder", "Ann",
       "--span", "38:42")  # fmt: skip
    ok(capsys, "code", p, "--doc", "PJ 1", "--code", "Better work/Engagement", "--coder", "Cat",
       "--span", "40:50")  # fmt: skip

    def pair(a, b, pairs, characters, documents=1):
        return {"code_a": a, "code_b": b, "pairs": pairs, "characters": characters,
                "documents": documents}  # fmt: skip

    # Relationships 38–42 overlaps both Availability segments (35–44 and 35–65) on 38–42;
    # Engagement 40–50 overlaps both on 40–50, and Relationships on 40–42.
    assert json.loads(ok(capsys, "cooccurrence", p, "--json")) == [
        pair(AVAILABILITY, RELATIONSHIPS, 2, 4),
        pair(AVAILABILITY, ENGAGEMENT, 2, 10),
        pair(ENGAGEMENT, RELATIONSHIPS, 1, 2),
    ]
    assert json.loads(ok(capsys, "cooccurrence", p, "--coder", "Ann", "--json")) == [
        pair(AVAILABILITY, RELATIONSHIPS, 1, 4)
    ]
    assert ok(capsys, "cooccurrence", p, "--coder", "Ann").splitlines()[1].split()[-3:] == [
        "1",
        "4",
        "1",
    ]


def test_stats_of_a_numeric_attribute(capsys, project: str) -> None:
    shown = json.loads(ok(capsys, "stats", str(project), "mentees", "--by", "role", "--json"))
    # 4 and 1: mean 2.5, deviations ±1.5, SD √(2 × 1.5² / 1) = √4.5.
    overall = shown["overall"]
    assert (overall["n"], overall["mean"], overall["median"], overall["min"], overall["max"]) == (
        2,
        2.5,
        2.5,
        1,
        4,
    )
    assert overall["sd"] == pytest.approx(4.5**0.5)
    assert overall["distribution"] == [[1.0, 1], [4.0, 1]]
    assert {name: (g["n"], g["mean"], g["sd"]) for name, g in shown["groups"].items()} == {
        "GP": (1, 4.0, None),
        "Nurse": (1, 1.0, None),
    }
    text = ok(capsys, "stats", str(project), "mentees").splitlines()
    assert text[1].split() == ["all", "2", "2.50", "2.12", "2.50", "1.00", "4.00"]
    assert text[2] == "distribution (mentees): 1: 1, 4: 1"


def test_cases_add_link_show_unlink_delete(capsys, project: str) -> None:
    p = str(project)
    ids = {(s["document"], s["coder"]): n for n, s in enumerate(all_segments(capsys, p), 1)}
    assert ok(capsys, "cases", p, "add", "Protected time", "--participant", "PJ") == (
        "created case 'Protected time'\n"
    )
    ok(capsys, "cases", p, "link", "Protected time", str(ids[("PJ 2", "Ann")]),
       str(ids[("PJ 1", "Ben")]))  # fmt: skip
    assert json.loads(ok(capsys, "cases", p, "--json")) == [
        {"name": "Protected time", "participant": "PJ", "segments": 2, "waves": "1, 2"}
    ]
    shown = json.loads(ok(capsys, "cases", p, "show", "Protected time", "--json"))
    assert [(s["document"], s["wave"], s["citation"]) for s in shown] == [
        ("PJ 1", 1, "PJ 1, lines 2–3"),
        ("PJ 2", 2, "PJ 2, line 1"),
    ]
    assert ok(capsys, "cases", p, "show", "Protected time").splitlines()[1] == (
        "[PJ 2, line 1] Better work/Engagement — Later the rota got easier"
    )
    ok(capsys, "cases", p, "unlink", "Protected time", str(ids[("PJ 1", "Ben")]))
    assert json.loads(ok(capsys, "cases", p, "--json"))[0]["segments"] == 1
    ok(capsys, "cases", p, "delete", "Protected time", "--as", "Ann")
    assert json.loads(ok(capsys, "cases", p, "--json")) == []
    assert len(all_segments(capsys, p)) == 4  # the segments stay coded


def all_segments(capsys, path: str) -> list[dict[str, object]]:
    """Segments in id order (the order the study coded them)."""
    return json.loads(ok(capsys, "segments", path, "--json"))


def test_log_lines_json_and_csv(capsys, project: str, tmp_path: Path) -> None:
    p = str(project)
    ok(capsys, "codes", p, "rename", "Better relationships", "Relationships", "--as", "Ann",
       "--reason", "shorter")  # fmt: skip
    events = json.loads(ok(capsys, "log", p, "--json"))
    fields = ["when", "who", "action", "target_type", "target", "before", "after", "reason"]
    assert all(list(event) == fields for event in events)
    # 3 imports, 3 codes added, 4 codings, 1 rename
    assert [e["action"] for e in events].count("code") == 4 and len(events) == 11
    rename = events[-1]
    assert (rename["who"], rename["action"], rename["reason"]) == ("Ann", "edit code", "shorter")
    assert json.loads(rename["before"])["name"] == "Better relationships"
    lines = ok(capsys, "log", p, "--limit", "2").splitlines()
    assert len(lines) == 2 and lines[1].endswith("— because: shorter")
    assert "Better relationships" in lines[1] and "→" in lines[1]
    out = tmp_path / "audit.csv"
    assert ok(capsys, "log", p, "--csv", str(out)) == f"wrote 11 events to {out}\n"
    with out.open(newline="", encoding="utf-8") as handle:
        assert list(csv.DictReader(handle)) == [
            {"when": e["when"], "who": e["who"], "action": e["action"],
             "target_type": e["target_type"], "target": e["target"], "before": e["before"],
             "after": e["after"], "reason": e["reason"]}
            for e in events
        ]  # fmt: skip


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["matrix", "--by", "colour"], "cross codes by participant, wave or attribute:NAME"),
        (["matrix", "--by", "attribute:grade"], "no participant has an attribute 'grade'"),
        (["matrix", "--code", "Nope"], "no code 'Nope'"),
        (["matrix", "--coder", "Zoe"], "no coder 'Zoe'"),
        (["cooccurrence", "--coder", "Zoe"], "no coder 'Zoe'"),
        (["stats", "role"], "attribute 'role' holds no numbers"),
        (["stats", "age"], "no participant has an attribute 'age'"),
        (["stats", "mentees", "--by", "grade"], "no participant has an attribute 'grade'"),
        (["cases", "add", "Ghost", "--participant", "PZ"], "no participant 'PZ'"),
        (["cases", "add", "  "], "a case needs a name"),
        (["cases", "link", "Nope", "1"], "no case 'Nope'"),
        (["cases", "show", "Nope"], "no case 'Nope'"),
        (["cases", "unlink", "Nope", "1"], "no case 'Nope'"),
        (["cases", "delete", "Nope"], "no case 'Nope'"),
        (["log", "--limit", "0"], "--limit must be 1 or more"),
        (["log", "--csv", "no/such/folder/log.csv"], "could not write the log"),
    ],
)
def test_refusals_are_one_line_and_change_nothing(
    capsys, project: str, argv: list[str], message: str
) -> None:
    refused(capsys, project, argv[0], str(project), *argv[1:], message=message)


def test_case_refusals_on_an_existing_case(capsys, project: str) -> None:
    p = str(project)
    ok(capsys, "cases", p, "add", "Rota", "--participant", "PR")
    refused(capsys, project, "cases", p, "add", "Rota", message="case 'Rota' already exists")
    refused(capsys, project, "cases", p, "link", "Rota", "999", message="do not exist")
    refused(capsys, project, "cases", p, "link", "Rota", "1",
            message="'PJ 1' is not a transcript of PR, whose case this is")  # fmt: skip
    refused(capsys, project, "cases", p, "unlink", "Rota", "1",
            message="none of those segments is in case 'Rota'")  # fmt: skip


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["matrix", "--count", "words"], "invalid choice: 'words'"),
        (["stats"], "the following arguments are required"),
        (["cases", "link", "Rota"], "the following arguments are required: SEGMENT_ID"),
        (["cases", "link", "Rota", "first"], "invalid int value: 'first'"),
        (["log", "--limit", "ten"], "invalid int value: 'ten'"),
    ],
)
def test_usage_errors_exit_2_in_one_line(
    capsys, project: str, argv: list[str], message: str
) -> None:
    refused(capsys, project, argv[0], str(project), *argv[1:], message=message, status=2)


def test_not_a_project(capsys, tmp_path: Path) -> None:
    notes = tmp_path / "notes.qcode"
    notes.write_bytes(b"SQLite format 3\x00" + bytes(100))
    for command in (["matrix"], ["cooccurrence"], ["stats", "x"], ["cases"], ["log"]):
        status, out, err = run(capsys, command[0], str(notes), *command[1:])
        assert (status, out) == (1, "") and err.count("\n") == 1
        assert err.startswith(f"qcode: {notes}: is not a qcode project")


def test_the_installed_command_runs_a_small_study(tmp_path: Path) -> None:
    assert QCODE, "the qcode console script is installed with the package"

    def qcode(*args: str, status: int = 0) -> str:
        done = subprocess.run([QCODE, *args], cwd=tmp_path, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=120)  # fmt: skip
        assert done.returncode == status, done.stderr
        if status:
            assert done.stderr.startswith("qcode: ") and done.stderr.count("\n") == 1
            assert "Traceback" not in done.stderr
        return done.stdout

    (tmp_path / "PJ 1.txt").write_text("Interviewer: And?\nPJ: We met every month.\n")
    (tmp_path / "PJ 2.txt").write_text("PJ: We still meet every month, after clinic.\n")
    qcode("new", "s.qcode", "--template", "bitc")
    qcode("import", "s.qcode", "PJ 1.txt", "PJ 2.txt")
    qcode("code", "s.qcode", "--doc", "PJ 1", "--code", "Better work", "--coder", "Ann",
          "--quote", "met every month")  # fmt: skip
    qcode("autocode", "s.qcode", "every month", "--code", "Better relationships",
          "--coder", "Ben", "--unit", "sentence")  # fmt: skip
    found = json.loads(qcode("segments", "s.qcode", "--json"))
    assert [(s["document"], s["code"], s["coder"], s["text"]) for s in found] == [
        ("PJ 1", ["Better relationships"], "Ben", "PJ: We met every month."),  # from 18
        ("PJ 1", ["Better work"], "Ann", "met every month"),  # from 25
        ("PJ 2", ["Better relationships"], "Ben", "PJ: We still meet every month, after clinic."),
    ]
    qcode("log", "s.qcode", "--csv", "audit.csv")
    with (tmp_path / "audit.csv").open(newline="", encoding="utf-8") as handle:
        actions = [row["action"] for row in csv.DictReader(handle)]
    assert actions == ["import codebook", "import document", "import document", "code",
                       "auto-code"]  # fmt: skip
    before = (tmp_path / "s.qcode").read_bytes()
    qcode("code", "s.qcode", "--doc", "PJ 1", "--code", "Nope", "--coder", "Ann",
          "--span", "0:3", status=1)  # fmt: skip
    assert (tmp_path / "s.qcode").read_bytes() == before
