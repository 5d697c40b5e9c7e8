"""Settings kept in the project, and the pseudonym list.

``project_settings`` holds what a researcher sets once for the project and expects to
find again: the quote style (speaker labels left out, citation style), the headings and
titles of the paper tables, a questionnaire's column classes. One JSON value per key.
``pseudonyms`` is the list of real names and places and what replaces them (issue 18):
the key file's lines, never written into any other export. No existing row changes.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 18:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

AUTOINCREMENT = {"sqlite_autoincrement": True}


def upgrade() -> None:
    op.create_table(
        "project_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_settings")),
        sa.UniqueConstraint("key", name=op.f("uq_project_settings_key")),
        **AUTOINCREMENT,
    )
    op.create_table(
        "pseudonyms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("original", sa.String(length=200), nullable=False),
        sa.Column("pseudonym", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('person', 'place', 'organisation', 'other')",
            name=op.f("ck_pseudonyms_kind"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pseudonyms")),
        sa.UniqueConstraint("guid", name=op.f("uq_pseudonyms_guid")),
        sa.UniqueConstraint("original", name=op.f("uq_pseudonyms_original")),
        **AUTOINCREMENT,
    )


def downgrade() -> None:
    op.drop_table("pseudonyms")
    op.drop_table("project_settings")
