"""The import wizard in a real browser (Voila, search-analytics page): upload a file, see
the report, confirm; screenshots at 1400 px and 390 px; axe-core finds nothing serious."""

from __future__ import annotations

import pytest

from tests.browser.conftest import OWN_SAMPLE, own_sample_env, page_errors
from tests.browser.harness import SCREENSHOTS, axe_check, format_violations, scroll_to

NOTEBOOK = "04_search_analytics.ipynb"
CSV = ("Company,Role,Date applied,Status,Notes\n"
       "Browser Test Co,Analyst,03/14/2024,Rejected,<img src=x onerror=alert(1)>\n"
       "Second Browser Co,Dev,03/20/2024,Wer weiss,\n"
       "Third Browser Co,Ops,04/02/2024,Interview,\n").encode()


@pytest.fixture(scope="module")
def workbook_env():
    """The open profile is the person's own, with the sample's records: this page writes."""
    yield from own_sample_env()


def _stored_companies() -> set[str]:
    from workbook.applications import frame
    from workbook.store import Store, profile_path

    with Store(profile_path(OWN_SAMPLE)) as s:
        return set(frame(s)["company"])


def test_import_wizard_in_voila_upload_review_confirm(chromium_page, voila, tmp_path):
    page = chromium_page
    voila.open(page, NOTEBOOK)
    path = tmp_path / "my_applications.csv"
    path.write_bytes(CSV)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # ipywidgets' FileUpload keeps its <input type=file> out of the page: use the chooser
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Choose file(s)").click()
    chooser.value.set_files(str(path))
    page.get_by_role("button", name="Choose file(s) (1)").wait_for()
    page.get_by_role("button", name="Read the file(s)").click()
    page.get_by_text("understood 3 applications").first.wait_for(timeout=60_000)
    assert "Browser Test Co" not in _stored_companies()   # nothing stored before Confirm
    page.get_by_text("Wer weiss").first.wait_for()
    review = page.locator(".wb-importer")
    scroll_to(review)
    page.set_viewport_size({"width": 1400, "height": 2200})
    page.wait_for_timeout(300)
    review.screenshot(path=str(SCREENSHOTS / "import_review_1400.png"))
    found = axe_check(page, context=".wb-importer")
    assert not found, format_violations(found)
    page.set_viewport_size({"width": 390, "height": 3200})
    page.wait_for_timeout(500)
    review.screenshot(path=str(SCREENSHOTS / "import_review_390.png"))
    page.set_viewport_size({"width": 1400, "height": 900})
    # the notes' HTML stays text: no image element was created from it
    assert page.locator(".wb-importer img").count() == 0
    # the unknown value is settled with one click, and the report follows
    doubts = page.locator(".wb-doubts")
    doubts.get_by_text("Please check these").wait_for()
    doubts.get_by_role("button", name="rejected", exact=True).first.click()
    page.wait_for_function("() => !document.querySelector('.wb-doubts')"
                           ".innerText.includes('Wer weiss')", timeout=60_000)
    page.get_by_text("rejected 2").first.wait_for(timeout=30_000)
    page.get_by_role("button", name="Confirm and save").click()
    page.get_by_text("3 new").first.wait_for(timeout=60_000)
    assert {"Browser Test Co", "Second Browser Co", "Third Browser Co"} <= _stored_companies()
    assert not page_errors(page), page_errors(page)


def test_editor_in_voila_sets_an_outcome_by_hand(chromium_page, voila):
    page = chromium_page
    voila.open(page, NOTEBOOK)
    opener = page.get_by_role("button", name="Add or correct an application")
    if opener.count():
        opener.first.click()
    editor = page.locator(".wb-editor")
    editor.wait_for(timeout=30_000)
    find = editor.get_by_role("textbox", name="Find")
    find.fill("Browser Test Co")
    find.press("Enter")
    choice = editor.get_by_role("combobox", name="Application")
    page.wait_for_timeout(1000)
    texts = [t.replace("\xa0", " ") for t in choice.locator("option").all_inner_texts()]
    options = [i for i, t in enumerate(texts) if "Browser Test Co" in t]
    assert options, ("the imported application should be listed in the editor: "
                     f"{choice.locator('option').all_inner_texts()[:5]} "
                     f"{page.locator('.wb-message').all_inner_texts()}")
    choice.select_option(index=options[0])
    editor.get_by_role("textbox", name="Company").wait_for()
    page.wait_for_function("() => [...document.querySelectorAll('.wb-editor input')]"
                           ".some(e => e.value === 'Browser Test Co')")
    editor.get_by_role("combobox", name="Furthest stage reached").select_option(
        label="interview")
    page.get_by_role("button", name="Save application").click()
    page.get_by_text("Saved the application at Browser Test Co").first.wait_for()
    page.set_viewport_size({"width": 1400, "height": 1600})
    scroll_to(editor)
    editor.screenshot(path=str(SCREENSHOTS / "import_editor_1400.png"))
    found = axe_check(page, context=".wb-editor")
    assert not found, format_violations(found)
    from workbook.applications import frame
    from workbook.store import Store, profile_path

    with Store(profile_path(OWN_SAMPLE)) as s:
        df = frame(s)
    row = df.loc[df["company"] == "Browser Test Co"].iloc[0]
    assert (row["stage"], row["outcome"]) == ("interview", "rejected")
