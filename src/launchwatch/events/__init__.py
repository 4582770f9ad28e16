"""Events: one launch occasion resolved from the reports of many articles.

``cluster`` decides which reports belong together, ``resolve`` each field's value and the
confirmation status, ``group`` ties them together with stable ids, ``places`` puts launch areas
on the map and ``wire`` tells copies of one story from independent reports.
"""

from launchwatch.events.cluster import earliest_first
from launchwatch.events.group import PreviousEvent, group_reports
from launchwatch.events.model import Event, StoredClaim, StoredLaunchReport

__all__ = [
    "Event",
    "PreviousEvent",
    "StoredClaim",
    "StoredLaunchReport",
    "earliest_first",
    "group_reports",
]
