"""Score extract-style predictions against the labelled corpus (a pure function of both).

The figures, as the corpus README describes them:

- ``launch_report``: precision, recall and F1 of the page-level flag (positive class: true).
- ``date_accuracy``: over gold events whose date is resolvable from the page, the share for which
  the page's prediction has an event of the same country on the same date.
- ``events``: precision, recall and F1 of events matched one-to-one within a page by
  (country, date); predicted events without a date never match.
- ``fields``: for matched pairs, per-field agreement over the pairs where gold or prediction has a
  value (see ``agree`` for the rules), plus their mean and minimum.

Every figure comes with the count it is computed over; a figure over nothing is ``None``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from launchwatch.evaluate.agree import designations_agree, jaccard, numbers_agree, places_agree
from launchwatch.reports.model import EVENT_FIELDS

# Every event field of the corpus schema but the two that identify the event.
SCORED_FIELDS: tuple[str, ...] = tuple(f for f in EVENT_FIELDS if f not in ("country", "date"))

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "designation": designations_agree,
    "launch_area": places_agree,
    "landing": places_agree,
    "range_km": numbers_agree,
    "apogee_km": numbers_agree,
}


def field_agreement(name: str, gold: Any, predicted: Any) -> float | None:
    """Agreement (0..1) of one field of a matched pair, or ``None`` when the pair does not count.

    A pair counts when either side has a value; ``hypersonic`` counts when either side is true,
    ``category`` always counts, ``sources`` is the Jaccard overlap and skips empty-vs-empty.
    """
    if name == "sources":
        gold, predicted = gold or [], predicted or []
        return jaccard(gold, predicted) if gold or predicted else None
    if name == "hypersonic":
        return float(gold is True and predicted is True) if gold or predicted else None
    if name != "category" and gold is None and predicted is None:
        return None
    if gold is None or predicted is None:
        return 0.0
    return float(_COMPARE.get(name, _equal)(gold, predicted))


def _equal(gold: Any, predicted: Any) -> bool:
    return gold == predicted


def ratio(numerator: int, denominator: int) -> float | None:
    """numerator / denominator, or None when there is nothing to divide by."""
    return numerator / denominator if denominator else None


def prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    """Precision, recall and F1 (F1 = 2tp / (2tp + fp + fn), so it is 0 when nothing is right)."""
    return {
        "precision": ratio(tp, tp + fp),
        "recall": ratio(tp, tp + fn),
        "f1": ratio(2 * tp, 2 * tp + fp + fn),
    }


def _key(event: dict[str, Any]) -> tuple[Any, Any]:
    return event.get("country"), event.get("date")


def match_events(
    gold: list[dict[str, Any]], predicted: list[dict[str, Any]]
) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Pair events one-to-one by (country, date), in order; return (pairs, missed, extra)."""
    unmatched = list(predicted)
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    missed: list[dict[str, Any]] = []
    for g in gold:
        hit = next((p for p in unmatched if p.get("date") is not None and _key(p) == _key(g)), None)
        if hit is None:
            missed.append(g)
        else:
            unmatched.remove(hit)
            pairs.append((g, hit))
    return pairs, missed, unmatched


@dataclass
class _Page:
    """What differed on one page, for the worst-pages list."""

    id: str
    url: str | None
    launch_report_wrong: bool = False
    event_misses: int = 0
    field_misses: int = 0
    differences: list[str] = field(default_factory=list)

    def severity(self) -> tuple[int, int, int]:
        return int(self.launch_report_wrong), self.event_misses, self.field_misses

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "launch_report_wrong": self.launch_report_wrong,
            "event_misses": self.event_misses,
            "field_misses": self.field_misses,
            "differences": self.differences,
        }


def _event_label(event: dict[str, Any]) -> str:
    return f"{event.get('country')} {event.get('date')}"


