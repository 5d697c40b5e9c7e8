"""Gwet's AC1, Brennan–Prediger and Fleiss' kappa: published examples, then packages at random.

Independent implementations: the `agreement` package (Gwet's gamma = AC1, the S score =
Brennan–Prediger) and statsmodels' `fleiss_kappa` (Fleiss' method, and Randolph's free-marginal
kappa, which is Brennan–Prediger for complete data). A cross-check against irrCAC (Gwet's own
formulas, ported from his R package) agreed to 1e-15 on 400 random tables with missing ratings;
irrCAC pins scipy to 1.12, so it is not a test dependency.
"""

from __future__ import annotations

import agreement as agreement_package
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.inter_rater import fleiss_kappa

from qcode.analysis.agreement.chance import Chance, chance_corrected, over_coders
from qcode.analysis.agreement.measures import (
    PairCounts,
    alpha_from_histogram,
    brennan_prediger,
    gwet_ac1,
)
from tests.analysis.agreement.test_agreement_reference import close

counts_st = st.builds(PairCounts, *(st.integers(0, 60) for _ in range(4)))
SEEDS = range(300)

# Gwet, K. L. (2014). Handbook of Inter-Rater Reliability (4th ed.), Advanced Analytics: the
# example of 4 raters classifying 12 units into 5 categories, some ratings missing (units in
# rows, raters in columns, None = not rated). Published (and printed by Gwet's irrCAC package):
# p_a = 0.81818; AC1 = 0.77544 (p_e = 0.19032); Fleiss' kappa = 0.76117 (p_e = 0.23872);
# Brennan–Prediger = 0.77273 (p_e = 0.2).
FOUR_RATERS = [
    (1, 1, None, 1),
    (2, 2, 3, 2),
    (3, 3, 3, 3),
    (3, 3, 3, 3),
    (2, 2, 2, 2),
    (1, 2, 3, 4),
    (4, 4, 4, 4),
    (1, 1, 2, 1),
    (2, 2, 2, 2),
    (None, 5, 5, 5),
    (None, None, 1, 1),
    (None, None, 3, None),
]
# Gwet (2014), the same handbook: 100 pregnant women classified by 2 abstractors as ectopic,
# abnormal intrauterine or normal intrauterine pregnancy (rows abstractor 1, columns 2).
# Published: p_a = 0.89, AC1 = 0.84933 (p_e = 0.26992).
ABSTRACTORS = [[13, 0, 0], [0, 20, 7], [0, 4, 56]]
# Fleiss' kappa, Wikipedia's worked example: 10 subjects, 14 raters, 5 categories (counts of
# raters per category). Published: P̄ = 0.378, P̄_e = 0.213, kappa = 0.210.
FOURTEEN_RATERS = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]
# Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability, section A: binary data,
# two observers, no missing values. Published: alpha = 0.095.
KRIPPENDORFF_A = (0, 1, 0, 0, 0, 0, 0, 0, 1, 0)
KRIPPENDORFF_B = (1, 1, 1, 0, 0, 1, 0, 0, 0, 0)


def distribution(units: list[tuple[int | None, ...]], values: list[int]) -> list[list[int]]:
    """Raters per value for each unit (the table the coefficients read)."""
    return [[row.count(v) for v in values] for row in units]


def pair_rows(counts: PairCounts) -> tuple[list[list[int]], list[int]]:
    """A 2×2 table as two coders' distribution: units valued 1 by two, one or none of them."""
    rows = [[0, 2], [1, 1], [2, 0]]
    return rows, [counts.both, counts.a_only + counts.b_only, counts.neither]


def test_gwets_four_raters_with_missing_ratings() -> None:
    figures = chance_corrected(distribution(FOUR_RATERS, [1, 2, 3, 4, 5]))
    assert figures.observed == pytest.approx(0.81818, abs=5e-6)
    assert figures.ac1 == pytest.approx(0.77544, abs=5e-6)
    assert figures.fleiss == pytest.approx(0.76117, abs=5e-6)
    assert figures.bp == pytest.approx(0.77273, abs=5e-6)


def test_gwets_two_abstractors_contingency_table() -> None:
    rows, weights = [], []
    for i, line in enumerate(ABSTRACTORS):
        for j, count in enumerate(line):
            row = [0, 0, 0]
            row[i] += 1
            row[j] += 1
            rows.append(row)
            weights.append(count)
    figures = chance_corrected(rows, weights)
    assert figures.observed == pytest.approx(0.89, abs=1e-12)
    assert figures.ac1 == pytest.approx(0.84933, abs=5e-6)
    assert figures.bp == pytest.approx((0.89 - 1 / 3) / (2 / 3), abs=1e-12)


def test_the_fleiss_kappa_worked_example() -> None:
    figures = chance_corrected(FOURTEEN_RATERS)
    assert figures.observed == pytest.approx(0.378, abs=5e-4)
    assert figures.fleiss == pytest.approx(0.210, abs=5e-4)
    assert figures.fleiss == pytest.approx(fleiss_kappa(np.array(FOURTEEN_RATERS)), abs=1e-12)


