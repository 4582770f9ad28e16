"""The store's own consistency checks: what must hold of the record whatever happened to it.

A crash, a full disk or a killed process may leave the events a batch behind (they are
recomputed at the end of each batch, so articles saved since are simply not counted yet), but
never a half-written record. :func:`check_consistency` looks for the latter:

- ``orphan``: a row pointing at a row that is not there (a version without its article, a
  report without its version, a claim without its report, an event's report or a delivery's
  alert that is missing);
- ``current_version``: an article with no current version, or with two;
- ``empty_event``: an event without reports; ``shared_report``: a report in two events;
- ``mention_link``: a current background mention linked to an event that is not there;
- ``alert``: an alert whose payload names another alert id, a delivery in an unknown state or
  one whose recorded times do not fit its state;
- ``watch_item``: a watched item in an unknown state;
- ``integrity``: SQLite's own ``PRAGMA integrity_check`` and ``foreign_key_check`` (SQLite only).

Every check is a read; it runs beside ``watch``, ``serve`` or an ``ingest`` without waiting.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, Table, case, func, select

from launchwatch.store.monitoring import alert_deliveries, alerts, watch_items
from launchwatch.store.schema import (
    article_versions,
    articles,
    background_mentions,
    claims,
    event_reports,
    events,
    reports,
)
from launchwatch.store.store import Store

MAX_EXAMPLES = 5  # rows named per problem; the count says how many there are
DELIVERY_STATES = frozenset({"pending", "delivered", "failed"})
WATCH_ITEM_STATES = frozenset({"stored", "duplicate", "failed"})


@dataclass(frozen=True)
class Problem:
    """One broken invariant: which check found it, and what it found (a one-line detail)."""

    check: str
    detail: str

    def __str__(self) -> str:
        return f"{self.check}: {self.detail}"


def check_consistency(store: Store | Engine) -> list[Problem]:
    """Every broken invariant of the record in ``store`` (an empty list when all hold)."""
    engine = store.engine if isinstance(store, Store) else store
    with engine.connect() as conn:
        problems = [
            *_orphans(conn),
            *_current_versions(conn),
            *_event_membership(conn),
            *_mention_links(conn),
            *_alert_ledger(conn),
            *_watch_items(conn),
        ]
        if conn.dialect.name == "sqlite":
            problems += _sqlite_integrity(conn)
    return problems


# (child table, its column, parent table, the parent's key, what the child is called)
_REFERENCES: tuple[tuple[Table, str, Table, str, str], ...] = (
    (article_versions, "article_id", articles, "id", "article version"),
    (reports, "version_id", article_versions, "id", "report"),
    (claims, "report_id", reports, "id", "claim"),
    (background_mentions, "version_id", article_versions, "id", "background mention"),
    (event_reports, "event_id", events, "id", "event membership"),
    (event_reports, "report_id", reports, "id", "event membership"),
    (alert_deliveries, "alert_id", alerts, "id", "alert delivery"),
)


def _orphans(conn: Connection) -> Iterable[Problem]:
    for child, column, parent, key, noun in _REFERENCES:
        missing = ~child.c[column].in_(select(parent.c[key]))
        values = conn.scalars(select(child.c[column]).where(missing).distinct()).all()
        if values:
            yield Problem(
                "orphan",
                f"{noun}s point at {len(values)} missing {parent.name} row(s) "
                f"({column} {_examples(values)})",
            )


def _current_versions(conn: Connection) -> Iterable[Problem]:
    current = func.coalesce(func.sum(case((article_versions.c.is_current, 1), else_=0)), 0)
    rows = conn.execute(
        select(articles.c.url, current.label("current"))
        .select_from(articles.outerjoin(article_versions))
        .group_by(articles.c.id, articles.c.url)
        .having(current != 1)
    ).all()
    none = [r.url for r in rows if r.current == 0]
    several = [r.url for r in rows if r.current > 1]
    if none:
        yield Problem(
            "current_version", f"{len(none)} article(s) with no current version: {_examples(none)}"
        )
    if several:
        yield Problem(
            "current_version",
            f"{len(several)} article(s) with two or more current versions: {_examples(several)}",
        )


def _event_membership(conn: Connection) -> Iterable[Problem]:
    empty = conn.scalars(
        select(events.c.id).where(~events.c.id.in_(select(event_reports.c.event_id)))
    ).all()
    if empty:
        yield Problem("empty_event", f"{len(empty)} event(s) without reports: {_examples(empty)}")
    shared = conn.scalars(
        select(event_reports.c.report_id)
        .group_by(event_reports.c.report_id)
        .having(func.count() > 1)
    ).all()
    if shared:
        yield Problem(
            "shared_report", f"{len(shared)} report(s) in more than one event: {_examples(shared)}"
        )


def _mention_links(conn: Connection) -> Iterable[Problem]:
    current = select(article_versions.c.id).where(article_versions.c.is_current)
    dangling = conn.scalars(
        select(background_mentions.c.event_id)
        .where(
            background_mentions.c.version_id.in_(current),
            background_mentions.c.event_id.is_not(None),
            ~background_mentions.c.event_id.in_(select(events.c.id)),
        )
        .distinct()
    ).all()
    if dangling:
        yield Problem(
            "mention_link",
            f"current background mentions linked to {len(dangling)} missing event(s): "
            f"{_examples(dangling)}",
        )


def _alert_ledger(conn: Connection) -> Iterable[Problem]:
    mislabelled = [
        alert_id
        for alert_id, payload in conn.execute(select(alerts.c.id, alerts.c.payload))
        if not isinstance(payload, dict) or payload.get("alert_id") != alert_id
    ]
    if mislabelled:
        yield Problem(
            "alert",
            f"{len(mislabelled)} alert(s) whose payload names another alert id: "
            f"{_examples(mislabelled)}",
        )
    wrong = []
    for row in conn.execute(select(alert_deliveries)):
        reason = _delivery_problem(row.status, row.attempts, row.delivered_at, row.next_attempt_at)
        if reason is not None:
            wrong.append(f"{row.id} ({reason})")
    if wrong:
        yield Problem("alert", f"{len(wrong)} delivery record(s) out of step: {_examples(wrong)}")


def _delivery_problem(
    status: str, attempts: int, delivered_at: object, next_attempt_at: object
) -> str | None:
    """What is wrong with one delivery row's state, or None."""
    if status not in DELIVERY_STATES:
        return f"unknown status {status!r}"
    if attempts < 0:
        return f"{attempts} attempts"
    if status == "delivered" and (delivered_at is None or attempts < 1):
        return "delivered without a delivery time or an attempt"
    if status != "delivered" and delivered_at is not None:
        return f"{status} with a delivery time"
    if status == "pending" and next_attempt_at is None:
        return "pending without a next attempt"
    return None


def _watch_items(conn: Connection) -> Iterable[Problem]:
    states = conn.scalars(
        select(watch_items.c.status).where(~watch_items.c.status.in_(WATCH_ITEM_STATES)).distinct()
    ).all()
    if states:
        yield Problem("watch_item", f"watched items in unknown states: {_examples(states)}")


def _sqlite_integrity(conn: Connection) -> list[Problem]:
    found = [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check")]
    problems = [] if found == ["ok"] else [Problem("integrity", _examples(found))]
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        tables = sorted({row[0] for row in broken})
        problems.append(
            Problem("integrity", f"{len(broken)} foreign key violation(s) in {_examples(tables)}")
        )
    return problems


def _examples(values: Iterable[object]) -> str:
    items = [str(v) for v in values]
    shown = ", ".join(items[:MAX_EXAMPLES])
    return shown + (f" and {len(items) - MAX_EXAMPLES} more" if len(items) > MAX_EXAMPLES else "")
