"""The bytes prefilter: is there launch vocabulary anywhere in a page, before parsing its HTML?

A crawl of news holds almost no launch news, and parsing HTML costs milliseconds a page, so
each body is first scanned as bytes, lower-cased (ASCII case folding; Korean and Japanese have
no case), for a short list of words that every launch report uses in one form or another. The
words are searched at once with an Aho-Corasick automaton (``ahocorasick_rs``, Rust), which runs
at about the speed of ``grep -c -E`` over the same bytes (``bench/backfill.py`` measures it).

The Korean and Japanese words are searched in UTF-8 and in the legacy encodings their news
sites still serve (EUC-KR, Shift_JIS, EUC-JP), since the page's charset is not known yet.
A page passes when any word occurs; a false pass only costs a parse.
"""

from __future__ import annotations

import re
from functools import cache

_ERE_SPECIAL = re.compile(rb"[.\[\]()*+?{}|^$\\]")

# Lower-case English stems: "missile(s)", "launch(es|ed)", "rocket", "projectile", "ballistic",
# type abbreviations, North Korea's type family name, and state media's "test-fire" and
# "guided weapon" (a KCNA report of 2020-03-21 names no missile, launch or rocket at all).
ENGLISH_WORDS: tuple[str, ...] = (
    "missil",
    "launch",
    "rocket",
    "projectile",
    "ballistic",
    "icbm",
    "slbm",
    "hwasong",
    "guided weapon",
    "test-fir",
    "test fir",
)
# missile, launch (firing), ballistic: Korean, then Japanese.
CJK_WORDS: tuple[str, ...] = ("미사일", "발사", "탄도", "ミサイル", "発射", "弾道")
CJK_ENCODINGS: tuple[str, ...] = ("utf-8", "euc-kr", "shift_jis", "euc-jp")


def launch_words() -> list[bytes]:
    """Every byte string the prefilter looks for, sorted (English, and CJK in each encoding)."""
    words = {word.encode("ascii") for word in ENGLISH_WORDS}
    for word in CJK_WORDS:
        for encoding in CJK_ENCODINGS:
            try:
                # Lower-cased like the page: a Shift_JIS character may hold ASCII letter bytes.
                words.add(word.encode(encoding).lower())
            except UnicodeEncodeError:  # a Japanese word has no EUC-KR form, and so on
                continue
    return sorted(words)


def grep_pattern() -> bytes:
    """The same words as one ``grep -E`` alternation (to run with ``LC_ALL=C`` and ``-i``)."""
    return b"|".join(_ERE_SPECIAL.sub(rb"\\\g<0>", word) for word in launch_words())


@cache
def _automaton():  # type: ignore[no-untyped-def]
    import ahocorasick_rs

    return ahocorasick_rs.BytesAhoCorasick(launch_words())


def may_be_launch_news(body: bytes) -> bool:
    """True when the lower-cased bytes contain any launch word: the page is worth parsing."""
    return bool(_automaton().find_matches_as_indexes(body.lower()))
