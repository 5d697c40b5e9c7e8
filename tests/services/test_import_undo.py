"""Importing is undoable: each file one audited operation, the batch one undo step."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from qcode.export.refi.codebook import write_qdc
from qcode.services.codebook.edit import add_code
from qcode.services.coding import code_span
from qcode.services.documents import importing
from qcode.services.documents.outcomes import ImportOptions
from qcode.services.history import History
from qcode.services.imports import batch_change, import_files
from qcode.services.refi.gather import gather_codebook
from qcode.store.project import Project, create_project
from tests.helpers import add_text, audit_count, dump, rows
from tests.services.refi.test_refi_support import build_rich_project, export_to

SURVEY = (
    "respondent,role,What helped most?,How many sessions?\n"
    "R1,GP,Protected time with my mentor,6\n"
    "R2,Nurse,Someone who listened,4\n"
)


@pytest.fixture
def study(project: Project) -> Project:
    """A project with work in it already: a document, a participant, a code and a segment."""
    add_text(project, "PA 1", "PA: The mentor listened.\n", "PA", 1)
    add_code(project, "Better work/Listening")
    code_span(project, "PA 1", "Better work/Listening", "Ann", 4, 14)
    return project


def write_docx(path: Path, *paragraphs: str) -> Path:
    word = docx.Document()
    for paragraph in paragraphs:
        word.add_paragraph(paragraph)
    word.save(path)
    return path


def events(project: Project, after: int) -> list[tuple[str, str, str, dict[str, object]]]:
    """The audit events after the first ``after``: action, target type, target, after-value."""
    found = rows(
        project, "SELECT action, target_type, target_id, after FROM audit_events ORDER BY id"
    )
    return [(a, t, i, json.loads(v) if v else {}) for a, t, i, v in found[after:]]  # type: ignore[arg-type]


def test_import_undo_redo_restores_every_table_exactly(study: Project, tmp_path: Path) -> None:
    files = [
        write_docx(tmp_path / "PB 2.docx", "Interviewer: And then?", "PB: We set goals."),
        tmp_path / "survey.csv",
        tmp_path / "notes.txt",
    ]
    files[1].write_text(SURVEY, encoding="utf-8")
    files[2].write_text("Someone finally listened.\n", encoding="utf-8")
    before, count = dump(study), audit_count(study)
    outcomes = import_files(study, files, ImportOptions())
    assert [o.status for o in outcomes] == ["imported", "imported", "imported"]
    assert [o.change.label for o in outcomes if o.change] == [
        "Import PB 2.docx",
        "Import survey.csv",
        "Import notes.txt",
    ]
    after = dump(study)
    assert {"documents", "participants", "participant_attributes"} <= batch_tables(outcomes)
    history = History(study)
    history.push(batch_change(outcomes))
    assert history.undo_stack[-1].label == "Import 3 files"
    history.undo(actor="Ann")
    assert dump(study) == before  # the documents, the participants PB, R1, R2, their attributes
    history.redo(actor="Ann")
    assert dump(study) == after  # back with the same ids, guids and values
    assert [e[:2] for e in events(study, count)] == [
        ("import document", "document"),
        ("import documents", "file"),
        ("import document", "document"),
        ("undo", "operation"),
        ("redo", "operation"),
    ]


def batch_tables(outcomes: list) -> frozenset[str]:
    change = batch_change(outcomes)
    assert change is not None
    return change.tables


def test_one_audit_event_per_file_says_what_it_became(study: Project, tmp_path: Path) -> None:
    (tmp_path / "survey.csv").write_text(SURVEY, encoding="utf-8")
    write_docx(tmp_path / "interview_03.docx", "PC: Mentoring kept me in the job.")
    count = audit_count(study)
    import_files(study, [tmp_path / "interview_03.docx", tmp_path / "survey.csv"])
    (docx_event, survey_event) = events(study, count)
    assert docx_event[0] == "import document"
    assert {k: docx_event[3][k] for k in ("name", "file")} == {
        "name": "interview_03",
        "file": "interview_03.docx",
    }
    assert survey_event[:3] == ("import documents", "file", "survey.csv")
    assert [d["name"] for d in survey_event[3]["documents"]] == ["R1", "R2"]


def test_a_single_file_is_undone_by_its_name(study: Project, tmp_path: Path) -> None:
    write_docx(tmp_path / "interview_03.docx", "PC: Mentoring kept me in the job.")
    before = dump(study)
    change = batch_change(import_files(study, [tmp_path / "interview_03.docx"]))
    assert change is not None and change.label == "Import interview_03.docx"
    assert change.value == ("interview_03",)
    history = History(study)
    history.push(change)
    assert history.undo().label == "Import interview_03.docx"
    assert dump(study) == before


def test_a_failing_file_in_a_batch_changes_nothing_of_its_own(
    study: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_store = importing.store_document

    def store(session, path, doc, options):  # type: ignore[no-untyped-def]
        if doc.name == "R2":  # R1 and its participant were already added in this transaction
            raise ZeroDivisionError("nobody expected this")
        return real_store(session, path, doc, options)

    monkeypatch.setattr(importing, "store_document", store)
    (tmp_path / "survey.csv").write_text(SURVEY, encoding="utf-8")
    (tmp_path / "PJ 1.txt").write_bytes(b"PJ: It was\x00 fine.\n")
    (tmp_path / "PQ 1.txt").write_text("PQ: Fine.\n", encoding="utf-8")
    before, count = dump(study), audit_count(study)
    refused = import_files(study, [tmp_path / "survey.csv", tmp_path / "PJ 1.txt"])
    assert [(o.status, o.change) for o in refused] == [("failed", None), ("failed", None)]
    assert batch_change(refused) is None
    assert dump(study) == before and audit_count(study) == count
    outcomes = import_files(
        study, [tmp_path / "survey.csv", tmp_path / "PQ 1.txt", tmp_path / "PJ 1.txt"]
    )
    assert [o.status for o in outcomes] == ["failed", "imported", "failed"]
    assert [e[3]["name"] for e in events(study, count)] == ["PQ 1"]  # one event: the good file
    change = batch_change(outcomes)
    assert change is not None and change.label == "Import PQ 1.txt"
    history = History(study)
    history.push(change)
    history.undo()
    assert dump(study) == before


def test_a_skipped_duplicate_is_no_undo_step(study: Project, tmp_path: Path) -> None:
    (tmp_path / "PQ 1.txt").write_text("PQ: Fine.\n", encoding="utf-8")
    import_files(study, [tmp_path / "PQ 1.txt"])
    before, count = dump(study), audit_count(study)
    (outcome,) = import_files(study, [tmp_path / "PQ 1.txt"])
    assert outcome.status == "skipped" and outcome.change is None
    assert batch_change([outcome]) is None
    assert dump(study) == before and audit_count(study) == count


def test_a_refi_project_import_is_undone_with_the_rest(study: Project, tmp_path: Path) -> None:
    with build_rich_project(tmp_path / "rich.qcode") as rich:
        archive = export_to(rich, tmp_path / "rich.qdpx")
    (tmp_path / "PQ 1.txt").write_text("PQ: Fine.\n", encoding="utf-8")
    before, count = dump(study), audit_count(study)
    outcomes = import_files(study, [archive, tmp_path / "PQ 1.txt"])
    assert [o.status for o in outcomes][0] == "imported"
    assert [o.change.label for o in outcomes if o.change] == ["Import rich.qdpx", "Import PQ 1.txt"]
    assert [e[0] for e in events(study, count)] == ["import exchange file", "import document"]
    after = dump(study)
    change = batch_change(outcomes)
    assert change is not None and {"codes", "segments", "memos"} <= change.tables
    history = History(study)
    history.push(change)
    history.undo()
    assert dump(study) == before
    history.redo()
    assert dump(study) == after


def test_a_refi_codebook_import_is_undone(tmp_path: Path) -> None:
    with build_rich_project(tmp_path / "rich.qcode") as rich, rich.session() as session:
        write_qdc(gather_codebook(session), tmp_path / "book.qdc")
    with create_project(tmp_path / "empty.qcode") as empty:
        before = dump(empty)
        (outcome,) = import_files(empty, [tmp_path / "book.qdc"])
        assert outcome.status == "imported" and outcome.change is not None
        assert outcome.change.label == "Import book.qdc"
        history = History(empty)
        history.push(batch_change([outcome]))
        history.undo()
        assert dump(empty) == before
