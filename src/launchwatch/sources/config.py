"""The ``watch`` configuration file (TOML): what to poll, how often, how to fetch, where to alert.

::

    interval = 300                      # seconds between polls
    feeds = ["https://example.org/rss.xml"]
    pages = ["https://example.org/press-releases"]
    allow_private = []                  # addresses / networks allowed despite being private
    user_agent = "launchwatch/0.1 (+mailto:you@example.org)"

    [fetch]                             # any FetchSettings field, times in seconds
    host_interval = 2.0
    total_timeout = 60

    [alerts]                            # any AlertSettings field
    webhooks = ["https://hooks.example.org/launchwatch"]

Unknown keys are refused, so a misspelt setting is an error rather than silently ignored.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from launchwatch.alerts import AlertSettings
from launchwatch.sources.fetch import FetchSettings
from launchwatch.sources.netguard import parse_networks


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class WatchConfig:
    """Everything ``watch`` needs besides the database."""

    feeds: tuple[str, ...] = ()
    pages: tuple[str, ...] = ()
    interval: float = 300.0
    fetch: FetchSettings = field(default_factory=FetchSettings)
    alerts: AlertSettings = field(default_factory=AlertSettings)


def load_config(path: Path, allow_private: tuple[str, ...] = ()) -> WatchConfig:
    """Read ``path``; ``allow_private`` (from the command line) adds to the file's list."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    try:
        return config_from_dict(data, allow_private)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc


def config_from_dict(data: dict[str, Any], allow_private: tuple[str, ...] = ()) -> WatchConfig:
    """Build a WatchConfig from parsed TOML; raises ValueError or TypeError naming the key."""
    data = dict(data)
    fetch = _section(FetchSettings, data.pop("fetch", {}), "fetch")
    top_fetch = {k: data.pop(k) for k in ("user_agent",) if k in data}
    networks = parse_networks(
        [*_strings(data.pop("allow_private", []), "allow_private"), *allow_private]
    )
    fetch = dataclasses.replace(fetch, allow_private=networks, **top_fetch)
    alerts = _section(AlertSettings, data.pop("alerts", {}), "alerts")
    alerts = dataclasses.replace(alerts, webhooks=tuple(_strings(alerts.webhooks, "webhooks")))
    feeds = tuple(_strings(data.pop("feeds", []), "feeds"))
    pages = tuple(_strings(data.pop("pages", []), "pages"))
    interval = float(data.pop("interval", WatchConfig.interval))
    if data:
        raise ValueError(f"unknown setting(s): {', '.join(sorted(data))}")
    if interval <= 0:
        raise ValueError("interval must be positive")
    return WatchConfig(feeds, pages, interval, fetch, alerts)


def _section(cls: type[Any], values: object, name: str) -> Any:
    if not isinstance(values, dict):
        raise TypeError(f"[{name}] must be a table")
    known = {f.name for f in dataclasses.fields(cls)} - {"allow_private"}
    unknown = set(values) - known
    if unknown:
        raise ValueError(f"unknown setting(s) in [{name}]: {', '.join(sorted(unknown))}")
    return cls(**values)


def _strings(values: object, name: str) -> list[str]:
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        raise TypeError(f"{name} must be a list of strings")
    return list(values)
