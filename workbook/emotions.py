"""Check-ins and thought records: vocabulary, thinking-trap suggestions, safety words, coping
suggestions, and the mood and recovery series seen over time.

Pure Python and pandas (no widgets, no plotting). Every word list and rule is data in
``workbook/content/`` (``feelings.csv``, ``thinking_traps.json``, ``crisis_phrases.json``,
``coping.json``), so a counselor can read and change them.

Units: pleasantness and energy run from -1 (very unpleasant / very low energy) to 1 (very
pleasant / very high energy); intensity and belief are 0-100. Days are the person's own
calendar days in the profile's time zone.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from dataclasses import dataclass
from typing import Any, Iterable

import pandas as pd

from workbook.content import load_csv, load_json
from workbook.errors import WorkbookError
from workbook.records import CheckIn, ThoughtRecord

QUADRANTS: dict[str, dict[str, str]] = {
    "unpleasant_high": {"label": "unpleasant, high energy",
                        "hint": "stirred up: anger, worry and frustration live here"},
    "unpleasant_low": {"label": "unpleasant, low energy",
                       "hint": "weighed down: sadness, disappointment and tiredness live here"},
    "pleasant_high": {"label": "pleasant, high energy",
                      "hint": "lifted: hope, drive and excitement live here"},
    "pleasant_low": {"label": "pleasant, low energy",
                     "hint": "settled: calm, relief and contentment live here"},
}

#: Tags every check-in offers (id -> what the checkbox says); people can add their own.
DEFAULT_TAGS: dict[str, str] = {"sleep": "slept well", "exercise": "moved or exercised",
                                "talked": "talked to someone"}

#: Fewer days than this with and without a tag and the tag comparison says "not enough yet".
MIN_TAG_DAYS = 5
#: Pleasantness within this distance of the baseline counts as "back to your usual".
RECOVERY_TOLERANCE = 0.05
#: How many days after a rejection recovery is looked for.
RECOVERY_WINDOW_DAYS = 30


def quadrant(pleasantness: float, energy: float) -> str:
    """The quadrant id for a grid position (0 counts as pleasant / high energy)."""
    side = "pleasant" if pleasantness >= 0 else "unpleasant"
    level = "high" if energy >= 0 else "low"
    return f"{side}_{level}"


def is_unpleasant(pleasantness: float) -> bool:
    return pleasantness < 0


# ---------------------------------------------------------------- vocabulary

@dataclass(frozen=True)
class Word:
    id: str
    quadrant: str
    text: str
    definition: str


@functools.cache
def vocabulary() -> tuple[Word, ...]:
    """Every feeling word in ``feelings.csv``, in file order."""
    words = tuple(Word(r["id"].strip(), r["quadrant"].strip(), r["word"].strip(),
                       r["definition"].strip()) for r in load_csv("feelings.csv"))
    for word in words:
        if word.quadrant not in QUADRANTS:
            raise WorkbookError(f"The feeling word {word.text!r} in feelings.csv has the "
                                f"quadrant {word.quadrant!r}; use one of {', '.join(QUADRANTS)}.")
    return words


def words_for(quadrant_id: str) -> list[Word]:
    """The words of one quadrant, in file order."""
    if quadrant_id not in QUADRANTS:
        raise WorkbookError(f"{quadrant_id!r} is not a quadrant; use one of "
                            f"{', '.join(QUADRANTS)}.")
    return [w for w in vocabulary() if w.quadrant == quadrant_id]


def word(word_id: str) -> Word:
    for w in vocabulary():
        if w.id == word_id:
            return w
    raise WorkbookError(f"The feeling word id {word_id!r} is not in the word list "
                        "(feelings.csv); choose words from the list shown.")


def make_checkin(*, pleasantness: float, energy: float, word_ids: Iterable[str] = (),
                 intensity: int = 50, at: dt.datetime | None = None,
                 application_id: str | None = None, interview_id: str | None = None,
                 context: str = "", tags: Iterable[str] = (), note: str = "") -> CheckIn:
    """A validated CheckIn with word ids and their texts; raises WorkbookError in plain words.

    Words from another quadrant than the grid position are allowed (feelings are mixed),
    but unknown ids are not.
    """
    ids = list(dict.fromkeys(word_ids))
    texts = [word(i).text for i in ids]
    clean_tags = []
    for tag in tags:
        tag = normalise_tag(tag)
        if tag and tag not in clean_tags:
            clean_tags.append(tag)
    fields: dict[str, Any] = dict(
        pleasantness=pleasantness, energy=energy, words=ids, word_texts=texts,
        intensity=intensity, application_id=application_id, interview_id=interview_id,
        context=context, tags=clean_tags, note=note)
    if at is not None:
        fields["at"] = at
    return CheckIn(**fields).validate()


def normalise_tag(tag: str) -> str:
    """A tag as stored: trimmed, lower case, inner spaces single; '' when empty."""
    tag = " ".join(str(tag).split()).lower()
    if len(tag) > 40:
        raise WorkbookError(f"The tag {tag[:40]!r}... is longer than 40 characters; "
                            "please use a shorter tag.")
    return tag


# ---------------------------------------------------------------- thinking traps

@dataclass(frozen=True)
class TrapSuggestion:
    """A thinking trap that *may* be in a thought: its id, the words that matched and why."""

    id: str
    name: str
    cue: str          # the person's own words that matched
    rule: str         # the plain label of the cue rule
    explanation: str
    question: str

    def to_dict(self) -> dict[str, str]:
        return dict(id=self.id, name=self.name, cue=self.cue, rule=self.rule,
                    explanation=self.explanation, question=self.question)


TRAP_IDS = ("all_or_nothing", "overgeneralizing", "personalizing", "catastrophizing",
            "mind_reading", "labeling", "should_statements", "fortune_telling",
            "discounting_positive", "emotional_reasoning")


def _normalise_text(text: str) -> str:
    return (text or "").replace("\u2019", "'").replace("\u2018", "'").replace(
        "\u201c", '"').replace("\u201d", '"')


@functools.cache
def _trap_rules() -> tuple[tuple[dict, tuple[tuple[str, re.Pattern, re.Pattern | None], ...],
                                 tuple[re.Pattern, ...]], ...]:
    """Each trap with its cues ``(label, pattern, needs)``: ``needs`` is a second pattern the
    thought must also hold (the content's ``negative_words``), or None."""
    data = load_json("thinking_traps.json")
    needs = {"negative": re.compile(data["negative_words"], re.IGNORECASE)}
    rules = []
    for trap in data["traps"]:
        cues = tuple((c["label"], re.compile(c["pattern"], re.IGNORECASE),
                      needs[c["needs"]] if "needs" in c else None)
                     for c in trap["cues"])
        unless = tuple(re.compile(p, re.IGNORECASE) for p in trap.get("unless", []))
        rules.append((trap, cues, unless))
    return tuple(rules)


def traps() -> list[dict[str, str]]:
    """Every trap: id, name, explanation and question (for lists and the 'add one' menu)."""
    return [{k: t[k] for k in ("id", "name", "explanation", "question")}
            for t, _, _ in _trap_rules()]


def trap(trap_id: str) -> dict[str, str]:
    for t in traps():
        if t["id"] == trap_id:
            return t
    raise WorkbookError(f"{trap_id!r} is not one of the thinking traps "
                        f"({', '.join(TRAP_IDS)}).")


def _whole_words(text: str, start: int, end: int) -> str:
    """The matched span widened to whole words, so a cue quoted back reads as the person
    wrote it ("I'll never", not "'ll never")."""
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "'"):
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end].strip(" '")


