"""Publication stamps from pages, feeds and JSONL normalised to ISO 8601."""

from __future__ import annotations

import pytest

from launchwatch.articles.timestamps import iso_timestamp


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2022-03-05", "2022-03-05"),  # a bare date gets no invented time or offset
        (" 2022-03-05 ", "2022-03-05"),
        ("2022-03-05T10:00:00Z", "2022-03-05T10:00:00+00:00"),
        ("2022-03-05T10:00+09:00", "2022-03-05T10:00:00+09:00"),
        ("2022-03-05 10:00:00", "2022-03-05T10:00:00"),  # no offset given, none invented
        ("Sat, 05 Mar 2022 10:00:00 +0900", "2022-03-05T10:00:00+09:00"),
        ("Sat, 05 Mar 2022 01:00:00 GMT", "2022-03-05T01:00:00+00:00"),
    ],
)
def test_readable_stamps_become_iso(given: str, expected: str) -> None:
    assert iso_timestamp(given) == expected


@pytest.mark.parametrize(
    "given", [None, "", "   ", "March 5, 2022", "2022-13-01", "2022-02-30", "Mon, 99 Foo", "5"]
)
def test_unreadable_stamps_are_none(given: str | None) -> None:
    assert iso_timestamp(given) is None
