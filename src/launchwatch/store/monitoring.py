"""The live-monitoring tables: what ``watch`` polled and saw, and the alerts it sent.

They belong to the one schema (the shared ``metadata``, migrated by ``0003_monitoring``); the
code that reads and writes them is :mod:`launchwatch.sources.state` (polling) and
:mod:`launchwatch.alerts.ledger` (alerts).

- ``watch_sources``: one row per feed or page url, with its validators for conditional requests.
- ``watch_items``: every article url seen in a feed (canonical), with the feed entry's
  fingerprint and the text's content hash: the bounded "seen" set lives here, not in memory.
- ``watch_polls``: one row per source per poll: when, what was new, the error if any.
- ``alert_state``: per event, the values last alerted on (what the next change is diffed with).
- ``alerts`` / ``alert_deliveries``: each alert once per (event, change), and each webhook
  delivery with its attempts, backoff and last error.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from launchwatch.store.schema import metadata

watch_sources = Table(
    "watch_sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False, unique=True),
    Column("kind", String(8), nullable=False),  # feed, page
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_polled_at", DateTime(timezone=True)),
)

watch_items = Table(
    "watch_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False, unique=True),
    Column("fingerprint", String(64), nullable=False),
    Column("content_hash", String(64)),
    Column("source_url", Text, nullable=False),
    Column("status", String(16), nullable=False),  # stored, duplicate, failed
    Column("first_seen_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    Index(None, "content_hash"),
)

watch_polls = Table(
    "watch_polls",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_url", Text, nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("seconds", Integer, nullable=False),
    Column("status", String(16), nullable=False),  # ok, not_modified, error
    Column("items", Integer, nullable=False),
    Column("new", Integer, nullable=False),
    Column("stored", Integer, nullable=False),
    Column("failed", Integer, nullable=False),
    Column("error", Text),
    Index(None, "started_at"),
)

alert_state = Table(
    "alert_state",
    metadata,
    Column("event_id", String(64), primary_key=True),
    Column("values", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", String(64), nullable=False),
    Column("kind", String(16), nullable=False),  # new, changed
    Column("change_hash", String(64), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("event_id", "change_hash"),
    Index(None, "created_at"),
)

alert_deliveries = Table(
    "alert_deliveries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("alert_id", Integer, ForeignKey("alerts.id", ondelete="CASCADE"), nullable=False),
    Column("target", Text, nullable=False),
    Column("status", String(16), nullable=False),  # pending, delivered, failed
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", DateTime(timezone=True)),
    Column("last_error", Text),
    Column("delivered_at", DateTime(timezone=True)),
    UniqueConstraint("alert_id", "target"),
    Index(None, "status", "next_attempt_at"),
)
