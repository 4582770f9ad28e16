"""The ``launchwatch backfill`` command."""

from __future__ import annotations

import sys
from datetime import date

import click

from launchwatch.cli import _echo_error, database_errors, db_option


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from exc


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@db_option
@click.option(
    "--out",
    default=None,
    metavar="PATH",
    help="Write the reports to this Parquet path instead of the store (load it later with "
    "`launchwatch ingest --reports PATH`).",
)
@click.option(
    "--errors",
    default="backfill-errors.jsonl",
    show_default=True,
    metavar="FILE",
    help="Where the bad records are listed (file, offset, reason), one JSON line each.",
)
@click.option("--since", callback=_day, default=None, help="Only records crawled on or after.")
@click.option("--until", callback=_day, default=None, help="Only records crawled on or before.")
@click.option("--master", default=None, help="Spark master URL (default: local[*], all cores).")
@click.option("--local", is_flag=True, help="Run serially in this process, without Spark.")
@click.option(
    "--partitions", type=click.IntRange(min=1), default=None, help="Spark tasks for page reading."
)
@click.option(
    "--conf", "conf", multiple=True, metavar="KEY=VALUE", help="A Spark setting (repeatable)."
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar; print only the summary.")
def backfill(
    inputs: tuple[str, ...],
    db: str | None,
    out: str | None,
    errors: str,
    since: str | None,
    until: str | None,
    master: str | None,
    local: bool,
    partitions: int | None,
    conf: tuple[str, ...],
    quiet: bool,
) -> None:
    """Read web archive files (WARC, WARC.gz, WET; folders, globs, URLs) into the record.

    Pages that cannot be launch news are dropped by a bytes prefilter; the rest are read as
    `ingest` reads a page. The reports go into the store (events are resolved once, at the
    end) or, with --out, to Parquet. Bad records are listed in --errors and never stop the
    job. Runs on Spark (the `spark` extra, a Java runtime) unless --local.
    """
    from launchwatch.backfill.job import BackfillOptions, progress_display, run_backfill

    if local and master:
        raise click.UsageError("--local runs without Spark: give --master or --local, not both")
    settings = {}
    for item in conf:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--conf")
        settings[key.strip()] = value
    options = BackfillOptions(
        inputs=list(inputs),
        db=db,
        out=out,
        errors=errors,
        since=since,
        until=until,
        master=master,
        local=local,
        partitions=partitions,
        spark_conf=settings,
    )
    show, close = progress_display(False if quiet else None)
    try:
        with database_errors(db):
            summary = run_backfill(options, show=show, error=_echo_error)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    except ImportError as exc:
        raise click.ClickException(
            f"Spark is not installed ({exc}): pip install 'launchwatch[spark]' "
            "(and a Java runtime), or run with --local"
        ) from exc
    finally:
        close()
    click.echo(summary.describe())
    sys.exit(0 if summary.ok else 1)
