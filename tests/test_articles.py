"""Decoding bytes to clean text, stripping boilerplate, and reading HTML pages into Articles."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from launchwatch.articles.boilerplate import strip_boilerplate
from launchwatch.articles.decode import DecodeError, decode_text, normalize_text
from launchwatch.articles.html import article_from_html, looks_like_html, same_site

FIXTURES = Path(__file__).parent / "fixtures"

REPORT = (
    "North Korea fired two short-range ballistic missiles toward the East Sea on Monday, "
    "South Korea’s Joint Chiefs of Staff said. The missiles flew about 350 km — “a grave "
    "provocation”, Tokyo said — and fell outside Japan’s exclusive economic zone."
)


# --- decoding ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (REPORT, "utf-8"),
        (REPORT, "utf-8-sig"),
        (REPORT, "cp1252"),
        ("Le missile a été tiré lundi, selon Séoul. Année, España, Größe.", "latin-1"),
        ("Die Rakete flog über das Meer, berichtete Südkoreas Generalstab.", "cp1252"),
        ("北朝鮮は月曜日、日本海に向けて弾道ミサイル2発を発射した。", "shift_jis"),
        ("北朝鮮が弾道ミサイルを発射", "shift_jis"),
        ("북한이 월요일 오전 동해상으로 단거리 탄도미사일 2발을 발사했다.", "euc_kr"),
        (REPORT, "utf-16"),
        ("North Korea fired a missile on Monday.", "utf-16-le"),
        (REPORT, "utf-32"),
    ],
)
def test_decodes_unicode_and_legacy_encodings(text: str, encoding: str) -> None:
    assert decode_text(text.encode(encoding), "report.txt") == text


def test_non_english_utf8_is_kept_as_is() -> None:
    text = "북한이 동해상으로 탄도미사일을 발사했다고 밝혔다.\n\nКНДР запустила ракету."
    assert decode_text(text.encode(), "ko.txt") == text


def test_stray_invalid_bytes_in_utf8_are_replaced_not_guessed() -> None:
    raw = REPORT.encode() + b" \xff\xfe end."
    assert decode_text(raw, "stray.txt") == REPORT + " \ufffd\ufffd end."


@pytest.mark.parametrize(
    ("garbled", "clean"),
    [
        ("Japanâ€™s coast guard said", "Japan’s coast guard said"),
        ("the â€œrailway-borne missile regimentâ€\x9d", "the “railway-borne missile regiment”"),
        ("Japan‚Äôs coast guard said", "Japan’s coast guard said"),
        ("a small area of ‚Äč‚ÄčNorth Korea", "a small area of North Korea"),
    ],
)
def test_repairs_double_encoded_utf8(garbled: str, clean: str) -> None:
    assert decode_text(garbled.encode(), "mojibake.txt") == clean


def test_normalises_invisibles_line_ends_and_composition() -> None:
    raw = "Se\u0301oul said\u200b\u200b it \ufefffired.\r\nSecond line.  \r\n".encode()
    assert decode_text(raw, "crlf.txt") == "Séoul said it fired.\nSecond line."


def test_keeps_curly_quotes_and_joiners() -> None:
    text = "“Test” — می\u200cخواهم"
    assert normalize_text(text) == text


@pytest.mark.parametrize("raw", [b"", b"   \n\t\r\n", "\ufeff\u200b\n".encode()])
def test_refuses_empty_input(raw: bytes) -> None:
    with pytest.raises(DecodeError, match="empty file"):
        decode_text(raw, "empty.txt")


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
        (b"PK\x03\x04\x14\x00\x00\x00", "ZIP archive"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip archive"),
        (bytes(range(256)) * 4, "NUL bytes"),
        (b"launch\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f data", "control characters"),
    ],
)
def test_refuses_binary_input_naming_what_it_is(raw: bytes, named: str) -> None:
    with pytest.raises(DecodeError, match=named) as caught:
        decode_text(raw, "data.bin")
    assert caught.value.origin == "data.bin"


def test_refuses_input_over_the_size_cap_with_its_size() -> None:
    with pytest.raises(DecodeError, match=r"too large: 2,048 bytes"):
        decode_text(b"a" * 2048, "big.txt", max_bytes=1024)


# --- boilerplate ------------------------------------------------------------------------------

ARTICLE_LINES = [
    "North Korea fires missile toward East Sea",
    "",
    "SEOUL, March 18 (Staff) — North Korea fired a ballistic missile on Monday, the JCS said.",
    "",
    "A missile is launched near Sunan, Pyongyang, in this photo released by KCNA.",
    "",
    "The launch was the third this month, officials said.",
]


def test_cuts_trailing_comment_form() -> None:
    form = [
        "",
        "Leave a Reply",
        "",
        "Your email address will not be published. Required fields are marked *",
        "Save my name, email, and website in this browser for the next time I comment.",
        "Post Comment",
    ]
    assert strip_boilerplate("\n".join(ARTICLE_LINES + form)) == "\n".join(ARTICLE_LINES)


def test_a_comment_link_in_the_header_does_not_cut_the_article() -> None:
    text = "\n".join(["Home | World", "Leave a comment", "", *ARTICLE_LINES])
    assert "The launch was the third this month" in strip_boilerplate(text)


def test_removes_link_lists_and_furniture_but_keeps_sentences() -> None:
    noise = [
        "Share on Facebook",
        "Advertisement",
        "Read more",
        "Markets slide as oil prices rise",
        "",
        "Ten recipes for spring",
        "Read more: North Korea parades new missiles",
        "We use cookies to improve your experience on our site.",
        "Subscribe to our newsletter",
    ]
    prose = "Analysts said readers should read more into the timing than the missile itself."
    text = "\n".join(ARTICLE_LINES[:4] + noise + [prose, *ARTICLE_LINES[4:]])
    kept = strip_boilerplate(text)
    assert kept == "\n".join([*ARTICLE_LINES[:4], prose, *ARTICLE_LINES[4:]])


def test_repeated_headline_keeps_first_occurrence_only() -> None:
    headline = "North Korea releases images of new missiles launched from a train"
    lead, last = ARTICLE_LINES[2], ARTICLE_LINES[6]
    text = "\n".join([headline, "", lead, "", headline, "", "AP", "AP", last])
    assert strip_boilerplate(text) == "\n".join([headline, "", lead, "", "AP", "AP", last])


def test_clean_article_is_unchanged() -> None:
    text = "\n".join(ARTICLE_LINES)
    assert strip_boilerplate(text) == text


# --- HTML -------------------------------------------------------------------------------------


@pytest.fixture
def launch_page() -> bytes:
    return (FIXTURES / "launch_page.html").read_bytes()


def test_html_page_metadata(launch_page: bytes) -> None:
    article = article_from_html(launch_page, "page.html", "file:///page.html", "page")
    assert article.url == "https://news.example.org/world/2024/03/18/nk-rail-missiles"
    assert article.title == "North Korea fires two ballistic missiles from train"
    assert article.published == "2024-03-18T09:40:00+09:00"
    assert article.outlet == "Harbour Daily"
    assert article.language == "en"
    assert article.id == "page"
    assert article.origin == "page.html"
    assert article.raw == launch_page


def test_html_main_text_keeps_caption_in_place(launch_page: bytes) -> None:
    text = article_from_html(launch_page, "page.html", "file:///page.html").text
    caption = "launched from a train in Uiju County, North Phyongan Province"
    assert text.index("350 kilometres") < text.index(caption) < text.index("state news agency")


@pytest.mark.parametrize(
    "noise",
    [
        "launchwatch-script-marker",
        "dataLayer",
        "Weather",
        "Share on",
        "Read more",
        "Ten recipes",
        "Leave a Reply",
        "email address",
        "Post Comment",
        "All rights reserved",
    ],
)
def test_html_boilerplate_and_scripts_never_reach_text(launch_page: bytes, noise: str) -> None:
    assert noise not in article_from_html(launch_page, "page.html", "file:///page.html").text


def _page(head: str, body: str, lang: str = "ko") -> bytes:
    paragraphs = "".join(f"<p>{body} Paragraph {n} adds detail.</p>" for n in range(3))
    return (
        f'<html lang="{lang}"><head><meta charset="utf-8">{head}</head>'
        f"<body><article>{paragraphs}</article></body></html>"
    ).encode()


def test_html_og_url_json_ld_date_and_fallbacks() -> None:
    head = (
        '<meta property="og:url" content="https://example.net/nk">'
        '<script type="application/ld+json">'
        '{"@graph": [{"@type": "NewsArticle", "datePublished": "2023-07-12T10:05:00Z"}]}'
        "</script>"
    )
    body = "북한이 동해상으로 탄도미사일을 발사했다고 합동참모본부가 밝혔다."
    article = article_from_html(_page(head, body), "nk.html", "file:///nk.html")
    assert article.url == "https://example.net/nk"
    assert article.published == "2023-07-12T10:05:00+00:00"
    assert article.language == "ko"
    assert body in article.text


CANONICAL_BODY = "North Korea fired a cruise missile off its west coast on Sunday, Seoul said."


def _declaring(url: str, tag: str = "canonical") -> bytes:
    head = (
        f'<link rel="canonical" href="{url}">'
        if tag == "canonical"
        else f'<meta property="og:url" content="{url}">'
    )
    return _page(head, CANONICAL_BODY, "en")


@pytest.mark.parametrize("tag", ["canonical", "og:url"])
def test_a_fetched_page_cannot_claim_another_outlet_s_url(tag: str) -> None:
    raw = _declaring("https://news.example.org/2025/10/21/launch", tag)
    article = article_from_html(raw, "mirror", "https://copycat.example.net/story/1")
    assert article.url == "https://copycat.example.net/story/1"
    assert article.outlet == "copycat.example.net"  # not the outlet the page claims to be


@pytest.mark.parametrize(
    ("fetched", "declared", "expected"),
    [
        # the same site: the declared url is the identity
        ("https://www.example.org/a?x=1", "https://www.example.org/a", "https://www.example.org/a"),
        ("https://m.example.org/a", "https://news.example.org/a", "https://news.example.org/a"),
        ("https://example.org/a", "https://www.example.org/a", "https://www.example.org/a"),
        ("https://www.bbc.co.uk/a", "https://bbc.co.uk/a", "https://bbc.co.uk/a"),
        ("http://www.example.org/a", "//www.example.org/b", "https://www.example.org/b"),
        # another site: the fetched url stays the identity
        ("https://www.example.org/a", "https://www.example.com/a", "https://www.example.org/a"),
        ("https://example.org/a", "https://example.org.evil.net/a", "https://example.org/a"),
        ("https://www.bbc.co.uk/a", "https://evil.co.uk/a", "https://www.bbc.co.uk/a"),
        ("http://127.0.0.1:8000/a", "http://127.0.0.2/a", "http://127.0.0.1:8000/a"),
        ("https://www.example.org/a", "file:///etc/passwd", "https://www.example.org/a"),
        ("https://www.example.org/a", "javascript:alert(1)", "https://www.example.org/a"),
        ("https://www.example.org/a", "//evil.example/b", "https://www.example.org/a"),
        ("https://www.example.org/a", "/news/a", "https://www.example.org/a"),  # no base: unused
    ],
)
def test_a_fetched_page_s_declared_url_is_taken_on_the_same_site_only(
    fetched: str, declared: str, expected: str
) -> None:
    assert article_from_html(_declaring(declared), "page", fetched).url == expected


def test_a_page_read_from_a_file_keeps_its_declared_url() -> None:
    raw = _declaring("https://news.example.org/2025/10/21/launch")
    article = article_from_html(raw, "saved.html", "file:///data/saved.html")
    assert article.url == "https://news.example.org/2025/10/21/launch"
    assert article.outlet == "news.example.org"


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("https://a.example.org/x", "https://a.example.org:8443/y", True),
        ("https://A.Example.org./x", "https://a.example.org/y", True),
        ("https://deep.news.example.org/x", "https://example.org/y", True),
        ("https://example.org/x", "https://example.com/y", False),
        ("https://notexample.org/x", "https://example.org/y", False),
        ("https://yna.co.kr/x", "https://www.yna.co.kr/y", True),
        ("https://yna.co.kr/x", "https://kbs.co.kr/y", False),
        ("http://10.0.0.1/x", "http://10.0.0.1/y", True),
        ("http://10.0.0.1/x", "http://11.0.0.1/y", False),
        ("file:///a.html", "file:///a.html", False),
    ],
)
def test_same_site(one: str, other: str, same: bool) -> None:
    assert same_site(one, other) is same
    assert same_site(other, one) is same


def test_html_without_url_uses_fallback() -> None:
    body = "North Korea fired a cruise missile off its west coast on Sunday, Seoul said."
    article = article_from_html(_page("", body, "en-GB"), "a.html", "file:///a.html")
    assert article.url == "file:///a.html"
    assert article.language == "en"


def test_html_without_main_text_is_refused() -> None:
    page = b"<html><head><title>x</title></head><body><script>var a = 1;</script></body></html>"
    with pytest.raises(DecodeError, match="no main text"):
        article_from_html(page, "nav.html", "file:///nav.html")


def test_looks_like_html() -> None:
    assert looks_like_html(codecs.BOM_UTF8 + b"\n<!DOCTYPE html><html>")
    assert looks_like_html(b"<html lang='en'><body>")
    assert not looks_like_html(b"North Korea fired <b>two</b> missiles.")
