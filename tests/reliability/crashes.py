"""Crash harness of the reliability suite (tests/reliability and bench/reliability.py).

``kill -9`` of a real ``launchwatch ingest`` or ``launchwatch watch`` process at a random moment,
then the checks a crash must pass: SQLite's ``PRAGMA integrity_check`` and the store's own
:func:`~launchwatch.store.consistency.check_consistency`. :func:`record` is the store's content
in a canonical form (row ids and timestamps, which legitimately differ between runs, replaced by
what they point at), so that a store that went through crashes can be compared with one that
did not.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from localserver import Hook, LocalServer, launch_page, send
from servefixture import FIXTURE
from sqlalchemy import create_engine, select, text

from launchwatch.store import open_store
from launchwatch.store.consistency import check_consistency
from launchwatch.store.monitoring import alert_deliveries, alerts
from launchwatch.store.schema import (
    article_versions,
    articles,
    background_mentions,
    claims,
    event_reports,
    events,
    reports,
)

CLI = [sys.executable, "-m", "launchwatch.cli"]
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "dev.jsonl"


def ingest_input() -> Path:
    """What the ingest crash tests read: the labelled corpus where it is checked out beside the
    project (359 pages), else the web app's fixture reports."""
    return CORPUS if CORPUS.exists() else FIXTURE


def environment() -> dict[str, str]:
    """The environment of the processes under test: no LAUNCHWATCH_ settings of the caller."""
    return {k: v for k, v in os.environ.items() if not k.startswith("LAUNCHWATCH_")}


def problems(db: str) -> list[str]:
    """Every broken invariant of the store at ``db`` (SQLite's integrity check included)."""
    with open_store(db) as store:
        return [str(p) for p in check_consistency(store)]


