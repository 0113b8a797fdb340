"""The start page in a real browser, as a Voila app and in JupyterLab.

A person opens the start page, sees the check-in first, makes a profile of their own (the
privacy note comes first), downloads everything as one file, restores it by uploading it,
and follows the link to the check-in. Screenshots at 1400 px and at 390 px wide.
"""

from __future__ import annotations

import os
import re
import zipfile

from tests.browser.conftest import page_errors
from tests.browser.harness import axe_check, format_violations, page_width, shot

START = "00_start_here.ipynb"
CHECK_IN_LINK = "I just got a rejection: record it and check in (about two minutes)"


def _create_profile(page, name: str, screenshot: str = "") -> None:
    # on the sample data: the privacy note, the agreement and the name in one step
    page.get_by_label("Name for your profile (optional)").fill(name)
    page.get_by_label("Name for your profile (optional)").press("Tab")
    agree = page.get_by_role("button", name="I agree: start my own profile")
    agree.wait_for()
    if screenshot:
        shot(page, screenshot)
    agree.click()
    page.get_by_text(f"Profile: {name}", exact=True).wait_for()


def _download_bundle(page, tmp_path):
    page.get_by_role("button", name="Download everything (one .zip file)").click()
    link = page.locator("a.wb-download").first
    link.wait_for()
    with page.expect_download() as info:
        link.click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target


def _restore(page, bundle_path, name: str) -> None:
    # ipywidgets' FileUpload keeps its <input type=file> out of the page: use the chooser
    with page.expect_file_chooser() as chooser:
        page.locator(".widget-upload").first.click()
    chooser.value.set_files(str(bundle_path))
    page.locator(".widget-upload").filter(has_text="(1)").first.wait_for()
    page.get_by_label("Restore as profile named").fill(name)
    page.get_by_role("button", name="Restore from backup").click()
    page.get_by_text(re.compile(f"Restored into the new profile '{re.escape(name)}'")).wait_for()


def test_voila_start_page_profile_download_restore_and_phone_width(chromium_page, voila,
                                                                   tmp_path):
    from workbook import store as st

    page = chromium_page
    seconds = voila.open(page, START)
    print(f"\nVoila: start page widgets visible after {seconds:.1f} s")
    first = page.get_by_role("link", name=CHECK_IN_LINK)
    assert first.is_visible()
    assert first.get_attribute("href") == "01_record_the_no.ipynb"
    shot(page, "start_voila_1400")
    found = axe_check(page)
    assert not found, format_violations(found)

    bundle = _download_bundle(page, tmp_path)
    assert bundle.name.startswith("workbook-demo-") and bundle.suffix == ".zip"
    with zipfile.ZipFile(bundle) as zf:
        assert "manifest.json" in zf.namelist()
    _restore(page, bundle, "demo copy")
    with st.Store.open("demo") as a, st.Store.open("demo copy") as b:
        assert b.counts() == a.counts() and sum(a.counts().values()) > 50
    shot(page, "start_voila_after_restore_1400")

    _create_profile(page, "Client A", screenshot="start_voila_consent")
    assert "Client A" in st.list_profiles()
    page.get_by_text("You are using the profile Client A.").wait_for()

    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(300)
    shot(page, "start_voila_390")
    # nothing wider than the phone's screen: no sideways scrolling needed
    width = page_width(page)
    assert width <= 400, f"the page is {width} px wide at a 390 px screen"
    found = axe_check(page)
    assert not found, format_violations(found)
    assert not page_errors(page), page_errors(page)


def test_voila_big_button_opens_the_record_the_no_app(chromium_page, voila, workbook_env):
    page = chromium_page
    voila.open(page, START)
    page.get_by_role("link", name=CHECK_IN_LINK).click()
    page.wait_for_url(re.compile(r"/voila/render/01_record_the_no\.ipynb$"),
                      wait_until="commit")
    page.locator(".jupyter-widgets").first.wait_for(state="visible", timeout=90_000)
    shot(page, "start_voila_link_to_check_in")


