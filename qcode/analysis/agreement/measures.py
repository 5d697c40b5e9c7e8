"""Agreement measures on counts: percent agreement, Cohen's kappa, Gwet's AC1, Brennan–Prediger,
Krippendorff's alpha, and the bands they are read with.

A 2×2 table where neither coder coded any unit (only ``neither``) is *not applicable*: the
pair never used the code there, so there is nothing to agree on and every pair figure of it
is None (never a flattering 1).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

KAPPA_BANDS: tuple[tuple[float, str], ...] = (
    (0.20, "slight"),
    (0.40, "fair"),
    (0.60, "moderate"),
    (0.80, "substantial"),
)
"""Landis & Koch (1977): upper bound of each band; below 0 is "poor", above .80 "almost perfect"."""

DEFAULT_THRESHOLD = 90.0
"""Overlap % (of the two segments together) at which two coders' segments match."""

ALPHA_RELIABLE = 0.800
ALPHA_TENTATIVE = 0.667
"""Krippendorff (2004): α ≥ .800 reliable; .667 ≤ α < .800 tentative conclusions only."""


@dataclass(frozen=True, slots=True)
class PairCounts:
    """How two coders' binary judgements over the same units compare.

    Units are characters for text agreement and documents for code presence.
    ``both``: units both coders coded; ``a_only``/``b_only``: units only one coded;
    ``neither``: units neither coded.
    """

    both: int = 0
    a_only: int = 0
    b_only: int = 0
    neither: int = 0

    @property
    def size(self) -> int:
        """The number of units compared."""
        return self.both + self.a_only + self.b_only + self.neither

    @property
    def agreement(self) -> float | None:
        """Percent agreement, 100·(both+neither)/size; None where neither coded (or no units)."""
        return percent_agreement(self)

    @property
    def kappa(self) -> float | None:
        """Cohen's kappa; see :func:`cohen_kappa`."""
        return cohen_kappa(self)

    @property
    def ac1(self) -> float | None:
        """Gwet's AC1; see :func:`gwet_ac1`."""
        return gwet_ac1(self)

    @property
    def bp(self) -> float | None:
        """Brennan and Prediger's coefficient; see :func:`brennan_prediger`."""
        return brennan_prediger(self)

    @property
    def any_coded(self) -> bool:
        """Whether at least one of the two coders coded some unit."""
        return self.both + self.a_only + self.b_only > 0

    def coded_only(self) -> PairCounts:
        """The same counts restricted to units at least one of the two coded."""
        return PairCounts(self.both, self.a_only, self.b_only, 0)

    def __add__(self, other: PairCounts) -> PairCounts:
        return PairCounts(
            self.both + other.both,
            self.a_only + other.a_only,
            self.b_only + other.b_only,
            self.neither + other.neither,
        )


def pooled(counts: Iterable[PairCounts]) -> PairCounts:
    """The sum of several count tables (units of several documents or codes together)."""
    total = PairCounts()
    for item in counts:
        total = total + item
    return total


def percent_agreement(counts: PairCounts) -> float | None:
    """100·(both+neither)/size, or None when neither coder coded any unit (not applicable)."""
    if not counts.any_coded:
        return None
    return 100.0 * (counts.both + counts.neither) / counts.size


def cohen_kappa(counts: PairCounts) -> float | None:
    """Cohen's kappa on a 2×2 table, computed exactly on integers.

    Observed agreement p_o = (both+neither)/size; chance agreement
    p_e = ((both+a_only)(both+b_only) + (neither+a_only)(neither+b_only))/size²;
    kappa = (p_o − p_e)/(1 − p_e). Where p_e is 1 (possible only when both coders give
    every unit the same value), kappa is 1 if both coded every unit. Where neither coder
    coded any unit (or there are none) it is None: not applicable.
    """
    b, a, o, n = counts.both, counts.a_only, counts.b_only, counts.neither
    size = counts.size
    if not counts.any_coded:
        return None
    chance = (b + a) * (b + o) + (n + a) * (n + o)  # p_e · size²
    if chance == size * size:
        return 1.0 if a == 0 and o == 0 else None
    return (size * (b + n) - chance) / (size * size - chance)


