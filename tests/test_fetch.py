"""The fetcher against real servers on 127.0.0.1: refusals, hostile servers, politeness."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from pathlib import Path

import brotli
import httpx
import pytest
from click.testing import CliRunner
from localserver import (
    LocalServer,
    drip,
    endless,
    gzip_bomb,
    page,
    redirect,
    send,
    static,
)

from launchwatch.articles.decode import DecodeError
from launchwatch.sources.commands import fetch
from launchwatch.sources.fetch import Fetcher, FetchError, FetchSettings, HostClock
from launchwatch.sources.netguard import parse_networks
from launchwatch.sources.web import article_from_page

LOCAL = parse_networks(["127.0.0.1"])
FAST = FetchSettings(allow_private=LOCAL, host_interval=0, backoff=0.01, total_timeout=5)


class CountingTransport(httpx.BaseTransport):
    """The real transport, counting the connections it is asked to make, by address."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.hosts: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.hosts.append(request.url.host)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    local = LocalServer().start()
    yield local
    local.stop()


def fetcher(settings: FetchSettings = FAST, **kwargs: object) -> Fetcher:
    return Fetcher(settings, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("169.254.169.254", "cloud metadata"),
        ("10.0.0.1", "private"),
        ("::1", "loopback"),
        ("127.0.0.2", "loopback"),
        ("::ffff:10.1.2.3", "private"),
    ],
)
def test_a_host_resolving_to_a_private_address_is_refused_before_any_connection(
    address: str, reason: str
) -> None:
    transport = CountingTransport()
    resolver = lambda host, port: [address]  # noqa: E731
    with (
        fetcher(transport=transport, resolver=resolver) as client,
        pytest.raises(FetchError) as refused,
    ):
        client.get("http://news.test/launch")
    shown = ipaddress.ip_address(address)
    assert str(refused.value) == (
        f"http://news.test/launch: refused news.test -> {shown}: {reason} address (not allowed)"
    )
    assert transport.hosts == []  # no connection was attempted


def test_the_connection_goes_to_the_checked_address_with_the_host_name_kept(
    server: LocalServer,
) -> None:
    server.routes["/a"] = static(b"<html><body><p>ok</p></body></html>")
    transport = CountingTransport()
    with fetcher(transport=transport, resolver=lambda host, port: ["127.0.0.1"]) as client:
        fetched = client.get(f"http://news.test:{server.port}/a")
    assert fetched.status == 200
    assert set(transport.hosts) == {"127.0.0.1"}
    assert server.hits("/a")[0].headers["Host"] == f"news.test:{server.port}"
    assert "launchwatch/" in server.hits("/a")[0].headers["User-Agent"]


def test_loopback_is_refused_unless_allowed(server: LocalServer) -> None:
    server.routes["/a"] = static(b"<html></html>")
    transport = CountingTransport()
    with (
        Fetcher(FetchSettings(), transport=transport) as client,
        pytest.raises(FetchError, match=r"refused 127\.0\.0\.1 -> 127\.0\.0\.1: loopback"),
    ):
        client.get(server.url("/a"))
    assert transport.hosts == []


def test_a_redirect_to_a_metadata_address_is_refused(server: LocalServer) -> None:
    server.routes["/go"] = redirect("http://169.254.169.254/latest/meta-data/")
    transport = CountingTransport()
    with (
        fetcher(transport=transport) as client,
        pytest.raises(FetchError, match=r"169\.254\.169\.254: cloud metadata"),
    ):
        client.get(server.url("/go"))
    assert "169.254.169.254" not in transport.hosts


def test_redirects_are_followed_within_limits(server: LocalServer) -> None:
    server.routes["/loop1"] = redirect("/loop2")
    server.routes["/loop2"] = redirect("/loop1")
    for n in range(8):
        server.routes[f"/hop{n}"] = redirect(f"/hop{n + 1}", 301)
    server.routes["/hop8"] = static(b"<html></html>")
    server.routes["/moved"] = redirect("/hop7")
    with fetcher() as client:
        with pytest.raises(FetchError, match="redirect loop"):
            client.get(server.url("/loop1"))
        with pytest.raises(FetchError, match="more than 5 redirects"):
            client.get(server.url("/hop0"))
        assert client.get(server.url("/moved")).url == server.url("/hop8")


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        (gzip_bomb(20 * 1024 * 1024), "after gzip decoding"),
        (
            static(brotli.compress(b"\0" * (20 * 1024 * 1024)), Content_Encoding="br"),
            "after br decoding",
        ),
        (endless(), "over the 1,048,576-byte limit"),
        (static(b"x" * 2_000_000), "Content-Length 2,000,000"),
    ],
    ids=["gzip-bomb", "brotli-bomb", "1GB-body", "declared-too-large"],
)
def test_oversized_bodies_are_cut_at_the_cap(server: LocalServer, route, reason: str) -> None:
    server.routes["/big"] = route
    settings = FetchSettings(allow_private=LOCAL, host_interval=0, max_bytes=1024 * 1024)
    with fetcher(settings) as client, pytest.raises(FetchError, match=reason):
        client.get(server.url("/big"))


