"""The ``serve`` command (a click command object; the CLI adds it with ``main.add_command``)."""

from __future__ import annotations

import click

from launchwatch.cli import database_errors, db_option


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="TCP port to listen on (0: any free port).",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes (each opens the database; SQLite allows many readers).",
)
@click.option("-q", "--quiet", is_flag=True, help="Do not log each request.")
def serve(db: str | None, host: str, port: int, workers: int, quiet: bool) -> None:
    """Serve the web app and the JSON API (under /api/, its reference at /api/docs).

    Reads are open unless LAUNCHWATCH_READ_TOKEN is set; ingest through the API needs
    LAUNCHWATCH_WRITE_TOKEN. See the README for every setting.
    """
    import os

    import uvicorn

    from launchwatch.serve.settings import ServeSettings
    from launchwatch.store import open_store

    try:
        ServeSettings.from_env()  # a bad setting fails here, with its message
        with database_errors(db):
            open_store(db).close()  # open and migrate once, before the workers start
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if db is not None:
        os.environ["LAUNCHWATCH_DB"] = db  # the workers' factory reads it
    click.echo(f"launchwatch serving on http://{host}:{port}/ (API reference: /api/docs)", err=True)
    uvicorn.run(
        "launchwatch.serve.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        # asyncio's own loop, not uvloop even where installed: under saturation (64 connections
        # on one worker) uvloop served some connections late, p99 400 ms against asyncio's 45 ms.
        loop="asyncio",
        access_log=not quiet,
        log_level="warning" if quiet else "info",
        server_header=False,
    )
