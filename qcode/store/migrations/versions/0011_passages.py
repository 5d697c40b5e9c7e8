"""The passages similarity search reads: windows of each text with their embeddings.

``passages`` holds, per document, windows of about 300 characters on sentence bounds,
each with its vector from an embedding model named in ``model`` and the document's
``document_sha`` when it was made (a changed text makes its passages stale). Derived
data: filled on import or on demand, never journaled. No existing row changes.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 18:35:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "passages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("document_sha", sa.String(length=64), nullable=False),
        sa.Column("model", sa.String(length=100), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.CheckConstraint('start >= 0 AND start < "end"', name=op.f("ck_passages_span")),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_passages_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_passages")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_passages_document_start", "passages", ["document_id", "start"])


def downgrade() -> None:
    op.drop_index("ix_passages_document_start", table_name="passages")
    op.drop_table("passages")
