"""The store's consistency checks (``launchwatch check``): silent on a sound record, and each
broken invariant named when a record is damaged by hand."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from servefixture import FIXTURE
from sqlalchemy import text

from launchwatch.cli import main
from launchwatch.pipeline import ingest_paths
from launchwatch.store import open_store
from launchwatch.store.consistency import Problem, check_consistency


@pytest.fixture
def filled(db_url: str) -> str:
    """A store holding the web app's fixture reports (events, mentions and all)."""
    assert ingest_paths([FIXTURE], db_url).ok
    return db_url


def damage(db: str, *statements: str) -> list[Problem]:
    """Run raw SQL on the store (on SQLite through sqlite3, which leaves foreign keys off),
    then check it."""
    if "://" not in db:
        with contextlib.closing(sqlite3.connect(db)) as raw, raw:
            for statement in statements:
                raw.execute(statement)
    else:
        with open_store(db) as store, store.engine.begin() as conn:
            for statement in statements:
                conn.execute(text(statement))
    with open_store(db) as store:
        return check_consistency(store)


def test_a_store_filled_by_the_pipeline_is_consistent(filled: str) -> None:
    with open_store(filled) as store:
        assert store.counts()["events"] > 0
        assert check_consistency(store) == []


def test_two_current_versions_of_one_article_are_found(filled: str) -> None:
    problems = damage(
        filled,
        "INSERT INTO article_versions (article_id, content_hash, is_current, text, "
        "launch_report, relevance_score, stored_at) SELECT article_id, 'x', is_current, text, "
        "launch_report, relevance_score, stored_at FROM article_versions WHERE id = "
        "(SELECT min(id) FROM article_versions)",
    )
    assert [p.check for p in problems] == ["current_version"]
    assert "two or more current versions" in problems[0].detail


def test_an_article_without_a_current_version_is_found(filled: str) -> None:
    problems = damage(
        filled,
        "UPDATE article_versions SET is_current = false WHERE id = "
        "(SELECT min(id) FROM article_versions)",
    )
    assert [p.check for p in problems] == ["current_version"]
    assert "no current version" in problems[0].detail


def test_an_event_whose_reports_are_gone_is_found(filled: str) -> None:
    problems = damage(
        filled, "DELETE FROM event_reports WHERE event_id = (SELECT min(id) FROM events)"
    )
    assert [p.check for p in problems] == ["empty_event"]


def test_an_alert_ledger_out_of_step_is_found(filled: str) -> None:
    problems = damage(
        filled,
        "INSERT INTO alerts (id, event_id, kind, change_hash, payload, created_at) "
        "VALUES (7, 'ev-x', 'new', 'h', '{\"alert_id\": 8}', CURRENT_TIMESTAMP)",
        "INSERT INTO alert_deliveries (alert_id, target, status, attempts) "
        "VALUES (7, 'http://hook', 'delivered', 0)",
        "INSERT INTO alert_deliveries (alert_id, target, status, attempts) "
        "VALUES (7, 'http://other', 'pending', 0)",
    )
    assert [p.check for p in problems] == ["alert", "alert"]
    assert "7" in problems[0].detail
    assert "delivered without" in problems[1].detail
    assert "pending without" in problems[1].detail


def test_rows_pointing_at_missing_rows_are_found_with_sqlite_s_own_check(tmp_path: Path) -> None:
    db = str(tmp_path / "lw.db")
    assert ingest_paths([FIXTURE], db).ok
    problems = damage(db, "DELETE FROM articles WHERE id = (SELECT min(id) FROM articles)")
    assert {p.check for p in problems} == {"orphan", "integrity"}
    orphan = next(p for p in problems if p.check == "orphan")
    assert "article versions point at 1 missing articles row" in orphan.detail


def test_the_check_command_exits_1_naming_each_problem(filled: str) -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["check", "--db", filled])
    assert ok.exit_code == 0, ok.output
    assert ok.output.startswith("ok: ")
    damage(filled, "DELETE FROM event_reports")
    broken = runner.invoke(main, ["check", "--db", filled])
    assert broken.exit_code == 1
    assert "problem: empty_event:" in broken.output
