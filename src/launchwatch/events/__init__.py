"""Events: one launch occasion resolved from the reports of many articles."""

from launchwatch.events.group import earliest_first, group_reports, unresolved_reports
from launchwatch.events.model import Event, StoredLaunchReport

__all__ = ["Event", "StoredLaunchReport", "earliest_first", "group_reports", "unresolved_reports"]
