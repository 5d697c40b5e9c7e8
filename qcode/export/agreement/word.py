"""Agreement tables as a landscape Word document: real tables whose header row repeats."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT

from qcode.export.agreement.sheets import Field, Sheet
from qcode.export.tables.table import LANDSCAPE_WIDTH_CM, Cell
from qcode.export.tables.word import fill, new_document, repeat_header, table_properties

TWIPS_PER_CM = 567


def write_docx(sheets: Sequence[Sheet], output: Path, title: str, note: str) -> None:
    """A caption and a table per sheet (only the columns meant for reading), then the note."""
    document = new_document(landscape=True)
    document.core_properties.title = title
    document.core_properties.author = "qcode"
    document.add_paragraph(title, style="Table Caption")
    for sheet in sheets:
        fields = [f for f in sheet.fields if f.in_docx]
        document.add_paragraph(sheet.title, style="Table Caption")
        add_table(document, fields, sheet.rows)
    document.add_paragraph(note, style="Table Note")
    document.save(str(output))


def add_table(document: object, fields: Sequence[Field], rows: Sequence[object]) -> None:
    """A fixed-width table fitted to the landscape text width, header row repeated."""
    scale = LANDSCAPE_WIDTH_CM / sum(f.width_cm for f in fields)
    widths = [round(f.width_cm * scale * TWIPS_PER_CM) for f in fields]
    grid = document.add_table(rows=1 + len(rows), cols=len(fields))  # type: ignore[attr-defined]
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False
    table_properties(grid, widths)
    repeat_header(grid)
    for col, field in enumerate(fields):
        fill(grid.cell(0, col), Cell((field.title,)), "Table Heading", align_of(field))
    for number, row in enumerate(rows, start=1):
        cells = grid.rows[number].cells
        for cell, field in zip(cells, fields, strict=True):
            fill(cell, Cell((field.text(row),)), "Table Text", align_of(field))


def align_of(field: Field) -> str:
    """Numbers right-aligned, text left."""
    return "right" if field.digits is not None or field.title in NUMERIC else "left"


NUMERIC = {"Characters", "Both", "A only", "B only", "Neither"}
