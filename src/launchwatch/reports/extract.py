"""Extraction entry point: one article in, one Report out (no database, no network).

The steps: split sentences; find launch mentions; decide the launching state and the date anchor;
resolve each mention's date; separate the article's news from background, combat, civil space and
plans; group the news into launches; read each field from the launch's sentences; add other
states' response firings as launches of their own (``responses``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise

from launchwatch.articles import Article
from launchwatch.reports import fields
from launchwatch.reports.dates import (
    DateExpression,
    find_dates,
    parse_anchor,
    resolve,
    zone_shift_near,
)
from launchwatch.reports.mentions import (
    BACKGROUND,
    CIVIL_SPACE,
    Mention,
    find_mentions,
    is_caption,
)
from launchwatch.reports.model import (
    ASSUMED_DATE_REASON,
    STATEMENT_DATE_REASON,
    BackgroundMention,
    Claim,
    LaunchReport,
    Report,
)
from launchwatch.reports.responses import is_response, response_launches
from launchwatch.reports.salvos import split_salvos
from launchwatch.reports.text import Sentence, folded, on_folded, split_sentences
from launchwatch.reports.vocab import find_types

# States whose satellite launches come from a missile programme (recorded as space_launch).
MISSILE_PROGRAMME_SPACE = {"KP", "IR"}
LEAD_CHARS = 900
# A mention dated further back than this before the anchor is background.
NEWS_WINDOW_DAYS = 4
# A dated launch this close to the top is the article's own news.
LEAD_DATED_CHARS = 400

_DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z .'-]{2,30},\s+)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    r"(?P<date>(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\.?,?\s+(?:19|20)\d\d|[A-Z][a-z]+\.?\s+"
    r"\d{1,2}(?:st|nd|rd|th)?,?\s*"
    r"(?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d|\d\d\.\d\d\.(?:19|20)\d\d))",
    re.M,
)
_HEADER_DATE = re.compile(
    r"(?:Published|Posted|Updated|Date)[:\s]+(?:on\s+)?(?:\w+,?\s+)?(?P<date>[A-Z][a-z]+\.?\s+"
    r"\d{1,2},?\s*(?:19|20)\d\d|"
    r"\d{1,2}\s+[A-Z][a-z]+\.?,?\s+(?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d)",
    re.I,
)
_CATEGORY_CUES = (
    (
        "space_launch",
        re.compile(
            r"\b(?:satellite launch|launch(?:ed|es|ing)? (?:of )?(?:a |an |its |the )?"
            r"(?:[\w-]+ ){0,3}satellite|"
            r"(?:carrying|carried|put|place[ds]?|placing) (?:a |an |its |the )?"
            r"(?:[\w-]+ ){0,3}satellite|"
            r"space launch vehicle|carrier rocket|space rocket|launch vehicle carrying|into orbit)",
            re.I,
        ),
    ),
    ("cruise", re.compile(r"\bcruise missiles?\b", re.I)),
    (
        "ballistic",
        re.compile(r"\b(?:ballistic|ICBMs?|SRBMs?|IRBMs?|MRBMs?|SLBMs?|hypersonic)\b", re.I),
    ),
)
# A range class names the missile: "short-range ballistic missile", not "medium range of 250 km".
_MISSILE_AFTER = (
    r"(?:[\s‘’'\"“”-]+[\w-]+){0,3}?[\s‘’'\"“”-]+"
    r"(?:ballistic )?(?:missiles?|projectiles?|rockets?|weapons?|variety|kind|class)\b"
)
_RANGE_CLASS = (
    (
        "ICBM",
        re.compile(
            r"\b(?:ICBMs?|(?:intercontinental|inter-continental)\b" + _MISSILE_AFTER + ")", re.I
        ),
    ),
    ("IRBM", re.compile(r"\b(?:IRBMs?|intermediate[- ]range" + _MISSILE_AFTER + ")", re.I)),
    ("MRBM", re.compile(r"\b(?:MRBMs?|(?:medium|mid)[- ]range" + _MISSILE_AFTER + ")", re.I)),
    ("SRBM", re.compile(r"\b(?:SRBMs?|(?:short|close)[- ]range" + _MISSILE_AFTER + ")", re.I)),
)
_HYPERSONIC = re.compile(r"\bhypersonic\b", re.I)
# The cues as _first_cue runs them: case-sensitive twins on folded text (see ``on_folded``).
_CATEGORY_TWINS = tuple((label, on_folded(p)) for label, p in _CATEGORY_CUES)
_RANGE_CLASS_TWINS = tuple((label, on_folded(p)) for label, p in _RANGE_CLASS)
_HYPERSONIC_TWINS = (("hypersonic", on_folded(_HYPERSONIC)),)
# A word every cue of a field contains: sentences without one are skipped cheaply.
_CUE_WORDS = {
    "category": ("satellite", "launch vehicle", "rocket", "orbit", "cruise", "ballistic", "icbm",
                 "srbm", "irbm", "mrbm", "slbm", "hypersonic"),
    "range_class": ("range", "icbm", "irbm", "mrbm", "srbm", "continental"),
    "hypersonic": ("hypersonic",),
}  # fmt: skip
# Links to other stories: "Also read", "Related", "Read more".
_RELATED = re.compile(
    r"^(?:Also read|Read also|Read more|Related|Recommended|More:|MORE:|See also|Watch:)", re.I
)
# An article whose lead says no launch happened (a false alert) reports none.
_NO_LAUNCH = re.compile(
    r"\b(?:false (?:alarm|alert)|mistaken(?:ly)? (?:sent |issued )?(?:alert|warning)|"
    r"did not (?:actually )?(?:fire|launch)|no missiles? (?:was|were) (?:fired|launched)|"
    r"(?:did not|didn't) (?:involve|include) (?:a |any )?(?:missile |rocket )?launch)\b",
    re.I,
)
_NO_LAUNCH_TWIN = on_folded(_NO_LAUNCH)  # run on folded text (see ``on_folded``)
_DIGIT = re.compile(r"\d")
# Enough war vocabulary that launches by a state other than a tester are strikes, not tests.
COMBAT_TEXT = re.compile(
    r"\b(?:air ?raids?|airstrikes?|air strikes?|shot down|downed|intercepted|air defen[cs]es?|"
    r"killed|wounded|casualties|invasion|hit (?:a|the|two) (?:ship|vessel|tanker|carrier)|"
    r"onslaught|militants?|militias?|rebels?|insurgents?|Red Sea|Gulf of Aden|shipping lanes?|"
    r"merchant (?:ships?|vessels?)|cargo ships?)",
    re.I,
)

# Every COMBAT_TEXT match holds one of these: a text with none of them has no war vocabulary.
_WAR_WORDS = (
    "air raid", "airraid", "airstrike", "air strike", "air defen", "shot down", "downed",
    "intercepted", "killed", "wounded", "casualties", "invasion", "hit ", "onslaught", "militant",
    "militia", "rebel", "insurgent", "red sea", "gulf of aden", "shipping lane", "merchant ",
    "cargo ship",
)  # fmt: skip
# Every BACKGROUND match holds one of these, or else an ordinal ("first", "3rd") and a launch
# word ("the third launch this year"): sentences with neither are not searched.
_BACKGROUND_WORDS = (
    "last ", "earlier this ", "day", "week", "month", "previous", "prior", "since", "came ",
    "come", "follow", "in 19", "in 20", "have fired", "has fired", "this year", "record",
    "in recent",
)  # fmt: skip
_ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth")


def _war_words(text: str) -> int:
    """How many COMBAT_TEXT matches the text holds."""
    lower = folded(text)
    if not any(w in lower for w in _WAR_WORDS):
        return 0
    return len(COMBAT_TEXT.findall(text))


def _background(sentence: Sentence) -> bool:
    """Whether BACKGROUND matches the sentence (skipped where none of its words occur)."""
    lower = sentence.folded
    if not any(w in lower for w in _BACKGROUND_WORDS) and not (
        ("launch" in lower or "test" in lower)
        and (any(w in lower for w in _ORDINAL_WORDS) or _DIGIT.search(lower))
    ):
        return False
    return bool(BACKGROUND.search(sentence.text))


def extract_report(article: Article) -> Report:
    """Read one article and return its account of launches, with evidence for every value."""
    text = article.text
    # Caches live for one article: repeated lookups within it are free, nothing carries over.
    find_dates.cache_clear()
    find_types.cache_clear()
    fields.clear_caches()
    sentences = split_sentences(text)
    mentions = find_mentions(sentences, text)
    if not mentions:
        return Report(launch_report=False)

    doc_country = _dominant_country(mentions, text)
    for m in mentions:
        if m.country is None:
            m.country = doc_country
    anchor, anchor_reason = _anchor(article, text, doc_country)
    # With no publication date, the year the text gives its news ("its third test in 2022"), else
    # that of the latest full date in it (a caption, a statement), picks the year of a stated
    # month and day; a bare weekday stays unresolved, with the day it names kept as a hint.
    year_hint = _year_hint(text) if anchor is None else None
    resolved = {id(m): _mention_date(m, text, anchor, year_hint) for m in mentions}

    if _NO_LAUNCH_TWIN.search(folded(text[:LEAD_CHARS])):
        return Report(launch_report=False)
    war_words = _war_words(text)
    civil_doc = bool(CIVIL_SPACE.search(text[:LEAD_CHARS]))
    candidates = [m for m in mentions if _is_launch(m, war_words, civil_doc)]
    news: list[Mention] = []
    background: list[BackgroundMention] = []
    for m in candidates:
        when, _ = resolved[id(m)]
        if _is_background(m, when, anchor, text):
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
        and (m.sentence.start < LEAD_CHARS or _dated_near(resolved[id(m)][0], anchor))
    ]
    if not news:
        return Report(launch_report=False, background=background)

    primary_country = Counter(m.country for m in news[:3]).most_common(1)[0][0]
    responses = [
        m
        for m in candidates
        if is_response(m, primary_country)
        and not _is_background(m, resolved[id(m)][0], anchor, text)
    ]
    news = [m for m in news if m.country == primary_country]
    carriers = [
        m
        for m in candidates
        if m not in news
        and not m.background_cue
        and m.country == primary_country
        and _dated_near(resolved[id(m)][0], anchor)
    ]
    statements = [m for m in candidates if m.country == primary_country and not m.background_cue]
    events = _build_events(
        news,
        carriers,
        statements,
        resolved,
        anchor,
        anchor_reason,
        sentences,
        text,
        {(b.start, b.end) for b in background}
        | {(m.sentence.start, m.sentence.end) for m in responses},
        year_hint[0] if year_hint else None,
    )
    events += response_launches(responses, resolved, events[0])
    return Report(launch_report=True, events=events, background=background, relevance_score=1.0)


def _dominant_country(mentions: list[Mention], text: str) -> str | None:
    named = Counter(m.country for m in mentions if m.country and not m.irrealis)
    if named:
        return named.most_common(1)[0][0]
    if re.search(r"North Korea|Pyongyang|DPRK", text):
        return "KP"
    return None


def _anchor(article: Article, text: str, country: str | None) -> tuple[date | None, str]:
    """The date relative phrases count from: publication date, else a dateline or header date."""
    published = parse_anchor(article.published, country)
    header = _header_date(text)
    if published is not None:
        if header is not None and 0 < abs((header - published).days) <= 1:
            return (
                header,
                f"dateline {header.isoformat()} (publication stamp {published.isoformat()})",
            )
        return published, f"publication date {published.isoformat()}"
    if header is not None:
        return header, f"dateline {header.isoformat()}"
    return None, "no publication date"


# A year given as the news's own: "its third missile test in 2022", "the latest launch of 2023",
# in the headline or the lead (further on, such a year is more often an earlier launch's).
NEWS_YEAR_CHARS = 300
_NEWS_YEAR = re.compile(
    r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)|"
    r"latest)\s+(?:[\w-]+\s+){0,2}?(?:launch|test|firing|test-fire)(?:es|s)?\s+"
    r"(?:in|of|so far in)\s+(?P<year>(?:19|20)\d\d)\b",
    re.I,
)


def _year_hint(text: str) -> tuple[date, str] | None:
    """With no publication date, the latest day a stated month and day can be, and why."""
    news_year = _NEWS_YEAR.search(text[:NEWS_YEAR_CHARS])
    if news_year is not None:
        return date(int(news_year.group("year")), 12, 31), (
            f"the year the text gives its news ('{news_year.group(0)}')"
        )
    days = [resolve(e, None)[0] for e in find_dates(text) if e.year is not None]
    days = [d for d in days if d is not None]
    return (max(days), "the year of the latest full date in the text") if days else None


def _header_date(text: str) -> date | None:
    head = text[:400]
    for pattern in (_HEADER_DATE, _DATELINE):
        for m in pattern.finditer(head):
            raw = m.group("date")
            dotted = re.fullmatch(r"(\d\d)\.(\d\d)\.(\d{4})", raw)
            if dotted:
                try:
                    return date(int(dotted.group(3)), int(dotted.group(2)), int(dotted.group(1)))
                except ValueError:
                    continue
            for expr in find_dates(raw):
                when, _ = resolve(expr, None)
                if when is not None:
                    return when
    return None


def _mention_date(
    m: Mention, text: str, anchor: date | None, year_hint: tuple[date, str] | None = None
) -> tuple[tuple[date, str] | None, list[date]]:
    """The launch date a mention gives (with reason), and every launch date it lists."""
    exprs = sorted(
        m.launch_dates, key=lambda e: (e.start < m.verb_start, abs(e.start - m.verb_end))
    )
    dates: list[tuple[date, str]] = []
    statement_day = _earliest_said(m, anchor)
    exprs = _pair_weekdays(exprs, text, anchor or (year_hint and year_hint[0]), m.country)
    for expr in exprs:
        shift = expr.zone_shift_days or zone_shift_near(text, expr, m.country)
        base = statement_day if expr.relative_days and statement_day is not None else anchor
        named = _weekday_named_before(expr, text, m.sentence.start)
        if named is not None:
            dates.append(named)
            continue
        if base is None and year_hint is not None and expr.month is not None:
            when, reason = resolve(expr, year_hint[0])
            reason = f"{reason.split(' in the year')[0]} in {year_hint[1]}"
        else:
            when, reason = resolve(expr, base)
        if when is not None:
            dates.append((when + timedelta(days=shift), reason + (" (time zone)" if shift else "")))
    if not dates:
        return None, []
    return dates[0], [d for d, _ in dates]


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# How far back (a few sentences) a full date may stand and still be the one a bare weekday repeats.
WEEKDAY_REFERENCE_CHARS = 400


def _weekday_named_before(
    expr: DateExpression, text: str, sentence_start: int
) -> tuple[date, str] | None:
    """ "Thursday, April 13, 2023. North Korea launched a missile ... on Thursday": a bare weekday
    names the latest date of that weekday written in full shortly before it (within
    ``WEEKDAY_REFERENCE_CHARS``), whatever the publication date: a writer who has just named
    one Thursday in full does not mean another by a bare "Thursday"."""
    if expr.weekday is None or expr.strictly_past:
        return None
    window_start = max(0, sentence_start - WEEKDAY_REFERENCE_CHARS)
    if not _YEAR.search(text, window_start, sentence_start):
        return None  # no full date there (a cheap check before the date patterns)
    full = [e for e in find_dates(text[window_start:sentence_start], window_start) if e.year]
    for latest in reversed(full):
        when, _ = resolve(latest, None)
        if when is not None and when.weekday() == expr.weekday:
            return when, f"'{expr.text}' is the weekday of '{latest.text}' named just before"
    return None


def _pair_weekdays(exprs: list, text: str, anchor: date | None, country: str | None) -> list:
    """ "Thursday (Oct 31)": a weekday next to a month-day fixes the year; keep the month-day."""
    if anchor is None:
        return exprs
    out = list(exprs)
    by_start = sorted(exprs, key=lambda e: e.start)
    for a, b in pairwise(by_start):
        pair = {a.kind, b.kind}
        if "weekday" in pair and pair & {"month_day", "day_month"} and b.start - a.end <= 3:
            weekday = a if a.kind == "weekday" else b
            day = b if weekday is a else a
            if day.year is not None:
                full, _ = resolve(day, None)
                if full is not None and full.weekday() == weekday.weekday:
                    out = [e for e in out if e is not weekday]  # "Thursday, April 13, 2023"
                continue
            for year in (anchor.year, anchor.year - 1, anchor.year + 1):
                try:
                    candidate = date(year, day.month, day.day)
                except ValueError:
                    continue
                if candidate.weekday() == weekday.weekday:
                    fixed = replace(
                        day, year=year, zone_shift_days=zone_shift_near(text, weekday, country)
                    )
                    out = [fixed if e is day else e for e in out if e is not weekday]
                    out.insert(0, fixed)
                    out = list(dict.fromkeys(out))
                    break
    return out


def _is_launch(m: Mention, war_words: int, civil_doc: bool) -> bool:
    if m.irrealis or m.not_launch or m.combat:
        return False
    if m.country not in MISSILE_PROGRAMME_SPACE and (
        m.civil or (civil_doc and not re.search(r"\bmissiles?\b", m.sentence.text, re.I))
    ):
        return False
    # A state other than the usual tester launching amid war vocabulary is striking, not testing.
    return not (war_words >= 2 and m.country != "KP")


def _is_background(
    m: Mention, when: tuple[date, str] | None, anchor: date | None, text: str
) -> bool:
    if when is not None and anchor is not None:
        return (anchor - when[0]).days > NEWS_WINDOW_DAYS
    if when is not None and m.sentence.start > LEAD_CHARS:
        return True
    return m.background_cue and m.sentence.start > 200


def _dated_near(when: tuple[date, str] | None, anchor: date | None) -> bool:
    return (
        when is not None and anchor is not None and abs((anchor - when[0]).days) <= NEWS_WINDOW_DAYS
    )


def _build_events(
    news: list[Mention],
    date_carriers: list[Mention],
    statements: list[Mention],
    resolved: dict[int, tuple[tuple[date, str] | None, list[date]]],
    anchor: date | None,
    anchor_reason: str,
    sentences: list[Sentence],
    text: str,
    elsewhere: set[tuple[int, int]],
    year_hint: date | None = None,
) -> list[LaunchReport]:
    """The news launches; sentences in ``elsewhere`` (background, responses) are not read."""
    dated = [m for m in news if resolved[id(m)][0] is not None]
    said = _said_date(news + [m for m in statements if m not in news], text, anchor)
    if not dated:
        reference = said[0] if said else anchor
        dated = [
            m
            for m in date_carriers
            if resolved[id(m)][0] is not None
            and reference is not None
            and abs((reference - resolved[id(m)][0][0]).days) <= 1
        ]  # type: ignore[index]
    if dated and anchor is not None and resolved[id(news[0])][0] is None:
        best = resolved[id(dated[0])][0][0]  # type: ignore[index]
        if (
            (anchor - best).days > 1
            and dated[0].sentence.start > LEAD_DATED_CHARS
            and not dated[0].refers_back
        ):
            # The lead's undated launch is fresh news; an older dated one is background, unless
            # it is named as the same launch ("the test launches took place on Saturday").
            dated = []
    if dated:
        first = dated[0]
        when, reason = resolved[id(first)][0]  # type: ignore[misc]
        date_claim_mention = first
    else:
        when, reason, date_claim_mention = None, "", None
        if said is not None:
            when, reason = said
            if _state_media_statement(news + statements, anchor, when) and not _is_space_launch(
                news
            ):
                when = when - timedelta(days=1)
                reason = (
                    f"{reason}; North Korean state media report a launch the morning after, "
                    "so the day before the report"
                )
        elif anchor is not None:
            when, reason = anchor, f"{ASSUMED_DATE_REASON}; assumed the {anchor_reason}"
        else:
            unresolved = next((resolve(e, None)[1] for m in news for e in m.launch_dates), None)
            reason = (
                f"unresolved: {unresolved}"
                if unresolved
                else ("unresolved: no launch day in the text and no publication date")
            )

    days = _listed_days(date_claim_mention, text, anchor, when) if date_claim_mention else [when]
    hint = _date_hint(news) if when is None else None

    news_candidates = {m.sentence for m in news}
    # Sentences about a launch on another day belong to that launch, not to this one.
    other_days = {
        (m.sentence.start, m.sentence.end)
        for m in news + date_carriers + statements
        if resolved[id(m)][0] is not None
        and when is not None
        and resolved[id(m)][0][0] != when
        and resolved[id(m)][0][0] not in days
    }  # type: ignore[index]
    base = anchor or year_hint
    if when is not None and base is not None:
        # Any other sentence dated before this launch speaks of an earlier one (with only a year
        # to go by, only its months and days are compared).
        other_days |= {
            (s.start, s.end)
            for s in sentences
            if s not in news_candidates
            and _dated_before(
                s,
                base,
                min(d for d in days if d is not None),
                news[0].country,
                month_days_only=anchor is None,
            )
        }
    related = {
        (nxt.start, nxt.end)
        for cur, nxt in pairwise(sentences)
        if _RELATED.match(cur.text) and len(cur.text) <= 25
    }
    excluded = elsewhere | other_days | related
    captions = [s for s in sentences if is_caption(s)]
    caption_set = set(captions)
    event_sentences = [
        s
        for s in sentences
        if (s.start, s.end) not in excluded and s not in caption_set and not _RELATED.match(s.text)
    ]
    captions = [s for s in captions if (s.start, s.end) not in other_days]
    news_sentences = [
        m.sentence for m in news if (m.sentence.start, m.sentence.end) not in other_days
    ]
    events = []
    for day in days:
        # With several days listed, a sentence dated to only another of them is that day's (the
        # sentence that lists the days belongs to all of them).
        other_day = (
            {
                m.sentence
                for m in news + date_carriers + statements
                if resolved[id(m)][1]
                and day not in resolved[id(m)][1]
                and m is not date_claim_mention
            }
            if len(days) > 1
            else set()
        )
        salvos = split_salvos([m for m in news if m.sentence not in other_day]) or [news]
        for salvo in salvos:
            # Each salvo reads its own news first; the other salvos' news is not its.
            others = {m.sentence for group in salvos if group is not salvo for m in group}
            event = _fill(
                [s for s in news_sentences if s not in other_day and s not in others],
                [s for s in event_sentences if s not in other_day and s not in others],
                news[0].country,
                captions,
                {m.sentence for m in statements},
                len(days) > 1,
            )
            event.date = day.isoformat() if day else None
            event.date_hint = hint
            event.date_reason = (
                reason if day == when else f"listed with {when.isoformat() if when else '?'}"
            )
            if date_claim_mention is not None and day is not None:
                event.claims.insert(
                    0,
                    Claim(
                        "date",
                        event.date,
                        date_claim_mention.sentence.start,
                        date_claim_mention.sentence.end,
                        fields.attribution(date_claim_mention.sentence),
                    ),
                )
            events.append(event)
    return events


_AND_DAY = re.compile(r"^\s*(?:and|&)\s+(?:on\s+)?(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b")
_EXERCISE_BEFORE = re.compile(r"\b(?:drills?|exercises?|manoeuvres?|maneuvers?)\b[^.]{0,30}$", re.I)
_AND = re.compile(r"^\s*(?:and|&|,)\s+(?:on\s+|early\s+|late\s+)?$")


def _listed_days(
    m: Mention, text: str, anchor: date | None, when: date | None
) -> list[date | None]:
    """The launch days a sentence lists together: "on Saturday and Sunday", "Sept. 11 and 12"."""
    days = [when]
    first_date = min((e.start for e in m.launch_dates), default=m.sentence.start)
    if _EXERCISE_BEFORE.search(text[max(m.sentence.start, first_date - 40) : first_date]):
        return days  # the days of a drill, not one launch per day
    exprs = sorted(m.launch_dates, key=lambda e: e.start)
    for first, second in pairwise(exprs):
        if _AND.match(text[first.end : second.start]):
            for expr in (first, second):
                resolved, _ = resolve(expr, anchor)
                if resolved is not None and resolved not in days:
                    days.append(resolved)
    for expr in exprs:
        extra = _AND_DAY.match(text[expr.end : expr.end + 12])
        base, _ = resolve(expr, anchor)
        if extra and base is not None and expr.day is not None:
            try:
                second_day = base.replace(day=int(extra.group("day")))
            except ValueError:
                continue
            if second_day not in days:
                days.append(second_day)
    return sorted({d for d in days if d is not None}) or [when]


_STATE_MEDIA = re.compile(
    r"\b(?:KCNA|Korean Central|Rodong Sinmun|state (?:media|news agency|TV|television)|"
    r"(?:North Korea|Pyongyang|the North|DPRK)(?:'s|’s|n)? (?:official )?(?:media|news agency)|"
    # the state itself as the speaker, not as the one said to have launched
    r"(?:North Korea|Pyongyang|the North|DPRK)(?:'s|’s|n)?(?: authorities| government)? "
    r"(?:have |has )?(?:said|says|claimed|claims|announced|confirmed|reported))\b",
    re.I,
)
_SPACE = re.compile(r"\b(?:satellite|space launch vehicle|carrier rocket|into orbit)\b", re.I)


def _state_media_statement(mentions: list[Mention], anchor: date | None, day: date) -> bool:
    """Whether the statement dated ``day`` is North Korean state media's own account."""
    for m in mentions:
        if m.country != "KP":
            continue
        for expr in m.said_dates:
            if resolve(expr, anchor)[0] == day and _STATE_MEDIA.search(m.sentence.text):
                return True
    return False


