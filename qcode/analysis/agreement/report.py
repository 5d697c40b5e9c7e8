"""All agreement figures for a set of coders: per code × document × pair, per code, overall."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Generic, NamedTuple, TypeVar

import numpy as np

from qcode.analysis.agreement.bootstrap import (
    BOOTSTRAP_DRAWS,
    BOOTSTRAP_SEED,
    AlphaInterval,
    alpha_interval,
)
from qcode.analysis.agreement.chance import Chance, over_coders
from qcode.analysis.agreement.measures import DEFAULT_THRESHOLD, PairCounts, alpha_from_histogram
from qcode.analysis.agreement.pool import Groups, PairArrays, PairPools, Totals, pair_arrays
from qcode.analysis.agreement.segments import SegmentMatch, pair_overlaps
from qcode.analysis.agreement.sweep import Ints, build_coverage

C = TypeVar("C")  # a coder's label
K = TypeVar("K")  # a code's label
D = TypeVar("D")  # a document's label

SpanRow = tuple[int, int, int, int, int]
"""One coded span: code index, document index, coder index, start, end."""


@dataclass(frozen=True)
class AgreementOptions:
    """``threshold``: segment overlap % for a match; ``coded_only``: drop ``neither`` units;
    ``draws``, ``seed``: Krippendorff's bootstrap of alpha (0 draws: no interval)."""

    threshold: float = DEFAULT_THRESHOLD
    coded_only: bool = False
    draws: int = BOOTSTRAP_DRAWS
    seed: int = BOOTSTRAP_SEED


class CellAgreement(NamedTuple):
    """Two coders on one code in one document: character counts and segment matches."""

    code: object
    document: object
    coder_a: object
    coder_b: object
    both: int
    a_only: int
    b_only: int
    neither: int
    a_segments: int
    a_matched: int
    b_segments: int
    b_matched: int

    @property
    def counts(self) -> PairCounts:
        return PairCounts(self.both, self.a_only, self.b_only, self.neither)

    @property
    def segments(self) -> SegmentMatch:
        return SegmentMatch(self.a_segments, self.a_matched, self.b_segments, self.b_matched)


@dataclass(frozen=True)
class PairSummary(Generic[C]):
    """Two coders on a code over all documents in scope (or on all codes, for overall).

    ``counts`` pool characters; ``weighted_kappa`` is the mean of the per-document
    (per code × document, for overall) kappas weighted by their size, as NVivo users
    compute by hand, over the documents where either coder used the code (the others are
    not applicable); ``presence`` counts documents (code × document cells, for overall)
    by whether each coder used the code there at all. Overall pools only the codes either
    of the two used in scope, so a pair's figures depend on that pair and the scope alone.
    Gwet's AC1 and Brennan–Prediger are ``counts.ac1`` and ``counts.bp``.
    """

    coder_a: C
    coder_b: C
    counts: PairCounts
    weighted_kappa: float | None
    segments: SegmentMatch
    presence: PairCounts


@dataclass(frozen=True)
class CodeSummary(Generic[K, C]):
    """A code's (or, with ``code`` None, all codes') figures: over all coders, and per pair.

    ``alpha`` is Krippendorff's, ``alpha_interval`` its bootstrapped confidence interval;
    ``coders`` holds Fleiss' kappa, Gwet's AC1 and Brennan–Prediger over all the coders.
    """

    code: K | None
    alpha: float | None
    histogram: tuple[int, ...]
    """Units that exactly k of the coders coded, k = 0..coders (alpha's input)."""
    pairs: tuple[PairSummary[C], ...]
    alpha_interval: AlphaInterval | None = None
    coders: Chance = Chance()

    @property
    def fleiss(self) -> float | None:
        """Fleiss' kappa over all the coders (binary values, every unit valued by all)."""
        return self.coders.fleiss


@dataclass(frozen=True, eq=False)
class AgreementResult(Generic[K, D, C]):
    """Figures for every pair of coders per code and overall; per-document rows on demand.

    Compare results by their ``codes``, ``overall`` and ``cells()``, not as a whole
    (the per-cell arrays behind ``cells()`` are not comparable with ``==``).
    """

    coders: tuple[C, ...]
    code_labels: tuple[K, ...]
    documents: tuple[D, ...]
    options: AgreementOptions
    codes: tuple[CodeSummary[K, C], ...]
    overall: CodeSummary[K, C]
    groups: Groups
    pair_arrays: tuple[PairArrays, ...]
    cell_histograms: Ints | None = None
    """Shape (coded cells, coders + 1): characters exactly k of all the coders coded."""

    def coder_cells(self) -> list[tuple[K, D, tuple[int, ...]]]:
        """Each code × document cell some coder coded: its histogram over all the coders
        (the input of Fleiss' kappa and alpha for that cell), in code, document order."""
        if self.cell_histograms is None:
            return []
        codes, docs = self.code_labels, self.documents
        return [
            (codes[k], docs[d], tuple(int(v) for v in hist))
            for k, d, hist in zip(
                self.groups.code_of.tolist(),
                self.groups.doc_of.tolist(),
                self.cell_histograms,
                strict=True,
            )
        ]

    def cells(self) -> list[CellAgreement]:
        """Each code × document × pair where at least one of the two coded something.

        Ordered by code, document, then pair (in the order the coders were given).
        """
        return list(self.iter_cells())

    def iter_cells(self, chunk: int = 4096) -> Iterator[CellAgreement]:
        """The rows of :meth:`cells` one by one, made ``chunk`` at a time (for long reports)."""
        table = self._cell_table()
        pairs = [(self.coders[p.a], self.coders[p.b]) for p in self.pair_arrays]
        codes, docs = self.code_labels, self.documents
        for first in range(0, table.shape[1], chunk):
            for k, d, p, *rest in table[:, first : first + chunk].T.tolist():
                yield CellAgreement(codes[k], docs[d], *pairs[p], *rest)

    def _cell_table(self) -> Ints:
        """Code, document, pair and the counts of every coded cell as columns, in row order."""
        chunks = []
        for number, pair in enumerate(self.pair_arrays):
            coded = np.flatnonzero(pair.counts[:3].sum(axis=0) > 0)
            values = np.concatenate([pair.counts[:, coded], pair.segments[:, coded]])
            ids = np.stack([self.groups.code_of[coded], self.groups.doc_of[coded]])
            which = np.full((1, len(coded)), number)
            chunks.append(np.concatenate([ids, which, values]))
        table = np.concatenate(chunks, axis=1) if chunks else np.zeros((11, 0), np.int64)
        return table[:, np.lexsort(table[2::-1])]


