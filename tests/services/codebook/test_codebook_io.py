"""Codebook CSV out and in (round trip, updates, refusals) and the shipped templates."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from qcode.cli import main
from qcode.errors import QcodeError
from qcode.services.codebook import edit as codebook
from qcode.services.codebook import exchange as codebook_io
from qcode.services.codebook.exchange import CSV_COLUMNS, codebook_rows
from qcode.services.history import History
from qcode.services.lookup import find_code
from qcode.store.project import open_project
from tests.helpers import audit_count, dump

BITC = [
    "Better work",
    "Better relationships",
    "Better specialist support",
    "Better physical and psychological health",
]


def rows_of(project) -> list[dict[str, str]]:
    with project.session() as session:
        return codebook_rows(session)


def build_codebook(project) -> None:
    codebook.add_code(
        project,
        "Mentorship/Availability, access",
        flags="C",
        color="#A0B0C0",
        description='Being "there", when needed,\nand easy to reach.',
        when_to_use="  Talk of access; leading spaces kept  ",
        when_not_to_use="Line one\r\nline two",
        example="“Monthly”, she said.",
    )
    codebook.add_code(project, "Mentorship/Engagement", flags="CM")
    codebook.add_code(project, ["Work/life balance", "Rota"], flags="M", color="#000000")


def test_round_trip_keeps_paths_flags_colours_and_descriptions(make_project, tmp_path) -> None:
    source = make_project(name="source")
    build_codebook(source)
    out = tmp_path / "codebook.csv"
    with source.session() as session:
        assert codebook_io.export_codebook_csv(session, out) == 5
    with out.open(newline="", encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    assert tuple(written[0]) == CSV_COLUMNS
    assert [(r["path"], r["flags"]) for r in written] == [
        ("Mentorship", ""),
        ("Mentorship/Availability, access", "C"),
        ("Mentorship/Engagement", "CM"),
        ("Work\\/life balance", ""),  # a slash inside a name is escaped in the path
        ("Work\\/life balance/Rota", "M"),
    ]
    assert (written[1]["color"], written[4]["color"]) == ("#a0b0c0", "#000000")
    assert written[1]["description"] == 'Being "there", when needed,\nand easy to reach.'
    target = make_project(name="target")
    history = History(target)
    before, events = dump(target), audit_count(target)
    change = history.push(codebook_io.import_codebook_csv(target, out, actor="Ann"))
    assert change.value == 5 and audit_count(target) == events + 1
    assert rows_of(target) == rows_of(source)
    history.undo()
    assert dump(target) == before


def test_import_updates_existing_codes_and_empty_cells_keep_fields(make_project, tmp_path) -> None:
    project = make_project(codes=[("Theme/Cat", "CM")])
    with project.session() as session:
        cat_id = find_code(session, "Theme/Cat").id
    codebook.update_code(project, cat_id, description="kept", color="#111111")
    sheet = tmp_path / "update.csv"
    sheet.write_text(
        "Path,Flags,Description,Example\nTheme/Cat,,,a new example\nTheme/New,M,,\n",
        encoding="utf-8-sig",
    )
    codebook_io.import_codebook_csv(project, sheet)
    with project.session() as session:
        cat, new = find_code(session, "Theme/Cat"), find_code(session, "Theme/New")
        # The flags cell is authoritative (empty: no flags); empty descriptions change nothing.
        assert (cat.flags, cat.description, cat.color, cat.example) == (
            "",
            "kept",
            "#111111",
            "a new example",
        )
        assert new.flags == "M"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,flags\nTheme,C\n", "needs a 'path' column"),
        (b"path,flags\nTheme,C\n,M\n", "line 3 has no path"),
        (b"path,flags\nTheme,C,extra\n", "more cells than the header"),
        (b"path,flags\nTheme,C\nTheme/Cat,X\n", r"row 2 \(Theme/Cat\): flags must be"),
        (b"path,color\nTheme,red\n", "colour must look like #RRGGBB"),
        (b'path,flags\nTheme,C\n"Theme/Cat,M\n', "not valid CSV"),
        (b"path\nTheme//Cat\n", "not a code path"),
        (b"path\nTheme\n\xff\xfe\n", "could not be read as a UTF-8 CSV file"),
    ],
)
def test_a_bad_csv_is_refused_in_one_line_and_changes_nothing(
    make_project, tmp_path, content: bytes, message: str
) -> None:
    project = make_project(codes=["Existing"])
    sheet = tmp_path / "bad.csv"
    sheet.write_bytes(content)
    before, events = dump(project), audit_count(project)
    with pytest.raises(QcodeError, match=message) as refused:
        codebook_io.import_codebook_csv(project, sheet)
    assert "\n" not in str(refused.value) and str(refused.value).startswith("bad.csv")
    assert (dump(project), audit_count(project)) == (before, events)


def test_missing_files_are_one_line_errors(make_project, tmp_path) -> None:
    project = make_project(codes=["Existing"])
    with pytest.raises(QcodeError, match="no such file"):
        codebook_io.import_codebook_csv(project, tmp_path / "absent.csv")
    with project.session() as session, pytest.raises(QcodeError, match="could not write"):
        codebook_io.export_codebook_csv(session, tmp_path / "no" / "folder.csv")


def test_templates_bitc_and_none(make_project) -> None:
    project = make_project()
    assert codebook_io.apply_template(project, "none") is None
    assert rows_of(project) == []
    history = History(project)
    before = dump(project)
    history.push(codebook_io.apply_template(project, "bitc"))
    rows = rows_of(project)
    assert [r["path"] for r in rows] == BITC
    assert all(r["description"] and r["when_to_use"] and r["example"] for r in rows)
    with pytest.raises(QcodeError, match="unknown template 'nvivo'"):
        codebook_io.apply_template(project, "nvivo")
    history.undo()
    assert dump(project) == before


def test_new_project_from_the_bitc_template(tmp_path: Path, capsys) -> None:
    path = tmp_path / "study.qcode"
    assert main(["new", str(path), "--template", "bitc"]) == 0
    assert main(["codes", str(path), "--json"]) == 0
    out = capsys.readouterr().out.split("\n", 1)[1]  # after "created …"
    listed = json.loads(out)
    assert [c["path"] for c in listed] == [[name] for name in BITC]
    assert {(c["flags"], c["segments"]) for c in listed} == {("", 0)}
    with open_project(path) as project:
        assert len(rows_of(project)) == 4


def test_categories_and_colourless_codes_survive_a_csv_round_trip(make_project, tmp_path) -> None:
    source = make_project(name="source")
    codebook.add_code(source, "Work", category=True)
    codebook.add_code(source, "Work/Rota", color="#112233")
    out = tmp_path / "codebook.csv"
    with source.session() as session:
        codebook_io.export_codebook_csv(session, out)
    with out.open(newline="", encoding="utf-8") as handle:
        written = {r["path"]: (r["category"], r["color"]) for r in csv.DictReader(handle)}
    assert written["Work/Rota"] == ("", "#112233")
    assert written["Work"][0] == "yes"
    target = make_project(name="target")
    codebook_io.import_codebook_csv(target, out)
    with target.session() as session:
        work, rota = (find_code(session, path) for path in ("Work", "Work/Rota"))
        assert (work.codable, rota.codable, rota.color) == (False, True, "#112233")


def test_a_category_cell_that_is_neither_yes_nor_no_is_refused(make_project, tmp_path) -> None:
    project = make_project()
    out = tmp_path / "codebook.csv"
    out.write_text("path,category\nWork,maybe\n", encoding="utf-8")
    before = dump(project)
    with pytest.raises(QcodeError, match=r"row 1 \(Work\): category is 'maybe'; write yes or no"):
        codebook_io.import_codebook_csv(project, out)
    assert dump(project) == before
