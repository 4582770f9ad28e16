"""Write WARC files of pages, as a news crawler does, for the tests and the benchmark.

:func:`html_page` wraps a text (paragraphs on blank lines or line breaks) in a news page with a
canonical link, a title and a publication date; :func:`filler_page` makes a page about
anything but missiles; :func:`response_record` and :func:`write_warc` write WARC/1.1 response
records (with a request record before each, as crawlers write them), one gzip member per record
(``gzip=True``) or uncompressed. Nothing here reads the network or the corpus; the callers pass
the texts.
"""

from __future__ import annotations

import gzip as gzip_module
import html
import random
import uuid
from collections.abc import Iterable
from pathlib import Path

FILLER_TEXT = (
    "the council approved a new budget for the city parks and the harbour front this week "
    "while shares in the regional bank rose after the quarterly results were published and "
    "the football club signed a midfielder from the northern league before the weather turned "
    "cold with rain expected across the coast on the weekend and the museum opened an "
    "exhibition of early photographs from the textile mills"
)

_FILLER_WORDS = FILLER_TEXT.split(" ")


def html_page(text: str, url: str, title: str, published: str | None = None) -> bytes:
    """A news page holding ``text`` as its article, with a canonical link to ``url``."""
    paragraphs = [p.strip() for p in text.replace("\r", "").split("\n") if p.strip()]
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    date = (
        f'<meta property="article:published_time" content="{html.escape(published)}">'
        if published
        else ""
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        f'<link rel="canonical" href="{html.escape(url)}">{date}</head>\n'
        '<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>\n'
        f"<article><h1>{html.escape(title)}</h1>\n{body}\n</article>\n"
        "<footer>All rights reserved.</footer></body></html>\n"
    ).encode()


def filler_page(number: int, rng: random.Random, words: int = 600) -> bytes:
    """A page of local news made of ``words`` random filler words (no launch vocabulary)."""
    sentences = []
    for _ in range(max(1, words // 15)):
        chosen = rng.choices(_FILLER_WORDS, k=15)
        sentences.append(" ".join(chosen).capitalize() + ".")
    text = "\n".join(" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4))
    return html_page(text, f"https://local.example/news/{number}", f"Local news {number}")


def response_record(
    url: str,
    body: bytes,
    date: str = "2022-01-14T03:00:00Z",
    content_type: str = "text/html; charset=utf-8",
    length_error: int = 0,
) -> bytes:
    """One WARC response record (HTTP 200 with ``body``); ``length_error`` bytes are added to
    the declared Content-Length, to write a record whose length lies."""
    block = (
        f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    return _record("response", url, date, "application/http; msgtype=response", block, length_error)


def request_record(url: str, date: str = "2022-01-14T03:00:00Z") -> bytes:
    """The WARC request record a crawler writes before the response."""
    host = url.split("/")[2] if "://" in url else "example.org"
    block = f"GET / HTTP/1.1\r\nHost: {host}\r\nUser-Agent: crawler\r\n\r\n".encode()
    return _record("request", url, date, "application/http; msgtype=request", block, 0)


def conversion_record(url: str, text: str, date: str = "2022-01-14T03:00:00Z") -> bytes:
    """A WET conversion record: the page's extracted text."""
    return _record("conversion", url, date, "text/plain", text.encode("utf-8"), 0)


def _record(
    kind: str, url: str, date: str, content_type: str, block: bytes, length_error: int
) -> bytes:
    head = (
        f"WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
        f"WARC-Date: {date}\r\nWARC-Target-URI: {url}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(block) + length_error}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def write_warc(path: Path | str, records: Iterable[bytes], gzip: bool = True) -> Path:
    """Write ``records`` to ``path``, each its own gzip member when ``gzip``; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        for record in records:
            out.write(gzip_module.compress(record) if gzip else record)
    return path
