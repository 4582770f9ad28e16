"""Read web archive files (WARC, WARC.gz, WET) record by record, going on past broken records.

:class:`WarcFile` streams one file with FastWARC (warcio when FastWARC is not installed) and
yields a :class:`WarcPage` for each ``response`` record (an HTTP answer: headers and body) and
each ``conversion`` record (the extracted text of a WET file), and a :class:`BadRecord` for each
record it cannot use: a truncated or corrupt gzip member, a record whose declared length does
not end where the next record starts, a body over the size limit. Request, metadata, revisit
and warcinfo records are skipped. A reading error never ends the file: the reader looks for the
next record start after the damage (a gzip member that holds a WARC header, or a ``WARC/1.``
line in an uncompressed file) and goes on from there, so what was read before stays.

:func:`article_from_record` turns a page into an Article by the same path as ``ingest`` and
``fetch`` (:func:`launchwatch.sources.web.article_from_page` for HTML, the plain-text reader for
WET text), so a page read from an archive and the same page read from a file give one report.
"""

from __future__ import annotations

import glob
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from launchwatch.articles import Article
from launchwatch.articles.boilerplate import strip_boilerplate
from launchwatch.articles.decode import MAX_INPUT_BYTES, DecodeError, check_bytes, decode_text

WARC_SUFFIXES = (".warc", ".warc.gz", ".wet", ".wet.gz", ".arc.gz")
GZIP_MAGIC = b"\x1f\x8b\x08"
RECORD_START = b"WARC/1."
# How far past a damaged record the reader looks for the next record start.
RESYNC_CHUNK = 1 << 20


@dataclass(frozen=True)
class WarcPage:
    """One response or conversion record: where it is, what was crawled, and its body.

    ``offset`` is the record's byte offset in the (compressed) file; ``crawled`` the WARC-Date
    as ISO 8601 UTC; ``kind`` is "response" (an HTTP answer) or "conversion" (WET text);
    ``content_type`` and ``charset`` come from the HTTP headers (None for WET text).
    """

    file: str
    offset: int
    url: str
    crawled: str | None
    kind: str
    status: int | None
    content_type: str | None
    charset: str | None
    body: bytes


@dataclass(frozen=True)
class BadRecord:
    """A record that could not be used: its file, its byte offset and why."""

    file: str
    offset: int
    reason: str

    def to_json(self) -> dict[str, Any]:
        """The record as one line of the bad-records report."""
        return {"file": self.file, "offset": self.offset, "reason": self.reason}


def expand_inputs(inputs: list[str]) -> list[str]:
    """The archive files named by ``inputs``: files, folders (walked), globs, or URLs.

    Local folders are walked for names ending in ``WARC_SUFFIXES``, in sorted order; a pattern
    with ``*``, ``?`` or ``[`` is expanded; a URL (``scheme://``) is kept as it is, for a
    filesystem that the reader (fsspec) or Spark knows. Raises ``FileNotFoundError`` for a
    local input that matches nothing.
    """
    found: list[str] = []
    for given in inputs:
        if "://" in given and not given.startswith("file://"):
            found.extend(_expand_url(given))
            continue
        local = given.removeprefix("file://")
        matches = sorted(glob.glob(local)) if glob.has_magic(local) else [local]
        if not matches or not all(os.path.exists(m) for m in matches):
            raise FileNotFoundError(f"{given}: no such file or directory")
        for match in matches:
            if os.path.isdir(match):
                found.extend(
                    str(p)
                    for p in sorted(Path(match).rglob("*"))
                    if p.is_file() and p.name.lower().endswith(WARC_SUFFIXES)
                )
            else:
                found.append(match)
    return found


def _expand_url(url: str) -> list[str]:
    """The archive files a URL names through fsspec: itself, a folder's files, a glob's matches.

    Without fsspec, or for a filesystem it cannot list, the URL is kept as it is (the reader,
    or Spark, may still open it).
    """
    try:
        import fsspec
    except ImportError:
        return [url]
    try:
        fs, path = fsspec.core.url_to_fs(url)
        if glob.has_magic(path):
            paths = sorted(fs.glob(path))
        elif fs.isdir(path):
            paths = sorted(p for p in fs.find(path) if p.lower().endswith(WARC_SUFFIXES))
        else:
            return [url]
    except (ImportError, ValueError, NotImplementedError):  # no driver for this filesystem
        return [url]
    if not paths:
        raise FileNotFoundError(f"{url}: no archive files there")
    return [fs.unstrip_protocol(p) for p in paths]


