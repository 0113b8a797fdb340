"""The weekly review: this week at a glance, wins, the support network and follow-ups, and
the reflection prompts with next week's three commitments.

Everything here is plain Python over the store: no widgets, no charts. Weeks are the
person's own: they run Monday to Sunday on the profile's calendar (``store.today()`` in the
profile's time zone), and every "this week" function takes ``as_of`` (a date, a datetime,
or None for today) so a test or a counselor can look at any week.

Nothing here counts streaks or keeps score: the numbers are what happened, said plainly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable

from workbook.errors import WorkbookError
from workbook.records import (
    Action, Application, CheckIn, Contact, Draft, Interview, Record, ThoughtRecord,
    WeeklyReview, Win,
)

MAX_COMMITMENTS = 3
# A change of average pleasantness (scale -1..1) smaller than this reads as "about the same".
MOOD_STEADY_BAND = 0.1


def prompts() -> dict[str, Any]:
    """The review's wording, from ``content/review_prompts.json``."""
    from workbook.content import load_json

    return load_json("review_prompts.json")


# ---------------------------------------------------------------- dates and weeks

def as_of_date(store: Any, as_of: dt.date | dt.datetime | str | None = None) -> dt.date:
    """``as_of`` as a date on the person's calendar (None: today in the profile's zone)."""
    if as_of is None:
        return store.today()
    if isinstance(as_of, str):
        try:
            as_of = dt.date.fromisoformat(as_of.strip())
        except ValueError:
            raise WorkbookError(f"The date {as_of!r} is not a date the workbook can read; "
                                "please write it as YYYY-MM-DD.") from None
    if isinstance(as_of, dt.datetime):
        if as_of.tzinfo is not None:
            as_of = as_of.astimezone(store.timezone)
        return as_of.date()
    if isinstance(as_of, dt.date):
        return as_of
    raise WorkbookError(f"The date {as_of!r} is not a date; please give one as YYYY-MM-DD.")


def week_start(day: dt.date) -> dt.date:
    """The Monday of the week holding ``day``."""
    return day - dt.timedelta(days=day.weekday())


def week_of(store: Any, as_of: Any = None) -> tuple[dt.date, dt.date]:
    """(Monday, Sunday) of the person's week holding ``as_of``."""
    start = week_start(as_of_date(store, as_of))
    return start, start + dt.timedelta(days=6)


def local_day(store: Any, moment: dt.datetime) -> dt.date:
    """The day a timezone-aware moment falls on in the profile's time zone."""
    return moment.astimezone(store.timezone).date()


def _within(day: dt.date | None, start: dt.date, end: dt.date) -> bool:
    return day is not None and start <= day <= end


# ---------------------------------------------------------------- this week at a glance

