"""Passages over N coders, and what each choice codes, against per-character counting."""

from __future__ import annotations

import random

import pytest

from qcode.analysis.intervals import Span, normalize
from qcode.analysis.passages import (
    PassageCode,
    coded_by_at_least,
    default_majority,
    passages,
    settle,
)


def characters(spans: list[Span]) -> set[int]:
    return {offset for start, end in spans for offset in range(start, end)}


def random_spans(rng: random.Random, length: int) -> list[Span]:
    spans = []
    for _ in range(rng.randint(0, 4)):
        start = rng.randrange(length - 1)
        spans.append((start, rng.randint(start + 1, min(length, start + 12))))
    return spans


def test_coded_by_at_least_k_counts_each_character() -> None:
    rng = random.Random(7)
    for _ in range(500):
        coders = [random_spans(rng, 60) for _ in range(rng.randint(1, 6))]
        k = rng.randint(1, len(coders))
        counted = {
            offset
            for offset in range(60)
            if sum(offset in characters(normalize(spans)) for spans in coders) >= k
        }
        got = coded_by_at_least(k, coders)
        assert characters(got) == counted
        assert got == normalize(got)


def test_passages_join_every_code_and_list_only_where_a_code_differs() -> None:
    # Ana codes Support on 0:10, Ben Time on 5:15, Cai both as Ana and Ben; 30:40 all agree.
    coding = {
        1: [[(0, 10), (30, 40)], [(30, 40)], [(0, 10), (30, 40)]],
        2: [[], [(5, 15)], [(5, 15)]],
    }
    [passage] = passages(50, coding, 3)
    assert passage.span == (0, 15)
    assert [c.code_id for c in passage.differing] == [1, 2]
    assert passage.codes[0].spans == (((0, 10),), (), ((0, 10),))


def test_passage_bounds_are_components_of_all_coding() -> None:
    rng = random.Random(11)
    for _ in range(300):
        n = rng.randint(2, 5)
        coding = {code: [random_spans(rng, 80) for _ in range(n)] for code in range(3)}
        everything = normalize(s for per in coding.values() for spans in per for s in spans)
        found = passages(80, coding, n)
        assert {p.span for p in found} <= set(everything)
        for start, end in everything:
            differs = any(
                len({tuple(normalize(clip(spans, start, end))) for spans in per}) > 1
                for per in coding.values()
            )
            assert differs == ((start, end) in {p.span for p in found})


def clip(spans: list[Span], start: int, end: int) -> list[Span]:
    return [(max(s, start), min(e, end)) for s, e in spans if s < end and e > start]


def test_each_choice_codes_what_it_says() -> None:
    ana, ben, cai = ((0, 10),), ((5, 20),), ()
    code = PassageCode(1, (ana, ben, cai))
    assert settle(code, "keep", kept=1) == [(5, 20)]
    assert settle(code, "majority", k=2) == [(5, 10)]
    assert settle(code, "unanimity") == []
    assert settle(code, "overlap") == [(5, 10)]  # every coder who used the code: Ana and Ben
    assert settle(code, "union") == [(0, 20)]
    assert settle(code, "custom", custom=(2, 4)) == [(2, 4)]
    assert settle(code, "none") == []
    assert default_majority(3) == 2 and default_majority(4) == 3 and default_majority(2) == 2


def test_a_choice_refuses_what_goes_with_another() -> None:
    code = PassageCode(1, (((0, 4),), ()))
    with pytest.raises(ValueError):
        settle(code, "keep")
    with pytest.raises(ValueError):
        settle(code, "union", k=2)
    with pytest.raises(ValueError):
        settle(code, "majority", k=3)
    with pytest.raises(ValueError):
        settle(code, "vote")
