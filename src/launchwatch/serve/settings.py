"""How ``launchwatch serve`` is configured: tokens, online map tiles, fetching for URL ingest.

Everything comes from the environment, so a service manager or container sets it:

- ``LAUNCHWATCH_WRITE_TOKEN``: the token the write API (ingesting a URL or text) requires, as
  ``Authorization: Bearer <token>``. Without it the write API is disabled (403).
- ``LAUNCHWATCH_READ_TOKEN``: when set, reads (pages, API, exports, feed) are closed too: they
  require this token (or the write token) as a Bearer token, or as the password of HTTP Basic
  authentication (any user name), which browsers ask for. Unset: reads are open.
- ``LAUNCHWATCH_TILES_URL``: a tile url template (``https://tile.example.org/{z}/{x}/{y}.png``)
  to draw under the map; unset, the map uses the Natural Earth basemap shipped in the package
  and the pages load nothing from other hosts. ``LAUNCHWATCH_TILES_ATTRIBUTION`` credits them.
- ``LAUNCHWATCH_ALLOW_PRIVATE``: comma-separated addresses or networks that URL ingest may
  fetch from (refused by default, see ``launchwatch.sources.netguard``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from launchwatch.sources.fetch import FetchSettings
from launchwatch.sources.netguard import parse_networks

ENV_PREFIX = "LAUNCHWATCH_"


@dataclass(frozen=True)
class ServeSettings:
    """The web app's settings; ``from_env`` reads them from ``LAUNCHWATCH_*`` variables."""

    write_token: str | None = None
    read_token: str | None = None
    tiles_url: str | None = None
    tiles_attribution: str = ""
    fetch: FetchSettings = field(default_factory=FetchSettings)

    @property
    def reads_open(self) -> bool:
        """True when reading needs no token."""
        return not self.read_token

    @property
    def tiles_origin(self) -> str | None:
        """``scheme://host`` of the configured tiles, for the content security policy."""
        if not self.tiles_url:
            return None
        parts = urlsplit(self.tiles_url)
        return f"{parts.scheme}://{parts.netloc}"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ServeSettings:
        """Settings from the environment (``os.environ`` by default); empty values are unset.

        Raises ``ValueError`` for a tiles url that is not http(s) with the ``{z}/{x}/{y}``
        placeholders, or an unreadable ``LAUNCHWATCH_ALLOW_PRIVATE``.
        """
        env = os.environ if environ is None else environ

        def get(name: str) -> str | None:
            return env.get(ENV_PREFIX + name, "").strip() or None

        tiles = get("TILES_URL")
        if tiles is not None and (
            urlsplit(tiles).scheme not in ("http", "https")
            or not all(p in tiles for p in ("{z}", "{x}", "{y}"))
        ):
            raise ValueError(
                f"{ENV_PREFIX}TILES_URL must be an http(s) url with {{z}}, {{x}} and {{y}}: {tiles}"
            )
        allow = get("ALLOW_PRIVATE")
        fetch = FetchSettings()
        if allow is not None:
            fetch = replace(fetch, allow_private=parse_networks(allow.split(",")))
        return cls(
            write_token=get("WRITE_TOKEN"),
            read_token=get("READ_TOKEN"),
            tiles_url=tiles,
            tiles_attribution=get("TILES_ATTRIBUTION") or "",
            fetch=fetch,
        )
