"""HEAD requests against a real ``launchwatch serve`` on 127.0.0.1 (monitors and link checkers
send HEAD): the status and headers of GET, no body."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from servefixture import DISPUTED_EVENT, build_db, live_server


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = build_db(tmp_path_factory.mktemp("head") / "fixture.db")
    with live_server(db) as url:
        yield url


@pytest.mark.parametrize(
    "path",
    ["/", "/api/events", f"/events/{DISPUTED_EVENT}", "/api/feed.atom", "/static/style.css"],
)
def test_head_answers_as_get_without_a_body(base_url: str, path: str) -> None:
    with httpx.Client(base_url=base_url, trust_env=False, timeout=30) as client:
        got = client.get(path)
        head = client.head(path)
    assert got.status_code == 200
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers["content-length"] == str(len(got.content))
    assert "content-security-policy" in head.headers


def test_head_of_a_missing_page_is_404_and_other_methods_stay_405(base_url: str) -> None:
    with httpx.Client(base_url=base_url, trust_env=False, timeout=30) as client:
        assert client.head("/events/ev-1999-01-01-zz").status_code == 404
        assert client.delete("/api/events").status_code == 405
        assert client.head("/api/ingest/text").status_code == 405  # a POST route
