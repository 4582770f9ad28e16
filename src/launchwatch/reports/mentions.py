"""Launch mentions: sentences that say a state fired or launched a missile, with their traits.

A mention is the unit the extractor reasons about: who launched, when (the date phrase tied to the
launch verb), and whether the sentence is news, background, combat, civil space, a plan or a
denial. Deciding which mentions are the article's news happens in ``extract``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from launchwatch.reports.dates import DateExpression, find_dates
from launchwatch.reports.text import Sentence, folded, on_folded
from launchwatch.reports.vocab import ACTOR_PATTERNS, find_types

LAUNCH_VERB = re.compile(
    # Not inside a compound adjective: "submarine-launched", "air-launched".
    r"(?<![-‑])\b(?:(?:flight|test)[- ]?)?(?:fir(?:e|es|ed|ing)|launch(?:es|ed|ing)?|"
    r"test[- ]?fir(?:e|es|ed|ing)|"
    r"test[- ]?launch(?:es|ed|ing)?|test[- ]?flown|flight[- ]tested|tested|testing|"
    r"lift(?:ed|s|ing)? off|tak(?:es|ing|en)? off|took off|"
    r"blast(?:ed|s)? off|flew|shot|conduct(?:ed|s|ing)? (?:a |an |the |its |another |two |three )?"
    r"(?:\w+[- ]?){0,4}(?:test|launch|firing|drill)s?|carried out (?:a |an |the |its |another )?"
    r"(?:\w+[- ]?){0,4}(?:test|launch|firing|drill)s?|test of|launch of|firing of|test-firing of)"
    r"\b",
    re.I,
)
LAUNCH_NOUN = re.compile(
    r"\b(?:missiles?|rockets?|projectiles?|ICBMs?|SLBMs?|SRBMs?|IRBMs?|MRBMs?|ballistic|"
    r"cruise|hypersonic|warheads?|satellites?|space launch vehicle|carrier rocket|launch vehicle|"
    r"multiple[- ]rocket launchers?|MLRS|weapons? systems?|tactical guided weapons?)\b",
    re.I,
)
# A launch named by a definite noun phrase ("the test launches took place on Saturday"): it
# refers back to the article's launch, so with a date beside it, it dates that launch.
ANAPHORIC_LAUNCH = re.compile(
    # the noun right after "the", or after a word that names no other time ("the 2017 launch",
    # "the first launch" and "the previous launch" name other launches)
    r"\bthe (?:(?:latest|recent|new|missile|rocket|weapons?|two|three) )?"
    r"(?:test[- ]?)?(?:launch(?:es)?|firings?|test[- ]?fir(?:e|es|ings?))\b",
    re.I,
)
# A launch that did not (yet) happen: plans, warnings, capabilities, denials.
IRREALIS = re.compile(
    r"\b(?:will|won't|would|could|may(?!\s+\d)|might|can|cannot|should|shall|plans?|planned|"
    r"planning|prepar(?:e|es|ed|ing)|indicat(?:e|es|ed|ing|ions?)|"
    r"expected|expects|intends?|ready|readiness|threat(?:en(?:ed|s)?)?|vow(?:ed|s)?|able|capable|"
    r"possible|possibility|likely|imminent|signs?|warn(?:ed|s)?|notif(?:ied|ies|y)|window|"
    r"did not|didn't|does not|doesn't|not|never|no|without|refrain|halt(?:ed)?|suspend(?:ed)?|"
    r"moratorium|ban(?:s|ned)?|stop(?:ped)?|if|unless|whether)\b(?![-'’])"
    r"(?:[^,;:.]|,(?=\s+(?:including|such as)))*$|"
    r"\bto\s+(?:\w+ly\s+|again\s+|also\s+|further\s+)?$",
    re.I,
)
COMBAT = re.compile(
    r"\b(?:at|on|against|toward|towards|into)\s+(?:the\s+)?(?:Israel|Kyiv|Kiev|Ukraine|Ukrainian|"
    r"Kharkiv|Odesa|Odessa|Lviv|Tel Aviv|Gaza|Iraq|Syria|Yemen|Saudi|US bases?|American bases?|"
    r"ships?|vessels?|tankers?|merchant|cities|city|civilian|positions|targets in|"
    r"military (?:bases|targets)|bases)|\b(?:air ?raids?|airstrikes?|air strikes?|missile strikes?|"
    r"strikes? on|attacks? on|attacked|bombard\w*|shot down|downed|intercepted|"
    r"air defen[cs]es?|kill(?:ed|ing)|wounded|casualties)",
    re.I,
)
# A named military operation ("Operation True Promise"): capitalised, so matched case-sensitively.
NAMED_OPERATION = re.compile(r"\bOperation [A-Z]\w+")
# Exercises simulate attacks: their "attack on" is not combat.
EXERCISE = re.compile(r"\b(?:mock|simulat\w+|drills?|exercises?|training|rehearsal|test)\b", re.I)
CIVIL_SPACE = re.compile(
    r"\b(?:SpaceX|Falcon ?9?|Falcon Heavy|Starlink|Starship|Rocket Lab|Electron|ISRO|PSLV|GSLV|"
    r"LVM3|"
    r"JAXA|H-?IIA|H-?2A|H3|Epsilon|Nuri|KSLV|Naro|KARI|KASA|Arianespace|Ariane|Vega|Blue Origin|"
    r"New Shepard|New Glenn|NASA|\bULA\b|Atlas V|Vulcan|Long March|Soyuz|Roscosmos|Innospace|"
    r"Skyroot|Agnikul|space agency|Space Center|Sriharikota|Tanegashima|Cape Canaveral|"
    r"Kennedy Space)\b"
)
NOT_A_LAUNCH = re.compile(
    r"\b(?:engine test|ground (?:jet )?test|static (?:fire|test)|combustion test|solid-fuel "
    r"(?:motor|engine)|"
    r"rocket engine|thrust|artillery|shells?\b|launch ceremony|interceptors?|missile defen[cs]e|"
    r"THAAD|"
    r"Aegis|Patriot|parade|false alarm|mistaken(?:ly)?|erroneous|launch pad|launchpad)\b",
    re.I,
)
BACKGROUND = re.compile(
    r"\b(?:last (?:week|month|year|time)|earlier this (?:week|month|year)|"
    r"(?:days?|weeks?|months?) (?:after|before|since|ago)|previous(?:ly)?|prior|since|"
    r"(?:the )?(?:first|second|third|fourth|fifth|\d+(?:st|nd|rd|th)) (?:such )?\w* ?"
    r"(?:launch|test)s? "
    r"(?:this|in|since)|came (?:after|as)|comes? (?:after|as)|follow(?:s|ed|ing)|"
    r"in (?:19|20)\d\d|have fired|has fired \d+|so far this year|"
    r"this year|record|in recent (?:weeks|months|years))\b",
    re.I,
)
# Time references that put an undated launch mention in the past, not in today's news.
BACKGROUND_STRONG = re.compile(
    r"\b(?:last (?:week|month|year|time)|earlier this (?:week|month|year)|"
    r"(?<!the )(?:days?|weeks?|months?|years?) (?:after|before|ago|earlier)|previous(?:ly)?|prior|"
    r"in (?:19|20)\d\d|so far this year|in recent (?:weeks|months|years)|"
    r"(?:came|comes?) (?:\w+ )?(?:after|as)|had (?:fired|launched|tested))\b",
    re.I,
)
SAID_VERB = re.compile(
    r"\b(?:said|says|say|reported|reports|announced|announces|added|told|stated|confirmed|"
    r"claimed|disclosed|revealed|published|released|issued|distributed|provided|aired|quoted|"
    r"taken|broadcast|photographed|shows|showing|pictured|filed|posted|updated|warned|"
    r"condemned|protested|lodged|detected|confirm|confirms|reporting|statement|estimated|assessed)"
    r"\b",
    re.I,
)
# Verbs whose date is the date of a statement, not of the launch.
STATEMENT_VERB = re.compile(
    r"\b(?:said|says|say|reported|reports|announced|announces|added|told|stated|confirmed|"
    r"claimed|claims|disclosed|revealed|published|released|issued|distributed|provided|aired|"
    r"quoted|"
    r"taken|broadcast|photographed|shows|showing|pictured|filed|posted|updated|warned|boasted|"
    r"hailed|"
    r"touted|condemned|protested|lodged|reports?|according to|announcement|statement)\b",
    re.I,
)
# Verbs around a launch whose date is the launch's date.
LAUNCH_CONTEXT_VERB = re.compile(
    r"\b(?:performed|conducted|held|staged|carried out|oversaw|supervised|guided|detected|observed|"
    r"watched|took place)\b",
    re.I,
)
# Photo captions: their dates are when a picture was taken or released, not launch dates.
CAPTION = re.compile(
    # ("according to a photo released by ..." cites a photo in the body; it is no caption)
    r"^.{0,150}?(?:(?<!according to )\b(?:this|a|an|the|file|undated|handout)\s+(?:\w+\s+){0,2}"
    r"(?:photos?|pictures?|"
    r"images?|"
    r"footage|screen ?grab|video grab)\b[^.]{0,80}?\b(?:shows?|showing|provided|released|taken|"
    r"distributed|issued|captured|made available)\b|"
    r"\bin this (?:photo|picture|image|handout|file photo)\b|PHOTO:|Photo:|"
    r"\((?:Photo|Picture|Image)s?\b)",
    re.I,
)
# Every CAPTION cue holds one of these words: sentences without one are not captions.
_CAPTION_WORDS = ("photo", "picture", "image", "footage", "grab", "handout")


def is_caption(sentence: Sentence, text: str | None = None) -> bool:
    """Whether CAPTION matches the sentence, or ``text``: the sentence with spans blanked out."""
    if not any(w in sentence.folded for w in _CAPTION_WORDS):
        return False
    return bool(CAPTION.search(sentence.text if text is None else text))


# Asides whose verbs don't own the dates around them: "(...)" and "– ... –".
_ASIDE = re.compile(r"\([^()]*\)|\s[–—]\s[^–—]*\s[–—]\s|\s--\s.*?\s--\s")
_DATELINE_DATE = re.compile(
    r"^\s*(?:\((?!(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)"
    r"\w*\.?\s*\d)"
    r"[A-Za-z][A-Za-z .&-]*\)|/[A-Za-z .]+/)",
    re.I,
)
LAUNCH_NOUN_DATE = re.compile(
    r"^(?:'s|’s)?\s+(?:\w+[- ]){0,3}?(?:launch|test|firing|test-fire|drill|exercise|missile|salvo)",
    re.I,
)


FINITE_VERB = re.compile(
    r"^(?:(?:flight|test)[- ]?)?(?:fired|launched|tested|shot|flew|lifted|blasted|conducted|"
    r"carried|"
    r"test[- ]?fired|test[- ]?launched|flight[- ]tested|succeeded)",
    re.I,
)
# A launch named as a noun but governed by a past-tense verb: "Kim oversaw the test-fire of ...".
GOVERNED_NOUN = re.compile(
    r"\b(?:oversaw|overseen|overseeing|watched|supervised|guided|observed|conducted|carried out|"
    r"announced|confirmed|held|staged|succeeded in|performed|attended|detected|reported|ended|"
    r"failed|observe[sd]?|depicting|showing|shows|showed|boasted|hailed|touted|claimed|claims|"
    r"(?:failed|tried|attempted|attempts?|bid|effort)(?: but failed)? to)\b[^.;]{0,60}?"
    r"\b(?:test[- ]?fir(?:e|ing)s?|launch(?:es)?|tests?|firings?|test[- ]launch(?:es)?|fire|"
    r"demonstration fire|(?:firing|launch(?:ing)?|missile|strike) (?:drills?|exercises?))\b|"
    r"\b(?:launch|test|test-fire|firing)\b[^.;]{0,80}?\b(?:took place|ended|ends|failed|fails|"
    r"was (?:conducted|carried out|successful)|succeeded)\b|"
    r"\b(?:launch(?:es)?|tests?|firings?)\s+(?:was|were|involved|included)\b",
    re.I,
)
# "failed to launch" reports a launch; the "to" is not a plan.
ATTEMPT = re.compile(
    r"\b(?:(?:failed|tried|attempted|attempts?|bid|effort)(?: but failed)? to|"
    r"(?:may|might|could|must|would|likely|appears? to|appeared to|seems? to|is believed to|"
    r"is thought to|is presumed to|is likely to|is said to|is understood to) have)\b",
    re.I,
)
PRESENT_VERB = re.compile(
    r"^(?:test[- ]?)?(?:fires|launches|tests|test-fires|conducts|carries)", re.I
)
SPECIFIC = re.compile(
    r"\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+|at least \w+|another|"
    r"what (?:appeared|appears|seemed|is believed|was believed|could be|may be|might be) to be|"
    r"(?:a |an )?(?:suspected|unidentified|presumed|new(?:ly developed)?|new-type))\s+"
    r"(?:[\w“”\"'’-]+\s+){0,4}?[“\"']?(?:missiles?|rockets?|projectiles?|ICBMs?|SRBMs?|IRBMs?|"
    r"SLBMs?|satellites?|rounds?|"
    r"launch vehicle|carrier rocket|(?:guided )?weapons?(?: system)?)\b|"
    r"\b(?:latest|failed|successful|first|second|third|fourth|fifth) (?:\w+ ){0,2}"
    r"(?:launch|test-fire|test launch)\b|"
    r"\b(?:short|medium|intermediate|long|mid)[- ]range|\bballistic\b|\bcruise\b|\bhypersonic\b|"
    r"\bICBMs?\b|\bSRBMs?\b|\bIRBMs?\b|\bSLBMs?\b|"
    # a launcher of one known kind: the 600 mm "super-large" one fires guided missiles
    r"\bsuper[- ]large\b|\b600[- ]?mm\b|"
    # a clock time: launches in general have none ("was launched at 10:41 p.m.")
    r"\bat (?:about |around )?[012]?\d[:.][0-5]\d\b",
    re.I,
)
GENERIC = re.compile(
    r"\b(?:used (?:for|to)|more (?:\w+ )?(?:missiles|rockets|tests|launches) than|than ever|"
    r"an average of|per (?:week|month|year)|to date|ever (?:launched|fired|tested)|"
    r"record(?:-breaking|-busting)?|"
    r"typically|usually|often|regularly|routinely|so far|\d+ (?:tests|launches)|"
    r"if it|if they|in case|should it)\b",
    re.I,
)
# Facility names that contain launch words but say nothing about a launch.
FACILITY = re.compile(
    r"\b(?:Satellite Launching (?:Ground|Station)|Launch(?:ing)? (?:Site|Pad|Complex|Station|"
    r"Centre|Center)|"
    r"Space (?:Center|Centre)|Cosmodrome|launch(?:ing)? (?:ground|station|site|pad|complex))\b",
    re.I,
)


# Case-sensitive twins of the patterns above, run on folded text where only spans or a yes/no
# are needed (several times faster; see ``on_folded``).
_GOVERNED_NOUN = on_folded(GOVERNED_NOUN)
_STATEMENT_VERB = on_folded(STATEMENT_VERB)
_LAUNCH_NOUN = on_folded(LAUNCH_NOUN)
_SPECIFIC = on_folded(SPECIFIC)
_COMBAT = on_folded(COMBAT)
_NOT_A_LAUNCH = on_folded(NOT_A_LAUNCH)
_BACKGROUND_STRONG = on_folded(BACKGROUND_STRONG)
_GENERIC = on_folded(GENERIC)
_LAUNCH_VERB = on_folded(LAUNCH_VERB)
_IRREALIS = on_folded(IRREALIS)
_SAID_VERB = on_folded(SAID_VERB)
_ANAPHORIC_LAUNCH = on_folded(ANAPHORIC_LAUNCH)


@dataclass(eq=False)  # identity: two mentions are the same only if they are one object
class Mention:
    """One sentence that reports a launch, with its traits (the costlier ones computed lazily)."""

    sentence: Sentence
    verb_start: int
    verb_end: int
    country: str | None
    text: str = ""  # the sentence with facility names blanked out
    around: str = ""  # the words around the launch verb
    launch_dates: list[DateExpression] = field(default_factory=list)  # tied to the launch
    said_dates: list[DateExpression] = field(default_factory=list)  # of the statement about it
    irrealis: bool = False
    finite: bool = False  # a finite launch verb ("fired", "fires"), not a noun ("the launch")
    caption: bool = False

    @cached_property
    def folded(self) -> str:
        """``folded(text)``, for the case-sensitive twins of the patterns."""
        return folded(self.text)

    @cached_property
    def specific(self) -> bool:
        """Names a count, a type or a range class: one launch, not launches in general."""
        return bool(_SPECIFIC.search(self.folded) or _names_type(self.text))

    @cached_property
    def combat(self) -> bool:
        """Fired at someone, outside an exercise."""
        fired_at = _COMBAT.search(self.folded) or NAMED_OPERATION.search(self.text)
        return bool(fired_at) and not EXERCISE.search(self.text)

    @cached_property
    def civil(self) -> bool:
        """Names a civil space launcher or agency."""
        return bool(CIVIL_SPACE.search(self.text))

    @cached_property
    def not_launch(self) -> bool:
        """An engine test, artillery, a parade, a false alarm... and no missile launch named."""
        return bool(_NOT_A_LAUNCH.search(self.folded)) and not _names_missile_launch(self.text)

    @cached_property
    def refers_back(self) -> bool:
        """Names the launch by a definite noun ("the test launches"): the one already reported."""
        return bool(_ANAPHORIC_LAUNCH.search(self.folded))

    @cached_property
    def background_cue(self) -> bool:
        """A time reference that puts the launch in the past."""
        return bool(_BACKGROUND_STRONG.search(self.folded))

    @cached_property
    def generic(self) -> bool:
        """Launches in general ("has tested more missiles than ..."), not one launch."""
        return bool(_GENERIC.search(folded(self.around)))


def find_mentions(sentences: list[Sentence], text: str) -> list[Mention]:
    """Every sentence with a launch verb and a missile/rocket noun, as a Mention."""
    mentions: list[Mention] = []
    for sentence in sentences:
        if not any(stem in sentence.lower for stem in _VERB_STEMS):
            continue
        s, s_folded = sentence.text, sentence.folded
        if "aunch" in s and FACILITY.search(s):
            s = FACILITY.sub(lambda m: " " * len(m.group(0)), s)
            s_folded = folded(s)
        all_verbs = list(_LAUNCH_VERB.finditer(s_folded))  # spans only: see ``verb_text``
        # GOVERNED_NOUN's matches in s: found on first need, then shared by the steps below.
        nouns: list[re.Match[str]] | None = None
        if not all_verbs:
            if not _may_govern(sentence):
                continue
            nouns = list(_GOVERNED_NOUN.finditer(s_folded))
            if not nouns:
                continue
        if not (
            _LAUNCH_NOUN.search(s_folded)
            or _names_type(s)
            # find_dates as _split_dates calls it, so the cached answer serves both
            or (_ANAPHORIC_LAUNCH.search(s_folded) and find_dates(sentence.text, sentence.start))
        ):
            continue
        masked = folded(_mask_attempts(sentence, s))
        realis = [v for v in all_verbs if not _irrealis_before(masked, v.start())]
        finite = any(
            FINITE_VERB.match(s[v.start() : v.end()])
            or (PRESENT_VERB.match(s[v.start() : v.end()]) and _actor_adjacent(s, v.start()))
            for v in realis
        )
        governed = None
        if not finite and _may_govern(sentence):  # "oversaw the test-fire of ..."
            nouns = _governed_nouns(s_folded, nouns)
            governed = _realis_governed(nouns, masked)
            finite = governed is not None
        verb = realis[0] if realis else governed
        any_verb = verb or (all_verbs[0] if all_verbs else None)
        if any_verb is None:
            continue
        around = s[max(0, any_verb.start() - 40) : any_verb.end() + 120]
        mention = Mention(
            sentence=sentence,
            verb_start=sentence.start + any_verb.start(),
            verb_end=sentence.start + any_verb.end(),
            country=actor_before(s, any_verb.start()),
            text=s,
            around=around,
            irrealis=verb is None,
            finite=finite,
            caption=is_caption(sentence, s),
        )
        # _split_dates reads the sentence as written: share the matches only if nothing was blanked.
        _split_dates(mention, text, all_verbs, nouns if s == sentence.text else None)
        mentions.append(mention)
    return mentions


# Every LAUNCH_VERB and GOVERNED_NOUN match contains one of these (a cheap first check).
_VERB_STEMS = (
    "fir", "launch", "test", "lift", "blast", "tak", "took", "flew", "flown", "shot", "conduct",
    "carried", "drill", "exercise",
)  # fmt: skip


def _may_govern(sentence: Sentence) -> bool:
    """Cheap check: could GOVERNED_NOUN match (it needs a launch noun)?"""
    return any(w in sentence.lower for w in ("launch", "test", "fir", "drill", "exercise"))


def _irrealis_before(masked: str, position: int) -> bool:
    """Whether IRREALIS matches before ``position`` in ``masked`` (folded, masked text)."""
    return bool(_IRREALIS.search(masked[max(0, position - 80) : position]))


def _actor_adjacent(s: str, position: int) -> bool:
    before = s[max(0, position - 30) : position]
    return any(
        re.search(rf"(?:{p.pattern})\W*(?:\w+ly\s+)?$", before, p.flags) for _, p in ACTOR_PATTERNS
    )


def _names_type(s: str) -> bool:
    return bool(find_types(s))


# What names a missile launch even beside artillery or engine words: "fired three short-range
# projectiles ... in an artillery drill" (a launch the militaries track, unlike "fired artillery
# shells" or "artillery projectiles"); a rocket "launched from" a place (an engine on a test stand
# is launched from nowhere); the "super-large" 600 mm launchers, whose guided rockets South Korea
# and Japan count as short-range ballistic missiles.
_MISSILE_LAUNCH = re.compile(
    # artillery that fires rockets (multiple rocket launchers) launches; firing shells does not
    r"\b(?:fired|launched|test-fired|fire|fires|firing)\b[^.]{0,60}"
    r"\b(?:missiles?|rockets|(?<!artillery )projectiles?)\b|"
    r"\b(?:rockets?|missiles?)\b[^.]{0,40}\b(?:launched|fired|lifted off) from\b|"
    r"\bsuper[- ]large\b|\b600[- ]?mm\b",
    re.I,
)


def _names_missile_launch(s: str) -> bool:
    return bool(_MISSILE_LAUNCH.search(s))


def _governed_nouns(s_folded: str, found: list[re.Match[str]] | None) -> list[re.Match[str]]:
    """GOVERNED_NOUN's matches (spans only) in the folded text, unless already ``found``."""
    return found if found is not None else list(_GOVERNED_NOUN.finditer(s_folded))