def spot_traps(text: str) -> list[TrapSuggestion]:
    """Thinking traps possibly present in ``text``, each with the words that matched.

    Suggestions only: the rules are narrow on purpose (a wrong suggestion costs more than
    a missed one), and the person confirms or dismisses each. Order follows the content file;
    each trap appears at most once, with its first matching cue.
    """
    text = _normalise_text(text)
    found = []
    for data, cues, unless in _trap_rules():
        if any(p.search(text) for p in unless):
            continue
        for label, pattern, need in cues:
            m = pattern.search(text)
            if m and (need is None or need.search(text)):
                found.append(TrapSuggestion(
                    id=data["id"], name=data["name"], cue=_whole_words(text, *m.span()),
                    rule=label,
                    explanation=data["explanation"], question=data["question"]))
                break
    return found


def make_thought_record(*, automatic_thought: str, situation: str = "",
                        belief_before: int = 50, traps_suggested: Iterable[str] = (),
                        traps_confirmed: Iterable[str] = (), evidence_for: str = "",
                        evidence_against: str = "", balanced_thought: str = "",
                        belief_after: int | None = None, feeling_before: int | None = None,
                        feeling_after: int | None = None, checkin_id: str | None = None,
                        application_id: str | None = None,
                        interview_id: str | None = None) -> ThoughtRecord:
    """A validated ThoughtRecord; trap ids must be known ones."""
    suggested = list(dict.fromkeys(traps_suggested))
    confirmed = list(dict.fromkeys(traps_confirmed))
    for tid in suggested + confirmed:
        trap(tid)
    return ThoughtRecord(
        automatic_thought=automatic_thought, situation=situation, belief_before=belief_before,
        traps_suggested=suggested, traps_confirmed=confirmed, evidence_for=evidence_for,
        evidence_against=evidence_against, balanced_thought=balanced_thought,
        belief_after=belief_after, feeling_before=feeling_before, feeling_after=feeling_after,
        checkin_id=checkin_id, application_id=application_id, interview_id=interview_id,
    ).validate()


