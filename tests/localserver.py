"""A real HTTP server on 127.0.0.1 for the fetch and watch tests, with hostile routes.

Routes map a path to a function of the request handler; each request is logged (path,
headers, body) so tests can check what was asked and sent.
"""

from __future__ import annotations

import contextlib
import gzip
import http.server
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import format_datetime
from typing import Any

Route = Callable[[http.server.BaseHTTPRequestHandler], None]


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""


@dataclass
class LocalServer:
    """Serves ``routes`` on 127.0.0.1 in a thread; ``url(path)`` gives the full url."""

    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)

    def start(self) -> LocalServer:
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                self.body = body  # for routes that read what was posted
                server.requests.append(
                    Request(self.command, self.path, dict(self.headers.items()), body)
                )
                route = server.routes.get(self.path) or server.routes.get(self.path.split("?")[0])
                if route is None:
                    send(self, 404, b"not found", "text/plain")
                    return
                # the client giving up is expected of the hostile routes
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    route(self)

            do_GET = do_POST = _handle

            def log_message(self, *args: Any) -> None:
                pass

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # hostile routes end in broken connections by design

        self._httpd = Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def hits(self, path: str, method: str = "GET") -> list[Request]:
        return [r for r in self.requests if r.path == path and r.method == method]


def send(
    handler: http.server.BaseHTTPRequestHandler,
    status: int,
    body: bytes,
    content_type: str = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> None:
    """Answer with ``body`` and a Content-Length."""
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def static(body: bytes, content_type: str = "text/html; charset=utf-8", **headers: str) -> Route:
    """A route that always answers 200 with ``body``."""
    return lambda h: send(
        h, 200, body, content_type, {k.replace("_", "-"): v for k, v in headers.items()}
    )


def redirect(location: str, status: int = 302) -> Route:
    return lambda h: send(h, status, b"", "text/plain", {"Location": location})


def gzip_bomb(decoded_size: int) -> Route:
    """A small gzip body that inflates to ``decoded_size`` zero bytes."""
    body = gzip.compress(b"\0" * decoded_size, compresslevel=9)
    return static(body, Content_Encoding="gzip")


def endless(chunk: bytes = b"x" * 65536, limit: int = 1 << 30) -> Route:
    """A body of up to ``limit`` bytes (1 GB) with no Content-Length, until the client leaves."""

    def route(h: http.server.BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Connection", "close")
        h.end_headers()
        sent = 0
        while sent < limit:
            h.wfile.write(chunk)
            sent += len(chunk)

    return route


def drip(seconds: float = 1.0, count: int = 30) -> Route:
    """Headers at once, then one byte a second (at most ``count`` bytes)."""

    def route(h: http.server.BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(count))
        h.end_headers()
        for _ in range(count):
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(seconds)

    return route


@dataclass
class HeaderDrip:
    """A route sending the status line and headers one byte every ``seconds`` (``count``
    header bytes, then the end of the headers and a short body): no single read waits long.
    ``sent`` counts the bytes written before the client went away; ``done`` is set at the end.
    """

    seconds: float = 0.2
    count: int = 150
    sent: int = 0
    done: threading.Event = field(default_factory=threading.Event)

    def route(self, h: http.server.BaseHTTPRequestHandler) -> None:
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Drip: " + b"x" * self.count
        try:
            for byte in head:
                h.wfile.write(bytes([byte]))
                h.wfile.flush()
                self.sent += 1
                time.sleep(self.seconds)
            h.wfile.write(b"\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
        finally:
            self.done.set()

    @property
    def total(self) -> int:
        """The header bytes the route sends when the client waits for them all."""
        return len(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Drip: ") + self.count


def page(title: str, published: str, *paragraphs: str) -> bytes:
    """A news page as an outlet would serve it."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title>"
        f'<meta property="article:published_time" content="{published}"></head>'
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article>"
        "</body></html>"
    ).encode()


FIRST_TUESDAY = datetime.fromisoformat("2025-01-07T07:20:00+09:00")


def launch_page(n: int) -> tuple[bytes, str]:
    """A JCS report of a launch on the n-th Tuesday of 2025 (one launch a page, each on its own
    day for the first 50 years of pages), and its RFC 822 date."""
    when = FIRST_TUESDAY + timedelta(weeks=n % 50, days=365 * (n // 50))
    html = page(
        f"North Korea fires missiles ({n})",
        when.isoformat(),
        "SEOUL — North Korea fired two short-range ballistic missiles into the East Sea on "
        "Tuesday morning, South Korea's Joint Chiefs of Staff said.",
        f"The missiles flew about {300 + n % 500} kilometers, the JCS said in a text message "
        f"to reporters, in report number {n}.",
    )
    return html, format_datetime(when)


@dataclass
class Hook:
    """A webhook receiver that fails the first ``failures`` POSTs with HTTP 500."""

    failures: int = 0
    received: list[dict[str, Any]] = field(default_factory=list)

    def route(self, h: Any) -> None:
        payload = json.loads(h.body)
        if self.failures:
            self.failures -= 1
            send(h, 500, b"busy", "text/plain")
            return
        self.received.append(payload)
        send(h, 204, b"", "text/plain")
