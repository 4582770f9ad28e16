"""Field extractors: each reads the sentences of one launch and returns its value with a Claim.

Each extractor takes the first statement in text order (reports lead with the first official
figure), and records the evidence span, the source the sentence credits and any hedge.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from launchwatch.reports.dates import local_time
from launchwatch.reports.model import Claim
from launchwatch.reports.text import Sentence, on_folded
from launchwatch.reports.vocab import (
    ANY_PLATFORM,
    NEGATED_SOURCE,
    NUMBER_WORDS,
    OUTLET_NOT_SOURCE,
    PLATFORM_CUE_WORDS,
    PLATFORM_CUES,
    REPORTING_VERB,
    SILENT_SOURCE,
    SOURCE_MATCHER,
    find_places,
    find_types,
    missile_types,
)

_NUM = (
    r"(?P<num>\d{1,2}|a pair of|pair of|a|an|one|single|two|both|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
    r"nineteen|twenty)"
)
_COUNT = re.compile(
    rf"(?<![\w.-])(?P<atleast>at least |more than |up to |about |some |around )?{_NUM}\s+"
    r"(?:(?:of\s+)?what\s+(?:it|they|officials?|seoul|tokyo|the \w+)\s+(?:\w+\s+)?"
    r"(?:were|was|to be|as)\s+)?"
    r"(?:(?!(?:after|before|since|of|and|or|that|which|day|days|week|weeks|month|months|year|years|"
    r"time|times|hours?|minutes?|the|its|their|his|her|in|on|at|from|to|by|with|for)\b)"
    r"[\w“”\"'’-]+\s+){0,5}?[“\"']?"
    r"(?:missiles?|rockets?|projectiles?|ICBMs?|SRBMs?|IRBMs?|MRBMs?|SLBMs?|rounds?|weapons?|"
    r"shots?)\b",
    re.I,
)
_HEDGE = re.compile(
    r"\b(?:presumed|presumably|suspected|apparent(?:ly)?|believed|possibl[ey]|probabl[ey]|claimed|"
    r"claims|"
    r"what appeared|appears?|may have|might have|estimated|unconfirmed|reportedly|likely)\b",
    re.I,
)
_HEDGE_TWIN = on_folded(_HEDGE)  # run on folded text (see ``on_folded``)

_UNIT = r"\s*(?P<unit>kilomet(?:er|re)s?|km|miles?|mi|nautical miles?)\b"
_NUMBER = r"\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_ABOUT = (
    r"(?:(?:about|around|approximately|roughly|some|nearly|almost|more than|over|up to|at least|"
    r"an estimated|a maximum of|a distance of|a total of|as far as|as much as|a|maximum|max|"
    r"(?:north|south|east|west)(?:east|west)?(?:ward)?|for)\s+)*"
)
# "500 km", "500 to 600 km", "from 110 km to 670 km": a span reports its upper figure.
_QTY = (
    rf"(?:from\s+)?{_ABOUT}(?:(?P<low>{_NUMBER})(?:{_UNIT.replace('unit', 'lowunit')})?\s*"
    rf"(?:-|–|to)\s*{_ABOUT})?"
    rf"(?P<qty>{_NUMBER})"
)
_RANGE = re.compile(
    rf"\b(?:flew|flown|flying|travel(?:l?ed|l?ing)|covered|covering|flight distance of|"
    rf"distances? flown|"
    rf"distance of|ranged|traversed|reached a distance of|horizontal distance of)\s+{_QTY}{_UNIT}",
    re.I,
)
_RANGE_AFTER = re.compile(
    rf"(?<![\d,.])(?P<qty>{_NUMBER}){_UNIT}(?:\s*\([^)]*\))?\s+"
    rf"(?:away(?! from (?:the )?(?:coast|shore|island|cape))|"
    rf"from the launch (?:point|site)|downrange|before (?:falling|landing|splashing|crashing|"
    rf"hitting|plunging))|"
    rf"(?<![\d,.])(?P<qty2>{_NUMBER})[- ](?:kilomet(?:er|re)|km)[- ]range target",
    re.I,
)
_APOGEE = (
    re.compile(rf"\b(?:altitude|apogee|height)s?\s+(?:of\s+)?{_QTY}{_UNIT}", re.I),
    re.compile(
        rf"\b(?:reached|reaching|rose to|soared to|climbed to|flew at)\s+(?:an?\s+)?"
        rf"(?:maximum\s+|max\s+|peak\s+)?(?:altitude|height|apogee)?\s*(?:of\s+)?{_QTY}{_UNIT}",
        re.I,
    ),
    re.compile(
        rf"(?<![\d,.])(?P<qty>{_NUMBER}){_UNIT}(?:\s*\([^)]*\))?\s+(?:high|in altitude|altitude|"
        rf"in the air|"
        rf"into space|in height)",
        re.I,
    ),
)
_EEZ = (
    # "within or very close to Japan's EEZ": a hedged pair of places is still where it fell
    r"(?:(?:inside|within|in|into)\s+or\s+(?:very\s+|just\s+)?(?:close to|near|outside)\s+|"
    r"(?:inside|outside|within|in|into|beyond|just outside|near)\s+)(?:of\s+)?"
    r"(?:Japan(?:'s|’s)?|the country(?:'s|’s)|its|the|Japanese)\s+"
    r"(?:(?:exclusive\s+)?(?:maritime\s+)?economic zone|EEZ)"
)
_SEA = (
    r"(?:the\s+)?(?:East Sea|Sea of Japan|Japan Sea|Yellow Sea|West Sea|Pacific(?: Ocean)?|"
    r"Arabian Sea|"
    r"Bay of Bengal|Indian Ocean|Barents Sea|White Sea|Sea of Okhotsk|Kwajalein Atoll[\w ]*|"
    r"Gulf of \w+)"
    r"(?:\s*\((?:the\s+)?[^)]{2,30}\))?(?:,?\s+(?:also known as|or) (?:the\s+)?"
    r"(?:East Sea|Sea of Japan))?"
)
_WATERS = (
    r"(?:the\s+)?(?:sea|waters?|ocean)\s+"
    # "waters about 350 km off the east coast": the distance says how far off, not where
    r"(?:(?:about|some|roughly|around|nearly|just)\s+)?(?:[\d,.]+\s*(?:km|kilometers|kilometres)"
    r"(?:\s*\([^)]{1,20}\))?\s+)?"
    r"(?:off|between|separating|west of|east of|north of|south of|near)\s+"
    r"(?:the\s+|its\s+|North Korea(?:'s|’s)\s+|the country(?:'s|’s)\s+)?[\w’'-]+"
    r"(?:\s+[\w’'-]+){0,5}?"
    r"(?=[,.;]|\s+(?:and|after|before|at|on|in|according|from|toward|towards|with|was|were|"
    r"is|that|which|while|where)\b)|"
    r"off (?:its|the|North Korea(?:'s|’s)) (?:east|eastern|west|western) coast|"
    r"(?:the\s+)?(?:east|eastern|west|western|north|northern|south|southern)\s+waters"
    r"(?:\s+of\s+(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)?"
)
# A target on land or at sea that the missile hit: "a target island", "a target at the Kura test
# range on Kamchatka", "their targets at a test range on Novaya Zemlya".
_TARGET = (
    r"(?:(?:a|an|the|its|their)\s+(?:designated\s+|practice\s+|mock\s+|set\s+)?|"
    r"(?:designated|practice|mock|preset|simulated|dummy)\s+)"
    r"(?:(?:island|islet|ship|vessel|land)\s+)?targets?"
    r"(?:\s+(?:island|islet|ship|vessel|area)|\s+of\s+an?\s+(?:island|islet|ship|vessel))?"
    r"(?:\s+(?:set up|placed|located))?"
    # the place words stop before a distance: "a target in waters 1,000 km away"
    r"(?:\s+(?:at|on|in|off)\s+(?:the\s+|a\s+)?[^\W\d][\w’'-]*(?:\s+[^\W\d][\w’'-]*){0,6}?)?"
    r"(?=\s*[,.;]|\s+\d|\s+(?:and|after|with|about|some|according|at a|flying|which)\b)"
)
# Ground where a flight ended, only right after a verb saying it came down there ("landed in the
# North's mountainous northeastern region", "arrived in a given area at the Kura training ground"):
# "area" and "region" after any other word are as often where a missile was fired from.
_GROUND = (
    r"\b(?:(?:landed|landing|fell|arrived|impacted|struck|hit|came down)\s+(?:in|at|on)|"
    r"reached|(?:delivered|carried)\s+(?:its|their|the)\s+(?:[\w-]+\s+)?warheads?\s+to|"
    # "came down about 200 km west of Oshima-Oshima island": a point given by its offset
    r"came down|fell|landed|splashed down)\s+"
    r"(?P<phrase>(?:the|an?|its)\s+(?:[\w’'-]+\s+){0,3}?"
    r"(?:region|area|range|training ground|test site)"
    r"(?:\s+(?:at|on|of|in|between)\s+(?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,5}?)?|"
    r"(?:(?:about|some|roughly|around|nearly)\s+)?[\d,.]+\s*(?:km|kilometers|kilometres)"
    r"(?:\s*\([^)]{1,20}\))?\s+(?:north|south|east|west|northeast|northwest|southeast|"
    r"southwest)\s+of\s+"
    r"[\w’'-]+(?:\s+[\w’'-]+){0,5}?)"
    r"(?=\s*[,.;]|\s*$|\s+(?:and|after|according|on|at about|some|about)\b)"
)

_LANDING = re.compile(
    rf"\b(?<!-)(?P<phrase>{_EEZ}|{_SEA}|{_WATERS}|(?P<target>{_TARGET}))", re.I
)
# A target that names no place nor what it was ("the target area", "a target in waters"): a
# named sea elsewhere in the report says more of where the flight ended.
_UNPLACED_TARGET = re.compile(
    r"(?!.*\b(?:island|islet|ship|vessel|land)s?\b)(?-i:[^A-Z]*)(?:[A-Z][^A-Z]*)?", re.I
)
_GROUND_LANDING = re.compile(_GROUND, re.I)
_NAMED_SEA = re.compile(_SEA, re.I)
# "flew some 6,700 km to the Kwajalein Atoll": where a flight ended.
_TRAVEL_TO = re.compile(
    r"\b(?:flew|flown|flying|travel(?:l?ed|l?ing))\b[^.;]{0,80}\bto\s+(?:the\s+)?$", re.I
)
# "would put them in the sea": a guess at where it fell, not a report of it.
_CONDITIONAL = re.compile(r"\b(?:would|could|may|might)\b", re.I)
# "toward the East Sea" gives a direction, not where it came down.
_DIRECTION_ONLY = re.compile(
    r"\b(?:toward|towards|in the direction of)\s+(?:the\s+|its\s+)?$", re.I
)

# Words saying a missile came down; "landed in", "fell into" (and the landing readers' "into",
# "off" ...) name where.
_CAME_DOWN = (
    r"land(?:ed|ing|s)?|fell|fallen|falls?|falling|splash(?:ed|ing|es)? ?down|crashed|"
    r"impacted|impact point|hit|hitting|struck|striking|dropped|came down|descend(?:ed|ing)"
)
# A warhead set off over a sea or a target marks where the flight ended; not a launch area's
# verb, though: a rocket "exploded after taking off from" a site was launched there.
_BURST = r"detonat(?:ed|ing|ion)|exploded|air ?bursts?"
_LANDING_VERB = re.compile(rf"\b(?:{_CAME_DOWN}|{_BURST}|into|in|toward|towards|off)\b", re.I)
_AREA = re.compile(
    r"\b(?:from|near|in|at|around)\s+(?P<area>(?:the\s+|an?\s+)?(?:(?:vicinity|area|region|"
    r"outskirts|coast|city|"
    r"county|town|province|district|village|location|site|spot|airbase|airport|base)\s+(?:of|near|"
    r"around|in|(?:north|south|east|west)(?:east|west)?\s+of)\s+(?:the\s+capital,?\s+)?)?"
    # "the North Korean capital of Pyongyang", "the northern Jagang Province"
    r"(?:the (?:North Korean |North['’]s |country['’]s )?capital(?: city)?"
    r"(?:,? (?:of )?Pyongyang)?|"
    r"(?:the\s+)?(?:(?:north|south|east|west)(?:ern)?\s+)?[A-Z][\w'’-]+"
    r"(?:\s+(?:of\s+)?[A-Z][\w'’-]+){0,4}|"
    r"its \w+ (?:coast|region)|"
    r"(?:a |the )?(?:\w+ )?(?:western|eastern|northern|southern|northwestern|northeastern|"
    r"southwestern|"
    r"southeastern|central) (?:region|area|part|coast|province)(?: of \w+(?: \w+)?)?)"
    r"(?:\s+(?:area|region|county|province|district|airport|airfield|peninsula)\b)?"
    r"(?:,?\s+(?:in|of|near|north of|south of|east of|west of)\s+(?:the\s+)?(?:capital\s+)?"
    r"(?:(?:the country|the North|North Korea)['’]s\s+)?"
    r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3}(?:\s+(?:Province|province|County|county|area))?)?)"
)

# Areas named by their role: "the eastern coastal city of Wonsan",
# "the Tongchon area in Gangwon Province, where ... were launched".
_COMPASS = r"(?:north|south|east|west|northwest|northeast|southwest|southeast|central)(?:ern)?"
_AREA_DESCRIBED = re.compile(
    # "the North's eastern coastal city of Wonsan", "an inland area of South Pyongan Province"
    r"\b(?:from|near|in|at)\s+(?P<area>(?:the North['’]s|North Korea['’]s|its|the country['’]s|"
    r"the DPRK['’]s|an?|the)\s+(?:[\w-]+\s+){0,3}"
    r"(?:city|town|county|port|area|region|province|airport|airfield|site|base) (?:of|in|near) "
    r"(?:the\s+)?(?:[\w-]+\s+){0,3}?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?"
    r"(?:\s+(?:Province|province|County|county))?)|"
    # "the country's northwest", "the DPRK's inland region", "a site on the country's east coast"
    r"\b(?:from|near|in|at)\s+(?P<area3>(?:an?\s+(?:site|area|location)\s+(?:on|in|near)\s+)?"
    r"(?:the North['’]s|North Korea['’]s|its|the country['’]s|the DPRK['’]s)\s+(?:[\w-]+\s+){0,2}?"
    rf"(?:{_COMPASS}|inland|mountainous|capital)(?:\s+(?:region|area|coast|part|province|"
    r"space (?:center|centre)|(?:launch(?:ing)?|test) (?:site|station|ground|facility)))?)\b|"
    # "the Tongchon area in Gangwon Province, where the projectiles were launched"
    r"(?P<area2>(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}\s+(?:area|county|region)"
    r"(?:\s+(?:in|of)\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})?),\s+where\b[^.]{0,40}\b"
    r"(?:launched|fired)"
)
# "in North Korea Thursday, May 17": a day written after the place is not part of it.
_TRAILING_DAY = re.compile(
    r"(?:,?\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December))+$"
)
# "landed in", "fell in": the place after it is where a missile came down, not where it flew from.
_LANDED_IN = re.compile(rf"\b(?:{_CAME_DOWN})\b[^,;]*$", re.I)
# A launch area that names no gazetteer place must at least say what kind of place it is.
_AREA_WORDS = re.compile(
    r"region|area|coast|province|county|district|capital|base|range|site|island|city|town|inland|"
    r"(?:north|south|east|west)(?:east|west|ern)?\b",
    re.I,
)
# Names that are not launch areas when they stand alone ("from the North", "in Seoul").
_EXCLUDED_AREA_WORDS = re.compile(
    r"(?:the\s+)?(?:East Sea|Sea of Japan|Yellow Sea|West Sea|Pacific|Japan|South Korea|Seoul|"
    r"Tokyo|Washington|(?:West |East |South |Central )?Asia|Europe|Middle East|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|"
    r"March|April|May|June|July|August|September|October|November|December|KCNA|Reuters|Yonhap|AP|"
    r"North Korea|North|South|East|West|DPRK|Kim|The|A|An|It|This|Korea|KST|GMT|UTC|"
    # nationality words: "in North Korean weaponry" names no place
    r"(?:North |South )?Korean|Japanese|American|Chinese|Russian|Iranian)(?:['’]s)?",
    re.I,
)


# REPORTING_VERB's case-sensitive twin, for folded text (see ``on_folded``).
_REPORTING_VERB = on_folded(REPORTING_VERB)


@lru_cache(maxsize=4096)
def _source_matches(sentence: Sentence) -> tuple[re.Match[str], ...]:
    """The source cues named in a sentence that has a reporting verb (none without one).

    Both ``attribution`` and ``sources`` need these, for the same sentences: matched once per
    sentence (``clear_caches`` empties the cache per article).
    """
    if not _REPORTING_VERB.search(sentence.folded):
        return ()
    return tuple(SOURCE_MATCHER.finditer(sentence.text))


def attribution(sentence: Sentence) -> str | None:
    """The source a sentence credits, where it names one with a reporting verb."""
    matches = _source_matches(sentence)
    return matches[0].lastgroup if matches else None


def clear_caches() -> None:
    """Forget the per-sentence results of the article before."""
    _source_matches.cache_clear()


def sources(sentences: Iterable[Sentence], country: str | None) -> tuple[list[str], list[Claim]]:
    """Every source the sentences credit with a statement, in order of first appearance."""
    found: list[str] = []
    claims: list[Claim] = []
    for sentence in sentences:
        credited_before: re.Match[str] | None = None
        for m in _source_matches(sentence):
            label = m.lastgroup
            # "according to the JCS and Japan's defence ministry": one verb credits both
            joined = credited_before is not None and _JOINED_SOURCE.fullmatch(
                sentence.text, credited_before.end(), m.start()
            )
            if label is None or not (joined or _credited(sentence, m, label)):
                continue
            credited_before = m
            if label in found:
                continue
            if (
                label == "kcna"
                and country not in (None, "KP")
                and not re.search(r"KCNA|Korean Central", m.group(0))
            ):
                continue
            found.append(label)
            claims.append(_claim("sources", label, sentence, m.start(), m.end(), label))
    return found, claims


_JOINED_SOURCE = re.compile(r"\s*(?:,\s*)?(?:and|as well as|or|,)\s+(?:the\s+|by\s+the\s+)?")


def _credited(sentence: Sentence, m: re.Match[str], label: str) -> bool:
    """Whether the sentence credits this source with a statement, next to its name."""
    text, lower = sentence.text, sentence.folded
    before, after = text[: m.start()], text[m.end() :]
    if label == "other_media" and OUTLET_NOT_SOURCE.search(before):
        return False
    if SILENT_SOURCE.search(after) or NEGATED_SOURCE.search(before):
        return False
    return bool(
        _REPORTING_VERB.search(lower[m.end() : m.end() + 70])
        or _REPORTING_VERB.search(lower[max(0, m.start() - 45) : m.start()])
    )


_NOT_THIS_LAUNCH = re.compile(
    r"^[^.;]{0,25}\b(?:this year|so far|since|in total|last (?:year|month|week)|in (?:19|20)\d\d|"
    r"in (?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\b(?! \d)|earlier this|previous|before)\b",
    re.I,
)
# "four ballistic missile submarines", "two missile regiments": "missile" describes another thing.
_MISSILE_AS_ADJECTIVE = re.compile(
    r"^\s+(?:submarines?|launchers?|units?|regiments?|brigades?|bases?|sites?|programmes?|"
    r"programs?|defen[cs]es?|factor(?:y|ies)|silos?)\b",
    re.I,
)


def missile_count(sentences: Iterable[Sentence]) -> Claim | None:
    """The number of missiles: "two missiles" 2, "a missile" 1, "at least two" 2, "missiles" none.

    A stated number ("two", "one", "3") wins over the indefinite article ("a missile"), which
    headlines and early flashes use before the count is known.
    """
    article_count: Claim | None = None
    for sentence in sentences:
        if not _mentions(sentence, _MISSILE_WORDS):
            continue
        for m in _COUNT.finditer(sentence.text):
            num = m.group("num").lower()
            noun = m.group(0).lower()
            if re.search(r"shots?$|weapons?$", noun) and num in ("a", "an"):
                continue
            if re.search(r"\bnuclear\b[^.]*weapons?$", noun):
                continue  # "21 nuclear weapons" is an arsenal, not a salvo
            if num in ("a", "an") and re.search(r"\b(?:of|such)\s+$", sentence.text[: m.start()]):
                continue
            after = sentence.text[m.end() :]
            if _NOT_THIS_LAUNCH.search(after) or _MISSILE_AS_ADJECTIVE.match(after):
                continue
            if noun.endswith(("round", "rounds")) and re.match(r"\s+of\b", after):
                continue  # "a new round of projectiles" is a salvo, not one
            if any(t.start() <= m.start("num") < t.end() for _, t in find_types(sentence.text)):
                continue  # "Hwasong 14 missile": the number is the type's
            count = NUMBER_WORDS.get(num) if not num.isdigit() else int(num)
            if num in ("a pair of", "pair of"):
                count = 2
            if count is None or count > 30:
                continue
            more = _MORE.search(after)
            if more is not None:  # "a missile early Monday and two more later": three in all
                added = more.group("num").lower()
                count += 1 if added == "another" else NUMBER_WORDS.get(added) or int(added)
                end = m.end() + more.end()
                return _claim("missile_count", count, sentence, m.start(), end)
            claim = _claim("missile_count", count, sentence, m.start(), m.end())
            if num not in ("a", "an"):
                return claim
            if article_count is None:
                article_count = claim
    return article_count


# "... and two more": missiles added to those counted before, in the same sentence.
_MORE = re.compile(
    r"^[^.;]*?\b(?P<num>another|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
    # "two more", "two more missiles", "two more later": not "one more sign", "two more than"
    r"more(?=\s*(?:[,.;)]|$|(?:missiles?|rockets?|projectiles?|later|an?|on|in|at|from|toward|"
    r"towards|into|off|within|minutes|hours)\b))",
    re.I,
)
_SINGULAR = re.compile(
    r"\b(?:missile|rocket|projectile|ICBM|SLBM|SRBM|IRBM|space launch vehicle)\b(?!s)", re.I
)
_PLURAL = re.compile(
    r"\b(?:missiles|rockets|projectiles|ICBMs|SLBMs|SRBMs|IRBMs|salvo|barrage|volley)\b", re.I
)


def singular_launch(sentences: Iterable[Sentence]) -> Claim | None:
    """Count 1 when the launch's own sentences only ever speak of one missile ("the ICBM")."""
    sentences = list(sentences)
    if any(_PLURAL.search(s.text) for s in sentences):
        return None
    for sentence in sentences:
        m = _SINGULAR.search(sentence.text)
        if m:
            return _claim("missile_count", 1, sentence, m.start(), m.end())
    return None


