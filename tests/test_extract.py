"""Extraction on short reports written for these tests, one trap of DESIGN.md at a time."""

from __future__ import annotations

from datetime import date

import pytest

from launchwatch.articles import Article
from launchwatch.reports.dates import find_dates, local_time, resolve
from launchwatch.reports.extract import extract_report
from launchwatch.reports.model import Report
from launchwatch.reports.text import split_sentences


def extract(text: str, published: str | None = "2024-03-20") -> Report:
    return extract_report(Article(text=text, url="test:fixture", published=published))


def only_event(report: Report):
    assert report.launch_report, "expected a launch report"
    assert len(report.events) == 1, [e.values() for e in report.events]
    return report.events[0]


# --- is it a launch report? -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "SpaceX launched 22 Starlink satellites from Cape Canaveral on Tuesday, and the Falcon 9 "
        "booster landed on a drone ship.",
        "Houthi rebels launched an anti-ship ballistic missile at a merchant vessel in the Gulf of "
        "Aden on Monday, US officials said. No casualties were reported.",
        "North Korea fired about 100 artillery shells into the sea near the border island on "
        "Friday, South Korea's military said.",
        "North Korea has notified Japan's coast guard that it plans to launch a satellite between "
        "June 1 and June 10.",
        "Tens of thousands of troops marched in Pyongyang on Wednesday as North Korea displayed "
        "its largest intercontinental ballistic missiles at a night parade.",
        "North Korea conducted a ground test of a high-thrust solid-fuel engine at the Sohae "
        "Satellite Launching Ground on Thursday, state media said. The test did not involve a "
        "missile launch.",
        "A broadcaster sent a false alarm saying North Korea had launched a missile; it later "
        "apologised. North Korea did not actually fire any missiles.",
        "Pakistan on Friday launched a nationwide polio vaccination campaign.",
        "Iran fired dozens of ballistic missiles on Sunday in Operation True Promise, the "
        "Revolutionary Guards said.",
        "Seoul's spy agency said on Thursday it had detected vehicle movements indicating an "
        "ICBM launch near Pyongyang in the coming weeks.",
        "Russia launched waves of missiles and drones at cities across Ukraine on Tuesday, killing "
        "at least nine people and knocking out power, officials said.",
    ],
    ids=[
        "civil-space",
        "combat",
        "artillery",
        "plan",
        "parade",
        "engine-test",
        "false-alarm",
        "other-sense",
        "named-operation",
        "signs-of-a-launch",
        "combat-killing",
    ],
)
def test_non_launch_news_is_not_a_launch_report(text: str) -> None:
    report = extract(text)
    assert not report.launch_report
    assert report.events == []


@pytest.mark.parametrize(
    "text",
    [
        "North Korean leader Kim Jong Un watched artillery units fire super-large multiple rocket "
        "launchers on Monday in a drill simulating a counterstrike, state media said on Tuesday.",
        "The new carrier rocket, launched from the west coast site on Monday morning, lost thrust "
        "after its first stage separated and fell into the sea, state media said.",
    ],
    ids=["super-large-launchers", "failed-rocket-lost-thrust"],
)
def test_launch_news_beside_artillery_or_engine_words_is_a_launch_report(text: str) -> None:
    assert only_event(extract(text, published="2024-03-19")).date == "2024-03-18"


def test_the_word_operation_alone_does_not_make_a_launch_combat() -> None:
    text = (
        "North Korea fired a short-range ballistic missile into the East Sea on Wednesday in an "
        "operation the Joint Chiefs of Staff said began shortly after dawn."
    )
    assert only_event(extract(text)).date == "2024-03-20"


def test_a_flash_report_is_a_launch_report_with_its_fields() -> None:
    text = (
        "North Korea fires ballistic missile toward East Sea\n"
        "SEOUL, March 20 (Yonhap) -- North Korea fired two short-range ballistic missiles from "
        "the Sunan area in Pyongyang into the East Sea on Wednesday morning, South Korea's Joint "
        "Chiefs of Staff said.\n"
        "The missiles flew about 350 kilometers at an altitude of 50 km, the JCS said.\n"
        "Japan's defense ministry said they fell outside Japan's exclusive economic zone."
    )
    event = only_event(extract(text))
    assert event.country == "KP"
    assert event.date == "2024-03-20"
    assert event.missile_count == 2
    assert event.category == "ballistic"
    assert event.range_class == "SRBM"
    assert "Sunan" in event.launch_area
    assert event.range_km == 350
    assert event.apogee_km == 50
    assert "East Sea" in event.landing and "outside Japan" in event.landing
    assert {"jcs", "jp_gov"} <= set(event.sources)


def test_every_claim_points_at_its_evidence_in_the_text() -> None:
    text = (
        "North Korea launched a Hwasong-18 intercontinental ballistic missile on Tuesday, "
        "Japan's defence ministry said. It flew 1,000 km at a maximum altitude of 6,000 km."
    )
    report = extract(text)
    claims = report.events[0].claims
    assert {c.field for c in claims} >= {"date", "designation", "range_km", "apogee_km"}
    for claim in claims:
        assert 0 <= claim.start < claim.end <= len(text)
        evidence = text[claim.start : claim.end]
        if claim.field in ("designation",):
            assert evidence == claim.value
    assert report.to_json("x", text)["events"][0]["claims"][0]["evidence"]


# --- dates ---------------------------------------------------------------------------------------


def test_weekday_counts_back_from_the_publication_date() -> None:
    text = (
        "North Korea fired a ballistic missile into the sea on Monday, South Korea's military said."
    )
    assert only_event(extract(text, "2024-03-20")).date == "2024-03-18"


