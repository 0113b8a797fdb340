"""The weekly review core: this week at a glance, wins, network, follow-ups, reflection."""

from __future__ import annotations

import datetime as dt

import pytest

from workbook import review
from workbook.errors import WorkbookError
from workbook.records import (
    Action, Application, CheckIn, Contact, Draft, Interview, WeeklyReview, Win,
)

# A Wednesday; its week runs Monday 2026-11-16 to Sunday 2026-11-22.
WED = dt.date(2026, 11, 18)
MON = dt.date(2026, 11, 16)


def at(day: dt.date, hour: int, tz: str = "UTC") -> dt.datetime:
    import zoneinfo

    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=zoneinfo.ZoneInfo(tz))


def test_week_runs_monday_to_sunday_around_as_of(store):
    wk = review.week(store, as_of=WED)
    assert (wk.start, wk.end) == (MON, dt.date(2026, 11, 22))


def test_empty_week_says_so_without_pressure(store):
    wk = review.week(store, as_of=WED)
    assert wk.is_empty
    text = " ".join(wk.sentences()).lower()
    assert "resting" in text
    assert "streak" not in text


def test_week_counts_applications_replies_interviews_in_the_week_only(store):
    store.save_many([
        Application(company="A", applied_on=MON, stage="applied"),
        Application(company="B", applied_on=WED, stage="interview", outcome="rejected",
                    interview_on=WED, closed_on=WED),
        Application(company="Old", applied_on=MON - dt.timedelta(days=20),
                    first_response_on=MON + dt.timedelta(days=1), stage="screen",
                    screen_on=MON + dt.timedelta(days=1)),
        Application(company="Saved only", applied_on=MON, stage="saved"),
        Application(company="Later", applied_on=WED + dt.timedelta(days=2)),
    ])
    wk = review.week(store, as_of=WED)
    assert wk.applications == 2  # A and B; saved rows and rows after as_of do not count
    assert wk.replies == 2  # B's interview/rejection and Old's first response
    assert wk.rejections == 1
    assert wk.interviews == 2  # B's interview and Old's screen


def test_interview_record_and_its_application_date_count_once(store):
    app = store.save(Application(company="C", applied_on=MON, stage="interview",
                                 interview_on=WED))
    store.save(Interview(application_id=app.id, on=WED))
    assert review.week(store, as_of=WED).interviews == 1


def test_evening_checkin_lands_on_the_persons_own_day(store):
    store.set_setting("timezone", "America/Los_Angeles")
    # Sunday 22:00 in Los Angeles is Monday 06:00 UTC: it belongs to the Sunday week.
    sunday_evening = at(dt.date(2026, 11, 15), 22, "America/Los_Angeles")
    store.save(CheckIn(at=sunday_evening, pleasantness=-0.5))
    assert review.week(store, as_of=WED).checkins == 0
    assert review.week(store, as_of=dt.date(2026, 11, 15)).checkins == 1


def test_mood_movement_compares_with_the_week_before(store):
    store.save_many([
        CheckIn(at=at(MON - dt.timedelta(days=5), 12), pleasantness=-0.6),
        CheckIn(at=at(MON, 12), pleasantness=0.0),
        CheckIn(at=at(WED, 12), pleasantness=0.2),
    ])
    wk = review.week(store, as_of=WED)
    assert wk.checkins == 2
    assert wk.mood_avg == pytest.approx(0.1)
    assert wk.mood_prev_avg == pytest.approx(-0.6)
    assert wk.mood_moved == "lighter"
    assert any("lighter" in s for s in wk.sentences())


def test_first_week_of_checkins_has_nothing_to_compare(store):
    store.save(CheckIn(at=at(WED, 9), pleasantness=-0.3))
    assert review.week(store, as_of=WED).mood_moved == "first"


def test_week_lists_actions_done_and_drafts_sent(store):
    store.save_many([
        Action(what="SQL course module 2", status="done", done_on=MON),
        Action(what="Portfolio piece", status="doing"),
        Action(what="Done long ago", status="done", done_on=MON - dt.timedelta(days=30)),
        Draft(template="thank_you", subject="Thank you", sent_on=WED),
        Draft(template="feedback_request", subject="Not sent yet"),
    ])
    wk = review.week(store, as_of=WED)
    assert wk.actions_done == ["SQL course module 2"]
    assert wk.drafts_sent == ["Thank you"]


