"""The store on real databases (SQLite and PostgreSQL): versions, migrations, events, evidence."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from launchwatch.articles import Article
from launchwatch.reports.model import BackgroundMention, Claim, LaunchReport, Report
from launchwatch.store import Store, default_db_location, open_store
from launchwatch.store import store as store_module
from launchwatch.store.database import MIGRATIONS, connect, write_transaction
from launchwatch.store.evidence import sentence_around
from launchwatch.store.location import database_url
from launchwatch.store.render import event_detail, events_table
from launchwatch.store.schema import metadata

JCS_TEXT = (
    "North Korea fires missiles\n"
    "SEOUL - North Korea fired two short-range ballistic missiles on Friday, "
    "South Korea's Joint Chiefs of Staff said. The missiles flew about 430 km at an apogee "
    "of 36 km, the JCS said. It was the third launch this month after the Jan. 11 test."
)
KCNA_TEXT = (
    "KCNA: railway-borne missile regiment drill\n"
    "PYONGYANG - The railway-borne missile regiment fired two tactical guided missiles on "
    "Friday, KCNA said on Saturday. The missiles hit an island target 430 km away."
)
WIRE_TEXT = (
    "Japan says North Korean missiles fell outside its EEZ\n"
    "TOKYO - Japan's defence ministry said the two missiles flew about 400 km and fell "
    "outside Japan's exclusive economic zone."
)


def span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def claim(text: str, field: str, value: object, phrase: str, source: str | None) -> Claim:
    return Claim(field, value, *span(text, phrase), source=source)


def jcs_article(text: str = JCS_TEXT) -> tuple[Article, Report]:
    article = Article(
        text=text,
        url="https://news.example/jcs-missiles",
        title="North Korea fires missiles",
        published="2022-01-14T10:05:00+09:00",
        outlet="news.example",
        raw=text.encode("utf-8"),
    )
    launch = LaunchReport(
        country="KP",
        date="2022-01-14",
        date_reason="'on Friday' before publication",
        missile_count=2,
        category="ballistic",
        range_class="SRBM",
        range_km=430,
        apogee_km=36,
        sources=["jcs"],
        claims=[
            claim(text, "missile_count", 2, "two short-range ballistic missiles", "jcs"),
            claim(text, "range_km", 430, "about 430 km", "jcs"),
            claim(text, "apogee_km", 36, "36 km", "jcs"),
        ],
    )
    background = [BackgroundMention("2022-01-11", *span(text, "the Jan. 11 test"), country="KP")]
    return article, Report(True, [launch], background, relevance_score=0.9)


def kcna_article() -> tuple[Article, Report]:
    article = Article(text=KCNA_TEXT, url="https://kcna.example/drill", published="2022-01-15")
    launch = LaunchReport(
        country="KP",
        date="2022-01-14",
        missile_count=2,
        platform="rail",
        range_km=430,
        sources=["kcna"],
        claims=[
            claim(KCNA_TEXT, "platform", "rail", "The railway-borne missile regiment", "kcna"),
            claim(KCNA_TEXT, "range_km", 430, "430 km", "kcna"),
        ],
    )
    return article, Report(True, [launch])


def wire_article() -> tuple[Article, Report]:
    article = Article(text=WIRE_TEXT, url="https://wire.example/eez", published="2022-01-14")
    launch = LaunchReport(
        country="KP",
        date="2022-01-14",
        missile_count=2,
        range_km=400,
        landing="outside Japan's EEZ",
        sources=["jp_gov"],
        claims=[claim(WIRE_TEXT, "range_km", 400, "about 400 km", "jp_gov")],
    )
    return article, Report(True, [launch])


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with open_store(db_url) as opened:
        yield opened


def test_saving_the_same_article_twice_changes_nothing(store: Store) -> None:
    assert store.save(*jcs_article()) == "new"
    before = store.counts()
    assert store.save(*jcs_article()) == "unchanged"
    assert store.counts() == before
    assert before == {
        "articles": 1,
        "article_versions": 1,
        "reports": 1,
        "claims": 3,
        "background_mentions": 1,
        "events": 0,
        "event_reports": 0,
        "event_history": 0,
        "curations": 0,
    }


def test_a_changed_text_is_a_new_version_and_only_the_current_one_counts(store: Store) -> None:
    article, report = jcs_article()
    store.save(article, report)
    corrected = JCS_TEXT.replace("on Friday", "on Thursday")
    article, report = jcs_article(corrected)
    report.events[0].date = "2022-01-13"
    assert store.save(article, report) == "new_version"
    counts = store.counts()
    assert (counts["articles"], counts["article_versions"], counts["reports"]) == (1, 2, 2)
    store.refresh_events()
    assert [e["id"] for e in store.list_events()] == ["ev-2022-01-13-kp"]

    # Back to the first text: that version is current again, no new row is written. The
    # event is the same launch (the same article's report), so it keeps its id; its date and
    # the reason for the change go to its history.
    assert store.save(*jcs_article()) == "new_version"
    assert store.counts()["article_versions"] == 2
    store.refresh_events()
    assert [(e["id"], e["date"]) for e in store.list_events()] == [
        ("ev-2022-01-13-kp", "2022-01-14")
    ]
    history = store.get_event("ev-2022-01-13-kp")["history"]
    assert [h["change"] for h in history] == ["created", "updated"]
    assert history[1]["detail"]["fields"]["date"] == ["2022-01-13", "2022-01-14"]


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "wal.db"
    with open_store(str(path)):
        pass
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_migrations_create_the_schema_at_head_and_reopening_keeps_the_data(db_url: str) -> None:
    with open_store(db_url) as store:
        store.save(*jcs_article())
    url = database_url(db_url)
    engine = create_engine(url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn)
        head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
        assert context.get_current_revision() == head
        assert compare_metadata(context, metadata) == []  # schema.py and migrations agree
    engine.dispose()
    # Reopened by another spelling of its URL (plain postgresql:// takes the psycopg driver).
    with open_store(url.replace("postgresql+psycopg://", "postgresql://")) as store:
        assert store.counts()["articles"] == 1
        assert store.save(*jcs_article()) == "unchanged"


def test_migrations_go_down_to_nothing_and_up_again(db_url: str) -> None:
    with open_store(db_url):
        pass
    engine = connect(database_url(db_url))
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    engine.dispose()
    with open_store(db_url) as store:
        assert store.save(*jcs_article()) == "new"


def test_processes_opening_a_new_postgres_database_at_once_migrate_it_once(
    postgres_url: str,
) -> None:
    # Processes, as `watch` and `serve` would be: Alembic's op/context proxies are per process.
    code = "import sys; from launchwatch.store import open_store; open_store(sys.argv[1]).close()"
    openers = [subprocess.Popen([sys.executable, "-c", code, postgres_url]) for _ in range(4)]
    assert [opener.wait(timeout=60) for opener in openers] == [0, 0, 0, 0]
    with open_store(postgres_url) as store:
        assert store.counts()["articles"] == 0


@pytest.mark.parametrize(
    ("given", "url"),
    [
        ("postgresql://team@db.example/launches", "postgresql+psycopg://team@db.example/launches"),
        (
            "postgres://team:p%40ss@db.example:5433/x",
            "postgresql+psycopg://team:p%40ss@db.example:5433/x",
        ),
        ("postgresql+psycopg://team@db.example/x", "postgresql+psycopg://team@db.example/x"),
        ("sqlite:///:memory:", "sqlite:///:memory:"),
    ],
)
def test_postgres_urls_without_a_driver_get_psycopg(given: str, url: str) -> None:
    assert database_url(given) == url


def test_the_database_location_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LAUNCHWATCH_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_db_location() == str(tmp_path / "xdg" / "launchwatch" / "launchwatch.db")

    target = tmp_path / "from-env" / "events.db"
    monkeypatch.setenv("LAUNCHWATCH_DB", str(target))
    with open_store(None) as store:
        store.save(*jcs_article())
    assert target.exists()
    assert not (tmp_path / "xdg").exists()


def test_refresh_groups_reports_and_keeps_the_event_id(store: Store) -> None:
    store.save(*jcs_article())
    store.save(*kcna_article())
    assert store.refresh_events() == {
        "events": 1,
        "created": 1,
        "updated": 0,
        "removed": 0,
        "unresolved": 0,
    }
    (row,) = store.list_events()
    assert row["id"] == "ev-2022-01-14-kp"
    assert (row["reports"], row["sources"], row["platform"]) == (2, ["kcna", "jcs"], "rail")
    created_at = store.get_event(row["id"])["created_at"]

    store.save(*wire_article())
    summary = store.refresh_events()
    assert (summary["created"], summary["updated"]) == (0, 1)
    (row,) = store.list_events()
    assert (row["id"], row["reports"]) == ("ev-2022-01-14-kp", 3)
    assert store.get_event(row["id"])["created_at"] == created_at
    assert store.refresh_events()["updated"] == 0  # nothing new: nothing rewritten


def test_writers_take_turns_from_their_first_read(db_url: str) -> None:
    open_store(db_url).close()
    engine = connect(database_url(db_url))
    order: list[str] = []

    def second_writer() -> None:
        with write_transaction(engine):
            order.append("second began")

    try:
        with write_transaction(engine):
            waiting = threading.Thread(target=second_writer)
            waiting.start()
            waiting.join(timeout=0.5)  # time enough to begin, were it not held back
            order.append("first commits")
        waiting.join(timeout=30)
    finally:
        engine.dispose()
    assert order == ["first commits", "second began"]


def test_two_stores_refreshing_at_once_create_each_event_once(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``watch`` and an API ingest may refresh together; both compute the same new event."""
    with open_store(db_url) as first:
        first.save(*jcs_article())
        first.save(*kcna_article())
    summaries: list[dict[str, int]] = []
    errors: list[Exception] = []
    other = threading.Thread(target=lambda: _refresh_in_another_store(db_url, summaries, errors))
    group_reports = store_module.group_reports

    def group_while_the_other_refreshes(*args: Any) -> Any:
        if not other.is_alive() and not summaries and not errors:
            other.start()
            other.join(timeout=1)  # time enough to finish, were it not held back
        return group_reports(*args)

    monkeypatch.setattr(store_module, "group_reports", group_while_the_other_refreshes)
    with open_store(db_url) as first:
        summaries.append(first.refresh_events())
        other.join(timeout=30)
        assert errors == []
        assert sorted(summary["created"] for summary in summaries) == [0, 1]
        (row,) = first.list_events()
        assert [entry["change"] for entry in first.get_event(row["id"])["history"]] == ["created"]


