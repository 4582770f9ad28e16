"""The alerts ledger: values last alerted on, each alert once, each webhook delivery's attempts.

Every method is one transaction. An alert is unique per (event, change hash), so recording the
same change twice (after a restart, or a value that flips back and forth) sends nothing new.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update

from launchwatch.alerts.diff import Change, Values
from launchwatch.store.database import update_or_insert, write_transaction
from launchwatch.store.monitoring import alert_deliveries, alert_state, alerts, watch_polls


@dataclass(frozen=True)
class Delivery:
    """One pending webhook delivery of one alert."""

    id: int
    target: str
    attempts: int
    payload: dict[str, Any]


class AlertLedger:
    """Reads and writes the alert tables on one SQLAlchemy engine."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def known_values(self) -> dict[str, Values]:
        """Event id -> the values last alerted on (or taken as the baseline)."""
        with self._engine.connect() as conn:
            rows = conn.execute(select(alert_state.c.event_id, alert_state.c["values"])).all()
        return {event_id: values for event_id, values in rows}

    def is_empty(self) -> bool:
        """True before anything was alerted or taken as a baseline.

        A baseline of an empty store leaves no row in the alert tables, so a poll recorded
        since counts too: a first poll that died after refreshing the events and before
        recording their alerts must not make the next start take those events as known.
        """
        with self._engine.connect() as conn:
            state = conn.scalar(select(func.count()).select_from(alert_state))
            sent = conn.scalar(select(func.count()).select_from(alerts))
            polled = conn.scalar(select(func.count()).select_from(watch_polls))
        return not state and not sent and not polled

    def set_known(self, current: Mapping[str, Values]) -> None:
        """Take ``current`` as known without alerting (the baseline of a first start)."""
        now = datetime.now(UTC)
        with write_transaction(self._engine) as conn:
            conn.execute(delete(alert_state))
            if current:
                conn.execute(
                    insert(alert_state),
                    [{"event_id": k, "values": v, "updated_at": now} for k, v in current.items()],
                )

    def record(self, change: Change, payload: dict[str, Any], targets: Sequence[str]) -> int | None:
        """Record the alert for ``change`` with a pending delivery per target.

        Returns the alert id, or None when this change was alerted before (only the known
        values are brought up to date then).
        """
        now = datetime.now(UTC)
        with write_transaction(self._engine) as conn:
            exists = conn.scalar(
                select(alerts.c.id).where(
                    alerts.c.event_id == change.event_id,
                    alerts.c.change_hash == change.change_hash,
                )
            )
            alert_id = None
            if exists is None:
                alert_id = conn.execute(
                    insert(alerts).values(
                        event_id=change.event_id,
                        kind=change.kind,
                        change_hash=change.change_hash,
                        payload=payload,
                        created_at=now,
                    )
                ).inserted_primary_key[0]
                payload["alert_id"] = alert_id
                conn.execute(update(alerts).where(alerts.c.id == alert_id).values(payload=payload))
                if targets:
                    conn.execute(
                        insert(alert_deliveries),
                        [
                            {
                                "alert_id": alert_id,
                                "target": target,
                                "status": "pending",
                                "attempts": 0,
                                "next_attempt_at": now,
                            }
                            for target in targets
                        ],
                    )
            state = {"values": change.values, "updated_at": now}
            update_or_insert(conn, alert_state, {"event_id": change.event_id}, state)
        return alert_id

    def forget(self, event_ids: Sequence[str]) -> None:
        """Drop the known values of events that are gone from the store."""
        if event_ids:
            with write_transaction(self._engine) as conn:
                conn.execute(delete(alert_state).where(alert_state.c.event_id.in_(event_ids)))

    def due(self, now: datetime) -> list[Delivery]:
        """Pending deliveries whose next attempt is due, oldest first."""
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(
                    alert_deliveries.c.id,
                    alert_deliveries.c.target,
                    alert_deliveries.c.attempts,
                    alerts.c.payload,
                )
                .join(alerts, alerts.c.id == alert_deliveries.c.alert_id)
                .where(
                    alert_deliveries.c.status == "pending",
                    alert_deliveries.c.next_attempt_at <= now,
                )
                .order_by(alert_deliveries.c.id)
            ).all()
        return [Delivery(r.id, r.target, r.attempts, r.payload) for r in rows]

    def attempted(self, delivery_id: int, error: str | None, retry_in: timedelta | None) -> None:
        """Record one attempt: delivered (no error), retried after ``retry_in``, or failed."""
        now = datetime.now(UTC)
        if error is None:
            values: dict[str, Any] = {"status": "delivered", "delivered_at": now}
        elif retry_in is None:
            values = {"status": "failed", "last_error": error, "next_attempt_at": None}
        else:
            values = {"last_error": error, "next_attempt_at": now + retry_in}
        with write_transaction(self._engine) as conn:
            conn.execute(
                update(alert_deliveries)
                .where(alert_deliveries.c.id == delivery_id)
                .values(attempts=alert_deliveries.c.attempts + 1, **values)
            )

    def deliveries(self) -> list[dict[str, Any]]:
        """Every delivery with its alert's event and kind, oldest first (for status views)."""
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(alert_deliveries, alerts.c.event_id, alerts.c.kind)
                .join(alerts, alerts.c.id == alert_deliveries.c.alert_id)
                .order_by(alert_deliveries.c.id)
            ).all()
        return [dict(row._mapping) for row in rows]

    def recent(self, limit: int = 50) -> list[dict[str, Any]]:
        """The latest alerts' payloads, newest first."""
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(alerts.c.payload).order_by(alerts.c.id.desc()).limit(limit)
            ).all()
        return [row.payload for row in rows]
