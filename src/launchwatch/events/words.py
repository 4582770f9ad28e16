"""Events in words for people: labels for the stored codes, and a launch told in one line.

The store and the API keep the codes (``KP``, ``space_launch``, ``jp_gov``); the web pages, the
terminal and the Atom feed show these labels ("North Korea", "space launch", "Japan MoD").
"""

from __future__ import annotations

import re
from datetime import date as Date
from typing import Any

COUNTRY_NAMES: dict[str, str] = {
    "KP": "North Korea",
    "KR": "South Korea",
    "JP": "Japan",
    "US": "United States",
    "CN": "China",
    "RU": "Russia",
    "IN": "India",
    "PK": "Pakistan",
    "IR": "Iran",
    "IL": "Israel",
    "FR": "France",
    "GB": "United Kingdom",
    "UA": "Ukraine",
    "YE": "Yemen",
    "TW": "Taiwan",
}
SOURCE_LABELS: dict[str, str] = {
    "kcna": "KCNA",
    "rodong_sinmun": "Rodong Sinmun",
    "jcs": "South Korea JCS",
    "kr_gov": "South Korean government",
    "jp_gov": "Japan MoD",
    "jp_coast_guard": "Japan Coast Guard",
    "us_gov": "US government",
    "analyst": "analysts",
    "other_media": "other media",
    "other": "other sources",
}
CATEGORY_LABELS: dict[str, str] = {
    "ballistic": "ballistic",
    "cruise": "cruise",
    "space_launch": "space launch",
    "unknown": "unknown",
}
CONFIRMATION_LABELS: dict[str, str] = {
    "confirmed": "confirmed",
    "reported": "reported",
    "state_media_only": "state media only",
    "unattributed": "unattributed",
}
PLATFORM_LABELS: dict[str, str] = {
    "rail": "train",
    "road_mobile": "road-mobile launcher",
    "submarine": "submarine",
    "silo": "silo",
    "ship": "ship",
    "aircraft": "aircraft",
}
RANGE_CLASS_WORDS: dict[str, str] = {
    "SRBM": "short-range",
    "CRBM": "close-range",
    "MRBM": "medium-range",
    "IRBM": "intermediate-range",
    "ICBM": "intercontinental",
    "SLBM": "submarine-launched",
}
FIELD_LABELS: dict[str, str] = {
    "country": "country",
    "date": "date",
    "range_km": "range",
    "apogee_km": "apogee",
    "landing": "landing",
    "time_local": "local time",
    "designation": "type",
    "platform": "platform",
    "hypersonic": "hypersonic",
    "category": "category",
    "range_class": "range class",
    "launch_area": "launch area",
    "missile_count": "missiles",
    "sources": "sources",
    "confirmation": "status",
    "conflicts": "disputes",
}
# What each kind of labelled code is called in ``label``.
LABELS: dict[str, dict[str, str]] = {
    "country": COUNTRY_NAMES,
    "source": SOURCE_LABELS,
    "category": CATEGORY_LABELS,
    "confirmation": CONFIRMATION_LABELS,
    "platform": PLATFORM_LABELS,
    "field": FIELD_LABELS,
}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def label(kind: str, code: Any) -> str:
    """The label of ``code`` among the ``kind``'s labels ("source", "jcs" → "South Korea JCS");
    an unknown code as it is, with underscores as spaces; None as "—"."""
    if code is None or code == "":
        return "—"
    text = str(code)
    return LABELS[kind].get(text) or text.replace("_", " ")


def day(iso: str | None) -> str:
    """An ISO date as people write it ("2021-09-15" → "15 Sep 2021"); None as "date unresolved"."""
    if not iso:
        return "date unresolved"
    try:
        parsed = Date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{parsed.day} {MONTHS[parsed.month - 1]} {parsed.year}"


def value_text(field: str, value: Any) -> str:
    """One field's value in words: "380 km", "yes", "Japan MoD, KCNA", "—" when unstated."""
    if value is None or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        kind = "source" if field == "sources" else None
        return ", ".join(label(kind, v) if kind else value_text(field, v) for v in value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if field in ("range_km", "apogee_km"):
        return f"{value:,} km" if isinstance(value, int) else f"{value} km"
    if field in ("country", "category", "confirmation", "platform"):
        return label(field, value)
    if field == "sources":
        return label("source", value)
    return str(value)


def headline(values: dict[str, Any], country: str | None, iso_date: str | None) -> str:
    """What happened, in one line: "2 short-range ballistic missiles fired from a train in
    Yangdok, South Pyongan — North Korea, 15 Sep 2021". Unstated parts are left out."""
    count = values.get("missile_count")
    category = values.get("category") or "unknown"
    plural = not isinstance(count, int | float) or count != 1
    if category == "space_launch":
        what = "space launch" if count in (None, 1) else f"{_count(count)} space launches"
        verb = ""
    else:
        kind = {"ballistic": "ballistic missile", "cruise": "cruise missile"}.get(
            category, "missile"
        )
        reach = RANGE_CLASS_WORDS.get(values.get("range_class") or "")
        if reach and not (reach == "submarine-launched" and values.get("platform") == "submarine"):
            kind = f"{reach} {kind}"
        noun = kind + ("s" if plural else "")
        what = f"{_count(count)} {noun}" if count is not None else noun
        verb = " fired"
    designation = values.get("designation")
    if designation:
        what += f" ({designation})"
    where = ""
    platform = PLATFORM_LABELS.get(values.get("platform") or "")
    if platform:
        where += f" from {'an' if platform[0] in 'aeiou' else 'a'} {platform}"
    area = values.get("launch_area")
    if area:
        where += f" {'in' if platform else 'from'} {area}"
    who = label("country", country) if country else "country unknown"
    line = f"{what}{verb}{where} — {who}, {day(iso_date)}"
    return line[0].upper() + line[1:]


def _count(count: Any) -> str:
    if isinstance(count, float) and count.is_integer():
        count = int(count)
    return str(count)


def change_sentence(field: str, old: Any, new: Any) -> str:
    """One changed field as a sentence: "Range changed from 380 km to 400 km."."""
    name = label("field", field)
    if field == "conflicts":
        return _disputes_sentence(old or {}, new or {})
    if old in (None, []):
        return f"{name.capitalize()} now given: {value_text(field, new)}."
    if new in (None, []):
        return f"{name.capitalize()} no longer given (was {value_text(field, old)})."
    return f"{name.capitalize()} changed from {value_text(field, old)} to {value_text(field, new)}."


def _disputes_sentence(old: dict[str, Any], new: dict[str, Any]) -> str:
    """Which fields sources newly disagree on, with who says what, and which are settled."""
    parts = []
    started = [name for name in new if name not in old or new[name] != old[name]]
    if started:
        told = "; ".join(
            f"{label('field', name)}: "
            + ", ".join(
                f"{value_text(name, e['value'])} per "
                + (", ".join(label("source", s) for s in e["sources"]) or "unattributed")
                for e in new[name]
            )
            for name in started
        )
        parts.append(f"Sources disagree on {told}.")
    settled = [name for name in old if name not in new]
    if settled:
        parts.append(
            f"Sources no longer disagree on {', '.join(label('field', n) for n in settled)}."
        )
    return " ".join(parts) or "The disputes changed."


def rule_text(rule: str) -> str:
    """A resolution rule with its source in words: "source priority (jcs)" → "source priority
    (South Korea JCS)"."""
    return re.sub(
        r"\((\w+)\)",
        lambda m: f"({SOURCE_LABELS.get(m.group(1), m.group(1))})",
        rule,
    )