def _refresh_in_another_store(
    db_url: str, summaries: list[dict[str, int]], errors: list[Exception]
) -> None:
    try:
        with open_store(db_url) as second:
            summaries.append(second.refresh_events())
    except Exception as error:  # asserted on in the test's thread
        errors.append(error)


def test_conflicting_values_are_reported(store: Store) -> None:
    for article, report in (jcs_article(), kcna_article(), wire_article()):
        store.save(article, report)
    store.refresh_events()
    event = store.get_event("ev-2022-01-14-kp")
    assert event["values"]["range_km"] == 430
    assert event["conflicts"] == {
        "range_km": [
            {"value": 430, "sources": ["jcs", "kcna"], "reports": [1, 2], "stories": 2},
            {"value": 400, "sources": ["jp_gov"], "reports": [3], "stories": 1},
        ]
    }
    assert event["conflict_notes"] == ["range_km: 430 per jcs, kcna | 400 per jp_gov"]
    detail = event_detail(event)
    assert "CONFLICT: 430 per jcs, kcna | 400 per jp_gov" in detail
    assert "≠ 400  [jp_gov]" in detail


def test_get_event_gives_the_evidence_sentence_of_each_claim(store: Store) -> None:
    store.save(*jcs_article())
    store.save(*kcna_article())
    store.refresh_events()
    event = store.get_event("ev-2022-01-14-kp")
    range_claims = event["claims"]["range_km"]
    assert [(c["source"], c["url"]) for c in range_claims] == [
        ("jcs", "https://news.example/jcs-missiles"),
        ("kcna", "https://kcna.example/drill"),
    ]
    assert range_claims[0]["evidence"] == (
        "The missiles flew about 430 km at an apogee of 36 km, the JCS said."
    )
    assert range_claims[0]["title"] == "North Korea fires missiles"
    assert event["claims"]["platform"][0]["evidence"] == (
        "PYONGYANG - The railway-borne missile regiment fired two tactical guided missiles "
        "on Friday, KCNA said on Saturday."
    )
    assert list(event["claims"]) == ["missile_count", "platform", "range_km", "apogee_km"]
    assert store.get_event("ev-1999-01-01-kp") is None


