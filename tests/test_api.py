"""The JSON API of ``launchwatch serve``, in process, over a fixture database from the pipeline."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from xml.etree import ElementTree

import pytest
from fastapi.testclient import TestClient
from localserver import LocalServer, static
from openpyxl import load_workbook
from servefixture import DISPUTED_EVENT, HOSTILE_EVENT, build_db, copy_db

from launchwatch.events.export import write
from launchwatch.pipeline import ingest_paths
from launchwatch.serve import ServeSettings, create_app
from launchwatch.serve.settings import ENV_PREFIX
from launchwatch.sources.fetch import FetchSettings
from launchwatch.sources.netguard import parse_networks
from launchwatch.store import open_store

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

TOKEN = "s3cret-write-token"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("serve") / "fixture.db")


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(db), ServeSettings())) as client:
        yield client


def writer(db: Path, tmp_path: Path, **settings: object) -> TestClient:
    """A client of an app over a copy of the fixture database, with the write token set."""
    app = create_app(
        str(copy_db(db, tmp_path / "copy.db")), ServeSettings(write_token=TOKEN, **settings)
    )
    return TestClient(app)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# --- events -----------------------------------------------------------------------------------


def test_list_is_the_store_in_date_order_with_total(client: TestClient, db: Path) -> None:
    with open_store(str(db)) as store:
        expected = [row["id"] for row in store.list_events()]
    page = client.get("/api/events").json()
    assert page["total"] == len(expected) == 6
    assert [item["id"] for item in page["items"]] == expected
    first = page["items"][0]
    assert {"id", "date", "country", "category", "confirmation", "reports", "sources"} <= set(first)


def test_pagination_keeps_the_total(client: TestClient) -> None:
    everything = [e["id"] for e in client.get("/api/events").json()["items"]]
    pages = [client.get(f"/api/events?limit=2&offset={o}").json() for o in (0, 2, 4, 6)]
    assert [p["total"] for p in pages] == [6, 6, 6, 6]
    assert [e["id"] for p in pages for e in p["items"]] == everything
    assert pages[-1]["items"] == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=IN", ["ev-2024-03-11-in"]),
        ("country=in", ["ev-2024-03-11-in"]),
        ("category=cruise", [HOSTILE_EVENT]),
        ("category=space_launch", ["ev-2023-11-21-kp"]),
        ("date_from=2024-01-01&date_to=2024-01-31", [DISPUTED_EVENT]),
        ("date_from=2024-02-01", [HOSTILE_EVENT, "ev-2024-03-11-in"]),
        ("confirmation=unattributed", ["ev-2024-03-11-in"]),
        ("range_class=IRBM&country=KP", [DISPUTED_EVENT]),
        ("q=sohae", ["ev-2023-11-21-kp"]),
        ("q=AGNI", ["ev-2024-03-11-in"]),
        ("q=100%25", []),
        ("platform=submarine", []),
        ("country=&category=", None),  # empty values are no filter
    ],
)
def test_filters(client: TestClient, query: str, expected: list[str] | None) -> None:
    page = client.get(f"/api/events?{query}").json()
    ids = [item["id"] for item in page["items"]]
    assert ids == (expected if expected is not None else ids) and page["total"] == len(ids)
    if expected is None:
        assert page["total"] == 6


def test_sorting(client: TestClient) -> None:
    newest = client.get("/api/events?sort=date&order=desc").json()["items"]
    dates = [e["date"] for e in newest]
    assert dates == sorted(dates, reverse=True)
    by_reports = client.get("/api/events?sort=reports&order=desc").json()["items"]
    counts = [e["reports"] for e in by_reports]
    assert counts == sorted(counts, reverse=True)


def test_every_list_column_sorts() -> None:
    from launchwatch.serve.web import LIST_COLUMNS

    assert [key for _, key, sort in LIST_COLUMNS if sort is None] == []


@pytest.mark.parametrize("key", ["range_km", "apogee_km", "missile_count"])
def test_sorting_by_a_figure_puts_the_largest_first_and_missing_last(
    client: TestClient, key: str
) -> None:
    response = client.get(f"/api/events?sort={key}&order=desc")
    assert response.status_code == 200, response.text
    figures = [e[key] for e in response.json()["items"]]
    known = [f for f in figures if f is not None]
    assert known and known == sorted(known, reverse=True)
    assert figures == known + [None] * (len(figures) - len(known))


@pytest.mark.parametrize("key", ["platform", "launch_area", "sources", "designation"])
def test_sorting_by_a_text_column(client: TestClient, key: str) -> None:
    response = client.get(f"/api/events?sort={key}")
    assert response.status_code == 200, response.text
    assert response.json()["total"] == 6


def test_exports_take_the_list_filters(client: TestClient) -> None:
    kp = client.get("/api/export.json?country=KP&category=ballistic").json()
    assert kp and {(e["country"], e["values"]["category"]) for e in kp} == {("KP", "ballistic")}
    listed = client.get("/api/events?country=KP&category=ballistic").json()
    assert {e["id"] for e in kp} == {e["id"] for e in listed["items"]}
    assert client.get("/api/export.csv?country=Korea").status_code == 422


def test_one_event_has_claims_with_sources_evidence_and_conflicts(client: TestClient) -> None:
    event = client.get(f"/api/events/{DISPUTED_EVENT}").json()
    assert event["values"]["country"] == "KP"
    assert "range_km" in event["conflicts"]
    assert any("range_km" in note for note in event["conflict_notes"])
    ranges = {c["source"]: c["value"] for c in event["claims"]["range_km"]}
    assert ranges["jcs"] != ranges["kcna"]
    for claims in event["claims"].values():
        for claim in claims:
            assert claim["url"].startswith("https://") and claim["evidence"]
    urls = {a["url"] for a in event["articles"]}
    assert len(urls) == 2


def test_article_with_its_reports(client: TestClient) -> None:
    event = client.get(f"/api/events/{DISPUTED_EVENT}").json()
    url = event["articles"][0]["url"]
    article = client.get("/api/articles", params={"url": url}).json()
    assert article["url"] == url and article["text"]
    (report,) = article["reports"]
    assert report["event_id"] == DISPUTED_EVENT
    for claim in report["claims"]:
        start, end = claim["span"]
        assert 0 <= start < end <= len(article["text"])


def test_statistics_per_month_and_year(client: TestClient) -> None:
    monthly = client.get("/api/stats").json()
    assert monthly["by"] == "month"
    assert sum(b["launches"] for b in monthly["buckets"]) == 6
    january = [b for b in monthly["buckets"] if b["period"] == "2024-01"]
    assert january == [
        {
            "period": "2024-01",
            "category": "ballistic",
            "country": "KP",
            "launches": 1,
            "missiles": 1,
            "launches_without_count": 0,
        }
    ]
    yearly = client.get("/api/stats?by=year&country=KP").json()["buckets"]
    assert {b["period"] for b in yearly} == {"2023", "2024"}
    assert sum(b["launches"] for b in yearly) == 5


# --- exports and the feed -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv", "geojson", "xlsx"])
@pytest.mark.parametrize("layout", ["events", "cns"])
def test_exports_are_the_cli_exports(client: TestClient, db: Path, fmt: str, layout: str) -> None:
    response = client.get(f"/api/export.{fmt}?layout={layout}")
    assert response.status_code == 200
    assert f"launchwatch-{layout}.{fmt}" in response.headers["content-disposition"]
    with open_store(str(db)) as store:
        events = store.export_events()
    if fmt == "xlsx":
        rows = list(load_workbook(io.BytesIO(response.content)).active.values)
        assert len(rows) > 6
        return
    expected = io.StringIO()
    write(events, fmt, expected, layout)
    assert response.text == expected.getvalue()
    if fmt == "csv":
        assert len(list(csv.DictReader(io.StringIO(response.text)))) >= 6
    else:
        json.loads(response.text)


def test_export_since(client: TestClient) -> None:
    events = client.get("/api/export.json?since=2024-01-01").json()
    assert {e["id"] for e in events} == {DISPUTED_EVENT, HOSTILE_EVENT, "ev-2024-03-11-in"}


def test_atom_feed_of_new_events(client: TestClient) -> None:
    response = client.get("/api/feed.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 6
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert "New launch event: North Korea, 14 Jan 2024" in titles
    summaries = [e.findtext(f"{ATOM}summary") or "" for e in entries]
    for summary in summaries:  # sentences, not Python reprs
        assert summary.endswith(".") and not re.search(r"[{}\[\]]|'\w+': ", summary), summary
    disputed = summaries[titles.index("New launch event: North Korea, 14 Jan 2024")]
    assert disputed.startswith("1 intermediate-range ballistic missile fired from the Pyongyang")
    assert "— North Korea, 14 Jan 2024." in disputed
    links = {link.get("href") for e in entries for link in e.findall(f"{ATOM}link")}
    assert f"http://testserver/events/{DISPUTED_EVENT}" in links


# --- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/api/events?limit=100000", 422, "less than or equal to 500"),
        ("/api/events?limit=0", 422, "greater than or equal to 1"),
        ("/api/events?limit=ten", 422, "valid integer"),
        ("/api/events?offset=-1", 422, "greater than or equal to 0"),
        ("/api/events?offset=99999999999999999999999", 422, "less than or equal"),
        ("/api/events?date_from=yesterday", 422, "valid date"),
        ("/api/events?date_from=2024-02-30", 422, "date"),
        ("/api/events?date_from=2024-05-01&date_to=2024-01-01", 422, "date_from is after date_to"),
        ("/api/events?country=Korea", 422, "pattern"),
        ("/api/events?category=rocket", 422, "ballistic"),
        ("/api/events?sort=drop%20table", 422, "date"),
        ("/api/events?q=" + "x" * 500, 422, "at most 200"),
        ("/api/events/ev-1999-01-01-zz", 404, "no event with id"),
        ("/api/events/%3Cscript%3E", 422, "pattern"),
        ("/api/articles", 422, "Field required"),
        ("/api/articles?url=https://nowhere.example/", 404, "no article with url"),
        ("/api/export.pdf", 422, "json"),
        ("/api/export.csv?since=last-week", 422, "pattern"),
        ("/api/stats?by=decade", 422, "month"),
        ("/api/nothing-here", 404, "Not Found"),
    ],
)
def test_bad_requests_are_4xx_with_a_message(
    client: TestClient, path: str, status: int, words: str
) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert words in json.dumps(response.json()["detail"])


def test_wrong_method_is_405(client: TestClient) -> None:
    assert client.delete("/api/events").status_code == 405


def test_security_headers(client: TestClient) -> None:
    headers = client.get("/api/events").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "'unsafe-inline'" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


def test_openapi_document_describes_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    assert {"/api/events", "/api/events/{event_id}", "/api/stats", "/api/ingest/text"} <= set(paths)
    names = {p["name"] for p in paths["/api/events"]["get"]["parameters"]}
    assert {"country", "date_from", "date_to", "category", "platform", "range_class"} <= names
    assert {"confirmation", "q", "sort", "order", "limit", "offset"} <= names
    assert "EventDetail" in spec["components"]["schemas"]
    assert "/" not in paths  # the pages are not API operations


# --- writes and tokens ---------------------------------------------------------------------------

ARTICLE = {
    "text": "North Korea fires ballistic missile\n\nSEOUL, June 5, 2024 — North Korea fired a "
    "short-range ballistic missile into the East Sea on Wednesday, South Korea's Joint Chiefs "
    "of Staff said.",
    "url": "https://news.example.org/2024/06/05/srbm",
    "published": "2024-06-05T09:00:00+09:00",
    "title": "North Korea fires ballistic missile",
}


def test_writes_are_disabled_without_a_write_token(client: TestClient) -> None:
    response = client.post("/api/ingest/text", json=ARTICLE, headers=bearer("anything"))
    assert response.status_code == 403
    assert "LAUNCHWATCH_WRITE_TOKEN" in response.json()["detail"]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        bearer("wrong"),
        bearer(TOKEN + "x"),
        {"Authorization": TOKEN},
        {"Authorization": "Basic !!!"},
        {"Authorization": "Bearer"},
    ],
)
def test_writes_need_the_right_token(db: Path, tmp_path: Path, headers: dict[str, str]) -> None:
    with writer(db, tmp_path) as client:
        response = client.post("/api/ingest/text", json=ARTICLE, headers=headers)
        assert response.status_code == 401
        assert "write token" in response.json()["detail"]
        assert client.get("/api/events").json()["total"] == 6


def test_ingest_text_adds_an_event(db: Path, tmp_path: Path) -> None:
    with writer(db, tmp_path) as client:
        response = client.post("/api/ingest/text", json=ARTICLE, headers=bearer(TOKEN))
        assert response.status_code == 200, response.text
        result = response.json()
        assert result["outcome"] == "new" and result["launch_reports"] == 1
        assert result["events"] == 7 and "1 new" in result["summary"]
        assert client.get("/api/events/ev-2024-06-05-kp").status_code == 200
        again = client.post("/api/ingest/text", json=ARTICLE, headers=bearer(TOKEN)).json()
        assert again["outcome"] == "unchanged"
        feed = ElementTree.fromstring(client.get("/api/feed.atom").content)
        title = feed.findtext(f"{ATOM}entry/{ATOM}title")
        assert title == "New launch event: North Korea, 5 Jun 2024"


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({}, "Field required"),
        ({"text": ""}, "at least 1 character"),
        ({"text": "x", "colour": "red"}, "Extra inputs"),
        ({"text": "x", "published": 5}, "valid string"),
        ({"text": "x", "published": "last Tuesday"}, "not an ISO 8601 or RFC 822 date"),
    ],
)
def test_ingest_text_refuses_bad_bodies(
    db: Path, tmp_path: Path, body: dict[str, object], words: str
) -> None:
    with writer(db, tmp_path) as client:
        response = client.post("/api/ingest/text", json=body, headers=bearer(TOKEN))
        assert response.status_code == 422 and words in response.text
        malformed = client.post(
            "/api/ingest/text",
            content=b"{not json",
            headers={**bearer(TOKEN), "Content-Type": "application/json"},
        )
        assert malformed.status_code == 422


def test_ingest_url_goes_through_the_safe_fetcher(db: Path, tmp_path: Path) -> None:
    server = LocalServer().start()
    try:
        with writer(db, tmp_path) as client:
            refused = client.post(
                "/api/ingest/url", json={"url": server.url("/page")}, headers=bearer(TOKEN)
            )
            assert refused.status_code == 502
            assert "127.0.0.1" in refused.json()["detail"]
            assert "loopback" in refused.json()["detail"]
            assert server.requests == []  # refused before connecting
            scheme = client.post(
                "/api/ingest/url", json={"url": "file:///etc/passwd"}, headers=bearer(TOKEN)
            )
            assert scheme.status_code == 422
    finally:
        server.stop()


def test_ingest_url_fetches_an_allowed_page(db: Path, tmp_path: Path) -> None:
    page = (
        "<html><head><title>North Korea fires ballistic missile</title>"
        '<meta property="article:published_time" content="2024-06-05T09:00:00+09:00"></head>'
        f"<body><article><h1>North Korea fires ballistic missile</h1><p>{ARTICLE['text']}</p>"
        "</article></body></html>"
    ).encode()
    server = LocalServer(routes={"/page": static(page)}).start()
    fetch = FetchSettings(allow_private=parse_networks(["127.0.0.1"]), host_interval=0)
    try:
        with writer(db, tmp_path, fetch=fetch) as client:
            response = client.post(
                "/api/ingest/url", json={"url": server.url("/page")}, headers=bearer(TOKEN)
            )
            assert response.status_code == 200, response.text
            assert response.json()["url"].startswith("http://127.0.0.1:")
            assert response.json()["outcome"] == "new"
    finally:
        server.stop()


def test_closed_reads_need_the_read_token(db: Path) -> None:
    settings = ServeSettings(read_token="reader", write_token=TOKEN)
    with TestClient(create_app(str(db), settings)) as client:
        for path in ("/api/events", f"/api/events/{DISPUTED_EVENT}", "/api/export.csv", "/"):
            assert client.get(path).status_code == 401
            assert client.get(path, headers=bearer("nope")).status_code == 401
            assert client.get(path, headers=bearer("reader")).status_code == 200
            assert client.get(path, headers=bearer(TOKEN)).status_code == 200
        basic = base64.b64encode(b"anyone:reader").decode()
        response = client.get("/", headers={"Authorization": f"Basic {basic}"})
        assert response.status_code == 200
        challenge = client.get("/").headers["www-authenticate"]
        assert challenge.startswith("Basic")


def test_settings_from_the_environment() -> None:
    settings = ServeSettings.from_env(
        {
            f"{ENV_PREFIX}WRITE_TOKEN": "w",
            f"{ENV_PREFIX}READ_TOKEN": "",
            f"{ENV_PREFIX}TILES_URL": "https://tiles.example.org/{z}/{x}/{y}.png",
            f"{ENV_PREFIX}ALLOW_PRIVATE": "127.0.0.1, 10.0.0.0/8",
        }
    )
    assert settings.write_token == "w" and settings.reads_open
    assert settings.tiles_origin == "https://tiles.example.org"
    assert len(settings.fetch.allow_private) == 2
    with pytest.raises(ValueError, match="TILES_URL"):
        ServeSettings.from_env({f"{ENV_PREFIX}TILES_URL": "javascript:alert(1)//{z}{x}{y}"})


def test_answers_are_kept_until_the_database_changes(db: Path, tmp_path: Path) -> None:
    with writer(db, tmp_path) as client:
        first = client.get("/api/events")
        etag = first.headers["etag"]
        assert client.get("/api/events").content == first.content
        unchanged = client.get("/api/events", headers={"If-None-Match": etag})
        assert unchanged.status_code == 304 and unchanged.content == b""
        # A write through the API, then one by another process's connection (an ingest).
        client.post("/api/ingest/text", json=ARTICLE, headers=bearer(TOKEN))
        after_api = client.get("/api/events", headers={"If-None-Match": etag})
        assert after_api.status_code == 200 and after_api.json()["total"] == 7
        other = {**ARTICLE, "url": "https://other.example.org/x", "text": ARTICLE["text"] + " "}
        other["text"] = other["text"].replace("June 5", "June 9").replace("Wednesday", "Sunday")
        line = tmp_path / "more.jsonl"
        line.write_text(json.dumps(other) + "\n")
        assert ingest_paths([line], str(tmp_path / "copy.db")).ok
        assert client.get("/api/events").json()["total"] == 8


# --- how queries run, fetching, settings ---------------------------------------------------------


def loop_running() -> bool:
    """True on the event loop's thread, False in a worker thread of the thread pool."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def watch_search(app: object) -> list[bool]:
    """Whether each ``search_events`` call of the app's store ran on the event loop."""
    store = app.state.store  # type: ignore[attr-defined]
    search, seen = store.search_events, []

    def watched(*args: object, **kwargs: object) -> object:
        seen.append(loop_running())
        return search(*args, **kwargs)

    store.search_events = watched
    return seen


