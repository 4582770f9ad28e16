"""Events in words: labels for codes, the one-line account of a launch, changes as sentences."""

from __future__ import annotations

from launchwatch.events.words import change_sentence, day, headline, label, value_text


def test_labels_keep_unknown_codes_readable() -> None:
    assert label("country", "KP") == "North Korea"
    assert label("source", "jcs") == "South Korea JCS"
    assert label("source", "jp_gov") == "Japan MoD"
    assert label("category", "space_launch") == "space launch"
    assert label("source", "new_agency") == "new agency"
    assert label("country", None) == "—"


def test_headline_says_what_happened() -> None:
    rail = {"missile_count": 2, "category": "ballistic", "range_class": "SRBM",
            "platform": "rail", "launch_area": "Yangdok, South Pyongan"}  # fmt: skip
    assert headline(rail, "KP", "2021-09-15") == (
        "2 short-range ballistic missiles fired from a train in Yangdok, South Pyongan"
        " — North Korea, 15 Sep 2021"
    )
    one = {"missile_count": 1, "category": "cruise", "designation": "Hwasal-2"}
    assert headline(one, "KP", None) == (
        "1 cruise missile (Hwasal-2) fired — North Korea, date unresolved"
    )
    space = {"category": "space_launch", "launch_area": "Sohae"}
    assert (
        headline(space, "KP", "2023-11-21") == "Space launch from Sohae — North Korea, 21 Nov 2023"
    )
    assert headline({}, None, "2024-01-01").startswith("Missiles fired — country unknown")


def test_changes_as_sentences() -> None:
    assert change_sentence("range_km", 380.0, 400) == "Range changed from 380 km to 400 km."
    assert change_sentence("designation", None, "Hwasong-11") == "Type now given: Hwasong-11."
    assert change_sentence("hypersonic", True, False) == "Hypersonic changed from yes to no."
    disputes = {
        "range_km": [{"value": 380, "sources": ["jcs"]}, {"value": 400, "sources": ["kcna"]}]
    }
    assert change_sentence("conflicts", {}, disputes) == (
        "Sources disagree on range: 380 km per South Korea JCS, 400 km per KCNA."
    )
    assert change_sentence("conflicts", disputes, {}) == "Sources no longer disagree on range."
    assert value_text("sources", ["jp_gov", "kcna"]) == "Japan MoD, KCNA"
    assert day("2021-09-05") == "5 Sep 2021"
