"""Turn the bytes of a text input into clean Unicode, or refuse them with a reason.

The steps, in order: size cap, empty input, known binary formats (magic numbers), byte order
marks, UTF-8 (strict, or with a few stray invalid bytes replaced), legacy encodings (sparse
Western text as cp1252, everything else by charset-normalizer's detection), a check for control
characters, then :func:`normalize_text` (mojibake repair, invisible characters, NFC, line ends).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

import ftfy
from charset_normalizer import from_bytes

MAX_INPUT_BYTES = 20 * 1024 * 1024
"""Inputs larger than this are refused: no news page is that long, and reading it costs memory."""

# Leading bytes of formats that are sometimes mistaken for text, and what to call them.
MAGIC_NUMBERS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX/EPUB)"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"(\xb5/\xfd", "zstd archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office (OLE) document"),
    (b"\x7fELF", "ELF executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"WARC/", "WARC archive"),
)

# Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Invisible format characters that only get in the way of matching words. Zero-width joiner and
# non-joiner are kept: they change the rendering of Persian, Indic scripts and emoji.
INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)

# Double-encoded punctuation read as Mac Central European (U+2019 -> "‚Äô", U+200B -> "‚Äč"):
# ftfy knows MacRoman but not this code page. Only General Punctuation results are accepted.
MAC_LATIN2_MOJIBAKE = re.compile("‚[\u0080-\uffff]{2}")

FTFY_CONFIG = ftfy.TextFixerConfig(
    uncurl_quotes=False,  # keep the text as published; quotes mark who said what
    fix_character_width=False,  # full-width digits and kana are the source's choice
    normalization="NFC",
)

SPARSE_HIGH_BYTE_SHARE = 0.2
SPARSE_HIGH_BYTE_RUN = 3
MAX_CONTROL_SHARE = 0.02
HIGH_BYTE_RUN = re.compile(rb"[\x80-\xff]+")
# C0 controls and DEL besides whitespace; C1 controls (U+0080-U+009F) are mojibake, not binary.
BINARY_CONTROLS = frozenset(chr(code) for code in [*range(0x20), 0x7F]) - set("\t\n\r\f\v")


class DecodeError(ValueError):
    """Input that cannot be read as text; ``message`` says why, ``origin`` where it came from."""

    def __init__(self, origin: str, message: str) -> None:
        super().__init__(f"{origin}: {message}")
        self.origin = origin
        self.message = message


def read_limited(path: Path, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """Read a file's bytes, refusing it by its size before reading when it is over ``max_bytes``.

    Raises :class:`DecodeError` for an oversized file and ``OSError`` when it cannot be read.
    """
    origin = str(path)
    _check_size(origin, path.stat().st_size, max_bytes)
    with path.open("rb") as handle:
        raw = handle.read(max_bytes + 1)  # a file growing while read, or a device, stops here
    _check_size(origin, len(raw), max_bytes)
    return raw


def sniff_binary(raw: bytes) -> str | None:
    """Name the binary format ``raw`` starts with, or return None when it may be text."""
    return next((name for magic, name in MAGIC_NUMBERS if raw.startswith(magic)), None)


def check_bytes(raw: bytes, origin: str, max_bytes: int = MAX_INPUT_BYTES) -> None:
    """Refuse input that is over ``max_bytes``, empty or whitespace-only, or a binary format.

    Raises :class:`DecodeError` naming ``origin`` and the reason.
    """
    _check_size(origin, len(raw), max_bytes)
    if not raw.strip():
        raise DecodeError(origin, "empty file")
    kind = sniff_binary(raw)
    if kind is not None:
        raise DecodeError(origin, f"{kind}, not a text file")


def decode_text(raw: bytes, origin: str, max_bytes: int = MAX_INPUT_BYTES) -> str:
    """Decode and normalise the bytes of a plain-text input.

    Raises :class:`DecodeError` naming ``origin`` for oversized, empty and binary input and for
    bytes whose encoding cannot be recognised.
    """
    check_bytes(raw, origin, max_bytes)
    text = _decode(raw, origin)
    _check_controls(text, origin)
    text = normalize_text(text)
    if not text:
        raise DecodeError(origin, "empty file")
    return text


def normalize_text(text: str) -> str:
    """Repair mojibake, drop invisible format characters, NFC-normalise, unify line ends.

    Also trims trailing spaces on each line and blank lines at both ends.
    """
    text = ftfy.fix_text(text, FTFY_CONFIG)
    text = MAC_LATIN2_MOJIBAKE.sub(_repair_mac_latin2, text)
    text = INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n")


def _check_size(origin: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        limit = _megabytes(max_bytes)
        raise DecodeError(
            origin, f"too large: {size:,} bytes ({_megabytes(size)}), over the {limit} limit"
        )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _decode(raw: bytes, origin: str) -> str:
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            return _decode_as(raw, encoding, origin)
    if b"\x00" in raw:
        return _decode_wide(raw, origin)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = raw.decode("utf-8", errors="replace")
    if _mostly_utf8(text):
        return text
    if _sparse_western(raw):
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            pass
    best = from_bytes(raw).best()
    if best is None:
        raise DecodeError(origin, "unknown text encoding (not UTF-8, no legacy encoding fits)")
    return str(best)


def _decode_as(raw: bytes, encoding: str, origin: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(origin, f"invalid {encoding} text at byte {exc.start}") from exc


def _decode_wide(raw: bytes, origin: str) -> str:
    """NUL bytes without a byte order mark: UTF-16/32 text, or binary data."""
    best = from_bytes(raw).best()
    if best is not None and best.encoding.startswith(("utf_16", "utf_32")):
        return str(best)
    raise DecodeError(origin, f"binary data ({raw.count(0):,} NUL bytes), not text")


def _mostly_utf8(text: str) -> bool:
    """UTF-8 with a few stray bytes: more valid non-ASCII characters than replacement marks."""
    replaced = text.count("\ufffd")
    valid = sum(1 for char in text if char > "\x7f") - replaced
    return valid > replaced


def _sparse_western(raw: bytes) -> bool:
    """Few, isolated high bytes: accented letters and curly quotes in a Latin-script text.

    Detectors guess short Western texts poorly (German as Big5, Spanish as HP Roman-8); cp1252 is
    what such legacy pages almost always are (HTML treats latin-1 as cp1252 too).
    """
    runs = HIGH_BYTE_RUN.findall(raw)
    high = sum(len(run) for run in runs)
    return high <= SPARSE_HIGH_BYTE_SHARE * len(raw) and all(
        len(run) <= SPARSE_HIGH_BYTE_RUN for run in runs
    )


def _check_controls(text: str, origin: str) -> None:
    controls = sum(1 for char in text if char in BINARY_CONTROLS)
    if controls > MAX_CONTROL_SHARE * len(text):
        raise DecodeError(
            origin, f"binary data ({controls / len(text):.0%} control characters), not text"
        )


def _repair_mac_latin2(match: re.Match[str]) -> str:
    try:
        repaired = match.group().encode("mac_latin2").decode("utf-8")
    except UnicodeError:
        return match.group()
    return repaired if "\u2000" <= repaired <= "\u206f" else match.group()
