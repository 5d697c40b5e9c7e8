"""Decision log writers: CSV and a landscape Word table, read back cell by cell."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from qcode.errors import QcodeError
from qcode.export.decision_log import (
    CSV_COLUMNS,
    DOCX_COLUMNS,
    methods_paragraph,
    write_decision_log,
)
from qcode.services import coding
from qcode.services.codebook.edit import add_code
from qcode.services.workshop import disagreements as workshop
from qcode.services.workshop.log import DecisionLogRow
from tests.helpers import add_text

TEXT = "Interviewer: And then?\nPJ: The mentor made time\ffor me. It helped a lot.\n"


def row(**changes: object) -> DecisionLogRow:
    values: dict[str, object] = {
        "decision_id": 1,
        "decided_at": datetime(2025, 5, 3, 14, 30, 5),
        "document": "PJ 1",
        "code": ("Better work", "Time/space"),
        "start": 27,
        "end": 60,
        "text": TEXT[27:60],
        "citation": "PJ 1, line 2",
        "coder_a": "Ana",
        "coder_b": "Ben",
        "choice": "keep_a",
        "choice_words": "kept Ana's coding",
        "result": ((27, 40), (44, 54)),
        "rationale": 'Ana\'s boundary, "time" is the point',
        "attendees": ("Ana", "Ben", "Cy"),
        "decided_by": "Ana",
    }
    values.update(changes)
    return DecisionLogRow(**values)  # type: ignore[arg-type]


ROWS = [
    row(),
    row(
        decision_id=2,
        decided_at=datetime(2025, 5, 10, 9, 0, 0),
        document="PR 2",
        code=("Better work",),
        start=4,
        end=19,
        text="Time was short.",
        citation="PR 2, line 1",
        choice="none",
        choice_words="not coded",
        result=(),
        rationale="not about work",
        attendees=("Ana", "Ben"),
        decided_by="Ben",
    ),
]


def test_csv_reads_back_cell_by_cell(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    assert write_decision_log(ROWS, path, "Decisions") == f"wrote 2 decisions to {path}"
    with path.open(encoding="utf-8", newline="") as handle:
        header, *lines = list(csv.reader(handle))
    assert tuple(header) == CSV_COLUMNS
    assert lines == [
        [
            "2025-05-03 14:30:05",
            "PJ 1",
            "Better work/Time\\/space",
            "27",
            "60",
            "PJ 1, line 2",
            TEXT[27:60],
            "Ana",
            "Ben",
            "Ana; Ben",
            "keep_a",
            "kept Ana's coding",
            "27:40; 44:54",
            'Ana\'s boundary, "time" is the point',
            "Ana, Ben, Cy",
            "Ana",
            "in force",
            "",
        ],
        [
            "2025-05-10 09:00:00",
            "PR 2",
            "Better work",
            "4",
            "19",
            "PR 2, line 1",
            "Time was short.",
            "Ana",
            "Ben",
            "Ana; Ben",
            "none",
            "not coded",
            "",
            "not about work",
            "Ana, Ben",
            "Ben",
            "in force",
            "",
        ],
    ]


def table_cells(path: Path) -> list[list[str]]:
    document = docx.Document(str(path))
    [table] = document.tables
    return [[cell.text for cell in r.cells] for r in table.rows]


def test_docx_is_a_landscape_table_with_a_repeated_header(tmp_path: Path) -> None:
    path = tmp_path / "log.docx"
    write_decision_log(ROWS, path, "Workshop decisions: Mentoring study")
    document = docx.Document(str(path))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    heading, methods = document.paragraphs[0], document.paragraphs[1]
    assert heading.text == "Workshop decisions: Mentoring study"
    assert heading.style.name == "Heading 1"
    assert methods.text == methods_paragraph(ROWS)
    [table] = document.tables
    header = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert header is not None and header.get(qn("w:val")) == "true"
    for data_row in table.rows[1:]:
        properties = data_row._tr.trPr
        assert properties.find(qn("w:tblHeader")) is None
        assert properties.find(qn("w:cantSplit")) is not None  # a row never breaks across pages
    assert table_cells(path) == [
        list(DOCX_COLUMNS),
        [
            "2025-05-03",
            f"PJ 1, line 2 (27:60)\n“{TEXT[27:60].replace(chr(12), ' ')}”",
            "Better work/Time\\/space",
            "Ana / Ben",
            "kept Ana's coding (27:40; 44:54)",
            'Ana\'s boundary, "time" is the point',
            "Ana, Ben, Cy",
            "Ana",
        ],
        [
            "2025-05-10",
            "PR 2, line 1 (4:19)\n“Time was short.”",
            "Better work",
            "Ana / Ben",
            "not coded",
            "not about work",
            "Ana, Ben",
            "Ben",
        ],
    ]


def test_methods_paragraph_is_built_from_the_counts() -> None:
    text = methods_paragraph(ROWS)
    assert "the coding of Ana and Ben was then compared" in text
    assert "2 decisions in force on passages in 2 documents and 2 codes" in text
    assert "taken on 2 days (2025-05-03, 2025-05-10), attended by Ana, Ben and Cy" in text
    assert "The team kept Ana's coding in 1 passage and left 1 passage uncoded." in text
    one = methods_paragraph([row(choice="union", attendees=())])
    assert "1 decision in force on passages in 1 document and 1 code, taken on 1 day" in one
    assert "coded what either coder coded in 1 passage" in one
    assert methods_paragraph([]) == "No workshop decisions have been recorded."


def test_an_empty_log_still_writes_a_header_row(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    assert write_decision_log([], path, "Decisions") == f"wrote 0 decisions to {path}"
    assert table_cells(path) == [list(DOCX_COLUMNS)]


def test_other_suffixes_and_missing_folders_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(QcodeError, match=r"log\.xlsx: the decision log is written as"):
        write_decision_log(ROWS, tmp_path / "log.xlsx", "Decisions")
    with pytest.raises(QcodeError, match="could not write"):
        write_decision_log(ROWS, tmp_path / "missing" / "log.csv", "Decisions")
    with pytest.raises(QcodeError, match="could not write"):
        write_decision_log(ROWS, tmp_path / "missing" / "log.docx", "Decisions")


def test_a_real_projects_log_round_trips(project, tmp_path: Path) -> None:
    add_text(project, "PJ 1", TEXT, "PJ", 1)
    add_code(project, "Better work")
    coding.code_span(project, "PJ 1", "Better work", "Ana", 27, 40)
    coding.code_span(project, "PJ 1", "Better work", "Ben", 30, 50)
    with project.session() as session:
        [unit] = workshop.list_disagreements(session, "Ana", "Ben")
    workshop.decide(project, unit.key, "overlap", "both", "Ana, Ben", actor="Ben")
    with project.session() as session:
        rows = workshop.decision_log(session)
    path = tmp_path / "real.docx"
    write_decision_log(rows, path, "Decisions")
    [_header, cells] = table_cells(path)
    assert cells[1] == f"PJ 1, line 2 (27:50)\n“{TEXT[27:50].replace(chr(12), ' ')}”"
    assert cells[4] == "coded only what both coders coded (overlap) (30:40)"
    assert cells[7] == "Ben"
