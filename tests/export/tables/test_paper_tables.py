"""The papers' tables as written files: Table 9 (a theme spanning its categories, flags,
sub-categories indented) and Table 5 (theme | categories | statement), with captions."""

from __future__ import annotations

import csv
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
import openpyxl
import pytest

from qcode.errors import QcodeError
from qcode.export.tables.captions import (
    DEFAULTS,
    Caption,
    edited_caption,
    kept_caption,
    value_to_keep,
)
from qcode.export.tables.realist import cmo_table, themes_table
from qcode.export.tables.write import write_table

NBSP = "\u00a0"


@dataclass(frozen=True)
class Code:
    path: tuple[str, ...]
    flags: str = ""


@dataclass(frozen=True)
class Statement:
    text: str
    categories: tuple[Code, ...]
    evidence: tuple[object, ...] = ()


@dataclass(frozen=True)
class Theme:
    name: str
    categories: tuple[Code, ...]
    statements: tuple[Statement, ...] = field(default=())


ROOF = "Keeping a roof over the clinic"
TALK = "Talking across the corridor"
ROOF_CODES = (
    Code((ROOF, "Funding that arrives late"), "C"),
    Code((ROOF, "Funding that arrives late", "Grant letters lost in the post")),
    Code(
        (ROOF, "Funding that arrives late", "Grant letters lost in the post", "Second copies"), "C"
    ),
    Code((ROOF, "Borrowing a room for the day"), "M"),
)
TALK_CODES = (Code((TALK, "Tea at four"), "CM"),)
THEMES = (
    Theme(
        ROOF,
        ROOF_CODES,
        (
            Statement("Late money and borrowed rooms keep the doors open.", ROOF_CODES[::3]),
            Statement("Lost letters are chased by the second copy.", ROOF_CODES[1:3]),
        ),
    ),
    Theme(TALK, TALK_CODES, (Statement("Tea at four lets people talk.", TALK_CODES),)),
)
NINE = Caption("9", "Interview themes and categories", ("Themes (outcome)", "Categories"))


def themes_file(tmp_path: Path, suffix: str, caption: Caption | None = NINE) -> Path:
    output = tmp_path / f"themes{suffix}"
    write_table(themes_table(THEMES, caption), output)
    return output


def test_word_spans_each_theme_over_its_categories_under_a_numbered_caption(
    tmp_path: Path,
) -> None:
    output = themes_file(tmp_path, ".docx")
    document = docx.Document(str(output))
    caption = document.paragraphs[0]
    assert caption.text == "Table 9. Interview themes and categories"
    assert [(run.text, run.bold) for run in caption.runs] == [
        ("Table 9.", None),  # bold from the Table Caption style
        (" Interview themes and categories", False),
    ]
    assert caption.style.name == "Table Caption" and caption.style.font.bold
    grid = document.tables[0]
    assert [cell.text for cell in grid.rows[0].cells] == ["Themes (outcome)", "Categories"]
    assert len(grid.rows) == 1 + 5  # one row per category or sub-category
    assert [row.cells[1].text for row in grid.rows[1:]] == [
        f"\u2022\tFunding that arrives late{NBSP}(C)",
        "\u2022\tGrant letters lost in the post",
        f"\u2022\tSecond copies{NBSP}(C)",
        f"\u2022\tBorrowing a room for the day{NBSP}(M)",
        f"\u2022\tTea at four{NBSP}(C, M)",
    ]
    first = [row.cells[0] for row in grid.rows[1:]]
    assert first[0]._tc is first[3]._tc  # one merged cell for the first theme's four rows
    assert first[4]._tc is not first[0]._tc
    assert first[0].text == f"Theme 1\n{ROOF}" and first[4].text == f"Theme 2\n{TALK}"
    xml = zipfile.ZipFile(output).read("word/document.xml").decode("utf-8")
    assert xml.count('<w:vMerge w:val="restart"/>') == 1
    assert xml.count("<w:vMerge/>") == 3
    indents = [row.cells[1].paragraphs[0].paragraph_format.left_indent for row in grid.rows[1:]]
    assert indents[0] == indents[3] == indents[4] < indents[1] < indents[2]
    # grey hairlines between the themes only, none between one theme's categories
    hairlines = [row._tr.xml.count('w:color="A6A6A6"') for row in grid.rows[1:]]
    assert hairlines == [0, 0, 0, 0, 2]
    assert document.paragraphs[-1].text == "C = context; M = mechanism."  # "Categories" says not


