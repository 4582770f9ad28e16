"""Scores as if the pages were unseen: the corpus split into folds by launch event.

All pages that report one launch (one gold (country, date)) land in the same fold, and pages that
share any launch are kept together, so no held-out page has a sibling page in the training side.
Pages with no launch (the negatives) are spread over the folds in the order of a stable hash of
their id. The
split is deterministic: the same corpus always gives the same folds.

For each fold, what the reader learns from data (the relevance model, ``reports.relevance``) is
trained on the other folds only, then the fold is read and scored. The figures are the mean over
the held-out folds; a change that lifts whole-corpus figures but not these fits the corpus.
"""

from __future__ import annotations

import hashlib
import json
import statistics
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from launchwatch.evaluate.run import predict
from launchwatch.evaluate.score import score

Row = dict[str, Any]
# Trains what the reader learns on the given rows and installs it while the context is open.
Trainer = Callable[[list[Row]], AbstractContextManager[object]]


def event_folds(rows: list[Row], k: int) -> list[list[Row]]:
    """Split labelled rows into ``k`` folds, the pages of one launch always in one fold."""
    if k < 2:
        raise ValueError(f"need at least 2 folds, got {k}")
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for row in rows:
        keys = [f"{e.get('country')}|{e.get('date')}" for e in row.get("events") or []]
        page = f"page|{row['id']}"
        for key in keys:
            parent[find(key)] = find(page)
        find(page)
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(find(f"page|{row['id']}"), []).append(row)

    launches = [g for g in groups.values() if any(r.get("events") for r in g)]
    others = [g for g in groups.values() if not any(r.get("events") for r in g)]
    folds: list[list[Row]] = [[] for _ in range(k)]
    # Largest launches first, each into the fold with the fewest pages (ties: lowest index).
    for group in sorted(launches, key=lambda g: (-len(g), min(r["id"] for r in g))):
        min(folds, key=len).extend(group)
    # Pages with no launch in a stable shuffled order (by hash), each into the smallest fold.
    for group in sorted(others, key=lambda g: stable_hash(min(r["id"] for r in g))):
        min(folds, key=len).extend(group)
    order = {row["id"]: i for i, row in enumerate(rows)}
    return [sorted(fold, key=lambda r: order[r["id"]]) for fold in folds]


def stable_hash(text: str) -> int:
    """A hash of the text that is the same in every run (Python's hash() is salted)."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def held_out(rows: list[Row], k: int) -> Iterator[tuple[list[Row], list[Row]]]:
    """(training rows, held-out rows) for each of the ``k`` event folds."""
    folds = event_folds(rows, k)
    for i, fold in enumerate(folds):
        yield [r for j, other in enumerate(folds) if j != i for r in other], fold


def fold_scores(rows: list[Row], k: int = 5, trainer: Trainer | None = None) -> dict[str, Any]:
    """Per-page scores of each held-out fold and their mean, beside the whole-corpus scores.

    ``trainer`` (default: the relevance model's) is given the training rows of each fold.
    """
    trainer = trainer or _default_trainer()
    per_fold, fields_per_fold = [], []
    for train, test in held_out(rows, k):
        with trainer(train):
            scores = score(test, predict(test))
        per_fold.append(scores["headline"])
        fields_per_fold.append(_field_agreements(scores))
    whole = score(rows, predict(rows))
    return {
        "folds": k,
        "pages": [len(f) for f in event_folds(rows, k)],
        "per_fold": per_fold,
        "mean": _mean_of(per_fold),
        "spread": _spread_of(per_fold),
        "whole": whole["headline"],
        "fields_mean": _mean_of(fields_per_fold),
        "fields_whole": _field_agreements(whole),
    }


def _field_agreements(scores: dict[str, Any]) -> dict[str, float | None]:
    return {name: f["agreement"] for name, f in scores["fields"].items()}


def event_fold_scores(
    rows: list[Row], k: int = 5, trainer: Trainer | None = None
) -> dict[str, Any]:
    """Resolved-event scores (``evaluate.events``) of each held-out fold, ingested on its own."""
    from launchwatch.evaluate.events import score_events
    from launchwatch.pipeline import ingest_paths
    from launchwatch.store import open_store

    trainer = trainer or _default_trainer()
    per_fold = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, (train, test) in enumerate(held_out(rows, k)):
            pages = Path(tmp) / f"fold{i}.jsonl"
            pages.write_text(
                "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in test), encoding="utf-8"
            )
            db = str(Path(tmp) / f"fold{i}.db")
            with trainer(train):
                ingest_paths([pages], db)
            with open_store(db) as store:
                scores = score_events(test, store.event_memberships())
            per_fold.append(
                {
                    "precision": scores["precision"],
                    "recall": scores["recall"],
                    "duplicates": scores["duplicates"],
                    "pairs_f1": scores["pairs"]["f1"],
                }
            )
    return {"folds": k, "per_fold": per_fold, "mean": _mean_of(per_fold)}


def _default_trainer() -> Trainer:
    try:
        from launchwatch.reports.relevance import trained_on
    except ImportError:  # no learned step in the reader: nothing to retrain
        return lambda _rows: nullcontext()
    return trained_on


def _mean_of(per_fold: list[dict[str, float | None]]) -> dict[str, float | None]:
    names = per_fold[0].keys() if per_fold else ()
    means: dict[str, float | None] = {}
    for name in names:
        values = [f[name] for f in per_fold if f[name] is not None]
        means[name] = statistics.fmean(values) if values else None  # type: ignore[arg-type]
    return means


def _spread_of(per_fold: list[dict[str, float | None]]) -> dict[str, tuple[float, float] | None]:
    names = per_fold[0].keys() if per_fold else ()
    spread: dict[str, tuple[float, float] | None] = {}
    for name in names:
        values = [v for f in per_fold if (v := f[name]) is not None]
        spread[name] = (min(values), max(values)) if values else None
    return spread


def format_fold_scores(scores: dict[str, Any], events: dict[str, Any] | None = None) -> str:
    """The fold means beside the whole-corpus figures, with each figure's range over folds."""
    lines = [
        f"{scores['folds']} event folds ({', '.join(map(str, scores['pages']))} pages); "
        "learned steps trained on the other folds",
        "",
        f"{'figure':<18}{'fold mean':>10}{'range':>17}{'whole':>9}",
    ]
    for name, mean in scores["mean"].items():
        low_high = scores["spread"][name]
        shown = f"{low_high[0]:.3f}–{low_high[1]:.3f}" if low_high else "n/a"
        whole = scores["whole"][name]
        lines.append(f"{name:<18}{_fmt(mean):>10}{shown:>17}{_fmt(whole):>9}")
    lines += [
        "",
        "per field, fold mean (whole): "
        + ", ".join(
            f"{name} {_fmt(mean)} ({_fmt(scores['fields_whole'].get(name))})"
            for name, mean in scores["fields_mean"].items()
        ),
    ]
    if events is not None:
        lines += [
            "",
            "resolved events, fold mean: "
            + "  ".join(f"{name} {_fmt(value)}" for name, value in events["mean"].items()),
        ]
    return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"
