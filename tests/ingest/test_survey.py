"""Questionnaire import (.csv, .xlsx): respondents, typed closed answers, open text."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from qcode.errors import IngestError
from qcode.ingest import IngestedDocument, read_file
from qcode.ingest.survey import NO_OPEN_TEXT, read_xlsx

LIKERT = ["Strongly agree", "Agree", "Neutral", "Agree", "Disagree"]


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def by_id(documents: list[IngestedDocument]) -> dict[str, IngestedDocument]:
    return {doc.participant or "": doc for doc in documents}


def test_csv_with_id_column(tmp_path: Path) -> None:
    csv_text = (
        "Respondent ID,Age,Mentoring helped me,What helped?,What got in the way?\r\n"
        'R1,34,Strongly agree,"Protected time.\r\nAnd a good mentor.",Rota gaps\r\n'
        "R2,51.5,Agree,,\r\n"
        "R3,,Agree,Listening,\r\n"
    )
    docs = read_file(write(tmp_path, "survey.csv", csv_text))
    assert [doc.name for doc in docs] == ["R1", "R2", "R3"]
    first, second, third = docs
    assert (first.kind, first.format, first.participant, first.wave) == (
        "questionnaire",
        "csv",
        "R1",
        None,
    )
    assert first.attributes == {"Age": 34, "Mentoring helped me": "Strongly agree"}
    assert isinstance(first.attributes["Age"], int)
    assert first.text == (
        "What helped?\nProtected time.\nAnd a good mentor.\n\nWhat got in the way?\nRota gaps"
    )
    assert second.attributes == {"Age": 51.5, "Mentoring helped me": "Agree"}
    assert second.text == NO_OPEN_TEXT
    assert third.attributes == {"Mentoring helped me": "Agree"}  # empty age left out
    assert third.text == "What helped?\nListening"


def test_csv_without_id_column_numbers_respondents(tmp_path: Path) -> None:
    rows = [
        f"{score},{label},Answer number {n}"
        for n, (score, label) in enumerate(zip([5, 4, 3, 4, 2], LIKERT, strict=True))
    ]
    docs = read_file(write(tmp_path, "survey.csv", "Score,Overall,Comments\n" + "\n".join(rows)))
    assert [doc.name for doc in docs] == ["Q1", "Q2", "Q3", "Q4", "Q5"]
    assert docs[0].attributes == {"Score": 5, "Overall": "Strongly agree"}
    assert docs[4].text == "Comments\nAnswer number 4"


def test_semicolon_delimited_csv_with_commas_in_answers(tmp_path: Path) -> None:
    csv_text = (
        "\ufeffid;Satisfaction (1-5);Why?\n"
        "Q1;4;Good, mostly.\n"
        'Q2;2;"Too short; rushed, really."\n'
        "Q3;4.0;Fine\n"
    )
    docs = by_id(read_file(write(tmp_path, "answers.csv", csv_text)))
    assert sorted(docs) == ["Q1", "Q2", "Q3"]
    assert docs["Q1"].text == "Why?\nGood, mostly."
    assert docs["Q2"].text == "Why?\nToo short; rushed, really."
    assert docs["Q3"].attributes == {"Satisfaction (1-5)": 4}


def test_tab_delimited_cp1252_csv(tmp_path: Path) -> None:
    csv_text = "participant\tRole\tStory\nA\tGP\tIt was \u201chard\u201d\nB\tGP\tEasier\n"
    docs = read_file(write(tmp_path, "s.csv", csv_text, encoding="cp1252"))
    assert [doc.participant for doc in docs] == ["A", "B"]
    assert docs[0].attributes == {"Role": "GP"}
    assert docs[0].text == "Story\nIt was \u201chard\u201d"


def test_sparse_short_comments_stay_open_text(tmp_path: Path) -> None:
    csv_text = "id,Any other comments?\nQ1,No\nQ2,Great course\nQ3,\nQ4,n/a\n"
    docs = by_id(read_file(write(tmp_path, "s.csv", csv_text)))
    assert docs["Q2"].text == "Any other comments?\nGreat course"
    assert docs["Q2"].attributes == {}
    assert docs["Q3"].text == NO_OPEN_TEXT


def test_repeated_short_choices_are_closed(tmp_path: Path) -> None:
    grades = ["Trainee", "GP", "GP", "Trainee", "GP", "Consultant"]
    rows = "\n".join(f"P{n},{grade}" for n, grade in enumerate(grades))
    docs = read_file(write(tmp_path, "s.csv", "id,Job role\n" + rows))
    assert [doc.attributes["Job role"] for doc in docs] == grades
    assert {doc.text for doc in docs} == {NO_OPEN_TEXT}


def test_trailing_empty_cells_are_tolerated(tmp_path: Path) -> None:
    docs = read_file(write(tmp_path, "s.csv", "id;Story;\nQ1;Once;\nQ2;Twice;;\n"))
    assert [doc.text for doc in docs] == ["Story\nOnce", "Story\nTwice"]


def test_xlsx_first_sheet_with_typed_cells(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ResponseId", "Mentees", "Score", "Started", "Likert", "What changed?"])
    sheet.append(["R_1", 3, 4.0, dt.datetime(2024, 3, 1), "Agree", "My confidence.\nA lot."])
    sheet.append(["R_2", 12, 2.5, dt.datetime(2024, 3, 2, 9, 30), "Disagree", None])
    sheet.append([None, None, None, None, None, None])
    book.create_sheet("Ignored").append(["id", "x"])
    path = tmp_path / "export.xlsx"
    book.save(path)
    first, second = read_file(path)
    assert (first.name, first.format, first.kind) == ("R_1", "xlsx", "questionnaire")
    assert first.attributes == {
        "Mentees": 3,
        "Score": 4,
        "Started": "2024-03-01",
        "Likert": "Agree",
    }
    assert isinstance(first.attributes["Score"], int)
    assert first.text == "What changed?\nMy confidence.\nA lot."
    assert second.attributes["Score"] == 2.5
    assert second.attributes["Started"] == "2024-03-02T09:30:00"
    assert second.text == NO_OPEN_TEXT


@pytest.mark.parametrize(
    ("csv_text", "message"),
    [
        ("id,Story\nQ1,a\nQ1,b\n", r"respondent id 'Q1' appears twice \(rows 2 and 3\)"),
        ("id,Story\nQ1,a,extra\n", r"row 2 has 3 values but there are only 2 headings"),
        ("id,Story\n", r"has headings but no responses"),
        ("\n\n ,\n", r"contains no rows"),
        ("id,Story\n,text\n", r"row 2 has no respondent id"),
        ("id,Story,story\nQ1,a,b\n", r"two columns have the same heading 'story'"),
        ("id,,Story\nQ1,a,b\n", r"column 2 has values but no heading"),
    ],
    ids=[
        "duplicate-id",
        "ragged",
        "headings-only",
        "no-rows",
        "missing-id",
        "same-heading",
        "no-heading",
    ],
)
def test_bad_survey_files_are_refused(tmp_path: Path, csv_text: str, message: str) -> None:
    path = write(tmp_path, "survey.csv", csv_text)
    with pytest.raises(IngestError, match=rf"^survey\.csv: {message}"):
        read_file(path)


def test_damaged_xlsx_is_refused(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    path = tmp_path / "export.xlsx"
    book.save(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])
    with pytest.raises(IngestError, match=r"^export\.xlsx: is damaged"):
        read_file(path)


def test_word_document_named_xlsx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    docx.Document().save(str(path))
    with pytest.raises(
        IngestError,
        match=r"^export\.xlsx: not an Excel workbook \(it looks like "
        r"a Word document \(\.docx\); rename it to \.docx\)$",
    ):
        read_file(path)


def test_workbook_with_broken_xml_is_damaged() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "not xml at all")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(IngestError, match=r"^export\.xlsx: is damaged"):
        read_xlsx(buffer.getvalue(), "export.xlsx")