def test_a_us_dated_page_does_not_shift_the_korean_date() -> None:
    # Stamped Thursday in New York; the launch was Friday morning in Korea.
    text = "North Korea fired two ballistic missiles on Friday, South Korea's military said."
    assert only_event(extract(text, "2024-03-21")).date == "2024-03-22"


def test_state_media_report_names_the_day_of_the_launch_not_of_the_report() -> None:
    text = (
        "North Korea said on Saturday it had tested a new solid-fuel missile. KCNA said the "
        "test-fire on Friday was a success."
    )
    assert only_event(extract(text, "2024-03-23")).date == "2024-03-22"


def test_a_foreign_statement_about_the_north_korean_government_is_not_state_media() -> None:
    text = (
        "Japan's defence ministry said on Monday that the North Korean government had launched a "
        "ballistic missile."
    )
    assert only_event(extract(text, "2024-03-18")).date == "2024-03-18"


def test_the_north_korean_authorities_announce_the_day_after_too() -> None:
    text = (
        "North Korean authorities have announced a successful second test of a new "
        "intercontinental ballistic missile, Reuters said on Saturday."
    )
    assert only_event(extract(text, "2024-03-23")).date == "2024-03-22"


def test_years_ago_today_is_an_anniversary_not_news() -> None:
    text = (
        "Five years ago today, North Korea fired its Hwasong-15 ICBM, a test that showed it could "
        "reach the whole US mainland."
    )
    report = extract(text, "2022-11-29")
    assert not report.launch_report
    assert [b.date for b in report.background] == ["2017-11-29"]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [("two days ago", "2024-03-29"), ("a month ago", "2024-02-29"), ("3 years ago", "2021-03-31")],
)
def test_spans_of_time_ago_count_back_from_the_publication_date(phrase: str, expected: str) -> None:
    text = f"North Korea fired a ballistic missile {phrase}, officials said."
    (expr,) = find_dates(text)
    assert resolve(expr, date(2024, 3, 31))[0].isoformat() == expected


def test_dateline_gives_the_anchor_when_the_page_has_no_date() -> None:
    text = (
        "SEOUL, 16th September, 2021 (WAM) -- North Korea fired two ballistic missiles into the "
        "sea on Wednesday, South Korea's Joint Chiefs of Staff said."
    )
    assert only_event(extract(text, None)).date == "2021-09-15"


def test_a_time_in_another_zone_is_converted_to_the_local_date() -> None:
    text = "North Korea launched a ballistic missile at 10 p.m. Sunday GMT, US officials said."
    # Published Monday 2024-03-18: 22:00 GMT Sunday is 07:00 Monday in Korea.
    assert only_event(extract(text, "2024-03-18")).date == "2024-03-18"


def test_explicit_date_with_weekday_fixes_the_year() -> None:
    text = "North Korea fired two projectiles into the sea on Thursday (Oct 31), officials said."
    event = only_event(extract(text, "2019-11-01"))
    assert event.date == "2019-10-31"


def test_no_publication_date_and_no_explicit_date_stays_unresolved_with_a_reason() -> None:
    text = "North Korea fired two ballistic missiles from a train on Wednesday, state media said."
    event = only_event(extract(text, None))
    assert event.date is None
    assert "Wednesday" in event.date_reason and "publication date" in event.date_reason


def test_two_days_listed_together_are_two_launches() -> None:
    text = (
        "North Korea said it test-fired new long-range cruise missiles on Saturday and Sunday, "
        "state media KCNA reported on Monday."
    )
    report = extract(text, "2024-03-18")
    assert [e.date for e in report.events] == ["2024-03-16", "2024-03-17"]


def test_a_later_sentence_naming_the_launch_back_gives_its_days() -> None:
    # The lead has no day; "the test launches" later on names the same launch, with its days.
    text = (
        "North Korea test-fired a new long-range cruise missile, state media said on Monday, "
        "calling it a strategic weapon of great significance.\n"
        "Analysts said the weapon could threaten the South. The missile flew an oval course over "
        "the country for two hours. Officials in Seoul declined to comment on the report.\n"
        "Pyongyang is not barred from developing cruise missiles, which fly low and are harder to "
        "detect than ballistic ones, under the sanctions imposed on its nuclear programme.\n"
        "According to KCNA, the test launches took place on Saturday and Sunday."
    )
    report = extract(text, "2024-03-18")
    assert [e.date for e in report.events] == ["2024-03-16", "2024-03-17"]
    # "a new missile" names the type: how many flew each day is not said.
    assert [e.missile_count for e in report.events] == [None, None]


def test_the_previous_launch_named_later_does_not_date_the_news() -> None:
    text = (
        "North Korea fired a ballistic missile into the East Sea, Japan's defence ministry said "
        "on Sunday.\n"
        "South Korea's Joint Chiefs of Staff said the missile flew towards the sea off the east "
        "coast and that it was analysing the details with the United States.\n"
        "Officials in Seoul said the regime was testing new engines and guidance systems, and "
        "that more tests should be expected in the weeks ahead of the allies' summer drills.\n"
        "North Korea conducted the previous launch on Thursday, firing two cruise missiles."
    )
    assert only_event(extract(text, "2024-03-17")).date == "2024-03-17"


def test_an_older_launch_named_anew_later_stays_background() -> None:
    text = (
        "North Korea fired a ballistic missile into the East Sea, Japan's defence ministry said "
        "on Sunday.\n"
        "South Korea's Joint Chiefs of Staff said the missile flew towards the sea off the east "
        "coast and that it was analysing the details with the United States.\n"
        "State media reported on Friday on an earlier drill, calling it a warning to Washington. "
        "The report praised the missile forces and their readiness for any war. "
        "On Thursday, a Hwasong-17 was launched from the capital and flew 1,000 km."
    )
    event = only_event(extract(text, "2024-03-17"))
    assert event.date == "2024-03-17"


