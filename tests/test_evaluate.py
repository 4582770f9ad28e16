"""The eval scorer, on small hand-written gold lines and predictions."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from launchwatch.evaluate import QUALITY_BAR, evaluate_file, failures, format_scores, score
from launchwatch.evaluate.agree import designations_agree, jaccard, numbers_agree, places_agree
from launchwatch.evaluate.score import field_agreement


def event(**values: Any) -> dict[str, Any]:
    """A gold-style event: a KP ballistic launch with no other details unless given."""
    base: dict[str, Any] = {
        "country": "KP",
        "date": "2022-01-14",
        "date_resolvable": True,
        "missile_count": None,
        "category": "ballistic",
        "range_class": None,
        "hypersonic": False,
        "designation": None,
        "platform": None,
        "launch_area": None,
        "range_km": None,
        "apogee_km": None,
        "landing": None,
        "sources": [],
    }
    base.update(values)
    return base


def page(id_: str, events: list[dict[str, Any]], kind: str | None = None) -> dict[str, Any]:
    """A gold corpus line; a launch report exactly when it has events."""
    return {
        "id": id_,
        "url": f"https://example.org/{id_}",
        "published": "2022-01-14",
        "text": "A short text written for the test.",
        "launch_report": bool(events),
        "kind": kind or ("test_launch" if events else "other"),
        "events": events,
    }


def as_predicted(gold: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The perfect prediction: each page's gold flag and events, copied."""
    return {
        row["id"]: {
            "id": row["id"],
            "launch_report": row["launch_report"],
            "events": copy.deepcopy(row["events"]),
        }
        for row in gold
    }


GOLD = [
    page(
        "p1",
        [
            event(
                missile_count=2,
                range_km=430,
                apogee_km=36,
                designation="KN-23",
                platform="rail",
                launch_area="Uiju, North Pyongan Province",
                landing="East Sea",
                sources=["jcs", "kcna"],
                range_class="SRBM",
            )
        ],
    ),
    page(
        "p2",
        [
            event(date="2022-01-05", hypersonic=True, sources=["kcna"]),
            event(country="KR", date="2022-01-05", category="cruise"),
        ],
    ),
    page("p3", []),
    page("p4", [], kind="civil_space"),
]


def test_perfect_prediction_scores_one_everywhere() -> None:
    scores = score(GOLD, as_predicted(GOLD))
    assert scores["headline"] == {name: 1.0 for name in QUALITY_BAR}
    assert scores["launch_report"] == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "tp": 2,
        "fp": 0,
        "fn": 0,
        "tn": 2,
        "n": 4,
    }
    assert scores["date_accuracy"] == {"accuracy": 1.0, "correct": 3, "n": 3}
    assert scores["events"] == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "matched": 3,
        "gold": 3,
        "predicted": 3,
    }
    assert all(f["agreement"] == 1.0 for f in scores["fields"].values() if f["n"])
    assert scores["worst"] == []
    assert failures(scores) == []


def test_field_counted_only_where_either_side_has_a_value() -> None:
    fields = score(GOLD, as_predicted(GOLD))["fields"]
    assert {name: f["n"] for name, f in fields.items()} == {
        "missile_count": 1,
        "category": 3,
        "range_class": 1,
        "hypersonic": 1,
        "designation": 1,
        "platform": 1,
        "launch_area": 1,
        "range_km": 1,
        "apogee_km": 1,
        "landing": 1,
        "sources": 2,
    }
    predicted = as_predicted(GOLD)
    predicted["p2"]["events"][1]["platform"] = "ship"  # gold None, predicted a value: counts
    fields = score(GOLD, predicted)["fields"]
    assert fields["platform"] == {"agreement": 0.5, "n": 2}


def test_missing_page_is_a_negative_with_no_events() -> None:
    predicted = as_predicted(GOLD)
    del predicted["p1"]
    scores = score(GOLD, predicted)
    assert scores["launch_report"]["fn"] == 1
    assert scores["launch_report"]["recall"] == 0.5
    assert scores["events"]["recall"] == 2 / 3
    assert scores["launch_report_errors"]["false_negatives_by_kind"] == {"test_launch": 1}


def test_false_positive_lowers_launch_report_precision_and_is_counted_by_kind() -> None:
    predicted = as_predicted(GOLD)
    predicted["p4"] = {"id": "p4", "launch_report": True, "events": [event(date="2022-01-13")]}
    scores = score(GOLD, predicted)
    assert scores["launch_report"]["precision"] == 2 / 3
    assert scores["launch_report"]["recall"] == 1.0
    assert scores["launch_report"]["f1"] == 0.8
    assert scores["launch_report_errors"] == {
        "false_positives_by_kind": {"civil_space": 1},
        "false_negatives_by_kind": {},
    }
    assert scores["events"]["precision"] == 3 / 4
    assert scores["events"]["recall"] == 1.0


