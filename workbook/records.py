"""Typed records: every kind of thing a person saves, with validation in plain words.

Each record is a dataclass with an ``id``, timezone-aware ``created``/``updated`` times and
its own fields. Records are stored as JSON by ``workbook.store``; ``to_dict`` and
``from_dict`` are exact inverses, so an export then a restore gives back equal records.

Numbers are stored, not labels: a check-in keeps its pleasantness and energy as two numbers
from -1 to 1 and its words as ids into the vocabulary plus their text. Records link by id
(an interview round belongs to an application; questions, feedback and drafts to a round).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
import uuid
from dataclasses import dataclass, field
from typing import Any, ClassVar

from workbook.content import load_json
from workbook.errors import WorkbookError

STAGES = ("saved", "applied", "screen", "interview", "offer")
OUTCOMES = ("open", "no_response", "rejected", "withdrawn", "accepted", "declined")
SOURCES = (
    "job_board", "company_site", "referral", "recruiter", "linkedin", "networking", "other",
)


def _vocabulary(name: str, key: str) -> tuple[str, ...]:
    """The ids of one vocabulary defined in ``workbook/content/<name>``."""
    from workbook.content import load_json

    return tuple(k for k in load_json(name)[key] if not k.startswith("_"))


HOMEWORK_STATUSES = _vocabulary("counseling.json", "homework_status")
CONTACT_METHODS = _vocabulary("worksearch.json", "methods")


def new_id() -> str:
    """A random id (32 hex characters)."""
    return uuid.uuid4().hex


def now() -> dt.datetime:
    """The current time, timezone-aware (UTC)."""
    return dt.datetime.now(dt.timezone.utc)


def today() -> dt.date:
    return dt.date.today()


def spec(label: str, *, choices: tuple | None = None, lo: float | None = None,
         hi: float | None = None, required: bool = False, max_len: int = 200_000,
         any_year: bool = False) -> dict:
    """Field metadata: the plain name shown in errors and the value's allowed range.

    Dates and times a person gives lie in ``YEARS`` (the tables and charts cannot place a
    day in year 1 or 9999); ``any_year`` lifts that for the bookkeeping times.
    """
    return {"label": label, "choices": choices, "lo": lo, "hi": hi, "required": required,
            "max_len": max_len, "any_year": any_year}


YEARS = (1900, 2199)


def f(default: Any = None, **kw: Any) -> Any:
    """A dataclass field with a default and validation metadata (see ``spec``)."""
    label = kw.pop("label")
    if isinstance(default, (list, dict)):
        factory = type(default)
        return field(default_factory=factory, metadata=spec(label, **kw))
    return field(default=default, metadata=spec(label, **kw))


@dataclass(kw_only=True)
class Record:
    """Base of every record kind; ``kind`` names its table in the store and its export file."""

    kind: ClassVar[str] = ""
    noun: ClassVar[str] = "record"
    id: str = field(default_factory=new_id, metadata=spec("id", required=True, max_len=200))
    created: dt.datetime = field(default_factory=now, metadata=spec("created", any_year=True))
    updated: dt.datetime = field(default_factory=now, metadata=spec("updated", any_year=True))

    def validate(self) -> "Record":
        """Coerce each field to its type in place and check its range; return self.

        Raises WorkbookError naming the record kind and field in plain words.
        """
        values = self.__dict__
        for name, check in _checks(type(self)):
            values[name] = check(values[name])
        return self

    def to_dict(self) -> dict:
        """Plain JSON-ready values: dates and times as ISO strings."""
        return {fl.name: _to_json(getattr(self, fl.name)) for fl in dataclasses.fields(self)}

    @classmethod
    def from_dict(cls, data: dict) -> "Record":
        """Build and validate a record from ``to_dict`` output; unknown keys are ignored so
        that an older workbook can read a newer export."""
        names = _names(cls)
        return cls(**{k: v for k, v in data.items() if k in names}).validate()

    @classmethod
    def from_stored(cls, data: dict) -> "Record":
        """Rebuild a record from what the store wrote (it was validated when saved): only
        its dates and times are parsed back. Takes ownership of ``data``. A dict that lacks a
        field or carries an unknown one (written by another version) goes through
        ``from_dict`` and its full validation instead."""
        names, parsers = _loader(cls)
        if data.keys() != names:
            return cls.from_dict(data)
        for name, parse in parsers:
            value = data[name]
            if value is not None:
                data[name] = parse(value)
        record = cls.__new__(cls)
        record.__dict__.update(data)
        return record

    def touch(self) -> None:
        self.updated = now()

    def changed(self, **fields: Any) -> "Record":
        """A validated copy with ``fields`` changed (id and times kept); WorkbookError naming
        the field when a name is unknown or a value is wrong, and ``self`` left as it was."""
        data = self.to_dict()
        for key, value in fields.items():
            if key in ("id", "created", "updated") or key not in data:
                raise WorkbookError(f"A {self.noun} has no field called {key!r} to change.")
            data[key] = _to_json(value)
        return type(self).from_dict(data)


# ---------------------------------------------------------------- the kinds

@dataclass(kw_only=True)
class CheckIn(Record):
    kind: ClassVar[str] = "checkin"
    noun: ClassVar[str] = "check-in"
    at: dt.datetime = field(default_factory=now, metadata=spec("time of the check-in"))
    pleasantness: float = f(0.0, label="pleasantness", lo=-1, hi=1)
    energy: float = f(0.0, label="energy", lo=-1, hi=1)
    words: list[str] = f([], label="feeling words")
    word_texts: list[str] = f([], label="feeling words")
    intensity: int = f(50, label="intensity", lo=0, hi=100)
    application_id: str | None = f(label="application")
    interview_id: str | None = f(label="interview")
    context: str = f("", label="what happened")
    tags: list[str] = f([], label="tags")
    note: str = f("", label="note")


@dataclass(kw_only=True)
class ThoughtRecord(Record):
    kind: ClassVar[str] = "thought_record"
    noun: ClassVar[str] = "thought record"
    checkin_id: str | None = f(label="check-in")
    application_id: str | None = f(label="application")
    interview_id: str | None = f(label="interview")
    situation: str = f("", label="situation")
    automatic_thought: str = f("", label="automatic thought", required=True)
    belief_before: int = f(50, label="belief before", lo=0, hi=100)
    traps_suggested: list[str] = f([], label="suggested thinking traps")
    traps_confirmed: list[str] = f([], label="confirmed thinking traps")
    evidence_for: str = f("", label="evidence for")
    evidence_against: str = f("", label="evidence against")
    balanced_thought: str = f("", label="balanced thought")
    belief_after: int | None = f(label="belief after", lo=0, hi=100)
    feeling_before: int | None = f(label="feeling before", lo=0, hi=100)
    feeling_after: int | None = f(label="feeling after", lo=0, hi=100)


@dataclass(kw_only=True)
class Application(Record):
    """One job application in the canonical shape (DESIGN section 3); ``id`` is the
    application_id, stable across re-imports."""

    kind: ClassVar[str] = "application"
    noun: ClassVar[str] = "application"
    company: str = f("", label="company")
    role: str = f("", label="role")
    location: str = f("", label="location")
    url: str = f("", label="link")
    source: str = f("other", label="source", choices=SOURCES)
    source_raw: str = f("", label="source as given")
    applied_on: dt.date | None = f(label="date applied")
    stage: str = f("applied", label="stage", choices=STAGES)
    outcome: str = f("open", label="outcome", choices=OUTCOMES)
    first_response_on: dt.date | None = f(label="date of first response")
    screen_on: dt.date | None = f(label="date of screen")
    interview_on: dt.date | None = f(label="date of interview")
    offer_on: dt.date | None = f(label="date of offer")
    closed_on: dt.date | None = f(label="date closed")
    tailored: bool | None = f(label="tailored resume")
    referral: bool | None = f(label="referral")
    status_raw: str = f("", label="status as given")
    notes: str = f("", label="notes")
    origin: str = f("manual", label="where it came from")
    # For the work-search record benefit offices ask for; "" means "derive from source".
    contact_method: str = f("", label="how the contact was made", choices=("", *CONTACT_METHODS))
    contact_person: str = f("", label="contact person", max_len=200)


@dataclass(kw_only=True)
class Interview(Record):
    """One interview round of an application, with its guided debrief."""

    kind: ClassVar[str] = "interview"
    noun: ClassVar[str] = "interview"
    application_id: str | None = f(label="application")
    on: dt.date | None = f(label="interview date")
    stage: str = f("interview", label="stage", choices=("screen", "interview", "final", "other"))
    format: str = f("video", label="format",
                    choices=("phone", "video", "onsite", "technical", "panel", "other"))
    interviewers: str = f("", label="interviewers' roles")
    confidence: int | None = f(label="confidence right after", lo=1, hi=10)
    what_happened: str = f("", label="what happened")
    feelings: str = f("", label="how I felt")
    checkin_id: str | None = f(label="check-in")
    went_well: str = f("", label="what went well")
    do_differently: str = f("", label="what I would do differently")
    why: str = f("", label="why")
    action_plan: str = f("", label="action plan")
    self_check: dict = f({}, label="presentation self-check")


@dataclass(kw_only=True)
class Question(Record):
    kind: ClassVar[str] = "question"
    noun: ClassVar[str] = "interview question"
    interview_id: str | None = f(label="interview")
    text: str = f("", label="question", required=True)
    category: str = f("behavioural", label="category", choices=(
        "behavioural", "situational", "technical", "motivation", "company", "salary",
        "my_questions", "other"))
    competency: str = f("", label="competency")
    bank_id: str | None = f(label="question bank entry")
    answer: str = f("", label="answer")
    star_situation: str = f("", label="situation")
    star_task: str = f("", label="task")
    star_action: str = f("", label="action")
    star_result: str = f("", label="result")
    rating: int | None = f(label="self-rating", lo=1, hi=5)
    next_time: str = f("", label="what I would say next time")


@dataclass(kw_only=True)
class Feedback(Record):
    kind: ClassVar[str] = "feedback"
    noun: ClassVar[str] = "feedback"
    interview_id: str | None = f(label="interview")
    application_id: str | None = f(label="application")
    text: str = f("", label="feedback", required=True)
    from_whom: str = f("", label="from whom")
    received_on: dt.date | None = f(label="date received")
    competencies: list[str] = f([], label="competencies")
    skills: list[str] = f([], label="skills")


@dataclass(kw_only=True)
class Draft(Record):
    """An e-mail the person edits, copies and (maybe) sends."""

    kind: ClassVar[str] = "draft"
    noun: ClassVar[str] = "draft"
    template: str = f("thank_you", label="template", choices=(
        "thank_you", "feedback_request", "rejection_reply", "reconsider", "keep_in_touch",
        "other"))
    interview_id: str | None = f(label="interview")
    application_id: str | None = f(label="application")
    contact_id: str | None = f(label="contact")
    subject: str = f("", label="subject")
    body: str = f("", label="text")
    sent_on: dt.date | None = f(label="date sent")
    follow_up_on: dt.date | None = f(label="follow-up date")


@dataclass(kw_only=True)
class Posting(Record):
    """A job description the person pasted in, kept with the role it belongs to."""

    kind: ClassVar[str] = "posting"
    noun: ClassVar[str] = "job description"
    role: str = f("", label="role")
    company: str = f("", label="company")
    application_id: str | None = f(label="application")
    text: str = f("", label="job description", required=True)
    skills_required: list[str] = f([], label="required skills")
    skills_preferred: list[str] = f([], label="preferred skills")


@dataclass(kw_only=True)
class Skill(Record):
    kind: ClassVar[str] = "skill"
    noun: ClassVar[str] = "skill"
    name: str = f("", label="skill", required=True)
    category: str = f("", label="category")
    current_level: int = f(0, label="current level", lo=0, hi=4)
    needed_level: int = f(2, label="needed level", lo=0, hi=4)
    importance: int = f(3, label="importance", lo=1, hi=5)
    gap_kind: str = f("learn", label="kind of gap", choices=("learn", "evidence", "requirement"))
    confirmed: bool = f(False, label="confirmed")
    source_ids: list[str] = f([], label="where it came from")
    from_feedback: bool = f(False, label="named in feedback")
    history: list[dict] = f([], label="level history")


@dataclass(kw_only=True)
class Action(Record):
    """A SMART step of the skill plan."""

    kind: ClassVar[str] = "action"
    noun: ClassVar[str] = "action"
    skill_id: str | None = f(label="skill")
    type: str = f("practice", label="kind of action", choices=(
        "course", "certification", "volunteering", "practice", "portfolio", "resume", "other"))
    what: str = f("", label="what", required=True)
    measure: str = f("", label="how it is measured")
    start_on: dt.date | None = f(label="start date")
    due_on: dt.date | None = f(label="due date")
    hours_per_week: float | None = f(label="hours a week", lo=0, hi=80)
    if_then: str = f("", label="if-then plan")
    status: str = f("planned", label="status", choices=("planned", "doing", "done", "dropped"))
    hours_logged: float = f(0.0, label="hours logged", lo=0, hi=10_000)
    done_on: dt.date | None = f(label="date done")


@dataclass(kw_only=True)
class Contact(Record):
    """Someone in the support network, or a company to keep in touch with."""

    kind: ClassVar[str] = "contact"
    noun: ClassVar[str] = "contact"
    name: str = f("", label="name", required=True)
    relation: str = f("other", label="relation", choices=(
        "friend", "family", "mentor", "former_colleague", "recruiter", "company", "other"))
    company: str = f("", label="company")
    application_id: str | None = f(label="application")
    last_contact_on: dt.date | None = f(label="last contact")
    next_follow_up_on: dt.date | None = f(label="next follow-up")
    notes: str = f("", label="notes")
    contact_method: str = f("", label="how the contact was made", choices=("", *CONTACT_METHODS))


@dataclass(kw_only=True)
class Win(Record):
    kind: ClassVar[str] = "win"
    noun: ClassVar[str] = "win"
    on: dt.date = field(default_factory=today, metadata=spec("date"))
    text: str = f("", label="win", required=True)
    reward: str = f("", label="reward")


@dataclass(kw_only=True)
class WeeklyReview(Record):
    kind: ClassVar[str] = "weekly_review"
    noun: ClassVar[str] = "weekly review"
    week_start: dt.date = field(default_factory=today, metadata=spec("week"))
    worked: str = f("", label="what worked")
    change: str = f("", label="what to change")
    commitments: list[str] = f([], label="next week's commitments")
    look_back: str = f("", label="look back at last week")


def _ids(vocabulary: str) -> tuple[str, ...]:
    """The ids of one list in ``content/rejection_vocabulary.json`` (defined once there)."""
    return tuple(item["id"] for item in load_json("rejection_vocabulary.json")[vocabulary])


REJECTION_STAGES = _ids("stages")
CHANNELS = _ids("channels")
WRITING_FORMS = _ids("writing_forms")
FITS = _ids("fit")


@dataclass(kw_only=True)
class Rejection(Record):
    """The moment of the no (DESIGN section 10): when and how it came, how far it got, how
    much the person wanted it, the message if pasted, and what the reader found in it."""

    kind: ClassVar[str] = "rejection"
    noun: ClassVar[str] = "rejection"
    application_id: str | None = f(label="application")
    heard_on: dt.date = field(default_factory=today, metadata=spec("date it came"))
    stage: str = f("application", label="how far it got", choices=REJECTION_STAGES)
    channel: str = f("email", label="how it came", choices=CHANNELS)
    wanted: int | None = f(label="how much you wanted it", lo=1, hi=5)
    message: str = f("", label="message")
    found: dict = f({}, label="what the reader found")
    checkin_id: str | None = f(label="check-in")
    feedback_ids: list[str] = f([], label="feedback kept")
    contact_id: str | None = f(label="follow-up")
    note: str = f("", label="note")
    # The application's outcome, stage and closed date before this rejection changed them,
    # so that deleting the rejection puts them back.
    app_before: dict = f({}, label="application before")


@dataclass(kw_only=True)
class Writing(Record):
    """Guided writing: private by default (never in a summary unless ticked there)."""

    kind: ClassVar[str] = "writing"
    noun: ClassVar[str] = "piece of writing"
    form: str = f("expressive", label="kind of writing", choices=WRITING_FORMS)
    rejection_id: str | None = f(label="rejection")
    application_id: str | None = f(label="application")
    session: int | None = f(label="session", lo=1, hi=10)
    prompt: str = f("", label="prompt")
    text: str = f("", label="writing", required=True)
    cool_until: dt.date | None = f(label="cooling-off until")


@dataclass(kw_only=True)
class SetbackPlan(Record):
    """Written when calm: what I will do, and will not do, when the next no comes."""

    kind: ClassVar[str] = "setback_plan"
    noun: ClassVar[str] = "setback plan"
    will: str = f("", label="when the next no comes, I will", required=True)
    will_not: str = f("", label="I will not")


@dataclass(kw_only=True)
class EarlyDebrief(Record):
    """A short debrief for a no at the application or screen stage."""

    kind: ClassVar[str] = "early_debrief"
    noun: ClassVar[str] = "early-rejection debrief"
    rejection_id: str | None = f(label="rejection")
    application_id: str | None = f(label="application")
    fit: str = f("unsure", label="stretch or fit", choices=FITS)
    matched: str = f("", label="what matched")
    missing: str = f("", label="what did not match")
    tailored: bool | None = f(label="tailored resume")


@dataclass(kw_only=True)
class CounselingSession(Record):
    """One appointment with a counselor: when, the topics of the day, and the next date.

    It lives in the client's profile (the client sees their sessions and homework); the
    counselor's own notes never do (see ``CounselorNote``)."""

    kind: ClassVar[str] = "counseling_session"
    noun: ClassVar[str] = "counseling session"
    on: dt.date = field(default_factory=today, metadata=spec("date of the session"))
    topics: list[str] = f([], label="topics")
    next_on: dt.date | None = f(label="date of the next session")