def test_as_of_accepts_a_timezone_aware_datetime(store):
    store.set_setting("timezone", "Asia/Tokyo")
    # 20:00 UTC on Sunday is already Monday in Tokyo: the next week.
    moment = dt.datetime(2026, 11, 15, 20, tzinfo=dt.timezone.utc)
    assert review.week(store, as_of=moment).start == MON


def test_wins_accumulate_newest_first_and_default_to_the_persons_today(store):
    review.add_win(store, "Sent five tailored applications", on=MON)
    review.add_win(store, "Finished a course module", on=WED)
    review.add_win(store, "Good talk with Sam")
    got = review.wins(store)
    assert [w.text for w in got][:2] == ["Good talk with Sam", "Finished a course module"]
    assert got[0].on == store.today()
    assert len(review.wins(store, MON, WED)) == 2


def test_empty_win_is_refused_and_nothing_is_stored(store):
    with pytest.raises(WorkbookError, match="empty"):
        review.add_win(store, "   ")
    assert store.counts()["win"] == 0


def test_win_can_be_edited_and_deleted(store):
    win = review.add_win(store, "Asked for feedback", on=MON)
    review.edit_win(store, win.id, text="Asked Dana for feedback", reward="cinema")
    again = store.get(Win, win.id)
    assert (again.text, again.reward, again.on) == ("Asked Dana for feedback", "cinema", MON)
    review.delete_win(store, win.id)
    assert store.get(Win, win.id) is None


def test_bad_edit_changes_nothing(store):
    win = review.add_win(store, "Walked in the park", on=MON)
    with pytest.raises(WorkbookError):
        review.edit_win(store, win.id, on="yesterday-ish")
    assert store.get(Win, win.id).on == MON


def test_reward_prompt_is_an_invitation_not_an_order(store):
    text = review.reward_prompt(store).lower()
    assert "reward" in text
    assert "must" not in text


def test_wins_by_week_keeps_empty_weeks(store):
    review.add_win(store, "one", on=MON)
    weeks = review.wins_by_week(store, MON - dt.timedelta(days=14), WED)
    assert weeks == [(MON - dt.timedelta(days=14), 0), (MON - dt.timedelta(days=7), 0),
                     (MON, 1)]


def test_contact_round_trips_and_can_be_edited_and_deleted(store):
    c = review.add_contact(store, "Dana", "mentor", company="Acme",
                           last_contact_on="2026-11-01", next_follow_up_on=WED,
                           notes="Ask about the data team")
    got = store.get(Contact, c.id)
    assert (got.relation, got.last_contact_on, got.next_follow_up_on) == (
        "mentor", dt.date(2026, 11, 1), WED)
    review.edit_contact(store, c.id, notes="Met for coffee")
    assert store.get(Contact, c.id).notes == "Met for coffee"
    review.delete_contact(store, c.id)
    assert review.contacts(store) == []


def test_contact_with_unknown_relation_gets_a_plain_message(store):
    with pytest.raises(WorkbookError, match="relation"):
        review.add_contact(store, "Sam", "boss")
    assert store.counts()["contact"] == 0


def test_contact_date_typo_gets_a_plain_message(store):
    with pytest.raises(WorkbookError, match="YYYY-MM-DD"):
        review.add_contact(store, "Sam", "friend", next_follow_up_on="next tuesday")


def test_due_follow_ups_include_contacts_and_sent_drafts_by_sunday(store):
    c1 = review.add_contact(store, "Dana", "mentor", next_follow_up_on=WED)
    review.add_contact(store, "Acme", "company", next_follow_up_on=MON - dt.timedelta(days=3))
    review.add_contact(store, "Later Co", "company", next_follow_up_on=MON + dt.timedelta(days=9))
    review.add_contact(store, "No date", "friend")
    app = store.save(Application(company="Globex", role="Analyst", applied_on=MON))
    store.save(Draft(template="thank_you", application_id=app.id, subject="Thanks!",
                     sent_on=MON, follow_up_on=dt.date(2026, 11, 21)))
    store.save(Draft(template="thank_you", subject="unsent", follow_up_on=WED))
    due = review.due_follow_ups(store, as_of=WED)
    assert [(f.who, f.earlier) for f in due] == [
        ("Acme", True), ("Dana", False), ("Globex - Analyst", False)]
    assert due[1].id == c1.id
    assert "Thanks!" in due[2].why


