"""Fetch web pages and feeds politely and defensively.

One :class:`Fetcher` holds an httpx client whose transport refuses private addresses (see
:mod:`launchwatch.sources.netguard`). Each fetch: checks robots.txt, waits for the host's rate
limit, sends a clear user agent (and ``If-None-Match`` / ``If-Modified-Since`` when given),
follows at most ``max_redirects`` redirects (each one checked like the first url), retries 429
and 5xx answers with backoff (honouring ``Retry-After``), and streams the body under a cap on
raw and decoded bytes and a time limit for the whole fetch besides the per-read timeout. Every
refusal raises :class:`FetchError` whose message says what was refused and why.
"""

from __future__ import annotations

import email.utils
import threading
import time
import urllib.robotparser
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpcore
import httpx

from launchwatch import __version__
from launchwatch.sources.decompress import (
    ACCEPT_ENCODING,
    BodyTooLarge,
    CappedDecoder,
    DecodingFailed,
)
from launchwatch.sources.netguard import AddressPolicy, IPNetwork, PinnedTransport, RefusedAddress

USER_AGENT = f"launchwatch/{__version__} (+https://pypi.org/project/launchwatch/; news monitor)"
REDIRECTS = frozenset({301, 302, 303, 307, 308})
RETRIED = frozenset({429, 500, 502, 503, 504})
ROBOTS_MAX_BYTES = 512 * 1024
MAX_HOSTS_REMEMBERED = 1024  # rate-limit clocks and robots.txt files kept, least recent dropped

RobotRules = urllib.robotparser.RobotFileParser | str  # parsed rules, or why a site is skipped


@dataclass(frozen=True)
class FetchSettings:
    """How fetching behaves; every limit is per fetch. Times are in seconds."""

    user_agent: str = USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 2
    backoff: float = 1.0
    max_backoff: float = 60.0
    host_interval: float = 1.0  # minimum time between two requests to one host
    robots: bool = True
    robots_ttl: float = 24 * 3600.0
    allow_private: tuple[IPNetwork, ...] = field(default_factory=tuple)


