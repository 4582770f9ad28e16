"""Tokens for reads and writes, and the security headers every answer carries.

Tokens are compared with ``hmac.compare_digest``; a missing or wrong token is a 401 that says
which token is needed, never which part of a wrong one was wrong.
"""

from __future__ import annotations

import base64
import binascii
import hmac

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from launchwatch.serve.settings import ServeSettings


def presented_token(request: Request) -> str | None:
    """The token of ``Authorization: Bearer <token>``, or the password of Basic authentication."""
    header = request.headers.get("authorization", "")
    scheme, _, credentials = header.partition(" ")
    scheme, credentials = scheme.lower(), credentials.strip()
    if scheme == "bearer" and credentials:
        return credentials
    if scheme == "basic" and credentials:
        try:
            decoded = base64.b64decode(credentials, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return decoded.partition(":")[2] or None
    return None


def _matches(presented: str | None, *expected: str | None) -> bool:
    if presented is None:
        return False
    given = presented.encode("utf-8")
    # Every configured token is compared, so timing does not tell which one matched.
    results = [hmac.compare_digest(given, token.encode("utf-8")) for token in expected if token]
    return any(results)


async def require_read(request: Request) -> None:
    """Let the request read, or raise 401 when reads are closed and no valid token is given."""
    settings: ServeSettings = request.app.state.settings
    if settings.reads_open:
        return
    if not _matches(presented_token(request), settings.read_token, settings.write_token):
        raise HTTPException(
            401,
            "reading needs the read token: Authorization: Bearer <token>",
            headers={"WWW-Authenticate": 'Basic realm="launchwatch", charset="UTF-8"'},
        )


async def require_write(request: Request) -> None:
    """Let the request write, or raise 403 (writes disabled) or 401 (missing or wrong token)."""
    settings: ServeSettings = request.app.state.settings
    if not settings.write_token:
        raise HTTPException(403, "writes are disabled: set LAUNCHWATCH_WRITE_TOKEN to enable them")
    if not _matches(presented_token(request), settings.write_token):
        raise HTTPException(
            401,
            "writing needs the write token: Authorization: Bearer <token>",
            headers={"WWW-Authenticate": 'Bearer realm="launchwatch"'},
        )


def content_security_policy(settings: ServeSettings) -> str:
    """Scripts, styles and images from this server only (and the tile host, if configured)."""
    images = " ".join(filter(None, ["'self'", "data:", settings.tiles_origin]))
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; "
        f"img-src {images}; connect-src 'self'; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    )


class SecurityHeaders:
    """ASGI middleware adding the security headers to every response (pure ASGI, so fast)."""

    def __init__(self, app: ASGIApp, settings: ServeSettings) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", content_security_policy(settings).encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"no-referrer"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.headers]
            await send(message)

        await self.app(scope, receive, send_with_headers)
