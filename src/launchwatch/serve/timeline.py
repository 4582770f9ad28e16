"""Statistics for charts (launches and missiles per month or year, by category and country) and
the timeline chart of launches per month, as SVG drawn on the server.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

Period = Literal["month", "year"]
CATEGORY_ORDER = ("ballistic", "cruise", "space_launch", "unknown")
WIDTH, HEIGHT = 960, 220
PLOT_TOP, PLOT_BOTTOM = 12, 190  # y of the tallest bar's top and of the baseline
MAX_MONTH_BARS = 180  # longer spans are drawn per year


def period_of(date: str, by: Period) -> str:
    """``YYYY-MM`` or ``YYYY`` of a ``YYYY-MM-DD`` date."""
    return date[:7] if by == "month" else date[:4]


def statistics(rows: Iterable[dict[str, Any]], by: Period = "month") -> list[dict[str, Any]]:
    """Per period, category and country: launches, missiles counted, launches without a count.

    ``rows`` are ``Store.event_summaries`` rows; undated events are left out. Sorted by period,
    category, country.
    """
    buckets: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        if not row.get("date"):
            continue
        key = (period_of(row["date"], by), row.get("category") or "unknown", row.get("country"))
        bucket = buckets[key]
        bucket[0] += 1
        count = row.get("missile_count")
        if isinstance(count, int) and not isinstance(count, bool):
            bucket[1] += count
        else:
            bucket[2] += 1
    return [
        {
            "period": period,
            "category": category,
            "country": country,
            "launches": launches,
            "missiles": missiles,
            "launches_without_count": uncounted,
        }
        for (period, category, country), (launches, missiles, uncounted) in sorted(
            buckets.items(), key=lambda item: (item[0][0], item[0][1], item[0][2] or "")
        )
    ]


@dataclass(frozen=True)
class Segment:
    """One category's part of one bar: its box, count and the list filtered to it."""

    y: float
    height: float
    category: str
    count: int
    label: str
    href: str


@dataclass(frozen=True)
class Bar:
    """One period's bar."""

    x: float
    width: float
    segments: tuple[Segment, ...]


@dataclass
class Timeline:
    """What the timeline template draws: bars, axis labels and the categories shown."""

    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = PLOT_BOTTOM
    by: Period = "month"
    bars: list[Bar] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    peak: int = 0


def timeline(
    rows: Iterable[dict[str, Any]], link: Callable[[str, str, str], str]
) -> Timeline | None:
    """Launches per month (per year over long spans), stacked by category; None without dates.

    ``link(date_from, date_to, category)`` gives the href of a segment: the list filtered to
    that period and category.
    """
    dated = [r for r in rows if r.get("date")]
    if not dated:
        return None
    first, last = min(r["date"] for r in dated), max(r["date"] for r in dated)
    months = _months(first[:7], last[:7])
    by: Period = "month" if len(months) <= MAX_MONTH_BARS else "year"
    periods = (
        months if by == "month" else [str(y) for y in range(int(first[:4]), int(last[:4]) + 1)]
    )
    counts: dict[str, dict[str, int]] = {p: defaultdict(int) for p in periods}
    for row in dated:
        counts[period_of(row["date"], by)][row.get("category") or "unknown"] += 1
    peak = max(sum(c.values()) for c in counts.values())
    categories = sorted(
        {c for per in counts.values() for c in per},
        key=lambda c: (CATEGORY_ORDER.index(c) if c in CATEGORY_ORDER else len(CATEGORY_ORDER), c),
    )
    view = Timeline(by=by, categories=categories, peak=peak)
    slot = WIDTH / len(periods)
    unit = (PLOT_BOTTOM - PLOT_TOP) / peak
    for n, period in enumerate(periods):
        start, end = _bounds(period)
        top = float(PLOT_BOTTOM)
        segments = []
        for category in categories:
            count = counts[period].get(category, 0)
            if not count:
                continue
            top -= count * unit
            label = (
                f"{period}: {count} {category.replace('_', ' ')} launch{'es' if count > 1 else ''}"
            )
            segments.append(
                Segment(top, count * unit, category, count, label, link(start, end, category))
            )
        view.bars.append(Bar(n * slot + slot * 0.1, max(slot * 0.8, 1.0), tuple(segments)))
        if by == "year" or period.endswith("-01") or n == 0:
            view.ticks.append((n * slot, period[:4]))
    return view


def _months(first: str, last: str) -> list[str]:
    """Every ``YYYY-MM`` from ``first`` to ``last``."""
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _bounds(period: str) -> tuple[str, str]:
    """The first and last date of a ``YYYY-MM`` or ``YYYY`` period."""
    if len(period) == 4:
        return f"{period}-01-01", f"{period}-12-31"
    year, month = int(period[:4]), int(period[5:7])
    return f"{period}-01", f"{period}-{calendar.monthrange(year, month)[1]:02d}"