class FetchError(Exception):
    """A fetch that failed or was refused: ``url`` and ``reason`` say which and why."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


@dataclass
class Fetched:
    """One answer: final url after redirects, status, headers and the decoded body.

    ``status`` 304 (not modified) comes with an empty body.
    """

    url: str
    status: int
    headers: httpx.Headers
    body: bytes

    @property
    def not_modified(self) -> bool:
        """True for a 304 answer to a conditional request."""
        return self.status == 304

    @property
    def content_type(self) -> str:
        """The media type, lower-cased, without parameters."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        """The ``charset`` parameter of ``Content-Type``, if any."""
        for param in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "charset" and value.strip(" \"'"):
                return value.strip(" \"'")
        return None


class HostClock:
    """Spaces requests to one host at least ``interval`` seconds apart (bounded memory)."""

    def __init__(
        self,
        interval: float,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.interval = interval
        self._sleep = sleep
        self._clock = clock
        self._last: OrderedDict[str, float] = OrderedDict()

    def wait(self, host: str) -> None:
        """Sleep until ``host`` may be asked again, and note the request."""
        last = self._last.pop(host, None)
        if last is not None:
            delay = last + self.interval - self._clock()
            if delay > 0:
                self._sleep(delay)
        self._last[host] = self._clock()
        while len(self._last) > MAX_HOSTS_REMEMBERED:
            self._last.popitem(last=False)


class Fetcher:
    """Fetches urls under :class:`FetchSettings`; use as a context manager or call close().

    ``transport`` replaces the inner httpx transport (tests wrap it to count connections);
    ``resolver`` replaces the system resolver (tests make names resolve to refused addresses);
    ``host_clock`` replaces the per-host pacing (tests give it a fake clock and sleep).
    """

    def __init__(
        self,
        settings: FetchSettings | None = None,
        transport: httpx.BaseTransport | None = None,
        resolver: Callable[[str, int], Any] | None = None,
        host_clock: HostClock | None = None,
    ) -> None:
        self.settings = settings or FetchSettings()
        self._policy = AddressPolicy(self.settings.allow_private)
        if resolver is not None:
            self._policy.resolver = resolver
        s = self.settings
        self._client = httpx.Client(
            transport=PinnedTransport(self._policy, transport or DeadlineTransport()),
            timeout=httpx.Timeout(s.read_timeout, connect=s.connect_timeout),
            headers={"User-Agent": s.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            follow_redirects=False,
            trust_env=False,  # an environment proxy would bypass the address check
        )
        self._clock = host_clock or HostClock(s.host_interval)
        self._robots: OrderedDict[str, tuple[float, RobotRules]] = OrderedDict()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections."""
        self._client.close()

    def get(
        self,
        url: str,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
    ) -> Fetched:
        """Fetch ``url``; with ``etag`` / ``last_modified`` the request is conditional.

        Raises :class:`FetchError` for refused addresses, robots.txt exclusions, redirect
        loops and too many redirects, oversized or slow bodies, and failed answers.
        """
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current, seen = url, {url}
        for _ in range(self.settings.max_redirects + 1):
            self._check_url(current)
            refusal = self._robots_refusal(current) if self.settings.robots else None
            if refusal is not None:
                raise FetchError(current, refusal)
            fetched = self._with_retries("GET", current, headers)
            if fetched.status not in REDIRECTS:
                if fetched.status >= 400:
                    raise FetchError(current, f"HTTP {fetched.status}")
                return fetched
            target = fetched.headers.get("location")
            if not target:
                raise FetchError(current, f"HTTP {fetched.status} redirect without a Location")
            try:
                current = str(httpx.URL(current).join(target))
            except httpx.InvalidURL as exc:
                raise FetchError(current, f"redirect to an invalid url: {exc}") from exc
            if current in seen:
                raise FetchError(url, f"redirect loop at {current}")
            seen.add(current)
        raise FetchError(url, f"more than {self.settings.max_redirects} redirects")

    def post_json(self, url: str, payload: bytes) -> int:
        """POST a JSON body to ``url`` (no redirects followed); returns the HTTP status."""
        self._check_url(url)
        request = self._client.build_request(
            "POST", url, content=payload, headers={"Content-Type": "application/json"}
        )
        return self._send(request, time.monotonic() + self.settings.total_timeout).status

    def _check_url(self, url: str) -> None:
        """Refuse other schemes than http(s), and hosts the address policy refuses.

        The transport checks the address again when it connects (and connects to that one);
        checking here first names the url itself in the refusal, before robots.txt is read.
        """
        try:
            parsed = httpx.URL(url)
        except httpx.InvalidURL as exc:
            raise FetchError(url, f"invalid url: {exc}") from exc
        if parsed.scheme not in ("http", "https"):
            raise FetchError(url, f"unsupported url scheme {parsed.scheme!r}")
        try:
            port = parsed.port or (443 if parsed.scheme == "https" else 80)
            self._policy.resolve(parsed.host, port)
        except RefusedAddress as exc:
            raise FetchError(url, str(exc)) from exc
        except httpx.ConnectError as exc:
            raise FetchError(url, str(exc)) from exc

    def _with_retries(self, method: str, url: str, headers: dict[str, str]) -> Fetched:
        s = self.settings
        for attempt in range(s.retries + 1):
            self._clock.wait(httpx.URL(url).host)
            request = self._client.build_request(method, url, headers=headers)
            fetched = self._send(request, time.monotonic() + s.total_timeout)
            if fetched.status not in RETRIED or attempt == s.retries:
                return fetched
            time.sleep(self._retry_delay(fetched, attempt))
        raise AssertionError("unreachable")  # the loop returns on its last attempt

    def _retry_delay(self, fetched: Fetched, attempt: int) -> float:
        s = self.settings
        delay = s.backoff * 2**attempt
        after = fetched.headers.get("retry-after", "").strip()
        if after.isdigit():
            delay = max(delay, float(after))
        elif after:
            try:
                when = email.utils.parsedate_to_datetime(after)
                delay = max(delay, (when - datetime.now(UTC)).total_seconds())
            except (TypeError, ValueError):
                pass
        return min(delay, s.max_backoff)

    def _send(
        self, request: httpx.Request, deadline: float, max_bytes: int | None = None
    ) -> Fetched:
        """Send one request and read its body under the byte cap and the deadline."""
        url = str(request.url)
        limit = self.settings.max_bytes if max_bytes is None else max_bytes
        total = self.settings.total_timeout
        with _total_deadline(deadline):
            with _as_fetch_error(url, "sending the request", deadline, total):
                response = self._client.send(request, stream=True)
            try:
                with _as_fetch_error(url, "reading the body", deadline, total):
                    length = response.headers.get("content-length", "")
                    if length.isdigit() and int(length) > limit:
                        raise BodyTooLarge(limit, f"Content-Length {int(length):,}")
                    decoder = CappedDecoder(response.headers.get("content-encoding", ""), limit)
                    parts, raw_size = [], 0
                    for chunk in response.iter_raw():
                        raw_size += len(chunk)
                        if raw_size > limit:
                            raise BodyTooLarge(limit, "raw")
                        parts.append(decoder.decode(chunk))
                        if time.monotonic() > deadline:
                            raise FetchError(url, f"too slow: body not read within {total:g} s")
            finally:
                response.close()
        return Fetched(url, response.status_code, response.headers, b"".join(parts))

    def _robots_refusal(self, url: str) -> str | None:
        """Why robots.txt of the url's origin refuses it, or None (cached ``robots_ttl``)."""
        parsed = httpx.URL(url)
        origin = f"{parsed.scheme}://{parsed.netloc.decode('ascii')}"
        cached = self._robots.pop(origin, None)
        if cached is None or time.monotonic() - cached[0] > self.settings.robots_ttl:
            cached = (time.monotonic(), self._load_robots(origin))
        self._robots[origin] = cached
        while len(self._robots) > MAX_HOSTS_REMEMBERED:
            self._robots.popitem(last=False)
        rules = cached[1]
        if isinstance(rules, str):
            return rules
        if rules.can_fetch(self.settings.user_agent, url):
            return None
        return "disallowed by robots.txt"

    def _load_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | str:
        """The parsed robots.txt, or why everything is refused (RFC 9309).

        A 4xx answer (or a redirect, not followed) means no rules; a 5xx answer or an
        unreadable file refuses the whole site until the cached answer expires.
        """
        try:
            self._clock.wait(httpx.URL(origin).host)
            request = self._client.build_request("GET", origin + "/robots.txt")
            deadline = time.monotonic() + self.settings.total_timeout
            fetched = self._send(request, deadline, ROBOTS_MAX_BYTES)
        except FetchError as exc:
            if isinstance(exc.__cause__, RefusedAddress):
                raise  # the site itself is refused, say so
            return f"robots.txt unreadable, site skipped: {exc.reason}"
        if fetched.status >= 500:
            return f"robots.txt answered HTTP {fetched.status}, site skipped"
        parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        if fetched.status >= 300:
            parser.allow_all = True
        else:
            parser.parse(fetched.body.decode("utf-8", errors="replace").splitlines())
        return parser