# ---------------------------------------------------------------- check-ins and thought records
# One family per record kind: add, update, delete, list. They hold the rules (links only to
# records this profile holds, an edit keeps the record's id, creation time and moment), so
# the ui never writes the store itself.

def _own_links(store: Any, application_id: str | None, interview_id: str | None
               ) -> tuple[str | None, str | None]:
    """The links kept: an interview's application follows it; a link to a record this
    profile does not hold (typed on the sample data, then saved in an own profile) goes."""
    from workbook.records import Application, Interview

    if interview_id:
        iv = store.get(Interview, interview_id)
        if iv is None:
            interview_id = None
        else:
            application_id = iv.application_id or application_id
    if application_id and store.get(Application, application_id) is None:
        application_id = None
    return application_id, interview_id


def add_checkin(store: Any, **fields: Any) -> CheckIn:
    """Save a new check-in (``make_checkin``'s fields; ``at`` defaults to now on the
    person's clock) and return it."""
    fields.setdefault("at", store.now())
    fields["application_id"], fields["interview_id"] = _own_links(
        store, fields.get("application_id"), fields.get("interview_id"))
    return store.save(make_checkin(**fields))


def update_checkin(store: Any, checkin_id: str, **fields: Any) -> CheckIn:
    """Save changes to a check-in, keeping its id, creation time and moment (a check-in
    this profile does not hold yet is added)."""
    old = store.get(CheckIn, checkin_id)
    if old is None:
        return add_checkin(store, **fields)
    fields.setdefault("at", old.at)
    fields["application_id"], fields["interview_id"] = _own_links(
        store, fields.get("application_id"), fields.get("interview_id"))
    rec = make_checkin(**fields)
    rec.id, rec.created = old.id, old.created
    return store.save(rec)


def delete_checkin(store: Any, checkin_id: str) -> bool:
    """Delete a check-in (its thought records stay); False when it was not there."""
    return store.delete(CheckIn, checkin_id)


def checkins(store: Any) -> pd.DataFrame:
    """Every check-in of the profile as ``checkins_frame`` gives it, oldest first."""
    return checkins_frame(store.raw(CheckIn.kind), store)


def add_thought_record(store: Any, **fields: Any) -> ThoughtRecord:
    """Save a new thought record (``make_thought_record``'s fields); it takes its links
    from the check-in it belongs to."""
    ci = store.get(CheckIn, fields["checkin_id"]) if fields.get("checkin_id") else None
    if ci is None:
        fields["checkin_id"] = None
    else:
        fields.setdefault("application_id", ci.application_id)
        fields.setdefault("interview_id", ci.interview_id)
        fields.setdefault("feeling_before", ci.intensity)
    fields["application_id"], fields["interview_id"] = _own_links(
        store, fields.get("application_id"), fields.get("interview_id"))
    return store.save(make_thought_record(**fields))


