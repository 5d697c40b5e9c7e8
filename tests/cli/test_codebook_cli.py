"""`qcode codes` and its actions: happy paths with exact --json fields, and clean refusals.

The helpers here (``run``, ``refused``, ``study``) are shared by the other CLI tests.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from qcode.cli import main
from qcode.services import coding
from qcode.services.codebook import edit as codebook
from qcode.services.documents.participants import get_or_create_participant, set_attributes
from qcode.store.models import AuditEvent
from qcode.store.postgres import open_any
from qcode.store.project import create_project
from tests.helpers import add_text, audit_count, dump

PJ1 = "Interviewer: How did it start?\nPJ: My mentor made time for me.\nPJ: Every month.\n"
PJ2 = "PJ: Later the rota got easier.\n"
PR1 = "PR: No time at all, the rota was brutal.\n"
CODES_FIELDS = {"path", "flags", "color", "codable", "description", "segments"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run `qcode ARGV`; argparse's usage errors end in SystemExit, caught here."""
    try:
        status = main(list(argv))
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return status, out, err


def ok(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run a command that must succeed; its standard output."""
    status, out, err = run(capsys, *argv)
    assert (status, err) == (0, ""), err
    return out


def state(path: Path) -> tuple[dict[str, list[tuple[object, ...]]], int]:
    with open_any(path) as project:
        return dump(project), audit_count(project)


def refused(
    capsys: pytest.CaptureFixture[str], path: Path, *argv: str, message: str, status: int = 1
) -> str:
    """Run a command that must fail: one "qcode: " line on stderr, the project unchanged."""
    before = state(path)
    code, out, err = run(capsys, *argv)
    assert code == status, err
    assert err.startswith("qcode: ") and err.count("\n") == 1, err
    assert "Traceback" not in out + err
    assert message in err, err
    assert state(path) == before
    return err


def study(folder: Path) -> Path:
    """A small project: three transcripts, a codebook, coding by Ann and Ben, attributes."""
    path = folder / "study.qcode"
    with create_project(path) as project:
        add_text(project, "PJ 1", PJ1, "PJ", 1)
        add_text(project, "PJ 2", PJ2, "PJ", 2)
        add_text(project, "PR 1", PR1, "PR", 1)
        codebook.add_code(
            project,
            "Better work/Availability",
            flags="C",
            color="#aa0000",
            description="Access, time",
        )
        codebook.add_code(project, "Better work/Engagement", flags="CM", color="#00aa00")
        codebook.add_code(project, "Better relationships", color="#0000aa")
        mentor = PJ1.index("My mentor")
        coding.code_span(project, "PJ 1", "Better work/Availability", "Ann", mentor, mentor + 9)
        coding.code_span(project, "PJ 1", "Better work/Availability", "Ben", mentor, mentor + 30)
        coding.code_span(project, "PJ 2", "Better work/Engagement", "Ann", 4, 29)
        coding.code_span(project, "PR 1", "Better relationships", "Ann", 4, 19)
        with project.transaction() as session:
            for label, role, mentees in (("PJ", "GP", 4), ("PR", "Nurse", 1)):
                participant = get_or_create_participant(session, label)
                set_attributes(session, participant, {"role": role, "mentees": mentees})
    return path


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return study(tmp_path_factory.mktemp("template"))


@pytest.fixture
def project(template: Path, copy_of: Callable[[Path], str]) -> str:
    """PROJECT: this test's copy of the study, as a file or on the server."""
    return copy_of(template)


def codes_json(capsys, path: Path, *extra: str) -> list[dict[str, object]]:
    listed = json.loads(ok(capsys, "codes", str(path), "--json", *extra))
    assert all(set(entry) == CODES_FIELDS for entry in listed)
    return listed


def last_event(path: Path) -> AuditEvent:
    with open_any(path) as project, project.session() as session:
        return session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()


def test_codes_json_has_exactly_the_contract_fields(capsys, project: str) -> None:
    assert codes_json(capsys, project) == [
        {
            "path": ["Better work"],
            "flags": "",
            "color": "#1f77b4",
            "codable": True,
            "description": "",
            "segments": 0,
        },
        {
            "path": ["Better work", "Availability"],
            "flags": "C",
            "color": "#aa0000",
            "codable": True,
            "description": "Access, time",
            "segments": 2,  # Ann's and Ben's
        },
        {
            "path": ["Better work", "Engagement"],
            "flags": "CM",
            "color": "#00aa00",
            "codable": True,
            "description": "",
            "segments": 1,
        },
        {
            "path": ["Better relationships"],
            "flags": "",
            "color": "#0000aa",
            "codable": True,
            "description": "",
            "segments": 1,
        },
    ]
    only_ben = codes_json(capsys, project, "--coder", "Ben")
    assert [entry["segments"] for entry in only_ben] == [0, 1, 0, 0]


def test_codes_prints_the_tree(capsys, project: str) -> None:
    assert ok(capsys, "codes", str(project)).splitlines() == [
        "Better work  [0]",
        "  Availability (C)  [2]",
        "  Engagement (C, M)  [1]",
        "Better relationships  [1]",
    ]


def test_add_edit_rename_move_merge_delete(capsys, project: str) -> None:
    p = str(project)
    add = ["Support/Peer support", "--flags", "M", "--color", "#ABCDEF"]
    add += ["--description", "Help from peers, not mentors", "--as", "Ann", "--reason", "emerging"]
    out = ok(capsys, "codes", p, "add", *add)
    assert out == "added Support/Peer support\n"
    event = last_event(project)
    assert (event.action, event.actor, event.reason) == ("add code", "Ann", "emerging")
    ok(
        capsys,
        "codes",
        p,
        "edit",
        "Support/Peer support",
        "--flags",
        "CM",
        "--when-to-use",
        "peers",
    )
    ok(capsys, "codes", p, "rename", "Support/Peer support", "Peers", "--reason", "shorter")
    assert json.loads(last_event(project).after)["name"] == "Peers"
    assert ok(capsys, "codes", p, "move", "Support/Peers", "--to", "Better work", "--position",
              "1") == "moved to Better work/Peers\n"  # fmt: skip
    ok(capsys, "codes", p, "merge", "Better work/Engagement", "Better work/Availability")
    ok(capsys, "codes", p, "delete", "Better relationships", "--as", "Ben")
    assert last_event(project).actor == "Ben"
    listed = {tuple(entry["path"]): entry for entry in codes_json(capsys, project)}
    assert list(listed) == [
        ("Better work",),
        ("Better work", "Peers"),
        ("Better work", "Availability"),
        ("Support",),
    ]
    peers = listed[("Better work", "Peers")]
    assert (peers["flags"], peers["color"], peers["description"]) == (
        "CM",
        "#abcdef",
        "Help from peers, not mentors",
    )
    assert listed[("Better work", "Availability")]["segments"] == 3  # 2 + Engagement's 1
    ok(capsys, "codes", p, "move", "Better work/Peers", "--top")
    assert ("Peers",) in {tuple(entry["path"]) for entry in codes_json(capsys, project)}


def test_export_and_import_csv(capsys, project: str, tmp_path: Path) -> None:
    sheet = tmp_path / "codebook.csv"
    assert ok(capsys, "codes", str(project), "export", str(sheet)) == f"wrote 4 codes to {sheet}\n"
    with sheet.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["path"], r["flags"], r["color"]) for r in rows] == [
        ("Better work", "", "#1f77b4"),
        ("Better work/Availability", "C", "#aa0000"),
        ("Better work/Engagement", "CM", "#00aa00"),
        ("Better relationships", "", "#0000aa"),
    ]
    other = tmp_path / "other.qcode"
    ok(capsys, "new", str(other))
    assert ok(capsys, "codes", str(other), "import", str(sheet)) == f"read 4 codes from {sheet}\n"
    theirs = [{**entry, "segments": 0} for entry in codes_json(capsys, project)]
    assert codes_json(capsys, other) == theirs


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["add", "Better work/Availability"], "already exists"),
        (["add", "New", "--flags", "X"], "flags must be C, M, CM or empty"),
        (["add", "New", "--color", "red"], "colour must look like #RRGGBB"),
        (["add", "A//B"], "is not a code path"),
        (["edit", "Better work/Availability"], "say what to change"),
        (["edit", "Nope", "--flags", "C"], "no code 'Nope'"),
        (["edit", "Better work/Engagement", "--color", "#12345"], "#RRGGBB"),
        (["rename", "Nope", "X"], "no code 'Nope'"),
        (["rename", "Better work/Engagement", "Availability"], "already exists at that level"),
        (["move", "Nope", "--top"], "no code 'Nope'"),
        (["move", "Better work", "--to", "Better work/Engagement"], "into itself"),
        (["move", "Better work/Engagement", "--to", "Nope"], "no code 'Nope'"),
        (["merge", "Better work", "Better work/Engagement"], "into itself"),
        (["merge", "Nope", "Better work"], "no code 'Nope'"),
        (["delete", "Better work/Nope"], "no code 'Better work/Nope'"),
        (["import", "missing.csv"], "no such file"),
        (["export", "no/such/folder/codebook.csv"], "could not write the codebook"),
    ],
)
def test_refusals_are_one_line_and_change_nothing(
    capsys, project: str, argv: list[str], message: str
) -> None:
    refused(capsys, project, "codes", str(project), *argv, message=message)