def missile_type(
    sentences: Iterable[Sentence], country: str | None = None
) -> tuple[Claim | None, str | None]:
    """The first named type of the launching ``country``, as the text spells it, and its
    canonical name. Another state's type ("its version of the US ATACMS") names a comparison
    or another launch, not this one."""
    best: tuple[int, int, Sentence, re.Match[str], str] | None = None
    for order, sentence in enumerate(sentences):
        for t, m in find_types(sentence.text):
            if country and t.country and t.country != country:
                continue
            if named_as_other(sentence.text, m.start()) or in_background_clause(
                sentence.text, m.start()
            ):
                continue
            best = (order, m.start(), sentence, m, t.name)
            break
        if best is not None:
            break
    if best is None:
        return None, None
    _, _, sentence, m, name = best
    surface = m.group(0).strip()
    kind = next(t for t in missile_types() if t.name == name)
    if surface.endswith("s") and kind.pattern.fullmatch(surface[:-1]):
        surface = surface[:-1]  # "KN-25s" names the KN-25; "BrahMos" keeps its s
    return _claim("designation", surface, sentence, m.start(), m.end()), name


def in_background_clause(text: str, position: int) -> bool:
    """Whether the words around ``position`` speak of earlier launches ("in recent months")."""
    start = max(text.rfind(",", 0, position), text.rfind(";", 0, position), position - 90, 0)
    end_candidates = [i for i in (text.find(",", position), text.find(";", position)) if i != -1]
    end = min([*end_candidates, position + 40, len(text)])
    return bool(_BACKGROUND_CLAUSE.search(text[start:end]))


