"""Reading WARC files (launchwatch.sources.warc): record kinds, crawl window, broken records.

Every archive here is written by the test (``backfill.samples``, or bytes by hand for the
broken ones), gzip per record as crawlers write them, or uncompressed.
"""

from __future__ import annotations

import gzip
import zlib
from collections import Counter
from pathlib import Path

import pytest

from launchwatch.backfill.pages import kept_pages, read_page
from launchwatch.backfill.samples import (
    conversion_record,
    html_page,
    request_record,
    response_record,
    write_warc,
)
from launchwatch.sources.warc import (
    BadRecord,
    WarcFile,
    WarcPage,
    article_from_record,
    expand_inputs,
)

LAUNCH_TEXT = (
    "North Korea fired a short-range ballistic missile into the East Sea on Monday morning, "
    "South Korea's Joint Chiefs of Staff said.\n"
    "The missile flew about 300 kilometers after it was launched from the Sunan area."
)


def page(number: int) -> bytes:
    url = f"https://news.example/{number}"
    return response_record(url, html_page(f"Story {number}. {LAUNCH_TEXT}", url, f"Story {number}"))


def urls(items: list[WarcPage | BadRecord]) -> list[str]:
    return [item.url for item in items if isinstance(item, WarcPage)]


def bad(items: list[WarcPage | BadRecord]) -> list[BadRecord]:
    return [item for item in items if isinstance(item, BadRecord)]


@pytest.mark.parametrize("compressed", [True, False])
def test_reads_response_records_and_skips_the_other_kinds(tmp_path: Path, compressed: bool):
    revisit = page(9).replace(b"WARC-Type: response", b"WARC-Type: revisit")
    metadata = page(8).replace(b"WARC-Type: response", b"WARC-Type: metadata")
    records = [request_record("https://news.example/1"), page(1), metadata, revisit, page(2)]
    path = write_warc(tmp_path / ("a.warc.gz" if compressed else "a.warc"), records, compressed)
    reader = WarcFile(str(path))
    items = list(reader)
    assert urls(items) == ["https://news.example/1", "https://news.example/2"]
    assert reader.records == 2 and not bad(items)
    first = items[0]
    assert isinstance(first, WarcPage)
    request = records[0]
    assert first.offset == len(gzip.compress(request) if compressed else request)
    assert (first.kind, first.status, first.content_type, first.charset) == (
        "response",
        200,
        "text/html",
        "utf-8",
    )
    assert first.crawled == "2022-01-14T03:00:00Z"
    assert b"Story 1." in first.body


def test_offsets_point_at_the_records(tmp_path: Path):
    path = write_warc(tmp_path / "a.warc.gz", [page(1), page(2), page(3)])
    offsets = [item.offset for item in WarcFile(str(path))]
    data = path.read_bytes()
    for offset, number in zip(offsets, (1, 2, 3), strict=True):
        member = zlib.decompressobj(31).decompress(data[offset:])
        assert member.startswith(b"WARC/1.1") and f"news.example/{number}".encode() in member


def test_wet_conversion_records_are_read_as_text(tmp_path: Path):
    path = write_warc(
        tmp_path / "a.warc.wet.gz", [conversion_record("https://news.example/t", LAUNCH_TEXT)]
    )
    (item,) = list(WarcFile(str(path)))
    assert isinstance(item, WarcPage) and item.kind == "conversion"
    article = article_from_record(item)
    assert article.url == "https://news.example/t"
    assert article.text.startswith("North Korea fired a short-range ballistic missile")


def test_crawl_window_keeps_only_records_inside(tmp_path: Path):
    dates = [
        "2021-08-31T23:59:00Z",
        "2021-09-01T00:00:00Z",
        "2022-01-31T12:00:00Z",
        "2022-02-01T00:00:00Z",
    ]
    records = [
        response_record(f"https://news.example/{i}", b"<html><p>x</p></html>", date=d)
        for i, d in enumerate(dates)
    ]
    path = write_warc(tmp_path / "a.warc.gz", records)
    reader = WarcFile(str(path), since="2021-09-01", until="2022-01-31")
    assert urls(list(reader)) == ["https://news.example/1", "https://news.example/2"]
    assert (reader.records, reader.outside_window) == (4, 2)


