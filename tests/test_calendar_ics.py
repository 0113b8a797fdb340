"""The .ics export: parsed back with icalendar, it holds the plan's dates as all-day events."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from workbook import calendar, skills
from workbook.errors import WorkbookError
from workbook.records import Action, Skill


def _events(data: bytes) -> list:
    cal = Calendar.from_ical(data)
    return [c for c in cal.walk() if c.name == "VEVENT"]


def test_ics_parses_back_with_titles_dates_and_descriptions():
    data = calendar.ics([
        {"title": "Start: SQL course", "start": dt.date(2026, 12, 1), "end": None,
         "description": "Skill: SQL\nWhat: course; one lesson a week, 45 min"},
        {"title": "Conference week", "start": dt.date(2026, 12, 7),
         "end": dt.date(2026, 12, 9), "description": ""}], "My plan")
    cal = Calendar.from_ical(data)
    assert str(cal["X-WR-CALNAME"]) == "My plan" and str(cal["VERSION"]) == "2.0"
    first, second = _events(data)
    assert str(first["SUMMARY"]) == "Start: SQL course"
    assert first["DTSTART"].dt == dt.date(2026, 12, 1)
    assert first["DTEND"].dt == dt.date(2026, 12, 2)  # all-day end is exclusive
    assert str(first["DESCRIPTION"]) == "Skill: SQL\nWhat: course; one lesson a week, 45 min"
    assert second["DTEND"].dt == dt.date(2026, 12, 10)


def test_every_event_has_a_uid_and_stamp_and_lines_use_crlf():
    long_title = "Due: " + "practise presenting results to a panel " * 4
    data = calendar.ics([{"title": long_title, "start": dt.date(2026, 12, 1)}])
    [ev] = _events(data)
    assert str(ev["UID"]).endswith("@job-search-workbook") and "DTSTAMP" in ev
    assert b"\r\n" in data and all(len(line) <= 75 for line in data.split(b"\r\n"))
    assert str(ev["SUMMARY"]) == " ".join(long_title.split())


def test_uids_are_stable_so_reimporting_updates_instead_of_duplicating():
    ev = {"title": "Due: portfolio", "start": dt.date(2026, 12, 1), "uid": "abc-due"}
    assert _events(calendar.ics([ev]))[0]["UID"] == _events(calendar.ics([ev]))[0]["UID"]


def test_unicode_and_markup_in_titles_survive():
    title = "Üben: Präsentation <b>für</b> Kundinnen 🎯"
    [ev] = _events(calendar.ics([{"title": title, "start": "2026-12-01"}]))
    assert str(ev["SUMMARY"]) == title


@pytest.mark.parametrize("event, message", [
    ({"title": "", "start": dt.date(2026, 12, 1)}, "no title"),
    ({"title": "X", "start": None}, "no valid start"),
    ({"title": "X", "start": dt.date(2026, 12, 5), "end": dt.date(2026, 12, 1)},
     "ends before it starts")])
def test_bad_events_get_one_plain_sentence(event, message):
    with pytest.raises(WorkbookError, match=message):
        calendar.ics([event])


def test_the_plan_calendar_has_a_start_and_due_event_per_action(store):
    sk = Skill(name="SQL", confirmed=True)
    store.save(sk)
    skills.save_action(store, Action(skill_id=sk.id, what="Intro SQL course",
                                     measure="all modules", start_on=dt.date(2026, 12, 1),
                                     due_on=dt.date(2026, 12, 29), hours_per_week=3,
                                     if_then="If it is Tuesday 7 pm, then 45 minutes"))
    skills.save_action(store, Action(skill_id=sk.id, what="Dropped idea", status="dropped",
                                     start_on=dt.date(2026, 12, 2)))
    events = _events(calendar.ics(skills.calendar_events(store), "Skill plan"))
    assert [(str(e["SUMMARY"]), e["DTSTART"].dt) for e in events] == [
        ("Start: Intro SQL course (SQL)", dt.date(2026, 12, 1)),
        ("Due: Intro SQL course (SQL)", dt.date(2026, 12, 29))]
    assert "If-then plan: If it is Tuesday 7 pm" in str(events[0]["DESCRIPTION"])
