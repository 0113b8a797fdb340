"""The start page in a real browser (JupyterLab and Voila)."""

from __future__ import annotations

from tests.browser.conftest import page_errors
from tests.browser.harness import axe_check, format_violations, shot


def test_start_page_shows_its_widgets_in_voila(chromium_page, voila):
    page = chromium_page
    seconds = voila.open(page, "00_start_here.ipynb")
    shot(page, "start_voila_1400")
    assert page.get_by_text("check in now").first.is_visible()
    found = axe_check(page)
    assert not found, format_violations(found)
    assert not page_errors(page)
    print(f"voila start page visible after {seconds:.1f} s")


def test_start_page_shows_its_widgets_in_jupyterlab(chromium_page, lab):
    page = chromium_page
    seconds = lab.open(page, "00_start_here.ipynb")
    shot(page, "start_lab_1400")
    assert page.locator(".jp-OutputArea-output").get_by_text("check in now").first.is_visible()
    print(f"jupyterlab start page visible after {seconds:.1f} s")
