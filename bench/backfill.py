"""Benchmark the backfill: the prefilter against grep, and the Spark job on one and two cores.

Usage::

    .venv/bin/python bench/backfill.py [--fillers N] [--files N] [--words N] [--day-gb G]

Writes WARC.gz files (one gzip member per record, a request record before each response) into
a temporary folder: every page of ../shared/corpus/dev.jsonl, dev-ko.jsonl and dev-ja.jsonl
(read now, never copied into the project) wrapped as an HTML answer, among ``--fillers`` pages
of generated local news, 3% of which say "launch" in another sense (a product, a campaign) so
that the parser also sees pages the prefilter cannot tell from launch news. Then:

1. Prefilter: the decompressed bodies, in one process pinned to one CPU, through
   ``may_be_launch_news`` (median of 5); ``grep -c -i -E`` with the same words (``LC_ALL=C``)
   over the same bytes written to one file, one body per line (median of 5); MB/s of each and
   the ratio. And the share of the corpus's launch reports the prefilter lets through.
2. End to end: ``run_backfill`` into a new SQLite file on Spark ``local[1]`` and then
   ``local[2]`` in this run (session start-up timed apart), records/s and the scaling; then
   the same with ``--out`` Parquet (no store writes on the driver); ``--local`` (no Spark)
   for reference.
3. Projection: seconds per compressed GB of these files on two cores, times ``--day-gb``, the
   size of one day of CC-NEWS assumed (not measured here: pass the day you mean).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from launchwatch.backfill.job import BackfillOptions, run_backfill
from launchwatch.backfill.prefilter import grep_pattern, may_be_launch_news
from launchwatch.backfill.samples import (
    filler_page,
    html_page,
    request_record,
    response_record,
    write_warc,
)
from launchwatch.sources.warc import WarcFile, WarcPage

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
CORPUS_FILES = ("dev.jsonl", "dev-ko.jsonl", "dev-ja.jsonl")
OTHER_LAUNCHES = (
    "The company will launch its new phone in the spring, the chief executive said.",
    "Volunteers launched a campaign to clean the river banks before the summer festival.",
)


def corpus_pages() -> list[tuple[str, bytes, bool]]:
    """(url, HTML, is a launch report) for every corpus page."""
    pages = []
    for name in CORPUS_FILES:
        path = CORPUS / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            url = f"https://corpus.example/{item['id']}"
            raw = html_page(item["text"], url, item["id"], item.get("published"))
            pages.append((url, raw, bool(item["launch_report"])))
    return pages


def write_crawl(folder: Path, fillers: int, files: int, words: int) -> dict[str, Any]:
    """The bench's WARC files; returns what went in."""
    rng = random.Random(2026)
    pages = corpus_pages()
    if not pages:
        sys.exit(f"no corpus at {CORPUS}: the bench wraps its pages, and has nothing without it")
    records: list[bytes] = []
    slots = sorted(rng.sample(range(fillers + len(pages)), len(pages)))
    page_iter = iter(pages)
    filler = 0
    for slot in range(fillers + len(pages)):
        if slots and slots[0] == slot:
            slots.pop(0)
            url, raw, _ = next(page_iter)
        else:
            filler += 1
            url = f"https://local.example/news/{filler}"
            raw = filler_page(filler, rng, words)
            if rng.random() < 0.03:
                raw = raw.replace(
                    b"</article>", f"<p>{rng.choice(OTHER_LAUNCHES)}</p></article>".encode()
                )
        records += [request_record(url), response_record(url, raw)]
    share = -(-len(records) // files)
    paths = [
        write_warc(folder / f"bench-{i:02d}.warc.gz", records[i * share : (i + 1) * share])
        for i in range(files)
    ]
    return {
        "files": [str(p) for p in paths],
        "compressed_bytes": sum(p.stat().st_size for p in paths),
        "responses": fillers + len(pages),
        "corpus_pages": len(pages),
        "launch_reports": sum(1 for _, _, launch in pages if launch),
        "launch_urls": {url for url, _, launch in pages if launch},
    }


def prefilter_figures(files: list[str], launch_urls: set[str], folder: Path) -> dict[str, Any]:
    bodies = [item.body for path in files for item in WarcFile(path) if isinstance(item, WarcPage)]
    passed = [
        item.url
        for path in files
        for item in WarcFile(path)
        if isinstance(item, WarcPage) and may_be_launch_news(item.body)
    ]
    flat = [body.replace(b"\n", b" ") for body in bodies]  # one body per line for grep
    sample = folder / "bodies.bin"
    sample.write_bytes(b"\n".join(flat) + b"\n")
    size = sample.stat().st_size
    ours, theirs = [], []
    matched = grepped = 0
    for _ in range(5):
        start = time.perf_counter()
        matched = sum(1 for body in flat if may_be_launch_news(body))
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        found = subprocess.run(
            ["grep", "-c", "-i", "-E", "-e", grep_pattern(), str(sample)],
            capture_output=True,
            env={"LC_ALL": "C", "PATH": os.environ.get("PATH", "/usr/bin")},
            check=False,
        )
        theirs.append(time.perf_counter() - start)
        grepped = int(found.stdout or 0)
    ours_s, grep_s = statistics.median(ours), statistics.median(theirs)
    let_through = launch_urls & set(passed)
    return {
        "bytes": size,
        "prefilter_mb_s": round(size / ours_s / 1e6, 1),
        "grep_mb_s": round(size / grep_s / 1e6, 1),
        "ratio_to_grep": round(ours_s / grep_s, 2),
        "pages_passed": matched,
        "grep_lines_matched": grepped,
        "pages": len(flat),
        "launch_reports_passed": f"{len(let_through)}/{len(launch_urls)}",
    }


def end_to_end(
    files: list[str], folder: Path, master: str | None, local: bool, parquet: bool = False
) -> dict[str, Any]:
    name = f"run-{master or 'local'}".replace("[", "").replace("]", "")
    db = folder / f"{name}.db"
    db.unlink(missing_ok=True)
    options = BackfillOptions(
        files,
        db=str(db),
        out=str(folder / f"{name}.parquet") if parquet else None,
        master=master,
        local=local,
        errors=str(folder / "errors.jsonl"),
    )
    session_s = 0.0
    if master is not None:
        from launchwatch.backfill.spark import spark_session

        start = time.perf_counter()
        spark = spark_session(master)
        spark.sparkContext.parallelize([0], 1).count()  # workers up
        session_s = time.perf_counter() - start
    start = time.perf_counter()
    summary = run_backfill(options)
    took = time.perf_counter() - start
    if master is not None:
        spark.stop()
    records = summary.counts["records"]
    return {
        "mode": (master or "--local") + (" --out parquet" if parquet else " --db sqlite"),
        "seconds": round(took, 2),
        "session_start_s": round(session_s, 2),
        "records": records,
        "records_s": round(records / took, 1),
        "kept": summary.counts["kept"],
        "articles": summary.counts["articles"],
        "reports": summary.counts["reports"],
        "events": summary.stored.events if summary.stored else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fillers", type=int, default=30000)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--words", type=int, default=900, help="words per filler page")
    parser.add_argument(
        "--day-gb",
        type=float,
        default=10.0,
        help="compressed GB in one day of CC-NEWS (an assumption; pass yours)",
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="lw-bench-backfill-"))
    try:
        start = time.perf_counter()
        crawl = write_crawl(folder, args.fillers, args.files, args.words)
        written_s = time.perf_counter() - start
        try:
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
            pinned = True
        except (AttributeError, OSError):
            pinned = False
        prefilter = prefilter_figures(crawl["files"], crawl["launch_urls"], folder)
        if pinned:
            os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))
        runs = [end_to_end(crawl["files"], folder, None, local=True)]
        for parquet in (False, True):
            runs += [
                end_to_end(crawl["files"], folder, m, local=False, parquet=parquet)
                for m in ("local[1]", "local[2]")
            ]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    one, two = runs[1], runs[2]
    parquet_one, parquet_two = runs[3], runs[4]
    gb = crawl["compressed_bytes"] / 1e9
    per_gb = two["seconds"] / gb
    figures = {
        "machine": f"{platform.machine()} {platform.system()}, Python {platform.python_version()},"
        f" {os.cpu_count()} CPUs",
        "input": {
            "files": len(crawl["files"]),
            "compressed_mb": round(crawl["compressed_bytes"] / 1e6, 1),
            "responses": crawl["responses"],
            "corpus_pages": crawl["corpus_pages"],
            "launch_reports": crawl["launch_reports"],
            "written_s": round(written_s, 1),
        },
        "prefilter": prefilter,
        "runs": runs,
        "scaling_2_over_1": round(one["seconds"] / two["seconds"], 2),
        "scaling_2_over_1_parquet": round(parquet_one["seconds"] / parquet_two["seconds"], 2),
        "projection": {
            "seconds_per_gb_local2": round(per_gb, 1),
            "day_gb_assumed": args.day_gb,
            "arithmetic": f"{two['seconds']:.1f} s / {gb:.3f} GB = {per_gb:.0f} s per GB; "
            f"× {args.day_gb:g} GB = {per_gb * args.day_gb / 3600:.2f} h per day of CC-NEWS on "
            f"2 cores, {per_gb * args.day_gb / 3600 / 50:.3f} h on 100 cores (50× the pair, "
            "if it scales on)",
        },
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
