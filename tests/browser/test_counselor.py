"""Two counseling sessions with one client in Voila: the caseload, the first agenda, homework
set with a date and a private note, the client ticking the homework in their weekly review
in between, and the second agenda opening with it. Screenshots at 1400 and 390 px."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from tests.browser.conftest import page_errors
from tests.browser.harness import (
    axe_check, fill, format_violations, output_scope, page_width, shot,
)

CLIENT = "river"
NOTE = "Private-note-9931: seemed flat, ask about sleep"
HOMEWORK = "Ask Jordan for a referral <b>soon</b>"


@pytest.fixture(scope="module")
def workbook_env(workbook_env):
    """The module's home with one client beside the demo; their pages open their profile."""
    import os

    from workbook import review
    from workbook.records import Application, CheckIn
    from workbook.store import create_profile

    old = os.environ.get("WORKBOOK_HOME")
    os.environ["WORKBOOK_HOME"] = str(workbook_env.home)
    try:
        with create_profile(CLIENT) as s:
            s.agree()
            s.set_setting("timezone", "UTC")
            today = s.today()
            s.put_raw([
                Application(company="Acme", role="Analyst", applied_on=today - dt.timedelta(days=20),
                            outcome="rejected", closed_on=today - dt.timedelta(days=3)),
                Application(company="Beta", role="Analyst", applied_on=today - dt.timedelta(days=2)),
                *[CheckIn(at=dt.datetime.combine(today - dt.timedelta(days=d), dt.time(19),
                                                 tzinfo=dt.timezone.utc),
                          pleasantness=p, energy=-0.2, note="journal text stays out")
                  for d, p in ((12, -0.6), (9, -0.3), (4, -0.5), (1, 0.3))]])
            review.add_win(s, "Rewrote my CV summary")
    finally:
        if old is None:
            os.environ.pop("WORKBOOK_HOME", None)
        else:
            os.environ["WORKBOOK_HOME"] = old
    workbook_env.set_profile(CLIENT)
    return workbook_env


def _start_session(page):
    scope = output_scope(page, False)
    scope.get_by_text("Your clients at a glance").first.wait_for()
    scope.get_by_label("Client", exact=True).select_option(CLIENT)
    scope.get_by_role("button", name="Start or continue today's session").click()
    scope.get_by_text(f"Session with {CLIENT}").first.wait_for()
    return scope


