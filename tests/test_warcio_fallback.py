"""The warcio fallback of the WARC reader, where FastWARC is not installed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from launchwatch.backfill.samples import (
    conversion_record,
    html_page,
    request_record,
    response_record,
    write_warc,
)
from launchwatch.sources.warc import WarcFile, WarcPage


def test_warcio_reads_the_same_pages_when_fastwarc_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    url = "https://news.example/1"
    records = [
        request_record(url),
        response_record(url, html_page("North Korea fired a missile.", url, "One")),
        conversion_record("https://news.example/2", "A missile was fired."),
    ]
    path = write_warc(tmp_path / "a.warc.gz", records)
    fast = [item for item in WarcFile(str(path))]
    monkeypatch.setitem(sys.modules, "fastwarc.warc", None)  # import fails: ImportError
    slow = [item for item in WarcFile(str(path))]
    assert all(isinstance(item, WarcPage) for item in fast + slow)
    assert slow == fast


def test_warcio_fallback_goes_on_past_a_truncated_member(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import gzip

    members = [
        gzip.compress(response_record(f"https://news.example/{n}", b"<html>missile</html>"))
        for n in range(1, 4)
    ]
    members[1] = members[1][:40]
    path = tmp_path / "a.warc.gz"
    path.write_bytes(b"".join(members))
    monkeypatch.setitem(sys.modules, "fastwarc.warc", None)
    items = list(WarcFile(str(path)))
    assert [item.url for item in items if isinstance(item, WarcPage)] == [
        "https://news.example/1",
        "https://news.example/3",
    ]
    assert len(items) == 3  # and one bad record between them
