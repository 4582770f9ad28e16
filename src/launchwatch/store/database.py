"""Opening the database: engine settings per backend, and migrating the schema to head.

SQLite (the default) and PostgreSQL (``postgresql+psycopg://``, the ``postgres`` extra) are the
backends set up and tested; each gets only its own connection settings.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, Table, create_engine, event, func, insert, select, update
from sqlalchemy.engine import make_url

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 5000
# The PostgreSQL advisory lock key that writing transactions, migrations among them, take
# turns on (any fixed 64-bit number).
WRITE_LOCK = 0x6C77_7772_6974  # "lwwrit"
# A connection execution option: begin the transaction holding the write lock.
_WRITER = "launchwatch_writer"


def connect(url: str) -> Engine:
    """An engine for ``url``, with the settings of its backend.

    SQLite connections get WAL, foreign keys and a busy timeout, and their transactions are
    begun by an explicit ``BEGIN`` (SQLAlchemy's recipe for pysqlite), so reads, writes and
    schema changes of one transaction commit or roll back together.

    PostgreSQL connections are checked before use (a long-running ``watch`` or ``serve``
    outlives server restarts) and run in UTC, so timestamps come back in UTC as on SQLite,
    whatever the server's or the database's time zone.
    """
    postgres = make_url(url).get_backend_name() == "postgresql"
    engine = create_engine(url, pool_pre_ping=postgres)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "connect", _postgresql_connect)
    return engine


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that writes, begun holding the database's write lock.

    Writers take turns from their first read rather than meeting at their first write: two
    processes refreshing the events at once (``watch`` and an ingest through ``serve``) would
    otherwise both insert the ids they computed from the same snapshot, and one would fail.
    On SQLite the transaction begins with ``BEGIN IMMEDIATE`` (waiting up to the busy
    timeout); on PostgreSQL it takes a transaction-scoped advisory lock. Readers never wait.
    """
    with engine.connect().execution_options(**{_WRITER: True}) as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            connection.execute(select(func.pg_advisory_xact_lock(WRITE_LOCK)))
        yield connection


def upgrade(engine: Engine) -> None:
    """Create or migrate the schema to the newest Alembic revision.

    Concurrent openers (say ``watch`` and ``serve`` started together on a new database) take
    turns: the migration is a :func:`write_transaction`, and whoever comes second finds the
    schema at head.
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with write_transaction(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # no implicit BEGIN by the driver
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    writer = connection.get_execution_options().get(_WRITER, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")


def _postgresql_connect(dbapi_connection: Any, _record: Any) -> None:
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'UTC'")  # a session setting: it outlives this commit
    dbapi_connection.commit()


def utc_iso(moment: datetime) -> str:
    """ISO 8601 in UTC (SQLite hands datetimes back without their zone)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat()


def update_or_insert(
    conn: Connection,
    table: Table,
    key: dict[str, Any],
    values: dict[str, Any],
    on_insert: dict[str, Any] | None = None,
) -> None:
    """Update the row of ``table`` whose ``key`` columns hold these values, or insert it (with
    ``on_insert`` too). Call within ``write_transaction``, which keeps writers from racing."""
    matching = [table.c[name] == value for name, value in key.items()]
    done = conn.execute(update(table).where(*matching).values(**values))
    if not done.rowcount:
        conn.execute(insert(table).values(**key, **values, **(on_insert or {})))