class WarcFile:
    """Stream the pages of one archive file; counts what it read as it goes.

    ``since`` and ``until`` (ISO dates, inclusive) keep only records crawled in that window;
    ``max_bytes`` is the largest body read (a larger one is a BadRecord, its bytes skipped
    unread). After iteration, ``records`` is the number of response and conversion records
    seen and ``outside_window`` how many of them were left out by the window.
    """

    def __init__(
        self,
        source: str,
        since: str | None = None,
        until: str | None = None,
        max_bytes: int = MAX_INPUT_BYTES,
    ) -> None:
        self.source = source
        self.since = since
        self.until = until
        self.max_bytes = max_bytes
        self.records = 0
        self.outside_window = 0

    def __iter__(self) -> Iterator[WarcPage | BadRecord]:
        start = 0
        while start is not None:
            start = yield from self._read_from(start)

    def _read_from(self, start: int) -> Iterator[WarcPage | BadRecord]:
        """Read records from ``start``; returns where to go on after damage, None at the end.

        Each page is handed out only once the record after it has been read (or the file
        ended), because a declared length that lies shows only at the next record's header.
        """
        pending: WarcPage | BadRecord | None = None
        last = start - 1
        try:
            with open_archive(self.source) as stream:
                stream.seek(start)
                for position, item in _records(stream, self):
                    if pending is not None:
                        yield pending
                    pending, last = item, position
        except OSError as exc:
            message = str(exc) or type(exc).__name__
            if "header" in message.lower() and pending is not None:
                # The record before the broken header ran past its end or stopped short of it.
                yield BadRecord(
                    self.source, last, f"declared length does not end at a record ({message})"
                )
            else:
                if pending is not None:
                    yield pending
                # The damage is in the member (or record) after the last one read.
                damaged = (
                    _next_record_start(self.source, last + 1, check=False)
                    if last >= start
                    else start
                )
                yield BadRecord(self.source, damaged if damaged is not None else last + 1, message)
                last = damaged if damaged is not None else last
            return _next_record_start(self.source, max(last, start) + 1)
        if pending is not None:
            yield pending
        return None

    def in_window(self, crawled: str | None) -> bool:
        """True when the crawl date is inside ``since``..``until`` (no window: always)."""
        if crawled is None:
            return self.since is None and self.until is None
        day = crawled[:10]
        return (self.since is None or day >= self.since) and (
            self.until is None or day <= self.until
        )


def open_archive(source: str) -> IO[bytes]:
    """Open a local path (or ``file://`` URL) or, through fsspec, any other URL, for reading."""
    if "://" in source and not source.startswith("file://"):
        try:
            import fsspec
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise OSError(f"{source}: reading URLs needs fsspec (pip install fsspec)") from exc
        return fsspec.open(source, "rb").open()
    return open(source.removeprefix("file://"), "rb")  # the caller closes it


def _records(stream: IO[bytes], reader: WarcFile) -> Iterator[tuple[int, WarcPage | BadRecord]]:
    """(offset, page or bad record) for every response and conversion record of ``stream``."""
    try:
        from fastwarc.warc import ArchiveIterator
    except ImportError:  # FastWARC has wheels for the usual platforms, but not all
        try:
            yield from _warcio_records(stream, reader)
        except OSError:
            raise
        except Exception as exc:  # warcio's ArchiveLoadFailed and zlib errors: a damaged file
            raise OSError(f"{type(exc).__name__}: {exc}") from exc
        return
    for record in ArchiveIterator(stream, parse_http=False):
        position = record.stream_pos
        kind = record.headers.get("WARC-Type") or ""
        if kind not in ("response", "conversion"):
            continue
        reader.records += 1
        crawled = _iso(record.record_date)
        if not reader.in_window(crawled):
            reader.outside_window += 1
            continue
        url = record.headers.get("WARC-Target-URI") or ""
        status = content_type = charset = None
        if kind == "response":
            try:
                record.parse_http()
            except (OSError, ValueError) as exc:  # the HTTP head is broken, not the file
                yield position, BadRecord(reader.source, position, f"HTTP headers: {exc}")
                continue
            status = record.http_headers.status_code
            content_type = (record.http_content_type or "").lower() or None
            charset = record.http_charset
        length = record.content_length
        if length > reader.max_bytes:
            yield position, _too_large(reader.source, position, length, reader.max_bytes)
            continue
        body = record.reader.read()
        if len(body) < length:
            reason = f"declared length {length:,} bytes, but the file ends after {len(body):,}"
            yield position, BadRecord(reader.source, position, reason)
            continue
        page = WarcPage(
            reader.source, position, url, crawled, kind, status, content_type, charset, body
        )
        yield position, page


