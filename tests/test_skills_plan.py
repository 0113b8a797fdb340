"""Skill-gap plan core: gathering, confirming, the priority formula, actions, progress,
persistence and the export/restore round trip."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from workbook import skills
from workbook.errors import WorkbookError
from workbook.records import Action, Feedback, Posting, Skill
from workbook.store import Store, create_profile

POSTINGS = Path(__file__).parent / "data" / "postings"


def _three_postings() -> str:
    names = ["01_data_analyst.txt", "13_data_scientist.txt", "17_product_manager.txt"]
    return "\n---\n".join((POSTINGS / n).read_text("utf-8") for n in names)


# ---------------------------------------------------------------- the formula by hand

def test_priority_is_importance_times_gap_without_postings_or_feedback():
    assert skills.priority(4, 2) == 8


def test_priority_is_raised_by_the_share_of_postings_and_by_feedback():
    # 5 x 2 = 10; 2 of 3 postings at weight 1 -> x 1.667; feedback at 0.5 -> x 1.5 = 25
    w = {"frequency": 1.0, "feedback": 0.5}
    assert skills.priority(5, 2, share=2 / 3, feedback=True, w=w) == pytest.approx(25.0)


def test_weights_of_zero_leave_only_importance_times_gap():
    w = {"frequency": 0.0, "feedback": 0.0}
    assert skills.priority(3, 3, share=1.0, feedback=True, w=w) == 9


def test_an_evidence_gap_counts_one_step_even_at_the_needed_level():
    assert skills.gap(3, 3, "evidence") == 1
    assert skills.gap(3, 3, "learn") == 0
    assert skills.gap(4, 2, "learn") == 0


def test_ranked_list_orders_by_score_and_explains_each_in_a_sentence(store):
    p1 = Posting(role="Data Analyst", text="x" * 50, skills_required=["SQL", "Tableau"])
    p2 = Posting(role="Data Analyst", text="y" * 50, skills_required=["SQL"])
    store.save_many([p1, p2])
    store.save_many([
        Skill(name="SQL", importance=5, current_level=1, needed_level=3, confirmed=True),
        Skill(name="Tableau", importance=3, current_level=1, needed_level=3, confirmed=True,
              from_feedback=True),
        Skill(name="Negotiation", importance=5, current_level=3, needed_level=3,
              confirmed=True)])
    df = skills.ranked(store)
    # SQL: 5*2*(1+1*2/2) = 20; Tableau: 3*2*(1+0.5)*(1.5) = 13.5; Negotiation: 0
    assert list(df["name"]) == ["SQL", "Tableau", "Negotiation"]
    assert list(df["priority"]) == [20.0, 13.5, 0.0]
    assert "2 of your 2 saved postings mention it" in df.loc[0, "explanation"]
    assert "feedback named it" in df.loc[1, "explanation"]
    assert "already at the level you need" in df.loc[2, "explanation"]


def test_changed_weights_are_kept_in_the_profile_and_change_the_ranking(store):
    store.save(Posting(role="A", text="z" * 50, skills_required=["Excel"]))
    store.save_many([Skill(name="Excel", importance=3, current_level=1, needed_level=2,
                           confirmed=True),
                     Skill(name="Coaching", importance=3, current_level=1, needed_level=2,
                           confirmed=True, from_feedback=True)])
    skills.set_weights(store, frequency=0.0, feedback=2.0)
    assert skills.weights(store) == {"frequency": 0.0, "feedback": 2.0}
    assert skills.ranked(store).loc[0, "name"] == "Coaching"


def test_a_weight_out_of_range_is_refused_in_plain_words(store):
    with pytest.raises(WorkbookError, match="from 0 to 5"):
        skills.set_weights(store, frequency=9, feedback=0.5)
    assert store.setting(skills.WEIGHTS_SETTING) is None


# ---------------------------------------------------------------- gathering and confirming

def test_three_pasted_postings_become_three_postings_with_their_skills(store):
    saved = skills.add_postings(store, _three_postings())
    assert len(saved) == 3 == len(store.all(Posting))
    assert "SQL" in saved[0].skills_required and "Python" in saved[0].skills_preferred
    assert saved[0].role.startswith("Data Analyst")


def test_an_empty_paste_is_refused_and_nothing_is_saved(store):
    with pytest.raises(WorkbookError, match="paste the text"):
        skills.add_postings(store, "  \n---\n ")
    assert store.all(Posting) == []


def test_candidates_count_postings_and_notice_feedback_before_any_score(store):
    skills.add_postings(store, _three_postings())
    skills.add_feedback(store, "Your SQL was solid but you struggled to explain your "
                               "reasoning to stakeholders.")
    df = skills.candidates(store).set_index("name")
    assert df.loc["SQL", "postings"] == 3
    assert bool(df.loc["SQL", "from_feedback"])
    assert bool(df.loc["Stakeholder management", "from_feedback"])
    assert skills.ranked(store).empty  # nothing confirmed, so no scores yet


def test_unconfirmed_skills_sent_from_reflection_appear_as_candidates(store):
    sent = Skill(name="Presentation skills", from_feedback=True, confirmed=False,
                 category="interpersonal")
    store.save(sent)
    df = skills.candidates(store)
    row = df[df["name"] == "Presentation skills"].iloc[0]
    assert row["skill_id"] == sent.id and bool(row["from_feedback"])
    skills.confirm(store, ["Presentation skills"])
    [kept] = store.all(Skill)
    assert kept.id == sent.id and kept.confirmed


def test_confirming_removing_and_adding_skills(store):
    skills.add_postings(store, _three_postings())
    skills.confirm(store, ["SQL", "Python"])
    skills.dismiss(store, ["Snowflake"])
    skills.add_own(store, "public speaking, powerbi")
    names = set(skills.candidates(store)["name"])
    assert "SQL" not in names and "Snowflake" not in names
    assert {"Public speaking", "Power BI"} <= names
    confirmed = {s.name for s in store.all(Skill) if s.confirmed}
    assert confirmed == {"SQL", "Python"}


def test_demo_style_lowercase_names_count_as_the_same_skill(store):
    store.save(Posting(role="Data Analyst", text="w" * 50,
                       skills_required=["stakeholder management"]))
    store.save(Skill(name="Stakeholder management", confirmed=True, current_level=1,
                     needed_level=3))
    assert skills.ranked(store).loc[0, "postings"] == 1


# ---------------------------------------------------------------- actions and progress

def _skill(store, **kw) -> Skill:
    sk = Skill(name=kw.pop("name", "SQL"), confirmed=True, **kw)
    store.save(sk)
    return sk


def test_library_actions_fit_the_kind_of_gap(store):
    learn = _skill(store, gap_kind="learn", category="technical")
    show = _skill(store, name="Leadership", gap_kind="evidence", category="interpersonal")
    assert "course" in {a["type"] for a in skills.suggest_actions(learn)}
    assert {a["type"] for a in skills.suggest_actions(show)} >= {"resume", "practice"}
    assert "course" not in {a["type"] for a in skills.suggest_actions(show)}


def test_a_drafted_action_is_smart_and_dated(store):
    sk = _skill(store)
    a = skills.draft_action(sk, "course_intro", dt.date(2026, 12, 1))
    assert a.due_on == dt.date(2026, 12, 29) and a.hours_per_week == 3
    assert "SQL" in a.what and skills.smart_missing(a) == []
    a.measure = ""
    assert skills.smart_missing(a) == ["say how you will know it is done"]


def test_a_due_date_before_the_start_is_refused(store):
    sk = _skill(store)
    a = Action(skill_id=sk.id, what="Course", start_on=dt.date(2026, 12, 5),
               due_on=dt.date(2026, 12, 1))
    with pytest.raises(WorkbookError, match="before the start"):
        skills.save_action(store, a)
    assert store.all(Action) == []


def test_progress_counts_done_actions_and_logged_hours(store):
    sk = _skill(store)
    a = skills.save_action(store, Action(skill_id=sk.id, what="Course one", status="done"))
    b = skills.save_action(store, Action(skill_id=sk.id, what="Course two"))
    skills.save_action(store, Action(skill_id=sk.id, what="Dropped", status="dropped"))
    skills.log_hours(store, b.id, 2.5)
    skills.log_hours(store, b.id, 1)
    assert a.done_on == store.today()
    assert skills.progress(store) == {"actions": 2, "done": 1, "doing": 0,
                                      "hours_logged": 3.5}


def test_re_rated_levels_are_kept_with_their_dates(store):
    sk = _skill(store, current_level=1, needed_level=3)
    skills.rerate(store, sk.id, 1, on=dt.date(2026, 10, 1))
    skills.rerate(store, sk.id, 2, on=dt.date(2026, 11, 1))
    hist = skills.level_history(store)
    assert list(hist["level"]) == [1, 2]
    assert store.get(Skill, sk.id).current_level == 2


def test_deleting_a_skill_deletes_its_actions(store):
    sk = _skill(store)
    skills.save_action(store, Action(skill_id=sk.id, what="Course"))
    assert skills.delete_skill(store, sk.id) == 1
    assert store.all(Action) == [] and store.all(Skill) == []


def test_impact_effort_picks_high_priority_low_effort_skills_as_quick_wins(store):
    a = _skill(store, name="SQL", importance=5, current_level=1, needed_level=3)
    _skill(store, name="Resume wording", importance=5, current_level=2, needed_level=2,
           gap_kind="evidence")
    _skill(store, name="PMP", importance=2, current_level=0, needed_level=2,
           gap_kind="requirement")
    skills.save_action(store, Action(skill_id=a.id, what="Practice", hours_per_week=1,
                                     start_on=dt.date(2026, 12, 1),
                                     due_on=dt.date(2026, 12, 15)))
    wins = set(skills.quick_wins(skills.ranked(store))["name"])
    assert "SQL" in wins and "PMP" not in wins


def test_role_matrix_shows_the_share_of_each_roles_postings(store):
    store.save_many([
        Posting(role="Data Analyst", text="a" * 50, skills_required=["SQL", "Excel"]),
        Posting(role="Data Analyst", text="b" * 50, skills_required=["SQL"]),
        Posting(role="Product Manager", text="c" * 50, skills_required=["Jira"])])
    m = skills.role_matrix(store)
    assert m.loc["SQL", "Data Analyst"] == 1.0
    assert m.loc["Excel", "Data Analyst"] == 0.5
    assert m.loc["Jira", "Product Manager"] == 1.0 and m.loc["SQL", "Product Manager"] == 0


# ---------------------------------------------------------------- persistence

def test_the_whole_plan_survives_closing_and_reopening_the_profile(store):
    skills.add_postings(store, _three_postings())
    skills.add_feedback(store, "Work on presenting your results more concisely.")
    [sk] = skills.confirm(store, ["SQL"])
    skills.update_skill(store, sk.id, current_level=1, needed_level=3, importance=5)
    skills.save_action(store, skills.draft_action(sk, "course_intro", dt.date(2026, 12, 1)))
    skills.set_weights(store, 1.5, 0.25)
    before = (skills.ranked(store).to_dict("records"), skills.plan_table(store).to_dict(
        "records"))
    path = store.path
    store.close()
    with Store(path) as again:
        after = (skills.ranked(again).to_dict("records"),
                 skills.plan_table(again).to_dict("records"))
        assert after == before
        assert skills.weights(again) == {"frequency": 1.5, "feedback": 0.25}


def test_export_then_restore_gives_back_the_plan(store):
    from workbook import bundle  # exists: a skip here would hide a failure
    skills.add_postings(store, _three_postings())
    [sk] = skills.confirm(store, ["SQL"])
    skills.rerate(store, sk.id, 2, on=dt.date(2026, 11, 1))
    skills.save_action(store, skills.draft_action(sk, "portfolio", dt.date(2026, 12, 1)))
    skills.dismiss(store, ["Snowflake"])
    data = bundle.export(store)
    bundle.restore(data, into="restored")
    with Store.open("restored") as copy:
        for kind in (Posting, Skill, Action, Feedback):
            assert [r.to_dict() for r in copy.all(kind)] == [
                r.to_dict() for r in store.all(kind)]
        assert skills.ranked(copy).to_dict("records") == skills.ranked(store).to_dict(
            "records")
        assert "Snowflake" not in set(skills.candidates(copy)["name"])


def test_a_quick_win_takes_less_effort_than_most_never_the_most(store):
    # two central skills at the usual rough guess (15 hours each, the most on the chart)
    # and one small one that needs only showing (6 hours): the central ones are not
    # "less effort", whatever their priority
    _skill(store, name="SQL", importance=5, current_level=1, needed_level=2)
    _skill(store, name="Python", importance=5, current_level=1, needed_level=2)
    _skill(store, name="Slides", importance=1, current_level=2, needed_level=2,
           gap_kind="evidence")
    df = skills.ranked(store)
    wins = skills.quick_wins(df)
    live = df[df["priority"] > 0]
    assert not set(wins["name"]) & set(live.loc[live["effort_hours"] == live[
        "effort_hours"].max(), "name"])
    assert (wins["effort_hours"] < live["effort_hours"].median()).all()


def test_each_ranked_skill_gives_its_reason_in_words(store):
    store.save_many([
        Posting(role="Data Analyst", text="x" * 50, skills_required=["SQL", "Tableau"]),
        Posting(role="Data Analyst", text="y" * 50, skills_required=["SQL"])])
    store.save_many([
        Skill(name="SQL", importance=5, current_level=1, needed_level=3, confirmed=True),
        Skill(name="Tableau", importance=3, current_level=1, needed_level=2, confirmed=True,
              from_feedback=True, gap_kind="evidence"),
        Skill(name="Negotiation", importance=5, current_level=3, needed_level=3,
              confirmed=True)])
    reasons = dict(zip(*(skills.ranked(store)[c] for c in ("name", "reason"))))
    assert reasons["SQL"] == ("SQL: it is central to the roles you want, you are two levels "
                              "short of what they need, and both of your saved postings ask "
                              "for it.")
    assert "you can do it but nothing shows it yet" in reasons["Tableau"]
    assert "feedback named it" in reasons["Tableau"]
    assert "1 of your 2 saved postings" in reasons["Tableau"]
    assert "already where the roles need you" in reasons["Negotiation"]
    assert not any(" x " in r or "=" in r for r in reasons.values())


def test_each_record_kind_of_the_plan_is_changed_and_deleted_through_the_core(store):
    [p] = skills.add_postings(store, "Data Analyst\n" + "We need SQL and Tableau. " * 4)
    assert "Python" in skills.update_posting(store, p.id, p.text + " Python required.",
                                             role="Analyst").skills_required
    f = skills.add_feedback(store, "Work on SQL.")
    assert skills.update_feedback(store, f.id, "Work on SQL and Tableau.").skills \
        >= ["SQL", "Tableau"]
    [sk] = skills.confirm(store, ["SQL"])
    a = skills.save_action(store, Action(skill_id=sk.id, what="Course"))
    assert skills.mark_done(store, a.id).done_on == store.today()
    for delete, record in ((skills.delete_posting, p), (skills.delete_feedback, f),
                           (skills.delete_action, a)):
        assert delete(store, record.id).id == record.id
        with pytest.raises(WorkbookError, match="no longer stored"):
            delete(store, record.id)
    assert store.all(Posting) == store.all(Feedback) == store.all(Action) == []
