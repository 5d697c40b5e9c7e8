"""`qcode cmo P categories ID` and `qcode cmo P evidence ID --remove`, and segment ids."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from qcode.services.demo.sample import THEMES, build_sample
from qcode.store.models import Segment
from qcode.store.postgres import open_any
from qcode.store.project import create_project
from tests.cli.test_realist_cli import THEME, project_rows, run, study
from tests.helpers import rows

__all__ = ["study"]  # the fixture, shared with test_realist_cli.py

ACCESS, ENGAGEMENT = [THEME, "Access"], [THEME, "Engagement"]
PEERS = [THEME, "Engagement", "Peers"]


def ok(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    status, out, err = run(capsys, *argv)
    assert (status, err) == (0, ""), err
    return out


def listed(capsys: pytest.CaptureFixture[str], path: str) -> list[dict[str, object]]:
    return json.loads(ok(capsys, "cmo", path, "--json"))


def codes_of(entry: dict[str, object]) -> list[list[str]]:
    return [c["code"] for c in entry["categories"]]  # type: ignore[attr-defined, index]


def last_event(path: str) -> tuple[object, ...]:
    with open_any(path) as project:
        return rows(project, "SELECT action, actor, reason FROM audit_events ORDER BY id DESC")[0]


@pytest.fixture
def inheriting(study: str, capsys: pytest.CaptureFixture[str]) -> str:
    """The study with a flagged sub-category, an unflagged category and one statement."""
    ok(capsys, "codes", study, "add", "/".join(PEERS), "--flags", "M")
    ok(capsys, "codes", study, "add", f"{THEME}/Plain")
    ok(capsys, "cmo", study, "add", THEME, "--statement", "Access enables engagement.")
    return study


def test_a_statement_without_categories_lists_the_themes_flagged_ones(
    inheriting: str, capsys
) -> None:
    (entry,) = listed(capsys, inheriting)
    assert entry["id"] == 1 and entry["categories_inherited"] is True
    assert entry["categories"] == [
        {"code": ACCESS, "flags": "C"},
        {"code": ENGAGEMENT, "flags": "CM"},
        {"code": PEERS, "flags": "M"},
    ]
    out = ok(capsys, "cmo", inheriting)
    assert out.splitlines()[1:5] == [
        "  [1] Access enables engagement.",
        "      (draws on the theme's C/M categories)",
        "      - Access (C)  [0 segments, 0 participants]",
        "      - Engagement (C, M)  [0 segments, 0 participants]",
    ]


def test_narrowing_keeps_its_list_and_inherit_follows_the_codebook(inheriting: str, capsys) -> None:
    argv = ["categories", "1", "--remove", "Access", "--as", "Ann", "--reason", "too wide"]
    assert ok(capsys, "cmo", inheriting, *argv) == (
        "statement 1 draws on: Engagement (C, M), Peers (M)\n"
    )
    assert last_event(inheriting) == ("narrow cmo categories", "Ann", "too wide")
    ok(capsys, "cmo", inheriting, "add", THEME, "--statement", "A second one.")
    ok(capsys, "codes", inheriting, "add", f"{THEME}/Later", "--flags", "C")
    narrowed, inherited = listed(capsys, inheriting)
    assert (narrowed["categories_inherited"], codes_of(narrowed)) == (False, [ENGAGEMENT, PEERS])
    assert codes_of(inherited) == [ACCESS, ENGAGEMENT, PEERS, [THEME, "Later"]]
    argv = ["categories", "1", "--add", f"{THEME}/Later", "--remove", "Engagement/Peers"]
    assert ok(capsys, "cmo", inheriting, *argv) == (
        "statement 1 draws on: Engagement (C, M), Later (C)\n"
    )
    assert ok(capsys, "cmo", inheriting, "categories", "1", "--inherit") == (
        "statement 1 inherits: Access (C), Engagement (C, M), Peers (M), Later (C)\n"
    )
    assert listed(capsys, inheriting)[0]["categories_inherited"] is True


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--add", "Plain"], f"'{THEME}/Plain' is not flagged C or M"),
        (["--add", "Other theme/Elsewhere"], "is not a category of the theme 'Outcome'"),
        (["--add", "Access"], "the statement already draws on 'Access'"),
        (["--remove", "Nowhere"], "no category 'Nowhere' under the theme 'Outcome'"),
        (["--remove", "Plain"], "the statement does not draw on 'Plain'"),
        (
            ["--remove", "Access", "--remove", "Engagement", "--remove", "Engagement/Peers"],
            "statement 1 would draw on no category",
        ),
        ([], "name a category to add or to remove"),
        (["--inherit"], "statement 1 already inherits its theme's categories"),
        (["--inherit", "--add", "Access"], "--inherit takes no --add or --remove"),
    ],
)
def test_bad_categories_are_one_line_and_change_nothing(
    inheriting: str, capsys, argv: list[str], message: str
) -> None:
    before = project_rows(inheriting)
    status, out, err = run(capsys, "cmo", inheriting, "categories", "1", *argv)
    assert (status, out) == (1, "")
    assert err.startswith("qcode: ") and message in err and err.count("\n") == 1
    assert project_rows(inheriting) == before


def test_an_unknown_statement_is_refused(inheriting: str, capsys) -> None:
    before = project_rows(inheriting)
    status, _out, err = run(capsys, "cmo", inheriting, "categories", "7", "--remove", "Access")
    assert (status, err) == (1, "qcode: no configuration statement 7 in the project\n")
    assert project_rows(inheriting) == before


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "sample.qcode"
    with create_project(path) as project:
        build_sample(project)
    return path


@pytest.fixture
def sample(template: Path, copy_of: Callable[[Path], str]) -> str:
    """PROJECT: this test's copy of the sample study, as a file or on the server."""
    return copy_of(template)


