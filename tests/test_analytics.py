"""Search-analytics definitions, checked on small hand-made histories whose answers were
worked out by hand (DESIGN section 4)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from workbook import analytics as a
from workbook.applications import from_records

AS_OF = dt.date(2026, 4, 1)


def app(id, applied=None, stage="applied", outcome="open", **kw):
    return {"id": id, "applied_on": applied, "stage": stage, "outcome": outcome, **kw}


# Nine rows, as of 1 April 2026, threshold 30 days. Worked by hand:
#   applications 8 (E is only saved); old enough 6 (D and H were sent in the last 30 days)
#   any reply: A, C, G, I = 4 of 6      screen or further: A, G, I = 3 of 6
#   interview: A, I = 2 of 6            offer: I = 1 of 6; offers per interview 1 of 2
#   no reply: B (open, silent 86 days), F (marked no_response) = 2 of 6
#   days to first reply: A 19, C 10, G 7, I 7 -> median 8.5 over 4
#   days to rejection: A 31, C 10 -> median 20.5 over 2
HISTORY = [
    app("A", "2026-01-01", "interview", "rejected", interview_on="2026-01-20",
        closed_on="2026-02-01", source="referral", referral=True),
    app("B", "2026-01-05"),
    app("C", "2026-01-05", "applied", "rejected", closed_on="2026-01-15", source="job_board"),
    app("D", "2026-03-20"),
    app("E", None, "saved"),
    app("F", "2026-02-01", "applied", "no_response", source="job_board"),
    app("G", "2026-01-10", "screen", "open", screen_on="2026-01-17", source="linkedin"),
    app("H", "2026-03-25", "applied", "no_response"),
    app("I", "2026-01-02", "offer", "accepted", first_response_on="2026-01-09",
        offer_on="2026-02-10", source="referral", referral=True),
]


@pytest.fixture
def history():
    return from_records(HISTORY)


def test_summary_counts_applications_and_leaves_out_saved_and_recent(history):
    s = a.summary(history, as_of=AS_OF)
    assert (s.applications, s.saved, s.counted, s.too_recent) == (8, 1, 6, 2)


def test_summary_rates_match_hand_worked_answers(history):
    s = a.summary(history, as_of=AS_OF)
    assert (s.response.numerator, s.response.denominator) == (4, 6)
    assert (s.positive.numerator, s.positive.denominator) == (3, 6)
    assert (s.interview.numerator, s.interview.denominator) == (2, 6)
    assert (s.offer.numerator, s.offer.denominator) == (1, 6)
    assert (s.offers_per_interview.numerator, s.offers_per_interview.denominator) == (1, 2)
    assert (s.no_response.numerator, s.no_response.denominator) == (2, 6)


def test_median_days_to_first_response_and_to_rejection_carry_their_counts(history):
    s = a.summary(history, as_of=AS_OF)
    assert (s.days_to_first_response.days, s.days_to_first_response.count) == (8.5, 4)
    assert (s.days_to_rejection.days, s.days_to_rejection.count) == (20.5, 2)


def test_rejected_after_interview_still_counts_as_interviewed():
    df = from_records([app("A", "2026-01-01", "interview", "rejected",
                           interview_on="2026-01-20", closed_on="2026-02-01")])
    s = a.summary(df, as_of=AS_OF)
    assert s.interview.numerator == 1
    f = a.funnel(df, as_of=AS_OF).set_index("stage")
    assert f.loc["interview", "reached"] == 1 and f.loc["screen", "reached"] == 1
    edges = {(r.source, r.target): r.count for r in a.flows(df, as_of=AS_OF).itertuples()}
    assert edges == {("Applied", "Screen or first call"): 1,
                     ("Screen or first call", "Interview"): 1,
                     ("Interview", "Rejected"): 1}


def test_a_later_stage_date_raises_the_furthest_stage_reached():
    # The tracker still says "applied", but an interview date was recorded.
    df = from_records([app("A", "2026-01-01", "applied", "rejected", interview_on="2026-01-20")])
    assert a.summary(df, as_of=AS_OF).interview.numerator == 1


def test_no_reply_counts_only_applications_older_than_the_threshold():
    df = from_records([
        app("old", "2026-03-02"),     # exactly 30 days before 1 April: old enough, silent
        app("new", "2026-03-03"),     # 29 days: too recent to call it silence
        app("marked_new", "2026-03-20", outcome="no_response"),  # recent: not counted yet
    ])
    s = a.summary(df, as_of=AS_OF)
    assert (s.no_response.numerator, s.no_response.denominator) == (1, 1)
    assert s.too_recent == 2


def test_threshold_is_a_parameter():
    df = from_records([app("x", "2026-03-20")])  # 12 days old
    assert a.summary(df, as_of=AS_OF, no_response_after_days=10).no_response.numerator == 1
    assert a.summary(df, as_of=AS_OF, no_response_after_days=30).no_response.denominator == 0


def test_silence_depends_on_as_of_not_on_anything_stored():
    df = from_records([app("x", "2026-03-20")])
    assert a.summary(df, as_of="2026-03-25").no_response.numerator == 0
    assert a.summary(df, as_of="2026-05-25").no_response.numerator == 1


def test_applications_sent_after_as_of_do_not_exist_yet(history):
    s = a.summary(history, as_of="2026-01-03")  # only A (1 Jan) and I (2 Jan) were sent
    assert s.applications == 2


def test_response_rate_leaves_out_recent_replies_as_well_as_recent_silence():
    # A quick recent reply must not inflate the rate while recent silence is left out.
    df = from_records([app("old", "2026-01-01"),
                       app("quick", "2026-03-28", "applied", "rejected", closed_on="2026-03-30")])
    s = a.summary(df, as_of=AS_OF)
    assert (s.response.numerator, s.response.denominator) == (0, 1)
    assert s.days_to_first_response.count == 0


def test_undated_applications_count_as_old_enough():
    df = from_records([app("x", None, "applied", "open"), app("y", None, "screen", "rejected")])
    s = a.summary(df, as_of=AS_OF)
    assert (s.counted, s.too_recent, s.undated) == (2, 0, 2)
    assert s.response.numerator == 1


def test_an_empty_history_gives_zeros_and_a_friendly_sentence():
    s = a.summary(from_records([]), as_of=AS_OF)
    assert s.applications == 0 and s.response.value is None
    assert "import" in s.sentence()
    assert a.funnel(from_records([]), as_of=AS_OF)["reached"].tolist() == [0, 0, 0, 0]
    assert a.flows(from_records([]), as_of=AS_OF).empty
    assert a.diagnosis(from_records([]), as_of=AS_OF)[0].key == "empty"


# ---------------------------------------------------------------- intervals and small data

def test_wilson_interval_known_values():
    low, high = a.wilson(5, 10)
    assert low == pytest.approx(0.2366, abs=1e-4) and high == pytest.approx(0.7634, abs=1e-4)
    low, high = a.wilson(0, 10)
    assert low == 0.0 and high == pytest.approx(0.2775, abs=1e-4)
    low, high = a.wilson(10, 10)
    assert high == 1.0 and low == pytest.approx(0.7225, abs=1e-4)


def test_wilson_interval_of_nothing_is_undefined():
    low, high = a.wilson(0, 0)
    assert pd.isna(low) and pd.isna(high)


def test_small_numbers_are_shown_as_counts_never_a_bare_percentage(history):
    s = a.summary(history, as_of=AS_OF)
    assert not s.enough
    assert s.response.text() == "4 of 6: not enough yet to tell"
    assert "%" not in s.response.text()


def test_twenty_applications_are_enough_to_show_a_percentage():
    rows = [app(f"r{i}", "2026-01-05", "applied", "rejected" if i < 5 else "open")
            for i in range(20)]
    s = a.summary(from_records(rows), as_of=AS_OF)
    assert s.enough
    assert s.response.text().startswith("25% (5 of 20; likely between")


def test_breakdown_says_when_a_group_is_too_small():
    rows = ([app(f"j{i}", "2026-01-05", source="job_board") for i in range(18)]
            + [app(f"r{i}", "2026-01-05", "screen", "open", source="referral")
               for i in range(4)])
    table = a.breakdown(from_records(rows), "source", as_of=AS_OF).set_index("group")
    assert table.loc["Referral", "note"].startswith("not enough yet to tell")
    assert not table.loc["Referral", "enough"]
    assert table.loc["Job board", "enough"]
    assert table.loc["Referral", "positive"] == 4 and table.loc["Referral", "counted"] == 4
    assert table.loc["Job board", "positive_high"] == pytest.approx(a.wilson(0, 18)[1])


def test_breakdown_with_few_applications_overall_marks_every_group():
    table = a.breakdown(from_records(HISTORY), "source", as_of=AS_OF)
    assert not table["enough"].any()
    assert table["note"].str.contains("fewer than 20 overall").all()


def test_breakdown_by_tailored_and_referral_keeps_unknown_apart():
    df = from_records([app("t", "2026-01-05", tailored=True), app("f", "2026-01-05",
                       tailored=False), app("u", "2026-01-05")])
    groups = set(a.breakdown(df, "tailored", as_of=AS_OF)["group"])
    assert groups == {"yes", "no", "not recorded"}


def test_breakdown_by_role_ignores_case_and_spaces():
    df = from_records([app("1", "2026-01-05", role="Data Analyst"),
                       app("2", "2026-01-05", role=" data analyst "),
                       app("3", "2026-01-05", role="")])
    table = a.breakdown(df, "role", as_of=AS_OF).set_index("group")
    assert table.loc["Data Analyst", "applications"] == 2
    assert table.loc["role not recorded", "applications"] == 1


def test_breakdown_by_weekday_uses_the_day_applied():
    df = from_records([app("mon", "2026-01-05"), app("tue", "2026-01-06"),
                       app("tue2", "2026-01-13")])
    table = a.breakdown(df, "weekday", as_of=AS_OF).set_index("group")
    assert table.loc["Tuesday", "applications"] == 2 and table.loc["Monday", "applications"] == 1


# ---------------------------------------------------------------- funnel and flows

def test_funnel_counts_furthest_stage_and_stage_to_stage_conversion(history):
    f = a.funnel(history, as_of=AS_OF).set_index("stage")
    assert f["reached"].tolist() == [8, 3, 2, 1]   # A, G, I screen+; A, I interview; I offer
    assert f["stopped_here"].tolist() == [5, 1, 1, 1]
    assert f.loc["interview", "from_previous"] == pytest.approx(2 / 3)
    assert f.loc["offer", "from_previous"] == pytest.approx(1 / 2)


def test_flows_end_each_application_in_its_outcome(history):
    edges = {(r.source, r.target): r.count for r in a.flows(history, as_of=AS_OF).itertuples()}
    assert edges == {
        ("Applied", "Screen or first call"): 3,
        ("Screen or first call", "Interview"): 2,
        ("Interview", "Offer"): 1,
        ("Applied", "No reply"): 3,            # B silent, F and H marked
        ("Applied", "Rejected"): 1,            # C
        ("Applied", "Waiting (recent)"): 1,    # D
        ("Screen or first call", "Still in progress"): 1,  # G
        ("Interview", "Rejected"): 1,          # A
        ("Offer", "Accepted"): 1,              # I
    }
    # Every application leaves Applied exactly once.
    out_of_applied = sum(c for (s, _), c in edges.items() if s == "Applied")
    assert out_of_applied == 8


# ---------------------------------------------------------------- timing and cadence

def test_response_times_fall_into_bins(history):
    rt = a.response_times(history, as_of=AS_OF).set_index("bin")
    assert rt.loc["4-7 days", "forward"] == 2      # G and I after 7 days
    assert rt.loc["1-2 weeks", "other"] == 1       # C rejected after 10 days
    assert rt.loc["2-3 weeks", "forward"] == 1     # A interviewed after 19 days
    assert rt["total"].sum() == 4


def test_weekly_cadence_fills_empty_iso_weeks_and_carries_the_goal():
    df = from_records([app("1", "2026-03-02"), app("2", "2026-03-04"), app("3", "2026-03-18")])
    c = a.weekly_cadence(df, weekly_goal=5, as_of="2026-03-20")
    assert c.table["week"].tolist() == ["2026-W10", "2026-W11", "2026-W12"]
    assert c.table["applications"].tolist() == [2, 0, 1]
    assert (c.table["goal"] == 5).all()
    assert c.recent_average == pytest.approx(1.0)
    assert "goal is 5" in c.sentence()


def test_cadence_note_when_many_applications_a_week_meet_no_replies():
    rows = [app(f"{w}-{i}", (dt.date(2026, 1, 5) + dt.timedelta(weeks=w)).isoformat())
            for w in range(3) for i in range(12)]
    note = a.weekly_cadence(from_records(rows), 10, as_of=AS_OF).note
    assert note and "apply harder" not in note and "approach" in note


def test_no_cadence_note_when_replies_come_back():
    rows = [app(f"{w}-{i}", (dt.date(2026, 1, 5) + dt.timedelta(weeks=w)).isoformat(),
                "applied", "rejected" if i < 3 else "open")
            for w in range(3) for i in range(12)]
    assert a.weekly_cadence(from_records(rows), 10, as_of=AS_OF).note == ""


def test_activity_grid_has_one_cell_per_day_whatever_the_rows():
    grid = a.activity(from_records(HISTORY), as_of=AS_OF, weeks=4)
    assert len(grid) == 28
    assert grid["applications"].sum() == 2  # D (20 March) and H (25 March) in the last 4 weeks


# ---------------------------------------------------------------- diagnosis

def _silent_history(n=30):
    return from_records([app(f"s{i}", "2026-01-05") for i in range(n)]
                        + [app("g", "2026-01-05", "screen", "rejected")])


def test_diagnosis_points_silence_at_targeting_resume_and_channel():
    findings = a.diagnosis(_silent_history(), as_of=AS_OF)
    first = findings[0]
    assert first.key == "after_applying" and first.biggest
    words = first.text.lower()
    assert "targeting" in words and "resume" in words and "channel" in words
    assert "03_skill_gap_plan.ipynb" in [link for _, link in first.links]
    assert first.evidence.startswith("Of 31 applications old enough to judge, 30 ended")
    assert "(30 of them with no reply at all)" in first.evidence


def test_diagnosis_points_losses_after_interviews_at_practice_and_fit():
    rows = ([app(f"i{i}", "2026-01-05", "interview", "rejected") for i in range(8)]
            + [app(f"s{i}", "2026-01-05", "screen", "open" if i else "rejected")
               for i in range(2)])
    findings = {f.key: f for f in a.diagnosis(from_records(rows), as_of=AS_OF)}
    f = findings["after_interviews"]
    assert "interview practice" in f.text and "fit" in f.text
    assert "02_interview_reflection.ipynb" in [link for _, link in f.links]
    assert f.evidence.startswith("Of 8 applications that reached an interview and are "
                                 "settled, 8 did not lead to an offer")


def test_diagnosis_says_how_uncertain_it_is():
    small = a.diagnosis(from_records(HISTORY), as_of=AS_OF)
    assert all("not enough yet to tell" in f.uncertainty for f in small if f.uncertainty)
    big = a.diagnosis(_silent_history(), as_of=AS_OF)
    assert "could plausibly be anywhere from" in big[0].uncertainty


def test_diagnosis_when_everything_is_too_recent_says_it_is_too_early():
    df = from_records([app("x", "2026-03-25")])
    assert a.diagnosis(df, as_of=AS_OF)[0].key == "all_recent"


def test_biggest_loss_point_weighs_the_uncertainty_of_small_steps():
    # 38 of 48 lost after applying vs 4 of 5 after interviews: 4 of 5 could be chance.
    rows = ([app(f"a{i}", "2026-01-05") for i in range(38)]
            + [app(f"s{i}", "2026-01-05", "screen", "rejected") for i in range(5)]
            + [app(f"i{i}", "2026-01-05", "interview", "rejected") for i in range(4)]
            + [app("o", "2026-01-05", "offer", "accepted")])
    assert a.biggest_loss_point(from_records(rows), as_of=AS_OF) == "after_applying"


# ---------------------------------------------------------------- the rest

def test_reference_figures_each_carry_a_source_and_a_year():
    figures = a.reference_figures()
    assert any("1 in 16" in f["text"] for f in figures)
    assert any("1 in 152" in f["text"] for f in figures)
    for f in figures:
        assert f["source"] and isinstance(f["year"], int) and 1990 < f["year"] <= 2026


def test_as_of_may_be_a_timezone_aware_time_on_the_persons_own_day():
    late_evening = dt.datetime(2026, 4, 1, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-7)))
    df = from_records([app("x", "2026-03-02")])
    assert a.summary(df, as_of=late_evening).as_of == dt.date(2026, 4, 1)


def test_filtered_keeps_date_range_source_and_role(history):
    kept = a.filtered(history, start="2026-01-03", end="2026-01-31", sources=["job_board"])
    assert sorted(kept["application_id"]) == ["C"]
    assert list(a.filtered(history, roles=["Nobody"])["application_id"]) == []


def test_analyse_gives_every_table_the_notebook_shows(history):
    r = a.analyse(history, as_of=AS_OF, weekly_goal=3)
    assert r.summary.applications == 8
    assert set(r.breakdowns) == set(a.BREAKDOWNS)
    assert r.cadence.goal == 3 and not r.flows.empty and len(r.diagnosis) >= 1
    assert r.summary.to_dict()["response"]["numerator"] == 4


def test_activity_grid_of_a_recent_search_starts_near_its_first_week():
    grid = a.activity(from_records([app("x", "2026-03-25")]), as_of=AS_OF, weeks=26)
    assert len(grid) == 8 * 7
    assert grid["applications"].sum() == 1
