"""Sentence segmentation with character offsets, so every value can point back to its evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Tokens after which a full stop does not end a sentence.
_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "gen",
    "lt",
    "col",
    "maj",
    "capt",
    "sgt",
    "adm",
    "cmdr",
    "rep",
    "sen",
    "gov",
    "st",
    "no",
    "nos",
    "vs",
    "inc",
    "corp",
    "co",
    "ltd",
    "jr",
    "sr",
    "approx",
    "est",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "u.s",
    "u.k",
    "u.n",
    "a.m",
    "p.m",
    "n",
    "s",
    "e",
    "w",
    "d.c",
    "etc",
    "i.e",
    "e.g",
}
_BOUNDARY = re.compile(
    r"[.!?]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n+|"
    r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])|(?<=[A-Z]\.[A-Z]\.)(?=[A-Z][a-z]{2})"
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.?$")
# Letters that re.IGNORECASE matches to an ASCII letter but str.lower() does not lower to it.
_ODD_FOLDS = str.maketrans({"ſ": "s", "ı": "i", "İ": "i"})


def folded(text: str) -> str:
    """The text in lower case, for literal checks that stand in for case-insensitive patterns.

    A word absent from ``folded(text)`` cannot be matched by a re.IGNORECASE pattern either,
    so the check may safely skip the pattern.
    """
    if text.isascii() or not any(c in text for c in "ſıİ"):
        return text.lower()
    return text.translate(_ODD_FOLDS).lower()


def on_folded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The case-sensitive twin of a re.IGNORECASE pattern, to run on ``folded(text)``.

    ``folded`` keeps every character's place and word/digit/space class, and turns into a given
    ASCII letter exactly the characters that re.IGNORECASE matches to it (checked over every code
    point). So the twin, written in lower case, matches ``folded(text)`` at exactly the spans the
    pattern matches in ``text``, several times faster (no case folding at every step). Use its
    spans (or whether it matches), not its matched text, which is folded.
    """
    source = pattern.pattern
    if (
        not pattern.flags & re.IGNORECASE
        or re.search(r"\\[A-Z]|\(\?[a-z]*-?i", source)
        or any(name != name.lower() for name in pattern.groupindex)
    ):
        raise ValueError(f"not a plain re.IGNORECASE pattern: {source[:40]!r}")
    lower = source.lower().replace("(?p<", "(?P<").replace("(?p=", "(?P=")  # group syntax
    return re.compile(lower, pattern.flags & ~re.IGNORECASE)


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article, with its offsets in the article text."""

    index: int
    start: int
    end: int
    text: str
    # Set once on creation: read for nearly every sentence, often many times (a cached_property
    # takes a lock on every read in Python 3.11). Not compared: they follow from ``text``.
    lower: str = field(init=False, repr=False, compare=False)
    """The text in lower case, for quick keyword checks before a pattern runs."""
    folded: str = field(init=False, repr=False, compare=False)
    """``folded(text)``: lower case that a literal check can rely on (see ``folded``)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "lower", self.text.lower())
        object.__setattr__(self, "folded", folded(self.text))


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences at line breaks and sentence-final punctuation."""
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        glued = match.start() == match.end()
        boundary = match.group(0)
        if (
            not glued
            and boundary[0] in ".!?"
            and "\n" not in boundary  # a line break ends the sentence even after "a.m."
            and _is_abbreviation(text, match.start())
        ):
            continue
        _append(
            sentences,
            text,
            start,
            match.start() if glued or match.group(0)[0] == "\n" else match.end(),
        )
        start = match.end()
    _append(sentences, text, start, len(text))
    return sentences


def _is_abbreviation(text: str, dot: int) -> bool:
    word = _WORD_BEFORE.search(text[max(0, dot - 12) : dot])
    if word is None:
        return False
    token = word.group(1).lower().rstrip(".")
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(len(sentences), start, end, text[start:end]))