def score(
    gold: list[dict[str, Any]], predicted: dict[str, dict[str, Any]], worst: int = 15
) -> dict[str, Any]:
    """Score predictions (id -> extract-style line) against gold corpus lines.

    A page missing from ``predicted`` counts as ``launch_report`` false with no events. Returns a
    JSON-ready dict: ``headline`` (the figures the quality bar checks), ``launch_report``,
    ``launch_report_errors`` (by gold ``kind``), ``date_accuracy``, ``events``, ``fields`` and
    ``worst`` (the ``worst`` pages with the most serious disagreements, most serious first).
    """
    lr = Counter[str]()
    fp_kinds = Counter[str]()
    fn_kinds = Counter[str]()
    dates_correct = dates_total = 0
    matched = gold_events = predicted_events = 0
    agreements: dict[str, list[float]] = {name: [] for name in SCORED_FIELDS}
    pages: list[_Page] = []

    for row in gold:
        pred = predicted.get(row["id"]) or {"launch_report": False, "events": []}
        page = _Page(id=row["id"], url=row.get("url"))
        pages.append(page)

        truth, guess = bool(row["launch_report"]), bool(pred.get("launch_report"))
        lr[("t" if truth == guess else "f") + ("p" if guess else "n")] += 1
        if truth != guess:
            page.launch_report_wrong = True
            page.differences.append(f"launch_report: {truth} vs {guess}")
            (fp_kinds if guess else fn_kinds)[row.get("kind") or "unknown"] += 1

        gold_evs: list[dict[str, Any]] = row.get("events") or []
        pred_evs: list[dict[str, Any]] = pred.get("events") or []
        predicted_keys = {_key(p) for p in pred_evs if p.get("date") is not None}
        for g in gold_evs:
            if g.get("date_resolvable"):
                dates_total += 1
                dates_correct += _key(g) in predicted_keys

        pairs, missed, extra = match_events(gold_evs, pred_evs)
        gold_events += len(gold_evs)
        predicted_events += len(pred_evs)
        matched += len(pairs)
        page.event_misses = len(missed) + len(extra)
        page.differences += [f"missed event {_event_label(e)}" for e in missed]
        page.differences += [f"extra event {_event_label(e)}" for e in extra]

        for g, p in pairs:
            for name in SCORED_FIELDS:
                value = field_agreement(name, g.get(name), p.get(name))
                if value is None:
                    continue
                agreements[name].append(value)
                if value < 1.0:
                    page.field_misses += 1
                    page.differences.append(
                        f"{_event_label(g)} {name}: {g.get(name)!r} vs {p.get(name)!r}"
                    )

    fields = {
        name: {"agreement": sum(v) / len(v) if v else None, "n": len(v)}
        for name, v in agreements.items()
    }
    scored = {name: f["agreement"] for name, f in fields.items() if f["agreement"] is not None}
    field_min_name = min(scored, key=scored.__getitem__) if scored else None
    launch_report = {
        **prf(lr["tp"], lr["fp"], lr["fn"]),
        "tp": lr["tp"],
        "fp": lr["fp"],
        "fn": lr["fn"],
        "tn": lr["tn"],
        "n": len(gold),
    }
    events = {
        **prf(matched, predicted_events - matched, gold_events - matched),
        "matched": matched,
        "gold": gold_events,
        "predicted": predicted_events,
    }
    date_accuracy = {
        "accuracy": ratio(dates_correct, dates_total),
        "correct": dates_correct,
        "n": dates_total,
    }
    headline = {
        "launch_report_f1": launch_report["f1"],
        "date_accuracy": date_accuracy["accuracy"],
        "event_precision": events["precision"],
        "event_recall": events["recall"],
        "field_mean": sum(scored.values()) / len(scored) if scored else None,
        "field_min": scored[field_min_name] if field_min_name else None,
    }
    ranked = sorted((p for p in pages if p.differences), key=lambda p: p.severity(), reverse=True)
    return {
        "pages": len(gold),
        "headline": headline,
        "launch_report": launch_report,
        "launch_report_errors": {
            "false_positives_by_kind": dict(fp_kinds.most_common()),
            "false_negatives_by_kind": dict(fn_kinds.most_common()),
        },
        "date_accuracy": date_accuracy,
        "events": events,
        "fields": fields,
        "field_min_name": field_min_name,
        "worst": [p.to_json() for p in ranked[:worst]],
    }
