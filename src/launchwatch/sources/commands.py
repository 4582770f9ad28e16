"""The ``fetch`` and ``watch`` commands (click command objects, added to the CLI group).

Both refuse private addresses unless allowed with ``--allow-private`` (or ``allow_private`` in
the configuration file); a refused fetch names the address and the reason, and exits 1.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import click
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from launchwatch.alerts import Alerter
from launchwatch.articles.decode import DecodeError
from launchwatch.cli import database_errors, db_option
from launchwatch.pipeline import describe_exception
from launchwatch.sources.config import ConfigError, WatchConfig, config_from_dict, load_config
from launchwatch.sources.fetch import Fetcher, FetchError
from launchwatch.sources.monitor import PollSummary, Watcher, fetch_article, save_article
from launchwatch.sources.state import WatchState
from launchwatch.store import open_store

ALLOW_HELP = "Allow this private address or network (repeatable), e.g. 127.0.0.1 or 10.0.0.0/8."


def _config(config_file: Path | None, allow_private: tuple[str, ...]) -> WatchConfig:
    try:
        if config_file is None:
            return config_from_dict({}, allow_private)
        return load_config(config_file, allow_private)
    except (ConfigError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc


@click.command()
@db_option
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="TOML file whose [fetch] settings and allow_private apply.",
)
@click.option("--allow-private", multiple=True, metavar="ADDRESS", help=ALLOW_HELP)
@click.argument("urls", nargs=-1, required=True)
def fetch(
    db: str | None, config_file: Path | None, allow_private: tuple[str, ...], urls: tuple[str, ...]
) -> None:
    """Fetch web pages, extract their articles and store them; events are then recomputed.

    Each failed or refused url gets an error line with the reason, and the rest are fetched;
    the exit code is then 1. A database that cannot be opened is one error line.
    """
    config = _config(config_file, allow_private)
    failed = 0
    with database_errors(db), Fetcher(config.fetch) as fetcher, open_store(db) as store:
        for url in urls:
            try:  # one bad url must not stop the batch (as in ``ingest``)
                article = fetch_article(fetcher, url)
                outcome = save_article(store, article)
            except (FetchError, DecodeError) as exc:
                failed += 1
                click.echo(f"error: {exc}", err=True)
                continue
            except Exception as exc:
                failed += 1
                click.echo(f"error: {url}: {describe_exception(exc)}", err=True)
                continue
            title = f" ({article.title})" if article.title else ""
            click.echo(f"{article.url}: {outcome.replace('_', ' ')}{title}")
        stale = False
        try:
            events = f"{store.refresh_events()['events']} events in the store"
        except Exception as exc:  # the articles are saved; say the events are stale
            stale, events = True, "events not updated"
            click.echo(f"error: events: not updated: {describe_exception(exc)}", err=True)
    click.echo(f"{len(urls) - failed} of {len(urls)} fetched; {events}")
    sys.exit(1 if failed or stale else 0)


@click.command()
@click.option(
    "--config",
    "config_file",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="TOML file: feeds, pages, interval, fetch settings, webhooks.",
)
@db_option
@click.option("--once", is_flag=True, help="Poll once and exit (for cron and tests).")
@click.option("-q", "--quiet", is_flag=True, help="Print only warnings and errors (services).")
@click.option("--allow-private", multiple=True, metavar="ADDRESS", help=ALLOW_HELP)
def watch(
    config_file: Path, db: str | None, once: bool, quiet: bool, allow_private: tuple[str, ...]
) -> None:
    """Poll feeds and pages, store new articles, update events and send alerts.

    Runs until SIGINT or SIGTERM (then finishes the article in hand and exits 0), or polls once
    with --once. Every poll is recorded in the database with what was new and what failed.
    """
    config = _config(config_file, allow_private)
    if not config.feeds and not config.pages:
        raise click.ClickException(f"{config_file}: no feeds or pages to watch")
    console = Console(stderr=True, quiet=quiet)
    stop = threading.Event()
    with (
        database_errors(db),
        _logging(console, quiet),
        _stop_on_signals(stop),
        Fetcher(config.fetch) as fetcher,
        open_store(db) as store,
    ):
        state = WatchState(store.engine)
        alerter = Alerter(store, store.engine, config.alerts, fetcher.post_json, stop.wait)
        watcher = Watcher(config, store, state, fetcher, alerter, stop)
        with _progress(console) as progress:
            tasks: dict[str, int] = {}

            def on_source(url: str, items: int) -> None:
                tasks[url] = progress.add_task(url, total=items)

            def on_item(url: str, outcome: str) -> None:
                for task in progress.tasks:
                    if not task.finished:
                        progress.advance(task.id)
                        break

            def on_poll(summary: PollSummary) -> None:
                for task_id in tasks.values():
                    progress.remove_task(task_id)
                tasks.clear()
                console.print(_status_table(state, summary, len(config.feeds + config.pages)))

            watcher.run(once, on_poll, on_item, on_source)
    console.print("stopped" if stop.is_set() else "done")


def _status_table(state: WatchState, summary: PollSummary, sources: int) -> Table:
    table = Table(title="last poll", title_justify="left")
    for column in ("source", "status", "items", "new", "stored", "failed", "error"):
        table.add_column(column)
    for row in reversed(state.recent_polls(sources)):
        table.add_row(
            row["source_url"],
            row["status"],
            *(str(row[k]) for k in ("items", "new", "stored", "failed")),
            row["error"] or "",
        )
    d = summary.deliveries
    table.caption = (
        f"{len(summary.alerts)} new alerts; webhooks: {d.delivered} delivered, "
        f"{d.retrying} retrying, {d.failed} failed"
        + (f"; {summary.error}" if summary.error else "")
    )
    return table


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


@contextmanager
def _logging(console: Console, quiet: bool) -> Iterator[None]:
    """Log launchwatch's messages to the terminal: warnings only when quiet."""
    logger = logging.getLogger("launchwatch")
    handler: logging.Handler
    if quiet:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    else:
        handler = RichHandler(console=console, show_path=False)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING if quiet else logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGINT and SIGTERM set ``stop`` instead of interrupting; the handlers are restored."""

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
