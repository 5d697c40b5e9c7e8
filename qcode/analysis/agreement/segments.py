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
class SegmentIndex:
    """Each coder's segments on the shared number line, in order, with their groups."""

    groups: int
    lo: tuple[Ints, ...]
    hi: tuple[Ints, ...]
    group: tuple[Ints, ...]

    @classmethod
    def of(cls, cov: Coverage) -> SegmentIndex:
        order = np.argsort(cov.seg_coder, kind="stable")  # keeps group, start order
        bounds = np.searchsorted(cov.seg_coder[order], np.arange(cov.coders + 1))
        base = cov.seg_group * cov.stride
        lo, hi = (base + cov.seg_start)[order], (base + cov.seg_end)[order]
        group = cov.seg_group[order]
        cuts = list(zip(bounds[:-1], bounds[1:], strict=True))
        return cls(
            cov.groups,
            tuple(lo[i:j] for i, j in cuts),
            tuple(hi[i:j] for i, j in cuts),
            tuple(group[i:j] for i, j in cuts),
        )


def segment_matches(index: SegmentIndex, a: int, b: int, threshold: float) -> Ints:
    """Match coder ``a``'s segments against coder ``b``'s (and back), per group.

    Shape (4, groups): ``a``'s segments, those matched, ``b``'s segments, those matched
    (the fields of :class:`SegmentMatch`).
    """
    a_lo, a_hi, b_lo, b_hi = index.lo[a], index.hi[a], index.lo[b], index.hi[b]
    # Segments of one coder are sorted and do not overlap, so the b segments overlapping
    # an a segment are a contiguous index range [first, stop).
    first = np.searchsorted(b_hi, a_lo, side="right")
    stop = np.searchsorted(b_lo, a_hi, side="left")
    count = np.maximum(stop - first, 0)
    a_idx = np.repeat(np.arange(len(a_lo)), count)
    offsets = np.cumsum(count) - count
    b_idx = first[a_idx] + (np.arange(len(a_idx)) - offsets[a_idx])
    shared = np.minimum(a_hi[a_idx], b_hi[b_idx]) - np.maximum(a_lo[a_idx], b_lo[b_idx])
    spread = np.maximum(a_hi[a_idx], b_hi[b_idx]) - np.minimum(a_lo[a_idx], b_lo[b_idx])
    good = 100.0 * shared >= threshold * spread
    a_ok = np.zeros(len(a_lo), dtype=bool)
    a_ok[a_idx[good]] = True
    b_ok = np.zeros(len(b_lo), dtype=bool)
    b_ok[b_idx[good]] = True
    group_a, group_b = index.group[a], index.group[b]
    size = index.groups
    return np.stack(
        [
            np.bincount(group_a, minlength=size),
            np.bincount(group_a[a_ok], minlength=size),
            np.bincount(group_b, minlength=size),
            np.bincount(group_b[b_ok], minlength=size),
        ]
    ).astype(np.int64)
