"""When does a predicted field value agree with the labelled one? One rule per kind of field.

The rules are deliberately tolerant of wording and strict about substance:

- numbers (``range_km``, ``apogee_km``) agree within 5 % of the gold value;
- places (``launch_area``, ``landing``) agree when they share a distinctive word, or when one's
  words are all among the other's ("Sunan area in Pyongyang" ~ "Sunan, Pyongyang",
  "Sea of Japan" ~ "Japan Sea", but "East Sea" !~ "Sea of Japan"), and never when one lands
  outside Japan's EEZ and the other inside it;
- designations agree when their numbers are the same and they share a word
  ("Hwasong-17" ~ "Hwasong 17", "Agni-V" ~ "Agni-5", but "Hwasong-17" !~ "Hwasong-12");
- sources are scored by Jaccard overlap of the two sets.
"""

from __future__ import annotations

import re
import unicodedata

# Dropped from places before comparing: function words and administrative nouns that say nothing
# about which place is meant ("area", "province").
PLACE_STOPWORDS: frozenset[str] = frozenset(
    {
        "a",
        "an",
        "the",
        "of",
        "in",
        "its",
        "it",
        "s",
        "at",
        "on",
        "to",
        "toward",
        "towards",
        "into",
        "from",
        "by",
        "and",
        "or",
        "also",
        "known",
        "as",
        "about",
        "around",
        "near",
        "nearby",
        "vicinity",
        "off",
        "some",
        "area",
        "areas",
        "province",
        "district",
        "county",
        "city",
        "town",
        "region",
        "regions",
        "village",
        "site",
    }
)

# Kept, but too common to identify a place on their own: two places sharing only these words
# agree only when one's words are all among the other's ("Japan Sea" ~ "Sea of Japan").
PLACE_GENERIC: frozenset[str] = frozenset(
    {
        "sea",
        "seas",
        "ocean",
        "waters",
        "water",
        "coast",
        "coastal",
        "shore",
        "peninsula",
        "zone",
        "eez",
        "airspace",
        "inland",
        "east",
        "west",
        "north",
        "south",
        "eastern",
        "western",
        "northern",
        "southern",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "japan",
        "korea",
        "korean",
        "country",
        "capital",
        "mountainous",
        "outside",
        "within",
        "inside",
        "airport",
        "airfield",
        "airbase",
        "base",
        "international",
        "launch",
        "launching",
        "ground",
        "pad",
        "station",
        "satellite",
        "space",
        "force",
        "range",
        "test",
        "facility",
    }
)

# Compass words glued to the proper name after them: "North Pyongan" and "South Pyongan" are
# different provinces, so "north pyongan" is one word.
_COMPASS: frozenset[str] = frozenset({"north", "south", "east", "west"})

# Spelling variants of the same name, mapped to one form (KCNA's romanisation on the left).
ALIASES: dict[str, str] = {
    "phyongan": "pyongan",
    "phyongyang": "pyongyang",
    "sinpho": "sinpo",
    "hwasongpho": "hwasong",
    "pukkuksong": "pukguksong",
}

_ROMAN: dict[str, str] = {
    "i": "1",
    "ii": "2",
    "iii": "3",
    "iv": "4",
    "v": "5",
    "vi": "6",
    "vii": "7",
    "viii": "8",
    "ix": "9",
    "x": "10",
}

# Words that do not name a type: "new-type ballistic missile Hwasong-17" names "Hwasong-17".
DESIGNATION_STOPWORDS: frozenset[str] = frozenset(
    {
        "a",
        "an",
        "the",
        "of",
        "new",
        "type",
        "missile",
        "missiles",
        "ballistic",
        "class",
    }
)

_WORD = re.compile(r"[^\W\d_]+|\d+(?:\.\d+)?")
_EEZ = re.compile(r"\bexclusive\s+economic\s+zones?\b", re.IGNORECASE)
_INSIDE = frozenset({"within", "inside", "in"})


def _tokens(text: str) -> list[str]:
    """Words and numbers, case kept; hyphens and punctuation separate, letters and digits split."""
    folded = unicodedata.normalize("NFKC", text).replace("’", "'")
    return _WORD.findall(_EEZ.sub("eez", folded))


def _words(text: str) -> list[str]:
    """``_tokens`` lower-cased, with spelling variants mapped to one form."""
    return [ALIASES.get(w, w) for w in (t.casefold() for t in _tokens(text))]


def place_words(text: str) -> set[str]:
    """The words of a place name that are compared: stopwords dropped, compass names glued.

    A capitalised compass word is glued to the proper name after it ("North Pyongan" is one
    word, "north Vandenberg" is two).
    """
    tokens = _tokens(text)
    words = _words(text)
    out: set[str] = set()
    i = 0
    while i < len(words):
        word = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else None
        if (
            word in _COMPASS
            and tokens[i][0].isupper()
            and nxt is not None
            and nxt not in PLACE_STOPWORDS
            and nxt not in PLACE_GENERIC
            and not nxt[0].isdigit()
        ):
            out.add(f"{word} {nxt}")
            i += 2
            continue
        if word not in PLACE_STOPWORDS:
            out.add(word)
        i += 1
    return out


def _eez_side(text: str) -> str | None:
    """ "out" or "in" when the text places a landing relative to Japan's EEZ, else None."""
    words = set(_words(text))
    if "eez" not in words:
        return None
    if "outside" in words:
        return "out"
    return "in" if words & _INSIDE else None


def places_agree(gold: str, predicted: str) -> bool:
    """Do two place descriptions name the same place (see the module docstring for the rule)?"""
    sides = {_eez_side(gold), _eez_side(predicted)} - {None}
    if len(sides) > 1:
        return False
    a, b = place_words(gold), place_words(predicted)
    if not a or not b:
        return gold.strip().casefold() == predicted.strip().casefold()
    return bool((a & b) - PLACE_GENERIC) or a <= b or b <= a


def _designation_parts(text: str) -> tuple[set[str], set[str]]:
    """(words, numbers) of a designation; roman numerals standing alone count as numbers."""
    words: set[str] = set()
    numbers: set[str] = set()
    for token in _words(text):
        token = _ROMAN.get(token, token)
        if token[0].isdigit():
            numbers.add(token)
        elif token not in DESIGNATION_STOPWORDS:
            words.add(token)
    return words, numbers


def designations_agree(gold: str, predicted: str) -> bool:
    """Same numbers and at least one shared word (or no words on either side)."""
    gold_words, gold_numbers = _designation_parts(gold)
    pred_words, pred_numbers = _designation_parts(predicted)
    if not (gold_words or gold_numbers) or not (pred_words or pred_numbers):
        return gold.strip().casefold() == predicted.strip().casefold()
    if gold_numbers != pred_numbers:
        return False
    return (not gold_words and not pred_words) or bool(gold_words & pred_words)


def numbers_agree(gold: float, predicted: float, tolerance: float = 0.05) -> bool:
    """Within ``tolerance`` of the gold value (relative); exact when the gold value is 0."""
    return abs(predicted - gold) <= tolerance * abs(gold)


def jaccard(gold: list[str] | set[str], predicted: list[str] | set[str]) -> float:
    """|A ∩ B| / |A ∪ B|; 1.0 for two empty sets."""
    a, b = set(gold), set(predicted)
    union = a | b
    return len(a & b) / len(union) if union else 1.0
