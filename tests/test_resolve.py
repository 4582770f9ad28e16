"""Resolution replayed the way a launch unfolds in the news: pure functions, no database.

Each report is hand-built (what extraction would give for a short invented article), so these
tests pin the clustering and resolution rules, not extraction.
"""

from __future__ import annotations

from itertools import count
from typing import Any

from launchwatch.events import PreviousEvent, StoredClaim, StoredLaunchReport, group_reports
from launchwatch.events.places import locate, same_site
from launchwatch.events.resolve import confirmation, conflict_note
from launchwatch.events.wire import are_copies, fingerprint

_ids = count(1)
WIRE = (
    "North Korea fired two short-range ballistic missiles toward the East Sea on Thursday "
    "morning, South Korea's Joint Chiefs of Staff said. The missiles flew about 750 km, "
    "Japan's defence ministry said, and landed outside its exclusive economic zone. "
    "It was the third launch this month, according to officials in Seoul."
)


def report(
    url: str,
    published: str | None = "2024-03-14",
    claims: tuple[tuple[str, Any, str | None], ...] = (),
    text: str | None = None,
    date_reason: str = "'Thursday' counted back from publication date",
    time_local: str | None = None,
    position: int = 0,
    **values: Any,
) -> StoredLaunchReport:
    """A stored report; ``claims`` are (field, value, source), also set as the report's values."""
    base: dict[str, Any] = {"country": "KP", "date": "2024-03-14", "category": "ballistic"}
    sources = sorted({s for _, _, s in claims if s})
    stated = {name: value for name, value, _ in claims}
    return StoredLaunchReport(
        report_id=next(_ids),
        article_url=url,
        values={**base, "sources": sources, **stated, **values},
        published=published,
        first_seen_at=f"{published or '2099-01-01'}T00:00:00+00:00",
        position=position,
        date_reason=date_reason,
        time_local=time_local,
        claims=tuple(
            StoredClaim(next(_ids), name, value, source) for name, value, source in claims
        ),
        fingerprint=fingerprint(text or f"Own reporting of {url} on the launch, in its words."),
    )


def flash() -> StoredLaunchReport:
    return report(
        "https://yonhap.example/flash",
        claims=(("missile_count", 1, "jcs"), ("launch_area", "Sunan, Pyongyang", "jcs")),
        time_local="07:10",
    )


def japan() -> StoredLaunchReport:
    return report(
        "https://nhk.example/japan",
        claims=(("range_km", 750.0, "jp_gov"), ("apogee_km", 50.0, "jp_gov")),
    )


def correction() -> StoredLaunchReport:
    return report(
        "https://yonhap.example/update",
        claims=(("missile_count", 2, "jcs"), ("launch_area", "Sunan", "jcs")),
        published="2024-03-14T15:00:00+09:00",
    )


def state_media() -> StoredLaunchReport:
    return report(
        "https://kcna.example/drill",
        published="2024-03-15",
        date_reason="date of the earliest statement about it: 'Friday'",
        claims=(
            ("designation", "Hwasong-11", "kcna"),
            ("range_km", 800.0, "kcna"),
            ("missile_count", 2, "kcna"),
        ),
        date="2024-03-15",  # the statement's date: the launch was the day before
    )


def rewrites(n: int) -> list[StoredLaunchReport]:
    return [
        report(f"https://site{i}.example/wire", claims=(("range_km", 750.0, "jp_gov"),), text=WIRE)
        for i in range(n)
    ]


def next_day() -> StoredLaunchReport:
    return report(
        "https://yonhap.example/cruise",
        published="2024-03-15",
        date="2024-03-15",
        category="cruise",
        claims=(("launch_area", "Nampo", "jcs"), ("missile_count", 3, "jcs")),
    )


