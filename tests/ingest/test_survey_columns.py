"""Questionnaire column classes: detected (open, categorical, numeric, Likert) and chosen."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from qcode.errors import IngestError, QcodeError
from qcode.ingest import read_file
from qcode.ingest.reader import read_survey_columns
from qcode.ingest.survey import NO_OPEN_TEXT
from qcode.ingest.survey_columns import parse_column_option

EXPORT = (
    "id,Role,Years in post,Confidence (1-5),Mentoring helps,Which rota?,What changed?\n"
    "1,GP trainer,12,4,Agree,Early,I stopped skipping lunch.\n"
    "2,Nurse,3,5,Strongly agree,Late,\n"
    "3,GP trainer,7.5,2,Disagree,Split,The huddle on Mondays helps me.\n"
    "4,Practice manager,20,3,Neutral,Weekend,Fewer late finishes.\n"
)


def write(tmp_path: Path, text: str, name: str = "survey.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def classes(path: Path, chosen: dict[str, str] | None = None) -> dict[str, tuple[str, str]]:
    return {c.heading: (c.detected, c.chosen) for c in read_survey_columns(path, chosen)}


def test_each_column_class_is_detected(tmp_path: Path) -> None:
    found = classes(write(tmp_path, EXPORT))
    assert {heading: detected for heading, (detected, _) in found.items()} == {
        "Role": "categorical",  # few short labels, one repeated: not open text
        "Years in post": "numeric",
        "Confidence (1-5)": "likert",
        "Mentoring helps": "likert",
        "Which rota?": "open",  # four different words under a question: could be anything
        "What changed?": "open",
    }


def test_a_role_column_of_distinct_labels_is_categorical_by_its_heading(tmp_path: Path) -> None:
    text = "id,Job role,Story\n1,GP,Went well.\n2,Nurse,Went badly.\n3,Pharmacist,Mixed.\n"
    found = classes(write(tmp_path, text))
    assert found["Job role"] == ("categorical", "categorical")
    assert found["Story"] == ("open", "open")


def test_classes_decide_attributes_and_text(tmp_path: Path) -> None:
    docs = {doc.name: doc for doc in read_file(write(tmp_path, EXPORT))}
    first = docs["Q1"]
    assert first.attributes == {
        "Role": "GP trainer",
        "Years in post": 12,
        "Confidence (1-5)": 4,
        "Mentoring helps": "Agree",
    }
    assert first.text == "Which rota?\nEarly\n\nWhat changed?\nI stopped skipping lunch."
    assert docs["Q3"].attributes["Years in post"] == 7.5


def test_numeric_respondent_ids_are_prefixed_q(tmp_path: Path) -> None:
    docs = read_file(write(tmp_path, EXPORT))
    assert [(doc.name, doc.participant) for doc in docs] == [
        ("Q1", "Q1"),
        ("Q2", "Q2"),
        ("Q3", "Q3"),
        ("Q4", "Q4"),
    ]
    kept = read_file(write(tmp_path, "id,Story\nR7,Fine.\nQ8,Good.\n", "other.csv"))
    assert [doc.name for doc in kept] == ["R7", "Q8"]


def test_a_bare_id_and_its_q_form_are_the_same_respondent(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"respondent id 'Q3' appears twice \(rows 2 and 3\)"):
        read_file(write(tmp_path, "id,Story\n3,Once.\nQ3,Twice.\n"))


def test_chosen_classes_override_detection(tmp_path: Path) -> None:
    path = write(tmp_path, EXPORT)
    chosen = {"which rota?": "categorical", "Role": "open", "Years in post": "categorical"}
    assert classes(path, chosen)["Which rota?"] == ("open", "categorical")
    docs = {doc.name: doc for doc in read_file(path, columns=chosen)}
    assert docs["Q2"].attributes == {
        "Which rota?": "Late",
        "Years in post": "3",  # categorical: a label, not a number to average
        "Confidence (1-5)": 5,
        "Mentoring helps": "Strongly agree",
    }
    assert docs["Q2"].text == "Role\nNurse"
    assert docs["Q1"].text.startswith("Role\nGP trainer\n\nWhat changed?")


def test_open_text_chosen_for_every_column_leaves_no_attributes(tmp_path: Path) -> None:
    path = write(tmp_path, "id,Score\n1,4\n2,\n")
    first, second = read_file(path, columns={"Score": "open"})
    assert (first.attributes, first.text) == ({}, "Score\n4")
    assert (second.attributes, second.text) == ({}, NO_OPEN_TEXT)


@pytest.mark.parametrize(
    ("chosen", "message"),
    [
        ({"Role": "numeric"}, r"column 'Role' cannot be numeric: the answer in row 2 is not a"),
        ({"What changed?": "likert"}, r"'What changed\?' cannot be likert: .* row 2 is not a"),
    ],
)
def test_a_class_the_answers_cannot_take_is_refused(
    tmp_path: Path, chosen: dict[str, str], message: str
) -> None:
    with pytest.raises(IngestError, match=message) as caught:
        read_file(write(tmp_path, EXPORT), columns=chosen)
    assert str(caught.value).startswith("survey.csv: ") and "\n" not in str(caught.value)


def test_a_multi_line_answer_cannot_be_categorical(tmp_path: Path) -> None:
    path = write(tmp_path, 'id,Story\n1,"Two\nlines"\n')
    with pytest.raises(IngestError, match="cannot be categorical: the answer in row 2 has more"):
        read_file(path, columns={"Story": "categorical"})


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        ("Role=categorical", ("Role", "categorical")),
        ("Q7 = Open text", ("Q7", "open")),
        ("A=B=Likert", ("A=B", "likert")),
        ("Years=NUMBER", ("Years", "numeric")),
    ],
)
def test_column_options_are_parsed(option: str, expected: tuple[str, str]) -> None:
    assert parse_column_option(option) == expected


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("Role", r"--column 'Role': give HEADING=CLASS"),
        ("=open", r"--column '=open': give HEADING=CLASS"),
        (
            "Role=ordinal",
            r"unknown column class 'ordinal' \(use open, categorical, numeric, likert",
        ),
    ],
)
def test_bad_column_options_are_refused(option: str, message: str) -> None:
    with pytest.raises(QcodeError, match=message):
        parse_column_option(option)


def test_xlsx_columns_are_classed_and_chosen_alike(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Respondent", "Site", "Score", "Comment"])
    sheet.append([7, "North", 4.0, "The new rota works for me."])
    sheet.append([8, "South", 9.5, None])
    sheet.append([9, "North", 3, "Not yet."])
    path = tmp_path / "export.xlsx"
    book.save(path)
    assert classes(path) == {
        "Site": ("categorical", "categorical"),
        "Score": ("numeric", "numeric"),
        "Comment": ("open", "open"),
    }
    docs = read_file(path, columns={"Score": "categorical"})
    assert [doc.name for doc in docs] == ["Q7", "Q8", "Q9"]
    assert docs[0].attributes == {"Site": "North", "Score": "4"}
