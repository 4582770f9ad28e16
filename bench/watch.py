"""Benchmark live monitoring against a local feed server on 127.0.0.1.

Usage::

    .venv/bin/python bench/watch.py [--runs N] [--items N] [--interval S] [--json]

Latency: a watcher runs with a short poll interval; each run adds one item (a page reporting a
launch on a new day) to the feed, and times, from the moment the item appears, when the event is
queryable through the store (``get_event``, as the API reads it) and when the webhook receives
its alert. The same times are also given from the feed request that first carried the item,
which excludes the wait for the next poll. Medians over the runs.

Throughput: a fresh database, a feed of ``--items`` new items at once, one poll (fetch, extract,
save each page; then events and alerts); pages per second over the whole poll.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from localserver import LocalServer, launch_page, send, static

from launchwatch.alerts import Alerter
from launchwatch.sources.config import config_from_dict
from launchwatch.sources.fetch import Fetcher
from launchwatch.sources.monitor import Watcher
from launchwatch.sources.state import WatchState
from launchwatch.store import open_store
from launchwatch.store.database import connect
from launchwatch.store.location import database_url


@dataclass
class Feed:
    """An RSS feed whose items can be added while it is served; logs when each was served."""

    items: list[tuple[str, str]] = field(default_factory=list)  # path, RFC 822 date
    served: dict[str, float] = field(default_factory=dict)  # path -> first time in the feed
    lock: threading.Lock = field(default_factory=threading.Lock)

    def route(self, h: Any) -> None:
        with self.lock:
            items = list(self.items)
        now = time.monotonic()
        for path, _ in items:
            self.served.setdefault(path, now)
        body = "".join(
            f"<item><title>{p}</title><link>{p}</link><pubDate>{d}</pubDate></item>"
            for p, d in items
        )
        xml = f'<?xml version="1.0"?><rss version="2.0"><channel><title>b</title>{body}'
        send(h, 200, (xml + "</channel></rss>").encode(), "application/rss+xml")


def watcher_for(server: LocalServer, db: str, interval: float) -> tuple[Watcher, Any]:
    config = config_from_dict(
        {
            "feeds": [server.url("/feed.xml")],
            "interval": interval,
            "allow_private": ["127.0.0.1"],
            "fetch": {"host_interval": 0},
            "alerts": {"webhooks": [server.url("/hook")]},
        }
    )
    store = open_store(db)
    fetcher = Fetcher(config.fetch)
    engine = connect(database_url(db))
    alerter = Alerter(store, engine, config.alerts, fetcher.post_json, lambda s: False)
    watcher = Watcher(config, store, WatchState(engine), fetcher, alerter)

    def close() -> None:
        fetcher.close()
        store.close()
        engine.dispose()

    return watcher, close


def latency(runs: int, interval: float, workdir: Path) -> dict[str, float]:
    server, feed = LocalServer().start(), Feed()
    hooks: dict[str, float] = {}

    def hook(h: Any) -> None:
        hooks.setdefault(json.loads(h.body)["event_id"], time.monotonic())
        send(h, 204, b"", "text/plain")

    server.routes.update({"/feed.xml": feed.route, "/hook": hook})
    watcher, close = watcher_for(server, str(workdir / "latency.db"), interval)
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()
    reader = open_store(str(workdir / "latency.db"))
    to_event, to_hook, from_poll_event, from_poll_hook = [], [], [], []
    try:
        for n in range(runs):
            html, date = launch_page(n)
            path = f"/news/{n}"
            server.routes[path] = static(html)
            known = {e["id"] for e in reader.list_events()}
            appeared = time.monotonic()
            with feed.lock:
                feed.items.append((path, date))
            event_at, event_id = _wait_for_new_event(reader, known)
            while event_id not in hooks:
                time.sleep(0.005)
            polled = feed.served[path]
            to_event.append(event_at - appeared)
            to_hook.append(hooks[event_id] - appeared)
            from_poll_event.append(event_at - polled)
            from_poll_hook.append(hooks[event_id] - polled)
    finally:
        watcher.stop.set()
        thread.join()
        reader.close()
        close()
        server.stop()
    return {
        "runs": runs,
        "interval_s": interval,
        "event_queryable_s": statistics.median(to_event),
        "webhook_received_s": statistics.median(to_hook),
        "event_queryable_excl_poll_wait_s": statistics.median(from_poll_event),
        "webhook_received_excl_poll_wait_s": statistics.median(from_poll_hook),
    }


def _wait_for_new_event(reader: Any, known: set[str], timeout: float = 60) -> tuple[float, str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        fresh = [e["id"] for e in reader.list_events() if e["id"] not in known]
        if fresh and reader.get_event(fresh[0]) is not None:
            return time.monotonic(), fresh[0]
        time.sleep(0.01)
    raise TimeoutError("no new event")


def throughput(items: int, workdir: Path) -> dict[str, float]:
    server, feed = LocalServer().start(), Feed()
    server.routes.update({"/feed.xml": feed.route, "/hook": lambda h: send(h, 204, b"")})
    for n in range(items):
        html, date = launch_page(n)
        server.routes[f"/news/{n}"] = static(html)
        feed.items.append((f"/news/{n}", date))
    watcher, close = watcher_for(server, str(workdir / "throughput.db"), 60)
    try:
        watcher.alerter.start()
        started = time.monotonic()
        summary = watcher.poll()
        seconds = time.monotonic() - started
    finally:
        close()
        server.stop()
    record = summary.records[0]
    return {
        "items": items,
        "stored": record.stored,
        "failed": record.failed,
        "alerts": len(summary.alerts),
        "seconds": seconds,
        "pages_per_s": record.stored / seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--interval", type=float, default=0.5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = {
            "latency": latency(args.runs, args.interval, Path(tmp)),
            "throughput": throughput(args.items, Path(tmp)),
        }
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for section, figures in results.items():
        print(section)
        for name, value in figures.items():
            shown = f"{value:.3f}" if isinstance(value, float) else str(value)
            print(f"  {name:36} {shown}")


if __name__ == "__main__":
    main()
