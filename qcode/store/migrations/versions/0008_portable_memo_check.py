"""A memo's one-target rule written so that PostgreSQL accepts it as SQLite does.

0001 counted a memo's targets by adding booleans, ``(document_id IS NOT NULL) + …``:
SQLite's booleans are integers, PostgreSQL has no ``boolean + boolean``. The rule is the
same, at most one target, counted with ``CASE WHEN … THEN 1 ELSE 0 END``. No row changes.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 02:00:00
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TARGETS = ("document_id", "code_id", "segment_id", "participant_id", "case_id")
OLD_RULE = " + ".join(f"({column} IS NOT NULL)" for column in TARGETS) + " <= 1"
NEW_RULE = " + ".join(f"CASE WHEN {c} IS NULL THEN 0 ELSE 1 END" for c in TARGETS) + " <= 1"


def upgrade() -> None:
    replace_rule(NEW_RULE)


def downgrade() -> None:
    replace_rule(OLD_RULE)


def replace_rule(rule: str) -> None:
    with op.batch_alter_table(
        "memos", recreate="always", table_kwargs={"sqlite_autoincrement": True}
    ) as batch:
        batch.drop_constraint("one_target", type_="check")
        batch.create_check_constraint("one_target", rule)