def test_marking_a_follow_up_done_moves_the_dates(store):
    c = review.add_contact(store, "Dana", "mentor", next_follow_up_on=WED)
    item = review.due_follow_ups(store, as_of=WED)[0]
    review.mark_followed_up(store, item, on=WED, next_on=WED + dt.timedelta(days=14))
    got = store.get(Contact, c.id)
    assert (got.last_contact_on, got.next_follow_up_on) == (WED, WED + dt.timedelta(days=14))
    assert review.due_follow_ups(store, as_of=WED) == []


def test_marking_a_draft_follow_up_done_clears_it(store):
    d = store.save(Draft(subject="Thanks", sent_on=MON, follow_up_on=WED))
    item = review.due_follow_ups(store, as_of=WED)[0]
    review.mark_followed_up(store, item, on=WED)
    assert store.get(Draft, d.id).follow_up_on is None


def test_follow_up_events_are_all_day_and_named(store):
    review.add_contact(store, "Dana", "mentor", next_follow_up_on=WED)
    (event,) = review.follow_up_events(review.due_follow_ups(store, as_of=WED))
    assert event["title"] == "Follow up: Dana"
    assert (event["start"], event["end"]) == (WED, None)


def test_ics_of_due_follow_ups_opens_as_a_calendar(store):
    import icalendar

    review.add_contact(store, "Dana", "mentor", next_follow_up_on=WED)
    review.add_contact(store, "Later", "friend", next_follow_up_on=WED + dt.timedelta(days=30))
    store.save(Draft(subject="Thanks", sent_on=MON, follow_up_on=dt.date(2026, 11, 20)))
    cal = icalendar.Calendar.from_ical(review.follow_ups_ics(store, as_of=WED))
    events = sorted((str(e["summary"]), e["dtstart"].dt, e["dtend"].dt)
                    for e in cal.walk("VEVENT"))
    assert events == [
        ("Follow up: Dana", WED, WED + dt.timedelta(days=1)),
        ("Follow up: Thanks", dt.date(2026, 11, 20), dt.date(2026, 11, 21))]


def test_review_is_one_per_week_and_updates_in_place(store):
    review.save_review(store, worked="Tailoring", commitments=["a", "b"], as_of=MON)
    review.save_review(store, worked="Tailoring, and calls", commitments=["a", "b", "c"],
                       as_of=WED)
    (r,) = store.all(WeeklyReview)
    assert r.week_start == MON
    assert r.commitments == ["a", "b", "c"]


def test_more_than_three_commitments_are_refused_and_nothing_stored(store):
    with pytest.raises(WorkbookError, match="three|3"):
        review.save_review(store, commitments=["a", "b", "c", "d"], as_of=WED)
    assert store.counts()["weekly_review"] == 0


def test_empty_commitment_lines_are_dropped(store):
    r = review.save_review(store, commitments=["  call Sam ", "", "   "], as_of=WED)
    assert r.commitments == ["call Sam"]


def test_last_weeks_commitments_are_there_to_look_back_on(store):
    review.save_review(store, commitments=["Send two applications"],
                       as_of=MON - dt.timedelta(days=3))
    prev = review.last_week(store, as_of=WED)
    assert prev is not None and prev.commitments == ["Send two applications"]
    assert review.last_week(store, as_of=WED + dt.timedelta(days=7)) is None


def test_review_can_be_edited_and_deleted(store):
    r = review.save_review(store, worked="x", as_of=WED)
    review.edit_review(store, r.id, change="Fewer, better applications")
    assert store.get(WeeklyReview, r.id).change == "Fewer, better applications"
    review.delete_review(store, r.id)
    assert review.reviews(store) == []


def test_deleting_something_already_gone_says_so(store):
    with pytest.raises(WorkbookError, match="no longer stored"):
        review.delete_win(store, "nope")


def test_before_consent_nothing_is_written(workbook_home):
    from workbook.store import create_profile

    s = create_profile("new")
    try:
        with pytest.raises(WorkbookError, match="agree"):
            review.add_win(s, "first win")
    finally:
        s.close()
