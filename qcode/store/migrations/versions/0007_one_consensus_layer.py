"""Workshop decisions are superseded, never overwritten, and name N coders and the recorder.

A re-decision marks the earlier decision ``superseded_by_id`` (and ``superseded_at``)
instead of deleting it, so the log keeps what was decided before. ``recorded_by`` is who
recorded a decision, coder or not. A workshop over N coders names them in ``coders``
(their ids, comma-separated; empty: the pair ``coder_a_id``/``coder_b_id``); a decision may
keep one named coder's coding (``keep``, ``kept_coder_id``) or take what at least
``majority_k`` of them coded (``majority``), or what all of them coded (``unanimity``).
Existing decisions stay in force, their recorder read from their coder or audit event.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 22:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

OLD_CHOICES = "choice IN ('keep_a', 'keep_b', 'union', 'overlap', 'custom', 'none')"
NEW_CHOICES = (
    "choice IN ('keep_a', 'keep_b', 'keep', 'majority', 'unanimity', 'union', 'overlap', "
    "'custom', 'none')"
)


def upgrade() -> None:
    with op.batch_alter_table(
        "workshop_decisions",
        recreate="always",
        table_kwargs={"sqlite_autoincrement": True},
    ) as batch:
        batch.drop_constraint("choice", type_="check")
        batch.create_check_constraint("choice", NEW_CHOICES)
        batch.add_column(sa.Column("superseded_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("superseded_at", sa.DateTime(), nullable=True))
        batch.add_column(
            sa.Column("recorded_by", sa.String(length=200), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("coders", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("kept_coder_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("majority_k", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_workshop_decisions_superseded_by_id_workshop_decisions",
            "workshop_decisions",
            ["superseded_by_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_foreign_key(
            "fk_workshop_decisions_kept_coder_id_coders",
            "coders",
            ["kept_coder_id"],
            ["id"],
            ondelete="RESTRICT",
        )
    op.execute(
        "UPDATE workshop_decisions SET recorded_by = COALESCE("
        "(SELECT name FROM coders WHERE coders.id = workshop_decisions.decided_by_id), "
        "(SELECT actor FROM audit_events WHERE audit_events.action = 'decide' "
        "AND audit_events.target_type = 'workshop decision' "
        "AND audit_events.target_id = workshop_decisions.guid "
        "ORDER BY audit_events.id DESC LIMIT 1), '')"
    )


def downgrade() -> None:
    op.execute("DELETE FROM workshop_decisions WHERE superseded_by_id IS NOT NULL")
    op.execute(
        "DELETE FROM workshop_decisions WHERE choice IN ('keep', 'majority', 'unanimity')"
    )
    with op.batch_alter_table(
        "workshop_decisions",
        recreate="always",
        table_kwargs={"sqlite_autoincrement": True},
    ) as batch:
        batch.drop_constraint("fk_workshop_decisions_kept_coder_id_coders", type_="foreignkey")
        batch.drop_constraint(
            "fk_workshop_decisions_superseded_by_id_workshop_decisions", type_="foreignkey"
        )
        for column in (
            "majority_k",
            "kept_coder_id",
            "coders",
            "recorded_by",
            "superseded_at",
            "superseded_by_id",
        ):
            batch.drop_column(column)
        batch.drop_constraint("choice", type_="check")
        batch.create_check_constraint("choice", OLD_CHOICES)