def test_a_failing_save_rolls_back_and_keeps_earlier_data(store: Store) -> None:
    store.save(*jcs_article())
    store.refresh_events()
    before = store.counts()

    article, report = kcna_article()
    report.events[0].claims.append(Claim("landing", object(), 0, 5))  # not JSON-serialisable
    with pytest.raises(Exception, match="not JSON serializable"):
        store.save(article, report)
    assert store.counts() == before

    changed, report = jcs_article(JCS_TEXT + " More later.")
    report.events[0].claims.append(Claim("landing", {1, 2}, 0, 5))
    with pytest.raises(Exception, match="not JSON serializable"):
        store.save(changed, report)
    assert store.counts() == before
    assert store.save(*jcs_article()) == "unchanged"  # the first version is still current


def launch_on(date: str, count: int, category: str, place: str) -> tuple[Article, Report]:
    """A one-report article of a launch of ``count`` missiles on ``date`` from ``place``."""
    text = f"North Korea fired {count} {category} missiles from {place} on {date}, the JCS said."
    article = Article(text=text, url=f"https://news.example/{date}", published=date)
    launch = LaunchReport(
        country="KP",
        date=date,
        missile_count=count,
        category=category,
        launch_area=place,
        sources=["jcs"],
        claims=[claim(text, "missile_count", count, f"{count} {category}", "jcs")],
    )
    return article, Report(True, [launch])


