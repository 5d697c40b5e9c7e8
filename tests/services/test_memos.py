"""Memos on a document, code, segment, participant or case: write, edit, delete, undo."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from qcode.errors import QcodeError
from qcode.services import cases, coding, memos
from qcode.services.codebook import edit as codebook
from qcode.services.history import History
from qcode.services.lookup import find_code, get_participant
from qcode.store.models import AuditEvent, Document, Memo, Segment
from tests.helpers import audit_count, dump

TEXT = "PJ: My mentor made time for me every month.\n"


@pytest.fixture
def project(make_project):
    return make_project(
        documents={"PJ 1": ("PJ", 1, TEXT)},
        codes=["Support"],
        coding=[("PJ 1", "Support", "Ann", 4, 14)],
    )


def targets(project) -> dict[str, int]:
    """The id of one thing of each kind a memo can be attached to."""
    case = cases.create_case(project, "Monthly meetings", participant="PJ").value
    with project.session() as session:
        return {
            "document": session.scalars(select(Document.id)).one(),
            "code": find_code(session, "Support").id,
            "segment": session.scalars(select(Segment.id)).one(),
            "participant": get_participant(session, "PJ").id,
            "case": case,
        }


def last_event(project) -> AuditEvent:
    with project.session() as session:
        return session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()


@pytest.mark.parametrize("kind", ["document", "code", "segment", "participant", "case"])
def test_a_memo_attaches_to_each_kind_of_thing(project, kind: str) -> None:
    target = memos.MemoTarget(kind, targets(project)[kind])
    change = memos.add_memo(project, "Worth a second look", target, title=" Why ", actor="Ann")
    with project.session() as session:
        (found,) = memos.memos_on(session, target)
        assert (found.id, found.title, found.text) == (change.value, "Why", "Worth a second look")
        assert found.coder is not None and found.coder.name == "Ann"
    event = last_event(project)
    assert (event.action, event.actor, event.target_type) == ("add memo", "Ann", "memo")
    assert json.loads(event.after) == {
        "title": "Why",
        "text": "Worth a second look",
        f"{kind}_id": target.id,
    }


def test_a_free_standing_memo_has_no_target_and_no_coder_for_an_unknown_actor(project) -> None:
    memo_id = memos.add_memo(project, "Idea for the framework").value
    with project.session() as session:
        memo = session.get(Memo, memo_id)
        assert memo is not None and memo.coder_id is None
        assert [memo.document_id, memo.code_id, memo.segment_id, memo.case_id] == [None] * 4


def test_edit_and_delete_are_audited_and_undoable(project) -> None:
    segment = targets(project)["segment"]
    history = History(project)
    before = dump(project)
    memo = history.push(
        memos.add_memo(project, "first", memos.MemoTarget("segment", segment))
    ).value
    history.push(memos.edit_memo(project, memo, "second", title="Draft"))
    event = last_event(project)
    assert event.action == "edit memo"
    assert (json.loads(event.before)["text"], json.loads(event.after)["text"]) == (
        "first",
        "second",
    )
    assert json.loads(event.after)["title"] == "Draft"
    history.push(memos.delete_memo(project, memo))
    event = last_event(project)
    assert (event.action, json.loads(event.before)["text"], event.after) == (
        "delete memo",
        "second",
        "",
    )
    with project.session() as session:
        assert session.scalars(select(Memo)).all() == []
    history.undo()
    with project.session() as session:
        assert session.scalars(select(Memo.text)).all() == ["second"]
    history.undo()
    history.undo()
    assert dump(project) == before


def test_memos_go_with_their_target_and_come_back_on_undo(project) -> None:
    ids = targets(project)
    memos.add_memo(project, "on the code", memos.MemoTarget("code", ids["code"]))
    memos.add_memo(project, "on the segment", memos.MemoTarget("segment", ids["segment"]))
    memos.add_memo(project, "on the case", memos.MemoTarget("case", ids["case"]))
    history = History(project)
    before = dump(project)
    history.push(coding.uncode_segment(project, ids["segment"]))
    history.push(cases.delete_case(project, ids["case"]))
    with project.session() as session:
        assert session.scalars(select(Memo.text)).all() == ["on the code"]
    history.push(codebook.delete_code(project, ids["code"]))
    with project.session() as session:
        assert session.scalars(select(Memo)).all() == []
    for _ in range(3):
        history.undo()
    assert dump(project) == before


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda p: memos.add_memo(p, "x", memos.MemoTarget("segment", 99)), "no segment 99"),
        (lambda p: memos.add_memo(p, "x", memos.MemoTarget("coder", 1)), "cannot be attached"),
        (lambda p: memos.edit_memo(p, 99, "x"), "no memo 99"),
        (lambda p: memos.delete_memo(p, 99), "no memo 99"),
    ],
)
def test_refusals_change_nothing(project, call, message: str) -> None:
    before, events = dump(project), audit_count(project)
    with pytest.raises(QcodeError, match=message):
        call(project)
    assert (dump(project), audit_count(project)) == (before, events)
