"""The web pages: the event list (with the timeline chart), one event with its sources, the map.

Pages are rendered on the server by Jinja2 with autoescaping, so text from articles is always
shown as text. Only http(s) urls become links (``safe_href``); scripts are static files, as the
content security policy allows no inline script.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from launchwatch.events.resolve import claim_differs
from launchwatch.events.words import FIELD_LABELS, headline, label, rule_text, value_text
from launchwatch.serve.api import EVENT_ID, StoreDep, cache_key, conditional
from launchwatch.serve.basemap import basemap_geojson, map_sites, map_view
from launchwatch.serve.models import Category, Confirmation
from launchwatch.serve.queries import EventFilters, EventPageQuery
from launchwatch.serve.security import require_read
from launchwatch.serve.timeline import timeline
from launchwatch.store import Store
from launchwatch.store.render import TABLE_COLUMNS
from launchwatch.store.store import SEARCH_SORTS

TEMPLATES = Path(__file__).parent / "templates"
HTML = "text/html; charset=utf-8"
JSON = "application/json"
GEOJSON = "application/geo+json"
# (heading, row key, sort key or None) of the event list's columns: those of the terminal's
# table, headed in words; every one sortable.
LIST_COLUMNS: tuple[tuple[str, str, str | None], ...] = tuple(
    (label("field", key) if key in FIELD_LABELS else heading, key,
     key if key in SEARCH_SORTS else None)
    for heading, key in TABLE_COLUMNS
)  # fmt: skip

# (link text, format) of the list's download links.
DOWNLOADS = (("CSV", "csv"), ("JSON", "json"), ("GeoJSON", "geojson"), ("Excel", "xlsx"))

Segment = tuple[str, str | None]  # (text, anchor id of a highlighted claim, or None)

pages = APIRouter(dependencies=[Depends(require_read)], include_in_schema=False)


def safe_href(url: str | None) -> str | None:
    """``url`` when it is an http(s) url (safe as a link), else None (shown as text only)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def display(value: Any) -> str:
    """A resolved or claimed value for a table cell."""
    if value is None or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(display(v) for v in value)
    return str(value)


