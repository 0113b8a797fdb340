"""Recording the no: the rejection record keeps its application in step, so every view
that counts rejections sees it; what comes after (next step, feedback, follow-up, the call
script, the company card) works from it."""

from __future__ import annotations

import datetime as dt

import pytest

from workbook import analytics, bundle, emotions, reflection, rejections, report, review
from workbook.applications import frame
from workbook.errors import WorkbookError
from workbook.records import Application, Contact, Feedback, Rejection, Skill
from workbook.store import Store

MESSAGE = ("Hi Taylor,\nThanks again for coming in on Tuesday to meet the team. Your answers "
           "on the SQL exercise were really solid. In the end we've offered the role to "
           "someone with more experience in stakeholder management, which is the core of this "
           "position.\nWe'll keep your CV on file for future openings.\nBest,\nDana")


def days_ago(store, n: int) -> dt.date:
    return store.today() - dt.timedelta(days=n)


def test_saving_a_rejection_creates_its_application_rejected_at_that_stage(store):
    rej = rejections.add(store, company="Northwind", role="Analyst", stage="final",
                         channel="call", heard_on=days_ago(store, 1), wanted=5)
    (app,) = store.all(Application)
    assert (app.company, app.role, app.outcome, app.stage, app.closed_on) == (
        "Northwind", "Analyst", "rejected", "interview", days_ago(store, 1))
    assert rej.application_id == app.id and app.origin == "rejection"


def test_a_picked_application_is_updated_not_doubled_and_keeps_its_furthest_stage(store):
    app = store.save(Application(company="Acme", role="PM", stage="offer",
                                 applied_on=days_ago(store, 30)))
    rejections.add(store, application_id=app.id, stage="interview")
    (got,) = store.all(Application)
    assert got.id == app.id and got.outcome == "rejected" and got.stage == "offer"


def test_typing_the_same_company_and_role_finds_the_open_application(store):
    app = store.save(Application(company="Acme", role="PM", applied_on=days_ago(store, 9)))
    rejections.add(store, company=" acme ", role="pm", stage="screen")
    assert [a.id for a in store.all(Application)] == [app.id]
    assert store.get(Application, app.id).stage == "screen"


def test_rather_not_say_still_counts_everywhere(store):
    rejections.add(store, stage="application", heard_on=days_ago(store, 0))
    (app,) = store.all(Application)
    assert app.company == "" and app.outcome == "rejected"
    assert review.week(store).rejections == 1
    label = rejections.label(store, rejections.listed(store)[0])
    assert label == rejections.vocabulary()["not_named"]


def test_they_went_silent_is_no_response_not_a_rejection(store):
    rejections.add(store, company="Quiet Co", channel="silence")
    assert store.all(Application)[0].outcome == "no_response"


def test_analytics_mood_timeline_weekly_review_and_summary_all_see_it(store):
    heard = days_ago(store, 2)
    rejections.add(store, company="Northwind", role="Analyst", stage="interview",
                   heard_on=heard)
    df = frame(store)
    assert analytics.summary(df, as_of=store.today()) is not None
    assert (df["outcome"] == "rejected").sum() == 1
    events = emotions.events_frame(df)
    assert list(events.loc[events["kind"] == "rejection", "day"].dt.date) == [heard]
    start, end = report.default_range(store)
    assert report.search_numbers(store, start, end)["period"]["rejections"] == 1
    wk = review.week(store, heard)
    assert wk.rejections == 1 and ("Rejections recorded", "1") in wk.rows()


def test_a_pasted_message_is_read_and_its_findings_kept_as_suggestions(store):
    rej = rejections.add(store, company="Northwind", stage="interview", message=MESSAGE)
    assert rej.found["is_rejection"] is True
    assert rej.found["invites_reapply"] is True
    assert any("SQL exercise" in s for s in rej.found["feedback"])


