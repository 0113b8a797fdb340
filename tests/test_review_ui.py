"""The weekly-review page driven like a person would: set values, click buttons."""

from __future__ import annotations

import base64
import datetime as dt
import re

import pytest

from workbook import review
from workbook.records import Contact, Draft, WeeklyReview, Win


def _app(widget):
    stack = [widget]
    while stack:
        x = stack.pop()
        if hasattr(x, "weekly_review"):
            return x.weekly_review
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
    ui.win_text.value = "Finished the SQL module"
    ui.win_reward.value = "film night"
    ui.save_win_btn.click()
    (win,) = store.all(Win)
    assert (win.text, win.reward, win.on) == ("Finished the SQL module", "film night",
                                              store.today())
    assert "Finished the SQL module" in ui.win_list.children[0].children[0].value
    assert "1</strong> win written down so far" in ui.win_count.value
    assert ui.win_text.value == ""  # ready for the next one


def test_an_empty_win_shows_a_sentence_and_stores_nothing(ui, store):
    ui.save_win_btn.click()
    assert "empty" in ui.ctx.messages.value
    assert store.counts()["win"] == 0


def test_a_win_can_be_edited_from_the_list(ui, store):
    ui.win_text.value = "first try"
    ui.save_win_btn.click()
    edit = ui.win_list.children[0].children[1]
    edit.click()
    assert ui.win_text.value == "first try"
    ui.win_text.value = "better wording"
    ui.save_win_btn.click()
    assert [w.text for w in store.all(Win)] == ["better wording"]


def test_deleting_a_win_asks_first_then_removes_it(ui, store):
    ui.win_text.value = "to go"
    ui.save_win_btn.click()
    ui.win_list.children[0].children[2].click()
    assert store.counts()["win"] == 1  # only asked so far
    assert "Delete" in ui.win_confirm.question.value
    ui.win_confirm.confirm()  # yes
    assert store.counts()["win"] == 0


def test_a_script_in_a_win_shows_as_text(ui):
    ui.win_text.value = "<script>alert(1)</script>"
    ui.save_win_btn.click()
    shown = ui.win_list.children[0].children[0].value
    assert "<script>" not in shown and "&lt;script&gt;" in shown


def test_contact_form_saves_edits_and_lists_due_follow_ups(ui, store):
    ui.c_name.value = "Dana"
    ui.c_relation.value = "mentor"
    ui.c_next.value = store.today()
    ui.c_notes.value = "<b>ask</b> about the data team"
    ui.save_contact_btn.click()
    (c,) = store.all(Contact)
    assert (c.name, c.relation, c.next_follow_up_on) == ("Dana", "mentor", store.today())
    assert "Dana" in ui.due_box.children[0].children[0].value
    assert "&lt;b&gt;ask" in ui.contact_list.children[0].children[0].value
    ui.contact_list.children[0].children[1].click()  # edit
    ui.c_company.value = "Acme"
    ui.save_contact_btn.click()
    assert store.get(Contact, c.id).company == "Acme"
    assert store.counts()["contact"] == 1


def test_i_got_in_touch_moves_the_follow_up_off_the_due_list(ui, store):
    review.add_contact(store, "Sam", "friend", next_follow_up_on=store.today())
    ui.refresh()
    ui.due_box.children[0].children[1].click()
    got = store.all(Contact)[0]
    assert got.last_contact_on == store.today() and got.next_follow_up_on is None
    assert "No follow-ups are due" in ui.due_box.children[0].value


def test_follow_ups_download_as_an_ics_file(ui, store):
    review.add_contact(store, "Sam", "friend", next_follow_up_on=store.today())
    store.save(Draft(subject="Thanks", sent_on=store.today(), follow_up_on=store.today()))
    ui.refresh()
    ui.ics_btn.click()
    data = _decoded(ui.ics_box.children[0].value)
    assert data.startswith(b"BEGIN:VCALENDAR")
    assert data.count(b"BEGIN:VEVENT") == 2


def test_weekly_reflection_saves_the_commitments_written_and_skips_empty_ones(ui, store):
    ui.worked.value = "tailoring"
    for box, text in zip(ui.commitments, ("one", "two", "")):
        box.value = text
    ui.save_review_btn.click()
    (r,) = store.all(WeeklyReview)
    assert r.commitments == ["one", "two"] and r.worked == "tailoring"


def test_last_weeks_commitments_are_shown_to_look_back_on(store):
    from workbook.ui import weekly_review

    review.save_review(store, commitments=["Call Jordan"],
                       as_of=store.today() - dt.timedelta(days=7))
    ui = _app(weekly_review.app())
    assert "Call Jordan" in ui.look_back_html.value
    assert ui.look_back.layout.display is None


def test_picking_another_week_shows_that_week(ui, store):
    review.add_win(store, "long ago", on=dt.date(2026, 1, 7))
    ui.week_pick.value = dt.date(2026, 1, 8)
    assert "long ago" in ui.glance.value
    assert "5 Jan 2026" in ui.week_label.value


def test_session_summary_button_gives_a_download_with_only_the_ticked_sections(ui, store):
    review.add_win(store, "WIN-FOR-REPORT")
    review.save_review(store, commitments=["COMMIT-FOR-REPORT"])
    for key, box in ui.section_boxes.items():
        box.value = key == "wins"
    ui.make_btn.click()
    page = _decoded(ui.summary_out.children[0].value).decode("utf-8")
    assert "WIN-FOR-REPORT" in page
    assert "COMMIT-FOR-REPORT" not in page
    assert 'download="session-summary-tester-' in ui.summary_out.children[0].value


def test_session_summary_with_nothing_ticked_says_so(ui):
    for box in ui.section_boxes.values():
        box.value = False
    ui.make_btn.click()
    assert "at least one" in ui.ctx.messages.value
    assert ui.summary_out.children == ()


def test_a_win_being_typed_survives_a_reload(store):
    from workbook.ui import weekly_review

    first = _app(weekly_review.app())
    first.win_text.value = "half-written win"
    again = _app(weekly_review.app())
    assert again.win_text.value == "half-written win"