def update_thought_record(store: Any, record_id: str, **fields: Any) -> ThoughtRecord:
    """Save changes to a thought record, keeping its id, creation time, check-in, links
    and the feeling noted before (a record this profile does not hold yet is added)."""
    old = store.get(ThoughtRecord, record_id)
    if old is None:
        return add_thought_record(store, **fields)
    fields["checkin_id"] = old.checkin_id
    fields["application_id"] = fields.get("application_id") or old.application_id
    fields["interview_id"] = fields.get("interview_id") or old.interview_id
    if old.feeling_before is not None:
        fields["feeling_before"] = old.feeling_before
    rec = make_thought_record(**fields)
    rec.id, rec.created = old.id, old.created
    return store.save(rec)


def delete_thought_record(store: Any, record_id: str) -> bool:
    """Delete a thought record for good; False when it was not there."""
    return store.delete(ThoughtRecord, record_id)


def thought_records(store: Any) -> list[ThoughtRecord]:
    """Every thought record of the profile, newest first."""
    return sorted(store.all(ThoughtRecord), key=lambda r: r.created, reverse=True)


# ---------------------------------------------------------------- safety

@functools.cache
def _crisis_rules() -> tuple[tuple[str, re.Pattern], ...]:
    data = load_json("crisis_phrases.json")
    return tuple((p["label"], re.compile(p["pattern"], re.IGNORECASE))
                 for p in data["patterns"])


def crisis_matches(text: str) -> list[str]:
    """The labels of the crisis phrases found in ``text`` (empty when none)."""
    text = _normalise_text(text)
    return [label for label, pattern in _crisis_rules() if pattern.search(text)]


def crisis_check(*texts: str) -> bool:
    """True when any text mentions words that call for the support panel.

    Used to open the panel gently, never to block anything or to judge.
    """
    return any(crisis_matches(t) for t in texts if t)


def crisis_message() -> str:
    return load_json("crisis_phrases.json")["message"]


# ---------------------------------------------------------------- coping suggestions

def coping_suggestions(quadrant_id: str, tags: Iterable[str] = (), *,
                       has_context: bool = False, low_for_long: bool = False,
                       n: int = 2, turn: int = 0) -> list[dict[str, Any]]:
    """Up to ``n`` suggestions (dicts with id, kind, text) for a check-in.

    Fit: the quadrant; skipped when a ``skip_if_tags`` tag was ticked; ranked higher when a
    ``prefer_if_missing`` tag was not ticked; ``needs_context`` ones only for a check-in about
    an application or interview; never two of one kind. ``turn`` (e.g. the number of earlier
    check-ins) rotates among equally good ones so the same line does not come back every time.
    """
    if quadrant_id not in QUADRANTS:
        raise WorkbookError(f"{quadrant_id!r} is not a quadrant.")
    ticked = {normalise_tag(t) for t in tags}
    candidates = []
    for i, s in enumerate(load_json("coping.json")["suggestions"]):
        if quadrant_id not in s["quadrants"]:
            continue
        if ticked & set(s.get("skip_if_tags", [])):
            continue
        if s.get("needs_context") and not has_context:
            continue
        if s.get("only_when_low_for_long") and not low_for_long:
            continue
        score = sum(1 for t in s.get("prefer_if_missing", []) if t not in ticked)
        if s.get("only_when_low_for_long"):
            score += 10
        candidates.append((score, i, s))
    if not candidates:
        return []
    # Rotate within the list so repeated check-ins see different lines, best ones first.
    candidates.sort(key=lambda c: (-c[0], c[1]))
    top = max(c[0] for c in candidates)
    best = [c for c in candidates if c[0] == top]
    rest = [c for c in candidates if c[0] != top]
    k = turn % len(best)
    ordered = best[k:] + best[:k] + rest
    out, kinds = [], set()
    for _, _, s in ordered:
        if s["kind"] in kinds:
            continue
        out.append({"id": s["id"], "kind": s["kind"], "text": s["text"]})
        kinds.add(s["kind"])
        if len(out) >= n:
            break
    return out


# ---------------------------------------------------------------- over time

CHECKIN_COLUMNS = ("id", "at", "day", "pleasantness", "energy", "intensity", "quadrant",
                   "words", "tags", "application_id", "interview_id")


