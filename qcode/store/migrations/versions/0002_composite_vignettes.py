"""Composite vignettes and their parts.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 07:41:23.539460
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vignettes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=400), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=True),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["codes.id"],
            name=op.f("fk_vignettes_theme_id_codes"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vignettes")),
        sa.UniqueConstraint("guid", name=op.f("uq_vignettes_guid")),
    )
    op.create_table(
        "vignette_parts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vignette_id", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(length=10), nullable=False),
        sa.Column("segment_id", sa.Integer(), nullable=True),
        sa.Column("edited_text", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "section IN ('context', 'mechanism', 'outcome')", name=op.f("ck_vignette_parts_section")
        ),
        sa.ForeignKeyConstraint(
            ["segment_id"],
            ["segments.id"],
            name=op.f("fk_vignette_parts_segment_id_segments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["vignette_id"],
            ["vignettes.id"],
            name=op.f("fk_vignette_parts_vignette_id_vignettes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vignette_parts")),
    )
    with op.batch_alter_table("vignette_parts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vignette_parts_segment_id"), ["segment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_vignette_parts_vignette_id"), ["vignette_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("vignette_parts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vignette_parts_vignette_id"))
        batch_op.drop_index(batch_op.f("ix_vignette_parts_segment_id"))

    op.drop_table("vignette_parts")
    op.drop_table("vignettes")
