"""Exports of the resolved events: JSON, CSV, GeoJSON and XLSX, one row per event or per missile.

The input is ``Store.export_events()``. Two layouts:

- ``events``: one row per event with its resolved values, confirmation status, conflict notes,
  launch-area coordinates and its reports (urls, outlets, publication dates, ``; ``-separated
  in the flat formats). JSON keeps each event whole (``date``, ``country``, ``reports[].url``...).
- ``cns``: one row per missile, as the CNS North Korea Missile Test Database keeps it (an event
  of three missiles gives three rows; an unknown count gives one row), so the two can be
  compared line by line. Dates are local launch dates; CNS records UTC dates, often a day
  earlier.

GeoJSON gives one Point feature per row at the launch area's gazetteer coordinates, or a null
geometry when the place is unknown.

Text comes from untrusted pages, so in the spreadsheet formats (CSV, XLSX) a string that a
spreadsheet would take for a formula (starting with ``= + - @``, a tab or a carriage return) is
written with a leading ``'`` (OWASP's CSV injection advice), and XLSX cells are always written
as text, never formulas. JSON and GeoJSON keep the text as it is.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from typing import IO, Any

from launchwatch.events.resolve import RESOLVED_FIELDS

FORMATS: tuple[str, ...] = ("json", "csv", "geojson", "xlsx")
LAYOUTS: tuple[str, ...] = ("events", "cns")

EVENT_COLUMNS: tuple[str, ...] = (
    "id",
    "date",
    "date_status",
    "country",
    "confirmation",
    "missile_count",
    "category",
    "range_class",
    "hypersonic",
    "designation",
    "platform",
    "launch_area",
    "place",
    "lat",
    "lon",
    "time_local",
    "range_km",
    "apogee_km",
    "landing",
    "sources",
    "conflicts",
    "stories",
    "reports",
    "urls",
    "outlets",
    "published",
)

CNS_COLUMNS: tuple[str, ...] = (
    "F1",
    "Date (local)",
    "Event ID",
    "Missile",
    "Launch Time (local)",
    "Missile Name",
    "Missile Type",
    "Facility Name",
    "Facility Latitude",
    "Facility Longitude",
    "Landing Location",
    "Apogee (km)",
    "Distance Travelled (km)",
    "Confirmation Status",
    "Additional Information",
    "Source(s)",
)


def rows(events: Sequence[dict[str, Any]], layout: str = "events") -> list[dict[str, Any]]:
    """The flat rows of a layout: one per event, or (``cns``) one per missile."""
    flat = [_event_row(e) for e in events]
    if layout == "events":
        return flat
    if layout != "cns":
        raise ValueError(f"unknown layout {layout!r}; choose from {', '.join(LAYOUTS)}")
    out: list[dict[str, Any]] = []
    for row in flat:
        count = row["missile_count"]
        for n in range(1, (count if isinstance(count, int) and count > 0 else 1) + 1):
            out.append(_cns_row(len(out) + 1, n, row))
    return out


def write(events: Sequence[dict[str, Any]], fmt: str, out: IO[Any], layout: str = "events") -> None:
    """Write the events in ``fmt``; ``out`` is a text stream, or a binary one for xlsx."""
    if fmt == "json":
        data: Any = list(events) if layout == "events" else rows(events, layout)
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        _write_csv(rows(events, layout), _columns(layout), out)
    elif fmt == "geojson":
        out.write(json.dumps(geojson(rows(events, layout), layout), ensure_ascii=False) + "\n")
    elif fmt == "xlsx":
        _write_xlsx(rows(events, layout), _columns(layout), out)
    else:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


def geojson(flat: Sequence[dict[str, Any]], layout: str = "events") -> dict[str, Any]:
    """A FeatureCollection of the rows: a Point at (lon, lat), or no geometry when unknown."""
    lat, lon = ("lat", "lon") if layout == "events" else ("Facility Latitude", "Facility Longitude")
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": (
                    {"type": "Point", "coordinates": [row[lon], row[lat]]}
                    if row[lat] is not None and row[lon] is not None
                    else None
                ),
                "properties": row,
            }
            for row in flat
        ],
    }


def _columns(layout: str) -> tuple[str, ...]:
    return EVENT_COLUMNS if layout == "events" else CNS_COLUMNS


def _event_row(event: dict[str, Any]) -> dict[str, Any]:
    values = event["values"]
    place = event.get("place") or {}
    reports = event["reports"]
    return {
        "id": event["id"],
        "date": event["date"],
        "date_status": event["date_status"],
        "country": event["country"],
        "confirmation": event["confirmation"],
        **{name: values.get(name) for name in EVENT_COLUMNS if name in RESOLVED_FIELDS},
        "place": place.get("name"),
        "lat": place.get("lat"),
        "lon": place.get("lon"),
        "sources": "; ".join(values.get("sources") or []),
        "conflicts": "; ".join(event["conflict_notes"]),
        "stories": event["stories"],
        "reports": len(reports),
        "urls": "; ".join(r["url"] for r in reports),
        "outlets": "; ".join(r["outlet"] or "" for r in reports),
        "published": "; ".join(r["published"] or "" for r in reports),
    }


def _cns_row(number: int, missile: int, row: dict[str, Any]) -> dict[str, Any]:
    count = row["missile_count"]
    kind = row["range_class"] or (row["category"] if row["category"] != "unknown" else None)
    return {
        "F1": number,
        "Date (local)": row["date"],
        "Event ID": row["id"],
        "Missile": f"{missile} of {count if count else '?'}",
        "Launch Time (local)": row["time_local"],
        "Missile Name": row["designation"],
        "Missile Type": kind,
        "Facility Name": row["place"] or row["launch_area"],
        "Facility Latitude": row["lat"],
        "Facility Longitude": row["lon"],
        "Landing Location": row["landing"],
        "Apogee (km)": row["apogee_km"],
        "Distance Travelled (km)": row["range_km"],
        "Confirmation Status": row["confirmation"],
        "Additional Information": row["conflicts"],
        "Source(s)": row["urls"],
    }


# What makes a spreadsheet read a cell's text as a formula (OWASP, "CSV Injection").
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def inert(value: Any) -> Any:
    """``value``, with a ``'`` before a string a spreadsheet would run as a formula.

    Numbers (negative ones too) are not strings and stay as they are.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _write_csv(flat: list[dict[str, Any]], columns: Sequence[str], out: IO[str]) -> None:
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows({c: inert(row[c]) for c in columns} for row in flat)


def _write_xlsx(flat: list[dict[str, Any]], columns: Sequence[str], out: IO[bytes]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("events")
    sheet.append(list(columns))
    for row in flat:
        sheet.append([_xlsx_cell(sheet, inert(row[c])) for c in columns])
    book.save(out)


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    """A cell for ``value``: a string is always text (openpyxl makes ``=...`` a formula)."""
    from openpyxl.cell import WriteOnlyCell

    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"
    return cell
