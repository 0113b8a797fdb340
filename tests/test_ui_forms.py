"""The shared form pieces (ui.forms, ui.html, ui.notice) driven without a browser."""

from __future__ import annotations

import ipywidgets as w

from workbook.errors import WorkbookError
from workbook.ui import forms
from workbook.ui.common import Context, Messages, SafetyPanel
from workbook.ui.html import count, plural, table


def _ctx(store) -> Context:
    return Context(store, Messages(), SafetyPanel())


# ---------------------------------------------------------------- the save action

def test_the_button_is_off_while_the_save_runs_and_on_again_after():
    seen = []
    save = forms.SaveAction("Save it", lambda: seen.append(save.button.disabled) or "Saved.")
    save.button.busy = True  # what the browser sets as it is pressed, then its message:
    save.button._message(None, {"event": "click"}, [])
    assert seen == [True]
    assert not save.button.disabled and "Saved." in save.notice.value


def test_a_click_while_a_save_is_running_does_not_write_again():
    written = []

    def run():
        written.append(1)
        save.click()  # pressed again before the first save returned
        return "Saved."

    save = forms.SaveAction("Save it", run)
    save.click()
    assert written == [1]


def test_the_browser_button_turns_itself_off_before_telling_the_kernel():
    esm = forms.SaveButton._esm
    assert esm.index('model.set("busy", true)') < esm.index("model.send(")
    assert 'if (model.get("busy")) return;' in esm


def test_an_error_says_its_sentence_beside_the_button_and_a_retry_runs_at_once():
    tries = []

    def run():
        tries.append(1)
        if len(tries) == 1:
            raise WorkbookError("The question is empty: write it in the question box.")
        return "Question saved."

    save = forms.SaveAction("Save question", run)
    save.click()
    assert "question is empty" in save.notice.value and 'role="alert"' in save.notice.value
    save.click()  # fixing and pressing again is a new decision
    assert tries == [1, 1] and "Question saved." in save.notice.value


def test_an_unexpected_error_is_a_calm_sentence_and_the_button_works_again():
    save = forms.SaveAction("Save it", lambda: 1 / 0)
    save.click()
    assert "nothing was changed" in save.notice.value
    assert "ZeroDivision" not in save.notice.value and not save.button.disabled


def test_each_message_asks_the_browser_to_scroll_it_into_view():
    save = forms.SaveAction("Save it", lambda: "Saved.")
    before = save.notice.shown
    save.click()
    assert save.notice.shown == before + 1 and save.notice.scroll


def test_user_text_in_a_save_message_is_escaped():
    save = forms.SaveAction("Save it", lambda: "<b>x</b>")
    save.click()
    assert "<b>" not in save.notice.value and "&lt;b&gt;" in save.notice.value


# ---------------------------------------------------------------- delete with confirm

def test_delete_asks_first_naming_what_goes_then_deletes_once():
    gone = []
    box = forms.ConfirmDelete("Delete it", what=lambda: "Delete the check-in of Mon 19:03?",
                              run=lambda: gone.append(1) or "The check-in was deleted.")
    box.ask_button.click()
    assert box.is_asking and "Mon 19:03" in box.question.value and gone == []
    box.confirm()
    box.confirm()
    assert gone == [1] and not box.is_asking
    assert "was deleted" in box.notice.value


def test_keep_it_deletes_nothing():
    gone = []
    box = forms.ConfirmDelete("Delete it", what=lambda: "Delete?", run=lambda: gone.append(1))
    box.ask_button.click()
    box.keep.click()
    box.confirm()
    assert gone == [] and not box.is_asking


def test_asking_without_a_choice_says_what_to_do():
    def what():
        raise WorkbookError("Please choose a check-in from the list first.")

    box = forms.ConfirmDelete("Delete it", what=what, run=lambda: None)
    box.ask_button.click()
    assert not box.is_asking and "choose a check-in" in box.notice.value


def test_a_row_button_can_ask_with_its_own_sentence_and_deletion():
    gone = []
    box = forms.ConfirmDelete()
    box.ask("Delete the win 'sent two applications'?", lambda: gone.append("win"))
    box.confirm()
    assert gone == ["win"]


# ---------------------------------------------------------------- drafts

def test_a_page_that_opens_with_an_unfinished_draft_offers_it_with_its_time(store):
    first = forms.DraftGroup(_ctx(store), "thought record")
    thought = w.Textarea()
    first.watch("tr.thought", thought)
    thought.value = "They must have hated me"

    opened = []
    again = forms.DraftGroup(_ctx(store), "thought record", on_continue=lambda: opened.append(1))
    fresh = w.Textarea()
    again.watch("tr.thought", fresh)
    assert fresh.value == ""  # not put back unasked
    assert again.offer_if_unfinished()
    when = again.since()
    assert f"Unfinished thought record from {when:%H:%M}" in again.text.value
    again.go_on.click()
    assert fresh.value == "They must have hated me" and opened == [1]
    assert again.offer.layout.display == "none"


def test_discarding_an_unfinished_draft_forgets_it(store):
    group = forms.DraftGroup(_ctx(store), "check-in")
    note = w.Textarea()
    group.watch("check_in.note", note)
    note.value = "half a thought"
    again = forms.DraftGroup(_ctx(store), "check-in")
    again.watch("check_in.note", w.Textarea())
    assert again.offer_if_unfinished()
    again.drop.click()
    assert store.draft("check_in.note") == ""
    third = forms.DraftGroup(_ctx(store), "check-in")
    third.watch("check_in.note", w.Textarea())
    assert not third.offer_if_unfinished()


# ---------------------------------------------------------------- html pieces

def test_the_table_escapes_every_cell_and_scrolls_on_a_phone():
    out = table("Your <questions>", ["#", "Question"], [[1, "<script>x</script>"]])
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert 'class="wb-table-scroll"' in out and "<caption>Your &lt;questions&gt;" in out


def test_plural_and_count():
    assert count(1, "question") == "1 question"
    assert count(3, "question") == "3 questions"
    assert count(2, "weekly review") == "2 weekly reviews"
    assert plural("feedback", 4) == "feedback"
    assert count(2, "entry") == "2 entries"