def _is_space_launch(news: list[Mention]) -> bool:
    return any(_SPACE.search(m.sentence.text) for m in news[:2])


def _earliest_said(m: Mention, anchor: date | None) -> date | None:
    days = [d for d in (resolve(e, anchor)[0] for e in m.said_dates) if d is not None]
    return min(days) if days else None


def _dated_before(
    sentence: Sentence,
    anchor: date,
    day: date,
    country: str | None,
    month_days_only: bool = False,
) -> bool:
    """Whether the sentence names a date, all of them before ``day`` (in the launching state's
    time: "6:57 a.m. (9:57 p.m. Thursday GMT)" is Friday morning in Korea)."""
    exprs = find_dates(sentence.text)
    if month_days_only:
        exprs = tuple(e for e in exprs if e.month is not None)
    dates = []
    for expr in exprs:
        when = resolve(expr, anchor)[0]
        if when is not None and when == day - timedelta(days=1):
            # only the day before can be moved across by a clock time in another zone
            when += timedelta(days=zone_shift_near(sentence.text, expr, country))
        if when is not None:
            dates.append(when)
    return bool(dates) and all(d < day for d in dates)


def _date_hint(news: list[Mention]) -> dict[str, int] | None:
    """The weekday and/or month and day an unresolved launch date names, for matching later."""
    hint: dict[str, int] = {}
    for m in news:
        for expr in sorted(m.launch_dates, key=lambda e: e.start):
            if expr.weekday is not None and "weekday" not in hint:
                hint["weekday"] = expr.weekday
            if expr.month is not None and "month" not in hint:
                hint.update(month=expr.month, day=expr.day)  # type: ignore[arg-type]
        if hint:
            return hint
    return None


