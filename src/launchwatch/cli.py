"""The ``launchwatch`` command line: a thin layer of argument parsing over the pipeline modules."""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from launchwatch import __version__

DB_OPTION_HELP = "SQLite file or database URL (default: $LAUNCHWATCH_DB or the user data dir)."


def db_option(func):
    return click.option("--db", "db", default=None, metavar="PATH", help=DB_OPTION_HELP)(func)


# Commands that live beside the stage they belong to: name -> (module:object, short help). They
# are imported only when run, so that the web app's and the fetcher's imports do not slow every
# other command down.
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "fetch": ("launchwatch.sources.commands:fetch", "Fetch web pages, extract and store them."),
    "watch": ("launchwatch.sources.commands:watch", "Poll feeds and pages, store, send alerts."),
    "export": (
        "launchwatch.events.commands:export",
        "Export the launch events as JSON, CSV, GeoJSON or Excel.",
    ),
    "curate": (
        "launchwatch.events.commands:curate",
        "Correct events by hand: set a value, merge, detach, withdraw.",
    ),
    "serve": ("launchwatch.serve.commands:serve", "Serve the web app and the JSON API."),
    "backfill": (
        "launchwatch.backfill.commands:backfill",
        "Read web archive files (WARC, WET) into the record, on Spark.",
    ),
}


def summary(command: click.Command) -> str:
    """The one-line summary of ``command`` in its group's help: its ``short_help``, else the
    first sentence of its help, whole (click's own summary cuts it off mid-sentence)."""
    if command.short_help:
        return command.short_help
    first = (command.help or "").strip().split("\n\n")[0]
    sentence = re.split(r"(?<=[.!?])\s", " ".join(first.split()), maxsplit=1)[0]
    return sentence


