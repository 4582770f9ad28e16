"""Floors on the project's own field-labelled practice texts (fixtures/practice-fields-en.jsonl).

The 100 texts were written for the project, never taken from the corpus, and are not used to fit
anything: they stand in for news the reader has not seen. Each floor is the figure measured when
it was set (2026-12-04, commit a425b65) minus 0.02, so none can quietly fall.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from launchwatch.evaluate.run import evaluate_file

PRACTICE = Path(__file__).parent / "fixtures" / "practice-fields-en.jsonl"
FLOORS = {
    "launch_report_f1": 0.99 - 0.02,
    "date_accuracy": 0.954 - 0.02,
    "event_precision": 0.96 - 0.02,
    "event_recall": 0.89 - 0.02,
    "field_mean": 0.848 - 0.02,
}


@pytest.fixture(scope="module")
def scores() -> dict:
    return evaluate_file(PRACTICE)


@pytest.mark.parametrize("figure", sorted(FLOORS))
def test_practice_figure_holds_its_floor(scores: dict, figure: str) -> None:
    assert scores["headline"][figure] >= FLOORS[figure], scores["headline"]


def test_the_practice_texts_are_labelled_launch_reports_of_several_states() -> None:
    rows = [json.loads(line) for line in PRACTICE.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 100 and all(r["launch_report"] for r in rows)
    assert len({e["country"] for r in rows for e in r["events"]}) >= 5
