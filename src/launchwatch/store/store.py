"""The Store: articles, their versions and reports in, launch events out.

One ``Store`` wraps one SQLAlchemy engine. Every public method is one transaction: it commits
whole or leaves the database as it was.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Literal

from sqlalchemy import Connection, Engine, Row, delete, func, insert, select, update

from launchwatch.articles import Article
from launchwatch.events import (
    Event,
    StoredLaunchReport,
    earliest_first,
    group_reports,
    unresolved_reports,
)
from launchwatch.reports.model import EVENT_FIELDS, Report
from launchwatch.store.database import connect, upgrade
from launchwatch.store.evidence import sentence_around
from launchwatch.store.location import database_url
from launchwatch.store.schema import (
    TABLES,
    article_versions,
    articles,
    background_mentions,
    claims,
    event_reports,
    events,
    reports,
)

SaveOutcome = Literal["new", "new_version", "unchanged"]

# The columns of ``list_events`` rows, besides id, report count and sources.
LISTED_FIELDS: tuple[str, ...] = (
    "country",
    "date",
    "missile_count",
    "category",
    "designation",
    "platform",
    "launch_area",
    "range_km",
    "apogee_km",
)


def open_store(db: str | None = None) -> Store:
    """Open (creating and migrating as needed) the store at ``db``.

    ``db`` is a SQLite file path or an SQLAlchemy URL; None means ``$LAUNCHWATCH_DB`` or the
    user data directory (see ``location.default_db_location``). Use it as a context manager.
    """
    engine = connect(database_url(db))
    try:
        upgrade(engine)
    except Exception:
        engine.dispose()
        raise
    return Store(engine)


class Store:
    """Articles, reports and events in one database."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    def save(self, article: Article, report: Report) -> SaveOutcome:
        """Store one article with its extraction result.

        Returns "new" for a url not seen before; "new_version" when the url's text changed (a
        new version becomes current; earlier versions and their reports are kept, and a text
        seen before becomes current again with the reports stored for it then); "unchanged"
        when the current version has this text already (nothing is written).
        """
        now = datetime.now(UTC)
        digest = article.content_hash
        with self._engine.begin() as conn:
            article_id = conn.scalar(select(articles.c.id).where(articles.c.url == article.url))
            if article_id is None:
                article_id = conn.execute(
                    insert(articles).values(
                        url=article.url, outlet=article.outlet, first_seen_at=now
                    )
                ).inserted_primary_key[0]
                outcome: SaveOutcome = "new"
            else:
                known = dict(
                    conn.execute(
                        select(
                            article_versions.c.content_hash, article_versions.c.is_current
                        ).where(article_versions.c.article_id == article_id)
                    ).all()
                )
                if known.get(digest):
                    return "unchanged"
                conn.execute(
                    update(article_versions)
                    .where(article_versions.c.article_id == article_id)
                    .values(is_current=article_versions.c.content_hash == digest)
                )
                if digest in known:
                    return "new_version"
                outcome = "new_version"
            self._insert_version(conn, article_id, article, report, now)
        return outcome

    def refresh_events(self) -> dict[str, int]:
        """Recompute the events from the current versions' reports and write them.

        An event keeps its id as long as its (country, date) has reports; events left without
        reports are removed. Returns counts: events, created, updated, removed, unresolved
        (launch reports without a date, which form no event).
        """
        now = datetime.now(UTC)
        with self._engine.begin() as conn:
            stored = _current_reports(conn)
            old = {row.id: row for row in conn.execute(select(events))}
            old_links: dict[str, set[int]] = defaultdict(set)
            for event_id, report_id in conn.execute(select(event_reports)):
                old_links[event_id].add(report_id)
            fresh = group_reports(stored, {(r.country, r.date): r.id for r in old.values()})

            created = updated = 0
            for event in fresh:
                previous = old.get(event.id)
                row = {**_event_row(event), "updated_at": now}
                if previous is None:
                    conn.execute(insert(events).values(**row, created_at=now))
                    created += 1
                elif (previous.resolved, previous.conflicts, old_links[event.id]) != (
                    event.values,
                    event.conflicts,
                    set(event.report_ids),
                ):
                    conn.execute(update(events).where(events.c.id == event.id).values(**row))
                    conn.execute(delete(event_reports).where(event_reports.c.event_id == event.id))
                    updated += 1
                else:
                    continue
                conn.execute(
                    insert(event_reports),
                    [{"event_id": event.id, "report_id": r} for r in event.report_ids],
                )
            removed = set(old) - {e.id for e in fresh}
            if removed:
                conn.execute(delete(event_reports).where(event_reports.c.event_id.in_(removed)))
                conn.execute(delete(events).where(events.c.id.in_(removed)))
        return {
            "events": len(fresh),
            "created": created,
            "updated": updated,
            "removed": len(removed),
            "unresolved": len(unresolved_reports(stored)),
        }

    def list_events(self) -> list[dict[str, Any]]:
        """All events, by date: id, the main resolved fields, report count and sources."""
        report_count = (
            select(func.count()).where(event_reports.c.event_id == events.c.id).scalar_subquery()
        )
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(events.c.id, events.c.resolved, report_count.label("reports")).order_by(
                    events.c.date, events.c.id
                )
            ).all()
        return [
            {
                "id": row.id,
                **{name: row.resolved.get(name) for name in LISTED_FIELDS},
                "reports": row.reports,
                "sources": row.resolved.get("sources", []),
            }
            for row in rows
        ]

    def get_event(self, event_id: str) -> dict[str, Any] | None:
        """One event with its values, conflicts, articles and, per field, the claims behind it.

        Each claim carries its value, source, hedge, confidence, the article's url, title and
        publication date, and the evidence sentence of the article version it was read from.
        """
        with self._engine.connect() as conn:
            row = conn.execute(select(events).where(events.c.id == event_id)).first()
            if row is None:
                return None
            sources = conn.execute(
                select(
                    reports.c.id,
                    reports.c.resolved,
                    articles.c.url,
                    articles.c.outlet,
                    articles.c.first_seen_at,
                    article_versions.c.title,
                    article_versions.c.published,
                    article_versions.c.text,
                )
                .join(event_reports, event_reports.c.report_id == reports.c.id)
                .join(article_versions, article_versions.c.id == reports.c.version_id)
                .join(articles, articles.c.id == article_versions.c.article_id)
                .where(event_reports.c.event_id == event_id)
            ).all()
            claim_rows = conn.execute(
                select(claims)
                .where(claims.c.report_id.in_([s.id for s in sources]))
                .order_by(claims.c.id)
            ).all()

        by_report = {s.id: s for s in sources}
        order = sorted(by_report, key=lambda i: earliest_first(_as_stored(by_report[i])))
        rank = {report_id: n for n, report_id in enumerate(order)}
        per_field: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for claim in sorted(claim_rows, key=lambda c: (rank[c.report_id], c.id)):
            origin = by_report[claim.report_id]
            per_field[claim.field].append(
                {
                    "value": claim.value,
                    "source": claim.source,
                    "hedge": claim.hedge,
                    "confidence": claim.confidence,
                    "url": origin.url,
                    "title": origin.title,
                    "published": origin.published,
                    "span": [claim.span_start, claim.span_end],
                    "evidence": sentence_around(origin.text, claim.span_start, claim.span_end),
                }
            )
        field_order = {name: n for n, name in enumerate(EVENT_FIELDS)}
        fields = sorted(per_field, key=lambda f: (field_order.get(f, len(field_order)), f))
        return {
            "id": row.id,
            "country": row.country,
            "date": row.date,
            "values": row.resolved,
            "conflicts": row.conflicts,
            "created_at": _iso(row.created_at),
            "updated_at": _iso(row.updated_at),
            "articles": [
                {
                    "url": by_report[i].url,
                    "outlet": by_report[i].outlet,
                    "title": by_report[i].title,
                    "published": by_report[i].published,
                }
                for i in order
            ],
            "claims": {name: per_field[name] for name in fields},
        }

    def counts(self) -> dict[str, int]:
        """The number of rows in each table."""
        with self._engine.connect() as conn:
            return {
                table.name: conn.scalar(select(func.count()).select_from(table)) or 0
                for table in TABLES
            }

    @staticmethod
    def _insert_version(
        conn: Connection, article_id: int, article: Article, report: Report, now: datetime
    ) -> None:
        version_id = conn.execute(
            insert(article_versions).values(
                article_id=article_id,
                content_hash=article.content_hash,
                is_current=True,
                title=article.title,
                published=article.published,
                language=article.language,
                text=article.text,
                raw=zlib.compress(article.raw) if article.raw is not None else None,
                origin=article.origin,
                launch_report=report.launch_report,
                relevance_score=report.relevance_score,
                stored_at=now,
            )
        ).inserted_primary_key[0]
        for position, launch in enumerate(report.events):
            report_id = conn.execute(
                insert(reports).values(
                    version_id=version_id,
                    position=position,
                    country=launch.country,
                    date=launch.date,
                    date_reason=launch.date_reason,
                    time_local=launch.time_local,
                    resolved=launch.values(),
                )
            ).inserted_primary_key[0]
            if launch.claims:
                conn.execute(
                    insert(claims),
                    [
                        {
                            "report_id": report_id,
                            "field": c.field,
                            "value": c.value,
                            "span_start": c.start,
                            "span_end": c.end,
                            "source": c.source,
                            "hedge": c.hedge,
                            "confidence": c.confidence,
                        }
                        for c in launch.claims
                    ],
                )
        if report.background:
            conn.execute(
                insert(background_mentions),
                [
                    {
                        "version_id": version_id,
                        "position": position,
                        "country": b.country,
                        "date": b.date,
                        "span_start": b.start,
                        "span_end": b.end,
                    }
                    for position, b in enumerate(report.background)
                ],
            )


def _current_reports(conn: Connection) -> list[StoredLaunchReport]:
    """The launch reports of every article's current version."""
    rows = conn.execute(
        select(
            reports.c.id,
            reports.c.resolved,
            articles.c.url,
            articles.c.first_seen_at,
            article_versions.c.published,
        )
        .join(article_versions, article_versions.c.id == reports.c.version_id)
        .join(articles, articles.c.id == article_versions.c.article_id)
        .where(article_versions.c.is_current)
    )
    return [_as_stored(row) for row in rows]


def _as_stored(row: Row[Any]) -> StoredLaunchReport:
    """A report row (with its article's url, first_seen_at and published) for grouping."""
    return StoredLaunchReport(
        report_id=row.id,
        article_url=row.url,
        values=row.resolved,
        published=row.published,
        first_seen_at=_iso(row.first_seen_at),
    )


def _event_row(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "country": event.country,
        "date": event.date,
        "resolved": event.values,
        "conflicts": event.conflicts,
    }


def _iso(moment: datetime) -> str:
    """ISO 8601 in UTC (SQLite hands datetimes back without their zone)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat()