@dataclass
class Week:
    """What happened in one week, counted from everything stored.

    ``start``/``end`` are the Monday and Sunday; ``as_of`` is the day the view was made for
    (things dated after it are not counted). ``mood_avg`` and ``mood_prev_avg`` are average
    pleasantness (-1 unpleasant .. 1 pleasant) of this and the previous week's check-ins, or
    None when there were none; ``mood_moved`` is one of lighter, heavier, steady, first, none.
    """

    start: dt.date
    end: dt.date
    as_of: dt.date
    applications: int = 0
    replies: int = 0
    rejections: int = 0
    interviews: int = 0
    checkins: int = 0
    mood_avg: float | None = None
    mood_prev_avg: float | None = None
    mood_low: float | None = None
    mood_high: float | None = None
    mood_moved: str = "none"
    thought_records: int = 0
    actions_done: list[str] = field(default_factory=list)
    drafts_sent: list[str] = field(default_factory=list)
    wins: list[str] = field(default_factory=list)
    follow_ups_due: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.applications or self.replies or self.interviews or self.checkins
                    or self.actions_done or self.drafts_sent or self.wins
                    or self.thought_records)

    def rows(self) -> list[tuple[str, str]]:
        """(what, how many) pairs in reading order, for a small table."""
        return [
            ("Applications sent", str(self.applications)),
            ("Replies from employers (rejections included)", str(self.replies)),
            ("Rejections recorded", str(self.rejections)),
            ("Interviews and screens", str(self.interviews)),
            ("Check-ins", str(self.checkins)),
            ("Skill-plan actions done", str(len(self.actions_done))),
            ("E-mails sent from your drafts", str(len(self.drafts_sent))),
            ("Wins written down", str(len(self.wins))),
            ("Follow-ups due", str(self.follow_ups_due)),
        ]

    def sentences(self) -> list[str]:
        """The week said in a few plain sentences (numbers as information)."""
        p = prompts()
        if self.is_empty:
            return [p["week_empty"]]
        out = []
        parts = []
        if self.applications:
            parts.append(_plural(self.applications, "application") + " sent")
        if self.replies:
            parts.append(_plural(self.replies, "reply", "replies") + " from employers")
        if self.interviews:
            parts.append(_plural(self.interviews, "interview or screen",
                                 "interviews or screens"))
        if parts:
            out.append("This week: " + ", ".join(parts) + ".")
        if self.rejections:
            out.append(f"{_plural(self.rejections, 'rejection')} arrived. That can sting; "
                       "it says little about your worth and nothing about the next one.")
        out.append(p["mood_moved"][self.mood_moved] if self.checkins
                   else p["mood_moved"]["none"])
        if self.actions_done:
            out.append(f"You finished {_plural(len(self.actions_done), 'step')} "
                       "of your skill plan.")
        if self.drafts_sent:
            out.append(f"You sent {_plural(len(self.drafts_sent), 'e-mail')} "
                       "from your drafts.")
        if self.wins:
            out.append(f"You wrote down {_plural(len(self.wins), 'win')}.")
        return out


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def reply_day(app: dict) -> dt.date | None:
    """The first day an employer answered an application, from the dates the canonical row
    holds (first response, screen, interview, offer, or the close of a rejection)."""
    days = [app.get(k) for k in ("first_response_on", "screen_on", "interview_on", "offer_on")]
    if app.get("outcome") == "rejected":
        days.append(app.get("closed_on"))
    known = [_date(d) for d in days if d]
    return min(known) if known else None


def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def week(store: Any, as_of: Any = None) -> Week:
    """This week at a glance from everything stored (see ``Week``)."""
    day = as_of_date(store, as_of)
    start, end = week_of(store, day)
    last = min(end, day)
    wk = Week(start=start, end=end, as_of=day)

    interview_apps: set[str] = set()
    for iv in store.raw(Interview.kind):
        on = _date(iv.get("on"))
        if _within(on, start, last):
            wk.interviews += 1
            if iv.get("application_id"):
                interview_apps.add(iv["application_id"])
    for app in store.raw(Application.kind):
        if _within(_date(app.get("applied_on")), start, last) and app.get("stage") != "saved":
            wk.applications += 1
        if _within(reply_day(app), start, last):
            wk.replies += 1
        if app.get("outcome") == "rejected" and _within(_date(app.get("closed_on")), start,
                                                         last):
            wk.rejections += 1
        if app.get("id") not in interview_apps:
            wk.interviews += sum(_within(_date(app.get(k)), start, last)
                                 for k in ("screen_on", "interview_on"))

    this, prev = [], []
    prev_start = start - dt.timedelta(days=7)
    for ci in store.all(CheckIn):
        d = local_day(store, ci.at)
        if _within(d, start, last):
            this.append(ci.pleasantness)
        elif _within(d, prev_start, start - dt.timedelta(days=1)):
            prev.append(ci.pleasantness)
    wk.checkins = len(this)
    if this:
        wk.mood_avg = sum(this) / len(this)
        wk.mood_low, wk.mood_high = min(this), max(this)
    if prev:
        wk.mood_prev_avg = sum(prev) / len(prev)
    wk.mood_moved = _mood_moved(wk.mood_avg, wk.mood_prev_avg)
    wk.thought_records = sum(_within(local_day(store, t.created), start, last)
                             for t in store.all(ThoughtRecord))

    wk.actions_done = [a["what"] for a in store.raw(Action.kind)
                       if a.get("status") == "done"
                       and _within(_date(a.get("done_on")), start, last)]
    wk.drafts_sent = [d.get("subject") or d.get("template", "e-mail")
                      for d in store.raw(Draft.kind)
                      if _within(_date(d.get("sent_on")), start, last)]
    wk.wins = [w.text for w in wins(store, start, last)]
    wk.follow_ups_due = len(due_follow_ups(store, day))
    return wk