@dataclass(kw_only=True)
class Homework(Record):
    """Something agreed in a session for the client to do by a date; the client says how it
    went (done, partly, not yet) and, if they like, what got in the way."""

    kind: ClassVar[str] = "homework"
    noun: ClassVar[str] = "homework"
    text: str = f("", label="homework", required=True, max_len=2000)
    due_on: dt.date | None = f(label="due date")
    session_id: str | None = f(label="session it was set in")
    status: str = f("not_yet", label="how it went", choices=HOMEWORK_STATUSES)
    obstacle: str = f("", label="what got in the way")
    ticked_at: dt.datetime | None = f(label="when it was last ticked")


KINDS: dict[str, type[Record]] = {
    cls.kind: cls
    for cls in (CheckIn, ThoughtRecord, Application, Interview, Question, Feedback, Draft,
                Posting, Skill, Action, Contact, Win, WeeklyReview, Rejection, Writing,
                SetbackPlan, EarlyDebrief, CounselingSession, Homework)
}


@dataclass(kw_only=True)
class CounselorNote(Record):
    """A counselor's own note on a client. Kept only in the counselor's space
    (``workbook.counselor``), never in a client's profile: so it is not in ``KINDS``."""

    kind: ClassVar[str] = "counselor_note"
    noun: ClassVar[str] = "counselor's note"
    client: str = f("", label="client", required=True, max_len=200)
    session_id: str | None = f(label="session")
    on: dt.date = field(default_factory=today, metadata=spec("date"))
    text: str = f("", label="note", required=True)


