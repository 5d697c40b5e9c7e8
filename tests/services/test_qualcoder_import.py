"""Importing a QualCoder project: one undoable, audited operation; the same report as REFI-QDA."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.cli import main
from qcode.services.documents.attributes import document_attributes
from qcode.services.documents.outcomes import FileOutcome
from qcode.services.history import History
from qcode.services.imports import batch_change, import_files
from qcode.services.qualcoder import import_qualcoder
from qcode.store.models import Case, Code, Document, Memo, Participant, Segment
from qcode.store.project import Project, create_project
from tests.helpers import audit_count, dump, rows
from tests.ingest.test_qualcoder_reader import (
    CODING,
    INTERVIEW,
    NOT_CARRIED,
    NOTES,
    coding,
    execute,
    insert,
    study,
)

WARNINGS = [f"STUDY.qda: {line}" for line in NOT_CARRIED]
SUMMARY_V17 = (
    "STUDY.qda: imported 2 documents, 8 codes (2 categories), 2 coders, 2 participants,"
    " 7 segments, 8 memos, 1 case, 3 document attributes, 2 participant attributes"
)


def reader_lines(outcomes: list[FileOutcome]) -> list[str]:
    """The summary and the reader's lines (the store's own report lines come after them)."""
    return [o.message for o in outcomes[: 1 + len(WARNINGS)]]


def test_a_v17_project_lands_whole_in_one_undoable_step(project: Project, tmp_path: Path) -> None:
    folder = study(tmp_path, 17)
    before, events = dump(project), audit_count(project)
    result = import_qualcoder(project, folder)
    assert reader_lines(result.outcomes) == [SUMMARY_V17, *WARNINGS]
    assert {o.status for o in result.outcomes[1:]} == {"warning"}
    with project.session() as session:
        documents = {d.name: d for d in session.scalars(select(Document))}
        assert documents["interview1.txt"].text == INTERVIEW  # the U+FEFF is kept
        assert documents["notes.docx"].text == NOTES
        assert documents["interview1.txt"].participant.label == "Ann"
        assert documents["interview1.txt"].wave == 1
        codes = {c.name: c for c in session.scalars(select(Code))}
        parents = {name: c.parent.name if c.parent else None for name, c in codes.items()}
        assert parents == {
            "Work": None,
            "Conditions": "Work",
            "Joy": "Work",
            "Workload": "Conditions",
            "Heavy": "Workload",
            "Rota": None,
            "QualCoder annotations": None,
            "QualCoder case links": None,
        }
        colours = {name: codes[name].color for name in ("Joy", "Workload", "Heavy")}
        assert colours == {"Joy": "#00ff00", "Workload": "#eb7333", "Heavy": "#aa0000"}
        categories = sorted(name for name, code in codes.items() if not code.codable)
        assert categories == ["Conditions", "Work"]  # QualCoder's categories code no text
        assert (codes["Work"].color, codes["Rota"].color) == (None, None)  # none invented
        assert document_attributes(session, "interview1.txt") == {"Site": "Leeds", "Year": 2023}
        assert document_attributes(session, "notes.docx") == {"Site": "York"}
        segments = {
            (s.document.name, s.code.name, s.coder.name, s.document.text[s.start : s.end])
            for s in session.scalars(select(Segment))
        }
        assert segments == {
            ("interview1.txt", "Joy", "ann", "love my job"),
            ("interview1.txt", "Workload", "bob", "the workload is heavy"),
            ("interview1.txt", "Workload", "ann", "Nights are long"),
            ("interview1.txt", "Heavy", "bob", "heavy"),
            ("notes.docx", "Rota", "bob", "rota changes"),
            ("notes.docx", "QualCoder annotations", "bob", "Manager agreed"),
            ("notes.docx", "QualCoder case links", "bob", "rota changes every week"),
        }
        people = {
            p.label: {a.name: (a.value_type, a.value) for a in p.attributes}
            for p in session.scalars(select(Participant))
        }
        assert people == {"Ann": {"Age": ("integer", "34"), "Role": ("text", "Nurse")}, "Team": {}}
        (case,) = session.scalars(select(Case))
        linked = [link.segment for link in case.links]
        assert (case.name, case.participant.label) == ("Team", "Team")
        assert [s.document.text[s.start : s.end] for s in linked] == ["rota changes every week"]
        memos = {
            (m.title, target(session, m), m.coder.name if m.coder else None)
            for m in session.scalars(select(Memo))
        }
    assert memos == {
        ("Project memo", None, None),
        ("Reflexive journal", None, "ann"),
        ("Memo on category Work", "code Work", "ann"),
        ("Memo on code Joy", "code Joy", "ann"),
        ("Memo on interview1.txt", "document interview1.txt", "ann"),
        ("Memo on a coding of Workload", "segment Nights are long", "ann"),
        ("Annotation on notes.docx", "segment Manager agreed", "bob"),
        ("Memo on case Ann", "participant Ann", "ann"),
    }
    assert audit_count(project) == events + 1
    ((action,),) = rows(project, "SELECT action FROM audit_events ORDER BY id DESC LIMIT 1")
    assert action == "import QualCoder project"
    assert result.change is not None and result.change.label == "Import STUDY.qda"
    history = History(project)
    history.push(result.change)
    history.undo()
    assert dump(project) == before


def target(session: Session, memo: Memo) -> str | None:
    """What a memo is on: "code Joy", "segment <its text>", …; None for a free memo."""
    if memo.segment_id is not None:
        segment = session.get(Segment, memo.segment_id)
        assert segment is not None
        return f"segment {segment.document.text[segment.start : segment.end]}"
    for kind, model, row_id in (
        ("code", Code, memo.code_id),
        ("document", Document, memo.document_id),
        ("participant", Participant, memo.participant_id),
    ):
        if row_id is not None:
            row = session.get(model, row_id)
            return f"{kind} {getattr(row, 'name', None) or getattr(row, 'label', '')}"
    return None


def test_the_data_qda_of_a_v8_project_imports_through_a_batch(
    project: Project, tmp_path: Path
) -> None:
    folder = study(tmp_path, 8)
    outcomes = import_files(project, [folder / "data.qda"])
    assert outcomes[0].message == (
        "STUDY.qda: imported 2 documents, 7 codes (2 categories), 2 coders, 2 participants,"
        " 6 segments, 8 memos, 1 case, 3 document attributes, 2 participant attributes"
    )
    assert reader_lines(outcomes)[1:] == WARNINGS
    change = batch_change(outcomes)
    assert change is not None and change.label == "Import STUDY.qda"


def test_importing_the_same_project_again_adds_nothing(project: Project, tmp_path: Path) -> None:
    folder = study(tmp_path)
    import_qualcoder(project, folder)
    before = dump(project)
    again = import_qualcoder(project, folder / "data.qda")
    assert (again.outcomes[0].status, again.outcomes[0].message) == (
        "skipped",
        "STUDY.qda: nothing new; 30 already in the project",
    )
    assert dump(project) == before


def test_copies_of_one_project_coded_apart_come_in_side_by_side(
    project: Project, tmp_path: Path
) -> None:
    original = study(tmp_path / "ann")
    copy = Path(shutil.copytree(original, tmp_path / "cleo" / "STUDY.qda"))
    # After the copy, each adds a code; QualCoder gives both the same id (10).
    insert(original, "code_name", "cid, name, owner, color", (10, "Stress", "ann", "#111111"))
    insert(original, "code_text", CODING, coding(10, 10, 1, "Nights are long", "ann"))
    insert(copy, "code_name", "cid, name, owner, color", (10, "Coping", "cleo", "#222222"))
    insert(copy, "code_text", CODING, coding(10, 10, 1, "love my job", "cleo"))
    import_qualcoder(project, original)
    second = import_qualcoder(project, copy)
    assert second.outcomes[0].message == (
        "STUDY.qda: imported 1 code, 1 coder, 1 segment; 30 already in the project"
    )
    with project.session() as session:
        added = {
            (s.code.name, s.coder.name, s.document.text[s.start : s.end])
            for s in session.scalars(select(Segment))
            if s.code.name in ("Stress", "Coping")
        }
    assert added == {("Stress", "ann", "Nights are long"), ("Coping", "cleo", "love my job")}


def test_a_refused_project_changes_nothing(project: Project, tmp_path: Path) -> None:
    folder = study(tmp_path)
    execute(folder, "UPDATE project SET databaseversion = 'v21'")
    before, events = dump(project), audit_count(project)
    (outcome,) = import_files(project, [folder])
    assert (outcome.status, outcome.message, outcome.change) == (
        "failed",
        "STUDY.qda: QualCoder database version 'v21' is not supported (qcode reads v8 to v17)",
        None,
    )
    assert dump(project) == before and audit_count(project) == events


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_qcode_import_takes_the_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = study(tmp_path)
    target = tmp_path / "p.qcode"
    create_project(target).close()
    status, out, err = run(capsys, "import", str(target), str(folder), "--wave", "2")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[: 1 + len(WARNINGS)] == [
        f"imported  {SUMMARY_V17}",
        *[f"warning   {line}" for line in WARNINGS],
    ]
    assert lines[-1] == (
        "warning   STUDY.qda: --participant, --wave and --attr do not apply to a QualCoder "
        "project; ignored"
    )


def test_a_refusal_names_every_format_qcode_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "p.qcode"
    create_project(target).close()
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff" + bytes(20))
    status, out, err = run(capsys, "import", str(target), str(tmp_path / "photo.jpg"))
    assert (status, out) == (1, "")
    assert err.strip() == (
        "failed    photo.jpg: unsupported file type '.jpg'; supported: .docx, .pdf, .txt, .md, "
        ".csv, .xlsx, .qdpx, .qdc, QualCoder .qda"
    )
