"""What the QualCoder reader refuses, in one line each, and that it never writes to the project."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from qcode.errors import IngestError
from qcode.ingest.qualcoder.reader import read_qualcoder
from tests.ingest.test_qualcoder_reader import execute, qualcoder_folder, study


def refusal(path: Path) -> str:
    with pytest.raises(IngestError) as caught:
        read_qualcoder(path)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_a_folder_without_data_qda(tmp_path: Path) -> None:
    (tmp_path / "EMPTY.qda").mkdir()
    assert refusal(tmp_path / "EMPTY.qda") == (
        "EMPTY.qda: a folder without data.qda; not a QualCoder project"
    )


def test_a_project_that_is_not_there(tmp_path: Path) -> None:
    assert refusal(tmp_path / "GONE.qda") == f"GONE.qda: not found ({tmp_path / 'GONE.qda'})"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "data.qda is empty; not a QualCoder project"),
        (b"\x89PNG\r\n\x1a\n" + bytes(40), "data.qda is a PNG image, not a QualCoder database"),
        (
            bytes(range(256)) * 8,
            "data.qda is not a readable SQLite database; it is encrypted or damaged",
        ),
        (
            b"SQLite format 3\x00" + bytes(range(256)) * 8,
            "data.qda is encrypted or damaged; it cannot be read",
        ),
    ],
)
def test_a_data_qda_that_is_not_sqlite(tmp_path: Path, content: bytes, reason: str) -> None:
    folder = tmp_path / "BAD.qda"
    folder.mkdir()
    (folder / "data.qda").write_bytes(content)
    assert refusal(folder) == f"BAD.qda: {reason}"
    assert refusal(folder / "data.qda") == f"BAD.qda: {reason}"


def test_sqlite_that_is_not_qualcoder(tmp_path: Path) -> None:
    other = tmp_path / "other.qda"
    sqlite3.connect(other).execute("CREATE TABLE notes (body text)").connection.close()
    assert (
        refusal(other) == "other.qda: not a QualCoder project (its database has no project table)"
    )
    folder = qualcoder_folder(tmp_path)
    execute(folder, "UPDATE project SET about = 'RQDA 0.3'")
    assert (
        refusal(folder) == "STUDY.qda: not a QualCoder project (its project table does not say so)"
    )


@pytest.mark.parametrize(
    ("stored", "advice"),
    [
        ("v5", "; open it once in a current QualCoder to upgrade it"),
        ("v18", ""),
        ("version two", ""),
    ],
)
def test_a_version_qcode_does_not_read(tmp_path: Path, stored: str, advice: str) -> None:
    folder = qualcoder_folder(tmp_path)
    execute(folder, "UPDATE project SET databaseversion = ?", stored)
    assert refusal(folder) == (
        f"STUDY.qda: QualCoder database version '{stored}' is not supported "
        f"(qcode reads v8 to v17){advice}"
    )


def test_a_database_without_what_its_version_has(tmp_path: Path) -> None:
    folder = qualcoder_folder(tmp_path, version=15)
    execute(folder, "UPDATE project SET databaseversion = 'v16'")  # no code_name.supercid
    execute(folder, "DROP TABLE journal")
    assert refusal(folder) == (
        "STUDY.qda: damaged QualCoder v16 database; it lacks code_name.supercid, table journal"
    )


def test_a_project_locked_by_another_program(tmp_path: Path) -> None:
    folder = study(tmp_path)
    holder = sqlite3.connect(folder / "data.qda", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert refusal(folder) == (
            "STUDY.qda: locked by another program; close the project in QualCoder and try again"
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert read_qualcoder(folder).documents


def test_reading_leaves_the_project_as_it_was(tmp_path: Path) -> None:
    folder = study(tmp_path)
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    read_qualcoder(folder / "data.qda")
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before


def test_a_nul_in_a_text_refuses_the_project(tmp_path: Path) -> None:
    folder = qualcoder_folder(tmp_path)
    execute(folder, "INSERT INTO source (id, name, fulltext) VALUES (1, 'bad.txt', ?)", "a\x00b")
    assert refusal(folder).startswith(
        "STUDY.qda, file 'bad.txt': contains NUL characters (U+0000), which a text cannot hold"
    )
