"""Agreement figures written as an Excel workbook, a CSV file or a Word document of tables."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qcode.analysis.agreement.report import AgreementResult
from qcode.errors import QcodeError
from qcode.export.agreement.sheets import NOTE, Sheet, Value, agreement_sheets

SUFFIXES = (".xlsx", ".csv", ".docx")


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
            from qcode.export.agreement.word import write_docx

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