def gwet_ac1(counts: PairCounts) -> float | None:
    """Gwet's AC1 (Gwet 2008, 2014) for two coders and two values, exactly on integers.

    p_a = (both+neither)/size; with π = (2·both + a_only + b_only)/(2·size) the share of
    the coders' values that are 1, chance agreement is p_e = 2π(1 − π) (Σ_k π_k(1 − π_k)
    over q − 1 = 1), and AC1 = (p_a − p_e)/(1 − p_e). p_e never exceeds ½, so AC1 is
    defined wherever the pair coded something; None where neither coded (not applicable).
    """
    if not counts.any_coded:
        return None
    size = counts.size
    ones = 2 * counts.both + counts.a_only + counts.b_only  # 2·size·π
    spread = ones * (2 * size - ones)  # 2·size²·p_e
    return (2 * size * (counts.both + counts.neither) - spread) / (2 * size * size - spread)


def brennan_prediger(counts: PairCounts) -> float | None:
    """Brennan & Prediger's (1981) coefficient for two values: chance agreement 1/q = ½.

    (p_a − ½)/(1 − ½) = 2·p_a − 1 (Bennett, Alpert & Goldstein's S; Randolph's free-marginal
    kappa for two coders). None where neither coder coded any unit (not applicable).
    """
    if not counts.any_coded:
        return None
    return (2 * (counts.both + counts.neither) - counts.size) / counts.size


def alpha_from_histogram(histogram: Sequence[int]) -> float | None:
    """Krippendorff's alpha (nominal) for binary values from a coverage histogram.

    ``histogram[k]`` is the number of units to which exactly ``k`` of the ``m`` coders
    gave the value 1 (``m = len(histogram) - 1``); every coder values every unit.
    A unit with k ones adds k(k−1)/(m−1) to the coincidence o₁₁, (m−k)(m−k−1)/(m−1) to
    o₀₀ and k(m−k)/(m−1) to each of o₀₁ and o₁₀. With n = m·units values, n₁ ones and
    n₀ zeros: α = 1 − (n−1)·o₀₁/(n₀·n₁). None where expected disagreement is 0
    (no units, or every value the same).
    """
    m = len(histogram) - 1
    if m < 2:
        raise ValueError("alpha needs at least two coders")
    units = sum(histogram)
    n = m * units
    ones = sum(k * count for k, count in enumerate(histogram))
    zeros = n - ones
    if ones == 0 or zeros == 0:
        return None
    disagreeing = sum(count * k * (m - k) for k, count in enumerate(histogram))  # (m−1)·o₀₁
    return 1.0 - ((n - 1) * disagreeing) / ((m - 1) * zeros * ones)


def weighted_mean(values: Iterable[tuple[float | None, int]]) -> float | None:
    """The weight-weighted mean of (value, weight) pairs, skipping None values.

    NVivo users average per-document kappas weighted by document size this way.
    """
    total = weight_sum = 0.0
    for value, weight in values:
        if value is not None and weight > 0:
            total += value * weight
            weight_sum += weight
    return total / weight_sum if weight_sum else None


def kappa_band(kappa: float | None) -> str:
    """Landis & Koch's reading of a kappa: a label to guide, never a verdict."""
    if kappa is None:
        return "n/a"
    if kappa < 0:
        return "poor"
    for upper, label in KAPPA_BANDS:
        if kappa <= upper:
            return label
    return "almost perfect"


def alpha_band(alpha: float | None) -> str:
    """Krippendorff's reading of an alpha: a label to guide, never a verdict."""
    if alpha is None:
        return "n/a"
    if alpha >= ALPHA_RELIABLE:
        return "reliable"
    if alpha >= ALPHA_TENTATIVE:
        return "tentative"
    return "not reliable"
