"""Documents remember the line breaks their source had, so an export gives them back.

qcode stores every text with ``\\n`` line breaks. ``line_breaks`` is ``"crlf"`` for a
document whose source broke every line with CR LF (a REFI-QDA source from Windows, a
QualCoder text): a REFI-QDA export writes those again, positions counted over them.
Existing documents are ``"lf"``, as they were stored and exported until now.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-16 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "documents",
        sa.Column("line_breaks", sa.String(length=4), nullable=False, server_default="lf"),
    )


def downgrade() -> None:
    with op.batch_alter_table("documents", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column("line_breaks")
