"""The Store: articles, their versions and reports in, launch events out.

One ``Store`` wraps one SQLAlchemy engine. Every public method is one transaction: it commits
whole or leaves the database as it was.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Literal

from sqlalchemy import (
    Connection,
    Engine,
    Row,
    Text,
    cast,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)

from launchwatch.articles import Article
from launchwatch.events import (
    Event,
    PreviousEvent,
    StoredClaim,
    StoredLaunchReport,
    earliest_first,
    group_reports,
)
from launchwatch.events.curation import KINDS as CURATION_KINDS
from launchwatch.events.curation import CurationError, UnknownEvent, parse_value
from launchwatch.events.resolve import conflict_note
from launchwatch.events.wire import fingerprint
from launchwatch.reports.model import EVENT_FIELDS, Report
from launchwatch.store import curations as curation_store
from launchwatch.store.database import connect, upgrade, utc_iso, write_transaction
from launchwatch.store.evidence import sentence_around
from launchwatch.store.location import database_url
from launchwatch.store.schema import (
    TABLES,
    article_versions,
    articles,
    background_mentions,
    claims,
    event_history,
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

# Reports with the article version they were read from and that version's article, and the
# same reached from events' membership rows: the joins most reads of the record go through.
_REPORT_ARTICLES = reports.join(
    article_versions, article_versions.c.id == reports.c.version_id
).join(articles, articles.c.id == article_versions.c.article_id)
_EVENT_REPORT_ARTICLES = (
    event_reports.join(reports, reports.c.id == event_reports.c.report_id)
    .join(article_versions, article_versions.c.id == reports.c.version_id)
    .join(articles, articles.c.id == article_versions.c.article_id)
)

# An event's number of reports, as a correlated subquery of ``events``.
_REPORT_COUNT = (
    select(func.count()).where(event_reports.c.event_id == events.c.id).scalar_subquery()
)
# What ``search_events`` sorts by: an ``events`` column, a resolved value or the report count.
_SORT_KEYS: dict[str, Any] = {
    "date": events.c.date,
    "country": events.c.country,
    "confirmation": events.c.confirmation,
    "updated": events.c.updated_at,
    "reports": _REPORT_COUNT,
    "id": events.c.id,
    **{
        name: events.c.resolved[name].as_float()
        for name in ("missile_count", "range_km", "apogee_km")
    },
    **{
        name: events.c.resolved[name].as_string()
        for name in ("category", "designation", "platform", "launch_area", "range_class")
    },
    # The sources' list as JSON text: events named by the same sources sort together.
    "sources": cast(events.c.resolved["sources"], Text),
}
SEARCH_SORTS: tuple[str, ...] = tuple(_SORT_KEYS)


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

    @property
    def engine(self) -> Engine:
        """The store's engine, for the watch and alert state kept in the same database."""
        return self._engine

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
        with write_transaction(self._engine) as conn:
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
        """Resolve the events again from the current versions' reports, updating them in place.

        Ids are kept (see ``events.group``); an event whose values, conflicts, status or reports
        changed is rewritten, and every creation, change and removal is written to the event's
        history with the reason. Background mentions are linked to the event they name.
        Returns counts: events, created, updated, removed, and unresolved (launch reports in
        provisional events, whose date is unresolved).
        """
        now = datetime.now(UTC)
        with write_transaction(self._engine) as conn:
            stored = _current_reports(conn)
            old = {row.id: row for row in conn.execute(select(events))}
            previous = {p.id: p for p in _previous_events(conn, old)}
            fresh = group_reports(stored, list(previous.values()), curation_store.active(conn))
            by_key = {r.report_id: r.key for r in stored}
            home = {by_key[r]: e.id for e in fresh for r in e.report_ids}

            created = updated = 0
            history: list[dict[str, Any]] = []
            for event in fresh:
                row = {**_event_row(event), "updated_at": now}
                before = old.get(event.id)
                keys = {by_key[r] for r in event.report_ids}
                if before is None:
                    conn.execute(insert(events).values(**row, created_at=now))
                    created += 1
                    history.append(_history(event.id, now, "created", "new reports", keys, set()))
                else:
                    previous_keys = previous[event.id].report_keys
                    changed = _changed_fields(before, row)
                    if not changed and keys == previous_keys:
                        continue
                    conn.execute(update(events).where(events.c.id == event.id).values(**row))
                    conn.execute(delete(event_reports).where(event_reports.c.event_id == event.id))
                    updated += 1
                    reason = _update_reason(
                        changed, keys - previous_keys, previous_keys - keys, event.provenance
                    )
                    entry = _history(event.id, now, "updated", reason, keys, previous_keys)
                    entry["detail"]["fields"] = changed
                    history.append(entry)
                conn.execute(
                    insert(event_reports),
                    [
                        {"event_id": event.id, "report_id": r, "family": event.families.get(r)}
                        for r in event.report_ids
                    ],
                )
            removed = set(old) - {e.id for e in fresh}
            for gone in sorted(removed):
                keys = previous[gone].report_keys
                moved = sorted({home[k] for k in keys if k in home})
                reason = (
                    f"its reports now belong to {', '.join(moved)}"
                    if moved
                    else "its reports are no longer current"
                )
                history.append(_history(gone, now, "removed", reason, set(), keys))
            if removed:
                conn.execute(delete(event_reports).where(event_reports.c.event_id.in_(removed)))
                conn.execute(delete(events).where(events.c.id.in_(removed)))
            if history:
                conn.execute(insert(event_history), history)
            _link_mentions(conn, fresh)
        return {
            "events": len(fresh),
            "created": created,
            "updated": updated,
            "removed": len(removed),
            "unresolved": sum(len(e.report_ids) for e in fresh if e.date is None),
        }

    def list_events(self) -> list[dict[str, Any]]:
        """All events, by date (undated last): id, main fields, status, report count, sources."""
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(
                    events.c.id,
                    events.c.resolved,
                    events.c.confirmation,
                    _REPORT_COUNT.label("reports"),
                ).order_by(events.c.date.is_(None), events.c.date, events.c.id)
            ).all()
        return [_listed(row) for row in rows]

    def search_events(
        self,
        *,
        sort: str = "date",
        descending: bool = False,
        limit: int | None = None,
        offset: int = 0,
        **filters: str | None,
    ) -> tuple[int, list[dict[str, Any]]]:
        """The events matching every filter given (``_event_conditions``): (how many match, the
        page asked for).

        ``sort`` is one of ``SEARCH_SORTS`` (missing values last), ties by id. Each row is a
        ``list_events`` row plus ``range_class``, ``landing``, ``place`` (name, lat, lon, or
        None) and ``updated_at``.
        """
        conditions = _event_conditions(**filters)
        key = _SORT_KEYS[sort]
        order = ((key.desc() if descending else key.asc()).nulls_last(), events.c.id)
        # The page's ids first, so that only its rows are read whole and counted.
        page = select(events.c.id).where(*conditions).order_by(*order).limit(limit).offset(offset)
        query = (
            select(
                events.c.id,
                events.c.resolved,
                events.c.confirmation,
                events.c.place_name,
                events.c.lat,
                events.c.lon,
                events.c.updated_at,
                _REPORT_COUNT.label("reports"),
            )
            .where(events.c.id.in_(page.scalar_subquery()))
            .order_by(*order)
        )
        with self._engine.connect() as conn:
            total = conn.scalar(select(func.count()).select_from(events).where(*conditions))
            rows = conn.execute(query).all()
        return total or 0, [
            {
                **_listed(row, "range_class", "landing"),
                "place": _place(row),
                "updated_at": utc_iso(row.updated_at),
            }
            for row in rows
        ]

    def event_summaries(self, **filters: str | None) -> list[dict[str, Any]]:
        """Date, country, category and missile count of every event matching ``filters`` (those
        of ``search_events``): what timelines and statistics count, without reading whole rows."""
        resolved = events.c.resolved
        query = select(
            events.c.date,
            events.c.country,
            resolved["category"].as_string().label("category"),
            resolved["missile_count"].label("missile_count"),
        ).where(*_event_conditions(**filters))
        with self._engine.connect() as conn:
            return [row._asdict() for row in conn.execute(query)]

    def filter_values(self) -> dict[str, list[str]]:
        """The values stored events have for the list's select filters, each list sorted:
        ``country``, ``platform`` and ``range_class``."""
        columns = {
            "country": events.c.country,
            "platform": events.c.resolved["platform"].as_string(),
            "range_class": events.c.resolved["range_class"].as_string(),
        }
        found: dict[str, list[str]] = {}
        with self._engine.connect() as conn:
            for name, column in columns.items():
                values = conn.execute(select(column).where(column.is_not(None)).distinct())
                found[name] = sorted(str(v) for (v,) in values if v)
        return found

    def get_article(self, url: str) -> dict[str, Any] | None:
        """The current version of the article at ``url``, with its launch reports, or None.

        Besides url, outlet, title, published, language and text: each report's position,
        country, date, date_reason, time_local, values, the event it belongs to (or None) and
        its claims (field, value, span into the text, source, hedge, confidence).
        """
        with self._engine.connect() as conn:
            article = conn.execute(
                select(
                    article_versions.c.id,
                    articles.c.url,
                    articles.c.outlet,
                    article_versions.c.title,
                    article_versions.c.published,
                    article_versions.c.language,
                    article_versions.c.text,
                )
                .join(articles, articles.c.id == article_versions.c.article_id)
                .where(articles.c.url == url, article_versions.c.is_current)
            ).first()
            if article is None:
                return None
            report_rows = conn.execute(
                select(reports, event_reports.c.event_id)
                .outerjoin(event_reports, event_reports.c.report_id == reports.c.id)
                .where(reports.c.version_id == article.id)
                .order_by(reports.c.position)
            ).all()
            claim_rows = conn.execute(
                select(claims)
                .where(claims.c.report_id.in_([r.id for r in report_rows]))
                .order_by(claims.c.id)
            ).all()
        per_report: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for c in claim_rows:
            per_report[c.report_id].append(
                {
                    "field": c.field,
                    "value": c.value,
                    "span": [c.span_start, c.span_end],
                    "source": c.source,
                    "hedge": c.hedge,
                    "confidence": c.confidence,
                }
            )
        return {
            **{k: getattr(article, k) for k in ("url", "outlet", "title", "published")},
            "language": article.language,
            "text": article.text,
            "reports": [
                {
                    "position": r.position,
                    "country": r.country,
                    "date": r.date,
                    "date_reason": r.date_reason,
                    "time_local": r.time_local,
                    "values": r.resolved,
                    "event_id": r.event_id,
                    "claims": per_report[r.id],
                }
                for r in report_rows
            ],
        }

    def recent_changes(self, limit: int = 50) -> list[dict[str, Any]]:
        """The latest creations and updates of events still in the store, newest first.

        Each: the history entry's id, the event's id, country and date, when (``at``), the
        change ("created" or "updated"), its reason and the fields it changed (name -> [old,
        new]; empty for a creation).
        """
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(event_history, events.c.country, events.c.date)
                .join(events, events.c.id == event_history.c.event_id)
                .where(event_history.c.change.in_(("created", "updated")))
                .order_by(event_history.c.id.desc())
                .limit(limit)
            ).all()
        return [
            {
                "id": row.id,
                "event_id": row.event_id,
                "country": row.country,
                "date": row.date,
                "at": utc_iso(row.at),
                "change": row.change,
                "reason": row.reason,
                "fields": row.detail.get("fields", {}),
            }
            for row in rows
        ]

    def export_events(
        self, since: str | None = None, **filters: str | None
    ) -> list[dict[str, Any]]:
        """Every event (dated on or after ``since``, when given; undated ones always) for export.

        ``filters`` are those of ``search_events``: the export is then exactly the events that
        list shows (a date filter leaves the undated events out, as the list does).

        Each item: id, country, date, date_status, confirmation, values, conflicts, conflict
        notes, place (name, lat, lon or None), the number of independent stories, and its
        reports (url, outlet, published), earliest first. Dated events by date, undated last.
        """
        query = select(events).order_by(events.c.date.is_(None), events.c.date, events.c.id)
        if since is not None:
            query = query.where((events.c.date >= since) | events.c.date.is_(None))
        query = query.where(*_event_conditions(**filters))
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
            linked = conn.execute(
                select(
                    event_reports.c.event_id,
                    event_reports.c.family,
                    articles.c.url,
                    articles.c.outlet,
                    article_versions.c.published,
                )
                .select_from(_EVENT_REPORT_ARTICLES)
                # Undated first, as SQLite sorts nulls (PostgreSQL would put them last).
                .order_by(article_versions.c.published.nulls_first(), articles.c.url)
            ).all()
        per_event: dict[str, list[Row[Any]]] = defaultdict(list)
        for link in linked:
            per_event[link.event_id].append(link)
        return [
            {
                **_event_record(row),
                "stories": len({link.family for link in per_event[row.id]}),
                "reports": [
                    {"url": link.url, "outlet": link.outlet, "published": link.published}
                    for link in per_event[row.id]
                ],
            }
            for row in rows
        ]

    def event_memberships(self) -> list[dict[str, Any]]:
        """Every event's id, country, date and the urls of the articles it holds reports of."""
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(events.c.id, events.c.country, events.c.date, articles.c.url)
                .select_from(_EVENT_REPORT_ARTICLES)
                .join(events, events.c.id == event_reports.c.event_id)
            ).all()
        out: dict[str, dict[str, Any]] = {}
        for row in rows:
            item = out.setdefault(
                row.id, {"id": row.id, "country": row.country, "date": row.date, "urls": []}
            )
            item["urls"].append(row.url)
        return list(out.values())

    def get_event(self, event_id: str, with_texts: bool = False) -> dict[str, Any] | None:
        """One event with its values, conflicts, articles and, per field, the claims behind it.

        Each claim carries its value, source, hedge, confidence, the article's url, title and
        publication date, and the evidence sentence of the article version it was read from.
        Besides: the confirmation status, the provenance of each value (claim and rule), the
        launch area's gazetteer place, each article's wire family (``story``), the background
        mentions linked to the event and its history, oldest first. ``with_texts`` adds
        ``texts``: each article's text as of the version its claims' spans point into.
        """
        with self._engine.connect() as conn:
            row = conn.execute(select(events).where(events.c.id == event_id)).first()
            if row is None:
                return None
            sources = conn.execute(
                select(
                    reports.c.id,
                    reports.c.position,
                    reports.c.resolved,
                    articles.c.url,
                    articles.c.outlet,
                    articles.c.first_seen_at,
                    article_versions.c.title,
                    article_versions.c.published,
                    article_versions.c.text,
                    event_reports.c.family,
                )
                .select_from(_EVENT_REPORT_ARTICLES)
                .where(event_reports.c.event_id == event_id)
            ).all()
            claim_rows = conn.execute(
                select(claims)
                .where(claims.c.report_id.in_([s.id for s in sources]))
                .order_by(claims.c.id)
            ).all()
            history = conn.execute(
                select(event_history)
                .where(event_history.c.event_id == event_id)
                .order_by(event_history.c.id)
            ).all()
            event_curations = curation_store.listed(conn, {(s.url, s.position) for s in sources})
            mentions = conn.execute(
                select(articles.c.url, article_versions.c.text, background_mentions)
                .join(article_versions, article_versions.c.id == background_mentions.c.version_id)
                .join(articles, articles.c.id == article_versions.c.article_id)
                .where(background_mentions.c.event_id == event_id)
                .where(article_versions.c.is_current)
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
        texts = {"texts": {s.url: s.text for s in sources}} if with_texts else {}
        return {
            **_event_record(row),
            "provenance": row.provenance or {},
            "created_at": utc_iso(row.created_at),
            "updated_at": utc_iso(row.updated_at),
            "articles": [
                {
                    "url": by_report[i].url,
                    "outlet": by_report[i].outlet,
                    "title": by_report[i].title,
                    "published": by_report[i].published,
                    "story": by_report[i].family,
                }
                for i in order
            ],
            "claims": {name: per_field[name] for name in fields},
            "mentions": [
                {"url": m.url, "evidence": sentence_around(m.text, m.span_start, m.span_end)}
                for m in mentions
            ],
            "history": [
                {"at": utc_iso(h.at), "change": h.change, "reason": h.reason, "detail": h.detail}
                for h in history
            ],
            "curations": event_curations,
            **texts,
        }

    def correct(
        self,
        event_id: str,
        kind: str,
        note: str,
        *,
        field: str | None = None,
        value: str | None = None,
        other_event_id: str | None = None,
        url: str | None = None,
        position: int | None = None,
        author: str | None = None,
    ) -> dict[str, Any]:
        """Store a correction by hand of an event (``events.curation``), then resolve the events
        again; returns ``{"id", "event_id"}``: the correction's id and the event that now holds
        the report it is anchored to. Raises ``CurationError`` (``UnknownEvent`` for an id that
        names no event) saying what is wrong, before anything is stored.

        ``value``: set ``field`` to ``value``, written as ``launchwatch curate set`` takes it
        ("none" clears it); ``together``: make ``other_event_id`` part of the event; ``apart``:
        take the report of the article at ``url`` (``position`` among its reports, where it has
        several) out of the event. Other corrections of an event are anchored to its earliest
        report; that report cannot be taken out while they apply.
        """
        if kind not in CURATION_KINDS:
            raise CurationError(f"unknown kind {kind!r}; one of: {', '.join(CURATION_KINDS)}")
        if not note.strip():
            raise CurationError("a correction needs a note saying why")
        parsed = None
        if kind == "value":
            if field is None or value is None:
                raise CurationError("a value correction names its field and its value")
            parsed = parse_value(field, value)
        with write_transaction(self._engine) as conn:
            keys = _report_keys(conn, event_id)
            if not keys:
                raise UnknownEvent(f"no event {event_id}")
            anchor, other = keys[0], None
            if kind == "together":
                other = self._merge_target(conn, event_id, other_event_id)
            elif kind == "apart":
                anchor = _report_to_take_out(conn, event_id, keys, url, position)
            curation_id = curation_store.add(
                conn, kind, anchor, note.strip(), other=other,
                field=field if kind == "value" else None, value=parsed, author=author,
            )  # fmt: skip
        self.refresh_events()
        with self._engine.connect() as conn:
            holder = conn.scalar(
                select(event_reports.c.event_id)
                .select_from(_EVENT_REPORT_ARTICLES)
                .where(articles.c.url == anchor[0], reports.c.position == anchor[1])
                .where(article_versions.c.is_current)
            )
        return {"id": curation_id, "event_id": holder or event_id}

    @staticmethod
    def _merge_target(
        conn: Connection, event_id: str, other_event_id: str | None
    ) -> tuple[str, int]:
        """The report a merge of ``other_event_id`` into ``event_id`` is anchored to."""
        if not other_event_id:
            raise CurationError("a merge names the other event")
        if other_event_id == event_id:
            raise CurationError(f"{event_id} cannot be merged with itself")
        other_keys = _report_keys(conn, other_event_id)
        if not other_keys:
            raise UnknownEvent(f"no event {other_event_id}")
        states = dict(
            conn.execute(
                select(events.c.id, events.c.country).where(
                    events.c.id.in_([event_id, other_event_id])
                )
            ).all()
        )
        if states.get(event_id) != states.get(other_event_id):
            raise CurationError(
                f"{event_id} ({states.get(event_id)}) and {other_event_id} "
                f"({states.get(other_event_id)}) are launches of two states; correct the state "
                "of one first"
            )
        return other_keys[0]

    def withdraw_curation(self, curation_id: int) -> bool:
        """Stop applying a curation and resolve the events again; False if none was active."""
        withdrawn = curation_store.withdraw(self._engine, curation_id)
        if withdrawn:
            self.refresh_events()
        return withdrawn

    def list_curations(self) -> list[dict[str, Any]]:
        """Every curation, withdrawn ones too, oldest first."""
        with self._engine.connect() as conn:
            return curation_store.listed(conn)

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
                    # The date hint of an undated report rides along for the clustering.
                    resolved={**launch.values(), "date_hint": launch.date_hint}
                    if launch.date_hint
                    else launch.values(),
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
    """The launch reports of every article's current version, with their claims."""
    rows = conn.execute(
        select(
            reports.c.id,
            reports.c.position,
            reports.c.resolved,
            reports.c.date_reason,
            reports.c.time_local,
            articles.c.url,
            articles.c.outlet,
            articles.c.first_seen_at,
            article_versions.c.published,
            article_versions.c.text,
        )
        .select_from(_REPORT_ARTICLES)
        .where(article_versions.c.is_current)
    ).all()
    claim_rows = conn.execute(
        select(claims)
        .join(reports, reports.c.id == claims.c.report_id)
        .join(article_versions, article_versions.c.id == reports.c.version_id)
        .where(article_versions.c.is_current)
        .order_by(claims.c.id)
    )
    by_report: dict[int, list[StoredClaim]] = defaultdict(list)
    for c in claim_rows:
        by_report[c.report_id].append(
            StoredClaim(c.id, c.field, c.value, c.source, c.hedge, c.confidence)
        )
    prints: dict[str, frozenset[int]] = {}
    return [
        replace(
            _as_stored(row),
            position=row.position,
            date_reason=row.date_reason,
            time_local=row.time_local,
            outlet=row.outlet,
            claims=tuple(by_report[row.id]),
            fingerprint=prints.setdefault(row.url, fingerprint(row.text)),
        )
        for row in rows
    ]


def _event_record(row: Row[Any]) -> dict[str, Any]:
    """The part of an event's record that exports and the event page share."""
    return {
        "id": row.id,
        "country": row.country,
        "date": row.date,
        "date_status": "resolved" if row.date is not None else "date unresolved",
        "confirmation": row.confirmation,
        "values": row.resolved,
        "conflicts": row.conflicts,
        "conflict_notes": [conflict_note(n, e) for n, e in row.conflicts.items()],
        "place": _place(row),
    }


def _previous_events(conn: Connection, old: dict[str, Row[Any]]) -> list[PreviousEvent]:
    """The stored events with the (url, position) names of their reports."""
    keys: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for event_id, url, position in conn.execute(
        select(event_reports.c.event_id, articles.c.url, reports.c.position).select_from(
            _EVENT_REPORT_ARTICLES
        )
    ):
        keys[event_id].add((url, position))
    return [
        PreviousEvent(row.id, row.country, row.date, frozenset(keys[row.id]))
        for row in old.values()
    ]


def _report_keys(conn: Connection, event_id: str) -> list[tuple[str, int]]:
    """The (url, position) names of an event's reports, earliest report first."""
    rows = conn.execute(
        select(
            reports.c.id,
            reports.c.position,
            reports.c.resolved,
            articles.c.url,
            articles.c.first_seen_at,
            article_versions.c.published,
        )
        .select_from(_EVENT_REPORT_ARTICLES)
        .where(event_reports.c.event_id == event_id)
    ).all()
    ordered = sorted(rows, key=lambda r: earliest_first(_as_stored(r)))
    return [(r.url, r.position) for r in ordered]


def _report_to_take_out(
    conn: Connection,
    event_id: str,
    keys: list[tuple[str, int]],
    url: str | None,
    position: int | None,
) -> tuple[str, int]:
    """The report of ``url`` that a split takes out of the event, checked that it can be."""
    if not url:
        raise CurationError("a split names the article url of the report to take out")
    named = [k for k in keys if k[0] == url and position in (None, k[1])]
    if len(named) != 1:
        found = "no report" if not named else "several reports (give the position)"
        raise CurationError(f"{event_id} holds {found} of {url}")
    if len(keys) == 1:
        raise CurationError(f"{url} is the only report of {event_id}: there is nothing to split")
    anchored = [
        c.id
        for c in curation_store.active(conn)
        if c.kind != "apart" and named[0] in (c.report, c.other)
    ]
    if anchored:
        listed = ", ".join(f"#{n}" for n in anchored)
        raise CurationError(
            f"corrections {listed} are anchored to that report; withdraw them first"
        )
    return named[0]


def _as_stored(row: Row[Any]) -> StoredLaunchReport:
    """A report row (with its article's url, first_seen_at and published) for ordering."""
    return StoredLaunchReport(
        report_id=row.id,
        article_url=row.url,
        values=row.resolved,
        published=row.published,
        first_seen_at=utc_iso(row.first_seen_at),
    )


def _event_conditions(
    *,
    country: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    category: str | None = None,
    platform: str | None = None,
    range_class: str | None = None,
    confirmation: str | None = None,
    text: str | None = None,
) -> list[Any]:
    """The WHERE conditions of ``Store.search_events`` and ``Store.event_summaries``.

    ``country``, ``category``, ``platform``, ``range_class`` and ``confirmation`` match exactly;
    ``date_from`` / ``date_to`` bound the local date, inclusive (an undated event is outside
    every date range); ``text`` matches case-insensitively within the id, the place and the
    resolved values.
    """
    resolved = events.c.resolved
    conditions = [
        column == value
        for column, value in (
            (events.c.country, country),
            (events.c.confirmation, confirmation),
            (resolved["category"].as_string(), category),
            (resolved["platform"].as_string(), platform),
            (resolved["range_class"].as_string(), range_class),
        )
        if value is not None
    ]
    if date_from is not None:
        conditions.append(events.c.date >= date_from)
    if date_to is not None:
        conditions.append(events.c.date <= date_to)
    if text:
        needle = text.lower()
        conditions.append(
            or_(
                *(
                    func.lower(column).contains(needle, autoescape=True)
                    for column in (events.c.id, events.c.place_name, cast(resolved, Text))
                )
            )
        )
    return conditions


def _event_row(event: Event) -> dict[str, Any]:
    place = event.place or {}
    return {
        "id": event.id,
        "country": event.country,
        "date": event.date,
        "resolved": event.values,
        "conflicts": event.conflicts,
        "confirmation": event.confirmation,
        "provenance": event.provenance,
        "place_name": place.get("name"),
        "lat": place.get("lat"),
        "lon": place.get("lon"),
    }


# Event columns whose change is recorded in the history, field by field for ``resolved``.
_TRACKED = ("date", "conflicts", "confirmation", "place_name")


def _changed_fields(before: Row[Any], row: dict[str, Any]) -> dict[str, list[Any]]:
    """field -> [old, new] for each resolved value or tracked column that changed."""
    changed: dict[str, list[Any]] = {}
    old_values, new_values = before.resolved or {}, row["resolved"]
    for name in dict.fromkeys([*old_values, *new_values]):
        if old_values.get(name) != new_values.get(name):
            changed[name] = [old_values.get(name), new_values.get(name)]
    for column in _TRACKED:
        if getattr(before, column) != row[column]:
            changed[column] = [getattr(before, column), row[column]]
    return changed


def _update_reason(
    changed: dict[str, list[Any]],
    added: set[tuple[str, int]],
    dropped: set[tuple[str, int]],
    provenance: dict[str, dict[str, Any]],
) -> str:
    corrections = sorted(
        {
            p["curation_id"]
            for name, p in provenance.items()
            if name in changed and "curation_id" in p
        }
    )
    parts = []
    if added:
        parts.append(f"{len(added)} report{'s' if len(added) != 1 else ''} added")
    if dropped:
        parts.append(f"{len(dropped)} report{'s' if len(dropped) != 1 else ''} left")
    if changed:
        parts.append("changed: " + ", ".join(changed))
    if corrections:
        parts.append("corrected by hand: " + ", ".join(f"#{n}" for n in corrections))
    return "; ".join(parts) or "reports re-read"


def _history(
    event_id: str,
    at: datetime,
    change: str,
    reason: str,
    keys: set[tuple[str, int]] | frozenset[tuple[str, int]],
    before: set[tuple[str, int]] | frozenset[tuple[str, int]],
) -> dict[str, Any]:
    """One event_history row; detail lists the reports (url#position) added and removed."""
    return {
        "event_id": event_id,
        "at": at,
        "change": change,
        "reason": reason,
        "detail": {
            "added": sorted(f"{u}#{p}" for u, p in set(keys) - set(before)),
            "removed": sorted(f"{u}#{p}" for u, p in set(before) - set(keys)),
        },
    }


def _link_mentions(conn: Connection, fresh: list[Event]) -> None:
    """Point each current background mention at the one dated event of its state and date."""
    by_day: dict[tuple[str | None, str], list[str]] = defaultdict(list)
    for event in fresh:
        if event.date is not None:
            by_day[(event.country, event.date)].append(event.id)
            by_day[(None, event.date)].append(event.id)
    current = select(article_versions.c.id).where(article_versions.c.is_current)
    rows = conn.execute(
        select(background_mentions.c.id, background_mentions.c.country, background_mentions.c.date)
        .where(background_mentions.c.version_id.in_(current))
        .where(background_mentions.c.date.is_not(None))
    ).all()
    links: dict[str | None, list[int]] = defaultdict(list)
    for mention in rows:
        found = by_day.get((mention.country, mention.date), [])
        links[found[0] if len(found) == 1 else None].append(mention.id)
    for event_id, ids in links.items():
        conn.execute(
            update(background_mentions)
            .where(background_mentions.c.id.in_(ids))
            .values(event_id=event_id)
        )


def _listed(row: Row[Any], *extra: str) -> dict[str, Any]:
    """A ``list_events`` row (id, the listed values, status, report count and sources), with
    the resolved values named in ``extra`` besides."""
    values = row.resolved  # once: each attribute access of a Row costs a lookup
    return {
        "id": row.id,
        **{name: values.get(name) for name in (*LISTED_FIELDS, *extra)},
        "confirmation": row.confirmation,
        "reports": row.reports,
        "sources": values.get("sources", []),
    }


def _place(row: Row[Any]) -> dict[str, Any] | None:
    """The event's launch area on the map, where the gazetteer knows it."""
    if row.place_name is None:
        return None
    return {"name": row.place_name, "lat": row.lat, "lon": row.lon}
