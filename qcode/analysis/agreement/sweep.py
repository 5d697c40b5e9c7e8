"""Each coder's merged segments per code × document, and how many coders cover each character.

Everything here costs O(S log S) in the number of spans S, never in the number of characters:
spans are sorted once and merged per coder; the coverage count comes from +1/−1 boundary
events sorted once, each maximal run of characters with one count measured by its length.

A *group* is one code × document cell; all groups are laid end to end on one number line
(group ``g``'s offsets start at ``g · stride``) so a single sort serves all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Ints = NDArray[np.int64]

MAX_CODERS = 62
"""The most coders compared at once (pair tables grow with the square of the coders)."""


@dataclass(frozen=True)
class Coverage:
    """Per group: the merged segments of each coder, on the shared number line."""

    groups: int
    coders: int
    stride: int
    sizes: Ints
    """Characters in each group's document."""
    seg_group: Ints
    seg_coder: Ints
    seg_start: Ints
    seg_end: Ints
    """Each coder's segments (overlapping ones merged), sorted by coder, group, start."""

    @property
    def seg_lo(self) -> Ints:
        """Segment starts on the shared number line (ascending within each coder)."""
        return self.seg_group * self.stride + self.seg_start

    @property
    def seg_hi(self) -> Ints:
        return self.seg_group * self.stride + self.seg_end

    def coder_lengths(self) -> Ints:
        """Characters each coder coded, shape (coders, groups)."""
        key = self.seg_coder * self.groups + self.seg_group
        sums = _sum_by(key, self.seg_end - self.seg_start, self.coders * self.groups)
        return sums.reshape(self.coders, self.groups)

    def segment_counts(self) -> Ints:
        """Segments of each coder, shape (coders, groups)."""
        key = self.seg_coder * self.groups + self.seg_group
        counts = np.bincount(key, minlength=self.coders * self.groups).astype(np.int64)
        return counts.reshape(self.coders, self.groups)

    def histograms(self) -> Ints:
        """Shape (groups, coders + 1): characters that exactly k coders coded, k = 0..coders.

        Events are ``2·offset + 1`` for a start and ``2·offset`` for an end, sorted as plain
        integers: at one offset the order of events does not matter, as the runs of zero
        length between them are dropped.
        """
        events = np.sort(np.concatenate([self.seg_lo * 2 + 1, self.seg_hi * 2]))
        where = events >> 1
        covered = np.cumsum((events & 1) * 2 - 1)[:-1]
        length = np.diff(where)
        real = (length > 0) & (covered > 0)
        key = (where[:-1][real] // self.stride) * (self.coders + 1) + covered[real]
        width = self.coders + 1
        hist = _sum_by(key, length[real], self.groups * width).reshape(self.groups, width)
        hist[:, 0] = self.sizes - hist[:, 1:].sum(axis=1)
        return hist


def build_coverage(
    group: Ints, coder: Ints, start: Ints, end: Ints, sizes: Ints, coders: int
) -> Coverage:
    """Merge the spans (one entry per span in each array) of ``len(sizes)`` groups.

    Spans are clipped to their document; empty ones are dropped; a coder's overlapping
    spans within a group merge (spans that only touch stay separate segments).
    """
    if not 1 <= coders <= MAX_CODERS:
        raise ValueError(f"between 1 and {MAX_CODERS} coders can be compared")
    sizes = np.asarray(sizes, dtype=np.int64)
    groups = len(sizes)
    stride = int(sizes.max(initial=0)) + 1
    end = np.minimum(end, sizes[group]) if len(group) else end
    start = np.maximum(start, 0)
    keep = end > start
    line = coder[keep] * max(1, groups) + group[keep]
    merged_line, seg_start, seg_end = _merge_lines(line, start[keep], end[keep], stride)
    seg_coder, seg_group = np.divmod(merged_line, max(1, groups))
    return Coverage(groups, coders, stride, sizes, seg_group, seg_coder, seg_start, seg_end)


def _merge_lines(line: Ints, start: Ints, end: Ints, stride: int) -> tuple[Ints, Ints, Ints]:
    """Merge overlapping spans on each line; sorted by line then start.

    Spans with one start merge whatever their order, so the sort need not be stable.
    """
    if len(line) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    base = line * stride
    order = np.argsort(base + start)
    lo, hi = (base + start)[order], (base + end)[order]
    reach = np.maximum.accumulate(hi)
    fresh = np.ones(len(lo), dtype=bool)
    fresh[1:] = lo[1:] >= reach[:-1]
    first = np.flatnonzero(fresh)
    last = np.append(first[1:] - 1, len(lo) - 1)
    merged_lo, merged_hi = lo[first], reach[last]
    merged_line = merged_lo // stride
    offset = merged_line * stride
    return merged_line, merged_lo - offset, merged_hi - offset


def _sum_by(index: Ints, weights: Ints, size: int) -> Ints:
    """Integer sums of ``weights`` per ``index`` (exact: counts stay far below 2**53)."""
    return np.rint(np.bincount(index, weights=weights, minlength=size)).astype(np.int64)
