"""Per-pair figures of each coded code × document cell, and their pooling per code.

Only cells someone coded are swept; a cell nobody coded is all ``neither``, so it is added
per code in closed form. A cell neither coder of a pair coded is *not applicable* to that
pair: it has no kappa and no weight in the weighted kappa, and a code neither of the two
coded anywhere in scope is left out of the pair's overall figures, so a pair's figures never
depend on which other coders are named.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qcode.analysis.agreement.segments import PairOverlaps
from qcode.analysis.agreement.sweep import Coverage, Ints

Totals = tuple[tuple[int, ...], float | None, tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class Groups:
    """The code × document cells that hold coding, and the rest of each code's documents."""

    code_of: Ints
    """Each cell's code, ascending (cells are numbered in code, then document order)."""
    doc_of: Ints
    sizes: Ints
    codes: int
    bounds: Ints
    """Where each code's cells begin (and, last, where they all end)."""
    uncoded_size: Ints
    """Per code: characters of the documents nobody coded it in (0 with coded-only)."""
    uncoded_docs: Ints
    """Per code: documents nobody coded it in (0 with coded-only)."""
    coded_only: bool

    @classmethod
    def of(cls, occupied: Ints, doc_sizes: Ints, codes: int, coded_only: bool) -> Groups:
        """The cells ``code · documents + document`` in ``occupied`` (sorted, as np.unique)."""
        code_of, doc_of = np.divmod(occupied, max(1, len(doc_sizes)))
        sizes = doc_sizes[doc_of]
        bounds = np.searchsorted(code_of, np.arange(codes + 1))
        none = np.zeros(codes, np.int64)
        groups = cls(code_of, doc_of, sizes, codes, bounds, none, none, coded_only)
        if coded_only:
            return groups
        uncoded_size = int(doc_sizes.sum()) - groups.per_code_rows(sizes[None])[0]
        uncoded_docs = len(doc_sizes) - np.diff(bounds)
        return cls(code_of, doc_of, sizes, codes, bounds, uncoded_size, uncoded_docs, coded_only)

    def per_code_rows(self, values: np.ndarray) -> Ints:
        """Integer sums of each row of a (rows, cells) array over each code's cells."""
        sums = np.zeros((len(values), len(self.code_of) + 1), dtype=np.int64)
        np.cumsum(values, axis=1, out=sums[:, 1:])
        return sums[:, self.bounds[1:]] - sums[:, self.bounds[:-1]]

    def per_code_float(self, values: np.ndarray) -> np.ndarray:
        return np.bincount(self.code_of, weights=values, minlength=self.codes)

    def histograms(self, cell_histograms: Ints) -> Ints:
        """Per code: characters exactly k coders coded, from the cells' histograms."""
        hist = self.per_code_rows(cell_histograms.T).T.copy()
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
    cov: Coverage, overlaps: PairOverlaps, lengths: Ints, pair: tuple[int, int], coded_only: bool
) -> PairArrays:
    """Character counts, kappa and segment matches of a pair of coders per cell.

    With ``coded_only``, ``neither`` is dropped.
    """
    a, b = pair
    both = overlaps.both[a, b]
    a_only, b_only = lengths[a] - both, lengths[b] - both
    neither = cov.sizes - lengths[a] - lengths[b] + both
    if coded_only:
        neither = np.zeros_like(neither)
    counts = np.stack([both, a_only, b_only, neither])
    return PairArrays(a, b, counts, kappa_array(counts), overlaps.pair_segments(a, b))


def kappa_array(counts: Ints) -> np.ndarray:
    """Cohen's kappa of each column of a (4, n) array of both, a_only, b_only, neither.

    The definition of :func:`qcode.analysis.agreement.measures.cohen_kappa`, with NaN for None.
    """
    both, a_only, b_only, neither = counts
    size = counts.sum(axis=0)
    chance = (both + a_only) * (both + b_only) + (neither + a_only) * (neither + b_only)
    numerator = size * (both + neither) - chance
    denominator = size * size - chance
    agree = (a_only == 0) & (b_only == 0) & (both > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        kappa = numerator / denominator
    return np.where(denominator == 0, np.where(agree, 1.0, np.nan), kappa)


@dataclass(frozen=True)
class PairPools:
    """One pair's figures pooled per code (columns), ready to sum for overall."""

    a: int
    b: int
    table: Ints
    """Shape (13, codes): both, a_only, b_only, neither; kappa weight; the fields of
    SegmentMatch; presence (documents) as both, a_only, b_only, neither."""
    kappa_sum: np.ndarray

    @classmethod
    def of(cls, pair: PairArrays, lengths: Ints, groups: Groups) -> PairPools:
        sizes = pair.counts.sum(axis=0)
        known = ~np.isnan(pair.kappa) & (sizes > 0)
        weight = np.where(known, sizes, 0)
        kappa_sum = groups.per_code_float(np.where(known, pair.kappa, 0.0) * weight)
        in_a, in_b = lengths[pair.a] > 0, lengths[pair.b] > 0
        presence = np.stack([in_a & in_b, in_a & ~in_b, ~in_a & in_b, ~in_a & ~in_b])
        rows = np.concatenate([pair.counts, weight[None], pair.segments, presence])
        table = groups.per_code_rows(rows)
        table[3] += groups.uncoded_size  # cells nobody coded: neither, but no kappa weight
        table[12] = 0 if groups.coded_only else table[12] + groups.uncoded_docs
        return cls(pair.a, pair.b, table, kappa_sum)

    def totals(self) -> tuple[list[Totals], Totals]:
        """Counts, weighted kappa, segment matches, presence: of each code, and of all.

        All codes pools only the codes either of the two coded somewhere in scope.
        """
        columns = zip(self.table.T.tolist(), self.kappa_sum.tolist(), strict=True)
        per_code = [_totals(column, kappa_sum) for column, kappa_sum in columns]
        used = self.table[:3].sum(axis=0) > 0
        whole = self.table[:, used].sum(axis=1).tolist()
        return per_code, _totals(whole, float(self.kappa_sum[used].sum()))


def _totals(column: list[int], kappa_sum: float) -> Totals:
    weight = column[4]
    weighted = kappa_sum / weight if weight else None
    return tuple(column[:4]), weighted, tuple(column[5:9]), tuple(column[9:])
