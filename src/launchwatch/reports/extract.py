"""Extraction entry point: one article in, one Report out (no database, no network).

The reader is a chain of steps, each a module with one job, that an article passes through once:

1. ``text``: sentences (a line break always ends one);
2. ``mentions``: sentences that say a state launched something, with their traits;
3. ``dating``: the date frame (publication date, dateline) and each mention's launch date;
4. ``news``: which mentions are the article's news and which are background, plans, combat
   (steps 1-4 are ``reading.read_news``, whose ``Reading`` keeps what each found);
5. ``relevance``: whether the article's news is a launch at all, by a learned model;
6. ``launches``: the news grouped into launches (days, salvos), each read by ``fill`` from its
   own sentences with the readers in ``fields`` (values, evidence, sources);
7. ``responses``: other states' firings in answer, as launches of their own.
"""

from __future__ import annotations

from launchwatch.articles import Article
from launchwatch.reports import fields, relevance
from launchwatch.reports.dates import find_dates
from launchwatch.reports.launches import build_launches
from launchwatch.reports.model import Report
from launchwatch.reports.reading import read_news
from launchwatch.reports.responses import response_launches
from launchwatch.reports.vocab import find_types


def extract_report(article: Article) -> Report:
    """Read one article and return its account of launches, with evidence for every value."""
    _clear_caches()
    reading = read_news(article)  # steps 1-4
    if reading is None:
        return Report(launch_report=False)
    news = reading.news
    if not news.news:
        return Report(launch_report=False, background=news.background)
    is_news, probability = relevance.is_launch_news(reading)
    if not is_news:
        return Report(launch_report=False, background=news.background, relevance_score=probability)
    events = build_launches(news, reading.resolved, reading.frame, reading.sentences, reading.text)
    events += response_launches(news.responses, reading.resolved, events[0])
    return Report(
        launch_report=True, events=events, background=news.background,
        relevance_score=probability,
    )  # fmt: skip


def _clear_caches() -> None:
    """Caches live for one article: repeated lookups within it are free, nothing carries over."""
    find_dates.cache_clear()
    find_types.cache_clear()
    fields.clear_caches()