def test_a_rocket_that_took_off_on_a_weekday_is_dated_by_it() -> None:
    text = (
        "North Korea's latest satellite launch ended in failure. Its rocket exploded mid-flight "
        "on Monday after taking off from its northwestern space center, officials said."
    )
    event = only_event(extract(text, "2024-05-28"))
    assert event.date == "2024-05-27"
    assert event.launch_area == "its northwestern space center"


def test_projectiles_fired_in_an_artillery_drill_are_a_launch_but_shells_are_not() -> None:
    text = (
        "North Korea fired three short-range projectiles off its east coast on Monday in what "
        "appears to be part of an artillery drill involving multiple rocket launchers, South "
        "Korea's military said."
    )
    assert only_event(extract(text, "2024-03-19")).missile_count == 3
    shells = "North Korea fired 90 artillery projectiles near the border island on Monday."
    assert not extract(shells, "2024-03-19").launch_report


def test_a_weekday_repeating_the_full_date_before_it_is_that_date() -> None:
    # An older photo's caption, in two sentences, inside a report of a launch notice.
    text = (
        "North Korea has told the maritime agency it will launch a satellite next week, NHK "
        "reported on Monday.\n"
        "A TV screen shows file footage of a missile launch in Seoul, South Korea, Thursday, "
        "April 13, 2023. North Korea launched a ballistic missile that landed in the sea on "
        "Thursday, prompting Japan to order residents to take shelter."
    )
    report = extract(text, "2023-05-29")
    assert not report.launch_report
    assert {b.date for b in report.background} == {"2023-04-13"}


def test_a_statements_clock_time_does_not_split_the_launch() -> None:
    text = (
        "North Korea fired a ballistic missile at 7:50 a.m. on Monday, the JCS said. Japan's "
        "coast guard said at 11:05 a.m. that North Korea had fired a ballistic missile."
    )
    assert [(e.date, e.time_local) for e in extract(text, "2024-03-18").events] == [
        ("2024-03-18", "07:50")
    ]


def test_two_days_in_the_one_sentence_that_lists_them_are_two_launches() -> None:
    text = (
        "According to KCNA, North Korea conducted the test-launches of new cruise missiles on "
        "Sept. 11 and 12 successfully."
    )
    assert [e.date for e in extract(text, "2021-09-13").events] == ["2021-09-11", "2021-09-12"]


@pytest.mark.parametrize("span", ["several days ago", "Some years ago", "multiple weeks ago"])
def test_vague_spans_of_time_ago_are_no_date_and_no_error(span: str) -> None:
    report = extract(f"North Korea fired a ballistic missile {span}, officials said.")
    assert all(e.date is None or e.date == "2024-03-20" for e in report.events)


def test_a_morning_and_an_evening_launch_in_one_text_are_two_launches() -> None:
    text = (
        "North Korea fired at least 23 missiles on Wednesday morning, including one that landed "
        "near South Korea's waters, the JCS said. In the evening, it fired another six "
        "short-range ballistic missiles into the East Sea."
    )
    report = extract(text, "2022-11-03")
    assert [(e.date, e.missile_count) for e in report.events] == [
        ("2022-11-02", 23),
        ("2022-11-02", 6),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "North Korea launched a rocket carrying a spy satellite at dawn on Thursday, state media "
        "said. The JCS said it had detected the launch at around 3:50 a.m.",
        "North Korea fired an ICBM at 7:40 a.m. on Thursday, the JCS said. Later, at 8:39 a.m., "
        "it fired two short-range ballistic missiles from Kaechon.",
        "North Korea fired a missile on Thursday morning, the JCS said. Japan's prime minister "
        "told reporters at 6 p.m. that it had fallen into the sea.",
    ],
    ids=["dawn-and-clock", "an-hour-apart", "statement-time"],
)
def test_times_close_together_or_not_of_a_launch_keep_one_launch(text: str) -> None:
    assert len(extract(text, "2023-08-24").events) == 1


def test_the_allies_response_firing_is_a_launch_of_each_state_that_fired() -> None:
    text = (
        "North Korea fired three ballistic missiles, including an ICBM, on Wednesday, South "
        "Korea's Joint Chiefs of Staff said.\n"
        "In response, the United States and South Korea held live-fire drills, including missile "
        "tests involving the US ATACMS and the South's Hyunmoo-2, both militaries said."
    )
    report = extract(text, "2022-05-25")
    by_state = {e.country: e for e in report.events}
    assert set(by_state) == {"KP", "US", "KR"}
    assert {e.date for e in report.events} == {"2022-05-25"}
    assert "responds to" in by_state["US"].date_reason
    assert (by_state["US"].designation, by_state["KR"].designation) == ("ATACMS", "Hyunmoo-2")
    # The response's type names stay out of the news launch.
    assert by_state["KP"].designation is None
    assert by_state["KP"].missile_count == 3


@pytest.mark.parametrize(
    "answer",
    [
        "In response to the missile launch, the US flew two B-1B bombers over the peninsula.",
        "In response, South Korea and the US staged a joint air drill with F-35 fighters.",
        "Japan condemned the missile launch and said it lodged a protest in response.",
    ],
    ids=["bombers", "air-drill", "protest"],
)
def test_a_response_without_a_missile_fired_is_no_launch(answer: str) -> None:
    text = f"North Korea fired a ballistic missile on Monday, the JCS said. {answer}"
    assert [e.country for e in extract(text, "2024-03-19").events] == ["KP"]


