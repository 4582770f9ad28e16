"""Which events are new or changed since the values last alerted on: the one place alerts
learn what changed.

Today this compares the store's ``events`` table (id -> resolved values) with the values kept
in ``alert_state``; when the resolver records each event's history, this module is what reads
it instead. Comparing with the last alerted values (not only the previous poll) means a change
made while the watcher was down is still alerted once it is back.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select

from launchwatch.store.schema import events

Values = dict[str, Any]


@dataclass(frozen=True)
class Change:
    """One event's change: ``kind`` "new" or "changed", and per field its old and new value."""

    event_id: str
    kind: str
    values: Values
    fields: dict[str, dict[str, Any]]

    @property
    def change_hash(self) -> str:
        """Identifies the change (the values it leads to): the same change is alerted once."""
        canonical = json.dumps(self.values, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def current_values(engine: Engine) -> dict[str, Values]:
    """Every event in the store: id -> resolved values."""
    with engine.connect() as conn:
        return {
            row.id: row.resolved for row in conn.execute(select(events.c.id, events.c.resolved))
        }


def changes(known: Mapping[str, Values], current: Mapping[str, Values]) -> list[Change]:
    """The events of ``current`` that are not in ``known`` or whose values differ, by id."""
    found = []
    for event_id in sorted(current):
        values, before = current[event_id], known.get(event_id)
        if before == values:
            continue
        old = before or {}
        fields = {
            name: {"old": old.get(name), "new": values.get(name)}
            for name in sorted(set(old) | set(values))
            if old.get(name) != values.get(name)
        }
        found.append(Change(event_id, "new" if before is None else "changed", values, fields))
    return found
