"""The dashboards in headless Chromium: plotly draws every figure, clicks lead to the lists.

Each test writes a screenshot of its dashboard to test-artifacts/screenshots/<dashboard>.png.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.insights.conftest import FixtureTerm, build_fixture_term

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PLOT = ".plotly .main-svg"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, which Django's
    # async-safety check mistakes for async code around the test's own database work.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


@pytest.fixture
def term(transactional_db) -> FixtureTerm:
    return build_fixture_term()


def open_dashboard(page, live_server, path: str, name: str, *, figures: int = 1) -> None:
    page.goto(f"{live_server.url}{path}")
    page.wait_for_selector(PLOT, timeout=15_000)
    page.wait_for_function(
        f"document.querySelectorAll('.plotly .main-svg').length >= {2 * figures}", timeout=15_000
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    assert page.errors == []


def test_alignment_heatmap_renders_and_a_click_lists_the_split_votes(page, live_server, term):
    open_dashboard(page, live_server, "/en/dashboards/alignment/", "alignment")
    cells = page.locator(".plotly .heatmaplayer")
    assert cells.count() == 1
    assert page.locator(".plotly text", has_text="50%").count() >= 2  # AA·BB and BB·AA

    box = page.locator(".plotly .nsewdrag").first.bounding_box()
    # Row 0 (AA) at the top, column 1 (BB): the cell AA × BB.
    page.mouse.click(box["x"] + box["width"] * 1.5 / 3, box["y"] + box["height"] * 0.5 / 3)
    page.wait_for_url("**/dashboards/alignment/split/**", timeout=10_000)

    assert f"a={term.factions['AA'].pk}" in page.url
    assert f"b={term.factions['BB'].pk}" in page.url
    rows = page.locator("table.split-votes tbody tr")
    assert rows.count() == 4
    assert "Balsojums v7" in rows.first.inner_text()


def test_cohesion_lines_render(page, live_server, term):
    open_dashboard(page, live_server, "/en/dashboards/cohesion/", "cohesion")
    assert page.locator(".plotly .scatterlayer .trace").count() >= 3
    assert page.locator(".coalition-missing").count() == 0


def test_rebels_chart_renders_and_a_bar_opens_the_rebel_votes(page, live_server, term):
    open_dashboard(page, live_server, "/en/dashboards/rebels/", "rebels")
    page.locator(".plotly .barlayer .point path").first.click(force=True)
    page.wait_for_url("**/votes/?kind=rebel**", timeout=10_000)
    assert page.locator("table.deputy-votes tbody tr").count() == 1


def test_attendance_chart_renders(page, live_server, term):
    open_dashboard(page, live_server, "/en/dashboards/attendance/", "attendance")
    assert "87.5%" in page.locator(".plotly").first.inner_text()


def test_deputy_map_renders_with_the_faction_changer_as_a_diamond(page, live_server, term):
    open_dashboard(page, live_server, "/en/dashboards/map/", "map")
    assert page.locator(".plotly .legendtext", has_text="Changed faction").count() == 1


def test_public_vs_parliament_renders(page, live_server, term):
    open_dashboard(page, live_server, "/en/dashboards/public/", "public")
    text = page.locator(".plotly").first.inner_text()
    assert "gap 42.5 points" in text
    assert "too few answers" in text


def test_deputy_dashboard_renders(page, live_server, term):
    deputy = term.deputies["d7"]
    open_dashboard(page, live_server, f"/en/dashboards/deputies/{deputy.pk}/", "deputy")
    assert page.locator("td.rebel-count").inner_text().startswith("1")


def test_faction_dashboard_renders_three_figures(page, live_server, term):
    faction = term.factions["AA"]
    open_dashboard(
        page, live_server, f"/en/dashboards/factions/{faction.pk}/", "faction", figures=3
    )
    assert page.locator(".plotly").count() == 3


def test_overview_links_to_every_dashboard(page, live_server, term):
    page.goto(f"{live_server.url}/en/dashboards/?period=month&month=2025-02")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "overview.png"), full_page=True)
    hrefs = page.locator(".dashboard-cards a").evaluate_all("links => links.map(a => a.href)")
    assert len(hrefs) == 6
    assert all("month=2025-02" in href for href in hrefs)
    assert page.errors == []
