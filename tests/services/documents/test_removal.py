"""Deleting a document: the summary said before, one undoable step, refusals change nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from qcode.errors import QcodeError
from qcode.services.documents.removal import delete_document, deletion_summary
from qcode.services.history import History
from qcode.store.models import Participant, VignettePart
from qcode.store.project import Project
from tests.helpers import audit_count, dump


def test_summary_names_what_goes(study: Project) -> None:
    with study.session() as session:
        summary = deletion_summary(session, "PJ 1")
    assert summary.segments == 3
    assert summary.coders == (("Ann", 2), ("Ben", 1))
    assert (summary.memos, summary.case_links, summary.cases) == (2, 1, ("Rota dispute",))
    assert (summary.cmo_evidence, summary.vignette_parts, summary.decisions) == (1, 1, 0)
    assert summary.describe() == (
        "3 segments by Ann (2) and Ben (1), 2 memos, 1 case link (from 'Rota dispute'), "
        "1 CMO evidence citation, the source of 1 vignette part"
    )


def test_summary_of_a_bare_document(make_project) -> None:
    project = make_project(documents={"Note": (None, None, "text")})
    with project.session() as session:
        assert deletion_summary(session, "Note").describe() == "no coding, memos or links"


def test_delete_then_undo_restores_every_row(study: Project) -> None:
    before, events = dump(study), audit_count(study)
    history = History(study)
    change = history.push(delete_document(study, "PJ 1", actor="Ann", reason="withdrawn"))
    after = dump(study)
    assert change.value.segments == 3 and change.documents == {1}
    assert [row[0] for row in after["documents"]] == [2]
    assert len(after["segments"]) == 1 and len(after["memos"]) == 0
    assert len(after["case_segments"]) == 1 and len(after["cmo_evidence"]) == 1
    assert audit_count(study) == events + 1
    with study.session() as session:
        part = session.scalars(select(VignettePart)).one()
        assert part.segment_id is None and part.edited_text  # its words stay
        assert session.scalars(select(Participant.label)).all() == ["PJ"]  # the person stays
    history.undo()
    assert dump(study) == before
    history.redo()
    assert dump(study) == after


def test_unknown_document_is_refused_and_changes_nothing(study: Project) -> None:
    before, events = dump(study), audit_count(study)
    with pytest.raises(QcodeError, match="no document 'PJ 9'"):
        delete_document(study, "PJ 9")
    assert (dump(study), audit_count(study)) == (before, events)
