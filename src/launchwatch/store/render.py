"""Plain-text views of events for the terminal: a table of events and one event in detail."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from launchwatch.events.resolve import conflict_note

# (heading, row key) of the events table, in order.
TABLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "id"),
    ("date", "date"),
    ("country", "country"),
    ("count", "missile_count"),
    ("category", "category"),
    ("designation", "designation"),
    ("platform", "platform"),
    ("launch area", "launch_area"),
    ("range km", "range_km"),
    ("apogee km", "apogee_km"),
    ("status", "confirmation"),
    ("reports", "reports"),
    ("sources", "sources"),
)
MAX_CELL = 32


def events_table(rows: Iterable[dict[str, Any]]) -> str:
    """``Store.list_events`` rows as an aligned text table (or a note that there are none)."""
    cells = [[_cell(row.get(key)) for _, key in TABLE_COLUMNS] for row in rows]
    if not cells:
        return "No events."
    return _table([heading for heading, _ in TABLE_COLUMNS], cells)


def event_detail(event: dict[str, Any]) -> str:
    """``Store.get_event`` as text: values (conflicts flagged), then per field its claims.

    Each claim shows its value, source, hedge, the quoted evidence sentence and the article;
    each value the rule that chose it. Background mentions, corrections by hand and the history
    close the view.
    """
    values: dict[str, Any] = event["values"]
    conflicts: dict[str, list[dict[str, Any]]] = event["conflicts"]
    provenance: dict[str, dict[str, Any]] = event.get("provenance", {})
    articles = event["articles"]
    place = event.get("place")
    lines = [
        f"{event['id']}  {event['country'] or '?'}  {event['date'] or 'date unresolved'}  "
        f"({len(articles)} report{'s' if len(articles) != 1 else ''}, "
        f"{len({a.get('story') for a in articles})} independent)  {event.get('confirmation')}",
    ]
    if place:
        lines.append(f"  at {place['name']} ({place['lat']}, {place['lon']})")
    lines.append("")
    width = max(len(name) for name in values)
    for name, value in values.items():
        flag = f"   [{provenance[name]['rule']}]" if name in provenance else ""
        if name in conflicts:
            flag += "   CONFLICT: " + conflict_note(name, conflicts[name]).partition(": ")[2]
        lines.append(f"  {name.ljust(width)}  {_text(value)}{flag}")

    for name, field_claims in event["claims"].items():
        heading = f"{name} = {_text(values[name])}" if name in values else name
        lines += ["", heading + ("   (sources disagree)" if name in conflicts else "")]
        for claim in field_claims:
            differs = name in values and claim["value"] != values[name]
            said = ", ".join(filter(None, [claim["source"] or "unattributed", claim["hedge"]]))
            lines.append(f"  {'≠' if differs else '-'} {_text(claim['value'])}  [{said}]")
            lines.append(f"      “{claim['evidence']}”")
            lines.append(f"      {_article_line(claim)}")

    lines += ["", "Articles"]
    lines += [f"  - {_article_line(article)}" for article in articles]
    if event.get("mentions"):
        lines += ["", "Mentioned in the background of"]
        lines += [f"  - {m['url']}: “{m['evidence']}”" for m in event["mentions"]]
    if event.get("curations"):
        lines += ["", "Corrections by hand (launchwatch curate)"]
        for c in event["curations"]:
            what = {"value": f"{c['field']} = {_text(c['value'])}", "together": "merged",
                    "apart": "report taken out"}.get(c["kind"], c["kind"])  # fmt: skip
            state = " (withdrawn)" if c["withdrawn_at"] else ""
            lines.append(f"  #{c['id']} {what}{state}: {c['note']} ({c['author'] or '—'})")
    if event.get("history"):
        lines += ["", "History"]
        lines += [f"  {h['at']}  {h['change']}: {h['reason']}" for h in event["history"]]
    return "\n".join(lines)


def _article_line(item: dict[str, Any]) -> str:
    parts = [item.get("title") or "(untitled)"]
    if item.get("published"):
        parts.append(f"({item['published']})")
    parts.append(item["url"])
    return " ".join(parts)


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value) or "—"
    return str(value)


def _cell(value: Any) -> str:
    text = "" if value is None else _text(value)
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _table(headings: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(r[i]) for r in [headings, *rows]) for i in range(len(headings))]
    rule = ["-" * w for w in widths]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip()
        for r in [headings, rule, *rows]
    )
