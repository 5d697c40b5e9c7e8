"""Agreement on hundreds of random team codings, against per-character sklearn and krippendorff."""

from __future__ import annotations

from itertools import combinations

import numpy as np
from hypothesis import HealthCheck, given, settings

from qcode.analysis.agreement.measures import PairCounts, weighted_mean
from qcode.analysis.agreement.report import AgreementOptions, compute_agreement
from tests.analysis.agreement.test_agreement_reference import (
    Scenario,
    close,
    krippendorff_alpha,
    matched,
    scenarios,
    sklearn_kappa,
    table,
)

MANY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SOME = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def run(scn: Scenario):
    options = AgreementOptions(scn.threshold, scn.coded_only)
    return compute_agreement(scn.coder_names, scn.code_names, scn.documents, scn.rows, options)


def pair_vectors(scn: Scenario, a: int, b: int, cells: list[tuple[int, int]]):
    """Two coders' vectors over the given cells, concatenated; coded-only drops 0/0 units."""
    va = np.concatenate([scn.vectors(k, d)[a] for k, d in cells] or [np.zeros(0, int)])
    vb = np.concatenate([scn.vectors(k, d)[b] for k, d in cells] or [np.zeros(0, int)])
    if scn.coded_only:
        keep = (va == 1) | (vb == 1)
        va, vb = va[keep], vb[keep]
    return va, vb


def all_vectors(scn: Scenario, cells: list[tuple[int, int]]) -> np.ndarray:
    """Every coder's values over the given cells (units = columns); coded-only drops all-0."""
    data = np.concatenate(
        [scn.vectors(k, d) for k, d in cells] or [np.zeros((scn.coders, 0), int)], axis=1
    )
    return data[:, data.sum(axis=0) > 0] if scn.coded_only else data


@MANY
@given(scenarios())
def test_each_code_document_pair_matches_the_per_character_reference(scn: Scenario) -> None:
    result = run(scn)
    expected = []
    for k in range(scn.codes):
        for d in range(len(scn.sizes)):
            values = scn.vectors(k, d)
            for a, b in combinations(range(scn.coders), 2):
                counts = PairCounts(*table(values[a], values[b]))
                if not counts.any_coded:
                    continue
                counts = counts.coded_only() if scn.coded_only else counts
                seg_a, seg_b = scn.segments(k, d, a), scn.segments(k, d, b)
                segs = (
                    len(seg_a),
                    matched(seg_a, seg_b, scn.threshold),
                    len(seg_b),
                    matched(seg_b, seg_a, scn.threshold),
                )
                expected.append((f"K{k}", f"D{d}", f"C{a}", f"C{b}", counts, segs))
                va, vb = pair_vectors(scn, a, b, [(k, d)])
                assert close(counts.kappa, sklearn_kappa(va, vb))
    cells = result.cells()
    actual = [(c.code, c.document, c.coder_a, c.coder_b, c.counts, tuple(c[8:])) for c in cells]
    assert actual == expected


@MANY
@given(scenarios())
def test_pooled_figures_and_alpha_match_sklearn_and_krippendorff(scn: Scenario) -> None:
    result = run(scn)
    docs = range(len(scn.sizes))
    every = [(k, d) for k in range(scn.codes) for d in docs]
    for summary, cells in [
        *((result.codes[k], [(k, d) for d in docs]) for k in range(scn.codes)),
        (result.overall, every),
    ]:
        assert close(summary.alpha, krippendorff_alpha(all_vectors(scn, cells)))
        for pair in summary.pairs:
            a, b = int(pair.coder_a[1:]), int(pair.coder_b[1:])
            if summary.code is None:  # overall: the codes either of the two used
                cells = [(k, d) for k, d in every if k in used_by(scn, a, b)]
            va, vb = pair_vectors(scn, a, b, cells)
            assert pair.counts == PairCounts(*table(va, vb))
            assert close(pair.counts.kappa, sklearn_kappa(va, vb))
            if va.any() or vb.any():
                assert close(pair.counts.agreement, 100.0 * float(np.mean(va == vb)))
            # Per-cell kappas are checked against sklearn above; here their weighting.
            per_cell = [PairCounts(*table(*pair_vectors(scn, a, b, [c]))) for c in cells]
            weights = [(counts.kappa, counts.size) for counts in per_cell]
            assert close(pair.weighted_kappa, weighted_mean(weights))


def used_by(scn: Scenario, a: int, b: int) -> set[int]:
    """The codes coder a or coder b coded somewhere."""
    return {k for k, _d, r, s, e in scn.rows if r in (a, b) and e > s}


@MANY
@given(scenarios())
def test_code_presence_counts_documents_each_coder_used_the_code_in(scn: Scenario) -> None:
    result = run(scn)
    for k, summary in enumerate(result.codes):
        for pair in summary.pairs:
            a, b = int(pair.coder_a[1:]), int(pair.coder_b[1:])
            used_a = np.array([scn.vectors(k, d)[a].any() for d in range(len(scn.sizes))])
            used_b = np.array([scn.vectors(k, d)[b].any() for d in range(len(scn.sizes))])
            expected = PairCounts(*table(used_a.astype(int), used_b.astype(int)))
            assert pair.presence == (expected.coded_only() if scn.coded_only else expected)
    for i, pair in enumerate(result.overall.pairs):
        used = [s.pairs[i].presence for s in result.codes if s.pairs[i].counts.any_coded]
        assert pair.presence == sum(used, PairCounts())


@SOME
@given(scenarios(max_size=12))
def test_numpy_array_input_gives_the_same_result_as_tuples(scn: Scenario) -> None:
    options = AgreementOptions(scn.threshold, scn.coded_only)
    args = (scn.coder_names, scn.code_names, scn.documents)
    from_tuples = compute_agreement(*args, scn.rows, options)
    from_array = compute_agreement(*args, np.array(scn.rows, dtype=np.int64), options)
    assert from_array.cells() == from_tuples.cells()
    assert from_array.codes == from_tuples.codes and from_array.overall == from_tuples.overall
