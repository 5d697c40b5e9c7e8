"""Any sequence of decisions over N coders, in any order, gives the consensus of those in force."""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy import select

from qcode.analysis.intervals import Span, normalize
from qcode.services.coders import CONSENSUS
from qcode.services.lookup import get_code
from qcode.services.workshop import disagreements as workshop
from qcode.services.workshop.consensus import results_of
from qcode.services.workshop.passages import PassageKey, list_passages
from qcode.services.workshop.settle import decide_passage
from qcode.store.models import Segment, WorkshopDecision
from qcode.store.project import Project

CODERS = ("Ana", "Ben", "Cai", "Dee")
CODES = ("Support", "Time", "Trust")
TEXT = "".join(f"line {n} of the answer, said slowly and with care\n" for n in range(6))
CHOICES = ("keep", "majority", "unanimity", "union", "overlap", "custom", "none")


@dataclass(frozen=True)
class Call:
    """One decision as taken, to be taken again on a fresh copy."""

    key: PassageKey
    code_id: int
    choice: str
    keep: str | None
    k: int | None
    custom: Span | None


def consensus_of(project: Project) -> dict[str, list[Span]]:
    with project.session() as session:
        rows = session.scalars(select(Segment).where(Segment.coder.has(name=CONSENSUS)))
        found: dict[str, list[Span]] = {code: [] for code in CODES}
        for segment in rows:
            found[segment.code.name].append((segment.start, segment.end))
    return {code: normalize(spans) for code, spans in found.items()}


def coding_rows(rng: random.Random) -> list[tuple[str, str, str, int, int]]:
    rows = [("PA 1", "Support", coder, 0, 3 + n) for n, coder in enumerate(CODERS)]
    for _ in range(rng.randint(8, 18)):
        start = rng.randrange(len(TEXT) - 2)
        end = rng.randint(start + 1, min(len(TEXT), start + rng.choice((5, 20, 70))))
        rows.append(("PA 1", rng.choice(CODES), rng.choice(CODERS), start, end))
    return rows


def random_call(rng: random.Random, project: Project) -> Call | None:
    coders = rng.sample(CODERS, rng.randint(2, len(CODERS)))
    with project.session() as session:
        views = list(list_passages(session, coders).items)
    if not views:
        return None
    view = rng.choice(views)
    code = rng.choice(view.differing)
    choice = rng.choice(CHOICES)
    custom = None
    if choice == "custom":
        start = rng.randrange(len(TEXT) - 1)
        custom = (start, rng.randint(start + 1, min(len(TEXT), start + 90)))
    keep = rng.choice(coders) if choice == "keep" else None
    k = rng.randint(1, len(coders)) if choice == "majority" else None
    return Call(view.key, code.code_id, choice, keep, k, custom)


def take(project: Project, call: Call, replace: bool) -> int:
    change = decide_passage(
        project,
        call.key,
        call.code_id,
        call.choice,
        "agreed",
        "Ana, Ben",
        "Ana",
        keep=call.keep,
        k=call.k,
        custom_span=call.custom,
        replace=replace,
    )
    return int(change.value)


def in_force_ids(project: Project) -> set[int]:
    with project.session() as session:
        return set(
            session.scalars(
                select(WorkshopDecision.id).where(WorkshopDecision.superseded_by_id.is_(None))
            )
        )


def in_force_results(project: Project) -> dict[str, list[Span]]:
    """What applying the in-force decisions gives: the union of their results, per code."""
    with project.session() as session:
        found = {}
        for code in CODES:
            decisions = session.scalars(
                select(WorkshopDecision).where(
                    WorkshopDecision.code_id == get_code(session, code).id,
                    WorkshopDecision.superseded_by_id.is_(None),
                )
            ).all()
            found[code] = results_of(session, decisions)
    return found


def test_decisions_in_any_order_give_the_consensus_of_those_in_force(make_project) -> None:
    decided = replayed = 0
    for seed in range(25):
        rng = random.Random(seed)
        rows = coding_rows(rng)
        first = make_project(
            documents={"PA 1": ("PA", 1, TEXT)}, codes=CODES, coding=rows, name=f"a{seed}"
        )
        calls: dict[int, Call] = {}
        for _ in range(rng.randint(3, 9)):
            if rng.random() < 0.25:  # a pair decision on one code, as the two-coder workshop takes
                pair = rng.sample(CODERS, 2)
                with first.session() as session:
                    units = workshop.list_disagreements(session, *pair)
                if units:
                    unit = rng.choice(units)
                    workshop.decide(first, unit.key, "union", "agreed", "Ana", replace=True)
                continue
            call = random_call(rng, first)
            if call is not None:
                calls[take(first, call, replace=True)] = call
                decided += 1
            assert consensus_of(first) == in_force_results(first), seed
        expected = consensus_of(first)
        wanted = [calls[i] for i in sorted(in_force_ids(first)) if i in calls]
        pair_in_force = len(in_force_ids(first)) - len(wanted)
        if pair_in_force:
            continue  # the replay below takes passage decisions only
        second = make_project(
            documents={"PA 1": ("PA", 1, TEXT)}, codes=CODES, coding=rows, name=f"b{seed}"
        )
        rng.shuffle(wanted)
        for call in wanted:
            take(second, call, replace=False)  # in force together: none overlaps another
        assert consensus_of(second) == expected, seed
        replayed += 1
    assert decided > 80 and replayed >= 8, (decided, replayed)