_BACKGROUND_CLAUSE = re.compile(
    r"\b(?:last (?:week|month|year)|earlier this (?:week|month|year)|in recent "
    r"(?:weeks|months|years)|"
    r"(?:days?|weeks?|months?) (?:after|before|ago|earlier)|previous|in (?:19|20)\d\d|"
    r"(?:has|have|had) (?:been )?(?:launched|tested|fired|developed|claimed)|since|so far|"
    r"first (?:\w+ )?(?:in|since)|a week after|the latest in|follow(?:s|ed|ing)|anniversary|"
    r"(?:can|could|would|will|may) \w+|developed (?:the|its|a))\b|"
    r"\((?:\w+\.? )?(?:\d{1,2},? )?(?:19|20)\d\d\)",
    re.I,
)
# A type named as a comparison or a guess is not the type launched.
_NOT_THE_TYPE = re.compile(
    r"(?:resembl\w*|similar to|such as|like the|along with|as well as|version of|"
    r"compared (?:to|with)|as opposed to|rather than|instead of|unlike|modell?ed "
    r"(?:on|after)|based on|if (?:the missile|it) (?:was|were|is)(?: an?)?|"
    r"whether (?:it|the missile|the launch) (?:was|is)(?: of)?(?: an?)?|"
    r"\bor(?: an?)?|\bnot(?: an?| the)?|counterpart of|equivalent of)\s+"
    r"(?:the\s+|an?\s+)?(?:[\w’'-]+\s+){0,3}$",
    re.I,
)


