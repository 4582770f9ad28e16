"""Resolving one event's values from its reports' claims, by explicit per-field rules.

Every field is chosen from the claims of the event's reports (a report value without a claim
counts as an unattributed claim). The rules:

- **Source priority.** ``SOURCE_PRIORITY`` lists, per field, whose word counts first:

  - flight figures (``range_km``, ``apogee_km``, ``landing``, ``time_local``): the militaries
    that tracked the flight (South Korea's JCS, Japan's defence ministry) before state media;
  - type (``designation``, ``platform``, ``hypersonic``): the launching state's own account
    (KCNA, Rodong Sinmun), then the defence ministries;
  - classification and place (``category``, ``range_class``, ``launch_area``): the defence
    ministries, then state media;
  - ``missile_count``: the **latest** official statement (an official source of the latest
    report), whatever it says: counts firm up ("at least one" → "two"), and the latest figure is
    not always the largest. With no official count, the latest count of anyone.

  A claim credited to nobody comes after every named source.
- **Ties** within one priority go to the value stated by more independent stories (wire copies
  of one story count once, see ``events.wire``), then to the earliest report.
- **A singular never overrides a stated plural** from an official source: when the latest
  official count is one and an official source stated more, the latest such plural is chosen
  (a later "the missile" in a state media account does not undo the JCS's "two missiles").
- **Conflicts.** A field whose claims name more than one different thing is a conflict: every
  value is kept with its sources and reports, the chosen one first ("range_km: 750 per jp_gov |
  800 per kcna"). Numbers are compared to 0.1, type names by canonical name, launch areas by
  the gazetteer place they resolve to ("the eastern port city of Wonsan" is "Wonsan"),
  landings by the body of water and the EEZ verdict they name ("the Sea of Japan, or East Sea"
  is "east sea"; "outside Japan's EEZ" does not contradict "the East Sea"), other text
  case-insensitively.
- **Confirmation** (in the spirit of the CNS database): "confirmed" when two or more
  independent official sources (South Korea's, Japan's, the United States' governments, the
  launching state's media) name the launch; "reported" when one foreign government does;
  "state_media_only" when only the launching state's media do; "unattributed" when no
  official source is named (media and analysts only).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from launchwatch.events.cluster import earliest_first
from launchwatch.events.model import StoredLaunchReport
from launchwatch.events.places import canonical_type, locate, read_landing
from launchwatch.reports.model import SOURCES

_MILITARY_FIRST = ("jcs", "jp_gov", "kr_gov", "jp_coast_guard", "us_gov", "kcna", "rodong_sinmun")
_STATE_FIRST = ("kcna", "rodong_sinmun", "jcs", "kr_gov", "jp_gov", "us_gov", "jp_coast_guard")
_DEFENCE_FIRST = ("jcs", "kr_gov", "jp_gov", "us_gov", "kcna", "rodong_sinmun", "jp_coast_guard")
_REST = ("analyst", "other_media", "other")

SOURCE_PRIORITY: dict[str, tuple[str, ...]] = {
    "range_km": _MILITARY_FIRST + _REST,
    "apogee_km": _MILITARY_FIRST + _REST,
    "landing": _MILITARY_FIRST + _REST,
    "time_local": _MILITARY_FIRST + _REST,
    "designation": _STATE_FIRST + _REST,
    "platform": _STATE_FIRST + _REST,
    "hypersonic": _STATE_FIRST + _REST,
    "category": _DEFENCE_FIRST + _REST,
    "range_class": _DEFENCE_FIRST + _REST,
    "launch_area": _DEFENCE_FIRST + _REST,
}
LATEST_OFFICIAL: tuple[str, ...] = ("missile_count",)

# Which government each official source speaks for; "state" is the launching state's media.
OFFICIAL_BODY: dict[str, str] = {
    "jcs": "KR",
    "kr_gov": "KR",
    "jp_gov": "JP",
    "jp_coast_guard": "JP",
    "us_gov": "US",
    "kcna": "state",
    "rodong_sinmun": "state",
}

# Values a report holds when its article says nothing about the field.
UNSTATED: dict[str, Any] = {"category": "unknown", "hypersonic": False}

RESOLVED_FIELDS: tuple[str, ...] = (*SOURCE_PRIORITY, *LATEST_OFFICIAL)


@dataclass(frozen=True)
class Stated:
    """One stated value for a field, from one report (and claim, where there is one)."""

    value: Any
    source: str | None
    report: StoredLaunchReport
    family: int
    claim_id: int | None = None


@dataclass
class Resolution:
    """An event's resolved values, conflicts, the provenance of each value, and its status."""

    values: dict[str, Any]
    conflicts: dict[str, list[dict[str, Any]]]
    provenance: dict[str, dict[str, Any]]
    confirmation: str


def resolve(reports: Sequence[StoredLaunchReport], families: Sequence[int]) -> Resolution:
    """Resolve one event from its reports; ``families[i]`` is report i's wire family."""
    values: dict[str, Any] = {}
    conflicts: dict[str, list[dict[str, Any]]] = {}
    provenance: dict[str, dict[str, Any]] = {}
    for name in RESOLVED_FIELDS:
        stated = _stated(name, reports, families)
        if not stated:
            values[name] = UNSTATED.get(name)
            continue
        chosen, rule = _choose(name, stated)
        values[name] = chosen.value
        provenance[name] = {
            "value": chosen.value,
            "source": chosen.source,
            "report_id": chosen.report.report_id,
            "claim_id": chosen.claim_id,
            "rule": rule,
        }
        distinct = _distinct(name, stated, chosen)
        if len(distinct) > 1:
            conflicts[name] = distinct
    sources = _union_sources(reports)
    values["sources"] = sources
    return Resolution(values, conflicts, provenance, confirmation(sources))


