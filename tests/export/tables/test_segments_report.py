"""The coded-segments report: per code in tree order, each quote with its citation."""

from __future__ import annotations

from pathlib import Path

import pytest

from qcode.analysis.quoting import kept_spans, printed
from qcode.cli import main
from qcode.services.demo.sample import CODERS, CODING, TRANSCRIPTS, build_sample
from qcode.store.project import create_project
from tests.export.golden import check_golden, check_golden_json, docx_tables, xlsx_values


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "sample.qcode"
    with create_project(path) as project:
        build_sample(project)
    return path


def export(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["export", "segments", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def as_printed(document: str, quote: str) -> str:
    """A sample quote as the report prints it: one line, "…" where its sentence runs on."""
    text = TRANSCRIPTS[document][2]
    start = text.index(quote)
    return printed(text, kept_spans(text, start, start + len(quote), ["Interviewer"]))


def quotes_of(letter: str | None) -> list[str]:
    """The sample's quotes one coder coded (all three coders' if None), as printed."""
    return [
        as_printed(doc, quote)
        for doc, quote, _theme, _index, coders in CODING
        if letter is None or letter in coders
    ]


@pytest.mark.parametrize(("coder", "letter"), [("Ann", "A"), ("Ben", "B"), ("Consensus", None)])
def test_one_coder_per_code_in_tree_order(
    sample: Path, tmp_path: Path, capsys, coder: str, letter: str | None
) -> None:
    output = tmp_path / f"segments-{coder}.docx"
    assert export(capsys, str(sample), "-o", str(output), "--coder", coder)[0] == 0
    read = docx_tables(output)
    header, *rows = read["tables"][0]
    assert header == ["Code", "Quote", "Citation"]
    assert read["caption"] == f"Coded segments: {coder}"
    # CODING lists the quotes code by code in tree order, so the report keeps that order.
    assert [row[1] for row in rows] == quotes_of(letter)
    check_golden_json(f"segments-{coder}.docx.json", read)


def test_all_coders_adds_a_coder_column(sample: Path, tmp_path: Path, capsys) -> None:
    for suffix in (".csv", ".md", ".xlsx", ".html"):
        assert export(capsys, str(sample), "-o", str(tmp_path / f"all{suffix}"))[0] == 0
    values = xlsx_values(tmp_path / "all.xlsx")
    assert values["rows"][0] == ["Code", "Quote", "Citation", "Coder"]
    coders = {"Consensus", *CODERS.values()}
    assert {row[3] for row in values["rows"][1:]} == coders
    assert len(values["rows"]) - 1 == sum(len(c) + 1 for *_rest, c in CODING)
    check_golden_json("segments-all.xlsx.json", values)
    check_golden("segments-all.csv", (tmp_path / "all.csv").read_bytes())
    check_golden("segments-all.md", (tmp_path / "all.md").read_bytes())
    check_golden("segments-all.html", (tmp_path / "all.html").read_bytes())


def test_citations_give_participant_wave_and_lines(sample: Path, tmp_path: Path, capsys) -> None:
    output = tmp_path / "one.csv"
    path = "Mentoring that strengthens working relationships"
    assert export(capsys, str(sample), "-o", str(output), "--code", path, "--coder", "Ann")[0] == 0
    rows = output.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "Code,Quote,Citation"
    assert rows[1].endswith(',"PB 1, line 2"')
    assert rows[2].endswith(',"PB 1, lines 4\u20135"')  # the quote runs over two lines
    assert len(rows) == 3


def test_unknown_coder_is_one_line(sample: Path, tmp_path: Path, capsys) -> None:
    status, out, err = export(capsys, str(sample), "-o", str(tmp_path / "x.csv"), "--coder", "Zed")
    assert (status, out, err) == (1, "", "qcode: no coder 'Zed' in the project\n")
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize("coder", [None, "Ann"])
def test_the_rows_data_are_the_cells_data(sample: Path, coder: str | None) -> None:
    """CSV reads a stream's data rows, the other formats its cells: the two say the same."""
    from qcode.export.tables.segments import segments_stream
    from qcode.services.reports import segments_report
    from qcode.store.project import open_project

    with open_project(sample) as project, project.session() as session:
        report = segments_report(session, coder=coder)
    cells = [[cell.data() for cell in row] for row in segments_stream(report, coder).rows]
    data = list(segments_stream(report, coder).data or [])
    assert data == cells
    assert len(data) == sum(len(entry.quotes) for entry in report) > 0
