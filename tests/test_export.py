"""Exports parse back: JSON, CSV, GeoJSON and XLSX, per event and per missile (CNS layout)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from launchwatch.events.commands import export
from launchwatch.events.export import CNS_COLUMNS, EVENT_COLUMNS, write

EVENTS = [
    {
        "id": "ev-2024-03-14-kp",
        "country": "KP",
        "date": "2024-03-14",
        "date_status": "resolved",
        "confirmation": "confirmed",
        "values": {"missile_count": 2, "category": "ballistic", "designation": "Hwasong-11",
                   "launch_area": "Sunan", "range_km": 750.0, "sources": ["kcna", "jcs"]},
        "conflicts": {},
        "conflict_notes": ["range_km: 750 per jp_gov | 800 per kcna"],
        "place": {"name": "Sunan", "lat": 39.22, "lon": 125.67},
        "stories": 2,
        "reports": [{"url": "https://a.example/1", "outlet": "A", "published": "2024-03-14"},
                    {"url": "https://b.example/2", "outlet": None, "published": None}],
    },
    {
        "id": "ev-undated-kp-1234abcd",
        "country": "KP",
        "date": None,
        "date_status": "date unresolved",
        "confirmation": "unattributed",
        "values": {"platform": "rail", "missile_count": None, "sources": []},
        "conflicts": {},
        "conflict_notes": [],
        "place": None,
        "stories": 1,
        "reports": [{"url": "seed:x", "outlet": None, "published": None}],
    },
]  # fmt: skip


def test_json_keeps_each_event_whole() -> None:
    out = io.StringIO()
    write(EVENTS, "json", out)
    data = json.loads(out.getvalue())
    assert [(e["date"], e["country"]) for e in data] == [("2024-03-14", "KP"), (None, "KP")]
    assert [r["url"] for r in data[0]["reports"]] == ["https://a.example/1", "https://b.example/2"]


def test_csv_has_one_row_per_event_and_cns_one_per_missile() -> None:
    out = io.StringIO()
    write(EVENTS, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == list(EVENT_COLUMNS)
    assert (rows[0]["range_km"], rows[0]["urls"]) == (
        "750.0",
        "https://a.example/1; https://b.example/2",
    )
    assert rows[0]["conflicts"] == "range_km: 750 per jp_gov | 800 per kcna"

    out = io.StringIO()
    write(EVENTS, "csv", out, layout="cns")
    cns = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["F1"], r["Missile"], r["Event ID"]) for r in cns] == [
        ("1", "1 of 2", "ev-2024-03-14-kp"),
        ("2", "2 of 2", "ev-2024-03-14-kp"),
        ("3", "1 of ?", "ev-undated-kp-1234abcd"),
    ]


def test_geojson_places_known_launch_areas_and_leaves_the_rest_without_geometry() -> None:
    out = io.StringIO()
    write(EVENTS, "geojson", out)
    features = json.loads(out.getvalue())["features"]
    assert features[0]["geometry"] == {"type": "Point", "coordinates": [125.67, 39.22]}
    assert features[1]["geometry"] is None
    assert features[0]["properties"]["id"] == "ev-2024-03-14-kp"


def test_xlsx_reads_back_with_openpyxl() -> None:
    out = io.BytesIO()
    write(EVENTS, "xlsx", out, layout="cns")
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    values = list(sheet.values)
    assert values[0] == CNS_COLUMNS
    assert values[1][:4] == (1, "2024-03-14", "ev-2024-03-14-kp", "1 of 2")


def test_the_export_command_reads_the_store(tmp_path: Path, db_url: str) -> None:
    from launchwatch.pipeline import ingest_paths

    examples = Path(__file__).parents[1] / "src" / "launchwatch" / "examples"
    ingest_paths([examples], db_url)
    result = CliRunner().invoke(export, ["--db", db_url, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data and all({"date", "country", "reports"} <= set(e) for e in data)

    target = tmp_path / "events.xlsx"
    result = CliRunner().invoke(export, ["--db", db_url, "--format", "xlsx", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert next(iter(load_workbook(target).active.values)) == EVENT_COLUMNS


EVIL = '=HYPERLINK("http://evil.example","x")'


def hostile_event() -> dict:
    """An event whose page-sourced text is spreadsheet formulas (and one negative number)."""
    event = json.loads(json.dumps(EVENTS[0]))
    event["values"].update(launch_area=EVIL, designation="+1+1", landing="@SUM(A1)", apogee_km=-5.0)
    event["place"] = None
    event["reports"] = [{"url": "-2+3", "outlet": EVIL, "published": None, "title": EVIL}]
    return event


def test_csv_writes_formula_text_inert() -> None:
    out = io.StringIO()
    write([hostile_event()], "csv", out)
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert row["launch_area"] == "'" + EVIL
    assert row["outlets"] == "'" + EVIL
    assert (row["designation"], row["landing"], row["urls"]) == ("'+1+1", "'@SUM(A1)", "'-2+3")
    assert row["apogee_km"] == "-5.0"  # a number, not text: left alone
    assert row["id"] == "ev-2024-03-14-kp"

    out = io.StringIO()
    write([hostile_event()], "csv", out, layout="cns")
    cns = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert cns["Facility Name"] == "'" + EVIL and cns["Source(s)"] == "'-2+3"


def test_xlsx_writes_formula_text_as_text_cells() -> None:
    for layout, column in (("events", "launch_area"), ("cns", "Facility Name")):
        out = io.BytesIO()
        write([hostile_event()], "xlsx", out, layout=layout)
        sheet = load_workbook(io.BytesIO(out.getvalue())).active
        header, cells = [c.value for c in sheet[1]], sheet[2]
        assert all(cell.data_type != "f" for cell in cells)
        by_name = dict(zip(header, cells, strict=True))
        assert by_name[column].value == "'" + EVIL and by_name[column].data_type == "s"
        if layout == "events":
            assert by_name["outlets"].value == "'" + EVIL
            assert by_name["apogee_km"].value == -5.0 and by_name["apogee_km"].data_type == "n"


def test_json_and_geojson_keep_the_text_as_it_is() -> None:
    out = io.StringIO()
    write([hostile_event()], "geojson", out)
    properties = json.loads(out.getvalue())["features"][0]["properties"]
    assert properties["launch_area"] == EVIL and properties["outlets"] == EVIL


@pytest.mark.parametrize("since", ["notadate", "2024-02-30", "14/03/2024", "2024-3"])
def test_export_refuses_a_since_that_is_not_a_date(tmp_path: Path, since: str) -> None:
    db = tmp_path / "never-created.db"
    result = CliRunner().invoke(export, ["--db", str(db), "--since", since])
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--since'" in result.output
    assert "%Y-%m-%d" in result.output
    assert not db.exists()  # refused before the store is opened


def test_export_since_keeps_later_and_undated_events(tmp_path: Path) -> None:
    from servefixture import DISPUTED_EVENT, HOSTILE_EVENT, build_db

    db = build_db(tmp_path / "fixture.db")
    result = CliRunner().invoke(export, ["--db", str(db), "--since", "2024-01-01"])
    assert result.exit_code == 0, result.output
    ids = {e["id"] for e in json.loads(result.output)}
    assert {DISPUTED_EVENT, HOSTILE_EVENT, "ev-2024-03-11-in"} <= ids
    assert all(e["date"] is None or e["date"] >= "2024-01-01" for e in json.loads(result.output))


def test_export_names_a_database_it_cannot_read(tmp_path: Path) -> None:
    (tmp_path / "dir.db").mkdir()
    result = CliRunner().invoke(export, ["--db", str(tmp_path / "dir.db")])
    assert result.exit_code == 1
    assert f"database {tmp_path / 'dir.db'}:" in result.output
