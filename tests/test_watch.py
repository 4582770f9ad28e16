"""The watcher against real feeds, pages and a webhook receiver on 127.0.0.1."""

from __future__ import annotations

import hashlib
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import defusedxml.ElementTree
import pytest
from localserver import Hook, LocalServer, gzip_bomb, page, redirect, send, static
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from launchwatch.alerts import Alerter
from launchwatch.alerts.atom import alerts_feed
from launchwatch.sources.config import config_from_dict
from launchwatch.sources.feeds import FeedError, parse_feed
from launchwatch.sources.fetch import Fetcher
from launchwatch.sources.monitor import PollSummary, Watcher
from launchwatch.sources.state import WatchState
from launchwatch.store import Store, open_store
from launchwatch.store.database import connect
from launchwatch.store.location import database_url

FLASH = page(
    "North Korea fires missile",
    "2025-10-21T07:20:00+09:00",
    "SEOUL — North Korea fired an unidentified ballistic missile toward the East Sea on Tuesday "
    "morning, South Korea's Joint Chiefs of Staff said.",
    "The JCS did not give further details. This is a developing story and will be updated as "
    "more information becomes available from officials in Seoul.",
)
CORRECTED = page(
    "North Korea fires two missiles",
    "2025-10-21T07:20:00+09:00",
    "SEOUL — North Korea fired two short-range ballistic missiles into the East Sea on Tuesday "
    "morning, South Korea's Joint Chiefs of Staff said.",
    "The missiles were launched from the Sukchon area at around 7:10 a.m. and flew about 380 "
    "kilometers, the JCS said in a text message to reporters.",
)
STATE_MEDIA = page(
    "KCNA says new missile tested",
    "2025-10-22T08:15:00+09:00",
    "SEOUL — North Korea's Korean Central News Agency said on Wednesday that the country had "
    "test-fired two Hwasong-11Ma tactical ballistic missiles on Tuesday.",
    "The missiles flew 380 kilometers and hit a target in the East Sea, KCNA said, adding that "
    "the test was supervised by leader Kim Jong Un.",
)


@dataclass
class Feed:
    """An RSS feed served with an ETag, answering 304 while it is unchanged."""

    items: list[tuple[str, str, str | None]] = field(default_factory=list)  # path, title, date

    def body(self, base: str) -> bytes:
        entries = "".join(
            f"<item><title>{title}</title><link>{path}</link>"
            + (f"<pubDate>{date}</pubDate>" if date else "")
            + "</item>"
            for path, title, date in self.items
        )
        return (
            f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Local wire</title><link>{base}</link>{entries}</channel></rss>"
        ).encode()

    def route(self, server: LocalServer):
        def serve(h) -> None:
            body = self.body(server.url("/"))
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if h.headers.get("If-None-Match") == etag:
                send(h, 304, b"")
            else:
                send(h, 200, body, "application/rss+xml", {"ETag": etag})

        return serve


@dataclass
class Rig:
    """A watcher with its server, store and database."""

    server: LocalServer
    store: Store
    engine: Engine
    watcher: Watcher
    state: WatchState


@pytest.fixture
def server() -> Iterator[LocalServer]:
    local = LocalServer().start()
    yield local
    local.stop()


