"""Analyst curations: merges, splits and corrected values kept beside the machine's events.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "curations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("report_url", sa.Text(), nullable=False),
        sa.Column("report_position", sa.Integer(), nullable=False),
        sa.Column("other_url", sa.Text()),
        sa.Column("other_position", sa.Integer()),
        sa.Column("field", sa.String(32)),
        sa.Column("value", sa.JSON()),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("author", sa.Text()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("id", name="pk_curations"),
    )


def downgrade() -> None:
    op.drop_table("curations")