def _mood_moved(avg: float | None, prev: float | None) -> str:
    if avg is None:
        return "none"
    if prev is None:
        return "first"
    if avg - prev > MOOD_STEADY_BAND:
        return "lighter"
    if prev - avg > MOOD_STEADY_BAND:
        return "heavier"
    return "steady"


# ---------------------------------------------------------------- records: shared editing

def _edit(store: Any, cls: type[Record], id: str, fields: dict[str, Any]) -> Record:
    """Change some fields of a stored record; nothing changes if the new values are bad."""
    record = store.get(cls, id)
    if record is None:
        raise WorkbookError(f"That {cls.noun} is no longer stored (it may have been deleted "
                            "in another tab); please reload the page.")
    data = record.to_dict()
    for key, value in fields.items():
        if key in ("id", "created", "updated") or key not in data:
            raise WorkbookError(f"A {cls.noun} has no field called {key!r} to change.")
        data[key] = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value
    updated = cls.from_dict(data)  # validates; raises before anything is written
    return store.save(updated)


def _remove(store: Any, cls: type[Record], id: str) -> None:
    if not store.delete(cls, id):
        raise WorkbookError(f"That {cls.noun} is no longer stored, so there was nothing to "
                            "delete; please reload the page.")


# The same rules, public, for the other core modules' add/update/delete functions.
update_record, delete_record = _edit, _remove


# ---------------------------------------------------------------- wins

def add_win(store: Any, text: str, on: Any = None, reward: str = "") -> Win:
    """Store a win (any size) dated ``on`` (default: today on the person's calendar)."""
    text = (text or "").strip()
    if not text:
        raise WorkbookError("The win is empty; please write what you did (any size counts).")
    win = Win(text=text, on=as_of_date(store, on), reward=(reward or "").strip())
    return store.save(win.validate())


def edit_win(store: Any, id: str, **fields: Any) -> Win:
    """Change a win's text, date or reward."""
    if "text" in fields and not str(fields["text"] or "").strip():
        raise WorkbookError("The win is empty; please write what you did, or delete it.")
    return _edit(store, Win, id, fields)


def delete_win(store: Any, id: str) -> None:
    _remove(store, Win, id)


def wins(store: Any, start: dt.date | None = None, end: dt.date | None = None) -> list[Win]:
    """Wins dated between ``start`` and ``end`` (inclusive, either open), newest first."""
    out = [w for w in store.all(Win)
           if (start is None or w.on >= start) and (end is None or w.on <= end)]
    return sorted(out, key=lambda w: (w.on, w.created), reverse=True)


def reward_prompt(store: Any) -> str:
    """A gentle prompt to name a reward, varied by how many wins are stored (no pressure)."""
    options = prompts()["wins"]["reward_prompts"]
    return options[store.counts()[Win.kind] % len(options)]


def wins_by_week(store: Any, start: dt.date, end: dt.date) -> list[tuple[dt.date, int]]:
    """(Monday, number of wins) for every week from ``start``'s to ``end``'s, zeros kept."""
    counts: dict[dt.date, int] = {}
    monday = week_start(start)
    while monday <= end:
        counts[monday] = 0
        monday += dt.timedelta(days=7)
    for w in wins(store, start, end):
        counts[week_start(w.on)] = counts.get(week_start(w.on), 0) + 1
    return sorted(counts.items())


# ---------------------------------------------------------------- support network

RELATIONS = ("friend", "family", "mentor", "former_colleague", "recruiter", "company", "other")


def relation_label(relation: str) -> str:
    return prompts()["network"]["relations"].get(relation, relation)


