"""Bench: resolve 10,000 synthetic launch reports over ~3,000 events, then twice as many.

Run: ``.venv/bin/python bench/resolve.py``. Prints the median of three runs for N and 2N events
(reports scale with them) and the ratio, which stays near 2 when the cost is linear.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date, timedelta

from launchwatch.events import StoredClaim, StoredLaunchReport, group_reports
from launchwatch.events.wire import fingerprint
from launchwatch.reports.model import STATEMENT_DATE_REASON

AREAS = ("Sunan", "Wonsan", "Sinpo", "Kusong", "Hamhung", "Uiju", "Sohae", "Kaechon", "Nampo")
TYPES = ("Hwasong-11", "Hwasong-17", "Hwasong-18", "KN-25", "Pukguksong-3", None)
SOURCES = ("jcs", "jp_gov", "kcna", "us_gov", "other_media")


def synthesise(events: int, reports: int, seed: int = 1) -> list[StoredLaunchReport]:
    """``reports`` reports spread over ``events`` launches on distinct days from 1990 on."""
    rng = random.Random(seed)
    start = date(1990, 1, 1)
    days = sorted(rng.sample(range(events * 3), events))
    out = []
    for n in range(reports):
        event = n % events if n < events else rng.randrange(events)
        day = start + timedelta(days=days[event])
        shift = rng.random() < 0.1  # a tenth of the reports carry the next day (KCNA, time zones)
        source = rng.choice(SOURCES)
        values = {
            "country": "KP",
            "date": (day + timedelta(days=shift)).isoformat(),
            "missile_count": 1 + event % 3,
            "category": "ballistic",
            "designation": TYPES[event % len(TYPES)],
            "launch_area": AREAS[event % len(AREAS)],
            "range_km": float(300 + event % 700 + rng.choice((0, 0, 50))),
            "sources": [source],
        }
        story = rng.randrange(4)  # four stories per launch, copied by many sites
        text = f"Story {story} of launch {event}. " + " ".join(
            f"Sentence {k} of story {story} about launch {event} told at length." for k in range(6)
        )
        out.append(
            StoredLaunchReport(
                report_id=n,
                article_url=f"https://site{n}.example/{event}",
                values=values,
                published=values["date"],
                first_seen_at=f"{values['date']}T00:00:00+00:00",
                date_reason=STATEMENT_DATE_REASON if shift else "'Thursday' counted",
                claims=(
                    StoredClaim(n * 10, "range_km", values["range_km"], source),
                    StoredClaim(n * 10 + 1, "missile_count", values["missile_count"], source),
                ),
                fingerprint=fingerprint(text),
            )
        )
    return out


def median_seconds(reports: list[StoredLaunchReport]) -> float:
    runs = []
    for _ in range(3):
        began = time.perf_counter()
        group_reports(reports)
        runs.append(time.perf_counter() - began)
    return statistics.median(runs)


def main() -> None:
    small = median_seconds(synthesise(3_000, 10_000))
    large = median_seconds(synthesise(6_000, 20_000))
    print(f"10,000 reports / 3,000 events: {small:.2f} s (median of 3)")
    print(f"20,000 reports / 6,000 events: {large:.2f} s (median of 3)")
    print(f"ratio: {large / small:.2f} (2.0 = linear)")


if __name__ == "__main__":
    main()
