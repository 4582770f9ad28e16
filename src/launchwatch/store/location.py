"""Where the database lives: an explicit path or URL, ``$LAUNCHWATCH_DB``, or the user data dir."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import make_url

ENV_VAR = "LAUNCHWATCH_DB"
POSTGRES_DRIVER = "postgresql+psycopg"  # psycopg 3, the ``postgres`` extra
POSTGRES_SCHEMES = ("postgresql", "postgres")  # driverless URL schemes given that driver


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
    """
    location = db if db is not None else default_db_location()
    if "://" not in location:
        path = Path(location).expanduser().resolve()
        location = f"sqlite:///{path}"
    scheme, rest = location.split("://", 1)
    if scheme in POSTGRES_SCHEMES:
        location = f"{POSTGRES_DRIVER}://{rest}"
    url = make_url(location)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    return location