def test_a_launch_unfolding_in_the_news_is_one_event_with_its_conflicts() -> None:
    reports = [flash(), japan(), correction(), state_media(), *rewrites(5), next_day()]
    events = group_reports(reports)
    assert [(e.id, e.date, len(e.report_ids)) for e in events] == [
        ("ev-2024-03-14-kp", "2024-03-14", 9),
        ("ev-2024-03-15-kp", "2024-03-15", 1),
    ]
    launch = events[0]
    values = launch.values
    assert values["missile_count"] == 2  # the latest official statement
    assert values["range_km"] == 750.0  # the military that measured it, over state media
    assert values["designation"] == "Hwasong-11"  # the state's own name
    assert values["sources"] == ["kcna", "jcs", "jp_gov"]
    assert launch.confirmation == "confirmed"
    assert launch.provenance["missile_count"]["rule"] == "latest official statement"
    assert launch.place is not None and launch.place["name"] == "Sunan"
    assert conflict_note("range_km", launch.conflicts["range_km"]) == (
        "range_km: 750 per jp_gov | 800 per kcna"
    )
    assert launch.conflicts["range_km"][0]["stories"] == 2  # five wire copies are one story
    assert [c["value"] for c in launch.conflicts["missile_count"]] == [2, 1]
    assert events[1].values["category"] == "cruise"


def test_wire_copies_count_as_one_story() -> None:
    copies = rewrites(3)
    assert are_copies(copies[0].fingerprint, copies[1].fingerprint)
    assert not are_copies(flash().fingerprint, japan().fingerprint)
    (event,) = group_reports([*copies, japan()])
    assert len(set(event.families.values())) == 2


def test_two_salvos_on_one_day_at_different_hours_stay_apart() -> None:
    morning = report("https://a.example/1", time_local="07:51", launch_area="Sunan")
    evening = report("https://a.example/1", time_local="16:30", position=1, launch_area="Kaechon")
    late = report("https://b.example/2", time_local="16:40")
    events = group_reports([morning, evening, late])
    assert [sorted(e.report_ids) for e in events] == [
        [morning.report_id],
        [evening.report_id, late.report_id],
    ]
    assert [e.id for e in events] == ["ev-2024-03-14-kp", "ev-2024-03-14-kp-2"]


def test_one_articles_morning_and_evening_launches_stay_two_events() -> None:
    morning = report("https://a.example/day", date="2022-11-02", missile_count=23, position=0)
    evening = report("https://a.example/day", date="2022-11-02", missile_count=6, position=1)
    other = report("https://b.example/flash", date="2022-11-02", missile_count=23)
    events = group_reports([morning, evening, other])
    assert sorted(e.report_ids for e in events) == sorted(
        [[morning.report_id, other.report_id], [evening.report_id]]
    )


def test_consecutive_days_with_their_own_sources_stay_apart() -> None:
    day_one = [flash(), japan()]
    day_two = [
        report(f"https://{s}.example/d2", date="2024-03-15", published="2024-03-15",
               claims=(("missile_count", 1, "jcs"),))
        for s in ("x", "y")
    ]  # fmt: skip
    assert [e.date for e in group_reports(day_one + day_two)] == ["2024-03-14", "2024-03-15"]


def test_a_response_firing_by_the_ally_is_its_own_event() -> None:
    article = "https://a.example/both"
    events = group_reports([flash(), report(article, country="KR"), report(article, position=1)])
    assert sorted((e.country, len(e.report_ids)) for e in events) == [("KP", 2), ("KR", 1)]


def test_undated_reports_join_the_one_event_their_evidence_names_or_stay_provisional() -> None:
    rail = report(
        "https://a.example/rail", date="2021-09-15", published="2021-09-15",
        platform="rail", launch_area="Yangdok, South Pyongan Province", missile_count=2,
    )  # fmt: skip
    other = report(
        "https://b.example/rail", date="2022-01-14", published="2022-01-14",
        platform="rail", launch_area="Uiju, North Pyongan Province", missile_count=2,
    )  # fmt: skip
    seed = report(
        "seed:one", published=None, date=None, date_reason="no launch day in the text",
        platform="rail", launch_area="North Pyongan province", missile_count=2,
    )  # fmt: skip
    vague = report(
        "seed:two", published=None, date=None, date_reason="no launch day in the text",
        platform="rail", missile_count=2,
    )  # fmt: skip
    events = group_reports([rail, other, seed, vague])
    by_id = {e.id: e for e in events}
    assert by_id["ev-2022-01-14-kp"].report_ids == [other.report_id, seed.report_id]
    (provisional,) = [e for e in events if e.date is None]
    assert provisional.id.startswith("ev-undated-kp-")
    assert provisional.date_status == "date unresolved"
    assert provisional.report_ids == [vague.report_id]


