"""Workshop decisions: consensus spans per choice, replacing, undo/redo, audit, adoption, log."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from qcode.errors import QcodeError
from qcode.services import coding
from qcode.services.coders import CONSENSUS
from qcode.services.history import History
from qcode.services.workshop import disagreements as workshop
from qcode.store.models import AuditEvent, Segment, WorkshopDecision
from tests.helpers import audit_count, dump

TEXT = (
    "Interviewer: And then?\n"
    "PJ: The mentor made time for me. It helped a lot.\n"
    "Interviewer: Anything else?\n"
    "PJ: Not really, we met monthly and it was enough.\n"
)
CODING = [
    ("PJ 1", "Support", "Ana", 27, 40),
    ("PJ 1", "Support", "Ana", 44, 54),
    ("PJ 1", "Support", "Ben", 30, 60),
    ("PJ 1", "Support", "Ana", 110, 120),
    ("PJ 1", "Support", "Ben", 105, 120),
    ("PJ 1", "Support", "Ana", 130, 140),  # agreement
    ("PJ 1", "Support", "Ben", 130, 140),
    ("PJ 1", "Other", "Ana", 0, 10),
]


@pytest.fixture
def project(make_project):
    return make_project(
        documents={"PJ 1": ("PJ", 1, TEXT)}, codes=["Support", "Other"], coding=CODING
    )


def units(project, a: str = "Ana", b: str = "Ben") -> list[workshop.Disagreement]:
    with project.session() as session:
        return workshop.list_disagreements(session, a, b, code="Support")


def coding_of(project, coder: str, code: str = "Support") -> list[tuple[int, int]]:
    with project.session() as session:
        rows = session.scalars(
            select(Segment).order_by(Segment.start).where(Segment.coder.has(name=coder))
        )
        return [(s.start, s.end) for s in rows if s.code.name == code]


def own_coding(project) -> list[tuple[str, str, int, int]]:
    with project.session() as session:
        rows = session.scalars(select(Segment).order_by(Segment.id))
        return [
            (s.coder.name, s.code.name, s.start, s.end) for s in rows if s.coder.name != CONSENSUS
        ]


def decisions(project) -> list[WorkshopDecision]:
    with project.session() as session:
        return list(session.scalars(select(WorkshopDecision).order_by(WorkshopDecision.id)))


@pytest.mark.parametrize(
    ("choice", "custom", "expected"),
    [
        ("keep_a", None, [(27, 40), (44, 54)]),
        ("keep_b", None, [(30, 60)]),
        ("union", None, [(27, 60)]),
        ("overlap", None, [(30, 40), (44, 54)]),
        ("custom", (23, 72), [(23, 72)]),
        ("none", None, []),
    ],
)
def test_each_choice_writes_its_consensus_and_leaves_own_coding(
    project, choice: str, custom: tuple[int, int] | None, expected: list[tuple[int, int]]
) -> None:
    own = own_coding(project)
    first = units(project)[0]
    workshop.decide(project, first.key, choice, "the team agreed", "Ana, Ben", custom_span=custom)
    assert coding_of(project, CONSENSUS) == expected
    assert own_coding(project) == own
    [decision] = decisions(project)
    assert (decision.choice, decision.span_start, decision.span_end) == (choice, 27, 60)
    hull = (expected[0][0], expected[-1][1]) if expected else (None, None)
    assert (decision.result_start, decision.result_end) == hull
    assert units(project)[0].decision.result == tuple(expected)


def test_overlap_may_be_empty(project) -> None:
    coding.code_span(project, "PJ 1", "Other", "Ben", 10, 20)  # touches Ana's 0:10
    with project.session() as session:
        [unit] = workshop.list_disagreements(session, "Ana", "Ben", code="Other")
    assert unit.overlap == ()
    workshop.decide(project, unit.key, "overlap", "neither alone is right", "Ana")
    assert coding_of(project, CONSENSUS, "Other") == []
    assert len(decisions(project)) == 1


def test_redeciding_supersedes_the_decision_and_replaces_the_units_consensus(project) -> None:
    first = units(project)[0]
    coding.code_span(project, "PJ 1", "Support", CONSENSUS, 0, 5)  # outside the unit: kept
    coding.code_span(project, "PJ 1", "Support", CONSENSUS, 50, 70)  # straddles the unit's end
    workshop.decide(project, first.key, "keep_b", "Ben's reading", "Ana, Ben")
    assert coding_of(project, CONSENSUS) == [(0, 5), (30, 60), (60, 70)]
    before = dump(project)
    with pytest.raises(workshop.AlreadyDecided, match=r"already decided \(decision 1 of .*Ben's"):
        workshop.decide(project, first.key, "keep_a", "on reflection, Ana's", "Ana, Ben, Cy")
    assert dump(project) == before
    workshop.decide(
        project, first.key, "keep_a", "on reflection, Ana's", "Ana, Ben, Cy", replace=True
    )
    assert coding_of(project, CONSENSUS) == [(0, 5), (27, 40), (44, 54), (60, 70)]
    old, decision = decisions(project)
    assert (decision.choice, decision.attendees) == ("keep_a", "Ana, Ben, Cy")
    assert (old.choice, old.superseded_by_id) == ("keep_b", decision.id)
    assert old.superseded_at is not None and decision.superseded_by_id is None
    with project.session() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    before = json.loads(event.before)
    assert [d["choice"] for d in before["decisions"]] == ["keep_b"]
    assert before["consensus"] == [[30, 60]]
    assert json.loads(event.after)["result"] == [[27, 40], [44, 54]]
    assert event.reason == "on reflection, Ana's"


def test_redeciding_with_the_pair_reversed_replaces_too(project) -> None:
    workshop.decide(project, units(project)[0].key, "keep_a", "Ana's", "Ana")
    backward = units(project, "Ben", "Ana")[0]
    assert backward.decision is not None and backward.decision.words == "kept Ana's coding"
    workshop.decide(project, backward.key, "keep_a", "Ben's after all", "Ana", replace=True)
    assert coding_of(project, CONSENSUS) == [(30, 60)]
    assert [(d.choice, d.superseded_by_id) for d in decisions(project)] == [
        ("keep_a", 2),
        ("keep_a", None),
    ]
    assert units(project)[0].decision.words == "kept Ben's coding"


def test_redeciding_clears_an_earlier_custom_span_outside_the_unit(project) -> None:
    first = units(project)[0]
    workshop.decide(project, first.key, "custom", "the whole turn", "Ana", custom_span=(23, 72))
    workshop.decide(project, first.key, "overlap", "narrower", "Ana", replace=True)
    assert coding_of(project, CONSENSUS) == [(30, 40), (44, 54)]


def test_undo_and_redo_restore_exactly(project) -> None:
    history = History(project)
    first, second = units(project)
    states = [dump(project)]
    history.push(workshop.decide(project, first.key, "union", "both", "Ana, Ben", actor="Ana"))
    states.append(dump(project))
    history.push(workshop.decide(project, second.key, "keep_b", "Ben", "Ana, Ben"))
    states.append(dump(project))
    history.push(workshop.decide(project, first.key, "none", "neither", "Ana, Ben", replace=True))
    states.append(dump(project))
    for state in reversed(states[:-1]):
        history.undo()
        assert dump(project) == state
    for state in states[1:]:
        history.redo()
        assert dump(project) == state


def test_one_audit_event_per_decision(project) -> None:
    first = units(project)[0]
    count = audit_count(project)
    workshop.decide(project, first.key, "keep_b", "Ben's", ["Ana", "Ben", "Ana"], actor="Ana")
    assert audit_count(project) == count + 1
    with project.session() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    after = json.loads(event.after)
    assert (event.action, event.actor) == ("decide", "Ana")
    assert after["span"] == [27, 60] and after["text"] == TEXT[27:60]
    assert after["coders"] == ["Ana", "Ben"] and after["attendees"] == "Ana, Ben"
    assert json.loads(event.before) == {"decisions": [], "consensus": []}


@pytest.mark.parametrize(
    ("choice", "rationale", "custom", "message"),
    [
        ("keep_a", "  ", None, "rationale"),
        ("majority", "x", None, "unknown choice"),
        ("custom", "x", None, "needs the span"),
        ("union", "x", (30, 40), "only with the 'custom'"),
        ("custom", "x", (30, 999), "outside"),
    ],
)
def test_bad_decisions_change_nothing(
    project, choice: str, rationale: str, custom: tuple[int, int] | None, message: str
) -> None:
    key = units(project)[0].key
    before, count = dump(project), audit_count(project)
    with pytest.raises(QcodeError, match=message):
        workshop.decide(project, key, choice, rationale, "Ana", custom_span=custom)
    assert dump(project) == before and audit_count(project) == count


def test_a_key_that_names_no_unit_changes_nothing(project) -> None:
    key = units(project)[0].key
    stale = workshop.DisagreementKey(
        key.document_id, key.code_id, key.coder_a_id, key.coder_b_id, 27, 59
    )
    before = dump(project)
    with pytest.raises(QcodeError, match="do not disagree at 27:59"):
        workshop.decide(project, stale, "keep_a", "x", "Ana")
    assert dump(project) == before


def test_adopt_agreements_copies_the_intersection_but_not_into_decided_units(project) -> None:
    second = units(project)[1]  # 105:120, overlap 110:120
    workshop.decide(project, second.key, "none", "not support", "Ana, Ben")
    history = History(project)
    before = dump(project)
    count = audit_count(project)
    change = history.push(workshop.adopt_agreements(project, "Ana", "Ben", actor="Ana"))
    assert coding_of(project, CONSENSUS) == [(30, 40), (44, 54), (130, 140)]
    assert change.value == 30 and audit_count(project) == count + 1
    assert coding_of(project, CONSENSUS, "Other") == []
    again = workshop.adopt_agreements(project, "Ana", "Ben")
    assert again.is_empty and again.value == 0 and audit_count(project) == count + 1
    history.undo()
    assert dump(project) == before


def test_adopt_agreements_respects_a_decision_taken_for_another_pair(project) -> None:
    coding.code_span(project, "PJ 1", "Support", "Cy", 105, 120)
    [ana_cy] = [u for u in units(project, "Ana", "Cy") if u.start == 105]
    assert ana_cy.span == (105, 120)
    workshop.decide(project, ana_cy.key, "none", "not support", "Ana, Ben, Cy")
    workshop.adopt_agreements(project, "Ana", "Ben")
    assert coding_of(project, CONSENSUS) == [(30, 40), (44, 54), (130, 140)]


def test_adopt_agreements_keeps_consensus_already_there(project) -> None:
    coding.code_span(project, "PJ 1", "Support", CONSENSUS, 125, 135)
    workshop.adopt_agreements(project, "Ana", "Ben", code="Support")
    assert coding_of(project, CONSENSUS) == [(30, 40), (44, 54), (110, 120), (125, 135), (135, 140)]


def test_decision_log_reads_as_words(project) -> None:
    first, second = units(project)
    workshop.decide(project, first.key, "keep_a", "Ana's boundary", "Ana; Ben", actor="Ana")
    custom = (101, 150)
    workshop.decide(project, second.key, "custom", "whole answer", "Ben", "Dr Who", custom)
    with project.session() as session:
        rows = workshop.decision_log(session)
        assert workshop.decision_log(session, code="Other") == []
        assert workshop.decision_log(session, code="Support", document="PJ 1") == rows
    assert [(r.document, r.code, r.span, r.text, r.citation) for r in rows] == [
        ("PJ 1", ("Support",), (27, 60), TEXT[27:60], "PJ 1, line 2"),
        ("PJ 1", ("Support",), (105, 120), TEXT[105:120], "PJ 1, line 4"),
    ]
    assert [(r.choice_words, r.result) for r in rows] == [
        ("kept Ana's coding", ((27, 40), (44, 54))),
        ("coded 101\u2013150 (the team's own span)", (custom,)),
    ]
    assert [(r.rationale, r.attendees, r.decided_by) for r in rows] == [
        ("Ana's boundary", ("Ana", "Ben"), "Ana"),  # Ana is a coder: recorded as decider
        ("whole answer", ("Ben",), "Dr Who"),  # not a coder: the audit trail's actor
    ]
    assert rows[0].decided_at <= rows[1].decided_at
