"""The JSON API under ``/api/``: events, articles, statistics, exports, the Atom feed, ingest.

Reads are open unless a read token is configured; writes need the write token (see
:mod:`launchwatch.serve.security`). Handlers are plain functions (run in the thread pool), since
the store is synchronous.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from launchwatch.alerts.atom import alerts_feed
from launchwatch.articles import Article
from launchwatch.articles.decode import DecodeError
from launchwatch.events.curation import CurationError, UnknownEvent
from launchwatch.events.export import FORMATS, write
from launchwatch.pipeline import IngestSummary
from launchwatch.reports.extract import extract_report
from launchwatch.serve.cache import ResponseCache
from launchwatch.serve.models import (
    ArticleDetail,
    Curation,
    CurationMade,
    CurationRequest,
    EventDetail,
    EventPage,
    IngestResult,
    Problem,
    Statistics,
    TextIngest,
    UrlIngest,
)
from launchwatch.serve.queries import EventListQuery, ExportQuery, StatsQuery
from launchwatch.serve.security import require_read, require_write
from launchwatch.serve.timeline import statistics
from launchwatch.sources import InputError, read_jsonl_stream
from launchwatch.sources.fetch import Fetcher, FetchError
from launchwatch.sources.monitor import fetch_article
from launchwatch.store import Store

MEDIA_TYPES: dict[str, str] = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FEED_ENTRIES = 50
T = TypeVar("T")
EVENT_ID = Path(max_length=64, pattern=r"^[A-Za-z0-9._-]+$", description="Event id")

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "A token is needed, or the one given is wrong."},
    422: {"description": "A parameter is malformed or out of range."},
}


async def store_of(request: Request) -> Store:
    """The app's store (async: no thread is needed to hand it over)."""
    return request.app.state.store


StoreDep = Annotated[Store, Depends(store_of)]

reads = APIRouter(prefix="/api", dependencies=[Depends(require_read)], responses=ERRORS)
writes = APIRouter(
    prefix="/api",
    dependencies=[Depends(require_write)],
    responses={**ERRORS, 403: {"model": Problem, "description": "Writes are disabled."}},
)


@reads.get("/events", response_model=EventPage, tags=["events"])
async def list_events(
    store: StoreDep, request: Request, query: Annotated[EventListQuery, Query()]
) -> Response:
    """Events matching the filters, one page at a time, with the number matching."""

    def page() -> dict[str, Any]:
        total, items = store.search_events(
            **query.store_arguments(),
            sort=query.sort,
            descending=query.order == "desc",
            limit=query.limit,
            offset=query.offset,
        )
        return {"total": total, "limit": query.limit, "offset": query.offset, "items": items}

    return await cached_json(request, page, inline=True)


@reads.get(
    "/events/{event_id}",
    response_model=EventDetail,
    tags=["events"],
    responses={404: {"model": Problem, "description": "No such event."}},
)
async def get_event(
    store: StoreDep, request: Request, event_id: Annotated[str, EVENT_ID]
) -> Response:
    """One event: resolved values, conflicts, every claim with its source and evidence."""

    def event() -> dict[str, Any]:
        return found_or_404(store.get_event(event_id), f"no event with id {event_id!r}")

    return await cached_json(request, event)


@reads.get(
    "/articles",
    response_model=ArticleDetail,
    tags=["articles"],
    responses={404: {"model": Problem, "description": "No such article."}},
)
async def get_article(
    store: StoreDep,
    request: Request,
    url: Annotated[str, Query(min_length=1, max_length=2000, description="The article's url.")],
) -> Response:
    """An article's current text and its launch reports with their claims."""

    def article() -> dict[str, Any]:
        return found_or_404(store.get_article(url), f"no article with url {url!r}")

    return await cached_json(request, article)


@reads.get("/stats", response_model=Statistics, tags=["events"])
async def get_statistics(
    store: StoreDep, request: Request, query: Annotated[StatsQuery, Query()]
) -> Response:
    """Launches and missiles per month or year, by category and country, for charts."""

    def stats() -> dict[str, Any]:
        rows = store.event_summaries(**query.store_arguments())
        return {"by": query.by, "buckets": statistics(rows, query.by)}

    return await cached_json(request, stats)


