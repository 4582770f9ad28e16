"""Shared fixtures: the databases that store-level tests run on, SQLite and PostgreSQL.

A test that asks for ``db_url`` runs twice: on a new SQLite file, and on a new PostgreSQL
database on 127.0.0.1:5432 (created through the ``postgres`` maintenance database, dropped
afterwards). The PostgreSQL run is skipped, with the reason, where no server answers there.
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
PG_MAINTENANCE = f"{PG_SERVER}/postgres"
# Not UTC, so that a timestamp written or read without its zone shows up as a wrong time.
PG_TEST_TIMEZONE = "Asia/Seoul"


@functools.cache
def postgres_unavailable() -> str | None:
    """Why PostgreSQL tests cannot run here, or None when the server answers."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install -e '.[postgres]')"
    try:
        psycopg.connect(
            "host=127.0.0.1 port=5432 user=postgres dbname=postgres", connect_timeout=3
        ).close()
    except psycopg.Error as error:
        return f"no PostgreSQL server accepts connections on 127.0.0.1:5432: {error}"
    return None


@contextmanager
def postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database for one test; yields its URL, drops it afterwards."""
    name = f"lw_test_{secrets.token_hex(6)}"
    admin = create_engine(PG_MAINTENANCE, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
            conn.execute(text(f"ALTER DATABASE \"{name}\" SET timezone TO '{PG_TEST_TIMEZONE}'"))
        yield f"{PG_SERVER}/{name}"
    finally:
        with admin.connect() as conn:
            # FORCE: a connection a failing test left open must not keep the database alive.
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A new PostgreSQL database on 127.0.0.1 for one test (skipped where no server answers)."""
    reason = postgres_unavailable()
    if reason is not None:
        pytest.skip(reason)
    with postgres_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's store lives: a new SQLite file's path, or a new PostgreSQL database's URL."""
    if request.param == "sqlite":
        return str(tmp_path / "lw.db")
    return request.getfixturevalue("postgres_url")
