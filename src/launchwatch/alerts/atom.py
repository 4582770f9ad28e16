"""The alerts as an Atom feed, for the web app to serve (newest alert first)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree

from launchwatch.events.words import change_sentence, day, headline, label

ATOM = "http://www.w3.org/2005/Atom"


def alerts_feed(payloads: Sequence[dict[str, Any]], feed_url: str) -> str:
    """An Atom document with one entry per alert payload (see ``launchwatch.alerts``).

    ``feed_url`` is where the feed is served; entry ids are ``<feed_url>#alert-<id>``.
    """
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    _text(feed, "title", "launchwatch alerts")
    _text(feed, "id", feed_url)
    updated = payloads[0]["detected_at"] if payloads else datetime.now(UTC).isoformat()
    _text(feed, "updated", updated)
    ElementTree.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=feed_url)
    for payload in payloads:
        entry = ElementTree.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", f"{feed_url}#alert-{payload['alert_id']}")
        _text(entry, "title", _title(payload))
        _text(entry, "updated", payload["detected_at"])
        for report in payload.get("reports", []):
            ElementTree.SubElement(entry, f"{{{ATOM}}}link", rel="related", href=report["url"])
        _text(entry, "summary", _summary(payload))
    return ElementTree.tostring(feed, encoding="unicode", xml_declaration=True)


def _title(payload: dict[str, Any]) -> str:
    event = payload.get("event") or {}
    what = "New launch event" if payload["kind"] == "new" else "Launch event changed"
    who = label("country", event.get("country")) if event.get("country") else "country unknown"
    return f"{what}: {who}, {day(event.get('date'))}"


def _summary(payload: dict[str, Any]) -> str:
    """The alert in sentences: what happened (where the payload has the event's values), then
    each change ("Range changed from 380 km to 400 km.")."""
    event = payload.get("event") or {}
    sentences = []
    if event.get("values"):
        sentences.append(headline(event["values"], event.get("country"), event.get("date")) + ".")
    if payload["kind"] == "new":
        sentences.append("A new launch event in the record.")
    sentences += [
        change_sentence(name, change.get("old"), change.get("new"))
        for name, change in payload.get("changes", {}).items()
    ]
    return " ".join(sentences)


def _text(parent: ElementTree.Element, tag: str, text: str) -> None:
    ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}").text = text
