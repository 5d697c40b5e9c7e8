"""Schema drift: a file whose tables are not what its recorded revision made; found, repaired."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine

from qcode.store import migrate
from qcode.store.audit_words import is_index_table
from qcode.store.models import Base

NOT_SCHEMA = {"alembic_version"}  # with SQLite's own sqlite_* tables: not the domain schema
# What a missing NOT NULL column without a default of its own is given, by its declared type:
# an empty text or a false flag means "not given"; a number, date or key would be invented.
FILLS = {"TEXT": "''", "VARCHAR": "''", "CHAR": "''", "CLOB": "''", "BOOLEAN": "0"}


@dataclass(frozen=True)
class Column:
    """One column as SQLite describes it (PRAGMA table_info), with its keys."""

    name: str
    type: str
    not_null: bool
    default: str | None  # the DEFAULT clause's SQL, or None
    primary_key: bool
    references: bool  # part of a foreign key
    unique: bool  # part of a UNIQUE constraint or index


Schema = dict[str, dict[str, Column]]  # table → column name → column
# SQLAlchemy's connection, or (opening a file, before any engine) the driver's own.
AnyConnection = Connection | sqlite3.Connection


def quoted(name: str) -> str:
    """An SQL identifier in double quotes."""
    return '"' + name.replace('"', '""') + '"'


def driver_sql(conn: AnyConnection, sql: str) -> Iterable[Any]:
    """The rows of one SQL statement, on either kind of connection."""
    if isinstance(conn, sqlite3.Connection):
        return conn.execute(sql)
    return conn.exec_driver_sql(sql)


def table_names(conn: AnyConnection) -> list[str]:
    rows = driver_sql(
        conn,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
        "ESCAPE '\\'",
    )
    return [name for (name,) in rows if name not in NOT_SCHEMA and not is_index_table(name)]


def columns_of(conn: AnyConnection) -> dict[str, set[str]]:
    """Each domain table of an open file and its column names (cheap: one PRAGMA a table)."""
    return {
        table: {row[1] for row in driver_sql(conn, f"PRAGMA table_info({quoted(table)})")}
        for table in table_names(conn)
    }


def unique_columns(conn: Connection, table: str) -> set[str]:
    found: set[str] = set()
    for row in conn.exec_driver_sql(f"PRAGMA index_list({quoted(table)})"):
        if row[2]:  # unique
            info = conn.exec_driver_sql(f"PRAGMA index_info({quoted(row[1])})")
            found.update(column for *_, column in info)
    return found


def schema_of(conn: Connection) -> Schema:
    """Every domain table of an open database, each column with its type, default and keys."""
    schema: Schema = {}
    for table in table_names(conn):
        keys = {row[3] for row in conn.exec_driver_sql(f"PRAGMA foreign_key_list({quoted(table)})")}
        unique = unique_columns(conn, table)
        rows = conn.exec_driver_sql(f"PRAGMA table_info({quoted(table)})")
        schema[table] = {
            name: Column(name, kind, bool(nn), default, bool(pk), name in keys, name in unique)
            for _cid, name, kind, nn, default, pk in rows
        }
    return schema


@lru_cache(maxsize=8)
def expected_schema(revision: str) -> Schema:
    """The tables a file of ``revision`` must have: the head's from the models (no Alembic,
    so opening a current file stays quick), an older one's from a scratch file migrated to it."""
    if revision == migrate.head_revision():
        engine = create_engine("sqlite://")
        Base.metadata.create_all(engine)
        return _read_schema(engine)
    with tempfile.TemporaryDirectory(prefix="qcode-schema-") as folder:
        scratch = Path(folder) / f"schema-{revision}.qcode"
        migrate.upgrade_to(scratch, revision)
        return _read_schema(create_engine(f"sqlite:///{scratch}"))


