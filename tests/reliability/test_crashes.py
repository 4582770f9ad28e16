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
from pathlib import Path

import pytest
from crashes import (
    digest,
    environment,
    ingest_command,
    ingest_crashes,
    ingest_input,
    problems,
    run,
    terminate_backends,
    watch_crashes,
)

KILLS = 3


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, float]:
    """A store made by an ingest of the crash input that nothing interrupted, and how long
    that ingest took."""
    db = str(tmp_path_factory.mktemp("reference") / "lw.db")
    started = time.monotonic()
    run(ingest_command(db, ingest_input()))
    return db, time.monotonic() - started


def test_ingest_killed_at_random_moments_loses_nothing_and_a_rerun_completes_it(
    db_url: str, uninterrupted: tuple[str, float]
) -> None:
    reference, seconds = uninterrupted
    report = ingest_crashes(db_url, KILLS, seed=11, seconds=seconds)
    assert report.problems == []
    assert report.kills > 0  # runs on a busy machine may end before their kill
    assert digest(db_url) == digest(reference)


def test_watch_killed_while_a_feed_keeps_publishing_loses_no_page_and_no_alert(
    db_url: str, tmp_path: Path
) -> None:
    outcome = watch_crashes(db_url, tmp_path, KILLS, seed=12)
    assert outcome.crashes.problems == []
    assert outcome.crashes.kills == KILLS  # watch runs until stopped
    assert outcome.matches  # the same record as one uninterrupted run
    assert outcome.alerts > 0
    assert (outcome.unalerted, outcome.lost, outcome.undelivered) == (0, 0, 0)
    # Delivery is recorded after the POST: a kill in between repeats that one POST, with the
    # same alert id, at the next start (at least once; receivers dedupe by alert_id).
    assert outcome.repeated <= outcome.crashes.kills


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
    # The failed items arrive after the others here, and the events' grouping and credits can
    # depend on arrival order (see crashes.digest; README, Reliability): what was read and
    # stored must be the same, and the events consistent with it.
    assert digest(postgres_url, events=False) == digest(reference, events=False)
    assert problems(postgres_url) == []
