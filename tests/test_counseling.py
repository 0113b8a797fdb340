"""Counseling sessions: the agenda from last time, homework with dates, the caseload, and the
counselor's own notes kept out of every client's data."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import zipfile

import pytest

from workbook import bundle, counseling, counselor, review
from workbook.errors import WorkbookError
from workbook.records import Application, CheckIn, Homework, Win
from workbook.store import create_profile

DAY = dt.date(2026, 11, 30)  # a Monday
UTC = dt.timezone.utc


def _at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _checkin(day: dt.date, pleasantness: float, note: str = "") -> CheckIn:
    return CheckIn(at=_at(day), pleasantness=pleasantness, energy=0.0, note=note,
                   created=_at(day), updated=_at(day))


def _rejected(company: str, applied: dt.date, closed: dt.date, notes: str = "") -> Application:
    return Application(company=company, role="Analyst", applied_on=applied, stage="applied",
                       outcome="rejected", closed_on=closed, notes=notes,
                       created=_at(applied), updated=_at(closed))


@pytest.fixture
def client(store):
    store.set_setting("timezone", "UTC")
    return store


# ---------------------------------------------------------------- sessions and agenda

def test_first_agenda_says_so_and_looks_back_four_weeks(client):
    client.put_raw([_checkin(DAY - dt.timedelta(days=3), 0.4),
                    _checkin(DAY - dt.timedelta(days=40), -0.8)])
    ag = counseling.agenda(client, DAY)
    assert ag.first and ag.homework == []
    assert ag.since.start == DAY - dt.timedelta(days=28)
    assert ag.since.checkins == 1  # the one 40 days ago is outside


def test_homework_set_last_time_opens_the_next_agenda_first_with_how_it_went(client):
    first = counseling.add_session(client, DAY - dt.timedelta(days=14), ["CV", "interviews"],
                                   next_on=DAY)
    a = counseling.add_homework(client, "Tailor two applications", DAY - dt.timedelta(days=7),
                                first.id)
    b = counseling.add_homework(client, "Ask Jordan for a referral", None, first.id)
    c = counseling.add_homework(client, "Read the STAR guide", None, first.id)
    counseling.update_homework(client, a.id, status="done")
    counseling.update_homework(client, b.id, status="partly",
                               obstacle="Jordan was away until Friday")
    ag = counseling.agenda(client, DAY)
    assert ag.last.id == first.id
    assert [h.text for h in ag.homework] == [
        "Tailor two applications", "Ask Jordan for a referral", "Read the STAR guide"]
    assert [h.status for h in ag.homework] == ["done", "partly", "not_yet"]
    assert ag.homework[1].obstacle == "Jordan was away until Friday"
    assert ag.topics == ["CV", "interviews"]  # carried for the counselor to edit
    assert c.ticked_at is None and client.get(Homework, a.id).ticked_at is not None


def test_open_homework_from_an_older_session_carries_over_and_done_does_not(client):
    s1 = counseling.add_session(client, DAY - dt.timedelta(days=28))
    old_open = counseling.add_homework(client, "Update LinkedIn headline", None, s1.id)
    old_done = counseling.add_homework(client, "Book the mock interview", None, s1.id)
    counseling.update_homework(client, old_done.id, status="done")
    counseling.add_session(client, DAY - dt.timedelta(days=14))
    ids = [h.id for h in counseling.agenda(client, DAY).homework]
    assert ids == [old_open.id]


def test_a_session_started_today_is_not_last_time(client):
    s1 = counseling.add_session(client, DAY - dt.timedelta(days=7))
    counseling.add_homework(client, "Call the recruiter", None, s1.id)
    today = counseling.add_session(client, DAY)
    counseling.add_homework(client, "New homework from today", None, today.id)
    ag = counseling.agenda(client, DAY, current=today.id)
    assert ag.last.id == s1.id
    assert [h.text for h in ag.homework] == ["Call the recruiter"]


def test_what_happened_since_counts_and_mood_line_and_wins(client):
    last = counseling.add_session(client, DAY - dt.timedelta(days=10))
    client.put_raw([
        _rejected("Acme", DAY - dt.timedelta(days=20), DAY - dt.timedelta(days=5)),
        _rejected("Older", DAY - dt.timedelta(days=40), DAY - dt.timedelta(days=12)),
        Application(company="New", role="Analyst", applied_on=DAY - dt.timedelta(days=2)),
        Application(company="Saved", role="Analyst", applied_on=DAY - dt.timedelta(days=2),
                    stage="saved"),
        _checkin(DAY - dt.timedelta(days=9), -0.7), _checkin(DAY - dt.timedelta(days=1), 0.6),
    ])
    review.add_win(client, "Went to the meetup", on=DAY - dt.timedelta(days=3))
    ag = counseling.agenda(client, DAY)
    assert ag.since.start == last.on
    assert (ag.since.applications, ag.since.rejections, ag.since.checkins) == (1, 1, 2)
    assert ag.since.wins == ["Went to the meetup"]
    line = ag.since.mood_line()
    assert line.startswith("2 check-ins:") and "mostly unpleasant" in line
    assert "mostly pleasant" in line


def test_next_session_must_come_after_this_one_and_nothing_is_stored(client):
    with pytest.raises(WorkbookError, match="should come after"):
        counseling.add_session(client, DAY, next_on=DAY - dt.timedelta(days=1))
    assert counseling.list_sessions(client) == []
    s = counseling.add_session(client, DAY, next_on=DAY + dt.timedelta(days=14))
    with pytest.raises(WorkbookError, match="should come after"):
        counseling.update_session(client, s.id, next_on=DAY)
    assert client.get(type(s), s.id).next_on == DAY + dt.timedelta(days=14)


def test_homework_needs_words_and_a_known_status(client):
    with pytest.raises(WorkbookError, match="homework is empty"):
        counseling.add_homework(client, "   ")
    h = counseling.add_homework(client, "Two applications", "2026-12-07")
    assert h.due_on == dt.date(2026, 12, 7)
    with pytest.raises(WorkbookError, match="must be one of"):
        counseling.update_homework(client, h.id, status="finished")
    with pytest.raises(WorkbookError, match="not a date"):
        counseling.add_homework(client, "Something", "next friday")
    assert client.get(Homework, h.id).status == "not_yet"
    counseling.delete_homework(client, h.id)
    assert counseling.list_homework(client) == []


def test_homework_travels_in_the_clients_bundle(client):
    s = counseling.add_session(client, DAY)
    counseling.add_homework(client, "Two applications", None, s.id)
    with zipfile.ZipFile(io.BytesIO(bundle.export(client))) as zf:
        assert json.loads(zf.read("homework.json"))[0]["text"] == "Two applications"
        assert json.loads(zf.read("counseling_session.json"))[0]["id"] == s.id


# ---------------------------------------------------------------- the counselor's notes

NOTE_MARK = "ZZ-counselor-private-7731"


def test_counselor_note_never_reaches_the_clients_bundle_or_summary(client):
    from workbook.charts.review import session_summary
    from workbook.report import SECTIONS, default_range

    s = counseling.add_session(client, DAY)
    counseling.add_homework(client, "Two applications", None, s.id)
    with counselor.open_notes() as notes:
        counselor.save_session_note(notes, client.name, s.id, f"Seems tired. {NOTE_MARK}")
        with zipfile.ZipFile(io.BytesIO(counselor.backup(notes))) as zf:
            assert NOTE_MARK in zf.read("counselor_note.json").decode()
    raw = bundle.export(client)
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        for name in zf.namelist():
            assert NOTE_MARK.encode() not in zf.read(name), name
    start, end = default_range(client, DAY)
    page = session_summary(client, SECTIONS, start, end, include_journal_text=True)
    assert NOTE_MARK not in page
    # and the profile file itself never held it
    client.checkpoint()
    assert NOTE_MARK.encode() not in client.path.read_bytes()


def test_counselor_notes_live_in_the_counselors_own_private_folder(workbook_home):
    with counselor.open_notes() as notes:
        counselor.add_note(notes, "river", "first meeting went well")
        path = notes.path
    assert path.parent == workbook_home / "counselor"
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    from workbook.store import list_profiles
    assert list_profiles() == []  # never listed as somebody's profile


def test_session_note_is_one_per_session_edited_then_deleted_when_emptied(workbook_home):
    with counselor.open_notes() as notes:
        counselor.save_session_note(notes, "river", "s1", "first")
        counselor.save_session_note(notes, "river", "s1", "second")
        assert [n.text for n in counselor.list_notes(notes, "river")] == ["second"]
        counselor.save_session_note(notes, "river", "s1", "  ")
        assert counselor.list_notes(notes) == []


# ---------------------------------------------------------------- caseload

MARKERS = {"ana": "QQ-ana-journal-1", "ben": "QQ-ben-journal-2", "cleo": "QQ-cleo-journal-3"}


def _three_clients():
    out = {}
    for name, mark in MARKERS.items():
        s = create_profile(name)
        s.agree()
        s.set_setting("timezone", "UTC")
        out[name] = s
    ana, ben, cleo = out["ana"], out["ben"], out["cleo"]
    # ana: a session two weeks ago, two homework (one done), a rejection since, wrote 2 days ago
    s = counseling.add_session(ana, DAY - dt.timedelta(days=14), [f"topic {MARKERS['ana']}"],
                               next_on=DAY + dt.timedelta(days=3))
    done = counseling.add_homework(ana, f"homework {MARKERS['ana']}", None, s.id)
    counseling.add_homework(ana, f"more {MARKERS['ana']}", None, s.id)
    ana.put_raw([_rejected(f"Acme {MARKERS['ana']}", DAY - dt.timedelta(days=30),
                           DAY - dt.timedelta(days=4), notes=MARKERS["ana"]),
                 _rejected("Before", DAY - dt.timedelta(days=40), DAY - dt.timedelta(days=20)),
                 _checkin(DAY - dt.timedelta(days=2), -0.6, note=MARKERS["ana"])])
    done_rec = ana.get(Homework, done.id)
    done_rec.status = "done"
    done_rec.ticked_at = _at(DAY - dt.timedelta(days=10))
    ana.put_raw([done_rec])
    ana.put_raw([s])
    # ben: no session, wrote a win 9 days ago, one rejection in the last four weeks
    ben.put_raw([Win(on=DAY - dt.timedelta(days=9), text=f"win {MARKERS['ben']}",
                     created=_at(DAY - dt.timedelta(days=9)),
                     updated=_at(DAY - dt.timedelta(days=9))),
                 _rejected("Beta", DAY - dt.timedelta(days=20), DAY - dt.timedelta(days=6))])
    # cleo: a session today with homework set in it, nothing written by cleo at all
    s3 = counseling.add_session(cleo, DAY, [f"topic {MARKERS['cleo']}"])
    counseling.add_homework(cleo, f"homework {MARKERS['cleo']}", DAY + dt.timedelta(days=7),
                            s3.id)
    return out


def test_caseload_over_three_clients_is_counts_and_dates(workbook_home):
    stores = _three_clients()
    for s in stores.values():
        s.close()
    rows = {r.client: r for r in counseling.caseload(DAY)}
    assert set(rows) == {"ana", "ben", "cleo"}
    ana, ben, cleo = rows["ana"], rows["ben"], rows["cleo"]
    assert (ana.last_session, ana.next_session) == (DAY - dt.timedelta(days=14),
                                                    DAY + dt.timedelta(days=3))
    assert (ana.open_homework, ana.rejections_since, ana.days_since_wrote) == (1, 1, 2)
    assert (ben.last_session, ben.next_session, ben.open_homework) == (None, None, 0)
    assert (ben.days_since_wrote, ben.rejections_since) == (6, 1)  # the rejection, 6 days ago
    # homework set by the counselor in a session is not the client writing something
    assert (cleo.last_session, cleo.open_homework, cleo.days_since_wrote) == (DAY, 1, None)
    for row in rows.values():
        for value in dataclasses.astuple(row)[1:]:
            assert value is None or isinstance(value, (int, dt.date)), value
        assert not any(m in repr(row) for m in MARKERS.values())


def test_caseload_leaves_the_sample_persona_out(workbook_home):
    from workbook import sample

    sample.ensure_demo()
    create_profile("river").close()
    assert [r.client for r in counseling.caseload(DAY)] == ["river"]
