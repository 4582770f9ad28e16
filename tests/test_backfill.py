"""``launchwatch backfill --local`` end to end: WARC files written here, real SQLite stores.

The pages are the project's own ingest fixtures (tests/fixtures/ingest) wrapped as crawled HTML
answers among filler pages; with ../shared/corpus checked out, corpus pages too (read at run
time). Events after backfilling the archives must equal events after ``ingest`` of the same
pages as HTML files.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from launchwatch.backfill.job import BackfillOptions, BackfillSummary, run_backfill
from launchwatch.backfill.output import read_rows
from launchwatch.backfill.samples import (
    filler_page,
    html_page,
    request_record,
    response_record,
    write_warc,
)
from launchwatch.cli import main
from launchwatch.pipeline import ingest_paths
from launchwatch.store import open_store

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def fixture_pages() -> list[tuple[str, bytes]]:
    """(url, HTML) of the four ingest fixtures, the text ones wrapped as news pages."""
    pages = []
    for path in sorted(FIXTURES.iterdir()):
        raw = path.read_bytes()
        if path.suffix == ".html":
            url = "https://herald.example.net/2025/10/22/kcna-missile-test"
        else:
            url = f"https://wire.example.com/{path.stem}"
            text = raw.decode("utf-8")
            raw = html_page(text, url, text.splitlines()[0], "2025-10-21T09:00:00+09:00")
        pages.append((url, raw))
    return pages


def write_crawl(folder: Path, pages: list[tuple[str, bytes]], files: int = 2) -> list[Path]:
    """``pages`` among filler pages, with request records, spread over ``files`` WARC.gz files."""
    rng = random.Random(7)
    records: list[bytes] = []
    for number, (url, raw) in enumerate(pages):
        for filler in range(3):
            records.append(
                response_record(
                    f"https://local.example/{number}-{filler}", filler_page(number, rng)
                )
            )
        records += [request_record(url), response_record(url, raw)]
    share = -(-len(records) // files)
    return [
        write_warc(folder / f"crawl-{i:02d}.warc.gz", records[i * share : (i + 1) * share])
        for i in range(files)
    ]


def events_of(db: str) -> list[dict]:
    """The events with their resolved values, conflicts and report urls (no timestamps)."""
    with open_store(db) as store:
        out = []
        for row in store.list_events():
            event = store.get_event(row["id"])
            assert event is not None
            out.append(
                {
                    "row": row,
                    "values": event["values"],
                    "conflicts": event["conflicts"],
                    "confirmation": event["confirmation"],
                    "urls": sorted(a["url"] for a in event["articles"]),
                }
            )
        return out


def ingest_as_files(folder: Path, pages: list[tuple[str, bytes]], db: str) -> None:
    folder.mkdir()
    for number, (_, raw) in enumerate(pages):
        (folder / f"page-{number:03d}.html").write_bytes(raw)
    summary = ingest_paths([folder], db)
    assert summary.failed == 0


def backfill_and_ingest(
    tmp_path: Path, pages: list[tuple[str, bytes]], files: int = 2
) -> tuple[BackfillSummary, str, str]:
    """Backfill ``pages`` from WARC files and ingest them as HTML files, into two stores."""
    crawl = write_crawl(tmp_path / "crawl", pages, files=files)
    backfilled, ingested = str(tmp_path / "backfill.db"), str(tmp_path / "ingest.db")
    summary = run_backfill(
        BackfillOptions(
            [str(f) for f in crawl], db=backfilled, local=True, errors=str(tmp_path / "e.jsonl")
        )
    )
    ingest_as_files(tmp_path / "pages", pages, ingested)
    return summary, backfilled, ingested


def test_backfill_gives_the_events_ingest_gives(tmp_path: Path):
    pages = fixture_pages()
    summary, backfilled, ingested = backfill_and_ingest(tmp_path, pages)
    assert summary.counts["records"] == 4 * len(pages) and summary.counts["errors"] == 0
    assert summary.counts["kept"] == len(pages)  # the filler pages never reach the parser
    # The analysis piece reports no launch and mentions none: read, and not kept.
    assert summary.stored is not None and summary.stored.new == summary.counts["articles"] == 3
    events = events_of(backfilled)
    assert events == events_of(ingested)
    assert any(e["row"]["country"] == "KP" and e["row"]["date"] == "2025-10-21" for e in events)


def test_cli_backfill_twice_adds_nothing_and_lists_bad_records(tmp_path: Path):
    pages = fixture_pages()
    (good,) = write_crawl(tmp_path, pages, files=1)
    broken = tmp_path / "broken.warc.gz"
    data = good.read_bytes()
    broken.write_bytes(data[: len(data) - 100])  # the last record's member is cut short
    db, errors = str(tmp_path / "lw.db"), tmp_path / "report" / "bad.jsonl"
    args = ["backfill", "--local", str(tmp_path / "*.warc.gz"), "--db", db, "--errors", str(errors)]
    first = CliRunner().invoke(main, args)
    events = events_of(db)
    assert first.exit_code == 0, first.output
    # The cut record is read (and counted) as far as it goes, then listed as bad.
    assert "2 files, 32 records read" in first.output
    assert "1 bad records (listed in" in first.output
    (line,) = errors.read_text().splitlines()
    listed = json.loads(line)
    assert listed["file"] == str(broken) and listed["offset"] > 0 and listed["reason"]
    # The cut record was the analysis piece, which has no launch news: the same 3 articles
    # are in both files, so the second copy of each is unchanged.
    assert "6 articles read: 3 new, 0 new versions, 3 unchanged" in first.output
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0, again.output
    assert "6 articles read: 0 new, 0 new versions, 6 unchanged" in again.output
    assert events_of(db) == events and len(events) == 1


def test_parquet_out_then_ingest_reports_stores_the_same_record(tmp_path: Path):
    pages = fixture_pages()
    files = write_crawl(tmp_path / "crawl", pages)
    out = tmp_path / "reports.parquet"
    direct, loaded = str(tmp_path / "direct.db"), str(tmp_path / "loaded.db")
    runner = CliRunner()
    wrote = runner.invoke(main, ["backfill", "--local", str(tmp_path / "crawl"), "--out", str(out)])
    assert wrote.exit_code == 0, wrote.output
    assert "3 articles written" in wrote.output
    rows = list(read_rows(out))
    assert sorted(r["url"] for r in rows) == sorted(
        url for url, _ in pages if "analysis" not in url
    )
    claims = [c for r in rows for report in r["reports"] for c in report["claims"]]
    assert claims and all(
        r["text"][c["start"] : c["end"]] == c["evidence"]
        for r in rows
        for report in r["reports"]
        for c in report["claims"]
    )
    loaded_run = runner.invoke(main, ["ingest", "--reports", str(out), "--db", loaded, "-q"])
    assert loaded_run.exit_code == 0, loaded_run.output
    run_backfill(
        BackfillOptions(
            [str(f) for f in files], db=direct, local=True, errors=str(tmp_path / "e.jsonl")
        )
    )
    assert events_of(loaded) == events_of(direct)


def test_ingest_refuses_a_parquet_file_of_something_else(tmp_path: Path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    other = tmp_path / "other.parquet"
    pq.write_table(pa.table({"x": [1]}), other)
    result = CliRunner().invoke(
        main, ["ingest", "--reports", str(other), "--db", str(tmp_path / "d")]
    )
    assert result.exit_code == 1 and "not a backfill's reports" in result.output


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is not checked out")
def test_corpus_pages_backfilled_give_the_events_ingest_gives(tmp_path: Path):
    lines = (CORPUS / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    pages = []
    for line in lines:
        item = json.loads(line)
        url = f"https://corpus.example/{item['id']}"
        pages.append((url, html_page(item["text"], url, item["id"], item["published"])))
    _, backfilled, ingested = backfill_and_ingest(tmp_path, pages, files=3)
    events = events_of(backfilled)
    assert len(events) > 80
    assert events == events_of(ingested)


def test_archives_at_a_url_are_listed_and_read_through_fsspec(tmp_path: Path):
    """A folder URL of an fsspec filesystem (here the in-process memory one) is walked."""
    fsspec = pytest.importorskip("fsspec")
    memory = fsspec.filesystem("memory")
    for path in write_crawl(tmp_path / "crawl", fixture_pages()):
        memory.pipe(f"/lw-test-crawl/{path.name}", path.read_bytes())
    try:
        db = str(tmp_path / "lw.db")
        summary = run_backfill(
            BackfillOptions(
                ["memory://lw-test-crawl/"], db=db, local=True, errors=str(tmp_path / "e.jsonl")
            )
        )
    finally:
        memory.rm("/lw-test-crawl", recursive=True)
    assert summary.counts["files"] == 2 and summary.counts["errors"] == 0
    assert summary.stored is not None and summary.stored.new == 3
    assert len(events_of(db)) == 1


def test_cli_crawl_window_and_usage_errors(tmp_path: Path):
    write_crawl(tmp_path, fixture_pages(), files=1)
    db = str(tmp_path / "lw.db")
    runner = CliRunner()
    base = ["backfill", "--local", str(tmp_path), "--db", db, "-q"]
    outside = runner.invoke(main, [*base, "--since", "2022-01-15"])
    assert outside.exit_code == 0, outside.output
    assert "16 records read (16 outside the crawl window): 0 pages kept" in outside.output
    inside = runner.invoke(main, [*base, "--since", "2022-01-14", "--until", "2022-01-14"])
    assert "16 records read: 4 pages kept" in inside.output
    bad_day = runner.invoke(main, [*base, "--since", "14/01/2022"])
    assert bad_day.exit_code == 2 and "is not a date (YYYY-MM-DD)" in bad_day.output
    both = runner.invoke(main, [*base, "--master", "local[2]"])
    assert both.exit_code == 2 and "not both" in both.output
    missing = runner.invoke(main, ["backfill", "--local", str(tmp_path / "nope-*.warc.gz")])
    assert missing.exit_code == 1 and "no such file or directory" in missing.output
