"""Event-level scores: ingest a whole labelled corpus, resolve events, compare with the gold.

The corpus goes through the real pipeline (``pipeline.ingest_paths`` into a temporary SQLite
store), so these figures measure what a user of ``launchwatch ingest`` gets. The gold events
are the distinct (country, local date) pairs of all pages' events. The figures:

- ``precision``: the share of dated predicted events that match a gold event, one to one (a
  second event of the same (country, date) does not match again);
- ``recall``: the share of gold events matched by a predicted event;
- ``duplicates``: the share of gold events whose pages' reports are spread over more than one
  predicted event (a page labelled with several events counts only its reports whose event
  has that date);
- ``pairs``: precision, recall and F1 of which pages were put together: two pages belong
  together in the gold when their events share a (country, date), and in the prediction when
  one event holds reports of both;
- ``undated_events``: provisional events without a date, which match no gold event and are not
  counted in precision;
- ``split_events``: the gold events counted as duplicates, each with the ids of the events that
  hold its pages' reports (for error analysis).
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path
from typing import Any

from launchwatch.evaluate.run import read_gold
from launchwatch.evaluate.score import prf, ratio

Key = tuple[str | None, str | None]


def evaluate_events_file(gold_path: Path) -> dict[str, Any]:
    """Ingest every page of a labelled JSONL file into a fresh store and score its events."""
    from launchwatch.pipeline import ingest_paths
    from launchwatch.store import open_store

    gold = read_gold(gold_path)
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "eval.db")
        ingest_paths([gold_path], db)
        with open_store(db) as store:
            predicted = store.event_memberships()
    return score_events(gold, predicted)


def score_events(gold: list[dict[str, Any]], predicted: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Score predicted events against the gold pages.

    ``predicted`` holds one item per event: ``{"id", "country", "date", "urls"}``, the urls of
    the pages whose reports it holds.
    """
    events = list(predicted)
    page_of = {row["url"]: row["id"] for row in gold}
    gold_keys: dict[str, set[Key]] = {
        row["id"]: {(e["country"], e["date"]) for e in row["events"]} for row in gold
    }
    all_keys = set().union(*gold_keys.values())

    dated = [e for e in events if e["date"] is not None]
    matched = {(e["country"], e["date"]) for e in dated} & all_keys
    holders: dict[Key, set[str]] = defaultdict(set)
    together: set[tuple[str, str]] = set()
    for event in events:
        pages = sorted({page_of[u] for u in event["urls"] if u in page_of})
        together |= set(combinations(pages, 2))
        for page in pages:
            keys = gold_keys[page]
            own = (event["country"], event["date"])
            for key in [own] if own in keys else keys if len(keys) == 1 else []:
                holders[key].add(event["id"])

    gold_pairs = {
        pair
        for pages in _pages_by_key(gold_keys).values()
        for pair in combinations(sorted(pages), 2)
    }
    tp = len(together & gold_pairs)
    split = sum(1 for key in all_keys if len(holders[key]) > 1)
    return {
        "gold_events": len(all_keys),
        "predicted_events": len(dated),
        "undated_events": len(events) - len(dated),
        "precision": ratio(len(matched), len(dated)),
        "recall": ratio(len(matched), len(all_keys)),
        "duplicates": ratio(split, len(all_keys)),
        "pairs": {
            **prf(tp, len(together - gold_pairs), len(gold_pairs - together)),
            "gold": len(gold_pairs),
            "predicted": len(together),
        },
        "unmatched_events": sorted(
            f"{e['country']} {e['date']}"
            for e in dated
            if (e["country"], e["date"]) not in all_keys
        ),
        "missed_events": sorted(f"{c} {d}" for c, d in all_keys - matched),
        "split_events": {
            f"{c} {d}": sorted(holders[(c, d)])
            for c, d in sorted(all_keys, key=str)
            if len(holders[(c, d)]) > 1
        },
    }


def format_event_scores(scores: dict[str, Any]) -> str:
    """The event scores as a few lines of text."""
    pairs = scores["pairs"]
    lines = [
        f"events: {scores['predicted_events']} dated predicted "
        f"(+{scores['undated_events']} undated), {scores['gold_events']} gold",
        f"  precision {_pct(scores['precision'])}  recall {_pct(scores['recall'])}  "
        f"duplicates {_pct(scores['duplicates'])}",
        f"  pairs: precision {_pct(pairs['precision'])}  recall {_pct(pairs['recall'])}  "
        f"F1 {_pct(pairs['f1'])}  ({pairs['predicted']} predicted, {pairs['gold']} gold)",
    ]
    if scores["unmatched_events"]:
        lines.append("  not in the gold: " + ", ".join(scores["unmatched_events"]))
    if scores["missed_events"]:
        lines.append("  missed: " + ", ".join(scores["missed_events"]))
    for key, holders in scores["split_events"].items():
        lines.append(f"  split: {key} over " + ", ".join(holders))
    return "\n".join(lines)


def _pages_by_key(gold_keys: dict[str, set[Key]]) -> dict[Key, set[str]]:
    pages: dict[Key, set[str]] = defaultdict(set)
    for page, keys in gold_keys.items():
        for key in keys:
            pages[key].add(page)
    return pages


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"
