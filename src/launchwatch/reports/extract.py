"""Extraction entry point: one article in, one Report out (no database, no network).

The reader is a chain of steps, each a module with one job, that an article passes through once:

1. ``text``: sentences (a line break always ends one);
2. ``mentions``: sentences that say a state launched something, with their traits;
3. ``dating``: the date frame (publication date, dateline) and each mention's launch date;
4. ``news``: which mentions are the article's news and which are background, plans, combat;
5. ``relevance``: whether the article's news is a launch at all, by a learned model;
6. ``launches``: the news grouped into launches (days, salvos), each read by ``fill`` from its
   own sentences with the readers in ``fields`` (values, evidence, sources);
7. ``responses``: other states' firings in answer, as launches of their own.
"""

from __future__ import annotations

from launchwatch.articles import Article
from launchwatch.reports import fields
from launchwatch.reports.dates import find_dates
from launchwatch.reports.dating import date_frame, date_mentions
from launchwatch.reports.launches import build_launches
from launchwatch.reports.mentions import find_mentions
from launchwatch.reports.model import Report
from launchwatch.reports.news import dominant_country, find_news, says_no_launch
from launchwatch.reports.responses import response_launches
from launchwatch.reports.text import split_sentences
from launchwatch.reports.vocab import find_types


def extract_report(article: Article) -> Report:
    """Read one article and return its account of launches, with evidence for every value."""
    text = article.text
    _clear_caches()
    sentences = split_sentences(text)
    mentions = find_mentions(sentences, text)
    if not mentions or says_no_launch(text):
        return Report(launch_report=False)
    country = dominant_country(mentions, text)
    for m in mentions:
        m.country = m.country or country
    frame = date_frame(article, text, country)
    resolved = date_mentions(mentions, text, frame)
    news = find_news(mentions, resolved, frame, text)
    if not news.news:
        return Report(launch_report=False, background=news.background)
    events = build_launches(news, resolved, frame, sentences, text)
    events += response_launches(news.responses, resolved, events[0])
    return Report(
        launch_report=True, events=events, background=news.background, relevance_score=1.0
    )


def _clear_caches() -> None:
    """Caches live for one article: repeated lookups within it are free, nothing carries over."""
    find_dates.cache_clear()
    find_types.cache_clear()
    fields.clear_caches()
