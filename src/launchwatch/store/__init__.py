"""The store: articles, their versions, reports and events in SQLite (or another SQL database)."""

from launchwatch.store import monitoring  # noqa: F401 (its tables belong to the one schema)
from launchwatch.store.location import default_db_location
from launchwatch.store.store import SaveOutcome, Store, open_store

__all__ = ["SaveOutcome", "Store", "default_db_location", "open_store"]
