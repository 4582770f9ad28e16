"""The map of launch areas as SVG drawn on the server, over a basemap shipped in the package.

The basemap is Natural Earth's 1:110m countries as TopoJSON (``static/countries-110m.json``,
from the npm package world-atlas; see ``static/LICENSE-world-atlas.txt``), decoded here, so the
map needs no tile server and works offline. Coordinates are projected with Web Mercator, so
that online tiles, when configured, line up with the basemap and the markers.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from launchwatch.events.places import locate
from launchwatch.serve.settings import tile_url

BASEMAP = Path(__file__).parent / "static" / "countries-110m.json"
WIDTH, HEIGHT = 960, 600
MIN_SPAN_DEG = 10.0  # the smallest area shown around the markers, in degrees of longitude
MAX_LAT = 85.0
TILE_SIZE = 256
MAX_TILES = 64

Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class Country:
    """One country of the basemap: its name, rings (lon, lat) and bounding box."""

    name: str
    rings: tuple[Ring, ...]
    bbox: tuple[float, float, float, float]  # west, south, east, north


@dataclass(frozen=True)
class Marker:
    """A launch or landing area on the map, with the events there."""

    x: float
    y: float
    r: float
    kind: str  # "launch" or "landing"
    label: str
    href: str


@dataclass(frozen=True)
class Tile:
    """One online map tile placed in the SVG."""

    href: str
    x: float
    y: float
    size: float


@dataclass
class MapView:
    """Everything the map template draws: country outlines, markers, lines, optional tiles."""

    width: int = WIDTH
    height: int = HEIGHT
    countries: list[tuple[str, str]] = field(default_factory=list)  # (name, SVG path data)
    markers: list[Marker] = field(default_factory=list)
    lines: list[tuple[float, float, float, float]] = field(default_factory=list)
    tiles: list[Tile] = field(default_factory=list)


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """The basemap's countries, decoded from TopoJSON (delta-encoded, quantized arcs)."""
    topo = json.loads(BASEMAP.read_text(encoding="utf-8"))
    (kx, ky), (dx, dy) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs: list[Ring] = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for qx, qy in arc:
            x, y = x + qx, y + qy
            points.append((x * kx + dx, y * ky + dy))
        arcs.append(points)

    def ring(indices: Sequence[int]) -> Ring:
        points: Ring = []
        for i in indices:
            arc = arcs[i] if i >= 0 else arcs[~i][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    out = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}
        rings = tuple(ring(r) for p in polygons.get(geometry["type"], []) for r in p)
        if not rings:
            continue
        lons = [lon for r in rings for lon, _ in r]
        lats = [lat for r in rings for _, lat in r]
        name = (geometry.get("properties") or {}).get("name", "")
        out.append(Country(name, rings, (min(lons), min(lats), max(lons), max(lats))))
    return tuple(out)


