"""Fuzz targets of the reliability suite (tests/reliability/test_fuzz_inputs.py, bench).

Each target feeds one generated input to one reader of untrusted bytes and lets through only
the errors that reader documents (``DecodeError``, ``FeedError``, an ``InputError`` item, an
HTTP 4xx); anything else escapes and fails the run. :data:`STATS` counts the inputs of each
target and keeps the slowest per 100 KB, which the bench holds to its time bound (the tests do
not: a slow CI machine must not fail them).

Inputs are built from the project's own shapes (launch-report sentences, HTML with the
metadata the reader looks at, feeds, JSONL objects) mixed with arbitrary text and bytes, so
that most of them get past the first check and reach the code behind it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from launchwatch.articles import Article
from launchwatch.articles.decode import DecodeError, decode_text
from launchwatch.articles.html import article_from_html
from launchwatch.reports.extract import extract_report
from launchwatch.sources.feeds import FeedError, parse_feed
from launchwatch.sources.files import InputError, read_jsonl_stream

settings.register_profile(
    "reliability-ci",
    max_examples=40,
    derandomize=True,  # the same inputs on every run: CI never fails on luck
    deadline=None,  # time is the bench's business
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("reliability-bench", parent=settings.get_profile("reliability-ci"))

# Words of launch reports in the three languages read, dates, times and numbers.
VOCABULARY = (
    "North Korea fired two short-range ballistic missiles intercontinental cruise Hwasong-18 "
    "KCNA JCS Japan's defence ministry said on Tuesday Wednesday Jan. 11 2024-03-04 at 7:10 a.m. "
    "flew about 430 km kilometers apogee 36 km East Sea Sea of Japan exclusive economic zone "
    "Pyongyang Sunan Sukchon railway-borne presumed claimed at least one launched a day after "
    "hypersonic satellite rocket engine test salvo Friday's drill 北朝鮮 弾道ミサイル "
    "북한 탄도미사일 "
    "동해상 발사 1,500 3.5 -1 0 ½ 10e9 Mach 10 UTC KST +09:00 last week yesterday this morning"
)
WORDS = VOCABULARY.split()

sentences = st.lists(
    st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), min_size=1, max_size=40
).map(" ".join)
texts = st.lists(sentences, min_size=1, max_size=12).map(". ".join)
dates = st.one_of(
    st.none(),
    st.dates().map(str),
    st.datetimes().map(lambda d: d.isoformat() + "+09:00"),
    st.sampled_from(["2024-02-30", "Tue, 21 Oct 2025 07:25:00 +0900", "yesterday", "", "0"]),
    st.text(max_size=30),
)
encodings = st.sampled_from(["utf-8", "utf-16", "utf-32", "cp1252", "shift_jis", "euc-kr"])


@st.composite
def encoded_text(draw: st.DrawFn) -> bytes:
    """Text in one of the encodings the decoder meets, with or without a BOM and noise."""
    text = draw(texts)
    raw = text.encode(draw(encodings), errors="replace")
    prefix = draw(st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\x00", b"\x89PNG"]))
    return prefix + raw + draw(st.binary(max_size=16))


raw_inputs = st.one_of(st.binary(max_size=4096), encoded_text())


@st.composite
def html_pages(draw: st.DrawFn) -> bytes:
    """An HTML page with the metadata the reader looks at, some of it broken."""
    meta = draw(
        st.lists(
            st.tuples(
                st.sampled_from(
                    ["article:published_time", "og:url", "og:site_name", "date", "pubdate"]
                ),
                st.one_of(dates.map(str), st.text(max_size=40)),
            ),
            max_size=4,
        )
    )
    json_ld = draw(
        st.one_of(
            st.none(),
            st.recursive(
                st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20)),
                lambda inner: st.one_of(
                    st.lists(inner, max_size=3),
                    st.dictionaries(
                        st.sampled_from(["datePublished", "@graph", "url", "x"]), inner, max_size=3
                    ),
                ),
                max_leaves=8,
            ).map(json.dumps),
            st.text(max_size=60),
        )
    )
    tags = draw(st.lists(st.sampled_from(["p", "div", "figure", "figcaption", "nav", "article",
                                          "script", "table", "td", "h1", "br", "<!--", "]]>"]),
                         max_size=10))  # fmt: skip
    body = "".join(f"<{t}>{draw(sentences)}" for t in tags) + f"<p>{draw(texts)}</p>"
    head = "".join(f'<meta property="{k}" content="{quote(v, safe=" :+-")}">' for k, v in meta)
    if json_ld is not None:
        head += f'<script type="application/ld+json">{json_ld}</script>'
    lang = draw(st.sampled_from(["en", "ko", "ja", "", "x" * 40]))
    page = f'<html lang="{lang}"><head><title>{draw(sentences)}</title>{head}</head>{body}'
    return page.encode(draw(encodings), errors="replace") + draw(st.binary(max_size=8))


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5),
                                                                         inner, max_size=3)),
    max_leaves=6,
)  # fmt: skip
FIELDS = ["id", "url", "published", "title", "outlet", "language", "text"]


@st.composite
def jsonl_lines(draw: st.DrawFn) -> list[bytes]:
    """Lines of a JSONL file: objects with the documented fields (well or badly typed),
    other JSON values, lines cut short, invalid UTF-8."""
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        record = {
            name: draw(st.one_of(texts, dates, json_values) if name != "text" else
                       st.one_of(texts, json_values))
            for name in draw(st.lists(st.sampled_from(FIELDS), unique=True, max_size=7))
        }  # fmt: skip
        line = json.dumps(record, ensure_ascii=draw(st.booleans())).encode()
        cut = draw(st.one_of(st.none(), st.integers(0, len(line))))
        lines.append(line[:cut] + draw(st.sampled_from([b"", b"\n", b"\xff", b"\r\n"])))
    return lines


@st.composite
def feeds(draw: st.DrawFn) -> tuple[bytes, str]:
    """An RSS or Atom feed with odd links, dates and text (or arbitrary bytes), and a type."""
    items = []
    for _ in range(draw(st.integers(0, 5))):
        link = draw(st.one_of(st.sampled_from(["/news/1", "https://example.org/a?b=1#c", "",
                                               "javascript:x", "//host/p", "../up"]),
                              st.text(max_size=30)))  # fmt: skip
        items.append((link, draw(sentences), draw(dates) or ""))
    atom = draw(st.booleans())
    if atom:
        entries = "".join(
            f'<entry><title>{t}</title><link href="{quote(k, safe=":/?#=&")}"/>'
            f"<updated>{d}</updated></entry>"
            for k, t, d in items
        )
        body = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>f</title>{entries}</feed>'
    else:
        entries = "".join(
            f"<item><title>{t}</title><link>{k}</link><pubDate>{d}</pubDate></item>"
            for k, t, d in items
        )
        body = f'<rss version="2.0"><channel><title>f</title>{entries}</channel></rss>'
    doctype = draw(st.sampled_from(["", "<!DOCTYPE rss>", '<!DOCTYPE x [<!ENTITY a "b">]>']))
    raw = (doctype + body).encode(draw(encodings), errors="replace")
    raw = draw(st.one_of(st.just(raw), st.binary(max_size=512), st.just(raw[: len(raw) // 2])))
    kind = draw(st.sampled_from(["", "application/rss+xml", "text/xml; charset=shift_jis",
                                 "application/atom+xml; charset=utf-16"]))  # fmt: skip
    return raw, kind


QUERY_KEYS = ["country", "date_from", "date_to", "category", "platform", "range_class",
              "confirmation", "q", "sort", "order", "limit", "offset", "by", "layout", "since",
              "url", "x"]  # fmt: skip


@st.composite
def query_strings(draw: st.DrawFn) -> str:
    """A query string of the API's parameter names (repeated, empty, percent-garbled values)."""
    pairs = draw(st.lists(st.tuples(st.sampled_from(QUERY_KEYS), st.one_of(
        st.text(max_size=20).map(lambda v: quote(v, safe="")),
        st.sampled_from(["%", "%zz", "%00", "-1", "1e400", "99999999999999999999", "2024-13-45",
                         "date", "-date", "%C0%AF", "+"]),
        st.integers().map(str),
    )), max_size=6))  # fmt: skip
    return "&".join(f"{k}={v}" for k, v in pairs)


