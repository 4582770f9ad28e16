"""The Article noun: one page as fetched or read, before any extraction."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass
class Article:
    """One page's text and metadata.

    ``published`` is an ISO date (``YYYY-MM-DD``) or datetime (with offset where known), exactly
    as the source gave it; extraction resolves relative dates against it. ``url`` is the article's
    identity in the store; inputs without one get a ``file://<absolute path>`` or
    ``jsonl://<file name>#<id or line>`` url from their origin (see ``launchwatch.sources``).
    """

    text: str
    url: str
    id: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    language: str | None = None
    raw: bytes | None = field(default=None, repr=False)
    origin: str | None = None  # file path (and line) the article was read from

    @property
    def content_hash(self) -> str:
        """SHA-256 of the main text: a changed text of the same url is a new version."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()
