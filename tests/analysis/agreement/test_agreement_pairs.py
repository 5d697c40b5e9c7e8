"""A pair's figures depend on that pair and the scope alone; cells neither coded are n/a.

Issue 16: pooled figures for Ana × Ben changed when Cai was named too (weighted kappa 0.791
against 0.806), because a code only Cai used entered the scope, and with it every character
of every document as `neither` for Ana × Ben, each of its documents with kappa 1.
"""

from __future__ import annotations

from itertools import combinations

from hypothesis import HealthCheck, given, settings

from qcode.analysis.agreement.measures import PairCounts, kappa_band
from qcode.analysis.agreement.report import AgreementOptions, compute_agreement
from tests.analysis.agreement.test_agreement_reference import Scenario, scenarios

MANY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def used_codes(scn: Scenario, coders: set[int]) -> list[int]:
    """The codes (in order) any of these coders coded: the scope the service would choose."""
    return sorted({k for k, _d, r, s, e in scn.rows if r in coders and e > s})


def alone(scn: Scenario, a: int, b: int):  # type: ignore[no-untyped-def]
    """Coders a and b compared on their own, on the codes they used."""
    codes = used_codes(scn, {a, b})
    rows = [
        (codes.index(k), d, 0 if r == a else 1, s, e)
        for k, d, r, s, e in scn.rows
        if r in (a, b) and k in codes
    ]
    options = AgreementOptions(scn.threshold, scn.coded_only, draws=0)
    names = [f"C{a}", f"C{b}"]
    return compute_agreement(names, [f"K{k}" for k in codes], scn.documents, rows, options)


@MANY
@given(scenarios())
def test_a_pairs_figures_do_not_change_when_more_coders_are_named(scn: Scenario) -> None:
    everyone = set(range(scn.coders))
    codes = used_codes(scn, everyone)
    rows = [(codes.index(k), d, r, s, e) for k, d, r, s, e in scn.rows if k in codes]
    options = AgreementOptions(scn.threshold, scn.coded_only, draws=0)
    labels = [f"K{k}" for k in codes]
    team = compute_agreement(scn.coder_names, labels, scn.documents, rows, options)
    for number, (a, b) in enumerate(combinations(range(scn.coders), 2)):
        pair = alone(scn, a, b)
        assert team.overall.pairs[number] == pair.overall.pairs[0]
        theirs = {summary.code: summary.pairs[0] for summary in pair.codes}
        for summary in team.codes:
            mine = summary.pairs[number]
            if summary.code in theirs:
                assert mine == theirs[summary.code]
            else:  # a code only other coders used: nothing to agree on for this pair
                assert not mine.counts.any_coded and mine.weighted_kappa is None
                assert mine.counts.kappa is None and mine.counts.agreement is None
                assert mine.counts.ac1 is None and mine.counts.bp is None
        assert [c for c in team.cells() if (c.coder_a, c.coder_b) == (f"C{a}", f"C{b}")] == [
            c for c in pair.cells()
        ]


def test_the_issue_case_cai_using_a_code_nobody_else_used() -> None:
    docs = [("PA 1", 400), ("PB 1", 300), ("PC 1", 300)]
    ana_ben = [(0, 0, 0, 0, 100), (0, 0, 1, 20, 110), (0, 1, 0, 50, 80), (0, 1, 1, 60, 90)]
    cai = [(1, 0, 2, 0, 300), (0, 2, 2, 10, 40)]
    pair = compute_agreement(["Ana", "Ben"], ["Work"], docs, ana_ben)
    team = compute_agreement(["Ana", "Ben", "Cai"], ["Work", "Cai's own"], docs, ana_ben + cai)
    assert team.overall.pairs[0] == pair.overall.pairs[0]
    assert team.overall.pairs[0].counts.size == 1000  # not 2000: "Cai's own" is not theirs
    assert team.codes[0].pairs[0] == pair.codes[0].pairs[0]
    # Weighted kappa averages the two documents Ana and Ben coded, not PC 1 as a kappa of 1.
    per_doc = [c.counts for c in pair.cells()]
    weighted = sum(c.kappa * c.size for c in per_doc) / sum(c.size for c in per_doc)
    assert pair.overall.pairs[0].weighted_kappa == weighted


def test_a_document_neither_coder_used_the_code_in_is_not_applicable() -> None:
    rows = [(0, 0, 0, 0, 40), (0, 0, 1, 10, 40)]
    result = compute_agreement(["A", "B"], ["k"], [("untouched", 100)], [])
    pair = result.codes[0].pairs[0]
    assert pair.counts == PairCounts(0, 0, 0, 100)
    assert pair.counts.kappa is None and kappa_band(pair.counts.kappa) == "n/a"  # not 1.000
    assert pair.counts.agreement is None and pair.weighted_kappa is None
    assert pair.presence.kappa is None and result.overall.pairs[0].counts == PairCounts()
    both = compute_agreement(["A", "B"], ["k"], [("d", 100), ("untouched", 100)], rows)
    assert both.codes[0].pairs[0].weighted_kappa == both.cells()[0].counts.kappa