def found_or_404(found: T | None, message: str) -> T:
    """``found``, or a 404 with ``message`` when it is None."""
    if found is None:
        raise HTTPException(404, message)
    return found


async def cached_json(request: Request, make: Callable[[], Any], inline: bool = False) -> Response:
    """``make()`` as JSON, or the answer kept since the database last changed.

    ``make`` runs in the thread pool, or with ``inline`` on the event loop when the database is
    a SQLite file (the answers are kept): for a query bounded by its page size, handing it to a
    thread costs more than it saves (one page of the events list: 460 against 200 misses/s
    under 64 connections). A database over the network (PostgreSQL) always gets the thread
    pool, so that one slow query does not stop every other request. Answers carry an ETag; a
    request whose ``If-None-Match`` matches gets 304 without a body.
    """
    cache: ResponseCache = request.app.state.cache
    key = cache_key(request)
    found, version = cache.lookup(key)
    if found is None:
        data = make() if inline and cache.active else await run_in_threadpool(make)
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        found = cache.store(key, body, version)
    return conditional(request, found, "application/json")


def cache_key(request: Request) -> str:
    """What identifies an answer: its path and query."""
    return f"{request.url.path}?{request.url.query}"


def conditional(request: Request, found: tuple[bytes, str], media_type: str) -> Response:
    """The body with its ETag, or 304 without it when ``If-None-Match`` names that ETag."""
    body, etag = found
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


@reads.get(
    "/export.{fmt}",
    tags=["exports"],
    response_class=Response,
    responses={200: {"content": {t.split(";")[0]: {} for t in MEDIA_TYPES.values()}}},
)
def export(
    store: StoreDep,
    fmt: Annotated[Literal[FORMATS], Path(description="json, csv, geojson or xlsx")],  # type: ignore[valid-type]
    query: Annotated[ExportQuery, Query()],
) -> Response:
    """The events in the formats of ``launchwatch export`` (undated events included unless a
    date filter is given); the list's filters make it exactly the events the list shows."""
    out: io.BytesIO | io.StringIO = io.BytesIO() if fmt == "xlsx" else io.StringIO()
    write(store.export_events(query.since, **query.store_arguments()), fmt, out, query.layout)
    body = out.getvalue()
    return Response(
        body.encode("utf-8") if isinstance(body, str) else body,
        media_type=MEDIA_TYPES[fmt],
        headers={
            "Content-Disposition": f'attachment; filename="launchwatch-{query.layout}.{fmt}"'
        },
    )


@reads.get(
    "/feed.atom",
    tags=["exports"],
    response_class=Response,
    responses={200: {"content": {"application/atom+xml": {}}}},
)
def feed(store: StoreDep, request: Request) -> Response:
    """An Atom feed of new and updated events, newest first, each summed up in sentences."""

    def make() -> bytes:
        feed_url = public_url(request, "feed")
        payloads = []
        for change in store.recent_changes(FEED_ENTRIES):
            event = store.get_event(change["event_id"]) or {}
            payloads.append(
                {
                    "alert_id": change["id"],
                    "kind": "new" if change["change"] == "created" else "changed",
                    "detected_at": change["at"],
                    "event": {
                        "country": change["country"],
                        "date": change["date"],
                        "values": event.get("values"),
                    },
                    "changes": {
                        k: {"old": v[0], "new": v[1]} for k, v in change["fields"].items()
                    },
                    "reports": [
                        {"url": public_url(request, "event_page", event_id=change["event_id"])}
                    ],
                }
            )
        return alerts_feed(payloads, feed_url).encode("utf-8")

    # Its links name the host asked (unless LAUNCHWATCH_BASE_URL is set): kept per host.
    key = f"{cache_key(request)}@{request.headers.get('host', '')}"
    return conditional(request, request.app.state.cache.get(key, make), "application/atom+xml")


def public_url(request: Request, name: str, **params: Any) -> str:
    """The absolute url of route ``name``: under ``LAUNCHWATCH_BASE_URL`` when it is set, else
    under the request's own url (whose host is the one the client sent)."""
    base = request.app.state.settings.base_url
    if base:
        return base + str(request.app.url_path_for(name, **params))
    return str(request.url_for(name, **params))