# Every ATTEMPT match holds "have" or one of these words.
_ATTEMPT_WORDS = ("have", "failed", "tried", "attempt", "bid", "effort")


def _mask_attempts(sentence: Sentence, s: str) -> str:
    """``s`` with ATTEMPT's phrases ("failed to", "may have") overwritten with x's."""
    if not any(w in sentence.folded for w in _ATTEMPT_WORDS):
        return s  # nothing to mask
    return ATTEMPT.sub(lambda m: "x" * len(m.group(0)), s)


def _realis_governed(nouns: list[re.Match[str]], masked: str) -> re.Match[str] | None:
    """The first governed launch noun that nothing irrealis precedes, before or after its verb
    ("detected activity indicating a launch" is no launch)."""
    for m in nouns:
        if not _irrealis_before(masked, m.start()) and not _irrealis_before(masked, m.end()):
            return m
    return None


# "North Korea said it/the country fired ...": the state that speaks is the one that launched.
_SELF_REFERENCE = re.compile(
    r"\s+(?:\w+\s+){0,2}?(?:that\s+)?(?:it|they|the country|the North|the regime)\b"
)


# ACTOR_PATTERNS as actor_before runs them: the re.IGNORECASE ones as case-sensitive twins on
# folded text (flagged True), the others as they are.
_ACTORS = tuple(
    (code, on_folded(p), True) if p.flags & re.IGNORECASE else (code, p, False)
    for code, p in ACTOR_PATTERNS
)


