"""What ``watch`` remembers between polls, in the store's database (see ``store.monitoring``).

Each method is one short transaction. Memory stays bounded however long the watcher runs: the
set of items seen is a table, and poll records older than ``POLL_HISTORY`` are pruned.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, insert, select

from launchwatch.sources.feeds import FeedItem
from launchwatch.store.database import update_or_insert, write_transaction
from launchwatch.store.monitoring import watch_items, watch_polls, watch_sources

POLL_HISTORY = timedelta(days=30)


@dataclass(frozen=True)
class Validators:
    """A source's ``ETag`` and ``Last-Modified``, sent back as a conditional request."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass
class PollRecord:
    """One source's part of one poll: what came, what was new, what was stored, what failed."""

    source_url: str
    started_at: datetime
    seconds: float = 0.0
    status: str = "ok"  # ok, not_modified, error
    items: int = 0
    new: int = 0
    stored: int = 0
    failed: int = 0
    error: str | None = None


class WatchState:
    """Sources' validators, the items seen, and the poll log, on one SQLAlchemy engine."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def validators(self, url: str) -> Validators:
        """The validators stored for ``url`` (none for a source not polled yet)."""
        with self._engine.connect() as conn:
            row = conn.execute(
                select(watch_sources.c.etag, watch_sources.c.last_modified).where(
                    watch_sources.c.url == url
                )
            ).first()
        return Validators(row.etag, row.last_modified) if row else Validators()

    def save_validators(self, url: str, kind: str, validators: Validators) -> None:
        """Store the validators of ``url``'s latest answer, and when it was polled."""
        values = {
            "kind": kind,
            "etag": validators.etag,
            "last_modified": validators.last_modified,
            "last_polled_at": datetime.now(UTC),
        }
        with write_transaction(self._engine) as conn:
            update_or_insert(conn, watch_sources, {"url": url}, values)

    def unseen(self, items: Sequence[FeedItem]) -> list[FeedItem]:
        """The items whose url was not seen, or whose feed entry changed since."""
        known: dict[str, str] = {}
        with self._engine.connect() as conn:
            urls = [item.url for item in items]
            for start in range(0, len(urls), 500):  # keep each IN list small
                known.update(
                    conn.execute(
                        select(watch_items.c.url, watch_items.c.fingerprint).where(
                            watch_items.c.url.in_(urls[start : start + 500])
                        )
                    ).all()
                )
        return [item for item in items if known.get(item.url) != item.fingerprint]

    def copy_of(self, content_hash: str, url: str) -> str | None:
        """The url of another item already stored with this text, if any."""
        with self._engine.connect() as conn:
            return conn.scalar(
                select(watch_items.c.url)
                .where(watch_items.c.content_hash == content_hash, watch_items.c.url != url)
                .where(watch_items.c.status == "stored")
                .limit(1)
            )

    def mark(
        self, item: FeedItem, source_url: str, status: str, content_hash: str | None = None
    ) -> None:
        """Remember ``item`` as stored, duplicate or failed (a failed item is tried again)."""
        now = datetime.now(UTC)
        fingerprint = "" if status == "failed" else item.fingerprint
        values: dict[str, Any] = {
            "fingerprint": fingerprint,
            "content_hash": content_hash,
            "source_url": source_url,
            "status": status,
            "last_seen_at": now,
        }
        with write_transaction(self._engine) as conn:
            update_or_insert(
                conn, watch_items, {"url": item.url}, values, on_insert={"first_seen_at": now}
            )

    def record_poll(self, record: PollRecord) -> None:
        """Log one source's poll, and drop poll records older than ``POLL_HISTORY``."""
        with write_transaction(self._engine) as conn:
            conn.execute(
                insert(watch_polls).values(
                    source_url=record.source_url,
                    started_at=record.started_at,
                    seconds=round(record.seconds),
                    status=record.status,
                    items=record.items,
                    new=record.new,
                    stored=record.stored,
                    failed=record.failed,
                    error=record.error,
                )
            )
            conn.execute(
                delete(watch_polls).where(
                    watch_polls.c.started_at < record.started_at - POLL_HISTORY
                )
            )

    def recent_polls(self, limit: int = 20) -> list[dict[str, Any]]:
        """The latest poll records, newest first."""
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(watch_polls).order_by(watch_polls.c.id.desc()).limit(limit)
            ).all()
        return [dict(row._mapping) for row in rows]
