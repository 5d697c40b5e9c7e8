"""A sweep over span boundaries: which coders cover each run of characters, per code × document.

Everything here costs O(S log S) in the number of spans S, never in the number of characters:
spans are turned into +/− boundary events, sorted once, and the running set of coders is
kept as a bit mask (bit ``r`` set while coder ``r`` covers the text). Each maximal run of
characters with one mask is counted by its length.

A *group* is one code × document cell; all groups are laid end to end on one number line
(group ``g``'s offsets start at ``g · stride``) so a single sort serves all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Ints = NDArray[np.int64]

MAX_CODERS = 62
"""The coders covering a character are bits of one signed 64-bit mask."""


@dataclass(frozen=True)
class Coverage:
    """Per group: merged segments of each coder, and how many characters each mask covers."""

    groups: int
    coders: int
    stride: int
    sizes: Ints
    """Characters in each group's document."""
    seg_group: Ints
    seg_coder: Ints
    seg_start: Ints
    seg_end: Ints
    """Each coder's segments (overlapping ones merged), sorted by group, coder, start."""
    run_group: Ints
    run_mask: Ints
    run_length: Ints
    """Runs of characters of a group covered by exactly the coders in ``run_mask`` (not 0)."""

    def coder_lengths(self) -> Ints:
        """Characters each coder coded, shape (coders, groups)."""
        return np.stack([self._masked_sum(1 << r) for r in range(self.coders)])

    def both_lengths(self, a: int, b: int) -> Ints:
        """Characters both coders ``a`` and ``b`` coded, per group."""
        return self._masked_sum((1 << a) | (1 << b))

    def histograms(self) -> Ints:
        """Shape (groups, coders + 1): characters that exactly k coders coded, k = 0..coders."""
        ones = np.zeros(len(self.run_mask), dtype=np.int64)
        for r in range(self.coders):
            ones += (self.run_mask >> r) & 1
        key = self.run_group * (self.coders + 1) + ones
        hist = _sum_by(key, self.run_length, self.groups * (self.coders + 1))
        hist = hist.reshape(self.groups, self.coders + 1)
        hist[:, 0] = self.sizes - hist[:, 1:].sum(axis=1)
        return hist

    def _masked_sum(self, bits: int) -> Ints:
        chosen = (self.run_mask & bits) == bits
        return _sum_by(self.run_group, self.run_length * chosen, self.groups)


def build_coverage(
    group: Ints, coder: Ints, start: Ints, end: Ints, sizes: Ints, coders: int
) -> Coverage:
    """Sweep the spans (one entry per span in each array) of ``len(sizes)`` groups.

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
    segments = _merge_lines(group[keep] * coders + coder[keep], start[keep], end[keep], stride)
    line, seg_start, seg_end = segments
    seg_group, seg_coder = line // coders, line % coders
    runs = _sweep(seg_group * stride, seg_coder, seg_start, seg_end, stride, coders)
    return Coverage(groups, coders, stride, sizes, seg_group, seg_coder, seg_start, seg_end, *runs)


def _merge_lines(line: Ints, start: Ints, end: Ints, stride: int) -> tuple[Ints, Ints, Ints]:
    """Merge overlapping spans on each line; sorted by line then start."""
    if len(line) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    base = line * stride
    order = np.argsort(base + start, kind="stable")
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


def _sweep(
    base: Ints, coder: Ints, start: Ints, end: Ints, stride: int, coders: int
) -> tuple[Ints, Ints, Ints]:
    """Runs of characters with one coder mask (group, mask, length), from sorted events."""
    bit = np.left_shift(np.int64(1), coder)
    where = np.concatenate([base + start, base + end])
    delta = np.concatenate([bit, -bit])
    order = np.argsort(where, kind="stable")
    where, mask = where[order], np.cumsum(delta[order])
    length = np.diff(where)
    mask = mask[:-1]
    # Zero-length runs are transient states between events at one offset: dropped.
    real = (length > 0) & (mask != 0)
    return where[:-1][real] // stride, mask[real], length[real]


def _sum_by(index: Ints, weights: Ints, size: int) -> Ints:
    """Integer sums of ``weights`` per ``index`` (exact: counts stay far below 2**53)."""
    return np.rint(np.bincount(index, weights=weights, minlength=size)).astype(np.int64)