@pytest.fixture
def make_rig(server: LocalServer, db_url: str) -> Iterator[Callable[..., Rig]]:
    """Makes a watcher on a fresh database; keyword arguments change its settings."""
    with ExitStack() as stack:

        def make(
            feeds: tuple[str, ...] = ("/feed.xml",),
            pages: tuple[str, ...] = (),
            **alerts: Any,
        ) -> Rig:
            data = {
                "feeds": [server.url(p) for p in feeds],
                "pages": [server.url(p) for p in pages],
                "interval": 0.1,
                "allow_private": ["127.0.0.1"],
                "fetch": {
                    "host_interval": 0,
                    "total_timeout": 3,
                    "backoff": 0.01,
                    "max_bytes": 1 << 20,
                },
                "alerts": {"webhooks": [server.url("/hook")], "backoff": 0.01, **alerts},
            }
            config = config_from_dict(data)
            store = stack.enter_context(open_store(db_url))
            fetcher = stack.enter_context(Fetcher(config.fetch))
            engine = connect(database_url(db_url))
            stack.callback(engine.dispose)
            state = WatchState(engine)
            alerter = Alerter(store, engine, config.alerts, fetcher.post_json, lambda s: False)
            alerter.start()
            return Rig(
                server, store, engine, Watcher(config, store, state, fetcher, alerter), state
            )

        yield make


@pytest.fixture
def rig(make_rig: Callable[..., Rig]) -> Rig:
    return make_rig()


RFC822 = format_datetime(datetime.fromisoformat("2025-10-21T07:25:00+09:00"))


def test_a_launch_unfolding_over_polls_sends_exactly_the_right_alerts(rig: Rig) -> None:
    feed, hook, server = Feed(), Hook(), rig.server
    server.routes.update({"/feed.xml": feed.route(server), "/hook": hook.route})
    server.routes["/news/flash"] = static(FLASH)
    feed.items.append(("/news/flash", "North Korea fires missile", RFC822))

    first = rig.watcher.poll()  # the flash
    server.routes["/news/flash"] = static(CORRECTED)
    feed.items[0] = ("/news/flash", "North Korea fires two missiles", RFC822)
    second = rig.watcher.poll()  # the correction, same url
    server.routes["/news/kcna"] = static(STATE_MEDIA)
    feed.items.append(("/news/kcna", "KCNA says new missile tested", None))
    third = rig.watcher.poll()  # state media: the type name
    fourth = rig.watcher.poll()  # nothing new: the feed answers 304

    assert [len(p.alerts) for p in (first, second, third, fourth)] == [1, 1, 1, 0]
    assert fourth.records[0].status == "not_modified"
    assert [a["kind"] for a in hook.received] == ["new", "changed", "changed"]
    assert len({a["event_id"] for a in hook.received}) == 1
    assert hook.received[0]["event"]["values"]["missile_count"] == 1
    assert hook.received[1]["changes"]["missile_count"] == {"old": 1, "new": 2}
    assert hook.received[2]["changes"]["designation"] == {"old": None, "new": "Hwasong-11Ma"}
    assert {r["url"] for r in hook.received[2]["reports"]} == {
        server.url("/news/flash"),
        server.url("/news/kcna"),
    }
    assert [a["alert_id"] for a in hook.received] == [1, 2, 3]

    feed_xml = alerts_feed(rig.watcher.alerter.ledger.recent(), "http://localhost/alerts.atom")
    entries = defusedxml.ElementTree.fromstring(feed_xml).findall(
        "{http://www.w3.org/2005/Atom}entry"
    )
    assert len(entries) == 3


