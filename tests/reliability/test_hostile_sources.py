"""Hostile sources against the fetcher: headers that drip in, private addresses in every
spelling, redirects that change scheme. Connections go to 127.0.0.1 only; a private address is
shown refused through a stub resolver, with no connection attempted."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from localserver import HeaderDrip, LocalServer

from launchwatch.sources.fetch import Fetcher, FetchError, FetchSettings
from launchwatch.sources.netguard import parse_networks

LOCAL = parse_networks(["127.0.0.1"])


@pytest.fixture
def server() -> Iterator[LocalServer]:
    local = LocalServer().start()
    yield local
    local.stop()


def test_headers_that_drip_in_are_given_up_at_the_total_time_limit(server: LocalServer) -> None:
    # About 200 bytes at one per 0.2 s: every read waits 0.2 s (far under the read timeout),
    # the whole head would take 40 s; the fetch's total limit is 1.5 s.
    drip = HeaderDrip(0.2, 150)
    server.routes["/drip"] = drip.route
    settings = FetchSettings(
        allow_private=LOCAL, host_interval=0, total_timeout=1.5, read_timeout=20, retries=0
    )
    with Fetcher(settings) as client, pytest.raises(FetchError, match="too slow") as refused:
        client.get(server.url("/drip"))
    assert "1.5 s" in refused.value.reason
    assert drip.done.wait(30)
    assert drip.sent < drip.total  # the client left before the headers were all in