def test_a_response_firing_on_its_own_day_keeps_that_day() -> None:
    text = (
        "North Korea fired a ballistic missile into the East Sea on Sunday, the JCS said.\n"
        "South Korea responded by firing two ballistic missiles of its own on Monday, its "
        "military said."
    )
    report = extract(text, "2024-03-19")
    assert [(e.country, e.date) for e in report.events] == [
        ("KP", "2024-03-17"),
        ("KR", "2024-03-18"),
    ]


def test_each_of_several_listed_days_keeps_its_own_details() -> None:
    text = (
        "On December 31 and January 1, North Korea tested a super-large multiple rocket "
        "launcher, state media reported.\n"
        "South Korea reported that the day before, the North launched three short-range "
        "ballistic missiles from Chunghwa County.\n"
        "At dawn on January 1, Pyongyang fired another projectile toward the same island."
    )
    first, second = extract(text, "2023-01-01").events
    assert (first.date, first.missile_count, first.launch_area) == (
        "2022-12-31",
        3,
        "Chunghwa County",
    )
    assert (second.date, second.launch_area) == ("2023-01-01", None)


def test_background_launch_is_kept_apart_from_the_news() -> None:
    text = (
        "North Korea fired a ballistic missile into the East Sea on Tuesday, South Korea's "
        "military said.\nThe launch came weeks after North Korea tested a cruise missile on "
        "February 14."
    )
    report = extract(text, "2024-03-20")
    event = only_event(report)
    assert event.date == "2024-03-19"
    assert "2024-02-14" in [b.date for b in report.background]


# --- fields --------------------------------------------------------------------------------------


def test_a_stated_number_beats_the_headline_article() -> None:
    text = (
        "North Korea fires a missile into the sea\n"
        "North Korea fired at least two short-range ballistic missiles on Monday, the JCS said."
    )
    assert only_event(extract(text)).missile_count == 2


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("North Korea announced a second test of the Hwasong 14 intercontinental ballistic "
         "missile on Monday.", 1),
        ("North Korea fired a missile on Monday. It fired off three missiles in April, all of "
         "which failed.", 1),
        ("France test-fired an M51 missile on Monday. It equips two of the four ballistic "
         "missile submarines.", 1),
        ("North Korea fired a new round of short-range projectiles on Monday.", None),
        ("North Korea fired a missile on Monday. It may have 21 nuclear weapons, a think tank "
         "said.", 1),
    ],
    ids=["type-number-with-space", "past-month", "missile-as-adjective", "round-of", "arsenal"],
)  # fmt: skip
def test_numbers_that_count_no_missile_of_this_launch_are_not_its_count(
    text: str, count: int | None
) -> None:
    assert only_event(extract(text)).missile_count == count


def test_type_numbers_are_not_counts_and_aliases_are_recognised() -> None:
    text = "North Korea launched a Hwasong-17 missile on Monday. The KN-25 was not involved."
    event = only_event(extract(text))
    assert event.missile_count == 1
    assert event.designation == "Hwasong-17"
    assert event.category == "ballistic"


@pytest.mark.parametrize(
    ("aside", "range_class"),
    [
        ("All three appeared to be of the short-range variety, as opposed to ICBMs.", "SRBM"),
        ("It fell on the eve of the anniversary of its test of a Hwasong-15 ICBM.", None),
        ("On Wednesday last week, it test-fired a new solid-fuel ICBM.", None),
    ],
    ids=["contrast", "anniversary", "day-last-week"],
)
def test_a_range_class_named_for_another_launch_or_in_contrast_is_not_this_ones(
    aside: str, range_class: str | None
) -> None:
    text = f"North Korea fired three ballistic missiles on Saturday, officials said. {aside}"
    assert only_event(extract(text, "2023-07-22")).range_class == range_class


def test_a_weekday_of_last_week_is_in_the_week_before() -> None:
    (expr,) = find_dates("It fired a missile on Friday of last week.")
    assert resolve(expr, date(2023, 7, 22))[0] == date(2023, 7, 14)  # not Friday the 21st


def test_another_states_type_is_not_the_type_and_a_photo_cited_in_the_body_is_read() -> None:
    text = (
        "North Korea fired two tactical guided missiles on Monday, the JCS said. The launch "
        "involved the North's version of the U.S. Army Tactical Missile System (ATACMS), called "
        "the KN-24, according to a photo released by state media."
    )
    assert only_event(extract(text, "2024-03-19")).designation == "KN-24"


def test_a_type_named_only_as_a_comparison_is_not_the_type() -> None:
    text = (
        "North Korea fired a ballistic missile on Monday. Analysts said the projectile resembled "
        "the Pukguksong-2."
    )
    assert only_event(extract(text)).designation is None


def test_miles_are_converted_and_capability_ranges_ignored() -> None:
    text = (
        "North Korea fired a ballistic missile on Monday that flew about 250 miles, officials "
        "said. The missile type has a range of 4,500 km."
    )
    assert only_event(extract(text)).range_km == pytest.approx(402.2, rel=0.01)


@pytest.mark.parametrize(
    ("sentence", "platform"),
    [
        ("North Korea fired two ballistic missiles from a train on Monday.", "rail"),
        ("North Korea test-fired a submarine-launched ballistic missile on Monday.", "submarine"),
        (
            "North Korea fired a missile from a transporter erector launcher on Monday.",
            "road_mobile",
        ),
        (
            "North Korea fired a missile on Monday. Photos showed it leaving one of four tubes on "
            "a launch vehicle.",
            "road_mobile",
        ),
        (
            "North Korea fired a missile from a mobile launch pad on an airfield on Monday.",
            "road_mobile",
        ),
        (
            "North Korea fired a missile on Monday. State media photos showed it on a transporter "
            "vehicle with nine wheels on each side.",
            "road_mobile",
        ),
    ],
)
def test_platform(sentence: str, platform: str) -> None:
    assert only_event(extract(sentence)).platform == platform


