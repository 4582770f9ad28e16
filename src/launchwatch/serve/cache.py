"""Answers to reads kept until the database changes, with ETags for conditional requests.

Whether a SQLite database changed is asked of SQLite itself: ``PRAGMA data_version`` on a
connection of our own changes whenever any other connection, in this process or another (an
``ingest``, a ``watch``), commits. So a kept answer is never stale, and checking costs
microseconds. Other databases are not cached.
"""

from __future__ import annotations

import sqlite3
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable
from urllib.parse import quote

from sqlalchemy.engine import make_url

from launchwatch.store.location import database_url

MAX_ENTRIES = 512


class ResponseCache:
    """Bodies (with their ETags) by request, dropped when the database changes."""

    def __init__(self, db: str | None, max_entries: int = MAX_ENTRIES) -> None:
        url = make_url(database_url(db))
        self._path: str | None = None
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            self._path = url.database
        self._conn: sqlite3.Connection | None = None
        self._max = max_entries
        self._entries: OrderedDict[str, tuple[bytes, str]] = OrderedDict()
        self._version: int | None = None
        self._lock = threading.Lock()

    @property
    def active(self) -> bool:
        """True when answers are kept (a SQLite file); False for other databases."""
        return self._path is not None

    def close(self) -> None:
        """Close the connection that watches the database (the next lookup opens it again)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def lookup(self, key: str) -> tuple[tuple[bytes, str] | None, int | None]:
        """The kept (body, ETag) of ``key`` if the database has not changed since, and the
        database's version to ``store`` a fresh answer under (None: do not keep it)."""
        if self._path is None:
            return None, None
        with self._lock:
            if self._conn is None:  # a new connection's versions start afresh
                self._conn = sqlite3.connect(
                    f"file:{quote(self._path)}?mode=ro", uri=True, check_same_thread=False
                )
                self._entries.clear()
                self._version = None
            version = self._conn.execute("PRAGMA data_version").fetchone()[0]
            if version != self._version:
                self._entries.clear()
                self._version = version
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found, version

    def store(self, key: str, body: bytes, version: int | None) -> tuple[bytes, str]:
        """Keep ``body`` for ``key`` if the database is still at ``version``; (body, ETag)."""
        entry = (body, f'"{version or 0:x}-{zlib.crc32(body):08x}"')
        if version is None:
            return entry
        with self._lock:
            if version == self._version:
                self._entries[key] = entry
                while len(self._entries) > self._max:
                    self._entries.popitem(last=False)
        return entry

    def get(self, key: str, make: Callable[[], bytes]) -> tuple[bytes, str]:
        """The body and ETag for ``key``, kept or made now by ``make``."""
        found, version = self.lookup(key)
        return found if found is not None else self.store(key, make(), version)
