"""Participants' attributes: set, remove, classification sheets (.csv and .xlsx), refusals."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest

from qcode.errors import QcodeError
from qcode.services.documents.attributes import (
    import_classification_sheet,
    participant_rows,
    set_participant_attributes,
)
from qcode.services.history import History
from qcode.store.project import Project
from tests.helpers import audit_count, dump


def attributes(project: Project) -> dict[str, dict[str, object]]:
    with project.session() as session:
        return {row.label: row.attributes for row in participant_rows(session)}


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_set_and_remove_in_one_undoable_step(study: Project) -> None:
    before, events = dump(study), audit_count(study)
    history = History(study)
    history.push(set_participant_attributes(study, "PJ", {"mentees": 4, "Role": None}))
    assert attributes(study)["PJ"] == {"mentees": 4}  # "Role" is the project's "role"
    assert audit_count(study) == events + 1
    history.undo()
    assert dump(study) == before


def test_setting_what_is_already_so_changes_nothing(study: Project) -> None:
    events = audit_count(study)
    assert set_participant_attributes(study, "PJ", {"role": "GP"}).is_empty
    assert audit_count(study) == events


@pytest.mark.parametrize(
    ("who", "values", "message"),
    [
        ("PZ", {"role": "GP"}, "no participant 'PZ'"),
        ("PJ", {}, "at least one"),
        ("PJ", {" ": "x"}, "needs a name"),
        ("PJ", {"site": "a", "Site": "b"}, "named twice"),
    ],
)
def test_set_refusals_change_nothing(study: Project, who: str, values, message: str) -> None:
    before, events = dump(study), audit_count(study)
    with pytest.raises(QcodeError, match=message):
        set_participant_attributes(study, who, values)
    assert (dump(study), audit_count(study)) == (before, events)


def test_xlsx_sheet_creates_participants_and_leaves_empty_cells(
    study: Project, tmp_path: Path
) -> None:
    sheet = write_xlsx(
        tmp_path / "people.xlsx",
        [
            ["Person", "role", "mentees", "joined", "mentor"],
            ["PJ", None, 4, dt.datetime(2023, 5, 1), True],
            [None],
            ["Q7", "Nurse", 2.5, None, False],
        ],
    )
    before = dump(study)
    history = History(study)
    change = history.push(import_classification_sheet(study, sheet))
    assert change.value.created == ("Q7",) and change.value.values == 6
    assert attributes(study) == {
        "PJ": {"role": "GP", "mentees": 4, "joined": "2023-05-01", "mentor": True},
        "Q7": {"role": "Nurse", "mentees": 2.5, "mentor": False},
    }
    history.undo()
    assert dump(study) == before


def test_csv_sheet_types_numbers_like_attr(study: Project, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "people.csv", "id;Role;mentees\nPJ;Registrar;3\nPR;;1.5\n")
    change = import_classification_sheet(study, sheet)
    assert change.value.describe() == (
        "people.csv: 2 participants (1 new: PR), 2 attributes, 3 values set"
    )
    assert attributes(study) == {
        "PJ": {"role": "Registrar", "mentees": 3},
        "PR": {"mentees": 1.5},
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is empty"),
        ("Person\nPJ\n", "names no attributes"),
        ("Person,role\n", "no participant rows"),
        ("Person,role,role\nPJ,a,b\n", "two columns are named 'role'"),
        ("Person,,site\nPJ,a,b\n", "column 2 has values but no attribute name"),
        ("Person,role\nPJ,GP\nPR,Nurse\nPJ,Nurse\n", "participant 'PJ' has two rows (2 and 4)"),
        ("Person,role\n,GP\n", "row 2 has values but no participant label"),
        ("Person,role\nPJ,GP,extra\n", "row 2 has more values"),
    ],
)
def test_bad_sheets_change_nothing(study: Project, tmp_path: Path, text: str, message: str) -> None:
    sheet = write_csv(tmp_path / "bad.csv", text)
    before, events = dump(study), audit_count(study)
    with pytest.raises(QcodeError, match=re.escape(message)) as raised:
        import_classification_sheet(study, sheet)
    assert "\n" not in str(raised.value) and str(raised.value).startswith("bad.csv: ")
    assert (dump(study), audit_count(study)) == (before, events)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("gone.csv", None, "cannot be read"),
        ("broken.xlsx", b"PK\x03\x04 not really a workbook", "cannot be read as an Excel"),
        ("people.xls", b"x", "must be a .csv or .xlsx file"),
    ],
)
def test_unreadable_sheets_change_nothing(
    study: Project, tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    before = dump(study)
    with pytest.raises(QcodeError, match=message):
        import_classification_sheet(study, path)
    assert dump(study) == before


def test_a_sheet_naming_unknown_participants_can_be_refused(study: Project, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "roles.csv", "role,site\nGP,Leeds\nPJ,York\n")  # no id column
    before, events = dump(study), audit_count(study)
    with pytest.raises(QcodeError) as raised:
        import_classification_sheet(study, sheet, create=False)
    assert str(raised.value) == (
        "roles.csv: not participants of this project: 'GP' (row 2); "
        "the first column must hold participants' labels"
    )
    assert (dump(study), audit_count(study)) == (before, events)
    known = write_csv(tmp_path / "known.csv", "id,site\nPJ,York\n")
    imported = import_classification_sheet(study, known, create=False).value
    assert imported.describe() == "known.csv: 1 participant, 1 attribute, 1 value set"
    assert attributes(study)["PJ"] == {"role": "GP", "site": "York"}
