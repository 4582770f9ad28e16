"""Salvos within one article's day: "an ICBM in the morning, six SRBMs in the evening".

A text that reports launches at hours far apart on one day reports separate launches. Each news
sentence that states when its launch happened (a clock time, or a part of the day) is placed in a
salvo with the sentences whose times lie within ``SALVO_GAP_MINUTES`` of it; a sentence that states
no time stays with the salvo before it (the lead's, for the opening sentences). The same gap
splits salvos across articles in ``events.cluster``.
"""

from __future__ import annotations

import re

from launchwatch.reports.dates import STATEMENT_TIME, local_time
from launchwatch.reports.mentions import Mention

# Launches stated this far apart in time on one day are separate salvos (in one article here,
# across articles in ``events.cluster``).
SALVO_GAP_MINUTES = 180
# Parts of the day as reports name them, as spans of minutes after midnight: "early morning"
# covers a 3:50 a.m. launch, so only spans far apart (morning and evening) split a day.
_PART_OF_DAY = re.compile(
    r"\b(?:(?P<morning>morning|dawn|daybreak)|(?P<afternoon>afternoon)|(?P<evening>evening)|"
    r"(?P<night>night|tonight))\b",
    re.I,
)
_PART_SPANS = {
    "morning": (0, 12 * 60),
    "afternoon": (12 * 60, 18 * 60),
    "evening": (17 * 60, 24 * 60),
    "night": (19 * 60, 24 * 60),
}
Span = tuple[int, int]


def stated_span(mention: Mention) -> Span | None:
    """When the mention's sentence says its launch happened: a clock time, or a part of the day,
    as a span of minutes after midnight."""
    text = mention.sentence.text
    clock = local_time(text)
    if clock is not None:
        hours, minutes = clock[0].split(":")
        at = int(hours) * 60 + int(minutes)
        return at, at
    for part in _PART_OF_DAY.finditer(text):
        if part.lastgroup and not STATEMENT_TIME.search(
            text[max(0, part.start() - 40) : part.start()]
        ):
            return _PART_SPANS[part.lastgroup]
    return None


def _gap(a: Span, b: Span) -> int:
    return max(0, b[0] - a[1], a[0] - b[1])


def split_salvos(news: list[Mention]) -> list[list[Mention]]:
    """The news mentions of one day, grouped into salvos (one group when no hours are far apart).

    A split needs finite launch sentences on both sides: a time in a sentence that only names
    the launch ("the launch, at 3 p.m., ...") does not start a salvo.
    """
    spans: list[Span | None] = []  # each salvo's stated times, from earliest to latest
    groups: list[list[Mention]] = []
    current = -1  # the salvo the last sentence went to
    for mention in news:
        span = stated_span(mention) if mention.finite else None
        if span is None:
            if current < 0:
                spans.append(None)
                groups.append([])
                current = 0
            groups[current].append(mention)
            continue
        near = [
            i for i, s in enumerate(spans) if s is not None and _gap(s, span) < SALVO_GAP_MINUTES
        ]
        if near:
            current = near[0]
        elif not (current >= 0 and spans[current] is None):  # else: the untimed lead's salvo
            spans.append(None)
            groups.append([])
            current = len(groups) - 1
        held = spans[current]
        spans[current] = span if held is None else (min(held[0], span[0]), max(held[1], span[1]))
        groups[current].append(mention)
    return groups
