"""The Claim and Report nouns: what one article says about one or more launches."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# How a date_reason begins when the launch day is only assumed (the publication day or
# dateline) or is the day of the earliest statement about it: weak dates, which event
# grouping may move to a neighbouring launch.
ASSUMED_DATE_REASON = "no launch day in the text"
STATEMENT_DATE_REASON = "date of the earliest statement about it"

# The event fields of the corpus schema, in its order.
EVENT_FIELDS: tuple[str, ...] = (
    "country",
    "date",
    "missile_count",
    "category",
    "range_class",
    "hypersonic",
    "designation",
    "platform",
    "launch_area",
    "range_km",
    "apogee_km",
    "landing",
    "sources",
)

SOURCES: tuple[str, ...] = (
    "kcna",
    "rodong_sinmun",
    "jcs",
    "kr_gov",
    "jp_gov",
    "jp_coast_guard",
    "us_gov",
    "analyst",
    "other_media",
    "other",
)


@dataclass(frozen=True)
class Claim:
    """One value for one field of one launch, as one article states it.

    ``start``/``end`` are character offsets of the evidence in the article text; ``source`` is who
    the article credits for it (one of ``SOURCES``) where it says; ``hedge`` is a hedging word
    ("presumed", "claimed") found next to it.
    """

    field: str
    value: Any
    start: int
    end: int
    source: str | None = None
    hedge: str | None = None
    confidence: float = 1.0

    def to_json(self, text: str | None = None) -> dict[str, Any]:
        """The claim as a JSON-ready dict; with the text, the evidence string is included."""
        out: dict[str, Any] = {
            "field": self.field,
            "value": self.value,
            "span": [self.start, self.end],
            "source": self.source,
            "hedge": self.hedge,
            "confidence": round(self.confidence, 3),
        }
        if text is not None:
            out["evidence"] = text[self.start : self.end]
        return out


@dataclass
class LaunchReport:
    """An article's account of one launch: resolved field values plus the claims behind them."""

    country: str | None = None
    date: str | None = None
    date_reason: str | None = None  # why the date is what it is, or why it is unresolved
    missile_count: int | None = None
    category: str = "unknown"
    range_class: str | None = None
    hypersonic: bool = False
    designation: str | None = None
    platform: str | None = None
    launch_area: str | None = None
    range_km: float | None = None
    apogee_km: float | None = None
    landing: str | None = None
    sources: list[str] = field(default_factory=list)
    time_local: str | None = None  # "HH:MM" local to the launching state, where stated
    # For an unresolved date, the day the text names: {"weekday": 0-6, "month", "day"}.
    date_hint: dict[str, int] | None = None
    claims: list[Claim] = field(default_factory=list)

    def values(self) -> dict[str, Any]:
        """The corpus-schema fields only."""
        return {name: getattr(self, name) for name in EVENT_FIELDS}

    def to_json(self, text: str | None = None) -> dict[str, Any]:
        """Corpus-schema fields plus date reason, local time and the evidence claims."""
        out = self.values()
        out["date_reason"] = self.date_reason
        out["date_hint"] = self.date_hint
        out["time_local"] = self.time_local
        out["claims"] = [c.to_json(text) for c in self.claims]
        return out


@dataclass
class BackgroundMention:
    """An earlier launch the article mentions in passing, not as its news."""

    date: str | None
    start: int
    end: int
    country: str | None = None

    def to_json(self, text: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "date": self.date,
            "country": self.country,
            "span": [self.start, self.end],
        }
        if text is not None:
            out["evidence"] = text[self.start : self.end]
        return out


@dataclass
class Report:
    """The extraction result for one article."""

    launch_report: bool
    events: list[LaunchReport] = field(default_factory=list)
    background: list[BackgroundMention] = field(default_factory=list)
    relevance_score: float = 0.0

    def to_json(self, article_id: str | None, text: str | None = None) -> dict[str, Any]:
        """The ``extract`` output line: ``{"id", "launch_report", "events", ...}``."""
        return {
            "id": article_id,
            "launch_report": self.launch_report,
            "events": [e.to_json(text) for e in self.events],
            "background": [b.to_json(text) for b in self.background],
            "relevance_score": round(self.relevance_score, 3),
        }