def test_two_sessions_with_homework_done_in_between(chromium_page, voila, workbook_home):
    from workbook import bundle, counseling, counselor
    from workbook.records import CounselingSession, Homework
    from workbook.store import Store

    page = chromium_page
    voila.open(page, "06_counselor.ipynb")
    scope = output_scope(page, False)
    table = scope.locator("table.wb-cs-table").first
    table.wait_for()
    assert CLIENT in table.inner_text() and "journal text" not in table.inner_text()
    shot(page, "counselor_voila_caseload")

    # ---- first session
    scope = _start_session(page)
    scope.get_by_text("This is the first session recorded").first.wait_for()
    assert scope.get_by_text("Rejections recorded").count() >= 1
    fill(scope, "Topics for today (one a line)", "CV\nInterview nerves")
    fill(scope, "Homework agreed", HOMEWORK)
    due = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    scope.get_by_label("By when", exact=True).fill(due)
    scope.get_by_label("By when", exact=True).press("Tab")
    scope.get_by_role("button", name="Add homework").click()
    scope.get_by_text("The client sees it in their weekly review").first.wait_for()
    fill(scope, "Your own notes (only you see these)", NOTE)
    nxt = (dt.date.today() + dt.timedelta(days=14)).isoformat()
    scope.get_by_label("Next session", exact=True).fill(nxt)
    scope.get_by_label("Next session", exact=True).press("Tab")
    scope.get_by_role("button", name="Save the session").click()
    scope.get_by_text(f"Saved the session with {CLIENT}").first.wait_for()
    shot(page, "counselor_voila_session1")
    found = axe_check(page)
    assert not found, format_violations(found)

    with Store.open(CLIENT) as client:
        (first,) = client.all(CounselingSession)
        (hw,) = client.all(Homework)
        assert (hw.text, hw.due_on.isoformat(), first.topics) == (
            HOMEWORK, due, ["CV", "Interview nerves"])
        # two weeks pass between the appointments
        counseling.update_session(client, first.id, on=client.today() - dt.timedelta(days=14),
                                  next_on=client.today())

    # ---- in between: the client ticks it in their weekly review
    voila.open(page, "05_weekly_review.ipynb")
    scope = output_scope(page, False)
    scope.get_by_text("What you agreed with your counselor").first.wait_for()
    scope.get_by_text(HOMEWORK).first.wait_for()  # shown as text, not as bold HTML
    scope.get_by_role("button", name="Done", exact=True).click()
    scope.get_by_role("button", name="Save how it went").click()
    scope.get_by_text("Saved: done.").first.wait_for()
    shot(page, "counselor_voila_client_weekly_review")
    assert page.get_by_text(NOTE).count() == 0

    # ---- second session: the agenda opens with it
    voila.open(page, "06_counselor.ipynb")
    scope = _start_session(page)
    scope.get_by_text("Since the last session").first.wait_for()
    done = scope.locator(".wb-homework-item").filter(has_text="Ask Jordan for a referral")
    done.first.wait_for()
    assert "mod-active" in done.first.get_by_role("button", name="Done", exact=True
                                                  ).get_attribute("class")
    assert scope.get_by_label("Topics for today (one a line)").input_value() == \
        "CV\nInterview nerves"
    assert scope.get_by_label("Your own notes (only you see these)").input_value() == ""
    shot(page, "counselor_voila_session2")
    page.set_viewport_size({"width": 390, "height": 900})
    shot(page, "counselor_voila_session2_390")
    width = page_width(page)
    assert width <= 400, f"the page scrolls sideways at 390 px ({width} px)"
    assert not page_errors(page)

    with Store.open(CLIENT) as client:
        assert len(client.all(CounselingSession)) == 2
        assert client.all(Homework)[0].status == "done"
        with zipfile.ZipFile(io.BytesIO(bundle.export(client))) as zf:
            assert all(NOTE.encode() not in zf.read(n) for n in zf.namelist())
    with counselor.open_notes() as notes:
        assert [n.text for n in counselor.list_notes(notes, CLIENT)] == [NOTE]


def test_work_search_tab_and_daylio_import_for_the_client(chromium_page, voila, workbook_home):
    from pathlib import Path

    from workbook.records import CheckIn
    from workbook.store import Store

    page = chromium_page
    voila.open(page, "05_weekly_review.ipynb")
    scope = output_scope(page, False)
    scope.get_by_role("tab", name="Work-search record").click()
    scope.get_by_text("Activities per week").first.wait_for()
    assert scope.get_by_role("cell", name="Beta", exact=True).count() >= 1
    scope.get_by_label("How the contact was made", exact=True).select_option(label="by phone")
    fill(scope, "Contact person", "Alex Chen")
    scope.get_by_role("button", name="Save these details").click()
    scope.get_by_text("Saved the details of Beta").first.wait_for()
    scope.get_by_label("Language", exact=True).select_option(label="Deutsch")
    scope.get_by_text("Aktivitäten pro Woche").first.wait_for()
    shot(page, "worksearch_voila_tab_1400")
    found = axe_check(page)
    assert not found, format_violations(found)
    page.set_viewport_size({"width": 390, "height": 900})
    shot(page, "worksearch_voila_tab_390")
    assert page_width(page) <= 400

    page.set_viewport_size({"width": 1400, "height": 900})
    voila.open(page, "01_check_in.ipynb")
    scope = output_scope(page, False)
    export = Path(__file__).parents[1] / "data" / "daylio_export.csv"
    # ipywidgets' FileUpload keeps its <input type=file> out of the page: use the chooser
    with page.expect_file_chooser() as chooser:
        scope.get_by_role("button", name="Choose the Daylio CSV").click()
    chooser.value.set_files(str(export))
    scope.get_by_text("67 entries with 6 mood names").first.wait_for()
    scope.get_by_label("Where 'tired' sits (7 entries)").select_option(label="tired, low energy")
    scope.get_by_role("button", name="Import these entries").click()
    scope.get_by_text("Added 67 check-ins from Daylio").first.wait_for()
    shot(page, "daylio_voila_import_1400")
    with Store.open(CLIENT) as client:
        assert sum(c.id.startswith("daylio-") for c in client.all(CheckIn)) == 67
    assert not page_errors(page)
