"""Widening a claim's evidence span to the sentence that contains it, for display."""

from __future__ import annotations

import re

# A sentence ends at a line break, or at ., ! or ? (with closing quotes or brackets) and space.
_BOUNDARY = re.compile(r"([.!?][\"'”’)\]]*)\s+|\n+")
_WORD_BEFORE = re.compile(r"(\w+)\.$")
# Words whose trailing period does not end a sentence ("Mr. Kim", "Sept. 10", "Gen. Park").
_ABBREVIATIONS = frozenset(
    (
        *("mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "sgt", "adm", "capt", "cmdr"),
        *("sen", "rep", "gov", "pres", "st", "no", "vs", "approx", "est"),
        *("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"),
    )
)
MAX_CHARS = 600  # longer "sentences" (boilerplate without punctuation) are cut around the span


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) of ``text`` that contain ``text[start:end]``, whitespace collapsed.

    A span crossing a sentence boundary gets every sentence it touches. When the result would
    exceed ``MAX_CHARS``, it is cut to a window around the span, marked with "…".
    """
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    begin, finish = 0, len(text)
    for match in _BOUNDARY.finditer(text):
        if match.group(1) and not _ends_sentence(text, match):
            continue
        sentence_end = match.end(1) if match.group(1) else match.start()
        if match.end() <= start:
            begin = match.end()
        elif sentence_end >= end:
            finish = sentence_end
            break
    prefix = suffix = ""
    if finish - begin > MAX_CHARS:
        margin = max(0, (MAX_CHARS - (end - start)) // 2)
        if start - margin > begin:
            begin, prefix = start - margin, "…"
        if end + margin < finish:
            finish, suffix = end + margin, "…"
    return prefix + " ".join(text[begin:finish].split()) + suffix


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    """False for the period of an abbreviation or initial, or before a lower-case word."""
    following = text[match.end() : match.end() + 1]
    if following.islower():
        return False
    if not match.group(1).startswith("."):
        return True
    word = _WORD_BEFORE.search(text, 0, match.start() + 1)
    return not (word and (len(word.group(1)) == 1 or word.group(1).lower() in _ABBREVIATIONS))