def test_a_dripping_server_is_given_up_at_the_total_time_limit(server: LocalServer) -> None:
    server.routes["/drip"] = drip()
    settings = FetchSettings(allow_private=LOCAL, host_interval=0, total_timeout=1.5)
    with fetcher(settings) as client, pytest.raises(FetchError, match="too slow"):
        client.get(server.url("/drip"))


def test_robots_txt_is_respected(server: LocalServer) -> None:
    server.routes["/robots.txt"] = static(b"User-agent: *\nDisallow: /private/\n", "text/plain")
    server.routes["/private/a"] = static(b"<html></html>")
    server.routes["/public/a"] = static(b"<html></html>")
    with fetcher() as client:
        with pytest.raises(FetchError, match=r"disallowed by robots\.txt"):
            client.get(server.url("/private/a"))
        assert client.get(server.url("/public/a")).status == 200
        client.get(server.url("/public/a"))
    assert len(server.hits("/robots.txt")) == 1  # cached
    assert server.hits("/private/a") == []


def test_429_and_5xx_are_retried_with_backoff(server: LocalServer) -> None:
    answers = iter([429, 503, 200])

    def flaky(h) -> None:
        status = next(answers)
        send(h, status, b"<html></html>", headers={"Retry-After": "0"})

    server.routes["/flaky"] = flaky
    with fetcher() as client:
        assert client.get(server.url("/flaky")).status == 200
    assert len(server.hits("/flaky")) == 3


def test_a_conditional_request_gets_304(server: LocalServer) -> None:
    def conditional(h) -> None:
        if h.headers.get("If-None-Match") == '"v1"':
            send(h, 304, b"")
        else:
            send(h, 200, b"<html></html>", headers={"ETag": '"v1"'})

    server.routes["/c"] = conditional
    with fetcher() as client:
        first = client.get(server.url("/c"))
        assert client.get(server.url("/c"), etag=first.headers["etag"]).not_modified


