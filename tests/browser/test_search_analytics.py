"""Search analytics in a real browser, with the demo persona: every chart renders in Voila
and in JupyterLab, the source filter redraws the charts in place, screenshots at 1400 px and
390 px, and axe-core finds nothing serious."""

from __future__ import annotations

import pytest

from tests.browser.conftest import OWN_SAMPLE, own_sample_env, page_errors
from tests.browser.harness import (
    SCREENSHOTS, axe_check, format_violations, page_width, scroll_to, shot,
)
from tests.browser.layout_faults import settle

NOTEBOOK = "04_search_analytics.ipynb"
CHARTS = 7  # overview, funnel, Sankey, breakdown, response times, cadence, calendar


@pytest.fixture(scope="module")
def workbook_env():
    """The open profile is the person's own, with the sample's records: this page writes."""
    yield from own_sample_env()


def _expected(source: str | None = None) -> int:
    """How many applications old enough to judge the page should say, computed here."""
    from workbook import analytics
    from workbook.applications import frame
    from workbook.store import Store, profile_path

    with Store(profile_path(OWN_SAMPLE)) as s:
        df = frame(s)
        if source:
            df = analytics.filtered(df, sources=[source])
        return analytics.summary(df, as_of=s.today()).counted


def _kpi_title(page, counted: int):
    return page.locator(".js-plotly-plot .gtitle",
                        has_text=f"{counted} applications old enough").first


def _wait_for_charts(page) -> None:
    page.wait_for_function(
        f"() => document.querySelectorAll('.js-plotly-plot').length >= {CHARTS}",
        timeout=60_000)


def _section_shots(page, name: str) -> None:
    """One screenshot per section, readable at full size."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": 7000})  # no scrolling needed
    settle(page)  # plotly redraws at the new size
    try:
        for i, section in enumerate(page.locator(".wb-sa .wb-section").all()):
            if section.is_visible():
                section.screenshot(path=str(SCREENSHOTS / f"{name}_{i}.png"))
    finally:
        page.set_viewport_size(size)


def _filter_to_referrals(page) -> int:
    counted = _expected("referral")
    source = page.get_by_role("combobox", name="Source")
    scroll_to(source)
    source.select_option(label="Referral")
    _kpi_title(page, counted).wait_for(state="attached", timeout=30_000)
    page.get_by_text("not enough yet to tell").first.wait_for()
    return counted


def test_search_analytics_in_voila_filter_redraws_in_place(chromium_page, voila):
    page = chromium_page
    voila.open(page, NOTEBOOK)
    _wait_for_charts(page)
    everything = _expected()
    _kpi_title(page, everything).wait_for(state="attached")
    page.get_by_role("heading", name="What it may mean, and next steps").wait_for()
    shot(page, "search_analytics_voila")
    _section_shots(page, "search_analytics_voila")
    plots_before = page.locator(".js-plotly-plot").count()
    _filter_to_referrals(page)
    settle(page)  # every redraw has landed, so a chart added late would be counted
    assert page.locator(".js-plotly-plot").count() == plots_before  # redrawn, not added
    shot(page, "search_analytics_voila_referrals")
    _section_shots(page, "search_analytics_voila_referrals")
    # The Sankey and the breakdown bars answer to the pointer (hover labels).
    found = axe_check(page)
    assert not found, format_violations(found)
    assert not page_errors(page), page_errors(page)


def test_search_analytics_in_voila_on_a_phone(chromium_page, voila):
    page = chromium_page
    page.set_viewport_size({"width": 390, "height": 844})
    voila.open(page, NOTEBOOK)
    _wait_for_charts(page)
    settle(page)
    shot(page, "search_analytics_voila_390")
    _section_shots(page, "search_analytics_voila_390")
    width = page_width(page)
    assert width <= 400, f"the page scrolls sideways on a phone ({width} px wide)"


def test_search_analytics_in_jupyterlab_filter_redraws(chromium_page, lab):
    page = chromium_page
    lab.open(page, NOTEBOOK)
    _wait_for_charts(page)
    _kpi_title(page, _expected()).wait_for(state="attached")
    shot(page, "search_analytics_lab", full_page=False)
    _filter_to_referrals(page)
    settle(page)
    scroll_to(page.locator(".js-plotly-plot").nth(0))
    shot(page, "search_analytics_lab_referrals", full_page=False)
    assert not page_errors(page), page_errors(page)
