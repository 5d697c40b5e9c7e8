"""Renaming a document and changing its participant and wave: one step each, undone exactly."""

from __future__ import annotations

import pytest

from qcode.errors import QcodeError
from qcode.services.documents.attributes import participant_rows
from qcode.services.documents.editing import DocumentEdit, edit_document, rename_document
from qcode.services.history import History
from qcode.services.lookup import get_document
from qcode.store.project import Project
from tests.helpers import audit_count, dump


def test_rename_and_undo(study: Project) -> None:
    before = dump(study)
    history = History(study)
    change = history.push(rename_document(study, "PJ 1", "  PJ 01 "))
    with study.session() as session:
        assert get_document(session, change.value).name == "PJ 01"
    history.undo()
    assert dump(study) == before


def test_rename_to_the_same_name_changes_nothing(study: Project) -> None:
    events = audit_count(study)
    assert rename_document(study, "PJ 1", "PJ 1").is_empty
    assert audit_count(study) == events


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("PJ 2", "a document named 'PJ 2' is already in the project"),
        ("  ", "a document needs a name"),
        ("two\nlines", "must be one line"),
        ("x" * 401, "at most 400 characters"),
    ],
)
def test_bad_names_are_refused(study: Project, name: str, message: str) -> None:
    before, events = dump(study), audit_count(study)
    with pytest.raises(QcodeError, match=message):
        rename_document(study, "PJ 1", name)
    assert (dump(study), audit_count(study)) == (before, events)


def test_unknown_document_is_refused(study: Project) -> None:
    before = dump(study)
    with pytest.raises(QcodeError, match="no document 'PJ 9'"):
        rename_document(study, "PJ 9", "PJ 10")
    assert dump(study) == before


def test_new_participant_is_created_and_the_old_keeps_its_attributes(study: Project) -> None:
    before = dump(study)
    history = History(study)
    history.push(edit_document(study, "PJ 2", DocumentEdit(participant="PX", no_wave=True)))
    with study.session() as session:
        doc = get_document(session, "PJ 2")
        assert (doc.participant.label, doc.wave) == ("PX", None)
        rows = {row.label: row for row in participant_rows(session)}
    assert rows["PJ"].attributes == {"role": "GP"} and rows["PJ"].documents == 1
    assert rows["PX"].attributes == {} and rows["PX"].documents == 1
    history.undo()
    assert dump(study) == before


def test_wave_and_no_participant(study: Project) -> None:
    edit_document(study, "PJ 2", DocumentEdit(participant="", wave=3))
    with study.session() as session:
        doc = get_document(session, "PJ 2")
        assert (doc.participant, doc.wave) == (None, 3)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (DocumentEdit(), "say what to change"),
        (DocumentEdit(wave=0), "a wave is 1 or more"),
        (DocumentEdit(wave=2, no_wave=True), "not both"),
    ],
)
def test_bad_edits_are_refused(study: Project, edit: DocumentEdit, message: str) -> None:
    before, events = dump(study), audit_count(study)
    with pytest.raises(QcodeError, match=message):
        edit_document(study, "PJ 1", edit)
    assert (dump(study), audit_count(study)) == (before, events)
