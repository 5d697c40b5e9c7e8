"""Helpers shared by tests: documents made in code, whole-project dumps."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from qcode.ingest import IngestedDocument
from qcode.services.documents.importing import store_ingested
from qcode.services.documents.outcomes import ImportOptions
from qcode.store.journal import journaled_tables
from qcode.store.project import Project


def add_text(
    project: Project, name: str, text: str, participant: str | None = None, wave: int | None = None
) -> None:
    """Store a document made in code, as an import would."""
    outcome = store_ingested(
        project,
        Path(f"{name}.txt"),
        [IngestedDocument(name=name, text=text, format="txt")],
        ImportOptions(participant=participant, wave=wave),
    )
    assert outcome.status == "imported", outcome.message


def dump(project: Project) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every undoable table, for exact before/after comparisons."""
    conn = sqlite3.connect(project.path)
    try:
        return {
            table.name: sorted(
                conn.execute(f'SELECT rowid, * FROM "{table.name}"').fetchall(), key=repr
            )
            for table in journaled_tables()
        }
    finally:
        conn.close()


def audit_count(project: Project) -> int:
    with project.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM audit_events").scalar_one())


def server_dump(project: Project) -> dict[str, list[tuple[object, ...]]]:
    """``dump`` for a project on a server (which has no rowid): every row by its values."""
    from sqlalchemy import select

    with project.engine.connect() as conn:
        return {
            table.name: sorted((tuple(row) for row in conn.execute(select(table))), key=repr)
            for table in journaled_tables()
        }