def named_as_other(text: str, position: int) -> bool:
    """Whether a type or class named at ``position`` is a comparison, a guess or denied."""
    return bool(_NOT_THE_TYPE.search(text[max(0, position - 60) : position]))


def launch_time(sentences: Iterable[Sentence]) -> Claim | None:
    """The local clock time of the launch ("HH:MM"), from the first time stated with a.m./p.m."""
    for sentence in sentences:
        if "m" not in sentence.lower:
            continue
        found = local_time(sentence.text)
        if found is not None:
            value, start, end = found
            return _claim("time_local", value, sentence, start, end)
    return None


def platform(sentences: Iterable[Sentence]) -> Claim | None:
    """The launch platform: rail, submarine, silo, ship, aircraft or road-mobile."""
    for sentence in sentences:
        if not (any(w in sentence.folded for w in PLATFORM_CUE_WORDS) or "TEL" in sentence.text):
            continue  # no platform cue can match
        if not ANY_PLATFORM.search(sentence.text):
            continue
        for label, pattern in PLATFORM_CUES:
            for m in pattern.finditer(sentence.text):
                if not (
                    in_background_clause(sentence.text, m.start())
                    or named_as_other(sentence.text, m.start())
                ):
                    return _claim("platform", label, sentence, m.start(), m.end())
    return None


