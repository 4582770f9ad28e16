"""Live monitoring: watched sources, seen items, polls, and the alerts sent with their deliveries.

Revision ID: 0003
Revises: 0002
Create Date: 2025-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "watch_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("etag", sa.Text()),
        sa.Column("last_modified", sa.Text()),
        _when("last_polled_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_watch_sources"),
        sa.UniqueConstraint("url", name="uq_watch_sources_url"),
    )
    op.create_table(
        "watch_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("content_hash", sa.String(64)),
        sa.Column("source_url", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        _when("first_seen_at"),
        _when("last_seen_at"),
        sa.PrimaryKeyConstraint("id", name="pk_watch_items"),
        sa.UniqueConstraint("url", name="uq_watch_items_url"),
    )
    op.create_index("ix_watch_items_content_hash", "watch_items", ["content_hash"])
    op.create_table(
        "watch_polls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=False),
        _when("started_at"),
        sa.Column("seconds", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("new", sa.Integer(), nullable=False),
        sa.Column("stored", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text()),
        sa.PrimaryKeyConstraint("id", name="pk_watch_polls"),
    )
    op.create_index("ix_watch_polls_started_at", "watch_polls", ["started_at"])
    op.create_table(
        "alert_state",
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        _when("updated_at"),
        sa.PrimaryKeyConstraint("event_id", name="pk_alert_state"),
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("change_hash", sa.String(64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        _when("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_alerts"),
        sa.UniqueConstraint("event_id", "change_hash", name="uq_alerts_event_id_change_hash"),
    )
    op.create_index("ix_alerts_created_at", "alerts", ["created_at"])
    op.create_table(
        "alert_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _when("next_attempt_at", nullable=True),
        sa.Column("last_error", sa.Text()),
        _when("delivered_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_alert_deliveries"),
        sa.ForeignKeyConstraint(
            ["alert_id"],
            ["alerts.id"],
            name="fk_alert_deliveries_alert_id_alerts",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("alert_id", "target", name="uq_alert_deliveries_alert_id_target"),
    )
    op.create_index(
        "ix_alert_deliveries_status_next_attempt_at",
        "alert_deliveries",
        ["status", "next_attempt_at"],
    )


def downgrade() -> None:
    for table in (
        "alert_deliveries",
        "alerts",
        "alert_state",
        "watch_polls",
        "watch_items",
        "watch_sources",
    ):
        op.drop_table(table)
