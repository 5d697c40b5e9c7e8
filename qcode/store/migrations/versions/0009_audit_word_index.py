"""The audit trail's word index and sort indexes, in a project file.

A word filter read every event of the trail (300,000 events: a quarter of a second);
this adds the word index of ``qcode/store/audit_words.py`` (an FTS5 table and its mark),
filled here with every event, and indexes the log's sorts walk in order: who, action,
target, before, reason, and the first 40 characters of after (which holds the coded
texts: most of the trail's bytes). A server gets none of
these (no row changes there). No row of the project changes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 15:00:00
"""

from alembic import op

from qcode.store import audit_words

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    for statement in audit_words.CREATE_SQL:
        conn.exec_driver_sql(statement)
    for name, columns in audit_words.SORT_INDEXES.items():
        conn.exec_driver_sql(f"CREATE INDEX {name} ON audit_events ({columns})")
    audit_words.catch_up(conn)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    for name in audit_words.SORT_INDEXES:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
    for statement in audit_words.DROP_SQL:
        conn.exec_driver_sql(statement)
