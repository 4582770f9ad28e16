"""Fetched pages into Articles, and urls into their canonical form.

The page's ``Content-Type`` charset, when it decodes the bytes, is applied before extraction;
otherwise the encoding is detected from the bytes. The raw bytes as served are kept on the
Article (the store keeps them compressed). A feed item's publication time fills in for a page
that gives none, or gives only a day.
"""

from __future__ import annotations

import codecs
import dataclasses

from courlan import normalize_url

from launchwatch.articles import Article
from launchwatch.articles.decode import DecodeError, check_bytes
from launchwatch.articles.html import article_from_html, looks_like_html
from launchwatch.sources.fetch import Fetched

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", ""})


def canonical_url(url: str) -> str:
    """The url without fragment, tracking parameters and default port, host lower-cased."""
    try:
        return normalize_url(url.strip(), strict=True)
    except ValueError:
        return url.strip()


def article_from_page(fetched: Fetched, published: str | None = None) -> Article:
    """Extract the Article of a fetched HTML page; ``published`` is the feed's date for it.

    Raises :class:`DecodeError` for a body that is not an HTML page or has no main text.
    """
    origin = fetched.url
    check_bytes(fetched.body, origin, max_bytes=len(fetched.body))
    kind = fetched.content_type
    if kind not in HTML_TYPES and not (kind == "text/plain" and looks_like_html(fetched.body)):
        raise DecodeError(origin, f"{kind} is not an HTML page")
    article = article_from_html(
        _as_utf8(fetched.body, fetched.charset), origin, fallback_url=canonical_url(fetched.url)
    )
    if published and (not article.published or len(article.published) <= len("YYYY-MM-DD")):
        article = dataclasses.replace(article, published=published)
    return dataclasses.replace(article, url=canonical_url(article.url), raw=fetched.body)


def _as_utf8(body: bytes, charset: str | None) -> bytes:
    """The body re-encoded as UTF-8 when the declared charset decodes it, else as served."""
    if not charset:
        return body
    try:
        codecs.lookup(charset)
        return body.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return body
