"""The quality bar extraction is held to, and which figures fall below it."""

from __future__ import annotations

from typing import Any

QUALITY_BAR: dict[str, float] = {
    "launch_report_f1": 0.97,
    "date_accuracy": 0.95,
    "event_precision": 0.93,
    "event_recall": 0.93,
    "field_mean": 0.85,
    "field_min": 0.70,
}


def failures(scores: dict[str, Any], bar: dict[str, float] = QUALITY_BAR) -> list[str]:
    """Name every headline figure below its bar, in the bar's order, e.g. ``"date_accuracy"``.

    A figure computed over nothing (``None``) is not a failure: there was nothing to get wrong.
    """
    headline = scores["headline"]
    return [
        name
        for name, minimum in bar.items()
        if headline.get(name) is not None and headline[name] < minimum
    ]