_DISTANCE_WORDS = ("km", "kilomet", "mile")
_ALTITUDE_WORDS = ("altitude", "apogee", "height", "high", "space")
_MISSILE_WORDS = ("missile", "rocket", "projectile", "icbm", "srbm", "irbm", "mrbm", "slbm",
                  "round", "weapon", "shot")  # fmt: skip
_WATER_WORDS = ("sea", "eez", "zone", "ocean", "water", "coast", "atoll", "gulf", "bay", "pacific",
                "target", "region", "area", "range", "ground", "site", " of ")  # fmt: skip


def _mentions(sentence: Sentence, words: tuple[str, ...]) -> bool:
    return any(w in sentence.lower for w in words)


def flight_range(sentences: Iterable[Sentence]) -> Claim | None:
    """Distance flown in km (miles converted)."""
    for sentence in sentences:
        if not _mentions(sentence, _DISTANCE_WORDS):
            continue
        for pattern in (_RANGE, _RANGE_AFTER):
            for m in pattern.finditer(sentence.text):
                if re.search(
                    r"altitude|height|apogee",
                    sentence.text[max(0, m.start() - 25) : m.start()],
                    re.I,
                ):
                    continue
                km = _km(m)
                if km is not None and 5 <= km <= 20000:
                    return _claim("range_km", km, sentence, m.start(), m.end())
    return None


