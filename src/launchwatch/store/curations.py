"""Stored analyst curations (``events.curation``): made, listed and withdrawn here, applied by
``Store.refresh_events``.

A curation names the reports it is about by article url and position. Made through an event
id, it is anchored to that event's earliest report, which stays with the launch through later
resolutions; a withdrawn curation is kept, with the time it was withdrawn, and no longer applies.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from launchwatch.events.curation import Curation, ReportKey
from launchwatch.store.database import utc_iso, write_transaction
from launchwatch.store.schema import curations


def add(
    conn: Connection,
    kind: str,
    report: ReportKey,
    note: str,
    *,
    other: ReportKey | None = None,
    field: str | None = None,
    value: Any = None,
    author: str | None = None,
) -> int:
    """Store one curation within the caller's write transaction; returns its id."""
    return int(
        conn.execute(
            insert(curations).values(
                kind=kind,
                report_url=report[0],
                report_position=report[1],
                other_url=other[0] if other else None,
                other_position=other[1] if other else None,
                field=field,
                value=value,
                note=note,
                author=author,
                created_at=datetime.now(UTC),
            )
        ).inserted_primary_key[0]
    )


def withdraw(engine: Engine, curation_id: int) -> bool:
    """Stop applying a curation (it stays on record); False when no active one has that id."""
    with write_transaction(engine) as conn:
        done = conn.execute(
            update(curations)
            .where(curations.c.id == curation_id, curations.c.withdrawn_at.is_(None))
            .values(withdrawn_at=datetime.now(UTC))
        )
        return done.rowcount == 1


def active(conn: Connection) -> list[Curation]:
    """The curations in force, in the order they were made."""
    rows = conn.execute(
        select(curations).where(curations.c.withdrawn_at.is_(None)).order_by(curations.c.id)
    )
    return [
        Curation(
            id=row.id,
            kind=row.kind,
            report=(row.report_url, row.report_position),
            other=(row.other_url, row.other_position) if row.other_url is not None else None,
            field=row.field,
            value=row.value,
            note=row.note,
            author=row.author,
        )
        for row in rows
    ]


def listed(conn: Connection, keys: set[ReportKey] | None = None) -> list[dict[str, Any]]:
    """Every curation (withdrawn ones too), oldest first; with ``keys``, those about them."""
    rows = conn.execute(select(curations).order_by(curations.c.id)).all()
    out = []
    for row in rows:
        report = (row.report_url, row.report_position)
        other = (row.other_url, row.other_position) if row.other_url is not None else None
        if keys is not None and report not in keys and other not in keys:
            continue
        out.append(
            {
                "id": row.id,
                "kind": row.kind,
                "report": {"url": report[0], "position": report[1]},
                "other": {"url": other[0], "position": other[1]} if other else None,
                "field": row.field,
                "value": row.value,
                "note": row.note,
                "author": row.author,
                "created_at": utc_iso(row.created_at),
                "withdrawn_at": utc_iso(row.withdrawn_at) if row.withdrawn_at else None,
            }
        )
    return out
