"""Initial schema: articles and their versions, reports, claims, background mentions, events.

Revision ID: 0001
Revises:
Create Date: 2025-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def _when(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("outlet", sa.Text()),
        _when("first_seen_at"),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
        sa.UniqueConstraint("url", name="uq_articles_url"),
    )
    op.create_table(
        "article_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.Column("title", sa.Text()),
        sa.Column("published", sa.Text()),
        sa.Column("language", sa.String(16)),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("raw", sa.LargeBinary()),
        sa.Column("origin", sa.Text()),
        sa.Column("launch_report", sa.Boolean(), nullable=False),
        sa.Column("relevance_score", sa.Float(), nullable=False),
        _when("stored_at"),
        sa.PrimaryKeyConstraint("id", name="pk_article_versions"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_article_versions_article_id_articles",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint(
            "article_id", "content_hash", name="uq_article_versions_article_id_content_hash"
        ),
    )
    op.create_index(
        "ix_article_versions_article_id_is_current",
        "article_versions",
        ["article_id", "is_current"],
    )
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(8)),
        sa.Column("date", sa.String(10)),
        sa.Column("date_reason", sa.Text()),
        sa.Column("time_local", sa.String(16)),
        sa.Column("resolved", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reports"),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["article_versions.id"],
            name="fk_reports_version_id_article_versions",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("version_id", "position", name="uq_reports_version_id_position"),
    )
    op.create_index("ix_reports_country_date", "reports", ["country", "date"])
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(40), nullable=False),
        sa.Column("value", sa.JSON()),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(40)),
        sa.Column("hedge", sa.Text()),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_claims"),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name="fk_claims_report_id_reports", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_claims_report_id", "claims", ["report_id"])
    op.create_table(
        "background_mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(8)),
        sa.Column("date", sa.String(10)),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_background_mentions"),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["article_versions.id"],
            name="fk_background_mentions_version_id_article_versions",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint(
            "version_id", "position", name="uq_background_mentions_version_id_position"
        ),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("country", sa.String(8)),
        sa.Column("date", sa.String(10), nullable=False),
        sa.Column("resolved", sa.JSON(), nullable=False),
        sa.Column("conflicts", sa.JSON(), nullable=False),
        _when("created_at"),
        _when("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
    )
    op.create_index("ix_events_date_country", "events", ["date", "country"])
    op.create_table(
        "event_reports",
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "report_id", name="pk_event_reports"),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name="fk_event_reports_event_id_events", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            name="fk_event_reports_report_id_reports",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_event_reports_report_id", "event_reports", ["report_id"])


def downgrade() -> None:
    for table in (
        "event_reports",
        "events",
        "background_mentions",
        "claims",
        "reports",
        "article_versions",
        "articles",
    ):
        op.drop_table(table)
