"""Analyst curation: corrections a person makes to the machine's events, kept beside them.

The machine's grouping and values are never edited in place: a curation is stored on its own
(``store.curations``) and applied each time events are resolved, so the machine's result stays
visible next to the correction, and a withdrawn curation simply stops applying. Curations are
anchored to reports (article url and position), not to event ids, so they follow their launch
when its id or date changes. The kinds:

- ``together``: the launch of one report and the launch of another are one launch (a merge);
- ``apart``: a report does not belong with the launch it was grouped into; it stands alone (a
  split);
- ``value``: the launch holding the report has this value for a field, whatever its reports
  say (the machine's value is kept in the event's provenance).

Groupings apply in the order they were made, after the clustering rules; values apply after
resolution, the latest curation of a field winning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from launchwatch.events.cluster import Cluster, Profile
from launchwatch.events.model import Event

KINDS = ("together", "apart", "value")
# The fields a curation may set, with how their value is written.
CATEGORIES = ("ballistic", "cruise", "space_launch", "unknown")
RANGE_CLASSES = ("SRBM", "MRBM", "IRBM", "ICBM")
PLATFORMS = ("rail", "road_mobile", "submarine", "ship", "silo", "aircraft")
CURATED_FIELDS = (
    "date", "country", "missile_count", "category", "range_class", "hypersonic", "designation",
    "platform", "launch_area", "range_km", "apogee_km", "landing", "time_local",
)  # fmt: skip

ReportKey = tuple[str, int]


@dataclass(frozen=True)
class Curation:
    """One correction: its kind, the report it is anchored to, and what it says."""

    id: int
    kind: str
    report: ReportKey
    other: ReportKey | None = None  # together: the report whose launch is the same
    field: str | None = None  # value: the field set
    value: Any = None
    note: str = ""
    author: str | None = None


class CurationError(ValueError):
    """A curation that cannot be made: an unknown field, a value of the wrong kind."""


class UnknownEvent(CurationError):
    """A curation of an event id that names no event."""


def parse_value(field: str, text: str) -> Any:
    """The value of ``field`` written as ``text`` ("none" clears it); raises CurationError."""
    if field not in CURATED_FIELDS:
        raise CurationError(f"unknown field {field!r}; one of: {', '.join(CURATED_FIELDS)}")
    raw = text.strip()
    if raw.lower() in ("none", "null", ""):
        if field in ("date", "country", "category", "hypersonic"):
            raise CurationError(f"{field} cannot be cleared")
        return None
    try:
        if field == "date":
            return date.fromisoformat(raw).isoformat()
        if field == "missile_count":
            count = int(raw)
            if count < 0:
                raise ValueError
            return count
        if field in ("range_km", "apogee_km"):
            number = float(raw)
            if number < 0:
                raise ValueError
            return number
    except ValueError as exc:
        raise CurationError(f"{field} takes a {_kind_of(field)}, not {raw!r}") from exc
    if field == "hypersonic":
        if raw.lower() not in ("true", "false", "yes", "no"):
            raise CurationError(f"hypersonic takes true or false, not {raw!r}")
        return raw.lower() in ("true", "yes")
    choices = {"category": CATEGORIES, "range_class": RANGE_CLASSES, "platform": PLATFORMS}
    if field in choices and raw not in choices[field]:
        raise CurationError(f"{field} takes one of {', '.join(choices[field])}, not {raw!r}")
    if field == "country" and not re.fullmatch(r"[A-Z]{2}", raw):
        raise CurationError(f"country takes an ISO 3166 alpha-2 code (KP, KR, ...), not {raw!r}")
    if field == "time_local" and not re.fullmatch(r"(?:[01]\d|2[0-3]):[0-5]\d", raw):
        raise CurationError(f"time_local takes HH:MM, not {raw!r}")
    return raw


def _kind_of(field: str) -> str:
    return {"date": "YYYY-MM-DD date", "missile_count": "whole number"}.get(field, "number")


def apply_groupings(clusters: list[Cluster], curations: Sequence[Curation]) -> list[Cluster]:
    """The clusters with the ``together`` and ``apart`` curations applied, in order.

    A curation whose reports are not (or no longer) current does nothing; nor does a merge of
    launches of two states (``Store.correct`` refuses to make one; a corrected state counts).
    """
    clusters = list(clusters)
    for curation in curations:
        holder = _holder(clusters, curation.report)
        if holder is None:
            continue
        if curation.kind == "apart" and len(holder.reports) > 1:
            report = next(r for r in holder.reports if r.key == curation.report)
            rest = [r for r in holder.reports if r is not report]
            holder.reports, holder.profile = [], Profile()
            for r in rest:
                holder.add(r)
            alone = Cluster(report.country, report.date)
            alone.add(report)
            clusters.append(alone)
        elif curation.kind == "together" and curation.other is not None:
            other = _holder(clusters, curation.other)
            if other is None or other is holder or other.country != holder.country:
                continue
            holder.absorb(other)
            clusters.remove(other)
    return clusters


def apply_values(event: Event, report_keys: set[ReportKey], curations: Sequence[Curation]) -> None:
    """Set the event's values that ``value`` curations anchored to its reports correct (the
    caller keeps ``event.date`` and ``event.country`` in step with them).

    The machine's value stays in ``event.provenance[field]["machine_value"]``; the rule names
    the curation and its note.
    """
    for curation in curations:
        if curation.kind != "value" or curation.report not in report_keys:
            continue
        name = curation.field
        assert name is not None
        machine = event.values.get(name)
        event.values[name] = curation.value
        event.provenance[name] = {
            "value": curation.value,
            "source": "analyst correction",
            "curation_id": curation.id,
            "author": curation.author,
            "note": curation.note,
            "machine_value": machine,
            "rule": f"analyst correction #{curation.id}: {curation.note}",
        }


def _holder(clusters: list[Cluster], key: ReportKey) -> Cluster | None:
    return next((c for c in clusters if any(r.key == key for r in c.reports)), None)
