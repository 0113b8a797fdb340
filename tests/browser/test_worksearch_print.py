"""The work-search record for the demo persona's last month, printed on A4 and Letter in
English and German (pages saved as PNG in artifacts/screenshots/ to look at), and read on a
phone (390 px) without scrolling sideways."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.harness import SCREENSHOTS, axe_check, format_violations, page_width, shot


@pytest.fixture(params=["en", "de"])
def record_file(request, workbook_home, tmp_path) -> tuple[str, Path]:
    from workbook import worksearch
    from workbook.store import open_profile

    with open_profile("demo") as store:
        start, end = worksearch.default_range(store)
        page = worksearch.html_page(store, start, end, request.param)
    path = tmp_path / f"worksearch-{request.param}.html"
    path.write_text(page, encoding="utf-8")
    return request.param, path


def _open(page, path: Path) -> None:
    page.route("file://**", lambda r: r.continue_())  # the harness blocks all but 127.0.0.1
    page.goto(path.as_uri(), wait_until="load")


def _tools() -> None:
    if not shutil.which("pdftoppm") or not shutil.which("pdftotext"):
        why = "pdftoppm/pdftotext not found: `make browser` installs poppler-utils"
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_record_prints_on_paper(chromium_page, record_file, paper):
    _tools()
    lang, path = record_file
    page = chromium_page
    _open(page, path)
    page.emulate_media(media="print")
    name = f"worksearch_{lang}_{paper}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf = SCREENSHOTS / f"{name}.pdf"
    page.pdf(path=str(pdf), format=paper, print_background=True)
    for old in SCREENSHOTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf), str(SCREENSHOTS / name)],
                   check=True)
    pages = sorted(SCREENSHOTS.glob(f"{name}-*.png"))
    assert 1 <= len(pages) <= 4, f"{len(pages)} pages"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    printed = [p for p in text.split("\f") if p.strip()]
    assert len(printed) == len(pages), "a printed page is blank"
    header = ("Employer", "Contact person", "Result") if lang == "en" else (
        "Arbeitgeber", "Ansprechperson", "Ergebnis")
    for number, content in enumerate(printed, 1):
        # the table's header row repeats on every page that holds rows of it
        if number < len(printed) or "Result" in content or "Ergebnis" in content:
            assert all(h in content for h in header), f"page {number} lacks the header"
    title = "Work-search record" if lang == "en" else "Bewerbungsnachweis"
    assert title in printed[0]
    # every column fits the paper: the last column's words are on the page, not cut off
    assert ("Signature" if lang == "en" else "Unterschrift") in printed[-1]


def test_record_reads_on_screen_and_at_phone_width(chromium_page, record_file):
    lang, path = record_file
    page = chromium_page
    page.set_viewport_size({"width": 1400, "height": 900})
    _open(page, path)
    shot(page, f"worksearch_{lang}_1400")
    found = axe_check(page)
    assert not found, format_violations(found)
    page.set_viewport_size({"width": 390, "height": 900})
    shot(page, f"worksearch_{lang}_390", full_page=False)
    assert page_width(page) <= 400
