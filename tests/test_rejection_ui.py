"""The "you just got a no" page driven like a person would: set values, click buttons."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.test_ui_common import walk
from workbook import rejections
from workbook.records import Application, CheckIn, Contact, Feedback, Rejection, Writing
from workbook.ui import rejection as page_module

MESSAGE = ("Hi Sam,\nThank you for interviewing with us for the Analyst role. We have decided "
           "to go with another candidate. Your answers on the SQL exercise were really solid. "
           "We'll keep your CV on file for future openings.\nDana")


def _page(root):
    return next(x for x in [root, *walk(root)] if isinstance(x, page_module.RejectionPage))


@pytest.fixture
def ui(store, monkeypatch):
    monkeypatch.setenv("WORKBOOK_PROFILE", store.name)
    return _page(page_module.app())


def _record(ui, **values):
    part = ui.record
    for name, value in values.items():
        getattr(part, name).value = value
    part.save.click()
    return part


def test_recording_a_no_saves_it_with_its_application_and_opens_the_check_in(ui, store):
    part = _record(ui, company="Northwind", role="Analyst", stage="interview", wanted=4)
    (rej,) = store.all(Rejection)
    app = store.get(Application, rej.application_id)
    assert (app.company, app.outcome, app.stage) == ("Northwind", "rejected", "interview")
    assert "Saved: the no from Northwind - Analyst." in part.save.notice.value
    assert isinstance(ui.steps.children[0], page_module.CheckInPart)


def test_check_in_then_one_next_step_fitting_the_no(ui, store):
    _record(ui, company="Northwind", stage="final", wanted=2)
    check = ui.steps.children[0]
    check.grid.set_position(-0.3, -0.2)
    check.save.click()
    (ci,) = store.all(CheckIn)
    assert store.all(Rejection)[0].checkin_id == ci.id
    step = ui.steps.children[-1]
    assert isinstance(step, page_module.NextStepPart) and step.step == "feedback"
    feedback = next(x for x in walk(step) if isinstance(x, page_module.FeedbackStepPart))
    assert "Northwind" in feedback.body.value


def test_a_heavy_check_in_after_a_wanted_no_offers_writing_it_out(ui, store):
    _record(ui, company="Acme", stage="application", wanted=5)
    check = ui.steps.children[0]
    check.grid.set_position(-0.8, -0.5)
    check.intensity.value = 85
    check.save.click()
    step = ui.steps.children[-1]
    assert step.step == "write"
    writer = next(x for x in walk(step) if isinstance(x, page_module.WritingPart))
    writer.text.value = "It hurt more than I expected."
    writer.save.click()
    (piece,) = store.all(Writing)
    assert piece.session == 1 and piece.rejection_id == store.all(Rejection)[0].id


def test_skipping_the_check_in_still_offers_the_step(ui, store):
    _record(ui, company="Acme", stage="application", wanted=1)
    ui.steps.children[0].skip.click()
    assert ui.steps.children[-1].step == "targeting"
    fit = next(x for x in walk(ui.steps.children[-1]) if isinstance(x, page_module.FitPart))
    fit.fit.value, fit.tailored.value = "stretch", False
    fit.save.click()
    assert store.get(Application, store.all(Rejection)[0].application_id).tailored is False
    assert "1 early no" in fit.pattern.value


def test_the_message_suggestions_are_confirmed_into_feedback_and_a_follow_up(ui, store):
    _record(ui, company="Northwind", stage="interview", message=MESSAGE)
    sug = next(p for p in ui.steps.children if isinstance(p, page_module.SuggestionsPart))
    ticked = [b.description for b in sug.boxes if b.value]
    assert ticked == ["Your answers on the SQL exercise were really solid."]
    sug.keep.click()
    assert [f.text for f in store.all(Feedback)] == ticked
    sug.follow.click()
    (contact,) = store.all(Contact)
    assert contact.next_follow_up_on == store.today() + dt.timedelta(days=90)


def test_rather_not_say_saves_without_a_company(ui, store):
    _record(ui, not_named=True, company="ignored")
    assert store.all(Application)[0].company == ""


def test_a_bad_date_says_what_to_fix_and_saves_nothing(ui, store):
    part = _record(ui, company="Acme", heard=store.today() + dt.timedelta(days=4))
    assert "future" in part.save.notice.value
    assert store.all(Rejection) == [] and ui.steps.children == ()


def test_the_company_card_appears_when_a_company_from_the_history_is_typed(ui, store):
    rejections.add(store, company="Northwind", role="Analyst", stage="interview",
                   heard_on=store.today() - dt.timedelta(days=30))
    ui.record.company.value = "Northwind"
    assert "You have been here before" in ui.record.card.value


def test_the_setback_plan_is_shown_back_when_the_next_no_is_recorded(ui, store):
    from workbook import setback

    setback.add(store, "call Sam and go for a walk", "apply to ten jobs that night")
    part = _record(ui, company="Acme")
    assert "call Sam and go for a walk" in part.after.value


def test_user_text_is_escaped_everywhere_it_is_shown(ui, store):
    rejections.add(store, company="<img src=x onerror=alert(1)>", stage="interview",
                   heard_on=store.today() - dt.timedelta(days=3))
    ui.record.company.value = "<img src=x onerror=alert(1)>"
    ui.history.refresh()
    shown = ui.record.card.value + ui.history.listing.value
    assert "<img src=x" not in shown and "&lt;img src=x" in shown


def test_deleting_a_recorded_no_asks_first_and_puts_the_application_back(ui, store):
    _record(ui, company="Acme")
    ui.history.pick.value = store.all(Rejection)[0].id
    ui.history.delete.ask_button.click()
    assert "Delete the no from Acme?" in ui.history.delete.question.value
    ui.history.delete.confirm()
    assert store.all(Rejection) == [] and store.all(Application) == []


def test_on_the_sample_data_the_first_save_asks_for_an_own_profile(demo_page):
    part = _record(demo_page, company="Acme")
    assert "start your own profile" in part.save.notice.value.lower() or \
        part.save.own_step.children


@pytest.fixture
def demo_page(workbook_home):
    from workbook import sample

    sample.create("demo").close()
    return _page(page_module.app())


def test_a_second_save_on_the_same_form_edits_the_no_instead_of_doubling_it(ui, store):
    part = _record(ui, company="Acme", stage="screen")
    part.stage.value = "interview"
    part.save.click()
    (rej,) = store.all(Rejection)
    assert rej.stage == "interview" and part.stage.value == "interview"
    assert store.get(Application, rej.application_id).stage == "interview"
    assert "Saved the changes" in part.save.notice.value


def test_a_ticked_word_survives_the_grid_moving_within_and_across_quadrants(ui, store):
    _record(ui, company="Acme")
    check = ui.steps.children[0]
    check.grid.set_position(-0.5, -0.5)
    box = check.boxes["disappointed"] if "disappointed" in check.boxes else \
        next(iter(check.boxes.values()))
    box.value = True
    check.grid.pleasantness = -0.4          # the numbers arrive one by one from the browser
    check.grid.energy = 0.6                 # another quadrant: the ticked word stays shown
    assert box in check.words.children and box.value
    check.save.click()
    assert store.all(CheckIn)[0].word_texts == [box.description]


def test_a_plan_written_in_the_weekly_review_is_shown_back_at_the_next_no(store, monkeypatch):
    from tests.test_review_ui import _app
    from workbook.ui import weekly_review
    from workbook.ui.setback_plan import PlanPart

    monkeypatch.setenv("WORKBOOK_PROFILE", store.name)
    review_page = _app(weekly_review.app())
    plan = next(x for x in walk(review_page) if isinstance(x, PlanPart))
    plan.will.value, plan.will_not.value = "text Alex, then a long walk", "doomscroll"
    plan.save.click()
    part = _record(_page(page_module.app()), company="Acme")
    assert "text Alex, then a long walk" in part.after.value and "doomscroll" in part.after.value