def _warcio_records(
    stream: IO[bytes], reader: WarcFile
) -> Iterator[tuple[int, WarcPage | BadRecord]]:
    """The same as :func:`_records`, read with warcio (slower, pure Python)."""
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(stream)
    for record in records:
        if record.rec_type not in ("response", "conversion"):
            continue
        reader.records += 1
        crawled = record.rec_headers.get_header("WARC-Date")
        if not reader.in_window(crawled):
            reader.outside_window += 1
            continue
        length = int(record.rec_headers.get_header("Content-Length") or 0)
        if length > reader.max_bytes:
            position = records.get_record_offset()
            yield position, _too_large(reader.source, position, length, reader.max_bytes)
            continue
        http = record.http_headers
        content = http.get_header("Content-Type") if http else None
        kind, _, params = (content or "").partition(";")
        charset = params.partition("charset=")[2].strip(" \"'") or None
        body = record.content_stream().read()
        position = records.get_record_offset()  # asked before the body, it empties the body
        page = WarcPage(
            reader.source,
            position,
            record.rec_headers.get_header("WARC-Target-URI") or "",
            crawled,
            record.rec_type,
            int(http.get_statuscode()) if http else None,
            kind.strip().lower() or None,
            charset,
            body,
        )
        yield position, page


def _too_large(source: str, position: int, length: int, limit: int) -> BadRecord:
    return BadRecord(
        source, position, f"too large: {length:,} bytes, over the {limit / 1e6:.1f} MB limit"
    )


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _next_record_start(source: str, after: int, check: bool = True) -> int | None:
    """The offset of the first record start at or after ``after``, or None when there is none.

    In a gzip file that is a gzip member whose first bytes inflate to a WARC header (with
    ``check=False``: any gzip member header, readable or not); in an uncompressed file, a
    ``WARC/1.``.
    """
    with open_archive(source) as stream:
        stream.seek(0)
        gzipped = stream.read(2) == GZIP_MAGIC[:2]
        marker = GZIP_MAGIC if gzipped else RECORD_START
        position = after
        while True:
            stream.seek(position)
            chunk = stream.read(RESYNC_CHUNK + 64)
            if not chunk:
                return None
            found = chunk.find(marker)
            while found != -1:
                if found >= RESYNC_CHUNK:
                    break
                if not check or _starts_record(chunk[found:], gzipped):
                    return position + found
                found = chunk.find(marker, found + 1)
            position += RESYNC_CHUNK


def _starts_record(data: bytes, gzipped: bool) -> bool:
    if not gzipped:
        return data.startswith(RECORD_START)
    try:
        head = zlib.decompressobj(31).decompress(data[:4096], len(RECORD_START))
    except zlib.error:
        return False
    return head.startswith(RECORD_START)


def article_from_record(page: WarcPage) -> Article:
    """The Article of one archived page, read as ``fetch`` and ``ingest`` read the same page.

    HTML answers go through :func:`launchwatch.sources.web.article_from_page` (declared
    charset, canonical url on the same site, raw bytes kept); WET text is decoded and stripped
    of boilerplate as a plain-text file is. Raises :class:`DecodeError` for a body that is not
    a page (binary, empty, no main text, a media type other than HTML).
    """
    origin = f"{page.file}@{page.offset}"
    if page.kind == "conversion":
        check_bytes(page.body, origin, max_bytes=max(len(page.body), 1))
        text = strip_boilerplate(decode_text(page.body, origin, max_bytes=len(page.body)))
        return Article(text=text, url=page.url, raw=page.body, origin=origin)
    if page.status is not None and page.status != 200:
        raise DecodeError(origin, f"HTTP status {page.status}, not a page")
    import httpx

    from launchwatch.sources.fetch import Fetched
    from launchwatch.sources.web import article_from_page

    content_type = page.content_type or ""
    if page.charset:
        content_type += f"; charset={page.charset}"
    fetched = Fetched(
        url=page.url,
        status=200,
        headers=httpx.Headers({"content-type": content_type}),
        body=page.body,
    )
    article = article_from_page(fetched)
    article.origin = origin
    return article