def test_bad_values_say_what_to_fix_and_store_nothing(store):
    for kwargs, words in [
        ({"heard_on": store.today() + dt.timedelta(days=3)}, "future"),
        ({"wanted": 9}, "between 1 and 5"),
        ({"stage": "lunch"}, "must be one of"),
        ({"heard_on": "yesterday-ish"}, "YYYY-MM-DD"),
    ]:
        with pytest.raises(WorkbookError, match=words):
            rejections.add(store, company="Acme", **kwargs)
    assert store.is_empty()


def test_a_no_dated_before_the_application_is_refused(store):
    app = store.save(Application(company="Acme", applied_on=days_ago(store, 2)))
    with pytest.raises(WorkbookError, match="before the day you applied"):
        rejections.add(store, application_id=app.id, heard_on=days_ago(store, 5))
    assert store.get(Application, app.id).outcome == "open"


def test_update_moves_the_applications_closed_date_and_stage(store):
    rej = rejections.add(store, company="Acme", heard_on=days_ago(store, 5))
    rejections.update(store, rej.id, heard_on=days_ago(store, 3), stage="interview")
    app = store.all(Application)[0]
    assert app.closed_on == days_ago(store, 3) and app.stage == "interview"


def test_deleting_puts_the_application_back_or_removes_the_one_it_made(store):
    app = store.save(Application(company="Acme", applied_on=days_ago(store, 9)))
    rej = rejections.add(store, application_id=app.id, stage="screen")
    rejections.delete(store, rej.id)
    back = store.get(Application, app.id)
    assert (back.outcome, back.stage, back.closed_on) == ("open", "applied", None)
    made = rejections.add(store, company="New Co")
    rejections.delete(store, made.id)
    assert [a.id for a in store.all(Application)] == [app.id]
    assert store.all(Rejection) == []


@pytest.mark.parametrize("stage,wanted,intensity,pleasantness,step", [
    ("interview", 2, None, None, "feedback"),
    ("final", 3, 40, -0.2, "feedback"),
    ("application", 2, None, None, "targeting"),
    ("screen", 1, 30, -0.1, "targeting"),
    ("application", 5, None, None, "write"),
    ("interview", 4, 80, -0.7, "write"),
    ("screen", 2, 85, -0.8, "write"),
    ("final", 4, 50, 0.4, "feedback"),  # wanted it, but the check-in says relief
])
def test_one_next_step_chosen_from_what_this_rejection_calls_for(
        store, stage, wanted, intensity, pleasantness, step):
    rej = rejections.add(store, company="Acme", stage=stage, wanted=wanted)
    got = rejections.next_step(rej, intensity=intensity, pleasantness=pleasantness)
    assert got["id"] == step and got["title"] and got["why"]


def test_confirmed_feedback_sentences_reach_the_themes_and_the_skill_plan(store):
    rej = rejections.add(store, company="Northwind", stage="interview", message=MESSAGE)
    kept = rejections.keep_feedback(store, rej, rej.found["feedback"])
    assert len(store.all(Feedback)) == len(kept) >= 1
    themes = reflection.feedback_themes(store)
    assert "SQL" in set(themes["theme"])
    skill = next(s for s in store.all(Skill) if s.name == "SQL")
    assert skill.confirmed is False and skill.from_feedback
    assert store.get(Rejection, rej.id).feedback_ids == [fb.id for fb in kept]
    with pytest.raises(WorkbookError, match="No sentence is ticked"):
        rejections.keep_feedback(store, rej, ["  "])


def test_an_invitation_to_reapply_becomes_a_dated_follow_up_in_the_weekly_review(store):
    rej = rejections.add(store, company="Northwind", heard_on=days_ago(store, 1))
    rejections.add_reapply_follow_up(store, rej, on=days_ago(store, -3))
    (contact,) = store.all(Contact)
    assert contact.relation == "company" and contact.next_follow_up_on == days_ago(store, -3)
    due = review.due_follow_ups(store, days_ago(store, -3))
    assert [f.who for f in due] == ["Northwind"]
    default = rejections.add_reapply_follow_up(store, rej)
    assert default.next_follow_up_on == rej.heard_on + dt.timedelta(days=90)