def test_a_bad_csv_changes_nothing(capsys, project: str, tmp_path: Path) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text("path,flags\nNew code,C\nOther,Z\n", encoding="utf-8")
    refused(capsys, project, "codes", str(project), "import", str(sheet), message="row 2 (Other)")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["add"], "codes add: the following arguments are required: path"),
        (["move", "Better work"], "one of the arguments --to --top is required"),
        (["move", "Better work", "--top", "--position", "first"], "invalid int value"),
        (["rename", "Better work"], "required: name"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2_in_one_line(
    capsys, project: str, argv: list[str], message: str
) -> None:
    refused(capsys, project, "codes", str(project), *argv, message=message, status=2)


def test_not_a_project_and_missing_project(capsys, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("just notes")
    for path, message in ((notes, "is not a qcode project"), (tmp_path / "gone.qcode", "no such")):
        status, out, err = run(capsys, "codes", str(path), "add", "X")
        assert (status, out) == (1, "")
        assert err.startswith(f"qcode: {path}") and message in err and err.count("\n") == 1
    assert notes.read_text() == "just notes" and not (tmp_path / "gone.qcode").exists()


def test_codes_split_moves_the_chosen_segments_to_a_new_sibling(tmp_path, capsys) -> None:
    path = study(tmp_path)
    code = "Better work/Availability"
    out = ok(capsys, "codes", str(path), "split", code, "Time made", "--coder", "Ben")
    assert out == f"split 1 segment(s) of {code} off into 'Time made'\n"
    moved = json.loads(
        ok(capsys, "segments", str(path), "--code", "Better work/Time made", "--json")
    )
    assert [r["coder"] for r in moved] == ["Ben"]
    kept = json.loads(ok(capsys, "segments", str(path), "--code", code, "--json"))
    assert [r["coder"] for r in kept] == ["Ann"]


def test_codes_split_refuses_what_it_cannot_do(tmp_path, capsys) -> None:
    path = study(tmp_path)
    split = ("codes", str(path), "split", "Better work/Availability")
    refused(capsys, path, *split, "X", message="say which segments to split off")
    refused(capsys, path, *split, "X", "--segments", "a,b", message="--segments takes segment ids")
    refused(capsys, path, *split, "X", "--segments", "999", message="must be coded")
    refused(capsys, path, *split, "X", "--document", "PR 1", message="no segments of")
    refused(capsys, path, *split, "Engagement", "--coder", "Ann", message="already exists")