COUNSELOR_KINDS: dict[str, type[Record]] = {CounselorNote.kind: CounselorNote}


# ---------------------------------------------------------------- coercion

_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


_NAMES: dict[type, frozenset[str]] = {}
_CHECKS: dict[type, list[tuple[str, Any]]] = {}


def _names(cls: type) -> frozenset[str]:
    if cls not in _NAMES:
        _NAMES[cls] = frozenset(fl.name for fl in dataclasses.fields(cls))
    return _NAMES[cls]


_LOADERS: dict[type, tuple[frozenset[str], list[tuple[str, Any]]]] = {}


def _loader(cls: type) -> tuple[frozenset[str], list[tuple[str, Any]]]:
    """The field names of a kind and the parser of each date or time field."""
    if cls not in _LOADERS:
        parsers = []
        for name, hint in _hints(cls).items():
            if name not in _names(cls):
                continue
            args = set(typing.get_args(hint)) or {hint}
            if dt.datetime in args:
                parsers.append((name, dt.datetime.fromisoformat))
            elif dt.date in args:
                parsers.append((name, dt.date.fromisoformat))
        _LOADERS[cls] = (_names(cls), parsers)
    return _LOADERS[cls]


def _checks(cls: type) -> list[tuple[str, Any]]:
    """Per-class field checkers, built once: a fast path for values that already have their
    exact type (or an ISO date string), falling back to ``_coerce`` for everything else, so
    the rules and the error messages are ``_coerce``'s own."""
    if cls not in _CHECKS:
        hints = _hints(cls)
        _CHECKS[cls] = [(fl.name, _compile(hints[fl.name], fl.metadata, cls.noun))
                        for fl in dataclasses.fields(cls)]
    return _CHECKS[cls]


