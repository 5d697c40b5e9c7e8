"""Agreement figures as an Excel workbook, a CSV file or a Word document of tables."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qcode.analysis.agreement import PairCounts, alpha_band, kappa_band
from qcode.analysis.agreement_report import AgreementResult, CellAgreement, PairSummary
from qcode.errors import QcodeError

Value = int | float | str | None
SUFFIXES = (".xlsx", ".csv", ".docx")
NOTE = (
    "Units are characters of the stored text. Agreement % = 100·(both+neither)/characters; "
    "kappa is Cohen's kappa on the same four counts; weighted kappa is the mean of the "
    "per-document kappas weighted by document size; a segment matches when the other coder's "
    "segment of the code overlaps it by at least {threshold:g} % of the two together; alpha is "
    "Krippendorff's alpha (nominal) over all coders named. Bands (Landis & Koch for kappa, "
    "Krippendorff for alpha) are a guide to reading the figures, not a verdict."
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
    overall = tuple(PairRow("(all codes)", p, result.overall.alpha) for p in result.overall.pairs)
    per_code = tuple(
        PairRow(code_text(code.code), pair, code.alpha)
        for code in result.codes
        for pair in code.pairs
    )
    cells: tuple[CellAgreement, ...] = tuple(result.cells())
    return [
        Sheet("Overall", "overall", PAIR_FIELDS, overall),
        Sheet("Per code", "code", PAIR_FIELDS, per_code),
        Sheet("Per document", "document", DOCUMENT_FIELDS, cells),
    ]


def write_agreement(result: AgreementResult[Any, Any, str], output: Path, title: str) -> str:
    """Write the tables in the format of ``output``'s suffix; one line saying what."""
    suffix = output.suffix.lower()
    if suffix not in SUFFIXES:
        shown = f"'{output.suffix}'" if output.suffix else "no suffix"
        raise QcodeError(
            f"{output.name}: cannot write agreement as {shown}; use {', '.join(SUFFIXES)}"
        )
    sheets = agreement_sheets(result)
    note = NOTE.format(threshold=result.options.threshold)
    try:
        if suffix == ".csv":
            write_csv(sheets, output)
        elif suffix == ".xlsx":
            write_xlsx(sheets, output, title, note)
        else:
            from qcode.export.agreement_docx import write_docx

            write_docx(sheets, output, title, note)
    except OSError as exc:
        raise QcodeError(f"{output}: could not be written ({exc.strerror or exc})") from exc
    rows = sum(len(sheet.rows) for sheet in sheets)
    return f"wrote agreement ({rows} rows in {len(sheets)} tables) to {output}"


def csv_header(sheets: Sequence[Sheet]) -> list[str]:
    """Level, Code, Document, then every other field title in order of appearance."""
    titles = ["Level", "Code", "Document"]
    for sheet in sheets:
        titles += [f.title for f in sheet.fields if f.title not in titles]
    return titles


def write_csv(sheets: Sequence[Sheet], output: Path) -> None:
    """One long table: a "Level" column (overall, code, document), full-precision numbers."""
    header = csv_header(sheets)
    with output.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for sheet in sheets:
            for row in sheet.rows:
                values: dict[str, Value] = {"Level": sheet.level}
                values.update({f.title: f.value(row) for f in sheet.fields})
                writer.writerow(["" if values.get(t) is None else values[t] for t in header])


def write_xlsx(sheets: Sequence[Sheet], output: Path, title: str, note: str) -> None:
    """One worksheet per table (numbers as numbers, empty where undefined) and a notes sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    book.properties.title, book.properties.creator = title, "qcode"
    for sheet in sheets:
        ws = book.create_sheet(sheet.title)
        ws.append([f.title for f in sheet.fields])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for number, row in enumerate(sheet.rows, start=2):
            for col, field in enumerate(sheet.fields, start=1):
                cell = ws.cell(row=number, column=col, value=field.value(row))
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # a name such as "=x" is never a formula
        for column, field in zip(ws.columns, sheet.fields, strict=False):
            ws.column_dimensions[column[0].column_letter].width = field.width_cm * 4.6
        ws.freeze_panes = "A2"
    notes = book.create_sheet("Notes")
    notes.append([title])
    notes.append([note])
    book.save(output)
