"""The query parameters that the API and the pages share: event filters, sorting, paging."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal
from urllib.parse import urlencode

from pydantic import BaseModel, Field, field_validator, model_validator

from launchwatch.events.export import LAYOUTS
from launchwatch.serve.models import Category, Confirmation
from launchwatch.store.store import SEARCH_SORTS

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000

Sort = Literal[SEARCH_SORTS]  # type: ignore[valid-type]


class EventFilters(BaseModel):
    """Which events: every filter given must hold. Empty values count as not given."""

    country: str | None = Field(
        None, pattern=r"^[A-Za-z]{2}$", description="Launching state, ISO 3166 alpha-2 (KP)."
    )
    date_from: date | None = Field(None, description="Local launch date on or after (YYYY-MM-DD).")
    date_to: date | None = Field(None, description="Local launch date on or before (YYYY-MM-DD).")
    category: Category | None = None
    platform: str | None = Field(None, max_length=40, description="rail, submarine, road-mobile…")
    range_class: str | None = Field(None, max_length=16, description="SRBM, IRBM, ICBM…")
    confirmation: Confirmation | None = None
    q: str | None = Field(None, max_length=200, description="Text in the id, place or values.")

    @field_validator("*", mode="before")
    @classmethod
    def _empty_is_none(cls, value: Any) -> Any:
        return None if value == "" else value

    @model_validator(mode="after")
    def _dates_in_order(self) -> EventFilters:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("date_from is after date_to")
        return self

    def store_arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``Store.search_events`` for these filters."""
        return {
            "country": self.country.upper() if self.country else None,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "category": self.category,
            "platform": self.platform,
            "range_class": self.range_class,
            "confirmation": self.confirmation,
            "text": self.q,
        }

    def given(self) -> dict[str, str]:
        """The filters that are set, as query parameters."""
        return {
            name: str(value)
            for name, value in self.model_dump(include=set(EventFilters.model_fields)).items()
            if value is not None
        }

    def link(self, path: str, **changes: Any) -> str:
        """``path`` with these parameters, ``changes`` applied (a None value drops one)."""
        params = {**self.given(), **{k: v for k, v in changes.items() if v is not None}}
        for name in [k for k, v in changes.items() if v is None]:
            params.pop(name, None)
        return f"{path}?{urlencode(params)}" if params else path


class EventListQuery(EventFilters):
    """Filters, sort order and page of an event list."""

    sort: Sort = Field("date", description="Sort key; missing values sort last.")
    order: Literal["asc", "desc"] = "asc"
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"Page size, at most {MAX_LIMIT}.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def given(self) -> dict[str, str]:
        """The filters, and the sort order where it is not the default."""
        params = super().given()
        default_order = type(self).model_fields["order"].default
        if self.sort != "date" or self.order != default_order:
            params.update(sort=self.sort, order=self.order)
        if self.limit != 50:
            params["limit"] = str(self.limit)
        return params


class EventPageQuery(EventListQuery):
    """The event list page's query: as the API's, but newest first unless asked otherwise."""

    order: Literal["asc", "desc"] = "desc"


class ExportQuery(EventFilters):
    """An export: the list's filters, the layout, and the ``since`` of ``launchwatch export``."""

    layout: Literal[LAYOUTS] = Field(  # type: ignore[valid-type]
        "events", description="One row per event, or (cns) one row per missile."
    )
    since: str | None = Field(
        None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="Events on or after (undated too)."
    )


class StatsQuery(EventFilters):
    """Filters, and the period statistics are counted by."""

    by: Literal["month", "year"] = "month"