def test_segments_json_names_each_segment_by_the_id_evidence_takes(sample: str, capsys) -> None:
    segments = json.loads(ok(capsys, "segments", sample, "--json"))
    with open_any(sample) as project, project.session() as session:
        stored = {
            s.id: (s.document.name, s.coder.name, s.start, s.end)
            for s in session.scalars(select(Segment))
        }
    assert {s["id"]: (s["document"], s["coder"], s["start"], s["end"]) for s in segments} == stored
    first = listed(capsys, sample)[0]
    cited = first["evidence"]
    assert isinstance(cited, list) and len(cited) == 2
    texts = {s["id"]: s["text"] for s in segments}
    assert all(segment in texts for segment in cited)
    out = ok(capsys, "cmo", sample, "evidence", "1", "--remove", str(cited[0]), "--reason", "weak")
    assert out == "statement 1 no longer cites 1 segment(s)\n"
    assert last_event(sample)[::2] == ("detach cmo evidence", "weak")
    assert listed(capsys, sample)[0]["evidence"] == cited[1:]
    ok(capsys, "cmo", sample, "evidence", "1", str(cited[0]))
    assert listed(capsys, sample)[0]["evidence"] == [cited[1], cited[0]]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--remove", "999999"], "segment 999999 is not cited by this statement"),
        ([], "name the segments to cite, or --remove SEGMENT_ID: one or the other"),
    ],
)
def test_bad_evidence_removal_is_one_line_and_changes_nothing(
    sample: str, capsys, argv: list[str], message: str
) -> None:
    before = project_rows(sample)
    status, out, err = run(capsys, "cmo", sample, "evidence", "1", *argv)
    assert (status, out, err) == (1, "", f"qcode: {message}\n")
    assert project_rows(sample) == before


def test_evidence_cannot_cite_and_remove_at_once(sample: str, capsys) -> None:
    cited = listed(capsys, sample)[0]["evidence"]
    assert isinstance(cited, list)
    before = project_rows(sample)
    argv = ["evidence", "1", str(cited[0]), "--remove", str(cited[1])]
    status, _out, err = run(capsys, "cmo", sample, *argv)
    assert (status, err) == (
        1,
        "qcode: name the segments to cite, or --remove SEGMENT_ID: one or the other\n",
    )
    assert project_rows(sample) == before
    assert len(listed(capsys, sample)) == len(THEMES)
