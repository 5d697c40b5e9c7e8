"""Helpers (no tests): a per-character reference, sklearn's kappa and krippendorff's alpha."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

import krippendorff
import numpy as np
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

Row = tuple[int, int, int, int, int]


@dataclass(frozen=True)
class Scenario:
    """Random team coding: coders, codes, document sizes, spans, options."""

    coders: int
    codes: int
    sizes: tuple[int, ...]
    rows: tuple[Row, ...]
    threshold: float
    coded_only: bool

    @property
    def coder_names(self) -> list[str]:
        return [f"C{i}" for i in range(self.coders)]

    @property
    def code_names(self) -> list[str]:
        return [f"K{i}" for i in range(self.codes)]

    @property
    def documents(self) -> list[tuple[str, int]]:
        return [(f"D{i}", size) for i, size in enumerate(self.sizes)]

    def vectors(self, code: int, doc: int) -> np.ndarray:
        """Shape (coders, size): 1 where the coder coded the character with the code."""
        values = np.zeros((self.coders, self.sizes[doc]), dtype=int)
        for k, d, r, start, end in self.rows:
            if (k, d) == (code, doc):
                values[r, start:end] = 1
        return values

    def segments(self, code: int, doc: int, coder: int) -> list[tuple[int, int]]:
        """The coder's spans with overlapping ones merged (touching ones kept apart)."""
        spans = sorted((s, e) for k, d, r, s, e in self.rows if (k, d, r) == (code, doc, coder))
        merged: list[tuple[int, int]] = []
        for start, end in spans:
            if merged and start < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        return merged


@st.composite
def scenarios(draw: st.DrawFn, max_size: int = 40) -> Scenario:
    coders = draw(st.integers(2, 5))
    codes = draw(st.integers(1, 3))
    sizes = tuple(draw(st.lists(st.integers(0, max_size), min_size=1, max_size=3)))
    rows = []
    for _ in range(draw(st.integers(0, 25))):
        doc = draw(st.integers(0, len(sizes) - 1))
        if sizes[doc] == 0:
            continue
        start = draw(st.integers(0, sizes[doc] - 1))
        end = draw(st.integers(start + 1, sizes[doc]))
        rows.append(
            (draw(st.integers(0, codes - 1)), doc, draw(st.integers(0, coders - 1)), start, end)
        )
    threshold = draw(st.sampled_from([1.0, 25.0, 50.0, 66.5, 90.0, 100.0]))
    return Scenario(coders, codes, sizes, tuple(rows), threshold, draw(st.booleans()))


def table(a: np.ndarray, b: np.ndarray) -> tuple[int, int, int, int]:
    """both, a_only, b_only, neither of two 0/1 vectors."""
    return (
        int(((a == 1) & (b == 1)).sum()),
        int(((a == 1) & (b == 0)).sum()),
        int(((a == 0) & (b == 1)).sum()),
        int(((a == 0) & (b == 0)).sum()),
    )


def sklearn_kappa(a: np.ndarray, b: np.ndarray) -> float | None:
    """sklearn's kappa; its NaN (chance agreement 1): 1 if both coded all, None if neither."""
    return _sklearn_kappa(table(a, b))


@cache
def _sklearn_kappa(counts: tuple[int, int, int, int]) -> float | None:
    """sklearn on the per-character vectors of a 2×2 table, in a canonical order.

    Kappa does not depend on the order of units, so equal tables share one call.
    """
    both, a_only, b_only, neither = counts
    a = np.array([1] * (both + a_only) + [0] * (b_only + neither))
    b = np.array([1] * both + [0] * a_only + [1] * b_only + [0] * neither)
    if len(a) == 0:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = float(cohen_kappa_score(a, b, labels=[0, 1]))
    if math.isnan(value):
        return 1.0 if np.array_equal(a, b) and a.any() else None
    return value


def krippendorff_alpha(data: np.ndarray) -> float | None:
    """The krippendorff package's nominal alpha; None where it has no expected disagreement."""
    if data.shape[1] == 0 or len(np.unique(data)) < 2:
        return None
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def matched(mine: list[tuple[int, int]], theirs: list[tuple[int, int]], threshold: float) -> int:
    """How many of ``mine`` overlap one of ``theirs`` by ≥ threshold % of the union (exact)."""
    count = 0
    for a in mine:
        for b in theirs:
            shared = min(a[1], b[1]) - max(a[0], b[0])
            spread = max(a[1], b[1]) - min(a[0], b[0])
            if shared > 0 and 100 * shared >= Fraction(threshold) * spread:
                count += 1
                break
    return count


def close(actual: float | None, expected: float | None) -> bool:
    if actual is None or expected is None:
        return actual is None and expected is None
    return abs(actual - expected) <= 1e-9
