"""Dates: all date reasoning for one article, in one place.

``dates`` finds and resolves date phrases ("on Wednesday", "Sept. 11"); this step decides what
they mean for the article's launches:

- the frame relative dates count from (``date_frame``): the publication date, else a dateline
  or header date, and, with neither, the year the text gives its news as a hint for month-days;
- the date each launch mention gives (``date_mentions``): the phrase tied to its launch verb,
  read in the launching state's time, a bare weekday fixed by a full date written just before,
  "Thursday (Oct 31)" pairs;
- the launch day of the article's news (``launch_day``): from the news's own date, a later
  sentence naming the launch back, the earliest statement about it (state media report the
  morning after), or the publication date, each with the rule stated in ``reason``; never a
  guess: an unresolvable day stays ``None`` with the hint it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import pairwise

from launchwatch.articles import Article
from launchwatch.reports.dates import (
    DateExpression,
    find_dates,
    parse_anchor,
    resolve,
    zone_shift_near,
)
from launchwatch.reports.mentions import Mention
from launchwatch.reports.model import ASSUMED_DATE_REASON, STATEMENT_DATE_REASON
from launchwatch.reports.text import Sentence

# A dated launch this close to the top is the article's own news.
LEAD_DATED_CHARS = 400
# A mention dated further from the anchor than this is not today's news.
NEWS_WINDOW_DAYS = 4

# A mention's launch date (with the reason) and every launch date it lists.
MentionDate = tuple[tuple[date, str] | None, list[date]]


@dataclass(frozen=True)
class DateFrame:
    """What the article's relative dates count from."""

    anchor: date | None  # publication date, else a dateline or header date
    reason: str  # where the anchor came from
    # With no anchor: the latest day a stated month and day can be, and why.
    year_hint: tuple[date, str] | None = None


@dataclass
class LaunchDay:
    """The day of the article's news launch, the days listed with it, and why."""

    when: date | None
    reason: str
    days: list[date | None]  # one launch per day: "on Saturday and Sunday"
    claim: Mention | None  # the mention whose own date phrase gives the day, if one does
    hint: dict[str, int] | None = None  # what an unresolved day names (weekday, month, day)


def date_frame(article: Article, text: str, country: str | None) -> DateFrame:
    """The anchor of relative dates and, where there is none, the year hint."""
    anchor, reason = _anchor(article, text, country)
    # With no publication date, the year the text gives its news ("its third test in 2022"), else
    # that of the latest full date in it (a caption, a statement), picks the year of a stated
    # month and day; a bare weekday stays unresolved, with the day it names kept as a hint.
    return DateFrame(anchor, reason, _year_hint(text) if anchor is None else None)


def date_mentions(mentions: list[Mention], text: str, frame: DateFrame) -> dict[int, MentionDate]:
    """Each mention's launch date (by ``id`` of the mention)."""
    return {id(m): _mention_date(m, text, frame.anchor, frame.year_hint) for m in mentions}


def launch_day(
    news: list[Mention],
    carriers: list[Mention],
    statements: list[Mention],
    resolved: dict[int, MentionDate],
    frame: DateFrame,
    text: str,
) -> LaunchDay:
    """The day of the news launch: its own date, else that of a sentence naming it back
    (``carriers``), else the earliest statement about it, else the publication date."""
    anchor = frame.anchor
    dated = [m for m in news if resolved[id(m)][0] is not None]
    said = _said_date(news + [m for m in statements if m not in news], text, anchor)
    if not dated:
        reference = said[0] if said else anchor
        dated = [
            m
            for m in carriers
            if resolved[id(m)][0] is not None
            and reference is not None
            and abs((reference - resolved[id(m)][0][0]).days) <= 1  # type: ignore[index]
        ]
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
    claim: Mention | None = None
    when: date | None
    if dated:
        claim = dated[0]
        when, reason = resolved[id(claim)][0]  # type: ignore[misc]
    elif said is not None:
        when, reason = said
        if _state_media_statement(news + statements, anchor, when) and not _is_space_launch(news):
            when = when - timedelta(days=1)
            reason = (
                f"{reason}; North Korean state media report a launch the morning after, "
                "so the day before the report"
            )
    elif anchor is not None:
        when, reason = anchor, f"{ASSUMED_DATE_REASON}; assumed the {frame.reason}"
    else:
        when = None
        unresolved = next((resolve(e, None)[1] for m in news for e in m.launch_dates), None)
        reason = (
            f"unresolved: {unresolved}"
            if unresolved
            else "unresolved: no launch day in the text and no publication date"
        )
    days = _listed_days(claim, text, anchor, when) if claim else [when]
    return LaunchDay(when, reason, days, claim, _date_hint(news) if when is None else None)


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


