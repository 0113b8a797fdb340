"""Records check their own values and say what is wrong in plain words."""

from __future__ import annotations

import datetime as dt

import pytest

from workbook.errors import WorkbookError
from workbook.records import (
    KINDS, Action, Application, CheckIn, Interview, Skill, ThoughtRecord, Win,
)

UTC = dt.timezone.utc


def test_pleasantness_outside_the_grid_names_the_field_and_the_range():
    with pytest.raises(WorkbookError) as err:
        CheckIn(pleasantness=2).validate()
    assert str(err.value) == "The check-in's pleasantness must be between -1 and 1; it is 2.0."


def test_unknown_stage_lists_the_stages_that_exist():
    with pytest.raises(WorkbookError, match="stage must be one of saved, applied, screen, "
                                            "interview, offer; 'hired' is not one of them"):
        Application(stage="hired").validate()


def test_a_time_without_time_zone_is_refused_with_a_hint():
    with pytest.raises(WorkbookError, match="time of the check-in should be a date and time "
                                            "with its time zone"):
        CheckIn(at=dt.datetime(2026, 5, 1, 9, 0)).validate()


def test_required_text_that_is_only_spaces_is_called_empty():
    with pytest.raises(WorkbookError, match="thought record's automatic thought is empty; "
                                            "please write something there"):
        ThoughtRecord(automatic_thought="   ").validate()


def test_a_word_where_a_number_belongs_is_shown_back_to_the_person():
    with pytest.raises(WorkbookError, match="intensity should be a whole number, but it is "
                                            "'very'"):
        CheckIn(intensity="very").validate()


def test_yes_no_fields_do_not_guess_from_text():
    with pytest.raises(WorkbookError, match="tailored resume should be yes or no"):
        Application(tailored="yes").validate()


def test_bad_date_text_says_the_expected_format():
    with pytest.raises(WorkbookError, match=r"date applied should be a date \(YYYY-MM-DD\)"):
        Application(applied_on="31/02/2026").validate()


def test_infinite_or_missing_numbers_are_not_numbers():
    for bad in (float("nan"), float("inf")):
        with pytest.raises(WorkbookError, match="hours a week should be a number"):
            Action(what="course", hours_per_week=bad).validate()


def test_very_long_text_is_refused_before_it_is_stored():
    with pytest.raises(WorkbookError, match="longer than 200,000 characters"):
        Win(text="x" * 200_001).validate()


def test_values_are_coerced_to_their_types():
    app = Application(applied_on="2026-03-04", screen_on="", tailored=None).validate()
    assert app.applied_on == dt.date(2026, 3, 4)
    assert app.screen_on is None
    skill = Skill(name="SQL", current_level=2.0).validate()
    assert skill.current_level == 2 and isinstance(skill.current_level, int)


def test_to_dict_and_from_dict_are_exact_inverses_for_every_kind():
    when = dt.datetime(2026, 3, 29, 1, 30, 15, 123456, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    samples = {
        "checkin": CheckIn(at=when, pleasantness=-0.25, words=["sad"], word_texts=["sad"],
                           note="Ça va? 🙂\n<script>"),
        "interview": Interview(on=dt.date(2026, 1, 2), confidence=7,
                               self_check={"examples": 3}),
        "thought_record": ThoughtRecord(automatic_thought="I always fail", belief_after=None),
    }
    for kind, cls in KINDS.items():
        rec = samples.get(kind) or cls(**_required(cls))
        rec.created = when
        rec.validate()
        data = rec.to_dict()
        back = cls.from_dict(data)
        assert back.to_dict() == data
        assert back == rec


def test_from_dict_ignores_fields_from_a_newer_version():
    data = Win(text="Sent the e-mail").to_dict()
    data["mood_colour"] = "green"
    assert Win.from_dict(data).text == "Sent the e-mail"


def _required(cls) -> dict:
    values = {"automatic_thought": "x", "text": "x", "name": "x", "what": "x", "will": "x"}
    names = {f for f in cls.__dataclass_fields__}
    return {k: v for k, v in values.items() if k in names}


def test_a_broken_character_from_copy_and_paste_is_refused_before_saving():
    with pytest.raises(WorkbookError, match="note holds a broken character"):
        CheckIn(note="fine \udc80 text").validate()
    with pytest.raises(WorkbookError, match="feeling words holds a broken character"):
        CheckIn(words=["ok", "\ud800"]).validate()
    assert CheckIn(note="emoji 🙂 and accents é").validate().note == "emoji 🙂 and accents é"


# ---------------------------------------------------------------- fast checks == full rules

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as hs  # noqa: E402

from workbook import records as rec  # noqa: E402

ANY_VALUE = hs.one_of(
    hs.none(), hs.booleans(), hs.integers(-200, 200), hs.floats(-200, 200),
    hs.floats(allow_nan=True, allow_infinity=True), hs.text(max_size=12),
    hs.sampled_from(["", "  ", "applied", "video", "2026-03-04", " 2026-03-04 ", "2026-13-01",
                     "2026-03-04T10:00:00+02:00", "2026-03-04T10:00:00", "12", "1.5",
                     "\udc80", "learn"]),
    hs.dates(), hs.datetimes(), hs.datetimes(timezones=hs.just(dt.timezone.utc)),
    hs.lists(hs.text(max_size=4) | hs.integers(), max_size=3),
    hs.dictionaries(hs.text(max_size=3), hs.integers(), max_size=2),
)
FIELDS = [(cls, fl) for cls in KINDS.values() for fl in rec.dataclasses.fields(cls)]


def _outcome(fn, value):
    try:
        return ("ok", fn(value))
    except WorkbookError as exc:
        return ("error", str(exc))


@settings(derandomize=True, database=None, max_examples=400, deadline=None)
@given(field=hs.sampled_from(FIELDS), value=ANY_VALUE)
def test_precompiled_checks_accept_and_refuse_exactly_what_the_full_rules_do(field, value):
    cls, fl = field
    hint = rec._hints(cls)[fl.name]
    fast = dict(rec._checks(cls))[fl.name]
    full = _outcome(lambda v: rec._coerce(v, hint, fl.metadata, cls.noun), value)
    assert _outcome(fast, value) == full