def apogee(sentences: Iterable[Sentence]) -> Claim | None:
    """Maximum altitude in km (miles converted)."""
    for sentence in sentences:
        if not (_mentions(sentence, _DISTANCE_WORDS) and _mentions(sentence, _ALTITUDE_WORDS)):
            continue
        matches = [m for pattern in _APOGEE for m in pattern.finditer(sentence.text)]
        for m in sorted(matches, key=lambda m: m.start()):
            km = _km(m)
            if km is not None and 1 <= km <= 10000:
                return _claim("apogee_km", km, sentence, m.start(), m.end())
    return None


def landing(sentences: Iterable[Sentence]) -> Claim | None:
    """Where it fell: the first sea named with a landing verb, with Japan's EEZ verdict if given."""
    sentences = list(sentences)
    sea: tuple[Sentence, re.Match[str]] | None = None
    eez: tuple[Sentence, re.Match[str]] | None = None
    toward: tuple[Sentence, re.Match[str]] | None = None  # a named sea given as direction only
    unplaced: tuple[Sentence, re.Match[str]] | None = None  # "the target area": where, unsaid
    for sentence in sentences:
        if not _mentions(sentence, _WATER_WORDS):
            continue
        for m in _LANDING.finditer(sentence.text):
            before = sentence.text[max(0, m.start() - 60) : m.start()]
            if _CONDITIONAL.search(before[-30:]):
                continue
            if _DIRECTION_ONLY.search(before):
                if toward is None and _NAMED_SEA.match(m.group("phrase")):
                    toward = (sentence, m)
                continue
            if not (_LANDING_VERB.search(before) or _TRAVEL_TO.search(sentence.text[: m.start()])):
                continue
            is_eez = bool(re.search(r"economic zone|EEZ", m.group(0), re.I))
            if m.group("target") and _UNPLACED_TARGET.fullmatch(m.group("target")):
                unplaced = unplaced or (sentence, m)
            elif is_eez and eez is None:
                eez = (sentence, m)
            elif not is_eez and sea is None:
                sea = (sentence, m)
        ground = _GROUND_LANDING.search(sentence.text)
        said_before = sentence.text[: ground.start()] if ground else ""
        if sea is None and ground and not _CONDITIONAL.search(said_before[-30:]):
            sea = (sentence, ground)
    # Fired "toward the East Sea" and nothing said of where it fell: missiles fired toward a sea
    # come down in it, as the tracking militaries' own tables record.
    sea = sea or (toward if eez is None else None) or (unplaced if eez is None else None)
    if sea is None and eez is None:
        return None
    first = sea or eez
    assert first is not None
    phrase = first[1].group("phrase").strip()
    if eez is not None:
        verdict = re.sub(
            r"(?:the country(?:'s|’s)|its|the|Japanese)(?=\s+(?:exclusive|EEZ))",
            "Japan's",
            eez[1].group("phrase").strip(),
            count=1,
        )
        phrase = f"{phrase}, {verdict}" if sea is not None else verdict
    sentence, m = first
    claim = _claim("landing", phrase, sentence, m.start(), m.end())
    # read from the direction of fire, not from a report of where it fell: less sure
    return replace(claim, confidence=0.5) if first is toward else claim


