"""The check-in in a real browser: a full check-in with a thought record in Voila and in
JupyterLab, screenshots of the grid, the trap suggestions and the timeline, axe-core."""

from __future__ import annotations

import time

from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import page_errors
from tests.browser.harness import axe_check, format_violations, page_width, scroll_to, shot

NOTEBOOK = "01_check_in.ipynb"
THOUGHT = "I always mess up the final round, I'm such a loser."


def _counts():
    """(check-ins, thought records, thought records) in the person's own profiles, and the
    sample's (check-ins, thought records): the sample must never change."""
    from workbook import profiles
    from workbook.records import CheckIn, ThoughtRecord
    from workbook.store import Store, profile_path

    own_ci, own_tr = 0, []
    for name in profiles.own_profiles():
        with Store(profile_path(name)) as s:
            own_ci += len(s.all(CheckIn))
            own_tr += s.all(ThoughtRecord)
    with Store(profile_path("demo")) as demo:
        sample = (len(demo.all(CheckIn)), len(demo.all(ThoughtRecord)))
    return own_ci, len(own_tr), own_tr, sample


def _full_check_in(page, scope, name: str, *, keyboard: bool) -> float:
    """Do a whole check-in with a thought record; returns the seconds it took."""
    t0 = time.monotonic()
    grid = scope.locator(".wb-grid").first
    grid.wait_for(state="visible")
    scroll_to(grid)
    if keyboard:
        pleasant = scope.get_by_role("slider", name="Pleasantness", exact=True)
        pleasant.focus()
        for _ in range(12):
            page.keyboard.press("ArrowLeft")   # -60: unpleasant
        energy = scope.get_by_role("slider", name="Energy", exact=True)
        energy.focus()
        for _ in range(8):
            page.keyboard.press("ArrowLeft")   # -40: low energy
    else:
        box = grid.bounding_box()
        grid.click(position={"x": box["width"] * 0.2, "y": box["height"] * 0.75})
    scope.get_by_text("You picked: Unpleasant, low energy").first.wait_for()
    scope.get_by_role("checkbox", name="disappointed").check()
    scope.get_by_role("checkbox", name="drained").check()
    shot(page, f"check_in_grid_{name}", full_page=False)
    intensity = scope.get_by_role("slider", name="How strong is the feeling?")
    intensity.focus()
    for _ in range(3):
        page.keyboard.press("PageUp")
    scope.get_by_role("checkbox", name="slept well").check()
    scope.get_by_role("textbox", name="Note", exact=True).fill("<script>alert('x')</script> long day")
    scope.get_by_role("button", name="Save check-in").click()
    # on the sample data the first save starts the person's own profile, consent included
    scope.get_by_role("button", name="I agree: start my profile and save").click()
    scope.get_by_text("Saved your check-in").first.wait_for()
    after_save = scope.locator(".wb-after").first
    after_save.wait_for(state="visible")
    after_save.screenshot(path=str(_shot_path(f"check_in_after_save_{name}")))
    scope.get_by_role("button", name="Look at the thought behind it (optional)").click()
    thought = scope.get_by_role("textbox", name="The thought", exact=True)
    thought.fill(THOUGHT)
    scope.get_by_text("Possibly").first.wait_for()
    card = scope.locator(".wb-traps").first
    scroll_to(card)
    scope.get_by_role("button", name="Yes, that fits").last.click()
    shot(page, f"check_in_traps_{name}", full_page=False)
    scope.get_by_role("textbox", name="A more balanced thought").fill(
        "I keep reaching final rounds; the last step is something I can practise.")
    after = scope.get_by_role("slider", name="Now, how much do you believe the first thought?")
    after.focus()
    for _ in range(4):
        page.keyboard.press("PageDown")
    scope.get_by_role("button", name="Save thought record").click()
    scope.get_by_text("Thought record saved.").first.wait_for()
    return time.monotonic() - t0


def _screenshot_chart(page, name: str, tries: int = 5) -> None:
    """Screenshot the first chart; saving redraws the charts, so a chart found just before
    may be replaced mid-scroll - then look it up again."""
    for attempt in range(tries):
        plot = page.locator(".js-plotly-plot").first
        try:
            scroll_to(plot)
            page.wait_for_timeout(800)
            plot.screenshot(path=str(_shot_path(name)))
            return
        except PlaywrightError:
            if attempt == tries - 1:
                raise
            page.wait_for_timeout(1000)


def test_full_check_in_with_a_thought_record_in_voila(chromium_page, voila):
    page = chromium_page
    before, before_tr, _, sample = _counts()
    voila.open(page, NOTEBOOK)
    page.locator(".js-plotly-plot").first.wait_for(state="visible")
    # the sample's history first: it is what the page shows before anything is saved
    _screenshot_chart(page, "check_in_timeline_voila")
    recovery = page.get_by_role("heading", name="Recovery after rejections")
    scroll_to(recovery)
    shot(page, "check_in_recovery_voila", full_page=False)
    assert page.get_by_text("back to your usual in").first.is_visible()
    scroll_to(page.get_by_role("heading", name="What goes with better days"))
    shot(page, "check_in_tags_traps_voila", full_page=False)
    found = axe_check(page)
    assert not found, format_violations(found)
    seconds = _full_check_in(page, page, "voila", keyboard=False)
    after, after_tr, records, sample_after = _counts()
    assert (after, after_tr) == (before + 1, before_tr + 1)
    assert sample_after == sample, "nothing was written into the sample data"
    assert records[-1].automatic_thought == THOUGHT and "labeling" in records[-1].traps_confirmed
    assert records[-1].belief_after is not None
    # typed HTML is shown as text, never run
    assert not page.locator("script:text('alert')").count()
    assert not page_errors(page)
    print(f"full check-in with a thought record in Voila: {seconds:.1f} s of interaction")
    assert seconds < 120


def test_check_in_fits_a_phone_width_in_voila(chromium_page, voila):
    page = chromium_page
    page.set_viewport_size({"width": 390, "height": 844})
    voila.open(page, NOTEBOOK)
    grid = page.locator(".wb-grid").first
    grid.wait_for(state="visible")
    scroll_to(grid)
    page.wait_for_timeout(500)
    shot(page, "check_in_voila_390", full_page=False)
    width = page_width(page)
    assert width <= 420, f"the page scrolls sideways on a phone ({width} px wide)"


def test_full_check_in_with_keyboard_sliders_in_jupyterlab(chromium_page, lab):
    page = chromium_page
    before, before_tr, _, sample = _counts()
    lab.open(page, NOTEBOOK)
    scope = page.locator(".jp-OutputArea-output").first
    seconds = _full_check_in(page, scope, "lab", keyboard=True)
    after, after_tr, _, sample_after = _counts()
    assert (after, after_tr) == (before + 1, before_tr + 1)
    assert sample_after == sample, "nothing was written into the sample data"
    print(f"full check-in with a thought record in JupyterLab: {seconds:.1f} s of interaction")
    assert seconds < 120


def _shot_path(name: str):
    from tests.browser.harness import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"
