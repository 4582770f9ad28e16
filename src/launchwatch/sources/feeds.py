"""RSS and Atom feeds into items: the article links to fetch, each with a fingerprint.

Feeds are untrusted XML. Before feedparser sees one, defusedxml parses it with entity
declarations, external entities and DTD fetching forbidden, so an entity bomb ("billion laughs")
is refused instead of expanded. A feed that is not well-formed XML (feedparser reads many such)
(or one in a multi-byte legacy charset, which the checking parser cannot read) is refused only
when it declares entities, since they could not be checked.
"""

from __future__ import annotations

import hashlib
import io
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from urllib.parse import urljoin

import defusedxml.ElementTree
import feedparser
from defusedxml import DefusedXmlException

from launchwatch.articles.timestamps import iso_timestamp
from launchwatch.sources.web import canonical_url

FEED_TYPES = ("xml", "rss", "atom", "rdf")


class FeedError(ValueError):
    """A feed that was refused or could not be read; the message says why."""


@dataclass(frozen=True)
class FeedItem:
    """One entry: canonical url of the article, title, publication time (ISO, with offset).

    ``fingerprint`` changes when the entry changes (a corrected title or summary, a new
    ``updated`` time), so that an updated article is fetched again.
    """

    url: str
    title: str | None
    published: str | None
    fingerprint: str


def looks_like_feed(content_type: str, body: bytes) -> bool:
    """True for an XML media type, or a body that starts like XML, RSS or Atom."""
    if any(kind in content_type for kind in FEED_TYPES):
        return True
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf"))


def parse_feed(body: bytes, url: str, content_type: str = "") -> list[FeedItem]:
    """The items of a feed, with links made absolute against ``url`` (or ``xml:base``).

    Raises :class:`FeedError` for entity declarations and for bodies that are no feed.
    """
    _refuse_entities(body)
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers, sanitize_html=True)
    if not parsed.entries and parsed.get("bozo"):
        raise FeedError(f"not a readable feed: {parsed.get('bozo_exception')}")
    items: dict[str, FeedItem] = {}
    for entry in parsed.entries:
        link = entry.get("link") or _alternate_link(entry)
        if not link:
            continue
        item_url = canonical_url(urljoin(url, link))
        updated = dict.get(entry, "updated")  # not entry.get: feedparser maps it to published
        published = iso_timestamp(entry.get("published")) or iso_timestamp(updated)
        digest = hashlib.sha256()
        for part in (item_url, entry.get("title"), entry.get("summary"), updated):
            digest.update((part or "").encode("utf-8") + b"\x00")
        items.setdefault(
            item_url, FeedItem(item_url, entry.get("title"), published, digest.hexdigest())
        )
    return list(items.values())


def _refuse_entities(body: bytes) -> None:
    try:
        defusedxml.ElementTree.fromstring(body, forbid_dtd=False)
    except DefusedXmlException as exc:
        raise FeedError(f"refused: {type(exc).__name__} ({exc})") from exc
    except (ElementTree.ParseError, ValueError) as exc:  # malformed, or a multi-byte charset
        if _declares_entities(body):
            raise FeedError(f"refused: entity declaration in a malformed feed ({exc})") from exc


def _declares_entities(body: bytes) -> bool:
    """True when a document type declaration is followed by an entity declaration.

    Outside a DTD, ``<!ENTITY`` can stand only in a comment or CDATA section, so text that just
    mentions entities is not refused. Read without NUL bytes, so that UTF-16 and UTF-32 bodies
    are checked too, and with plain searches (linear time: the body is hostile).
    """
    text = body.replace(b"\x00", b"").upper()
    doctype = text.find(b"<!DOCTYPE")
    return doctype >= 0 and text.find(b"<!ENTITY", doctype) >= 0


def _alternate_link(entry: feedparser.FeedParserDict) -> str | None:
    for link in entry.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link["href"])
    return None
