"""Categories, colours only where given, and typed attributes of documents.

``codes.codable`` (true for every existing code) is false for a category: a code that
groups codes and never codes text, as REFI-QDA's ``isCodable="false"`` and QualCoder's
categories are. ``codes.color`` may be NULL: the file or the user gave the code no colour
(views show a fallback; exports write none); existing codes keep theirs. On SQLite the
codes table is rebuilt for that, keeping its AUTOINCREMENT keys (0003). The new table
``document_attributes`` mirrors ``participant_attributes``: one typed value per name.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-15 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

NO_COLOUR = "#808080"  # what a colourless code gets back on a downgrade (0001's default)
AUTOINCREMENT = {"sqlite_autoincrement": True}


def upgrade() -> None:
    op.add_column(
        "codes", sa.Column("codable", sa.Boolean(), nullable=False, server_default=sa.true())
    )
    with op.batch_alter_table("codes", table_kwargs=AUTOINCREMENT) as batch:
        batch.alter_column("color", existing_type=sa.String(length=7), nullable=True)
    op.create_table(
        "document_attributes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("value_type", sa.String(length=10), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "value_type IN ('text', 'integer', 'float', 'boolean', 'date')",
            name=op.f("ck_document_attributes_value_type"),
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_attributes_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_attributes")),
        sa.UniqueConstraint("document_id", "name", name=op.f("uq_document_attributes_document_id")),
        **AUTOINCREMENT,
    )


def downgrade() -> None:
    op.drop_table("document_attributes")
    codes = sa.table("codes", sa.column("color", sa.String()))
    op.execute(codes.update().where(codes.c.color.is_(None)).values(color=NO_COLOUR))
    with op.batch_alter_table("codes", table_kwargs=AUTOINCREMENT) as batch:
        batch.alter_column("color", existing_type=sa.String(length=7), nullable=False)
        batch.drop_column("codable")
