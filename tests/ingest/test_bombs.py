"""Hostile inputs are refused in one line, changing nothing, under 300 MB peak RSS.

Each bomb is built here; the read runs in a fresh process whose peak RSS is read
with ``getrusage(RUSAGE_CHILDREN)``. Times are printed (``-s``), not asserted."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl.utils import get_column_letter

from qcode.errors import IngestError
from qcode.ingest import read_file
from tests.ingest.bombs import (
    MIB,
    Run,
    document_xml,
    docx_bytes,
    lie_about_size,
    measured,
    measured_read,
    pdf_with_pages,
    pdf_with_stream,
    rebuild,
    repeated,
    shared_strings,
    sheet_xml,
    text_stream,
    xlsx_bytes,
)

PEAK_MB = 300
GIB = 1024 * MIB


def refused(run: Run, *parts: str) -> str:
    """The one refusal line, checked for ``parts`` and the memory bound."""
    assert run.returncode == 1, run.stderr
    line = run.stdout.strip()
    assert "\n" not in line and not run.stderr.strip()
    for part in parts:
        assert part in line
    assert run.peak_mb < PEAK_MB
    return line


def test_a_docx_inflating_to_a_gibibyte_is_refused_before_inflating(tmp_path: Path) -> None:
    path = rebuild(docx_bytes(), tmp_path / "PJ 1.docx", {"word/document.xml": document_xml(GIB)})
    line = refused(measured_read(path), "PJ 1.docx: refused as a possible zip bomb")
    assert "'word/document.xml' would unpack to 1024.0 MB (over 128.0 MB)" in line


def test_a_docx_compressed_over_a_hundred_times_is_refused(tmp_path: Path) -> None:
    path = rebuild(
        docx_bytes(), tmp_path / "PJ 2.docx", {"word/document.xml": document_xml(20 * MIB)}
    )
    refused(measured_read(path), "PJ 2.docx: refused", "is compressed", "100x compression")


def test_a_docx_member_lying_about_its_size_is_caught_while_inflating(tmp_path: Path) -> None:
    path = rebuild(
        docx_bytes(), tmp_path / "PJ 3.docx", {"word/document.xml": document_xml(200 * MIB)}
    )
    lie_about_size(path, "word/document.xml", 1000)
    refused(measured_read(path), "PJ 3.docx: is damaged and cannot be read as a Word document")


def test_an_xlsx_shared_strings_bomb_is_refused(tmp_path: Path) -> None:
    base = xlsx_bytes([["id", "Story"], ["Q1", "text"]])
    path = rebuild(base, tmp_path / "survey.xlsx", {"xl/sharedStrings.xml": shared_strings(GIB)})
    refused(measured_read(path), "survey.xlsx: refused", "'xl/sharedStrings.xml' would unpack")


def test_an_xlsx_worksheet_bomb_is_refused(tmp_path: Path) -> None:
    base = xlsx_bytes([["id", "Story"], ["Q1", "text"]])
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(1, 9))
    sheet = iter([*sheet_xml(rows), *repeated(b" ", 300 * MIB)])
    path = rebuild(base, tmp_path / "survey.xlsx", {"xl/worksheets/sheet1.xml": sheet})
    refused(measured_read(path), "survey.xlsx: refused", "sheet1.xml' would unpack")


def _sheet(tmp_path: Path, rows: bytes, dimension: bytes = b"A1") -> Path:
    base = xlsx_bytes([["id"], ["Q1"]])
    return rebuild(
        base, tmp_path / "survey.xlsx", {"xl/worksheets/sheet1.xml": sheet_xml(rows, dimension)}
    )


def _cells(row: int, values: list[str]) -> bytes:
    cells = "".join(
        f'<c r="{get_column_letter(col)}{row}" t="inlineStr"><is><t>{value}</t></is></c>'
        for col, value in enumerate(values, start=1)
    )
    return f'<row r="{row}">{cells}</row>'.encode()


def test_an_xlsx_claiming_the_whole_sheet_is_read_at_its_real_size(tmp_path: Path) -> None:
    rows = _cells(1, ["id", "Story"]) + _cells(2, ["Q1", "It helped a lot."])
    path = _sheet(tmp_path, rows, b"A1:XFD1048576")
    run = measured_read(path)
    assert run.returncode == 0 and run.stdout.strip() == "read" and run.peak_mb < PEAK_MB
    (doc,) = read_file(path)
    assert doc.name == "Q1" and doc.text == "Story\nIt helped a lot."


def test_an_xlsx_row_past_excels_last_row_is_refused(tmp_path: Path) -> None:
    rows = _cells(1, ["id", "Story"]) + _cells(2_000_000_000, ["Q1", "far away"])
    refused(measured_read(_sheet(tmp_path, rows)), "survey.xlsx: refused", "past row 1,048,576")


def test_an_xlsx_wider_than_excel_is_refused(tmp_path: Path) -> None:
    rows = _cells(1, ["id", *(f"Q{n}" for n in range(17_000))])
    with pytest.raises(
        IngestError, match=r"^survey\.xlsx: refused, row 1 has more than 16,384 col"
    ):
        read_file(_sheet(tmp_path, rows))


def test_a_csv_wider_than_the_column_limit_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(",".join(["id", *(f"Q{n}" for n in range(20_000))]) + "\nA1\n")
    with pytest.raises(IngestError, match=r"^wide\.csv: refused, row 1 has more than 16,384 col"):
        read_file(path)


def test_a_csv_past_the_cell_budget_is_refused_under_the_memory_bound(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    heading = ",".join(["id", *(f"Q{n}" for n in range(999))])
    row = ",".join(f"ab{n}" for n in range(1000))
    path.write_text(heading + "\n" + "\n".join(f"R{n}," + row[4:] for n in range(1_100)) + "\n")
    refused(measured_read(path), "big.csv: refused", "1,000,000 cells")


def test_a_pdf_stating_too_many_pages_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(pdf_with_pages(1, stated=100_000))
    refused(measured_read(path), "long.pdf: refused, it has 100,000 pages (the limit is 2,000)")


def test_a_pdf_hiding_its_page_count_is_refused_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(pdf_with_pages(2_001, stated=1))
    refused(measured_read(path), "long.pdf: refused, it has more than 2,000 pages")


def test_a_pdf_stream_inflating_to_a_gibibyte_is_refused_while_inflating(tmp_path: Path) -> None:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf_with_stream(text_stream(GIB)))
    refused(measured_read(path), "bomb.pdf: refused, a stream inflates to more than 64 MB")


def test_a_pdf_page_drawing_too_many_characters_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "dense.pdf"
    path.write_bytes(pdf_with_stream(text_stream(150_000)))
    refused(measured_read(path), "dense.pdf: refused, page 1 draws more than 100,000 characters")


def test_a_refused_import_changes_nothing_in_the_project(tmp_path: Path) -> None:
    qcode = str(Path(__import__("sys").executable).with_name("qcode"))
    project = tmp_path / "study.qcode"
    assert measured(qcode, "new", str(project), "--template", "none").returncode == 0
    before = project.read_bytes()
    path = rebuild(docx_bytes(), tmp_path / "PJ 1.docx", {"word/document.xml": document_xml(GIB)})
    run = measured(qcode, "import", str(project), str(path))
    print(f"qcode import: {run.seconds:.2f} s, {run.peak_mb:.0f} MB: {run.stderr.strip()}")
    assert run.returncode != 0 and run.peak_mb < PEAK_MB
    assert "PJ 1.docx: refused as a possible zip bomb" in run.stdout + run.stderr
    assert project.read_bytes() == before
    docs = measured(qcode, "docs", str(project), "--json")
    assert docs.returncode == 0 and docs.stdout.strip() == "[]"