@writes.post("/ingest/text", response_model=IngestResult, tags=["ingest"])
def ingest_text(store: StoreDep, request: Request, item: TextIngest) -> dict[str, Any]:
    """Extract and store an article given as text, then bring the events up to date."""
    line = json.dumps(item.model_dump(exclude_none=True), ensure_ascii=False)
    (read,) = list(read_jsonl_stream([line], "api"))
    if isinstance(read, InputError):
        raise HTTPException(422, read.message)
    return _ingest(store, request, read)


@writes.post(
    "/ingest/url",
    response_model=IngestResult,
    tags=["ingest"],
    responses={502: {"model": Problem, "description": "The page could not be fetched or read."}},
)
def ingest_url(store: StoreDep, request: Request, item: UrlIngest) -> dict[str, Any]:
    """Fetch a page (robots.txt, rate limits, no private addresses), extract and store it."""
    try:
        with request.app.state.fetch_lock:
            article = fetch_article(fetcher_of(request), item.url)
    except (FetchError, DecodeError) as exc:
        raise HTTPException(502, f"could not ingest {item.url}: {exc}") from exc
    return _ingest(store, request, article)


@writes.post(
    "/curations",
    response_model=CurationMade,
    status_code=201,
    tags=["curation"],
    responses={
        404: {"model": Problem, "description": "No event has that id."},
        422: {"model": Problem, "description": "The correction cannot be made."},
    },
)
def make_curation(store: StoreDep, request: Request, item: CurationRequest) -> dict[str, Any]:
    """Correct an event by hand (kept beside the machine's result), then resolve the events."""
    value = item.value
    if isinstance(value, bool):
        value = str(value).lower()
    elif isinstance(value, float) and value.is_integer():
        value = int(value)  # JSON may write a count as 3.0
    try:
        with request.app.state.write_lock:
            return store.correct(
                item.event_id,
                item.kind,
                item.note,
                field=item.field,
                value=None if value is None else str(value),
                other_event_id=item.other_event_id,
                url=item.url,
                position=item.position,
                author=item.author,
            )
    except UnknownEvent as exc:
        raise HTTPException(404, str(exc)) from exc
    except CurationError as exc:
        raise HTTPException(422, str(exc)) from exc


@writes.delete(
    "/curations/{curation_id}",
    tags=["curation"],
    responses={404: {"model": Problem, "description": "No active correction has that id."}},
)
def withdraw_curation(
    store: StoreDep, request: Request, curation_id: Annotated[int, Path(ge=1)]
) -> dict[str, int]:
    """Stop applying a correction (it stays on record), then resolve the events."""
    with request.app.state.write_lock:
        if not store.withdraw_curation(curation_id):
            raise HTTPException(404, f"no active curation {curation_id}")
    return {"withdrawn": curation_id}


@reads.get("/curations", response_model=list[Curation], tags=["curation"])
async def list_curations(store: StoreDep, request: Request) -> Response:
    """Every correction by hand, withdrawn ones too, oldest first."""
    return await cached_json(request, store.list_curations)


def fetcher_of(request: Request) -> Fetcher:
    """The app's one fetcher, made at its first use; call with ``app.state.fetch_lock`` held.

    One fetcher for all URL ingests, so robots.txt rules (kept ``robots_ttl``) and the pause
    between requests to one host carry from call to call. The fetcher is not made for
    concurrent use, hence the lock: URL ingests fetch one at a time.
    """
    state = request.app.state
    if state.fetcher is None:
        state.fetcher = Fetcher(state.settings.fetch)
    return state.fetcher


def _ingest(store: Store, request: Request, article: Article) -> dict[str, Any]:
    """Extract, save and recompute the events, one write at a time."""
    report = extract_report(article)
    with request.app.state.write_lock:
        outcome = store.save(article, report)
        counts = store.refresh_events()
    summary = IngestSummary(read=1, launch_reports=len(report.events), events=counts["events"])
    setattr(summary, outcome, 1)
    summary.unresolved = counts["unresolved"]
    return {
        "url": article.url,
        "outcome": outcome,
        "launch_reports": len(report.events),
        "events": counts["events"],
        "summary": summary.describe(),
    }
