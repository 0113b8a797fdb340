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
    return ui.Reflection(Context(store, Messages(), SafetyPanel()))


def _new_round(page, **kw):
    page.pick.value = "__new__"
    page.app_pick.value = kw.get("app", page.app_pick.options[1][1])
    page.on.value = kw.get("on", dt.date(2026, 11, 10))
    page.stage.value = "interview"
    page.format.value = "panel"
    page.interviewers.value = "Hiring manager, analyst"
    page.confidence.value = 6
    page.save_round_btn.click()
    return page.interview


def test_full_debrief_with_three_questions_and_a_feedback_request(page):
    store = page.store
    iv = _new_round(page)
    assert iv is not None and page.pick.value == iv.id
    assert "Interview saved" in page.ctx.messages.value
    for sid, area in page.steps.items():
        area.value = f"my notes on {sid}"
    page.save_debrief_btn.click()
    saved = store.get(Interview, iv.id)
    assert saved.went_well == "my notes on went_well" and saved.confidence == 6

    page.q_bank.value = "q13"
    assert page.q_text.value.startswith("Tell me about a time you disagreed")
    page.q_answer.value = "I listened first."
    page.q_rating.value = 3
    page.q_save.click()
    page.q_bank.value = ""
    page.q_text.value = "How would you clean a messy dataset?"
    page.q_category.value = "technical"
    page.q_competency.value = "technology"
    page.q_mode.value = "star"
    for part in page.q_star.values():
        part.value = "step"
    page.q_rating.value = 2
    page.q_next.value = "Mention tests for the pipeline."
    page.q_save.click()
    page.q_bank.value = "q55"
    page.q_rating.value = 1
    page.q_save.click()
    qs = rf.questions_of(store, iv.id)
    assert [q.rating for q in qs] == [3, 2, 1]
    assert qs[1].star_result == "step" and qs[1].competency == "technology"
    assert "3 question(s) logged" in page.q_table.value

    page.checks["preparation"].value = 4
    page.check_save.click()
    assert store.get(Interview, iv.id).self_check == {"preparation": 4}

    page.tabs.selected_index = 3
    page.d_kind.value = "feedback_request"
    page.d_to.value = "Ms Park"
    page.d_fill.click()
    assert page.d_body.value.startswith("Dear Ms Park,")
    assert page.copy_body.text == page.d_body.value
    page.d_body.value = page.d_body.value + "\nP.S. edited by me"
    page.d_save.click()
    drafts = store.all(Draft)
    assert len(drafts) == 1 and drafts[0].body.endswith("edited by me")
    assert drafts[0].template == "feedback_request"
    page.d_mark.click()
    sent = store.get(Draft, drafts[0].id)
    assert sent.sent_on == store.today() and sent.follow_up_on > sent.sent_on
    assert "weekly review" in page.ctx.messages.value


def test_a_bad_save_shows_one_sentence_and_stores_nothing(page):
    page.pick.value = "__new__"
    page.app_pick.value = "__new__"
    page.new_company.value = page.new_role.value = ""
    page.save_round_btn.click()
    assert "at least the company or the role" in page.ctx.messages.value
    assert page.store.counts()["interview"] == 0


def test_tabs_ask_for_the_round_first_when_none_is_saved(page):
    page.pick.value = "__new__"
    assert "Save the interview at the top first" in page.debrief_box.children[0].value


def test_new_application_on_the_spot(page):
    page.pick.value = "__new__"
    page.app_pick.value = "__new__"
    page.new_company.value = "Contoso"
    page.new_role.value = "BI developer"
    page.save_round_btn.click()
    apps = {a.company: a for a in page.store.all(Application)}
    assert apps["Contoso"].stage == "interview"
    assert page.interview.application_id == apps["Contoso"].id


def test_confidence_change_is_saved_at_once(page):
    iv = _new_round(page)
    page.confidence.value = 9
    assert page.store.get(Interview, iv.id).confidence == 9


def test_question_edit_and_delete(page):
    iv = _new_round(page)
    page.q_bank.value = "q01"
    page.q_save.click()
    qid = rf.questions_of(page.store, iv.id)[0].id
    page.q_pick.value = qid
    page.q_rating.value = 5
    page.q_save.click()
    assert page.store.get(Question, qid).rating == 5
    page.q_pick.value = qid
    page.q_delete.click()
    assert page.store.get(Question, qid) is None