def test_events_page_runs_on_the_loop_only_over_a_kept_sqlite_answer(db: Path) -> None:
    app = create_app(str(db), ServeSettings())
    seen = watch_search(app)
    with TestClient(app) as client:
        assert app.state.cache.active
        assert client.get("/api/events?limit=2").status_code == 200
    assert seen == [True]


def test_events_over_postgresql_are_answered_from_the_thread_pool(postgres_url: str) -> None:
    from servefixture import FIXTURE

    assert ingest_paths([FIXTURE], postgres_url).ok
    app = create_app(postgres_url, ServeSettings())
    seen = watch_search(app)
    with TestClient(app) as client:
        assert not app.state.cache.active
        page = client.get("/api/events?limit=4&offset=1")
        assert page.status_code == 200, page.text
        with open_store(postgres_url) as store:
            total, items = store.search_events(limit=4, offset=1)
        assert page.json()["total"] == total == 6
        assert [e["id"] for e in page.json()["items"]] == [e["id"] for e in items]
        assert client.get(f"/api/events/{DISPUTED_EVENT}").json()["id"] == DISPUTED_EVENT
        assert client.get("/api/events/ev-1999-01-01-zz").status_code == 404
    assert seen == [False]


def test_url_ingests_share_one_fetcher(db: Path, tmp_path: Path) -> None:
    page = (
        "<html><head><title>North Korea fires ballistic missile</title></head>"
        f"<body><article><p>{ARTICLE['text']}</p></article></body></html>"
    ).encode()
    server = LocalServer(routes={"/a": static(page), "/b": static(page)}).start()
    fetch = FetchSettings(allow_private=parse_networks(["127.0.0.1"]), host_interval=0)
    try:
        with writer(db, tmp_path, fetch=fetch) as client:
            for path in ("/a", "/b"):
                response = client.post(
                    "/api/ingest/url", json={"url": server.url(path)}, headers=bearer(TOKEN)
                )
                assert response.status_code == 200, response.text
            fetcher = client.app.state.fetcher
            assert fetcher is not None
        assert client.app.state.fetcher is None  # closed at shutdown
        # robots.txt was read once for both: the rules were kept by the one fetcher.
        assert len(server.hits("/robots.txt")) == 1
        assert len(server.hits("/a")) == len(server.hits("/b")) == 1
    finally:
        server.stop()


