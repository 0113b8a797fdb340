"""The interview reflection in a real browser: a full debrief with three questions and a
feedback-request draft, in Voila and in JupyterLab; screenshots at 1400 and 390 px."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.browser.conftest import WorkbookEnv, page_errors
from tests.browser.harness import (
    axe_check, fill, format_violations, output_scope, page_width, shot, wait_message,
)

NB = "02_interview_reflection.ipynb"
PROFILE = "mine"


@pytest.fixture(scope="module")
def workbook_env():
    """The sample data, and the person's own profile with one application in its history:
    what is saved here goes there (the sample never takes a write)."""
    import os

    from workbook.records import Application

    root = Path(tempfile.mkdtemp(prefix="wb-reflection-"))
    env = WorkbookEnv(root)
    env.create_demo()
    old = os.environ.get("WORKBOOK_HOME")
    os.environ["WORKBOOK_HOME"] = str(env.home)
    try:
        from workbook.store import create_profile

        with create_profile(PROFILE) as mine:
            mine.agree()
            mine.save(Application(company="Northwind Analytics", role="Data analyst",
                                  stage="applied", outcome="rejected"))
    finally:
        if old is None:
            os.environ.pop("WORKBOOK_HOME", None)
        else:
            os.environ["WORKBOOK_HOME"] = old
    env.set_profile(PROFILE)
    try:
        yield env
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _select(scope, label: str, option: str) -> None:
    scope.get_by_label(label, exact=True).select_option(label=option)


def _full_debrief(page, lab: bool, tag: str) -> None:
    scope = output_scope(page, lab)
    scope.get_by_text("Which interview are you reflecting on?").first.wait_for()
    # a new interview round for an application from the history
    _select(scope, "Which interview are you reflecting on?", "New interview...")
    scope.get_by_role("button", name="Save interview").wait_for()
    _select(scope, "Format", "Panel")
    scope.get_by_label("Interviewers' roles", exact=True).fill(f"Head of data ({tag})")
    scope.get_by_label("Interviewers' roles", exact=True).press("Tab")
    _select(scope, "How confident did you feel right after? (1-10)", "6")
    scope.get_by_role("button", name="Save interview").click()
    wait_message(scope, "Interview saved")

    # the six debrief steps
    for title in ("what happened", "how I felt", "what went well",
                  "what I would do differently", "why", "action plan"):
        fill(scope, f"Your notes: {title}", f"{title} ({tag}) <script>x</script>")
    scope.get_by_role("button", name="Save the debrief").click()
    wait_message(scope, "Debrief saved")
    shot(page, f"reflection_{tag}_debrief")

    # three questions: two from the bank, one of my own with STAR parts
    scope.get_by_role("tab", name="2 Questions").click()
    bank = "Pick from the question bank (optional)"
    _select(scope, bank, "Behavioural: Tell me about a time you disagreed with a colleague "
                         "and how you handled it.")
    _select(scope, "How did your answer feel? (self-rating 1-5)", "3 - fine")
    scope.get_by_role("button", name="Save question").click()
    wait_message(scope, "Question saved")
    _select(scope, bank, "Salary: What are your salary expectations?")
    _select(scope, "How did your answer feel? (self-rating 1-5)", "1 - I struggled")
    fill(scope, "What would you say next time?", "Give a researched range.")
    scope.get_by_role("button", name="Save question").click()
    scope.get_by_text("2 questions logged").first.wait_for()
    fill(scope, "The question", f"How would you clean a messy dataset? ({tag})")
    _select(scope, "Category", "Technical")
    scope.get_by_role("radio", name="STAR parts").or_(
        scope.get_by_role("button", name="STAR parts")).first.click()
    fill(scope, "Action: what did you do, in your own words?", "Profiled it first.")
    _select(scope, "How did your answer feel? (self-rating 1-5)", "4 - good")
    scope.get_by_role("button", name="Save question").click()
    scope.get_by_text("3 questions logged").first.wait_for()
    shot(page, f"reflection_{tag}_questions")

    # the feedback-request draft, edited, saved and marked as sent
    scope.get_by_role("tab", name="4 E-mails").click()
    _select(scope, "Which e-mail?", "Feedback request")
    scope.get_by_label("Their name (optional)", exact=True).fill("Ms Park")
    scope.get_by_label("Their name (optional)", exact=True).press("Tab")
    scope.get_by_role("button", name="Fill in the draft").click()
    body = scope.get_by_label("Text of the e-mail (edit freely)", exact=True)
    page.wait_for_function(
        "(el) => el.value.startsWith('Dear Ms Park,')", arg=body.element_handle())
    assert "{" not in body.input_value()
    body.press("End")
    body.fill(body.input_value() + "\nP.S. edited in the browser")
    body.press("Tab")
    scope.get_by_role("button", name="Save draft").click()
    wait_message(scope, "Draft saved")
    copy = scope.get_by_role("button", name="Copy the text")
    copy.click()
    scope.locator(".wb-copy-status").get_by_text(
        re.compile("Copied|press Ctrl")).first.wait_for()
    scope.get_by_role("button", name="Mark as sent").click()
    wait_message(scope, "Marked as sent")
    shot(page, f"reflection_{tag}_draft")


def _check_store(tag: str) -> None:
    from workbook import reflection as rf
    from workbook.records import Draft, Interview
    from workbook.store import Store

    with Store.open(PROFILE) as store:
        ivs = [i for i in store.all(Interview) if tag in i.interviewers]
        assert len(ivs) == 1, "the round saved in the browser is in the store"
        iv = ivs[0]
        assert iv.confidence == 6 and iv.format == "panel"
        assert iv.why == f"why ({tag}) <script>x</script>"
        qs = rf.questions_of(store, iv.id)
        assert [q.rating for q in qs] == [3, 1, 4]
        assert qs[2].star_action == "Profiled it first."
        drafts = [d for d in store.all(Draft) if d.interview_id == iv.id]
        assert len(drafts) == 1 and drafts[0].template == "feedback_request"
        assert drafts[0].body.endswith("edited in the browser") and drafts[0].sent_on


def test_full_debrief_in_voila(chromium_page, voila):
    page = chromium_page
    seconds = voila.open(page, NB)
    _full_debrief(page, lab=False, tag="voila")
    _check_store("voila")
    scope = output_scope(page, False)
    # the self-check, and feedback sent to the skill plan
    scope.get_by_role("tab", name="3 Self-check").click()
    _select(scope, "Preparation: I knew the role, the format and who I would meet.",
            "4 - mostly")
    scope.get_by_role("button", name="Save the self-check").click()
    wait_message(scope, "Self-check saved")
    scope.get_by_role("tab", name="5 Feedback").click()
    fill(scope, "What did they say?", "Clear SQL; examples lacked results.")
    scope.get_by_label("Competencies it touches (Ctrl or Cmd + click for several)").select_option(
        label="Communication")
    scope.get_by_role("button", name="Suggest skills from the text").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('input')].some(i => /SQL/.test(i.value))")
    scope.get_by_role("button", name="Save feedback").click()
    wait_message(scope, "Feedback saved")
    scope.get_by_role("button", name="Send to skill plan").first.click()
    wait_message(scope, "is in your skill plan")
    shot(page, "reflection_voila_feedback")
    scope.get_by_role("tab", name="6 Patterns").click()
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    # charts with nothing to draw yet are left out; their sentence says so
    assert page.locator(".js-plotly-plot").count() >= 3
    assert scope.locator(".wb-caption").count() == 5
    shot(page, "reflection_voila_patterns")
    found = axe_check(page)
    assert not found, format_violations(found)
    # what the person typed shows as text, never as markup
    assert page.locator("script", has_text="x</script>").count() == 0
    assert not page_errors(page), page_errors(page)
    print(f"voila: widgets after {seconds:.1f} s")


def test_phone_width_in_voila(chromium_page, voila):
    page = chromium_page
    page.set_viewport_size({"width": 390, "height": 844})
    voila.open(page, NB)
    page.get_by_text("Which interview are you reflecting on?").first.wait_for()
    page.get_by_role("tab", name="4 E-mails").click()
    page.get_by_role("button", name="Fill in the draft").click()
    page.get_by_label("Text of the e-mail (edit freely)", exact=True).wait_for()
    width = page_width(page)
    # a browser that refuses clipboard access: the text is selected for Ctrl+C instead
    page.evaluate("""() => {
        navigator.clipboard.writeText = () => Promise.reject(new Error('denied'));
        document.execCommand = () => false;
    }""")
    page.get_by_role("button", name="Copy the text").click()
    page.get_by_text(re.compile("press Ctrl\\+C")).first.wait_for()
    fallback = page.get_by_label("Text to copy (Copy the text)")
    assert fallback.is_visible()
    body = page.get_by_label("Text of the e-mail (edit freely)", exact=True).input_value()
    assert fallback.input_value() == body
    selected = page.evaluate("() => { const el = document.activeElement; "
                             "return el.value.substring(el.selectionStart, el.selectionEnd); }")
    assert selected == body
    shot(page, "reflection_voila_390")
    assert width <= 420, f"the page scrolls sideways at 390 px ({width} px wide)"


def test_full_debrief_in_jupyterlab(chromium_page, lab):
    page = chromium_page
    seconds = lab.open(page, NB)
    _full_debrief(page, lab=True, tag="lab")
    _check_store("lab")
    print(f"jupyterlab: widgets after {seconds:.1f} s")
