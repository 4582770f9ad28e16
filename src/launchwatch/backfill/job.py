"""The backfill job: archive files in, article rows and bad records out, serially or on Spark.

Both ways run the same two steps of :mod:`launchwatch.backfill.pages` on each file and page:

- ``local``: one process reads the files one after another (``backfill --local``, no Spark).
- Spark: one task per file streams it and keeps the pages that pass the prefilter (keyed by
  file and record offset); the kept pages are spread over ``partitions`` tasks, which read
  them into article rows. Counts travel back in an accumulator, which the progress display
  reads while the job runs. With ``out`` the rows are written by Spark as Parquet; otherwise
  they come back to this process in file and offset order and are stored.

Either way the rows are stored (or written) in file and record-offset order, so a url crawled
twice ends with the later crawl current, and the events are resolved once, after the last row.
"""

from __future__ import annotations

import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from launchwatch.backfill.output import BadRecordLog, ParquetRows, store_rows
from launchwatch.backfill.pages import COUNTS, kept_pages, read_page
from launchwatch.pipeline import Echo, IngestSummary
from launchwatch.sources.warc import BadRecord, expand_inputs

Item = dict[str, Any] | BadRecord
Show = Callable[[Counter[str]], None]


@dataclass
class BackfillOptions:
    """What to read, where to put it, and how to run.

    ``inputs``: files, folders, globs or URLs. ``db``: the store (None: the default store)
    unless ``out`` (a Parquet path) is given. ``errors``: the bad-records report (JSONL).
    ``master``: a Spark master URL (None: ``local[*]``); ``local``: no Spark at all.
    ``partitions``: Spark tasks for the page-reading step (None: twice the default
    parallelism).
    """

    inputs: list[str]
    db: str | None = None
    out: str | None = None
    errors: str = "backfill-errors.jsonl"
    since: str | None = None
    until: str | None = None
    master: str | None = None
    local: bool = False
    partitions: int | None = None
    spark_conf: dict[str, str] = field(default_factory=dict)


@dataclass
class BackfillSummary:
    """What a backfill did: the counts (``pages.COUNTS``) and, with a store, the ingest."""

    counts: Counter[str]
    errors_path: str | None
    stored: IngestSummary | None = None
    written: int | None = None

    def describe(self) -> str:
        """Two lines for the terminal: what was read, and what went where."""
        c = self.counts
        window = c["outside_window"]
        read = (
            f"{c['files']} files, {c['records']:,} records read"
            + (f" ({window:,} outside the crawl window)" if window else "")
            + f": {c['kept']:,} pages kept by the prefilter, {c['articles']:,} articles with "
            f"launch news, {c['reports']:,} launch reports, {c['errors']:,} bad records"
            + (f" (listed in {self.errors_path})" if c["errors"] and self.errors_path else "")
        )
        if self.stored is not None:
            return read + "\n" + self.stored.describe()
        return read + f"\n{self.written or 0:,} articles written"

    @property
    def ok(self) -> bool:
        """True when the results were stored or written (bad records do not count against it)."""
        return self.stored is None or self.stored.events_error is None


def run_backfill(
    options: BackfillOptions, show: Show | None = None, error: Echo | None = None
) -> BackfillSummary:
    """Run the job; ``show`` gets the running counts now and then (for a progress display).

    Raises ``FileNotFoundError`` for a local input that matches nothing, and ``ImportError``
    when Spark is asked for and pyspark is not installed.
    """
    files = expand_inputs(options.inputs)
    counts: Counter[str] = Counter({name: 0 for name in COUNTS})
    counts["files_total"] = len(files)
    log = BadRecordLog(options.errors)
    try:
        if options.local:
            items = _local_items(files, options, counts, show)
            summary = _finish(items, options, counts, log, error)
        else:
            summary = _run_spark(files, options, counts, log, show, error)
    finally:
        log.close()
    summary.errors_path = str(log.path) if log.count else None
    if show is not None:
        show(counts)
    return summary


def _finish(
    items: Iterator[Item],
    options: BackfillOptions,
    counts: Counter[str],
    log: BadRecordLog,
    error: Echo | None,
) -> BackfillSummary:
    """Send rows to Parquet or to the store and bad records to the log."""

    def rows() -> Iterator[dict[str, Any]]:
        for item in items:
            if isinstance(item, BadRecord):
                log.add(item)
            else:
                yield item

    if options.out is not None:
        with ParquetRows(options.out) as sink:
            for row in rows():
                sink.add(row)
        return BackfillSummary(counts, None, written=sink.written)
    return BackfillSummary(counts, None, stored=store_rows(rows(), options.db, error=error))


def _local_items(
    files: list[str], options: BackfillOptions, counts: Counter[str], show: Show | None
) -> Iterator[Item]:
    """Every row and bad record of ``files``, read one after another in this process."""
    for source in files:
        for item in kept_pages(source, counts, options.since, options.until):
            if isinstance(item, BadRecord):
                yield item
                continue
            result = read_page(item, counts)
            if result is not None:
                yield result
            if show is not None:
                show(counts)
        if show is not None:
            show(counts)


def _run_spark(
    files: list[str],
    options: BackfillOptions,
    counts: Counter[str],
    log: BadRecordLog,
    show: Show | None,
    error: Echo | None,
) -> BackfillSummary:
    from launchwatch.backfill.spark import read_archives, spark_session

    spark = spark_session(options.master, options.spark_conf)
    job = read_archives(spark, files, options.since, options.until, options.partitions)
    stop = threading.Event()
    watcher = None
    if show is not None:

        def watch() -> None:
            while not stop.wait(0.5):
                show(Counter({**counts, **job.counts()}))

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
    try:
        if options.out is not None:
            written = job.write_parquet(options.out)
            for bad in job.bad_records():
                log.add(bad)
            counts.update(job.counts())
            return BackfillSummary(counts, None, written=written)
        items = job.items_in_order()
        summary = _finish(items, options, counts, log, error)
        counts.update(job.counts())
        return summary
    finally:
        stop.set()
        if watcher is not None:
            watcher.join()
        job.close()
        if options.master is None:  # our own local session: leave nothing behind
            spark.stop()


def progress_display(enabled: bool | None = None) -> tuple[Show, Callable[[], None]]:
    """A progress bar on standard error (files, records, kept, reports, errors): (show, close).

    Shown only on a terminal unless ``enabled`` says otherwise.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(file=sys.stderr)
    progress = Progress(
        TextColumn("files"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        disable=not (console.is_terminal if enabled is None else enabled),
    )
    task = progress.add_task("", total=None)
    progress.start()
    lock = threading.Lock()

    def show(counts: Counter[str]) -> None:
        with lock:
            progress.update(
                task,
                total=counts["files_total"],
                completed=counts["files"],
                description=(
                    f"records {counts['records']:,} · kept {counts['kept']:,} · "
                    f"reports {counts['reports']:,} · errors {counts['errors']:,}"
                ),
            )

    return show, progress.stop
