"""The weekly-review page driven like a person would: set values, click buttons."""

from __future__ import annotations

import base64
import datetime as dt
import re

import pytest

from workbook import review
from workbook.records import Contact, Draft, WeeklyReview, Win


def _app(widget):
    """The weekly review page object inside the notebook's whole app."""
    from workbook.ui.weekly_review import WeeklyReview

    stack = [widget]
    while stack:
        x = stack.pop()
        if isinstance(x, WeeklyReview):
            return x
        stack.extend(getattr(x, "children", ()))
    raise AssertionError("the weekly review form is not on the page")


@pytest.fixture
def ui(store):
    from workbook.ui import weekly_review

    return _app(weekly_review.app())


def _decoded(link_html: str) -> bytes:
    m = re.search(r'href="data:[^;]+;base64,([^"]+)"', link_html)
    assert m, link_html
    return base64.b64decode(m.group(1))


def test_a_win_typed_and_saved_appears_in_the_list_and_the_store(ui, store):
    ui.wins.text.value = "Finished the SQL module"
    ui.wins.reward.value = "film night"
    ui.wins.save.click()
    (win,) = store.all(Win)
    assert (win.text, win.reward, win.on) == ("Finished the SQL module", "film night",
                                              store.today())
    assert "Finished the SQL module" in ui.wins.listing.children[0].children[0].value
    assert "1</strong> win written down so far" in ui.wins.count.value
    assert ui.wins.text.value == ""  # ready for the next one


def test_an_empty_win_shows_a_sentence_and_stores_nothing(ui, store):
    ui.wins.save.click()
    assert "empty" in ui.wins.save.notice.value
    assert store.counts()["win"] == 0


def test_a_win_can_be_edited_from_the_list(ui, store):
    ui.wins.text.value = "first try"
    ui.wins.save.click()
    edit = ui.wins.listing.children[0].children[1]
    edit.click()
    assert ui.wins.text.value == "first try"
    ui.wins.text.value = "better wording"
    ui.wins.save.click()
    assert [w.text for w in store.all(Win)] == ["better wording"]


def test_deleting_a_win_asks_first_then_removes_it(ui, store):
    ui.wins.text.value = "to go"
    ui.wins.save.click()
    ui.wins.listing.children[0].children[2].click()
    assert store.counts()["win"] == 1  # only asked so far
    assert "Delete" in ui.wins.confirm.question.value
    ui.wins.confirm.confirm()  # yes
    assert store.counts()["win"] == 0


def test_a_script_in_a_win_shows_as_text(ui):
    ui.wins.text.value = "<script>alert(1)</script>"
    ui.wins.save.click()
    shown = ui.wins.listing.children[0].children[0].value
    assert "<script>" not in shown and "&lt;script&gt;" in shown


def test_contact_form_saves_edits_and_lists_due_follow_ups(ui, store):
    ui.network.name.value = "Dana"
    ui.network.relation.value = "mentor"
    ui.network.next.value = store.today()
    ui.network.notes.value = "<b>ask</b> about the data team"
    ui.network.save.click()
    (c,) = store.all(Contact)
    assert (c.name, c.relation, c.next_follow_up_on) == ("Dana", "mentor", store.today())
    assert "Dana" in ui.network.due.children[0].children[0].value
    assert "&lt;b&gt;ask" in ui.network.listing.children[0].children[0].value
    ui.network.listing.children[0].children[1].click()  # edit
    ui.network.company.value = "Acme"
    ui.network.save.click()
    assert store.get(Contact, c.id).company == "Acme"
    assert store.counts()["contact"] == 1


def test_i_got_in_touch_moves_the_follow_up_off_the_due_list(ui, store):
    review.add_contact(store, "Sam", "friend", next_follow_up_on=store.today())
    ui.refresh()
    ui.network.due.children[0].children[1].click()
    got = store.all(Contact)[0]
    assert got.last_contact_on == store.today() and got.next_follow_up_on is None
    assert "No follow-ups are due" in ui.network.due.children[0].value


def test_follow_ups_download_as_an_ics_file(ui, store):
    review.add_contact(store, "Sam", "friend", next_follow_up_on=store.today())
    store.save(Draft(subject="Thanks", sent_on=store.today(), follow_up_on=store.today()))
    ui.refresh()
    ui.network.ics_btn.click()
    data = _decoded(ui.network.ics_box.children[0].value)
    assert data.startswith(b"BEGIN:VCALENDAR")
    assert data.count(b"BEGIN:VEVENT") == 2


def test_weekly_reflection_saves_the_commitments_written_and_skips_empty_ones(ui, store):
    ui.look_back.worked.value = "tailoring"
    for box, text in zip(ui.look_back.commitments, ("one", "two", "")):
        box.value = text
    ui.look_back.save.click()
    (r,) = store.all(WeeklyReview)
    assert r.commitments == ["one", "two"] and r.worked == "tailoring"


def test_last_weeks_commitments_are_shown_to_look_back_on(store):
    from workbook.ui import weekly_review

    review.save_review(store, commitments=["Call Jordan"],
                       as_of=store.today() - dt.timedelta(days=7))
    ui = _app(weekly_review.app())
    assert "Call Jordan" in ui.look_back.last_week.value
    assert ui.look_back.look_back.layout.display is None


def test_picking_another_week_shows_that_week(ui, store):
    review.add_win(store, "long ago", on=dt.date(2026, 1, 7))
    ui.week_pick.value = dt.date(2026, 1, 8)
    assert "long ago" in ui.glance.text.value
    assert "5 Jan 2026" in ui.week_label.value


def test_session_summary_button_gives_a_download_with_only_the_ticked_sections(ui, store):
    review.add_win(store, "WIN-FOR-REPORT")
    review.save_review(store, commitments=["COMMIT-FOR-REPORT"])
    for key, box in ui.summary.boxes.items():
        box.value = key == "wins"
    ui.summary.make.click()
    page = _decoded(ui.summary.out.children[0].value).decode("utf-8")
    assert "WIN-FOR-REPORT" in page
    assert "COMMIT-FOR-REPORT" not in page
    assert 'download="session-summary-tester-' in ui.summary.out.children[0].value


def test_session_summary_with_nothing_ticked_says_so(ui):
    for box in ui.summary.boxes.values():
        box.value = False
    ui.summary.make.click()
    assert "at least one" in ui.ctx.messages.value
    assert ui.summary.out.children == ()


def test_a_win_being_typed_survives_a_reload(store):
    from workbook.ui import weekly_review

    first = _app(weekly_review.app())
    first.wins.text.value = "half-written win"
    again = _app(weekly_review.app())
    assert again.wins.text.value == "half-written win"
