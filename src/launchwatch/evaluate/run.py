"""Run extraction over a labelled corpus file and score it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from launchwatch.evaluate.score import score


def read_gold(path: Path) -> list[dict[str, Any]]:
    """The labelled lines of a corpus JSONL file (blank lines skipped)."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def predict(gold_rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Extract each corpus line's text as an article; return id -> extract-style line."""
    from launchwatch.articles import Article
    from launchwatch.reports.extract import extract_report

    out: dict[str, dict[str, Any]] = {}
    for row in gold_rows:
        article = Article(
            text=row["text"], url=row["url"], id=row["id"], published=row.get("published")
        )
        out[row["id"]] = extract_report(article).to_json(row["id"])
    return out


def evaluate_file(gold_path: Path, worst: int = 15) -> dict[str, Any]:
    """Extract every page of a labelled JSONL file and score the result (see ``score``)."""
    gold = read_gold(gold_path)
    return score(gold, predict(gold), worst=worst)
