"""The reader's first steps, up to the article's news: what the relevance step and training see.

``read_news`` runs sentences → mentions → date frame → mention dates → news on one article and
keeps every intermediate result in a ``Reading``, so that the learned relevance step (and the
script that trains it) judge an article from exactly what the rules made of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from launchwatch.articles import Article
from launchwatch.reports.dating import DateFrame, MentionDate, date_frame, date_mentions
from launchwatch.reports.mentions import Mention, find_mentions
from launchwatch.reports.news import News, dominant_country, find_news, says_no_launch
from launchwatch.reports.text import Sentence, split_sentences


@dataclass
class Reading:
    """One article read up to its news."""

    article: Article
    text: str
    sentences: list[Sentence]
    mentions: list[Mention]
    frame: DateFrame
    resolved: dict[int, MentionDate]  # id(mention) -> its launch date and why
    news: News


def read_news(article: Article) -> Reading | None:
    """Read an article up to its news; None when it mentions no launch or says none happened."""
    text = article.text
    sentences = split_sentences(text)
    mentions = find_mentions(sentences, text)
    if not mentions or says_no_launch(text):
        return None
    country = dominant_country(mentions, text)
    for m in mentions:
        m.country = m.country or country
    frame = date_frame(article, text, country)
    resolved = date_mentions(mentions, text, frame)
    news = find_news(mentions, resolved, frame, text)
    return Reading(article, text, sentences, mentions, frame, resolved, news)
