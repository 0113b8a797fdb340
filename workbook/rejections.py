"""The moment of the no: read what a rejection message says, and record the rejection.

``read_message(text)`` reads a message an employer sent (DESIGN section 10): is it a
rejection, a template or a personal note, which sentences say something specific about the
candidate (feedback), does it invite a new application, and at which stage did the process
end. Its rules and word lists live in ``content/rejection_reader.json`` (English, German,
French and Spanish); what it finds is a suggestion the person confirms, never a verdict.

The record family (``add``, ``update``, ``delete``, ``listed``) keeps a rejection and its
application in step: saving a rejection creates the application when there is none yet and
sets its outcome, furthest stage and closed date, so analytics, the mood timeline, the weekly
review and the session summary all see it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from workbook.content import load_json
from workbook.errors import WorkbookError
from workbook.records import Application, Rejection

STAGES = ("application", "screen", "interview", "final", "offer")
# The sentence splitter keeps exact spans: a sentence ends at . ! ? (then a space or the
# end) or at a line break.
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+(?=\s|$)|(?=\n)|$)")


def _straight(text: str) -> str:
    """Curly quotes made straight, so patterns written with ' match; same length."""
    return (text or "").replace("\u2019", "'").replace("\u2018", "'").replace(
        "\u201c", '"').replace("\u201d", '"')


@functools.cache
def _rules() -> dict[str, Any]:
    data = load_json("rejection_reader.json")

    def compile_all(patterns: list[str]) -> tuple[re.Pattern, ...]:
        return tuple(re.compile(p, re.IGNORECASE) for p in patterns)

    langs = {}
    for lang, spec in data["languages"].items():
        langs[lang] = {
            "markers": frozenset(spec["markers"]),
            **{key: compile_all(spec[key]) for key in (
                "rejection", "not_rejection", "conditional", "personal", "feedback_specific",
                "feedback_generic", "reapply", "not_reached")},
            "stages": {stage: compile_all(spec["stages"].get(stage, []))
                       for stage in ("offer", "final", "interview", "screen")},
            "structure": _structure(spec.get("structure", {})),
        }
    return {"languages": langs, "early_screen": data["early_screen"]}


def _structure(words: dict[str, str]) -> dict[str, tuple[re.Pattern, ...]]:
    """Patterns built from a language's word classes (see the content file's how_rules_work):
    a negator shortly before a word of progress, or choosing near someone else, says no; a
    second-person word with a word that judges or names a requirement marks feedback."""
    if not words:
        return {"says_no": (), "about_you": (), "judges": ()}

    def cls(name: str) -> str:
        return rf"(?<!\w)(?:{words[name]})(?!\w)"

    flags = re.IGNORECASE
    return {
        "says_no": (re.compile(cls("negators") + r".{0,50}?" + cls("progress"), flags),
                    re.compile(cls("choosers") + r".{0,60}?" + cls("others"), flags),
                    re.compile(cls("others") + r".{0,60}?" + cls("choosers"), flags)),
        "about_you": (re.compile(cls("you"), flags),),
        "judges": (re.compile(cls("judging"), flags), re.compile(cls("requirement"), flags)),
    }


def languages() -> tuple[str, ...]:
    """The languages the reader has rules for (ISO codes)."""
    return tuple(_rules()["languages"])


