"""Tables as CSV (UTF-8 with a byte-order mark, for Excel), Markdown and standalone HTML."""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import TextIO

from qcode.export.tables.table import (
    AnyTable,
    Cell,
    Column,
    Row,
    TableStream,
    keep_note_with_word,
    row_groups,
)

HTML_STYLE = """\
body { font-family: "Liberation Sans", Arial, sans-serif; font-size: 10pt; margin: 2em; }
table { border-collapse: collapse; border-top: 1.5px solid #000;
        border-bottom: 1.5px solid #000; }
caption { caption-side: top; text-align: left; font-weight: bold; padding-bottom: 0.5em; }
th { text-align: left; vertical-align: bottom; border-bottom: 0.75px solid #000;
     padding: 4px 8px; }
td { text-align: left; vertical-align: top; padding: 4px 8px; }
tbody tr.group-start td { border-top: 0.5px solid #999; }
tbody tr:first-child td { border-top: none; }
ul { margin: 0; padding-left: 1.1em; }
p { margin: 0 0 0.3em 0; }
p.note { font-size: 9pt; margin-top: 0.6em; }
"""


def write_csv(table: AnyTable, output: Path) -> None:
    """One header row, then one row per table row; a multi-line cell keeps its newlines.

    Written as the csv module's "excel" dialect writes (see :func:`csv_line`).
    """
    with output.open("w", encoding="utf-8-sig", newline="") as handle:
        handle.write(csv_line([c.title for c in table.columns]))
        if table.paper:
            write_batched(handle, map(csv_line, paper_rows(table)))
        elif isinstance(table, TableStream) and table.data is not None:
            write_batched(handle, map(csv_line, table.data))
        else:
            write_batched(handle, (csv_line(row_data(row)) for row in table.rows))


def write_batched(handle: TextIO, lines: Iterable[str], batch: int = 1000) -> None:
    """Write the lines as they come, joined a thousand at a time (a file's ``write`` and
    its encoding cost as much per call as a short line's worth of work)."""
    remaining = iter(lines)
    while chunk := list(islice(remaining, batch)):
        handle.write("".join(chunk))


def paper_rows(table: AnyTable) -> Iterator[list[str]]:
    """A paper table's rows for CSV: a grouped first cell written once, blank below (as a
    spreadsheet saves a merged cell)."""
    for group in row_groups(table.rows, table.group_first):
        for number, row in enumerate(group):
            fields = row_data(row)
            if number:
                fields[0] = ""
            yield fields


def row_data(row: Row) -> list[str]:
    """A row's cells as data formats show them."""
    return list(map(Cell.data, row))


def csv_line(fields: list[str]) -> str:
    """A row as ``csv.writer`` (the "excel" dialect) writes it, CRLF-ended, a few times faster.

    A field holding a comma, a double quote, CR or LF is quoted, its quotes doubled; a row
    of one empty field is written as "" (tests hold this to the csv module's output).
    """
    if fields == [""]:
        return '""\r\n'
    return ",".join(map(csv_field, fields)) + "\r\n"


def csv_field(text: str) -> str:
    """One field, quoted only if it must be."""
    if '"' in text or "," in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def markdown_cell(cell: Cell) -> str:
    """A cell on one line: lines joined by <br>, pipes escaped, indent and bold kept."""
    text = cell.flat().replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*")
    if cell.emphasis:
        text = "<br>".join(f"**{line}**" if line else line for line in text.split("\n"))
    else:
        text = text.replace("\n", "<br>")
    return "&emsp;" * cell.indent + text


def write_markdown(table: AnyTable, output: Path) -> None:
    """A pipe table under a bold title; a grouped first cell is written once."""
    with output.open("w", encoding="utf-8") as handle:
        write_batched(handle, (line + "\n" for line in markdown_lines(table)))


def markdown_caption(table: AnyTable) -> str:
    """ "**Table 9.** Title", or the title in bold."""
    if table.label:
        return f"**{table.label}.** {table.title}"
    return f"**{table.title}**"