def test_search_filters_sorts_and_pages_events(store: Store) -> None:
    for launch in (
        launch_on("2024-01-14", 1, "ballistic", "Pyongyang"),
        launch_on("2024-03-18", 3, "ballistic", "Sunan"),
        launch_on("2024-05-30", 2, "cruise", "Wonsan"),
    ):
        store.save(*launch)
    store.refresh_events()
    jan, mar, may = "ev-2024-01-14-kp", "ev-2024-03-18-kp", "ev-2024-05-30-kp"

    def found(**filters: object) -> list[str]:
        return [row["id"] for row in store.search_events(**filters)[1]]

    assert found() == [jan, mar, may]
    assert found(category="ballistic", date_from="2024-02-01") == [mar]
    assert found(text="WONSAN") == [may]  # case-insensitive, in the resolved values
    assert found(text="100%") == []  # wildcards are matched as themselves
    assert found(sort="missile_count", descending=True) == [mar, may, jan]
    assert found(sort="category") == [jan, mar, may]
    total, page = store.search_events(sort="date", descending=True, limit=1, offset=1)
    assert (total, [row["id"] for row in page]) == (3, [mar])
    assert page[0]["updated_at"].endswith("+00:00")


def test_event_summaries_give_what_charts_count_under_the_same_filters(store: Store) -> None:
    for launch in (
        launch_on("2024-01-14", 1, "ballistic", "Pyongyang"),
        launch_on("2024-03-18", 3, "ballistic", "Sunan"),
        launch_on("2024-05-30", 2, "cruise", "Wonsan"),
    ):
        store.save(*launch)
    store.refresh_events()
    assert store.event_summaries(category="ballistic", date_from="2024-02-01") == [
        {"date": "2024-03-18", "country": "KP", "category": "ballistic", "missile_count": 3}
    ]
    assert sorted(r["missile_count"] for r in store.event_summaries()) == [1, 2, 3]
    assert store.event_summaries(text="wonsan")[0]["date"] == "2024-05-30"