def test_feedback_saved_tagged_and_sent_to_skill_plan(page):
    iv = _new_round(page)
    page.f_text.value = "Your examples needed clearer results."
    page.f_from.value = "Recruiter"
    page.f_comps.value = ("communication",)
    page.f_skills.value = "storytelling"
    page.f_save.click()
    fb = page.store.all(Feedback)[0]
    assert fb.interview_id == iv.id and fb.skills == ["storytelling"]
    assert page.f_pick.value == fb.id
    assert page.f_area.value == "Communication", "the first area is picked already"
    page.f_area.value = "storytelling"
    page.f_send.click()
    skill = page.store.all(Skill)[0]
    assert (skill.name.casefold(), skill.confirmed, skill.from_feedback, skill.source_ids) == (
        "storytelling", False, True, [fb.id])
    page.f_delete.click()
    assert page.store.counts()["feedback"] == 0


def test_round_delete_asks_first_then_removes_it(page):
    iv = _new_round(page)
    page.delete_round_btn.click()
    assert page.store.get(Interview, iv.id) is not None
    yes = page.confirm_round.children[1]
    yes.click()
    assert page.store.get(Interview, iv.id) is None
    assert page.pick.value == "__new__"


def test_text_being_typed_is_kept_and_brought_back(page):
    from workbook.ui import interview_reflection as ui
    from workbook.ui.common import Context, Messages, SafetyPanel

    iv = _new_round(page)
    page.steps["why"].value = "I had not practised"
    again = ui.Reflection(Context(page.store, Messages(), SafetyPanel()))
    again.pick.value = iv.id
    assert again.steps["why"].value == "I had not practised"
    assert "brought back" in again.ctx.messages.value


def test_patterns_tab_shows_sentences_and_send_buttons(page):
    iv = _new_round(page)
    rf.save_question(page.store, iv.id, bank_id="q55", rating=1)
    page.tabs.selected_index = 5
    captions = [c.value for c in page.pat_charts.children if hasattr(c, "value")]
    assert len(captions) == 5, "each chart has a title and a sentence beside it"
    assert any("salary questions" in c for c in captions)
    rows = page.pat_weak.children[1:]
    assert rows, "a weakly rated competency is offered"
    rows[0].children[1].click()
    assert page.store.all(Skill)[0].confirmed is False


def test_app_opens_on_the_demo_persona(workbook_home, monkeypatch):
    from workbook import sample
    from workbook.ui import interview_reflection as ui

    sample.create("demo").close()
    monkeypatch.setenv("WORKBOOK_PROFILE", "demo")
    widget = ui.app()
    form = widget.children[-1].children[0].reflection
    assert form.interview is not None
    assert form.pick.value == form.interview.id


def test_sign_off_name_is_remembered_and_used(page):
    _new_round(page)
    page.d_me.value = "Robin Q."
    page.d_fill.click()
    assert page.d_body.value.rstrip().endswith("Best regards,\nRobin Q.")
    assert page.store.setting("display_name") == "Robin Q."


def test_marking_sent_can_be_undone(page):
    _new_round(page)
    page.d_fill.click()
    page.d_mark.click()
    d = page.store.all(Draft)[0]
    assert d.sent_on is not None
    page.d_unsend.click()
    again = page.store.get(Draft, d.id)
    assert again.sent_on is None and again.follow_up_on is None


def test_skills_are_suggested_from_the_feedback_text(page):
    _new_round(page)
    page.f_text.value = "Solid SQL, but the dashboard in Tableau lacked a clear story."
    page.f_suggest.click()
    suggested = [s.strip().casefold() for s in page.f_skills.value.split(",")]
    assert "sql" in suggested and "tableau" in suggested


def test_a_contact_for_the_application_is_the_drafts_addressee(page):
    from workbook.records import Contact

    iv = _new_round(page)
    contact = page.store.save(Contact(name="Dana Lee", relation="recruiter",
                                      application_id=iv.application_id))
    d = rf.make_draft(page.store, "thank_you", iv.id)
    assert d.body.startswith("Dear Dana Lee,") and d.contact_id == contact.id
