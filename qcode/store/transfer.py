"""Copying a project between a file and a server: every row, ids and keys kept, checksummed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Table, create_engine, select
from sqlalchemy.engine import Connection, Engine

from qcode.errors import ProjectError
from qcode.store import audit_words
from qcode.store.models import Base
from qcode.store.postgres import create_tables, plain_server_engine, server_revision
from qcode.store.project import create_project, open_project
from qcode.store.revisions import head_revision

CHUNK = 2000


@dataclass(frozen=True)
class Copied:
    """What a copy moved: rows per table, and the checksum both sides share."""

    rows: dict[str, int]
    checksum: str

    def summary(self, where: str) -> str:
        total, tables = sum(self.rows.values()), sum(1 for n in self.rows.values() if n)
        return f"copied {total} rows of {tables} tables to {where}; checksum {self.checksum}"


def tables() -> list[Table]:
    """Every project table, parents before the tables that refer to them."""
    return list(Base.metadata.sorted_tables)


def rows_of(conn: Connection, table: Table) -> Iterator[dict[str, object]]:
    """A table's rows in key order, a chunk at a time."""
    keys = list(table.primary_key.columns)
    result = conn.execution_options(stream_results=True).execute(select(table).order_by(*keys))
    for chunk in result.mappings().partitions(CHUNK):
        yield from (dict(row) for row in chunk)


def checksum(conn: Connection) -> str:
    """A SHA-256 over every row of every table, in key order, values in a neutral form."""
    digest = hashlib.sha256()
    for table in tables():
        digest.update(f"\x00{table.name}\x00".encode())
        for row in rows_of(conn, table):
            values = [v.isoformat() if isinstance(v, datetime) else v for v in row.values()]
            digest.update(json.dumps(values, ensure_ascii=False).encode())
    return digest.hexdigest()[:16]


def copy_rows(source: Connection, target: Connection) -> dict[str, int]:
    counts = {}
    for table in tables():
        counts[table.name] = 0
        batch: list[dict[str, object]] = []
        for row in rows_of(source, table):
            batch.append(row)
            if len(batch) >= CHUNK:
                target.execute(table.insert(), batch)
                counts[table.name] += len(batch)
                batch = []
        if batch:
            target.execute(table.insert(), batch)
            counts[table.name] += len(batch)
    return counts


def file_sequences(conn: Connection) -> dict[str, int]:
    """The highest key each table of a file ever gave (keys are never reused)."""
    rows = conn.exec_driver_sql("SELECT name, seq FROM sqlite_sequence").fetchall()
    return {name: int(seq) for name, seq in rows}


def server_sequences(conn: Connection) -> dict[str, int]:
    """The highest key each table of a server database ever gave."""
    found = {}
    for table in tables():
        if "id" not in table.columns:
            continue
        name = conn.exec_driver_sql(f"SELECT pg_get_serial_sequence('{table.name}', 'id')").scalar()
        if name:
            last, called = conn.exec_driver_sql(f"SELECT last_value, is_called FROM {name}").one()
            found[table.name] = int(last) if called else 0
    return found


def publish(file: Path, url: str) -> Copied:
    """Copy a project file into an empty server database (ids, GUIDs, audit trail kept),
    in one transaction: a copy that fails or differs leaves the database empty."""
    project = open_project(file)
    target = plain_server_engine(url)
    try:
        with project.engine.connect() as source, target.begin() as conn:
            create_tables(conn)
            conn.exec_driver_sql("SET CONSTRAINTS ALL DEFERRED")
            counts = copy_rows(source, conn)
            for name, last in file_sequences(source).items():
                if last:
                    conn.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), {int(last)})"
                    )
            return verified(counts, checksum(source), checksum(conn))
    finally:
        project.close()
        target.dispose()


def snapshot(url: str, file: Path) -> Copied:
    """Copy a server database into a new project file (ids, GUIDs, audit trail kept)."""
    if file.suffix.lower() != ".qcode":
        raise ProjectError(f"{file}: a snapshot is a new project file: name it ….qcode")
    if file.exists() or file.is_symlink():
        raise ProjectError(f"{file}: a file with this name already exists")
    source = plain_server_engine(url)
    try:
        if server_revision(source) != head_revision():
            raise ProjectError(f"{url}: not a qcode project at schema {head_revision()}")
        create_project(file).close()  # refuses a file that exists
        try:
            return copy_to_file(source, file)
        except Exception:
            file.unlink(missing_ok=True)  # the new file only, never one that was there
            raise
    finally:
        source.dispose()


def copy_to_file(source: Engine, file: Path) -> Copied:
    target = file_engine(file)
    try:
        with source.connect() as conn, target.begin() as out:
            out.exec_driver_sql("DELETE FROM project")
            counts = copy_rows(conn, out)
            keep_sequences(out, server_sequences(conn))
            audit_words.catch_up(out)  # the rows came in whole: their words too
            mine = checksum(conn)
        with target.connect() as out:
            theirs = checksum(out)
    finally:
        target.dispose()
    return verified(counts, mine, theirs)


def keep_sequences(conn: Connection, last: dict[str, int]) -> None:
    """Make a file's tables go on from the keys a server gave, never reusing one."""
    given = file_sequences(conn)
    for name, value in last.items():
        conn.exec_driver_sql("DELETE FROM sqlite_sequence WHERE name = ?", (name,))
        conn.exec_driver_sql(
            "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)",
            (name, max(value, given.get(name, 0))),
        )


def file_engine(path: Path) -> Engine:
    """A plain engine on a new file for a bulk copy: no journal, references checked at the end."""
    return create_engine(f"sqlite:///{path}")


def verified(counts: dict[str, int], mine: str, theirs: str) -> Copied:
    if mine != theirs:
        raise ProjectError(f"the copy differs from the original (checksum {theirs}, not {mine})")
    return Copied(counts, mine)
