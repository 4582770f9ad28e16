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
  Placeholders: ``{z}``, ``{x}``, ``{y}`` (required), and the OSM-style ``{s}`` (subdomain,
  always ``a``) and ``{r}`` (retina suffix, always empty); any other ``{...}`` is refused.
- ``LAUNCHWATCH_BASE_URL``: the public address of the app (``https://example.org/launchwatch``),
  from which the Atom feed builds its links; unset, they are built from the request's url
  (and so from its Host header).
- ``LAUNCHWATCH_ALLOW_PRIVATE``: comma-separated addresses or networks that URL ingest may
  fetch from (refused by default, see ``launchwatch.sources.netguard``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from launchwatch.sources.fetch import FetchSettings
from launchwatch.sources.netguard import parse_networks

ENV_PREFIX = "LAUNCHWATCH_"
TILE_PLACEHOLDERS: frozenset[str] = frozenset({"z", "x", "y", "s", "r"})
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def tile_url(template: str, z: int, x: int, y: int) -> str:
    """The url of one tile: ``{z}``, ``{x}`` and ``{y}`` filled in, ``{s}`` as ``a``, ``{r}`` empty.

    Only those placeholders are replaced (not ``str.format``), so other braces cannot fail.
    """
    values = {"z": str(z), "x": str(x), "y": str(y), "s": "a", "r": ""}

    def fill(match: re.Match[str]) -> str:
        return values.get(match.group(1), match.group(0))

    return _PLACEHOLDER.sub(fill, template)


@dataclass(frozen=True)
class ServeSettings:
    """The web app's settings; ``from_env`` reads them from ``LAUNCHWATCH_*`` variables."""

    write_token: str | None = None
    read_token: str | None = None
    tiles_url: str | None = None
    tiles_attribution: str = ""
    base_url: str | None = None
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
        placeholders (or has others than ``{s}`` and ``{r}``), a base url that is not an
        http(s) url, or an unreadable ``LAUNCHWATCH_ALLOW_PRIVATE``.
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
        unknown = sorted({p for p in _PLACEHOLDER.findall(tiles or "")} - set(TILE_PLACEHOLDERS))
        if unknown:
            names = ", ".join(f"{{{p}}}" for p in unknown)
            raise ValueError(
                f"{ENV_PREFIX}TILES_URL has placeholders launchwatch cannot fill ({names}); "
                f"it fills {{z}}, {{x}}, {{y}}, {{s}} (as 'a') and {{r}} (as ''): {tiles}"
            )
        base = get("BASE_URL")
        if base is not None:
            parts = urlsplit(base)
            if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
                raise ValueError(
                    f"{ENV_PREFIX}BASE_URL must be an http(s) url like https://example.org/: {base}"
                )
            base = base.rstrip("/")
        allow = get("ALLOW_PRIVATE")
        fetch = FetchSettings()
        if allow is not None:
            fetch = replace(fetch, allow_private=parse_networks(allow.split(",")))
        return cls(
            write_token=get("WRITE_TOKEN"),
            read_token=get("READ_TOKEN"),
            tiles_url=tiles,
            tiles_attribution=get("TILES_ATTRIBUTION") or "",
            base_url=base,
            fetch=fetch,
        )