def test_jupyterlab_start_page_renders_and_downloads(chromium_page, lab, tmp_path):
    page = chromium_page
    seconds = lab.open(page, START)
    print(f"\nJupyterLab: start page widgets visible after {seconds:.1f} s "
          "(kernel start and run-all included)")
    output = page.locator(".jp-OutputArea-output")
    first = output.get_by_role("link", name=CHECK_IN_LINK)
    assert first.is_visible()
    shot(page, "start_lab_1400")
    bundle = _download_bundle(page, tmp_path)
    with zipfile.ZipFile(bundle) as zf:
        assert "manifest.json" in zf.namelist()
    _restore(page, bundle, "lab restored")
    # a phone-sized window: JupyterLab's side panels folded away, as a person would
    page.evaluate("() => { window.jupyterapp.shell.collapseLeft(); "
                  "window.jupyterapp.shell.collapseRight(); }")
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(300)
    shot(page, "start_lab_390")
    page.set_viewport_size({"width": 1400, "height": 900})
    assert not page_errors(page), page_errors(page)


def test_jupyterlab_big_button_opens_the_record_the_no_notebook(chromium_page, lab):
    page = chromium_page
    lab.open(page, START)
    page.locator(".jp-OutputArea-output").get_by_role("link", name=CHECK_IN_LINK).click()
    page.wait_for_url(re.compile(r"/lab/tree/01_record_the_no\.ipynb"))
    page.get_by_text(re.compile(r"\(ipykernel\)\s*\|\s*Idle")).first.wait_for()
    shot(page, "start_lab_link_to_check_in")


def _upload_20_mb(page, tmp_path) -> None:
    big = tmp_path / "twenty-megabytes.zip"
    big.write_bytes(os.urandom(20 * 1024 * 1024))
    with page.expect_file_chooser() as chooser:
        page.locator(".widget-upload").first.click()
    chooser.value.set_files(str(big))
    page.locator(".widget-upload").filter(has_text="(1)").first.wait_for(timeout=120_000)
    page.get_by_role("button", name="Restore from backup").click()
    # the kernel got all 20 MB and answers in one sentence: it is not a workbook backup
    page.locator(".wb-error").filter(has_text="zip").first.wait_for(timeout=120_000)


def test_voila_accepts_a_20_mb_upload(chromium_page, voila, tmp_path):
    page = chromium_page
    voila.open(page, START)
    _upload_20_mb(page, tmp_path)


def test_jupyterlab_accepts_a_20_mb_upload(chromium_page, lab, tmp_path):
    page = chromium_page
    lab.open(page, START)
    _upload_20_mb(page, tmp_path)


DRAFT_PROBE = """import os
os.environ["WORKBOOK_PROFILE"] = "probe"  # an own profile: the sample keeps no drafts
from workbook.ui.common import page
import ipywidgets as w

def build(ctx):
    note = w.Textarea(description="Probe note")
    ctx.keep_draft("probe.note", note)
    return note

page("Draft probe", build)"""


def test_typing_in_voila_is_kept_as_a_draft_within_seconds(chromium_page, voila, workbook_env):
    """The shared draft keeper, in a real kernel: what is typed reaches the store a moment
    after the typing stops, and a reopened page shows it again."""
    import time

    import nbformat

    from workbook import store as st

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(DRAFT_PROBE)]
    nbformat.write(nb, workbook_env.notebooks / "99_draft_probe.ipynb")
    with st.create_profile("probe") as probe:
        probe.agree()
    page = chromium_page
    voila.open(page, "99_draft_probe.ipynb")
    page.get_by_label("Probe note").press_sequentially("Still stings, but I slept.", delay=20)
    deadline = time.monotonic() + 10
    kept = ""
    while time.monotonic() < deadline:
        with st.Store.open("probe") as s:
            kept = s.draft("probe.note")
        if kept == "Still stings, but I slept.":
            break
        time.sleep(0.25)
    assert kept == "Still stings, but I slept."
    voila.open(page, "99_draft_probe.ipynb")
    assert page.get_by_label("Probe note").input_value() == "Still stings, but I slept."
