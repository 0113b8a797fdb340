"""Every notebook at a phone's width (390 px), in Voila, on the sample persona and on an empty
profile of a person's own: no chart text overlaps other text or is cut at the chart's edge,
no button, label or tab title is cut short, no table or row runs off the screen. Each tab is
opened in turn, since a hidden tab's charts are only drawn when it is shown.

The faults found are written to ``artifacts/phone_width/<notebook>-<profile>.txt`` and
screenshots of each tab at 390 px (and the first view at 1400 px) to
``artifacts/screenshots/phone_<notebook>_<profile>_*.png``.
"""

from __future__ import annotations

import pytest

from tests.browser import harness
from tests.browser.harness import shot
from tests.browser.layout_faults import faults, settle
from tests.browser.own_profile import empty_profile

NOTEBOOKS = sorted(p.name for p in harness.NOTEBOOKS.glob("0*.ipynb"))
PROFILES = ("demo", "empty")
PHONE = {"width": 390, "height": 844}
REPORTS = harness.ROOT / "artifacts" / "phone_width"


def test_every_notebook_is_checked():
    """The list below is read from the folder: a notebook added later is checked too."""
    assert len(NOTEBOOKS) >= 6 and NOTEBOOKS[0].startswith("00_")


@pytest.fixture(scope="module")
def servers(workbook_env):
    """One Voila server per profile, each opening that profile by itself."""
    empty_profile(workbook_env.home)
    started: dict[str, harness.Server] = {}

    def get(profile: str) -> harness.Server:
        if profile not in started:
            workbook_env.set_profile(profile)
            started[profile] = harness.start_voila(workbook_env.notebooks,
                                                   workbook_env.environ())
        return started[profile]

    try:
        yield get
    finally:
        for server in started.values():
            server.stop()


def _tabs(page) -> list[str]:
    return [t.strip() for t in page.locator('[role="tab"]').all_inner_texts()]


def _select(page, index: int) -> None:
    tab = page.locator('[role="tab"]').nth(index)
    tab.scroll_into_view_if_needed()
    tab.click()
    page.wait_for_function("(el) => el.getAttribute('aria-selected') === 'true'",
                           arg=tab.element_handle(), timeout=30_000)


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_no_text_overlaps_or_is_cut_at_390_px(chromium_page, servers, notebook, profile):
    page = chromium_page
    stem = notebook.removesuffix(".ipynb")  # two notebooks may share a number
    page.set_viewport_size(PHONE)
    harness.voila_open(servers(profile), page, notebook)
    settle(page)
    found: list[str] = [f"first view: {f}" for f in faults(page)]
    shot(page, f"phone_{stem}_{profile}_0")
    for i, title in enumerate(_tabs(page)):
        _select(page, i)
        settle(page)
        found += [f"tab {title!r}: {f}" for f in faults(page)]
        shot(page, f"phone_{stem}_{profile}_{i + 1}")
    if profile == "demo":  # buttons were cut at every width: the widest too
        page.set_viewport_size(harness.VIEWPORT)
        settle(page)
        found += [f"at 1400 px: {f}" for f in faults(page)]
        shot(page, f"phone_{stem}_{profile}_1400")
    found = list(dict.fromkeys(found))
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"{stem}-{profile}.txt").write_text(
        f"{len(found)} faults\n" + "".join(f"{f}\n" for f in found), encoding="utf-8")
    assert not found, f"{len(found)} pieces of text overlap or are cut at 390 px:\n" + \
        "\n".join(found)
