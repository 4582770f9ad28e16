"""Fuzzing of every reader of untrusted input (Hypothesis, seeded): the decoder, the HTML
reader, the JSONL reader, extraction, the feed parser and the API's query strings. No input
may raise anything but the reader's documented error. CI runs a short budget (profile
``reliability-ci``); ``bench/reliability.py fuzz`` runs the large one and times each input.

The API's documented parameters and bodies are fuzzed from its OpenAPI document in
``tests/test_api_fuzz.py``; here the query strings are outside the document too (unknown,
repeated, percent-garbled).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from fuzzing import (
    EVERY_LOCALE,
    dates,
    feeds,
    fuzz_decoder,
    fuzz_extraction,
    fuzz_feed,
    fuzz_html,
    fuzz_jsonl,
    fuzz_query,
    html_pages,
    jsonl_lines,
    query_strings,
    raw_inputs,
    texts,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from servefixture import build_db

from launchwatch.serve import ServeSettings, create_app

CI = settings.get_profile("reliability-ci")
READ_PATHS = ["/api/events", "/api/stats", "/api/export.csv", "/api/articles", "/", "/map"]


@settings(CI)
@given(raw_inputs)
def test_the_decoder_reads_or_refuses_any_bytes(raw: bytes) -> None:
    fuzz_decoder(raw)


@settings(CI)
@given(st.one_of(html_pages(), raw_inputs))
def test_the_html_reader_reads_or_refuses_any_page(raw: bytes) -> None:
    fuzz_html(raw)


def test_a_page_that_makes_dateparser_try_every_locale_is_read_or_refused() -> None:
    fuzz_html(EVERY_LOCALE.read_bytes())  # found by the bench: seconds on first use


@settings(CI)
@given(jsonl_lines())
def test_the_jsonl_reader_turns_every_line_into_an_article_or_an_error(lines: list[bytes]) -> None:
    fuzz_jsonl(lines)


@settings(CI)
@given(texts, dates)
def test_extraction_never_raises_and_its_spans_stay_in_the_text(
    text: str, published: str | None
) -> None:
    fuzz_extraction(text, published)


@settings(CI)
@given(feeds())
def test_the_feed_parser_reads_or_refuses_any_feed(feed: tuple[bytes, str]) -> None:
    fuzz_feed(feed)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = build_db(tmp_path_factory.mktemp("fuzz") / "fixture.db")
    with TestClient(create_app(str(db), ServeSettings())) as test_client:
        yield test_client


@settings(CI)
@given(st.sampled_from(READ_PATHS), query_strings())
def test_no_query_string_makes_a_server_error(client: TestClient, path: str, query: str) -> None:
    fuzz_query(lambda url: client.get(url).status_code, path, query)
