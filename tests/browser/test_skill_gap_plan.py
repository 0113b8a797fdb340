"""The skill-gap plan in a real browser, in Voila and in JupyterLab: three pasted job
descriptions and two feedback notes become a confirmed skill list, ranked gaps and a dated
plan with a timeline and an .ics download that parses back. Screenshots at 1400 and 390 px."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.layout_faults import settle
from tests.browser.conftest import OWN_SAMPLE, own_sample_env, page_errors
from tests.browser.harness import (
    axe_check, fill, format_violations, output_scope, page_width, scroll_to, shot, wait_message,
)

NB = "03_skill_gap_plan.ipynb"
POSTINGS = Path(__file__).parents[1] / "data" / "postings"
FEEDBACK = [
    "Thank you for coming in. Your SQL was solid, but you found it hard to explain your "
    "reasoning to non-technical stakeholders, and a few answers lacked concrete examples.",
    "We chose someone with more hands-on Tableau and A/B testing experience. Your "
    "presentation skills stood out <b>positively</b>.",
]


@pytest.fixture(scope="module")
def workbook_env():
    """The open profile is the person's own, with the sample's records: this page writes."""
    yield from own_sample_env()


def _open_tab(scope, name: str) -> None:
    """Click a tab and wait until it is the selected one (a click during a redraw is lost)."""
    tab = scope.get_by_role("tab", name=name)
    for _ in range(3):
        tab.click()
        try:
            expect(tab).to_have_attribute("aria-selected", "true", timeout=5_000)
            return
        except AssertionError:
            continue
    expect(tab).to_have_attribute("aria-selected", "true")


def _snap(page, scope, lab: bool, name: str) -> None:
    """Voila: the whole page. JupyterLab keeps its notebook scrolled and leaves cells out of
    view unpainted, so there the shot is the window with the tabs at its top."""
    if lab:
        tab = scope.get_by_role("tab", name="1 Gather")
        scroll_to(tab)
        tab.evaluate("el => el.scrollIntoView({block: 'start'})")
        settle(page)
    shot(page, name, full_page=not lab)


def _whole_flow(page, lab: bool, tag: str) -> bytes:
    scope = output_scope(page, lab)
    scope.get_by_label("Job description text", exact=True).wait_for()
    text = "\n---\n".join((POSTINGS / n).read_text("utf-8") for n in (
        "01_data_analyst.txt", "13_data_scientist.txt", "17_product_manager.txt"))
    fill(scope, "Job description text", text)
    scope.get_by_role("button", name="Add job description(s)").click()
    wait_message(scope, "Saved 3 job descriptions")
    for note in FEEDBACK:
        fill(scope, "Feedback you received", note + f" ({tag})")
        scope.get_by_role("button", name="Add feedback note").click()
        wait_message(scope, "Saved the feedback note")
        scope.get_by_role("button", name="Add feedback note").wait_for()
    _snap(page, scope, lab, f"skills_{tag}_gather")

    _open_tab(scope, "2 Confirm")
    sql_box = scope.get_by_label(re.compile(r"^Presentation skills: .*named in feedback"))
    # JupyterLab skips painting cells scrolled out of view; a person scrolls to it. The list
    # is redrawn when the feedback lands, so the box may be replaced while scrolling.
    sql_box.wait_for(state="attached")
    scroll_to(sql_box)
    expect(sql_box).to_be_checked()
    scope.get_by_role("button", name="Keep the ticked skills").click()
    wait_message(scope, r"Kept \d+ skills")
    _snap(page, scope, lab, f"skills_{tag}_confirm")

    _open_tab(scope, "3 Rate")
    scope.get_by_label("Skill to rate", exact=True).select_option(
        label="Presentation skills")
    # picking a skill loads its stored levels; a person sees them change before choosing
    scope.get_by_text(re.compile(r"^Presentation skills \(.*named in feedback")).wait_for()
    scope.get_by_label("Where you are now", exact=True).first.select_option(index=1)
    scope.get_by_label("Level the roles you want need", exact=True).select_option(index=3)
    scope.get_by_label("How much it matters for the roles you want", exact=True)\
        .select_option(label="5 - central to the roles I want")
    scope.get_by_role("button", name="Save rating").click()
    wait_message(scope, "Saved your rating of Presentation skills")

    _open_tab(scope, "4 Priorities")
    scope.get_by_text("Your gaps, highest priority first").wait_for()
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    scope.locator("li", has_text="Presentation skills: it is central to the roles you want")\
        .first.wait_for(timeout=20_000)
    _snap(page, scope, lab, f"skills_{tag}_priorities")

    _open_tab(scope, "5 Plan")
    scope.get_by_label("For which skill", exact=True).select_option(
        label="Presentation skills")
    start = scope.get_by_label("Start date", exact=True)
    start.fill("2026-12-01")
    start.press("Tab")
    scope.get_by_label("Start from an idea (optional)", exact=True).select_option(
        index=1)
    page.wait_for_function("(el) => el.value.length > 10", arg=scope.get_by_label(
        "What you will do (specific)", exact=True).element_handle())
    scope.get_by_role("button", name="Save action").click()
    wait_message(scope, "Saved the action")
    scope.get_by_text("Actions by start date").wait_for()
    scope.get_by_role("button", name="Make a calendar file (.ics)").click()
    link = scope.get_by_role("link", name=re.compile(r"Download skill-plan\.ics"))
    link.wait_for()
    with page.expect_download() as info:
        link.click()
    data = Path(info.value.path()).read_bytes()
    _snap(page, scope, lab, f"skills_{tag}_plan")
    return data


def _not_yet_kept(name: str = "Presentation skills") -> None:
    """Start from a person who has not kept this skill yet (an earlier test in the same
    session may have): it is then offered again in 2 Confirm, from the feedback."""
    from workbook.records import Skill
    from workbook.store import Store

    with Store.open(OWN_SAMPLE) as store:
        for s in store.all(Skill):
            if s.name == name:
                store.delete(Skill, s.id)


def _check(data: bytes, tag: str) -> None:
    from icalendar import Calendar

    from workbook import skills
    from workbook.records import Action, Feedback, Posting
    from workbook.store import Store

    events = [c for c in Calendar.from_ical(data).walk() if c.name == "VEVENT"]
    starts = {e["DTSTART"].dt for e in events}
    assert dt.date(2026, 12, 1) in starts
    assert any("Presentation skills" in str(e["SUMMARY"]) for e in events)
    with Store.open(OWN_SAMPLE) as store:
        assert sum(tag in f.text for f in store.all(Feedback)) == 2
        assert len(store.all(Posting)) >= 5  # the demo's two and the three pasted
        ranked = skills.ranked(store)
        row = ranked[ranked["name"] == "Presentation skills"].iloc[0]
        assert (row["current"], row["needed"], row["importance"]) == (1, 3, 5)
        assert any(a.start_on == dt.date(2026, 12, 1) for a in store.all(Action))


def test_skill_plan_in_voila(chromium_page, voila):
    page = chromium_page
    _not_yet_kept()
    seconds = voila.open(page, NB)
    data = _whole_flow(page, lab=False, tag="voila")
    _check(data, "voila")
    scope = output_scope(page, False)
    _open_tab(scope, "6 Progress")
    scope.get_by_role("button", name="Log these hours").click()
    wait_message(scope, "Logged 1 hours")
    page.locator(".js-plotly-plot").last.wait_for()
    shot(page, "skills_voila_progress")
    found = axe_check(page)
    assert not found, format_violations(found)
    assert page.locator("b", has_text="positively").count() == 0  # typed markup stays text
    assert not page_errors(page), page_errors(page)
    print(f"voila: widgets after {seconds:.1f} s")


def test_skill_plan_at_phone_width_in_voila(chromium_page, voila):
    page = chromium_page
    page.set_viewport_size({"width": 390, "height": 844})
    voila.open(page, NB)
    page.get_by_label("Job description text", exact=True).wait_for()
    _open_tab(page.locator("body"), "4 Priorities")
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    settle(page)  # all three charts drawn before the width is measured
    width = page_width(page)
    shot(page, "skills_voila_390")
    assert width <= 420, f"the page scrolls sideways at 390 px ({width} px wide)"


def test_skill_plan_in_jupyterlab(chromium_page, lab):
    page = chromium_page
    _not_yet_kept()
    seconds = lab.open(page, NB)
    data = _whole_flow(page, lab=True, tag="lab")
    _check(data, "lab")
    print(f"jupyterlab: widgets after {seconds:.1f} s")
