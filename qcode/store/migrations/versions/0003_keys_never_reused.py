"""Integer keys are never reused: every table with one gets SQLite's AUTOINCREMENT.

Without it SQLite hands a freed id to the next row, so an undo (or a script holding a
segment id) could name another writer's row. Each table is rebuilt with its rows, ids,
indexes and constraints as they were; other backends never reuse ids and skip this.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 11:00:00
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = (
    "project",
    "coders",
    "participants",
    "participant_attributes",
    "documents",
    "codes",
    "segments",
    "cases",
    "memos",
    "cmo_statements",
    "workshop_decisions",
    "audit_events",
    "vignettes",
    "vignette_parts",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ):
            pass


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        with op.batch_alter_table(table, recreate="always"):
            pass
