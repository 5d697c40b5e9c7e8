"""Documents' own typed attributes: set, list, remove, stored by an import; each step undoable."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from qcode.errors import QcodeError
from qcode.services.documents.attributes import (
    document_attribute_table,
    document_attributes,
    remove_document_attributes,
    set_document_attributes,
    store_document_values,
    stored_document_attributes,
    typed_input,
)
from qcode.services.documents.removal import delete_document
from qcode.services.history import History
from qcode.services.lookup import get_document
from qcode.store.models import AuditEvent, DocumentAttribute
from qcode.store.project import Project
from tests.helpers import audit_count, dump

VALUES = {
    "Site": "North clinic",
    "Minutes": 48,
    "Share": 0.25,
    "Consent": True,
    "Interviewed": dt.date(2026, 3, 4),
}


def attributes_of(project: Project, document: str = "PJ 1") -> dict[str, object]:
    with project.session() as session:
        return document_attributes(session, document)


def test_typed_values_are_set_in_one_undoable_audited_step(study: Project) -> None:
    before, events = dump(study), audit_count(study)
    history = History(study)
    history.push(set_document_attributes(study, "PJ 1", VALUES, actor="Ann"))
    assert attributes_of(study) == {**VALUES, "Interviewed": "2026-03-04"}
    with study.session() as session:
        stored = stored_document_attributes(session, "PJ 1")
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        table = document_attribute_table(session)
    assert stored == [
        ("Consent", "boolean", "true"),
        ("Interviewed", "date", "2026-03-04"),
        ("Minutes", "integer", "48"),
        ("Share", "float", "0.25"),
        ("Site", "text", "North clinic"),
    ]
    assert table == {"PJ 1": attributes_of(study)}  # PJ 2 has none
    assert event is not None and event.action == "set document attributes"
    assert json.loads(event.after)["Minutes"] == 48 and event.actor == "Ann"
    assert audit_count(study) == events + 1
    history.undo()
    assert dump(study) == before
    history.redo()
    assert attributes_of(study)["Site"] == "North clinic"


def test_none_removes_and_names_keep_the_projects_spelling(study: Project) -> None:
    set_document_attributes(study, "PJ 1", {"Site": "North", "Minutes": 40})
    set_document_attributes(study, "PJ 2", {"site": "South", "Minutes": None})
    assert attributes_of(study, "PJ 2") == {"Site": "South"}
    set_document_attributes(study, "PJ 1", {"minutes": None})
    assert attributes_of(study) == {"Site": "North"}
    history = History(study)
    before = dump(study)
    history.push(remove_document_attributes(study, "PJ 1", ["SITE"]))
    assert attributes_of(study) == {}
    history.undo()
    assert dump(study) == before


def test_setting_what_is_already_so_changes_nothing(study: Project) -> None:
    set_document_attributes(study, "PJ 1", {"Site": "North"})
    before = dump(study)
    assert set_document_attributes(study, "PJ 1", {"Site": "North"}).is_empty
    assert dump(study) == before


@pytest.mark.parametrize(
    ("document", "values", "message"),
    [
        ("PZ 9", {"Site": "North"}, "no document 'PZ 9' in the project"),
        ("PJ 1", {}, "give at least one NAME=VALUE"),
        ("PJ 1", {"  ": "North"}, "an attribute needs a name"),
        ("PJ 1", {"x" * 201: 1}, "an attribute name can have at most 200 characters"),
        ("PJ 1", {"Site": "N", "SITE": "S"}, "an attribute is named twice (names ignore case)"),
    ],
)
def test_bad_values_are_refused_in_one_line_and_change_nothing(
    study: Project, document: str, values: dict[str, object], message: str
) -> None:
    before, events = dump(study), audit_count(study)
    with pytest.raises(QcodeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        set_document_attributes(study, document, values)  # type: ignore[arg-type]
    assert (dump(study), audit_count(study)) == (before, events)


def test_removing_an_attribute_the_document_lacks_is_refused(study: Project) -> None:
    before = dump(study)
    with pytest.raises(QcodeError, match="'PJ 1' has no attribute 'Site'"):
        remove_document_attributes(study, "PJ 1", ["Site"])
    assert dump(study) == before


@pytest.mark.parametrize(
    ("value_type", "text", "expected"),
    [
        ("text", " 12 ", "12"),
        ("integer", "12", 12),
        ("float", "2.5", 2.5),
        ("boolean", "Yes", True),
        ("boolean", "false", False),
        ("date", "2026-03-31", dt.date(2026, 3, 31)),
    ],
)
def test_typed_input_reads_a_value_as_its_type(value_type: str, text: str, expected) -> None:  # type: ignore[no-untyped-def]
    assert typed_input(value_type, text) == expected


@pytest.mark.parametrize(
    ("value_type", "text", "message"),
    [
        ("integer", "twelve", "'twelve' is not an integer (e.g. 12)"),
        ("float", "a lot", "'a lot' is not a float (e.g. 2.5)"),
        ("date", "31/03/2026", "'31/03/2026' is not a date (e.g. 2026-03-31)"),
        ("boolean", "maybe", "'maybe' is not a boolean (true or false)"),
        ("colour", "red", "an attribute type is one of text, integer, float, boolean, date"),
    ],
)
def test_typed_input_refuses_a_value_not_of_its_type(
    value_type: str, text: str, message: str
) -> None:
    with pytest.raises(QcodeError) as caught:
        typed_input(value_type, text)
    assert str(caught.value).startswith(message)


def test_an_import_stores_values_as_the_file_typed_them(study: Project) -> None:
    with study.transaction() as session:
        doc = get_document(session, "PJ 1")
        store_document_values(
            session,
            doc,
            {
                "Age": ("integer", "41"),
                "When": ("date", "not a date"),  # kept, as text
                "Mood": ("ordinal", "3"),  # a type qcode lacks: text
                "Done": ("boolean", "true"),
                "x" * 250: ("text", "a long name"),  # cut to the column's 200 characters
            },
        )
        store_document_values(session, doc, {"Age": ("integer", "42")})
    with study.session() as session:
        assert stored_document_attributes(session, "PJ 1") == [
            ("Age", "integer", "42"),
            ("Done", "boolean", "true"),
            ("Mood", "text", "3"),
            ("When", "text", "not a date"),
            ("x" * 200, "text", "a long name"),
        ]


def test_deleting_a_document_takes_its_attributes_and_undo_brings_them_back(
    study: Project,
) -> None:
    set_document_attributes(study, "PJ 2", {"Site": "South"})
    before = dump(study)
    history = History(study)
    history.push(delete_document(study, "PJ 2"))
    with study.session() as session:
        assert session.scalars(select(DocumentAttribute)).all() == []
    history.undo()
    assert dump(study) == before
    assert attributes_of(study, "PJ 2") == {"Site": "South"}
