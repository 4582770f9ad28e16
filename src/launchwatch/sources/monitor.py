"""Live monitoring: fetch pages into the store, and the watcher's poll loop.

One poll: each feed is fetched (conditionally, with the validators of its last answer), its
items not seen before (or changed since) are fetched, extracted and saved one by one, each in
its own transaction; each page source is fetched and saved the same way. Then the events are
recomputed once, alerts are recorded and delivered, and every source's part of the poll is
logged in ``watch_polls``. Nothing a source sends stops the poll: each failure is logged with
its reason and counted, and the next source is read.

A stop request (SIGINT / SIGTERM set ``stop``) is honoured between items: the item being saved
is finished, the events and alerts are brought up to date, and the loop ends.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from launchwatch.alerts import Alerter, DeliveryCounts
from launchwatch.articles import Article
from launchwatch.articles.decode import DecodeError
from launchwatch.pipeline import describe_exception
from launchwatch.reports.extract import extract_report
from launchwatch.sources.config import WatchConfig
from launchwatch.sources.feeds import FeedError, FeedItem, looks_like_feed, parse_feed
from launchwatch.sources.fetch import Fetched, Fetcher, FetchError
from launchwatch.sources.state import PollRecord, Validators, WatchState
from launchwatch.sources.web import article_from_page
from launchwatch.store import SaveOutcome, Store

log = logging.getLogger("launchwatch.watch")

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"

ItemCallback = Callable[[str, str], None]
"""``(url, outcome)`` after each item: stored outcome, "duplicate" or "failed"."""


def fetch_article(fetcher: Fetcher, url: str, published: str | None = None) -> Article:
    """Fetch one page and extract its Article; raises FetchError or DecodeError."""
    return article_from_page(fetcher.get(url), published)


def save_article(store: Store, article: Article) -> SaveOutcome:
    """Extract the article's report and save both in one transaction."""
    return store.save(article, extract_report(article))


@dataclass
class PollSummary:
    """One whole poll: each source's record, the alerts recorded and the deliveries made."""

    records: list[PollRecord] = field(default_factory=list)
    alerts: list[int] = field(default_factory=list)
    deliveries: DeliveryCounts = field(default_factory=DeliveryCounts)
    error: str | None = None  # events or alerts could not be brought up to date


