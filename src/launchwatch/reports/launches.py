"""Launches: the article's news grouped into launches, each read from its own sentences.

One launch per listed day ("on Saturday and Sunday") and, within a day, per salvo (launch times
far apart, ``salvos``); sentences about another day's launch, earlier launches, responses and
links to other stories are left out of a launch's reading; the fields are then read from what
remains (``fill``).
"""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise

from launchwatch.reports import fields
from launchwatch.reports.dates import resolve
from launchwatch.reports.dating import DateFrame, MentionDate, dated_before, launch_day
from launchwatch.reports.fill import fill_launch
from launchwatch.reports.mentions import Mention, is_caption
from launchwatch.reports.model import Claim, LaunchReport
from launchwatch.reports.news import News
from launchwatch.reports.salvos import split_salvos
from launchwatch.reports.text import Sentence

# Links to other stories: "Also read", "Related", "Read more".
_RELATED = re.compile(
    r"^(?:Also read|Read also|Read more|Related|Recommended|More:|MORE:|See also|Watch:)", re.I
)


def build_launches(
    found_news: News,
    resolved: dict[int, MentionDate],
    frame: DateFrame,
    sentences: list[Sentence],
    text: str,
) -> list[LaunchReport]:
    """The news launches, dated and read; background and response sentences are not read."""
    news, carriers, statements = found_news.news, found_news.carriers, found_news.statements
    elsewhere = {(b.start, b.end) for b in found_news.background} | {
        (m.sentence.start, m.sentence.end) for m in found_news.responses
    }
    anchor, year_hint = frame.anchor, frame.year_hint[0] if frame.year_hint else None
    found = launch_day(news, carriers, statements, resolved, frame, text)
    when, reason, days, hint = found.when, found.reason, found.days, found.hint

    news_candidates = {m.sentence for m in news}
    # Sentences about a launch on another day belong to that launch, not to this one.
    other_days = {
        (m.sentence.start, m.sentence.end)
        for m in news + carriers + statements
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
            and dated_before(
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
                for m in news + carriers + statements
                if resolved[id(m)][1] and day not in resolved[id(m)][1] and m is not found.claim
            }
            if len(days) > 1
            else set()
        )
        salvos = split_salvos([m for m in news if m.sentence not in other_day]) or [news]
        for salvo in salvos:
            # Each salvo reads its own news first; the other salvos' news is not its.
            others = {m.sentence for group in salvos if group is not salvo for m in group}
            event = fill_launch(
                [s for s in news_sentences if s not in other_day and s not in others],
                [s for s in event_sentences if s not in other_day and s not in others],
                news[0].country,
                captions,
                {m.sentence for m in statements},
                len(days) > 1,
            )
            if len(days) > 1 and found.claim is not None:
                _drop_other_days_values(event, _other_day_spans(found.claim, day, anchor))
            event.date = day.isoformat() if day else None
            event.date_hint = hint
            event.date_reason = (
                reason if day == when else f"listed with {when.isoformat() if when else '?'}"
            )
            if found.claim is not None and day is not None:
                event.claims.insert(
                    0,
                    Claim(
                        "date",
                        event.date,
                        found.claim.sentence.start,
                        found.claim.sentence.end,
                        fields.attribution(found.claim.sentence),
                    ),
                )
            events.append(event)
    return events


# Values read per launch; the others (sources, date) hold for every day a sentence lists.
_PER_LAUNCH_FIELDS = ("missile_count", "range_km", "apogee_km", "designation", "time_local")


def _other_day_spans(listing: Mention, day: date | None, anchor: date | None) -> list[range]:
    """The stretches of a sentence listing several days that tell of another day's launch.

    "two missiles on Saturday and another on Sunday": what comes before a day's date, back to
    the date before it, is that day's; what follows the last date holds for all of them.
    """
    spans, start = [], listing.sentence.start
    for expr in sorted(listing.launch_dates, key=lambda e: e.start):
        if resolve(expr, anchor)[0] != day:
            spans.append(range(start, expr.end))
        start = expr.end
    return spans


def _drop_other_days_values(event: LaunchReport, spans: list[range]) -> None:
    """Forget the per-launch values read from another day's stretch of the listing sentence, or
    across it ("a missile on Saturday and two more on Sunday" counts no one day's)."""
    for claim in [c for c in event.claims if c.field in _PER_LAUNCH_FIELDS]:
        if any(claim.start < span.stop and span.start < claim.end for span in spans):
            event.claims.remove(claim)
            setattr(event, claim.field, None)