class SentenceHelpGroup(click.Group):
    """A click group that lists its commands with whole first sentences (see ``summary``)."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, summary(command)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


class LazyGroup(SentenceHelpGroup):
    """A click group whose ``LAZY_COMMANDS`` are imported when they are run."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            module_name, _, attribute = LAZY_COMMANDS[cmd_name][0].partition(":")
            self.add_command(getattr(importlib.import_module(module_name), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.commands.get(name)
            if name in LAZY_COMMANDS:  # the same summary whether or not it was imported yet
                rows.append((name, LAZY_COMMANDS[name][1]))
            elif not command.hidden:
                rows.append((name, summary(command)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="launchwatch")
def main() -> None:
    """Read news reports of missile launches and keep a sourced record of launch events."""


@main.command(short_help="Read text, HTML and JSONL files into the record.")
@db_option
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--reports",
    "reports",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    metavar="PARQUET",
    help="Store the reports a backfill wrote with --out (a Parquet file or folder; repeatable).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and the summary.")
def ingest(db: str | None, paths: tuple[Path, ...], reports: tuple[Path, ...], quiet: bool) -> None:
    """Read text, HTML and JSONL files (directories are walked), extract and store them.

    Each bad item gets an error line naming the file (and line); the batch goes on and the exit
    code is 1 when anything failed. With --reports, the articles and reports of a backfill's
    Parquet output are stored as they are (no extraction).
    """
    from launchwatch.pipeline import ingest_paths

    if not paths and not reports:
        raise click.UsageError("give files to read, or --reports PARQUET")
    if paths and reports:
        raise click.UsageError("give files to read or --reports PARQUET, not both")
    echo = None if quiet else click.echo
    with database_errors(db):
        if reports:
            from launchwatch.backfill.output import read_rows, store_rows

            rows = (row for path in reports for row in read_rows(path))
            try:
                summary = store_rows(rows, db, echo=echo, error=_echo_error)
            except ValueError as exc:
                raise click.ClickException(str(exc)) from exc
        else:
            summary = ingest_paths(paths, db, echo=echo, error=_echo_error)
    click.echo(summary.describe())
    sys.exit(0 if summary.ok else 1)


@main.command(short_help="List the launch events found so far.")
@db_option
@click.option(
    "--json", "as_json", is_flag=True, help="One JSON object per line instead of a table."
)
def events(db: str | None, as_json: bool) -> None:
    """List the launch events found so far.

    The table fits the terminal's width ($COLUMNS, or the terminal's own): long cells are cut
    with "…" and, where that is not enough, the right-most columns are left out. Written to a
    pipe or file it is printed whole; --json gives every value.
    """
    from launchwatch.store import open_store
    from launchwatch.store.render import events_table

    require_database(db)
    with database_errors(db), open_store(db) as store:
        rows = store.list_events()
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    else:
        click.echo(events_table(rows, width=output_width()))


@main.command(short_help="Show one event: its values, sources and evidence.")
@db_option
@click.argument("event_id")
@click.option("--json", "as_json", is_flag=True, help="Print the event as one JSON object.")
def show(db: str | None, event_id: str, as_json: bool) -> None:
    """Show one event: its values, each with its source and evidence sentence."""
    from launchwatch.store import open_store
    from launchwatch.store.render import event_detail

    require_database(db)
    with database_errors(db), open_store(db) as store:
        event = store.get_event(event_id)
    if event is None:
        raise click.ClickException(f"no event with id {event_id!r}")
    click.echo(json.dumps(event, ensure_ascii=False, indent=2) if as_json else event_detail(event))


@main.command(short_help="Check the store's consistency; exit 1 if an invariant is broken.")
@db_option
def check(db: str | None) -> None:
    """Check the store's consistency; exit 1 if any invariant is broken.

    Every report's article exists, every event's reports exist, no article has two current
    versions, the alert ledger is in step (and, on SQLite, PRAGMA integrity_check). Prints one
    line per problem, or a line saying what was checked.
    """
    from launchwatch.store import open_store
    from launchwatch.store.consistency import check_consistency

    require_database(db)
    with database_errors(db), open_store(db) as store:
        problems = check_consistency(store)
        counts = store.counts()
    for problem in problems:
        click.echo(f"problem: {problem}", err=True)
    checked = ", ".join(f"{counts[name]} {name}" for name in ("articles", "reports", "events"))
    click.echo(f"{len(problems)} problem(s) in {checked}" if problems else f"ok: {checked}")
    sys.exit(1 if problems else 0)


@main.command(short_help="Extract launch reports from JSONL lines, storing nothing.")
@click.argument(
    "input_file", type=click.Path(exists=True, dir_okay=False, path_type=Path, allow_dash=True)
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write JSONL here instead of standard output.",
)
@click.option("--evidence/--no-evidence", default=True, help="Include claims with evidence text.")
def extract(input_file: Path, output: Path | None, evidence: bool) -> None:
    """Stateless extraction: one JSON result per input JSONL line ({id, url, published, text}).

    INPUT_FILE is a JSONL file, or - for standard input. A line that cannot be read or extracted
    gets an error on stderr naming file:line and the output line {"id": ..., "error": ...}, so
    output lines stay aligned with input lines; the exit code is then 1.
    """
    from launchwatch.pipeline import extract_jsonl

    try:
        with click.open_file(str(output or "-"), "w", encoding="utf-8") as out:
            failed = extract_jsonl(input_file, out, evidence=evidence, error=_echo_error)
    except BrokenPipeError:
        _stop_writing_to_closed_pipe()
        sys.exit(1)
    except OSError as exc:
        where = exc.filename or output or input_file
        raise click.ClickException(f"{where}: {exc.strerror or exc}") from exc
    sys.exit(1 if failed else 0)


@main.command(name="eval", short_help="Score extraction against a labelled corpus.")
@click.argument("gold_file", type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one machine-readable JSON object.")
@click.option("--worst", default=15, show_default=True, help="How many worst pages to list.")
@click.option(
    "--events",
    "events_level",
    is_flag=True,
    help="Ingest the whole corpus into a temporary store and score the resolved events "
    "(precision, recall, duplicates, pairwise grouping) instead of per-page extraction.",
)
@click.option(
    "--folds",
    type=click.IntRange(min=2),
    default=None,
    help="Split the corpus into N folds by launch event, train the learned steps on the other "
    "folds, and print the mean over held-out folds beside the whole-corpus figures.",
)
def evaluate(
    gold_file: Path, as_json: bool, worst: int, events_level: bool, folds: int | None
) -> None:
    """Score extraction against a labelled JSONL corpus, per field, with the worst pages."""
    if folds is not None:
        from launchwatch.evaluate.folds import event_fold_scores, fold_scores, format_fold_scores
        from launchwatch.evaluate.run import read_gold

        rows = read_gold(gold_file)
        page_folds = fold_scores(rows, folds)
        event_folds = event_fold_scores(rows, folds) if events_level else None
        if as_json:
            click.echo(json.dumps({"pages": page_folds, "events": event_folds}, indent=2))
        else:
            click.echo(format_fold_scores(page_folds, event_folds))
        return
    if events_level:
        from launchwatch.evaluate.events import evaluate_events_file, format_event_scores

        event_scores = evaluate_events_file(gold_file)
        click.echo(
            json.dumps(event_scores, ensure_ascii=False, indent=2)
            if as_json
            else format_event_scores(event_scores)
        )
        return
    from launchwatch.evaluate import evaluate_file, format_scores

    scores = evaluate_file(gold_file, worst=worst)
    if as_json:
        click.echo(json.dumps(scores, ensure_ascii=False, indent=2))
    else:
        click.echo(format_scores(scores))


def _stop_writing_to_closed_pipe() -> None:
    """The reader of standard output went away (``| head``): stop quietly, like other filters.

    Standard output is pointed at /dev/null so that flushing it at exit raises nothing more.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (e.g. under a test runner)
        pass


def _echo_error(message: str) -> None:
    click.echo(f"error: {message}", err=True)


def output_width() -> int | None:
    """How wide standard output is: ``$COLUMNS`` when set, the terminal's width when it is a
    terminal, else None (a pipe or a file takes lines of any length)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


def require_database(db: str | None) -> None:
    """Stop with one error line when ``db`` is a SQLite file that does not exist yet.

    Commands that only read (``events``, ``show``, ``export``) call it first, so that a wrong
    path or an empty machine is reported, with a hint, instead of creating an empty database.
    An unusable location gets the error of :func:`database_errors`.
    """
    from sqlalchemy.engine import make_url

    from launchwatch.store import default_db_location
    from launchwatch.store.location import database_url

    with database_errors(db):
        url = make_url(database_url(db))
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return
    if not Path(url.database).exists():
        where = db if db is not None else default_db_location()
        raise click.ClickException(
            f"no database at {where}: read some reports into it first with "
            "`launchwatch ingest FILES` (or point --db or $LAUNCHWATCH_DB at an existing one)"
        )


@contextmanager
def database_errors(db: str | None) -> Iterator[None]:
    """Turn a database that cannot be opened or read into one error line, not a traceback.

    Wrap every command that opens ``db``: SQLAlchemy's errors (the driver's message is shown)
    and an unusable location (``DatabaseLocationError``: a directory that cannot be created, a
    database or driver that is not supported or installed) become ``database PATH: reason``
    and exit code 1.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from launchwatch.store.location import DatabaseLocationError

    try:
        yield
    except (SQLAlchemyError, DatabaseLocationError) as exc:
        from launchwatch.store import default_db_location

        where = db if db is not None else default_db_location()
        lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        detail = lines[0] if lines else type(exc).__name__
        raise click.ClickException(f"database {where}: {detail}") from exc


if __name__ == "__main__":
    main()
