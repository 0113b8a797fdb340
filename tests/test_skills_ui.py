"""The skill-gap plan page driven without a browser: set widget values, click buttons."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar

from workbook import skills
from workbook.records import Action, Feedback, Posting, Skill
from workbook.ui import skill_gap_plan as ui
from workbook.ui.common import Context, Messages, SafetyPanel

POSTINGS = Path(__file__).parent / "data" / "postings"
FEEDBACK = [
    "Thanks for your time. The panel felt your SQL was solid, but you struggled to explain "
    "your reasoning to non-technical stakeholders, and your answers lacked concrete examples.",
    "We went with a candidate who had more hands-on Tableau and A/B testing experience. "
    "Your presentation skills were a strength.",
]


@pytest.fixture
def plan(store):
    store.agree()  # a person's own profile, past the privacy note
    return ui.SkillGapPlan(Context(store, Messages(), SafetyPanel()))


def _paste_three(plan):
    plan.gather.postings.text.value = "\n---\n".join(
        (POSTINGS / n).read_text("utf-8") for n in
        ("01_data_analyst.txt", "13_data_scientist.txt", "17_product_manager.txt"))
    plan.gather.postings.save.click()


def test_pasting_three_postings_and_two_notes_leads_to_a_dated_plan(plan, store):
    _paste_three(plan)
    assert len(store.all(Posting)) == 3
    for note in FEEDBACK:
        plan.gather.feedback.text.value = note
        plan.gather.feedback.save.click()
    assert len(store.all(Feedback)) == 2

    plan.tabs.selected_index = 1
    ticked = {n for n, box in plan.confirm.boxes.items() if box.value}
    assert {"SQL", "Stakeholder management", "Tableau"} <= ticked
    assert skills.ranked(store).empty  # no score before confirming
    plan.confirm.keep.click()
    assert {"SQL", "Tableau"} <= {s.name for s in store.all(Skill) if s.confirmed}

    plan.tabs.selected_index = 2
    plan.rate.pick.value = next(v for k, v in plan.rate.pick.options if k == "SQL")
    plan.rate.current.value, plan.rate.needed.value, plan.rate.importance.value = 1, 3, 5
    plan.rate.save.click()
    sql = next(s for s in store.all(Skill) if s.name == "SQL")
    assert (sql.current_level, sql.needed_level, sql.importance) == (1, 3, 5)

    plan.tabs.selected_index = 3
    assert "importance (1-5) x gap" in plan.priorities.formula.value
    assert "SQL: importance 5 x gap 2 = 10" in plan.priorities.ranked_html.value
    assert plan.priorities.dumbbell_out.outputs and plan.priorities.ie_out.outputs and plan.priorities.heat_out.outputs

    plan.tabs.selected_index = 4
    plan.plan.form.skill.value = sql.id
    plan.plan.form.start.value = dt.date(2026, 12, 1)
    plan.plan.form.template.value = "course_intro"
    assert "SQL" in plan.plan.form.what.value and plan.plan.form.due.value == dt.date(2026, 12, 29)
    plan.plan.form.save.click()
    [action] = store.all(Action)
    assert action.skill_id == sql.id and action.if_then.startswith("If it is Tuesday")
    assert "specific, measurable and dated" in plan.plan.form.smart.value
    assert plan.plan.timeline_out.outputs
    plan.plan.ics_make.click()
    assert 'download="skill-plan-' in plan.plan.ics_link.value
    import base64
    data = base64.b64decode(plan.plan.ics_link.value.split("base64,")[1].split('"')[0])
    events = [c for c in Calendar.from_ical(data).walk() if c.name == "VEVENT"]
    assert [e["DTSTART"].dt for e in events] == [dt.date(2026, 12, 1), dt.date(2026, 12, 29)]


def test_removed_candidates_do_not_come_back(plan, store):
    _paste_three(plan)
    plan.tabs.selected_index = 1
    plan.confirm.tick(False)
    for name, box in plan.confirm.boxes.items():
        box.value = name == "Snowflake"
    plan.confirm.remove.click()
    plan.confirm.refresh()
    assert "Snowflake" not in plan.confirm.boxes


def test_a_posting_can_be_edited_and_deleted(plan, store):
    _paste_three(plan)
    p = store.all(Posting)[0]
    plan.gather.postings.pick.value = p.id
    assert plan.gather.postings.save.description == "Save changes"
    plan.gather.postings.role.value = "Insight Analyst"
    plan.gather.postings.text.value = p.text + "\nNice to have: Tableau"
    plan.gather.postings.save.click()
    edited = store.get(Posting, p.id)
    assert edited.role == "Insight Analyst" and "Tableau" in edited.skills_preferred
    plan.gather.postings.pick.value = p.id
    plan.gather.postings.delete.ask()
    assert "Insight Analyst" in plan.gather.postings.delete.question.value  # names what goes
    plan.gather.postings.delete.confirm()
    assert store.get(Posting, p.id) is None and len(store.all(Posting)) == 2


def test_an_empty_paste_shows_one_sentence_and_saves_nothing(plan, store):
    plan.gather.postings.text.value = "   "
    plan.gather.postings.save.click()
    assert "paste the text of a job advert" in plan.gather.postings.save.notice.value
    assert store.all(Posting) == []


def test_a_due_date_before_the_start_is_explained_not_saved(plan, store):
    [s] = skills.confirm(store, ["SQL"])
    plan.tabs.selected_index = 4
    plan.plan.form.skill.value = s.id
    plan.plan.form.what.value = "SQL course"
    plan.plan.form.start.value = dt.date(2026, 12, 10)
    plan.plan.form.due.value = dt.date(2026, 12, 1)
    plan.plan.form.save.click()
    assert "before the start date" in plan.plan.form.save.notice.value
    assert store.all(Action) == []


def test_weights_are_set_with_number_boxes_and_kept(plan, store):
    plan.tabs.selected_index = 3
    plan.priorities.w_freq.value, plan.priorities.w_fb.value = 2.0, 0.0
    plan.priorities.apply.click()
    assert skills.weights(store) == {"frequency": 2.0, "feedback": 0.0}
    assert "frequency weight 2" in plan.priorities.formula.value


def test_progress_logs_hours_marks_done_and_keeps_re_ratings(plan, store):
    [s] = skills.confirm(store, ["Tableau"])
    skills.save_action(store, Action(skill_id=s.id, what="Tableau course",
                                     start_on=dt.date(2026, 12, 1)))
    plan.tabs.selected_index = 5
    plan.progress.log_hours.value = 2.5
    plan.progress.log_add.click()
    plan.progress.log_done.click()
    [a] = store.all(Action)
    assert a.hours_logged == 2.5 and a.status == "done"
    assert "1 of 1 planned action done" in plan.progress.summary.value
    plan.progress.rr_level.value = 2
    plan.progress.rr_save.click()
    assert store.get(Skill, s.id).current_level == 2
    assert plan.progress.levels_out.outputs and "Tableau" in plan.progress.levels_text.value


def test_user_text_is_escaped_in_the_page(plan, store):
    plan.gather.postings.role.value = "<img src=x onerror=alert(1)>"
    plan.gather.postings.text.value = "We need SQL and <script>alert(1)</script> " * 3
    plan.gather.postings.save.click()
    assert "<img" not in plan.gather.postings.listing.value and "&lt;img" in plan.gather.postings.listing.value


def test_no_slider_is_used_for_values_a_person_sets(plan):
    import ipywidgets as w

    def walk(widget):
        yield widget
        for child in getattr(widget, "children", ()):
            yield from walk(child)

    found = list(walk(plan))
    assert not [x for x in found if isinstance(x, (w.IntSlider, w.FloatSlider))]
    unlabeled = [x for x in found if isinstance(x, (w.Text, w.Textarea, w.Dropdown,
                                                    w.BoundedFloatText, w.DatePicker))
                 and not x.description]
    assert not unlabeled


def test_the_app_opens_on_the_demo_persona(workbook_home, monkeypatch):
    from workbook import sample

    sample.create("demo")
    monkeypatch.setenv("WORKBOOK_PROFILE", "demo")
    page = ui.app()
    assert "Skill-gap plan" in page.children[1].value


def _box(plan, name):
    return plan.confirm.boxes[name]


def test_a_skill_unticked_before_keeping_stays_unticked(plan, store):
    _paste_three(plan)
    for note in FEEDBACK:
        plan.gather.feedback.text.value = note
        plan.gather.feedback.save.click()
    plan.tabs.selected_index = 1
    suggested = [n for n, box in plan.confirm.boxes.items() if box.value]
    keep, leave = suggested[0], suggested[1]
    for name, box in plan.confirm.boxes.items():
        box.value = name == keep or (box.value and name != leave)
    _box(plan, leave).value = False
    plan.confirm.keep.click()
    assert leave not in {s.name for s in store.all(Skill) if s.confirmed}
    assert _box(plan, leave).value is False  # not ticked again behind the person's back
    plan.tabs.selected_index = 0
    plan.tabs.selected_index = 1
    assert _box(plan, leave).value is False


def test_the_ranking_reads_as_reasons_with_the_formula_one_click_away(plan, store):
    [s] = skills.confirm(store, ["SQL"])
    skills.update_skill(store, s.id, current_level=1, needed_level=3, importance=5)
    plan.tabs.selected_index = 3
    html = plan.priorities.ranked_html.value
    shown, _, hidden = html.partition("<details")
    assert "SQL: it is central to the roles you want" in shown
    assert "x gap" not in shown and "importance 5 x gap 2 = 10" in hidden
    assert "<summary>" in hidden


def test_the_rating_table_names_the_kind_of_gap_in_words(plan, store):
    [s] = skills.confirm(store, ["SQL"])
    skills.update_skill(store, s.id, gap_kind="evidence")
    plan.tabs.selected_index = 2
    assert "Show it" in plan.rate.table.value
    assert "evidence" not in plan.rate.table.value


def test_a_new_idea_replaces_the_if_then_plan_the_last_idea_wrote(plan, store):
    [s] = skills.confirm(store, ["SQL"])
    plan.tabs.selected_index = 4
    plan.plan.form.skill.value = s.id
    ideas = [v for _, v in plan.plan.form.template.options if v]
    plan.plan.form.template.value = ideas[0]
    first = plan.plan.form.if_then.value
    second = next(t for t in skills.action_library() if t["id"] in ideas[1:]
                  and t.get("if_then") and t["if_then"] != first)
    plan.plan.form.template.value = second["id"]
    assert plan.plan.form.if_then.value == second["if_then"]
    plan.plan.form.if_then.value = "If it is Monday, then I read one chapter."
    plan.plan.form.template.value = ideas[0]
    assert plan.plan.form.if_then.value == "If it is Monday, then I read one chapter."  # typed: kept


def test_a_pasted_posting_is_kept_as_a_draft_and_offered_back(plan, store):
    text = (POSTINGS / "01_data_analyst.txt").read_text("utf-8")
    plan.gather.postings.text.value = text  # typed, then the tab is closed
    again = ui.SkillGapPlan(Context(store, Messages(), SafetyPanel()))
    postings = again.gather.postings
    assert postings.drafts.offer.layout.display is None
    assert "Unfinished job description" in postings.drafts.text.value
    postings.drafts.go_on.click()
    assert postings.text.value == text
    postings.save.click()
    assert len(store.all(Posting)) == 1
    assert store.draft(postings.KEY) == ""  # saved: nothing left to offer


def test_opening_a_saved_posting_to_edit_it_is_not_a_draft(plan, store):
    _paste_three(plan)
    postings = plan.gather.postings
    postings.pick.value = store.all(Posting)[0].id
    assert not postings.drafts.unfinished()
    again = ui.SkillGapPlan(Context(store, Messages(), SafetyPanel()))
    assert again.gather.postings.drafts.offer.layout.display == "none"


def test_deleting_a_skill_asks_first_naming_it(plan, store):
    [s] = skills.confirm(store, ["SQL"])
    plan.tabs.selected_index = 2
    plan.rate.delete.ask_button.click()
    assert "Delete SQL?" in plan.rate.delete.question.value
    assert store.get(Skill, s.id) is not None
    plan.rate.delete.confirm()
    assert store.get(Skill, s.id) is None