def _tz(store_or_tz: Any) -> dt.tzinfo:
    if store_or_tz is None:
        return dt.timezone.utc
    if isinstance(store_or_tz, dt.tzinfo):
        return store_or_tz
    if isinstance(store_or_tz, str):
        return zoneinfo.ZoneInfo(store_or_tz)
    return store_or_tz.timezone


def checkins_frame(rows: Iterable[dict | CheckIn], tz: Any = None) -> pd.DataFrame:
    """Check-ins as a DataFrame, one row each, oldest first.

    ``rows`` are ``store.raw("checkin")`` dicts or CheckIn records; ``tz`` is the profile's
    time zone (or the store), which decides each check-in's ``day``. ``words`` holds the
    word texts joined by ", "; ``tags`` a tuple of tags. Vectorised: 10,000 check-ins take
    a few tens of milliseconds.
    """
    zone = _tz(tz)
    dicts = [r.to_dict() if isinstance(r, CheckIn) else r for r in rows]
    if not dicts:
        df = pd.DataFrame({c: pd.Series(dtype="str") for c in CHECKIN_COLUMNS})
        df["at"] = pd.Series(dtype="datetime64[ns, UTC]")
        df["day"] = pd.Series(dtype="datetime64[ns]")
        for c in ("pleasantness", "energy"):
            df[c] = pd.Series(dtype="float64")
        df["intensity"] = pd.Series(dtype="int64")
        df["tags"] = pd.Series(dtype="object")
        return df
    raw = pd.DataFrame(dicts)
    for col, default in (("pleasantness", 0.0), ("energy", 0.0), ("intensity", 50)):
        if col not in raw:
            raw[col] = default
    for col in ("word_texts", "tags", "application_id", "interview_id", "id"):
        if col not in raw:
            raw[col] = None
    at = pd.to_datetime(raw["at"], utc=True, format="ISO8601").dt.tz_convert(zone)
    p = raw["pleasantness"].astype("float64")
    e = raw["energy"].astype("float64")
    side = pd.Series(["pleasant"] * len(raw)).where(p.to_numpy() >= 0, "unpleasant")
    level = pd.Series(["high"] * len(raw)).where(e.to_numpy() >= 0, "low")
    df = pd.DataFrame({
        "id": raw["id"].fillna("").astype("str"),
        "at": at,
        "day": at.dt.tz_localize(None).dt.normalize().astype("datetime64[ns]"),
        "pleasantness": p, "energy": e,
        "intensity": raw["intensity"].fillna(50).astype("int64"),
        "quadrant": (side + "_" + level).to_numpy(),
        "words": raw["word_texts"].map(lambda v: ", ".join(v) if isinstance(v, list) else ""),
        "tags": raw["tags"].map(lambda v: tuple(v) if isinstance(v, list) else ()),
        "application_id": raw["application_id"].fillna("").astype("str"),
        "interview_id": raw["interview_id"].fillna("").astype("str"),
    })
    for c in ("quadrant", "words"):
        df[c] = df[c].astype("str")
    return df.sort_values("at", kind="stable").reset_index(drop=True)


def daily_mood(checkins: pd.DataFrame) -> pd.DataFrame:
    """Daily means: columns day, pleasantness, energy, n (check-ins that day), oldest first."""
    if checkins.empty:
        return pd.DataFrame({"day": pd.Series(dtype="datetime64[ns]"),
                             "pleasantness": pd.Series(dtype="float64"),
                             "energy": pd.Series(dtype="float64"),
                             "n": pd.Series(dtype="int64")})
    out = (checkins.groupby("day", sort=True)
           .agg(pleasantness=("pleasantness", "mean"), energy=("energy", "mean"),
                n=("pleasantness", "size"))
           .reset_index())
    return out


