"""Lexicons: each language's words and patterns as data files."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from launchwatch.reports.lexicon import LANGUAGES, alternations, lexicon


def test_every_lexicon_file_says_what_it_holds_and_its_patterns_compile() -> None:
    for language in LANGUAGES:
        folder = resources.files("launchwatch") / "data" / "lexicon" / language
        names = [f.name.removesuffix(".json") for f in folder.iterdir() if f.name.endswith(".json")]
        assert {"numbers", "sources", "platforms"} <= set(names)
        for name in names:
            data = lexicon(name, language)
            assert data["about"].strip()
        for name, key in (("sources", "sources"), ("platforms", "platforms")):
            for label, pattern in alternations(name, key, language).items():
                assert re.compile(pattern), label


def test_alternations_keep_the_file_order_and_join_the_lines() -> None:
    platforms = alternations("platforms", "platforms")
    assert list(platforms)[:2] == ["rail", "submarine"]  # rail is tried first
    listed = lexicon("platforms")["platforms"]["rail"]
    assert platforms["rail"] == "|".join(listed) and len(listed) > 1


def test_count_words_are_numbers_or_null_for_an_unknown_size() -> None:
    words = lexicon("numbers")["words"]
    assert words["two"] == 2 and words["several"] is None
    assert json.loads(json.dumps(words)) == words


def test_a_language_without_a_lexicon_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="no lexicon for language 'xx'"):
        lexicon("numbers", "xx")