def test_krippendorffs_binary_example_and_scotts_pi() -> None:
    a, b = np.array(KRIPPENDORFF_A), np.array(KRIPPENDORFF_B)
    histogram = [int(np.sum(a + b == k)) for k in range(3)]
    assert alpha_from_histogram(histogram) == pytest.approx(0.095, abs=5e-4)
    # For two coders Fleiss' kappa is Scott's pi, and alpha = 1 − (n − 1)/n · (1 − pi)
    # with n = 20 values (Krippendorff 2011): pi = (0.6 − 0.58)/(1 − 0.58).
    pi = over_coders(histogram).fleiss
    assert pi == pytest.approx(0.02 / 0.42, abs=1e-12)
    assert alpha_from_histogram(histogram) == pytest.approx(1 - 19 / 20 * (1 - pi), abs=1e-12)


def test_not_applicable_and_degenerate_cases() -> None:
    assert gwet_ac1(PairCounts(neither=50)) is None and brennan_prediger(PairCounts()) is None
    assert gwet_ac1(PairCounts(both=7)) == 1.0 and brennan_prediger(PairCounts(both=7)) == 1.0
    assert brennan_prediger(PairCounts(a_only=4, b_only=6)) == -1.0
    assert over_coders([30, 0, 0, 0]) == Chance()  # nobody coded anything: nothing to agree on
    assert chance_corrected([[1, 0], [0, 1]]) == Chance()  # no unit has two ratings
    everyone = over_coders([0, 0, 9])
    assert everyone.fleiss is None and everyone.ac1 == 1.0 and everyone.bp == 1.0
    with pytest.raises(ValueError):
        over_coders([3, 4])


@settings(max_examples=400)
@given(counts_st)
def test_pair_ac1_and_bp_match_the_agreement_package_and_the_general_formula(
    counts: PairCounts,
) -> None:
    rows, weights = pair_rows(counts)
    general = chance_corrected(rows, weights, 2)
    assert close(counts.ac1, general.ac1 if counts.any_coded else None)
    assert close(counts.bp, general.bp if counts.any_coded else None)
    if counts.any_coded:
        table = np.repeat(np.array(rows, dtype=float), weights, axis=0)
        assert close(counts.ac1, float(agreement_package.gwets_gamma(table)))
        assert close(counts.bp, float(agreement_package.s_score(table)))


def sizes(rng: np.random.Generator, fewest_raters: int) -> tuple[int, int, int]:
    """Raters, units and values of a random table."""
    return int(rng.integers(fewest_raters, 7)), int(rng.integers(2, 30)), int(rng.integers(2, 5))


@pytest.mark.parametrize("seed", SEEDS)
def test_general_coefficients_match_statsmodels_and_the_agreement_package(seed: int) -> None:
    rng = np.random.default_rng(seed)
    raters, units, values = sizes(rng, 2)
    ratings = rng.integers(0, values, size=(units, raters))
    table = np.stack([(ratings == v).sum(axis=1) for v in range(values)], axis=1)
    figures = chance_corrected(table.tolist(), values=values)
    with np.errstate(divide="ignore", invalid="ignore"):
        expected_fleiss = float(fleiss_kappa(table, method="fleiss"))
    assert close(figures.fleiss, None if np.isnan(expected_fleiss) else expected_fleiss)
    assert close(figures.bp, float(fleiss_kappa(table, method="randolph")))
    assert close(figures.ac1, float(agreement_package.gwets_gamma(table.astype(float))))
    assert close(figures.bp, float(agreement_package.s_score(table.astype(float))))


@pytest.mark.parametrize("seed", SEEDS)
def test_coefficients_with_missing_ratings_match_the_agreement_package(seed: int) -> None:
    rng = np.random.default_rng(10_000 + seed)
    raters, units, values = sizes(rng, 3)
    ratings = rng.integers(0, values, size=(units, raters))
    rated = rng.random((units, raters)) > 0.25
    rated[:, 0] = True  # every unit has a rating
    table = np.stack([((ratings == v) & rated).sum(axis=1) for v in range(values)], axis=1)
    if not (table.sum(axis=1) >= 2).any():
        table[0, 0] += 1
    figures = chance_corrected(table.tolist(), values=values)
    assert close(figures.ac1, float(agreement_package.gwets_gamma(table.astype(float))))
    assert close(figures.bp, float(agreement_package.s_score(table.astype(float))))


@settings(max_examples=300)
@given(
    st.integers(2, 7).flatmap(lambda m: st.lists(st.integers(0, 9), min_size=m + 1, max_size=m + 1))
)
def test_over_coders_from_a_histogram_matches_statsmodels(histogram: list[int]) -> None:
    m = len(histogram) - 1
    table = np.array([[m - k, k] for k, count in enumerate(histogram) for _ in range(count)])
    figures = over_coders(histogram)
    if not any(histogram[1:]) or len(table) == 0:
        assert figures == Chance()
        return
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = float(fleiss_kappa(table, method="fleiss"))
    assert close(figures.fleiss, None if np.isnan(expected) else expected)
    assert close(figures.bp, float(fleiss_kappa(table, method="randolph")))
    assert close(figures.ac1, float(agreement_package.gwets_gamma(table.astype(float))))