def test_photo_caption_place_is_used_when_the_body_names_none() -> None:
    text = (
        "North Korea fired two ballistic missiles on Friday, the military said.\n"
        "Missile test from a railway in North Pyongan province (KCNA/AP)"
    )
    event = only_event(extract(text, "2024-03-22"))
    assert "North Pyongan" in (event.launch_area or "")
    assert event.platform == "rail"


def test_hypersonic_claim_and_sources() -> None:
    text = (
        "North Korea said on Wednesday it had successfully tested a new hypersonic missile on "
        "Tuesday, the Korean Central News Agency reported. South Korea's Joint Chiefs of Staff "
        "said the missile flew 600 km. Analysts said the claim was plausible."
    )
    event = only_event(extract(text, "2024-03-20"))
    assert event.hypersonic is True
    assert event.date == "2024-03-19"
    assert {"kcna", "jcs", "analyst"} <= set(event.sources)


@pytest.mark.parametrize(
    ("speaker", "source"),
    [
        ("President Lee Jae-myung", "kr_gov"),
        ("Moon Jae In", "kr_gov"),
        ("Prime Minister Shigeru Ishiba", "jp_gov"),
        ("Kishida", "jp_gov"),
        ("Deputy Defense Minister Kihara", "jp_gov"),
        ("President Biden", "us_gov"),
    ],
)
def test_office_holders_named_in_the_data_file_are_sources(speaker: str, source: str) -> None:
    text = f"North Korea fired a ballistic missile on Monday. {speaker} said it was a provocation."
    assert only_event(extract(text, "2024-03-18")).sources == [source]


def test_a_government_that_condemns_the_launch_is_a_source() -> None:
    text = (
        "North Korea fired a ballistic missile on Monday, the JCS said. South Korea's presidential "
        "office condemned the launch as a grave provocation."
    )
    assert only_event(extract(text, "2024-03-18")).sources == ["jcs", "kr_gov"]


def test_a_year_given_to_the_news_dates_a_page_without_a_publication_date() -> None:
    text = (
        "North Korea launches two missiles in its third test in 2022\n"
        "North Korea fired two ballistic missiles on January 14, South Korea's military said.\n"
        "On January 11, it test-fired a hypersonic missile, state media said on January 12."
    )
    event = only_event(extract(text, None))
    assert event.date == "2022-01-14"
    assert "third test in 2022" in event.date_reason
    assert event.hypersonic is False  # the January 11 sentence is about another launch


def test_a_year_named_for_an_older_launch_later_on_does_not_date_the_news() -> None:
    text = (
        "North Korea fired two ballistic missiles on January 14, South Korea's military said. "
        "The missiles flew about 430 km at an altitude of 36 km, the Joint Chiefs of Staff said, "
        "adding that South Korea and the United States were analysing the launch in detail. "
        "Japan's coast guard warned ships to keep clear of any debris in the area. "
        "Pyongyang has been developing solid-fuel missiles for years.\n"
        "Its first ICBM launch in 2017 alarmed Washington."
    )
    event = only_event(extract(text, None))
    assert event.date is None
    assert event.date_hint == {"month": 1, "day": 14}


def test_a_time_in_another_zone_does_not_move_a_sentence_to_the_day_before() -> None:
    text = (
        "North Korea fired a ballistic missile over Japan on Friday morning, Tokyo said.\n"
        "The missile passed over Hokkaido at 7:04 a.m. (10:04 p.m. Thursday GMT) and came down "
        "after travelling 3,700 km, the government said."
    )
    event = only_event(extract(text, "2017-09-15"))
    assert (event.date, event.range_km) == ("2017-09-15", 3700.0)


def test_space_launch_by_a_missile_programme_is_recorded() -> None:
    text = (
        "North Korea launched a rocket carrying a military reconnaissance satellite on Tuesday, "
        "but it exploded in flight, Japan's government said."
    )
    event = only_event(extract(text))
    assert event.category == "space_launch"


def test_non_english_and_empty_text_give_no_launch() -> None:
    assert not extract("").launch_report
    assert not extract("북한이 오늘 아침 동해상으로 탄도미사일을 발사했다.").launch_report


def test_the_full_name_of_north_korea_is_not_south_korea() -> None:
    text = (
        "The Democratic People's Republic of Korea launched two short-range ballistic missiles "
        "on Thursday, Japan's defence ministry said."
    )
    assert only_event(extract(text)).country == "KP"


def test_local_launch_time_is_kept_and_foreign_clock_times_are_not() -> None:
    local = "North Korea fired a ballistic missile at 7:10 a.m. on Thursday, the JCS said."
    assert only_event(extract(local, "2024-03-21")).time_local == "07:10"
    hawaii = (
        "North Korea fired a ballistic missile at 5:00 p.m. Hawaii time on Wednesday, US "
        "officials said."
    )
    assert only_event(extract(hawaii, "2024-03-21")).time_local is None


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("were fired from around 9:06 to 9:27 in the morning", "09:06"),
        ("were fired between 6 and 6:20 p.m.", "18:00"),
        ("was fired at 3:15 in the afternoon", "15:15"),
        ("was fired at 7:29 p.m., EST", None),
        ("was fired at 11.49am, using times at its Hawaii headquarters", None),
        ("were fired at 7:20 a.m., U.S. officials said", "07:20"),
        ("were fired at 7:20 a.m., The New York Times reported", "07:20"),
        ("were reported by the coast guard, which said at 11:05 a.m. that they fell", None),
        ("were fired, the JCS said that from 3.30 to 3.46am", "03:30"),
        ("were fired on March 19 in the morning", None),
    ],
)
def test_clock_times_in_ranges_words_and_other_zones(phrase: str, expected: str | None) -> None:
    found = local_time(f"The missiles {phrase}.")
    assert (found[0] if found else None) == expected


