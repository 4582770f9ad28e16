"""The store's tables (SQLAlchemy Core), in portable types that SQLite and PostgreSQL share.

Migrations in ``store/migrations`` create and change these tables; this module is the
description the code queries with, and a test checks that both agree.

- ``articles``: one row per canonical url.
- ``article_versions``: one row per distinct text of an article; ``is_current`` marks the one
  that counts toward events. Older versions and their reports are kept.
- ``reports`` / ``claims`` / ``background_mentions``: the extraction result of one version.
- ``events`` / ``event_reports``: launch events, recomputed from the current versions' reports
  (``date`` null for a provisional event whose date is unresolved; ``family`` names the wire
  family of a report); ``background_mentions.event_id`` links a mention to its event.
- ``event_history``: what changed in each event and why; kept when the event is removed.
- ``curations``: analysts' corrections (merges, splits, values), applied on every resolution.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False, unique=True),
    Column("outlet", Text),
    Column("first_seen_at", DateTime(timezone=True), nullable=False),
)

article_versions = Table(
    "article_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("is_current", Boolean, nullable=False),
    Column("title", Text),
    Column("published", Text),
    Column("language", String(16)),
    Column("text", Text, nullable=False),
    Column("raw", LargeBinary),  # zlib-compressed raw bytes, for audit
    Column("origin", Text),
    Column("launch_report", Boolean, nullable=False),
    Column("relevance_score", Float, nullable=False),
    Column("stored_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("article_id", "content_hash"),
    Index(None, "article_id", "is_current"),
)

reports = Table(
    "reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "version_id",
        Integer,
        ForeignKey("article_versions.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("position", Integer, nullable=False),
    Column("country", String(8)),
    Column("date", String(10)),
    Column("date_reason", Text),
    Column("time_local", String(16)),
    Column("resolved", JSON, nullable=False),  # LaunchReport.values()
    UniqueConstraint("version_id", "position"),
    Index(None, "country", "date"),
)

claims = Table(
    "claims",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("report_id", Integer, ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
    Column("field", String(40), nullable=False),
    Column("value", JSON),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("source", String(40)),
    Column("hedge", Text),
    Column("confidence", Float, nullable=False),
    Index(None, "report_id"),
)

background_mentions = Table(
    "background_mentions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "version_id",
        Integer,
        ForeignKey("article_versions.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("position", Integer, nullable=False),
    Column("country", String(8)),
    Column("date", String(10)),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("event_id", String(64)),  # the event mentioned, where it can be identified
    UniqueConstraint("version_id", "position"),
    Index(None, "event_id"),
)

events = Table(
    "events",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("country", String(8)),
    Column("date", String(10)),  # null: provisional event, date unresolved
    Column("resolved", JSON, nullable=False),  # field -> resolved value
    Column("conflicts", JSON, nullable=False),  # field -> distinct values with their sources
    Column("confirmation", String(32), nullable=False, server_default="unattributed"),
    Column("provenance", JSON),  # field -> the claim the value came from, and the rule
    Column("place_name", Text),  # the launch area's gazetteer entry and its coordinates
    Column("lat", Float),
    Column("lon", Float),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index(None, "date", "country"),
    Index(None, "date", "id"),  # the event list's sort and paging order
)

event_reports = Table(
    "event_reports",
    metadata,
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("report_id", Integer, ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True),
    Column("family", Integer),  # report id of the first copy of this report's story
    Index(None, "report_id"),
)

# No foreign key: an event's history outlives the event.
event_history = Table(
    "event_history",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("change", String(16), nullable=False),  # created, updated, removed
    Column("reason", Text, nullable=False),
    Column("detail", JSON, nullable=False),
    Index(None, "event_id"),
)

# Analyst corrections (``events.curation``), applied each time events are resolved; anchored to
# reports by article url and position, so they outlive event ids. Withdrawn ones are kept.
curations = Table(
    "curations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),  # together, apart, value
    Column("report_url", Text, nullable=False),
    Column("report_position", Integer, nullable=False),
    Column("other_url", Text),  # together: the other report
    Column("other_position", Integer),
    Column("field", String(32)),  # value: the field and its value
    Column("value", JSON),
    Column("note", Text, nullable=False),
    Column("author", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("withdrawn_at", DateTime(timezone=True)),
)

TABLES: tuple[Table, ...] = (
    articles,
    article_versions,
    reports,
    claims,
    background_mentions,
    events,
    event_reports,
    event_history,
    curations,
)