def events_frame(applications: pd.DataFrame) -> pd.DataFrame:
    """Rejections, interviews and offers from the canonical applications table.

    Columns: day (datetime64), kind ('rejection' | 'interview' | 'offer'), company, role,
    application_id. A rejection's day is ``closed_on``, else ``first_response_on`` when that
    is the only date known; rows with no date are left out.
    """
    rows = []
    if applications is not None and not applications.empty:
        for r in applications.to_dict("records"):
            base = {"company": r.get("company") or "", "role": r.get("role") or "",
                    "application_id": r.get("application_id") or ""}
            if str(r.get("outcome")) == "rejected":
                day = r.get("closed_on")
                if day is None or pd.isna(day):
                    day = r.get("first_response_on")
                if day is not None and not pd.isna(day):
                    rows.append({"day": pd.Timestamp(day).normalize(), "kind": "rejection",
                                 **base})
            for col, kind in (("interview_on", "interview"), ("offer_on", "offer")):
                day = r.get(col)
                if day is not None and not pd.isna(day):
                    rows.append({"day": pd.Timestamp(day).normalize(), "kind": kind, **base})
    df = pd.DataFrame(rows, columns=["day", "kind", "company", "role", "application_id"])
    df["day"] = pd.to_datetime(df["day"]).astype("datetime64[ns]")
    for c in ("kind", "company", "role", "application_id"):
        df[c] = df[c].astype("str")
    return df.sort_values(["day", "kind"], kind="stable").reset_index(drop=True)


def baseline(daily: pd.DataFrame, rejections: Iterable[Any] = (), *,
             min_days: int = 5, exclude_days: int = 14) -> float | None:
    """The person's usual pleasantness: the median of their daily means.

    Days within ``exclude_days`` after a rejection are left out (they are the dip, not the
    usual) when at least ``min_days`` other days remain; otherwise every day counts. None when
    there are fewer than ``min_days`` days with check-ins at all.
    """
    if daily is None or len(daily) < min_days:
        return None
    days = pd.to_datetime(daily["day"])
    mask = pd.Series(True, index=daily.index)
    for r in rejections:
        r = pd.Timestamp(r).normalize()
        mask &= ~((days >= r) & (days < r + pd.Timedelta(days=exclude_days)))
    calm = daily.loc[mask, "pleasantness"]
    values = calm if len(calm) >= min_days else daily["pleasantness"]
    return float(values.median())


def recovery(daily: pd.DataFrame, events: pd.DataFrame, *, base: float | None = None,
             as_of: dt.date | None = None, window: int = RECOVERY_WINDOW_DAYS,
             tolerance: float = RECOVERY_TOLERANCE) -> pd.DataFrame:
    """For each rejection, how many days until daily pleasantness was back to the baseline.

    Columns: day, company, role, application_id, status, days, gap, sentence.
    status: 'back' (days = first day at or above baseline minus ``tolerance``, counting from
    the rejection day as 0), 'not_yet' (no such day yet and fewer than ``window`` days have
    passed), 'recent' (within 3 days of ``as_of`` and no check-in since), 'longer' (not within ``window`` days), 'too_few' (no check-in within 3 days
    after the rejection, so the dip cannot be seen), 'no_baseline'. ``gap`` is the number of
    days without a check-in just before the recovery day (a big gap means it may have been
    sooner). ``sentence`` says it in plain words.
    """
    cols = ["day", "company", "role", "application_id", "status", "days", "gap", "sentence"]
    rej = events.loc[events["kind"] == "rejection"] if not events.empty else events
    if rej.empty:
        return pd.DataFrame(columns=cols)
    if base is None:
        base = baseline(daily, rej["day"])
    as_of_ts = pd.Timestamp(as_of) if as_of is not None else (
        pd.Timestamp(daily["day"].max()) if not daily.empty else None)
    out = []
    days_all = pd.to_datetime(daily["day"]) if not daily.empty else pd.Series(dtype="datetime64[ns]")
    for r in rej.to_dict("records"):
        start = pd.Timestamp(r["day"])
        name = r["company"] or "this"
        row = {"day": start, "company": r["company"], "role": r["role"],
               "application_id": r["application_id"], "days": pd.NA, "gap": pd.NA}
        after = daily.loc[(days_all >= start) & (days_all <= start + pd.Timedelta(days=window))]
        if base is None:
            row.update(status="no_baseline", sentence=(
                f"After the {name} rejection: not enough check-ins yet to know your usual "
                "level (a week or so of check-ins is enough)."))
        elif after.empty and as_of_ts is not None and (as_of_ts - start).days <= 3:
            row.update(status="recent", sentence=(
                f"The {name} rejection was very recent. Checking in over the next few days "
                "will show how you are doing; there is no timetable for this."))
        elif after.empty or (pd.to_datetime(after["day"]).min() - start).days > 3:
            row.update(status="too_few", sentence=(
                f"After the {name} rejection: too few check-ins in the days right after it "
                "to tell how long it took."))
        else:
            back = after.loc[after["pleasantness"] >= base - tolerance]
            if not back.empty:
                back_day = pd.Timestamp(back["day"].iloc[0])
                n = (back_day - start).days
                earlier = after.loc[pd.to_datetime(after["day"]) < back_day, "day"]
                gap = (back_day - pd.Timestamp(earlier.iloc[-1])).days - 1 if len(earlier) else 0
                row.update(status="back", days=n, gap=gap)
                if n == 0:
                    text = (f"After the {name} rejection your check-ins stayed around your "
                            "usual level the same day.")
                else:
                    text = (f"After the {name} rejection you were back to your usual in "
                            f"{n} day{'s' if n != 1 else ''}.")
                if gap >= 3:
                    text += (f" You did not check in for {gap} days before that, so it may "
                             "have been sooner.")
                row["sentence"] = text
            else:
                passed = (as_of_ts - start).days if as_of_ts is not None else 0
                if passed < window:
                    row.update(status="not_yet", sentence=(
                        f"After the {name} rejection: not back to your usual yet as of your "
                        f"latest check-in. That is information, not a deadline; these things "
                        "take the time they take."))
                else:
                    row.update(status="longer", sentence=(
                        f"After the {name} rejection it took longer than {window} days to "
                        "get back to your usual. If it still feels heavy, talking to someone "
                        "you trust or a counselor can help."))
        out.append(row)
    df = pd.DataFrame(out, columns=cols)
    df["days"] = df["days"].astype("Int64")
    df["gap"] = df["gap"].astype("Int64")
    return df