@contextmanager
def _as_fetch_error(url: str, step: str, deadline: float, total: float) -> Iterator[None]:
    """Turn what a request step raises (a refused address, a timeout, an HTTP or body error)
    into one ``FetchError`` naming the url, the step for a timeout, and the cause; a timeout
    at the fetch's ``deadline`` says the whole fetch took too long (``total`` seconds)."""
    try:
        yield
    except (RefusedAddress, BodyTooLarge, DecodingFailed) as exc:
        raise FetchError(url, str(exc)) from exc
    except httpx.TimeoutException as exc:
        if time.monotonic() >= deadline:
            raise FetchError(url, f"too slow: {step} took over {total:g} s") from exc
        raise FetchError(url, f"timed out {step} ({type(exc).__name__})") from exc
    except httpx.HTTPError as exc:
        raise FetchError(url, f"{type(exc).__name__}: {exc}") from exc
    except httpx.InvalidURL as exc:  # not an HTTPError: httpx raises it reading a Location
        raise FetchError(url, f"invalid url in the answer: {exc}") from exc


# The deadline of the fetch in progress on this thread (monotonic seconds), read by the
# network streams of DeadlineTransport.
_deadline = threading.local()


@contextmanager
def _total_deadline(deadline: float) -> Iterator[None]:
    """Every network operation of this thread meanwhile ends by ``deadline`` at the latest."""
    _deadline.at = deadline
    try:
        yield
    finally:
        _deadline.at = None


def _time_left(timeout: float | None, expired: type[Exception]) -> float | None:
    """``timeout`` cut to what is left before the thread's deadline; ``expired`` once past."""
    deadline = getattr(_deadline, "at", None)
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise expired("the fetch's total time limit was reached")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every read and write ends by the fetch's deadline."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _time_left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _time_left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        left = _time_left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, left))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's own network backend, with streams bounded by the fetch's deadline."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        left = _time_left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(
            self._inner.connect_tcp(host, port, left, local_address, socket_options)
        )

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.NetworkStream:
        left = _time_left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.connect_unix_socket(path, left, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class DeadlineTransport(httpx.HTTPTransport):
    """httpx's transport, with each read and write bounded by the fetch's total deadline.

    httpx's timeouts are per operation: a server sending one header byte every few seconds
    never trips the read timeout, and headers are read before any body check runs. This
    transport's connections cut every operation's timeout to the time left before the
    deadline that :meth:`Fetcher._send` sets, so the status line and headers are bounded too.
    httpx has no public setting for the network backend; its connection pool (httpcore's
    ``ConnectionPool``) takes one, set here (a test of a header drip fails if that changes).
    """

    def __init__(self) -> None:
        super().__init__()
        pool = self._pool
        if not isinstance(pool, httpcore.ConnectionPool) or not hasattr(pool, "_network_backend"):
            raise RuntimeError("httpx's transport changed: no httpcore network backend to bound")
        pool._network_backend = _DeadlineBackend()