class Watcher:
    """Polls the configured feeds and pages into ``store``; see the module docstring."""

    def __init__(
        self,
        config: WatchConfig,
        store: Store,
        state: WatchState,
        fetcher: Fetcher,
        alerter: Alerter,
        stop: threading.Event | None = None,
    ) -> None:
        self.config = config
        self.store = store
        self.state = state
        self.fetcher = fetcher
        self.alerter = alerter
        self.stop = stop or threading.Event()

    def run(
        self,
        once: bool = False,
        on_poll: Callable[[PollSummary], None] | None = None,
        on_item: ItemCallback | None = None,
        on_source: Callable[[str, int], None] | None = None,
    ) -> None:
        """Poll every ``interval`` seconds until stopped (or once); callbacks report progress."""
        self.alerter.start()
        while not self.stop.is_set():
            started = time.monotonic()
            summary = self.poll(on_item, on_source)
            if on_poll is not None:
                on_poll(summary)
            if once:
                return
            self.stop.wait(max(0.0, self.config.interval - (time.monotonic() - started)))

    def poll(
        self,
        on_item: ItemCallback | None = None,
        on_source: Callable[[str, int], None] | None = None,
    ) -> PollSummary:
        """One poll of every source, then events and alerts; see the module docstring."""
        summary = PollSummary()
        sources = [(url, True) for url in self.config.feeds]
        sources += [(url, False) for url in self.config.pages]
        for url, is_feed in sources:
            if self.stop.is_set():
                break
            record = PollRecord(source_url=url, started_at=datetime.now(UTC))
            clock = time.monotonic()
            try:
                if is_feed:
                    self._poll_feed(record, on_item, on_source)
                else:
                    self._poll_page(record, on_item)
            except (FetchError, FeedError, DecodeError) as exc:
                record.status, record.error = "error", str(exc)
                log.warning("%s: %s", url, exc)
            except Exception as exc:  # an unexpected failure of one source stops no other
                record.status, record.error = "error", describe_exception(exc)
                log.exception("%s: unexpected error", url)
            record.seconds = time.monotonic() - clock
            try:  # a database that fails here stops no other source, nor the loop
                self.state.record_poll(record)
            except Exception:
                log.exception("%s: poll not recorded", url)
            summary.records.append(record)
        try:
            self.store.refresh_events()
            summary.alerts = self.alerter.check()
            summary.deliveries = self.alerter.deliver()
        except Exception as exc:  # the articles are saved; the next poll tries again
            summary.error = describe_exception(exc)
            log.exception("events and alerts not updated")
        return summary

    def _poll_feed(
        self,
        record: PollRecord,
        on_item: ItemCallback | None,
        on_source: Callable[[str, int], None] | None,
    ) -> None:
        url = record.source_url
        fetched = self._conditional_get(url, FEED_ACCEPT)
        if fetched is None:
            record.status = "not_modified"
            return
        if not looks_like_feed(fetched.content_type, fetched.body):
            raise FeedError(f"{fetched.content_type or 'untyped'} answer is not a feed")
        items = parse_feed(fetched.body, fetched.url, fetched.headers.get("content-type", ""))
        fresh = self.state.unseen(items)
        record.items, record.new = len(items), len(fresh)
        if on_source is not None:
            on_source(url, len(fresh))
        for item in fresh:
            if self.stop.is_set():
                return  # validators not saved: the rest is read at the next start
            outcome = self._ingest(item, url)
            if on_item is not None:
                on_item(item.url, outcome)
            if outcome == "failed":
                record.failed += 1
            elif outcome not in ("duplicate", "unchanged"):  # as a page source counts it
                record.stored += 1
        if not record.failed:  # with failures, the next poll reads the whole feed again
            self._save_validators(url, "feed", fetched)

    def _poll_page(self, record: PollRecord, on_item: ItemCallback | None) -> None:
        url = record.source_url
        fetched = self._conditional_get(url, "text/html,application/xhtml+xml")
        if fetched is None:
            record.status = "not_modified"
            return
        record.items = record.new = 1
        outcome = save_article(self.store, article_from_page(fetched))
        record.stored = int(outcome != "unchanged")
        if on_item is not None:
            on_item(url, outcome)
        self._save_validators(url, "page", fetched)

    def _ingest(self, item: FeedItem, source_url: str) -> str:
        """Fetch, extract and save one feed item; returns its outcome and logs any failure."""
        try:
            article = fetch_article(self.fetcher, item.url, item.published)
            copy = self.state.copy_of(article.content_hash, item.url)
            if copy is not None:
                self.state.mark(item, source_url, "duplicate", article.content_hash)
                log.info("%s: same text as %s, not stored again", item.url, copy)
                return "duplicate"
            outcome = save_article(self.store, article)
        except (FetchError, DecodeError) as exc:
            log.warning("%s: %s", item.url, exc)
        except Exception as exc:  # one bad item must not stop the watcher
            log.exception("%s: %s", item.url, type(exc).__name__)
        else:
            self.state.mark(item, source_url, "stored", article.content_hash)
            return outcome
        self.state.mark(item, source_url, "failed")
        return "failed"

    def _conditional_get(self, url: str, accept: str) -> Fetched | None:
        """The answer to a conditional GET, or None when the source is not modified."""
        known = self.state.validators(url)
        fetched = self.fetcher.get(url, known.etag, known.last_modified, accept=accept)
        return None if fetched.not_modified else fetched

    def _save_validators(self, url: str, kind: str, fetched: Fetched) -> None:
        validators = Validators(fetched.headers.get("etag"), fetched.headers.get("last-modified"))
        self.state.save_validators(url, kind, validators)


__all__ = ["PollSummary", "Watcher", "fetch_article", "save_article"]
