"""Tables as Word documents in a journal style: caption, bold header, three thin rules."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell

from qcode.export.tables.table import (
    BULLET,
    LANDSCAPE_WIDTH_CM,
    PORTRAIT_WIDTH_CM,
    Cell,
    Table,
    keep_note_with_word,
)

FONT = "Arial"
BULLET_INDENT = Cm(0.4)
INDENT_STEP = Cm(0.4)
RULE = {"val": "single", "sz": "8", "space": "0", "color": "000000"}  # 1 pt
MID_RULE = {"val": "single", "sz": "4", "space": "0", "color": "000000"}  # ½ pt
HAIRLINE = {"val": "single", "sz": "2", "space": "0", "color": "A6A6A6"}  # ¼ pt, grey
NO_LINE = {"val": "nil"}


def new_document(landscape: bool) -> DocumentObject:
    """An A4 document with 2.5 cm margins, landscape if asked, and the table styles."""
    document = Document()
    section = document.sections[0]
    long_side, short_side = Cm(29.7), Cm(21.0)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = long_side, short_side
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = short_side, long_side
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    add_styles(document)
    return document


def add_styles(document: DocumentObject) -> None:
    """Paragraph styles a user can restyle in Word: caption, table text, heading, note."""
    normal = document.styles["Normal"]
    normal.font.name = FONT  # type: ignore[attr-defined]
    normal.font.size = Pt(10)  # type: ignore[attr-defined]
    specs = {
        "Table Caption": (10, True, 6),
        "Table Heading": (9, True, 0),
        "Table Text": (9, False, 2),
        "Table Note": (8, False, 0),
    }
    for name, (size, bold, after) in specs.items():
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal  # type: ignore[attr-defined]
        style.font.size, style.font.bold = Pt(size), bold  # type: ignore[attr-defined]
        fmt = style.paragraph_format  # type: ignore[attr-defined]
        fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(after), 1.0
    document.styles["Table Caption"].paragraph_format.keep_with_next = True  # type: ignore[attr-defined]
    document.styles["Table Note"].paragraph_format.space_before = Pt(4)  # type: ignore[attr-defined]


TBL_PR_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")
TBL_PR_AFTER_MARGINS = ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
TC_PR_AFTER_BORDERS = ("w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:vAlign", "w:hideMark")


def element(tag: str, **attrs: str) -> OxmlElement:
    """A WordprocessingML element with ``w:`` attributes."""
    made = OxmlElement(tag)
    for key, value in attrs.items():
        made.set(qn(f"w:{key}"), value)
    return made


def set_borders(
    parent: OxmlElement, tag: str, sides: dict[str, dict[str, str]], successors: tuple[str, ...]
) -> None:
    """Replace ``parent``'s border element (tblBorders or tcBorders), in schema order."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    borders = element(tag)
    for side, attrs in sides.items():
        borders.append(element(f"w:{side}", **attrs))
    parent.insert_element_before(borders, *successors)


def table_properties(grid: DocxTable, widths: list[int]) -> None:
    """Fixed layout at the given widths (twips), outer rules top and bottom, no others."""
    tbl_pr = grid._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblW")):
        old.set(qn("w:w"), str(sum(widths)))
        old.set(qn("w:type"), "dxa")
    sides = {"top": RULE, "left": NO_LINE, "bottom": RULE, "right": NO_LINE}
    inside = {"insideH": NO_LINE, "insideV": NO_LINE}
    set_borders(tbl_pr, "w:tblBorders", {**sides, **inside}, TBL_PR_AFTER_BORDERS)
    tbl_pr.get_or_add_tblLayout().set(qn("w:type"), "fixed")
    margins = element("w:tblCellMar")
    for side, twips in (("top", 45), ("left", 85), ("bottom", 45), ("right", 85)):
        margins.append(element(f"w:{side}", w=str(twips), type="dxa"))
    tbl_pr.insert_element_before(margins, *TBL_PR_AFTER_MARGINS)
    for column, twips in zip(grid.columns, widths, strict=True):
        column.width = twips * 635  # EMU per twip
    for row in grid.rows:
        for tc, twips in zip(row._tr.tc_lst, widths, strict=True):
            tc_w = tc.get_or_add_tcPr().get_or_add_tcW()
            tc_w.set(qn("w:w"), str(twips))
            tc_w.set(qn("w:type"), "dxa")


