"""Tables as CSV (UTF-8 with a byte-order mark, for Excel), Markdown and standalone HTML."""

from __future__ import annotations

import csv
import html
from pathlib import Path

from qcode.export.tables.table import Cell, Column, Table, keep_note_with_word

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


def write_csv(table: Table, output: Path) -> None:
    """One header row, then one row per table row; a multi-line cell keeps its newlines."""
    with output.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([c.title for c in table.columns])
        for row in table.rows:
            writer.writerow([cell.data() for cell in row])


def markdown_cell(cell: Cell) -> str:
    """A cell on one line: lines joined by <br>, pipes escaped, indent and bold kept."""
    text = cell.flat().replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*")
    lines = [f"**{line}**" if cell.emphasis and line else line for line in text.split("\n")]
    return "&emsp;" * cell.indent + "<br>".join(lines)


def write_markdown(table: Table, output: Path) -> None:
    """A pipe table under a bold title; a grouped first cell is written once."""
    lines = [f"**{table.title}**", ""]
    lines.append("| " + " | ".join(c.title for c in table.columns) + " |")
    lines.append(
        "|" + "|".join(" ---: " if c.align == "right" else " --- " for c in table.columns) + "|"
    )
    for row, span in zip(table.rows, table.groups(), strict=True):
        cells = [markdown_cell(cell) for cell in row]
        if span == 0:
            cells[0] = ""
        lines.append("| " + " | ".join(cells) + " |")
    if table.note:
        lines += ["", f"*{table.note}*"]
    output.write_text("\n".join(lines) + "\n", encoding="utf-8")


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
    styles = []
    if column.align == "right":
        styles.append("text-align: right")
    if cell.indent:
        styles.append(f"padding-left: {8 + 14 * cell.indent}px")
    style = f' style="{"; ".join(styles)}"' if styles else ""
    rowspan = f' rowspan="{span}"' if span > 1 else ""
    return f"<td{rowspan}{style}>{html_cell(cell)}</td>"


def html_rows(table: Table) -> list[str]:
    rows = []
    for row, span in zip(table.rows, table.groups(), strict=True):
        cells = [td(cell, column) for cell, column in zip(row, table.columns, strict=True)]
        if span == 0:
            cells = cells[1:]
        elif span > 1:
            cells[0] = td(row[0], table.columns[0], span)
        start = ' class="group-start"' if span else ""
        rows.append(f"<tr{start}>" + "".join(cells) + "</tr>")
    return rows


def write_html(table: Table, output: Path) -> None:
    """A standalone page: the table with a caption, thin rules and no shading."""
    title = html.escape(table.title)
    widths = "".join(f'<col style="width: {c.width_cm:g}cm">' for c in table.columns)
    head = "".join(
        f'<th style="text-align: {c.align}">{html.escape(c.title)}</th>' for c in table.columns
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        f'<head><meta charset="utf-8"><title>{title}</title>',
        f"<style>\n{HTML_STYLE}</style></head>",
        "<body>",
        f"<table>\n<caption>{title}</caption>",
        f"<colgroup>{widths}</colgroup>",
        f"<thead><tr>{head}</tr></thead>",
        "<tbody>",
        *html_rows(table),
        "</tbody>\n</table>",
    ]
    if table.note:
        parts.append(f'<p class="note">{html.escape(table.note)}</p>')
    parts += ["</body>", "</html>"]
    output.write_text("\n".join(parts) + "\n", encoding="utf-8")
