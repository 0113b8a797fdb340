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
    return ui.SkillGapPlan(Context(store, Messages(), SafetyPanel()))


def _paste_three(plan):
    plan.post_text.value = "\n---\n".join(
        (POSTINGS / n).read_text("utf-8") for n in
        ("01_data_analyst.txt", "13_data_scientist.txt", "17_product_manager.txt"))
    plan.post_save.click()


def test_pasting_three_postings_and_two_notes_leads_to_a_dated_plan(plan, store):
    _paste_three(plan)
    assert len(store.all(Posting)) == 3
    for note in FEEDBACK:
        plan.fb_text.value = note
        plan.fb_save.click()
    assert len(store.all(Feedback)) == 2

    plan.tabs.selected_index = 1
    ticked = {c._wb_name for c in plan.checks.children if c.value}
    assert {"SQL", "Stakeholder management", "Tableau"} <= ticked
    assert skills.ranked(store).empty  # no score before confirming
    plan.keep.click()
    assert {"SQL", "Tableau"} <= {s.name for s in store.all(Skill) if s.confirmed}

    plan.tabs.selected_index = 2
    plan.rate_pick.value = next(v for k, v in plan.rate_pick.options if k == "SQL")
    plan.rate_current.value, plan.rate_needed.value, plan.rate_importance.value = 1, 3, 5
    plan.rate_save.click()
    sql = next(s for s in store.all(Skill) if s.name == "SQL")
    assert (sql.current_level, sql.needed_level, sql.importance) == (1, 3, 5)

    plan.tabs.selected_index = 3
    assert "importance (1-5) x gap" in plan.formula.value
    assert "SQL: importance 5 x gap 2 = 10" in plan.ranked_html.value
    assert plan.dumbbell_out.outputs and plan.ie_out.outputs and plan.heat_out.outputs

    plan.tabs.selected_index = 4
    plan.act_skill.value = sql.id
    plan.act_start.value = dt.date(2026, 12, 1)
    plan.act_template.value = "course_intro"
    assert "SQL" in plan.act_what.value and plan.act_due.value == dt.date(2026, 12, 29)
    plan.act_save.click()
    [action] = store.all(Action)
    assert action.skill_id == sql.id and action.if_then.startswith("If it is Tuesday")
    assert "specific, measurable and dated" in plan.act_smart.value
    assert plan.timeline_out.outputs
    plan.ics_make.click()
    assert 'download="skill-plan-' in plan.ics_link.value
    import base64
    data = base64.b64decode(plan.ics_link.value.split("base64,")[1].split('"')[0])
    events = [c for c in Calendar.from_ical(data).walk() if c.name == "VEVENT"]
    assert [e["DTSTART"].dt for e in events] == [dt.date(2026, 12, 1), dt.date(2026, 12, 29)]


def test_removed_candidates_do_not_come_back(plan, store):
    _paste_three(plan)
    plan.tabs.selected_index = 1
    plan._tick(False)
    for c in plan.checks.children:
        c.value = c._wb_name == "Snowflake"
    plan.remove.click()
    plan.refresh_confirm()
    assert "Snowflake" not in {c._wb_name for c in plan.checks.children}


def test_a_posting_can_be_edited_and_deleted(plan, store):
    _paste_three(plan)
    p = store.all(Posting)[0]
    plan.post_pick.value = p.id
    assert plan.post_save.description == "Save changes"
    plan.post_role.value = "Insight Analyst"
    plan.post_text.value = p.text + "\nNice to have: Tableau"
    plan.post_save.click()
    edited = store.get(Posting, p.id)
    assert edited.role == "Insight Analyst" and "Tableau" in edited.skills_preferred
    plan.post_pick.value = p.id
    plan.post_delete.click()
    assert store.get(Posting, p.id) is None and len(store.all(Posting)) == 2


def test_an_empty_paste_shows_one_sentence_and_saves_nothing(plan, store):
    plan.post_text.value = "   "
    plan.post_save.click()
    assert "paste the text of a job advert" in plan.ctx.messages.value
    assert store.all(Posting) == []


def test_a_due_date_before_the_start_is_explained_not_saved(plan, store):
    [s] = skills.confirm(store, ["SQL"])
    plan.tabs.selected_index = 4
    plan.act_skill.value = s.id
    plan.act_what.value = "SQL course"
    plan.act_start.value = dt.date(2026, 12, 10)
    plan.act_due.value = dt.date(2026, 12, 1)
    plan.act_save.click()
    assert "before the start date" in plan.ctx.messages.value
    assert store.all(Action) == []


