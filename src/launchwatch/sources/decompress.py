"""Decode a response body's content encoding chunk by chunk, never past a cap on decoded bytes.

A compression bomb (a few kilobytes of gzip or brotli that inflate to gigabytes) is stopped as
soon as the decoded size passes the cap: no decoder is ever asked for more output than fits.
"""

from __future__ import annotations

import zlib

import brotli

ENCODINGS = ("gzip", "deflate", "br")
ACCEPT_ENCODING = ", ".join(ENCODINGS)


class BodyTooLarge(ValueError):
    """The decoded body passed the cap."""

    def __init__(self, limit: int, what: str) -> None:
        how = "" if what == "raw" else f" ({what})"
        super().__init__(f"body over the {limit:,}-byte limit{how}")


class DecodingFailed(ValueError):
    """The body is not valid data of its declared content encoding, or the encoding is unknown."""


class CappedDecoder:
    """Decodes ``Content-Encoding`` ``encoding`` (identity, gzip, deflate, br) up to ``limit``."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.encoding = encoding.strip().lower() or "identity"
        if self.encoding not in (*ENCODINGS, "identity"):
            raise DecodingFailed(f"unsupported content encoding {self.encoding!r}")
        self.limit = limit
        self.size = 0
        self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 32) if self.encoding == "gzip" else None
        self._brotli = brotli.Decompressor() if self.encoding == "br" else None
        self._first_deflate = self.encoding == "deflate"

    def decode(self, data: bytes) -> bytes:
        """The decoded bytes of the next raw chunk; raises BodyTooLarge or DecodingFailed."""
        try:
            if self.encoding == "identity":
                return self._count(data)
            if self._brotli is not None:
                return self._debrotli(data)
            return self._inflate(data)
        except (zlib.error, brotli.error) as exc:
            raise DecodingFailed(f"invalid {self.encoding} data: {exc}") from exc

    def _inflate(self, data: bytes) -> bytes:
        if self._first_deflate:  # "deflate" is zlib-wrapped by the RFC, raw in practice too
            self._first_deflate = False
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS)
            try:
                return self._inflate(data)
            except zlib.error:
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
        assert self._zlib is not None
        return self._count(self._zlib.decompress(data, self._room()))

    def _debrotli(self, data: bytes) -> bytes:
        assert self._brotli is not None
        parts = [self._count(self._brotli.process(data, output_buffer_limit=self._room()))]
        while not self._brotli.can_accept_more_data():  # output held back at the limit
            parts.append(self._count(self._brotli.process(b"", output_buffer_limit=self._room())))
        return b"".join(parts)

    def _room(self) -> int:
        """Ask for one byte more than fits, so that passing the cap shows."""
        return self.limit - self.size + 1

    def _count(self, out: bytes) -> bytes:
        self.size += len(out)
        if self.size > self.limit:
            what = "raw" if self.encoding == "identity" else f"after {self.encoding} decoding"
            raise BodyTooLarge(self.limit, what)
        return out
