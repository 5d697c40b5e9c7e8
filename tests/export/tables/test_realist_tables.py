"""The CMO configuration table and the themes table, exported in every format.

The sample study has four outcome themes with three or four C/M categories and one
statement each, built through the services (qcode/services/demo/sample.py).
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from qcode.cli import main
from qcode.services.codebook.edit import update_code
from qcode.services.demo.sample import CODING, T1, T2, T3, THEMES, TRANSCRIPTS, build_sample
from qcode.services.lookup import find_code
from qcode.store.project import create_project, open_project
from tests.export.golden import check_golden, check_golden_json, docx_tables, xlsx_values

FLAG_TEXT = {"C": "(C)", "M": "(M)", "CM": "(C, M)"}
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample study's project file (built once; the tests only read it)."""
    path = tmp_path_factory.mktemp("sample") / "sample.qcode"
    with create_project(path, title="Sample") as project:
        build_sample(project)
    return path


def export(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run `qcode export ...`; it must succeed with one line on stdout and nothing on stderr."""
    status = main(["export", *argv])
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    assert out.count("\n") == 1
    return out


def document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read("word/document.xml").decode("utf-8")


def expected_cmo_rows() -> list[list[str]]:
    """The table the sample should give, derived from the sample's own definitions."""
    rows = []
    for theme, (categories, statement) in THEMES.items():
        bullets = [f"\u2022\t{name}{NBSP}{FLAG_TEXT[flags]}" for name, flags in categories]
        rows.append([theme, "\n".join(bullets), statement])
    return rows


def test_cmo_docx_is_a_journal_table_cell_by_cell(sample: Path, tmp_path: Path, capsys) -> None:
    output = tmp_path / "cmo.docx"
    assert "CMO table (4 rows)" in export(capsys, "cmo", str(sample), "-o", str(output))
    read = docx_tables(output)
    header, *body = read["tables"][0]
    assert header == [
        "Outcome theme",
        "Categories (C = context, M = mechanism)",
        "Configuration statement",
    ]
    assert body == expected_cmo_rows()
    caption = "Table 1. Themes, categories and configurations"
    assert (read["caption"], read["landscape"]) == (caption, False)
    check_golden_json("cmo.docx.json", read)
    xml = document_xml(output)
    header_row = re.search(r"<w:tr[ >].*?</w:tr>", xml, re.S)
    assert header_row and "<w:tblHeader/>" in header_row.group(0)
    assert xml.count("<w:tblHeader/>") == 1
    assert '<w:tblLayout w:type="fixed"/>' in xml
    assert "<w:shd" not in xml  # no shading
    borders = re.search(r"<w:tblBorders>(.*?)</w:tblBorders>", xml).group(1)
    assert '<w:top w:val="single" w:sz="8"' in borders
    assert '<w:bottom w:val="single" w:sz="8"' in borders
    assert '<w:insideV w:val="nil"/>' in borders
    header_cells = docx.Document(str(output)).tables[0].rows[0].cells
    styles = {(p.style.name, p.style.font.bold) for cell in header_cells for p in cell.paragraphs}
    assert styles == {("Table Heading", True)}


def test_cmo_with_quotes_is_landscape_and_cites_evidence(
    sample: Path, tmp_path: Path, capsys
) -> None:
    output = tmp_path / "cmo-quotes.docx"
    export(capsys, "cmo", str(sample), "-o", str(output), "--quotes")
    read = docx_tables(output)
    assert read["landscape"] is True
    assert read["tables"][0][0][-1] == "Supporting quotes"
    first_theme_quotes = [q for _doc, q, theme, _i, _c in CODING if theme == T1][:2]
    cell = read["tables"][0][1][-1].split("\n")
    # each starts inside its sentence, so it opens on "… " (qcode/analysis/quoting.py)
    expected = [f"\u2026 {quote}" for quote in first_theme_quotes]
    assert [line.split("\u201c")[1].split("\u201d")[0] for line in cell] == expected
    assert cell[0].endswith(f"\u201d{NBSP}(PA 1, line 2)")
    xml = document_xml(output)
    assert '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>' in xml
    check_golden_json("cmo-quotes.docx.json", read)


@pytest.mark.parametrize("suffix", [".csv", ".md", ".html"])
def test_cmo_text_formats_match_golden(sample: Path, tmp_path: Path, capsys, suffix: str) -> None:
    output = tmp_path / f"cmo{suffix}"
    export(capsys, "cmo", str(sample), "-o", str(output))
    check_golden(f"cmo{suffix}", output.read_bytes())
    text = output.read_text(encoding="utf-8-sig")
    for theme, (_categories, statement) in THEMES.items():
        assert theme in text and statement in text


def test_cmo_xlsx_matches_golden(sample: Path, tmp_path: Path, capsys) -> None:
    output = tmp_path / "cmo.xlsx"
    export(capsys, "cmo", str(sample), "-o", str(output))
    values = xlsx_values(output)
    assert values["rows"][0] == ["Table 1. Themes, categories and configurations", None, None]
    assert values["rows"][2:] == [
        [theme, categories.replace("\t", " ").replace(NBSP, " "), statement]
        for theme, categories, statement in expected_cmo_rows()
    ]
    assert values["freeze"] == "A3"  # below the caption and the header
    sheet = openpyxl.load_workbook(output).active
    assert sheet["A1"].font.bold and all(cell.font.bold for cell in sheet[2])
    assert all(cell.alignment.wrap_text for row in sheet.iter_rows(min_row=2) for cell in row)
    # the caption spans the columns; each theme has one statement, so no other cell is merged
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:C1"]
    check_golden_json("cmo.xlsx.json", values)


def test_themes_table_like_the_report(sample: Path, tmp_path: Path, capsys) -> None:
    """Table 9's layout: one row per category under a theme cell spanning them."""
    for suffix in (".docx", ".xlsx", ".csv", ".md"):
        export(capsys, "themes", str(sample), "-o", str(tmp_path / f"themes{suffix}"))
    read = docx_tables(tmp_path / "themes.docx")
    header, *body = read["tables"][0]
    assert header == ["Outcome theme", "Categories (C = context, M = mechanism)"]
    assert read["caption"] == "Table 1. Themes and categories"
    expected = []
    for number, (theme, (categories, _statement)) in enumerate(THEMES.items(), start=1):
        for name, flags in categories:
            expected.append([f"Theme {number}\n{theme}", f"\u2022\t{name}{NBSP}{FLAG_TEXT[flags]}"])
            if theme == T3 and name == categories[0][0]:  # the sample's one sub-category
                expected.append([f"Theme {number}\n{theme}", "\u2022\tWeekend cover"])
    assert body == expected
    check_golden_json("themes.docx.json", read)
    check_golden_json("themes.xlsx.json", xlsx_values(tmp_path / "themes.xlsx"))
    check_golden("themes.csv", (tmp_path / "themes.csv").read_bytes())
    check_golden("themes.md", (tmp_path / "themes.md").read_bytes())


def test_flags_in_the_table_follow_the_codebook(sample: Path, tmp_path: Path, capsys) -> None:
    copy = tmp_path / "copy.qcode"
    shutil.copy(sample, copy)
    with open_project(copy) as project:
        with project.session() as session:
            code_id = find_code(session, [T2, "Trust built across grades"]).id
        update_code(project, code_id, flags="M")
    export(capsys, "cmo", str(copy), "-o", str(tmp_path / "cmo.md"))
    text = (tmp_path / "cmo.md").read_text(encoding="utf-8")
    assert "Trust built across grades (M)" in text
    assert "(C, M)" not in text


def test_one_theme_only(sample: Path, tmp_path: Path, capsys) -> None:
    export(capsys, "cmo", str(sample), "-o", str(tmp_path / "t.csv"), "--code", T2)
    lines = (tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[1].startswith(T2)
    assert sum(line.startswith("Mentoring") for line in lines) == 1


def test_sample_quotes_are_in_their_transcripts() -> None:
    for document, quote, *_rest in CODING:
        assert quote in TRANSCRIPTS[document][2]