def test_a_truncated_gzip_member_is_listed_and_reading_goes_on(tmp_path: Path):
    members = [gzip.compress(page(n)) for n in range(1, 5)]
    broken_at = len(members[0]) + len(members[1])
    members[2] = members[2][: len(members[2]) // 2]
    path = tmp_path / "a.warc.gz"
    path.write_bytes(b"".join(members))
    items = list(WarcFile(str(path)))
    assert urls(items) == [f"https://news.example/{n}" for n in (1, 2, 4)]
    (problem,) = bad(items)
    assert (problem.file, problem.offset) == (str(path), broken_at)
    assert "gzip" in problem.reason.lower()


def test_a_file_cut_short_keeps_what_was_read(tmp_path: Path):
    data = b"".join(gzip.compress(page(n)) for n in range(1, 4))
    path = tmp_path / "a.warc.gz"
    path.write_bytes(data[:-40])
    items = list(WarcFile(str(path)))
    assert urls(items) == ["https://news.example/1", "https://news.example/2"]
    assert len(bad(items)) == 1


@pytest.mark.parametrize("error", [400, -12])
@pytest.mark.parametrize("compressed", [True, False])
def test_a_record_whose_declared_length_lies_is_listed(
    tmp_path: Path, error: int, compressed: bool
):
    liar = response_record(
        "https://news.example/liar",
        html_page(LAUNCH_TEXT, "https://news.example/liar", "L"),
        length_error=error,
    )
    records = [page(1), liar, page(3), page(4)]
    path = write_warc(tmp_path / "a.warc", records, compressed)
    items = list(WarcFile(str(path)))
    (problem,) = bad(items)
    first = records[0]
    assert problem.offset == len(gzip.compress(first) if compressed else first)
    assert urls(items) == [f"https://news.example/{n}" for n in (1, 3, 4)]


def test_a_huge_body_is_skipped_unread(tmp_path: Path):
    """A 200 MB body (zeros, compressed to a few hundred kB) is one bad record."""
    size = 200 * 1024 * 1024
    head = (
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Date: 2022-01-14T03:00:00Z\r\n"
        "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
        "WARC-Target-URI: https://news.example/huge\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
    )
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    head += f"Content-Length: {len(http) + size}\r\n\r\n"
    squeeze = zlib.compressobj(1, zlib.DEFLATED, 31)
    chunks = [squeeze.compress(head.encode() + http)]
    zeros = bytes(1 << 20)
    chunks.extend(squeeze.compress(zeros) for _ in range(size >> 20))
    chunks.append(squeeze.compress(b"\r\n\r\n") + squeeze.flush())
    path = tmp_path / "a.warc.gz"
    path.write_bytes(gzip.compress(page(1)) + b"".join(chunks) + gzip.compress(page(3)))
    items = list(WarcFile(str(path)))
    assert urls(items) == ["https://news.example/1", "https://news.example/3"]
    (problem,) = bad(items)
    assert "too large: 209,715,2" in problem.reason and problem.offset > 0


def test_binary_and_undecodable_pages_are_bad_records(tmp_path: Path):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8 + b" missile"
    empty_article = b"<html><head><title>missile</title></head><body></body></html>"
    records = [
        response_record("https://news.example/png", png),
        response_record("https://news.example/empty", empty_article),
        page(3),
    ]
    path = write_warc(tmp_path / "a.warc.gz", records)
    counts: Counter[str] = Counter()
    results = [
        item if isinstance(item, BadRecord) else read_page(item, counts)
        for item in kept_pages(str(path), counts)
    ]
    problems = [r for r in results if isinstance(r, BadRecord)]
    assert [p.reason.split(" (")[0] for p in problems] == [
        "PNG image, not a text file",
        "no main text found in the HTML page",
    ]
    assert counts["errors"] == 2 and counts["articles"] == 1 and counts["records"] == 3


def test_expand_inputs_walks_folders_and_globs(tmp_path: Path):
    for name in ("b.warc.gz", "a.warc", "sub/c.wet.gz", "notes.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    assert expand_inputs([str(tmp_path)]) == [
        str(tmp_path / "a.warc"),
        str(tmp_path / "b.warc.gz"),
        str(tmp_path / "sub/c.wet.gz"),
    ]
    assert expand_inputs([str(tmp_path / "*.warc*")]) == [
        str(tmp_path / "a.warc"),
        str(tmp_path / "b.warc.gz"),
    ]
    assert expand_inputs(["s3a://bucket/cc-news/"]) == ["s3a://bucket/cc-news/"]
    with pytest.raises(FileNotFoundError):
        expand_inputs([str(tmp_path / "missing-*.warc.gz")])


def test_a_record_with_a_broken_status_line_stops_nothing(tmp_path: Path):
    broken = page(2).replace(b"HTTP/1.1 200 OK", b"\x00\x01garbage" + bytes(6), 1)
    path = write_warc(tmp_path / "a.warc.gz", [page(1), broken, page(3)])
    items = list(WarcFile(str(path)))
    assert urls(items) == [f"https://news.example/{n}" for n in (1, 2, 3)]
    assert [item.status for item in items if isinstance(item, WarcPage)] == [200, None, 200]


def test_a_member_cut_inside_its_gzip_header_is_listed_at_its_own_offset(tmp_path: Path):
    members = [gzip.compress(page(n)) for n in range(1, 4)]
    members[1] = members[1][:40]  # so short that not even the WARC header inflates
    path = tmp_path / "a.warc.gz"
    path.write_bytes(b"".join(members))
    items = list(WarcFile(str(path)))
    assert urls(items) == ["https://news.example/1", "https://news.example/3"]
    (problem,) = bad(items)
    assert problem.offset == len(members[0])