def add_contact(store: Any, name: str, relation: str = "other", *, company: str = "",
                last_contact_on: Any = None, next_follow_up_on: Any = None,
                notes: str = "", application_id: str | None = None) -> Contact:
    """Store a person or company in the support network."""
    name = (name or "").strip()
    if not name:
        raise WorkbookError("The contact has no name; please write a name (a first name or "
                            "the company's name is enough).")
    contact = Contact(name=name, relation=relation, company=(company or "").strip(),
                      last_contact_on=_opt_date(last_contact_on, "last contact"),
                      next_follow_up_on=_opt_date(next_follow_up_on, "next follow-up"),
                      notes=notes or "", application_id=application_id or None)
    return store.save(contact.validate())


def _opt_date(value: Any, label: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise WorkbookError(f"The {label} date {value!r} is not a date the workbook can "
                            "read; please write it as YYYY-MM-DD.") from None


def edit_contact(store: Any, id: str, **fields: Any) -> Contact:
    if "name" in fields and not str(fields["name"] or "").strip():
        raise WorkbookError("The contact has no name; please write one, or delete the contact.")
    return _edit(store, Contact, id, fields)


def delete_contact(store: Any, id: str) -> None:
    _remove(store, Contact, id)


def contacts(store: Any) -> list[Contact]:
    """Everyone in the network, the next follow-up first (no date last), then by name."""
    far = dt.date.max
    return sorted(store.all(Contact),
                  key=lambda c: (c.next_follow_up_on or far, c.name.casefold()))


@dataclass
class FollowUp:
    """One follow-up due: from a contact (``source`` "contact") or a sent e-mail ("draft")."""

    source: str
    id: str
    who: str
    on: dt.date
    why: str
    earlier: bool  # due before this week began (said gently, never as a failure)


def due_follow_ups(store: Any, as_of: Any = None) -> list[FollowUp]:
    """Follow-ups due by the end of this week, including any left from earlier weeks.

    Contacts with a next follow-up date, and sent drafts with a follow-up date (from the
    interview reflection notebook); earliest first.
    """
    start, end = week_of(store, as_of)
    out = []
    for c in store.all(Contact):
        if c.next_follow_up_on and c.next_follow_up_on <= end:
            why = relation_label(c.relation)
            if c.company and c.company != c.name:
                why += f", {c.company}"
            out.append(FollowUp("contact", c.id, c.name, c.next_follow_up_on, why,
                                c.next_follow_up_on < start))
    names = {c.id: c.name for c in store.all(Contact)}
    apps = {a["id"]: a for a in store.raw(Application.kind)}
    for d in store.all(Draft):
        if d.sent_on and d.follow_up_on and d.follow_up_on <= end:
            app = apps.get(d.application_id or "", {})
            who = (names.get(d.contact_id or "")
                   or " - ".join(x for x in (app.get("company"), app.get("role")) if x)
                   or d.subject or "your e-mail")
            why = f"{prompts()['network']['from_draft']} on {d.sent_on.day} {d.sent_on:%b %Y}"
            if d.subject:
                why += f' ("{d.subject}")'
            out.append(FollowUp("draft", d.id, who, d.follow_up_on, why, d.follow_up_on < start))
    return sorted(out, key=lambda f: (f.on, f.who.casefold()))


def mark_followed_up(store: Any, item: FollowUp, on: Any = None, next_on: Any = None) -> None:
    """Record that a follow-up happened ``on`` (default today); ``next_on`` sets the next one
    (None clears it)."""
    day = as_of_date(store, on)
    nxt = _opt_date(next_on, "next follow-up")
    if nxt is not None and nxt <= day:
        raise WorkbookError("The next follow-up date should be after today's contact; "
                            "please pick a later date or leave it empty.")
    if item.source == "contact":
        _edit(store, Contact, item.id, {"last_contact_on": day, "next_follow_up_on": nxt})
    else:
        _edit(store, Draft, item.id, {"follow_up_on": nxt})


def follow_up_events(items: Iterable[FollowUp]) -> list[dict[str, Any]]:
    """One-day calendar events for follow-ups, in ``workbook.calendar.ics``'s shape (title,
    start, end None, description, a stable uid so a re-import updates instead of adding)."""
    return [{"uid": f"followup-{f.source}-{f.id}", "title": f"Follow up: {f.who}",
             "description": f.why, "start": f.on, "end": None}
            for f in items]


def follow_ups_ics(store: Any, as_of: Any = None) -> bytes:
    """An .ics calendar file of the follow-ups due this week (and any from earlier)."""
    from workbook import calendar

    events = follow_up_events(due_follow_ups(store, as_of))
    return calendar.ics(events, prompts()["network"]["calendar_name"])


# ---------------------------------------------------------------- weekly reflection

def review_for(store: Any, as_of: Any = None) -> WeeklyReview | None:
    """The weekly review stored for the week holding ``as_of``, if any."""
    start, _ = week_of(store, as_of)
    found = [r for r in store.all(WeeklyReview) if r.week_start == start]
    return max(found, key=lambda r: r.updated) if found else None


def last_week(store: Any, as_of: Any = None) -> WeeklyReview | None:
    """Last week's review (for the look back at its commitments), if one was written."""
    start, _ = week_of(store, as_of)
    return review_for(store, start - dt.timedelta(days=7))


def clean_commitments(items: Iterable[str]) -> list[str]:
    """Non-empty commitments, trimmed; at most three (a clear message otherwise)."""
    out = [c.strip() for c in items if c and c.strip()]
    if len(out) > MAX_COMMITMENTS:
        raise WorkbookError(f"You wrote {len(out)} commitments; please keep it to "
                            f"{MAX_COMMITMENTS}, so next week stays doable.")
    return out


def save_review(store: Any, *, worked: str = "", change: str = "",
                commitments: Iterable[str] = (), look_back: str = "",
                as_of: Any = None) -> WeeklyReview:
    """Store (or update) this week's review: one per week, edited in place."""
    start, _ = week_of(store, as_of)
    review = review_for(store, start) or WeeklyReview(week_start=start)
    review.worked = worked or ""
    review.change = change or ""
    review.commitments = clean_commitments(commitments)
    review.look_back = look_back or ""
    return store.save(review.validate())


def edit_review(store: Any, id: str, **fields: Any) -> WeeklyReview:
    if "commitments" in fields:
        fields["commitments"] = clean_commitments(fields["commitments"])
    return _edit(store, WeeklyReview, id, fields)


def delete_review(store: Any, id: str) -> None:
    _remove(store, WeeklyReview, id)


def reviews(store: Any) -> list[WeeklyReview]:
    """Every weekly review, the most recent week first."""
    return sorted(store.all(WeeklyReview), key=lambda r: (r.week_start, r.updated),
                  reverse=True)


def diagnosis_hint(store: Any, as_of: Any = None) -> list[str]:
    """The analytics diagnosis of the application history in plain sentences, for the
    "what to change" prompt; empty when there is nothing to say or analytics is missing."""
    try:
        from workbook import analytics
        from workbook.applications import frame
    except ImportError:
        return []
    df = frame(store)
    if df.empty:
        return []
    day = as_of_date(store, as_of)
    fn = getattr(analytics, "diagnosis", None)
    result = fn(df, as_of=day) if fn else analytics.summary(df, as_of=day).get("diagnosis")
    return _sentences(result)


def _sentences(result: Any) -> list[str]:
    if not result:
        return []
    if isinstance(result, str):
        return [result]
    if isinstance(result, dict):
        for key in ("sentences", "messages", "text", "message", "summary"):
            if key in result:
                return _sentences(result[key])
        return []
    if isinstance(result, (list, tuple)):
        out: list[str] = []
        for item in result:
            out.extend(_sentences(item))
        return out
    text = getattr(result, "text", None) or getattr(result, "message", None)
    return [str(text)] if text else [str(result)]


# Public names of the date rules above, for the other core modules (counseling, worksearch).
optional_date, date_of, within = _opt_date, _date, _within