def test_an_undated_report_joins_the_launch_on_the_day_it_names() -> None:
    wednesday = report(
        "https://a.example/wed", date="2021-09-15", published="2021-09-15",
        platform="rail", missile_count=2,
    )  # fmt: skip
    friday = report(
        "https://b.example/fri", date="2022-01-14", published="2022-01-14",
        platform="rail", missile_count=2,
    )  # fmt: skip
    aug2 = report("https://c.example/aug", date="2019-08-02", published="2019-08-02")
    on_wednesday = report(
        "seed:wed", published=None, date=None, date_reason="unresolved: 'Wednesday' ...",
        platform="rail", missile_count=2, date_hint={"weekday": 2},
    )  # fmt: skip
    on_aug2 = report(
        "page:aug", published=None, date=None, date_reason="unresolved: 'August 2' ...",
        date_hint={"month": 8, "day": 2},
    )  # fmt: skip
    on_sunday = report(
        "page:sun", published=None, date=None, date_reason="unresolved: 'Sunday' ...",
        platform="rail", missile_count=2, date_hint={"weekday": 6},
    )  # fmt: skip
    events = {e.id: e for e in group_reports([wednesday, friday, aug2, on_wednesday, on_aug2,
                                              on_sunday])}  # fmt: skip
    assert events["ev-2021-09-15-kp"].report_ids == [wednesday.report_id, on_wednesday.report_id]
    assert events["ev-2019-08-02-kp"].report_ids == [aug2.report_id, on_aug2.report_id]
    (provisional,) = [e for e in events.values() if e.date is None]
    assert provisional.report_ids == [on_sunday.report_id]


def test_an_undated_report_joins_by_its_time_and_a_nearby_site_on_the_weekday_it_names() -> None:
    # A Saturday 09:06 launch near Wonsan, and another Saturday launch elsewhere at night.
    wonsan = report(
        "https://a.example/sat", date="2019-05-04", published="2019-05-04",
        launch_area="Wonsan", time_local="09:06",
    )  # fmt: skip
    other = report(
        "https://b.example/sat", date="2019-07-27", published="2019-07-27",
        launch_area="Sunchon", time_local="22:10",
    )  # fmt: skip
    # Named differently (Hodo Peninsula, next to Wonsan), no count, a time a minute apart.
    hodo = report(
        "page:hodo", published=None, date=None, date_reason="unresolved: 'Saturday' ...",
        launch_area="the Hodo Peninsula, north of Wonsan", time_local="09:07",
        date_hint={"weekday": 5},
    )  # fmt: skip
    events = {e.id: e for e in group_reports([wonsan, other, hodo])}
    assert events["ev-2019-05-04-kp"].report_ids == [wonsan.report_id, hodo.report_id]


def test_a_month_day_that_is_the_statements_day_finds_the_launch_the_day_before() -> None:
    launch = report(
        "https://a.example/slbm", date="2019-10-02", published="2019-10-02",
        designation="Pukguksong-3", platform="submarine",
    )  # fmt: skip
    other = report("https://b.example/oct3", date="2018-10-03", published="2018-10-03")  # a Wed
    said = report(
        "page:said", published=None, date=None,
        date_reason="unresolved: 'Thursday (October 3)' ...", designation="Pukguksong-3",
        platform="submarine", date_hint={"weekday": 3, "month": 10, "day": 3},
    )  # fmt: skip
    events = {e.id: e for e in group_reports([launch, other, said])}
    assert events["ev-2019-10-02-kp"].report_ids == [launch.report_id, said.report_id]
    # With no matching evidence, the day before is no candidate: it stays provisional.
    bare = report(
        "page:bare", published=None, date=None, date_reason="unresolved: 'October 3' ...",
        date_hint={"weekday": 3, "month": 10, "day": 3}, category="cruise",
    )  # fmt: skip
    assert [e.date for e in group_reports([launch, bare])] == ["2019-10-02", None]


