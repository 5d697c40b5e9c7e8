"""Agreement exports read back cell by cell: Excel workbook, CSV, Word tables."""

from __future__ import annotations

import csv
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from openpyxl import load_workbook

from qcode.analysis.agreement.measures import alpha_band, kappa_band
from qcode.analysis.agreement.report import AgreementOptions, compute_agreement
from qcode.cli import main
from qcode.errors import QcodeError
from qcode.export.agreement.write import write_agreement
from qcode.services.codebook.edit import add_code
from qcode.services.coding import code_span
from qcode.store.project import create_project, open_project
from tests.helpers import add_text, dump

CODERS = ["Ann", "Ben", "Cat"]
CODES = [("Work", "Rota"), ("Health",)]
DOCS = [("PJ 1", 100), ("PR 2", 60)]
ROWS = [
    (0, 0, 0, 0, 50),
    (0, 0, 1, 25, 75),
    (0, 1, 2, 5, 25),
    (1, 1, 0, 10, 40),
    (1, 1, 1, 12, 40),
    (1, 1, 2, 10, 38),
]


@pytest.fixture
def result():
    return compute_agreement(CODERS, CODES, DOCS, ROWS, AgreementOptions(threshold=80.0))


def counts_expected(c) -> dict[str, object]:
    return {
        "Characters": c.size,
        "Both": c.both,
        "A only": c.a_only,
        "B only": c.b_only,
        "Neither": c.neither,
        "Agreement %": c.agreement,
        "Kappa": c.kappa,
        "Kappa band": kappa_band(c.kappa),
        "AC1": c.ac1,
        "Brennan–Prediger": c.bp,
    }


def segments_expected(s) -> dict[str, object]:
    return {
        "Segments A": s.a_segments,
        "Matched A": s.a_matched,
        "Segments B": s.b_segments,
        "Matched B": s.b_matched,
        "Segment agreement %": s.agreement,
    }


def pair_expected(code: str, pair, alpha, summary) -> dict[str, object]:
    interval = summary.alpha_interval
    return {
        "Code": code,
        "Coder A": pair.coder_a,
        "Coder B": pair.coder_b,
        **counts_expected(pair.counts),
        "Weighted kappa": pair.weighted_kappa,
        **segments_expected(pair.segments),
        "Presence agreement %": pair.presence.agreement,
        "Presence kappa": pair.presence.kappa,
        "Alpha": alpha,
        "Alpha band": alpha_band(alpha),
        "Alpha 95% CI low": interval.low if interval else None,
        "Alpha 95% CI high": interval.high if interval else None,
        "Fleiss kappa": summary.fleiss,
        "Fleiss kappa band": kappa_band(summary.fleiss),
    }


def expected_tables(result) -> dict[str, list[dict[str, object]]]:
    whole = result.overall
    overall = [pair_expected("(all codes)", p, whole.alpha, whole) for p in whole.pairs]
    per_code = [
        pair_expected("/".join(code.code), p, code.alpha, code)
        for code in result.codes
        for p in code.pairs
    ]
    per_doc = [
        {
            "Code": "/".join(cell.code),
            "Document": cell.document,
            "Coder A": cell.coder_a,
            "Coder B": cell.coder_b,
            **counts_expected(cell.counts),
            **segments_expected(cell.segments),
        }
        for cell in result.cells()
    ]
    return {"Overall": overall, "Per code": per_code, "Per document": per_doc}


def same(got: dict[str, object], want: dict[str, object]) -> bool:
    """Equal cells; a float as Excel stores it (to its 17th significant digit)."""
    assert got.keys() == want.keys()
    for key, value in want.items():
        if isinstance(value, float):
            assert got[key] == pytest.approx(value, rel=1e-15, abs=1e-15), key
        else:
            assert got[key] == value, key
    return True


def test_xlsx_has_a_sheet_per_level_with_numbers_as_numbers(result, tmp_path: Path) -> None:
    output = tmp_path / "agreement.xlsx"
    line = write_agreement(result, output, "Agreement")
    assert line.startswith("wrote agreement") and str(output) in line
    book = load_workbook(output)
    assert book.sheetnames == ["Overall", "Per code", "Per document", "Notes"]
    for title, rows in expected_tables(result).items():
        values = list(book[title].iter_rows(values_only=True))
        header = list(values[0])
        assert header == list(rows[0])
        assert len(values) == 1 + len(rows)
        for got, want in zip(values[1:], rows, strict=True):
            assert same(dict(zip(header, got, strict=True)), want)
    assert "not a verdict" in book["Notes"]["A2"].value