def test_a_first_poll_that_dies_before_its_alerts_are_recorded_alerts_at_the_next_start(
    make_rig: Callable[..., Rig], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Found by the crash suite: the first start on an empty store takes nothing as its baseline,
    # which leaves the ledger empty, so a restart after a crash between the first poll's event
    # refresh and its alerts took the new events as the baseline and never alerted them.
    first = make_rig()
    feed, hook, server = Feed(), Hook(), first.server
    server.routes.update({"/feed.xml": feed.route(server), "/hook": hook.route})
    server.routes["/news/flash"] = static(CORRECTED)
    feed.items.append(("/news/flash", "North Korea fires two missiles", RFC822))

    def crash() -> list[int]:
        raise KeyboardInterrupt  # what a kill -9 here would leave behind

    monkeypatch.setattr(first.watcher.alerter, "check", crash)
    with pytest.raises(KeyboardInterrupt):
        first.watcher.poll()
    assert first.store.counts()["events"] == 1

    restarted = make_rig()  # alerter.start() as the command does it
    summary = restarted.watcher.poll()
    assert len(summary.alerts) == 1
    assert [a["kind"] for a in hook.received] == ["new"]


def test_a_failed_webhook_is_retried_with_backoff_and_recorded(rig: Rig) -> None:
    feed, hook, server = Feed(), Hook(failures=2), rig.server
    server.routes.update({"/feed.xml": feed.route(server), "/hook": hook.route})
    server.routes["/news/flash"] = static(CORRECTED)
    feed.items.append(("/news/flash", "North Korea fires two missiles", RFC822))
    summary = rig.watcher.poll()
    assert summary.deliveries.delivered == 1
    assert len(hook.received) == 1
    (delivery,) = rig.watcher.alerter.ledger.deliveries()
    assert (delivery["status"], delivery["attempts"]) == ("delivered", 3)
    assert delivery["last_error"] == "HTTP 500"


def test_a_webhook_that_keeps_failing_is_given_up_after_its_attempts(
    make_rig: Callable[..., Rig],
) -> None:
    rig = make_rig(retries=0, max_attempts=2)
    feed, hook, server = Feed(), Hook(failures=99), rig.server
    server.routes.update({"/feed.xml": feed.route(server), "/hook": hook.route})
    server.routes["/news/flash"] = static(CORRECTED)
    feed.items.append(("/news/flash", "North Korea fires two missiles", RFC822))
    assert rig.watcher.poll().deliveries.retrying == 1
    time.sleep(0.05)  # past the backoff
    assert rig.watcher.poll().deliveries.failed == 1
    (delivery,) = rig.watcher.alerter.ledger.deliveries()
    assert (delivery["status"], delivery["attempts"]) == ("failed", 2)
    assert rig.watcher.poll().deliveries.failed == 0  # not tried again


def test_hostile_feeds_and_items_are_refused_with_a_reason_and_the_watcher_goes_on(
    make_rig: Callable[..., Rig], caplog: pytest.LogCaptureFixture
) -> None:
    rig = make_rig(
        feeds=("/bomb.xml", "/broken.xml", "/garbage.xml", "/feed.xml"), pages=("/press",)
    )
    server, feed = rig.server, Feed()
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(f'<!ENTITY a{i} "{"&a;" * 10}">'.encode() for i in range(1, 10))
        + b"]><rss><channel><item><title>&a9;</title><link>/x</link></item></channel></rss>"
    )
    server.routes["/bomb.xml"] = static(bomb, "application/rss+xml")
    server.routes["/broken.xml"] = static(b"<html><body>Oops</body></html>", "text/html")
    server.routes["/garbage.xml"] = static(b"\xff\xfe\x00garbage" * 10, "application/xml")
    server.routes["/press"] = static(STATE_MEDIA)
    server.routes["/feed.xml"] = feed.route(server)
    server.routes["/hook"] = Hook().route
    server.routes["/news/bomb"] = gzip_bomb(50 * 1024 * 1024)
    server.routes["/news/meta"] = redirect("http://169.254.169.254/latest/meta-data/")
    server.routes["/news/ok"] = static(CORRECTED)
    feed.items += [
        ("/news/bomb", "zip", None),
        ("/news/meta", "metadata", None),
        ("/news/missing", "404", None),
        ("/news/ok", "ok", RFC822),
    ]
    with caplog.at_level(logging.INFO, logger="launchwatch"):
        summary = rig.watcher.poll()
    by_url = {r.source_url: r for r in summary.records}
    bombed = by_url[server.url("/bomb.xml")]
    assert bombed.status == "error" and "EntitiesForbidden" in (bombed.error or "")
    assert "not a feed" in (by_url[server.url("/broken.xml")].error or "")
    assert by_url[server.url("/garbage.xml")].status == "error"
    good = by_url[server.url("/feed.xml")]
    assert (good.items, good.new, good.stored, good.failed) == (4, 4, 1, 3)
    assert by_url[server.url("/press")].stored == 1
    log = caplog.text
    assert "after gzip decoding" in log
    assert "169.254.169.254: cloud metadata address" in log
    assert "HTTP 404" in log
    assert len(rig.store.list_events()) == 1
    assert len(rig.state.recent_polls()) == 5


