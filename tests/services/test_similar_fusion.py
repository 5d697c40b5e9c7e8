"""The fused ranking's best few, found without ranking every passage, are exactly those of
ranking every passage: random scores, with ties, few eligible, no query word anywhere."""

from __future__ import annotations

import numpy as np
import pytest

from qcode.services.similar import fusion


def full_best(
    semantic: np.ndarray, lexical: np.ndarray, eligible: np.ndarray, count: int
) -> tuple[np.ndarray, np.ndarray]:
    """Rank every passage by a stable sort of each ranking, fuse, take the first."""
    ranks = [
        fusion.all_ranks(semantic, eligible),
        fusion.all_ranks(lexical, eligible & (lexical > 0)),
    ]
    scores = fusion.fused(*ranks)
    order = np.argsort(-scores, kind="stable")
    return order[eligible[order]][:count], scores


def random_case(rng: np.random.Generator, size: int) -> tuple[np.ndarray, ...]:
    """Scores as the two rankings give them, some rounded so that many tie."""
    semantic = rng.normal(0.3, 0.2, size).astype(np.float32)
    lexical = np.where(rng.random(size) < rng.random(), rng.gamma(2.0, 3.0, size), 0.0)
    lexical = lexical.astype(np.float32)
    if rng.random() < 0.5:  # (coarse scores: ties everywhere)
        semantic = np.round(semantic, int(rng.integers(1, 3))).astype(np.float32)
        lexical = np.round(lexical, int(rng.integers(0, 2))).astype(np.float32)
    eligible = rng.random(size) < rng.uniform(0.05, 1.0)
    return semantic, lexical, eligible


@pytest.mark.parametrize("seed", range(300))
def test_the_best_fused_are_those_of_ranking_everything(seed: int) -> None:
    rng = np.random.default_rng(seed)
    semantic, lexical, eligible = random_case(rng, int(rng.integers(1, 3000)))
    count = int(rng.integers(1, 40))
    depth = int(rng.choice([1, 2, 5, 16, fusion.FIRST_DEPTH]))  # (small: the depth grows)
    chosen, scores = fusion.fused_best(semantic, lexical, eligible, count, first_depth=depth)
    expected, expected_scores = full_best(semantic, lexical, eligible, count)
    assert chosen.tolist() == expected.tolist()
    assert scores[chosen].tolist() == expected_scores[expected].tolist()  # (bit for bit)


@pytest.mark.parametrize("seed", range(100))
def test_ranks_counted_for_a_few_passages_are_the_stable_sort_s(seed: int) -> None:
    rng = np.random.default_rng(seed)
    semantic, lexical, eligible = random_case(rng, int(rng.integers(1, 2000)))
    for scores, ok in ((semantic, eligible), (lexical, eligible & (lexical > 0))):
        rows = np.flatnonzero(ok)
        rows = np.sort(rng.choice(rows, min(len(rows), int(rng.integers(0, 50))), replace=False))
        assert (
            fusion.ranks_of(scores, ok, rows).tolist()
            == fusion.all_ranks(scores, ok)[rows].tolist()
        )


def test_a_score_that_is_not_a_number_ranks_everything_as_before() -> None:
    semantic = np.array([0.5, np.nan, 0.2, 0.9, 0.1] * 40, np.float32)
    lexical = np.array([0.0, 1.0, 2.0, 0.0, 3.0] * 40, np.float32)
    eligible = np.ones(len(semantic), bool)
    chosen, _scores = fusion.fused_best(semantic, lexical, eligible, 3, first_depth=1)
    assert chosen.tolist() == full_best(semantic, lexical, eligible, 3)[0].tolist()


def test_no_eligible_passage_gives_none() -> None:
    semantic, lexical = np.ones(10, np.float32), np.ones(10, np.float32)
    chosen, _scores = fusion.fused_best(semantic, lexical, np.zeros(10, bool), 5)
    assert chosen.tolist() == []
