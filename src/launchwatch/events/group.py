"""Group stored launch reports into events and resolve each event's values.

The rule for now (a richer resolver will replace it):

- Reports of one launching state on one local date form one event. Reports without a date
  form no event; ``unresolved_reports`` lists them.
- Each field takes its most frequent *stated* value. ``None`` is never a stated value, nor are
  the "nothing said" defaults of ``LaunchReport`` (``category`` "unknown", ``hypersonic`` False).
  Ties go to the value of the earliest report: earliest publication date, then the article the
  store saw first, then the lowest report id. A field nobody states keeps its default.
- ``sources`` is the union of all reports' sources, in the order of ``reports.model.SOURCES``.
- Every field with more than one distinct stated value is a conflict: all of them are kept,
  most frequent first.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from launchwatch.events.model import Event, StoredLaunchReport
from launchwatch.reports.model import EVENT_FIELDS, SOURCES

# Values a report holds when its article says nothing about the field.
UNSTATED: dict[str, Any] = {"category": "unknown", "hypersonic": False}

_RESOLVED_FIELDS = tuple(f for f in EVENT_FIELDS if f not in ("country", "date", "sources"))

EventKey = tuple[str | None, str]


def group_reports(
    reports: Iterable[StoredLaunchReport],
    existing_ids: Mapping[EventKey, str] | None = None,
) -> list[Event]:
    """Group dated reports by (country, local date) into events, ordered by date then id.

    ``existing_ids`` maps (country, date) to the id an earlier run gave that event, so ids stay
    stable; new events get ``ev-<date>-<country>`` with a numeric suffix when that id is taken.
    """
    existing_ids = dict(existing_ids or {})
    groups: dict[EventKey, list[StoredLaunchReport]] = {}
    for report in sorted(reports, key=earliest_first):
        if report.date is not None:
            groups.setdefault((report.country, report.date), []).append(report)

    taken = set(existing_ids.values())
    events = []
    for key in sorted(groups, key=lambda k: (k[1], k[0] or "")):
        event_id = existing_ids.get(key)
        if event_id is None:
            event_id = _free_id(_base_id(*key), taken)
            taken.add(event_id)
        events.append(_resolve(event_id, key, groups[key]))
    return events


def unresolved_reports(reports: Iterable[StoredLaunchReport]) -> list[StoredLaunchReport]:
    """The reports that form no event because their launch date is unresolved."""
    return [r for r in reports if r.date is None]


def earliest_first(report: StoredLaunchReport) -> tuple[str, str, int]:
    """Sort key for the tie rule: publication date, then first seen by the store, then id.

    Articles without a publication date count as the latest.
    """
    published = (report.published or "~")[:10]
    return (published, report.first_seen_at, report.report_id)


def _resolve(event_id: str, key: EventKey, reports: list[StoredLaunchReport]) -> Event:
    country, date = key
    values: dict[str, Any] = {"country": country, "date": date}
    conflicts: dict[str, list[Any]] = {}
    for name in _RESOLVED_FIELDS:
        unstated = UNSTATED.get(name)
        stated = [r.values.get(name) for r in reports]
        ranked = _rank([v for v in stated if v is not None and v != unstated])
        values[name] = ranked[0] if ranked else unstated
        if len(ranked) > 1:
            conflicts[name] = ranked
    values["sources"] = _union_sources(reports)
    return Event(
        id=event_id,
        country=country,
        date=date,
        values=values,
        conflicts=conflicts,
        report_ids=[r.report_id for r in reports],
    )


def _rank(values: list[Any]) -> list[Any]:
    """Distinct values, most frequent first; ties keep the order of first appearance."""
    counts = Counter(values)
    return sorted(counts, key=lambda v: -counts[v])


def _union_sources(reports: list[StoredLaunchReport]) -> list[str]:
    found = {s for r in reports for s in r.values.get("sources") or ()}
    known = [s for s in SOURCES if s in found]
    return known + sorted(found.difference(SOURCES))


def _base_id(country: str | None, date: str) -> str:
    slug = re.sub(r"[^a-z0-9-]+", "", (country or "unknown").lower()) or "unknown"
    return f"ev-{re.sub(r'[^0-9a-zA-Z-]+', '', date)}-{slug}"


def _free_id(base: str, taken: set[str]) -> str:
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate
