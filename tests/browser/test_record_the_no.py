"""The two-minute path from a fresh home, in Voila at 1400 and 390 px wide: the start page's
big button, the no recorded (the first save on the sample starts the person's own profile),
a check-in tied to it, and the one next step. Clicks and seconds are counted and printed;
screenshots of each width go to artifacts/screenshots; axe-core checks the page."""

from __future__ import annotations

import time

import pytest

from tests.browser import harness
from tests.browser.conftest import _App, page_errors
from tests.browser.harness import axe_check, format_violations, page_width, scroll_to, shot

START = "00_start_here.ipynb"
BIG_BUTTON = "I just got a rejection: record it and check in (about two minutes)"
MAX_CLICKS = 15


@pytest.fixture(scope="module")
def voila(workbook_env):
    """Voila over a home where only the sample exists and no profile is forced: the profile
    rule a first-time person meets (the sample opens; the first save starts their own)."""
    workbook_env.set_profile(None)
    server = harness.start_voila(workbook_env.notebooks, workbook_env.environ())
    try:
        yield _App(server, harness.voila_open)
    finally:
        server.stop()


def _own_profiles() -> list[str]:
    from workbook import store as st

    return [n for n in st.list_profiles() if n != st.DEMO_PROFILE]


def _forget_own_profiles() -> None:
    from workbook import store as st

    for name in _own_profiles():
        st.delete_profile(name)


class Clicks:
    """Counts what a person does with the mouse or a tap (typing is not a click)."""

    def __init__(self) -> None:
        self.n = 0

    def click(self, locator, times: int = 1) -> None:
        scroll_to(locator)
        locator.click()
        self.n += times


def _walk(page, voila, width: int) -> tuple[int, float]:
    """The path; returns (clicks, seconds from opening the start page to the next step)."""
    page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
    clicks = Clicks()
    t0 = time.monotonic()
    voila.open(page, START)
    clicks.click(page.get_by_role("link", name=BIG_BUTTON))
    page.wait_for_url("**/01_record_the_no.ipynb", wait_until="commit")
    company = page.get_by_role("combobox", name="Company")
    company.wait_for(state="visible", timeout=90_000)
    clicks.click(company)
    company.fill("Northwind")
    company.press("Tab")
    stage = page.get_by_label("How far it got")
    scroll_to(stage)
    stage.select_option(label="After an interview round")
    clicks.n += 2  # open the list, pick the stage
    clicks.click(page.get_by_role("button", name="4", exact=True))
    shot(page, f"record_the_no_form_{width}")
    clicks.click(page.get_by_role("button", name="Save this no"))
    agree = page.get_by_role("button", name="I agree: start my profile and save")
    agree.wait_for(state="visible")
    shot(page, f"record_the_no_own_profile_step_{width}", full_page=False)
    clicks.click(agree)
    page.get_by_text("Saved: the no from Northwind").first.wait_for()
    grid = page.locator(".wb-grid").first
    grid.wait_for(state="visible")
    scroll_to(grid)
    box = grid.bounding_box()
    grid.click(position={"x": box["width"] * 0.2, "y": box["height"] * 0.75})
    clicks.n += 1
    word = page.get_by_role("checkbox", name="disappointed")
    word.wait_for(state="visible")
    clicks.click(word)
    clicks.click(page.get_by_role("button", name="Save check-in"))
    page.get_by_text("Saved your check-in, tied to this no.").first.wait_for()
    page.get_by_text("3. One next step").first.wait_for()
    seconds = time.monotonic() - t0
    shot(page, f"record_the_no_next_step_{width}")
    return clicks.n, seconds


@pytest.mark.parametrize("width", [1400, 390])
def test_voila_a_fresh_person_records_the_no_checks_in_and_gets_one_next_step(
        chromium_page, voila, workbook_env, width):
    from workbook.records import CheckIn, Rejection
    from workbook.store import Store, profile_path

    _forget_own_profiles()
    page = chromium_page
    n, seconds = _walk(page, voila, width)
    print(f"\nVoila at {width} px: {n} clicks and {seconds:.1f} s from the start page to a "
          "saved no, a saved check-in and the next step (page loads included)")
    assert n <= MAX_CLICKS
    (own,) = _own_profiles()
    with Store(profile_path(own)) as s:
        (rej,) = s.all(Rejection)
        (ci,) = s.all(CheckIn)
        assert rej.checkin_id == ci.id and rej.stage == "interview" and rej.wanted == 4
        assert ci.word_texts == ["disappointed"]
    found = axe_check(page)
    assert not found, format_violations(found)
    if width < 500:
        assert page_width(page) <= width + 10, "the page scrolls sideways on a phone"
    assert not page_errors(page), page_errors(page)


@pytest.fixture(scope="module")
def lab(workbook_env):
    workbook_env.set_profile(None)
    server = harness.start_lab(workbook_env.notebooks, workbook_env.environ())
    try:
        yield _App(server, harness.lab_open)
    finally:
        harness.lab_shutdown_kernels(server)
        server.stop()


def test_jupyterlab_records_the_no_and_the_check_in(chromium_page, lab, workbook_env):
    from workbook.records import CheckIn, Rejection
    from workbook.store import Store, profile_path

    _forget_own_profiles()
    page = chromium_page
    seconds = lab.open(page, "01_record_the_no.ipynb")
    print(f"\nJupyterLab: the page's widgets visible after {seconds:.1f} s")
    scope = harness.output_scope(page, lab=True)
    company = scope.get_by_role("combobox", name="Company")
    company.fill("Lab Co")
    company.press("Tab")
    scope.get_by_role("button", name="Save this no").click()
    scope.get_by_role("button", name="I agree: start my profile and save").click()
    scope.get_by_text("Saved: the no from Lab Co").first.wait_for()
    scope.get_by_role("button", name="Skip the check-in").click()
    scope.get_by_text("3. One next step").first.wait_for()
    shot(page, "record_the_no_lab_1400")
    (own,) = _own_profiles()
    with Store(profile_path(own)) as s:
        assert [r.stage for r in s.all(Rejection)] == ["application"]
        assert s.all(CheckIn) == []
    assert not page_errors(page), page_errors(page)
