"""Agreement measures: the fixed case, kappa and alpha against sklearn/krippendorff, T %, bands."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qcode.analysis.agreement.measures import (
    PairCounts,
    alpha_band,
    alpha_from_histogram,
    cohen_kappa,
    kappa_band,
    pooled,
)
from qcode.analysis.agreement.report import AgreementOptions, compute_agreement, rollup
from qcode.analysis.agreement.segments import overlap_percent
from tests.analysis.agreement.test_agreement_reference import (
    close,
    krippendorff_alpha,
    sklearn_kappa,
    table,
)

counts_st = st.builds(PairCounts, *(st.integers(0, 40) for _ in range(4)))


def two_coders(a: list[tuple[int, int]], b: list[tuple[int, int]], size: int = 100, **options):
    rows = [(0, 0, 0, s, e) for s, e in a] + [(0, 0, 1, s, e) for s, e in b]
    return compute_agreement(
        ["A", "B"], ["code"], [("doc", size)], rows, AgreementOptions(**options)
    )


def test_the_fixed_case_halves_overlapping_by_half_is_kappa_exactly_zero() -> None:
    result = two_coders([(0, 50)], [(25, 75)])
    [cell] = result.cells()
    assert cell.counts == PairCounts(both=25, a_only=25, b_only=25, neither=25)
    assert cell.counts.kappa == 0.0 and cell.counts.agreement == 50.0
    assert result.overall.pairs[0].counts.kappa == 0.0
    a = np.array([1] * 50 + [0] * 50)
    b = np.array([0] * 25 + [1] * 50 + [0] * 25)
    assert sklearn_kappa(a, b) == 0.0


@settings(max_examples=300)
@given(counts_st)
def test_cohen_kappa_matches_sklearn_on_any_table(counts: PairCounts) -> None:
    a = np.array([1] * (counts.both + counts.a_only) + [0] * (counts.b_only + counts.neither))
    b = np.array(
        [1] * counts.both + [0] * counts.a_only + [1] * counts.b_only + [0] * counts.neither
    )
    assert table(a, b) == (counts.both, counts.a_only, counts.b_only, counts.neither)
    assert close(cohen_kappa(counts), sklearn_kappa(a, b))
    if counts.any_coded:
        assert counts.agreement == pytest.approx(100 * np.mean(a == b), abs=1e-9)


@settings(max_examples=300)
@given(counts_st)
def test_chance_agreement_one_only_when_the_coders_agree_on_everything(counts: PairCounts) -> None:
    chance = (counts.both + counts.a_only) * (counts.both + counts.b_only) + (
        counts.neither + counts.a_only
    ) * (counts.neither + counts.b_only)
    if counts.size and chance == counts.size**2:
        assert counts.a_only == counts.b_only == 0
        assert cohen_kappa(counts) == (1.0 if counts.both else None)  # all neither: n/a


def test_degenerate_tables() -> None:
    assert cohen_kappa(PairCounts()) is None and PairCounts().agreement is None
    assert cohen_kappa(PairCounts(neither=10)) is None  # neither coded: not applicable
    assert PairCounts(neither=10).agreement is None
    assert cohen_kappa(PairCounts(both=10)) == 1.0
    assert cohen_kappa(PairCounts(a_only=10)) == 0.0  # A codes all, B nothing: no agreement
    assert cohen_kappa(PairCounts(a_only=5, b_only=5)) == -1.0


@settings(max_examples=300)
@given(
    st.integers(2, 6).flatmap(lambda m: st.lists(st.integers(0, 8), min_size=m + 1, max_size=m + 1))
)
def test_alpha_from_a_histogram_matches_the_krippendorff_package(histogram: list[int]) -> None:
    m = len(histogram) - 1
    columns = [[1] * k + [0] * (m - k) for k, count in enumerate(histogram) for _ in range(count)]
    data = np.array(columns, dtype=float).T.reshape(m, -1)
    assert close(alpha_from_histogram(histogram), krippendorff_alpha(data))


def test_alpha_is_none_without_expected_disagreement_and_needs_two_coders() -> None:
    assert alpha_from_histogram([0, 0, 0]) is None
    assert alpha_from_histogram([10, 0, 0]) is None
    assert alpha_from_histogram([0, 0, 7]) is None
    with pytest.raises(ValueError):
        alpha_from_histogram([3, 4])


def test_pooled_counts_add_up() -> None:
    parts = [PairCounts(1, 2, 3, 4), PairCounts(10, 0, 0, 5)]
    assert pooled(parts) == PairCounts(11, 2, 3, 9) == parts[0] + parts[1]


def test_alpha_over_three_coders_on_a_small_text() -> None:
    rows = [(0, 0, 0, 0, 10), (0, 0, 1, 0, 10), (0, 0, 2, 5, 10)]
    result = compute_agreement(["A", "B", "C"], ["k"], [("d", 20)], rows)
    data = np.zeros((3, 20))
    data[0, :10] = data[1, :10] = data[2, 5:10] = 1
    assert close(result.overall.alpha, krippendorff_alpha(data))
    assert result.overall.histogram == (10, 0, 5, 5)


def test_overlap_percent_is_intersection_over_union() -> None:
    assert overlap_percent((0, 100), (0, 90)) == 90.0
    assert overlap_percent((0, 100), (5, 95)) == 90.0
    assert overlap_percent((0, 100), (10, 110)) == pytest.approx(100 * 90 / 110)
    assert overlap_percent((0, 10), (10, 20)) == 0.0


@pytest.mark.parametrize(
    ("b_span", "threshold", "matches"),
    [
        ((0, 90), 90.0, True),
        ((0, 89), 90.0, False),
        ((10, 110), 90.0, False),  # 90 of the larger's 100, but 90/110 of the union
        ((10, 110), 80.0, True),
        ((0, 100), 100.0, True),
        ((0, 99), 100.0, False),
    ],
)
def test_segment_matches_at_the_overlap_threshold(b_span, threshold, matches) -> None:
    result = two_coders([(0, 100)], [b_span], size=200, threshold=threshold)
    seg = result.overall.pairs[0].segments
    assert (seg.a_segments, seg.b_segments) == (1, 1)
    assert (seg.a_matched, seg.b_matched) == ((1, 1) if matches else (0, 0))
    assert seg.agreement == (100.0 if matches else 0.0)


def test_one_long_segment_against_two_short_ones() -> None:
    result = two_coders([(0, 100)], [(0, 50), (50, 100)], size=100, threshold=40.0)
    seg = result.overall.pairs[0].segments
    assert (seg.a_matched, seg.b_matched, seg.b_segments) == (1, 2, 2)
    assert result.overall.pairs[0].counts == PairCounts(100, 0, 0, 0)


def test_a_coders_overlapping_spans_count_once_and_spans_are_clipped() -> None:
    result = two_coders([(0, 30), (20, 50), (90, 500)], [(0, 50)], size=100)
    assert result.overall.pairs[0].counts == PairCounts(50, 10, 0, 40)
    assert result.overall.pairs[0].segments.a_segments == 2


def test_coded_only_drops_characters_neither_coder_coded() -> None:
    full = two_coders([(0, 50)], [(25, 75)])
    coded = two_coders([(0, 50)], [(25, 75)], coded_only=True)
    assert coded.overall.pairs[0].counts == full.overall.pairs[0].counts.coded_only()
    assert coded.overall.pairs[0].counts.agreement == pytest.approx(100 * 25 / 75)
    assert coded.overall.histogram[0] == 0 and full.overall.histogram[0] == 25


def test_documents_nobody_coded_count_as_agreement_unless_coded_only() -> None:
    rows = [(0, 0, 0, 0, 50), (0, 0, 1, 25, 75)]
    docs = [("d", 100), ("untouched", 300)]
    full = compute_agreement(["A", "B"], ["k"], docs, rows)
    pair = full.overall.pairs[0]
    assert pair.counts == PairCounts(25, 25, 25, 325)
    assert pair.weighted_kappa == 0.0  # the untouched document is not applicable
    assert pair.presence == PairCounts(1, 0, 0, 1)
    assert [c.document for c in full.cells()] == ["d"]
    coded = compute_agreement(["A", "B"], ["k"], docs, rows, AgreementOptions(coded_only=True))
    assert coded.overall.pairs[0].weighted_kappa == cohen_kappa(PairCounts(25, 25, 25, 0))


def test_rollup_gives_a_parent_the_union_of_its_descendants() -> None:
    parents = {1: None, 2: 1, 3: 1, 4: 3, 5: None}
    assert rollup(parents, [1]) == {1: [0], 2: [0], 3: [0], 4: [0]}
    assert rollup(parents, [1, 3]) == {1: [0], 2: [0], 3: [1, 0], 4: [1, 0]}
    spans = {2: [(0, 0, 0, 10), (0, 0, 20, 30)], 4: [(0, 0, 5, 25)], 5: [(0, 0, 40, 60)]}
    targets = rollup(parents, [1])
    rows = [
        (t, d, r, s, e)
        for code, found in spans.items()
        for d, r, s, e in found
        for t in targets.get(code, [])
    ]
    rows += [(0, 0, 1, 0, 30)]
    [summary] = compute_agreement(["A", "B"], ["parent"], [("d", 100)], rows).codes
    assert summary.pairs[0].counts == PairCounts(30, 0, 0, 70)
    assert summary.pairs[0].segments.a_segments == 1  # overlapping children's spans merge


def test_no_codes_and_no_spans_give_empty_figures() -> None:
    result = compute_agreement(["A", "B"], [], [("d", 10)], [])
    assert result.codes == () and result.cells() == []
    assert result.overall.alpha is None and result.overall.pairs[0].counts == PairCounts()


def test_agreement_needs_two_coders() -> None:
    with pytest.raises(ValueError):
        compute_agreement(["A"], ["k"], [("d", 10)], [])


@pytest.mark.parametrize(
    ("kappa", "band"),
    [
        (None, "n/a"),
        (-0.01, "poor"),
        (0.0, "slight"),
        (0.2, "slight"),
        (0.21, "fair"),
        (0.4, "fair"),
        (0.41, "moderate"),
        (0.6, "moderate"),
        (0.61, "substantial"),
        (0.8, "substantial"),
        (0.81, "almost perfect"),
        (1.0, "almost perfect"),
    ],
)
def test_kappa_bands_after_landis_and_koch(kappa, band) -> None:
    assert kappa_band(kappa) == band


@pytest.mark.parametrize(
    ("alpha", "band"),
    [
        (None, "n/a"),
        (1.0, "reliable"),
        (0.8, "reliable"),
        (0.7999, "tentative"),
        (0.667, "tentative"),
        (0.6669, "not reliable"),
        (-0.5, "not reliable"),
    ],
)
def test_alpha_bands_after_krippendorff(alpha, band) -> None:
    assert alpha_band(alpha) == band
