"""Date expressions in report text and their resolution to local calendar dates.

A date expression is found with its span; resolving it needs an anchor (the publication date, or
a dateline) and yields a date plus the reason, or None plus the reason it cannot be resolved.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from launchwatch.reports.text import folded, on_folded
from launchwatch.reports.vocab import NUMBER_WORDS

MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

# UTC offsets (hours) of zones named next to times in reports.
ZONE_OFFSETS = {
    "gmt": 0,
    "utc": 0,
    "z": 0,
    "kst": 9,
    "jst": 9,
    "et": -5,
    "est": -5,
    "edt": -4,
    "pt": -8,
    "pst": -8,
    "pdt": -7,
    "ct": -6,
    "cst": -6,
    "cdt": -5,
    "hst": -10,
    "ist": 5.5,
    "pkt": 5,
    "msk": 3,
    "irst": 3.5,
}
# Standard-time UTC offsets of launching states, to turn a time in another zone into a local date.
COUNTRY_OFFSETS = {
    "KP": 9,
    "KR": 9,
    "JP": 9,
    "CN": 8,
    "IN": 5.5,
    "PK": 5,
    "IR": 3.5,
    "RU": 3,
    "FR": 1,
    "US": -5,
    "IL": 2,
}

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
# One-word numbers only ("several days ago" names no span of time).
_NUMBER_WORD = "|".join(w for w, n in NUMBER_WORDS.items() if " " not in w and n is not None)
_UNIT_DAYS = {"day": 1, "week": 7}
_UNIT_MONTHS = {"month": 1, "year": 12}
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)day"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("month_day", re.compile(rf"\b{_MONTH}\s+{_DAY}(?:\s*(?:,\s*|\s)(?:{_YEAR}))?(?![\d:])", re.I)),
    ("day_month", re.compile(rf"\b{_DAY}(?:\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR})?\b", re.I)),
    (
        "weekday",
        re.compile(
            rf"\b(?P<last>last\s+|this\s+(?:past\s+)?)?{_WEEKDAY}(?:'s|’s)?"
            r"(?P<lastweek>\s+(?:of\s+)?last\s+week)?\b",
            re.I,
        ),
    ),
    # "five years ago (today)", "two days ago": before "relative", which would take "today"
    (
        "ago",
        re.compile(
            rf"\b(?P<count>\d{{1,3}}|{_NUMBER_WORD})\s+(?P<unit>days?|weeks?|months?|years?)\s+"
            r"ago(?:\s+(?:today|this week|this month))?\b",
            re.I,
        ),
    ),
    (
        "relative",
        re.compile(
            r"\b(?P<rel>today|tonight|this (?:morning|afternoon|evening)|earlier today|yesterday|"
            r"the previous day|a day earlier|one day earlier|last night|overnight|"
            # "the day before", but not "a day before the elections": that dates by another event
            r"(?:the|a) day before(?=\s*(?:[,.;:)]|$|(?:and|but|when|while|as|at|in|on|"
            r"according|after|to)\b)))\b",
            re.I,
        ),
    ),
]
# The patterns as find_dates runs them: the re.IGNORECASE ones as case-sensitive twins on folded
# text (flagged True; see ``on_folded``), whose matched text is read back from the text itself.
_SEARCH = [
    (kind, on_folded(p), True) if p.flags & re.IGNORECASE else (kind, p, False)
    for kind, p in _PATTERNS
]
_CLOCK = (
    r"(?P<hour>[012]?\d)(?:[:.]?(?P<minute>[0-5]\d))?\s*(?P<ampm>a\.?m\.?|p\.?m\.?)?\s*"
    r"(?:\(?(?P<zone>GMT|UTC|KST|JST|EST|EDT|ET|PST|PDT|HST)\b\)?)?"
)
_CLOCK_BEFORE = re.compile(r"\b" + _CLOCK + r"\s*(?:on\s+)?$", re.I)
_CLOCK_AFTER = re.compile(r"\s*(?:at\s+)?(?:about\s+|around\s+)?" + _CLOCK, re.I)
# "7:50 a.m.", and "from around 9:06 to 9:27 in the morning" (the first time of a range).
_LOCAL_TIME = re.compile(
    r"\b(?P<hour>[01]?\d)(?:[:.](?P<minute>[0-5]\d))?\s*"
    r"(?:(?:to|and|-|–)\s*[01]?\d[:.][0-5]\d\s*)?"
    # "in the morning" makes a clock time only of one with minutes ("9:06 in the morning"), not
    # of a day of the month ("on March 9 in the morning")
    r"(?P<ampm>a\.?m\.?|p\.?m\.?|(?(minute)in the (?:morning|afternoon|evening)|(?!)))(?!\w)",
    re.I,
)
_REL_DAYS = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "earlier today": 0,
    "overnight": 0,
    "yesterday": -1,
    "last night": -1,
    "the previous day": -1,
    "the day before": -1,
    "a day earlier": -1,
    "one day earlier": -1,
    "a day before": -1,
}


@dataclass(frozen=True)
class DateExpression:
    """A date phrase in the text: its kind, span, and the parts it gives."""

    kind: str  # iso | month_day | day_month | weekday | ago | relative
    start: int
    end: int
    text: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    strictly_past: bool = False  # "last Friday"
    previous_week: bool = False  # "Wednesday last week": that day of the week before
    relative_days: int | None = None
    relative_months: int | None = None  # "five years ago": -60
    zone_shift_days: int = 0  # set when the phrase carries a time in another zone


# What each kind of date expression must contain: a digit, or one of its words. Text without
# it is not searched for that kind.
_DIGIT = re.compile(r"\d")
_KIND_WORDS = {
    "weekday": ("day",),
    "ago": ("ago",),
    "relative": ("day", "night", "morning", "afternoon", "evening"),
}


@lru_cache(maxsize=8192)
def find_dates(text: str, offset: int = 0) -> tuple[DateExpression, ...]:
    """All date expressions in ``text``; spans are shifted by ``offset``."""
    has_digit = _DIGIT.search(text) is not None
    lower = folded(text)
    found: list[DateExpression] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern, on_lower in _SEARCH:
        words = _KIND_WORDS.get(kind)
        if not (any(w in lower for w in words) if words else has_digit):
            continue  # this kind cannot match here
        for m in pattern.finditer(lower if on_lower else text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            expr = _build(kind, m, offset, text)
            if expr is not None:
                found.append(expr)
                taken.append((m.start(), m.end()))
    found.sort(key=lambda e: e.start)
    return tuple(found)


def _build(kind: str, m: re.Match[str], offset: int, text: str) -> DateExpression | None:
    """The expression ``m`` found; its text is read from ``text`` (``m`` may be on folded text)."""
    g = {
        name: text[m.start(name) : m.end(name)] if m.start(name) >= 0 else None
        for name in m.re.groupindex
    }
    start, end = m.span()
    base = {"kind": kind, "start": start + offset, "end": end + offset, "text": text[start:end]}
    if kind in ("iso", "month_day", "day_month"):
        month = int(g["mnum"]) if g.get("mnum") else MONTHS.get(folded(g["month"]).rstrip("."), 0)
        day = int(g["day"])
        if not 1 <= day <= 31 or not 1 <= month <= 12:
            return None
        year = int(g["year"]) if g.get("year") else None
        return DateExpression(**base, year=year, month=month, day=day)
    if kind == "weekday":
        stem = folded(g["weekday"])[:3]
        index = next((i for i, w in enumerate(WEEKDAYS) if w.startswith(stem)), None)
        if index is None:
            return None
        return DateExpression(
            **base,
            weekday=index,
            strictly_past=bool(g.get("last", "") and g["last"].lower().startswith("last")),
            previous_week=bool(g.get("lastweek")),
        )
    if kind == "ago":
        count = folded(g["count"])
        number = int(count) if count.isdigit() else NUMBER_WORDS[count]
        unit = folded(g["unit"]).rstrip("s")
        if unit in _UNIT_MONTHS:
            return DateExpression(**base, relative_months=-number * _UNIT_MONTHS[unit])
        return DateExpression(**base, relative_days=-number * _UNIT_DAYS[unit])
    rel = " ".join(folded(g["rel"]).split())
    if rel not in _REL_DAYS:
        return None
    return DateExpression(**base, relative_days=_REL_DAYS[rel])


def parse_anchor(published: str | None, country: str | None = None) -> date | None:
    """The publication date as a local date of the launching state, where it can be read."""
    if not published:
        return None
    value = published.strip()
    try:
        if len(value) > 10:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            if moment.tzinfo is not None and country in COUNTRY_OFFSETS:
                utc = moment.utcoffset() or timedelta(0)
                return (moment - utc + timedelta(hours=COUNTRY_OFFSETS[country])).date()
            return moment.date()
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def resolve(expr: DateExpression, anchor: date | None) -> tuple[date | None, str]:
    """Resolve an expression against the anchor date; returns (date, reason)."""
    if expr.year is not None and expr.month is not None and expr.day is not None:
        try:
            return date(expr.year, expr.month, expr.day), f"explicit date '{expr.text}'"
        except ValueError:
            return None, f"impossible date '{expr.text}'"
    if anchor is None:
        return None, f"'{expr.text}' needs a publication date and the article has none"
    if expr.month is not None and expr.day is not None:
        for year in (anchor.year, anchor.year - 1):
            try:
                candidate = date(year, expr.month, expr.day)
            except ValueError:
                continue
            if candidate <= anchor + timedelta(days=2):
                return candidate, f"'{expr.text}' in the year of publication {anchor.isoformat()}"
        return None, f"'{expr.text}' does not fit the publication date {anchor.isoformat()}"
    if expr.weekday is not None and expr.previous_week:
        monday_before = anchor - timedelta(days=anchor.weekday() + 7)
        return monday_before + timedelta(days=expr.weekday), (
            f"'{expr.text}' in the week before publication date {anchor.isoformat()}"
        )
    if expr.weekday is not None:
        shift = expr.zone_shift_days
        # A page stamped in a zone behind the launch (a US site) can carry the day before.
        window = range(-7, 0) if expr.strictly_past else range(-6, 2)
        candidates = [anchor + timedelta(days=d) for d in window]
        matches = [c for c in candidates if c.weekday() == expr.weekday]
        chosen = (
            max(c for c in matches if c <= anchor) if any(c <= anchor for c in matches) else None
        )
        if chosen is None or (
            not expr.strictly_past
            and (anchor + timedelta(days=1)).weekday() == expr.weekday
            and (anchor - chosen).days >= 6
        ):
            chosen = anchor + timedelta(days=1)
        return chosen + timedelta(days=shift), (
            f"'{expr.text}' counted back from publication date {anchor.isoformat()}"
        )
    if expr.relative_months is not None:
        return _add_months(anchor, expr.relative_months), (
            f"'{expr.text}' relative to publication date {anchor.isoformat()}"
        )
    if expr.relative_days is not None:
        return anchor + timedelta(days=expr.relative_days), (
            f"'{expr.text}' relative to publication date {anchor.isoformat()}"
        )
    return None, f"cannot resolve '{expr.text}'"


def _add_months(day: date, months: int) -> date:
    """The same day ``months`` later (earlier when negative), at the month's end if it has none."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def zone_shift_near(text: str, expr: DateExpression, country: str | None) -> int:
    """Days to add to a weekday/relative date when a time in another zone is attached to it.

    "10 p.m. Sunday GMT" and "Sunday at 22:00 GMT" are Monday in Korea: the shift is +1.
    """
    if country not in COUNTRY_OFFSETS:
        return 0
    start, end = expr.start, expr.end
    before = _CLOCK_BEFORE.search(text[max(0, start - 30) : start])
    after = _CLOCK_AFTER.match(text[end : end + 40])
    zone_after = re.match(r"\s*\(?(?P<zone>GMT|UTC|EST|EDT|ET|PST|PDT|HST)\b", text[end : end + 10])
    if before is not None and ")" in before.group(0):
        before = None  # "6:14 a.m. (2114 GMT) on Thursday": the zone was a conversion in brackets
    clock = after if after and after.group("zone") else before
    if clock is None:
        return _late_day_shift(text, expr, country)
    zone_name = clock.group("zone") or (
        zone_after.group("zone") if zone_after and clock is before else None
    )
    zone = ZONE_OFFSETS.get((zone_name or "").lower())
    if zone is None:
        return 0
    hour = int(clock.group("hour")) % 24
    ampm = (clock.group("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    if ampm == "am" and hour == 12:
        hour = 0
    return _day_shift(hour, zone, country)


def _day_shift(hour: int, zone: float, country: str) -> int:
    """Days between a clock time in ``zone`` and the same moment in the launching state."""
    local = hour + COUNTRY_OFFSETS[country] - zone
    return 1 if local >= 24 else -1 if local < 0 else 0


# "late Tuesday Eastern time", "Tuesday night (U.S. time)": a part of the day in another zone.
_LATE_BEFORE = re.compile(r"\blate\s+(?:on\s+)?$", re.I)
_ZONE_OF_DAY_AFTER = re.compile(
    r"\s*(?P<late>night|evening)?\s*,?\s*\(?(?:(?P<abbr>GMT|UTC|EST|EDT|ET|PST|PDT|PT)\b|"
    r"(?:U\.?S\.?\s+)?(?P<name>Eastern|Pacific|Washington|New York)(?:\s+\w+)?\s+time\b|"
    r"U\.?S\.? time\b)",
    re.I,
)
_ZONE_OF_NAME = {"eastern": -5, "washington": -5, "new york": -5, "pacific": -8}
LATE_HOUR = 21  # "late Tuesday", "Tuesday night": taken as 9 p.m.


def _late_day_shift(text: str, expr: DateExpression, country: str) -> int:
    """ "late Tuesday Eastern time" is Wednesday morning in Korea: with no clock time, a late
    part of a day named in another zone moves the day as 9 p.m. there would."""
    if expr.weekday is None:
        return 0
    zoned = _ZONE_OF_DAY_AFTER.match(text, expr.end)
    late = _LATE_BEFORE.search(text[max(0, expr.start - 12) : expr.start])
    if zoned is None or not (late or zoned.group("late")):
        return 0
    if zoned.group("abbr"):
        zone = ZONE_OFFSETS[zoned.group("abbr").lower()]
    else:
        zone = _ZONE_OF_NAME.get((zoned.group("name") or "washington").lower(), -5)
    return _day_shift(LATE_HOUR, zone, country)


# A clock time followed by one of these is not local to the launching state.
_ZONE_NAMES = r"GMT|UTC|EST|EDT|ET|PST|PDT|CST|CDT|HST"
_FOREIGN_ZONE = re.compile(
    # after a comma, only a zone's abbreviation ("7:29 p.m., EST"), not "7:20 a.m., U.S. officials"
    rf"(?:,\s*(?=\(?(?:{_ZONE_NAMES})\b)|\s*)\(?(?:{_ZONE_NAMES}|Hawaii|Washington|Eastern|"
    r"Pacific|U\.?S\.?|New York)\b",
    re.I,
)
# "5:00 p.m. Hawaii time", "using times at its Hawaii headquarters": every clock time in the
# sentence is foreign. Case-sensitive: "The New York Times" and "the Washington Times" are not.
_FOREIGN_CLOCK = re.compile(
    r"\b(?:Hawaii|Washington|New York|U\.?S\.? Eastern|Eastern|Pacific) time\b|"
    r"\btimes? (?:at|in|of) (?:its |the )?(?:Hawaii|Washington|U\.?S\.?)"
)


# "said at 11:05 a.m.", "told a briefing at 3 p.m.": the time of a statement, not of a launch
# (but "said that from 3:30 a.m. ..." opens what was said).
STATEMENT_TIME = re.compile(
    r"\b(?:said|says|told|announced|reported|statement|briefing|conference)\b"
    r"(?:(?!\bthat\b)[^.;]){0,25}$",
    re.I,
)


def local_time(text: str) -> tuple[str, int, int] | None:
    """The first clock time in ``text`` without a foreign zone that is not a statement's, as
    ("HH:MM", start, end)."""
    if _FOREIGN_CLOCK.search(text):
        return None
    for m in _LOCAL_TIME.finditer(text):
        tail = text[m.end() : m.end() + 24]
        if _FOREIGN_ZONE.match(tail) or STATEMENT_TIME.search(
            text[max(0, m.start() - 40) : m.start()]
        ):
            continue
        hour = int(m.group("hour")) % 12
        if m.group("ampm").lower().startswith(("p", "in the a", "in the e")):
            hour += 12
        return f"{hour:02d}:{int(m.group('minute') or 0):02d}", m.start(), m.end()
    return None
