"""The session summary in a real browser: it opens from a file with the network blocked, its
charts render, a script typed by the person stays text, and it prints on A4 and Letter.

Screenshots and the printed pages (as PNG, one per page) go to artifacts/screenshots/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import page_errors
from tests.browser.harness import SCREENSHOTS, axe_check, format_violations, page_width, shot

ATTACK = '<script>alert("wb-report")</script><img src=x onerror="alert(2)">'


@pytest.fixture
def report_file(workbook_home, tmp_path) -> Path:
    """The demo persona's summary, every section ticked, with a hostile win added."""
    from workbook import report, review
    from workbook.charts.review import session_summary
    from workbook.store import Store

    with Store.open("demo") as store:
        win = review.add_win(store, "Said yes to a mock interview " + ATTACK)
        try:
            start, end = report.default_range(store)
            page = session_summary(store, report.SECTIONS, start, end)
        finally:
            review.delete_win(store, win.id)
    path = tmp_path / "session-summary.html"
    path.write_text(page, encoding="utf-8")
    return path


def _open(page, path: Path) -> list[str]:
    """Open the file with only file: and data: allowed; returns every URL requested."""
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.route("file://**", lambda r: r.continue_())
    page.set_viewport_size({"width": 900, "height": 1000})
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_function(
        "() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 4",
        timeout=30_000)
    return requested


def test_report_opens_offline_and_its_charts_render(chromium_page, report_file):
    page = chromium_page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    requested = _open(page, report_file)
    assert all(u.startswith(("file:", "data:", "about:")) for u in requested), requested
    charts = page.locator(".js-plotly-plot")
    assert charts.count() == 4
    for i in range(charts.count()):
        chart = charts.nth(i)
        assert chart.locator(".main-svg").first.bounding_box()["width"] > 500
        # something was drawn: lines/markers or bars
        assert chart.locator(".scatterlayer .trace, .barlayer .trace").count() >= 1
        assert chart.locator(".gtitle").text_content().strip()
    shot(page, "report_screen_900")
    assert not dialogs, f"a script from the person's text ran: {dialogs}"
    assert page.get_by_text('<script>alert("wb-report")</script>', exact=False).count() == 1
    assert not page_errors(page)
    found = axe_check(page)
    assert not found, format_violations(found)


def test_report_reads_at_phone_width(chromium_page, report_file):
    page = chromium_page
    _open(page, report_file)
    page.set_viewport_size({"width": 390, "height": 900})
    shot(page, "report_screen_390", full_page=False)
    overflow = page_width(page)
    assert overflow <= 400, f"the page scrolls sideways at 390 px ({overflow} px wide)"


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_report_prints_cleanly(chromium_page, report_file, paper):
    if not shutil.which("pdftoppm") or not shutil.which("pdftotext"):
        why = "pdftoppm/pdftotext not found: `make browser` installs poppler-utils"
        if os.environ.get("CI"):
            pytest.fail(why)  # CI installs it; a missing tool there is a broken setup
        pytest.skip(why)
    page = chromium_page
    _open(page, report_file)
    page.emulate_media(media="print")
    pdf = SCREENSHOTS / f"report_{paper}.pdf"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(pdf), format=paper, print_background=True)
    for old in SCREENSHOTS.glob(f"report_{paper}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf), str(SCREENSHOTS / f"report_{paper}")],
                   check=True)
    pages = sorted(SCREENSHOTS.glob(f"report_{paper}-*.png"))
    assert 2 <= len(pages) <= 8, f"{len(pages)} pages"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    printed = text.split("\f")
    printed = [p for p in printed if p.strip() or p is not printed[-1]]
    for number, content in enumerate(printed, 1):
        assert content.strip(), f"page {number} of the {paper} print is blank"
    for heading in ("At a glance", "Mood trend", "Recent reflections", "Skill plan and progress",
                    "Search numbers", "Wins", "Next commitments"):
        assert heading in text
    # every chart title printed (charts were drawn before printing)
    for title in ("How check-ins felt", "Skill-plan steps by skill",
                  "Applications and replies", "Wins written down"):
        assert title in text, f"chart {title!r} missing from the {paper} print"
