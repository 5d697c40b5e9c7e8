"""A confidence interval for Krippendorff's alpha by his bootstrap, for binary values.

Krippendorff (2006, revised 2011), "Algorithm for bootstrapping a distribution of α", as
Hayes's KALPHA macro (version 3.0, 2011) carries it out. From the coincidences o_ck of the
reliability data (n pairable values, m coders, every unit valued by every coder):

1. the interval [0, 1) is cut into segments o₀₀/n, 2·o₀₁/n, o₁₁/n, each carrying its
   disagreement δ (0, 1, 0 for nominal data);
2. M = min(25·Q, (m − 1)·n/2) draws per resample, Q the number of non-zero cells of the
   2×2 coincidence matrix (Krippendorff's practical cap; it does not grow with the data);
3. each of X resamples draws M uniform numbers, sums their δ and gives
   α* = 1 − Σδ/(M·D_e), D_e = 2·n₀·n₁/(n(n − 1)) the expected disagreement per pair;
   α* below −1 is set to −1; α* = 1 is set to 0 where only one value was ever coded;
4. of the α* = 1, as many as X·Σ_c (o_cc/n)^P (rounded; P the number of pairs of values) are
   set to 0, for the samples whose lack of variation should leave α undefined.

The interval is the sorted α* at ranks ⌊X·(1 − L)/2⌋ and ⌊X·(1 + L)/2⌋ + 1 (1-based), as
KALPHA prints it; q is the share of α* below Krippendorff's .800 and .667. The uniform
numbers come from numpy's default generator with a fixed seed, so a figure is the same on
every run and does not depend on what else is in scope.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import numpy as np

from qcode.analysis.agreement.measures import ALPHA_RELIABLE, ALPHA_TENTATIVE

BOOTSTRAP_DRAWS = 1000
BOOTSTRAP_LEVEL = 0.95
BOOTSTRAP_SEED = 12345


@dataclass(frozen=True, slots=True)
class AlphaInterval:
    """A bootstrapped confidence interval for alpha, and how it was drawn."""

    low: float
    high: float
    level: float
    draws: int
    """X, the number of resamples."""
    pairs: int
    """M, the pairs of values drawn in each resample."""
    seed: int
    below_reliable: float
    """Share of the resampled alphas below .800 (Krippendorff's q for α_min = .800)."""
    below_tentative: float
    """Share below .667."""


@dataclass(frozen=True, slots=True)
class Coincidences:
    """The 2×2 coincidence matrix of binary reliability data (o₀₁ = o₁₀), exactly."""

    o00: Fraction
    o01: Fraction
    o11: Fraction
    coders: int
    units: int

    @classmethod
    def of(cls, histogram: Sequence[int]) -> Coincidences:
        """From ``histogram[k]``: units to which exactly k of the m coders gave a 1."""
        m = len(histogram) - 1
        if m < 2:
            raise ValueError("alpha needs at least two coders")
        pairs = [(k, int(count)) for k, count in enumerate(histogram)]
        o00 = Fraction(sum(c * (m - k) * (m - k - 1) for k, c in pairs), m - 1)
        o01 = Fraction(sum(c * k * (m - k) for k, c in pairs), m - 1)
        o11 = Fraction(sum(c * k * (k - 1) for k, c in pairs), m - 1)
        return cls(o00, o01, o11, m, sum(c for _k, c in pairs))

    @property
    def values(self) -> int:
        """n, the pairable values: m per unit."""
        return self.coders * self.units

    @property
    def value_pairs(self) -> int:
        """P, the pairs of values within units: m(m − 1)/2 per unit."""
        return self.units * self.coders * (self.coders - 1) // 2


def alpha_interval(
    histogram: Sequence[int],
    draws: int = BOOTSTRAP_DRAWS,
    level: float = BOOTSTRAP_LEVEL,
    seed: int = BOOTSTRAP_SEED,
) -> AlphaInterval | None:
    """Krippendorff's bootstrap interval for the alpha of a coverage histogram.

    None where alpha is undefined (no units, or every value the same) or ``draws`` is 0.
    """
    if not 0 < level < 1:
        raise ValueError("the confidence level is a share between 0 and 1")
    co = Coincidences.of(histogram)
    n = co.values
    zeros, ones = co.o00 + co.o01, co.o11 + co.o01
    if draws <= 0 or zeros == 0 or ones == 0:
        return None
    cells = (co.o00 > 0) + 2 * (co.o01 > 0) + (co.o11 > 0)
    pairs = min(25 * cells, (co.coders - 1) * n // 2)
    expected = 2 * zeros * ones / (n * (n - 1))
    low_edge = float(co.o00 / n)
    high_edge = float((co.o00 + 2 * co.o01) / n)
    uniform = _uniform(seed, draws, pairs)
    disagreements = ((uniform >= low_edge) & (uniform <= high_edge)).sum(axis=1)
    alphas = np.maximum(1.0 - disagreements / (float(expected) * pairs), -1.0)
    alphas = _corrected(alphas, disagreements == 0, co)
    alphas.sort()
    tail = (1 - Fraction(str(level))) / 2
    low_rank = max(math.floor(draws * tail), 1)
    high_rank = min(math.floor(draws * (1 - tail)) + 1, draws)
    return AlphaInterval(
        float(alphas[low_rank - 1]),
        float(alphas[high_rank - 1]),
        level,
        draws,
        pairs,
        seed,
        float(np.mean(alphas < ALPHA_RELIABLE)),
        float(np.mean(alphas < ALPHA_TENTATIVE)),
    )


def _corrected(alphas: np.ndarray, perfect: np.ndarray, co: Coincidences) -> np.ndarray:
    """Steps 3 and 4: resamples of perfect agreement that should leave alpha undefined → 0."""
    seen = (co.o00 > 0) + (co.o11 > 0)  # values on the diagonal: coded at all
    if seen == 1:
        return np.where(perfect, 0.0, alphas)
    n = co.values
    chance = sum(float(o / n) ** co.value_pairs for o in (co.o00, co.o11))
    undefined = math.floor(len(alphas) * chance + 0.5)
    if seen > 1 and undefined > 0:
        which = np.flatnonzero(perfect)[:undefined]
        alphas = alphas.copy()
        alphas[which] = 0.0
    return alphas


@lru_cache(maxsize=8)
def _uniform(seed: int, draws: int, pairs: int) -> np.ndarray:
    """The resamples' uniform numbers in [0, 1): the same for every code (read-only)."""
    numbers = np.random.default_rng(seed).random((draws, pairs))
    numbers.setflags(write=False)
    return numbers