def language(text: str) -> str:
    """The message's language: the one whose common small words occur most (English on a
    tie or when none occurs)."""
    words = re.findall(r"[^\W\d_]+", (text or "").casefold())
    best, score = "en", 0
    for lang, spec in _rules()["languages"].items():
        hits = sum(w in spec["markers"] for w in words)
        if hits > score:
            best, score = lang, hits
    return best


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences in ``text``, surrounding spaces left out."""
    spans = []
    for m in _SENTENCE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def _any(patterns: tuple[re.Pattern, ...], text: str) -> re.Match | None:
    for p in patterns:
        m = p.search(text)
        if m:
            return m
    return None


def read_message(text: str) -> dict[str, Any]:
    """What a message from an employer says, as suggestions for the person to confirm.

    Returns ``is_rejection`` (bool), ``kind`` ("template", "personal", or None when not a
    rejection), ``feedback`` (sentences, each an exact substring of ``text``, that say
    something specific about the candidate), ``invites_reapply`` (bool), ``stage`` (one of
    ``STAGES``, or None when not a rejection), plus ``language`` and ``cues`` (the words
    that led to each finding, to show the person why).
    """
    original = text or ""
    plain = _straight(original)
    lang = language(plain)
    rules = _rules()["languages"][lang]
    out: dict[str, Any] = {"is_rejection": False, "kind": None, "feedback": [],
                           "invites_reapply": False, "stage": None, "language": lang,
                           "cues": {}}
    spans = sentences(plain)
    cue = _rejection_cue(plain, spans, rules)
    if cue is None:
        return out
    blocker = _any(rules["not_rejection"], plain)
    if blocker:
        out["cues"]["not_rejection"] = blocker.group(0)
        return out
    out["is_rejection"] = True
    out["cues"]["rejection"] = cue
    out["feedback"] = [original[a:b] for a, b in spans if _is_feedback(plain[a:b], rules)]
    personal = _any(rules["personal"], plain)
    out["kind"] = "personal" if out["feedback"] or personal else "template"
    if personal:
        out["cues"]["personal"] = personal.group(0)
    reapply = _any(rules["reapply"], plain)
    out["invites_reapply"] = reapply is not None
    if reapply:
        out["cues"]["reapply"] = reapply.group(0)
    out["stage"], stage_cue = _stage(plain, rules)
    if stage_cue:
        out["cues"]["stage"] = stage_cue
    return out


def _rejection_cue(text: str, spans: list[tuple[int, int]], rules: dict) -> str | None:
    """The words that say no, from the first sentence that says it without a condition."""
    for a, b in spans:
        sentence = text[a:b]
        m = _any(rules["rejection"], sentence) or _any(rules["structure"]["says_no"], sentence)
        if m and not _any(rules["conditional"], sentence):
            return m.group(0)
    return None


def _is_feedback(sentence: str, rules: dict) -> bool:
    structure = rules["structure"]
    specific = _any(rules["feedback_specific"], sentence) or (
        _any(structure["about_you"], sentence) and _any(structure["judges"], sentence))
    return bool(specific) and not _any(rules["feedback_generic"], sentence)


def _stage(text: str, rules: dict) -> tuple[str, str | None]:
    """The furthest stage the message shows, after phrases about stages never reached are
    taken out ("we cannot offer you an interview"); "application" when none shows."""
    for p in rules["not_reached"]:
        text = p.sub(" ", text)
    for stage in ("offer", "final", "interview", "screen"):
        m = _any(rules["stages"][stage], text)
        if m:
            return stage, m.group(0)
    return "application", None


def early_screen_note(applied_on: dt.date | None, heard_on: dt.date | None,
                      stage: str | None = "application") -> str | None:
    """A plain explanation when a no came within a day or two of applying at the application
    stage (most likely an automatic screen, not a judgment), else None."""
    spec = _rules()["early_screen"]
    if applied_on is None or heard_on is None or stage not in (None, "application"):
        return None
    days = (heard_on - applied_on).days
    if not 0 <= days <= spec["days"]:
        return None
    when = {0: "on the day you applied", 1: "one day after you applied"}.get(
        days, f"{days} days after you applied")
    return spec["text"].format(when=when)


# ---------------------------------------------------------------- the rejection record

def vocabulary() -> dict[str, Any]:
    """Stages, channels, writing forms and fit choices with their labels (one content file
    read by records, core and pages alike)."""
    return load_json("rejection_vocabulary.json")


def stage_label(stage: str) -> str:
    return {s["id"]: s["label"] for s in vocabulary()["stages"]}.get(stage, stage)


_CANONICAL_ORDER = ("saved", "applied", "screen", "interview", "offer")


def canonical_stage(stage: str) -> str:
    """The applications table's stage a rejection at ``stage`` reached (final -> interview)."""
    return {s["id"]: s["canonical"] for s in vocabulary()["stages"]}[stage]


