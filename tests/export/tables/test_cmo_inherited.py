"""The CMO table prints what each statement draws on: its theme's C/M categories, or its own."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from qcode.services.codebook.edit import add_code, update_code
from qcode.services.demo.sample import T3, THEMES, build_sample
from qcode.services.lookup import find_code
from qcode.services.realist import statements as cmo
from qcode.store.project import create_project
from tests.export.golden import docx_tables, xlsx_values
from tests.export.tables.test_realist_tables import NBSP, export

INHERITING = "Guarded time and a space to talk let people cope again."
NARROWED = "Naming the problem is where coping starts."
CATEGORIES = [name for name, _flags in THEMES[T3][0]]
SUB = "Weekend cover"  # the sample's one sub-category, under the first of T3's categories


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with its sub-category flagged C, one inheriting and one narrowed statement."""
    path = tmp_path_factory.mktemp("inherited") / "study.qcode"
    with create_project(path) as project:
        build_sample(project)
        with project.session() as session:
            sub = find_code(session, [T3, CATEGORIES[0], SUB]).id
        update_code(project, sub, flags="C")
        cmo.add_statement(project, T3, INHERITING)
        narrowed = cmo.add_statement(project, T3, NARROWED).value
        cmo.narrow_categories(project, narrowed, remove=[CATEGORIES[0], CATEGORIES[2]])
    return path


def inherited_names() -> list[str]:
    """T3's flagged codes in codebook order: the sub-category follows its parent."""
    return [CATEGORIES[0], SUB, *CATEGORIES[1:]]


def narrowed_names() -> list[str]:
    return [SUB, CATEGORIES[1], CATEGORIES[3]]


def names_in(cell: str) -> list[str]:
    """The category names of a bulleted cell ("• Name (C)" per line)."""
    lines = [line.lstrip("\u2022").strip().replace(NBSP, " ") for line in cell.splitlines()]
    return [line.rsplit(" (", 1)[0] for line in lines if line]


def rows_by_statement(table: list[list[str]]) -> dict[str, str]:
    return {row[-1]: row[1] for row in table[1:]}


def test_word_and_excel_print_the_inherited_and_the_narrowed(
    study: Path, tmp_path: Path, capsys
) -> None:
    export(capsys, "cmo", str(study), "-o", str(tmp_path / "cmo.docx"))
    export(capsys, "cmo", str(study), "-o", str(tmp_path / "cmo.xlsx"))
    word = rows_by_statement(docx_tables(tmp_path / "cmo.docx")["tables"][0])
    excel = rows_by_statement(xlsx_values(tmp_path / "cmo.xlsx")["rows"])
    for cells in (word, excel):
        assert names_in(cells[INHERITING]) == inherited_names()
        assert names_in(cells[NARROWED]) == narrowed_names()
    assert word[INHERITING].splitlines()[1] == f"\u2022\t{SUB}{NBSP}(C)"


def test_csv_markdown_and_html_print_them_too(study: Path, tmp_path: Path, capsys) -> None:
    export(capsys, "cmo", str(study), "-o", str(tmp_path / "cmo.csv"))
    with (tmp_path / "cmo.csv").open(encoding="utf-8-sig", newline="") as handle:
        cells = rows_by_statement(list(csv.reader(handle)))
    assert names_in(cells[INHERITING]) == inherited_names()
    assert names_in(cells[NARROWED]) == narrowed_names()
    for suffix in (".md", ".html"):
        export(capsys, "cmo", str(study), "-o", str(tmp_path / f"cmo{suffix}"))
        text = (tmp_path / f"cmo{suffix}").read_text(encoding="utf-8").replace(NBSP, " ")
        assert text.count(f"{SUB} (C)") == 2, suffix  # in both new statements' cells


def test_a_theme_with_no_flagged_category_leaves_the_cell_empty(tmp_path: Path, capsys) -> None:
    path = tmp_path / "bare.qcode"
    with create_project(path) as project:
        add_code(project, "Staying on/Plain talk")  # a category flagged neither C nor M
        cmo.add_statement(project, "Staying on", "People stay where they are heard.")
    export(capsys, "cmo", str(path), "-o", str(tmp_path / "bare.docx"))
    (_header, row) = docx_tables(tmp_path / "bare.docx")["tables"][0]
    assert row == ["Staying on", "", "People stay where they are heard."]
