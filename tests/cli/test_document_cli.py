"""`qcode docs` rename/delete/edit and `qcode attrs`: happy paths, --json, clean refusals."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from qcode.store.postgres import open_any
from tests.cli.test_codebook_cli import ok, refused, run, study
from tests.helpers import dump

ATTRS_FIELDS = {"participant", "documents", "attributes"}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return study(tmp_path_factory.mktemp("template"))


@pytest.fixture
def project(template: Path, copy_of: Callable[[Path], str]) -> str:
    """PROJECT: this test's copy of the study, as a file or on the server."""
    return copy_of(template)


def docs(capsys, path: Path) -> dict[str, dict[str, object]]:
    return {d["name"]: d for d in json.loads(ok(capsys, "docs", str(path), "--json"))}


def attrs(capsys, path: Path) -> dict[str, dict[str, object]]:
    listed = json.loads(ok(capsys, "attrs", str(path), "--json"))
    assert all(set(entry) == ATTRS_FIELDS for entry in listed)
    return {entry["participant"]: entry for entry in listed}


def test_rename_in_either_order(capsys, project: str) -> None:
    p = str(project)
    assert ok(capsys, "docs", p, "rename", "PJ 1", "PJ 01") == "renamed 'PJ 1' to 'PJ 01'\n"
    assert ok(capsys, "docs", "rename", p, "PJ 01", "PJ one") == "renamed 'PJ 01' to 'PJ one'\n"
    assert set(docs(capsys, project)) == {"PJ one", "PJ 2", "PR 1"}


def test_rename_refusals(capsys, project: str) -> None:
    p = str(project)
    refused(capsys, project, "docs", p, "rename", "PJ 1", "PR 1", message="'PR 1' is already")
    refused(capsys, project, "docs", p, "rename", "PJ 9", "X", message="no document 'PJ 9'")
    refused(capsys, project, "docs", p, "rename", "PJ 1", message="NEW_NAME", status=2)


def test_delete_without_yes_refuses_saying_what_would_go(capsys, project: str) -> None:
    err = refused(
        capsys, project, "docs", str(project), "delete", "PJ 1", message="run again with --yes"
    )
    assert "would also remove 2 segments by Ann (1) and Ben (1)" in err


def test_delete_with_yes(capsys, project: str) -> None:
    out = ok(capsys, "docs", "delete", str(project), "PJ 1", "--yes", "--reason", "withdrawn")
    assert out == "deleted 'PJ 1' with 2 segments by Ann (1) and Ben (1)\n"
    assert set(docs(capsys, project)) == {"PJ 2", "PR 1"}
    assert attrs(capsys, project)["PJ"]["documents"] == 1  # the participant stays


@pytest.mark.parametrize(("answer", "deleted"), [("y", True), ("", False)])
def test_delete_asks_at_a_terminal(capsys, monkeypatch, project: str, answer, deleted) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: answer)
    status, out, err = run(capsys, "docs", str(project), "delete", "PR 1")
    assert out.startswith("Deleting 'PR 1' also removes 1 segment by Ann.")
    assert (status == 0) is deleted and ("PR 1" in docs(capsys, project)) is not deleted
    if not deleted:
        assert err == "qcode: 'PR 1' was not deleted\n"


def test_edit_participant_and_wave(capsys, project: str) -> None:
    p = str(project)
    out = ok(capsys, "docs", p, "edit", "PJ 2", "--participant", "PX", "--no-wave")
    assert out == "edited 'PJ 2': PX, no wave\n"
    assert (
        docs(capsys, project)["PJ 2"]["participant"],
        docs(capsys, project)["PJ 2"]["wave"],
    ) == (
        "PX",
        None,
    )
    ok(capsys, "docs", "edit", p, "PJ 2", "--wave", "3", "--no-participant")
    assert docs(capsys, project)["PJ 2"]["wave"] == 3
    listed = attrs(capsys, project)
    assert listed["PJ"]["attributes"] == {"mentees": 4, "role": "GP"}  # kept by the person
    assert listed["PX"] == {"participant": "PX", "documents": 0, "attributes": {}}


