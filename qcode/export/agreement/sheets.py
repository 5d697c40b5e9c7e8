"""Agreement figures as sheets of rows: the columns of each table and how each value is read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from qcode.analysis.agreement.bootstrap import AlphaInterval
from qcode.analysis.agreement.measures import PairCounts, alpha_band, kappa_band
from qcode.analysis.agreement.report import (
    AgreementResult,
    CellAgreement,
    CodeSummary,
    PairSummary,
)

Value = int | float | str | None
NOTE = (
    "Units are characters of the stored text. Agreement % = 100·(both+neither)/characters; "
    "kappa is Cohen's kappa on the same four counts; weighted kappa is the mean of the "
    "per-document kappas weighted by document size; a segment matches when the other coder's "
    "segment of the code overlaps it by at least {threshold:g} % of the two together; alpha is "
    "Krippendorff's alpha (nominal) over all coders named. Bands (Landis & Koch for kappa, "
    "Krippendorff for alpha) are a guide to reading the figures, not a verdict. "
    "AC1 is Gwet's AC1 and Brennan–Prediger is (p_a − 1/2)/(1 − 1/2), both on the same four "
    "counts; Fleiss kappa is over all coders named; the alpha interval is the 95 % interval "
    "of Krippendorff's bootstrap (1,000 resamples, fixed seed). A code or document neither "
    "coder of a pair used is not applicable to the pair: its figures are empty, it adds no "
    "weight to the weighted kappa (which averages the documents either coder used the code "
    "in), and the pair's overall figures leave out the codes neither used."
)


@dataclass(frozen=True)
class Field:
    """A column: its title, how to get its value from a row, and how a document shows it."""

    title: str
    value: Callable[[Any], Value]
    digits: int | None = None
    width_cm: float = 1.6
    in_docx: bool = True

    def text(self, row: object) -> str:
        value = self.value(row)
        if value is None:
            return "n/a" if self.digits is not None else ""
        if self.digits is not None and isinstance(value, float):
            return f"{value:.{self.digits}f}"
        return str(value)


@dataclass(frozen=True)
class Sheet:
    """A titled table: its level (overall, code, document), fields and rows."""

    title: str
    level: str
    fields: tuple[Field, ...]
    rows: tuple[Any, ...]


@dataclass(frozen=True)
class PairRow:
    """One pair of coders on one code (or, with the code '(all codes)', overall)."""

    code: str
    pair: PairSummary[str]
    alpha: float | None
    summary: CodeSummary[Any, str] | None = None
    """The code's (or all codes') figures over every coder: Fleiss' kappa, alpha's interval."""

    @property
    def interval(self) -> AlphaInterval | None:
        return None if self.summary is None else self.summary.alpha_interval

    @property
    def fleiss(self) -> float | None:
        return None if self.summary is None else self.summary.coders.fleiss


def code_text(label: object) -> str:
    """A code path as the command line writes it (names joined by /, a / in a name as \\/)."""
    if isinstance(label, tuple | list):
        return "/".join(str(name).replace("/", "\\/") for name in label)
    return str(label)


def _counts(get: Callable[[Any], PairCounts], in_docx: bool) -> tuple[Field, ...]:
    return (
        Field("Characters", lambda r: get(r).size),
        Field("Both", lambda r: get(r).both, in_docx=in_docx),
        Field("A only", lambda r: get(r).a_only, in_docx=in_docx),
        Field("B only", lambda r: get(r).b_only, in_docx=in_docx),
        Field("Neither", lambda r: get(r).neither, in_docx=in_docx),
        Field("Agreement %", lambda r: get(r).agreement, 2),
        Field("Kappa", lambda r: get(r).kappa, 3),
        Field("Kappa band", lambda r: kappa_band(get(r).kappa), width_cm=2.2),
        Field("AC1", lambda r: get(r).ac1, 3),
        Field("Brennan–Prediger", lambda r: get(r).bp, 3),
    )


def _segments(get: Callable[[Any], Any]) -> tuple[Field, ...]:
    return (
        Field("Segments A", lambda r: get(r).a_segments, in_docx=False),
        Field("Matched A", lambda r: get(r).a_matched, in_docx=False),
        Field("Segments B", lambda r: get(r).b_segments, in_docx=False),
        Field("Matched B", lambda r: get(r).b_matched, in_docx=False),
        Field("Segment agreement %", lambda r: get(r).agreement, 2),
    )


PAIR_FIELDS = (
    Field("Code", lambda r: r.code, width_cm=4.5),
    Field("Coder A", lambda r: r.pair.coder_a, width_cm=2.2),
    Field("Coder B", lambda r: r.pair.coder_b, width_cm=2.2),
    *_counts(lambda r: r.pair.counts, in_docx=False),
    Field("Weighted kappa", lambda r: r.pair.weighted_kappa, 3),
    *_segments(lambda r: r.pair.segments),
    Field("Presence agreement %", lambda r: r.pair.presence.agreement, 2, in_docx=False),
    Field("Presence kappa", lambda r: r.pair.presence.kappa, 3, in_docx=False),
    Field("Alpha", lambda r: r.alpha, 3),
    Field("Alpha band", lambda r: alpha_band(r.alpha), width_cm=2.2),
    Field("Alpha 95% CI low", lambda r: r.interval and r.interval.low, 3),
    Field("Alpha 95% CI high", lambda r: r.interval and r.interval.high, 3),
    Field("Fleiss kappa", lambda r: r.fleiss, 3),
    Field("Fleiss kappa band", lambda r: kappa_band(r.fleiss), width_cm=2.2, in_docx=False),
)
DOCUMENT_FIELDS = (
    Field("Code", lambda r: code_text(r.code), width_cm=4.0),
    Field("Document", lambda r: str(r.document), width_cm=2.6),
    Field("Coder A", lambda r: r.coder_a, width_cm=2.2),
    Field("Coder B", lambda r: r.coder_b, width_cm=2.2),
    *_counts(lambda r: r.counts, in_docx=True),
    *_segments(lambda r: r.segments),
)


def agreement_sheets(result: AgreementResult[Any, Any, str]) -> list[Sheet]:
    """The overall, per-code and per-document tables of a result."""
    whole = result.overall
    overall = tuple(PairRow("(all codes)", p, whole.alpha, whole) for p in whole.pairs)
    per_code = tuple(
        PairRow(code_text(code.code), pair, code.alpha, code)
        for code in result.codes
        for pair in code.pairs
    )
    cells: tuple[CellAgreement, ...] = tuple(result.cells())
    return [
        Sheet("Overall", "overall", PAIR_FIELDS, overall),
        Sheet("Per code", "code", PAIR_FIELDS, per_code),
        Sheet("Per document", "document", DOCUMENT_FIELDS, cells),
    ]
