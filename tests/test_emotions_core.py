"""The emotions core on hand-worked examples: vocabulary, trap rules, safety words, coping
suggestions, and the mood/recovery series."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from workbook import emotions
from workbook.applications import from_records
from workbook.errors import WorkbookError
from workbook.records import CheckIn, ThoughtRecord

UTC = dt.timezone.utc


# ---------------------------------------------------------------- vocabulary

def test_every_quadrant_has_about_twenty_words_each_with_a_definition():
    for q in emotions.QUADRANTS:
        words = emotions.words_for(q)
        assert 18 <= len(words) <= 24, q
        assert all(w.definition and w.text for w in words)
    ids = [w.id for w in emotions.vocabulary()]
    assert len(ids) == len(set(ids))


def test_feelings_file_says_who_wrote_it():
    from workbook.content import load_text

    assert load_text("feelings.csv").startswith("# Written by the workbook team")


def test_grid_position_maps_to_its_quadrant():
    assert emotions.quadrant(-0.6, 0.7) == "unpleasant_high"
    assert emotions.quadrant(-0.1, -0.9) == "unpleasant_low"
    assert emotions.quadrant(0.5, 0.5) == "pleasant_high"
    assert emotions.quadrant(0.3, -0.2) == "pleasant_low"
    assert emotions.quadrant(0.0, 0.0) == "pleasant_high"


def test_checkin_stores_word_ids_and_their_texts():
    c = emotions.make_checkin(pleasantness=-0.5, energy=-0.4,
                              word_ids=["disappointed", "let_down", "disappointed"],
                              tags=["Sleep", " talked ", "Cooked  dinner"])
    assert c.words == ["disappointed", "let_down"]
    assert c.word_texts == ["disappointed", "let down"]
    assert c.tags == ["sleep", "talked", "cooked dinner"]


def test_unknown_word_id_is_refused_in_plain_words():
    with pytest.raises(WorkbookError, match="not in the word list"):
        emotions.make_checkin(pleasantness=0, energy=0, word_ids=["grumpy_cat"])


def test_grid_numbers_outside_the_grid_are_refused():
    with pytest.raises(WorkbookError, match="pleasantness must be between -1 and 1"):
        emotions.make_checkin(pleasantness=1.5, energy=0)


# ---------------------------------------------------------------- thinking traps

def test_trap_suggestion_names_the_trap_and_the_words_that_matched():
    found = emotions.spot_traps("I should have prepared more, I'm a complete failure.")
    by_id = {s.id: s for s in found}
    assert set(by_id) == {"should_statements", "labeling"}
    assert by_id["should_statements"].cue.lower() == "should have"
    assert "failure" in by_id["labeling"].cue
    assert by_id["labeling"].question.endswith("?")


def test_curly_apostrophes_match_like_straight_ones():
    assert [s.id for s in emotions.spot_traps("I\u2019m never going to find a job.")] == [
        "fortune_telling"]


def test_a_plain_feeling_gets_no_trap_suggestion():
    assert emotions.spot_traps("I'm disappointed and tired tonight.") == []
    assert emotions.spot_traps("") == []


def test_always_never_and_everyone_point_at_a_trap_only_in_a_sentence_about_something_bad():
    # everyday uses: no suggestion
    for thought in ("I always read the job advert twice before applying.",
                    "Everyone else in the waiting room looked as nervous as I was.",
                    "I will never forget how the hiring manager thanked me."):
        assert emotions.spot_traps(thought) == [], thought
    # the same words in a sweeping verdict on oneself: suggested, with the words shown
    found = {s.id: s for s in emotions.spot_traps("I always fail at the final interview.")}
    assert "overgeneralizing" in found and found["overgeneralizing"].cue.lower() == "i always"
    assert "overgeneralizing" in {s.id for s in emotions.spot_traps(
        "Everyone else gets hired and I don't.")}
    assert "fortune_telling" in {s.id for s in emotions.spot_traps(
        "They will never want me.")}


def test_every_one_of_the_ten_traps_has_rules_a_name_and_a_question():
    assert [t["id"] for t in emotions.traps()] == list(emotions.TRAP_IDS)
    assert all(t["question"] and t["explanation"] for t in emotions.traps())


def test_thought_record_refuses_an_unknown_trap_id():
    with pytest.raises(WorkbookError, match="not one of the thinking traps"):
        emotions.make_thought_record(automatic_thought="x", traps_confirmed=["gloom"])


# ---------------------------------------------------------------- safety

@pytest.mark.parametrize("text", [
    "There's no point anymore.",
    "they'd all be better off without me",
    "I can\u2019t go on like this",
    "Honestly I feel hopeless.",
    "some days I want to end it all",
    "I don't want to be here anymore",
])
def test_crisis_words_bring_up_the_support_panel(text):
    assert emotions.crisis_check(text)


@pytest.mark.parametrize("text", [
    "I wrote a killer cover letter for this one.",
    "I'd like to end it with them on good terms.",
    "This role is dead to me.",
    "I'm dying to hear back.",
    "The interview killed me, ha.",
    "I could go on about their culture for hours.",
])
def test_ordinary_job_search_phrases_do_not_trigger_the_support_panel(text):
    assert not emotions.crisis_check(text)


def test_crisis_file_examples_hold_both_ways():
    from workbook.content import load_json

    data = load_json("crisis_phrases.json")
    assert all(emotions.crisis_check(t) for t in data["must_trigger"])
    assert not any(emotions.crisis_check(t) for t in data["must_not_trigger"])


# ---------------------------------------------------------------- coping suggestions

def test_suggestions_are_at_most_two_and_of_different_kinds():
    for q in emotions.QUADRANTS:
        for turn in range(4):
            picks = emotions.coping_suggestions(q, [], has_context=True, turn=turn)
            assert 1 <= len(picks) <= 2
            assert len({p["kind"] for p in picks}) == len(picks)


def test_no_reach_out_suggestion_when_the_person_already_talked_to_someone():
    picks = emotions.coping_suggestions("unpleasant_low", ["talked"], turn=0)
    assert "reach_out" not in {p["kind"] for p in picks}
    picks = emotions.coping_suggestions("unpleasant_low", [], turn=0)
    assert picks[0]["kind"] == "reach_out"


def test_reflection_notebook_is_only_suggested_for_a_check_in_about_an_application():
    without = [p["id"] for t in range(6)
               for p in emotions.coping_suggestions("pleasant_low", [], turn=t)]
    assert "reflect_when_ready" not in without


def test_counselor_suggestion_appears_only_after_a_long_low_stretch():
    plain = emotions.coping_suggestions("unpleasant_low", ["talked"])
    long = emotions.coping_suggestions("unpleasant_low", ["talked"], low_for_long=True)
    assert "counselor_option" not in {p["id"] for p in plain}
    assert long[0]["id"] == "counselor_option"


# ---------------------------------------------------------------- over time

def _ci(day: str, p: float, e: float = 0.0, tags=(), hour: int = 20) -> CheckIn:
    at = dt.datetime.fromisoformat(f"{day}T{hour:02d}:00:00+00:00")
    return emotions.make_checkin(pleasantness=p, energy=e, at=at, tags=tags)


def _events(*rejections: tuple[str, str]) -> pd.DataFrame:
    apps = from_records([{"id": f"a{i}", "company": c, "role": "Analyst", "outcome": "rejected",
                          "stage": "interview", "closed_on": d}
                         for i, (c, d) in enumerate(rejections)])
    return emotions.events_frame(apps)


def test_check_in_day_is_the_persons_own_day_not_the_servers():
    # 23:30 UTC on 1 March is already 2 March in Tokyo
    c = emotions.make_checkin(pleasantness=0.1, energy=0.1,
                              at=dt.datetime(2026, 3, 1, 23, 30, tzinfo=UTC))
    df = emotions.checkins_frame([c], "Asia/Tokyo")
    assert df.loc[0, "day"] == pd.Timestamp("2026-03-02")


def test_daily_mood_is_the_mean_of_each_days_check_ins():
    df = emotions.checkins_frame([_ci("2026-03-01", 0.2, hour=9), _ci("2026-03-01", -0.4),
                                  _ci("2026-03-02", 0.5)])
    daily = emotions.daily_mood(df)
    assert daily["pleasantness"].round(2).tolist() == [-0.1, 0.5]
    assert daily["n"].tolist() == [2, 1]


def test_baseline_leaves_out_the_two_weeks_after_a_rejection():
    # ordinary days at 0.3, the dip after the rejection at -0.5
    rows = [_ci(f"2026-03-{d:02d}", 0.3) for d in range(1, 8)]
    rows += [_ci(f"2026-03-{d:02d}", -0.5) for d in range(10, 14)]
    daily = emotions.daily_mood(emotions.checkins_frame(rows))
    assert emotions.baseline(daily, [pd.Timestamp("2026-03-10")]) == pytest.approx(0.3)
    assert emotions.baseline(daily) == pytest.approx(0.3)  # median is robust too
    assert emotions.baseline(daily.head(4)) is None


def test_recovery_counts_days_until_pleasantness_is_back_to_the_persons_usual():
    # Hand-worked: usual 0.3. Acme rejection on 10 March; -0.6, -0.3, 0.0, 0.1 on 10-13 March,
    # then 0.28 on 14 March (within 0.05 of 0.3): back in 4 days.
    rows = [_ci(f"2026-03-0{d}", 0.3) for d in range(1, 8)]
    for d, p in ((10, -0.6), (11, -0.3), (12, 0.0), (13, 0.1), (14, 0.28), (15, 0.3)):
        rows.append(_ci(f"2026-03-{d}", p))
    daily = emotions.daily_mood(emotions.checkins_frame(rows))
    rec = emotions.recovery(daily, _events(("Acme", "2026-03-10")),
                            as_of=dt.date(2026, 3, 20))
    assert rec.loc[0, "status"] == "back"
    assert rec.loc[0, "days"] == 4
    assert rec.loc[0, "sentence"] == ("After the Acme rejection you were back to your usual "
                                      "in 4 days.")


def test_recovery_says_when_a_gap_in_check_ins_means_it_may_have_been_sooner():
    rows = [_ci(f"2026-03-0{d}", 0.3) for d in range(1, 8)]
    rows += [_ci("2026-03-10", -0.6), _ci("2026-03-17", 0.4)]
    daily = emotions.daily_mood(emotions.checkins_frame(rows))
    rec = emotions.recovery(daily, _events(("Acme", "2026-03-10")), as_of=dt.date(2026, 3, 20))
    assert rec.loc[0, "days"] == 7 and rec.loc[0, "gap"] == 6
    assert "may have been sooner" in rec.loc[0, "sentence"]


def test_recovery_says_too_few_when_nobody_checked_in_after_the_rejection():
    rows = [_ci(f"2026-03-0{d}", 0.3) for d in range(1, 8)] + [_ci("2026-03-25", 0.3)]
    daily = emotions.daily_mood(emotions.checkins_frame(rows))
    rec = emotions.recovery(daily, _events(("Acme", "2026-03-10")), as_of=dt.date(2026, 3, 30))
    assert rec.loc[0, "status"] == "too_few"
    assert "too few check-ins" in rec.loc[0, "sentence"]


def test_recovery_without_a_baseline_asks_for_more_check_ins_instead_of_guessing():
    rows = [_ci("2026-03-10", -0.6), _ci("2026-03-11", 0.2)]
    daily = emotions.daily_mood(emotions.checkins_frame(rows))
    rec = emotions.recovery(daily, _events(("Acme", "2026-03-10")), as_of=dt.date(2026, 3, 12))
    assert rec.loc[0, "status"] == "no_baseline"


def test_recovery_not_yet_when_still_below_usual_and_the_window_is_open():
    rows = [_ci(f"2026-03-0{d}", 0.3) for d in range(1, 8)]
    rows += [_ci("2026-03-10", -0.6), _ci("2026-03-12", -0.4)]
    daily = emotions.daily_mood(emotions.checkins_frame(rows))
    rec = emotions.recovery(daily, _events(("Acme", "2026-03-10")), as_of=dt.date(2026, 3, 12))
    assert rec.loc[0, "status"] == "not_yet"


def test_events_take_rejections_interviews_and_offers_from_the_application_history():
    apps = from_records([
        {"id": "a", "company": "Acme", "outcome": "rejected", "stage": "interview",
         "interview_on": "2026-03-03", "closed_on": "2026-03-10"},
        {"id": "b", "company": "Birch", "outcome": "rejected", "stage": "applied",
         "first_response_on": "2026-03-05"},
        {"id": "c", "company": "Cedar", "outcome": "accepted", "stage": "offer",
         "offer_on": "2026-03-20"},
        {"id": "d", "company": "Dune", "outcome": "rejected", "stage": "applied"},
    ])
    ev = emotions.events_frame(apps)
    assert list(zip(ev["kind"], ev["company"], ev["day"].dt.strftime("%m-%d"))) == [
        ("interview", "Acme", "03-03"), ("rejection", "Birch", "03-05"),
        ("rejection", "Acme", "03-10"), ("offer", "Cedar", "03-20")]


def test_two_low_weeks_below_the_persons_usual_suggest_talking_to_someone():
    ordinary = [_ci(f"2026-02-{d:02d}", 0.3) for d in range(1, 15)]
    low = [_ci(f"2026-03-{d:02d}", -0.3) for d in (1, 3, 5, 8, 10, 12, 14)]
    daily = emotions.daily_mood(emotions.checkins_frame(ordinary + low))
    assert emotions.low_for_long(daily, as_of=dt.date(2026, 3, 14))
    # one good day in the fortnight: not "stayed" low
    mixed = low[:3] + [_ci("2026-03-08", 0.3)] + low[4:]
    daily = emotions.daily_mood(emotions.checkins_frame(ordinary + mixed))
    assert not emotions.low_for_long(daily, as_of=dt.date(2026, 3, 14))
    # a short dip of four days is not two weeks
    daily = emotions.daily_mood(emotions.checkins_frame(ordinary + low[-4:]))
    assert not emotions.low_for_long(daily, as_of=dt.date(2026, 3, 14))


def test_tag_comparison_needs_enough_days_on_both_sides_and_shows_counts():
    rows = [_ci(f"2026-03-{d:02d}", 0.5, tags=["sleep"]) for d in range(1, 6)]
    rows += [_ci(f"2026-03-{d:02d}", -0.1) for d in range(6, 11)]
    rows += [_ci("2026-03-11", 0.0, tags=["talked"])]
    tags = emotions.tag_effects(emotions.checkins_frame(rows)).set_index("tag")
    assert bool(tags.loc["sleep", "enough"])
    assert tags.loc["sleep", "days_with"] == 5 and tags.loc["sleep", "days_without"] == 6
    assert tags.loc["sleep", "mean_with"] == pytest.approx(0.5)
    assert tags.loc["sleep", "mean_without"] == pytest.approx(-0.1 * 5 / 6)
    assert not bool(tags.loc["talked", "enough"])


def test_belief_drop_after_reframing_is_summarised_as_a_median():
    recs = [ThoughtRecord(automatic_thought="a", belief_before=80, belief_after=40,
                          traps_confirmed=["labeling"]),
            ThoughtRecord(automatic_thought="b", belief_before=70, belief_after=50,
                          traps_confirmed=["labeling", "mind_reading"]),
            ThoughtRecord(automatic_thought="c", belief_before=60)]
    th = emotions.thought_frame(recs)
    assert th["belief_drop"].tolist()[:2] == [40, 20]
    assert pd.isna(th["belief_drop"].iloc[2])
    assert "median of 30 points" in emotions.belief_summary(th)
    counts = emotions.trap_counts(th)
    assert counts.iloc[0]["trap"] == "labeling" and counts.iloc[0]["count"] == 2


def test_mood_timeline_stays_small_with_ten_thousand_check_ins():
    from workbook.charts.mood import mood_timeline

    start = dt.datetime(2020, 1, 1, tzinfo=UTC)
    rows = [{"id": str(i), "at": (start + dt.timedelta(hours=5 * i)).isoformat(),
             "pleasantness": ((i * 37) % 200 - 100) / 100, "energy": 0.1,
             "word_texts": ["calm"], "tags": []} for i in range(10_000)]
    df = emotions.checkins_frame(rows)
    fig = mood_timeline(df, emotions.daily_mood(df), _events(("Acme", "2021-01-01")))
    assert len(fig.to_json()) < 200_000
    assert fig.layout.title.text


# ---------------------------------------------------------------- any text at all

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text_gets_suggestions_whose_cue_is_in_the_text_and_never_an_error(text):
    found = emotions.spot_traps(text)
    normalised = emotions._normalise_text(text).lower()
    assert len({s.id for s in found}) == len(found)
    for s in found:
        assert s.id in emotions.TRAP_IDS
        assert s.cue.lower() in normalised
    assert isinstance(emotions.crisis_check(text), bool)


def test_one_check_in_is_drawn_as_one_point_on_the_timeline(store):
    from workbook.charts import mood

    at = dt.datetime(2026, 11, 30, 19, 3, tzinfo=store.timezone)
    emotions.add_checkin(store, pleasantness=-0.5, energy=0.2, at=at)
    checkins = emotions.checkins(store)
    fig = mood.mood_timeline(checkins, emotions.daily_mood(checkins),
                             emotions.events_frame(None))
    xs = {str(x) for trace in fig.data for x in trace.x}
    assert xs == {"2026-11-30T19:03:00.000000"}, "the daily mean sits on the check-in"


def test_links_to_records_the_profile_does_not_hold_are_dropped(store):
    rec = emotions.add_checkin(store, pleasantness=0.1, energy=0.1,
                               application_id="from-the-sample", interview_id="nope")
    assert (rec.application_id, rec.interview_id) == (None, None)
