"""Response firings: another state's launch reported as the answer to the article's news.

"In response, the United States and South Korea fired ATACMS and Hyunmoo-2 missiles" reports
launches by two more states, in the same article as the launch they answer. Each responding state
gets a launch of its own (never merged into the news launch), read from the response sentence
alone: its own type names, the sources credited there, and its own date, or, when the sentence
gives none, the day of the launch it answers (with that reason stated).
"""

from __future__ import annotations

import re
from datetime import date

from launchwatch.reports import fields
from launchwatch.reports.mentions import Mention
from launchwatch.reports.model import ASSUMED_DATE_REASON, Claim, LaunchReport
from launchwatch.reports.vocab import ACTOR_PATTERNS, find_types

RESPONSE = re.compile(
    r"\b(?:in (?:a )?(?:response|retaliation|reply)|responded|responding|retaliat\w*|"
    r"show of force|tit-for-tat|countered)\b",
    re.I,
)
# "responded by firing two missiles": a finite verb, though the launch verb is a gerund.
RESPONDED_BY = re.compile(
    r"\b(?:responded|retaliated|countered)\b[^.;]{0,40}?\bby (?:test-)?(?:firing|launching)\b",
    re.I,
)


def is_response(mention: Mention, news_country: str | None) -> bool:
    """Whether the mention is another state's firing, reported as an answer to the news."""
    return (
        mention.country is not None
        and mention.country != news_country
        and (mention.finite or RESPONDED_BY.search(mention.sentence.text) is not None)
        and not mention.caption
        and RESPONSE.search(mention.sentence.text) is not None
    )


def response_launches(
    mentions: list[Mention],
    resolved: dict[int, tuple[tuple[date, str] | None, list[date]]],
    answered: LaunchReport,
) -> list[LaunchReport]:
    """One launch per responding state named in the response mentions (see the module doc)."""
    launches: dict[str, LaunchReport] = {}
    for m in mentions:
        sentence = m.sentence
        types = [(t, found) for t, found in find_types(sentence.text) if t.country]
        named = _states_named(sentence.text)
        # A type's maker fired it only where the sentence names that state: South Korea's army
        # firing ATACMS is not a US launch.
        states = [m.country, *(t.country for t, _ in types if t.country in named)]
        for state in dict.fromkeys(s for s in states if s and s != answered.country):
            if state in launches:
                continue
            launch = LaunchReport(country=state)
            when = resolved[id(m)][0]
            if when is not None:
                launch.date, launch.date_reason = when[0].isoformat(), when[1]
            elif answered.date is not None:
                launch.date = answered.date
                launch.date_reason = (
                    f"{ASSUMED_DATE_REASON}; assumed the day of the launch it responds to"
                )
            own = next(((t, found) for t, found in types if t.country == state), None) or next(
                ((t, found) for t, found in types if t.country not in named), None
            )
            if own is not None:
                t, found = own
                launch.designation = found.group(0).strip()
                launch.category = t.category
                launch.claims.append(
                    Claim(
                        "designation",
                        launch.designation,
                        sentence.start + found.start(),
                        sentence.start + found.end(),
                        fields.attribution(sentence),
                    )
                )
            launch.sources, source_claims = fields.sources([sentence], state)
            launch.claims.extend(source_claims)
            launches[state] = launch
    return list(launches.values())


def _states_named(text: str) -> set[str]:
    return {code for code, pattern in ACTOR_PATTERNS if pattern.search(text)}
