"""Event folds: pages of one launch never straddle a fold; learned steps never see their fold."""

from __future__ import annotations

from contextlib import contextmanager, nullcontext
from typing import Any

import pytest

from launchwatch.evaluate.folds import event_folds, fold_scores, format_fold_scores, held_out


def _row(page: str, *events: tuple[str, str]) -> dict[str, Any]:
    return {
        "id": page,
        "url": f"https://example.org/{page}",
        "published": None,
        "text": "Nothing here fired anything.",
        "launch_report": bool(events),
        "kind": "test_launch" if events else "other",
        "events": [{"country": c, "date": d, "date_resolvable": False} for c, d in events],
    }


ROWS = [
    _row("a1", ("KP", "2022-01-05")),
    _row("a2", ("KP", "2022-01-05")),
    # b1 reports two launches; b2 shares one of them and c1 the other: all three go together
    _row("b1", ("KP", "2022-03-01"), ("KP", "2022-03-02")),
    _row("b2", ("KP", "2022-03-01")),
    _row("c1", ("KP", "2022-03-02")),
    _row("d1", ("IR", "2022-03-01")),  # same day, another state: another launch
    *(_row(f"n{i}") for i in range(12)),
    *(_row(f"e{i}", ("KP", f"2023-05-{i + 1:02d}")) for i in range(10)),
]


def _fold_of(folds: list[list[dict[str, Any]]]) -> dict[str, int]:
    return {row["id"]: i for i, fold in enumerate(folds) for row in fold}


def test_pages_of_one_launch_share_a_fold_even_through_other_launches() -> None:
    fold_of = _fold_of(event_folds(ROWS, 3))
    assert fold_of["a1"] == fold_of["a2"]
    assert fold_of["b1"] == fold_of["b2"] == fold_of["c1"]
    assert sorted(fold_of) == sorted(r["id"] for r in ROWS)  # every page once


def test_folds_are_balanced_deterministic_and_hold_negatives() -> None:
    folds = event_folds(ROWS, 3)
    assert folds == event_folds(list(ROWS), 3)
    sizes = [len(f) for f in folds]
    assert max(sizes) - min(sizes) <= 4, sizes
    assert all(any(not r["events"] for r in f) for f in folds), "negatives in every fold"
    assert all(any(r["events"] for r in f) for f in folds), "launches in every fold"


def test_held_out_rows_are_never_training_rows() -> None:
    seen_test: list[str] = []
    for train, test in held_out(ROWS, 4):
        train_ids, test_ids = {r["id"] for r in train}, {r["id"] for r in test}
        assert not train_ids & test_ids
        assert len(train_ids) + len(test_ids) == len(ROWS)
        seen_test += test_ids
    assert sorted(seen_test) == sorted(r["id"] for r in ROWS)


def test_fold_scores_train_on_the_other_folds_only() -> None:
    trained: list[set[str]] = []

    @contextmanager
    def trainer(rows: list[dict[str, Any]]):  # type: ignore[no-untyped-def]
        trained.append({r["id"] for r in rows})
        yield None

    result = fold_scores(ROWS, 3, trainer=trainer)
    folds = event_folds(ROWS, 3)
    assert trained == [set(_fold_of(folds)) - {r["id"] for r in f} for f in folds]
    assert len(result["per_fold"]) == 3
    # the texts report nothing: every launch page is missed, in every fold and as a whole
    assert result["whole"]["event_recall"] == 0.0
    assert result["mean"]["event_recall"] == 0.0


def test_fewer_than_two_folds_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 2 folds"):
        event_folds(ROWS, 1)


def test_fold_scores_give_each_field_beside_the_whole_corpus_figure() -> None:
    text = "North Korea fired two ballistic missiles from a train on March {}, the JCS said."
    rows = [
        {
            "id": f"p{i}", "url": f"test:{i}", "published": f"2024-03-{4 + i:02d}",
            "text": text.format(3 + i), "launch_report": True,
            "events": [{"country": "KP", "date": f"2024-03-{3 + i:02d}", "missile_count": 2,
                        "platform": "rail", "date_resolvable": True}],
        }
        for i in range(4)
    ]  # fmt: skip
    result = fold_scores(rows, 2, trainer=lambda _rows: nullcontext())
    assert result["fields_mean"]["missile_count"] == 1.0
    assert result["fields_whole"]["platform"] == 1.0
    assert "platform 1.000 (1.000)" in format_fold_scores(result)
