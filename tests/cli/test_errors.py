"""Database errors are one line without SQL or project text; the error log is the user's alone."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from qcode import error_log
from qcode.cli import main
from qcode.store.project import create_project

SECRET = "Secret words of P7"


@pytest.fixture
def logs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder the error log goes to in this test."""
    folder = tmp_path / "logs"
    monkeypatch.setattr("qcode.error_log.user_log_dir", lambda _app: str(folder))
    return folder


@pytest.fixture
def guarded(tmp_path: Path) -> Path:
    """A real project whose file refuses any new code by a CHECK constraint (another program's)."""
    path = tmp_path / "study.qcode"
    create_project(path, title="Study").close()
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE guard (x INTEGER CHECK (x > 0));"
        "CREATE TRIGGER no_codes AFTER INSERT ON codes BEGIN INSERT INTO guard VALUES (-1); END;"
    )
    conn.close()
    return path


def code_names(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [name for (name,) in conn.execute("SELECT name FROM codes")]
    finally:
        conn.close()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_database_error_is_one_line_without_sql_or_values(
    guarded: Path, logs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = code_names(guarded)
    status = main(["codes", str(guarded), "add", SECRET])
    err = capsys.readouterr().err
    log = logs / "errors.log"
    assert status == 1
    assert err == (
        "qcode: study.qcode: the project file refused the change "
        f"(CHECK constraint failed: x > 0); details in {log}\n"
    )
    assert code_names(guarded) == before
    written = log.read_text(encoding="utf-8")
    assert "CHECK constraint failed: x > 0" in written
    assert ", in add_code\n" in written, "the frames are logged: file, line and function"
    for secret in (SECRET, "INSERT INTO", "[SQL:", "[parameters:"):
        assert secret not in written
    assert mode(log) == 0o600
    assert mode(logs) == 0o700


def test_an_existing_log_readable_by_others_is_made_private(
    guarded: Path, logs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logs.mkdir(mode=0o755)
    log = logs / "errors.log"
    log.write_text("an earlier report\n", encoding="utf-8")
    log.chmod(0o644)
    assert main(["codes", str(guarded), "add", SECRET]) == 1
    capsys.readouterr()
    assert mode(log) == 0o600 and mode(logs) == 0o700
    written = log.read_text(encoding="utf-8")
    assert written.startswith("an earlier report\n") and "CHECK constraint failed" in written
    assert SECRET not in written


def test_writing_a_read_only_file_says_so_in_one_line(tmp_path: Path, logs: Path) -> None:
    path = tmp_path / "study.qcode"
    create_project(path).close()
    engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        with pytest.raises(Exception) as caught, engine.begin() as conn:
            conn.execute(text("UPDATE project SET title = :title"), {"title": SECRET})
    finally:
        engine.dispose()
    line = error_log.one_line(caught.value, path)
    assert line == (
        "study.qcode: the project file could not be written "
        f"(attempt to write a readonly database); details in {logs / 'errors.log'}"
    )
    assert SECRET not in (logs / "errors.log").read_text(encoding="utf-8")


def test_reading_a_damaged_file_and_a_bare_sqlite_error_are_one_line(
    tmp_path: Path, logs: Path
) -> None:
    damaged = tmp_path / "study.qcode"
    damaged.write_bytes(b"not a database at all, " * 100)
    engine = create_engine(f"sqlite:///{damaged}")
    try:
        with pytest.raises(Exception) as caught, engine.connect() as conn:
            conn.execute(text("SELECT name FROM codes WHERE name = :n"), {"n": SECRET})
    finally:
        engine.dispose()
    assert error_log.one_line(caught.value, damaged).startswith(
        "study.qcode: the project file could not be read (file is not a database); details in "
    )
    bare = sqlite3.OperationalError("database is locked")
    assert error_log.one_line(bare).startswith(
        "the project file could not be written (database is locked); details in "
    )


def test_other_errors_stay_internal_errors_with_their_message(logs: Path) -> None:
    try:
        raise ValueError("the disk\nis on fire")
    except ValueError as exc:
        line = error_log.one_line(exc)
    assert line == f"internal error (ValueError: the disk is on fire); details in {logs}/errors.log"


def test_sql_is_cut_from_qcode_messages_too() -> None:
    message = "could not create (boom)\n[SQL: INSERT INTO x VALUES (?)]\n[parameters: ('P7',)]"
    assert error_log.without_sql(message) == "could not create (boom)"
    assert error_log.describe(RuntimeError(message)) == "RuntimeError: could not create (boom)"


def test_an_unwritable_log_folder_still_gives_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setattr("qcode.error_log.user_log_dir", lambda _app: str(blocker / "logs"))
    line = error_log.one_line(sqlite3.OperationalError("disk I/O error"), "study.qcode")
    assert line == "study.qcode: the project file could not be written (disk I/O error)"