def _said_date(news: list[Mention], text: str, anchor: date | None) -> tuple[date, str] | None:
    """With no launch day stated, the earliest statement about it: a launch precedes its reports."""
    found: list[tuple[date, str]] = []
    for m in news:
        for expr in m.said_dates:
            when, reason = resolve(expr, anchor)
            if when is not None and (anchor is None or abs((anchor - when).days) <= 1):
                found.append((when, f"{STATEMENT_DATE_REASON}: {reason}"))
    return min(found) if found else None


def _fill(
    news_sentences: list[Sentence],
    event_sentences: list[Sentence],
    country: str | None,
    captions: list[Sentence],
    launch_sentences: set[Sentence],
    several_days: bool = False,
) -> LaunchReport:
    """Read each field from the launch's sentences: the news first, then the rest of the event's
    (``launch_sentences``: those that speak of a launch by the same state, for its clock time)."""
    event = LaunchReport(country=country)
    in_news = set(news_sentences)
    ordered = news_sentences + [s for s in event_sentences if s not in in_news]
    # Sentences about this launch rather than the programme's history.
    focused = [s for s in ordered if s in in_news or not _background(s)]
    claims: list[Claim] = []

    def take(claim: Claim | None) -> object:
        if claim is None:
            return None
        claims.append(claim)
        return claim.value

    count_claim = fields.missile_count(focused) or fields.singular_launch(news_sentences)
    if several_days and count_claim is not None and count_claim.value == 1:
        # "test-fired a new missile on Saturday and Sunday": the singular names the type; how
        # many flew each day is not said.
        count_claim = None
    count = take(count_claim)
    event.missile_count = count  # type: ignore[assignment]
    designation_claim, canonical = fields.missile_type(ordered, country)
    event.designation = take(designation_claim)  # type: ignore[assignment]
    event.category = _category(news_sentences, ordered, canonical, country, claims)
    event.range_class = (
        None
        if event.category == "cruise"
        else _first_cue(
            _RANGE_CLASS_TWINS, news_sentences + focused, "range_class", claims, local=True
        )
    )
    hyper = _first_cue(_HYPERSONIC_TWINS, focused, "hypersonic", claims, local=True)
    event.hypersonic = hyper is not None
    if event.hypersonic:
        claims[-1] = Claim(
            "hypersonic",
            True,
            claims[-1].start,
            claims[-1].end,
            claims[-1].source,
            claims[-1].hedge,
            claims[-1].confidence,
        )
    event.platform = take(fields.platform(focused))  # type: ignore[assignment]
    # Photo captions often carry the launch place the body leaves out.
    area_claim = fields.launch_area(ordered, country)[0] or fields.launch_area(captions, country)[0]
    event.launch_area = take(area_claim)  # type: ignore[assignment]
    event.range_km = take(fields.flight_range(ordered))  # type: ignore[assignment]
    event.apogee_km = take(fields.apogee(ordered))  # type: ignore[assignment]
    timed = news_sentences or ordered
    time_claim = fields.launch_time(timed) or fields.launch_time(
        s for s in ordered if s in launch_sentences and s not in timed
    )
    event.time_local = take(time_claim)  # type: ignore[assignment]
    event.landing = take(fields.landing(ordered))  # type: ignore[assignment]
    event.sources, source_claims = fields.sources(ordered, country)
    claims.extend(source_claims)
    event.claims = claims
    return event


