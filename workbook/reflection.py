"""Interview reflection: the debrief of a round, its question log, the e-mails worth
sending, feedback received, and the patterns across interviews.

Pure Python and pandas (no widgets, no plotting). Every function takes an open
``workbook.store.Store`` and returns records, plain values or DataFrames. Records link by id:
an ``Interview`` belongs to an ``Application``; ``Question``, ``Feedback`` and ``Draft``
records belong to an ``Interview``. Content (question bank, competencies, prompts, e-mail
templates) is data in ``workbook/content/`` that a counselor can edit.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import string
from typing import Any, Iterable

import pandas as pd

from workbook.content import load_csv, load_json, load_text
from workbook.errors import WorkbookError
from workbook.records import Application, Contact, Draft, Feedback, Interview, Question, Skill

TEMPLATES = ("thank_you", "feedback_request", "rejection_reply", "reconsider", "keep_in_touch")
STEPS = ("what_happened", "feelings", "went_well", "do_differently", "why", "action_plan")
CATEGORIES = {
    "behavioural": "Behavioural", "situational": "Situational", "technical": "Technical",
    "motivation": "Motivation and fit", "company": "About the company", "salary": "Salary",
    "my_questions": "My questions for them", "other": "Other",
}
# How a category reads inside a sentence ("you felt strongest on ...").
CATEGORY_PHRASES = {
    "behavioural": "behavioural questions", "situational": "situational questions",
    "technical": "technical questions", "motivation": "motivation and fit questions",
    "company": "questions about the company", "salary": "salary questions",
    "my_questions": "the questions you asked them", "other": "other questions",
}
# A self-rating at or under this mean (1-5 scale) marks a category or competency to work on.
WEAK_AT = 2.5


# ---------------------------------------------------------------- content

@functools.cache
def question_bank() -> tuple[dict[str, str], ...]:
    """The question bank rows: id, text, category, competency."""
    return tuple(load_csv("question_bank.csv"))


@functools.cache
def competencies() -> tuple[dict[str, str], ...]:
    """The competency list rows: id, name, description, source."""
    return tuple(load_csv("competencies.csv"))


def competency_name(cid: str) -> str:
    """The display name of a competency id (the id itself when it is not in the list)."""
    for row in competencies():
        if row["id"] == cid:
            return row["name"]
    return cid


@functools.cache
def prompts() -> dict[str, Any]:
    """The debrief steps, self-check items, question and draft wording."""
    return load_json("reflection_prompts.json")


def bank_entry(bank_id: str) -> dict[str, str] | None:
    return next((q for q in question_bank() if q["id"] == bank_id), None)


# ---------------------------------------------------------------- rounds

def applications(store: Any) -> list[Application]:
    """Applications to attach an interview to, most recent first."""
    apps = store.all(Application)
    return sorted(apps, key=lambda a: (a.interview_on or a.applied_on or dt.date.min,
                                       a.created), reverse=True)


def application_label(app: Application | None) -> str:
    if app is None:
        return "(no application)"
    name = " - ".join(p for p in (app.company.strip(), app.role.strip()) if p) or "Untitled"
    return name


def add_application(store: Any, company: str, role: str, on: dt.date | None = None) -> Application:
    """Create an application on the spot (the person had an interview not yet in the history)."""
    if not (company or "").strip() and not (role or "").strip():
        raise WorkbookError("To add an application here, please write at least the company or "
                            "the role.")
    app = Application(company=company.strip(), role=role.strip(), stage="interview",
                      interview_on=on, origin="interview_reflection")
    return store.save(app)


def save_round(store: Any, interview: Interview | None = None, **fields: Any) -> Interview:
    """Create or update an interview round (date, stage, format, interviewers, confidence).

    The application it belongs to must exist. When the round is new, or its date is later
    than the application's known interview date, the application is moved to the interview
    stage so analytics count it as interviewed.
    """
    interview = interview or Interview()
    for key, value in fields.items():
        if not hasattr(interview, key):
            raise WorkbookError(f"An interview has no field called {key!r}.")
        setattr(interview, key, value)
    app = None
    if interview.application_id:
        app = store.get(Application, interview.application_id)
        if app is None:
            raise WorkbookError("The application this interview belongs to is no longer in the "
                                "history; please pick another one or add it.")
    interview.validate()
    to_save: list[Any] = [interview]
    if app is not None:
        changed = False
        if app.stage in ("saved", "applied", "screen") and interview.stage != "screen":
            app.stage, changed = "interview", True
        elif app.stage in ("saved", "applied") and interview.stage == "screen":
            app.stage, changed = "screen", True
        when = interview.on
        if when is not None:
            col = "screen_on" if interview.stage == "screen" else "interview_on"
            if getattr(app, col) is None:
                setattr(app, col, when)
                changed = True
        if changed:
            to_save.append(app)
    store.save_many(to_save)
    return interview


def set_confidence(store: Any, interview_id: str, confidence: int | None) -> Interview:
    """Record the confidence right after the interview (1-10) at once."""
    interview = _need(store, Interview, interview_id)
    interview.confidence = confidence
    return store.save(interview)


def save_debrief(store: Any, interview_id: str, **texts: str) -> Interview:
    """Save the guided reflection steps (any of ``STEPS``) and an optional ``checkin_id``."""
    interview = _need(store, Interview, interview_id)
    for key, value in texts.items():
        if key not in STEPS and key != "checkin_id":
            raise WorkbookError(f"The debrief has no step called {key!r}.")
        setattr(interview, key, value)
    return store.save(interview)


def save_self_check(store: Any, interview_id: str, ratings: dict[str, int | None],
                    note: str = "") -> Interview:
    """Store the presentation self-check: item id -> 1..5 (or None), plus a note."""
    items = {i["id"] for i in prompts()["self_check"]["items"]}
    out: dict[str, Any] = {}
    for key, value in ratings.items():
        if key not in items:
            raise WorkbookError(f"The self-check has no item called {key!r}.")
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise WorkbookError(f"The self-check answer for {key} should be 1 to 5; it is "
                                f"{value!r}.")
        out[key] = value
    if note.strip():
        out["note"] = note
    interview = _need(store, Interview, interview_id)
    interview.self_check = out
    return store.save(interview)


def rounds(store: Any) -> pd.DataFrame:
    """Every interview round with its application's company, role, stage and outcome,
    newest first. Columns: interview_id, application_id, on (date or None), stage, format,
    confidence (nullable Int64), company, role, outcome, label."""
    apps = {a["id"]: a for a in store.raw(Application.kind)}
    rows = []
    for item in store.raw(Interview.kind):
        app = apps.get(item.get("application_id") or "", {})
        company, role = app.get("company", ""), app.get("role", "")
        on = item.get("on") or ""
        name = " - ".join(p for p in (company, role) if p) or "Interview"
        label = f"{name}, {item.get('stage', 'interview')}" + (f", {on}" if on else "")
        rows.append({
            "interview_id": item["id"], "application_id": item.get("application_id") or "",
            "on": on, "stage": item.get("stage", "interview"),
            "format": item.get("format", ""), "confidence": item.get("confidence"),
            "company": company, "role": role, "outcome": app.get("outcome", "open"),
            "app_stage": app.get("stage", ""), "label": label, "created": item["created"],
        })
    cols = ["interview_id", "application_id", "on", "stage", "format", "confidence", "company",
            "role", "outcome", "app_stage", "label", "created"]
    df = pd.DataFrame(rows, columns=cols)
    df["confidence"] = df["confidence"].astype("Int64")
    for col in ("interview_id", "application_id", "on", "stage", "format", "company", "role",
                "outcome", "app_stage", "label", "created"):
        df[col] = df[col].fillna("").astype("str")
    return df.sort_values(["on", "created"], ascending=False).reset_index(drop=True)


def delete_round(store: Any, interview_id: str) -> dict[str, int]:
    """Delete an interview round with its questions, feedback and drafts.

    Skills already sent to the skill plan stay (they are the person's own plan now).
    Returns how many records of each kind went.
    """
    _need(store, Interview, interview_id)
    gone = {"question": 0, "feedback": 0, "draft": 0}
    for cls in (Question, Feedback, Draft):
        for rec in store.all(cls):
            if rec.interview_id == interview_id:
                store.delete(cls, rec.id)
                gone[cls.kind] += 1
    store.delete(Interview, interview_id)
    gone["interview"] = 1
    return gone


# ---------------------------------------------------------------- questions

def save_question(store: Any, interview_id: str, question: Question | None = None,
                  **fields: Any) -> Question:
    """Create or update a question of a round; a bank pick fills text, category and
    competency unless they are given."""
    _need(store, Interview, interview_id)
    q = question or Question()
    before = q.competency
    bank_id = fields.get("bank_id")
    if bank_id:
        entry = bank_entry(bank_id)
        if entry is None:
            raise WorkbookError(f"The question bank has no entry {bank_id!r}; pick one from the "
                                "list or write your own question.")
        fields.setdefault("text", entry["text"])
        fields.setdefault("category", entry["category"])
        fields.setdefault("competency", entry["competency"])
    for key, value in fields.items():
        if not hasattr(q, key):
            raise WorkbookError(f"An interview question has no field called {key!r}.")
        setattr(q, key, value)
    q.interview_id = interview_id
    if q.competency and q.competency != before and q.competency not in {
            c["id"] for c in competencies()}:
        raise WorkbookError(f"The competency {q.competency!r} is not in the competency list; "
                            "pick one from the list (or add it to competencies.csv).")
    return store.save(q)


def questions_of(store: Any, interview_id: str) -> list[Question]:
    return [q for q in store.all(Question) if q.interview_id == interview_id]


def questions(store: Any) -> pd.DataFrame:
    """Every logged question with its round's outcome. Columns: question_id, interview_id,
    text, key (bank id or normalised text, for spotting repeats), category, competency,
    rating (Int64), outcome."""
    rd = rounds(store)
    outcome = dict(zip(rd["interview_id"], rd["outcome"]))
    rows = [{
        "question_id": q["id"], "interview_id": q.get("interview_id") or "",
        "text": q.get("text", ""), "key": q.get("bank_id") or _norm(q.get("text", "")),
        "category": q.get("category", "other"), "competency": q.get("competency", ""),
        "rating": q.get("rating"), "outcome": outcome.get(q.get("interview_id") or "", ""),
    } for q in store.raw(Question.kind)]
    cols = ["question_id", "interview_id", "text", "key", "category", "competency", "rating",
            "outcome"]
    df = pd.DataFrame(rows, columns=cols)
    df["rating"] = df["rating"].astype("Int64")
    for col in cols:
        if col != "rating":
            df[col] = df[col].fillna("").astype("str")
    return df


def _norm(text: str) -> str:
    return re.sub(r"[^\w]+", " ", text.casefold()).strip()


# ---------------------------------------------------------------- drafts

class _Fields(dict):
    """Template values; a name not filled raises so a template can never leave one behind."""

    def __missing__(self, key: str) -> str:
        raise WorkbookError(f"The e-mail template uses a field {{{key}}} the workbook does not "
                            "know; please check the template file.")


@functools.cache
def template(name: str) -> tuple[int, str, str]:
    """(follow_up_days, subject, body) of a template file in content/email_templates."""
    if name not in TEMPLATES:
        raise WorkbookError(f"There is no e-mail template called {name!r}; choose one of "
                            f"{', '.join(TEMPLATES)}.")
    lines = load_text(f"email_templates/{name}.txt").splitlines()
    days = 14
    while lines and lines[0].startswith("#"):
        m = re.match(r"#\s*follow_up_days:\s*(\d+)", lines[0])
        if m:
            days = int(m.group(1))
        lines.pop(0)
    subject = lines.pop(0).removeprefix("Subject:").strip() if lines else ""
    return days, subject, "\n".join(lines).strip("\n")


def template_fields(name: str) -> set[str]:
    _, subject, body = template(name)
    return {f for _, f, _, _ in string.Formatter().parse(subject + "\n" + body) if f}


def draft_values(store: Any, interview: Interview | None, application: Application | None, *,
                 to_name: str = "", extra: str = "", reason: str = "",
                 my_name: str | None = None) -> dict[str, str]:
    """The values every template field gets; a missing record field gets neutral words."""
    def clean(text: Any) -> str:
        return re.sub(r"\s+", " ", str(text or "")).strip()

    role = clean(application.role if application else "")
    company = clean(application.company if application else "")
    when = ""
    if interview and interview.on:
        when = f"on {interview.on.day} {interview.on.strftime('%B')}"
    stage = interview.stage if interview else ""
    the_interview = {"screen": "the screening call", "final": "the final interview"}.get(
        stage, "the interview")
    to_name = clean(to_name)
    my_name = clean(my_name if my_name is not None else store.setting("display_name", ""))
    extra = clean(extra)
    if extra and extra[-1] not in ".!?":
        extra += "."
    reason = clean(reason)
    if reason:
        if reason[-1] not in ".!?":
            reason += "."
        reason = f"There is one thing I would like to add that may not have come across: {reason}"
    else:
        reason = ("Since our conversation I have kept thinking about the role, and I remain "
                  "confident that I could contribute to the team's work.")
    return {
        "greeting": f"Dear {to_name}," if to_name else "Hello,",
        "the_role": f"the {role} role" if role else "the role",
        "company": company or "your organisation",
        "when": when or "recently",
        "the_interview": the_interview,
        "extra": f"{extra} " if extra else "",
        "reason": reason,
        "sign_off": f"Best regards,\n{my_name}" if my_name else "Best regards,",
    }


def fill(name: str, values: dict[str, str]) -> tuple[str, str]:
    """(subject, body) of a template with every field filled from ``values``."""
    _, subject, body = template(name)
    vals = _Fields(values)
    fmt = string.Formatter()
    return fmt.vformat(subject, (), vals), fmt.vformat(body, (), vals)


def make_draft(store: Any, name: str, interview_id: str | None = None,
               application_id: str | None = None, **options: str) -> Draft:
    """A new (unsaved) draft filled from the records. ``options``: to_name, extra, reason.

    A feedback request needs a real interview: a round that is saved and not in the future.
    """
    interview = store.get(Interview, interview_id) if interview_id else None
    if interview_id and interview is None:
        raise WorkbookError("That interview is no longer saved; pick another one.")
    app_id = application_id or (interview.application_id if interview else None)
    application = store.get(Application, app_id) if app_id else None
    if name == "feedback_request":
        if interview is None:
            raise WorkbookError("A feedback request is for after a real interview: pick or save "
                                "the interview round first.")
        if interview.on and interview.on > store.today():
            raise WorkbookError("This interview has not happened yet (its date is in the "
                                "future), so it is too early to ask for feedback.")
    contact = None
    if application is not None and not (options.get("to_name") or "").strip():
        # someone already in the support network for this application is the natural "to"
        contact = next((c for c in store.all(Contact) if c.application_id == application.id),
                       None)
        if contact is not None:
            options = {**options, "to_name": contact.name}
    subject, body = fill(name, draft_values(store, interview, application, **options))
    return Draft(template=name, interview_id=interview_id, application_id=app_id,
                 contact_id=contact.id if contact else None, subject=subject, body=body)


def save_draft(store: Any, draft: Draft, subject: str | None = None,
               body: str | None = None) -> Draft:
    if subject is not None:
        draft.subject = subject
    if body is not None:
        draft.body = body
    if not draft.body.strip():
        raise WorkbookError("The draft's text is empty; write something or create it again "
                            "from the template.")
    return store.save(draft)


def mark_sent(store: Any, draft_id: str, on: dt.date | None = None,
              follow_up_on: dt.date | None = None) -> Draft:
    """Record that a draft was sent (today by default) and when to follow up (the
    template's usual gap by default); the follow-up date feeds the weekly review."""
    draft = _need(store, Draft, draft_id)
    draft.sent_on = on or store.today()
    if follow_up_on is None and draft.template in TEMPLATES:
        follow_up_on = draft.sent_on + dt.timedelta(days=template(draft.template)[0])
    if follow_up_on is not None and follow_up_on < draft.sent_on:
        raise WorkbookError("The follow-up date is before the day the e-mail was sent; please "
                            "pick a later date.")
    draft.follow_up_on = follow_up_on
    return store.save(draft)


def unmark_sent(store: Any, draft_id: str) -> Draft:
    """Undo "mark as sent" (it was not sent after all): clears the sent and follow-up dates."""
    draft = _need(store, Draft, draft_id)
    draft.sent_on = None
    draft.follow_up_on = None
    return store.save(draft)


def follow_ups(store: Any, as_of: dt.date | None = None, within_days: int = 7) -> pd.DataFrame:
    """Sent drafts whose follow-up date falls on or before ``as_of`` + ``within_days``.
    Columns: draft_id, template, subject, sent_on, follow_up_on, company, role, due (bool:
    the date has come)."""
    as_of = as_of or store.today()
    apps = {a["id"]: a for a in store.raw(Application.kind)}
    rows = []
    for d in store.all(Draft):
        if d.follow_up_on is None or d.follow_up_on > as_of + dt.timedelta(days=within_days):
            continue
        app = apps.get(d.application_id or "", {})
        rows.append({"draft_id": d.id, "template": d.template, "subject": d.subject,
                     "sent_on": d.sent_on, "follow_up_on": d.follow_up_on,
                     "company": app.get("company", ""), "role": app.get("role", ""),
                     "due": d.follow_up_on <= as_of})
    cols = ["draft_id", "template", "subject", "sent_on", "follow_up_on", "company", "role",
            "due"]
    df = pd.DataFrame(rows, columns=cols)
    return df.sort_values("follow_up_on").reset_index(drop=True)


# ---------------------------------------------------------------- feedback

def save_feedback(store: Any, interview_id: str | None, feedback: Feedback | None = None,
                  **fields: Any) -> Feedback:
    """Create or update feedback received; skills may be given as a comma-separated text."""
    fb = feedback or Feedback()
    before = set(fb.competencies)
    skills = fields.pop("skills", None)
    if isinstance(skills, str):
        skills = [s.strip() for s in skills.split(",") if s.strip()]
    if skills is not None:
        fields["skills"] = list(dict.fromkeys(skills))
    for key, value in fields.items():
        if not hasattr(fb, key):
            raise WorkbookError(f"Feedback has no field called {key!r}.")
        setattr(fb, key, value)
    known = {c["id"] for c in competencies()}
    unknown = [c for c in fb.competencies if c not in known and c not in before]
    if unknown:
        raise WorkbookError(f"The competency {unknown[0]!r} is not in the competency list; "
                            "pick from the list.")
    if interview_id:
        interview = _need(store, Interview, interview_id)
        fb.interview_id = interview_id
        fb.application_id = fb.application_id or interview.application_id
    return store.save(fb)


def suggest_skills(text: str) -> list[str]:
    """Skills from the workbook's vocabulary named in a feedback text (suggestions the
    person confirms by keeping them in the skills box)."""
    from workbook import skills as sk_core

    return sk_core.extract(text or "")


def send_to_skill_plan(store: Any, name: str, feedback_id: str | None = None,
                       category: str = "") -> Skill:
    """Create (or add evidence to) an unconfirmed skill for the skill-gap plan.

    The skill is ``confirmed=False`` so the person confirms it in the skill-gap notebook
    before it gets a score; ``from_feedback`` is set and the feedback id kept in
    ``source_ids``. An existing skill with the same name (any case) gains the source instead
    of a duplicate being made; its confirmation is left as the person set it.
    """
    from workbook import skills as sk_core

    name = re.sub(r"\s+", " ", name or "").strip()
    if not name:
        raise WorkbookError("Please name the skill or area to send to the skill plan.")
    name = sk_core.canonical(name)  # the skill vocabulary's spelling, so it matches there
    category = category or sk_core.category_of(name)
    if feedback_id and store.get(Feedback, feedback_id) is None:
        raise WorkbookError("That feedback is no longer saved; nothing was sent.")
    existing = next((s for s in store.all(Skill) if s.name.casefold() == name.casefold()), None)
    skill = existing or Skill(name=name, category=category, confirmed=False)
    if feedback_id:
        skill.from_feedback = True
        if feedback_id not in skill.source_ids:
            skill.source_ids = [*skill.source_ids, feedback_id]
    return store.save(skill)


def feedback_themes(store: Any) -> pd.DataFrame:
    """How often each competency and skill is named in feedback received.
    Columns: kind ('competency' or 'skill'), theme (display name), id, count; most first."""
    counts: dict[tuple[str, str], int] = {}
    for fb in store.raw(Feedback.kind):
        for c in set(fb.get("competencies") or []):
            counts[("competency", c)] = counts.get(("competency", c), 0) + 1
        for s in {x.strip().casefold(): x.strip() for x in fb.get("skills") or []}.values():
            counts[("skill", s)] = counts.get(("skill", s), 0) + 1
    rows = [{"kind": k, "theme": competency_name(i) if k == "competency" else i, "id": i,
             "count": n} for (k, i), n in counts.items()]
    df = pd.DataFrame(rows, columns=["kind", "theme", "id", "count"])
    df["count"] = df["count"].astype("int64")
    return df.sort_values(["count", "theme"], ascending=[False, True]).reset_index(drop=True)


# ---------------------------------------------------------------- patterns

def ratings_by(df: pd.DataFrame, by: str = "category") -> pd.DataFrame:
    """Mean self-rating (1-5) and count of rated questions per ``by`` ('category' or
    'competency'). Columns: group, name, mean, count; weakest first."""
    rated = df.loc[df["rating"].notna() & (df[by] != "")]
    if rated.empty:
        return pd.DataFrame({"group": pd.Series(dtype="str"), "name": pd.Series(dtype="str"),
                             "mean": pd.Series(dtype="float64"),
                             "count": pd.Series(dtype="int64")})
    out = (rated.groupby(by, observed=True)["rating"]
           .agg(["mean", "count"]).reset_index().rename(columns={by: "group"}))
    out["mean"] = out["mean"].astype("float64").round(2)
    out["count"] = out["count"].astype("int64")
    names = CATEGORIES if by == "category" else {c["id"]: c["name"] for c in competencies()}
    out["name"] = out["group"].map(lambda g: names.get(g, g)).astype("str")
    return out.loc[:, ["group", "name", "mean", "count"]].sort_values(
        ["mean", "count"], ascending=[True, False]).reset_index(drop=True)


def recurring(df: pd.DataFrame, min_count: int = 2) -> pd.DataFrame:
    """Questions asked in at least ``min_count`` different rounds. Columns: text, rounds,
    mean_rating (float, NaN when unrated); most frequent first."""
    if df.empty:
        return pd.DataFrame({"text": pd.Series(dtype="str"), "rounds": pd.Series(dtype="int64"),
                             "mean_rating": pd.Series(dtype="float64")})
    g = df.groupby("key").agg(text=("text", "first"), rounds=("interview_id", "nunique"),
                              mean_rating=("rating", "mean")).reset_index(drop=True)
    g["mean_rating"] = g["mean_rating"].astype("float64").round(2)
    g = g.loc[g["rounds"] >= min_count]
    return g.sort_values(["rounds", "text"], ascending=[False, True]).reset_index(drop=True)


def confidence_vs_outcome(store: Any) -> pd.DataFrame:
    """Confidence right after each round next to how the application ended.
    Columns: label, confidence (Int64), outcome; only rounds with a confidence."""
    df = rounds(store)
    df = df.loc[df["confidence"].notna(), ["label", "confidence", "outcome"]]
    return df.reset_index(drop=True)


def weak_areas(store: Any) -> list[dict[str, Any]]:
    """Areas worth sending to the skill plan: competencies rated at or under ``WEAK_AT``
    on average, and competencies or skills named in feedback. Each item: name, why,
    feedback_ids (the feedback naming it, possibly empty)."""
    qs = questions(store)
    by_comp = ratings_by(qs, "competency")
    items: dict[str, dict[str, Any]] = {}
    for row in by_comp.itertuples():
        if row.mean <= WEAK_AT:
            items[row.name.casefold()] = {
                "name": row.name, "feedback_ids": [],
                "why": f"your own ratings average {row.mean:.1f} of 5 over {row.count} "
                       f"question{'s' if row.count != 1 else ''}"}
    for fb in store.all(Feedback):
        named = [competency_name(c) for c in fb.competencies] + list(fb.skills)
        for name in {n.casefold(): n for n in named}.values():
            item = items.setdefault(name.casefold(), {"name": name, "feedback_ids": [],
                                                      "why": ""})
            item["feedback_ids"].append(fb.id)
    for item in items.values():
        n = len(item["feedback_ids"])
        if n:
            said = f"named in {n} piece{'s' if n != 1 else ''} of feedback"
            item["why"] = f"{item['why']}; {said}" if item["why"] else said
    return sorted(items.values(), key=lambda i: (-len(i["feedback_ids"]), i["name"]))


def pattern_sentences(store: Any) -> dict[str, str]:
    """One plain sentence per pattern chart (numbers as information, not verdicts)."""
    qs = questions(store)
    out: dict[str, str] = {}
    by_cat = ratings_by(qs, "category")
    if by_cat.empty:
        out["category"] = ("No rated questions yet: rate a few answers in the question log and "
                           "this will show where you feel strongest and where practice may help.")
    else:
        low, high = by_cat.iloc[0], by_cat.iloc[-1]
        total = int(by_cat["count"].sum())
        if len(by_cat) == 1:
            out["category"] = (f"So far you rated {total} answer{'s' if total != 1 else ''}, "
                               f"all {_phrase(low['group'])}, at {low['mean']:.1f} of 5 "
                               "on average.")
        else:
            out["category"] = (f"Across {total} rated answers, you felt strongest on "
                               f"{_phrase(high['group'])} ({high['mean']:.1f} of 5) and "
                               f"least sure on {_phrase(low['group'])} ({low['mean']:.1f}); "
                               "that may be a place to practise, if you want to.")
    by_comp = ratings_by(qs, "competency")
    if by_comp.empty:
        out["competency"] = "Tag questions with a competency to see your ratings by competency."
    else:
        low = by_comp.iloc[0]
        out["competency"] = (f"Your lowest average is {low['name']} ({low['mean']:.1f} of 5 over "
                             f"{int(low['count'])} question{'s' if low['count'] != 1 else ''}); "
                             "a small count says little on its own.")
    rec = recurring(qs)
    if rec.empty:
        out["recurring"] = ("No question has come up in more than one interview yet; as you log "
                            "more, the ones that keep returning will show here.")
    else:
        top = rec.iloc[0]
        out["recurring"] = (f"{len(rec)} question{'s' if len(rec) != 1 else ''} came up in more "
                            f"than one interview; the most frequent, \"{top['text']}\", in "
                            f"{int(top['rounds'])}. A ready answer for it may be worth "
                            "preparing.")
    conf = confidence_vs_outcome(store)
    if conf.empty:
        out["confidence"] = ("Note your confidence right after each interview to compare it "
                             "with how things turned out.")
    else:
        closed = conf.loc[conf["outcome"].isin(["rejected", "accepted", "declined"])]
        if len(closed) < 3:
            out["confidence"] = (f"{len(conf)} interview{'s' if len(conf) != 1 else ''} with a "
                                 "confidence noted; not enough decided yet to compare with "
                                 "outcomes.")
        else:
            rej = closed.loc[closed["outcome"] == "rejected", "confidence"]
            out["confidence"] = (
                f"Of {len(closed)} decided interviews, {len(rej)} ended in a rejection"
                + (f" with a median confidence of {float(rej.median()):.0f} of 10 right after"
                   if len(rej) else "")
                + ". How an interview felt and how it ended often differ: decisions depend "
                  "on much you cannot see.")
    themes = feedback_themes(store)
    if themes.empty:
        out["themes"] = ("No feedback with tags yet. When you receive some, tag it with "
                         "competencies and skills to see the themes.")
    else:
        top = themes.iloc[0]
        out["themes"] = (f"The theme named most often in feedback is {top['theme']} "
                         f"({int(top['count'])} time{'s' if top['count'] != 1 else ''}); one "
                         "person's view is a clue, a repeated one a stronger signal.")
    from workbook import early_debrief

    out["early"] = early_debrief.pattern_sentence(store)
    return out


# ---------------------------------------------------------------- helpers

def _phrase(category: str) -> str:
    return CATEGORY_PHRASES.get(category, f"{category} questions")


def _need(store: Any, cls: type, id: str | None) -> Any:
    rec = store.get(cls, id) if id else None
    if rec is None:
        raise WorkbookError(f"That {cls.noun} is not saved (it may have been deleted); please "
                            f"pick or save one first.")
    return rec


def delete(store: Any, cls: type, id: str) -> None:
    """Delete one question, feedback or draft; WorkbookError when it is already gone."""
    if cls not in (Question, Feedback, Draft):
        raise WorkbookError("Only questions, feedback and drafts are deleted this way.")
    if not store.delete(cls, id):
        raise WorkbookError(f"That {cls.noun} was already deleted.")


def checkins_for_picker(store: Any, limit: int = 30) -> list[tuple[str, str]]:
    """(label, id) of recent check-ins, newest first, to link a debrief's feelings to."""
    from workbook.records import CheckIn

    items = sorted(store.raw(CheckIn.kind), key=lambda c: c.get("at", ""), reverse=True)
    out = []
    for c in items[:limit]:
        words = ", ".join(c.get("word_texts") or []) or "check-in"
        out.append((f"{str(c.get('at', ''))[:10]}: {words}", c["id"]))
    return out


def labels(values: Iterable[str], names: dict[str, str]) -> list[str]:
    return [names.get(v, v) for v in values]