def confirmation(sources: Sequence[str]) -> str:
    """The confirmation status named by the sources (rules in the module docstring)."""
    bodies = {OFFICIAL_BODY[s] for s in sources if s in OFFICIAL_BODY}
    if len(bodies) >= 2:
        return "confirmed"
    if bodies == {"state"}:
        return "state_media_only"
    return "reported" if bodies else "unattributed"


def conflict_note(name: str, entries: Sequence[dict[str, Any]]) -> str:
    """One line for a conflict: ``range_km: 750 per jp_gov | 800 per kcna, analyst``."""
    parts = [
        f"{_text(e['value'])} per {', '.join(e['sources']) or 'unattributed'}" for e in entries
    ]
    return f"{name}: " + " | ".join(parts)


def _stated(
    name: str, reports: Sequence[StoredLaunchReport], families: Sequence[int]
) -> list[Stated]:
    """Every stated value of the field: the claims, or the report's value where it has none."""
    unstated = UNSTATED.get(name)
    out: list[Stated] = []
    for report, family in zip(reports, families, strict=True):
        claimed = [c for c in report.claims if c.field == name and c.value not in (None, unstated)]
        if claimed:
            out += [Stated(c.value, c.source, report, family, c.claim_id) for c in claimed]
            continue
        value = report.time_local if name == "time_local" else report.values.get(name)
        if value not in (None, unstated):
            out.append(Stated(value, None, report, family))
    return out


def _choose(name: str, stated: list[Stated]) -> tuple[Stated, str]:
    if name in LATEST_OFFICIAL:
        official = [s for s in stated if s.source in OFFICIAL_BODY]
        pool = official or stated
        latest = max(pool, key=lambda s: earliest_first(s.report))
        plurals = [s for s in official if _is_number(s.value) and s.value > 1]
        if _is_number(latest.value) and latest.value == 1 and plurals:
            stated_plural = max(plurals, key=lambda s: earliest_first(s.report))
            return stated_plural, "latest official plural (a singular does not override it)"
        return latest, "latest official statement" if official else "latest statement"
    order = SOURCE_PRIORITY[name]
    rank = {source: n for n, source in enumerate(order)}

    def priority(s: Stated) -> int:
        return rank.get(s.source or "", len(order))

    top = min(priority(s) for s in stated)
    best = [s for s in stated if priority(s) == top]
    support = {
        k: len({s.family for s in best if _key(name, s.value) == k}) for k in _keys(name, best)
    }
    chosen = min(best, key=lambda s: (-support[_key(name, s.value)], earliest_first(s.report)))
    who = chosen.source or "unattributed"
    return chosen, f"source priority ({who})"


def _distinct(name: str, stated: list[Stated], chosen: Stated) -> list[dict[str, Any]]:
    """Each group of values that agree, with its sources and reports, the chosen value first.

    A value joins the first group whose values it agrees with (``agrees``), so "East Sea" and
    "outside Japan's EEZ" are one group, and "Yellow Sea" another.
    """
    groups: list[tuple[list[Any], dict[str, Any]]] = []
    for s in sorted(stated, key=lambda s: not agrees(name, s.value, chosen.value)):
        joined = next(
            (g for g in groups if all(agrees(name, s.value, v) for v in g[0])),
            None,
        )
        if joined is None:
            joined = ([], {"value": s.value, "sources": [], "reports": [], "stories": set()})
            groups.append(joined)
        members, entry = joined
        members.append(s.value)
        if s.source and s.source not in entry["sources"]:
            entry["sources"].append(s.source)
        if s.report.report_id not in entry["reports"]:
            entry["reports"].append(s.report.report_id)
        entry["stories"].add(s.family)
    return [{**e, "stories": len(e["stories"])} for _, e in groups]


def agrees(name: str, a: Any, b: Any) -> bool:
    """Whether two stated values of the field name the same thing (see "Conflicts" above)."""
    if name == "landing" and isinstance(a, str) and isinstance(b, str):
        return read_landing(a).agrees(read_landing(b))
    return _key(name, a) == _key(name, b)


def claim_differs(name: str, value: Any, conflicts: dict[str, list[dict[str, Any]]]) -> bool:
    """Whether a claimed value is one the resolved value disputes: the field is in conflict and
    the value does not agree with the chosen group's (a list, such as sources, never differs)."""
    if name not in conflicts or isinstance(value, list):
        return False
    return not agrees(name, value, conflicts[name][0]["value"])


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _keys(name: str, stated: list[Stated]) -> set[Any]:
    return {_key(name, s.value) for s in stated}


def _key(name: str, value: Any) -> Any:
    """What makes two values the same for the field."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return round(float(value), 1)
    if name == "designation":
        return canonical_type(str(value))
    if name == "launch_area" and isinstance(value, str) and (site := locate(value)):
        return ("place", site.name)
    if name == "landing" and isinstance(value, str):
        landing = read_landing(value)
        if landing.water or landing.eez:
            return ("landing", landing.water, landing.eez)
    if isinstance(value, str):
        return " ".join(value.lower().split())
    return repr(value)


def _union_sources(reports: Sequence[StoredLaunchReport]) -> list[str]:
    found = {s for r in reports for s in r.values.get("sources") or ()}
    return [s for s in SOURCES if s in found] + sorted(found.difference(SOURCES))


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
