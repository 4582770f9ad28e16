"""Launch areas and type names as resolution compares them: gazetteer places and canonical types.

The gazetteer is ``launchwatch/data/places.json`` (provinces, counties, cities and known launch
facilities with approximate public coordinates); the type names are
``launchwatch/data/designations.json``. Both are read through ``reports.vocab``, so extraction
and resolution share one vocabulary.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from launchwatch.reports.vocab import missile_types, places

# The more specific kinds of place win when a text names several ("Uiju, North Pyongan").
_SPECIFICITY: dict[str, int] = {"facility": 0, "airfield": 1, "district": 1, "area": 2}
_LEAST_SPECIFIC = {"province": 9}
# Two named places further apart than this are different launch sites.
SAME_SITE_KM = 60.0
# A place this close to a province's centre may lie in it (North Korea's provinces span ~250 km).
PROVINCE_REACH_KM = 130.0


@dataclass(frozen=True)
class Site:
    """A gazetteer entry: where a launch area resolves to on the map."""

    name: str
    kind: str
    country: str
    lat: float
    lon: float

    def to_json(self) -> dict[str, object]:
        """The entry as a JSON-ready dict."""
        return {"name": self.name, "kind": self.kind, "lat": self.lat, "lon": self.lon}


@lru_cache(maxsize=4096)
def locate(area: str | None) -> Site | None:
    """The most specific gazetteer entry named in ``area`` ("Uiju, North Pyongan" → Uiju)."""
    if not area:
        return None
    found = [p for p in places() if p.pattern.search(area)]
    if not found:
        return None
    best = min(found, key=lambda p: _SPECIFICITY.get(p.kind, _LEAST_SPECIFIC.get(p.kind, 3)))
    return Site(best.name, best.kind, best.country, best.lat, best.lon)


def distance_km(a: Site, b: Site) -> float:
    """Great-circle distance between two sites."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def same_site(a: str | None, b: str | None) -> bool | None:
    """Whether two stated launch areas are one site: None when either cannot be placed.

    Two provinces are one site only when they are the same province; a province and a place
    are one when the place lies within ``PROVINCE_REACH_KM`` of the province's centre; two
    specific places when they lie within ``SAME_SITE_KM`` of each other.
    """
    first, second = locate(a), locate(b)
    if first is None or second is None:
        return None
    if first.name == second.name:
        return True
    provinces = [first.kind, second.kind].count("province")
    if provinces == 2:
        return False
    reach = PROVINCE_REACH_KM if provinces else SAME_SITE_KM
    return distance_km(first, second) <= reach


@lru_cache(maxsize=1024)
def same_site_names(name: str) -> frozenset[str]:
    """The gazetteer places that ``same_site`` counts as one site with the place ``name``."""
    return frozenset(p.name for p in places() if same_site(name, p.name))


@lru_cache(maxsize=4096)
def canonical_type(designation: str | None) -> str | None:
    """The designation's canonical type name ("Hwasong 14" → "Hwasong-14"), else its words."""
    if not designation:
        return None
    for missile in missile_types():
        if missile.pattern.search(designation):
            return missile.name
    return re.sub(r"[^a-z0-9]+", "", designation.lower()) or None


# Named bodies of water as landings name them: (canonical name, pattern of its names). "The Sea
# of Japan, or East Sea" and "east sea" are one sea; the first body named in a landing counts.
WATERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rf"\b(?:{pattern})\b", re.I))
    for name, pattern in (
        ("East Sea", r"East\s+Sea|Sea\s+of\s+Japan|Japan\s+Sea"),
        ("Yellow Sea", r"Yellow\s+Sea|West\s+Sea"),
        ("Sea of Okhotsk", r"Sea\s+of\s+Okhotsk|Okhotsk\s+Sea"),
        ("Pacific Ocean", r"Pacific"),
        ("Indian Ocean", r"Indian\s+Ocean"),
        ("Arabian Sea", r"Arabian\s+Sea"),
        ("Bay of Bengal", r"Bay\s+of\s+Bengal"),
        ("Barents Sea", r"Barents\s+Sea"),
        ("White Sea", r"White\s+Sea"),
        ("Kwajalein Atoll", r"Kwajalein"),
    )
)
_EEZ = re.compile(r"exclusive\s+economic\s+zone|\bEEZ\b", re.I)
_OUTSIDE = re.compile(r"\b(?:outside|beyond|not\s+(?:in|inside|within))\b", re.I)


@dataclass(frozen=True)
class Landing:
    """What a stated landing names: a body of water and Japan's EEZ verdict, each if given."""

    water: str | None
    eez: str | None  # "inside" or "outside"

    def agrees(self, other: Landing) -> bool:
        """Whether two landings can be one: nothing named by both differs."""
        return all(
            a is None or b is None or a == b
            for a, b in ((self.water, other.water), (self.eez, other.eez))
        )


@lru_cache(maxsize=4096)
def read_landing(text: str) -> Landing:
    """The body of water (canonical name) and the EEZ verdict a landing's words name."""
    found = [(m.start(), name) for name, pattern in WATERS if (m := pattern.search(text))]
    water = min(found)[1] if found else None
    eez = None
    if m := _EEZ.search(text):
        eez = "outside" if _OUTSIDE.search(text[max(0, m.start() - 40) : m.start()]) else "inside"
    return Landing(water, eez)
