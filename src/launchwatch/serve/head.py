"""HEAD requests answered as GET without the body (monitors and link checkers send HEAD).

FastAPI routes declared with ``@get`` answer HEAD with 405; this pure ASGI middleware runs them
as GET and drops the body, keeping the status and every header (Content-Length included), as
HTTP asks of HEAD.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    """ASGI middleware: a HEAD request goes to the app as GET; its answer is sent bodiless."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # the body's later parts are dropped; its last part ends it
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_without_body)
