"""Tables as Excel workbooks: a bold, frozen header, wrapped text, set column widths."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from qcode.export.tables.table import AnyTable, Cell, Row, row_groups

CHARS_PER_CM = 4.6  # Excel column width is in characters of the default font
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def sheet_title(title: str) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\."""
    return (_SHEET_UNSAFE.sub(" ", title).strip() or "Table")[:31]


def write_xlsx(table: AnyTable, output: Path) -> None:
    """Header in row 1, one row per table row; every value repeated (no merged cells).

    The workbook is written row by row as the rows come (openpyxl's write-only mode).
    A paper table is laid out as the paper prints it instead (:func:`write_paper_xlsx`).
    """
    if table.paper:
        write_paper_xlsx(table, output)
        return
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title(table.title))
    book.properties.title = table.title
    book.properties.creator = "qcode"
    for col, column in enumerate(table.columns, start=1):
        width = round(column.width_cm * CHARS_PER_CM, 1)
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A2"
    sheet.append(header(sheet, [column.title for column in table.columns]))
    count = 0
    for cells in body_rows(sheet, table.rows):
        sheet.append(cells)
        count += 1
    if count:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{count + 1}"
    book.save(output)


def header(sheet: WriteOnlyWorksheet, titles: list[str]) -> list[WriteOnlyCell]:
    """The bold, wrapped header cells with a thin rule below."""
    cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font, cell.border = Font(bold=True), Border(bottom=Side(style="thin"))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cells.append(cell)
    return cells


def body_rows(sheet: WriteOnlyWorksheet, rows: Iterator[Row] | tuple[Row, ...]) -> Iterator[list]:
    """Each row's wrapped cells: numbers as numbers, text as text (never a formula)."""
    model = WriteOnlyCell(sheet)
    model.alignment = Alignment(wrap_text=True, vertical="top")
    style = model._style
    for row in rows:
        yield [body_cell(sheet, value, style) for value in row]


def body_cell(sheet: WriteOnlyWorksheet, value: Cell, style: object) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet)
    cell._style = style  # one style for every body cell: shared, never changed
    if value.number is not None:
        cell.value = value.number
    elif value.data():
        cell.value = value.data()
        cell.data_type = "s"  # text such as "=..." is never a formula
    return cell


def write_paper_xlsx(table: AnyTable, output: Path) -> None:
    """The caption in row 1, the header in row 2, then the rows, each group's first cell
    merged over its rows; sub-categories indented. Small tables: built whole."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_title(table.title)
    book.properties.title, book.properties.creator = table.caption, "qcode"
    width = len(table.columns)
    for col, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = round(
            column.width_cm * CHARS_PER_CM, 1
        )
    caption = sheet.cell(1, 1, table.caption)
    caption.font, caption.alignment = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    for col, column in enumerate(table.columns, start=1):
        cell = sheet.cell(2, col, column.title)
        cell.font, cell.border = Font(bold=True), Border(bottom=Side(style="thin"))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    row_number = 3
    for group in row_groups(table.rows, table.group_first):
        for offset, row in enumerate(group):
            for col, value in enumerate(row, start=1):
                if col > 1 or offset == 0:
                    paper_cell(sheet.cell(row_number + offset, col), value)  # type: ignore[arg-type]
        if len(group) > 1:
            sheet.merge_cells(
                start_row=row_number,
                start_column=1,
                end_row=row_number + len(group) - 1,
                end_column=1,
            )
        row_number += len(group)
    sheet.freeze_panes = "A3"
    book.save(output)


def paper_cell(cell: SheetCell, value: Cell) -> None:
    """A paper table's cell: its lines (bullets as "• "), wrapped, indented as in Word."""
    if value.number is not None:
        cell.value = value.number
    elif value.lines:
        cell.value = value.flat()
        cell.data_type = "s"
    cell.alignment = Alignment(wrap_text=True, vertical="top", indent=2 * value.indent)
