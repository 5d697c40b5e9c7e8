"""The generic table writer: formats by suffix, grouping, escaping, widths, orientation."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from qcode.errors import QcodeError
from qcode.export.tables.table import Cell, Column, Table
from qcode.export.tables.write import write_table
from tests.export.golden import check_golden


def grouped_table(width: float = 4.0) -> Table:
    a, b = Cell.of("Group A"), Cell.of("Group B")
    return Table(
        title="Grouped: tricky/odd",
        columns=(Column("Key", width), Column("Value", width), Column("Count", 2, "right")),
        rows=(
            (a, Cell.of(["one", "two"], bullets=True), Cell.of(3)),
            (a, Cell.of("=SUM(A1:A2) & <b>|pipe|</b>"), Cell.of(0)),
            (b, Cell.of(""), Cell.of(1.5)),
        ),
        note="A note.",
        group_first=True,
    )


def test_unknown_suffix_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    for name, shown in (("t.pdf", "'.pdf'"), ("t", "no suffix")):
        with pytest.raises(QcodeError) as caught:
            write_table(grouped_table(), tmp_path / name)
        message = str(caught.value)
        assert message.startswith(f"{name}: cannot write a table as {shown}")
        assert "\n" not in message
    assert list(tmp_path.iterdir()) == []


def test_groups_span_equal_first_cells() -> None:
    assert grouped_table().groups() == [2, 0, 1]
    assert Table("t", (Column("a"),), ((Cell.of("x"),), (Cell.of("x"),))).groups() == [1, 1]


def test_a_row_must_fill_every_column() -> None:
    with pytest.raises(ValueError, match="2 cells for 3 columns"):
        Table("t", (Column("a"), Column("b"), Column("c")), ((Cell.of("x"), Cell.of("y")),))


def test_csv_repeats_group_values_and_keeps_lines(tmp_path: Path) -> None:
    output = tmp_path / "t.csv"
    assert write_table(grouped_table(), output) == f"wrote table (3 rows) to {output}"
    assert output.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    with output.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        ["Key", "Value", "Count"],
        ["Group A", "\u2022 one\n\u2022 two", "3"],
        ["Group A", "=SUM(A1:A2) & <b>|pipe|</b>", "0"],
        ["Group B", "", "1.5"],
    ]


def test_markdown_and_html_escape_and_group(tmp_path: Path) -> None:
    write_table(grouped_table(), tmp_path / "t.md")
    write_table(grouped_table(), tmp_path / "t.html")
    markdown = (tmp_path / "t.md").read_text(encoding="utf-8")
    assert "| Group A | \u2022 one<br>\u2022 two | 3 |" in markdown
    assert "|  | =SUM(A1:A2) & <b>\\|pipe\\|</b> | 0 |" in markdown
    assert "| --- | --- | ---: |" in markdown
    page = (tmp_path / "t.html").read_text(encoding="utf-8")
    assert '<td rowspan="2">Group A</td>' in page
    assert "&lt;b&gt;|pipe|&lt;/b&gt;" in page and "<b>" not in page
    check_golden("tables-grouped.md", markdown)
    check_golden("tables-grouped.html", page)


def test_xlsx_keeps_numbers_and_never_makes_formulas(tmp_path: Path) -> None:
    output = tmp_path / "t.xlsx"
    write_table(grouped_table(), output)
    sheet = openpyxl.load_workbook(output).active
    assert sheet.title == "Grouped  tricky odd"  # a sheet name has none of []:*?/\
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["Key", "Value", "Count"],
        ["Group A", "\u2022 one\n\u2022 two", 3],
        ["Group A", "=SUM(A1:A2) & <b>|pipe|</b>", 0],
        ["Group B", None, 1.5],
    ]
    assert sheet["B3"].data_type == "s"
    assert sheet.column_dimensions["A"].width == pytest.approx(18.4)


def test_docx_merges_groups_and_turns_landscape_when_wide(tmp_path: Path) -> None:
    narrow, wide = tmp_path / "narrow.docx", tmp_path / "wide.docx"
    write_table(grouped_table(4.0), narrow)
    write_table(grouped_table(9.0), wide)
    table = docx.Document(str(narrow)).tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Key", "Value", "Count"],
        ["Group A", "\u2022\tone\n\u2022\ttwo", "3"],
        ["Group A", "=SUM(A1:A2) & <b>|pipe|</b>", "0"],
        ["Group B", "", "1.5"],
    ]
    assert table.cell(1, 0)._tc is table.cell(2, 0)._tc  # one merged cell
    with zipfile.ZipFile(narrow) as package:
        xml = package.read("word/document.xml").decode()
    assert 'w:vMerge w:val="restart"' in xml and "<w:vMerge/>" in xml
    assert 'w:orient="landscape"' not in xml
    with zipfile.ZipFile(wide) as package:
        assert 'w:orient="landscape"' in package.read("word/document.xml").decode()
    widths = [c.width.cm for c in docx.Document(str(wide)).tables[0].columns]
    assert sum(widths) == pytest.approx(24.7, abs=0.01)  # fitted to the landscape text width
