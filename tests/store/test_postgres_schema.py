"""The project's tables on a real PostgreSQL server: the same as a file's at the head schema."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qcode.errors import ProjectError
from qcode.store import audit_words
from qcode.store.models import Code, Document, Memo
from qcode.store.postgres import create_server_schema, server_engine, server_revision
from qcode.store.project import Project
from qcode.store.revisions import head_revision


def columns(engine) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    """Each table's columns (a file's audit word index apart: a server has none)."""
    found = inspect(engine)
    names = [t for t in found.get_table_names() if not audit_words.is_index_table(t)]
    return {t: {c["name"] for c in found.get_columns(t)} for t in names}


def test_a_server_database_gets_the_files_tables_at_the_head(
    postgres_url: str, project: Project
) -> None:
    engine = server_engine(postgres_url)
    try:
        create_server_schema(engine)
        assert server_revision(engine) == head_revision()
        assert columns(engine) == columns(project.engine)
        with pytest.raises(ProjectError, match="already holds tables"):
            create_server_schema(engine)
    finally:
        engine.dispose()


def test_the_rules_hold_on_the_server_as_in_a_file(postgres_url: str) -> None:
    engine = server_engine(postgres_url)
    try:
        create_server_schema(engine)
        with Session(engine) as session, session.begin():
            code = Code(name="Trust", color="#000000", position=0)
            session.add(code)
            session.flush()
            session.add(Memo(text="on the code", code_id=code.id))
        with pytest.raises(IntegrityError) as refused, engine.begin() as conn:
            conn.execute(text("UPDATE memos SET document_id = 99, code_id = NULL"))  # no such
        assert isinstance(refused.value.orig, psycopg.errors.ForeignKeyViolation)
        with Session(engine) as session, session.begin():
            session.add(Document(name="PA 1", text="hello", format="txt", sha256="0" * 64))
        with pytest.raises(IntegrityError) as refused, engine.begin() as conn:
            conn.execute(text("UPDATE memos SET document_id = 1"))  # a second target
        assert isinstance(refused.value.orig, psycopg.errors.CheckViolation)
        assert "one_target" in str(refused.value.orig)
    finally:
        engine.dispose()


def test_a_file_path_is_not_a_server_url() -> None:
    with pytest.raises(ProjectError, match="not a PostgreSQL URL"):
        server_engine("study.qcode")


FIRST_PORTABLE = "0008"  # migrations from this one on must run on a server too


def test_the_migrations_from_0008_on_run_on_a_server(postgres_url: str) -> None:
    """Down to the first portable migration and up again on a server database; then the
    tables are the models' but for the deferrable references a server adds on purpose."""
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from qcode.store.migrate import alembic_config, current_revision
    from qcode.store.models import Base

    engine = server_engine(postgres_url)
    create_server_schema(engine)
    with engine.connect() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, FIRST_PORTABLE)
        command.upgrade(config, "head")
        conn.commit()
        assert current_revision(conn) == head_revision()
        found = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    removed = {op[1].name for op in found if op[0] == "remove_fk" and op[1].deferrable}
    added = {op[1].name for op in found if op[0] == "add_fk" and not op[1].deferrable}
    assert removed and removed == added
    assert len(found) == len(removed) + len(added), [op for op in found if op[0][-2:] != "fk"]