def low_for_long(daily: pd.DataFrame, *, as_of: dt.date, base: float | None = None,
                 span_days: int = 14, min_checkins_days: int = 4, margin: float = 0.3,
                 floor: float = -0.5) -> bool:
    """True when pleasantness has stayed well below the person's usual for about two weeks.

    Looks at the ``span_days`` days up to ``as_of``: at least ``min_checkins_days`` days with
    check-ins, spread over at least ten days, and every one of them below the baseline (from
    the days before the window) by ``margin``. Without enough earlier days for a baseline,
    every day must be at or below ``floor``. Used only for a gentle suggestion.
    """
    if daily is None or daily.empty:
        return False
    end = pd.Timestamp(as_of)
    start = end - pd.Timedelta(days=span_days - 1)
    days = pd.to_datetime(daily["day"])
    recent = daily.loc[(days >= start) & (days <= end)]
    if len(recent) < min_checkins_days:
        return False
    spread = (pd.to_datetime(recent["day"]).max() - pd.to_datetime(recent["day"]).min()).days
    if spread < 10:
        return False
    if base is None:
        earlier = daily.loc[days < start]
        base = float(earlier["pleasantness"].median()) if len(earlier) >= 5 else None
    limit = floor if base is None else min(base - margin, 0.0)
    return bool((recent["pleasantness"] < limit).all()) if base is not None else bool(
        (recent["pleasantness"] <= limit).all())


def tag_effects(checkins: pd.DataFrame, *, min_days: int = MIN_TAG_DAYS) -> pd.DataFrame:
    """Which tags go with better days: mean daily pleasantness on days with and without.

    One row per tag used: tag, days_with, days_without, mean_with, mean_without, difference,
    enough (both groups have at least ``min_days`` days). A day "has" a tag when any check-in
    that day was tagged with it. Sorted by difference (largest first) among the enough rows.
    """
    cols = ["tag", "days_with", "days_without", "mean_with", "mean_without", "difference",
            "enough"]
    if checkins.empty:
        return pd.DataFrame(columns=cols)
    per_day = checkins.groupby("day").agg(
        pleasantness=("pleasantness", "mean"),
        tags=("tags", lambda s: frozenset(t for tags in s for t in tags)))
    all_tags = sorted({t for tags in per_day["tags"] for t in tags})
    rows = []
    for tag in all_tags:
        has = per_day["tags"].map(lambda ts, tag=tag: tag in ts)
        w, wo = per_day.loc[has, "pleasantness"], per_day.loc[~has, "pleasantness"]
        enough = len(w) >= min_days and len(wo) >= min_days
        mw = float(w.mean()) if len(w) else float("nan")
        mwo = float(wo.mean()) if len(wo) else float("nan")
        rows.append({"tag": tag, "days_with": len(w), "days_without": len(wo),
                     "mean_with": mw, "mean_without": mwo, "difference": mw - mwo,
                     "enough": enough})
    df = pd.DataFrame(rows, columns=cols)
    df["tag"] = df["tag"].astype("str")
    df["enough"] = df["enough"].astype("boolean")
    return df.sort_values(["enough", "difference"], ascending=[False, False],
                          kind="stable").reset_index(drop=True)