def test_a_single_story_a_day_off_joins_the_hypersonic_launch_it_describes() -> None:
    dated = [
        report(f"https://{n}.example/hyper", date="2022-01-11", published="2022-01-11",
               hypersonic=True, text=f"Story {n} about the launch, told its own way.")
        for n in ("a", "b")
    ]  # fmt: skip
    translated = report(
        "https://c.example/translated", date="2022-01-10", published="2022-01-12",
        hypersonic=True, date_reason="'the day before' relative to publication date",
    )  # fmt: skip
    (event,) = group_reports([*dated, translated])
    assert event.date == "2022-01-11"


def test_the_undated_seeds_alone_give_two_rail_events_of_two_missiles() -> None:
    seeds = [
        report(f"seed:{n}", published=None, date=None, platform="rail", missile_count=2, text=t)
        for n, t in (("2021", "Rail launch text one, in its own words here."),
                     ("2022", "Another rail launch, told differently by its writer."))
    ]  # fmt: skip
    events = group_reports(seeds)
    assert [(e.date, e.values["platform"], e.values["missile_count"]) for e in events] == [
        (None, "rail", 2),
        (None, "rail", 2),
    ]


def test_a_state_media_account_dated_by_its_statement_joins_the_launch_the_day_before() -> None:
    (event,) = group_reports([flash(), state_media()])
    assert event.date == "2024-03-14"


def test_ids_stay_stable_when_reports_arrive_and_dates_change() -> None:
    first = group_reports([flash()])
    previous = [
        PreviousEvent(e.id, e.country, e.date, frozenset({("https://yonhap.example/flash", 0)}))
        for e in first
    ]
    moved = report("https://yonhap.example/flash", date="2024-03-13")  # a corrected date
    (alone,) = group_reports([moved], previous)
    assert (alone.id, alone.date) == (first[0].id, "2024-03-13")
    events = group_reports([moved, japan(), correction()], previous)
    assert [(e.id, e.date) for e in events] == [
        ("ev-2024-03-14-kp", "2024-03-13"),  # the flash's event, wherever its date goes
        ("ev-2024-03-14-kp-2", "2024-03-14"),
    ]


def test_confirmation_follows_independent_official_sources() -> None:
    assert confirmation(["jcs", "jp_gov"]) == "confirmed"
    assert confirmation(["kcna", "jcs"]) == "confirmed"
    assert confirmation(["jcs", "kr_gov", "other_media"]) == "reported"
    assert confirmation(["kcna", "rodong_sinmun"]) == "state_media_only"
    assert confirmation(["analyst"]) == "unattributed"


def test_places_resolve_to_the_most_specific_gazetteer_entry() -> None:
    site = locate("Uiju, North Pyongan Province")
    assert site is not None and (site.name, site.lat, site.lon) == ("Uiju", 40.2, 124.53)
    assert same_site("Uiju", "North Pyongan Province") is True
    assert same_site("North Pyongan Province", "South Pyongan Province") is False
    assert same_site("Sunan", "Hamhung") is False
    assert same_site("somewhere", "Sunan") is None