def _further(a: str, b: str) -> str:
    return max(a, b, key=_CANONICAL_ORDER.index)


def _day(store: Any, value: Any, label: str) -> dt.date:
    from workbook.review import as_of_date

    try:
        return as_of_date(store, value)
    except WorkbookError:
        raise WorkbookError(f"The {label} {value!r} is not a date the workbook can read; "
                            "please write it as YYYY-MM-DD.") from None


def _application_for(store: Any, application_id: str | None, company: str,
                     role: str) -> Application:
    """The application a rejection belongs to: the one picked, an open one with the same
    company and role, or a new one (also when the person would rather not name it)."""
    if application_id:
        app = store.get(Application, application_id)
        if app is None:
            raise WorkbookError("That application is no longer stored (it may have been "
                                "deleted in another tab); please pick it again or type the "
                                "company.")
        return app
    company, role = (company or "").strip(), (role or "").strip()
    if company or role:
        same = [a for a in store.all(Application)
                if a.company.strip().casefold() == company.casefold()
                and a.role.strip().casefold() == role.casefold()
                and a.outcome in ("open", "no_response")]
        if same:
            return max(same, key=lambda a: (a.applied_on or dt.date.min, a.created))
    return Application(company=company, role=role, stage="applied", origin="rejection",
                       notes="" if company or role else vocabulary()["not_named"])


def _apply_to_application(app: Application, rej: Rejection) -> Application:
    """The application as this rejection leaves it: outcome, furthest stage, closed date."""
    app.outcome = "no_response" if rej.channel == "silence" else "rejected"
    app.stage = _further(app.stage, canonical_stage(rej.stage))
    app.closed_on = rej.heard_on
    return app


def _check(store: Any, rej: Rejection, app: Application) -> None:
    if rej.heard_on > store.today():
        raise WorkbookError("The date it came is in the future; please pick today or an "
                            "earlier day.")
    if app.applied_on and rej.heard_on < app.applied_on:
        raise WorkbookError(f"The date it came ({rej.heard_on}) is before the day you "
                            f"applied ({app.applied_on}); please check either date.")


def add(store: Any, *, stage: str = "application", channel: str = "email",
        heard_on: Any = None, wanted: int | None = None, message: str = "",
        application_id: str | None = None, company: str = "", role: str = "",
        found: dict | None = None, note: str = "") -> Rejection:
    """Record a rejection and bring its application in step, in one write.

    The application is the one picked (``application_id``), an open one with the same
    company and role, or a new one (company and role may both be empty: "I'd rather not
    say"). It becomes rejected (``no_response`` when the channel is "silence"), reaches at
    least this stage and closes on ``heard_on`` (today on the person's calendar by default).
    A pasted ``message`` is read (``read_message``) unless ``found`` is given; what the
    reader found is kept as suggestions. Nothing is written when a value is wrong.
    """
    app = _application_for(store, application_id, company, role)
    app, rej = for_application(app, stage=stage, channel=channel,
                               heard_on=_day(store, heard_on, "date it came"), wanted=wanted,
                               message=message, found=found, note=note)
    _check(store, rej, app)
    store.save_many([app, rej])
    return rej


def for_application(app: Application, *, heard_on: dt.date, stage: str = "application",
                    channel: str = "email", wanted: int | None = None, message: str = "",
                    found: dict | None = None, note: str = "",
                    id: str | None = None) -> tuple[Application, Rejection]:
    """The rule ``add`` applies, without writing: the rejection record for ``app`` and the
    application as it leaves it (both validated). The demo persona records its rejections
    through this, so they look exactly like ones a person adds."""
    before = {k: _to_plain(getattr(app, k)) for k in ("outcome", "stage", "closed_on")}
    message = message or ""
    if found is None:
        found = read_message(message) if message.strip() else {}
    extra = {"id": id} if id else {}
    rej = Rejection(application_id=app.id, heard_on=heard_on, stage=stage, channel=channel,
                    wanted=wanted, message=message, found=found, note=note or "",
                    app_before=before, **extra).validate()
    return _apply_to_application(app, rej).validate(), rej