def test_closed_reads_close_the_api_description_but_not_the_static_files(db: Path) -> None:
    settings = ServeSettings(read_token="reader", write_token=TOKEN)
    with TestClient(create_app(str(db), settings)) as client:
        assert client.get("/openapi.json").status_code == 401
        assert client.get("/openapi.json", headers=bearer("nope")).status_code == 401
        spec = client.get("/openapi.json", headers=bearer("reader"))
        assert spec.status_code == 200 and "/api/events" in spec.json()["paths"]
        for path in ("/docs", "/redoc"):  # not served at all
            assert client.get(path, headers=bearer("reader")).status_code == 404
        # The 401 page is styled by the static files, which hold no data: they stay open.
        refused = client.get("/")
        assert refused.status_code == 401 and "/static/style.css" in refused.text
        assert client.get("/static/style.css").status_code == 200
        assert client.get("/static/app.js").status_code == 200
        assert client.get("/static/../settings.py").status_code == 404


def test_open_reads_keep_the_api_description_open(client: TestClient) -> None:
    assert client.get("/openapi.json").json()["info"]["title"] == "launchwatch"
    assert "/openapi.json" not in client.get("/openapi.json").json()["paths"]


def test_feed_links_use_the_configured_base_url(db: Path) -> None:
    settings = ServeSettings(base_url="https://lw.example.org/watch")
    with TestClient(create_app(str(db), settings)) as client:
        response = client.get("/api/feed.atom", headers={"Host": "evil.example"})
    assert b"evil.example" not in response.content
    feed = ElementTree.fromstring(response.content)
    links = {link.get("href") for link in feed.iter(f"{ATOM}link")}
    assert f"https://lw.example.org/watch/events/{DISPUTED_EVENT}" in links
    assert "https://lw.example.org/watch/api/feed.atom" in links


