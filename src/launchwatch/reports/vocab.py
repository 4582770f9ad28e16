"""The launch vocabulary: actors, attributions, type names and places, loaded once.

Type names, places and the office holders credited by name are data files in
``launchwatch/data`` (``designations.json``, ``places.json``, ``officials.json``); the phrase
patterns here are the domain's own wording (how reports name states, sources, platforms and
flight figures).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from launchwatch.reports.text import folded

# Numbers as reports write them: counts ("two missiles") and spans of time ("five years ago").
# States whose satellite launches come from a missile programme (recorded as space_launch).
MISSILE_PROGRAMME_SPACE = {"KP", "IR"}

NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "single": 1,
    "two": 2,
    "both": 2,
    "pair of": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "dozens of": None,
    "several": None,
    "multiple": None,
    "a series of": None,
    "a barrage of": None,
    "a volley of": None,
    "some": None,
}


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

# Who a claim is attributed to: (source label, pattern), to which the office holders named in
# data/officials.json are added (``SOURCE_CUES``). Order matters: the first match wins for one
# stretch of text.
_SOURCE_WORDING: tuple[tuple[str, str], ...] = (
    ("rodong_sinmun", r"Rodong Sinmun|Workers['’]? Party(?:['’]s)? (?:official )?(?:news)?paper"),
    (
        "kcna",
        r"\bKCNA\b|Korean Central News Agency|Korean Central (?:TV|Television|Broadcasting)|"
        r"\bKCTV\b|"
        r"(?:North Korea(?:n|['’]s)?|N\. Korea['’]s|the North['’]s|Pyongyang['’]s|official|DPRK)\s+"
        r"(?:state(?:-run|-controlled)?\s+)?(?:media|news agency|TV|television|broadcaster)|"
        r"state(?:-run|-controlled)? (?:media|news agency|television|TV|broadcaster)|"
        r"official (?:news agency|media)",
    ),
    (
        "jcs",
        r"Joint Chiefs? of Staff|\bJCS\b|joint chiefs|South Korea(?:n|['’]s)? "
        r"(?:military|army|armed forces|"
        r"defen[cs]e officials?|military officials?|army officials?|military sources?)|"
        r"Seoul['’]s (?:military|Joint Chiefs)|(?:military|defen[cs]e) officials in "
        r"(?:South Korea|Seoul)",
    ),
    (
        "kr_gov",
        r"(?:South Korea(?:n|['’]s)?|Seoul['’]s|S\. Korea['’]s) (?:defen[cs]e|unification|"
        r"foreign) ministry|"
        r"(?:South Korea(?:n|['’]s)?|Seoul['’]s) (?!military|defen[cs]e|army|armed)(?:\w+ )?"
        r"(?:government|"
        r"presidential office|president|National Security Council|spy agency|intelligence|"
        r"officials?|"
        r"lawmakers?|minist(?:er|ry))|(?:Seoul|South Korea) (?=said|says|announced|confirmed)|"
        r"officials in Seoul|Ministry of National Defen[cs]e|"
        r"\bMND\b|presidential office|Blue House|\bNIS\b|National Intelligence Service|"
        r"Unification Ministry",
    ),
    ("jp_coast_guard", r"(?:Japan(?:ese|['’]s)?\s+)?[Cc]oast\s?[Gg]uard(?! of)"),
    (
        "jp_gov",
        r"Japan(?:ese|['’]s)? (?:\w+ )?(?:defen[cs]e ministry|Defen[cs]e Ministry|"
        r"Ministry of Defen[cs]e|government|"
        r"defen[cs]e minister|Defen[cs]e Minister|prime minister|Prime Minister|officials|"
        r"chief cabinet secretary|"
        r"Chief Cabinet Secretary|military|Self-Defen[cs]e Forces?|[Mm]inist(?:er|ry)|"
        r"Deputy Defen[cs]e Minister)|"
        r"Ministry of Defen[cs]e of Japan|government in Tokyo|Chief Cabinet Secretary|"
        r"(?:Tokyo|Japan) (?=said|says|announced|confirmed)|"
        r"officials in (?:Japan|Tokyo)|Japan['’]s MoD",
    ),
    (
        "us_gov",
        r"Pentagon|U\.?S\.? (?:Indo[- ]Pacific Command|Pacific Command|Strategic Command|"
        r"Northern Command|"
        r"military|officials?|Forces Korea|government|Defen[cs]e Department|Department of State|"
        r"State Department|"
        r"Air Force|Navy|Space Force|defen[cs]e officials?|administration|President)|"
        r"Indo[- ]Pacific Command|"
        r"\bINDOPACOM\b|\bPACOM\b|NORAD|NORTHCOM|White House|State Department|"
        r"Department of Defen[cs]e|"
        r"Defen[cs]e Secretary|Secretary of State|American officials|US military|"
        r"Air Force Global Strike Command|"
        r"Missile Defen[cs]e Agency|"
        r"(?:Washington|the United States) (?=said|says|announced|confirmed)",
    ),
    (
        "other",
        r"\bISPR\b|Inter-Services Public Relations|\bDRDO\b|"
        r"Defen[cs]e Research and Development Organi[sz]ation|"
        r"(?:India|Pakistan|Russia|Iran|China|France|Israel)(?:n|i|['’]s)? (?:\w+ )?"
        r"(?i:defen[cs]e ministry|military|"
        r"armed forces|government|army|navy)|\bIRGC\b|Revolutionary Guards?|Sepah News|"
        r"National Aerospace (?:Development|Technology) Administration|\bNA[DT]A\b|"
        r"Missile Administration|Academy of Defen[cs]e Science|North Korea(?:n|['’]s) "
        r"(?:foreign|defen[cs]e) ministry",
    ),
    (
        "analyst",
        r"(?i:\banalysts?\b|\bexperts?\b|\bprofessor\b|\bresearchers?\b|\bscholars?\b)|"
        r"senior fellow|"
        r"adjunct (?:senior )?fellow|\b38 North\b|Middlebury Institute|James Martin Center|"
        r"Institute (?:for|of) [A-Z]\w+|[A-Z]\w+ Institute\b|think[- ]tank|"
        r"Federation of American Scientists",
    ),
    (
        "other_media",
        r"\bYonhap\b|\bNHK\b|\bKyodo\b|\bReuters\b|Associated Press|\bAFP\b|\bCNN\b|\bBBC\b|"
        r"Al Jazeera|\bNK News\b|\bJiji\b|\bTASS\b|\bXinhua\b|\bAsahi\b|\bNikkei\b|\bDonga\b|"
        r"Chosun Ilbo|JoongAng|Korea Times|Korea Herald|\bEFE\b|local media|"
        r"(?:South Korean|Japanese|Korean|foreign|Western) media|media reports?\b|"
        r"news reports?\b|broadcaster",
    ),
)


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

# Platforms, in the order they are tried (ANY_PLATFORM, below, finds whether any applies).
PLATFORM_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "rail",
        re.compile(
            r"rail(?:way)?[- ]?(?:borne|based|mobile|launched)|from (?:a |the )?(?:trains?|railway)"
            r"\b|"
            r"train[- ]?(?:launched|borne|based|mounted)|railway[- ]borne|rail car|railcar",
            re.I,
        ),
    ),
    (
        "submarine",
        re.compile(
            # "from the 8.24 Yongung submarine": a submarine's name before the word
            r"submarine[- ]?launched|from (?:a |the |its )?(?:[\w.’'-]+ ){0,3}?submarine|"
            r"\bSLBMs?\b|"
            r"submarine[- ]based|underwater launch",
            re.I,
        ),
    ),
    ("silo", re.compile(r"\bsilos?\b", re.I)),
    (
        "ship",
        re.compile(
            r"from (?:a |the )?(?:warship|destroyer|frigate|corvette|naval vessel|ship)\b|"
            r"ship[- ]?launched|ship-to-ship|surface ship",
            re.I,
        ),
    ),
    (
        "aircraft",
        re.compile(
            r"air[- ]launched|from (?:a |an )?(?:fighter jet|aircraft|bomber|plane|jet)\b|"
            r"air-to-(?:surface|ground|ship)\b|"
            # the aircraft as the one that fired: "fighter jets fired", "bombers launched"
            r"\b(?:fighter jets?|fighters|bombers|warplanes|aircraft)\s+(?:also\s+)?"
            r"(?:fired|launched)\b",
            re.I,
        ),
    ),
    (
        "road_mobile",
        re.compile(
            r"transporter[- ]erector[- ]launcher|(?-i:\bTELs?\b)|road[- ]mobile|"
            r"mobile launch(?:er|ing pad|[- ]pad)s?|transporter vehicles?|"
            r"tubes? (?:on|of|mounted on) (?:a |the )?(?:\w+ )?(?:launch(?:er)? )?vehicles?|"
            r"launcher vehicle|wheeled launcher|(?:\d+|eleven|nine|[a-z]+)-axle|"
            r"wheels (?:per|on (?:one|each)) side|"
            r"\d+-wheeled|launcher['’]s driving system|launch (?:truck|vehicle)s? (?:on|moving)|"
            r"tracked (?:launcher|vehicle)|launch vehicles? on (?:the )?road",
            re.I,
        ),
    ),
)
ANY_PLATFORM = re.compile("|".join(f"(?:{p.pattern})" for _, p in PLATFORM_CUES), re.I)
