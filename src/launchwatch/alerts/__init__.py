"""Alerts: when an event appears or its values change, say so once, with the reports behind it.

After each poll :meth:`Alerter.check` diffs the store's events with the values last alerted on
(:mod:`launchwatch.alerts.diff`), records one alert per change (:mod:`launchwatch.alerts.ledger`)
and :meth:`Alerter.deliver` POSTs each to every webhook, retrying with backoff. The same alerts
make the Atom feed (:mod:`launchwatch.alerts.atom`).

The webhook payload (``schema`` ``launchwatch.alert/1``), one JSON object per POST::

    {"schema": "launchwatch.alert/1", "alert_id": 3, "kind": "new" | "changed",
     "event_id": "ev-2022-01-14-kp", "detected_at": "2022-01-14T01:20:00+00:00",
     "event": {"id": ..., "country": "KP", "date": "2022-01-14", "values": {...},
               "conflicts": {...}},
     "changes": {"designation": {"old": null, "new": "Hwasong-11"}, ...},
     "reports": [{"url": ..., "outlet": ..., "title": ..., "published": ...}, ...]}
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from launchwatch.alerts.diff import Change, changes, current_values
from launchwatch.alerts.ledger import AlertLedger, Delivery
from launchwatch.store import Store

PAYLOAD_SCHEMA = "launchwatch.alert/1"

Post = Callable[[str, bytes], int]
"""``(url, json body) -> HTTP status``; raises on a failed connection."""


@dataclass(frozen=True)
class AlertSettings:
    """Webhook targets and their retry policy (times in seconds).

    A delivery is tried ``1 + retries`` times at once (waiting ``backoff``, then twice that,
    ...); if all fail it waits for a later poll, backing off further, until ``max_attempts``.
    """

    webhooks: tuple[str, ...] = ()
    retries: int = 2
    backoff: float = 1.0
    max_backoff: float = 3600.0
    max_attempts: int = 10


@dataclass
class DeliveryCounts:
    """What one round of deliveries did."""

    delivered: int = 0
    retrying: int = 0
    failed: int = 0


class Alerter:
    """Finds changed events in ``store`` and delivers their alerts through ``post``.

    ``engine`` is the store's database; ``wait(seconds)`` sleeps between retries and returns
    True when the watcher is stopping (retries are then left for the next run).
    """

    def __init__(
        self,
        store: Store,
        engine: Engine,
        settings: AlertSettings,
        post: Post,
        wait: Callable[[float], bool],
    ) -> None:
        self.store = store
        self.engine = engine
        self.settings = settings
        self.ledger = AlertLedger(engine)
        self._post = post
        self._wait = wait

    def start(self) -> None:
        """On the very first start, take the events already stored as known (no alerts)."""
        if self.ledger.is_empty():
            self.ledger.set_known(current_values(self.engine))

    def check(self) -> list[int]:
        """Record an alert for each new or changed event; returns the new alerts' ids."""
        current = current_values(self.engine)
        known = self.ledger.known_values()
        recorded = []
        for change in changes(known, current):
            alert_id = self.ledger.record(change, self._payload(change), self.settings.webhooks)
            if alert_id is not None:
                recorded.append(alert_id)
        self.ledger.forget([event_id for event_id in known if event_id not in current])
        return recorded

    def deliver(self) -> DeliveryCounts:
        """Try every due delivery, with retries; record each attempt."""
        counts = DeliveryCounts()
        for delivery in self.ledger.due(datetime.now(UTC)):
            outcome = self._deliver_one(delivery)
            setattr(counts, outcome, getattr(counts, outcome) + 1)
        return counts

    def _deliver_one(self, delivery: Delivery) -> str:
        s = self.settings
        body = json.dumps(delivery.payload, ensure_ascii=False).encode("utf-8")
        attempts = delivery.attempts
        for inline in range(s.retries + 1):
            error = self._attempt(delivery.target, body)
            attempts += 1
            if error is None:
                self.ledger.attempted(delivery.id, None, None)
                return "delivered"
            if attempts >= s.max_attempts:
                self.ledger.attempted(delivery.id, error, None)
                return "failed"
            delay = min(s.backoff * 2 ** (attempts - 1), s.max_backoff)
            self.ledger.attempted(delivery.id, error, timedelta(seconds=delay))
            if inline == s.retries or self._wait(delay):
                break
        return "retrying"

    def _attempt(self, target: str, body: bytes) -> str | None:
        """None when the webhook took the alert (2xx), else what went wrong."""
        try:
            status = self._post(target, body)
        except Exception as exc:  # a webhook failure is recorded, never fatal
            return f"{type(exc).__name__}: {exc}"
        return None if 200 <= status < 300 else f"HTTP {status}"

    def _payload(self, change: Change) -> dict[str, Any]:
        event = self.store.get_event(change.event_id) or {}
        return {
            "schema": PAYLOAD_SCHEMA,
            "alert_id": None,  # set when recorded
            "kind": change.kind,
            "event_id": change.event_id,
            "detected_at": datetime.now(UTC).isoformat(),
            "event": {
                key: event.get(key) for key in ("id", "country", "date", "values", "conflicts")
            },
            "changes": change.fields,
            "reports": event.get("articles", []),
        }


__all__ = ["PAYLOAD_SCHEMA", "AlertSettings", "Alerter", "Change", "DeliveryCounts", "changes"]
