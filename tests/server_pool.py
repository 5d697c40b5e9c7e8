"""Project databases on the test server, reused: emptied back to what a new project holds."""

from __future__ import annotations

import os
from pathlib import Path

import psycopg

from qcode import __version__
from qcode.store.models import Base, ProjectInfo
from qcode.store.postgres import create_server_schema, open_server_project, plain_server_engine
from qcode.store.project import Project
from qcode.store.transfer import copy_rows, file_sequences


class ServerPool:
    """Databases at the head schema on one server (one pool per test process).

    Making a project database costs ~0.3 s (a copy of a template ~0.13 s); emptying one
    that a test used costs ~2 ms: every table's rows deleted and every key sequence
    restarted, so the next test starts from exactly what a new project holds."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.base = admin_url.rsplit("/", 1)[0]
        self.prefix = f"qp_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{os.getpid()}"
        self.made: list[str] = []
        self.free: list[str] = []
        self.reset_sql = ""

    def take(self) -> str:
        """The URL of an empty project database (schema and revision row, no rows)."""
        if self.free:
            return f"{self.base}/{self.free.pop()}"
        name = f"{self.prefix}_{len(self.made)}"
        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        engine = plain_server_engine(f"{self.base}/{name}")
        try:
            create_server_schema(engine)
        finally:
            engine.dispose()
        self.made.append(name)
        return f"{self.base}/{name}"

    def give_back(self, url: str) -> None:
        """Empty a database a test used (ending any connection it left open) for the next."""
        name = url.rsplit("/", 1)[-1]
        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(self.reset(conn))
        self.free.append(name)

    def reset(self, conn: psycopg.Connection) -> str:
        """One statement that deletes every row and restarts every key sequence."""
        if not self.reset_sql:
            found = conn.execute("SELECT schemaname, sequencename FROM pg_sequences")
            sequences = [f'"{schema}"."{name}"' for schema, name in found.fetchall()]
            tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
            steps = ["SET CONSTRAINTS ALL DEFERRED;"]
            steps += [f'DELETE FROM "{table}";' for table in tables]
            steps += [f"PERFORM setval('{seq}', 1, false);" for seq in sequences]
            self.reset_sql = f"DO $$ BEGIN {' '.join(steps)} END $$"
        return self.reset_sql

    def close(self) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            for name in self.made:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def new_server_project(url: str, title: str) -> Project:
    """What ``create_project`` makes, in an empty project database: the project's row."""
    project = open_server_project(url)
    with project.transaction() as session:
        session.add(ProjectInfo(title=title, created_by_version=__version__))
    return project


def fill_from_file(url: str, file: Path) -> None:
    """Copy every row of a project file into an empty project database, keys going on
    where the file's left off (as ``qcode publish`` does)."""
    from qcode.store.project import open_project

    source = open_project(file)
    target = plain_server_engine(url)
    try:
        with source.engine.connect() as conn, target.begin() as out:
            out.exec_driver_sql("SET CONSTRAINTS ALL DEFERRED")
            copy_rows(conn, out)
            for name, last in file_sequences(conn).items():
                if last:
                    out.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), {int(last)})"
                    )
    finally:
        source.close()
        target.dispose()
