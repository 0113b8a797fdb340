"""Interview reflection core: rounds, debrief, question log, feedback, skill plan, patterns,
content files and persistence."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from workbook import reflection as rf
from workbook.errors import WorkbookError
from workbook.records import Application, Draft, Feedback, Interview, Question, Skill
from workbook.store import Store


def _round(store, company="Acme", role="Data analyst", on=dt.date(2026, 11, 10), **kw):
    app = rf.add_application(store, company, role)
    return app, rf.save_round(store, None, application_id=app.id, on=on, **kw)


# ---------------------------------------------------------------- content

def test_question_bank_has_at_least_sixty_questions_with_known_category_and_competency():
    bank = rf.question_bank()
    comps = {c["id"] for c in rf.competencies()}
    assert len(bank) >= 60
    assert len({q["id"] for q in bank}) == len(bank)
    for q in bank:
        assert q["category"] in rf.CATEGORIES, q
        assert q["competency"] in comps, q
        assert q["text"].strip()
    assert {q["category"] for q in bank} >= {"behavioural", "situational", "technical",
                                            "motivation", "company", "salary", "my_questions"}


def test_content_files_say_who_wrote_them():
    from workbook.content import load_text

    for name in ("question_bank.csv", "competencies.csv",
                 *[f"email_templates/{t}.txt" for t in rf.TEMPLATES]):
        assert "workbook team" in load_text(name).splitlines()[0], name
    assert "workbook team" in rf.prompts()["_about"]


def test_competency_list_is_naces_eight_with_attribution():
    comps = rf.competencies()
    assert len(comps) == 8
    assert {c["source"] for c in comps} == {"NACE 2021"}
    assert "Critical Thinking" in {c["name"] for c in comps}


def test_every_debrief_step_has_a_prompt_and_an_example():
    steps = rf.prompts()["steps"]
    assert tuple(s["id"] for s in steps) == rf.STEPS
    for s in steps:
        assert s["prompt"].strip() and s["example"].strip()


# ---------------------------------------------------------------- rounds

def test_new_round_moves_an_applied_application_to_the_interview_stage(store):
    app = store.save(Application(company="Acme", role="Analyst", stage="applied"))
    rf.save_round(store, None, application_id=app.id, on=dt.date(2026, 11, 3), stage="interview")
    again = store.get(Application, app.id)
    assert again.stage == "interview"
    assert again.interview_on == dt.date(2026, 11, 3)


def test_round_for_a_missing_application_is_refused_and_nothing_is_stored(store):
    with pytest.raises(WorkbookError, match="no longer in the history"):
        rf.save_round(store, None, application_id="gone", on=dt.date(2026, 11, 3))
    assert store.counts()["interview"] == 0


def test_confidence_outside_one_to_ten_is_refused_with_a_sentence(store):
    with pytest.raises(WorkbookError, match="between 1 and 10"):
        _round(store, confidence=11)


def test_confidence_is_recorded_at_once(store):
    _, iv = _round(store)
    rf.set_confidence(store, iv.id, 4)
    assert store.get(Interview, iv.id).confidence == 4


def test_debrief_steps_are_saved_exactly_as_typed(store):
    _, iv = _round(store)
    text = "Nervous 😬 at first,\nthen fine. «Ça va»"
    rf.save_debrief(store, iv.id, feelings=text, action_plan="Practise STAR")
    again = store.get(Interview, iv.id)
    assert again.feelings == text and again.action_plan == "Practise STAR"


def test_self_check_keeps_ratings_and_refuses_out_of_range(store):
    _, iv = _round(store)
    rf.save_self_check(store, iv.id, {"preparation": 4, "clarity": None}, note="Slouched")
    assert store.get(Interview, iv.id).self_check == {"preparation": 4, "note": "Slouched"}
    with pytest.raises(WorkbookError, match="1 to 5"):
        rf.save_self_check(store, iv.id, {"clarity": 9})
    assert store.get(Interview, iv.id).self_check["preparation"] == 4


def test_deleting_a_round_takes_its_questions_feedback_and_drafts_but_keeps_skills(store):
    app, iv = _round(store)
    rf.save_question(store, iv.id, bank_id="q01", rating=3)
    fb = rf.save_feedback(store, iv.id, text="More structure", competencies=["communication"])
    store.save(rf.make_draft(store, "thank_you", iv.id))
    rf.send_to_skill_plan(store, "Communication", fb.id)
    gone = rf.delete_round(store, iv.id)
    assert gone == {"question": 1, "feedback": 1, "draft": 1, "interview": 1}
    counts = store.counts()
    assert counts["interview"] == counts["question"] == counts["feedback"] == 0
    assert counts["draft"] == 0 and counts["skill"] == 1 and counts["application"] == 1


# ---------------------------------------------------------------- questions

def test_bank_pick_fills_text_category_and_competency(store):
    _, iv = _round(store)
    q = rf.save_question(store, iv.id, bank_id="q13", rating=2)
    assert q.text.startswith("Tell me about a time you disagreed")
    assert (q.category, q.competency) == ("behavioural", "teamwork")


def test_free_question_with_star_answer_is_kept(store):
    _, iv = _round(store)
    q = rf.save_question(store, iv.id, text="Why analytics?", category="motivation",
                         star_situation="S", star_task="T", star_action="A", star_result="R",
                         rating=5, next_time="Shorter")
    again = store.get(Question, q.id)
    assert (again.star_action, again.rating, again.next_time) == ("A", 5, "Shorter")


def test_unknown_competency_is_refused(store):
    _, iv = _round(store)
    with pytest.raises(WorkbookError, match="not in the competency list"):
        rf.save_question(store, iv.id, text="Q", competency="juggling")
    assert store.counts()["question"] == 0


def test_question_rating_outside_one_to_five_is_refused(store):
    _, iv = _round(store)
    with pytest.raises(WorkbookError, match="between 1 and 5"):
        rf.save_question(store, iv.id, text="Q", rating=6)


# ---------------------------------------------------------------- feedback and skill plan

def test_feedback_skills_from_comma_text_and_linked_to_the_application(store):
    app, iv = _round(store)
    fb = rf.save_feedback(store, iv.id, text="Good SQL", from_whom="Recruiter",
                          received_on=dt.date(2026, 11, 14), skills="SQL, stakeholder mgmt, SQL",
                          competencies=["technology"])
    again = store.get(Feedback, fb.id)
    assert again.skills == ["SQL", "stakeholder mgmt"]
    assert again.application_id == app.id


def test_send_to_skill_plan_makes_an_unconfirmed_skill_from_feedback(store):
    _, iv = _round(store)
    fb = rf.save_feedback(store, iv.id, text="Examples lacked results", skills="storytelling")
    skill = rf.send_to_skill_plan(store, "storytelling", fb.id)
    again = store.get(Skill, skill.id)
    assert again.confirmed is False and again.from_feedback is True
    assert again.source_ids == [fb.id]


def test_sending_the_same_area_twice_adds_evidence_not_a_duplicate(store):
    _, iv = _round(store)
    a = rf.save_feedback(store, iv.id, text="one", skills="SQL")
    b = rf.save_feedback(store, iv.id, text="two", skills="sql")
    rf.send_to_skill_plan(store, "SQL", a.id)
    confirmed = store.all(Skill)[0]
    confirmed.confirmed = True
    store.save(confirmed)
    rf.send_to_skill_plan(store, "sql", b.id)
    skills = store.all(Skill)
    assert len(skills) == 1
    assert skills[0].source_ids == [a.id, b.id] and skills[0].confirmed is True


# ---------------------------------------------------------------- drafts and follow-ups

def test_feedback_request_needs_a_real_interview(store):
    with pytest.raises(WorkbookError, match="after a real interview"):
        rf.make_draft(store, "feedback_request", None)
    _, later = _round(store, on=store.today() + dt.timedelta(days=3))
    with pytest.raises(WorkbookError, match="not happened yet"):
        rf.make_draft(store, "feedback_request", later.id)


def test_feedback_request_asks_one_question_and_does_not_argue(store):
    _, iv = _round(store)
    d = rf.make_draft(store, "feedback_request", iv.id, to_name="Ms Park")
    assert d.body.count("?") == 1
    lowered = d.body.lower()
    for word in ("unfair", "disagree", "reconsider", "mistake", "wrong"):
        assert word not in lowered
    assert d.body.startswith("Dear Ms Park,")
    assert "Acme" in d.body and "Data analyst" in d.subject


def test_reconsider_note_carries_the_concrete_reason(store):
    _, iv = _round(store)
    d = rf.make_draft(store, "reconsider", iv.id,
                      reason="I led the migration of exactly this reporting stack last year")
    assert "led the migration of exactly this reporting stack last year." in d.body


def test_marking_sent_sets_today_and_the_templates_follow_up_gap(store):
    _, iv = _round(store)
    d = store.save(rf.make_draft(store, "keep_in_touch", iv.id))
    sent = rf.mark_sent(store, d.id)
    assert sent.sent_on == store.today()
    assert sent.follow_up_on == store.today() + dt.timedelta(days=rf.template("keep_in_touch")[0])
    with pytest.raises(WorkbookError, match="before the day"):
        rf.mark_sent(store, d.id, on=dt.date(2026, 11, 10), follow_up_on=dt.date(2026, 11, 1))


def test_follow_ups_due_this_week_are_listed_for_the_weekly_review(store):
    _, iv = _round(store)
    d = store.save(rf.make_draft(store, "feedback_request", iv.id))
    rf.mark_sent(store, d.id, on=dt.date(2026, 11, 10), follow_up_on=dt.date(2026, 11, 20))
    due = rf.follow_ups(store, as_of=dt.date(2026, 11, 20))
    assert list(due["draft_id"]) == [d.id] and bool(due["due"].iloc[0])
    assert rf.follow_ups(store, as_of=dt.date(2026, 11, 1)).empty
    assert due["company"].iloc[0] == "Acme"


# ---------------------------------------------------------------- patterns

def test_patterns_find_weak_categories_recurring_questions_and_feedback_themes(store):
    _, one = _round(store, company="A")
    _, two = _round(store, company="B")
    rf.save_question(store, one.id, bank_id="q55", rating=1)   # salary
    rf.save_question(store, two.id, bank_id="q55", rating=2)
    rf.save_question(store, two.id, bank_id="q13", rating=5)   # behavioural, teamwork
    rf.save_feedback(store, two.id, text="Vague on pay", competencies=["professionalism"],
                     skills="negotiation")
    qs = rf.questions(store)
    by_cat = rf.ratings_by(qs, "category")
    assert by_cat.iloc[0]["group"] == "salary" and by_cat.iloc[0]["mean"] == 1.5
    rec = rf.recurring(qs)
    assert list(rec["text"]) == ["What are your salary expectations?"]
    assert int(rec["rounds"].iloc[0]) == 2
    themes = rf.feedback_themes(store)
    assert set(themes["theme"]) == {"Professionalism", "negotiation"}
    weak = {w["name"]: w for w in rf.weak_areas(store)}
    assert "Professionalism" in weak and weak["Professionalism"]["feedback_ids"]
    assert "Teamwork" not in weak
    sentences = rf.pattern_sentences(store)
    assert "salary" in sentences["category"] and "1.5" in sentences["category"]
    assert "salary expectations" in sentences["recurring"]


def test_confidence_versus_outcome_says_when_too_few_are_decided(store):
    app, iv = _round(store, confidence=7)
    app = store.get(Application, app.id)
    app.outcome = "rejected"
    store.save(app)
    conf = rf.confidence_vs_outcome(store)
    assert list(conf["outcome"]) == ["rejected"] and int(conf["confidence"].iloc[0]) == 7
    assert "not enough decided" in rf.pattern_sentences(store)["confidence"]


def test_patterns_on_an_empty_profile_give_sentences_not_errors(store):
    sentences = rf.pattern_sentences(store)
    assert set(sentences) == {"category", "competency", "recurring", "confidence", "themes",
                              "early"}
    assert rf.weak_areas(store) == []


def test_charts_have_titles_and_stay_small():
    import pandas as pd

    from workbook.charts import interviews as ch

    by = pd.DataFrame({"group": ["salary"], "name": ["Salary"], "mean": [1.5], "count": [2]})
    fig = ch.ratings(by)
    assert fig.layout.title.text.startswith("How you rated")
    assert len(fig.to_json()) < 200_000
    assert "No rated" in ch.ratings(by.iloc[0:0]).layout.annotations[0].text


def test_charts_aggregate_so_figure_size_does_not_grow_with_many_questions(store):
    from workbook.charts import interviews as ch

    _, iv = _round(store)
    qs = [Question(interview_id=iv.id, text=f"Q{i % 50}", category="technical",
                   competency="technology", rating=1 + i % 5) for i in range(2000)]
    store.save_many(qs)
    df = rf.questions(store)
    assert len(ch.recurring(rf.recurring(df, min_count=1)).to_json()) < 200_000
    assert len(ch.ratings(rf.ratings_by(df, "competency")).to_json()) < 20_000


# ---------------------------------------------------------------- persistence

def test_everything_persists_when_the_store_is_reopened(store):
    _, iv = _round(store, confidence=6)
    rf.save_debrief(store, iv.id, what_happened="Panel of three")
    q = rf.save_question(store, iv.id, bank_id="q01", rating=4)
    d = rf.mark_sent(store, store.save(rf.make_draft(store, "thank_you", iv.id)).id)
    path = store.path
    store.close()
    with Store(path) as again:
        assert again.get(Interview, iv.id).what_happened == "Panel of three"
        assert again.get(Question, q.id).rating == 4
        assert again.get(Draft, d.id).sent_on == d.sent_on
        assert rf.rounds(again)["confidence"].iloc[0] == 6


def test_typing_drafts_survive_a_reopen(store):
    store.put_draft("reflection:x:went_well", "half a thought")
    path = store.path
    store.close()
    with Store(path) as again:
        assert again.draft("reflection:x:went_well") == "half a thought"


def test_works_on_the_demo_persona(workbook_home):
    from workbook import sample

    s = sample.create("demo")
    try:
        df = rf.rounds(s)
        assert len(df) >= 1
        sentences = rf.pattern_sentences(s)
        assert all(sentences.values())
        for name, iv_id in itertools.product(rf.TEMPLATES, df["interview_id"][:2]):
            d = rf.make_draft(s, name, iv_id)
            assert "{" not in d.body + d.subject
    finally:
        s.close()


def test_reflection_survives_the_export_and_restore_round_trip(store):
    from workbook import bundle

    app, iv = _round(store, confidence=5)
    rf.save_debrief(store, iv.id, why="No salary research <b>yet</b> 😅")
    rf.save_self_check(store, iv.id, {"research": 2})
    q = rf.save_question(store, iv.id, bank_id="q55", rating=1, next_time="Give a range")
    fb = rf.save_feedback(store, iv.id, text="Vague on pay", competencies=["professionalism"],
                          skills="negotiation", received_on=dt.date(2026, 11, 12))
    d = rf.mark_sent(store, store.save(rf.make_draft(store, "feedback_request", iv.id)).id)
    sk = rf.send_to_skill_plan(store, "negotiation", fb.id)
    before = {cls: {r.id: r.to_dict() for r in store.all(cls)}
              for cls in (Application, Interview, Question, Feedback, Draft, Skill)}
    data = bundle.export(store)
    bundle.restore(data, into="restored")
    with Store.open("restored") as again:
        after = {cls: {r.id: r.to_dict() for r in again.all(cls)} for cls in before}
        assert after == before
        assert again.get(Skill, sk.id).source_ids == [fb.id]
        assert again.get(Draft, d.id).follow_up_on == d.follow_up_on
        assert rf.questions(again)["rating"].tolist() == [1]
        assert again.get(Question, q.id).next_time == "Give a range"


def test_a_sent_draft_follow_up_shows_in_the_weekly_review(store):
    from workbook import review

    _, iv = _round(store)
    d = store.save(rf.make_draft(store, "thank_you", iv.id))
    today = store.today()
    rf.mark_sent(store, d.id, on=today, follow_up_on=today)
    due = review.due_follow_ups(store, today)
    assert [f.id for f in due if f.source == "draft"] == [d.id]


def test_an_area_sent_from_feedback_waits_unconfirmed_in_the_skill_plan(store):
    from workbook import skills

    _, iv = _round(store)
    fb = rf.save_feedback(store, iv.id, text="Needed more on stakeholders",
                          skills="stakeholder management")
    sent = rf.send_to_skill_plan(store, "stakeholder management", fb.id)
    cand = skills.candidates(store)
    row = cand.loc[cand["skill_id"] == sent.id].iloc[0]
    assert bool(row["from_feedback"]) and fb.id in row["source_ids"]
    assert not store.get(Skill, sent.id).confirmed


def test_confidence_chart_counts_tied_rounds_instead_of_hiding_them():
    import pandas as pd

    from workbook.charts import interviews as ch

    conf = pd.DataFrame({"label": [f"R{i}" for i in range(7)],
                         "confidence": pd.array([7, 7, 7, 5, 5, 8, 6], dtype="Int64"),
                         "outcome": ["rejected"] * 5 + ["open", "open"]})
    fig = ch.confidence_outcome(conf)
    assert "numbers: how many interviews" in fig.layout.title.text.replace("<br>", " ")
    rejected = next(t for t in fig.data if t.name == "Not selected")
    assert sorted(zip(rejected.y, rejected.text)) == [(5, "2"), (7, "3")]  # how many interviews