def test_the_launch_time_may_come_from_a_later_sentence_about_the_launch() -> None:
    text = (
        "North Korea fired two ballistic missiles on Sunday, authorities in neighbouring "
        "countries said.\n"
        "Japan's defence minister said both reached an altitude of 100 km. He added that the "
        "first missile was fired at around 1:47 a.m. local time."
    )
    assert only_event(extract(text, "2024-03-17")).time_local == "01:47"


def test_a_line_break_ends_a_sentence_even_after_an_abbreviation() -> None:
    text = "July 19, 2023, 7:36 a.m.\n\nNorth Korea fired two missiles early on Wednesday."
    assert [s.text for s in split_sentences(text)] == [
        "July 19, 2023, 7:36 a.m.",
        "North Korea fired two missiles early on Wednesday.",
    ]
    # The page's timestamp is not the launch time.
    assert only_event(extract(text, "2023-07-19")).time_local is None


@pytest.mark.parametrize(
    ("sentence", "area"),
    [
        ("It was launched from an area of the North Korean capital of Pyongyang, the JCS said.",
         "an area of the North Korean capital of Pyongyang"),
        ("It was fired at a testing range in the northern Jagang Province.",
         "the northern Jagang Province"),
        ("It was fired from Yeonpo in the country's South Hamgyong Province, the JCS said.",
         "Yeonpo in the country's South Hamgyong Province"),
        ("It fell into the sea west of Okushiri Island in northern Hokkaido, NHK said.", None),
        ("It landed in the North's mountainous northeastern region, the JCS said.", None),
    ],
    ids=["capital", "compass-province", "place-in-province", "fell-in", "landed-in"],
)  # fmt: skip
def test_launch_area_as_stated_and_not_where_it_came_down(sentence: str, area: str | None) -> None:
    text = f"North Korea fired a ballistic missile on Sunday. {sentence}"
    assert only_event(extract(text, "2024-03-18")).launch_area == area


@pytest.mark.parametrize(
    "aside",
    [
        "Such a missile would be a significant advance in North Korean weaponry, observers said.",
        "A photo showed a missile test at an undisclosed place in North Korea Thursday, May 16.",
        "It came a week after the allies chose a site in the South to deploy a missile shield.",
        "Reports spoke of new activity at a North Korean missile research centre.",
        "The US is also waging a war in West Asia, officials noted.",
    ],
    ids=["nationality", "country-and-day", "the-south", "a-nationality", "continent"],
)
def test_words_that_name_no_place_are_not_a_launch_area(aside: str) -> None:
    text = f"North Korea fired a cruise missile on Sunday, state media said. {aside}"
    assert only_event(extract(text, "2024-03-18")).launch_area is None


def test_landing_is_where_it_came_down_not_where_it_might_have() -> None:
    guess = (
        "North Korea fired a ballistic missile on Monday, the JCS said; its path would have put "
        "it in the Sea of Japan."
    )
    assert only_event(extract(guess)).landing is None
    flown = (
        "The US launched an unarmed Minuteman III missile on Monday that flew 6,700 km to the "
        "Kwajalein Atoll in the Marshall Islands, the Air Force said."
    )
    assert "Kwajalein" in only_event(extract(flown)).landing
    eez = (
        "North Korea fired a ballistic missile on Monday. Japan's defence ministry said it had "
        "fallen into its exclusive economic zone."
    )
    assert only_event(extract(eez)).landing == "into Japan's exclusive economic zone"


@pytest.mark.parametrize("odd", ["ſunday", "Frıday", "thıs morning", "ſept. 15"])
def test_odd_letters_in_date_words_do_not_crash_extraction(odd: str) -> None:
    report = extract(f"North Korea fired a ballistic missile on {odd}, the JCS said.")
    assert all(event.country == "KP" for event in report.events)


@pytest.mark.parametrize(
    "text",
    [
        "North Korea's state media said on Thursday the country had test-fired a new cruise "
        "missile earlier in the day.",
        "KCNA said on Thursday that two ballistic missiles were fired this morning.",
        "North Korea launched a ballistic missile toward the East Sea, South Korea's Joint Chiefs "
        "of Staff said on Thursday. North Korea's state media confirmed the launch on Thursday.",
    ],
)
def test_state_media_announcing_a_launch_of_the_same_day_dates_it_that_day(text: str) -> None:
    assert only_event(extract(text, "2024-03-21")).date == "2024-03-21"


def test_state_media_alone_speaking_dates_the_launch_the_day_before() -> None:
    text = (
        "North Korea tested a new hypersonic missile, its state news agency said on Thursday, "
        "and analysts said on Thursday the test showed progress."
    )
    assert only_event(extract(text, "2024-03-21")).date == "2024-03-20"


def test_a_sea_fired_toward_is_where_it_fell_when_nothing_else_is_said() -> None:
    text = (
        "North Korea fired two short-range ballistic missiles toward the East Sea on Tuesday, "
        "South Korea's Joint Chiefs of Staff said."
    )
    event = only_event(extract(text))
    assert event.landing == "the East Sea"
    landing = next(c for c in event.claims if c.field == "landing")
    assert landing.confidence < 0.9  # read from the direction of fire: less sure


