"""The Event noun and the stored-report view the grouping works on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class StoredLaunchReport:
    """One launch report of the current version of a stored article, as grouping sees it.

    ``values`` holds the report's corpus-schema fields (``LaunchReport.values()``);
    ``published`` and ``first_seen_at`` (ISO strings) order reports when values tie.
    """

    report_id: int
    article_url: str
    values: dict[str, Any]
    published: str | None = None
    first_seen_at: str = ""

    @property
    def country(self) -> str | None:
        """The launching state (ISO 3166 alpha-2), where the report names it."""
        return self.values.get("country")

    @property
    def date(self) -> str | None:
        """The local launch date (``YYYY-MM-DD``), or None when unresolved."""
        return self.values.get("date")


@dataclass
class Event:
    """One launch occasion: values resolved from its reports, with every disagreement kept.

    ``conflicts`` maps a field to its distinct stated values (most frequent first) when the
    reports disagree; ``report_ids`` are the stored reports behind the event, earliest first.
    """

    id: str
    country: str | None
    date: str
    values: dict[str, Any]
    conflicts: dict[str, list[Any]] = field(default_factory=dict)
    report_ids: list[int] = field(default_factory=list)