def _compile(hint: Any, meta: Any, noun: str) -> Any:
    def slow(value: Any) -> Any:
        return _coerce(value, hint, meta, noun)

    args = typing.get_args(hint)
    optional = (typing.get_origin(hint) in (typing.Union, types.UnionType)
                and type(None) in args)
    inner = next(a for a in args if a is not type(None)) if optional else hint
    origin = typing.get_origin(inner) or inner
    meta = meta or {}
    choices, lo, hi = meta.get("choices"), meta.get("lo"), meta.get("hi")
    required, max_len = meta.get("required"), meta.get("max_len", 200_000)

    if origin is str:
        def fast(value: Any) -> Any:
            if (type(value) is str and len(value) <= max_len
                    and (choices is None or value in choices)
                    and (not required or value.strip()) and storable(value)):
                return value
            return slow(value)
    elif origin in (int, float):
        kind = origin

        def fast(value: Any) -> Any:
            if (type(value) is kind and (lo is None or value >= lo) and (hi is None or value <= hi)
                    and (kind is int or value - value == 0.0)):  # finite
                return value
            return slow(value)
    elif origin is bool:
        def fast(value: Any) -> Any:
            return value if type(value) is bool else slow(value)
    elif origin is dt.datetime:
        parse = dt.datetime.fromisoformat

        def fast(value: Any) -> Any:
            if type(value) is str:
                try:
                    out = parse(value)
                except ValueError:
                    return slow(value)
                if out.tzinfo is not None:
                    return out
            elif type(value) is dt.datetime and value.tzinfo is not None:
                return value
            return slow(value)
    elif origin is dt.date:
        parse_date = dt.date.fromisoformat

        def fast(value: Any) -> Any:
            if type(value) is str and len(value) == 10:
                try:
                    return parse_date(value)
                except ValueError:
                    return slow(value)
            if type(value) is dt.date:
                return value
            return slow(value)
    elif origin is list:
        item = (typing.get_args(inner) or (Any,))[0]

        def fast(value: Any) -> Any:
            if type(value) is list and (item is not str or all(
                    type(v) is str and storable(v) for v in value)) \
                    and (item is not dict or all(type(v) is dict for v in value)):
                return list(value)
            return slow(value)
    elif origin is dict:
        def fast(value: Any) -> Any:
            return dict(value) if type(value) is dict else slow(value)
    else:
        fast = slow

    if origin in (dt.date, dt.datetime) and not meta.get("any_year"):
        fast = _in_years(fast, meta.get("label", "date"), noun)
    if not optional:
        return fast

    def maybe(value: Any) -> Any:
        if value is None:
            return None
        if type(value) is str and not value.strip():
            return None
        return fast(value)

    return maybe


