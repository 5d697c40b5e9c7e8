"""Krippendorff's bootstrap of alpha against a line-by-line port of Hayes's KALPHA macro.

The reference below follows KALPHA for SPSS, version 3.0 (Hayes, February 2011), which carries
out Krippendorff's "Algorithm for bootstrapping a distribution of α" (2006, revised 2011): it
builds the coincidence matrix from the reliability data unit by unit, the cumulative
probability table `pmat`, `bootm2` draws per resample, the −1 floor, the α = 1 rules and the
correction of step 4, and takes the interval at ranks trunc(.025·X) and trunc(.975·X) + 1.
Both draw their uniform numbers from numpy's generator with the same seed, so the intervals
must be equal, not merely close. No PyPI package implements Krippendorff's bootstrap.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from qcode.analysis.agreement.bootstrap import BOOTSTRAP_SEED, alpha_interval
from qcode.analysis.agreement.measures import alpha_from_histogram
from qcode.analysis.agreement.report import AgreementOptions, compute_agreement
from tests.analysis.agreement.test_agreement_chance import KRIPPENDORFF_A, KRIPPENDORFF_B

CASES = range(300)


def kalpha_interval(data: np.ndarray, draws: int, seed: int) -> tuple[float, float, float, float]:
    """KALPHA's bootstrap for nominal data with no missing values: (low, high, q.8, q.667).

    ``data`` has one row per judge and one column per unit.
    """
    judges, units = data.shape
    values = sorted({int(v) for v in data.flat})
    place = {v: i for i, v in enumerate(values)}
    uniq = len(values)
    coinc = [[Fraction(0)] * uniq for _ in range(uniq)]
    for k in range(units):
        for i in range(judges):
            for j in range(judges):
                if i != j:
                    coinc[place[int(data[i, k])]][place[int(data[j, k])]] += Fraction(1, judges - 1)
    q = sum(1 for row in coinc for cell in row if cell > 0)
    nc = [sum(row) for row in coinc]
    n = sum(nc)
    pairs = units * judges * (judges - 1) // 2  # nprs
    diagonal = [coinc[i][i] for i in range(uniq)]
    nzero = sum(1 for d in diagonal if d > 0)
    nx = math.floor(draws * sum(float(d / n) ** pairs for d in diagonal) + 0.5)  # SPSS rnd
    expect = [
        [nc[i] * (nc[j] - (i == j)) / (n - 1) for j in range(uniq)] for i in range(uniq)
    ]
    delta = [[0 if i == j else 1 for j in range(uniq)] for i in range(uniq)]
    bootm2 = min(25 * q, (judges - 1) * n / 2)
    expdis = sum(expect[i][j] * delta[i][j] for i in range(uniq) for j in range(uniq)) / n
    pcoinc = [[2 * coinc[i][j] / n - (coinc[i][j] / n if i == j else 0) for j in range(uniq)]
              for i in range(uniq)]  # fmt: skip
    pmat, psum = [(0.0, 0)], Fraction(0)
    for i in range(uniq):
        for j in range(i, uniq):
            psum += pcoinc[j][i]
            pmat.append((float(psum), delta[j][i]))
    uniform = np.random.default_rng(seed).random((draws, int(bootm2)))
    alphas, numone = [], 0
    for z in range(draws):
        numsum = 0
        for j in range(1, len(pmat)):
            inside = (uniform[z] <= pmat[j][0]) & (uniform[z] >= pmat[j - 1][0])
            numsum += pmat[j][1] * int(inside.sum())
        alpha = 1 - numsum * (1 / (float(expdis) * int(bootm2)))
        alpha = max(alpha, -1.0)
        if alpha == 1 and nzero == 1:
            alpha = 0.0
        if alpha == 1 and nzero > 1:
            numone += 1
        alphas.append(alpha)
    if nx > 0 and nzero > 1:
        changed = 0
        for i, alpha in enumerate(alphas):
            if alpha == 1 and changed < min(nx, numone):
                alphas[i] = 0.0
                changed += 1
    alphas.sort()
    low = alphas[math.trunc(0.025 * draws) - 1]
    high = alphas[math.trunc(0.975 * draws) + 1 - 1]
    shares = [sum(a < cut for a in alphas) / draws for cut in (0.8, 0.667)]
    return low, high, shares[0], shares[1]


def histogram_of(data: np.ndarray) -> list[int]:
    """Units to which exactly k of the judges gave a 1."""
    ones = data.sum(axis=0)
    return [int(np.sum(ones == k)) for k in range(data.shape[0] + 1)]


def random_data(case: int) -> tuple[np.ndarray, int, int]:
    """Judges × units of 0/1, with a prevalence, a draw count and a seed, from the case."""
    rng = np.random.default_rng(case)
    judges, units = int(rng.integers(2, 7)), int(rng.integers(1, 60))
    prevalence, agreement = rng.random(), rng.random()
    truth = rng.random(units) < prevalence
    flips = rng.random((judges, units)) > agreement
    data = (truth[None, :] ^ (flips & (rng.random((judges, units)) < 0.5))).astype(int)
    return data, int(rng.choice([100, 200, 1000])), int(rng.integers(0, 2**31))


@pytest.mark.parametrize("case", CASES)
def test_the_interval_is_kalphas_on_random_reliability_data(case: int) -> None:
    data, draws, seed = random_data(case)
    histogram = histogram_of(data)
    interval = alpha_interval(histogram, draws, seed=seed)
    if len(np.unique(data)) < 2:
        assert interval is None and alpha_from_histogram(histogram) is None
        return
    low, high, q8, q667 = kalpha_interval(data, draws, seed)
    assert interval is not None
    assert (interval.low, interval.high) == pytest.approx((low, high), abs=1e-12)
    assert (interval.below_reliable, interval.below_tentative) == (q8, q667)
    assert interval.draws == draws and interval.seed == seed and interval.level == 0.95
    assert -1.0 <= interval.low <= interval.high <= 1.0


def test_krippendorffs_binary_example() -> None:
    data = np.array([KRIPPENDORFF_A, KRIPPENDORFF_B])
    histogram = histogram_of(data)
    interval = alpha_interval(histogram)
    assert interval is not None and interval.seed == BOOTSTRAP_SEED and interval.draws == 1000
    # 10 units × 2 coders: 10 pairs of values, fewer than 25 · 4 non-zero coincidences.
    assert interval.pairs == 10
    assert (interval.low, interval.high) == pytest.approx(
        kalpha_interval(data, 1000, BOOTSTRAP_SEED)[:2], abs=1e-12
    )
    assert interval.low < alpha_from_histogram(histogram) < interval.high  # alpha = 0.095


def test_each_resample_draws_krippendorffs_capped_number_of_pairs() -> None:
    interval = alpha_interval([9000, 300, 700])  # 10,000 units, Q = 4 non-zero cells
    assert interval is not None and interval.pairs == 100
    assert interval.low <= alpha_from_histogram([9000, 300, 700]) <= interval.high


def test_no_interval_where_alpha_is_undefined_or_nothing_is_drawn() -> None:
    assert alpha_interval([10, 0, 0]) is None
    assert alpha_interval([0, 0, 4]) is None
    assert alpha_interval([5, 2, 3], draws=0) is None
    with pytest.raises(ValueError):
        alpha_interval([5, 2, 3], level=1.5)


def test_a_codes_interval_is_the_same_whatever_else_is_in_scope() -> None:
    rows = [(0, 0, 0, 0, 50), (0, 0, 1, 20, 70), (0, 0, 2, 10, 60)]
    alone = compute_agreement(["A", "B", "C"], ["k"], [("d", 200)], rows)
    extra = rows + [(1, 0, 0, 100, 120), (1, 0, 2, 150, 190)]
    together = compute_agreement(["A", "B", "C"], ["k", "other"], [("d", 200)], extra)
    assert together.codes[0].alpha_interval == alone.codes[0].alpha_interval is not None
    assert alone.overall.alpha_interval == alone.codes[0].alpha_interval
    again = compute_agreement(["A", "B", "C"], ["k"], [("d", 200)], rows)
    assert again.codes[0].alpha_interval == alone.codes[0].alpha_interval
    none = compute_agreement(["A", "B"], ["k"], [("d", 200)], rows[:2], AgreementOptions(draws=0))
    assert none.codes[0].alpha_interval is None and none.codes[0].alpha is not None