class FakeTime:
    """A clock that moves only when slept on; records each requested sleep."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_the_host_rate_limit_spaces_requests(server: LocalServer) -> None:
    server.routes["/a"] = static(b"<html></html>")
    settings = FetchSettings(allow_private=LOCAL, host_interval=0.3, robots=False)
    fake = FakeTime()
    pacing = HostClock(settings.host_interval, sleep=fake.sleep, clock=fake.clock)
    with fetcher(settings, host_clock=pacing) as client:
        for _ in range(3):
            client.get(server.url("/a"))
    assert fake.sleeps == [pytest.approx(0.3), pytest.approx(0.3)]
    assert len(server.hits("/a")) == 3


def test_the_rate_limit_is_per_host_and_counts_time_already_passed() -> None:
    fake = FakeTime()
    pacing = HostClock(2.0, sleep=fake.sleep, clock=fake.clock)
    pacing.wait("a.test")
    pacing.wait("b.test")  # another host: no wait
    assert fake.sleeps == []
    fake.now += 0.5
    pacing.wait("a.test")  # 0.5 s of the 2 s have passed
    assert fake.sleeps == [pytest.approx(1.5)]
    fake.now += 5
    pacing.wait("a.test")  # long enough ago
    assert fake.sleeps == [pytest.approx(1.5)]


@pytest.mark.parametrize(
    ("url", "port"),
    [
        ("https://news.test/launch", 443),
        ("http://news.test/launch", 80),
        ("https://news.test:8443/launch", 8443),
    ],
)
def test_the_address_check_resolves_the_url_s_own_port(url: str, port: int) -> None:
    asked: list[tuple[str, int]] = []

    def resolver(host: str, port: int) -> list[str]:
        asked.append((host, port))
        return ["10.0.0.1"]  # refused, so no connection is made

    transport = CountingTransport()
    with (
        fetcher(transport=transport, resolver=resolver) as client,
        pytest.raises(FetchError, match="private address"),
    ):
        client.get(url)
    assert asked == [("news.test", port)]
    assert transport.hosts == []


def test_a_page_in_a_legacy_charset_is_read_by_its_declared_charset(server: LocalServer) -> None:
    html = page(
        "北朝鮮がミサイル発射",
        "2025-10-21T07:30:00+09:00",
        "防衛省によると、北朝鮮は21日朝、弾道ミサイル2発を日本海に向けて発射した。" * 3,
    ).decode()
    server.routes["/ja"] = static(html.encode("shift_jis"), "text/html; charset=Shift_JIS")
    with fetcher() as client:
        fetched = client.get(server.url("/ja"))
    article = article_from_page(fetched)
    assert article.title == "北朝鮮がミサイル発射"
    assert article.published == "2025-10-21T07:30:00+09:00"
    assert article.raw == html.encode("shift_jis")  # kept as served


def test_bodies_that_are_no_html_page_are_refused_with_a_reason(server: LocalServer) -> None:
    server.routes["/png"] = static(b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "text/html")
    server.routes["/pdf"] = static(b"just text", "application/pdf")
    server.routes["/garbage"] = static(bytes(range(256)) * 4, "text/html")
    with fetcher() as client:
        for path, reason in [("/png", "PNG image"), ("/pdf", "application/pdf is not an HTML")]:
            with pytest.raises(DecodeError, match=reason):
                article_from_page(client.get(server.url(path)))
        with pytest.raises(DecodeError):
            article_from_page(client.get(server.url("/garbage")))


def test_the_fetch_command_stores_pages_and_says_which_address_it_refused(
    server: LocalServer, tmp_path: Path
) -> None:
    server.routes["/news"] = static(
        page(
            "North Korea fires missiles",
            "2025-10-21T07:20:00+09:00",
            "SEOUL — North Korea fired two short-range ballistic missiles into the East Sea on "
            "Tuesday morning, South Korea's Joint Chiefs of Staff said.",
        )
    )
    db = str(tmp_path / "lw.db")
    refused = CliRunner().invoke(fetch, ["--db", db, server.url("/news")])
    assert refused.exit_code == 1
    assert "refused 127.0.0.1 -> 127.0.0.1: loopback address" in refused.output
    allowed = CliRunner().invoke(
        fetch, ["--db", db, "--allow-private", "127.0.0.1", server.url("/news")]
    )
    assert allowed.exit_code == 0, allowed.output
    assert "new (North Korea fires missiles)" in allowed.output
    assert "1 events in the store" in allowed.output


def test_an_unexpected_error_for_one_url_stops_nothing_and_events_are_refreshed(
    server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.routes["/news"] = static(
        page(
            "North Korea fires missiles",
            "2025-10-21T07:20:00+09:00",
            "SEOUL — North Korea fired two short-range ballistic missiles into the East Sea on "
            "Tuesday morning, South Korea's Joint Chiefs of Staff said.",
        )
    )
    server.routes["/other"] = static(
        page("Port news", "2025-10-21T09:00:00+09:00", "A quiet day at the port. " * 8)
    )
    from launchwatch.sources import commands

    real_save = commands.save_article

    def save(store, article):  # saving one article breaks in a way nobody planned for
        if article.url.endswith("/other"):
            raise RuntimeError("disk on fire\nsecond line")
        return real_save(store, article)

    monkeypatch.setattr(commands, "save_article", save)
    db = str(tmp_path / "lw.db")
    urls = [server.url("/other"), server.url("/missing"), server.url("/news")]
    result = CliRunner().invoke(
        fetch, ["--db", db, "--allow-private", "127.0.0.1", *urls], catch_exceptions=False
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {server.url('/other')}: RuntimeError: disk on fire",
        f"error: {server.url('/missing')}: HTTP 404",
    ]
    assert "new (North Korea fires missiles)" in result.stdout
    assert "1 of 3 fetched; 1 events in the store" in result.stdout


def test_a_served_page_claiming_another_outlet_s_url_keeps_the_url_it_came_from(
    server: LocalServer,
) -> None:
    claim = '<link rel="canonical" href="https://news.example.org/2025/10/21/launch">'
    html = page(
        "North Korea fires missiles",
        "2025-10-21T07:20:00+09:00",
        "SEOUL — North Korea fired two short-range ballistic missiles into the East Sea on "
        "Tuesday morning, South Korea's Joint Chiefs of Staff said.",
    ).replace(b"</head>", claim.encode() + b"</head>")
    server.routes["/copy"] = static(html)
    server.routes["/moved"] = redirect("/copy")
    with fetcher() as client:
        article = article_from_page(client.get(server.url("/moved?utm_source=x")))
    assert article.url == server.url("/copy")  # where the bytes came from, after the redirect
    assert "news.example.org" not in (article.outlet or "")
