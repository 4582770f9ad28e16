"""Plain-text views of events for the terminal: a table of events and one event in detail."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from launchwatch.events.resolve import claim_differs, conflict_note

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
# Columns never cut to fit a narrow terminal: the id is what ``show`` takes, the date is short.
WHOLE_COLUMNS = frozenset({"id", "date"})
NARROWEST_CELL = 5  # a cut cell keeps at least this many characters (with its "…")
GAP = 2  # spaces between columns


def events_table(rows: Iterable[dict[str, Any]], width: int | None = None) -> str:
    """``Store.list_events`` rows as an aligned text table (or a note that there are none).

    With ``width`` (a terminal's columns) no line is longer: columns empty in every row are
    left out, the widest cuttable cells are cut
    with "…" down to ``NARROWEST_CELL`` characters (or their heading's length), and when that is
    not enough the right-most columns are left out (``--json`` has them all). The columns that
    fit at their narrowest are kept; the cells of those are then cut no more than needed.
    """
    cells = [[_cell(row.get(key)) for _, key in TABLE_COLUMNS] for row in rows]
    if not cells:
        return "No events."
    headings = [heading for heading, _ in TABLE_COLUMNS]
    if width is None:
        return _table(headings, cells)
    # Narrow, a column with nothing in it is not worth its heading's room.
    shown = [
        i
        for i, (_, key) in enumerate(TABLE_COLUMNS)
        if key in WHOLE_COLUMNS or any(r[i] for r in cells)
    ]
    columns = [TABLE_COLUMNS[i] for i in shown]
    headings = [heading for heading, _ in columns]
    cells = [[r[i] for i in shown] for r in cells]
    widths = [max(len(r[i]) for r in [headings, *cells]) for i in range(len(headings))]
    floors = [
        w if key in WHOLE_COLUMNS else min(w, max(NARROWEST_CELL, len(heading)))
        for (heading, key), w in zip(columns, widths, strict=True)
    ]
    keep = len(headings)
    while keep > 1 and sum(floors[:keep]) + GAP * (keep - 1) > width:
        keep -= 1  # even cut to their floors, these columns do not fit: leave the last out
    while sum(widths[:keep]) + GAP * (keep - 1) > width:
        cuttable = [i for i in range(keep) if widths[i] > floors[i]]
        if not cuttable:
            break  # only the id and date are left, wider than the terminal
        widest = max(cuttable, key=lambda i: widths[i])
        widths[widest] -= 1
    fitted = [[_fit(r[i], widths[i]) for i in range(keep)] for r in cells]
    return _table(headings[:keep], fitted)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


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
            differs = claim_differs(name, claim["value"], conflicts)
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
    if isinstance(value, bool):
        return "yes" if value else "no"
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