def thought_frame(rows: Iterable[dict | ThoughtRecord], tz: Any = None) -> pd.DataFrame:
    """Thought records as a DataFrame: id, day, traps (confirmed ids), belief_before,
    belief_after, belief_drop (before - after; NA when not re-rated), feeling_before,
    feeling_after."""
    zone = _tz(tz)
    recs = []
    for r in rows:
        d = r.to_dict() if isinstance(r, ThoughtRecord) else r
        created = pd.Timestamp(d["created"])
        if created.tzinfo is None:
            created = created.tz_localize("UTC")
        before, after = d.get("belief_before"), d.get("belief_after")
        recs.append({
            "id": d.get("id", ""), "day": pd.Timestamp(created.tz_convert(zone).date()),
            "traps": tuple(d.get("traps_confirmed") or ()),
            "belief_before": before, "belief_after": after,
            "belief_drop": (before - after) if after is not None and before is not None
            else pd.NA,
            "feeling_before": d.get("feeling_before"), "feeling_after": d.get("feeling_after")})
    cols = ["id", "day", "traps", "belief_before", "belief_after", "belief_drop",
            "feeling_before", "feeling_after"]
    df = pd.DataFrame(recs, columns=cols)
    df["day"] = pd.to_datetime(df["day"]).astype("datetime64[ns]")
    for c in ("belief_before", "belief_after", "belief_drop", "feeling_before",
              "feeling_after"):
        df[c] = pd.array(df[c].tolist(), dtype="Int64") if len(df) else pd.Series(dtype="Int64")
    return df.sort_values("day", kind="stable").reset_index(drop=True)


def trap_counts(thoughts: pd.DataFrame) -> pd.DataFrame:
    """How often each confirmed trap came up: trap, name, count, last_day; most first."""
    counts: dict[str, int] = {}
    last: dict[str, pd.Timestamp] = {}
    for r in thoughts.to_dict("records"):
        for t in r["traps"]:
            counts[t] = counts.get(t, 0) + 1
            last[t] = max(last.get(t, r["day"]), r["day"])
    names = {t["id"]: t["name"] for t in traps()}
    rows = [{"trap": t, "name": names.get(t, t), "count": c, "last_day": last[t]}
            for t, c in counts.items()]
    df = pd.DataFrame(rows, columns=["trap", "name", "count", "last_day"])
    return df.sort_values(["count", "trap"], ascending=[False, True],
                          kind="stable").reset_index(drop=True)


def belief_summary(thoughts: pd.DataFrame) -> str:
    """One sentence on how belief in automatic thoughts changed after reframing."""
    done = thoughts.dropna(subset=["belief_after"]) if not thoughts.empty else thoughts
    if done.empty:
        return ("No thought record has been re-rated yet. When you re-rate a thought after "
                "looking at the evidence, you will see here how much its grip changed.")
    drop = done["belief_drop"].astype("float")
    med = float(drop.median())
    n = len(done)
    if med > 0:
        return (f"In {n} re-rated thought record{'s' if n != 1 else ''}, your belief in the "
                f"first thought dropped by a median of {med:.0f} points after looking at the "
                "evidence.")
    return (f"In {n} re-rated thought record{'s' if n != 1 else ''}, belief in the first "
            "thought stayed about the same. Sometimes a thought needs more than one look, "
            "and that is fine.")
