"""From stored reports to events: cluster, keep each event's id, resolve its values.

``group_reports`` is a pure function: ``events.cluster`` decides which reports belong together,
``events.resolve`` decides each field's value, ``events.curation`` applies analysts' corrections,
and this module gives each cluster its id.

Ids stay stable across re-resolution. A new cluster takes the id of the earlier event it shares
the most reports with (reports are named by article url and position, so a new version of an
article still counts as the same report); failing that, the id of an earlier event of the same
state and date that no other cluster took. Otherwise it gets a new id: ``ev-<date>-<country>``
(with ``-2``, ``-3``... when taken), or ``ev-undated-<country>-<hash>`` for a provisional event
without a date, the hash naming its first report.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from launchwatch.events.cluster import Cluster, cluster_reports, earliest_first
from launchwatch.events.curation import Curation, apply_groupings, apply_values
from launchwatch.events.model import Event, StoredLaunchReport
from launchwatch.events.places import locate
from launchwatch.events.resolve import resolve
from launchwatch.events.wire import families


@dataclass(frozen=True)
class PreviousEvent:
    """What an earlier run stored for an event: its id, state, date and reports' names."""

    id: str
    country: str | None
    date: str | None
    report_keys: frozenset[tuple[str, int]]


def group_reports(
    reports: Iterable[StoredLaunchReport],
    previous: Sequence[PreviousEvent] = (),
    curations: Sequence[Curation] = (),
) -> list[Event]:
    """The events of the reports, dated ones by date, then provisional ones (date None).

    ``curations`` (``events.curation``) are applied in their order: a corrected date or state
    first (so that merges compare corrected states, and a new event's id names its corrected
    day; an event that had an id keeps it), then merges and splits, then values after
    resolution.
    """
    clusters = cluster_reports(reports)
    machine_days = {id(c): (c.country, c.date) for c in clusters}
    for cluster in clusters:
        _correct_day(cluster, curations)
    clusters = apply_groupings(clusters, curations)
    for cluster in clusters:  # the clusters a split made
        if id(cluster) not in machine_days:
            machine_days[id(cluster)] = (cluster.country, cluster.date)
            _correct_day(cluster, curations)
    ids = _assign_ids(clusters, previous)
    return [
        _event(event_id, cluster, curations, machine_days[id(cluster)])
        for event_id, cluster in zip(ids, clusters, strict=True)
    ]


def _correct_day(cluster: Cluster, curations: Sequence[Curation]) -> None:
    """A corrected date or state becomes the cluster's (``apply_values`` records it)."""
    keys = {r.key for r in cluster.reports}
    for curation in curations:
        if curation.kind == "value" and curation.report in keys:
            if curation.field == "date":
                cluster.date = curation.value
            elif curation.field == "country":
                cluster.country = curation.value


def _event(
    event_id: str,
    cluster: Cluster,
    curations: Sequence[Curation],
    machine_day: tuple[str | None, str | None],
) -> Event:
    """The cluster's event; ``machine_day`` is its state and date before any correction."""
    ordered = sorted(cluster.reports, key=earliest_first)
    family_of = families([r.fingerprint or frozenset({r.report_id}) for r in ordered])
    resolution = resolve(ordered, family_of)
    country, day = machine_day
    event = Event(
        id=event_id,
        country=country,
        date=day,
        values={"country": country, "date": day, **resolution.values},
        conflicts=resolution.conflicts,
        provenance=resolution.provenance,
        confirmation=resolution.confirmation,
        report_ids=[r.report_id for r in ordered],
        families={
            r.report_id: ordered[f].report_id for r, f in zip(ordered, family_of, strict=True)
        },
    )
    apply_values(event, {r.key for r in ordered}, curations)
    event.country, event.date = event.values["country"], event.values["date"]
    site = locate(event.values.get("launch_area"))
    event.place = site.to_json() if site else None
    return event


def _assign_ids(clusters: Sequence[Cluster], previous: Sequence[PreviousEvent]) -> list[str]:
    """Stable ids: most shared reports first, then (country, date), then a new id."""
    owner = {key: p.id for p in previous for key in p.report_keys}
    by_day = {(p.country, p.date): p.id for p in previous if p.date is not None}
    overlaps = []
    for n, cluster in enumerate(clusters):
        shared = Counter(owner[r.key] for r in cluster.reports if r.key in owner)
        overlaps += [(-count, n, old_id) for old_id, count in shared.items()]
    ids: list[str | None] = [None] * len(clusters)
    taken: set[str] = set()
    for _, n, old_id in sorted(overlaps):
        if ids[n] is None and old_id not in taken:
            ids[n] = old_id
            taken.add(old_id)
    for n, cluster in enumerate(clusters):
        old_id = by_day.get((cluster.country, cluster.date))
        if ids[n] is None and old_id is not None and old_id not in taken:
            ids[n] = old_id
            taken.add(old_id)
    taken |= {p.id for p in previous}
    for n, cluster in enumerate(clusters):
        if ids[n] is None:
            ids[n] = _free_id(_base_id(cluster), taken)
            taken.add(ids[n])
    return [i for i in ids if i is not None]


def _base_id(cluster: Cluster) -> str:
    slug = re.sub(r"[^a-z0-9-]+", "", (cluster.country or "unknown").lower()) or "unknown"
    if cluster.date is None:
        first = min(cluster.reports, key=earliest_first).key
        digest = hashlib.sha1(f"{first[0]}#{first[1]}".encode()).hexdigest()[:8]
        return f"ev-undated-{slug}-{digest}"
    return f"ev-{re.sub(r'[^0-9a-zA-Z-]+', '', cluster.date)}-{slug}"


def _free_id(base: str, taken: set[str]) -> str:
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate
