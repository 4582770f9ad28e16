"""The ingest and extract pipeline on real files and real databases (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select

from launchwatch.pipeline import IngestSummary, extract_jsonl, ingest_paths
from launchwatch.store import open_store
from launchwatch.store.location import database_url
from launchwatch.store.schema import article_versions

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
GOOD_REPORT = (
    "SEOUL, Oct. 21, 2025 — North Korea fired a short-range ballistic missile into the East Sea "
    "on Tuesday, South Korea’s Joint Chiefs of Staff said. It flew about 380 km."
)
KOREAN_REPORT = (
    "북한이 21일 오전 동해상으로 단거리 탄도미사일 2발을 발사했다고 합동참모본부가 밝혔다. "
    "미사일은 약 380km를 비행했다."
)


class Recorder:
    """Collects the echo and error lines a pipeline function reports."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, message: str) -> None:
        self.lines.append(message)


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    """A copy of the fixture reports that a test may change."""
    return Path(shutil.copytree(FIXTURES, tmp_path / "reports"))


def ingest(paths: list[Path], db: str | Path) -> tuple[IngestSummary, list[str]]:
    errors = Recorder()
    summary = ingest_paths(paths, str(db), echo=None, error=errors)
    return summary, errors.lines


def counts(db: str | Path) -> dict[str, int]:
    with open_store(str(db)) as store:
        return store.counts()


def event_ids(db: str) -> list[str]:
    with open_store(db) as store:
        return [row["id"] for row in store.list_events()]


def test_ingest_directory(reports: Path, db_url: str) -> None:
    echoed, errors = Recorder(), Recorder()
    summary = ingest_paths([reports], db_url, echo=echoed, error=errors)

    assert errors.lines == []
    assert (summary.read, summary.new, summary.new_version, summary.unchanged) == (4, 4, 0, 0)
    assert summary.failed == 0 and summary.ok
    assert summary.launch_reports >= 2  # the two wire reports of the same launch at least
    assert len(echoed.lines) == 4
    assert all(line.startswith(str(reports)) for line in echoed.lines)
    assert "04-analysis.txt: new, no launch report" in echoed.lines[-1]

    stored = counts(db_url)
    assert stored["articles"] == stored["article_versions"] == 4
    assert stored["reports"] == summary.launch_reports
    assert summary.events == stored["events"] == len(event_ids(db_url))
    # JCS in Seoul and the defence ministry in Tokyo report the same launch: one event.
    assert "ev-2025-10-21-kp" in event_ids(db_url)
    with open_store(db_url) as store:
        event = store.get_event("ev-2025-10-21-kp")
    assert event is not None and len(event["articles"]) >= 2

    line = summary.describe()
    assert "\n" not in line
    assert line.startswith("4 articles read: 4 new, 0 new versions, 0 unchanged, 0 failed;")


def test_second_ingest_changes_nothing(reports: Path, db_url: str) -> None:
    first, _ = ingest([reports], db_url)
    before, events_before = counts(db_url), event_ids(db_url)
    again, errors = ingest([reports], db_url)
    assert errors == []
    assert (again.read, again.new, again.new_version, again.unchanged) == (4, 0, 0, 4)
    assert again.events == first.events
    assert counts(db_url) == before
    assert event_ids(db_url) == events_before


def test_changed_text_is_a_new_version(reports: Path, db_url: str) -> None:
    ingest([reports], db_url)
    before = counts(db_url)
    wire = reports / "01-jcs-wire.txt"
    wire.write_text(
        wire.read_text(encoding="utf-8").replace("about 380 kilometers", "about 390 kilometers"),
        encoding="utf-8",
    )
    summary, errors = ingest([reports], db_url)
    assert errors == []
    assert (summary.new, summary.new_version, summary.unchanged) == (0, 1, 3)
    after = counts(db_url)
    assert after["articles"] == before["articles"]
    assert after["article_versions"] == before["article_versions"] + 1
    with open_store(db_url) as store:
        event = store.get_event("ev-2025-10-21-kp")
    assert event is not None
    assert any(c["value"] == 390 for c in event["claims"].get("range_km", []))


def the_record(db: str) -> dict[str, Any]:
    """What a store holds, as its readers see it, less the times it was written at."""
    with open_store(db) as store:
        events = [store.get_event(row["id"]) for row in store.list_events()]
        memberships = store.event_memberships()  # in no particular order
        record = {
            "counts": store.counts(),
            "list": store.list_events(),
            "export": store.export_events(),
            "memberships": sorted((m["id"], sorted(m["urls"])) for m in memberships),
        }
    for event in events:
        del event["created_at"], event["updated_at"]
        for entry in event["history"]:
            del entry["at"]
    return {**record, "events": events}


def test_sqlite_and_postgres_hold_the_same_record(
    reports: Path, tmp_path: Path, postgres_url: str
) -> None:
    sqlite = str(tmp_path / "lw.db")
    for db in (sqlite, postgres_url):
        ingest([reports], db)
        (reports / "01-jcs-wire.txt").write_text(
            (FIXTURES / "01-jcs-wire.txt").read_text(encoding="utf-8").replace("380", "390"),
            encoding="utf-8",
        )  # a new version, and history, on both
        ingest([reports], db)
        shutil.copyfile(FIXTURES / "01-jcs-wire.txt", reports / "01-jcs-wire.txt")
    assert the_record(postgres_url) == the_record(sqlite)


def test_postgres_refuses_what_its_columns_cannot_hold_one_article_at_a_time(
    tmp_path: Path, postgres_url: str
) -> None:
    """NUL in a text and an over-long language: documented differences from SQLite."""
    lines = [
        {"id": "nul", "text": GOOD_REPORT.replace("fired", "fired\0")},
        {"id": "good", "text": GOOD_REPORT, "published": "2025-10-21"},
        {"id": "tag", "text": GOOD_REPORT, "language": "en-GB-oxendict-x-house-style"},
    ]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    summary, errors = ingest([batch], postgres_url)
    assert (summary.new, summary.failed) == (1, 2)
    assert [e.split(": saving failed: ")[0] for e in errors] == [f"{batch}:1", f"{batch}:3"]
    assert stored_texts(postgres_url) == [GOOD_REPORT]


