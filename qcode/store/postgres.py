"""A project's tables on a PostgreSQL server: the same models, created at the head schema.

The released migrations 0001–0007 were written for SQLite files (0007 rebuilds a table
with a reference to itself, which PostgreSQL refuses), so a server database is created
from the models at the head revision and stamped with it; migrations from 0008 on run on
both engines. Every foreign key is deferrable and every journaled table carries the
journal's trigger (``server_journal``), so undo and redo work as on a file.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

from qcode import __version__
from qcode.errors import ProjectBusyError, ProjectError
from qcode.store import journal, server_journal
from qcode.store.location import is_server_url
from qcode.store.models import Base, ProjectInfo
from qcode.store.project import BUSY_DEADLINE_S, BUSY_MESSAGE, WRITE, Project, open_project
from qcode.store.revisions import head_revision


def plain_server_engine(url: str) -> Engine:
    """An engine on a server database through psycopg 3 (libpq finds any password), with
    no journal: for creating the schema and bulk copies."""
    if not is_server_url(url):
        raise ProjectError(f"{url}: not a PostgreSQL URL (postgresql://user@host/dbname)")
    return create_engine("postgresql+psycopg://" + url.split("://", 1)[1])


def server_engine(url: str, busy_deadline: float = BUSY_DEADLINE_S) -> Engine:
    """An engine on a server database whose connections journal their changes, and whose
    writing transactions take turns (waiting up to ``busy_deadline`` seconds)."""
    engine = plain_server_engine(url)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: object, _record: object) -> None:
        server_journal.install(dbapi_conn)

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        if conn.get_execution_options().get(WRITE):
            take_write_turn(conn, busy_deadline)

    return engine


WRITE_LOCK = 0x71636F6465  # "qcode": the advisory lock every writing transaction holds


def take_write_turn(conn: Connection, deadline: float = BUSY_DEADLINE_S) -> None:
    """Wait (a bounded time) for the database's write lock, held to the end of the
    transaction; a writer that holds it too long makes this a one-line busy error."""
    conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{int(deadline * 1000)}ms'")
    try:
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
    except OperationalError as exc:
        if getattr(exc.orig, "sqlstate", "") != "55P03":  # lock_not_available
            raise
        raise ProjectBusyError(BUSY_MESSAGE) from exc


def create_server_schema(engine: Engine) -> None:
    """Create the project tables at the head schema in an empty database, and stamp it."""
    with engine.begin() as conn:
        create_tables(conn)


def create_tables(conn: Connection) -> None:
    """The project tables, journal triggers and schema stamp, in the caller's transaction."""
    if inspect(conn).get_table_names():
        raise ProjectError("that database already holds tables: use an empty database")
    Base.metadata.create_all(conn)
    deferrable_references(conn)
    server_journal.create_triggers(conn, (t.name for t in journal.journaled_tables()))
    conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)"))
    conn.execute(text("INSERT INTO alembic_version VALUES (:head)"), {"head": head_revision()})


def server_revision(engine: Engine) -> str | None:
    """The schema revision a server database is stamped with (None: not a project)."""
    with engine.connect() as conn:
        if "alembic_version" not in inspect(conn).get_table_names():
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()


def deferrable_references(conn: Connection) -> None:
    """Make every foreign key deferrable (checked at once, unless a revert defers them)."""
    found = inspect(conn)
    for table in found.get_table_names():
        for key in found.get_foreign_keys(table):
            conn.exec_driver_sql(
                f'ALTER TABLE "{table}" ALTER CONSTRAINT "{key["name"]}"'
                " DEFERRABLE INITIALLY IMMEDIATE"
            )


def create_server_project(url: str, title: str) -> Project:
    """A new project in an empty server database."""
    engine = server_engine(url)
    create_server_schema(engine)
    project = Project(Path(url.rsplit("/", 1)[-1]), engine)
    with project.transaction() as session:
        session.add(ProjectInfo(title=title, created_by_version=__version__))
    return project


def open_any(where: Path | str) -> Project:
    """A project file, or a team project on a server when ``where`` is a postgresql:// URL."""
    if isinstance(where, str) and is_server_url(where):
        return open_server_project(where)
    return open_project(Path(where))


def open_server_project(url: str, busy_deadline: float = BUSY_DEADLINE_S) -> Project:
    """A project in a server database at the head schema (else a one-line error)."""
    engine = server_engine(url, busy_deadline)
    revision = server_revision(engine)
    if revision != head_revision():
        engine.dispose()
        raise ProjectError(f"{url}: not a qcode project at schema {head_revision()} ({revision})")
    return Project(Path(url.rsplit("/", 1)[-1]), engine)