def markdown_lines(table: AnyTable) -> Iterator[str]:
    """The Markdown file's lines, the rows' as they come."""
    yield from (markdown_caption(table), "")
    yield "| " + " | ".join(c.title for c in table.columns) + " |"
    yield "|" + "|".join(" ---: " if c.align == "right" else " --- " for c in table.columns) + "|"
    for group in row_groups(table.rows, table.group_first):
        for number, row in enumerate(group):
            first = "" if number else markdown_cell(row[0])
            yield "| " + " | ".join([first, *map(markdown_cell, row[1:])]) + " |"
    if table.note:
        yield from ("", f"*{table.note}*")


def html_text(line: str, cell: Cell) -> str:
    text = html.escape(keep_note_with_word(line))
    return f"<strong>{text}</strong>" if cell.emphasis else text


def html_cell(cell: Cell) -> str:
    if cell.bullets:
        items = "".join(f"<li>{html_text(line, cell)}</li>" for line in cell.lines)
        return f"<ul>{items}</ul>"
    if len(cell.lines) == 1:
        return html_text(cell.lines[0], cell)
    return "".join(f"<p>{html_text(line, cell)}</p>" for line in cell.lines)


def td(cell: Cell, column: Column, span: int = 1) -> str:
    """A table cell with its alignment, indent and row span."""
    rowspan = f' rowspan="{span}"' if span > 1 else ""
    return f"<td{rowspan}{td_style(cell, column)}>{html_cell(cell)}</td>"


def td_style(cell: Cell, column: Column) -> str:
    if column.align != "right" and not cell.indent:
        return ""
    styles = []
    if column.align == "right":
        styles.append("text-align: right")
    if cell.indent:
        styles.append(f"padding-left: {8 + 14 * cell.indent}px")
    return f' style="{"; ".join(styles)}"'


def html_rows(table: AnyTable) -> Iterator[str]:
    """Each row's <tr>, one group of rows held at a time (a grouped cell spans its group)."""
    for group in row_groups(table.rows, table.group_first):
        for number, row in enumerate(group):
            yield html_row(row, table.columns, 0 if number else len(group))


def html_row(row: Row, columns: tuple[Column, ...], span: int) -> str:
    """A <tr>; ``span`` is how many rows its first cell spans (0: the row continues a group)."""
    cells = [td(cell, column) for cell, column in zip(row[1:], columns[1:], strict=True)]
    if span:
        cells.insert(0, td(row[0], columns[0], span))
    start = ' class="group-start"' if span else ""
    return f"<tr{start}>" + "".join(cells) + "</tr>"


def write_html(table: AnyTable, output: Path) -> None:
    """A standalone page: the table with a caption, thin rules and no shading."""
    with output.open("w", encoding="utf-8") as handle:
        write_batched(handle, (part + "\n" for part in html_parts(table)))


def html_parts(table: AnyTable) -> Iterator[str]:
    """The page's lines, the rows' as they come."""
    title = html.escape(table.caption)
    caption = title
    if table.label:
        words = f'<span style="font-weight: normal">{html.escape(table.title)}</span>'
        caption = f"{html.escape(table.label)}. {words}"
    widths = "".join(f'<col style="width: {c.width_cm:g}cm">' for c in table.columns)
    head = "".join(
        f'<th style="text-align: {c.align}">{html.escape(c.title)}</th>' for c in table.columns
    )
    yield from (
        "<!DOCTYPE html>",
        '<html lang="en">',
        f'<head><meta charset="utf-8"><title>{title}</title>',
        f"<style>\n{HTML_STYLE}</style></head>",
        "<body>",
        f"<table>\n<caption>{caption}</caption>",
        f"<colgroup>{widths}</colgroup>",
        f"<thead><tr>{head}</tr></thead>",
        "<tbody>",
    )
    yield from html_rows(table)
    yield "</tbody>\n</table>"
    if table.note:
        yield f'<p class="note">{html.escape(table.note)}</p>'
    yield from ("</body>", "</html>")
