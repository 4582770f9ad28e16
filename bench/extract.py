"""Benchmark extraction: articles per second on one core, with a regex-tokenising reference.

Usage::

    .venv/bin/python bench/extract.py [CORPUS.jsonl] [--repeats N] [--json]

The corpus defaults to ../shared/corpus/dev.jsonl beside the checkout. After one warm-up pass,
each repeat times ``extract_report`` over every page, then over the pages labelled as launch
reports (or, for unlabelled input, the pages extraction calls launch reports), and a reference
pass of ``re.findall(r"\\w+", text)`` over the same texts (20 loops of it, per loop). Medians
of the repeats are reported, with extraction's time as a multiple of the reference's, so the
figure can be compared across machines. Runs in this one process, pinned to one CPU where the
OS allows it; peak RSS is the process's ``ru_maxrss``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from launchwatch.articles import Article
from launchwatch.reports.extract import extract_report

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "dev.jsonl"
WORD = re.compile(r"\w+")
REFERENCE_LOOPS = 20  # the reference pass is short: time it this many times per repeat


def load(path: Path) -> tuple[list[Article], list[bool | None]]:
    """The corpus lines as Articles, and each line's ``launch_report`` label (None if absent)."""
    articles, labels = [], []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            articles.append(
                Article(
                    text=row["text"],
                    url=row.get("url") or f"bench://{number}",
                    id=row.get("id"),
                    published=row.get("published"),
                )
            )
            labels.append(row.get("launch_report"))
    return articles, labels


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def extract_all(articles: Sequence[Article]) -> Callable[[], object]:
    def work() -> None:  # results are dropped as they come, so RSS is extraction's own
        for article in articles:
            extract_report(article)

    return work


def tokenise_all(articles: Sequence[Article]) -> Callable[[], object]:
    texts = [article.text for article in articles]

    def work() -> None:
        for _ in range(REFERENCE_LOOPS):
            for text in texts:
                WORD.findall(text)

    return work


def pin_to_one_cpu() -> str:
    """Run on one CPU (Linux); say which, or why not."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity on this OS)"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes vs KiB


def run(path: Path, repeats: int) -> dict[str, Any]:
    cpu = pin_to_one_cpu()
    articles, labels = load(path)
    predicted = [extract_report(article).launch_report for article in articles]  # warm-up
    labelled = all(label is not None for label in labels)
    flags = labels if labelled else predicted
    launch_articles = [a for a, flag in zip(articles, flags, strict=True) if flag]

    all_times, launch_times, reference_times = [], [], []
    for _ in range(repeats):
        all_times.append(timed(extract_all(articles)))
        launch_times.append(timed(extract_all(launch_articles)))
        reference_times.append(timed(tokenise_all(articles)) / REFERENCE_LOOPS)
    extract_s = statistics.median(all_times)
    launch_s = statistics.median(launch_times)
    reference_s = statistics.median(reference_times)
    chars = sum(len(a.text) for a in articles)
    return {
        "corpus": str(path),
        "articles": len(articles),
        "launch_report_articles": len(launch_articles),
        "launch_reports_from": "labels" if labelled else "extraction",
        "characters": chars,
        "repeats": repeats,
        "articles_per_s": len(articles) / extract_s,
        "launch_report_articles_per_s": len(launch_articles) / launch_s if launch_s else None,
        "chars_per_s": chars / extract_s,
        "ms_per_article": 1000 * extract_s / len(articles),
        "reference_articles_per_s": len(articles) / reference_s,
        "extract_vs_reference": extract_s / reference_s,
        "peak_rss_mb": peak_rss_mb(),
        "python": platform.python_version(),
        "machine": f"{platform.machine()} {platform.processor() or platform.system()}".strip(),
        "cpu": cpu,
    }


def describe(r: dict[str, Any]) -> str:
    lines = [
        f"corpus       {r['corpus']}: {r['articles']} articles "
        f"({r['launch_report_articles']} launch reports by {r['launch_reports_from']}), "
        f"{r['characters']:,} characters",
        f"runs         median of {r['repeats']} after a warm-up, one process, {r['cpu']}",
        f"extraction   {r['articles_per_s']:,.0f} articles/s "
        f"({r['ms_per_article']:.2f} ms/article, {r['chars_per_s'] / 1e6:.2f} M chars/s)",
    ]
    if r["launch_report_articles_per_s"] is not None:
        lines.append(
            f"             {r['launch_report_articles_per_s']:,.0f} launch-report articles/s"
        )
    lines += [
        f"reference    {r['reference_articles_per_s']:,.0f} articles/s for "
        r"re.findall(r'\w+', text)",
        f"ratio        extraction takes {r['extract_vs_reference']:.0f}x the reference's time",
        f"peak RSS     {r['peak_rss_mb']:.0f} MB",
        f"python       {r['python']} on {r['machine']}",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "corpus",
        nargs="?",
        type=Path,
        default=DEFAULT_CORPUS,
        help="JSONL file with a text field per line (default: %(default)s)",
    )
    parser.add_argument("-n", "--repeats", type=int, default=5, help="timed repeats (default 5)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        parser.error(f"corpus not found: {args.corpus}")
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    result = run(args.corpus, args.repeats)
    print(json.dumps(result, indent=2) if args.json else describe(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
