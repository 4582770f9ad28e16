"""Access: every write endpoint of the OpenAPI document refuses a request without a token,
with a wrong token and with the read token; tokens never reach the server's log; every HTML
page (and error page) carries the content security policy and the other security headers."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from servefixture import DISPUTED_EVENT, build_db, copy_db, live_server

from launchwatch.serve import ServeSettings, create_app
from launchwatch.serve.security import content_security_policy
from launchwatch.serve.web import pages
from launchwatch.store import open_store

WRITE = "write-token-7f3a9c"
READ = "read-token-2b8e41"
SETTINGS = ServeSettings(write_token=WRITE, read_token=READ)
SECURITY_HEADERS = {
    "content-security-policy": content_security_policy(SETTINGS),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
}
ARTICLE = {"text": "SEOUL - North Korea fired a ballistic missile on Tuesday, the JCS said.",
           "url": "https://example.org/access", "published": "2025-03-04"}  # fmt: skip


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("access") / "fixture.db")


@pytest.fixture
def db(fixture_db: Path, tmp_path: Path) -> Path:
    return copy_db(fixture_db, tmp_path / "copy.db")


@pytest.fixture
def client(db: Path) -> Iterator[TestClient]:
    """The app over a copy of the fixture database, with both tokens set."""
    with TestClient(create_app(str(db), SETTINGS)) as test_client:
        yield test_client


def authorization(token: str | None, basic: bool = False) -> dict[str, str]:
    """The Authorization header presenting ``token`` (as Bearer, or as a Basic password)."""
    if token is None:
        return {}
    if basic:
        return {"Authorization": "Basic " + base64.b64encode(f"u:{token}".encode()).decode()}
    return {"Authorization": f"Bearer {token}"}


def write_operations(document: dict[str, Any]) -> list[tuple[str, str]]:
    """(method, path with its parameters filled in) of every operation that is not a read."""
    return [
        (method.upper(), re.sub(r"\{[^}]+\}", DISPUTED_EVENT, path))
        for path, item in document["paths"].items()
        for method in item
        if method in ("post", "put", "patch", "delete")
    ]


REFUSED = [(None, False), ("wrong", False), ("wrong", True), (READ, False), (READ, True),
           (WRITE[:-1], False), (WRITE + "x", False), (WRITE.upper(), False)]  # fmt: skip


def test_every_write_endpoint_refuses_all_but_the_write_token(
    client: TestClient, db: Path
) -> None:
    document = client.get("/openapi.json", headers=authorization(READ)).json()
    operations = write_operations(document)
    assert {path for _, path in operations} >= {"/api/ingest/text", "/api/ingest/url"}
    with open_store(str(db)) as store:
        before = store.counts()
    for method, path in operations:
        for token, basic in REFUSED:
            answer = client.request(method, path, json=ARTICLE, headers=authorization(token, basic))
            assert answer.status_code == 401, (method, path, token, answer.text)
            assert WRITE not in answer.text and READ not in answer.text
    with open_store(str(db)) as store:
        assert store.counts() == before
    # The same request with the write token goes in: the refusals were the tokens'.
    accepted = client.post("/api/ingest/text", json=ARTICLE, headers=authorization(WRITE))
    assert accepted.status_code == 200, accepted.text


def html_routes() -> list[str]:
    """Every GET route of the web app's ``pages`` router (pages and the map's data), parameters
    filled in."""
    return sorted(
        re.sub(r"\{[^}]+\}", DISPUTED_EVENT, route.path)
        for route in pages.routes
        if isinstance(route, APIRoute) and "GET" in route.methods
    )


def test_every_page_and_error_page_carries_the_security_headers(client: TestClient) -> None:
    routes = html_routes()
    assert {"/", "/map", f"/events/{DISPUTED_EVENT}"} <= set(routes)
    answers = [client.get(path, headers=authorization(READ)) for path in routes]
    assert all(a.status_code == 200 for a in answers), [(a.url, a.status_code) for a in answers]
    # the pages are HTML; the map's data routes beside them (map.json, basemap.geojson) are not
    pages_only = [a for a in answers if not a.url.path.endswith((".json", ".geojson"))]
    assert all(a.headers["content-type"].startswith("text/html") for a in pages_only)
    answers += [
        client.get("/events/ev-none", headers=authorization(READ)),  # 404 page
        client.get("/"),  # 401 without the read token
        client.get("/no/such/page"),
        client.get("/static/app.js"),
        client.get("/api/events", headers=authorization(READ)),
    ]
    for answer in answers:
        for name, value in SECURITY_HEADERS.items():
            assert answer.headers.get(name) == value, (answer.url, name)


def test_tokens_never_reach_the_server_log(db: Path, tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    env = {"LAUNCHWATCH_WRITE_TOKEN": WRITE, "LAUNCHWATCH_READ_TOKEN": READ}
    with live_server(db, env, log=log) as base, httpx.Client(base_url=base, trust_env=False) as c:
        for token, basic in [*REFUSED, (WRITE, False), (WRITE, True)]:
            headers = authorization(token, basic)
            c.get("/api/events", headers=headers)
            c.get("/", headers=headers)
            c.post("/api/ingest/text", json=ARTICLE, headers=headers)
            c.post("/api/ingest/text", content=b"{broken", headers=headers)
    text = log.read_text(errors="replace")
    assert "POST /api/ingest/text" in text  # requests are logged, just not their tokens
    for secret in (WRITE, READ, WRITE[:-1], base64.b64encode(f"u:{WRITE}".encode()).decode()):
        assert secret not in text