def actor_before(s: str, position: int) -> str | None:
    """The state that launched: named before the verb as its subject, else after it ("by ...").

    A state named as the source of a statement ("Japan's defence ministry said a missile was
    launched") is not the subject, unless the statement goes on with a pronoun ("North Korea said
    it fired").
    """
    lower = folded(s)
    candidates: list[tuple[int, str]] = []
    for code, pattern, on_lower in _ACTORS:
        for m in pattern.finditer(lower if on_lower else s, 0, position + 1):
            if m.start() >= position:
                continue
            between, between_lower = s[m.end() : position], lower[m.end() : position]
            said = _SAID_VERB.search(between_lower)
            if said:
                rest = between[said.end() :]
                pronoun = _SELF_REFERENCE.match(rest)
                if pronoun is None or _SAID_VERB.search(
                    between_lower[said.end() + pronoun.end() :]
                ):
                    continue
            candidates.append((m.start(), code))
    if candidates:
        return max(candidates)[1]
    # Passive: "missiles launched by North Korea", "a missile fired from North Korea".
    by = re.match(r"\S*\s+(?:[\w-]+\s+){0,5}?(?:by|from)\s+(?:the\s+)?", s[position:])
    if by:
        start = position + by.end()
        tail, tail_lower = s[start : start + 40], lower[start : start + 40]
        for code, pattern, on_lower in _ACTORS:
            if pattern.match(tail_lower if on_lower else tail):
                return code
    named = find_types(s)
    return named[0][0].country if named else None