def _to_plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def update(store: Any, id: str, **fields: Any) -> Rejection:
    """Change a stored rejection (date, stage, channel, how much it mattered, message, links
    to the check-in, feedback or follow-up); its application follows the new date and stage."""
    rej = store.need(Rejection, id)
    if "heard_on" in fields:
        fields["heard_on"] = _day(store, fields["heard_on"], "date it came")
    new = rej.changed(**fields)
    app = store.get(Application, new.application_id) if new.application_id else None
    writes: list[Any] = [new]
    if app is not None:
        _check(store, new, app)
        if any(k in fields for k in ("heard_on", "stage", "channel")):
            writes.insert(0, _apply_to_application(app, new).validate())
    store.save_many(writes)
    return new


def delete(store: Any, id: str) -> None:
    """Remove a rejection. Its application goes back to how it was before the rejection was
    recorded; one that this rejection created is removed with it."""
    rej = store.need(Rejection, id)
    app = store.get(Application, rej.application_id) if rej.application_id else None
    others = [r for r in store.all(Rejection)
              if r.id != id and r.application_id == rej.application_id]
    if app is not None and not others:
        if app.origin == "rejection":
            store.delete(Application, app.id)
        elif rej.app_before:
            store.save(app.changed(**rej.app_before))
    store.delete(Rejection, id)


def listed(store: Any) -> list[Rejection]:
    """Every rejection, the most recent first."""
    return sorted(store.all(Rejection), key=lambda r: (r.heard_on, r.created), reverse=True)


def label(store: Any, rej: Rejection) -> str:
    """"Company - role" of the rejection's application, or the not-named wording."""
    app = store.get(Application, rej.application_id) if rej.application_id else None
    name = " - ".join(p for p in ((app.company.strip(), app.role.strip()) if app else ()) if p)
    return name or vocabulary()["not_named"]


# ---------------------------------------------------------------- after the no

def steps_content() -> dict[str, Any]:
    return load_json("rejection_steps.json")


def next_step(rej: Rejection, intensity: int | None = None,
              pleasantness: float | None = None) -> dict[str, str]:
    """The one next step this rejection calls for, as ``{"id", "title", "why", "action"}``:
    "write" when it hurt a lot (wanted it a lot, or the check-in tied to it was unpleasant
    and strong), else "feedback" when it came after a conversation with them (interview,
    final round, offer talks), else "targeting" (application or screen stage)."""
    content = steps_content()
    limits = content["hurt_a_lot"]
    checked_in = intensity is not None and pleasantness is not None
    heavy_check_in = checked_in and pleasantness < 0 and intensity >= limits["intensity_at_least"]
    # Wanting it a lot hurts unless the check-in tied to it says otherwise (relief happens).
    wanted_a_lot = (rej.wanted or 0) >= limits["wanted_at_least"] and not (
        checked_in and pleasantness >= 0)
    if heavy_check_in or wanted_a_lot:
        key = "write"
    elif rej.stage in ("interview", "final", "offer"):
        key = "feedback"
    else:
        key = "targeting"
    return {"id": key, **content["next_steps"][key]}


def _names(store: Any, rej: Rejection) -> dict[str, str]:
    app = store.get(Application, rej.application_id) if rej.application_id else None
    role = (app.role.strip() if app else "")
    company = (app.company.strip() if app else "")
    return {"the_role": f"the {role} role" if role else "this role",
            "company": company or "your team"}