def dated_near(when: tuple[date, str] | None, anchor: date | None) -> bool:
    return (
        when is not None and anchor is not None and abs((anchor - when[0]).days) <= NEWS_WINDOW_DAYS
    )


_AND_DAY = re.compile(r"^\s*(?:and|&)\s+(?:on\s+)?(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b")
_EXERCISE_BEFORE = re.compile(r"\b(?:drills?|exercises?|manoeuvres?|maneuvers?)\b[^.]{0,30}$", re.I)
_AND = re.compile(
    r"^\s*(?:and|&|,)\s+(?:on\s+|early\s+|late\s+)?$|"
    # "two missiles on Saturday and another on Sunday": more of them, on a second day
    r"^\s*,?\s*(?:and|then|,)\s+(?:then\s+)?(?:another|one more|a second|a third|"
    r"(?:two|three|four|\d+) more)(?:\s+[\w-]+){0,3}?\s+(?:on\s+|early\s+|late\s+)?$"
)


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
_SAME_DAY = re.compile(
    r"\b(?:earlier (?:in the|that|the same|on the same) day|earlier today|(?:on )?the same day|"
    r"this morning|hours (?:earlier|before)|(?:a few|several|two|three) hours (?:ago|earlier))\b",
    re.I,
)
# Those who track launches as they happen and say so within the hour.
_TRACKER = re.compile(
    r"\b(?:Joint Chiefs|JCS|(?:South Korea|Seoul|Japan|Tokyo)(?:'s|’s|ese|n)? (?:military|"
    r"defen[cs]e ministry|government|coast guard|prime minister)|defen[cs]e ministry|"
    r"Indo-Pacific Command|INDOPACOM|NORAD)\b",
    re.I,
)
_SPACE = re.compile(r"\b(?:satellite|space launch vehicle|carrier rocket|into orbit)\b", re.I)


def _state_media_statement(mentions: list[Mention], anchor: date | None, day: date) -> bool:
    """Whether the statements dated ``day`` are North Korean state media's account alone.

    State media report a launch the morning after; the militaries that track it (Seoul's, Tokyo's)
    report within the hour. So a statement of state media dates the launch the day before, unless
    a tracker also spoke that day or the text puts the launch on the statement's own day ("earlier
    in the day", "this morning").
    """
    state_media = tracker = False
    for m in mentions:
        if m.country != "KP" or not any(resolve(e, anchor)[0] == day for e in m.said_dates):
            continue
        if _SAME_DAY.search(m.sentence.text):
            return False
        if _STATE_MEDIA.search(m.sentence.text):
            state_media = True
        elif _TRACKER.search(m.sentence.text):
            tracker = True
    return state_media and not tracker


def _is_space_launch(news: list[Mention]) -> bool:
    return any(_SPACE.search(m.sentence.text) for m in news[:2])


def _earliest_said(m: Mention, anchor: date | None) -> date | None:
    days = [d for d in (resolve(e, anchor)[0] for e in m.said_dates) if d is not None]
    return min(days) if days else None


def dated_before(
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