def launch_area(
    sentences: Iterable[Sentence], country: str | None
) -> tuple[Claim | None, str | None]:
    """Where it was launched from, as stated, and the gazetteer entry it names (if any).

    A phrase naming a known place wins over a vague one ("its western region") found earlier.
    """
    sentences = list(sentences)
    vague: tuple[Claim, None] | None = None
    for sentence in sentences:
        for m in sorted(
            [*_AREA.finditer(sentence.text), *_AREA_DESCRIBED.finditer(sentence.text)],
            key=lambda m: m.start(),
        ):
            group = next(g for g in ("area", "area2", "area3") if m.groupdict().get(g))
            area = _TRAILING_DAY.sub("", m.group(group).strip(" ,"))
            named = next(find_places(area), None)
            core = re.sub(r"^(?:the|an?)\s+", "", area)
            if _EXCLUDED_AREA_WORDS.fullmatch(core) and named is None:
                continue
            if _LANDED_IN.search(sentence.text[max(0, m.start() - 80) : m.start()]):
                continue  # "landed in the North's northeastern region": where it came down
            gazetteer = named[0].name if named else None
            if gazetteer is None and not _AREA_WORDS.search(area):
                continue
            start = m.start(group)
            claim = _claim("launch_area", area, sentence, start, start + len(area))
            if gazetteer is not None:
                return claim, gazetteer
            if vague is None:
                vague = (claim, None)
    for sentence in sentences:
        if " from " not in sentence.lower and " near " not in sentence.lower:
            continue
        for p, m in find_places(sentence.text):
            if country and p.country != country:
                continue
            if re.search(
                r"\b(?:from|near|in|at|off)\s+(?:the\s+)?(?:\w+\s+){0,3}$",
                sentence.text[max(0, m.start() - 40) : m.start()],
            ):
                return _claim("launch_area", m.group(0), sentence, m.start(), m.end()), p.name
    return vague if vague is not None else (None, None)


def _km(m: re.Match[str]) -> float | None:
    groups = m.groupdict()
    raw = groups.get("qty") or groups.get("qty2")
    if raw is None:
        return None
    qty = float(re.sub(r"[, ]", "", raw))
    unit = (groups.get("unit") or "km").lower()
    if unit.startswith("nautical"):
        return round(qty * 1.852, 1)
    if unit.startswith("mi"):
        return round(qty * 1.609, 1)
    return qty


def _claim(
    field: str, value: object, sentence: Sentence, start: int, end: int, source: str | None = None
) -> Claim:
    window = slice(max(0, start - 40), end + 20)
    found = _HEDGE_TWIN.search(sentence.folded[window])
    hedge = sentence.text[window][found.start() : found.end()].lower() if found else None
    return Claim(
        field=field,
        value=value,
        start=sentence.start + start,
        end=sentence.start + end,
        source=source or attribution(sentence),
        hedge=hedge,
        confidence=0.6 if found else 0.9,
    )
