"""One consensus layer: any sequence of decisions equals applying those in force; merges carry."""

from __future__ import annotations

import random
from itertools import permutations

from sqlalchemy import select

from qcode.analysis.intervals import normalize
from qcode.services import coding
from qcode.services.codebook.merge_split import merge_codes
from qcode.services.coders import CONSENSUS
from qcode.services.lookup import get_code
from qcode.services.workshop import disagreements as workshop
from qcode.services.workshop.consensus import results_of
from qcode.store.models import Segment, WorkshopDecision
from qcode.store.project import Project

CODERS = ("Ana", "Ben", "Cai")
CODES = ("Support", "Time")
TEXT = "".join(f"line {n} of the answer, said slowly\n" for n in range(6))
CHOICES = ("keep_a", "keep_b", "union", "overlap", "none", "custom")


def consensus_of(project: Project) -> dict[str, list[tuple[int, int]]]:
    with project.session() as session:
        rows = session.scalars(select(Segment).where(Segment.coder.has(name=CONSENSUS)))
        found: dict[str, list[tuple[int, int]]] = {code: [] for code in CODES}
        for s in rows:
            found[s.code.name].append((s.start, s.end))
    return {code: normalize(spans) for code, spans in found.items()}


def in_force_results(project: Project) -> dict[str, list[tuple[int, int]]]:
    with project.session() as session:
        wanted = {}
        for code in CODES:
            code_id = get_code(session, code).id
            decisions = session.scalars(
                select(WorkshopDecision).where(
                    WorkshopDecision.code_id == code_id, WorkshopDecision.superseded_by_id.is_(None)
                )
            ).all()
            wanted[code] = results_of(session, decisions)
    return wanted


def random_study(make_project, rng: random.Random, seed: int) -> Project:  # type: ignore[no-untyped-def]
    coding_rows = [("PA 1", "Support", coder, 0, 3 + n) for n, coder in enumerate(CODERS)]
    for _ in range(rng.randint(6, 14)):
        start = rng.randrange(len(TEXT) - 2)
        end = rng.randint(start + 1, min(len(TEXT), start + rng.choice((4, 15, 60))))
        coding_rows.append(("PA 1", rng.choice(CODES), rng.choice(CODERS), start, end))
    return make_project(
        documents={"PA 1": ("PA", 1, TEXT)}, codes=CODES, coding=coding_rows, name=f"s{seed}"
    )


def test_any_sequence_of_decisions_gives_the_in_force_consensus(make_project) -> None:
    cases = 0
    for seed in range(30):
        rng = random.Random(seed)
        project = random_study(make_project, rng, seed)
        for _ in range(rng.randint(3, 8)):
            a, b = rng.choice(list(permutations(CODERS, 2)))
            with project.session() as session:
                units = workshop.list_disagreements(session, a, b)
            if not units:
                continue
            unit = rng.choice(units)
            choice = rng.choice(CHOICES)
            custom = None
            if choice == "custom":
                start = rng.randrange(len(TEXT) - 1)
                custom = (start, rng.randint(start + 1, len(TEXT)))
            workshop.decide(
                project, unit.key, choice, "agreed", "Ana", custom_span=custom, replace=True
            )
            cases += 1
            assert consensus_of(project) == in_force_results(project), (seed, cases)
    assert cases > 120


def test_a_merged_codes_decisions_are_the_targets_and_match_its_disagreements(
    make_project,
) -> None:
    project = make_project(
        documents={"PA 1": ("PA", 1, TEXT)},
        codes=CODES,
        coding=[
            ("PA 1", "Time", "Ana", 5, 20),
            ("PA 1", "Time", "Ben", 10, 30),
            ("PA 1", "Support", "Ana", 80, 90),
            ("PA 1", "Support", "Ben", 80, 95),
        ],
    )
    with project.session() as session:
        [unit] = workshop.list_disagreements(session, "Ana", "Ben", code="Time")
        time_id, support_id = get_code(session, "Time").id, get_code(session, "Support").id
    workshop.decide(project, unit.key, "keep_b", "Ben's span", "Ana, Ben")
    merge_codes(project, time_id, support_id)
    with project.session() as session:
        [row] = workshop.decision_log(session)
        units = workshop.list_disagreements(session, "Ana", "Ben", code="Support")
    assert (row.code, row.span, row.in_force) == (("Support",), (5, 30), True)
    decided = [u for u in units if u.decision is not None]
    assert [(u.span, u.decision.words) for u in decided] == [((5, 30), "kept Ben's coding")]
    assert [u.span for u in units if u.decision is None] == [(80, 95)]
    assert consensus_of_code(project, "Support") == [(10, 30)]
    with project.session() as session:
        assert workshop.workshop_progress(session, "Ana", "Ben") == (1, 2)
    coding.code_span(project, "PA 1", "Support", "Cai", 12, 18)
    with project.session() as session:
        cai = workshop.disagreement_at(session, "Ana", "Cai", "Support", "PA 1", 12)
    assert cai.decision is not None and cai.decision.words == "kept Ben's coding"


def consensus_of_code(project: Project, code: str) -> list[tuple[int, int]]:
    with project.session() as session:
        rows = session.scalars(select(Segment).where(Segment.coder.has(name=CONSENSUS)))
        return normalize((s.start, s.end) for s in rows if s.code.name == code)


def test_a_split_carries_the_decisions_whose_passages_went_with_it(make_project) -> None:
    from qcode.services.codebook.merge_split import split_code
    from qcode.services.history import History

    project = make_project(
        documents={"PA 1": ("PA", 1, TEXT)},
        codes=CODES,
        coding=[
            ("PA 1", "Time", "Ana", 5, 20),
            ("PA 1", "Time", "Ben", 10, 30),
            ("PA 1", "Time", "Ana", 80, 90),
            ("PA 1", "Time", "Ben", 80, 95),
        ],
    )
    with project.session() as session:
        first, second = workshop.list_disagreements(session, "Ana", "Ben", code="Time")
    workshop.decide(project, first.key, "keep_b", "Ben's span", "Ana, Ben")
    workshop.decide(project, second.key, "overlap", "the core", "Ana, Ben")
    with project.session() as session:
        time_id = get_code(session, "Time").id
        moved = session.scalars(
            select(Segment.id).where(Segment.code_id == time_id, Segment.start < 40)
        ).all()
    history = History(project)
    history.push(split_code(project, time_id, moved, "Time pressure"))
    with project.session() as session:
        rows = workshop.decision_log(session)
        [unit] = workshop.list_disagreements(session, "Ana", "Ben", code="Time pressure")
    assert [(r.code[-1], r.span) for r in rows] == [("Time pressure", (5, 30)), ("Time", (80, 95))]
    assert unit.decision is not None and unit.decision.words == "kept Ben's coding"
    assert consensus_of_code(project, "Time pressure") == [(10, 30)]
    assert consensus_of_code(project, "Time") == [(80, 90)]
    assert history.undo() is not None
    with project.session() as session:
        assert [r.code[-1] for r in workshop.decision_log(session)] == ["Time", "Time"]
