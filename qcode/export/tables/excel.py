"""Tables as Excel workbooks: a bold, frozen header, wrapped text, set column widths."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from qcode.export.tables.table import Table

CHARS_PER_CM = 4.6  # Excel column width is in characters of the default font
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def sheet_title(title: str) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\."""
    return (_SHEET_UNSAFE.sub(" ", title).strip() or "Table")[:31]


def write_xlsx(table: Table, output: Path) -> None:
    """Header in row 1, one row per table row; every value repeated (no merged cells)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_title(table.title)
    book.properties.title = table.title
    book.properties.creator = "qcode"
    header_font = Font(bold=True)
    rule = Border(bottom=Side(style="thin"))
    wrap = Alignment(wrap_text=True, vertical="top")
    for col, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=1, column=col, value=column.title)
        cell.font, cell.border, cell.alignment = header_font, rule, wrap
        width = round(column.width_cm * CHARS_PER_CM, 1)
        sheet.column_dimensions[get_column_letter(col)].width = width
    for row_number, row in enumerate(table.rows, start=2):
        for col, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=col)
            if value.number is not None:
                cell.value = value.number
            elif value.data():
                cell.value = value.data()
                cell.data_type = "s"  # text such as "=..." is never a formula
            cell.alignment = wrap
    sheet.freeze_panes = "A2"
    if table.rows:
        sheet.auto_filter.ref = sheet.dimensions
    book.save(output)
