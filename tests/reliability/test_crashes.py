"""kill -9 of real ``ingest`` and ``watch`` processes at random moments, on SQLite and
PostgreSQL: after each kill the store is sound; after the last, a clean run gives exactly the
record of a run never interrupted; no alert is lost, and none is delivered twice but as a
retry of the same alert id (deliveries are at least once: see README, Reliability).

CI makes a few seeded kills of each; ``bench/reliability.py crash`` makes a hundred.
"""

from __future__ import annotations

import random
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from crashes import (
    PublishingFeed,
    alert_ledger,
    crash_repeatedly,
    digest,
    environment,
    ingest_command,
    ingest_input,
    problems,
    record,
    run,
    terminate_backends,
    watch_command,
    watch_config,
)
from localserver import Hook, LocalServer

KILLS = 3


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, float]:
    """The digest of an ingest of the crash input that nothing interrupted, and its duration."""
    db = str(tmp_path_factory.mktemp("reference") / "lw.db")
    started = time.monotonic()
    run(ingest_command(db, ingest_input()))
    return digest(db), time.monotonic() - started


def test_ingest_killed_at_random_moments_loses_nothing_and_a_rerun_completes_it(
    db_url: str, uninterrupted: tuple[str, float]
) -> None:
    reference, seconds = uninterrupted
    command = ingest_command(db_url, ingest_input())
    report = crash_repeatedly(command, db_url, KILLS, (0.3, seconds), random.Random(11))
    assert report.problems == []
    assert report.kills > 0
    run(command)
    assert problems(db_url) == []
    assert digest(db_url) == reference


@pytest.fixture
def server() -> Iterator[LocalServer]:
    local = LocalServer().start()
    yield local
    local.stop()


def test_watch_killed_while_a_feed_keeps_publishing_loses_no_page_and_no_alert(
    db_url: str, server: LocalServer, tmp_path: Path
) -> None:
    hook = Hook()
    server.routes["/hook"] = hook.route
    feed = PublishingFeed(server, count=12, every=0.4)
    config = watch_config(tmp_path / "watch.toml", server)
    report = crash_repeatedly(
        watch_command(db_url, config), db_url, KILLS, (1.0, 3.0), random.Random(12)
    )
    assert report.problems == []
    assert report.kills == KILLS  # watch runs until stopped

    feed.publish_all()
    run(watch_command(db_url, config, once=True))
    assert problems(db_url) == []
    reference = str(tmp_path / "reference.db")
    server.routes["/reference-hook"] = Hook().route
    run(
        watch_command(
            reference, watch_config(tmp_path / "ref.toml", server, "/reference-hook"), True
        )
    )
    assert digest(db_url) == digest(reference)

    recorded, states = alert_ledger(db_url)
    assert {event for _, event, _ in recorded} == set(record(db_url)["events"])  # none missed
    assert states == ["delivered"] * len(recorded)
    received = Counter(payload["alert_id"] for payload in hook.received)
    assert set(received) == {alert_id for alert_id, _, _ in recorded}  # none lost
    # Delivery is recorded after the POST: a kill in between repeats that one POST, with the
    # same alert id, at the next start (at least once; receivers dedupe by alert_id).
    assert sum(received.values()) - len(received) <= report.kills


def test_ingest_whose_postgresql_connections_are_cut_reports_the_failed_items_and_a_rerun_completes(
    postgres_url: str, uninterrupted: tuple[str, float]
) -> None:
    # A server restart is not made here (the server is shared); cutting this test database's
    # own connections (pg_terminate_backend) is what a restart does to a client.
    reference, seconds = uninterrupted
    command = ingest_command(postgres_url, ingest_input())
    process = subprocess.Popen(command, env=environment(), stderr=subprocess.PIPE, text=True)
    cut = 0
    rng = random.Random(13)
    while process.poll() is None and cut < 20:
        time.sleep(rng.uniform(0.1, seconds / 4))
        cut += terminate_backends(postgres_url)
    _, stderr = process.communicate(timeout=120)
    assert cut > 0
    # Each item whose connection was cut fails on its own line; a cut while the store is
    # being opened fails the command as a database error. Nothing else.
    errors = [line for line in stderr.splitlines() if line.lower().startswith("error: ")]
    assert process.returncode == (1 if errors else 0), stderr
    expected = (": saving failed: ", "error: events: not updated: ", "Error: database ")
    assert all(any(e in line for e in expected) for line in errors), errors
    assert problems(postgres_url) == []
    run(command)
    assert digest(postgres_url) == reference