def test_wrong_date_counts_against_date_accuracy_and_event_matching() -> None:
    predicted = as_predicted(GOLD)
    predicted["p1"]["events"][0]["date"] = "2022-01-13"
    scores = score(GOLD, predicted)
    assert scores["date_accuracy"] == {"accuracy": 2 / 3, "correct": 2, "n": 3}
    assert scores["events"]["matched"] == 2
    assert scores["events"]["precision"] == 2 / 3
    assert scores["events"]["recall"] == 2 / 3
    # The unmatched pair contributes no field scores.
    assert scores["fields"]["designation"] == {"agreement": None, "n": 0}


def test_predicted_event_without_date_never_matches() -> None:
    gold = [page("p1", [event(date=None, date_resolvable=False)])]
    scores = score(gold, {"p1": {"launch_report": True, "events": [event(date=None)]}})
    assert scores["events"]["matched"] == 0
    assert scores["events"]["predicted"] == 1


def test_unresolvable_dates_are_left_out_of_date_accuracy_but_not_event_recall() -> None:
    gold = [page("p1", [event(date_resolvable=False), event(date="2022-01-15")])]
    predicted = {"p1": {"launch_report": True, "events": [event(date="2022-01-15")]}}
    scores = score(gold, predicted)
    assert scores["date_accuracy"] == {"accuracy": 1.0, "correct": 1, "n": 1}
    assert scores["events"]["recall"] == 0.5


def test_events_match_one_to_one() -> None:
    gold = [page("p1", [event()])]
    predicted = {"p1": {"launch_report": True, "events": [event(), event()]}}
    scores = score(gold, predicted)
    assert scores["events"]["matched"] == 1
    assert scores["events"]["precision"] == 0.5
    assert scores["date_accuracy"]["accuracy"] == 1.0


@pytest.mark.parametrize(
    ("gold", "predicted", "agrees"),
    [
        (1000, 1040, True),
        (1000, 960, True),
        (1000, 1060, False),
        (1000, 940, False),
        (0, 0, True),
    ],
)
def test_numbers_agree_within_five_percent_of_gold(
    gold: float, predicted: float, agrees: bool
) -> None:
    assert numbers_agree(gold, predicted) is agrees
    assert field_agreement("range_km", gold, predicted) == float(agrees)


def test_missile_count_is_exact() -> None:
    assert field_agreement("missile_count", 20, 21) == 0.0
    assert field_agreement("missile_count", 2, 2) == 1.0
    assert field_agreement("missile_count", 2, None) == 0.0
    assert field_agreement("missile_count", None, None) is None


def test_hypersonic_counts_where_either_is_true_and_category_always() -> None:
    assert field_agreement("hypersonic", False, False) is None
    assert field_agreement("hypersonic", True, False) == 0.0
    assert field_agreement("hypersonic", False, True) == 0.0
    assert field_agreement("hypersonic", True, True) == 1.0
    assert field_agreement("category", "unknown", "unknown") == 1.0
    assert field_agreement("category", "ballistic", "unknown") == 0.0


@pytest.mark.parametrize(
    ("gold", "predicted", "agrees"),
    [
        ("Sunan area in Pyongyang", "Sunan, Pyongyang", True),
        ("Pyongyang", "Sunan area of Pyongyang", True),
        ("Uiju, North Pyongan Province", "North Phyongan Province", True),
        ("North Pyongan province", "South Pyongan province", False),
        ("North Pyongan province", "North Hwanghae province", False),
        ("north Vandenberg Space Force Base", "Vandenberg Space Force Base", True),
        ("Sohae Satellite Launching Ground", "Tonghae Satellite Launching Ground", False),
        ("East Sea", "Sea of Japan", False),
        ("Sea of Japan", "Japan Sea", True),
        ("East Sea", "East Sea, also known as the Sea of Japan", True),
        ("outside Japan's exclusive economic zone", "outside Japan's EEZ", True),
        ("outside Japan's EEZ", "within Japan's EEZ", False),
        ("outside Japan's EEZ", "Sea of Japan", False),
        ("Pacific Ocean", "Sea of Japan", False),
        ("its western region", "a western region", True),
    ],
)
def test_places_agree_by_shared_distinctive_words(gold: str, predicted: str, agrees: bool) -> None:
    assert places_agree(gold, predicted) is agrees
    assert places_agree(predicted, gold) is agrees


@pytest.mark.parametrize(
    ("gold", "predicted", "agrees"),
    [
        ("Hwasong-17", "Hwasong 17", True),
        ("Hwasong-17", "new-type ICBM Hwasong-17", True),
        ("Hwasong-17", "Hwasong-12", False),
        ("Hwasong-11", "Hwasong-11Da-4.5", False),
        ("Hwasong-11Da-4.5", "Hwasongpho-11-Da-4.5", True),
        ("Agni-V", "Agni-5", True),
        ("Scud", "Scud-B", True),
        ("KN-23", "Hwasong-11", False),
    ],
)
def test_designations_agree_on_numbers_and_a_shared_word(
    gold: str, predicted: str, agrees: bool
) -> None:
    assert designations_agree(gold, predicted) is agrees