def test_edit_refusals(capsys, project: str) -> None:
    p = str(project)
    refused(capsys, project, "docs", p, "edit", "PJ 2", message="give --participant")
    refused(capsys, project, "docs", p, "edit", "PJ 2", "--wave", "0", message="1 or more")
    refused(capsys, project, "docs", p, "edit", "PJ 9", "--wave", "2", message="no document")
    refused(
        capsys,
        project,
        "docs",
        p,
        "edit",
        "PJ 2",
        "--wave",
        "2",
        "--no-wave",
        message="not allowed with",
        status=2,
    )


def test_attrs_table_and_json(capsys, project: str) -> None:
    assert ok(capsys, "attrs", str(project)).splitlines() == [
        "participant  documents  mentees  role",
        "PJ           2          4        GP",
        "PR           1          1        Nurse",
    ]
    assert attrs(capsys, project)["PR"] == {
        "participant": "PR",
        "documents": 1,
        "attributes": {"mentees": 1, "role": "Nurse"},
    }


def test_attrs_set_and_remove(capsys, project: str) -> None:
    out = ok(capsys, "attrs", str(project), "set", "PJ", "mentees=5", "site=North", "role=")
    assert out == "set attributes of 'PJ': mentees=5, site=North, role removed\n"
    assert attrs(capsys, project)["PJ"]["attributes"] == {"mentees": 5, "site": "North"}
    out = ok(capsys, "attrs", "set", str(project), "PJ", "site=North")
    assert "nothing changed" in out


def test_attrs_set_refusals(capsys, project: str) -> None:
    p = str(project)
    refused(capsys, project, "attrs", p, "set", "PZ", "role=GP", message="no participant 'PZ'")
    refused(capsys, project, "attrs", p, "set", "PJ", "role", message="expects NAME=VALUE")
    refused(capsys, project, "attrs", p, "set", "PJ", "a=1", "a=2", message="given twice")
    refused(capsys, project, "attrs", p, "set", "PJ", message="NAME=VALUE", status=2)


def test_attrs_import_xlsx(capsys, project: str, tmp_path: Path) -> None:
    sheet = tmp_path / "people.xlsx"
    book = openpyxl.Workbook()
    for row in (["Participants", "role", "site"], ["PJ", "Registrar", None], ["Q1", None, "North"]):
        book.active.append(row)
    book.save(sheet)
    out = ok(capsys, "attrs", str(project), "import", str(sheet))
    assert out == "imported people.xlsx: 2 participants (1 new: Q1), 2 attributes, 2 values set\n"
    listed = attrs(capsys, project)
    assert listed["PJ"]["attributes"] == {"mentees": 4, "role": "Registrar"}
    assert listed["Q1"]["attributes"] == {"site": "North"}


def test_attrs_import_refusals(capsys, project: str, tmp_path: Path) -> None:
    p = str(project)
    twice = tmp_path / "twice.csv"
    twice.write_text("id,role\nPJ,GP\nPJ,Nurse\n", encoding="utf-8")
    refused(capsys, project, "attrs", p, "import", str(twice), message="has two rows (2 and 3)")
    header = tmp_path / "header.csv"
    header.write_text("PJ\nPR\n", encoding="utf-8")
    refused(capsys, project, "attrs", p, "import", str(header), message="names no attributes")
    refused(capsys, project, "attrs", p, "import", str(tmp_path / "no.csv"), message="cannot be")


def test_reimport_with_new_attr_fails_and_changes_nothing(
    capsys, project: str, tmp_path: Path
) -> None:
    again = tmp_path / "PQ 1.txt"
    again.write_text("PQ: The rota was fine.\n", encoding="utf-8")
    ok(capsys, "import", str(project), str(again), "--attr", "role=Nurse")
    before = dump_of(project)
    status, out, err = run(capsys, "import", str(project), str(again), "--attr", "role=GP")
    assert status == 1 and out == "" and err.count("\n") == 1
    assert err.startswith("failed") and "--attr role=GP cannot be applied" in err
    assert dump_of(project) == before
    status, out, _ = run(capsys, "import", str(project), str(again), "--attr", "role=Nurse")
    assert status == 0 and out.startswith("skipped")


def dump_of(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with open_any(path) as opened:
        return dump(opened)