def test_weights_are_set_with_number_boxes_and_kept(plan, store):
    plan.tabs.selected_index = 3
    plan.w_freq.value, plan.w_fb.value = 2.0, 0.0
    plan.w_apply.click()
    assert skills.weights(store) == {"frequency": 2.0, "feedback": 0.0}
    assert "frequency weight 2" in plan.formula.value


def test_progress_logs_hours_marks_done_and_keeps_re_ratings(plan, store):
    [s] = skills.confirm(store, ["Tableau"])
    skills.save_action(store, Action(skill_id=s.id, what="Tableau course",
                                     start_on=dt.date(2026, 12, 1)))
    plan.tabs.selected_index = 5
    plan.log_hours.value = 2.5
    plan.log_add.click()
    plan.log_done.click()
    [a] = store.all(Action)
    assert a.hours_logged == 2.5 and a.status == "done"
    assert "1 of 1 planned action done" in plan.prog_summary.value
    plan.rr_level.value = 2
    plan.rr_save.click()
    assert store.get(Skill, s.id).current_level == 2
    assert plan.levels_out.outputs and "Tableau" in plan.levels_text.value


def test_user_text_is_escaped_in_the_page(plan, store):
    plan.post_role.value = "<img src=x onerror=alert(1)>"
    plan.post_text.value = "We need SQL and <script>alert(1)</script> " * 3
    plan.post_save.click()
    assert "<img" not in plan.post_list.value and "&lt;img" in plan.post_list.value


def test_no_slider_is_used_for_values_a_person_sets(plan):
    import ipywidgets as w

    def walk(widget):
        yield widget
        for child in getattr(widget, "children", ()):
            yield from walk(child)

    found = list(walk(plan.widget))
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
    return next(c for c in plan.checks.children if c._wb_name == name)


def test_a_skill_unticked_before_keeping_stays_unticked(plan, store):
    _paste_three(plan)
    for note in FEEDBACK:
        plan.fb_text.value = note
        plan.fb_save.click()
    plan.tabs.selected_index = 1
    suggested = [c._wb_name for c in plan.checks.children if c.value]
    keep, leave = suggested[0], suggested[1]
    for c in plan.checks.children:
        c.value = c._wb_name == keep or (c.value and c._wb_name != leave)
    _box(plan, leave).value = False
    plan.keep.click()
    assert leave not in {s.name for s in store.all(Skill) if s.confirmed}
    assert _box(plan, leave).value is False  # not ticked again behind the person's back
    plan.tabs.selected_index = 0
    plan.tabs.selected_index = 1
    assert _box(plan, leave).value is False


def test_the_ranking_reads_as_reasons_with_the_formula_one_click_away(plan, store):
    [s] = skills.confirm(store, ["SQL"])
    skills.update_skill(store, s.id, current_level=1, needed_level=3, importance=5)
    plan.tabs.selected_index = 3
    html = plan.ranked_html.value
    shown, _, hidden = html.partition("<details")
    assert "SQL: it is central to the roles you want" in shown
    assert "x gap" not in shown and "importance 5 x gap 2 = 10" in hidden
    assert "<summary>" in hidden


def test_the_rating_table_names_the_kind_of_gap_in_words(plan, store):
    [s] = skills.confirm(store, ["SQL"])
    skills.update_skill(store, s.id, gap_kind="evidence")
    plan.tabs.selected_index = 2
    assert "Show it" in plan.rate_table.value
    assert "evidence" not in plan.rate_table.value


def test_a_new_idea_replaces_the_if_then_plan_the_last_idea_wrote(plan, store):
    [s] = skills.confirm(store, ["SQL"])
    plan.tabs.selected_index = 4
    plan.act_skill.value = s.id
    ideas = [v for _, v in plan.act_template.options if v]
    plan.act_template.value = ideas[0]
    first = plan.act_if.value
    second = next(t for t in skills.action_library() if t["id"] in ideas[1:]
                  and t.get("if_then") and t["if_then"] != first)
    plan.act_template.value = second["id"]
    assert plan.act_if.value == second["if_then"]
    plan.act_if.value = "If it is Monday, then I read one chapter."
    plan.act_template.value = ideas[0]
    assert plan.act_if.value == "If it is Monday, then I read one chapter."  # typed: kept