def test_csv_is_one_long_table_with_a_level_column(result, tmp_path: Path) -> None:
    output = tmp_path / "agreement.csv"
    write_agreement(result, output, "Agreement")
    with output.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    expected = [
        (level, row)
        for level, (_title, table) in zip(
            ("overall", "code", "document"), expected_tables(result).items(), strict=True
        )
        for row in table
    ]
    assert len(rows) == len(expected)
    for got, (level, want) in zip(rows, expected, strict=True):
        assert got["Level"] == level
        for title, value in want.items():
            if value is None:
                assert got[title] == ""
            elif isinstance(value, float):
                assert float(got[title]) == value  # full precision
            else:
                assert got[title] == str(value)


def test_docx_holds_real_tables_with_a_repeated_header_row(result, tmp_path: Path) -> None:
    output = tmp_path / "agreement.docx"
    write_agreement(result, output, "Agreement of Ann, Ben and Cat")
    document = docx.Document(str(output))
    assert len(document.tables) == 3
    for grid, rows in zip(document.tables, expected_tables(result).values(), strict=True):
        header = grid.rows[0]
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None
        titles = [cell.text for cell in header.cells]
        assert set(titles) <= set(rows[0]) and "Kappa" in titles and "Coder A" in titles
        assert len(grid.rows) == 1 + len(rows)
        for row, want in zip(grid.rows[1:], rows, strict=True):
            for title, cell in zip(titles, row.cells, strict=True):
                assert cell.text == shown(want[title], title)
    assert "not a verdict" in document.paragraphs[-1].text


def shown(value: object, title: str) -> str:
    """How a Word table shows a value: 2 decimals for %, 3 for kappa and alpha."""
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.2f}" if title.endswith("%") else f"{value:.3f}"
    return str(value)


def test_an_unknown_suffix_is_one_line_error(result, tmp_path: Path) -> None:
    with pytest.raises(QcodeError) as error:
        write_agreement(result, tmp_path / "agreement.pdf", "Agreement")
    assert "'.pdf'" in str(error.value) and ".xlsx" in str(error.value)
    assert not (tmp_path / "agreement.pdf").exists()


@pytest.fixture
def study(tmp_path: Path) -> Path:
    path = tmp_path / "study.qcode"
    with create_project(path) as project:
        for name, size in DOCS:
            add_text(project, name, "x" * size)
        for code in CODES:
            add_code(project, "/".join(code))
        for k, d, r, start, end in ROWS:
            code_span(project, DOCS[d][0], "/".join(CODES[k]), CODERS[r], start, end)
    return path


def test_qcode_export_agreement_writes_the_same_figures(study: Path, tmp_path, capsys) -> None:
    output = tmp_path / "out.xlsx"
    status = main(["export", "agreement", str(study), "--coders", "Ann,Ben,Cat", "-o", str(output)])
    out, err = capsys.readouterr()
    assert status == 0 and err == "" and str(output) in out
    expected = compute_agreement(CODERS, CODES, DOCS, ROWS)
    rows = list(load_workbook(output)["Overall"].iter_rows(values_only=True))
    header = list(rows[0])
    want = expected_tables(expected)["Overall"]
    assert len(rows) == 1 + len(want)
    for got, row in zip(rows[1:], want, strict=True):
        assert same(dict(zip(header, got, strict=True)), row)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "--coders"),
        (["--coders", "Ann,Zed"], "no coder 'Zed'"),
        (["--coders", "Ann,Ben"], "'.txt'"),
    ],
)
def test_qcode_export_agreement_errors_are_one_line(
    study, tmp_path, capsys, extra, message
) -> None:
    with open_project(study) as project:
        before = dump(project)
    output = tmp_path / ("out.txt" if "Ann,Ben" in extra else "out.csv")
    status = main(["export", "agreement", str(study), *extra, "-o", str(output)])
    _out, err = capsys.readouterr()
    assert status == 1 and err.count("\n") == 1 and message in err
    assert not output.exists()
    with open_project(study) as project:
        assert dump(project) == before
