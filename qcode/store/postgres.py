"""A project's tables on a PostgreSQL server: the same models, created at the head schema.

The released migrations 0001–0007 were written for SQLite files (0007 rebuilds a table
with a reference to itself, which PostgreSQL refuses), so a server database is created
from the models at the head revision and stamped with it; migrations from 0008 on run on
both engines. Only the schema lives here so far: the journal, locking and live updates
for a team server are still to come.
"""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine

from qcode.errors import ProjectError
from qcode.store.models import Base
from qcode.store.revisions import head_revision

SCHEMES = ("postgresql://", "postgres://")


def is_server_url(project: str) -> bool:
    """Whether a PROJECT argument names a PostgreSQL database rather than a file."""
    return project.startswith(SCHEMES)


def server_engine(url: str) -> Engine:
    """An engine on a server database through psycopg 3 (libpq finds any password)."""
    if not is_server_url(url):
        raise ProjectError(f"{url}: not a PostgreSQL URL (postgresql://user@host/dbname)")
    driver_url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return create_engine(driver_url)


def create_server_schema(engine: Engine) -> None:
    """Create the project tables at the head schema in an empty database, and stamp it."""
    with engine.begin() as conn:
        if inspect(conn).get_table_names():
            raise ProjectError("that database already holds tables: use an empty database")
        Base.metadata.create_all(conn)
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)"))
        conn.execute(text("INSERT INTO alembic_version VALUES (:head)"), {"head": head_revision()})


def server_revision(engine: Engine) -> str | None:
    """The schema revision a server database is stamped with (None: not a project)."""
    with engine.connect() as conn:
        if "alembic_version" not in inspect(conn).get_table_names():
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