def test_a_poll_that_cannot_be_recorded_stops_no_other_source_nor_the_loop(
    make_rig: Callable[..., Rig], caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    rig = make_rig(feeds=(), pages=("/press", "/wire"))
    server = rig.server
    server.routes.update(
        {"/press": static(STATE_MEDIA), "/wire": static(CORRECTED), "/hook": Hook().route}
    )

    def broken(record: object) -> None:  # every record_poll fails, as on a damaged poll log
        raise OperationalError("INSERT INTO watch_polls", {}, Exception("disk I/O error"))

    monkeypatch.setattr(rig.state, "record_poll", broken)
    polls: list[PollSummary] = []
    with caplog.at_level(logging.INFO, logger="launchwatch"):
        rig.watcher.run(once=True, on_poll=polls.append)
    [summary] = polls
    assert [(r.source_url, r.stored) for r in summary.records] == [
        (server.url("/press"), 1),
        (server.url("/wire"), 1),
    ]
    assert summary.error is None  # events and alerts were brought up to date
    assert rig.store.counts()["articles"] == 2
    assert len(rig.store.list_events()) == 1
    assert caplog.text.count("poll not recorded") == 2


def test_items_are_deduplicated_by_canonical_url_and_by_text(rig: Rig) -> None:
    feed, server = Feed(), rig.server
    server.routes.update({"/feed.xml": feed.route(server), "/hook": Hook().route})
    server.routes["/wire/a"] = static(CORRECTED)
    server.routes["/mirror/a"] = static(CORRECTED)  # the same wire story on another site
    feed.items += [
        ("/wire/a?utm_source=rss#top", "one", RFC822),
        ("/wire/a", "one", RFC822),
        ("/mirror/a", "copy", RFC822),
    ]
    record = rig.watcher.poll().records[0]
    assert (record.items, record.stored) == (2, 1)
    assert rig.store.counts()["articles"] == 1
    assert len(server.hits("/wire/a")) == 1


def test_a_stop_request_finishes_the_item_in_hand_and_the_rest_comes_next_time(rig: Rig) -> None:
    feed, server = Feed(), rig.server
    server.routes.update({"/feed.xml": feed.route(server), "/hook": Hook().route})
    for n in range(3):
        server.routes[f"/news/{n}"] = static(CORRECTED.replace(b"Tuesday", f"Tuesday {n}".encode()))
        feed.items.append((f"/news/{n}", f"item {n}", RFC822))
    summary = rig.watcher.poll(on_item=lambda url, outcome: rig.watcher.stop.set())
    assert summary.records[0].stored == 1
    assert rig.store.counts()["articles"] == 1
    rig.watcher.stop.clear()
    record = rig.watcher.poll().records[0]
    assert (record.status, record.stored) == ("ok", 2)  # no 304: the feed is read again


def test_feeds_in_rss_and_atom_with_relative_links_entities_and_another_charset() -> None:
    atom = (
        '<?xml version="1.0" encoding="EUC-KR"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://127.0.0.1/ko/">'
        "<title>t</title><entry><id>1</id><title>북한, 동해상으로 탄도미사일 발사</title>"
        '<link href="2025/10/21/1.html"/><updated>2025-10-21T07:30:00+09:00</updated></entry>'
        "</feed>"
    ).encode("euc-kr")
    (item,) = parse_feed(atom, "http://127.0.0.1/feed.atom")
    assert item.url == "http://127.0.0.1/ko/2025/10/21/1.html"
    assert item.title == "북한, 동해상으로 탄도미사일 발사"
    assert item.published == "2025-10-21T07:30:00+09:00"
    rss = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        b"<item><title>Missiles &amp; rockets &#8212; update</title><link>/n/1</link>"
        b"<pubDate>Tue, 21 Oct 2025 07:30:00 +0900</pubDate></item>"
        b"<item><title>No date</title><link>n/2</link></item></channel></rss>"
    )
    first, second = parse_feed(rss, "http://127.0.0.1/feeds/rss.xml")
    assert (first.url, first.title) == ("http://127.0.0.1/n/1", "Missiles & rockets — update")
    assert first.published == "2025-10-21T07:30:00+09:00"
    assert (second.url, second.published) == ("http://127.0.0.1/feeds/n/2", None)