def call_script(store: Any, rej: Rejection, *, reconsider: bool = False,
                reason: str = "") -> list[dict[str, str]]:
    """The short script for the live "we went with another candidate" call: thank, one
    feedback question, one case for reconsidering (only with ``reconsider``), keep the door
    open. Each step is ``{"id", "label", "text"}`` with the company and role filled in."""
    script = steps_content()["call_script"]
    names = _names(store, rej)
    reason = " ".join((reason or "").split()) or script["no_reason"]
    if reason[-1] not in ".!?)":
        reason += "."
    out = []
    for step in script["steps"]:
        if step.get("optional") and not reconsider:
            continue
        text = step["text"].format(reason=reason, **names)
        out.append({"id": step["id"], "label": step["label"], "text": text})
    return out


def reply_draft(store: Any, rej: Rejection, *, ask_feedback: bool = True) -> Any:
    """An (unsaved) e-mail reply to the rejection from the existing drafts: the gracious
    "rejection_reply" after a conversation, "keep_in_touch" after an application-stage no;
    with one feedback question added when ``ask_feedback``."""
    from workbook import reflection

    name = "rejection_reply" if rej.stage in ("interview", "final", "offer") else "keep_in_touch"
    extra = steps_content()["reply"]["ask_feedback"] if ask_feedback else ""
    return reflection.make_draft(store, name, application_id=rej.application_id, extra=extra)


def keep_feedback(store: Any, rej: Rejection, sentences: list[str]) -> list[Any]:
    """Keep the sentences the person confirmed as feedback: one Feedback record each (with
    the skills the vocabulary finds in it, so they show in the feedback themes), and each
    skill sent to the skill plan unconfirmed. Returns the feedback records."""
    from workbook import reflection
    from workbook.records import Feedback

    names = _names(store, rej)
    kept = []
    for text in [s.strip() for s in sentences if s and s.strip()]:
        skills = reflection.suggest_skills(text)
        fb = Feedback(application_id=rej.application_id, text=text, received_on=rej.heard_on,
                      from_whom=names["company"] if names["company"] != "your team" else "",
                      skills=skills)
        kept.append(fb)
    if not kept:
        raise WorkbookError("No sentence is ticked as feedback; tick the ones that say "
                            "something about you, or skip this step.")
    store.save_many(kept)
    for fb in kept:
        for skill in fb.skills:
            reflection.send_to_skill_plan(store, skill, feedback_id=fb.id)
    update(store, rej.id, feedback_ids=[*rej.feedback_ids, *(fb.id for fb in kept)])
    return kept


def add_reapply_follow_up(store: Any, rej: Rejection, on: Any = None) -> Any:
    """Turn an invitation to apply again into a dated follow-up (a company contact whose next
    follow-up is ``on``, by default 90 days after the no), shown in the weekly review."""
    from workbook import review

    content = steps_content()["reply"]
    names = _names(store, rej)
    day = _day(store, on, "follow-up date") if on is not None else \
        rej.heard_on + dt.timedelta(days=content["reapply_days"])
    if day <= rej.heard_on:
        raise WorkbookError("The follow-up date should be after the day the no came; please "
                            "pick a later date.")
    company = names["company"] if names["company"] != "your team" else ""
    contact = review.add_contact(
        store, company or "The company that invited you back", "company", company=company,
        last_contact_on=rej.heard_on, next_follow_up_on=day,
        notes=content["reapply_note"].format(when=f"{rej.heard_on.day} {rej.heard_on:%b %Y}"),
        application_id=rej.application_id)
    update(store, rej.id, contact_id=contact.id)
    return contact


def setback_plan_prompt() -> str:
    return steps_content()["setback_plan_prompt"]


# ---------------------------------------------------------------- remember this company