def test_a_stated_landing_wins_over_the_direction_of_fire() -> None:
    text = (
        "North Korea fired a ballistic missile toward the East Sea on Tuesday, South Korea's "
        "military said. Japan's defence ministry said it fell outside Japan's exclusive economic "
        "zone."
    )
    assert only_event(extract(text)).landing == "outside Japan's exclusive economic zone"


@pytest.mark.parametrize(
    "when",
    ["late Tuesday Eastern time", "late on Tuesday ET", "on Tuesday night, U.S. time"],
)
def test_a_late_day_in_a_us_zone_is_the_next_day_in_korea(when: str) -> None:
    text = f"North Korea launched an ICBM {when}, U.S. officials said."
    assert only_event(extract(text, "2026-07-29")).date == "2026-07-29"  # Wednesday


def test_a_weekday_in_a_us_zone_without_a_late_hour_is_not_moved() -> None:
    text = "North Korea fired a ballistic missile on Tuesday, U.S. officials said on Tuesday ET."
    assert only_event(extract(text, "2026-07-29")).date == "2026-07-28"


def test_a_launch_given_a_clock_time_is_one_launch_even_unnamed() -> None:
    text = (
        "Rocket explodes after lift-off, Seoul says\n\n"
        "The rocket was launched southward from the Sohae station at 10:41 p.m., the Joint "
        "Chiefs of Staff said, and broke apart over the Yellow Sea."
    )
    assert only_event(extract(text, "2026-01-15T23:20:00+09:00")).date == "2026-01-15"


def test_a_day_before_another_event_is_not_a_second_launch_day() -> None:
    text = (
        "North Korea fired several cruise missiles into the sea on Tuesday, a day before South "
        "Korea's parliamentary elections, the Joint Chiefs of Staff said."
    )
    assert only_event(extract(text, "2020-04-14")).date == "2020-04-14"


@pytest.mark.parametrize(
    ("text", "platform"),
    [
        ("The missile was fired from the 8.24 Yongung submarine on Monday, KCNA said.",
         "submarine"),
        ("North Korea's missile lifted off from a TEL near Pyongyang on Monday, the JCS said.",
         "road_mobile"),
        ("North Korean fighter jets fired air-to-surface missiles on Monday, the JCS said.",
         "aircraft"),
        ("Russian bombers launched cruise missiles at a test range on Monday, the ministry said.",
         "aircraft"),
        ("North Korea fired two ballistic missiles on Monday; it has a submarine fleet of about "
         "70, the JCS said.", None),
    ],
)  # fmt: skip
def test_the_platform_is_read_from_what_fired_the_missile(text: str, platform: str | None) -> None:
    assert only_event(extract(text)).platform == platform


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("North Korea fired a ballistic missile on Monday, the JCS said, then fired two more an "
         "hour later.", 3),
        ("North Korea fired two cruise missiles early Monday and another more than an hour later, "
         "the JCS said.", 2),
        ("North Korea fired two ballistic missiles on Monday and three more on the same day, "
         "the JCS said.", 5),
        ("North Korea fired a ballistic missile on Monday, one more sign of tension, the JCS "
         "said.", 1),
    ],
)  # fmt: skip
def test_missiles_fired_more_are_added_to_those_counted_before(text: str, count: int) -> None:
    assert only_event(extract(text)).missile_count == count


def test_artillery_units_firing_rockets_is_a_launch() -> None:
    text = (
        "Kim Jong Un oversees firing of long-range artillery, KCNA says\n\n"
        "North Korean leader Kim Jong Un watched long-range artillery units fire rockets at a "
        "target island in the West Sea on Sunday, state media KCNA said on Monday."
    )
    assert only_event(extract(text, "2024-03-18")).date == "2024-03-17"


def test_two_days_in_one_sentence_each_keep_their_own_count() -> None:
    text = (
        "North Korea fired two short-range ballistic missiles on Saturday and another on Sunday, "
        "South Korea's military said on Sunday."
    )
    events = extract(text, "2024-03-17").events
    assert [(e.date, e.missile_count) for e in events] == [("2024-03-16", 2), ("2024-03-17", None)]
    spanning = "North Korea fired a missile on Saturday and two more early Sunday, the JCS said."
    events = extract(spanning, "2024-03-17").events
    assert [(e.date, e.missile_count) for e in events] == [
        ("2024-03-16", None),
        ("2024-03-17", None),
    ]  # a count across two days is no one day's


def test_a_missile_s_maker_is_no_launcher_unless_the_sentence_names_it() -> None:
    lead = "North Korea fired a short-range ballistic missile toward the East Sea on Monday. "
    alone = lead + "In response, South Korea's army fired two ATACMS missiles into the sea."
    assert [(e.country, e.designation) for e in extract(alone, "2024-03-18").events] == [
        ("KP", None),
        ("KR", "ATACMS"),
    ]
    joint = lead + "In response, the United States and South Korea fired ATACMS missiles."
    assert {e.country for e in extract(joint, "2024-03-18").events} == {"KP", "KR", "US"}


@pytest.mark.parametrize(
    "credit",
    [
        "according to South Korea's Joint Chiefs of Staff and Japan's defence ministry",
        "South Korea's Joint Chiefs of Staff and Japan's defence ministry said",
        "according to the JCS, as well as the Japanese government",
    ],
)
def test_one_reporting_verb_credits_every_source_joined_to_it(credit: str) -> None:
    text = f"North Korea fired a ballistic missile on Monday, {credit}."
    assert set(only_event(extract(text)).sources) == {"jcs", "jp_gov"}