def test_a_weak_dated_account_naming_another_type_on_the_same_day_is_the_same_launch() -> None:
    # JCS names the type it first assessed; state media, dated by its statement, the state's own
    # name. Nothing the day before to move to, so it stays one launch with the type disputed.
    jcs = report(
        "https://jcs.example/flash", date="2017-02-12", published="2017-02-12",
        designation="Musudan", missile_count=1,
    )  # fmt: skip
    other = report(
        "https://wire.example/flash", date="2017-02-12", published="2017-02-12",
        designation="Musudan",
    )  # fmt: skip
    kcna = report(
        "https://kcna.example/new-type", date="2017-02-12", published="2017-02-13",
        date_reason="date of the earliest statement about it: 'Monday'; North Korean state media "
        "report a launch the morning after, so the day before the report",
        designation="Pukguksong-2", missile_count=1,
    )  # fmt: skip
    (event,) = group_reports([jcs, other, kcna])
    assert sorted(event.report_ids) == sorted([jcs.report_id, other.report_id, kcna.report_id])
    assert "designation" in event.conflicts


def _one_event(*reports: StoredLaunchReport) -> Any:
    (event,) = group_reports(list(reports))
    return event


def test_places_that_resolve_to_one_gazetteer_point_agree() -> None:
    """One source naming Wonsan three ways is no dispute; naming another place is."""
    said = ["the eastern port city of Wonsan", "the North's eastern coastal city of Wonsan",
            "Wonsan"]  # fmt: skip
    reports = [
        report(f"https://yonhap.example/{n}", claims=(("launch_area", area, "jcs"),))
        for n, area in enumerate(said)
    ]
    event = _one_event(*reports)
    assert "launch_area" not in event.conflicts
    assert event.place is not None and event.place["name"] == "Wonsan"

    other = report("https://nhk.example/x", claims=(("launch_area", "Sunan, Pyongyang", "jcs"),))
    disputed = _one_event(reports[0], other).conflicts["launch_area"]
    assert len(disputed) == 2


def test_waters_named_two_ways_agree_and_different_waters_are_a_dispute() -> None:
    def landing(n: int, where: str, source: str = "jcs") -> StoredLaunchReport:
        return report(f"https://news{n}.example/", claims=(("landing", where, source),))

    same = _one_event(
        landing(1, "the Sea of Japan, or East Sea"),
        landing(2, "east sea", "kcna"),
        landing(3, "outside Japan's exclusive economic zone", "jp_gov"),
    )
    assert "landing" not in same.conflicts  # the EEZ verdict names no other water
    apart = _one_event(landing(1, "the East Sea"), landing(2, "the Yellow Sea", "kcna"))
    assert [e["value"] for e in apart.conflicts["landing"]] == ["the East Sea", "the Yellow Sea"]
    verdicts = _one_event(
        landing(1, "the East Sea, outside Japan's EEZ", "jp_gov"),
        landing(2, "inside Japan's exclusive economic zone", "jp_coast_guard"),
    )
    assert len(verdicts.conflicts["landing"]) == 2


def test_a_singular_does_not_override_an_official_plural() -> None:
    """JCS counts two; a later state media report read as one missile does not undo it."""
    jcs = report("https://yonhap.example/a", claims=(("missile_count", 2, "jcs"),))
    later = report(
        "https://kcna.example/b",
        published="2024-03-15",
        date_reason="date of the earliest statement about it: 'Friday'",
        claims=(("missile_count", 1, "kcna"),),
        date="2024-03-15",
    )
    event = _one_event(jcs, later)
    assert event.values["missile_count"] == 2
    assert event.provenance["missile_count"]["rule"].startswith("latest official plural")
    # Counts that firm up the other way still follow the latest statement (1, then 2).
    assert _one_event(flash(), correction()).values["missile_count"] == 2
    assert _one_event(flash()).values["missile_count"] == 1


def test_only_claims_of_another_thing_are_marked_as_differing() -> None:
    from launchwatch.events.resolve import claim_differs

    event = _one_event(flash(), japan(), state_media())
    conflicts = event.conflicts
    assert claim_differs("range_km", 800.0, conflicts)  # KCNA against Japan's 750
    assert not claim_differs("range_km", 750, conflicts)
    assert not claim_differs("apogee_km", 50.0, conflicts)  # no dispute on the field
    assert not claim_differs("sources", ["jcs"], conflicts)
