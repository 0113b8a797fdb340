"""Daylio mood history: a realistic export (tests/data/daylio_export.csv, written for these
tests in Daylio's column layout) lands on the check-in timeline after the person places
each mood name on the grid once; bad input gets one sentence and stores nothing."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from workbook import daylio, emotions
from workbook.errors import WorkbookError
from workbook.records import CheckIn

EXPORT = Path(__file__).parent / "data" / "daylio_export.csv"
HEADER = "full_date,date,weekday,time,mood,activities,note_title,note\n"


@pytest.fixture
def person(store):
    store.set_setting("timezone", "Europe/Berlin")
    return store


def test_reading_lists_the_mood_names_and_custom_ones_need_a_place(person):
    file = daylio.read(EXPORT.read_bytes())
    assert len(file.rows) == 67
    assert set(file.moods) == {"rad", "good", "meh", "bad", "awful", "tired"}
    mapping = daylio.suggested_mapping(person, file.moods)
    assert daylio.unmapped(file.moods, mapping) == ["tired"]
    with pytest.raises(WorkbookError, match="'tired' has no place on the grid"):
        daylio.import_export(person, EXPORT.read_bytes())
    assert person.raw(CheckIn.kind) == []


def test_import_puts_every_entry_on_the_timeline_at_its_local_time(person):
    result = daylio.import_export(person, EXPORT.read_bytes(), {"tired": (-0.3, -0.8)})
    assert (result.added, result.already) == (67, 0)
    assert (result.first, result.last) == (dt.date(2026, 9, 28), dt.date(2026, 11, 30))
    frame = emotions.checkins_frame(person.raw(CheckIn.kind), person)
    assert len(frame) == 67
    rejection_day = frame.loc[frame["day"] == "2026-10-06"]
    assert rejection_day["pleasantness"].min() == pytest.approx(-0.85)  # "awful"
    stored = {c.context: c for c in person.all(CheckIn)}
    tired = stored["From Daylio: tired"]
    assert (tired.pleasantness, tired.energy) == (-0.3, -0.8)
    assert tired.at.utcoffset() == dt.timedelta(hours=1)  # Berlin in November
    notes = [c.note for c in person.all(CheckIn) if "Thistle" in c.note]
    assert notes == ["Offer?!\nSecond interview at Thistle went really well.\n"
                     "They want references."]
    assert any("interview prep" in c.tags for c in person.all(CheckIn))
    assert result.summary().startswith("Added 67 check-ins from Daylio, from 28 Sep 2026 "
                                       "to 30 Nov 2026.")


def test_the_mapping_is_kept_so_the_next_import_asks_nothing_and_adds_only_new(person):
    daylio.import_export(person, EXPORT.read_bytes(), {"tired": (-0.3, -0.8)})
    newer = EXPORT.read_text(encoding="utf-8").replace(
        HEADER.strip().replace(",", '","').join('""') + "\n",
        HEADER.strip().replace(",", '","').join('""') + "\n"
        + '"2026-12-01","December 1","Tuesday","9:05 pm","tired","work","",""\n', 1)
    again = daylio.import_export(person, newer.encode("utf-8"))
    assert (again.added, again.already) == (1, 67)
    latest = max(person.all(CheckIn), key=lambda c: c.at)
    assert latest.at.hour == 21 and latest.pleasantness == -0.3


@pytest.mark.parametrize("content, said", [
    (b"", "is empty"),
    (b"\xff\xfe\x00\x00garbage\x80\x81", "not a text (CSV) file"),
    (b"date,mood\n2026-11-01,good\n", "has no full_date, time column"),
    (HEADER.encode(), "has a header but no entries"),
    ((HEADER + "2026-11-31,Nov 31,Monday,21:00,good,,,\n").encode(),
     "Row 2 of the Daylio file has the date '2026-11-31'"),
    ((HEADER + "2026-11-30,Nov 30,Monday,21:00,good,,,\n"
      "2026-11-29,Nov 29,Sunday,late,good,,,\n").encode(),
     "Row 3 of the Daylio file has the time 'late'"),
])
def test_bad_files_get_one_sentence_and_store_nothing(person, content, said):
    with pytest.raises(WorkbookError, match=re.escape(said)) as err:
        daylio.import_export(person, content)
    assert "\n" not in str(err.value)
    assert person.raw(CheckIn.kind) == [] and person.setting(daylio.SETTING) is None


def test_a_place_off_the_grid_is_refused(person):
    with pytest.raises(WorkbookError, match="two numbers from -1 to 1"):
        daylio.import_export(person, EXPORT.read_bytes(), {"tired": (-3, 0)})
    assert person.raw(CheckIn.kind) == []


def test_cli_imports_with_a_place_for_the_custom_mood(person, capsys):
    from workbook.cli import main

    person.close()
    code = main(["daylio", "-p", "tester", str(EXPORT)])
    err = capsys.readouterr().err
    assert code == 2 and "'tired' has no place on the grid" in err and err.count("\n") == 1
    code = main(["daylio", "-p", "tester", "--place", "tired=-0.3,-0.8", str(EXPORT)])
    assert code == 0
    assert capsys.readouterr().out.startswith("Added 67 check-ins from Daylio")
    code = main(["daylio", "-p", "tester", "--place", "tired", str(EXPORT)])
    assert code == 2 and "should look like MOOD=P,E" in capsys.readouterr().err