def compute_agreement(
    coders: Sequence[C],
    codes: Sequence[K],
    documents: Sequence[tuple[D, int]],
    spans: Iterable[SpanRow] | np.ndarray,
    options: AgreementOptions | None = None,
) -> AgreementResult[K, D, C]:
    """Agreement of ``coders`` on ``codes`` over ``documents`` (label, size in characters).

    Each span row names indices into ``codes``, ``documents`` and ``coders``. Pair
    figures count characters (see :class:`PairCounts`); alpha is Krippendorff's nominal
    alpha over all coders with each character of each document a unit (overall: once
    per code). With ``coded_only``, units no coder coded are dropped: for a pair, the
    characters neither of the two coded; for alpha, those none of the coders coded.
    Work grows with the number of spans: cells nobody coded are counted in closed form.
    """
    options = options or AgreementOptions()
    if len(coders) < 2:
        raise ValueError("agreement needs at least two coders")
    rows = _as_rows(spans)
    sizes = np.array([size for _label, size in documents], dtype=np.int64)
    occupied, dense = np.unique(rows[:, 0] * len(documents) + rows[:, 1], return_inverse=True)
    groups = Groups.of(occupied, sizes, len(codes), options.coded_only)
    cov = build_coverage(dense, rows[:, 2], rows[:, 3], rows[:, 4], groups.sizes, len(coders))
    lengths = cov.coder_lengths()
    overlaps = pair_overlaps(cov, options.threshold)
    arrays = tuple(
        pair_arrays(cov, overlaps, lengths, pair, options.coded_only)
        for pair in combinations(range(len(coders)), 2)
    )
    pools = [PairPools.of(pair, lengths, groups) for pair in arrays]
    cell_hist = cov.histograms()
    hist = groups.histograms(cell_hist)
    if options.coded_only:
        cell_hist = cell_hist.copy()
        cell_hist[:, 0] = 0
    totals = [pool.totals() for pool in pools]
    names = [(coders[pool.a], coders[pool.b]) for pool in pools]
    per_code = tuple(
        _summary(codes[k], hist[k], names, [each[k] for each, _all in totals], options)
        for k in range(len(codes))
    )
    whole = [whole for _each, whole in totals]
    overall = _summary(None, hist.sum(axis=0), names, whole, options)
    labels = tuple(label for label, _size in documents)
    return AgreementResult(
        tuple(coders), tuple(codes), labels, options, per_code, overall, groups, arrays, cell_hist
    )


def rollup(parents: Mapping[int, int | None], scope: Sequence[int]) -> dict[int, list[int]]:
    """For ``--aggregate``: each code id → the indices in ``scope`` of itself and its ancestors.

    A span coded with a code then counts for every code in scope above it (and itself), so
    each code in scope gets the union of its own and its descendants' spans.
    """
    index = {code: i for i, code in enumerate(scope)}
    result: dict[int, list[int]] = {}
    for code in parents:
        found, current, seen = [], code, set()
        while current is not None and current not in seen:
            seen.add(current)
            if current in index:
                found.append(index[current])
            current = parents.get(current)
        if found:
            result[code] = found
    return result


def _as_rows(spans: Iterable[SpanRow] | np.ndarray) -> Ints:
    if isinstance(spans, np.ndarray):
        return spans.astype(np.int64, copy=False).reshape(-1, 5)
    return np.array(list(spans), dtype=np.int64).reshape(-1, 5)


def _summary(
    code: K | None,
    hist: Ints,
    names: Sequence[tuple[C, C]],
    totals: Sequence[Totals],
    options: AgreementOptions,
) -> CodeSummary[K, C]:
    histogram = tuple(int(v) for v in hist)
    pairs = tuple(
        PairSummary(
            a, b, PairCounts(*counts), weighted, SegmentMatch(*segments), PairCounts(*presence)
        )
        for (a, b), (counts, weighted, segments, presence) in zip(names, totals, strict=True)
    )
    interval = alpha_interval(histogram, options.draws, seed=options.seed)
    alpha = alpha_from_histogram(histogram)
    return CodeSummary(code, alpha, histogram, pairs, interval, over_coders(histogram))
