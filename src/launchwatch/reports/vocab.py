"""The launch vocabulary: actors, attributions, type names and places, loaded once.

Type names, places and the office holders credited by name are data files in
``launchwatch/data`` (``designations.json``, ``places.json``, ``officials.json``); so are the
words of each language (``data/lexicon/en``: count words, source names, platforms), read by
``lexicon``. The phrase patterns still in this module are English wording not yet moved.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from launchwatch.reports.lexicon import alternations, lexicon
from launchwatch.reports.text import folded

# Numbers as reports write them: counts ("two missiles") and spans of time ("five years ago").
# States whose satellite launches come from a missile programme (recorded as space_launch).
MISSILE_PROGRAMME_SPACE = {"KP", "IR"}

NUMBER_WORDS: dict[str, int | None] = lexicon("numbers")["words"]


@dataclass(frozen=True)
class MissileType:
    name: str
    pattern: re.Pattern[str]
    country: str
    category: str
    range_class: str | None


@dataclass(frozen=True)
class Place:
    name: str
    pattern: re.Pattern[str]
    country: str
    kind: str
    lat: float
    lon: float


def _load(name: str) -> dict:
    return json.loads(resources.files("launchwatch.data").joinpath(name).read_text("utf-8"))


@cache
def missile_types() -> tuple[MissileType, ...]:
    """Named missile and launch-vehicle types with their alias patterns."""
    return tuple(
        MissileType(
            t["name"],
            re.compile(rf"(?<![\w-])(?:{t['pattern']})(?:s(?=\W|$))?(?![\w])", re.I),
            t["country"],
            t["category"],
            t["range_class"],
        )
        for t in _load("designations.json")["types"]
    )


@cache
def _type_triggers() -> tuple[re.Pattern[str], dict[str, frozenset[int]], frozenset[int]]:
    """The leading letters of every alias, which types each lead can start, and the types whose
    aliases have no literal lead (always tried): a text with no lead names none of the others.

    The lead pattern is case-sensitive and lower case: it runs on ``folded(text)``, where it
    matches exactly what it would match in the text with re.IGNORECASE (folding keeps every
    character's place and word-character class), only much faster.
    """
    leads: dict[str, set[int]] = {}
    always: set[int] = set()
    for index, t in enumerate(_load("designations.json")["types"]):
        for alias in re.split(r"\|(?![^()]*\))", t["pattern"]):
            lead = re.match(r"[a-z0-9 -]+", alias)
            literal = lead.group(0) if lead else ""
            if alias[len(literal) : len(literal) + 1] in ("?", "*", "{"):
                literal = literal[:-1]  # the last character is optional
            literal = literal.strip()
            if not literal:
                always.add(index)
                continue
            leads.setdefault(literal, set()).add(index)
    alternation = "|".join(re.escape(w) for w in sorted(leads, key=len, reverse=True))
    return (
        re.compile(rf"\b(?:{alternation})"),
        {w: frozenset(i) for w, i in leads.items()},
        frozenset(always),
    )


@lru_cache(maxsize=4096)
def find_types(text: str) -> tuple[tuple[MissileType, re.Match[str]], ...]:
    """Every named type in ``text`` (plural forms included), in order, with its match.

    Only the types whose alias leads occur in the text are tried. Where two types match at one
    place, the one listed first in the data wins; matches do not overlap. Cached: extraction
    asks about the same sentences several times (``extract_report`` clears it per article).
    """
    trigger, leads, always = _type_triggers()
    candidates = set(always)
    for m in trigger.finditer(folded(text)):
        candidates |= leads.get(text[m.start() : m.end()].lower(), frozenset())
    if not candidates:
        return ()
    types = missile_types()
    found = sorted(
        (m.start(), index, m) for index in candidates for m in types[index].pattern.finditer(text)
    )
    result: list[tuple[MissileType, re.Match[str]]] = []
    end = -1
    for start, index, m in found:
        if start >= end:
            result.append((types[index], m))
            end = m.end()
    return tuple(result)


@cache
def _place_matcher() -> re.Pattern[str]:
    names = (p.pattern.pattern.removeprefix(r"\b(?:").removesuffix(r")\b") for p in places())
    alternation = "|".join(f"(?P<p{i}>{name})" for i, name in enumerate(names))
    return re.compile(rf"\b(?:{alternation})\b", re.I)


def find_places(text: str) -> Iterator[tuple[Place, re.Match[str]]]:
    """Every gazetteer place named in ``text``, in order, with its match."""
    entries = places()
    for m in _place_matcher().finditer(text):
        yield entries[int(m.lastgroup[1:])], m  # type: ignore[index]


@cache
def places() -> tuple[Place, ...]:
    """Gazetteer entries, longest names first so the most specific match wins."""
    entries = []
    for p in _load("places.json")["places"]:
        names = sorted([p["name"], *p["aliases"]], key=len, reverse=True)
        alternation = "|".join(
            re.escape(n).replace(r"\-", "[- ]?").replace(r"\ ", r"\s+") for n in names
        )
        entries.append(
            Place(
                p["name"],
                re.compile(rf"\b(?:{alternation})\b", re.I),
                p["country"],
                p["kind"],
                p["lat"],
                p["lon"],
            )
        )
    return tuple(entries)


# Who launches: names by which reports refer to a state, as (ISO code, pattern).
ACTORS: tuple[tuple[str, str], ...] = (
    (
        "KP",
        r"North Korea(?:n|'s|’s)?|N\.\s?Korea(?:n|'s|’s)?|\bDPRK\b|"
        r"Democratic People'?s Republic of Korea|"
        r"Pyongyang(?:'s|’s)?|the North(?:'s|’s)?|Kim Jong[- ]?Un|Korean People'?s Army|\bKPA\b|"
        r"Kim Jong[- ]?Il|communist (?:state|country|nation)|reclusive (?:state|nation|country)|"
        r"the isolated (?:state|country|nation)|nuclear-armed North",
    ),
    (
        "KR",
        r"South Korea(?:n|'s|’s)?|S\.\s?Korea(?:n|'s|’s)?|\bROK\b|"
        r"(?<!People's )(?<!People’s )Republic of Korea",
    ),
    (
        "US",
        r"United States|\bU\.\s?S\.?(?=\s|$|'|’)|\bUS\b|\bUSA\b|American|Pentagon|US Air Force|"
        r"U\.S\. Air Force",
    ),
    ("JP", r"Japan(?:ese|'s|’s)?"),
    ("CN", r"China|Chinese"),
    ("RU", r"Russia(?:n|'s|’s)?|Kremlin"),
    ("IN", r"India(?:n|'s|’s)?|\bDRDO\b"),
    ("PK", r"Pakistan(?:i|'s|’s)?|\bISPR\b"),
    ("IR", r"Iran(?:ian|'s|’s)?|\bIRGC\b|Revolutionary Guards?"),
    ("FR", r"France|French"),
    ("GB", r"Britain|British|United Kingdom|\bUK\b"),
    ("IL", r"Israel(?:i|'s|’s)?"),
    ("YE", r"Houthis?|Yemen(?:i|'s)?|Ansar Allah"),
    ("TW", r"Taiwan(?:ese|'s)?"),
)
ACTOR_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, re.compile(rf"(?:{pattern})", re.I if code not in ("US",) else 0))
    for code, pattern in ACTORS
)

# Who a claim is attributed to: (source label, pattern) from data/lexicon/en/sources.json, to
# which the office holders named in data/officials.json are added (``SOURCE_CUES``). Order
# matters: the first match wins for one stretch of text.
_SOURCE_WORDING: tuple[tuple[str, str], ...] = tuple(alternations("sources", "sources").items())


def _flexible(name: str) -> str:
    """A name's pattern: its words joined by a space or a hyphen, the later ones in either case
    ("Moon Jae-in", "Moon Jae In"); case-sensitive otherwise, which keeps the matcher quick."""
    first, *rest = re.split(r"[- ]", name)
    later = [f"[{w[0].upper()}{w[0].lower()}]{re.escape(w[1:])}" for w in rest]
    return r"[- ]".join([re.escape(first), *later])


def _official_cues() -> dict[str, str]:
    """Per source label, the pattern of its office holders (see data/officials.json): the title
    before the full or family name, the full name, the family name alone where distinctive, and
    a president's office ("Yoon's office"). Grouped per title, so the matcher stays quick."""
    titled: dict[tuple[str, str], list[str]] = {}
    names: dict[str, list[str]] = {}
    alone: dict[str, list[str]] = {}
    offices: dict[str, list[str]] = {}
    for person in _load("officials.json")["officials"]:
        source, name = person["source"], _flexible(person["name"])
        family = _flexible(person["family"])
        titled.setdefault((source, person["title"]), []).extend([name, family])
        names.setdefault(source, []).append(name)
        if person.get("alone"):
            alone.setdefault(source, []).append(family)
        if person["title"] == "President":
            offices.setdefault(source, []).append(re.escape(person["family"].split()[0]))
    cues: dict[str, list[str]] = {}
    for (source, title), words in titled.items():
        title_pattern = _flexible(title).replace("Defense", "Defen[cs]e")
        cues.setdefault(source, []).append(
            rf"(?:Deputy |Vice )?{title_pattern} (?:{'|'.join(words)})\b"
        )
    for source, found in names.items():
        cues[source].append(rf"(?:{'|'.join(found)})\b")
    for source, found in alone.items():
        cues[source].append(rf"(?:{'|'.join(found)})\b")
    for source, found in offices.items():
        cues[source].append(rf"(?:{'|'.join(found)})['’]s office")
    return {source: "|".join(patterns) for source, patterns in cues.items()}


_OFFICIALS = _official_cues()
SOURCE_CUES: tuple[tuple[str, str], ...] = tuple(
    (label, f"{pattern}|{_OFFICIALS[label]}" if label in _OFFICIALS else pattern)
    for label, pattern in _SOURCE_WORDING
)
# All cues in one pattern, each in a group named after its label; where two cues overlap, the
# one listed first wins ("South Korean military officials" is the JCS, not the government).
# Every cue starts a word, so matching is only tried at word starts (much faster).
SOURCE_MATCHER = re.compile(
    r"\b(?=\w)(?:" + "|".join(f"(?P<{label}>{pattern})" for label, pattern in SOURCE_CUES) + ")"
)
# A news agency named in a dateline or credit "(Yonhap)", or as the one told something
# ("told Reuters"), is the outlet, not a source of the claim.
OUTLET_NOT_SOURCE = re.compile(
    r"(?:\(|told\s+|—\s*|-\s+|PHOTO:\s*|/|['’]s\s+\w+\s+\w+\s+)\s*$", re.I
)
# "... did not mention", "had no immediate comment": a source named as silent says nothing.
SILENT_SOURCE = re.compile(
    r"^[^.]{0,25}?\b(?:(?:did not|didn't|has not|had not|have not|not yet)\s+(?:immediately\s+)?"
    r"(?:comment|mention|report|respond|confirm|say)\w*|no immediate comment|"
    r"contributed (?:reporting|to this report))",
    re.I,
)
NEGATED_SOURCE = re.compile(r"\bnot (?:covered|reported|mentioned) by\s+(?:\w+\s+){0,3}$", re.I)
REPORTING_VERB = re.compile(
    r"\b(?:said|says|say|saying|told|tells|reported|reports|reporting|according to|announced|"
    r"announces|stated|states|confirmed|confirms|cited|citing|quoted|quoting|claimed|claims|"
    r"detected|added|statement|estimated|estimates|assessed|believed|believes|noted|warned|"
    r"described|called|identified|released|published|disclosed|revealed|briefing|analysis|"
    r"showed|shows|tracked|judged|presumed|explained|wrote|data|condemn(?:s|ed)|accused|urged|"
    r"protest(?:s|ed)?|expressed|vowed)\b",
    re.I,
)

# Platforms (data/lexicon/en/platforms.json), in the order they are tried (ANY_PLATFORM, below,
# finds whether any applies).
PLATFORM_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(pattern, re.I))
    for label, pattern in alternations("platforms", "platforms").items()
)
ANY_PLATFORM = re.compile("|".join(f"(?:{p.pattern})" for _, p in PLATFORM_CUES), re.I)
# Every platform match holds one of these (or the case-sensitive "TEL"): a cheap first test.
PLATFORM_CUE_WORDS: tuple[str, ...] = tuple(lexicon("platforms")["cue_words"])
