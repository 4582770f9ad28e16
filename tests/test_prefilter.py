"""The bytes prefilter (launchwatch.backfill.prefilter): launch words in three languages and
four encodings, case-folded; the same answers as ``grep -c -E`` over the same bytes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from launchwatch.backfill.prefilter import grep_pattern, launch_words, may_be_launch_news

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

LAUNCH_LINES = [
    b"North Korea FIRED a ballistic Missile toward the East Sea",
    b"Pyongyang test-fired a new tactical guided weapon on Saturday",
    b"The ICBM flew for 70 minutes",
    "북한이 동해상으로 탄도미사일을 발사했다고 합참이 밝혔다".encode(),
    "북한이 동해상으로 탄도미사일을 발사했다".encode("euc-kr"),
    "北朝鮮が弾道ミサイルを発射したと防衛省が発表した".encode(),
    "北朝鮮が弾道ミサイルを発射".encode("shift_jis"),
    "北朝鮮が弾道ミサイルを発射".encode("euc-jp"),
]
OTHER_LINES = [
    b"The council approved the harbour budget on Tuesday",
    "서울 날씨는 내일 맑겠습니다".encode(),
    "東京の天気は晴れでしょう".encode("shift_jis"),
    b"<html><body><p>Shares rose 3% after the results</p></body></html>",
]


@pytest.mark.parametrize("line", LAUNCH_LINES)
def test_launch_words_pass_in_any_case_language_and_encoding(line: bytes):
    assert may_be_launch_news(line)


@pytest.mark.parametrize("line", OTHER_LINES)
def test_pages_without_launch_words_are_dropped(line: bytes):
    assert not may_be_launch_news(line)


def test_words_are_lower_case_and_distinct():
    words = launch_words()
    assert words == sorted(set(words)) and all(w == w.lower() for w in words)


@pytest.mark.skipif(shutil.which("grep") is None, reason="no grep here")
def test_grep_with_the_same_pattern_counts_the_same_lines(tmp_path: Path):
    lines = LAUNCH_LINES + OTHER_LINES
    sample = tmp_path / "lines.bin"
    sample.write_bytes(b"\n".join(lines) + b"\n")
    found = subprocess.run(
        ["grep", "-c", "-i", "-E", "-e", grep_pattern(), str(sample)],
        capture_output=True,
        env={"LC_ALL": "C"},
        check=False,
    )
    assert int(found.stdout) == sum(may_be_launch_news(line) for line in lines) == len(LAUNCH_LINES)


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is not checked out")
def test_every_launch_report_of_the_corpus_passes():
    missed = []
    for name in ("dev.jsonl", "dev-ko.jsonl", "dev-ja.jsonl"):
        for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
            page = json.loads(line)
            if page["launch_report"] and not may_be_launch_news(page["text"].encode()):
                missed.append(page["id"])
    assert missed == []
