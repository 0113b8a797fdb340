"""The interview-reflection app driven without a browser: set widget values, click buttons,
check what the store holds and what the page says."""

from __future__ import annotations

import datetime as dt

import pytest

from workbook import reflection as rf
from workbook.records import Application, Draft, Feedback, Interview, Question, Skill


@pytest.fixture
def page(store):
    from workbook.ui import interview_reflection as ui
    from workbook.ui.common import Context, Messages, SafetyPanel

    store.save(Application(company="Northwind", role="Data analyst", stage="applied",
                           outcome="rejected"))
    return ui.ReflectionPage(Context(store, Messages(), SafetyPanel()))


def _new_round(page, **kw):
    page.round.pick.value = "__new__"
    page.round.app_pick.value = kw.get("app", page.round.app_pick.options[1][1])
    page.round.on.value = kw.get("on", dt.date(2026, 11, 10))
    page.round.stage.value = "interview"
    page.round.format.value = "panel"
    page.round.interviewers.value = "Hiring manager, analyst"
    page.round.confidence.value = 6
    page.round.save.click()
    return page.interview


def test_full_debrief_with_three_questions_and_a_feedback_request(page):
    store = page.store
    iv = _new_round(page)
    assert iv is not None and page.round.pick.value == iv.id
    assert "Interview saved" in page.round.save.notice.value
    for sid, area in page.debrief.steps.items():
        area.value = f"my notes on {sid}"
    page.debrief.save.click()
    saved = store.get(Interview, iv.id)
    assert saved.went_well == "my notes on went_well" and saved.confidence == 6

    page.questions.bank.value = "q13"
    assert page.questions.text.value.startswith("Tell me about a time you disagreed")
    page.questions.answer.value = "I listened first."
    page.questions.rating.value = 3
    page.questions.save.click()
    page.questions.bank.value = ""
    page.questions.text.value = "How would you clean a messy dataset?"
    page.questions.category.value = "technical"
    page.questions.competency.value = "technology"
    page.questions.mode.value = "star"
    for part in page.questions.star.values():
        part.value = "step"
    page.questions.rating.value = 2
    page.questions.next_time.value = "Mention tests for the pipeline."
    page.questions.save.click()
    page.questions.bank.value = "q55"
    page.questions.rating.value = 1
    page.questions.save.click()
    qs = rf.questions_of(store, iv.id)
    assert [q.rating for q in qs] == [3, 2, 1]
    assert qs[1].star_result == "step" and qs[1].competency == "technology"
    assert "3 questions logged" in page.questions.table.value

    page.self_check.checks["preparation"].value = 4
    page.self_check.save.click()
    assert store.get(Interview, iv.id).self_check == {"preparation": 4}

    page.tabs.selected_index = 3
    page.emails.kind.value = "feedback_request"
    page.emails.to.value = "Ms Park"
    page.emails.fill_button.click()
    assert page.emails.body.value.startswith("Dear Ms Park,")
    assert page.emails.copy_body.text == page.emails.body.value
    page.emails.body.value = page.emails.body.value + "\nP.S. edited by me"
    page.emails.save.click()
    drafts = store.all(Draft)
    assert len(drafts) == 1 and drafts[0].body.endswith("edited by me")
    assert drafts[0].template == "feedback_request"
    page.emails.mark.click()
    sent = store.get(Draft, drafts[0].id)
    assert sent.sent_on == store.today() and sent.follow_up_on > sent.sent_on
    assert "weekly review" in page.emails.mark.notice.value


def test_a_bad_save_shows_one_sentence_and_stores_nothing(page):
    page.round.pick.value = "__new__"
    page.round.app_pick.value = "__new__"
    page.round.new_company.value = page.round.new_role.value = ""
    page.round.save.click()
    assert "at least the company or the role" in page.round.save.notice.value
    assert page.store.counts()["interview"] == 0


def test_tabs_ask_for_the_round_first_when_none_is_saved(page):
    page.round.pick.value = "__new__"
    assert "Save the interview at the top first" in page.debrief.children[0].value


def test_new_application_on_the_spot(page):
    page.round.pick.value = "__new__"
    page.round.app_pick.value = "__new__"
    page.round.new_company.value = "Contoso"
    page.round.new_role.value = "BI developer"
    page.round.save.click()
    apps = {a.company: a for a in page.store.all(Application)}
    assert apps["Contoso"].stage == "interview"
    assert page.interview.application_id == apps["Contoso"].id


def test_confidence_change_is_saved_at_once(page):
    iv = _new_round(page)
    page.round.confidence.value = 9
    assert page.store.get(Interview, iv.id).confidence == 9


def test_question_edit_and_delete(page):
    iv = _new_round(page)
    page.questions.bank.value = "q01"
    page.questions.save.click()
    qid = rf.questions_of(page.store, iv.id)[0].id
    page.questions.pick.value = qid
    page.questions.rating.value = 5
    page.questions.save.click()
    assert page.store.get(Question, qid).rating == 5
    page.questions.pick.value = qid
    page.questions.delete.ask_button.click()
    assert page.store.get(Question, qid) is not None  # asked first
    page.questions.delete.confirm()
    assert page.store.get(Question, qid) is None


def test_feedback_saved_tagged_and_sent_to_skill_plan(page):
    iv = _new_round(page)
    page.feedback.text.value = "Your examples needed clearer results."
    page.feedback.from_whom.value = "Recruiter"
    page.feedback.comps.value = ("communication",)
    page.feedback.skills.value = "storytelling"
    page.feedback.save.click()
    fb = page.store.all(Feedback)[0]
    assert fb.interview_id == iv.id and fb.skills == ["storytelling"]
    assert page.feedback.pick.value == fb.id
    assert page.feedback.area.value == "Communication", "the first area is picked already"
    page.feedback.area.value = "storytelling"
    page.feedback.to_plan.click()
    skill = page.store.all(Skill)[0]
    assert (skill.name.casefold(), skill.confirmed, skill.from_feedback, skill.source_ids) == (
        "storytelling", False, True, [fb.id])
    page.feedback.delete.ask_button.click()
    page.feedback.delete.confirm()
    assert page.store.counts()["feedback"] == 0