def write_bad_inputs(folder: Path) -> dict[str, str]:
    """Write one batch of bad and awkward inputs; return name -> expected error text."""
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (folder / "noise.dat").write_bytes(bytes(range(256)) * 40)
    line = GOOD_REPORT.encode("utf-8") + b"\n"
    with (folder / "huge.txt").open("wb") as handle:
        handle.write(line * (50 * 1024 * 1024 // len(line) + 1))
    batch = [
        json.dumps({"id": "good-line", "text": GOOD_REPORT, "published": "2025-10-21"}).encode(),
        b'{"id": "cut-off", "text": "North Korea fired',
        b'{"id": "bad-bytes", "text": "North Korea \xff\xfe fired"}',
        json.dumps({"id": "no-text"}).encode(),
        json.dumps(["not", "an", "object"]).encode(),
    ]
    (folder / "batch.jsonl").write_bytes(b"\n".join(batch) + b"\n")
    # Awkward but readable: these are stored.
    (folder / "cp1252.txt").write_bytes(GOOD_REPORT.encode("cp1252"))
    (folder / "stray-bytes.txt").write_bytes(
        GOOD_REPORT.encode("utf-8").replace(b"fired", b"fir\xffed")
    )
    (folder / "korean.txt").write_text(KOREAN_REPORT, encoding="utf-8")
    return {
        "empty.txt": "empty file",
        "photo.txt": "PNG image",
        "noise.dat": "binary data",
        "huge.txt": "too large",
        "batch.jsonl:2": "invalid JSON",
        "batch.jsonl:3": "invalid UTF-8",
        "batch.jsonl:4": '"text"',
        "batch.jsonl:5": "expected a JSON object",
        "missing.txt": "no such file",
    }


def test_bad_inputs_each_reported_and_the_rest_stored(tmp_path: Path, db_url: str) -> None:
    folder = tmp_path / "inbox"
    expected = write_bad_inputs(folder)
    summary, errors = ingest([folder, folder / "missing.txt"], db_url)

    assert summary.failed == len(expected) == len(errors)
    for name, reason in expected.items():
        origin = str(folder / name)
        [message] = [e for e in errors if e.split(": ", 1)[0] == origin]
        assert reason in message, message
    # The good JSONL line, the cp1252 file, the file with stray bytes and the Korean text.
    assert summary.read == summary.new == 4
    assert not summary.ok

    with open_store(db_url) as store:
        assert store.counts()["articles"] == 4
    texts = stored_texts(db_url)
    assert GOOD_REPORT in texts  # the JSONL line, exactly as given
    assert texts.count(GOOD_REPORT) == 2  # and the cp1252 file, decoded to the same text
    assert KOREAN_REPORT in texts
    assert GOOD_REPORT.replace("fired", "fir\ufffded") in texts  # a stray byte marked, not lost


def stored_texts(db: str) -> list[str]:
    engine = create_engine(database_url(db))
    with engine.connect() as conn:
        texts = list(conn.scalars(select(article_versions.c.text)))
    engine.dispose()
    return texts


def test_failing_batch_keeps_what_the_database_held(
    reports: Path, tmp_path: Path, db_url: str
) -> None:
    ingest([reports], db_url)
    before, events_before = counts(db_url), event_ids(db_url)

    expected = write_bad_inputs(tmp_path / "inbox")
    bad_only = [tmp_path / "inbox" / name.split(":")[0] for name in expected]
    summary, errors = ingest(sorted(set(bad_only)), db_url)
    assert summary.failed == len(errors) == len(expected)
    assert summary.new == 1  # the good JSONL line
    after = counts(db_url)
    assert after["articles"] == before["articles"] + 1
    assert set(event_ids(db_url)) >= set(events_before)


def test_save_failures_are_per_item(
    reports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database that refuses writes: every article fails on its own, nothing is lost."""
    # The store makes the parent folder of a sqlite URL's database; for a "file:" URI that is a
    # relative "file:..." folder, so keep it inside tmp_path.
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "lw.db"
    ingest([reports], db)
    before = counts(db)
    read_only = f"sqlite:///file:{db}?mode=ro&uri=true"
    errors = Recorder()
    summary = ingest_paths([reports / "01-jcs-wire.txt", FIXTURES.parent], read_only, None, errors)
    assert summary.failed >= 1
    assert all("saving failed: OperationalError" in line for line in errors.lines), errors.lines
    assert all("\n" not in line for line in errors.lines)
    assert counts(db) == before


def test_extract_jsonl_keeps_lines_aligned(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(
        b"\n".join(
            [
                json.dumps({"id": "a", "text": GOOD_REPORT, "published": "2025-10-21"}).encode(),
                b'{"id": "b", "text": ',
                json.dumps({"id": 7, "text": "A quiet day at the port."}).encode(),
                b'{"id": "d", "text": "\xff"}',
                json.dumps({"text": GOOD_REPORT}).encode(),
            ]
        )
    )
    out, errors = io.StringIO(), Recorder()
    failed = extract_jsonl(source, out, evidence=True, error=errors)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]

    assert failed == 2
    assert [row["id"] for row in rows] == ["a", "b", "7", "d", "in:5"]
    assert rows[1].keys() == {"id", "error"} and "invalid JSON" in rows[1]["error"]
    assert "invalid UTF-8" in rows[3]["error"]
    assert errors.lines[0].startswith(f"{source}:2: invalid JSON")
    assert errors.lines[1].startswith(f"{source}:4: invalid UTF-8")
    assert rows[0]["launch_report"] is True
    for claim in rows[0]["events"][0]["claims"]:
        start, end = claim["span"]
        assert claim["evidence"] == GOOD_REPORT[start:end]


def test_extract_jsonl_without_evidence(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": GOOD_REPORT}) + "\n", encoding="utf-8")
    out = io.StringIO()
    assert extract_jsonl(source, out, evidence=False) == 0
    [row] = [json.loads(line) for line in out.getvalue().splitlines()]
    assert row["events"]
    assert all("claims" not in event for event in row["events"])
    assert "evidence" not in json.dumps(row)


def test_extract_jsonl_keeps_lines_aligned_when_the_id_itself_is_broken(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(
        b"\n".join(
            [
                b'{"id": "a\\q", "text": broken',  # an invalid escape in the id, line cut
                b'{"id": ' + b"1" * 5000 + b', "text": broken',  # an id of too many digits
                b"[" * 200_000,  # nested past the recursion limit
                b'{"id": "ok", "text": broken',  # a readable id is still given
                json.dumps({"id": "last", "text": "A quiet day at the port."}).encode(),
            ]
        )
    )
    out, errors = io.StringIO(), Recorder()
    failed = extract_jsonl(source, out, evidence=True, error=errors)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert failed == 4
    assert [row["id"] for row in rows] == [None, None, None, "ok", "last"]
    assert all(row.keys() == {"id", "error"} for row in rows[:4])
    assert [line.split(": ")[0] for line in errors.lines] == [f"{source}:{n}" for n in range(1, 5)]
