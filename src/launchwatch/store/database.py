"""Opening the database: engine settings per backend, and migrating the schema to head.

SQLite (the default) and PostgreSQL (``postgresql+psycopg://``, the ``postgres`` extra) are the
backends set up and tested; each gets only its own connection settings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, func, select
from sqlalchemy.engine import make_url

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 5000
# The PostgreSQL advisory lock key that serialises migrations (any fixed 64-bit number).
MIGRATION_LOCK = 0x6C77_6D69_6772  # "lwmigr"


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


def upgrade(engine: Engine) -> None:
    """Create or migrate the schema to the newest Alembic revision.

    On PostgreSQL, concurrent openers (say ``watch`` and ``serve`` started together on a new
    database) take turns: the migration runs under a transaction-scoped advisory lock, and
    whoever comes second finds the schema at head.
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK)))
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
    connection.exec_driver_sql("BEGIN")


def _postgresql_connect(dbapi_connection: Any, _record: Any) -> None:
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'UTC'")  # a session setting: it outlives this commit
    dbapi_connection.commit()
