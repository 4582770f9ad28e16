"""Reading files, directories and JSONL streams into Articles, with per-item errors."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from launchwatch.articles import Article
from launchwatch.sources import InputError, read_jsonl_stream, read_paths

FIXTURES = Path(__file__).parent / "fixtures"

REPORT = (
    "North Korea fires missile toward East Sea\n\n"
    "North Korea fired a short-range ballistic missile on Monday, the JCS said.\n\n"
    "It flew about 350 km before falling into the sea, Japan’s defence ministry said."
)
COMMENT_FORM = "\n\nLeave a Reply\n\nYour email address will not be published."


def _read(*paths: Path) -> list[Article | InputError]:
    return list(read_paths(paths))


def _only_error(items: list[Article | InputError]) -> InputError:
    assert len(items) == 1
    assert isinstance(items[0], InputError), items[0]
    return items[0]


def test_text_file(tmp_path: Path) -> None:
    path = tmp_path / "rail launch.txt"
    path.write_bytes((REPORT + COMMENT_FORM).encode("cp1252"))
    [article] = _read(path)
    assert isinstance(article, Article)
    assert article.text == REPORT
    assert article.url == path.resolve().as_uri()
    assert article.url.startswith("file:///")
    assert article.id == "rail launch"
    assert article.origin == str(path)
    assert article.raw == path.read_bytes()


def test_html_file_by_extension_and_by_sniffing(tmp_path: Path) -> None:
    page = tmp_path / "page.htm"
    shutil.copy(FIXTURES / "launch_page.html", page)
    sniffed = tmp_path / "saved-page"
    shutil.copy(FIXTURES / "launch_page.html", sniffed)
    by_extension, by_sniffing = _read(page, sniffed)
    for article in (by_extension, by_sniffing):
        assert isinstance(article, Article)
        assert article.url == "https://news.example.org/world/2024/03/18/nk-rail-missiles"
        assert "Uiju County" in article.text
        assert "launchwatch-script-marker" not in article.text
    assert (by_extension.id, by_sniffing.id) == ("page", "saved-page")


def test_unknown_extension_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "report.eml"
    path.write_text(REPORT, encoding="utf-8")
    [article] = _read(path)
    assert isinstance(article, Article)
    assert article.text == REPORT


def _jsonl(path: Path, *lines: object) -> Path:
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n",
        encoding="utf-8",
    )
    return path


def test_jsonl_file_fields_and_identity(tmp_path: Path) -> None:
    text = "Japanâ€™s ministry said.\n\nRead more\nOther news"
    path = _jsonl(
        tmp_path / "batch.jsonl",
        {
            "id": "d1",
            "url": "https://example.org/a",
            "published": "2024-03-18",
            "text": text,
            "title": "Launch",
            "outlet": "Example",
        },
        {"id": 7, "text": "Second report."},
        {"text": "Third report."},
    )
    first, second, third = _read(path)
    assert isinstance(first, Article)
    assert (first.id, first.url, first.published, first.title, first.outlet) == (
        "d1",
        "https://example.org/a",
        "2024-03-18",
        "Launch",
        "Example",
    )
    assert first.text == text  # JSONL text is never changed: offsets refer to it
    assert first.origin == f"{path}:1"
    assert isinstance(second, Article)
    assert (second.id, second.url) == ("7", "jsonl://batch.jsonl#7")
    assert isinstance(third, Article)
    assert (third.id, third.url, third.origin) == ("batch:3", "jsonl://batch.jsonl#3", f"{path}:3")


def test_jsonl_bad_lines_are_errors_and_reading_goes_on(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path / "mixed.ndjson",
        {"id": "ok1", "text": "First."},
        '{"id": "broken", "text": ',
        {"id": "no-text"},
        "",
        ["not", "an", "object"],
        {"id": "blank", "text": "   "},
        {"id": "bad-title", "text": "Fine.", "title": 3},
        {"id": "ok2", "text": "Last."},
    )
    items = _read(path)
    assert [item.id for item in items if isinstance(item, Article)] == ["ok1", "ok2"]
    errors = {item.origin: item.message for item in items if isinstance(item, InputError)}
    assert errors == {
        f"{path}:2": "invalid JSON: Expecting value (column 26)",
        f"{path}:3": 'no "text" field',
        f"{path}:5": "expected a JSON object, got list",
        f"{path}:6": 'an empty "text" field',
        f"{path}:7": "title: must be a string or null",
    }


def test_jsonl_published_is_normalised_to_iso_or_the_line_is_refused(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path / "dates.jsonl",
        {"id": "iso", "text": "A.", "published": "2024-03-18T09:40:00Z"},
        {"id": "rss", "text": "B.", "published": "Mon, 18 Mar 2024 09:40:00 +0900"},
        {"id": "blank", "text": "C.", "published": "  "},
        {"id": "words", "text": "D.", "published": "March 18, 2024"},
        {"id": "impossible", "text": "E.", "published": "2024-02-30"},
    )
    items = _read(path)
    published = {item.id: item.published for item in items if isinstance(item, Article)}
    assert published == {
        "iso": "2024-03-18T09:40:00+00:00",
        "rss": "2024-03-18T09:40:00+09:00",
        "blank": None,
    }
    errors = {item.origin: item.message for item in items if isinstance(item, InputError)}
    assert errors == {
        f"{path}:4": "published: 'March 18, 2024' is not an ISO 8601 or RFC 822 date",
        f"{path}:5": "published: '2024-02-30' is not an ISO 8601 or RFC 822 date",
    }


def test_jsonl_lines_python_cannot_convert_are_errors_and_reading_goes_on(
    tmp_path: Path,
) -> None:
    path = _jsonl(
        tmp_path / "hostile.jsonl",
        {"id": "ok1", "text": "First."},
        "[" * 200_000,  # nested past the recursion limit
        '{"id": "big", "text": "x", "n": ' + "9" * 5000 + "}",  # over the int digits limit
        "{" * 100_000,
        {"id": "ok2", "text": "Last."},
    )
    items = _read(path)
    assert [item.id for item in items if isinstance(item, Article)] == ["ok1", "ok2"]
    errors = {item.origin: item.message for item in items if isinstance(item, InputError)}
    assert errors.keys() == {f"{path}:2", f"{path}:3", f"{path}:4"}
    assert errors[f"{path}:2"] == "invalid JSON: nested too deeply"
    assert errors[f"{path}:3"].startswith("invalid JSON: Exceeds the limit (4300 digits)")
    assert all("\n" not in message for message in errors.values())


def test_jsonl_stream_from_stdin_text_and_bytes() -> None:
    lines = '\ufeff{"text": "From stdin."}\n{"id": "x", "text": "Two."}\n'
    first, second = read_jsonl_stream(io.StringIO(lines), "-")
    assert isinstance(first, Article)
    assert (first.text, first.url, first.origin) == ("From stdin.", "jsonl://stdin#1", "-:1")
    assert isinstance(second, Article)
    assert second.url == "jsonl://stdin#x"

    raw = io.BytesIO(b'{"text": "caf\xff"}\n{"text": "Fine."}\n')
    error, article = read_jsonl_stream(raw, "feed.jsonl")
    assert error == InputError("feed.jsonl:1", "invalid UTF-8 at byte 13")
    assert isinstance(article, Article)
    assert article.raw == b'{"text": "Fine."}\n'


def test_directories_walked_recursively_sorted_skipping_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Zulu report.")
    (tmp_path / "b" / "a.md").write_text("Alpha report.")
    (tmp_path / "a.txt").write_text("First report.")
    (tmp_path / ".hidden.txt").write_text("Hidden.")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.txt").write_text("Hidden too.")
    _jsonl(tmp_path / "c.jsonl", {"id": "j", "text": "JSON report."})
    assert [item.id for item in _read(tmp_path)] == ["a", "a", "z", "j"]


def test_one_bad_file_does_not_stop_the_rest(tmp_path: Path) -> None:
    (tmp_path / "1-empty.txt").write_bytes(b" \n\n ")
    (tmp_path / "2-image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    (tmp_path / "3-good.txt").write_text(REPORT)
    missing = tmp_path / "missing.txt"
    items = _read(tmp_path, missing)
    assert [str(item) for item in items if isinstance(item, InputError)] == [
        f"{tmp_path / '1-empty.txt'}: empty file",
        f"{tmp_path / '2-image.png'}: PNG image, not a text file",
        f"{missing}: no such file or directory",
    ]
    assert [item.id for item in items if isinstance(item, Article)] == ["3-good"]


def test_binary_file_with_html_extension_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(b"\x1f\x8b\x08\x00" + bytes(100))
    assert _only_error(_read(path)).message == "gzip archive, not a text file"


def test_huge_file_refused_by_its_size_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.write(b"North Korea fired a missile. " * 1000)
        handle.truncate(50 * 1024 * 1024)
    opened: list[Path] = []
    real_open = Path.open

    def spy_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy_open)
    error = _only_error(_read(path))
    assert opened == []  # refused by its size: not a byte of it was read
    assert error.origin == str(path)
    assert error.message == "too large: 52,428,800 bytes (50.0 MB), over the 20.0 MB limit"


def test_encodings_read_from_files(tmp_path: Path) -> None:
    texts = {
        "cp1252.txt": ("Japan’s “grave” concern — café.", "cp1252"),
        "sjis.txt": ("北朝鮮が弾道ミサイルを発射した。", "shift_jis"),
        "utf16.txt": ("Missile fired toward the East Sea.", "utf-16"),
        "korean.txt": ("북한이 탄도미사일을 발사했다.", "utf-8"),
    }
    for name, (text, encoding) in texts.items():
        (tmp_path / name).write_bytes(text.encode(encoding))
    articles = {item.id: item.text for item in _read(tmp_path)}
    assert articles == {Path(name).stem: text for name, (text, _) in texts.items()}
