"""The weekly review with the demo persona in a real browser (Voila and JupyterLab): the
week at a glance with its mood chart, a win saved, the due follow-ups and their calendar
file, this week's commitments, and the session summary downloaded with only the ticked
sections. Screenshots at 1400 and 390 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from tests.browser.layout_faults import settle

from tests.browser.conftest import OWN_SAMPLE, own_sample_env, page_errors
from tests.browser.harness import (
    axe_check, fill, format_violations, output_scope, page_width, shot, wait_message,
)

NB = "05_weekly_review.ipynb"


@pytest.fixture(scope="module")
def workbook_env():
    """The open profile is the person's own, with the sample's records: this page writes."""
    yield from own_sample_env()


def _week_and_win(page, lab: bool, tag: str) -> None:
    scope = output_scope(page, lab)
    scope.get_by_text("This week at a glance").first.wait_for()
    chart = scope.locator(".js-plotly-plot").first
    chart.wait_for(state="visible", timeout=30_000)
    assert chart.locator(".scatterlayer .trace").count() >= 2  # pleasantness and energy
    assert scope.get_by_text("Check-ins over the last 8 weeks").count() >= 1
    shot(page, f"weekly_{tag}_glance")

    scope.get_by_role("tab", name="Wins").click()
    fill(scope, "Your win (any size)", f"Asked Jordan for a coffee ({tag}) <script>x</script>")
    fill(scope, "A reward, if you like (optional)", "a walk by the river")
    scope.get_by_role("button", name="Save this win").click()
    wait_message(scope, "Saved your win")
    scope.locator(".wb-wr-item").get_by_text(
        f"Asked Jordan for a coffee ({tag}) <script>x</script>").first.wait_for()
    shot(page, f"weekly_{tag}_wins")


def _network_and_review(page, lab: bool, tag: str) -> None:
    scope = output_scope(page, lab)
    scope.get_by_role("tab", name="Support network").click()
    scope.get_by_text("Alex Chen").first.wait_for()
    scope.get_by_role("button", name="Download these follow-ups for your calendar (.ics)").click()
    scope.locator("a.wb-download").get_by_text(re.compile(r"follow-ups-.*\.ics")).first.wait_for()
    shot(page, f"weekly_{tag}_network")

    scope.get_by_role("tab", name="Look back and ahead").click()
    scope.get_by_text("Last week you said you would like to:").first.wait_for()
    assert scope.get_by_text("Prepare for the final round").count() >= 1
    fill(scope, "Commitment 1", f"Send two tailored applications ({tag})")
    scope.get_by_role("button", name="Save this week's review").click()
    wait_message(scope, "Saved this week's review")
    shot(page, f"weekly_{tag}_review")


def _summary(page, lab: bool, tag: str) -> str:
    scope = output_scope(page, lab)
    scope.get_by_role("tab", name="Session summary").click()
    for name in ("Mood trend", "Recent reflections", "Skill plan and progress",
                 "Search numbers"):
        scope.get_by_role("checkbox", name=name).uncheck()
    scope.get_by_role("button", name="Make the session summary").click()
    link = scope.locator("a.wb-download").get_by_text(re.compile(r"session-summary-.*\.html"))
    link.first.wait_for(timeout=60_000)
    shot(page, f"weekly_{tag}_summary")
    with page.expect_download() as info:
        link.first.click()
    path = info.value.path()
    return open(path, encoding="utf-8").read()


def _check_saved(tag: str, summary: str) -> None:
    from workbook.records import WeeklyReview, Win
    from workbook.store import Store

    with Store.open(OWN_SAMPLE) as store:
        wins = [x for x in store.all(Win) if tag in x.text]
        assert len(wins) == 1 and wins[0].reward == "a walk by the river"
        assert any(f"Send two tailored applications ({tag})" in r.commitments
                   for r in store.all(WeeklyReview))
    sections = set(re.findall(r'<section class="section" id="(\w+)"', summary))
    assert sections == {"wins", "commitments"}
    assert f"Asked Jordan for a coffee ({tag}) &lt;script&gt;" in summary


def test_weekly_review_in_voila(chromium_page, voila):
    page = chromium_page
    seconds = voila.open(page, NB)
    _week_and_win(page, lab=False, tag="voila")
    _network_and_review(page, lab=False, tag="voila")
    summary = _summary(page, lab=False, tag="voila")
    _check_saved("voila", summary)
    found = axe_check(page)
    assert not found, format_violations(found)
    page.set_viewport_size({"width": 390, "height": 900})
    tab = output_scope(page, False).get_by_role("tab", name="Wins")
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    settle(page)
    shot(page, "weekly_voila_390_wins")
    width = page_width(page)
    assert width <= 400, f"the page scrolls sideways at 390 px ({width} px)"
    assert not page_errors(page)
    print(f"voila weekly review visible after {seconds:.1f} s")


def test_weekly_review_in_jupyterlab(chromium_page, lab):
    page = chromium_page
    seconds = lab.open(page, NB)
    _week_and_win(page, lab=True, tag="lab")
    _network_and_review(page, lab=True, tag="lab")
    summary = _summary(page, lab=True, tag="lab")
    _check_saved("lab", summary)
    assert not page_errors(page)
    print(f"jupyterlab weekly review visible after {seconds:.1f} s")