def _sjis_feed(doctype: str, title: str) -> bytes:
    """A feed in Shift_JIS, which the checking parser cannot read (so it is checked by text)."""
    return (
        f'<?xml version="1.0" encoding="Shift_JIS"?>{doctype}<rss version="2.0"><channel>'
        f"<item><title>{title}</title><link>http://127.0.0.1/n/1</link></item>"
        "</channel></rss>"
    ).encode("shift_jis")


def test_a_feed_the_checker_cannot_read_is_refused_only_when_it_declares_entities() -> None:
    declared = _sjis_feed('<!DOCTYPE rss [<!ENTITY a "ミサイル">]>', "&a; 発射")
    with pytest.raises(FeedError, match="entity declaration in a malformed feed"):
        parse_feed(declared, "http://127.0.0.1/feed.xml")
    mentioned = _sjis_feed("", "The ENTITY list: ミサイル発射 <!-- an <!ENTITY in a comment -->")
    [item] = parse_feed(mentioned, "http://127.0.0.1/feed.xml")
    assert item.title is not None and "ミサイル発射" in item.title
    plain_doctype = _sjis_feed('<!DOCTYPE rss PUBLIC "-//Netscape//DTD RSS 0.91//EN">', "ENTITY")
    assert [i.url for i in parse_feed(plain_doctype, "http://127.0.0.1/feed.xml")] == [
        "http://127.0.0.1/n/1"
    ]


def test_a_malformed_feed_that_mentions_entities_is_read() -> None:
    malformed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>ENTITY & more</title>'
        b"<item><title>The ENTITY list grows</title><link>http://127.0.0.1/n/1</link></item>"
        b"</channel></rss>"
    )
    [item] = parse_feed(malformed, "http://127.0.0.1/feed.xml")
    assert item.title == "The ENTITY list grows"
    in_utf16 = malformed.decode().replace('"1.0"?', '"1.0" encoding="utf-16"?').encode("utf-16")
    assert [i.title for i in parse_feed(in_utf16, "http://127.0.0.1/feed.xml")] == [item.title]


def test_the_watch_command_stops_cleanly_on_sigterm(
    server: LocalServer, tmp_path: Path, db_url: str
) -> None:
    feed = Feed([("/news/ok", "ok", RFC822)])
    server.routes.update({"/feed.xml": feed.route(server), "/news/ok": static(CORRECTED)})
    config = tmp_path / "watch.toml"
    config.write_text(
        f'feeds = ["{server.url("/feed.xml")}"]\ninterval = 60\n'
        'allow_private = ["127.0.0.1"]\n[fetch]\nhost_interval = 0\n'
    )
    code = "from launchwatch.sources.commands import watch; watch()"
    process = subprocess.Popen(
        [sys.executable, "-c", code, "--config", str(config), "--db", db_url, "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        deadline = time.monotonic() + 30
        while not server.hits("/news/ok") and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)  # into the wait between polls
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0, process.stderr.read() if process.stderr else ""
    finally:
        process.kill()
    with open_store(db_url) as store:
        assert store.counts()["articles"] == 1
