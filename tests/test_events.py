"""Grouping stored launch reports into events: the pure resolution rule, no database."""

from __future__ import annotations

from typing import Any

from launchwatch.events import StoredLaunchReport, group_reports, unresolved_reports


def stored(
    report_id: int,
    published: str | None = "2022-01-14",
    first_seen_at: str = "2022-01-14T00:00:00+00:00",
    **values: Any,
) -> StoredLaunchReport:
    base: dict[str, Any] = {
        "country": "KP",
        "date": "2022-01-14",
        "category": "unknown",
        "hypersonic": False,
        "sources": [],
    }
    return StoredLaunchReport(
        report_id=report_id,
        article_url=f"https://example.test/{report_id}",
        values={**base, **values},
        published=published,
        first_seen_at=first_seen_at,
    )


def test_reports_of_one_country_and_date_form_one_event() -> None:
    events = group_reports(
        [
            stored(1, missile_count=2, sources=["kcna"]),
            stored(2, missile_count=2, sources=["jcs", "kcna"]),
            stored(3, date="2022-01-17"),
            stored(4, country="JP"),
        ]
    )
    assert [(e.id, e.report_ids) for e in events] == [
        ("ev-2022-01-14-jp", [4]),
        ("ev-2022-01-14-kp", [1, 2]),
        ("ev-2022-01-17-kp", [3]),
    ]
    kp = events[1]
    assert kp.values["missile_count"] == 2
    assert kp.values["sources"] == ["kcna", "jcs"]  # in the order of reports.model.SOURCES
    assert kp.conflicts == {}


def test_undated_reports_form_no_event_and_are_listed_as_unresolved() -> None:
    reports = [stored(1), stored(2, date=None)]
    assert [e.report_ids for e in group_reports(reports)] == [[1]]
    assert [r.report_id for r in unresolved_reports(reports)] == [2]


def test_most_frequent_value_wins_and_disagreement_is_a_conflict() -> None:
    (event,) = group_reports(
        [stored(1, range_km=800.0), stored(2, range_km=750), stored(3, range_km=750.0)]
    )
    assert event.values["range_km"] == 750
    assert event.conflicts == {"range_km": [750, 800.0]}


def test_ties_go_to_the_earliest_published_article_and_undated_articles_count_last() -> None:
    (event,) = group_reports(
        [
            stored(1, published=None, first_seen_at="2022-01-13T00:00:00+00:00", apogee_km=40),
            stored(2, published="2022-01-15", apogee_km=36),
            stored(3, published="2022-01-14T09:00:00+09:00", apogee_km=42),
        ]
    )
    assert event.values["apogee_km"] == 42
    assert event.conflicts["apogee_km"] == [42, 36, 40]
    assert event.report_ids == [3, 2, 1]


def test_ties_between_same_day_articles_go_to_the_one_seen_first() -> None:
    (event,) = group_reports(
        [
            stored(1, first_seen_at="2022-01-14T10:00:00+00:00", designation="KN-23"),
            stored(2, first_seen_at="2022-01-14T08:00:00+00:00", designation="Hwasong-11"),
        ]
    )
    assert event.values["designation"] == "Hwasong-11"


def test_unstated_defaults_are_not_votes() -> None:
    (event,) = group_reports(
        [stored(1, category="ballistic"), stored(2), stored(3), stored(4, hypersonic=True)]
    )
    assert event.values["category"] == "ballistic"
    assert event.values["hypersonic"] is True
    assert event.values["platform"] is None
    assert event.conflicts == {}


def test_existing_ids_are_kept_and_new_ids_avoid_them() -> None:
    existing = {
        ("KP", "2022-01-14"): "ev-2022-01-14-kp-old",
        ("kp", "2022-01-17"): "ev-2022-01-17-kp",
    }
    events = group_reports([stored(1), stored(2, date="2022-01-17")], existing)
    assert [e.id for e in events] == ["ev-2022-01-14-kp-old", "ev-2022-01-17-kp-2"]


def test_an_unknown_country_still_forms_an_event() -> None:
    (event,) = group_reports([stored(1, country=None)])
    assert (event.id, event.country) == ("ev-2022-01-14-unknown", None)