def repeat_header(grid: DocxTable) -> None:
    """Mark the first row as a header row repeated on every page, and keep it whole."""
    tr_pr = grid.rows[0]._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        tr_pr.append(element(tag))
    for tc in grid.rows[0]._tr.tc_lst:
        set_borders(tc.get_or_add_tcPr(), "w:tcBorders", {"bottom": MID_RULE}, TC_PR_AFTER_BORDERS)


def fill(cell: _Cell, content: Cell, style: str, align: str = "left") -> None:
    """Write a cell's lines as paragraphs; a bulleted cell gets hanging-indent bullets."""
    lines = content.lines or ("",)
    for number, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
        paragraph.style = style
        fmt = paragraph.paragraph_format
        if align == "right":
            fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        indent = INDENT_STEP * content.indent
        text = line if style == "Table Heading" else keep_note_with_word(line)
        if content.bullets and content.lines:  # an empty list is an empty cell, not a lone •
            fmt.left_indent, fmt.first_line_indent = indent + BULLET_INDENT, -BULLET_INDENT
            fmt.tab_stops.add_tab_stop(indent + BULLET_INDENT)
            text = f"{BULLET}\t{text}"
        elif content.indent:
            fmt.left_indent = indent
        paragraph.add_run(text).bold = content.emphasis or None


def body_rules(grid: DocxTable, spans: list[int], groups_only: bool = False) -> None:
    """A grey hairline above each body row after the first (not across a grouped cell);
    ``groups_only``: above each group's first row only."""
    for index, span in enumerate(spans[1:], start=2):
        if groups_only and span == 0:
            continue
        tcs = grid.rows[index]._tr.tc_lst
        for tc in tcs[1:] if span == 0 else tcs:
            set_borders(tc.get_or_add_tcPr(), "w:tcBorders", {"top": HAIRLINE}, TC_PR_AFTER_BORDERS)


def add_caption(document: DocumentObject, table: Table) -> None:
    """The caption above the table: "Table 9." in bold, then the title; or a bold title."""
    if not table.label:
        document.add_paragraph(table.title, style="Table Caption")
        return
    caption = document.add_paragraph(style="Table Caption")
    caption.add_run(f"{table.label}.")
    caption.add_run(f" {table.title}").bold = False


def write_docx(table: Table, output: Path) -> None:
    """A Word document holding the table as a real Word table, fitted to the text width."""
    document = new_document(table.landscape)
    document.core_properties.title = table.caption
    document.core_properties.author = "qcode"
    add_caption(document, table)
    usable = LANDSCAPE_WIDTH_CM if table.landscape else PORTRAIT_WIDTH_CM
    scale = usable / table.width_cm
    widths = [round(c.width_cm * scale * 567) for c in table.columns]  # twips per cm
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False
    spans = table.groups()
    for index, span in enumerate(spans, start=1):
        if span > 1:
            grid.cell(index, 0).merge(grid.cell(index + span - 1, 0))
    table_properties(grid, widths)
    repeat_header(grid)
    # Each column's cells, found once: grid.cell() walks the whole table on every call.
    cells = [grid.column_cells(col) for col in range(len(table.columns))]
    for col, column in enumerate(table.columns):
        fill(cells[col][0], Cell((column.title,)), "Table Heading", column.align)
    for index, (row, span) in enumerate(zip(table.rows, spans, strict=True), start=1):
        for col, (content, column) in enumerate(zip(row, table.columns, strict=True)):
            if col > 0 or span > 0:
                fill(cells[col][index], content, "Table Text", column.align)
    body_rules(grid, spans, groups_only=table.paper)
    if table.note:
        document.add_paragraph(table.note, style="Table Note")
    document.save(str(output))
