"""Chance-corrected agreement of any number of coders: Fleiss' kappa, Gwet's AC1, Brennan–Prediger.

The three share observed agreement and differ in chance agreement (Gwet 2014, Handbook of
Inter-Rater Reliability, ch. 2–4; Fleiss 1971; Brennan & Prediger 1981). The input is the
distribution of values over units: ``rows[i][k]`` coders gave unit i the value k, and
``weights[i]`` units look like that. With r_i = Σ_k rows[i][k] coders valuing unit i:

- observed agreement p_a = Σ w_i Σ_k n_ik(n_ik − 1)/(r_i(r_i − 1)) / Σ w_i over units with
  r_i ≥ 2 (the share of agreeing ordered pairs of coders, per unit, averaged);
- π_k = Σ w_i n_ik / r_i / Σ w_i over units with r_i ≥ 1 (the value's share, per unit);
- Fleiss: p_e = Σ_k π_k²; Gwet's AC1: p_e = Σ_k π_k(1 − π_k)/(q − 1); Brennan–Prediger:
  p_e = 1/q, with q the number of values;
- coefficient = (p_a − p_e)/(1 − p_e), None where p_e = 1.

Computed exactly with fractions; for complete data Fleiss' is his 1971 kappa.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True, slots=True)
class Chance:
    """Observed agreement and the three chance-corrected coefficients (None: undefined)."""

    observed: float | None = None
    fleiss: float | None = None
    ac1: float | None = None
    bp: float | None = None


def chance_corrected(
    rows: Iterable[Sequence[int]],
    weights: Iterable[int] | None = None,
    values: int | None = None,
) -> Chance:
    """Fleiss' kappa, Gwet's AC1 and Brennan–Prediger of a distribution of values over units.

    ``values`` is the number of values q a coder could give (default: the rows' width).
    """
    table = [tuple(int(n) for n in row) for row in rows]
    counts = [int(w) for w in weights] if weights is not None else [1] * len(table)
    q = values if values is not None else (len(table[0]) if table else 0)
    rated = [(row, w, sum(row)) for row, w in zip(table, counts, strict=True) if w > 0]
    units = sum(w for _row, w, r in rated if r >= 1)
    pairable = sum(w for _row, w, r in rated if r >= 2)
    if q < 2 or pairable == 0:
        return Chance()
    observed = sum(
        (Fraction(w * sum(n * (n - 1) for n in row), r * (r - 1)) for row, w, r in rated if r >= 2),
        Fraction(0),
    ) / pairable
    shares = [
        sum((Fraction(w * row[k], r) for row, w, r in rated if r >= 1), Fraction(0)) / units
        for k in range(q)
    ]
    fleiss = sum(p * p for p in shares)
    gwet = sum(p * (1 - p) for p in shares) / (q - 1)
    return Chance(
        float(observed),
        _corrected(observed, fleiss),
        _corrected(observed, gwet),
        _corrected(observed, Fraction(1, q)),
    )


def over_coders(histogram: Sequence[int]) -> Chance:
    """The coefficients for binary values over m coders from a coverage histogram.

    ``histogram[k]`` units had the value 1 from exactly k of the m = len − 1 coders. Where
    no coder gave any unit a 1 there is nothing to agree on: all None (not applicable).
    """
    m = len(histogram) - 1
    if m < 2:
        raise ValueError("agreement over coders needs at least two coders")
    if not any(histogram[1:]):
        return Chance()
    return chance_corrected(((m - k, k) for k in range(m + 1)), histogram, 2)


def _corrected(observed: Fraction, chance: Fraction) -> float | None:
    return None if chance == 1 else float((observed - chance) / (1 - chance))