def _category(
    news_sentences: list[Sentence],
    ordered: list[Sentence],
    canonical: str | None,
    country: str | None,
    claims: list[Claim],
) -> str:
    found = _first_cue(
        _CATEGORY_TWINS, news_sentences, "category", claims, local=True
    ) or _first_cue(_CATEGORY_TWINS, ordered, "category", claims, local=True)
    if found == "space_launch" and country not in MISSILE_PROGRAMME_SPACE:
        claims.pop()
        found = None
    if found is None and canonical is not None:
        from launchwatch.reports.vocab import missile_types

        found = next(t.category for t in missile_types() if t.name == canonical)
    return found or "unknown"


def _first_cue(
    cues, sentences: list[Sentence], field: str, claims: list[Claim], local: bool = False
) -> str | None:
    """The first cue found, in sentence order; ``local`` skips cues inside a background clause.

    The cues are case-sensitive twins of their patterns, run on the folded sentence.
    """
    words = _CUE_WORDS[field]
    for sentence in sentences:
        if not any(w in sentence.lower for w in words):
            continue
        best = None
        for label, pattern in cues:
            for m in pattern.finditer(sentence.folded):
                if local and (
                    fields.in_background_clause(sentence.text, m.start())
                    or fields.named_as_other(sentence.text, m.start())
                ):
                    continue
                if best is None or m.start() < best[1].start():
                    best = (label, m)
                break
        if best is not None:
            label, m = best
            claims.append(
                Claim(
                    field,
                    label,
                    sentence.start + m.start(),
                    sentence.start + m.end(),
                    fields.attribution(sentence),
                )
            )
            return label
    return None