def mercator(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator in world units: x and y from 0 to 1, y growing southwards."""
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    phi = math.radians(lat)
    y = (1.0 - math.log(math.tan(phi) + 1.0 / math.cos(phi)) / math.pi) / 2
    return (lon + 180.0) / 360.0, y


def map_view(
    rows: Iterable[dict[str, object]],
    link: Callable[[str], str],
    tiles_url: str | None = None,
) -> MapView:
    """The map of ``rows`` (``Store.search_events`` rows): launch areas sized by their events.

    A landing area is drawn, with a line from its launch area, where the gazetteer knows it.
    ``link(place name)`` gives each marker's link (the event list filtered to the place).
    The view frames the markers (or the world when there are none); ``tiles_url`` adds tiles.
    """
    launches: dict[tuple[str, float, float], int] = {}
    landings: dict[tuple[str, float, float], int] = {}
    lines: set[tuple[tuple[float, float], tuple[float, float]]] = set()
    for row in rows:
        place = row.get("place")
        launch = (place["name"], place["lat"], place["lon"]) if isinstance(place, dict) else None
        if launch is not None:
            launches[launch] = launches.get(launch, 0) + 1
        site = locate(row["landing"]) if isinstance(row.get("landing"), str) else None
        if site is not None:
            landing = (site.name, site.lat, site.lon)
            landings[landing] = landings.get(landing, 0) + 1
            if launch is not None:
                lines.add(((launch[2], launch[1]), (site.lon, site.lat)))
    points = [(lon, lat) for _, lat, lon in [*launches, *landings]]
    project = _frame(points)
    view = MapView()
    view.countries = _outlines(project)
    for kind, found in (("launch", launches), ("landing", landings)):
        for (name, lat, lon), count in sorted(found.items()):
            x, y = project(lon, lat)
            plural = "launches" if kind == "launch" else "landings"
            label = f"{name}: {count} {kind if count == 1 else plural}"
            radius = 4 + 3 * math.sqrt(count)
            view.markers.append(Marker(x, y, radius, kind, label, link(name)))
    view.lines = [(*project(*a), *project(*b)) for a, b in sorted(lines)]
    if tiles_url:
        view.tiles = _tiles(project, tiles_url)
    return view


class _Projection:
    """Lon/lat to SVG pixels: Web Mercator scaled and shifted to frame the view."""

    def __init__(self, west: float, north: float, scale: float) -> None:
        self.origin = mercator(west, north)
        self.scale = scale

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = mercator(lon, lat)
        return (x - self.origin[0]) * self.scale, (y - self.origin[1]) * self.scale

    def lonlat(self, px: float, py: float) -> tuple[float, float]:
        """The inverse: SVG pixels to lon/lat."""
        x, y = px / self.scale + self.origin[0], py / self.scale + self.origin[1]
        lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y))))
        return x * 360.0 - 180.0, lat


def _frame(points: Sequence[tuple[float, float]]) -> _Projection:
    """A projection that shows every point with a margin, the world when there are none."""
    if not points:
        west, east, south, north = -180.0, 180.0, -60.0, MAX_LAT
    else:
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        pad = max(MIN_SPAN_DEG, (max(lons) - min(lons)) * 0.3, (max(lats) - min(lats)) * 0.3)
        west, east = max(-180.0, min(lons) - pad / 2), min(180.0, max(lons) + pad / 2)
        south, north = max(-MAX_LAT, min(lats) - pad / 2), min(MAX_LAT, max(lats) + pad / 2)
    (x0, y0), (x1, y1) = mercator(west, north), mercator(east, south)
    scale = min(WIDTH / (x1 - x0), HEIGHT / (y1 - y0))
    # Centre the framed area in the view.
    cx, cy = (x0 + x1) / 2 - WIDTH / scale / 2, (y0 + y1) / 2 - HEIGHT / scale / 2
    lon = cx * 360.0 - 180.0
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * cy))))
    return _Projection(lon, lat, scale)


def _outlines(project: _Projection) -> list[tuple[str, str]]:
    """SVG path data of the countries that fall in the view."""
    west, north = project.lonlat(0, 0)
    east, south = project.lonlat(WIDTH, HEIGHT)
    out = []
    for country in countries():
        w, s, e, n = country.bbox
        if e < west or w > east or n < south or s > north:
            continue
        parts = []
        for ring in country.rings:
            coords = [project(lon, lat) for lon, lat in ring]
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in coords) + "Z")
        out.append((country.name, "".join(parts)))
    return out


def _tiles(project: _Projection, template: str) -> list[Tile]:
    """The tiles of ``template`` covering the view, at the zoom closest to its scale."""
    zoom = max(0, min(18, round(math.log2(project.scale / TILE_SIZE))))
    count = 2**zoom
    size = project.scale / count
    ox, oy = project.origin
    first_x, first_y = math.floor(ox * count), math.floor(oy * count)
    last_x = math.floor((ox + WIDTH / project.scale) * count)
    last_y = math.floor((oy + HEIGHT / project.scale) * count)
    tiles = []
    for tx in range(first_x, last_x + 1):
        for ty in range(max(0, first_y), min(count - 1, last_y) + 1):
            href = tile_url(template, zoom, tx % count, ty)
            x, y = (tx / count - ox) * project.scale, (ty / count - oy) * project.scale
            tiles.append(Tile(href, x, y, size))
    return tiles[:MAX_TILES]


@lru_cache(maxsize=1)
def basemap_geojson() -> bytes:
    """The basemap's countries as GeoJSON for the browser's map (Leaflet), antimeridian mended.

    A ring that crosses the 180° meridian (Russia's Chukotka, Fiji) is unwrapped: each point is
    moved by whole turns to lie beside the one before it, so the ring is drawn east of 180°
    instead of as a band across the whole map. Antarctica, whose ring runs round the pole along
    the meridian, is left out (no launch site lies there). Coordinates are rounded to 0.01°.
    """
    features = []
    for country in countries():
        if country.name == "Antarctica":
            continue
        polygons = [[_unwrapped(ring)] for ring in country.rings]
        features.append(
            {
                "type": "Feature",
                "properties": {"name": country.name},
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, separators=(",", ":")).encode("utf-8")


def _unwrapped(ring: Ring) -> list[list[float]]:
    out: list[list[float]] = []
    shift = 0.0
    previous: float | None = None
    for lon, lat in ring:
        if previous is not None:
            if lon + shift - previous > 180:
                shift -= 360
            elif previous - (lon + shift) > 180:
                shift += 360
        previous = lon + shift
        out.append([round(lon + shift, 2), round(lat, 2)])
    return out


def map_sites(
    rows: Iterable[dict[str, object]], link: Callable[[str], str]
) -> dict[str, list[dict[str, object]]]:
    """What the browser's map draws for ``rows`` (``Store.search_events`` rows): one entry per
    launch or landing site (name, kind, lat, lon, events, the latest date, a link to the list
    filtered to it) and the launch→landing lines where both ends are placed. A landing the
    gazetteer places at the launch site itself ("waters off Wonsan") is no landing point."""
    sites: dict[tuple[str, str], dict[str, object]] = {}
    lines: set[tuple[float, float, float, float]] = set()

    def add(kind: str, name: str, lat: float, lon: float, day: object) -> None:
        site = sites.setdefault(
            (kind, name),
            {"name": name, "kind": kind, "lat": lat, "lon": lon, "events": 0, "last": None,
             "href": link(name)},
        )  # fmt: skip
        site["events"] = int(site["events"]) + 1  # type: ignore[call-overload]
        if isinstance(day, str) and (site["last"] is None or day > str(site["last"])):
            site["last"] = day

    for row in rows:
        place = row.get("place")
        launch = None
        if isinstance(place, dict):
            launch = (float(place["lat"]), float(place["lon"]))
            add("launch", str(place["name"]), *launch, row.get("date"))
        landing = locate(row["landing"]) if isinstance(row.get("landing"), str) else None
        if landing is not None and isinstance(place, dict) and landing.name == place["name"]:
            landing = None  # "the waters off Wonsan" from Wonsan: no landing point of its own
        if landing is not None:
            add("landing", landing.name, landing.lat, landing.lon, row.get("date"))
            if launch is not None:
                lines.add((*launch, landing.lat, landing.lon))
    return {"sites": list(sites.values()), "lines": [list(line) for line in sorted(lines)]}
