"""Where the database lives: an explicit path or URL, ``$LAUNCHWATCH_DB``, or the user data dir."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import URL, make_url

ENV_VAR = "LAUNCHWATCH_DB"
POSTGRES_DRIVER = "postgresql+psycopg"  # psycopg 3, the ``postgres`` extra
POSTGRES_SCHEMES = ("postgresql", "postgres")  # driverless URL schemes given that driver
BACKENDS = ("sqlite", "postgresql")  # the databases the store's schema and settings are for


class DatabaseLocationError(ValueError):
    """A database location that cannot be used: its directory cannot be made, or its URL names
    a database or driver that is not supported or not installed. The message says why."""


def default_db_location() -> str:
    """``$LAUNCHWATCH_DB`` when set, else ``$XDG_DATA_HOME/launchwatch/launchwatch.db``.

    ``XDG_DATA_HOME`` defaults to ``~/.local/share``. The result is a file path or a URL.
    """
    configured = os.environ.get(ENV_VAR)
    if configured:
        return configured
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return str(Path(data_home) / "launchwatch" / "launchwatch.db")


def database_url(db: str | None) -> str:
    """The SQLAlchemy URL for ``db`` (a SQLite file path or a URL; None for the default).

    For a SQLite file the parent directories are created. A PostgreSQL URL without a driver
    (``postgresql://`` or ``postgres://``) is given psycopg 3's (``postgresql+psycopg://``).
    Raises :class:`DatabaseLocationError` for a directory that cannot be created and for a
    database other than SQLite or PostgreSQL, or whose driver is not installed (and
    ``sqlalchemy.exc.ArgumentError`` for a URL SQLAlchemy cannot read).
    """
    location = db if db is not None else default_db_location()
    if "://" not in location:
        path = Path(location).expanduser().resolve()
        location = f"sqlite:///{path}"
    scheme, rest = location.split("://", 1)
    if scheme in POSTGRES_SCHEMES:
        location = f"{POSTGRES_DRIVER}://{rest}"
    url = make_url(location)
    _check_driver(url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        directory = Path(url.database).parent
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except FileExistsError as exc:  # a file where the directory should be
            raise DatabaseLocationError(f"{directory} is not a directory") from exc
        except OSError as exc:
            reason = (exc.strerror or str(exc)).lower()
            raise DatabaseLocationError(
                f"cannot create its directory {directory}: {reason}"
            ) from exc
    return location


def _check_driver(url: URL) -> None:
    """Refuse databases the store is not made for, and drivers that are not installed."""
    backend = url.get_backend_name()
    if backend not in BACKENDS:
        raise DatabaseLocationError(
            f"unsupported database {backend!r} (the store runs on SQLite or PostgreSQL)"
        )
    dialect = url.get_dialect()  # NoSuchModuleError (an ArgumentError) for an unknown driver
    try:
        dialect.import_dbapi()
    except ImportError as exc:
        hint = " (pip install 'launchwatch[postgres]')" if url.drivername == POSTGRES_DRIVER else ""
        raise DatabaseLocationError(
            f"the {url.drivername} driver is not installed: {exc}{hint}"
        ) from exc
