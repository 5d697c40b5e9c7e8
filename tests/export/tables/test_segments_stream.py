"""The streamed segments table: the same files as the table built whole, row by row."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from qcode.export.tables.plain import csv_line
from qcode.export.tables.segments import code_label, segments_stream, segments_table
from qcode.export.tables.table import (
    Cell,
    Column,
    Table,
    TableStream,
    keep_note_with_word,
    row_groups,
)
from qcode.export.tables.write import write_table
from qcode.services.reports import segments_report, stream_segments_report
from qcode.store.project import open_project
from tests.export.golden import xlsx_values
from tests.services.report_project import build_report_project


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_report_project(tmp_path_factory.mktemp("stream") / "generated.qcode")


def write_both(project_path: Path, folder: Path, suffix: str, coder: str | None) -> list[Path]:
    """The report written whole (as before) and streamed; returns [whole, streamed]."""
    whole, streamed = folder / f"whole{suffix}", folder / f"streamed{suffix}"
    with open_project(project_path) as project, project.session() as session:
        said_whole = write_table(segments_table(segments_report(session, coder), coder), whole)
        report = stream_segments_report(session, coder)
        said_streamed = write_table(segments_stream(report, coder), streamed)
    assert said_streamed == said_whole.replace(str(whole), str(streamed))
    assert re.fullmatch(r"wrote segments report \(\d+ rows\) to .*", said_whole)
    return [whole, streamed]


@pytest.mark.parametrize("coder", [None, "Ben"])
@pytest.mark.parametrize("suffix", [".csv", ".md", ".html"])
def test_streamed_text_files_are_byte_identical(generated, tmp_path, suffix, coder) -> None:
    whole, streamed = write_both(generated, tmp_path, suffix, coder)
    assert streamed.read_bytes() == whole.read_bytes()
    assert len(whole.read_bytes()) > 2000


def test_streamed_workbook_holds_the_same_cells(generated: Path, tmp_path: Path) -> None:
    whole, streamed = write_both(generated, tmp_path, ".xlsx", None)
    expected = xlsx_values(whole)
    assert xlsx_values(streamed) == expected
    assert len(expected["rows"]) > 100


def test_streamed_word_file_holds_the_same_table(generated: Path, tmp_path: Path) -> None:
    from tests.export.golden import docx_tables

    whole, streamed = write_both(generated, tmp_path, ".docx", "Ann")
    assert docx_tables(streamed) == docx_tables(whole)


def test_csv_rows_read_back_as_the_report(generated: Path, tmp_path: Path) -> None:
    _whole, streamed = write_both(generated, tmp_path, ".csv", None)
    with streamed.open(encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    with open_project(generated) as project, project.session() as session:
        report = segments_report(session)
    assert header == ["Code", "Quote", "Citation", "Coder"]
    assert [tuple(row[1:]) for row in rows] == [
        (q.text, q.citation, q.coder) for entry in report for q in entry.quotes
    ]


AWKWARD = [
    ["plain", "with, comma", 'a "quoted" word', "line\nbreak", "cr\rhere", "crlf\r\n"],
    ["", "", ""],
    [""],
    [" leading", "trailing ", "\t", "nul\x00inside", "café – ünï", "=SUM(A1)", "\u2028"],
    ['"', ",", "\n", '""', "x"],
]


@pytest.mark.parametrize("fields", AWKWARD)
def test_csv_lines_are_what_the_csv_module_writes(fields: list[str]) -> None:
    out = io.StringIO()
    csv.writer(out).writerow(fields)
    assert csv_line(fields) == out.getvalue()


@pytest.mark.parametrize(
    "text",
    [
        "Care (C)",
        "Care (C)\n",
        "Care (C) ",
        "(C)",
        "a (b) c",
        "x (a(b))",
        "no note",
        "",
        ")",
        " ()",
    ],
)
def test_a_trailing_note_is_kept_with_its_word(text: str) -> None:
    assert keep_note_with_word(text) == re.sub(r" (\([^()]*\))$", "\u00a0\\1", text)


def test_row_groups_span_as_the_table_groups() -> None:
    a, b = Cell.of("A"), Cell.of("B")
    rows = tuple((first, Cell.of(str(n))) for n, first in enumerate([a, a, b, a, b, b, b]))
    for grouped in (True, False):
        table = Table("t", (Column("x"), Column("y")), rows, group_first=grouped)
        spans = [s for g in row_groups(iter(rows), grouped) for s in [len(g)] + [0] * (len(g) - 1)]
        assert spans == table.groups()
        assert [row for g in row_groups(iter(rows), grouped) for row in g] == list(rows)


def test_a_streamed_row_of_the_wrong_width_is_refused(tmp_path: Path) -> None:
    stream = TableStream("t", (Column("x"), Column("y")), iter([(Cell.of("1"),)]))
    with pytest.raises(ValueError, match="a row has 1 cells for 2 columns"):
        write_table(stream, tmp_path / "t.csv")


def test_rows_are_made_as_they_are_read(generated: Path) -> None:
    """Making the table reads no entry; a row reads one entry's first quote, no more."""
    with open_project(generated) as project, project.session() as session:
        entries = [(e.path, e.flags, len(tuple(e.quotes))) for e in stream_segments_report(session)]
        report = stream_segments_report(session)
        rows = iter(segments_stream(report, None).rows)
        first = next(rows)
        assert first[0].data() == code_label(*entries[0][:2])
        rest = [(e.path, e.flags, len(tuple(e.quotes))) for e in report]
    assert rest == entries[1:]
