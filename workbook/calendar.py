"""iCalendar (.ics) files for plan dates and follow-ups, importable into common calendars.

``ics(events, calendar_name)`` takes plain dicts (title, start: date, end: date or None,
description, optional uid) and returns the bytes of one VCALENDAR with all-day events.
Google Calendar, Outlook and Apple Calendar import it: CRLF lines folded at 75 octets
(done by ``icalendar``), a PRODID and VERSION, a UID and DTSTAMP on every event, and all-day
DTEND the day after the last day (RFC 5545: DTEND is exclusive).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Iterable

from workbook.errors import WorkbookError

PRODID = "-//Job search workbook//Skill plan and follow-ups//EN"


def _as_date(value: Any, what: str, title: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            pass
    raise WorkbookError(f"The calendar entry {title!r} has no valid {what} date; give it a "
                        "date before downloading the calendar.")


def _uid(event: dict, start: dt.date) -> str:
    given = str(event.get("uid") or "").strip()
    base = given or hashlib.sha256(f"{event.get('title', '')}|{start}".encode()).hexdigest()[:24]
    return f"{base}@job-search-workbook"


def ics(events: Iterable[dict], calendar_name: str = "Job search plan",
        stamp: dt.datetime | None = None) -> bytes:
    """An .ics file (bytes) with one all-day event per dict.

    Each dict: ``title`` (str), ``start`` (date), ``end`` (date or None: a one-day event;
    the last day itself, inclusive), ``description`` (str, optional), ``uid`` (optional,
    stable id so re-importing updates instead of duplicating). Raises WorkbookError for an
    event without a title or start date, or ending before it starts.
    """
    from icalendar import Calendar, Event

    stamp = stamp or dt.datetime.now(dt.timezone.utc)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", calendar_name)
    for event in events:
        title = " ".join(str(event.get("title") or "").split())
        if not title:
            raise WorkbookError("A calendar entry has no title; give each action a 'what' "
                                "before downloading the calendar.")
        start = _as_date(event.get("start"), "start", title)
        last = _as_date(event["end"], "end", title) if event.get("end") else start
        if last < start:
            raise WorkbookError(f"The calendar entry {title!r} ends before it starts; "
                                "please fix its dates.")
        ev = Event()
        ev.add("uid", _uid(event, start))
        ev.add("dtstamp", stamp)
        ev.add("summary", title)
        ev.add("dtstart", start)
        ev.add("dtend", last + dt.timedelta(days=1))
        ev.add("transp", "TRANSPARENT")  # a reminder, not a meeting: it does not block time
        if event.get("description"):
            ev.add("description", str(event["description"]))
        cal.add_component(ev)
    return cal.to_ical()