@lru_cache(maxsize=1)
def head_columns() -> dict[str, frozenset[str]]:
    """The head's domain tables and their column names, from the models (what `create_all`
    makes, without making it)."""
    tables = Base.metadata.tables.values()
    return {
        table.name: frozenset(column.name for column in table.columns)
        for table in tables
        if table.name not in NOT_SCHEMA and not is_index_table(table.name)
    }


def missing_names(actual: dict[str, set[str]], expected: dict[str, frozenset[str]]) -> bool:
    """Whether a table or column of ``expected`` is not in ``actual``."""
    return any(not names <= actual.get(table, set()) for table, names in expected.items())


def _read_schema(engine: Engine) -> Schema:
    try:
        with engine.connect() as conn:
            return schema_of(conn)
    finally:
        engine.dispose()


def added_column_sql(column: Column) -> str | None:
    """The ``ADD COLUMN`` clause that gives back a missing column, or None if none is safe:
    a key, a unique column, or a NOT NULL one with no default and no neutral value."""
    if column.primary_key or column.unique:
        return None
    default = column.default
    if default is None and column.not_null:
        default = FILLS.get(column.type.split("(")[0].strip().upper())
        if default is None or column.references:
            return None
    if column.references and default not in (None, "NULL"):
        return None  # SQLite adds a referencing column only with a NULL default
    clause = f"{quoted(column.name)} {column.type}"
    if column.not_null:
        clause += " NOT NULL"
    return clause if default is None else f"{clause} DEFAULT {default}"


@dataclass(frozen=True)
class Drift:
    """How a file's tables differ from its recorded revision's: what can be added back, and
    what cannot be repaired (then nothing is)."""

    revision: str
    missing: tuple[tuple[str, Column], ...]  # (table, column) each added back by a repair
    beyond_repair: tuple[str, ...]  # one phrase each: "table cases is missing"

    def summary(self) -> str:
        """The missing columns in one phrase: ``codes lacked when_to_use, example``."""
        tables: dict[str, list[str]] = {}
        for table, column in self.missing:
            tables.setdefault(table, []).append(column.name)
        return "; ".join(f"{table} lacked {', '.join(names)}" for table, names in tables.items())

    def described(self) -> str:
        """Everything that differs, in one phrase."""
        return "; ".join(part for part in (self.summary(), *self.beyond_repair) if part)

    def refusal(self, name: str) -> str:
        """The one line that refuses a file whose drift cannot be repaired."""
        return (
            f"{name}: its tables are not those of schema {self.revision} "
            f"({self.described()}), and qcode cannot repair that; "
            "the file is unchanged: open a backup of it"
        )

    def repair(self, path: Path) -> None:
        """Add the missing columns back, in one transaction (the caller has made a backup)."""
        engine = migrate.migration_engine(path)
        try:
            with engine.begin() as conn:
                for table, column in self.missing:
                    clause = added_column_sql(column)
                    conn.exec_driver_sql(f"ALTER TABLE {quoted(table)} ADD COLUMN {clause}")
        finally:
            engine.dispose()


def find_drift(actual: dict[str, set[str]], revision: str) -> Drift | None:
    """How a file's tables (``columns_of`` it) differ from ``revision``'s, or None if not.

    Only what the schema needs counts: a missing table or column. A table or column the
    schema does not know is left alone (it breaks nothing qcode reads or writes)."""
    if revision == migrate.head_revision() and not missing_names(actual, head_columns()):
        return None  # the usual case, told without building the head's schema in a scratch file
    expected = expected_schema(revision)
    missing: list[tuple[str, Column]] = []
    beyond: list[str] = []
    for table, columns in expected.items():
        if table not in actual:
            beyond.append(f"table {table} is missing")
            continue
        for name, column in columns.items():
            if name in actual[table]:
                continue
            if added_column_sql(column) is None:
                beyond.append(f"{table}.{name} is missing")
            else:
                missing.append((table, column))
    if not missing and not beyond:
        return None
    return Drift(revision, tuple(missing), tuple(beyond))
