"""The ASGI application of ``launchwatch serve``: API, pages, static files and error answers.

Every error is a 4xx with a message (JSON under ``/api/``, a page elsewhere); a bug is logged
and answered 500 without details.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from launchwatch import __version__
from launchwatch.serve.api import reads, writes
from launchwatch.serve.cache import ResponseCache
from launchwatch.serve.head import HeadAsGet
from launchwatch.serve.security import SecurityHeaders, require_read
from launchwatch.serve.settings import ServeSettings
from launchwatch.serve.web import environment, pages, render
from launchwatch.store import open_store

STATIC = Path(__file__).parent / "static"
DESCRIPTION = """Launch events resolved from news reports, each value with the claims behind it.

Reads are open unless the server sets `LAUNCHWATCH_READ_TOKEN`; ingest needs
`Authorization: Bearer <LAUNCHWATCH_WRITE_TOKEN>`."""


def create_app(db: str | None = None, settings: ServeSettings | None = None) -> FastAPI:
    """The app over the store at ``db`` (opened and migrated now, closed at shutdown).

    ``settings`` default to ``ServeSettings.from_env()``.
    """
    settings = settings or ServeSettings.from_env()
    store = open_store(db)
    cache = ResponseCache(db)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        with app.state.fetch_lock:
            if app.state.fetcher is not None:
                app.state.fetcher.close()
                app.state.fetcher = None
        cache.close()
        store.close()

    app = FastAPI(
        title="launchwatch",
        version=__version__,
        description=DESCRIPTION,
        openapi_url=None,  # served below, behind the read token
        # FastAPI's docs pages load scripts from a CDN and start them inline (not offline, not
        # CSP-safe); /api/docs (serve.web) serves a vendored Swagger UI instead.
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.cache = cache
    app.state.settings = settings
    app.state.templates = environment()
    app.state.write_lock = threading.Lock()
    app.state.fetcher = None  # the URL ingests' one Fetcher (api.fetcher_of)
    app.state.fetch_lock = threading.Lock()
    app.include_router(reads)
    app.include_router(writes)
    app.include_router(pages)

    @app.get("/openapi.json", include_in_schema=False, dependencies=[Depends(require_read)])
    async def openapi() -> JSONResponse:
        return JSONResponse(app.openapi())

    # Static files stay open when reads are closed: they are the package's own style sheet,
    # script and world outlines (no data from the database), and the 401 page that asks for
    # the token is styled by them.
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_middleware(SecurityHeaders, settings=settings)
    app.add_middleware(HeadAsGet)  # outermost: every GET page and API answer also takes HEAD
    return app


def app_from_env() -> FastAPI:
    """The app over ``$LAUNCHWATCH_DB`` (or the default database): uvicorn's factory."""
    return create_app()


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if _wants_json(request):
        return JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)
    response = render(
        request, "error.html", exc.status_code, status=exc.status_code, message=exc.detail
    )
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


async def _invalid_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
    if _wants_json(request):
        return JSONResponse({"detail": problems}, 422)
    message = "; ".join(f"{'.'.join(map(str, p['loc'][1:]))}: {p['msg']}" for p in problems)
    return render(request, "error.html", 422, status=422, message=message)