@pytest.mark.parametrize(
    ("text", "landing"),
    [
        ("Russia test-fired a Yars missile on Monday; its dummy warhead hit a target at the Kura "
         "test range on Kamchatka, the defence ministry said.",
         "a target at the Kura test range on Kamchatka"),
        ("North Korea fired two short-range missiles on Monday that struck a target island, "
         "the JCS said.", "a target island"),
    ],
)  # fmt: skip
def test_a_target_hit_is_where_the_missile_came_down(text: str, landing: str) -> None:
    assert only_event(extract(text)).landing == landing


@pytest.mark.parametrize(
    ("text", "landing"),
    [
        ("North Korea fired three ballistic missiles on Monday that came down within or just "
         "outside Japan's exclusive economic zone, Tokyo said.",
         "within or just outside Japan's exclusive economic zone"),
        ("The missile fired on Monday fell into waters some 300 kilometres off the coast of "
         "Aomori, Japan's defence ministry said.",
         "waters some 300 kilometres off the coast of Aomori"),
        ("North Korea fired a ballistic missile on Monday that landed in the sea about 150 km "
         "(93 miles) west of Okushiri island, the JCS said.",
         "the sea about 150 km (93 miles) west of Okushiri island"),
        ("KCNA said on Tuesday the warheads of two missiles fired on Monday detonated 500 metres "
         "above a target island.", "a target island"),
        ("State media said on Tuesday the rockets fired on Monday hit the target of an islet "
         "about 200 km away.", "the target of an islet"),
        ("KCNA said on Tuesday the cruise missiles fired on Monday struck the targets set up in "
         "a remote valley, according to the report.",
         "the targets set up in a remote valley"),
        ("The JCS said on Tuesday that the ballistic missiles fired on Monday landed in the "
         "North's remote northern region, according to its analysis.",
         "the North's remote northern region"),
        ("Russia test-fired an intercontinental missile on Monday; its dummy warheads arrived in "
         "the designated area at the Sary Shagan test site, the ministry said.",
         "the designated area at the Sary Shagan test site"),
    ],
)  # fmt: skip
def test_where_a_flight_ended_is_read_in_its_common_phrasings(text: str, landing: str) -> None:
    assert only_event(extract(text, "2024-03-19")).landing == landing


@pytest.mark.parametrize(
    "text",
    [
        "North Korea fired a ballistic missile from an area near Pyongyang on Monday, the JCS "
        "said.",
        "North Korea fired two ballistic missiles in the western region on Monday, the JCS said.",
        "North Korea fired a cruise missile on Monday; the launch took place at a test site in "
        "its eastern region, the JCS said.",
    ],
)
def test_ground_is_a_landing_only_after_a_verb_saying_it_came_down_there(text: str) -> None:
    assert only_event(extract(text, "2024-03-19")).landing is None


@pytest.mark.parametrize(
    ("text", "platform"),
    [
        ("The navy's new destroyer Kang Kon test-fired two cruise missiles on Monday, state "
         "media said.", "ship"),
        ("State media said on Tuesday the frigate fired an anti-ship missile on Monday.", "ship"),
        ("India fired a cruise missile from a Su-30MKI fighter jet on Monday, the ministry "
         "said.", "aircraft"),
        ("Iran's defence ministry said the missile lifted off on Monday from a mobile launch "
         "vehicle.", "road_mobile"),
        ("Photographs released on Tuesday showed the rockets fired on Monday leaving launch "
         "tubes mounted on a vehicle.", "road_mobile"),
    ],
)  # fmt: skip
def test_the_platform_is_read_from_the_craft_that_fired(text: str, platform: str) -> None:
    assert only_event(extract(text, "2024-03-19")).platform == platform


def test_a_ship_named_beside_a_launch_from_land_is_no_platform() -> None:
    text = (
        "North Korea fired a ballistic missile from near Pyongyang on Monday, the JCS said, as a "
        "US aircraft carrier ship visited Busan."
    )
    assert only_event(extract(text, "2024-03-19")).platform is None


@pytest.mark.parametrize(
    ("text", "landing"),
    [
        ("Russia fired a Bulava missile on Monday and its warheads reached the Chizha test range "
         "in the north, the ministry said.", "the Chizha test range in the north"),
        ("The silo-launched missile fired on Monday delivered its dummy warheads to the assigned "
         "area at the Kura range, the ministry said.", "the assigned area at the Kura range"),
        ("North Korea fired a long-range missile on Monday that came down about 150 km northwest "
         "of Okushiri island, Japan's defence ministry said.",
         "about 150 km northwest of Okushiri island"),
        ("Iran fired ballistic missiles on Monday that struck simulated targets in the Gulf of "
         "Oman, state television said.", "simulated targets in the Gulf of Oman"),
        ("KCNA said on Tuesday the missiles flew for 2,000 seconds on Monday before hitting a "
         "target ship.", "a target ship"),
    ],
)  # fmt: skip
def test_where_warheads_reached_or_a_point_off_a_place_is_the_landing(
    text: str, landing: str
) -> None:
    assert only_event(extract(text, "2024-03-19")).landing == landing


def test_a_target_that_names_no_place_yields_to_the_sea_named() -> None:
    text = (
        "KCNA said on Tuesday the cruise missiles fired on Monday hit the target area after a "
        "flight of 1,500 km. The JCS said the missiles fell into the Yellow Sea."
    )
    assert only_event(extract(text, "2024-03-19")).landing == "the Yellow Sea"
    alone = "KCNA said on Tuesday the cruise missiles fired on Monday hit the target area."
    assert only_event(extract(alone, "2024-03-19")).landing == "the target area"
