"""Articles: one page as read, its text and metadata, raw bytes kept for audit."""

from launchwatch.articles.model import Article

__all__ = ["Article"]
