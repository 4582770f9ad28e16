"""Read an HTML page into an Article: main text and metadata by trafilatura, plus two repairs.

trafilatura drops ``<figure>`` elements, and with them the photo captions that often name the
launch place, so captions are turned into paragraphs before extraction. htmldate keeps only the
day of publication, so a full timestamp with its offset is taken from the page's metadata first.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from launchwatch.articles.boilerplate import strip_boilerplate
from launchwatch.articles.decode import DecodeError, normalize_text
from launchwatch.articles.model import Article
from launchwatch.articles.timestamps import iso_timestamp

WEB_SCHEMES = ("http", "https")

# <meta> names / properties / itemprops carrying the publication time, most specific first.
PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "dc.date.issued",
)


def article_from_html(
    raw: bytes, origin: str, fallback_url: str, article_id: str | None = None
) -> Article:
    """Extract one page's main text and metadata; ``raw`` is kept on the Article.

    The url is the page's canonical link or og:url, else ``fallback_url``. When
    ``fallback_url`` is a web address (the page was fetched from it), the declared url is
    taken only on the same site (see :func:`same_site`): a page cannot claim another outlet's
    article as its own. Raises :class:`DecodeError` when the bytes are not HTML or no main text
    is found.
    """
    tree = load_html(raw)
    if tree is None:
        raise DecodeError(origin, "not parseable as HTML")
    metas = _meta_contents(tree)
    published = _published_time(tree, metas)
    language = _language(tree, metas)
    _captions_to_paragraphs(tree)
    document = trafilatura.bare_extraction(
        tree, with_metadata=True, include_comments=False, include_tables=True
    )
    text = strip_boilerplate(normalize_text(document.text or "")) if document else ""
    if not text:
        raise DecodeError(origin, "no main text found in the HTML page")
    url = _identity(document.url, fallback_url)
    outlet = document.sitename or document.hostname
    if url != document.url and document.url:  # the declared url was refused: so is its host
        outlet = _outlet_without(document.sitename, _host(document.url)) or _host(url) or None
    return Article(
        text=text,
        url=url,
        id=article_id,
        title=document.title,
        published=published or document.date,
        outlet=outlet,
        language=document.language or language,
        raw=raw,
        origin=origin,
    )


def same_site(url: str, other: str) -> bool:
    """True when both urls are on one host, or one host is under the other's last two labels.

    ``news.example.com`` and ``www.example.com`` are one site, ``example.com`` and
    ``example.org`` are not. Where the last two labels are a country's second-level domain
    (``co.uk``, ``com.au``, ``go.kr``: a short label under a two-letter one), the last three
    are compared. IP addresses match only themselves.
    """
    host, other_host = _host(url), _host(other)
    if not host or not other_host:
        return False
    if host == other_host:
        return True
    if _is_ip(host) or _is_ip(other_host):
        return False
    return _under(host, _site(other_host)) or _under(other_host, _site(host))


def looks_like_html(raw: bytes) -> bool:
    """True when the start of ``raw`` is an HTML document (doctype or ``<html`` tag)."""
    head = raw[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<!doctype html") or b"<html" in head


def _captions_to_paragraphs(tree: HtmlElement) -> None:
    """Replace each captioned ``<figure>`` by a ``<p>`` holding its caption text."""
    for figure in list(tree.iter("figure")):
        caption = figure.find(".//figcaption")
        parent = figure.getparent()
        if caption is None or parent is None:
            continue
        paragraph = figure.makeelement("p", {})
        paragraph.text = " ".join(caption.text_content().split())
        paragraph.tail = figure.tail
        parent.replace(figure, paragraph)


def _published_time(tree: HtmlElement, metas: dict[str, list[str]]) -> str | None:
    """The first publication timestamp with a time of day in meta tags or JSON-LD, as ISO."""
    values = [value for key in PUBLISHED_META for value in metas.get(key, [])]
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            values.extend(_json_ld_dates(json.loads(script.text_content())))
        except (ValueError, RecursionError):  # broken, or nested too deeply to read
            continue
    for value in values:
        stamp = _parse_timestamp(value)
        if stamp is not None:
            return stamp
    return None


def _json_ld_dates(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("datePublished"), str):
            yield node["datePublished"]
        for child in node.values():
            yield from _json_ld_dates(child)
    elif isinstance(node, list):
        for child in node:
            yield from _json_ld_dates(child)


def _parse_timestamp(value: str | None) -> str | None:
    """ISO timestamp (with offset when given) for values carrying a time of day, else None."""
    if not value or ":" not in value:
        return None
    return iso_timestamp(value)


def _language(tree: HtmlElement, metas: dict[str, list[str]]) -> str | None:
    """Primary language subtag from ``<html lang>`` or a content-language meta tag."""
    declared = tree.get("lang") or next(iter(metas.get("content-language", [])), "")
    return declared.replace("_", "-").split("-")[0].strip().lower() or None


def _meta_contents(tree: HtmlElement) -> dict[str, list[str]]:
    """``<meta>`` contents by lower-cased property, name, itemprop or http-equiv, in page order."""
    contents: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        content = meta.get("content")
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = meta.get(attribute)
            if key and content:
                contents.setdefault(key.lower(), []).append(content)
    return contents


def _identity(declared: str | None, fallback_url: str) -> str:
    """The page's declared url when it may stand for the page, else ``fallback_url``.

    A page read from a file (a ``file:`` url) has no host to compare, so its declaration is
    taken as it is; a fetched page's only on the site it was fetched from.
    """
    if not declared:
        return fallback_url
    if urlsplit(fallback_url).scheme not in WEB_SCHEMES:
        return declared
    absolute = urljoin(fallback_url, declared.strip())
    if urlsplit(absolute).scheme in WEB_SCHEMES and same_site(absolute, fallback_url):
        return absolute
    return fallback_url


def _outlet_without(sitename: str | None, refused_host: str) -> str | None:
    """The page's site name, unless it was made from the refused url (trafilatura's fallback)."""
    if not sitename or (refused_host and refused_host.endswith(sitename.lower())):
        return None
    return sitename


def _host(url: str) -> str:
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return ""
    return (host or "").rstrip(".").lower()


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _site(host: str) -> str:
    """The host's last two labels, or three under a country's second-level domain."""
    labels = host.split(".")
    keep = 3 if len(labels) > 2 and len(labels[-1]) == 2 and len(labels[-2]) <= 3 else 2
    return ".".join(labels[-keep:])


def _under(host: str, site: str) -> bool:
    return host == site or host.endswith("." + site)