def kill_after(command: list[str], delay: float) -> bool:
    """Run ``command``, ``kill -9`` it after ``delay`` seconds; False if it had ended by then."""
    process = subprocess.Popen(
        command, env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        process.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return True


def run(command: list[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``command`` to its end, raising with its output when it fails."""
    done = subprocess.run(
        command, env=environment(), capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        raise AssertionError(f"{command[3:]} exited {done.returncode}: {done.stderr[-2000:]}")
    return done


@dataclass
class CrashReport:
    """What a series of kills did: kills made, runs that ended before their kill, and the
    problems found after any kill (each prefixed with the kill's number)."""

    kills: int = 0
    finished: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def survived(self) -> int:
        """Kills after which the store was sound."""
        return self.kills - len({p.split(":")[0] for p in self.problems})


def crash_repeatedly(
    command: list[str], db: str, count: int, window: tuple[float, float], rng: random.Random
) -> CrashReport:
    """Start ``command`` until it was killed ``count`` times (at most twice that many runs),
    each killed after a random delay within ``window`` (seconds) unless it ended first, and
    check the store after each run."""
    report = CrashReport()
    for n in range(2 * count):
        if report.kills == count:
            break
        if kill_after(command, rng.uniform(*window)):
            report.kills += 1
        else:
            report.finished += 1
        report.problems += [f"kill {n}: {p}" for p in problems(db)]
    return report


def terminate_backends(url: str) -> int:
    """Cut every connection to the PostgreSQL database of ``url`` (only that database's, from
    a connection of its own); returns how many were cut."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            return len(
                conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                ).all()
            )
    finally:
        engine.dispose()


def ingest_command(db: str, source: Path) -> list[str]:
    """``launchwatch ingest -q --db DB SOURCE``."""
    return [*CLI, "ingest", "-q", "--db", db, str(source)]


def ingest_crashes(db: str, kills: int, seed: int, seconds: float) -> CrashReport:
    """``ingest`` of :func:`ingest_input` killed ``kills`` times within its first ``seconds``
    (how long an uninterrupted run takes), then run once more to its end."""
    command = ingest_command(db, ingest_input())
    report = crash_repeatedly(command, db, kills, (0.3, 0.8 * seconds), random.Random(seed))
    run(command)
    report.problems += [f"final: {p}" for p in problems(db)]
    return report


def record(db: str) -> dict[str, Any]:
    """The store's articles, reports, claims, events and alerts, without ids or timestamps.

    Reports are named ``url#position@hash``, claims by their report, field and span; the ids
    inside events' values (``report_id``, ``claim_id``, ``reports``) are replaced by those names.
    """
    with open_store(db) as store, store.engine.connect() as conn:
        report_names = {
            r.id: f"{r.url}#{r.position}@{r.content_hash[:16]}"
            for r in conn.execute(
                select(
                    reports.c.id,
                    reports.c.position,
                    articles.c.url,
                    article_versions.c.content_hash,
                )
                .join(article_versions, article_versions.c.id == reports.c.version_id)
                .join(articles, articles.c.id == article_versions.c.article_id)
            )
        }
        claim_rows = conn.execute(select(claims)).all()
        claim_names = {
            c.id: f"{report_names[c.report_id]}:{c.field}:{c.span_start}" for c in claim_rows
        }

        def named(value: Any, key: str = "") -> Any:
            if isinstance(value, dict):
                return {k: named(v, k) for k, v in value.items()}
            if isinstance(value, list):
                items = [named(v, key) for v in value]
                return sorted(items, key=str) if key == "reports" else items
            if key in ("report_id", "reports") and isinstance(value, int):
                return report_names[value]
            if key == "claim_id" and isinstance(value, int):
                return claim_names[value]
            return value

        versions = conn.execute(
            select(articles.c.url, articles.c.outlet, article_versions).join(
                article_versions, article_versions.c.article_id == articles.c.id
            )
        ).all()
        members = conn.execute(select(event_reports)).all()
        mentions = conn.execute(
            select(background_mentions, article_versions.c.content_hash, articles.c.url)
            .join(article_versions, article_versions.c.id == background_mentions.c.version_id)
            .join(articles, articles.c.id == article_versions.c.article_id)
        ).all()
        return {
            "versions": sorted(
                [
                    v.url,
                    v.outlet,
                    v.content_hash,
                    v.is_current,
                    v.title,
                    v.published,
                    v.language,
                    v.launch_report,
                    v.relevance_score,
                    v.origin,
                ]
                for v in versions
            ),
            "reports": sorted(
                [report_names[r.id], r.country, r.date, r.date_reason, r.time_local, r.resolved]
                for r in conn.execute(select(reports))
            ),
            "claims": sorted(
                [claim_names[c.id], c.value, c.span_end, c.source, c.hedge, c.confidence]
                for c in claim_rows
            ),
            "events": {
                e.id: [
                    e.country,
                    e.date,
                    named(e.resolved),
                    named(e.conflicts),
                    e.confirmation,
                    named(e.provenance),
                    e.place_name,
                    e.lat,
                    e.lon,
                    sorted(
                        [report_names[m.report_id], report_names.get(m.family)]
                        for m in members
                        if m.event_id == e.id
                    ),
                ]
                for e in conn.execute(select(events))
            },
            "mentions": sorted(
                [
                    m.url,
                    m.content_hash,
                    m.position,
                    m.country,
                    m.date,
                    m.span_start,
                    m.span_end,
                    m.event_id,
                ]
                for m in mentions
            ),
        }


def digest(db: str, arrival: bool = True, events: bool = True) -> str:
    """A short hash of :func:`record`: equal for stores with the same content, on either
    backend (PostgreSQL hands a JSON 500 back as 500.0, SQLite as 500: both become 500).

    Without ``arrival``, what depends on the order the store first saw the articles in is left
    out: the resolver breaks ties between equal statements of one day by that order
    (``earliest_first``), which decides which claim a value is credited to and the order of
    a conflict's values. Items that failed and are stored by a later run arrive later.
    Without ``events``, only what was read and stored is compared (articles to claims).
    """
    content = record(db)
    if not events:  # articles, versions, reports, claims only
        del content["events"], content["mentions"]
    if not arrival and events:
        for values in content["events"].values():
            values[3] = {k: sorted(v, key=str) for k, v in values[3].items()}  # conflicts
            values[5] = {k: [v["value"], v["rule"]] for k, v in values[5].items()}  # provenance
    canonical = json.dumps(
        _whole_floats_as_ints(content), sort_keys=True, ensure_ascii=False, default=str
    )
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def _whole_floats_as_ints(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _whole_floats_as_ints(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_whole_floats_as_ints(v) for v in value]
    return value


def alert_ledger(db: str) -> tuple[list[tuple[int, str, str]], list[str]]:
    """The alerts recorded (id, event, change hash) and the deliveries' states."""
    with open_store(db) as store, store.engine.connect() as conn:
        recorded = [
            tuple(r)
            for r in conn.execute(
                select(alerts.c.id, alerts.c.event_id, alerts.c.change_hash).order_by(alerts.c.id)
            )
        ]
        states = list(conn.scalars(select(alert_deliveries.c.status)))
    return recorded, states


@dataclass
class PublishingFeed:
    """An RSS feed on a :class:`LocalServer` that publishes one more launch page every
    ``every`` seconds, up to ``count`` pages (``/news/<n>``), newest first."""

    server: LocalServer
    count: int
    every: float
    started: float = field(default_factory=time.monotonic)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.server.routes["/feed.xml"] = self._feed
        for n in range(self.count):
            html, _ = launch_page(n)
            self.server.routes[f"/news/{n}"] = _page_route(html)

    def published(self) -> int:
        """How many pages the feed carries now."""
        return min(self.count, 1 + int((time.monotonic() - self.started) / self.every))

    def publish_all(self) -> None:
        """Carry every page from now on."""
        self.started -= self.count * self.every

    def _feed(self, h: Any) -> None:
        entries = "".join(
            f"<item><title>Launch {n}</title><link>{self.server.url(f'/news/{n}')}</link>"
            f"<pubDate>{launch_page(n)[1]}</pubDate></item>"
            for n in reversed(range(self.published()))
        )
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>w</title>{entries}'
        send(h, 200, (body + "</channel></rss>").encode(), "application/rss+xml")


@dataclass
class WatchOutcome:
    """What :func:`watch_crashes` found: the kills, whether the final store equals a store
    that one uninterrupted poll of the whole feed made, and the alerts: recorded, events
    never alerted, recorded but never received, undelivered, and POSTs repeated."""

    crashes: CrashReport
    matches: bool
    alerts: int
    unalerted: int
    lost: int
    undelivered: int
    repeated: int


def watch_crashes(db: str, folder: Path, kills: int, seed: int) -> WatchOutcome:
    """``watch`` killed ``kills`` times while a local feed publishes launch pages, then run
    once more to the end (``--once``) after the whole feed is out; compared with a reference
    store (in ``folder``) that a single uninterrupted ``watch --once`` made."""
    server = LocalServer().start()
    try:
        hook, reference_hook = Hook(), Hook()
        server.routes.update({"/hook": hook.route, "/reference-hook": reference_hook.route})
        feed = PublishingFeed(server, count=12, every=0.4)
        config = watch_config(folder / "watch.toml", server)
        crashes = crash_repeatedly(
            watch_command(db, config), db, kills, (1.0, 3.0), random.Random(seed)
        )
        feed.publish_all()
        run(watch_command(db, config, once=True))
        crashes.problems += [f"final: {p}" for p in problems(db)]
        reference = str(folder / "reference.db")
        reference_config = watch_config(folder / "reference.toml", server, "/reference-hook")
        run(watch_command(reference, reference_config, once=True))
        matches = digest(db) == digest(reference)
    finally:
        server.stop()
    recorded, states = alert_ledger(db)
    ours = {alert_id for alert_id, _, _ in recorded}
    received = Counter(payload["alert_id"] for payload in hook.received)
    return WatchOutcome(
        crashes=crashes,
        matches=matches,
        alerts=len(recorded),
        unalerted=len(set(record(db)["events"]) - {event for _, event, _ in recorded}),
        lost=len(ours - set(received)),
        undelivered=sum(state != "delivered" for state in states),
        repeated=sum(received.values()) - len(received),
    )


def _page_route(html: bytes) -> Callable[[Any], None]:
    return lambda h: send(h, 200, html)


def watch_config(
    path: Path, server: LocalServer, hook: str = "/hook", interval: float = 0.2
) -> Path:
    """A watch.toml polling ``server``'s feed every ``interval`` s, alerting its ``hook``."""
    path.write_text(
        f'feeds = ["{server.url("/feed.xml")}"]\ninterval = {interval}\n'
        'allow_private = ["127.0.0.1"]\n'
        "[fetch]\nhost_interval = 0\ntotal_timeout = 5\n"
        f'[alerts]\nwebhooks = ["{server.url(hook)}"]\nbackoff = 0.01\n'
    )
    return path


def watch_command(db: str, config: Path, once: bool = False) -> list[str]:
    """``launchwatch watch --config CONFIG --db DB -q [--once]``."""
    return [*CLI, "watch", "--config", str(config), "--db", db, "-q", *(["--once"] * once)]
