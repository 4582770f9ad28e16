"""The pages in a real headless Chromium (Debian's, driven by Playwright) against
``launchwatch serve`` on 127.0.0.1 with the fixture database. Screenshots go to test-artifacts/.

Skipped when /usr/bin/chromium is missing (``scripts/test.sh`` installs it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from servefixture import DISPUTED_EVENT, HOSTILE_EVENT, build_db, live_server

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent.parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium")

if CHROMIUM.exists():
    from playwright.sync_api import Browser, Page, expect, sync_playwright


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = build_db(tmp_path_factory.mktemp("web") / "fixture.db")
    with live_server(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
    # Console errors include content security policy violations and failed loads.
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    # Everything the pages load comes from the server under test.
    outside: list[str] = []
    page.route(
        re.compile(r"^(?!" + re.escape(base_url) + ").*"),
        lambda route: (outside.append(route.request.url), route.abort()),
    )
    yield page
    context.close()
    assert errors == []
    assert outside == []


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_list_loads_and_a_filter_narrows_it(page: Page) -> None:
    page.goto("/")
    rows = page.locator("table.events tbody tr")
    expect(rows).to_have_count(6)
    expect(page.locator("#counts")).to_contain_text("6 events")
    shot(page, "list")
    # The select lists offer the values in the store, in words.
    expect(page.locator("select[name=country] option")).to_have_text(
        ["any", "India", "North Korea"]
    )
    page.select_option("select[name=country]", label="India")
    page.click("form.filters button[type=submit]")
    expect(rows).to_have_count(1)
    expect(page.locator("#counts")).to_contain_text("1 event")
    assert "country=IN" in page.url
    # The downloads are of exactly the list shown.
    csv = page.locator("a.download", has_text="CSV")
    assert "country=IN" in (csv.get_attribute("href") or "")
    body = page.request.get(csv.get_attribute("href") or "").text()
    assert len(body.strip().splitlines()) == 2 and "ev-2024-03-11-in" in body
    page.select_option("select[name=category]", "cruise")
    page.select_option("select[name=country]", "")
    page.click("form.filters button[type=submit]")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(HOSTILE_EVENT)


def test_list_is_newest_first_and_sorts_by_any_column(page: Page) -> None:
    page.goto("/")
    expect(page.locator("thead th[aria-sort=descending]")).to_contain_text("date")
    first = page.locator("table.events tbody tr").first
    expect(first).to_contain_text("2024-03-11")
    page.click("thead a:text-is('date ▼')")
    expect(page.locator("thead th[aria-sort=ascending]")).to_contain_text("date")
    expect(first).to_contain_text("2023-03-16")
    page.click("thead a:text-is('range')")  # figures sort from the largest first
    expect(page.locator("thead th[aria-sort=descending]")).to_contain_text("range")
    assert "sort=range_km" in page.url
    expect(first).to_contain_text("5,000 km")
    headings = page.locator("table.events thead th")
    expect(headings.locator("a")).to_have_count(headings.count())  # every column sorts


def test_list_shows_words_not_codes(page: Page) -> None:
    page.goto("/")
    table = page.locator("table.events")
    expect(table).to_contain_text("North Korea")
    expect(table).to_contain_text("space launch")
    expect(table).to_contain_text("South Korea JCS")
    expect(table).to_contain_text("Japan MoD")
    for code in ("space_launch", "jp_gov", "state_media_only", "KP"):
        expect(table).not_to_contain_text(code)


@pytest.mark.parametrize("width", [1400, 390])
def test_list_fits_the_window(browser: Browser, base_url: str, width: int) -> None:
    """At 1400 px the whole table shows, no column behind a scroll; at 390 px (a phone) the
    events reflow as cards: nothing scrolls sideways."""
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto("/")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"
        box = page.evaluate(
            "(() => { const s = document.querySelector('table.events').parentElement;"
            " return s.scrollWidth - s.clientWidth })()"
        )
        assert box <= 0, f"the table overflows its box by {box}px at {width}px"
        status = page.locator("table.events tbody tr").first.locator("td[data-label=status]")
        expect(status).to_be_visible()
        edge = status.bounding_box()
        assert edge is not None and edge["x"] + edge["width"] <= width
        shot(page, f"list-{width}")
    finally:
        context.close()


def test_event_page_shows_claims_evidence_and_conflicts(page: Page) -> None:
    page.goto(f"/events/{DISPUTED_EVENT}")
    # The heading says what happened, where and when, in words.
    expect(page.locator("h1")).to_have_text(
        "1 intermediate-range ballistic missile fired from the Pyongyang area"
        " — North Korea, 14 Jan 2024"
    )
    expect(page.locator(".conflicts")).to_contain_text("range: 1,000 km per South Korea JCS")
    claims = page.locator("#field-range_km .claim")
    expect(claims).to_have_count(2)
    expect(claims.locator(".source")).to_have_text(["South Korea JCS", "KCNA"])
    expect(claims.locator(".flag")).to_have_count(1)  # only KCNA's 1,200 km differs
    # Each evidence sentence appears once, with every claim it bears.
    sentences = page.locator("li.sentence blockquote.evidence").all_inner_texts()
    assert sentences and len(sentences) == len(set(sentences))
    claims.first.locator("a").click()
    sentence = page.locator("li.sentence:target")
    expect(sentence.locator("blockquote")).to_contain_text("the JCS said")
    expect(sentence.locator("mark").first).to_have_text(re.compile(r"1,000 kilometers"))
    expect(sentence.locator(".cite")).to_contain_text("Example News")
    expect(page.locator("a.out").first).to_have_attribute("href", re.compile("^https://"))
    for code in (r"range_km", r"\bjcs\b", r"story \d", r"outlet unknown"):  # codes, not words
        expect(page.locator("main")).not_to_contain_text(re.compile(code))
    shot(page, "event")
    # "in context" opens the article's text at the highlighted claim.
    claims.nth(1).locator("a").click()
    page.locator("li.sentence:target a", has_text="in context").click()
    target = page.locator("mark:target")
    expect(target).to_be_visible()
    expect(target).to_contain_text("1,200 kilometers")


def test_map_renders_offline_with_markers(page: Page) -> None:
    """The live map (vendored Leaflet): the bundled basemap, clustered markers that split as
    you zoom, a popup per site that links to its events; nothing loaded from other hosts."""
    page.goto("/map")
    live = page.locator("#live-map[data-ready=true]")
    expect(live).to_be_visible()
    expect(page.locator("#static-map")).to_be_hidden()
    expect(live.locator("path.land-shape")).not_to_have_count(0)
    box = live.bounding_box()
    assert box is not None and box["width"] > 600 and box["height"] > 300
    shot(page, "map")
    # The Korean sites share a cluster at first; it splits into its sites as you zoom in.
    cluster = live.locator(".marker-cluster").first
    expect(cluster).to_be_visible()
    before = live.locator(".site-marker").count()
    cluster.click()
    expect(live.locator(".site-marker").nth(before)).to_be_attached()  # more than before
    # A site's popup: its name, launches, the latest date, a link to the list filtered to it.
    page.goto("/map?q=Wonsan")
    live.locator(".site-marker[title^='Wonsan']").click()
    popup = live.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Wonsan")
    expect(popup).to_contain_text("1 launch, the latest on 2024-02-14")
    popup.locator("a", has_text="List its events").click()
    expect(page.locator("table.events tbody tr")).to_have_count(1)


def test_map_markers_are_tap_targets_on_a_phone(browser: Browser, base_url: str) -> None:
    context = browser.new_context(
        base_url=base_url, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        page.goto("/map")
        markers = page.locator("#live-map[data-ready=true] .leaflet-marker-icon")
        expect(markers.first).to_be_visible()
        for marker in markers.all():
            size = marker.bounding_box()
            assert size is not None and min(size["width"], size["height"]) >= 24, size
        shot(page, "phone-map")
    finally:
        context.close()


def test_map_without_script_keeps_the_server_drawn_map(browser: Browser, base_url: str) -> None:
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/map")
        expect(page.locator("svg#map path.land")).not_to_have_count(0)
        expect(page.locator("svg#map circle.launch")).not_to_have_count(0)
        expect(page.locator("#live-map")).to_be_hidden()
        page.locator("ul.places a", has_text="Sohae").click()
        expect(page.locator("table.events tbody tr")).to_have_count(1)
    finally:
        context.close()


def test_timeline_renders_and_a_bar_filters_the_list(page: Page) -> None:
    page.goto("/")
    bars = page.locator("svg#timeline a.bar rect")
    expect(bars).to_have_count(6)
    shot(page, "timeline")
    page.locator("svg#timeline a.bar", has=page.locator("rect.cat-cruise")).click()
    expect(page.locator("table.events tbody tr")).to_have_count(1)
    assert "date_from=2024-02-01" in page.url and "category=cruise" in page.url


def test_hostile_article_is_shown_as_text_and_runs_nothing(page: Page) -> None:
    page.goto(f"/events/{HOSTILE_EVENT}")
    page.wait_for_load_state("load")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    expect(page.locator(".text").first).to_contain_text("<script>window.__pwned=1</script>")
    expect(page.locator("body")).to_contain_text('<a href="javascript:window.__pwned=2">')
    expect(page.locator("body")).to_contain_text("javascript:window.__pwned=6")  # as text
    assert page.locator("a[href^='javascript:' i]").count() == 0
    assert page.locator("script:not([src])").count() == 0
    for text in page.locator("details").all():
        text.locator("summary").click()
    page.locator("body").click()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    shot(page, "hostile")


def test_readable_on_a_phone_and_keyboard_navigable(browser: Browser, base_url: str) -> None:
    context = browser.new_context(
        base_url=base_url, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        for path in ("/", f"/events/{DISPUTED_EVENT}", "/map"):
            page.goto(path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, f"{path} scrolls sideways by {overflow}px"
        shot(page, "phone-map")
        page.goto("/")
        page.keyboard.press("Tab")
        expect(page.locator(":focus")).to_have_text("Skip to content")
        # Tab reaches the filters, then a timeline bar, with the keyboard alone.
        reached: set[str] = set()
        for _ in range(40):
            page.keyboard.press("Tab")
            reached.add(page.evaluate("document.activeElement.getAttribute('name') || ''"))
            if page.evaluate("document.activeElement.closest('svg') !== null"):
                break
        assert {"country", "q"} <= reached
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile("date_from="))
    finally:
        context.close()


def test_api_reference_renders_offline_under_the_csp(page: Page) -> None:
    """Swagger UI from the package's own static files: no CDN, no inline script, no CSP error
    (the page fixture fails the test on any console error or request elsewhere)."""
    page.goto("/")
    page.click("header.site a:text-is('API')")
    page.wait_for_url(re.compile("/api/docs$"))
    operations = page.locator(".opblock-summary-path")
    expect(operations.filter(has_text=re.compile(r"^/api/events$"))).to_have_count(1)
    expect(page.locator(".info .title")).to_contain_text("launchwatch")
    shot(page, "api-docs")
    # Try it out: the reference calls this server's API and shows the answer.
    events = operations.filter(has_text=re.compile(r"^/api/events$"))
    events.click()
    page.locator("button.try-out__btn").first.click()
    page.locator("button.execute").first.click()
    status = page.locator(".live-responses-table tbody .response-col_status")
    expect(status.first).to_have_text("200")


@pytest.mark.parametrize("width", [1400, 390])
def test_no_page_scrolls_sideways(browser: Browser, base_url: str, width: int) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        for path in ("/", f"/events/{DISPUTED_EVENT}", f"/events/{HOSTILE_EVENT}", "/map",
                     "/api/docs"):  # fmt: skip
            page.goto(path)
            if path == "/api/docs":
                expect(page.locator(".opblock").first).to_be_visible()
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
        shot(page, f"api-docs-{width}")
    finally:
        context.close()


def test_outlets_are_named_from_the_domain_when_the_page_names_none() -> None:
    from launchwatch.serve.web import outlet_name

    assert outlet_name(None, "https://www.nknews.org/2021/09/x") == "nknews.org"
    assert outlet_name(None, "https://en.yna.co.kr/view/AEN1") == "en.yna.co.kr"
    assert outlet_name("Yonhap", "https://en.yna.co.kr/view/AEN1") == "Yonhap"
    assert outlet_name(None, "file:///inbox/01-jcs-wire.txt") == "local file"
    assert outlet_name(None, "jsonl://dev.jsonl#7") == "local file"