def company_card(store: Any, company: str, role: str = "", *, as_of: Any = None,
                 leave_out: str | None = None) -> dict[str, Any] | None:
    """What happened at this company before, and what is due, when it comes up again.

    ``{"company", "lines": [plain sentences, oldest first], "due": [sentences]}``, or None
    when the person has no history there. Matching ignores case and surrounding spaces;
    ``leave_out`` is an application id not to count (the one being recorded now).
    """
    from workbook import review
    from workbook.records import Contact, Draft, Feedback, Interview

    key = (company or "").strip().casefold()
    if not key:
        return None
    apps = [a for a in store.all(Application)
            if a.company.strip().casefold() == key and a.id != leave_out]
    if not apps:
        return None
    ids = {a.id for a in apps}
    day = review.as_of_date(store, as_of)
    rejected = {r.application_id: r for r in store.all(Rejection) if r.application_id in ids}
    rounds = [i for i in store.all(Interview) if i.application_id in ids]
    feedback = [fb for fb in store.all(Feedback) if fb.application_id in ids]
    lines = []
    for a in sorted(apps, key=lambda a: (a.applied_on or a.closed_on or dt.date.min)):
        what = a.role.strip() or "a role"
        when = f" in {a.applied_on:%B %Y}" if a.applied_on else ""
        if a.id in rejected:
            r = rejected[a.id]
            end = f"it ended {stage_label(r.stage).lower()} on {r.heard_on.day} {r.heard_on:%b %Y}"
        elif a.outcome == "rejected":
            end = "it ended with a no"
        elif a.outcome == "open":
            end = "it is still open"
        else:
            end = {"no_response": "no answer came", "withdrawn": "you withdrew",
                   "accepted": "you accepted an offer", "declined": "you declined an offer"
                   }.get(a.outcome, a.outcome)
        lines.append(f"You applied for {what}{when}; {end}.")
    if rounds:
        lines.append(f"You had {len(rounds)} interview round{'s' if len(rounds) != 1 else ''} "
                     "there.")
    if feedback:
        lines.append(f"Feedback you kept from them: \u201c{feedback[-1].text.strip()}\u201d")
    if role and any(a.role.strip().casefold() == role.strip().casefold() for a in apps):
        lines.append("You applied for this same role before.")
    due = []
    for c in store.all(Contact):
        if (c.application_id in ids or c.company.strip().casefold() == key) \
                and c.next_follow_up_on:
            late = " (the date has come)" if c.next_follow_up_on <= day else ""
            due.append(f"Follow up with {c.name} on {c.next_follow_up_on.day} "
                       f"{c.next_follow_up_on:%b %Y}{late}.")
    for d in store.all(Draft):
        if d.application_id in ids and d.follow_up_on and d.sent_on:
            due.append(f"Follow up on your e-mail \u201c{d.subject}\u201d by "
                       f"{d.follow_up_on.day} {d.follow_up_on:%b %Y}.")
        elif d.application_id in ids and not d.sent_on:
            due.append(f"An e-mail draft \u201c{d.subject}\u201d is waiting, not yet sent.")
    return {"company": apps[0].company.strip(), "lines": lines, "due": due}


# ---------------------------------------------------------------- over time

def recovery_by_wanted(store: Any, as_of: Any = None) -> "Any":
    """Recovery days per rejection set against how much the person wanted each one.

    A DataFrame with ``emotions.recovery``'s columns plus ``wanted`` (1-5, <NA> when not
    said or the rejection came from an import) and ``recorded`` (a rejection record exists).
    Information for the person, never a score: a small count says little.
    """
    import pandas as pd

    from workbook import emotions
    from workbook.applications import frame
    from workbook.records import CheckIn
    from workbook.review import as_of_date

    daily = emotions.daily_mood(emotions.checkins_frame(store.raw(CheckIn.kind), store))
    events = emotions.events_frame(frame(store))
    rec = emotions.recovery(daily, events, as_of=as_of_date(store, as_of))
    wanted = {r.application_id: r.wanted for r in store.all(Rejection)}
    rec["recorded"] = rec["application_id"].map(lambda a: a in wanted).astype("bool")
    rec["wanted"] = pd.array([wanted.get(a) for a in rec["application_id"]], dtype="Int64")
    return rec