def _in_years(check: Any, label: str, noun: str) -> Any:
    """``check`` followed by the rule that the date lies in ``YEARS``."""
    def bounded(value: Any) -> Any:
        return _year_checked(check(value), label, noun)
    return bounded


def _year_checked(value: Any, label: str, noun: str) -> Any:
    lo, hi = YEARS
    if not lo <= value.year <= hi:
        raise WorkbookError(f"The {noun}'s {label} is {value.isoformat()[:10]}, outside the "
                            f"years {lo} to {hi}; please check the year.")
    return value


def _to_json(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value


def _coerce(value: Any, hint: Any, meta: Any, noun: str) -> Any:
    label = meta.get("label", "value") if meta else "value"
    where = f"The {noun}'s {label}"
    args = typing.get_args(hint)
    optional = (typing.get_origin(hint) in (typing.Union, types.UnionType)
                and type(None) in args)
    if optional:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        hint = next(a for a in args if a is not type(None))
    origin = typing.get_origin(hint) or hint
    try:
        value = _convert(value, hint, origin)
    except (TypeError, ValueError):
        shown = repr(value) if len(repr(value)) < 60 else repr(value)[:57] + "..."
        raise WorkbookError(
            f"{where} should be {_describe(hint, origin)}, but it is {shown}; please correct it."
        ) from None
    if origin in (dt.date, dt.datetime) and not (meta or {}).get("any_year"):
        _year_checked(value, label, noun)
    if meta:
        choices, lo, hi = meta.get("choices"), meta.get("lo"), meta.get("hi")
        if choices and value not in choices:
            raise WorkbookError(
                f"{where} must be one of {', '.join(choices)}; {value!r} is not one of them.")
        if lo is not None and value < lo or hi is not None and value > hi:
            raise WorkbookError(f"{where} must be between {lo:g} and {hi:g}; it is {value}.")
        if isinstance(value, str):
            if meta.get("required") and not value.strip():
                raise WorkbookError(f"{where} is empty; please write something there.")
            if len(value) > meta.get("max_len", 200_000):
                raise WorkbookError(f"{where} is longer than {meta['max_len']:,} characters; "
                                    "please shorten it.")
    texts = [value] if isinstance(value, str) else value if isinstance(value, list) else ()
    if not all(storable(t) for t in texts if isinstance(t, str)):
        raise WorkbookError(f"{where} holds a broken character (half of a pair, often left "
                            "by copying and pasting); please retype the text around it.")
    return value


def storable(text: str) -> bool:
    """True when the text is valid Unicode (no lone surrogate halves), so it can be saved."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _convert(value: Any, hint: Any, origin: Any) -> Any:
    if origin is str:
        if not isinstance(value, str):
            raise TypeError
        return value
    if origin is bool:
        if isinstance(value, bool):
            return value
        raise TypeError
    if origin is int:
        if isinstance(value, bool):
            raise TypeError
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            return int(value.strip())
        if not isinstance(value, int):
            raise TypeError
        return value
    if origin is float:
        if isinstance(value, bool):
            raise TypeError
        out = float(value)
        if out != out or out in (float("inf"), float("-inf")):
            raise ValueError
        return out
    if origin is dt.datetime:
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        if not isinstance(value, dt.datetime):
            raise TypeError
        if value.tzinfo is None:
            raise ValueError
        return value
    if origin is dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, str):
            return dt.date.fromisoformat(value.strip())
        if not isinstance(value, dt.date):
            raise TypeError
        return value
    if origin is list:
        if not isinstance(value, (list, tuple)):
            raise TypeError
        (item,) = typing.get_args(hint) or (Any,)
        if item is str and not all(isinstance(v, str) for v in value):
            raise TypeError
        if item is dict and not all(isinstance(v, dict) for v in value):
            raise TypeError
        return list(value)
    if origin is dict:
        if not isinstance(value, dict):
            raise TypeError
        return dict(value)
    raise TypeError


def _describe(hint: Any, origin: Any) -> str:
    return {
        str: "text", bool: "yes or no", int: "a whole number", float: "a number",
        dt.datetime: "a date and time with its time zone", dt.date: "a date (YYYY-MM-DD)",
        list: "a list", dict: "a set of named values",
    }.get(origin, str(hint))