@dataclass
class Stats:
    """Inputs fuzzed per target, and the slowest input's seconds per 100 KB of input."""

    inputs: dict[str, int] = field(default_factory=dict)
    slowest: dict[str, float] = field(default_factory=dict)
    slowest_input: dict[str, object] = field(default_factory=dict)

    def note(self, target: str, seconds: float, size: int, value: object) -> None:
        """Count one input (``value``) of ``target`` that took ``seconds`` for ``size`` bytes."""
        self.inputs[target] = self.inputs.get(target, 0) + 1
        per_100kb = seconds / max(size / 100_000, 1.0)  # inputs under 100 KB count as 100 KB
        if per_100kb > self.slowest.get(target, 0.0):
            self.slowest[target] = per_100kb
            self.slowest_input[target] = value


STATS = Stats()

# A generated page (kept as found) whose garbled text makes dateparser, through trafilatura's
# date search (htmldate), try every one of its ~200 locales: the first such page in a process
# costs seconds while dateparser compiles their patterns, each later one milliseconds.
EVERY_LOCALE = Path(__file__).parents[1] / "fixtures" / "fuzz" / "every-locale.html"


def warm_up() -> None:
    """Pay the one-time costs (dateparser's locale patterns, charset detection's tables, the
    lexicons) before anything is timed."""
    fuzz_html(EVERY_LOCALE.read_bytes())
    sample = "SEOUL — North Korea fired two ballistic missiles on Tuesday, the JCS said."
    for encoding in ("utf-8", "utf-16", "cp1252", "shift_jis", "euc-kr"):
        fuzz_decoder((sample + " 북한 弾道").encode(encoding, errors="replace"))
    fuzz_extraction(sample, "2025-03-04")
    fuzz_jsonl([b'{"text": "x", "published": "Tue, 04 Mar 2025 07:00:00 +0900"}'])
    fuzz_feed((b'<rss version="2.0"><channel><item><link>/a</link></item></channel></rss>', ""))
    STATS.inputs.clear()
    STATS.slowest.clear()
    STATS.slowest_input.clear()


