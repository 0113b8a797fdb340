"""Counseling sessions: the agenda built from last time, homework with dates, the next date,
and the caseload of a counselor with many clients on one install.

Sessions and homework live in the client's own profile (the client sees their homework in
the weekly review and ticks it there). The counselor's own notes never do: they live in the
counselor's space (``workbook.counselor``).

Each record kind has one family of functions: ``add_session``/``update_session``/
``delete_session``/``list_sessions`` and ``add_homework``/``update_homework``/
``delete_homework``/``list_homework``. Every view takes ``as_of`` (a date; default today on
the client's calendar). The caseload is counts and dates only, never anybody's text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable

from workbook import review
from workbook.errors import WorkbookError
from workbook.records import (
    Application, CheckIn, CounselingSession, Homework, now,
)

FIRST_LOOK_BACK_DAYS = 28  # with no earlier session, the agenda looks back four weeks
MAX_TOPICS = 12


def wording() -> dict[str, Any]:
    """The session, homework and caseload wording, from ``content/counseling.json``."""
    from workbook.content import load_json

    return load_json("counseling.json")


def status_label(status: str) -> str:
    return wording()["homework_status"].get(status, status)


def _topics(items: Iterable[str]) -> list[str]:
    out = [t.strip() for t in items if t and t.strip()]
    if len(out) > MAX_TOPICS:
        raise WorkbookError(f"The session has {len(out)} topics; please keep it to "
                            f"{MAX_TOPICS} so the hour stays doable.")
    return out


# ---------------------------------------------------------------- sessions

def add_session(store: Any, on: Any = None, topics: Iterable[str] = (),
                next_on: Any = None) -> CounselingSession:
    """Store a session dated ``on`` (default today) with its topics and the next date."""
    day = review.as_of_date(store, on)
    nxt = _next_date(day, next_on)
    session = CounselingSession(on=day, topics=_topics(topics), next_on=nxt)
    return store.save(session.validate())


def _next_date(day: dt.date, next_on: Any) -> dt.date | None:
    nxt = review.optional_date(next_on, "next session")
    if nxt is not None and nxt <= day:
        raise WorkbookError(f"The next session ({nxt:%d %b %Y}) should come after this one "
                            f"({day:%d %b %Y}); please pick a later date or leave it empty.")
    return nxt


def update_session(store: Any, id: str, **fields: Any) -> CounselingSession:
    """Change a session's date, topics or next date (nothing changes if one is wrong)."""
    current = store.get(CounselingSession, id)
    if "topics" in fields:
        fields["topics"] = _topics(fields["topics"])
    if current is not None and "next_on" in fields:
        day = review.as_of_date(store, fields.get("on", current.on))
        fields["next_on"] = _next_date(day, fields["next_on"])
    return review.update_record(store, CounselingSession, id, fields)


def delete_session(store: Any, id: str) -> None:
    """Delete a session; the homework set in it stays (the client may be working on it)."""
    review.delete_record(store, CounselingSession, id)


def list_sessions(store: Any) -> list[CounselingSession]:
    """Every session, the earliest first."""
    return sorted(store.all(CounselingSession), key=lambda s: (s.on, s.created))


def last_session(store: Any, before: dt.date | None = None,
                 exclude: str | None = None) -> CounselingSession | None:
    """The latest session on or before ``before`` (any date when None), leaving out the
    session ``exclude`` (the one running now)."""
    found = [s for s in list_sessions(store)
             if s.id != exclude and (before is None or s.on <= before)]
    return found[-1] if found else None


# ---------------------------------------------------------------- homework

def add_homework(store: Any, text: str, due_on: Any = None,
                 session_id: str | None = None) -> Homework:
    """Store homework agreed in a session (``session_id``), due ``due_on`` (optional)."""
    text = (text or "").strip()
    if not text:
        raise WorkbookError("The homework is empty; please write what was agreed, in a few "
                            "words the client will recognise.")
    item = Homework(text=text, due_on=review.optional_date(due_on, "due"),
                    session_id=session_id or None)
    return store.save(item.validate())


def update_homework(store: Any, id: str, **fields: Any) -> Homework:
    """Change homework: its text, due date, or how it went (``status`` one of not_yet,
    partly, done, with ``obstacle``: what got in the way). Saying how it went stamps
    ``ticked_at``, so the counselor sees when the client last looked at it."""
    if "text" in fields and not str(fields["text"] or "").strip():
        raise WorkbookError("The homework is empty; please write what was agreed, or delete "
                            "it.")
    if "status" in fields or "obstacle" in fields:
        fields["ticked_at"] = now()
    return review.update_record(store, Homework, id, fields)


def delete_homework(store: Any, id: str) -> None:
    review.delete_record(store, Homework, id)


def list_homework(store: Any, open_only: bool = False) -> list[Homework]:
    """Homework, the earliest due first (no date last); ``open_only`` leaves out what is
    done."""
    items = [h for h in store.all(Homework) if not (open_only and h.status == "done")]
    far = dt.date.max
    return sorted(items, key=lambda h: (h.due_on or far, h.created))


# ---------------------------------------------------------------- the agenda

def rejections_between(store: Any, start: dt.date, end: dt.date) -> int:
    """How many rejections were recorded with a date from ``start`` to ``end`` (inclusive).

    The one place the caseload and the agenda count rejections: until the ``rejection``
    record exists, an application whose outcome is rejected, closed in the range."""
    return sum(1 for app in store.raw(Application.kind)
               if app.get("outcome") == "rejected"
               and review.within(review.date_of(app.get("closed_on")), start, end))