def test_round_delete_asks_first_then_removes_it(page):
    iv = _new_round(page)
    page.round.delete.ask_button.click()
    assert page.store.get(Interview, iv.id) is not None
    page.round.delete.confirm()
    assert page.store.get(Interview, iv.id) is None
    assert page.round.pick.value == "__new__"


def test_text_being_typed_is_kept_and_brought_back(page):
    from workbook.ui import interview_reflection as ui
    from workbook.ui.common import Context, Messages, SafetyPanel

    iv = _new_round(page)
    page.debrief.steps["why"].value = "I had not practised"
    again = ui.ReflectionPage(Context(page.store, Messages(), SafetyPanel()))
    again.round.pick.value = iv.id
    assert again.debrief.steps["why"].value == "I had not practised"
    assert "brought back" in again.ctx.messages.value


def test_patterns_tab_shows_sentences_and_send_buttons(page):
    iv = _new_round(page)
    rf.save_question(page.store, iv.id, bank_id="q55", rating=1)
    page.tabs.selected_index = 5
    captions = [c.value for c in page.patterns.charts.children if hasattr(c, "value")]
    assert len(captions) == 5, "each chart has a title and a sentence beside it"
    assert any("salary questions" in c for c in captions)
    rows = page.patterns.weak.children[1:]
    assert rows, "a weakly rated competency is offered"
    rows[0].children[1].click()
    assert page.store.all(Skill)[0].confirmed is False


def test_app_opens_on_the_demo_persona(workbook_home, monkeypatch):
    from workbook import sample
    from workbook.ui import interview_reflection as ui

    sample.create("demo").close()
    monkeypatch.setenv("WORKBOOK_PROFILE", "demo")
    widget = ui.app()
    form = widget.children[-1].children[0]
    assert form.interview is not None
    assert form.round.pick.value == form.interview.id


def test_sign_off_name_is_remembered_and_used(page):
    _new_round(page)
    page.emails.me.value = "Robin Q."
    page.emails.fill_button.click()
    assert page.emails.body.value.rstrip().endswith("Best regards,\nRobin Q.")
    assert page.store.setting("display_name") == "Robin Q."


def test_marking_sent_can_be_undone(page):
    _new_round(page)
    page.emails.fill_button.click()
    page.emails.mark.click()
    d = page.store.all(Draft)[0]
    assert d.sent_on is not None
    page.emails.unsend.click()
    again = page.store.get(Draft, d.id)
    assert again.sent_on is None and again.follow_up_on is None


def test_skills_are_suggested_from_the_feedback_text(page):
    _new_round(page)
    page.feedback.text.value = "Solid SQL, but the dashboard in Tableau lacked a clear story."
    page.feedback.suggest.click()
    suggested = [s.strip().casefold() for s in page.feedback.skills.value.split(",")]
    assert "sql" in suggested and "tableau" in suggested


def test_a_contact_for_the_application_is_the_drafts_addressee(page):
    from workbook.records import Contact

    iv = _new_round(page)
    contact = page.store.save(Contact(name="Dana Lee", relation="recruiter",
                                      application_id=iv.application_id))
    d = rf.make_draft(page.store, "thank_you", iv.id)
    assert d.body.startswith("Dear Dana Lee,") and d.contact_id == contact.id


def test_mark_as_sent_keeps_the_dates_the_person_typed(page):
    _new_round(page)
    page.emails.kind.value = "feedback_request"
    page.emails.fill_button.click()
    page.emails.save.click()
    page.emails.sent_on.value = dt.date(2026, 11, 12)
    page.emails.follow_up.value = dt.date(2026, 11, 20)
    page.emails.mark.click()
    (d,) = page.store.all(Draft)
    assert (d.sent_on, d.follow_up_on) == (dt.date(2026, 11, 12), dt.date(2026, 11, 20))
    assert page.emails.sent_on.value == dt.date(2026, 11, 12)  # still shown as typed
    assert "2026-11-12" in page.emails.mark.notice.value


def test_each_save_says_its_message_beside_its_own_button(page):
    _new_round(page)
    page.questions.text.value = ""
    page.questions.save.click()
    assert "question is empty" in page.questions.save.notice.value
    page.debrief.save.click()
    assert "Debrief saved" in page.debrief.save.notice.value
    assert page.ctx.messages.value == ""  # nothing at the top of the page, out of view


def test_the_first_interview_saved_on_the_sample_goes_into_an_own_profile(workbook_home):
    from workbook import sample
    from workbook.store import Store, profile_path
    from workbook.ui import interview_reflection as ui
    from workbook.ui.forms import OwnProfileStep

    sample.create("demo").close()
    with Store(profile_path("demo")) as demo:
        before = demo.counts()
    form = ui.app().children[-1].children[0]
    assert form.store.is_demo
    form.round.pick.value = "__new__"
    form.round.app_pick.value = "__new__"
    form.round.new_company.value = "Fabrikam"
    form.round.save.click()
    step = next(x for x in _walk(form.round.save) if isinstance(x, OwnProfileStep))
    step.agree.click()
    assert not form.store.is_demo
    (iv,) = form.store.all(Interview)
    assert form.store.get(Application, iv.application_id).company == "Fabrikam"
    with Store(profile_path("demo")) as demo:
        assert demo.counts() == before


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)
