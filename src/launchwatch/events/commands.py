"""Click commands for events: ``export``. The CLI wires them in with ``main.add_command``."""

from __future__ import annotations

from pathlib import Path

import click

from launchwatch.events.export import FORMATS, LAYOUTS, write


@click.command()
@click.option(
    "--db",
    "db",
    default=None,
    metavar="PATH",
    help="SQLite file or database URL (default: $LAUNCHWATCH_DB or the user data dir).",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True)
@click.option(
    "--layout",
    type=click.Choice(LAYOUTS),
    default="events",
    show_default=True,
    help="One row per event, or (cns) one row per missile as the CNS database keeps it.",
)
@click.option(
    "--since", metavar="DATE", default=None, help="Only events on or after this local date."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write here instead of standard output.",
)
def export(db: str | None, fmt: str, layout: str, since: str | None, output: Path | None) -> None:
    """Export the launch events: resolved values, confirmation, conflicts and their reports.

    Undated (provisional) events are always included, with date_status "date unresolved".
    """
    from sqlalchemy.exc import SQLAlchemyError

    from launchwatch.store import open_store

    try:
        with open_store(db) as store:
            events = store.export_events(since)
    except SQLAlchemyError as exc:
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise click.ClickException(f"database {db or 'default'}: {detail}") from exc
    mode = "wb" if fmt == "xlsx" else "w"
    encoding = None if mode == "wb" else "utf-8"
    with click.open_file(str(output or "-"), mode, encoding=encoding) as out:
        write(events, fmt, out, layout)