def environment() -> Environment:
    """The Jinja2 environment: autoescape on for every template, undefined names are errors."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["display"] = display
    env.filters["safe_href"] = safe_href
    env.filters["label"] = lambda code, kind: label(kind, code)
    env.filters["cell"] = lambda value, field: value_text(field, value)
    env.filters["rule"] = rule_text
    env.globals["headline"] = headline
    env.globals.update(
        categories=Category.__args__,
        confirmations=Confirmation.__args__,
    )
    return env


def html(request: Request, name: str, **context: Any) -> bytes:
    """A page from its template; ``request`` and the settings are in every template's context."""
    env: Environment = request.app.state.templates
    page = env.get_template(name).render(
        request=request, settings=request.app.state.settings, **context
    )
    return page.encode("utf-8")


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page as a response (for error pages, which are not kept)."""
    return HTMLResponse(html(request, name, **context), status_code=status_code)


def kept(request: Request, make: Callable[[], bytes]) -> Response:
    """The page ``make`` renders, kept until the database changes (see ``serve.cache``)."""
    return conditional(request, request.app.state.cache.get(cache_key(request), make), HTML)


@pages.get("/", response_class=HTMLResponse, name="event_list")
def event_list(
    request: Request, store: StoreDep, query: Annotated[EventPageQuery, Query()]
) -> Response:
    """The event list: filters, the timeline of the matching events, a sortable page of them."""
    return kept(request, lambda: _list_page(request, store, query))


def _list_page(request: Request, store: Store, query: EventPageQuery) -> bytes:
    filters = query.store_arguments()
    total, rows = store.search_events(
        **filters,
        sort=query.sort,
        descending=query.order == "desc",
        limit=query.limit,
        offset=query.offset,
    )
    everything = store.event_summaries(**filters)
    chart = timeline(
        everything,
        lambda start, end, category: query.link(
            "/", date_from=start, date_to=end, category=category, offset=None
        ),
    )
    by_category = Counter(row.get("category") or "unknown" for row in everything)
    return html(
        request,
        "list.html",
        query=query,
        total=total,
        rows=rows,
        chart=chart,
        by_category=by_category,
        columns=LIST_COLUMNS,
        options=store.filter_values(),
        downloads=[
            (name, query.link(f"/api/export.{fmt}", sort=None, order=None, limit=None))
            for name, fmt in DOWNLOADS
        ],
    )


@pages.get("/events/{event_id}", response_class=HTMLResponse, name="event_page")
def event_page(request: Request, store: StoreDep, event_id: Annotated[str, EVENT_ID]) -> Response:
    """One event: resolved record, each field's claims with evidence, the articles' texts."""
    return kept(request, lambda: _event_page(request, store, event_id))


def _event_page(request: Request, store: Store, event_id: str) -> bytes:
    event = store.get_event(event_id, with_texts=True)
    if event is None:
        raise HTTPException(404, f"no event with id {event_id!r}")
    texts: list[dict[str, Any]] = []
    full_text: dict[str, str] = event["texts"]
    stories = Counter(article.get("story") for article in event["articles"])
    for n, article in enumerate(event["articles"]):
        text = full_text[article["url"]]
        spans = sorted(
            {
                (c["span"][0], c["span"][1])
                for claims in event["claims"].values()
                for c in claims
                if c["url"] == article["url"]
            }
        )
        texts.append(
            {
                **article,
                "segments": mark_spans(text, spans, f"a{n}"),
                "outlet_name": outlet_name(article.get("outlet"), article["url"]),
                "heading": article.get("title")
                or f"Article from {outlet_name(article.get('outlet'), article['url'])}",
                "copies": stories[article.get("story")] - 1,
            }
        )
    anchor_of = {t["url"]: f"a{n}" for n, t in enumerate(texts)}
    outlet_of = {t["url"]: t["outlet_name"] for t in texts}
    # Each evidence sentence once, with every claim it bears; claims point to their sentence.
    sentences: dict[tuple[str, str], dict[str, Any]] = {}
    claims: dict[str, list[dict[str, Any]]] = {}
    for name, field_claims in event["claims"].items():
        claims[name] = []
        for c in field_claims:
            key = (c["url"], c["evidence"])
            if key not in sentences:
                sentences[key] = {
                    "id": f"s{len(sentences)}",
                    "url": c["url"],
                    "title": c.get("title"),
                    "published": c.get("published"),
                    "outlet_name": outlet_of.get(c["url"]),
                    "text": c["evidence"],
                    "quotes": [],
                    "claims": [],
                    "anchor": f"{anchor_of[c['url']]}-{c['span'][0]}-{c['span'][1]}",
                }
            sentence = sentences[key]
            claim = {
                **c,
                "field": name,
                "anchor": f"{anchor_of[c['url']]}-{c['span'][0]}-{c['span'][1]}",
                "differs": claim_differs(name, c["value"], event["conflicts"]),
                "sentence_id": sentence["id"],
            }
            sentence["quotes"].append(full_text.get(c["url"], "")[c["span"][0] : c["span"][1]])
            sentence["claims"].append(claim)
            claims[name].append(claim)
    evidence = [
        {**found, "segments": marked(found["text"], found["quotes"])}
        for found in sorted(sentences.values(), key=lambda f: anchor_of[f["url"]])
    ]
    title = headline(event["values"], event.get("country"), event.get("date"))
    return html(
        request,
        "event.html",
        event=event,
        title=title,
        claims=claims,
        evidence=evidence,
        texts=texts,
    )


def outlet_name(outlet: str | None, url: str) -> str:
    """Who published an article: its outlet as the page names it, else its web domain without
    "www." ("en.yna.co.kr"), else "local file" for a file or JSONL line read from disk."""
    if outlet:
        return outlet
    try:
        parts = urlsplit(url)
    except ValueError:
        return "outlet unknown"
    if parts.scheme not in ("http", "https"):
        return "local file"  # file:// and jsonl:// urls name a file read, not a publisher
    host = (parts.hostname or "").removeprefix("www.")
    return host or "outlet unknown"


def marked(sentence: str, quotes: list[str]) -> list[Segment]:
    """The sentence with each claim's words (``quotes``, found in it) marked; unfound words
    are left unmarked."""
    spans = set()
    for quote in quotes:
        words = " ".join(quote.split())
        found = sentence.find(words) if words else -1
        if found >= 0:
            spans.add((found, found + len(words)))
    return [
        (text, "mark" if anchor else None)
        for text, anchor in mark_spans(sentence, sorted(spans), "m")
        if text
    ]


@pages.get("/api/docs", response_class=HTMLResponse, name="api_docs")
def api_docs(request: Request) -> Response:
    """The HTML API reference: Swagger UI (vendored in static/swagger-ui) over /openapi.json."""
    return kept(request, lambda: html(request, "api_docs.html"))


@pages.get("/map", response_class=HTMLResponse, name="map_page")
def map_page(
    request: Request, store: StoreDep, query: Annotated[EventFilters, Query()]
) -> Response:
    """The map of launch areas (and known landing areas) of the matching events."""
    return kept(request, lambda: _map_page(request, store, query))


def _map_page(request: Request, store: Store, query: EventFilters) -> bytes:
    total, rows = store.search_events(**query.store_arguments())
    view = map_view(
        rows, lambda name: query.link("/", q=name), request.app.state.settings.tiles_url
    )
    placed = sum(1 for r in rows if r.get("place"))
    return html(
        request,
        "map.html",
        query=query,
        view=view,
        total=total,
        placed=placed,
        options=store.filter_values(),
    )


@pages.get("/map.json", name="map_data")
def map_data(
    request: Request, store: StoreDep, query: Annotated[EventFilters, Query()]
) -> Response:
    """The sites and lines the map page's script draws, for the matching events."""

    def make() -> bytes:
        _, rows = store.search_events(**query.store_arguments())
        data = map_sites(rows, lambda name: query.link("/", q=name))
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    return conditional(request, request.app.state.cache.get(cache_key(request), make), JSON)


@pages.get("/map/basemap.geojson", name="basemap")
def basemap(request: Request) -> Response:
    """The bundled basemap (Natural Earth 1:110m countries) as GeoJSON for the map's script."""
    return conditional(
        request, request.app.state.cache.get(cache_key(request), basemap_geojson), GEOJSON
    )


def mark_spans(text: str, spans: list[tuple[int, int]], prefix: str) -> list[Segment]:
    """``text`` cut into plain and highlighted pieces, each highlight anchored as
    ``<prefix>-<start>-<end>`` of its span; a span inside an earlier one gets an empty anchor.
    """
    segments: list[Segment] = []
    at = 0
    for start, end in spans:
        anchor = f"{prefix}-{start}-{end}"
        begin, finish = max(start, at), min(end, len(text))
        if finish <= begin:
            segments.append(("", anchor))
            continue
        if begin > at:
            segments.append((text[at:begin], None))
        segments.append((text[begin:finish], anchor))
        at = finish
    if at < len(text):
        segments.append((text[at:], None))
    return segments