def test_sources_scored_by_mean_jaccard_skipping_empty_pairs() -> None:
    assert jaccard(["jcs", "kcna"], ["kcna", "jp_gov"]) == 1 / 3
    assert field_agreement("sources", [], []) is None
    assert field_agreement("sources", ["jcs"], []) == 0.0
    predicted = as_predicted(GOLD)
    predicted["p1"]["events"][0]["sources"] = ["kcna", "jp_gov"]  # 1/3 with jcs, kcna
    predicted["p2"]["events"][1]["sources"] = ["jcs"]  # gold empty: counts, 0
    fields = score(GOLD, predicted)["fields"]
    assert fields["sources"] == {"agreement": pytest.approx((1 / 3 + 1 + 0) / 3), "n": 3}


def test_field_mean_and_min() -> None:
    predicted = as_predicted(GOLD)
    predicted["p1"]["events"][0]["range_km"] = 500
    scores = score(GOLD, predicted)
    assert scores["headline"]["field_min"] == 0.0
    assert scores["field_min_name"] == "range_km"
    assert scores["headline"]["field_mean"] == 10 / 11


def test_worst_pages_ordered_by_launch_report_then_events_then_fields() -> None:
    gold = [
        page("fields2", [event(missile_count=1, platform="rail")]),
        page("fp", []),
        page("events2", [event(), event(country="KR")]),
        page("fields1", [event(missile_count=1)]),
        page("ok", [event()]),
    ]
    predicted = as_predicted(gold)
    predicted["fields2"]["events"][0].update(missile_count=2, platform="road_mobile")
    predicted["fp"] = {"launch_report": True, "events": []}
    predicted["events2"]["events"] = []
    predicted["fields1"]["events"][0]["missile_count"] = 3
    scores = score(gold, predicted, worst=3)
    assert [p["id"] for p in scores["worst"]] == ["fp", "events2", "fields2"]
    assert scores["worst"][0] == {
        "id": "fp",
        "url": "https://example.org/fp",
        "launch_report_wrong": True,
        "event_misses": 0,
        "field_misses": 0,
        "differences": ["launch_report: False vs True"],
    }
    assert scores["worst"][1]["differences"] == [
        "missed event KP 2022-01-14",
        "missed event KR 2022-01-14",
    ]
    assert scores["worst"][2]["differences"] == [
        "KP 2022-01-14 missile_count: 1 vs 2",
        "KP 2022-01-14 platform: 'rail' vs 'road_mobile'",
    ]


def test_failures_name_every_figure_below_its_bar() -> None:
    predicted = as_predicted(GOLD)
    predicted["p1"]["events"][0]["date"] = "2022-01-13"
    assert failures(score(GOLD, predicted)) == [
        "date_accuracy",
        "event_precision",
        "event_recall",
    ]
    assert failures(score(GOLD, {})) == ["launch_report_f1", "date_accuracy", "event_recall"]
    headline = {
        "launch_report_f1": 0.97,
        "date_accuracy": 0.9499,
        "event_precision": None,
        "event_recall": 1.0,
        "field_mean": 0.84,
        "field_min": 0.7,
    }
    assert failures({"headline": headline}) == ["date_accuracy", "field_mean"]
    assert failures({"headline": headline}, bar={"event_recall": 1.01}) == ["event_recall"]


def test_format_scores_shows_bar_fields_and_worst_pages() -> None:
    predicted = as_predicted(GOLD)
    predicted["p4"] = {"launch_report": True, "events": []}
    text = format_scores(score(GOLD, predicted))
    assert "launch_report_f1   " in text
    assert "FAIL: launch_report_f1" in text
    assert "range_km         100.0%     1" in text
    assert "false positives by kind: civil_space 1" in text
    assert "p4  https://example.org/p4\n    launch_report: False vs True" in text


def test_format_scores_marks_undefined_figures() -> None:
    text = format_scores(score(GOLD, {}))
    assert "event_precision       n/a   0.93        0 of 0 predicted events" in text
    assert "FAIL: launch_report_f1, date_accuracy, event_recall" in text


def test_evaluate_file_extracts_each_line_and_scores_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from launchwatch.reports import extract
    from launchwatch.reports.model import LaunchReport, Report

    seen = []

    def fake_extract(article):  # a launch report exactly when the text says "fired"
        seen.append((article.id, article.url, article.published))
        if "fired" not in article.text:
            return Report(launch_report=False)
        return Report(
            launch_report=True,
            events=[LaunchReport(country="KP", date="2022-01-14", category="ballistic")],
        )

    monkeypatch.setattr(extract, "extract_report", fake_extract)
    gold = [page("p1", [event()]), page("p3", [])]
    gold[0]["text"] = "North Korea fired a ballistic missile on Friday."
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in gold), encoding="utf-8")

    scores = evaluate_file(path, worst=5)
    assert json.loads(json.dumps(scores)) == scores  # what `launchwatch eval --json` prints
    assert seen == [
        ("p1", "https://example.org/p1", "2022-01-14"),
        ("p3", "https://example.org/p3", "2022-01-14"),
    ]
    assert scores["headline"] == {name: 1.0 for name in QUALITY_BAR}
