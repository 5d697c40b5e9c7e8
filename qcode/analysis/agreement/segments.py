"""Segment-level agreement (MAXQDA's way) and code presence per document, over a Coverage.

A segment of coder A *matches* when coder B coded the same code in the same document on a
segment whose overlap with it is at least T % (default 90). The overlap of two segments is
their shared characters as a percentage of the characters in either (intersection over
union, |a ∩ b| / |a ∪ b|): symmetric, 100 only for identical spans, and never higher than
the overlap relative to the larger of the two segments.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qcode.analysis.agreement.sweep import Coverage, Ints
from qcode.analysis.intervals import Span


@dataclass(frozen=True, slots=True)
class SegmentMatch:
    """How many of each coder's segments the other coder matched."""

    a_segments: int = 0
    a_matched: int = 0
    b_segments: int = 0
    b_matched: int = 0

    @property
    def agreement(self) -> float | None:
        """Matched segments as a percentage of all segments of both coders; None if none."""
        total = self.a_segments + self.b_segments
        return 100.0 * (self.a_matched + self.b_matched) / total if total else None

    def __add__(self, other: SegmentMatch) -> SegmentMatch:
        return SegmentMatch(
            self.a_segments + other.a_segments,
            self.a_matched + other.a_matched,
            self.b_segments + other.b_segments,
            self.b_matched + other.b_matched,
        )


def overlap_percent(a: Span, b: Span) -> float:
    """100·|a ∩ b| / |a ∪ b| for two spans; 0 when they do not overlap."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    if shared <= 0:
        return 0.0
    return 100.0 * shared / (max(a[1], b[1]) - min(a[0], b[0]))


@dataclass(frozen=True)
class PairOverlaps:
    """For every two coders x, y, per group: characters both coded, x's segments y matched."""

    both: Ints
    """Shape (coders, coders, groups), filled for x < y only."""
    matched: Ints
    """Shape (coders, coders, groups): x's segments that y coded one matching."""
    segments: Ints
    """Shape (coders, groups): each coder's segments."""

    def pair_segments(self, a: int, b: int) -> Ints:
        """Shape (4, groups): the fields of :class:`SegmentMatch` for coders ``a``, ``b``."""
        counts, matched = self.segments, self.matched
        return np.stack([counts[a], matched[a, b], counts[b], matched[b, a]])


def pair_overlaps(cov: Coverage, threshold: float) -> PairOverlaps:
    """Overlaps of every two coders' segments, and which segments match at ``threshold`` %.

    Each coder's segments are disjoint, so two segments that overlap are of two coders, and
    every overlapping pair is found once: from the one that starts first (or either, on a tie).
    """
    lo, hi = cov.seg_lo, cov.seg_hi
    order = np.argsort(lo)
    lo, hi, coder, group = lo[order], hi[order], cov.seg_coder[order], cov.seg_group[order]
    first, second = _overlapping(lo, hi)
    first_hi, second_hi = hi[first], hi[second]
    shared = np.minimum(first_hi, second_hi) - lo[second]
    spread = np.maximum(first_hi, second_hi) - lo[first]
    shape = (cov.coders, cov.coders, cov.groups)
    one, other = coder[first], coder[second]
    key = (np.minimum(one, other) * cov.coders + np.maximum(one, other)) * cov.groups
    both = np.bincount(key + group[first], weights=shared, minlength=int(np.prod(shape)))
    good = np.flatnonzero(100.0 * shared >= threshold * spread)
    matched = _matched(coder, group, (first[good], second[good]), shape)
    return PairOverlaps(
        np.rint(both).astype(np.int64).reshape(shape), matched, cov.segment_counts()
    )


def _matched(coder: Ints, group: Ints, pairs: tuple[Ints, Ints], shape: tuple[int, ...]) -> Ints:
    """Shape (x, y, group): x's segments matching one of y's, from the matching index pairs."""
    coders, (first, second) = shape[0], pairs
    ok = np.zeros(len(coder) * coders, dtype=bool)
    ok[first * coders + coder[second]] = True
    ok[second * coders + coder[first]] = True
    segment, by = np.divmod(np.flatnonzero(ok), coders)
    key = (coder[segment] * coders + by) * shape[2] + group[segment]
    return np.bincount(key, minlength=int(np.prod(shape))).astype(np.int64).reshape(shape)


def _overlapping(lo: Ints, hi: Ints) -> tuple[Ints, Ints]:
    """Index pairs (i, j), i < j, of spans sorted by start where j starts inside i."""
    stop = np.searchsorted(lo, hi, side="left")
    count = stop - np.arange(1, len(lo) + 1)
    first = np.repeat(np.arange(len(lo)), count)
    # j runs from i + 1 on: its place among all pairs minus where i's pairs begin, plus i + 1.
    shift = np.repeat(np.arange(1, len(lo) + 1) - (np.cumsum(count) - count), count)
    return first, np.arange(len(first)) + shift
