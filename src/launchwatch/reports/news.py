"""The article's news: which launch mentions are what the article reports, and which are not.

A mention is not news when it is a plan, a denial, combat, a civil space launch, an engine test or
a parade; when it is dated well before the publication date or carries a background cue ("last
week", "the launch came days after"); when it is generic ("has fired more missiles than ever") or
names no launch in particular. What remains, by the state most of the lead speaks of, is the news;
other states' firings in answer to it are responses (``responses``), and sentences that date or
describe it without a launch verb of their own are its carriers and statements.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from launchwatch.reports.dating import NEWS_WINDOW_DAYS, DateFrame, MentionDate, dated_near
from launchwatch.reports.mentions import CIVIL_SPACE, Mention
from launchwatch.reports.model import BackgroundMention
from launchwatch.reports.responses import is_response
from launchwatch.reports.text import folded, on_folded
from launchwatch.reports.vocab import MISSILE_PROGRAMME_SPACE

LEAD_CHARS = 900

# An article whose lead says no launch happened (a false alert) reports none.
_NO_LAUNCH = re.compile(
    r"\b(?:false (?:alarm|alert)|mistaken(?:ly)? (?:sent |issued )?(?:alert|warning)|"
    r"did not (?:actually )?(?:fire|launch)|no missiles? (?:was|were) (?:fired|launched)|"
    r"(?:did not|didn't) (?:involve|include) (?:a |any )?(?:missile |rocket )?launch)\b",
    re.I,
)
_NO_LAUNCH_TWIN = on_folded(_NO_LAUNCH)  # run on folded text (see ``on_folded``)

COMBAT_TEXT = re.compile(
    r"\b(?:air ?raids?|airstrikes?|air strikes?|shot down|downed|intercepted|air defen[cs]es?|"
    r"kill(?:ed|ing)|wounded|casualties|invasion|hit (?:a|the|two) (?:ship|vessel|tanker|carrier)|"
    r"onslaught|militants?|militias?|rebels?|insurgents?|Red Sea|Gulf of Aden|shipping lanes?|"
    r"merchant (?:ships?|vessels?)|cargo ships?)",
    re.I,
)

# Every COMBAT_TEXT match holds one of these: a text with none of them has no war vocabulary.
_WAR_WORDS = (
    "air raid", "airraid", "airstrike", "air strike", "air defen", "shot down", "downed",
    "intercepted", "kill", "wounded", "casualties", "invasion", "hit ", "onslaught", "militant",
    "militia", "rebel", "insurgent", "red sea", "gulf of aden", "shipping lane", "merchant ",
    "cargo ship",
)  # fmt: skip


def _war_words(text: str) -> int:
    """How many COMBAT_TEXT matches the text holds."""
    lower = folded(text)
    if not any(w in lower for w in _WAR_WORDS):
        return 0
    return len(COMBAT_TEXT.findall(text))


def dominant_country(mentions: list[Mention], text: str) -> str | None:
    """The state most mentions name as the launcher (North Korea where only its name is there)."""
    named = Counter(m.country for m in mentions if m.country and not m.irrealis)
    if named:
        return named.most_common(1)[0][0]
    if re.search(r"North Korea|Pyongyang|DPRK", text):
        return "KP"
    return None


def _is_launch(m: Mention, war_words: int, civil_doc: bool) -> bool:
    if m.irrealis or m.not_launch or m.combat:
        return False
    if m.country not in MISSILE_PROGRAMME_SPACE and (
        m.civil or (civil_doc and not re.search(r"\bmissiles?\b", m.sentence.text, re.I))
    ):
        return False
    # A state other than the usual tester launching amid war vocabulary is striking, not testing.
    return not (war_words >= 2 and m.country != "KP")


def _is_background(m: Mention, when: tuple[date, str] | None, anchor: date | None) -> bool:
    if when is not None and anchor is not None:
        return (anchor - when[0]).days > NEWS_WINDOW_DAYS
    if when is not None and m.sentence.start > LEAD_CHARS:
        return True
    return m.background_cue and m.sentence.start > 200


@dataclass
class News:
    """What an article reports as news, and what it mentions besides."""

    country: str | None  # the state whose launch is the news
    news: list[Mention]  # the news launch's mentions
    background: list[BackgroundMention] = field(default_factory=list)
    responses: list[Mention] = field(default_factory=list)  # other states' answering firings
    carriers: list[Mention] = field(default_factory=list)  # date the news, named back
    statements: list[Mention] = field(default_factory=list)  # said about the news launch


def says_no_launch(text: str) -> bool:
    """Whether the lead says no launch happened ("false alarm", "did not fire")."""
    return bool(_NO_LAUNCH_TWIN.search(folded(text[:LEAD_CHARS])))


def find_news(
    mentions: list[Mention], resolved: dict[int, MentionDate], frame: DateFrame, text: str
) -> News:
    """Separate the article's news from background, combat, civil space and plans.

    ``News.news`` is empty when the article reports no launch as its news.
    """
    anchor = frame.anchor
    war_words = _war_words(text)
    civil_doc = bool(CIVIL_SPACE.search(text[:LEAD_CHARS]))
    candidates = [m for m in mentions if _is_launch(m, war_words, civil_doc)]
    news: list[Mention] = []
    background: list[BackgroundMention] = []
    for m in candidates:
        when, _ = resolved[id(m)]
        if _is_background(m, when, anchor):
            background.append(
                BackgroundMention(
                    when[0].isoformat() if when else None,
                    m.sentence.start,
                    m.sentence.end,
                    m.country,
                )
            )
        else:
            news.append(m)
    news = [
        m
        for m in news
        if m.finite
        and not m.caption
        and not m.generic
        and (m.specific or resolved[id(m)][0] is not None)
        and (m.sentence.start < LEAD_CHARS or dated_near(resolved[id(m)][0], anchor))
    ]
    if not news:
        return News(None, [], background)

    country = Counter(m.country for m in news[:3]).most_common(1)[0][0]
    responses = [
        m
        for m in candidates
        if is_response(m, country) and not _is_background(m, resolved[id(m)][0], anchor)
    ]
    news = [m for m in news if m.country == country]
    carriers = [
        m
        for m in candidates
        if m not in news
        and not m.background_cue
        and m.country == country
        and dated_near(resolved[id(m)][0], anchor)
    ]
    statements = [m for m in candidates if m.country == country and not m.background_cue]
    return News(country, news, background, responses, carriers, statements)
