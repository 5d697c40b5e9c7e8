"""The light unit listing names the units the full one lists, in its order, decided alike."""

from __future__ import annotations

import random
from dataclasses import replace
from itertools import permutations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qcode.analysis.disagreements import disagreement_units
from qcode.services import coding
from qcode.services.workshop import disagreements as workshop
from qcode.services.workshop.units import unit_bounds
from qcode.store.project import Project

CODERS = ("Ana", "Ben", "Cy")
CODES = ["Support", "Support/Time", "Support/Time/Rota", "Other"]
DOCUMENTS = {  # participant and wave chosen so that names alone would sort them otherwise
    "Zed 1": ("PA", 1, None),
    "Amy 2": ("PA", 2, None),
    "Bo 1": ("PB", None, None),
    "Loose": (None, None, None),
}


def random_text(rng: random.Random) -> str:
    words = ("time", "mentor", "rota", "help", "we", "met", "often", "never")
    lines = [" ".join(rng.choices(words, k=rng.randint(2, 12))) for _ in range(rng.randint(3, 9))]
    return "\n".join(lines) + "\n"


def random_project(make_project, seed: int) -> Project:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    texts = {name: (p, w, random_text(rng)) for name, (p, w, _) in DOCUMENTS.items()}
    coding = []
    for _ in range(rng.randint(25, 45)):
        name = rng.choice(list(texts))
        length = len(texts[name][2])
        start = rng.randrange(length - 1)
        end = rng.randint(start + 1, min(length, start + rng.choice((3, 10, 40))))
        coding.append((name, rng.choice(CODES), rng.choice(CODERS), start, end))
        if rng.random() < 0.3:  # the same span by another coder: some agreement
            coding.append((name, coding[-1][1], rng.choice(CODERS), start, end))
    return make_project(documents=texts, codes=CODES, coding=coding, name=f"random{seed}")


def decide_some(project: Project, rng: random.Random) -> list[workshop.Disagreement]:
    decided = []
    for a, b in rng.sample(list(permutations(CODERS, 2)), 3):
        with project.session() as session:
            units = workshop.list_disagreements(session, a, b)
        for unit in rng.sample(units, min(len(units), 3)):
            choice = rng.choice(("keep_a", "keep_b", "union", "overlap", "none"))
            workshop.decide(
                project, unit.key, choice, "the team agreed", ["Ana"], "Ana", replace=True
            )
            decided.append(unit)
    return decided


def recode_some(project: Project, units: list[workshop.Disagreement], rng: random.Random) -> None:
    """Widen some decided units by a character or two: their decisions lapse."""
    for unit in rng.sample(units, min(len(units), 2)):
        start = max(0, unit.start - 2)
        coding.code_span(project, unit.document, "/".join(unit.code), unit.coder_a, start, unit.end)


SCOPES: list[dict[str, object]] = [
    {},
    {"code": "Support"},
    {"code": "Support", "include_descendants": True},
    {"code": "Support/Time/Rota"},
    {"document": "Amy 2"},
    {"document": "Loose", "code": "Other"},
]


def assert_same_listing(project: Project) -> None:
    with project.session() as session:
        for a, b in permutations(CODERS, 2):
            for scope in SCOPES:
                full = workshop.list_disagreements(session, a, b, **scope)  # type: ignore[arg-type]
                light = workshop.list_units(session, a, b, **scope)  # type: ignore[arg-type]
                assert [u.key for u in light] == [d.key for d in full], (a, b, scope)
                assert [u.decided for u in light] == [d.decided for d in full], (a, b, scope)
                assert workshop.workshop_progress(session, a, b, **scope) == (  # type: ignore[arg-type]
                    sum(d.decided for d in full),
                    len(full),
                )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_light_listing_agrees_with_the_full_one(make_project, seed: int) -> None:
    project = random_project(make_project, seed)
    assert_same_listing(project)
    rng = random.Random(seed)
    decided = decide_some(project, rng)
    assert decided, "some units should have been decided"
    assert_same_listing(project)
    recode_some(project, decided, rng)
    assert_same_listing(project)


def test_a_listed_unit_is_found_again_by_its_key(make_project) -> None:
    project = random_project(make_project, 4)
    with project.session() as session:
        light = workshop.list_units(session, "Ana", "Ben")
        full = workshop.list_disagreements(session, "Ana", "Ben")
        assert light, "the random project should give Ana and Ben some disagreements"
        for index in (0, len(light) // 2, len(light) - 1):
            assert workshop.get_disagreement(session, light[index].key) == full[index]
            assert workshop.position_of(light, light[index].key) == index
    gone = replace(light[0].key, start=0, end=0)  # an empty span is never a unit
    assert workshop.position_of(light, gone) is None


spans = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 12)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=8,
)


@given(spans, spans)
def test_unit_bounds_are_where_the_units_are(a: list[tuple[int, int]], b: list[tuple[int, int]]):
    assert unit_bounds(72, a, b) == [unit.span for unit in disagreement_units(72, a, b)]
