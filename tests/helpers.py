"""Helpers shared by tests: documents made in code, whole-project dumps."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text

from qcode.ingest import IngestedDocument
from qcode.services.documents.importing import store_ingested
from qcode.services.documents.outcomes import ImportOptions
from qcode.store.journal import journaled_tables
from qcode.store.location import is_server_url
from qcode.store.postgres import create_server_project, open_any, open_server_project
from qcode.store.project import Project, create_project, project_engine


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
    """Every row of every undoable table, for exact before/after comparisons (through the
    project's engine, so a file and a server database alike; a file's rows by rowid too)."""
    if project.on_server:
        return server_dump(project)
    with project.engine.connect() as conn:
        return {
            table.name: sorted(
                (tuple(r) for r in conn.exec_driver_sql(f'SELECT rowid, * FROM "{table.name}"')),
                key=repr,
            )
            for table in journaled_tables()
        }


def rows(project: Project, sql: str, *parameters: object) -> list[tuple[object, ...]]:
    """Run one statement written with ``?`` marks on a project's own engine (file or
    server), as a reader outside qcode's services would; its rows."""
    statement = sql.replace("?", "%s") if project.on_server else sql
    with project.engine.connect() as conn:
        return [tuple(row) for row in conn.exec_driver_sql(statement, parameters)]


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


def open_store(where: str, busy_deadline: float | None = None) -> Project:
    """A project in a file or on a server (a postgresql:// URL), as a coder's process opens it."""
    if busy_deadline is None:
        return open_any(where)
    if is_server_url(where):
        return open_server_project(where, busy_deadline)
    return Project(Path(where), project_engine(Path(where), busy_deadline=busy_deadline))


def location(project: Project) -> str:
    """PROJECT as a user types it for this project: its file's path, or its server URL."""
    if not project.on_server:
        return str(project.path)
    url = project.engine.url.render_as_string(hide_password=False)
    return "postgresql://" + url.split("://", 1)[1]


def reopen(project: Project) -> Project:
    """The same project opened again, as another process would (file or server)."""
    return open_any(location(project))


def create_store(where: str, title: str = "Test study") -> Project:
    """A new, empty project in a file or in an empty server database."""
    return (
        create_server_project(where, title)
        if is_server_url(where)
        else create_project(where, title)
    )


def run_sql(where: str, sql: str, **parameters: object) -> object:
    """Run one statement straight on a project's database (file or server), outside qcode,
    committed; returns its first value, if it returns rows."""
    if is_server_url(where):
        url = "postgresql+psycopg://" + where.split("://", 1)[1]
    else:
        url = f"sqlite:///{where}"
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            result = conn.execute(text(sql), parameters)
            return result.scalar() if result.returns_rows else None
    finally:
        engine.dispose()
