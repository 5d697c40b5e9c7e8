"""Per-pair figures of each coded code × document cell, and their pooling per code.

Only cells someone coded are swept; a cell nobody coded is all ``neither`` (kappa 1,
code absent for both coders), so it is added per code in closed form.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qcode.analysis.agreement.segments import SegmentIndex, segment_matches
from qcode.analysis.agreement.sweep import Coverage, Ints

Totals = tuple[tuple[int, ...], float | None, tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class Groups:
    """The code × document cells that hold coding, and the rest of each code's documents."""

    code_of: Ints
    doc_of: Ints
    sizes: Ints
    codes: int
    uncoded_size: Ints
    """Per code: characters of the documents nobody coded it in (0 with coded-only)."""
    uncoded_docs: Ints
    """Per code: documents nobody coded it in (0 with coded-only)."""
    coded_only: bool

    @classmethod
    def of(cls, occupied: Ints, doc_sizes: Ints, codes: int, coded_only: bool) -> Groups:
        code_of, doc_of = np.divmod(occupied, max(1, len(doc_sizes)))
        sizes = doc_sizes[doc_of]
        none = np.zeros(codes, np.int64)
        groups = cls(code_of, doc_of, sizes, codes, none, none, coded_only)
        if coded_only:
            return groups
        uncoded_size = int(doc_sizes.sum()) - groups.per_code(sizes)
        uncoded_docs = len(doc_sizes) - np.bincount(code_of, minlength=codes)
        return cls(code_of, doc_of, sizes, codes, uncoded_size, uncoded_docs, coded_only)

    def per_code(self, values: np.ndarray) -> Ints:
        """Integer sums over each code's cells (exact: sums stay far below 2**53)."""
        return np.rint(self.per_code_float(values)).astype(np.int64)

    def per_code_float(self, values: np.ndarray) -> np.ndarray:
        return np.bincount(self.code_of, weights=values, minlength=self.codes)

    def histograms(self, cell_histograms: Ints) -> Ints:
        """Per code: characters exactly k coders coded, from the cells' histograms."""
        hist = np.stack([self.per_code(column) for column in cell_histograms.T], axis=1)
        hist[:, 0] = 0 if self.coded_only else hist[:, 0] + self.uncoded_size
        return hist


@dataclass(frozen=True)
class PairArrays:
    """One pair's figures per coded cell."""

    a: int
    b: int
    counts: Ints
    """Shape (4, cells): both, a_only, b_only, neither characters."""
    kappa: np.ndarray
    """Cohen's kappa per cell; NaN where it is undefined."""
    segments: Ints
    """Shape (4, cells): a's segments, matched, b's segments, matched."""


def pair_arrays(
    cov: Coverage,
    segments: SegmentIndex,
    lengths: Ints,
    pair: tuple[int, int],
    options: tuple[float, bool],
) -> PairArrays:
    """Character counts, kappa and segment matches of a pair of coders per cell.

    ``options`` are the segment overlap threshold (%) and whether to drop ``neither``.
    """
    (a, b), (threshold, coded_only) = pair, options
    both = cov.both_lengths(a, b)
    a_only, b_only = lengths[a] - both, lengths[b] - both
    neither = cov.sizes - lengths[a] - lengths[b] + both
    if coded_only:
        neither = np.zeros_like(neither)
    counts = np.stack([both, a_only, b_only, neither])
    matches = segment_matches(segments, a, b, threshold)
    return PairArrays(a, b, counts, kappa_array(counts), matches)


def kappa_array(counts: Ints) -> np.ndarray:
    """Cohen's kappa of each column of a (4, n) array of both, a_only, b_only, neither.

    The definition of :func:`qcode.analysis.agreement.measures.cohen_kappa`, with NaN for None.
    """
    both, a_only, b_only, neither = counts
    size = counts.sum(axis=0)
    chance = (both + a_only) * (both + b_only) + (neither + a_only) * (neither + b_only)
    numerator = size * (both + neither) - chance
    denominator = size * size - chance
    agree = (a_only == 0) & (b_only == 0) & (size > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        kappa = numerator / denominator
    return np.where(denominator == 0, np.where(agree, 1.0, np.nan), kappa)


@dataclass(frozen=True)
class PairPools:
    """One pair's figures pooled per code (columns), ready to sum for overall."""

    a: int
    b: int
    counts: Ints
    kappa_sum: np.ndarray
    kappa_weight: Ints
    segments: Ints
    presence: Ints

    @classmethod
    def of(cls, pair: PairArrays, lengths: Ints, groups: Groups) -> PairPools:
        counts = np.stack([groups.per_code(row) for row in pair.counts])
        counts[3] += groups.uncoded_size
        sizes = pair.counts.sum(axis=0)
        known = ~np.isnan(pair.kappa) & (sizes > 0)
        weight = np.where(known, sizes, 0)
        kappa_sum = groups.per_code_float(np.where(known, pair.kappa, 0.0) * weight)
        kappa_sum += groups.uncoded_size  # cells nobody coded: kappa 1, weighted by size
        in_a, in_b = lengths[pair.a] > 0, lengths[pair.b] > 0
        presence = np.stack(
            [groups.per_code(v) for v in (in_a & in_b, in_a & ~in_b, ~in_a & in_b, ~in_a & ~in_b)]
        )
        presence[3] = 0 if groups.coded_only else presence[3] + groups.uncoded_docs
        return cls(
            pair.a,
            pair.b,
            counts,
            kappa_sum,
            groups.per_code(weight) + groups.uncoded_size,
            np.stack([groups.per_code(row) for row in pair.segments]),
            presence,
        )

    def at(self, code: int | None) -> Totals:
        """Counts, weighted kappa, segment matches, presence: of one code, or all (None)."""
        pick = slice(None) if code is None else slice(code, code + 1)

        def total(array: np.ndarray) -> tuple[int, ...]:
            return tuple(int(v) for v in array[:, pick].sum(axis=1))

        weight = int(self.kappa_weight[pick].sum())
        weighted = float(self.kappa_sum[pick].sum()) / weight if weight else None
        return total(self.counts), weighted, total(self.segments), total(self.presence)