@dataclass
class Since:
    """What happened from ``start`` to ``end``: counts, a mood line and the wins."""

    start: dt.date
    end: dt.date
    applications: int = 0
    rejections: int = 0
    checkins: int = 0
    mood_weeks: list[dict[str, Any]] = field(default_factory=list)
    wins: list[str] = field(default_factory=list)

    def mood_line(self) -> str:
        """Check-ins and how they felt, week by week, in words (never a score)."""
        if not self.checkins:
            return "No check-ins in this period."
        from workbook.report import feeling_words

        weeks = "; ".join(f"week of {w['week'].day} {w['week']:%b}: {w['n']}, "
                          f"{feeling_words(w['pleasantness'])}" for w in self.mood_weeks)
        return f"{self.checkins} check-in{'s' if self.checkins != 1 else ''}: {weeks}."

    def rows(self) -> list[tuple[str, str]]:
        return [("Applications sent", str(self.applications)),
                ("Rejections recorded", str(self.rejections)),
                ("Check-ins", str(self.checkins)),
                ("Wins written down", str(len(self.wins)))]


def since(store: Any, start: dt.date, end: dt.date) -> Since:
    """Counts, mood line and wins for the days from ``start`` to ``end``."""
    from workbook import report

    out = Since(start=start, end=end)
    out.applications = sum(
        1 for app in store.raw(Application.kind)
        if app.get("stage") != "saved"
        and review.within(review.date_of(app.get("applied_on")), start, end))
    out.rejections = rejections_between(store, start, end)
    out.checkins = sum(review.within(review.local_day(store, c.at), start, end)
                       for c in store.all(CheckIn))
    out.mood_weeks = report.mood_weeks(store, start, end) if out.checkins else []
    out.wins = [w.text for w in reversed(review.wins(store, start, end))]
    return out


@dataclass
class Agenda:
    """A session's agenda: homework from last time first (``homework``: what was set in the
    last session plus anything older still open), then what happened since, then topics
    (carried from the last session's, for the counselor to edit)."""

    as_of: dt.date
    last: CounselingSession | None
    homework: list[Homework]
    since: Since
    topics: list[str]

    @property
    def first(self) -> bool:
        return self.last is None


def agenda(store: Any, as_of: Any = None, current: str | None = None) -> Agenda:
    """The agenda for a session on ``as_of`` (default today); ``current`` is the id of the
    session already started today, so it does not count as "last time"."""
    day = review.as_of_date(store, as_of)
    last = last_session(store, day, exclude=current)
    start = last.on if last else day - dt.timedelta(days=FIRST_LOOK_BACK_DAYS)
    homework = []
    if last is not None:
        earlier = {s.id for s in list_sessions(store) if s.on <= last.on and s.id != current}
        homework = [h for h in list_homework(store)
                    if h.session_id == last.id
                    or (h.status != "done" and (h.session_id in earlier or not h.session_id))]
    return Agenda(as_of=day, last=last, homework=homework, since=since(store, start, day),
                  topics=list(last.topics) if last else [])


# ---------------------------------------------------------------- caseload

# Kinds written in a session rather than by the client: they do not count as the client
# writing something (a homework tick does, through its ``ticked_at``).
_SESSION_KINDS = (CounselingSession.kind, Homework.kind)


@dataclass(frozen=True)
class CaseloadRow:
    """One client at a glance: dates and counts only, never their text."""

    client: str
    last_session: dt.date | None
    next_session: dt.date | None
    open_homework: int
    days_since_wrote: int | None
    rejections_since: int


def caseload_row(store: Any, as_of: Any = None) -> CaseloadRow:
    """The caseload line for one client's profile."""
    day = review.as_of_date(store, as_of)
    last = last_session(store, day)
    sessions = list_sessions(store)
    upcoming = [s.on for s in sessions if s.on > day]
    if last and last.next_on and last.next_on >= day:
        upcoming.append(last.next_on)
    homework = store.all(Homework)
    wrote = store.last_written(skip_kinds=_SESSION_KINDS)
    ticks = [h.ticked_at for h in homework if h.ticked_at]
    latest = max([t for t in (wrote, *ticks) if t], default=None)
    days = None if latest is None else max(0, (day - review.local_day(store, latest)).days)
    since_day = last.on if last else day - dt.timedelta(days=FIRST_LOOK_BACK_DAYS)
    return CaseloadRow(
        client=store.name,
        last_session=last.on if last else None,
        next_session=min(upcoming) if upcoming else None,
        open_homework=sum(h.status != "done" for h in homework),
        days_since_wrote=days,
        rejections_since=rejections_between(store, since_day, day))


def caseload(as_of: Any = None, names: Iterable[str] | None = None) -> list[CaseloadRow]:
    """One row per client profile on this install (the sample persona left out), the next
    session first. Profiles are opened to read only."""
    from workbook.profiles import own_profiles
    from workbook.store import Store, profile_path

    chosen = list(names) if names is not None else own_profiles()
    rows = []
    for name in chosen:
        with Store(profile_path(name)) as store:
            if store.is_demo:
                continue
            rows.append(caseload_row(store, as_of))
    far = dt.date.max
    return sorted(rows, key=lambda r: (r.next_session or far, r.client.casefold()))
