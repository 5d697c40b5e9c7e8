"""`qcode import --show-columns` and `--column HEADING=CLASS`: survey column classes."""

from __future__ import annotations

from pathlib import Path

import pytest

from qcode.cli import main
from qcode.store.models import Document, Participant
from qcode.store.postgres import open_any
from tests.helpers import dump

EXPORT = (
    "id,Role,Weekly sessions,Support (1-5),What would help?\n"
    "1,GP trainer,2,4,A named deputy.\n"
    "2,Nurse,1,3,Cover for the rota.\n"
    "3,GP trainer,3,5,\n"
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def stored(project: str) -> dict[str, list[tuple[object, ...]]]:
    with open_any(project) as opened:
        return dump(opened)


@pytest.fixture
def survey(tmp_path: Path) -> Path:
    path = tmp_path / "survey.csv"
    path.write_text(EXPORT, encoding="utf-8")
    return path


def test_show_columns_lists_classes_and_imports_nothing(
    store_location: str, survey: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "new", store_location)[0] == 0
    before = stored(store_location)
    status, out, err = run(capsys, "import", store_location, str(survey), "--show-columns")
    assert (status, err) == (0, "")
    lines = [line.split() for line in out.splitlines()]
    assert lines[0] == ["survey.csv:"]
    assert lines[1] == ["column", "class", "detected", "answers", "distinct", "example"]
    assert lines[2][:5] == ["Role", "categorical", "categorical", "3", "2"]
    assert lines[3][:3] == ["Weekly", "sessions", "likert"]
    assert lines[5][:4] == ["What", "would", "help?", "open"]
    status, out, _ = run(
        capsys,
        "import",
        store_location,
        str(survey),
        "--show-columns",
        "--column",
        "Weekly sessions=numeric",
    )
    assert out.splitlines()[3].split()[:4] == ["Weekly", "sessions", "numeric", "likert"]
    assert stored(store_location) == before


def test_import_with_chosen_classes(
    store_location: str, survey: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "new", store_location)
    status, out, err = run(
        capsys,
        "import",
        store_location,
        str(survey),
        "--column",
        "Role=open",
        "--column",
        "support (1-5)=categorical",
    )
    assert (status, err) == (0, "")
    assert out == "imported  survey.csv: imported 3 documents (Q1 … Q3)\n"
    status, out, _ = run(capsys, "attrs", store_location, "--json")
    assert status == 0 and '"Role"' not in out
    with open_any(store_location) as project, project.session() as session:
        texts = {d.name: d.text for d in session.query(Document)}
        people = {p.label: p for p in session.query(Participant)}
        attributes = {a.name: (a.value_type, a.value) for a in people["Q2"].attributes}
    assert texts["Q2"] == "Role\nNurse\n\nWhat would help?\nCover for the rota."
    assert attributes["Support (1-5)"] == ("text", "3")  # a label now, not a point to average
    assert attributes["Weekly sessions"] == ("integer", "1")


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("Rol=categorical", "qcode: no question column 'Rol' in survey.csv (the columns: Role, "),
        ("Role=ordinal", "qcode: --column 'Role=ordinal': unknown column class 'ordinal' (use "),
        ("Role=numeric", "qcode: survey.csv: column 'Role' cannot be numeric: the answer in row 2"),
        ("id=open", "qcode: no question column 'id' in survey.csv"),
        ("Role", "qcode: --column 'Role': give HEADING=CLASS"),
    ],
)
def test_a_bad_choice_is_one_line_and_imports_nothing(
    store_location: str,
    survey: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    option: str,
    message: str,
) -> None:
    run(capsys, "new", store_location)
    before = stored(store_location)
    (tmp_path / "PJ 4.txt").write_text("PJ: I kept a diary of the sessions.\n", encoding="utf-8")
    status, out, err = run(
        capsys,
        "import",
        store_location,
        str(tmp_path / "PJ 4.txt"),
        str(survey),
        "--column",
        option,
    )
    assert status != 0 and out == ""
    assert err.startswith(message) and err.count("\n") == 1
    assert stored(store_location) == before


def test_a_choice_needs_a_questionnaire(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = str(tmp_path / "study.qcode")
    run(capsys, "new", project)
    (tmp_path / "PJ 4.txt").write_text("PJ: Only an interview here.\n", encoding="utf-8")
    status, out, err = run(
        capsys, "import", project, str(tmp_path / "PJ 4.txt"), "--column", "Role=open"
    )
    assert (status, out) == (1, "")
    assert err == (
        "qcode: column classes are for questionnaire exports (.csv, .xlsx); none given\n"
    )