def test_export_lists_each_events_reports_undated_first_then_by_date(store: Store) -> None:
    undated, report = wire_article()
    store.save(replace(undated, published=None), report)
    store.save(*kcna_article())
    store.save(*jcs_article())
    store.refresh_events()
    (event,) = store.export_events()
    assert [r["published"] for r in event["reports"]] == [
        None,
        "2022-01-14T10:05:00+09:00",
        "2022-01-15",
    ]
    assert store.export_events(since="2022-01-15") == []


def test_events_table_lists_events_in_aligned_columns(store: Store) -> None:
    assert events_table([]) == "No events."
    store.save(*jcs_article())
    store.refresh_events()
    lines = events_table(store.list_events()).splitlines()
    assert lines[0].split() == [
        "id", "date", "country", "count", "category", "designation", "platform",
        "launch", "area", "range", "km", "apogee", "km", "status", "reports", "sources",
    ]  # fmt: skip
    assert lines[2].startswith("ev-2022-01-14-kp  2022-01-14  KP       2      ballistic")
    assert lines[2].index("430") == lines[0].index("range km")


@pytest.mark.parametrize(
    ("text", "phrase", "sentence"),
    [
        ("One. Mr. Kim watched the U.S. drill on Sept. 10. Two.", "Kim",
         "Mr. Kim watched the U.S. drill on Sept. 10."),
        ("Headline without a stop\nBody text. More.", "without", "Headline without a stop"),
        ("He said: \"It flew 700 km.\" Then it fell.", "700 km", "He said: \"It flew 700 km.\""),
        ("First one. Second one. Third.", "one. Second", "First one. Second one."),
        ("Ends here.", "here.", "Ends here."),
    ],
)  # fmt: skip
def test_sentence_around_widens_a_span_to_its_sentence(
    text: str, phrase: str, sentence: str
) -> None:
    assert sentence_around(text, *span(text, phrase)) == sentence


def test_sentence_around_cuts_very_long_runs_around_the_span() -> None:
    text = "word " * 400 + "430 km " + "word " * 400
    result = sentence_around(text, *span(text, "430 km"))
    assert result.startswith("…") and result.endswith("…")
    assert "430 km" in result and len(result) <= 610


def test_the_events_and_show_commands_read_the_store(db_url: str) -> None:
    from click.testing import CliRunner

    from launchwatch.cli import main

    with open_store(db_url) as store:
        store.save(*jcs_article())
        store.refresh_events()
    runner = CliRunner()
    listed = runner.invoke(main, ["events", "--db", db_url])
    assert listed.exit_code == 0 and "ev-2022-01-14-kp" in listed.output
    shown = runner.invoke(main, ["show", "--db", db_url, "ev-2022-01-14-kp"])
    assert shown.exit_code == 0
    assert "“The missiles flew about 430 km at an apogee of 36 km, the JCS said.”" in shown.output
    missing = runner.invoke(main, ["show", "--db", db_url, "ev-nope"])
    assert missing.exit_code != 0 and "no event with id 'ev-nope'" in missing.output
