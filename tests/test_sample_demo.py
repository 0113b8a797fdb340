"""The demo persona is believable, recent, deterministic and marked as sample data."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from workbook import sample
from workbook.errors import WorkbookError
from workbook.records import (
    KINDS, Application, CheckIn, Feedback, Interview, Question, Skill, ThoughtRecord,
)
from workbook.profiles import open_profile
from workbook.store import create_profile, profile_exists

AS_OF = dt.date(2026, 11, 22)


@pytest.fixture
def demo():
    s = sample.create("demo", AS_OF)
    yield s
    s.close()


def test_demo_is_marked_as_sample_data_with_its_settings(demo):
    assert demo.is_demo
    assert demo.consented
    assert demo.setting("display_name") == "Sam (sample)"
    assert demo.setting("weekly_goal") == 8
    assert demo.setting("no_response_after_days") == 30
    assert demo.setting("timezone")


def test_demo_has_about_eighty_applications_across_every_source(demo):
    apps = demo.all(Application)
    applied = [a for a in apps if a.stage != "saved"]
    assert 70 <= len(applied) <= 90
    assert any(a.stage == "saved" for a in apps)
    assert {a.source for a in applied} >= {"job_board", "company_site", "referral", "recruiter",
                                           "linkedin", "networking"}
    outcomes = Counter(a.outcome for a in applied)
    # mostly silence, rejections at each stage, exactly one offer
    assert outcomes["open"] + outcomes["no_response"] > len(applied) / 2
    rejected_at = {a.stage for a in applied if a.outcome == "rejected"}
    assert rejected_at >= {"applied", "screen", "interview"}
    assert sum(a.stage == "offer" for a in applied) == 1
    assert any(a.tailored for a in applied) and any(a.referral for a in applied)


def test_demo_dates_cover_twelve_recent_weeks_and_nothing_is_in_the_future(demo):
    apps = [a for a in demo.all(Application) if a.applied_on]
    first = min(a.applied_on for a in apps)
    assert (AS_OF - first).days <= 12 * 7 + 30
    for a in apps:
        for day in (a.applied_on, a.first_response_on, a.screen_on, a.interview_on,
                    a.offer_on, a.closed_on):
            assert day is None or day <= AS_OF
    offer = next(a for a in apps if a.stage == "offer")
    assert (AS_OF - offer.offer_on).days <= 14, "the offer comes late in the search"


def test_checkins_dip_after_a_rejection_and_recover(demo):
    checkins = demo.all(CheckIn)
    assert len(checkins) >= 12 * 7 / 2
    days = sorted({c.at.astimezone(demo.timezone).date() for c in checkins})
    assert max(b - a for a, b in zip(days, days[1:])) <= dt.timedelta(days=2)
    for c in checkins:
        assert -1 <= c.pleasantness <= 1 and -1 <= c.energy <= 1
        assert c.words and c.word_texts
        assert c.created == c.at
    rejection_days = [c for c in checkins if c.application_id and c.pleasantness < -0.3]
    assert rejection_days, "a rejection day shows a dip"
    dip = rejection_days[0]
    later = [c for c in checkins if dt.timedelta(days=6) <= c.at - dip.at <= dt.timedelta(days=12)]
    assert later and max(c.pleasantness for c in later) > dip.pleasantness + 0.3


def test_demo_links_records_by_id(demo):
    app_ids = {a.id for a in demo.all(Application)}
    interviews = demo.all(Interview)
    assert interviews and all(iv.application_id in app_ids for iv in interviews)
    assert any(iv.what_happened and iv.action_plan and iv.confidence for iv in interviews)
    iv_ids = {iv.id for iv in interviews}
    assert all(q.interview_id in iv_ids for q in demo.all(Question))
    (fb,) = demo.all(Feedback)
    assert fb.interview_id in iv_ids
    assert 1 <= len(demo.all(ThoughtRecord)) <= 2
    assert any(fb.id in s.source_ids for s in demo.all(Skill))


def test_demo_is_the_same_every_time_for_the_same_day():
    past = dt.date(2025, 3, 30)  # a past day: nothing is clamped to "now"
    a = sample.create("one", past)
    b = sample.create("two", past)
    assert {k: a.raw(k) for k in KINDS} == {k: b.raw(k) for k in KINDS}


def test_demo_never_replaces_a_profile_holding_own_data(store):
    store.save(Application(company="Acme", role="Analyst"))
    with pytest.raises(WorkbookError, match="own entries"):
        sample.create("tester", AS_OF, replace=True)
    assert store.counts()["application"] == 1


def test_demo_is_created_when_first_opened_and_ensure_demo_is_idempotent():
    assert not profile_exists("demo")
    with open_profile() as s:
        assert s.is_demo and s.counts()["application"] > 70
    assert sample.ensure_demo() is False


def test_ensure_demo_creates_a_missing_demo_profile():
    create_profile("someone").close()
    assert sample.ensure_demo() is True
    assert profile_exists("demo")


def test_an_untouched_old_demo_is_rebuilt_so_its_weeks_are_recent():
    old = sample.create("demo", dt.date.today() - dt.timedelta(days=40))
    old.close()
    assert sample.refresh_if_stale() is True
    with open_profile("demo") as fresh:
        latest = max(a.applied_on for a in fresh.all(Application) if a.applied_on)
        assert (fresh.today() - latest).days <= 7
    assert sample.refresh_if_stale() is False, "a fresh demo is left alone"


def test_a_demo_someone_has_written_in_is_never_rebuilt():
    with sample.create("demo", dt.date.today() - dt.timedelta(days=40)) as old:
        old.save(CheckIn(note="trying the check-in on the sample"))
    assert sample.refresh_if_stale() is False
    with open_profile("demo") as still:
        assert any(c.note == "trying the check-in on the sample" for c in still.all(CheckIn))
