"""Click commands for events: ``export``. The CLI wires them in with ``main.add_command``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from launchwatch.cli import database_errors, db_option
from launchwatch.events.export import FORMATS, LAYOUTS, write


@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True)
@click.option(
    "--layout",
    type=click.Choice(LAYOUTS),
    default="events",
    show_default=True,
    help="One row per event, or (cns) one row per missile as the CNS database keeps it.",
)
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    default=None,
    help="Only events on or after this local date.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write here instead of standard output.",
)
def export(
    db: str | None, fmt: str, layout: str, since: datetime | None, output: Path | None
) -> None:
    """Export the launch events: resolved values, confirmation, conflicts and their reports.

    Undated (provisional) events are always included, with date_status "date unresolved".
    """
    from launchwatch.store import open_store

    with database_errors(db), open_store(db) as store:
        events = store.export_events(since.date().isoformat() if since else None)
    mode = "wb" if fmt == "xlsx" else "w"
    encoding = None if mode == "wb" else "utf-8"
    with click.open_file(str(output or "-"), mode, encoding=encoding) as out:
        write(events, fmt, out, layout)