def test_feed_links_without_a_base_url_follow_the_request(client: TestClient) -> None:
    response = client.get("/api/feed.atom", headers={"Host": "other.example:8080"})
    links = {
        link.get("href") for link in ElementTree.fromstring(response.content).iter(f"{ATOM}link")
    }
    assert f"http://other.example:8080/events/{DISPUTED_EVENT}" in links


def test_base_url_from_the_environment() -> None:
    env = {f"{ENV_PREFIX}BASE_URL": "https://lw.example.org/"}
    assert ServeSettings.from_env(env).base_url == "https://lw.example.org"
    assert ServeSettings.from_env({}).base_url is None
    for bad in ("lw.example.org", "javascript:alert(1)", "https://lw.example.org/?q=1"):
        with pytest.raises(ValueError, match="BASE_URL"):
            ServeSettings.from_env({f"{ENV_PREFIX}BASE_URL": bad})


OSM = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}{r}.png"


def test_osm_style_tile_templates_draw_the_map(db: Path) -> None:
    import re

    settings = ServeSettings.from_env({f"{ENV_PREFIX}TILES_URL": OSM})
    with TestClient(create_app(str(db), settings)) as client:
        response = client.get("/map")
    assert response.status_code == 200, response.text
    hrefs = re.findall(r'<image href="([^"]+)"', response.text)
    assert hrefs
    assert all(
        re.fullmatch(r"https://a\.tile\.openstreetmap\.org/\d+/\d+/\d+\.png", h) for h in hrefs
    )


