"""Publication stamps as given by pages, feeds and JSONL lines, normalised to ISO 8601."""

from __future__ import annotations

import email.utils
from datetime import date, datetime


def iso_timestamp(value: str | None) -> str | None:
    """``value`` as an ISO date or datetime (keeping its offset), or None if it is not one.

    Accepts ISO 8601 (``2022-03-05``, ``2022-03-05T10:00:00Z``, ``...+09:00``) and RFC 822 as
    used by RSS (``Sat, 05 Mar 2022 10:00:00 +0900``). A bare date stays a bare date, so that
    no time of day or offset is invented for it.
    """
    text = (value or "").strip()
    if not text:
        return None
    if len(text) == len("YYYY-MM-DD"):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        return None
