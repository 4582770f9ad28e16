"""Hostile sources against the fetcher: headers that drip in, private addresses in every
spelling, redirects that change scheme. Connections go to 127.0.0.1 only; a private address is
shown refused through a stub resolver, with no connection attempted."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from localserver import HeaderDrip, LocalServer, redirect, static

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


class Recorder(httpx.BaseTransport):
    """An inner transport that records each connection asked of it and makes none."""

    def __init__(self) -> None:
        self.connections: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.connections.append(str(request.url))
        return httpx.Response(200, text="connected")


class StubResolver:
    """Name resolution that never reaches DNS: each host resolves to ``answers`` in turn (the
    last one from then on); ``asked`` lists the hosts looked up."""

    def __init__(self, *answers: list[str]) -> None:
        self.answers = list(answers) or [["93.184.216.34"]]
        self.asked: list[str] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append(host)
        return self.answers[min(len(self.asked), len(self.answers)) - 1]


SPELLINGS = [
    ("http://2130706433/", "loopback"),  # decimal 127.0.0.1
    ("http://0x7f.0.0.1/", "loopback"),  # hexadecimal
    ("http://0x7f.1/", "loopback"),
    ("http://127.1/", "loopback"),  # short form
    ("http://0/", "unspecified"),
    ("http://167772161/", "private"),  # decimal 10.0.0.1
    ("http://0xa9fea9fe/", "cloud metadata"),  # 169.254.169.254
    ("http://0177.0.0.1/", "invalid url"),  # octal: refused as a url already
    ("http://[::1]/", "loopback"),
    ("http://[::ffff:127.0.0.1]/", "loopback"),
    ("http://[::ffff:7f00:1]/", "loopback"),
    ("http://[0:0:0:0:0:ffff:a9fe:a9fe]/", "cloud metadata"),
    ("http://[fe80::1%25eth0]/", "link-local"),
    ("http://[fd00:ec2::254]/", "cloud metadata"),
    ("http://[fc00::1]/", "private"),
    ("http://[::]/", "unspecified"),
    ("http://[2002:7f00:1::]/", "loopback"),  # 6to4 of 127.0.0.1
    ("http://[2002:a00:1::]/", "private"),  # 6to4 of 10.0.0.1
    ("http://[64:ff9b::a00:1]/", "reserved"),  # NAT64 of 10.0.0.1
]


@pytest.mark.parametrize(("url", "reason"), SPELLINGS)
def test_every_spelling_of_a_private_address_is_refused_before_any_lookup_or_connection(
    url: str, reason: str
) -> None:
    # The stub would answer a public address for any "name": these are addresses, not names.
    resolver, transport = StubResolver(), Recorder()
    with (
        Fetcher(FetchSettings(host_interval=0), transport=transport, resolver=resolver) as client,
        pytest.raises(FetchError, match=reason),
    ):
        client.get(url)
    assert resolver.asked == []
    assert transport.connections == []


def test_a_name_whose_answer_changes_to_a_private_address_is_refused_at_connection() -> None:
    # Checked public at the first look-up, private at the second (DNS rebinding): the
    # connection would go to the address just checked, so it is refused, and none is made.
    resolver, transport = StubResolver(["93.184.216.34"], ["10.0.0.1"]), Recorder()
    settings = FetchSettings(host_interval=0, robots=False)
    with (
        Fetcher(settings, transport=transport, resolver=resolver) as client,
        pytest.raises(FetchError, match=r"refused news\.example -> 10\.0\.0\.1: private"),
    ):
        client.get("http://news.example/launch")
    assert len(resolver.asked) >= 2
    assert transport.connections == []


@pytest.mark.parametrize(
    ("target", "refusal"),
    [
        ("file:///etc/passwd", "unsupported url scheme 'file'"),
        ("ftp://127.0.0.1/x", "unsupported url scheme 'ftp'"),
        ("gopher://127.0.0.1:70/_x", "unsupported url scheme 'gopher'"),
        # httpx cannot even parse these as a Location: that too is a FetchError (it escaped
        # the fetcher as httpx.InvalidURL before the reliability suite)
        ("javascript:alert(1)", "invalid url in the answer"),
        ("data:text/html,<p>x</p>", "invalid url in the answer"),
    ],
)
def test_a_redirect_to_another_scheme_is_refused_without_following_it(
    server: LocalServer, target: str, refusal: str
) -> None:
    server.routes["/moved"] = redirect(target)
    settings = FetchSettings(allow_private=LOCAL, host_interval=0)
    with Fetcher(settings) as client, pytest.raises(FetchError, match=re.escape(refusal)):
        client.get(server.url("/moved"))
    assert [r.path for r in server.requests] == ["/robots.txt", "/moved"]


def test_a_redirect_from_http_to_https_on_a_plain_server_fails_cleanly(
    server: LocalServer,
) -> None:
    server.routes["/up"] = redirect(server.url("/page").replace("http://", "https://"))
    server.routes["/page"] = static(b"<p>plain</p>")
    settings = FetchSettings(allow_private=LOCAL, host_interval=0, retries=0)
    with Fetcher(settings) as client, pytest.raises(FetchError) as failed:
        client.get(server.url("/up"))
    assert failed.value.url.startswith("https://127.0.0.1:")
