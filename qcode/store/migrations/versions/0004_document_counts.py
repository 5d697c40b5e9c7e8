"""Documents store their length and line count, so lists never read the texts.

``chars`` is the text's length in code points, ``lines`` its number of "\\n" plus one
(an empty text has one line), as citations number lines. Existing rows are counted in
Python, not with SQL's ``length()``: SQLite's stops at a NUL, which a REFI-QDA source
or an undo may have stored. On SQLite the table is then rebuilt to make both columns
NOT NULL, keeping its AUTOINCREMENT keys (0003); other backends alter in place.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-08 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BATCH = 200
documents = sa.table(
    "documents",
    sa.column("id", sa.Integer()),
    sa.column("text", sa.Text()),
    sa.column("chars", sa.Integer()),
    sa.column("lines", sa.Integer()),
)


def upgrade() -> None:
    op.add_column("documents", sa.Column("chars", sa.Integer(), nullable=True))
    op.add_column("documents", sa.Column("lines", sa.Integer(), nullable=True))
    count_existing()
    with op.batch_alter_table("documents", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.alter_column("chars", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("lines", existing_type=sa.Integer(), nullable=False)


def count_existing() -> None:
    """Fill both counts for every row, a batch of texts at a time."""
    conn = op.get_bind()
    last = 0
    while True:
        rows = conn.execute(
            sa.select(documents.c.id, documents.c.text)
            .where(documents.c.id > last)
            .order_by(documents.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        conn.execute(
            documents.update()
            .where(documents.c.id == sa.bindparam("row_id"))
            .values(chars=sa.bindparam("n_chars"), lines=sa.bindparam("n_lines")),
            [
                {"row_id": row_id, "n_chars": len(text), "n_lines": text.count("\n") + 1}
                for row_id, text in rows
            ],
        )
        last = rows[-1][0]


def downgrade() -> None:
    with op.batch_alter_table("documents", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column("lines")
        batch.drop_column("chars")
