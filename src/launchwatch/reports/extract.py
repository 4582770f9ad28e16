"""Extraction entry point: one article in, one Report out (no database, no network)."""

from __future__ import annotations

from launchwatch.articles import Article
from launchwatch.reports.model import Report


def extract_report(article: Article) -> Report:
    """Read one article and return its account of launches, with evidence for every value."""
    raise NotImplementedError
