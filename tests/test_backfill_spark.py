"""``launchwatch backfill`` on Spark (local[2]): the same record as ``--local``, Parquet out.

One SparkSession for the module (starting one costs seconds). Skipped without pyspark or a
Java runtime (``scripts/test.sh`` installs Debian's when it can).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("no Java runtime (apt-get install default-jre-headless)", allow_module_level=True)

from test_backfill import events_of, fixture_pages, write_crawl

from launchwatch.backfill.job import BackfillOptions, run_backfill
from launchwatch.backfill.output import read_rows
from launchwatch.backfill.spark import spark_session

MASTER = "local[2]"


@pytest.fixture(scope="module")
def spark() -> Iterator[object]:
    session = spark_session(MASTER)
    yield session
    session.stop()


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Three archive files, the last one cut short in its final record."""
    folder = tmp_path_factory.mktemp("crawl")
    files = write_crawl(folder, fixture_pages(), files=3)
    data = files[-1].read_bytes()
    files[-1].write_bytes(data[:-100])
    return [str(f) for f in files]


def test_spark_stores_what_local_stores(spark: object, crawl: list[str], tmp_path: Path):
    on_spark, serial = str(tmp_path / "spark.db"), str(tmp_path / "local.db")
    seen: list[int] = []
    summary = run_backfill(
        BackfillOptions(crawl, db=on_spark, master=MASTER, errors=str(tmp_path / "s.jsonl")),
        show=lambda counts: seen.append(counts["files"]),
    )
    local = run_backfill(
        BackfillOptions(crawl, db=serial, local=True, errors=str(tmp_path / "l.jsonl"))
    )
    for name in ("files", "records", "kept", "articles", "reports", "errors"):
        assert summary.counts[name] == local.counts[name], name
    assert summary.counts["files"] == 3 and summary.counts["errors"] == 1
    assert seen and seen[-1] == 3  # the progress display saw the finished files
    assert (tmp_path / "s.jsonl").read_text() == (tmp_path / "l.jsonl").read_text()
    assert events_of(on_spark) == events_of(serial)
    again = run_backfill(
        BackfillOptions(crawl, db=on_spark, master=MASTER, errors=str(tmp_path / "s.jsonl"))
    )
    assert again.stored is not None and again.stored.new == 0 and again.stored.unchanged > 0


def test_spark_writes_parquet_rows(spark: object, crawl: list[str], tmp_path: Path):
    out = tmp_path / "reports.parquet"
    summary = run_backfill(
        BackfillOptions(crawl, out=str(out), master=MASTER, errors=str(tmp_path / "e.jsonl"))
    )
    rows = list(read_rows(out))
    assert summary.written == len(rows) == summary.counts["articles"] > 0
    where = sorted((row["warc_file"], row["warc_offset"]) for row in rows)
    assert [file for file, _ in where] == crawl  # one article in each file
    assert [offset > 0 for _, offset in where] == [True, True, False]  # the third's first record
    assert all(report["claims"] for row in rows for report in row["reports"])
