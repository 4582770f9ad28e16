"""The Event noun and the stored-report view that clustering and resolution work on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class StoredClaim:
    """One stored claim of a report: a value for a field, as its article attributes it."""

    claim_id: int
    field: str
    value: Any
    source: str | None = None
    hedge: str | None = None
    confidence: float = 1.0


@dataclass(frozen=True)
class StoredLaunchReport:
    """One launch report of the current version of a stored article, as resolution sees it.

    ``values`` holds the report's corpus-schema fields (``LaunchReport.values()``);
    ``published`` and ``first_seen_at`` (ISO strings) order reports, earliest first.
    ``position`` is the report's place in its article, so ``(article_url, position)`` names it
    across versions of the article. ``fingerprint`` holds hashes of the article's normalised
    sentences (``events.wire.fingerprint``), to tell wire copies of one story apart from
    independent reports.
    """

    report_id: int
    article_url: str
    values: dict[str, Any]
    published: str | None = None
    first_seen_at: str = ""
    position: int = 0
    date_reason: str | None = None
    time_local: str | None = None
    claims: tuple[StoredClaim, ...] = ()
    fingerprint: frozenset[int] = frozenset()
    outlet: str | None = None

    @property
    def country(self) -> str | None:
        """The launching state (ISO 3166 alpha-2), where the report names it."""
        return self.values.get("country")

    @property
    def date(self) -> str | None:
        """The local launch date (``YYYY-MM-DD``), or None when unresolved."""
        return self.values.get("date")

    @property
    def key(self) -> tuple[str, int]:
        """The report's identity across versions of its article: (url, position)."""
        return (self.article_url, self.position)


@dataclass
class Event:
    """One launch occasion: values resolved from its reports, with every disagreement kept.

    ``date`` is None for a provisional event (``status`` of its date: see ``date_status``)
    formed by a report whose date could not be resolved. ``conflicts`` maps a field to every
    distinct stated value with who stated it; ``provenance`` maps a field to the claim its value
    was taken from and the rule that chose it. ``confirmation`` is "confirmed",
    "reported", "state_media_only" or "unattributed" (see ``events.resolve``). ``families``
    maps each report id to its wire family: reports of one family are copies of one story.
    """

    id: str
    country: str | None
    date: str | None
    values: dict[str, Any]
    conflicts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    provenance: dict[str, dict[str, Any]] = field(default_factory=dict)
    confirmation: str = "unattributed"
    report_ids: list[int] = field(default_factory=list)
    families: dict[int, int] = field(default_factory=dict)
    place: dict[str, Any] | None = None  # gazetteer entry of the launch area: name, lat, lon

    @property
    def date_status(self) -> str:
        """ "resolved", or "date unresolved" for a provisional event."""
        return "resolved" if self.date is not None else "date unresolved"
