"""Read files and directories into Articles: plain text, HTML pages and JSONL lines.

The kind of a file is told by its extension (``.txt .text .md``, ``.html .htm .xhtml``,
``.jsonl .ndjson``), else by sniffing (an HTML doctype or ``<html`` tag, otherwise text).
Directories are walked recursively in sorted order, skipping hidden files and folders. Each
input that cannot be read yields an :class:`InputError` and reading goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from launchwatch.articles.boilerplate import strip_boilerplate
from launchwatch.articles.decode import DecodeError, check_bytes, decode_text, read_limited
from launchwatch.articles.html import article_from_html, looks_like_html
from launchwatch.articles.model import Article
from launchwatch.articles.timestamps import iso_timestamp
from launchwatch.sources.errors import InputError

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})

# Optional string fields of a JSONL line, copied onto the Article as given.
JSONL_FIELDS = ("url", "published", "title", "outlet", "language")

Item = Article | InputError


def read_paths(paths: Iterable[Path]) -> Iterator[Item]:
    """Yield an Article, or an InputError, for every input found under ``paths``."""
    for path in paths:
        for found in _walk(Path(path)):
            if isinstance(found, InputError):
                yield found
            else:
                yield from read_file(found)


def read_file(path: Path) -> Iterator[Item]:
    """Yield the Articles of one file: one for text and HTML, one per line for JSONL."""
    origin = str(path)
    try:
        if path.suffix.lower() in JSONL_SUFFIXES:
            with path.open("rb") as stream:
                yield from read_jsonl_stream(stream, origin)
            return
        raw = read_limited(path)
        check_bytes(raw, origin)
        yield _article_from_bytes(path, raw)
    except DecodeError as exc:
        yield InputError(exc.origin, exc.message)
    except OSError as exc:
        yield InputError(origin, _os_message(exc))


def read_jsonl_stream(stream: Iterable[str] | Iterable[bytes], origin: str) -> Iterator[Item]:
    """Yield one Article (or InputError) per non-blank JSON line of ``stream``.

    Each line is an object with a non-empty string ``text`` and optionally ``id``, ``url``,
    ``published`` (ISO 8601 or RFC 822, stored as ISO), ``title``, ``outlet`` and ``language``.
    A ``published`` that is neither is refused with its line rather than dropped silently.
    The text is kept exactly as given (offsets into it are meaningful); apply
    :func:`strip_boilerplate` explicitly if wanted.
    Lines without ``url`` get ``jsonl://<file name>#<id or line>``; lines without ``id`` get
    ``<file stem>:<line>``. ``origin`` is the file path, or "-" for standard input.
    """
    name = "stdin" if origin == "-" else Path(origin).name
    for number, line in enumerate(stream, start=1):
        where = f"{origin}:{number}"
        if isinstance(line, bytes):
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield InputError(where, f"invalid UTF-8 at byte {exc.start}")
                continue
            raw = line
        else:
            text, raw = line, line.encode("utf-8")
        if number == 1:
            text = text.removeprefix("\ufeff")
        if text.strip():
            yield _article_from_json(text, raw, where, name, number)


def _walk(path: Path) -> Iterator[Path | InputError]:
    if not path.is_dir():
        yield path
        return
    try:
        children = sorted(path.iterdir())
    except OSError as exc:
        yield InputError(str(path), _os_message(exc))
        return
    for child in children:
        if not child.name.startswith("."):
            yield from _walk(child)


def _article_from_bytes(path: Path, raw: bytes) -> Article:
    origin, url = str(path), path.resolve().as_uri()
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and looks_like_html(raw)):
        return article_from_html(raw, origin, fallback_url=url, article_id=path.stem)
    text = strip_boilerplate(decode_text(raw, origin))
    return Article(text=text, url=url, id=path.stem, title=headline(text), raw=raw, origin=origin)


HEADLINE_MAX = 200  # characters; a longer first line is a paragraph, not a headline


def headline(text: str) -> str | None:
    """A text file's headline: its first line, when that line stands alone as a short
    paragraph (a blank line or the end follows it) and does not end like a sentence."""
    first, _, rest = text.strip().partition("\n")
    first = " ".join(first.split())
    if not first or len(first) > HEADLINE_MAX or first.endswith((".", ",", ";", ":")):
        return None
    if rest and rest.split("\n", 1)[0].strip():
        return None  # the next line goes on with the same paragraph
    return first


def _article_from_json(line: str, raw: bytes, where: str, name: str, number: int) -> Item:
    try:
        record = json.loads(line.rstrip("\r\n"))
    except json.JSONDecodeError as exc:
        return InputError(where, f"invalid JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:
        return InputError(where, "invalid JSON: nested too deeply")
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        return InputError(where, f"invalid JSON: {str(exc).splitlines()[0]}")
    if not isinstance(record, dict):
        return InputError(where, f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        problem = "no" if text is None else "an empty" if isinstance(text, str) else "a non-string"
        return InputError(where, f'{problem} "text" field')
    article_id = record.get("id")
    if isinstance(article_id, int) and not isinstance(article_id, bool):
        article_id = str(article_id)
    fields = {key: record.get(key) for key in JSONL_FIELDS}
    bad = [key for key, value in {"id": article_id, **fields}.items() if not _optional_str(value)]
    if bad:
        return InputError(where, f"{', '.join(bad)}: must be a string or null")
    given = (fields["published"] or "").strip()
    fields["published"] = iso_timestamp(given)
    if given and fields["published"] is None:
        return InputError(where, f"published: {given[:40]!r} is not an ISO 8601 or RFC 822 date")
    fields["url"] = fields["url"] or f"jsonl://{name}#{article_id or number}"
    article_id = article_id or f"{Path(name).stem}:{number}"
    return Article(text=text, id=article_id, raw=raw, origin=where, **fields)


def _optional_str(value: object) -> bool:
    return value is None or isinstance(value, str)


def _os_message(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()
