"""The API's request and response models: what ``/openapi.json`` publishes.

Responses mirror the store's dicts (``Store.search_events``, ``get_event``, ``get_article``),
so the models describe them rather than reshape them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Category = Literal["ballistic", "cruise", "space_launch", "unknown"]
Confirmation = Literal["confirmed", "reported", "state_media_only", "unattributed"]
Value = Any  # a resolved or claimed value: number, string, boolean, list or null


class Place(BaseModel):
    """The launch area's gazetteer entry."""

    name: str
    lat: float | None
    lon: float | None


class EventSummary(BaseModel):
    """One event in a list: its main resolved values and how well it is sourced."""

    id: str
    country: str | None
    date: str | None = Field(description="Local launch date YYYY-MM-DD; null while unresolved.")
    missile_count: int | None
    category: str | None
    range_class: str | None
    designation: str | None
    platform: str | None
    launch_area: str | None
    landing: str | None
    range_km: float | None
    apogee_km: float | None
    confirmation: str
    reports: int = Field(description="Number of articles reporting the event.")
    sources: list[str]
    place: Place | None
    updated_at: str


class EventPage(BaseModel):
    """One page of events matching the filters."""

    total: int = Field(description="Events matching the filters, on every page.")
    limit: int
    offset: int
    items: list[EventSummary]


class Claim(BaseModel):
    """One article's statement of one field's value, with its evidence."""

    value: Value
    source: str | None = Field(description="Whom the article credits (kcna, jcs, ...).")
    hedge: str | None
    confidence: float
    url: str
    title: str | None
    published: str | None
    span: list[int] = Field(description="Character offsets of the claim in the article text.")
    evidence: str = Field(description="The sentence of the article that states the claim.")


class ArticleRef(BaseModel):
    """An article reporting the event; ``story`` groups wire copies of one story."""

    url: str
    outlet: str | None
    title: str | None
    published: str | None
    story: int | None


class Mention(BaseModel):
    """An article that mentions the event in the background of other news."""

    url: str
    evidence: str


class HistoryEntry(BaseModel):
    """One change of the event, and why."""

    at: str
    change: str
    reason: str
    detail: dict[str, Any]


class ReportName(BaseModel):
    """A launch report named by its article's url and its place in the article."""

    url: str
    position: int


class Curation(BaseModel):
    """A correction made by hand (``launchwatch curate``), applied on every resolution."""

    id: int
    kind: str = Field(description="together (a merge), apart (a split) or value.")
    report: ReportName
    other: ReportName | None
    field: str | None
    value: Any
    note: str
    author: str | None
    created_at: str
    withdrawn_at: str | None


class CurationRequest(BaseModel):
    """A correction by hand of an event (the API's ``launchwatch curate``)."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["value", "together", "apart"] = Field(
        description="value: set a field; together: merge another event in; apart: take a "
        "report out of the event."
    )
    event_id: str = Field(max_length=64, pattern=r"^[A-Za-z0-9._-]+$")
    field: str | None = Field(None, max_length=32, description="value: the field to set.")
    value: str | int | float | bool | None = Field(
        None, description='value: as `launchwatch curate set` takes it ("none" clears it).'
    )
    other_event_id: str | None = Field(None, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")
    url: str | None = Field(None, max_length=2000, description="apart: the report's article.")
    position: int | None = Field(None, ge=0, description="apart: which of its reports.")
    note: str = Field(min_length=1, max_length=2000, description="Why: the evidence.")
    author: str | None = Field(None, max_length=200)


class CurationMade(BaseModel):
    """The id of a stored correction and the event that now holds its report."""

    id: int
    event_id: str


class EventDetail(BaseModel):
    """One event: resolved values, conflicts, each field's claims, articles, history."""

    id: str
    country: str | None
    date: str | None
    date_status: str
    confirmation: str
    values: dict[str, Value]
    conflicts: dict[str, list[dict[str, Any]]] = Field(
        description="Per field in dispute, every distinct value with the sources stating it."
    )
    conflict_notes: list[str]
    provenance: dict[str, dict[str, Any]] = Field(
        description="Per field, the claim its value was taken from and the rule that chose it."
    )
    place: Place | None
    created_at: str
    updated_at: str
    articles: list[ArticleRef]
    claims: dict[str, list[Claim]]
    mentions: list[Mention]
    history: list[HistoryEntry]
    curations: list[Curation] = Field(
        description="Corrections by hand about this event's reports, withdrawn ones too."
    )


class ReportClaim(BaseModel):
    """A claim of one article's report, as extracted."""

    field: str
    value: Value
    span: list[int]
    source: str | None
    hedge: str | None
    confidence: float


class ArticleReport(BaseModel):
    """One launch report of an article."""

    position: int
    country: str | None
    date: str | None
    date_reason: str | None
    time_local: str | None
    values: dict[str, Value]
    event_id: str | None
    claims: list[ReportClaim]


class ArticleDetail(BaseModel):
    """An article's current text and its launch reports."""

    url: str
    outlet: str | None
    title: str | None
    published: str | None
    language: str | None
    text: str
    reports: list[ArticleReport]


class StatBucket(BaseModel):
    """Launches and missiles in one period, of one category, by one country."""

    period: str = Field(description="YYYY-MM or YYYY")
    category: str
    country: str | None
    launches: int
    missiles: int = Field(description="Sum of the stated missile counts.")
    launches_without_count: int = Field(description="Launches whose missile count is unknown.")


class Statistics(BaseModel):
    """Launches and missiles per period, by category and country (undated events left out)."""

    by: Literal["month", "year"]
    buckets: list[StatBucket]


class TextIngest(BaseModel):
    """An article to ingest, as one line of a JSONL input (see the README's input formats)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=2_000_000)
    url: str | None = Field(None, max_length=2000, description="Default: jsonl://api#<id>")
    id: str | None = Field(None, max_length=200)
    title: str | None = Field(None, max_length=2000)
    published: str | None = Field(
        None, max_length=64, description="ISO 8601 or RFC 822 date or datetime"
    )
    outlet: str | None = Field(None, max_length=200)
    language: str | None = Field(None, max_length=16)


class UrlIngest(BaseModel):
    """A web page to fetch (through the safe fetcher) and ingest."""

    model_config = ConfigDict(extra="forbid")

    url: str = Field(min_length=1, max_length=2000, pattern=r"^https?://")


class IngestResult(BaseModel):
    """What one ingest did, as ``launchwatch ingest`` counts it."""

    url: str = Field(description="The article's url (its identity in the store).")
    outcome: Literal["new", "new_version", "unchanged"]
    launch_reports: int
    events: int | None
    summary: str


class Problem(BaseModel):
    """An error: ``detail`` says what was wrong."""

    detail: str | list[dict[str, Any]]
