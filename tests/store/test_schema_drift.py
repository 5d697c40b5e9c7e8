"""A file whose tables drifted from its recorded schema opens repaired, with a backup; one that
cannot be repaired is refused in one line, unchanged."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from qcode.cli import main
from qcode.errors import ProjectError
from qcode.store import drift, migrate
from qcode.store.models import Code, Memo, Segment
from qcode.store.project import open_project
from tests.store.early_build import MISSING, REVISION, TEXT, make_early_build_file

HEAD = migrate.head_revision()
SIDECARS = {"early.qcode-wal", "early.qcode-shm"}  # SQLite's, left empty by reading the file
REPAIRED = (
    "qcode: repaired drift in early.qcode (codes lacked when_to_use, when_not_to_use, example)"
    " and upgraded it from schema 0002; the old file is kept as early.before-upgrade-0002.qcode"
)


@pytest.fixture
def early(tmp_path: Path) -> Path:
    """A closed project file as the early build left it (schema 0002 recorded)."""
    path = tmp_path / "early.qcode"
    make_early_build_file(path)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def beside(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


def columns(path: Path) -> dict[str, set[str]]:
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            return drift.columns_of(conn)
    finally:
        engine.dispose()


def check_whole(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
    finally:
        conn.close()


def test_the_early_build_fixture_is_schema_0002_lacking_three_code_columns(early: Path) -> None:
    expected = {t: set(c) for t, c in drift.expected_schema(REVISION).items()}
    assert columns(early) == {**expected, "codes": expected["codes"] - set(MISSING)}


def test_the_head_schema_read_from_the_models_is_the_one_the_migrations_make(
    tmp_path: Path,
) -> None:
    path = tmp_path / "head.qcode"
    migrate.upgrade_to(path)
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            assert drift.schema_of(conn) == drift.expected_schema(HEAD)
    finally:
        engine.dispose()


def test_the_head_columns_an_opening_checks_are_those_of_the_head_schema() -> None:
    expected = {table: set(columns) for table, columns in drift.expected_schema(HEAD).items()}
    assert drift.head_columns() == expected


def test_a_head_file_lacking_a_repairable_column_is_found_drifted(tmp_path: Path) -> None:
    path = tmp_path / "head.qcode"
    migrate.upgrade_to(path)
    with sqlite3.connect(path) as conn:
        conn.execute("ALTER TABLE codes DROP COLUMN example")
        actual = drift.columns_of(conn)
    conn.close()
    found = drift.find_drift(actual, HEAD)
    assert found is not None and found.summary() == "codes lacked example"


def test_an_early_build_file_opens_repaired_and_its_codebook_commands_work(
    early: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = digest(early)
    status, out, err = run(capsys, "codes", str(early))
    assert (status, err) == (0, REPAIRED + "\n")
    assert out.splitlines() == ["Support  [0]", "  Listening (M)  [1]", "Workload (C)  [1]"]
    backup = early.with_name("early.before-upgrade-0002.qcode")
    assert digest(backup) == original, "the backup is the file as the early build left it"
    assert beside(early) == {"early.qcode", backup.name}
    check_whole(early)
    assert run(capsys, "codes", str(early)) == (0, out, ""), "repaired once, then opened as is"
    edited = run(capsys, "codes", str(early), "edit", "Support", "--when-to-use", "Any help")
    assert edited[0] == 0 and edited[2] == ""
    added = run(capsys, "codes", str(early), "add", "Doubt", "--example", "PA: not sure")
    assert added[0] == 0 and added[2] == ""
    with open_project(early) as project, project.session() as session:
        assert project.repaired is None and project.upgraded_from is None
        codes = {c.name: c for c in session.scalars(select(Code))}
        assert set(codes) == {"Support", "Listening", "Workload", "Doubt"}
        assert (codes["Support"].description, codes["Support"].when_to_use) == (
            "Help given",
            "Any help",
        )
        assert (codes["Listening"].when_to_use, codes["Listening"].example) == ("", "")
        assert codes["Doubt"].example == "PA: not sure"
        assert codes["Listening"].parent_id == codes["Support"].id
        quotes = {TEXT[s.start : s.end] for s in session.scalars(select(Segment))}
        assert quotes == {"my mentor listened", "the rota was brutal."}
        assert [m.text for m in session.scalars(select(Memo))] == ["kind words"]


def test_a_file_an_earlier_qcode_upgraded_as_it_was_is_repaired_at_head(early: Path) -> None:
    migrate.upgrade_to(early)  # what opening it did before drift was looked for
    assert columns(early)["codes"].isdisjoint(MISSING)
    original = digest(early)
    with open_project(early) as project:
        assert project.repaired == "codes lacked when_to_use, when_not_to_use, example"
        assert project.upgraded_from is None
        assert project.backup == early.with_name(f"early.before-repair-{HEAD}.qcode")
        with project.session() as session:
            assert [c.when_to_use for c in session.scalars(select(Code))] == ["", "", ""]
    assert digest(project.backup) == original
    check_whole(early)


def test_check_reports_the_drift_it_found_on_opening(
    early: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "check", str(early))
    assert (status, err) == (0, REPAIRED + "\n")
    assert (
        "note: the tables had drifted from their schema (codes lacked when_to_use, "
        "when_not_to_use, example): repaired; the old file is kept as "
        "early.before-upgrade-0002.qcode"
    ) in out.splitlines()
    assert out.splitlines()[-1] == "early.qcode: no problems found"
    assert run(capsys, "check", str(early))[1].splitlines()[-1] == "early.qcode: no problems found"


def drop_table(conn: sqlite3.Connection) -> None:
    conn.execute("DROP TABLE cmo_evidence")


def drop_a_date(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE memos DROP COLUMN updated_at")


def drop_a_key(conn: sqlite3.Connection) -> None:
    conn.execute("DROP TABLE cmo_categories")
    conn.execute("CREATE TABLE cmo_categories (statement_id INTEGER, position INTEGER)")


BEYOND: dict[str, tuple[Callable[[sqlite3.Connection], None], str]] = {
    "a table missing": (drop_table, "table cmo_evidence is missing"),
    "a date column missing": (drop_a_date, "memos.updated_at is missing"),
    "a key column missing": (drop_a_key, "cmo_categories.code_id is missing"),
}


@pytest.mark.parametrize("kind", list(BEYOND))
def test_a_drift_beyond_repair_is_refused_in_one_line_and_changes_nothing(
    early: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    damage, what = BEYOND[kind]
    conn = sqlite3.connect(early)
    damage(conn)
    conn.commit()
    conn.close()
    original, files = digest(early), beside(early)
    with pytest.raises(ProjectError) as refused:
        open_project(early)
    assert str(refused.value) == (
        f"{early}: its tables are not those of schema 0002 (codes lacked when_to_use, "
        f"when_not_to_use, example; {what}), and qcode cannot repair that; the file is "
        "unchanged: open a backup of it"
    )
    status, out, err = run(capsys, "check", str(early))
    assert (status, out, err) == (1, "", f"qcode: {refused.value}\n")
    assert digest(early) == original
    assert beside(early) - files <= SIDECARS, "no backup: nothing was written"
    wal = early.with_name("early.qcode-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_a_read_only_drifted_file_is_refused_unchanged(early: Path) -> None:
    early.chmod(0o444)
    try:
        original, files = digest(early), beside(early)
        with pytest.raises(ProjectError) as refused:
            open_project(early)
        assert str(refused.value) == (
            "early.qcode is read-only and its tables need a repair (codes lacked when_to_use, "
            "when_not_to_use, example): open a copy to repair it"
        )
        assert digest(early) == original and beside(early) == files
    finally:
        early.chmod(0o644)
