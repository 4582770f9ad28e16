"""Event resolution: provisional (undated) events, confirmation, provenance, places, history.

- ``events.date`` may be null: a provisional event of a report whose date is unresolved.
- ``events`` gains ``confirmation``, ``provenance`` (field -> the claim its value came from and
  the rule), and the launch area's gazetteer entry (``place_name``, ``lat``, ``lon``).
- ``event_reports.family`` names the wire family of each report (the report id of the first
  copy of its story in the event).
- ``background_mentions.event_id`` links a background mention to the event it mentions.
- ``event_history`` records each event's creation, changes and removal, with the reason.

Revision ID: 0002
Revises: 0001
Create Date: 2025-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.alter_column("date", existing_type=sa.String(10), nullable=True)
        batch.add_column(
            sa.Column("confirmation", sa.String(32), nullable=False, server_default="unattributed")
        )
        batch.add_column(sa.Column("provenance", sa.JSON()))
        batch.add_column(sa.Column("place_name", sa.Text()))
        batch.add_column(sa.Column("lat", sa.Float()))
        batch.add_column(sa.Column("lon", sa.Float()))
    with op.batch_alter_table("event_reports") as batch:
        batch.add_column(sa.Column("family", sa.Integer()))
    with op.batch_alter_table("background_mentions") as batch:
        batch.add_column(sa.Column("event_id", sa.String(64)))
        batch.create_index("ix_background_mentions_event_id", ["event_id"])
    op.create_table(
        "event_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("change", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_event_history"),
    )
    op.create_index("ix_event_history_event_id", "event_history", ["event_id"])


def downgrade() -> None:
    op.drop_table("event_history")
    with op.batch_alter_table("background_mentions") as batch:
        batch.drop_index("ix_background_mentions_event_id")
        batch.drop_column("event_id")
    with op.batch_alter_table("event_reports") as batch:
        batch.drop_column("family")
    op.execute(sa.text("DELETE FROM events WHERE date IS NULL"))
    with op.batch_alter_table("events") as batch:
        for column in ("lon", "lat", "place_name", "provenance", "confirmation"):
            batch.drop_column(column)
        batch.alter_column("date", existing_type=sa.String(10), nullable=False)
