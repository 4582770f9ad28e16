"""Click commands for events: ``export`` and ``curate``. The CLI imports them when they run."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from launchwatch.cli import SentenceHelpGroup, database_errors, db_option, require_database
from launchwatch.events.export import FORMATS, LAYOUTS, write

if TYPE_CHECKING:
    from launchwatch.store import Store


@click.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="json",
    show_default=True,
    help="File format: json, csv, geojson (placed events as map features) or xlsx (Excel; "
    "needs -o or a redirect, as it is binary).",
)
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

    if fmt == "xlsx" and output is None and click.get_binary_stream("stdout").isatty():
        raise click.UsageError(
            "xlsx is a binary file and standard output is a terminal: "
            "give -o FILE.xlsx, or redirect the output to a file"
        )
    require_database(db)
    with database_errors(db), open_store(db) as store:
        events = store.export_events(since.date().isoformat() if since else None)
    mode = "wb" if fmt == "xlsx" else "w"
    encoding = None if mode == "wb" else "utf-8"
    try:
        with click.open_file(str(output or "-"), mode, encoding=encoding) as out:
            write(events, fmt, out, layout)
    except OSError as exc:
        where = exc.filename or output or "standard output"
        raise click.ClickException(
            f"cannot write {where}: {(exc.strerror or str(exc)).lower()}"
        ) from exc


NOTE_OPTION = click.option(
    "--note", required=True, help="Why: the evidence for the correction (kept with it)."
)
AUTHOR_OPTION = click.option(
    "--author", default=None, help="Who made it (default: $LAUNCHWATCH_AUTHOR or $USER)."
)


@click.group(cls=SentenceHelpGroup)
def curate() -> None:
    """Correct the machine's events by hand: set a value, merge, detach a report; list, withdraw.

    Corrections are kept beside the machine's result and applied each time events are
    resolved, anchored to the reports, so they follow their launch when its id or date changes.
    """


@curate.command(name="set")
@db_option
@click.argument("event_id")
@click.argument("field")
@click.argument("value")
@NOTE_OPTION
@AUTHOR_OPTION
def set_value(
    db: str | None, event_id: str, field: str, value: str, note: str, author: str | None
) -> None:
    """Set FIELD of EVENT_ID to VALUE ("none" clears it), whatever its reports say."""
    made = _correct(db, event_id, "value", note, field=field, value=value, author=author)
    click.echo(f"curation {made['id']}: {field} of {made['event_id']} set to {value}")


@curate.command()
@db_option
@click.argument("event_id")
@click.argument("other_id")
@NOTE_OPTION
@AUTHOR_OPTION
def merge(db: str | None, event_id: str, other_id: str, note: str, author: str | None) -> None:
    """Make OTHER_ID's reports part of EVENT_ID's launch."""
    made = _correct(db, event_id, "together", note, other_event_id=other_id, author=author)
    click.echo(f"curation {made['id']}: {other_id} merged into {made['event_id']}")


@curate.command()
@db_option
@click.argument("event_id")
@click.argument("url")
@click.option("--position", type=int, default=None, help="Which of the article's reports.")
@NOTE_OPTION
@AUTHOR_OPTION
def detach(
    db: str | None, event_id: str, url: str, position: int | None, note: str, author: str | None
) -> None:
    """Take the report of the article at URL out of EVENT_ID: it stands alone."""
    made = _correct(db, event_id, "apart", note, url=url, position=position, author=author)
    click.echo(f"curation {made['id']}: {url} taken out of {event_id}, now {made['event_id']}")


@curate.command(name="list")
@db_option
@click.option("--json", "as_json", is_flag=True, help="One JSON array.")
def list_curations(db: str | None, as_json: bool) -> None:
    """List every correction, withdrawn ones too, oldest first."""
    import json

    with _curating(db) as store:
        made = store.list_curations()
    if as_json:
        click.echo(json.dumps(made, ensure_ascii=False, indent=1))
        return
    for c in made:
        what = {
            "value": f"{c['field']} = {c['value']!r}",
            "together": f"with {c['other']['url']}#{c['other']['position']}" if c["other"] else "",
            "apart": "stands alone",
        }[c["kind"]]
        state = f"withdrawn {c['withdrawn_at'][:10]}" if c["withdrawn_at"] else "active"
        click.echo(
            f"{c['id']}\t{c['kind']}\t{c['report']['url']}#{c['report']['position']}\t{what}\t"
            f"{state}\t{c['author'] or '—'}: {c['note']}"
        )


@curate.command()
@db_option
@click.argument("curation_id", type=int)
def withdraw(db: str | None, curation_id: int) -> None:
    """Stop applying a correction (it stays on record)."""
    with _curating(db) as store:
        if not store.withdraw_curation(curation_id):
            raise click.ClickException(f"no active curation {curation_id}")
    click.echo(f"curation {curation_id} withdrawn")


@contextmanager
def _curating(db: str | None) -> Iterator[Store]:
    from launchwatch.store import open_store

    with database_errors(db), open_store(db) as store:
        yield store


def _correct(db: str | None, event_id: str, kind: str, note: str, **what: Any) -> dict[str, Any]:
    """``Store.correct``, its refusal as one error line."""
    from launchwatch.events.curation import CurationError

    what["author"] = _who(what.get("author"))
    with _curating(db) as store:
        try:
            return store.correct(event_id, kind, note, **what)
        except CurationError as exc:
            raise click.ClickException(str(exc)) from exc


def _who(author: str | None) -> str | None:
    return author or os.environ.get("LAUNCHWATCH_AUTHOR") or os.environ.get("USER")
