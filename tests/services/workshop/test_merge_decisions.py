"""Codebook merges and moves carry workshop decisions with their passages, and say so."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from qcode.services.codebook.edit import move_code
from qcode.services.codebook.merge_split import merge_codes
from qcode.services.lookup import get_code
from qcode.services.workshop.consensus import results_of
from qcode.services.workshop.decide import AlreadyDecided
from qcode.services.workshop.log import decision_log
from qcode.services.workshop.passages import list_passages
from qcode.services.workshop.settle import decide_passage
from qcode.store.models import AuditEvent, WorkshopDecision
from tests.services.workshop.test_decisions_consensus import consensus_of_code

TEXT = "".join(f"line {n} of the answer, said slowly\n" for n in range(6))
CODERS = ("Ana", "Ben", "Cai")
CODING = [
    ("PA 1", "Time", "Ana", 5, 20),
    ("PA 1", "Support", "Ben", 5, 20),
    ("PA 1", "Time", "Cai", 5, 30),
    ("PA 1", "Time", "Ana", 80, 90),
    ("PA 1", "Time", "Ben", 80, 95),
    ("PA 1", "Time", "Cai", 80, 90),
]


def study(make_project):  # type: ignore[no-untyped-def]
    documents = {"PA 1": ("PA", 1, TEXT)}
    return make_project(documents=documents, codes=("Support", "Time"), coding=CODING)


def passage_codes(project, start: int) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Each code on the passage starting at ``start`` → the choices in force on it."""
    with project.session() as session:
        [view] = [v for v in list_passages(session, CODERS).items if v.key.start == start]
    return {code.code[-1]: [d.choice for d in code.decisions] for code in view.codes}


def decide_both(project) -> None:  # type: ignore[no-untyped-def]
    with project.session() as session:
        first, second = list_passages(session, CODERS).items
    decide_passage(project, first.key, "Time", "majority", "two saw it", "Ana", k=2)
    decide_passage(project, first.key, "Support", "none", "not support", "Ana")
    decide_passage(project, second.key, "Time", "keep", "Ben's end", "Ana", keep="Ben")


def test_a_merge_shows_every_decision_it_brought_onto_the_passage(make_project) -> None:
    project = study(make_project)
    decide_both(project)
    with project.session() as session:
        time_id, support_id = get_code(session, "Time").id, get_code(session, "Support").id
        on_time = set(
            session.scalars(
                select(WorkshopDecision.guid).where(WorkshopDecision.code_id == time_id)
            )
        )
    merge_codes(project, time_id, support_id)
    assert passage_codes(project, 5) == {"Support": ["majority", "none"]}
    assert passage_codes(project, 80) == {"Support": ["keep"]}
    with project.session() as session:
        rows = decision_log(session)
        merged = session.scalars(select(AuditEvent).where(AuditEvent.action == "merge codes")).one()
    assert [(r.code, r.decided_on, r.choice, r.in_force) for r in rows] == [
        (("Support",), ("Time",), "majority", True),
        (("Support",), None, "none", True),
        (("Support",), ("Time",), "keep", True),
    ]
    assert len(on_time) == 2 and set(json.loads(merged.after)["workshop_decisions"]) == on_time
    # the consensus is what the decisions in force coded: the majority's 5:20, Ben's 80:95
    assert consensus_of_code(project, "Support") == [(5, 20), (80, 95)]
    with project.session() as session:
        in_force = [
            d for d in session.scalars(select(WorkshopDecision)) if d.superseded_by_id is None
        ]
        assert results_of(session, in_force) == [(5, 20), (80, 95)]


def test_deciding_a_merged_passage_again_names_and_supersedes_both(make_project) -> None:
    project = study(make_project)
    decide_both(project)
    with project.session() as session:
        time_id, support_id = get_code(session, "Time").id, get_code(session, "Support").id
    merge_codes(project, time_id, support_id)
    with project.session() as session:
        first = next(iter(list_passages(session, CODERS).items))
    with pytest.raises(AlreadyDecided) as refused:
        decide_passage(project, first.key, "Support", "union", "all of it", "Ana")
    assert [info.choice for info in refused.value.earlier] == ["majority", "none"]
    assert "on 'Time'" in str(refused.value) and str(refused.value).count("\n") == 0
    decide_passage(project, first.key, "Support", "union", "all of it", "Ana", replace=True)
    assert passage_codes(project, 5) == {"Support": ["union"]}
    with project.session() as session:
        rows = decision_log(session)
    assert [r.in_force for r in rows] == [False, False, True, True]
    assert consensus_of_code(project, "Support") == [(5, 30), (80, 95)]


def test_a_moved_code_keeps_its_decisions_under_its_new_path(make_project) -> None:
    project = study(make_project)
    decide_both(project)
    with project.session() as session:
        time_id, support_id = get_code(session, "Time").id, get_code(session, "Support").id
    move_code(project, time_id, support_id)
    assert passage_codes(project, 80) == {"Time": ["keep"]}
    assert passage_codes(project, 5) == {"Support": ["none"], "Time": ["majority"]}
    with project.session() as session:
        rows = decision_log(session)
        listing = list_passages(session, CODERS, code=["Support", "Time"])
    assert [(r.code, r.decided_on) for r in rows] == [
        (("Support", "Time"), ("Time",)),
        (("Support",), None),
        (("Support", "Time"), ("Time",)),
    ]
    assert (listing.decided, listing.total) == (2, 2)
    assert consensus_of_code(project, "Time") == [(5, 20), (80, 95)]
