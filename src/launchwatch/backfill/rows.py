"""One row per archived article: its metadata, where it was found, its reports with their claims.

The schema (:data:`ARTICLE_SCHEMA`, Arrow) is the one of the Parquet output and of the Spark
DataFrame (converted by ``pyspark``). :func:`to_row` and :func:`from_row` turn an Article and
its Report into a row and back without loss, so that ``ingest --reports`` stores exactly what
``backfill --db`` would have stored. A claim's value (a number, a string, a list) is kept as
JSON text; everything else has a column of its own type.
"""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa

from launchwatch.articles import Article
from launchwatch.reports.model import BackgroundMention, Claim, LaunchReport, Report
from launchwatch.sources.warc import WarcPage

_CLAIM = pa.struct(
    [
        ("field", pa.string()),
        ("value", pa.string()),  # JSON
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("evidence", pa.string()),
        ("source", pa.string()),
        ("hedge", pa.string()),
        ("confidence", pa.float64()),
    ]
)
# The LaunchReport fields with a column each, and their types.
_REPORT_FIELDS: list[tuple[str, pa.DataType]] = [
    ("country", pa.string()),
    ("date", pa.string()),
    ("date_reason", pa.string()),
    ("missile_count", pa.int64()),
    ("category", pa.string()),
    ("range_class", pa.string()),
    ("hypersonic", pa.bool_()),
    ("designation", pa.string()),
    ("platform", pa.string()),
    ("launch_area", pa.string()),
    ("range_km", pa.float64()),
    ("apogee_km", pa.float64()),
    ("landing", pa.string()),
    ("sources", pa.list_(pa.string())),
    ("time_local", pa.string()),
]
_REPORT = pa.struct(
    [*_REPORT_FIELDS, ("date_hint", pa.string()), ("claims", pa.list_(_CLAIM))]  # hint: JSON
)
_BACKGROUND = pa.struct(
    [
        ("date", pa.string()),
        ("country", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("evidence", pa.string()),
    ]
)
ARTICLE_SCHEMA = pa.schema(
    [
        ("url", pa.string()),
        ("title", pa.string()),
        ("published", pa.string()),
        ("outlet", pa.string()),
        ("language", pa.string()),
        ("text", pa.string()),
        ("content_hash", pa.string()),
        ("warc_file", pa.string()),
        ("warc_offset", pa.int64()),
        ("crawled", pa.string()),
        ("target_uri", pa.string()),
        ("raw", pa.binary()),
        ("launch_report", pa.bool_()),
        ("relevance_score", pa.float64()),
        ("reports", pa.list_(_REPORT)),
        ("background", pa.list_(_BACKGROUND)),
    ]
)
COLUMNS: tuple[str, ...] = tuple(ARTICLE_SCHEMA.names)


def to_row(article: Article, report: Report, page: WarcPage) -> dict[str, Any]:
    """The row of one article read from ``page``, with every report, claim and mention."""
    text = article.text
    return {
        "url": article.url,
        "title": article.title,
        "published": article.published,
        "outlet": article.outlet,
        "language": article.language,
        "text": text,
        "content_hash": article.content_hash,
        "warc_file": page.file,
        "warc_offset": page.offset,
        "crawled": page.crawled,
        "target_uri": page.url,
        "raw": article.raw,
        "launch_report": report.launch_report,
        "relevance_score": report.relevance_score,
        "reports": [_report_row(launch, text) for launch in report.events],
        "background": [
            {
                "date": b.date,
                "country": b.country,
                "start": b.start,
                "end": b.end,
                "evidence": text[b.start : b.end],
            }
            for b in report.background
        ],
    }


def from_row(row: dict[str, Any]) -> tuple[Article, Report]:
    """The Article and Report a row was made from (:func:`to_row` undone)."""
    article = Article(
        text=row["text"],
        url=row["url"],
        title=row["title"],
        published=row["published"],
        outlet=row["outlet"],
        language=row["language"],
        raw=row["raw"],
        origin=f"{row['warc_file']}@{row['warc_offset']}",
    )
    report = Report(
        launch_report=row["launch_report"],
        events=[_launch_report(item) for item in row["reports"] or []],
        background=[
            BackgroundMention(b["date"], b["start"], b["end"], b["country"])
            for b in row["background"] or []
        ],
        relevance_score=row["relevance_score"],
    )
    return article, report


def _report_row(launch: LaunchReport, text: str) -> dict[str, Any]:
    out: dict[str, Any] = {name: getattr(launch, name) for name, _ in _REPORT_FIELDS}
    out["date_hint"] = json.dumps(launch.date_hint) if launch.date_hint is not None else None
    out["claims"] = [
        {
            "field": c.field,
            "value": json.dumps(c.value, ensure_ascii=False),
            "start": c.start,
            "end": c.end,
            "evidence": text[c.start : c.end],
            "source": c.source,
            "hedge": c.hedge,
            "confidence": c.confidence,
        }
        for c in launch.claims
    ]
    return out


def _launch_report(item: dict[str, Any]) -> LaunchReport:
    fields = {name: item[name] for name, _ in _REPORT_FIELDS}
    fields["sources"] = list(fields["sources"] or [])
    hint = item["date_hint"]
    return LaunchReport(
        **fields,
        date_hint=json.loads(hint) if hint is not None else None,
        claims=[
            Claim(
                c["field"],
                json.loads(c["value"]),
                c["start"],
                c["end"],
                c["source"],
                c["hedge"],
                c["confidence"],
            )
            for c in item["claims"] or []
        ],
    )