def timed(target: str, value: object, size: int, call: Callable[[], Any]) -> Any:
    """Run one input (``value``, ``size`` bytes) through ``call``, noting its time in
    :data:`STATS`."""
    started = time.perf_counter()
    try:
        return call()
    finally:
        STATS.note(target, time.perf_counter() - started, size, value)


def fuzz_decoder(raw: bytes) -> None:
    """Bytes to text: a str, or a DecodeError saying why not."""
    try:
        text = timed("decoder", raw, len(raw), lambda: decode_text(raw, "fuzz"))
    except DecodeError:
        return
    assert isinstance(text, str)


def fuzz_html(raw: bytes) -> None:
    """An HTML page to an Article, or a DecodeError."""
    try:
        article = timed(
            "html", raw, len(raw), lambda: article_from_html(raw, "fuzz", "https://example.org/a")
        )
    except DecodeError:
        return
    assert article.text


def fuzz_jsonl(lines: list[bytes]) -> None:
    """JSONL lines to Articles or InputErrors, one per non-blank line; never an exception."""
    items = timed(
        "jsonl", lines, sum(map(len, lines)), lambda: list(read_jsonl_stream(lines, "f.jsonl"))
    )
    assert all(isinstance(item, Article | InputError) for item in items)


def fuzz_extraction(text: str, published: str | None) -> None:
    """Any text and publication date to a Report; extraction never raises."""
    article = Article(text=text or "x", url="https://example.org/fuzz", published=published)
    report = timed(
        "extraction", (text, published), len(text.encode()), lambda: extract_report(article)
    )
    for launch in report.events:
        for claim in launch.claims:
            assert 0 <= claim.start <= claim.end <= len(article.text)


def fuzz_feed(feed: tuple[bytes, str]) -> None:
    """A feed body to its items, or a FeedError."""
    body, content_type = feed
    try:
        items = timed(
            "feed",
            feed,
            len(body),
            lambda: parse_feed(body, "https://example.org/feed", content_type),
        )
    except FeedError:
        return
    assert len({item.url for item in items}) == len(items)  # one item per canonical url


def fuzz_query(get: Callable[[str], int], path: str, query: str) -> None:
    """One GET with a generated query string: never a server error."""
    status = timed("api", (path, query), len(query), lambda: get(f"{path}?{query}"))
    assert status < 500, f"{path}?{query} answered {status}"
