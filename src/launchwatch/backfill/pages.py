"""What happens to one archive file and to each of its pages, wherever the job runs.

:func:`kept_pages` streams one file and keeps the HTML and WET pages that pass the prefilter;
:func:`read_page` reads one kept page into an article row by the same steps as ``ingest``
(article, then report). Both count what they did into a ``Counter`` (keys in ``COUNTS``) and
hand on every bad record as a :class:`BadRecord`, so that nothing stops a file or the job.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from launchwatch.articles.decode import DecodeError
from launchwatch.articles.html import looks_like_html
from launchwatch.backfill.prefilter import may_be_launch_news
from launchwatch.backfill.rows import to_row
from launchwatch.reports.extract import extract_report
from launchwatch.sources.warc import BadRecord, WarcFile, WarcPage, article_from_record
from launchwatch.sources.web import HTML_TYPES

# What the job counts: files read, records read (response and conversion), records outside the
# crawl window, pages kept by the prefilter, articles with launch news or mentions, launch
# reports, bad records.
COUNTS: tuple[str, ...] = (
    "files",
    "records",
    "outside_window",
    "kept",
    "articles",
    "reports",
    "errors",
)


def kept_pages(
    source: str, counts: Counter[str], since: str | None = None, until: str | None = None
) -> Iterator[WarcPage | BadRecord]:
    """The pages of one archive file worth parsing, and its bad records, in file order.

    A page is kept when it is an HTML answer (or WET text) and its bytes pass the prefilter.
    A file that cannot be opened at all is one BadRecord at offset 0.
    """
    reader = WarcFile(source, since=since, until=until)
    try:
        for item in reader:
            if isinstance(item, BadRecord):
                counts["errors"] += 1
                yield item
            elif _is_page(item) and may_be_launch_news(item.body):
                counts["kept"] += 1
                yield item
    except OSError as exc:  # the file itself cannot be opened or read
        counts["errors"] += 1
        yield BadRecord(source, 0, str(exc) or type(exc).__name__)
    counts["files"] += 1
    counts["records"] += reader.records
    counts["outside_window"] += reader.outside_window


def read_page(page: WarcPage, counts: Counter[str]) -> dict[str, Any] | BadRecord | None:
    """The article row of one kept page, a BadRecord when it cannot be read, or None.

    None means the page was read and is not launch news: no launch report and no mention of
    a launch (most pages that pass the prefilter), and nothing of it is kept.
    """
    try:
        article = article_from_record(page)
        report = extract_report(article)
    except DecodeError as exc:
        counts["errors"] += 1
        return BadRecord(page.file, page.offset, exc.message)
    except Exception as exc:  # one page's failure is that page's only
        counts["errors"] += 1
        return BadRecord(page.file, page.offset, f"extraction failed: {type(exc).__name__}: {exc}")
    if not report.events and not report.background:
        return None
    counts["articles"] += 1
    counts["reports"] += len(report.events)
    return to_row(article, report, page)


def _is_page(page: WarcPage) -> bool:
    """An answer that can hold an article: WET text, or HTML (declared, or sniffed)."""
    if page.kind == "conversion":
        return True
    kind = page.content_type or ""
    return kind in HTML_TYPES or (kind == "text/plain" and looks_like_html(page.body))