# Between a statement verb and a date: the date opens the reported clause.
_THAT_BEFORE = re.compile(r"^\s*that\s+(?:on\s+|at\s+)?$")


def _split_dates(
    mention: Mention,
    text: str,
    launch_matches: list[re.Match[str]],
    nouns: list[re.Match[str]] | None = None,
) -> None:
    """Tie each date phrase to the verb it belongs to: the launch, or a statement about it.

    ``nouns`` are GOVERNED_NOUN's matches in the sentence text, where already found.

    A date usually follows its verb ("fired ... on Tuesday", "said on Wednesday"); a date that
    opens the sentence belongs to the first verb after it.
    """
    sentence = mention.sentence
    s = sentence.text
    dates = find_dates(s, sentence.start)
    if not dates:
        return
    launch_verbs = [(m.start(), m.end(), "launch") for m in launch_matches]
    launch_verbs += [(m.start(), m.end(), "launch") for m in LAUNCH_CONTEXT_VERB.finditer(s)]
    launch_verbs += [
        (m.start(), m.end(), "launch") for m in _governed_nouns(sentence.folded, nouns)
    ]
    said_verbs = [(m.start(), m.end(), "said") for m in _STATEMENT_VERB.finditer(sentence.folded)]
    verbs = sorted(launch_verbs + said_verbs)
    aside_spans = [a.span() for a in _ASIDE.finditer(s)]
    for expr in dates:
        if mention.caption:
            mention.said_dates.append(expr)
            continue
        start, end = expr.start - sentence.start, expr.end - sentence.start
        after = s[end : end + 30]
        if _DATELINE_DATE.match(after):
            continue  # "SEOUL, May 30, 2017 (AFP)": the dateline, not the launch
        possessive = expr.text.endswith(("'s", "’s")) or after.startswith(("'s", "’s"))
        if possessive and LAUNCH_NOUN_DATE.match(after):
            mention.launch_dates.append(expr)
            continue
        asides = [(a0, a1) for a0, a1 in aside_spans if not a0 <= start < a1]
        verbs_here = [v for v in verbs if not any(a0 <= v[0] < a1 for a0, a1 in asides)]
        before = [v for v in verbs_here if v[1] <= start]
        following = next((v for v in verbs_here if v[0] >= end), None)
        if following is not None and not s[end : following[0]].strip():
            owner = following  # "Kim on Wednesday said", "North Korea on Sunday fired"
        else:
            owner = before[-1] if before else following
        if (
            owner is not None
            and owner[2] == "said"
            and following is not None
            and following[2] == "launch"
            and _THAT_BEFORE.search(s[owner[1] : start])
        ):
            owner = following  # "reported that the day before, the North launched ..."
        if owner is not None and owner[2] == "said":
            mention.said_dates.append(expr)
        else:
            mention.launch_dates.append(expr)