def test_the_call_script_thanks_asks_once_keeps_the_door_open_and_argues_only_if_asked(store):
    rej = rejections.add(store, company="Northwind", role="Analyst", stage="final")
    plain = rejections.call_script(store, rej)
    assert [s["id"] for s in plain] == ["thank", "ask", "door"]
    assert "Northwind" in plain[0]["text"] and "the Analyst role" in plain[1]["text"]
    argued = rejections.call_script(store, rej, reconsider=True,
                                    reason="I shipped the same migration twice")
    assert [s["id"] for s in argued] == ["thank", "ask", "reconsider", "door"]
    assert "I shipped the same migration twice." in argued[2]["text"]


def test_the_email_reply_uses_the_existing_drafts_with_one_feedback_question(store):
    late = rejections.add(store, company="Northwind", role="Analyst", stage="interview")
    draft = rejections.reply_draft(store, late)
    assert draft.template == "rejection_reply" and "Northwind" in draft.body
    assert "one thing I could strengthen" in draft.body
    early = rejections.add(store, company="Acme", stage="application")
    assert rejections.reply_draft(store, early, ask_feedback=False).template == "keep_in_touch"


def test_the_company_card_says_what_happened_there_before_and_what_is_due(store):
    first = rejections.add(store, company="Northwind", role="Analyst", stage="interview",
                           heard_on=days_ago(store, 40))
    rejections.keep_feedback(store, first, ["Your SQL answers were solid."])
    rejections.add_reapply_follow_up(store, first, on=days_ago(store, -5))
    card = rejections.company_card(store, "northwind ", "analyst")
    text = " ".join(card["lines"])
    assert "interview" in text and "Your SQL answers were solid." in text
    assert "same role" in text
    assert card["due"] and "Follow up with Northwind" in card["due"][0]
    assert rejections.company_card(store, "Elsewhere") is None
    assert rejections.company_card(store, "") is None


def test_every_new_record_kind_survives_export_and_restore(store):
    from workbook import early_debrief, setback, writing

    rej = rejections.add(store, company="Northwind", stage="screen", message=MESSAGE,
                         wanted=4)
    writing.add(store, "expressive", "It stung. Été, 日本, emoji \U0001f600", rejection_id=rej.id)
    setback.add(store, "call a friend", "apply to ten jobs in one night")
    early_debrief.add(store, rej.id, fit="stretch", matched="SQL", tailored=False)
    before = {kind: [r.to_dict() for r in store.all(cls)]
              for kind, cls in rejections_kinds().items()}
    report_ = bundle.restore(bundle.export(store), into="copy")
    with Store.open("copy") as copy:
        after = {kind: [r.to_dict() for r in copy.all(cls)]
                 for kind, cls in rejections_kinds().items()}
    assert after == before and all(before.values()), report_


def rejections_kinds():
    from workbook.records import EarlyDebrief, SetbackPlan, Writing

    return {c.kind: c for c in (Rejection, Writing, SetbackPlan, EarlyDebrief)}


def test_the_demo_persona_records_every_rejection_as_a_rejection_record():
    from workbook import sample

    demo = sample.create("demo", dt.date(2026, 11, 22))
    rejected = {a.id for a in demo.all(Application) if a.outcome == "rejected"}
    recorded = {r.application_id for r in demo.all(Rejection)}
    assert rejected and rejected == recorded
    first = min(rejections.listed(demo), key=lambda r: r.heard_on)
    assert first.stage == "final" and first.wanted == 5 and first.found["feedback"]


def test_recovery_days_can_be_set_against_how_much_each_one_was_wanted():
    from workbook import sample

    demo = sample.create("demo", dt.date(2026, 11, 22))
    rec = rejections.recovery_by_wanted(demo, dt.date(2026, 11, 22))
    assert len(rec) == len(rejections.listed(demo)) and rec["recorded"].all()
    assert rec["wanted"].notna().all() and set(rec["wanted"]) <= {1, 2, 3, 4, 5}
    assert (rec["status"] == "back").any()
