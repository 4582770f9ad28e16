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
