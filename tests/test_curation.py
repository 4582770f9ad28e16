"""Analyst curation: merges, splits and corrected values, kept beside the machine's result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from launchwatch.cli import main
from launchwatch.events import group_reports
from launchwatch.events.curation import Curation, CurationError, parse_value
from launchwatch.store import open_store
from tests.test_resolve import report


def test_a_merge_puts_two_launches_together_and_a_split_takes_a_report_out() -> None:
    # A morning and an evening report: the machine keeps them apart (times 3 h or more apart).
    kcna = report("https://kcna.example/a", time_local="07:10")
    jcs = report("https://jcs.example/b", time_local="18:30")
    other = report("https://c.example/c", time_local="07:15")
    assert len(group_reports([kcna, jcs, other])) == 2
    merge = Curation(1, "together", kcna.key, other=jcs.key, note="the 18:30 is a UTC typo")
    (merged,) = group_reports([kcna, jcs, other], curations=[merge])
    assert sorted(merged.report_ids) == sorted([kcna.report_id, jcs.report_id, other.report_id])
    split = Curation(2, "apart", other.key, note="a different launch that day")
    events = group_reports([kcna, jcs, other], curations=[merge, split])
    assert sorted(len(e.report_ids) for e in events) == [1, 2]


def test_a_corrected_value_wins_and_the_machines_value_stays_in_the_provenance() -> None:
    flash = report("https://a.example/flash", claims=(("range_km", 750.0, "jp_gov"),))
    fix = Curation(3, "value", flash.key, field="range_km", value=800.0, note="JCS revised")
    (event,) = group_reports([flash], curations=[fix])
    assert event.values["range_km"] == 800.0
    assert event.provenance["range_km"]["machine_value"] == 750.0
    assert event.provenance["range_km"]["rule"] == "analyst correction #3: JCS revised"
    # Without the curation (withdrawn), the machine's value is back.
    assert group_reports([flash])[0].values["range_km"] == 750.0


def test_dating_a_provisional_event_gives_it_its_day_and_keeps_the_machines_none() -> None:
    undated = report("page:undated", published=None, date=None, date_reason="unresolved: ...")
    fix = Curation(4, "value", undated.key, field="date", value="2021-09-15", note="CNS entry")
    (event,) = group_reports([undated], curations=[fix])
    assert (event.id, event.date, event.values["date"]) == ("ev-2021-09-15-kp", "2021-09-15",
                                                             "2021-09-15")  # fmt: skip
    assert event.provenance["date"]["machine_value"] is None


def test_curations_of_reports_that_are_gone_do_nothing() -> None:
    flash = report("https://a.example/flash")
    stale = [
        Curation(5, "apart", ("https://gone.example/x", 0), note="old"),
        Curation(6, "together", flash.key, other=("https://gone.example/y", 0), note="old"),
    ]
    assert [e.report_ids for e in group_reports([flash], curations=stale)] == [[flash.report_id]]


@pytest.mark.parametrize(
    ("field", "text", "value"),
    [
        ("missile_count", "3", 3),
        ("range_km", "750.5", 750.5),
        ("hypersonic", "yes", True),
        ("platform", "rail", "rail"),
        ("designation", "Hwasong-19", "Hwasong-19"),
        ("landing", "none", None),
        ("date", "2024-03-14", "2024-03-14"),
    ],
)
def test_values_are_read_as_their_field_takes_them(field: str, text: str, value: object) -> None:
    assert parse_value(field, text) == value


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("colour", "red", "unknown field"),
        ("missile_count", "two", "whole number"),
        ("date", "14/03/2024", "YYYY-MM-DD"),
        ("platform", "train", "one of rail"),
        ("country", "North Korea", "alpha-2"),
        ("date", "none", "cannot be cleared"),
    ],
)
def test_bad_values_are_refused_with_what_the_field_takes(
    field: str, text: str, message: str
) -> None:
    with pytest.raises(CurationError, match=message):
        parse_value(field, text)


# --- stored and applied through the command line, on SQLite and PostgreSQL -------------------

MORNING_EVENING = {
    "id": "day",
    "url": "https://news.example/day",
    "published": "2022-11-03",
    "text": "North Korea fired at least 23 missiles on Wednesday morning, the JCS said. In the "
    "evening, it fired another six short-range ballistic missiles into the East Sea.",
}
LATER = {
    "id": "later",
    "url": "https://news.example/later",
    "published": "2022-11-03",
    "text": "North Korea fired 23 missiles on Wednesday morning, Japan's defence ministry said. "
    "One flew 400 km, the ministry said.",
}


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.delenv("LAUNCHWATCH_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("LAUNCHWATCH_AUTHOR", "tester")
    return CliRunner()


def ingest(runner: CliRunner, db: str, tmp_path: Path, *items: dict[str, str]) -> None:
    path = tmp_path / f"batch-{len(list(tmp_path.iterdir()))}.jsonl"
    path.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    assert runner.invoke(main, ["ingest", "--db", db, str(path)]).exit_code == 0


def curate(runner: CliRunner, db: str, *args: str) -> Result:
    return runner.invoke(main, ["curate", args[0], "--db", db, *args[1:]])


def test_corrections_apply_survive_new_reports_and_can_be_withdrawn(
    runner: CliRunner, db_url: str, tmp_path: Path
) -> None:
    ingest(runner, db_url, tmp_path, MORNING_EVENING)
    morning, evening = "ev-2022-11-02-kp", "ev-2022-11-02-kp-2"
    fixed = curate(runner, db_url, "set", evening, "range_km", "600", "--note", "JCS, later")
    assert fixed.exit_code == 0, fixed.output
    merged = curate(runner, db_url, "merge", morning, evening, "--note", "one salvo after all")
    assert merged.output.strip() == f"curation 2: {evening} merged into {morning}"

    ingest(runner, db_url, tmp_path, LATER)  # a new report: corrections still apply
    with open_store(db_url) as store:
        (event,) = store.list_events()
        detail = store.get_event(event["id"])
    assert detail is not None
    assert detail["values"]["range_km"] == 600.0
    assert detail["provenance"]["range_km"]["machine_value"] == 400.0
    assert [(c["id"], c["author"]) for c in detail["curations"]] == [(1, "tester"), (2, "tester")]
    assert any("corrected by hand: #1" in h["reason"] for h in detail["history"])

    assert curate(runner, db_url, "withdraw", "2").exit_code == 0
    with open_store(db_url) as store:
        assert len(store.list_events()) == 2
    listed = json.loads(curate(runner, db_url, "list", "--json").output)
    assert [c["withdrawn_at"] is not None for c in listed] == [False, True]
    again = curate(runner, db_url, "withdraw", "2")
    assert again.exit_code == 1 and "no active curation 2" in again.output


def test_a_report_taken_out_stands_alone(runner: CliRunner, db_url: str, tmp_path: Path) -> None:
    ingest(runner, db_url, tmp_path, MORNING_EVENING, LATER)
    with open_store(db_url) as store:
        (joined,) = [e["id"] for e in store.list_events() if e["reports"] == 2]
    taken = curate(runner, db_url, "detach", joined, LATER["url"], "--note", "another launch")
    assert taken.exit_code == 0, taken.output
    with open_store(db_url) as store:
        assert sorted(e["reports"] for e in store.list_events()) == [1, 1, 1]
    missing = curate(runner, db_url, "detach", joined, "https://nowhere.example/", "--note", "x")
    assert missing.exit_code == 1 and "holds no report" in missing.output


def test_bad_corrections_are_refused_with_a_reason(
    runner: CliRunner, db_url: str, tmp_path: Path
) -> None:
    ingest(runner, db_url, tmp_path, MORNING_EVENING)
    event = "ev-2022-11-02-kp"
    bad_value = curate(runner, db_url, "set", event, "platform", "train", "--note", "x")
    assert bad_value.exit_code == 1 and "platform takes one of" in bad_value.output
    no_event = curate(runner, db_url, "set", "ev-1999-01-01-kp", "range_km", "5", "--note", "x")
    assert no_event.exit_code == 1 and "no event ev-1999-01-01-kp" in no_event.output
    no_note = curate(runner, db_url, "set", event, "range_km", "5")
    assert no_note.exit_code == 2 and "--note" in no_note.output


def test_the_api_and_the_event_page_show_corrections_escaped(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient
    from servefixture import DISPUTED_EVENT, build_db

    from launchwatch.serve import ServeSettings, create_app

    db = build_db(tmp_path / "serve.db")
    with open_store(str(db)) as store:
        note = "<script>alert(1)</script> per JCS"
        store.correct(DISPUTED_EVENT, "value", note, field="missile_count", value="4")
    with TestClient(create_app(str(db), ServeSettings())) as client:
        event = client.get(f"/api/events/{DISPUTED_EVENT}").json()
        page = client.get(f"/events/{DISPUTED_EVENT}").text
    assert event["values"]["missile_count"] == 4
    assert event["curations"][0]["note"] == "<script>alert(1)</script> per JCS"
    assert "Corrections by hand" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; per JCS" in page
    assert "<script>alert(1)" not in page


def test_corrections_over_the_api_need_the_write_token(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient
    from servefixture import DISPUTED_EVENT, build_db

    from launchwatch.serve import ServeSettings, create_app

    db = build_db(tmp_path / "serve.db")
    token = {"Authorization": "Bearer w-token"}
    body = {"kind": "value", "event_id": DISPUTED_EVENT, "field": "range_km", "value": 800,
            "note": "JCS revised figure", "author": "analyst one"}  # fmt: skip
    app = create_app(str(db), ServeSettings(write_token="w-token"))
    with TestClient(app) as client:
        assert client.post("/api/curations", json=body).status_code == 401
        made = client.post("/api/curations", json=body, headers=token)
        assert made.status_code == 201, made.text
        assert made.json() == {"id": 1, "event_id": DISPUTED_EVENT}
        assert client.get(f"/api/events/{DISPUTED_EVENT}").json()["values"]["range_km"] == 800.0
        bad = client.post("/api/curations", json={**body, "value": "far"}, headers=token)
        assert bad.status_code == 422 and "range_km takes a number" in bad.json()["detail"]
        gone = client.post(
            "/api/curations", json={**body, "event_id": "ev-1999-01-01-kp"}, headers=token
        )
        assert gone.status_code == 404 and "no event ev-1999-01-01-kp" in gone.json()["detail"]
        count = client.post(
            "/api/curations",
            json={**body, "field": "missile_count", "value": 3.0},
            headers=token,
        )
        assert count.status_code == 201, count.text
        authors = [c["author"] for c in client.get("/api/curations").json()]
        assert authors == ["analyst one", "analyst one"]
        assert client.delete("/api/curations/1", headers=token).json() == {"withdrawn": 1}
        assert client.delete("/api/curations/1", headers=token).status_code == 404
        machine = client.get(f"/api/events/{DISPUTED_EVENT}").json()["values"]["range_km"]
        assert machine != 800.0


def test_corrections_that_would_do_nothing_or_harm_are_refused(tmp_path: Path) -> None:
    db = str(tmp_path / "refusals.db")
    runner = CliRunner()
    ingest(runner, db, tmp_path, MORNING_EVENING, LATER)
    with open_store(db) as store:
        by_count = {e["reports"]: e["id"] for e in store.list_events()}
        joined, alone = by_count[2], by_count[1]
        with pytest.raises(CurationError, match="cannot be merged with itself"):
            store.correct(joined, "together", "same", other_event_id=joined)
        with pytest.raises(CurationError, match="nothing to split"):
            store.correct(alone, "apart", "only one", url=MORNING_EVENING["url"], position=1)
        store.correct(alone, "value", "state media", field="country", value="KR")
        with pytest.raises(CurationError, match="launches of two states"):
            store.correct(joined, "together", "one launch", other_event_id=alone)
        fixed = store.correct(joined, "value", "JCS", field="range_km", value="410")
        anchor = store.list_curations()[-1]["report"]
        with pytest.raises(CurationError, match=f"corrections #{fixed['id']} are anchored"):
            store.correct(
                fixed["event_id"], "apart", "no", url=anchor["url"], position=anchor["position"]
            )
        assert [c["id"] for c in store.list_curations()] == [1, 2]  # nothing refused was stored
