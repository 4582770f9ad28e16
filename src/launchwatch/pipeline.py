"""The pipeline: sources → articles → reports → store, for the ``ingest`` and ``extract`` commands.

Both functions go on past a bad item: each one is reported through ``error("origin: message")``
(origin is the file, or file:line for JSONL) and counted, and the rest of the batch is read.

- :func:`ingest_paths` reads files and directories, extracts each article's report, saves each
  article in its own transaction and recomputes the events once at the end. An item that fails
  leaves nothing half-written, and whatever the store held before stays.
- :func:`extract_jsonl` is stateless: one JSON line out for every JSONL line in, no database.

Plain-text and HTML files come out of :mod:`launchwatch.sources` with their boilerplate already
stripped (``strip_boilerplate``); JSONL text is used exactly as given, so that evidence offsets
point into the text the caller sent.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from launchwatch.articles import Article
from launchwatch.reports.extract import extract_report
from launchwatch.reports.model import Report
from launchwatch.sources import InputError, read_jsonl_stream, read_paths
from launchwatch.store import open_store

Echo = Callable[[str], None]

STDIN = "-"
# The ``"id"`` member at the very start of a JSONL line that does not parse as a whole.
_LEADING_ID = re.compile(r'\s*\{\s*("id"\s*:\s*(?:"(?:[^"\\]|\\.)*"|-?\d+))\s*,')


@dataclass
class IngestSummary:
    """What one ``ingest`` batch did.

    ``read`` counts the articles read; ``new``, ``new_version`` and ``unchanged`` how the store
    took them; ``failed`` the items that could not be read, extracted or saved;
    ``launch_reports`` the launch reports extracted from the articles read (unchanged ones
    included); ``events`` the events in the store after the batch and ``unresolved`` the stored
    launch reports without a date, as ``Store.refresh_events`` counts them (both None when
    recomputing the events failed, see ``events_error``). ``stopped``: the batch stopped
    early because the database takes no more writes (full, or read-only).
    """

    read: int = 0
    new: int = 0
    new_version: int = 0
    unchanged: int = 0
    failed: int = 0
    launch_reports: int = 0
    events: int | None = None
    unresolved: int | None = None
    events_error: str | None = None
    stopped: bool = False

    @property
    def ok(self) -> bool:
        """True when every item went in and the events were recomputed."""
        return not self.failed and self.events_error is None

    def describe(self) -> str:
        """One line for the terminal: ``4 articles read: 3 new, ...; 2 events in the store``."""
        if self.events is None:
            events = "events not updated"
        else:
            events = f"{_plural(self.events, 'event')} in the store"
            if self.unresolved:
                events += f" ({_plural(self.unresolved, 'launch report')} without a date)"
        return (
            f"{_plural(self.read, 'article')} read: {self.new} new, "
            f"{self.new_version} new version{'s' if self.new_version != 1 else ''}, "
            f"{self.unchanged} unchanged, {self.failed} failed; "
            f"{_plural(self.launch_reports, 'launch report')}; {events}"
        )


def ingest_paths(
    paths: Iterable[Path | str],
    db: str | None,
    echo: Echo | None = None,
    error: Echo | None = None,
) -> IngestSummary:
    """Read, extract and store every article under ``paths``; recompute events once at the end.

    ``db`` is a SQLite path or database URL (None: ``$LAUNCHWATCH_DB`` or the user data dir).
    ``echo`` gets one progress line per article, ``error`` one line per failed item. An error
    opening the database is raised (nothing can be done without it); every other error is
    reported and counted, and the batch goes on.
    """
    report_error = error or _ignore
    summary = IngestSummary()
    articles = ((article, None) for article in _articles(paths, summary, report_error))
    return _store_all(articles, db, summary, echo, report_error)


def ingest_reports(
    items: Iterable[tuple[Article, Report]],
    db: str | None,
    echo: Echo | None = None,
    error: Echo | None = None,
) -> IngestSummary:
    """Store articles whose reports were extracted elsewhere (a backfill's rows), as ``ingest``.

    The same store, the same identity (url and content hash: an article stored before is
    unchanged) and one recomputation of the events at the end, as :func:`ingest_paths`.
    """
    return _store_all(items, db, IngestSummary(), echo, error or _ignore)


def _store_all(
    items: Iterable[tuple[Article, Report | None]],
    db: str | None,
    summary: IngestSummary,
    echo: Echo | None,
    report_error: Echo,
) -> IngestSummary:
    """Save each article (extracting its report when None), then refresh the events once."""
    with open_store(db) as store:
        for article, given in items:
            summary.read += 1
            step = "extraction failed"
            try:  # one bad article must not stop the batch
                report = extract_report(article) if given is None else given
                step = "saving failed"
                outcome = store.save(article, report)
            except Exception as exc:
                summary.failed += 1
                message = f"{_origin(article)}: {step}: {describe_exception(exc)}"
                if step == "saving failed" and storage_refused(exc):
                    # Every item after this one would fail the same way: say it once, stop.
                    summary.stopped = True
                    report_error(f"{message}; batch stopped, everything stored before is kept")
                    break
                report_error(message)
                continue
            setattr(summary, outcome, getattr(summary, outcome) + 1)
            summary.launch_reports += len(report.events)
            if echo is not None:
                echo(f"{_origin(article)}: {outcome.replace('_', ' ')}, {_found(report.events)}")
        try:
            counts = store.refresh_events()
            summary.events, summary.unresolved = counts["events"], counts["unresolved"]
        except Exception as exc:  # the articles are saved; say the events are stale
            summary.events_error = describe_exception(exc)
            if not (summary.stopped and storage_refused(exc)):  # said once already
                report_error(f"events: not updated: {summary.events_error}")
    return summary


def extract_jsonl(
    input_file: Path | str,
    out: IO[str],
    evidence: bool = True,
    error: Echo | None = None,
) -> int:
    """Extract every line of a JSONL file (or ``"-"`` for standard input) and write JSON lines.

    Each non-blank input line gives exactly one output line, in order: the report
    (``Report.to_json``; with ``evidence`` each claim carries its evidence string, without it
    the events carry no claims), or ``{"id": <id or null>, "error": "<message>"}`` for a line
    that could not be read or extracted; that error also goes to ``error`` as "file:line:
    message". Returns the number of lines that failed. An input file that cannot be opened
    raises ``OSError``.
    """
    report_error = error or _ignore
    failed = 0
    name = str(input_file)
    with _open_input(name) as stream:
        lines = _LastLine(stream)
        for item in read_jsonl_stream(lines, name):
            if isinstance(item, InputError):
                failed += 1
                origin = _stdin_origin(item.origin)
                report_error(f"{origin}: {item.message}")
                _write(out, {"id": _id_of(lines.last), "error": item.message})
                continue
            try:
                result = extract_report(item).to_json(item.id, item.text if evidence else None)
            except Exception as exc:
                failed += 1
                message = f"extraction failed: {describe_exception(exc)}"
                report_error(f"{_stdin_origin(item.origin or name)}: {message}")
                _write(out, {"id": item.id, "error": message})
                continue
            if not evidence:
                for event in result["events"]:
                    event.pop("claims", None)
            _write(out, result)
    return failed


def _articles(
    paths: Iterable[Path | str], summary: IngestSummary, error: Echo
) -> Iterator[Article]:
    """The Articles under ``paths``; each InputError is reported, counted and skipped.

    Each path is read on its own, so a reader that breaks on one path loses only that path.
    """
    for path in paths:
        try:
            for item in read_paths([Path(path)]):
                if isinstance(item, InputError):
                    summary.failed += 1
                    error(str(item))
                else:
                    yield item
        except Exception as exc:
            summary.failed += 1
            error(f"{path}: {describe_exception(exc)}")


class _LastLine:
    """Iterate a stream of lines, remembering the line handed out last (for error output)."""

    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = iter(stream)
        self.last: bytes = b""

    def __iter__(self) -> Iterator[bytes]:
        for line in self._stream:
            self.last = line
            yield line


def _open_input(name: str) -> AbstractContextManager[IO[bytes]]:
    """The input as bytes, so that one line of invalid UTF-8 is that line's error only.

    Standard input is used as it is, and left open.
    """
    if name == STDIN:
        return nullcontext(sys.stdin.buffer)
    return open(name, "rb")


def _id_of(line: bytes) -> str | None:
    """The ``id`` of a JSONL line that failed, if it has a readable one.

    Read from the whole line where it parses, else from a leading ``{"id": ...`` of a line cut
    short or broken later on.
    """
    text = line.decode("utf-8", errors="replace")
    try:
        record = json.loads(text)
    except (ValueError, RecursionError):
        match = _LEADING_ID.match(text)
        if match is None:
            return None
        try:  # the id itself may be broken: an invalid escape, too many digits
            record = json.loads("{" + match.group(1) + "}")
        except ValueError:
            return None
    article_id = record.get("id") if isinstance(record, dict) else None
    if isinstance(article_id, int) and not isinstance(article_id, bool):
        return str(article_id)
    return article_id if isinstance(article_id, str) else None


def _write(out: IO[str], record: dict[str, Any]) -> None:
    out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()


def _origin(article: Article) -> str:
    return article.origin or article.url


def _stdin_origin(origin: str) -> str:
    return "<stdin>" + origin[1:] if origin == STDIN or origin.startswith(STDIN + ":") else origin


def _found(launches: list[Any]) -> str:
    if not launches:
        return "no launch report"
    which = ", ".join(f"{e.country or '?'} {e.date or 'date unresolved'}" for e in launches)
    return f"{_plural(len(launches), 'launch report')} ({which})"


def describe_exception(exc: Exception) -> str:
    """``Type: first line of the message``; a database error is named by the driver's error."""
    cause = getattr(exc, "orig", None)  # SQLAlchemy wraps the driver's exception
    if isinstance(cause, Exception):
        exc = cause
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


# SQLite's result codes for a full database or disk and a read-only one (the primary codes,
# under their extended ones); PostgreSQL's SQLSTATEs for a full disk and a read-only server.
_SQLITE_REFUSED = {13, 8}  # SQLITE_FULL, SQLITE_READONLY
_POSTGRES_REFUSED = {"53100", "25006"}  # disk_full, read_only_sql_transaction


def storage_refused(exc: BaseException) -> bool:
    """True when ``exc`` says the database takes no more writes at all (a full disk or
    database, a read-only file or server), as opposed to a problem of one item."""
    cause = getattr(exc, "orig", None) or exc
    code = getattr(cause, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in _SQLITE_REFUSED
    return getattr(cause, "sqlstate", None) in _POSTGRES_REFUSED


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _ignore(message: str) -> None:
    pass