def test_excel_merges_the_theme_cell_and_the_caption(tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(themes_file(tmp_path, ".xlsx")).active
    assert sheet["A1"].value == "Table 9. Interview themes and categories"
    assert sheet["A1"].font.bold and sheet["A2"].font.bold and sheet["B2"].font.bold
    assert [sheet.cell(2, col).value for col in (1, 2)] == ["Themes (outcome)", "Categories"]
    assert sorted(str(r) for r in sheet.merged_cells.ranges) == ["A1:B1", "A3:A6"]
    assert sheet["A3"].value == f"Theme 1\n{ROOF}" and sheet["A7"].value == f"Theme 2\n{TALK}"
    assert [sheet.cell(row, 2).alignment.indent for row in range(3, 8)] == [0, 2, 4, 0, 0]
    assert sheet["B4"].value == "\u2022 Grant letters lost in the post"
    assert sheet.freeze_panes == "A3"


def test_csv_writes_a_theme_once_and_indents_sub_categories(tmp_path: Path) -> None:
    with themes_file(tmp_path, ".csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        ["Themes (outcome)", "Categories"],
        [f"Theme 1\n{ROOF}", "\u2022 Funding that arrives late (C)"],
        ["", "  \u2022 Grant letters lost in the post"],
        ["", "    \u2022 Second copies (C)"],
        ["", "\u2022 Borrowing a room for the day (M)"],
        [f"Theme 2\n{TALK}", "\u2022 Tea at four (C, M)"],
    ]


def test_markdown_and_html_carry_the_caption_and_the_span(tmp_path: Path) -> None:
    lines = themes_file(tmp_path, ".md").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "**Table 9.** Interview themes and categories"
    assert lines[2] == "| Themes (outcome) | Categories |"
    assert lines[4] == f"| Theme 1<br>{ROOF} | \u2022 Funding that arrives late (C) |"
    assert lines[5] == "|  | &emsp;\u2022 Grant letters lost in the post |"
    assert lines[6] == "|  | &emsp;&emsp;\u2022 Second copies (C) |"
    page = themes_file(tmp_path, ".html").read_text(encoding="utf-8")
    assert "<title>Table 9. Interview themes and categories</title>" in page
    assert re.search(r"<caption>Table 9\. <span[^>]*>Interview themes and categories</span>", page)
    assert '<td rowspan="4"><p>Theme 1</p><p>' in page
    assert page.count("<td rowspan=") == 1  # the second theme has one category
    assert 'style="padding-left: 36px"' in page  # the sub-sub-category, two levels in


def test_a_theme_without_categories_still_has_its_row(tmp_path: Path) -> None:
    table = themes_table([Theme("Nothing below yet", ())])
    assert [[cell.flat() for cell in row] for row in table.rows] == [
        ["Theme 1\nNothing below yet", ""]
    ]
    assert table.caption == "Table 1. Themes and categories"
    assert [c.title for c in table.columns] == list(DEFAULTS["themes"].headings)
    assert table.note == ""  # the default heading says what C and M are


def test_cmo_table_is_theme_categories_statement_with_the_theme_spanning(
    tmp_path: Path,
) -> None:
    caption = edited_caption(DEFAULTS["cmo"], "5", headings={3: "C, M, O configuration"})
    output = tmp_path / "cmo.docx"
    write_table(cmo_table(THEMES, caption=caption), output)
    document = docx.Document(str(output))
    assert document.paragraphs[0].text == "Table 5. Themes, categories and configurations"
    grid = document.tables[0]
    assert [c.text for c in grid.rows[0].cells] == [
        "Outcome theme",
        "Categories (C = context, M = mechanism)",
        "C, M, O configuration",
    ]
    assert [row.cells[2].text for row in grid.rows[1:]] == [
        s.text for theme in THEMES for s in theme.statements
    ]
    assert grid.rows[1].cells[0]._tc is grid.rows[2].cells[0]._tc  # ROOF's two statements
    assert grid.rows[1].cells[1].text == (
        f"\u2022\tFunding that arrives late{NBSP}(C)\n\u2022\tBorrowing a room for the day{NBSP}(M)"
    )
    write_table(cmo_table(THEMES, caption=caption), tmp_path / "cmo.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "cmo.xlsx").active
    assert sorted(str(r) for r in sheet.merged_cells.ranges) == ["A1:C1", "A3:A4"]


def test_the_quotes_column_takes_the_fourth_heading() -> None:
    caption = edited_caption(DEFAULTS["cmo"], headings={4: "Illustrative quotes"})
    table = cmo_table(THEMES, quotes=True, caption=caption)
    assert [c.title for c in table.columns][-1] == "Illustrative quotes"
    assert len(cmo_table(THEMES, caption=caption).columns) == 3


def test_an_unnumbered_caption_is_the_title_alone(tmp_path: Path) -> None:
    caption = edited_caption(NINE, number="")
    assert caption.text == "Interview themes and categories"
    output = themes_file(tmp_path, ".md", caption)
    assert output.read_text(encoding="utf-8").startswith("**Interview themes and categories**")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"number": "9 b"}, "a table number is up to 12 characters without spaces"),
        ({"number": "x" * 13}, "a table number is up to 12 characters"),
        ({"title": "  "}, "a table's title cannot be empty"),
        ({"title": "one\ntwo"}, "a table's title must be one line"),
        ({"headings": {3: "Third"}}, "this table has column headings 1 to 2, not 3"),
        ({"headings": {0: "Zero"}}, "this table has column headings 1 to 2, not 0"),
        ({"headings": {2: ""}}, "heading 2 cannot be empty"),
    ],
)
def test_bad_captions_are_refused_in_one_line(change: dict, message: str) -> None:
    with pytest.raises(QcodeError, match=re.escape(message)) as caught:
        edited_caption(DEFAULTS["themes"], **change)
    assert "\n" not in str(caught.value)


def test_kept_values_fall_back_to_the_defaults_where_malformed() -> None:
    default = DEFAULTS["themes"]
    assert kept_caption("themes", None) == default
    assert kept_caption("themes", "not a mapping") == default
    kept = {"number": 7, "title": "", "headings": ["Theme", 3, "extra"]}
    assert kept_caption("themes", kept) == Caption(
        "1", default.title, ("Theme", default.headings[1])
    )
    assert kept_caption("themes", NINE.kept()) == NINE
    assert value_to_keep("themes", default) is None
    assert value_to_keep("themes", NINE) == {
        "number": "9",
        "title": "Interview themes and categories",
        "headings": ["Themes (outcome)", "Categories"],
    }