def test_tile_url_fills_only_its_placeholders() -> None:
    from launchwatch.serve.settings import tile_url

    assert tile_url(OSM, 3, 6, 2) == "https://a.tile.openstreetmap.org/3/6/2.png"
    assert tile_url("https://t.example/{z}/{x}/{y}.png?a={", 1, 0, 1) == (
        "https://t.example/1/0/1.png?a={"
    )


def test_tile_templates_with_unknown_placeholders_are_refused() -> None:
    bad = "https://tiles.example.org/{z}/{x}/{y}.png?key={apikey}"
    with pytest.raises(ValueError, match=r"cannot fill \(\{apikey\}\)"):
        ServeSettings.from_env({f"{ENV_PREFIX}TILES_URL": bad})


def test_the_live_maps_basemap_does_not_cross_the_map_at_the_antimeridian(
    client: TestClient,
) -> None:
    response = client.get("/map/basemap.geojson")
    assert response.headers["content-type"].startswith("application/geo+json")
    features = response.json()["features"]
    names = {f["properties"]["name"] for f in features}
    assert {"Russia", "Fiji", "North Korea"} <= names and "Antarctica" not in names
    for feature in features:
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                jumps = [abs(a[0] - b[0]) for a, b in pairwise(ring)]
                assert max(jumps, default=0) < 180, feature["properties"]["name"]
    chukotka = [
        point[0]
        for f in features
        if f["properties"]["name"] == "Russia"
        for polygon in f["geometry"]["coordinates"]
        for point in polygon[0]
    ]
    assert max(chukotka) > 180  # drawn east of the meridian, beside the rest of Russia


def test_map_data_places_sites_with_their_events(client: TestClient) -> None:
    data = client.get("/map.json?country=KP").json()
    launches = {s["name"]: s for s in data["sites"] if s["kind"] == "launch"}
    assert launches["Wonsan"]["events"] == 1 and launches["Wonsan"]["last"] == "2024-02-14"
    assert launches["Wonsan"]["href"] == "/?country=KP&q=Wonsan"
    assert "Abdul Kalam Island" not in launches  # India's, filtered out
