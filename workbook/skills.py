"""Skill-gap plan: find skills in text, gather candidates, rank gaps, plan SMART actions.

Core module: pure Python and pandas, no widgets, no plotting.

- ``extract(text)`` returns canonical skill names found in any text (vocabulary in
  ``content/skills.csv``: exact aliases first, then the same words written together or
  hyphenated ("powerbi", "Power-BI"), then small misspellings of longer words only).
- ``extract_with_context(text)`` does the same for a job description and says, per skill,
  whether the posting requires it, prefers it ("nice to have", "a plus") or only mentions it.
- ``candidates(store)`` gathers what the person has not yet confirmed or removed: skills in
  saved postings, in feedback, sent from the reflection notebook, or typed in.
- ``ranked(store)`` scores confirmed skills with a visible formula:
  ``importance x gap x (1 + frequency weight x share of postings) x (1 + feedback weight
  if feedback named it)`` and explains each score in one sentence.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import re
from typing import Any, Iterable

import pandas as pd

from workbook.errors import WorkbookError
from workbook.records import Action, Feedback, Posting, Skill

CATEGORIES = ("technical", "tools", "domain", "interpersonal", "interview_craft", "credentials")
ACTION_TYPES = ("course", "certification", "volunteering", "practice", "portfolio", "resume",
                "other")
DEFAULT_WEIGHTS = {"frequency": 1.0, "feedback": 0.5}
WEIGHTS_SETTING = "skills_priority_weights"
DISMISSED_SETTING = "skills_dismissed"
OWN_LIST_SETTING = "skills_own_list"
POSTING_SEPARATOR = re.compile(r"^\s*(-{3,}|={3,}|\*{3,})\s*$", re.M)
MAX_NGRAM = 6


# ---------------------------------------------------------------- vocabulary

@dataclasses.dataclass(frozen=True)
class Entry:
    name: str
    category: str


@dataclasses.dataclass
class Vocabulary:
    entries: dict[str, Entry]
    phrases: dict[tuple[str, ...], list[str]]      # normalised tokens -> canonical names
    exact_case: dict[tuple[str, ...], list[str]]   # tokens with exact capitalisation
    not_first: frozenset[tuple[str, ...]]          # ...that never open a sentence
    compact: dict[str, list[str]]                  # letters and digits only -> names
    fuzzy_keys: list[str]                          # compact aliases long enough for fuzzing
    max_len: int


_TOKEN = re.compile(r"\.?[A-Za-z0-9][A-Za-z0-9+#&./'’-]*")
_TRAIL = ".,:;!?'’-/"


def _raw_tokens(text: str) -> list[tuple[str, int, int]]:
    """Words with their character spans; trailing punctuation dropped, slashes split
    unless the slashed word is itself a vocabulary word (ci/cd, a/b, tcp/ip)."""
    out = []
    for m in _TOKEN.finditer(text):
        word, start = m.group(), m.start()
        word = word.rstrip(_TRAIL)
        if not word:
            continue
        if "/" in word and _norm(word) not in _slash_words():
            pos = start
            for part in word.split("/"):
                part = part.rstrip(_TRAIL)
                if part:
                    out.append((part, pos, pos + len(part)))
                pos += len(part) + 1
            continue
        out.append((word, start, start + len(word)))
    return out


def _norm(word: str) -> str:
    """Lower case, curly quotes straightened, a plural 's' dropped from longer words."""
    word = word.lower().replace("’", "'")
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s")):
        word = word[:-1]
    return word


def _compact(words: Iterable[str]) -> str:
    return re.sub(r"[^a-z0-9+#]", "", "".join(words).lower())


@functools.cache
def _slash_words() -> frozenset[str]:
    from workbook.content import load_csv

    words = set()
    for row in load_csv("skills.csv"):
        for alias in row["aliases"].split("|"):
            for w in alias.lstrip("=").split():
                if "/" in w:
                    words.add(_norm(w))
    return frozenset(words)


@functools.cache
def vocabulary() -> Vocabulary:
    """The skills vocabulary from ``content/skills.csv``, indexed for matching."""
    from workbook.content import load_csv

    entries: dict[str, Entry] = {}
    phrases: dict[tuple[str, ...], list[str]] = {}
    exact_case: dict[tuple[str, ...], list[str]] = {}
    not_first: set[tuple[str, ...]] = set()
    compact: dict[str, list[str]] = {}
    for row in load_csv("skills.csv"):
        name, category = row["name"].strip(), row["category"].strip()
        if category not in CATEGORIES:
            raise WorkbookError(f"The skills vocabulary lists {name!r} with an unknown category "
                                f"{category!r}; use one of {', '.join(CATEGORIES)}.")
        entries[name] = Entry(name, category)
        aliases = [a.strip() for a in row["aliases"].split("|") if a.strip()]
        if not any(a.lstrip("=").lower() == name.lower() for a in aliases):
            aliases.append(name if len(name) > 3 else "=" + name)
        for alias in aliases:
            if alias.startswith("="):
                key = tuple(w for w, _, _ in _raw_tokens(alias.lstrip("=")))
                exact_case.setdefault(key, []).append(name)
                if alias.startswith("=="):
                    not_first.add(key)
                continue
            key = tuple(_norm(w) for w, _, _ in _raw_tokens(alias))
            if key:
                phrases.setdefault(key, []).append(name)
                c = _compact(alias.split())
                if len(c) >= 5:
                    compact.setdefault(c, []).append(name)
    for d in (phrases, exact_case, compact):
        for k, v in d.items():
            d[k] = list(dict.fromkeys(v))
    fuzzy = sorted(k for k in compact if len(k) >= 7)
    max_len = max(len(k) for k in list(phrases) + list(exact_case))
    return Vocabulary(entries, phrases, exact_case, frozenset(not_first), compact, fuzzy,
                      min(max_len, MAX_NGRAM))


def category_of(name: str) -> str:
    entry = vocabulary().entries.get(name)
    return entry.category if entry else "technical"


def canonical(name: str) -> str:
    """The vocabulary's spelling of a skill the person typed (or the text, tidied)."""
    name = " ".join(str(name).split())
    if not name:
        raise WorkbookError("A skill name is empty; type the skill's name, e.g. 'SQL'.")
    for entry in vocabulary().entries:
        if entry.lower() == name.lower():
            return entry
    found = mentions(name)
    if len(found) == 1 and found[0].start == 0 and found[0].end >= len(name.rstrip(".,;")):
        return found[0].name
    return name[:1].upper() + name[1:] if name[:1].islower() else name


# ---------------------------------------------------------------- matching

@dataclasses.dataclass
class Mention:
    name: str
    category: str
    start: int
    end: int
    text: str
    how: str            # exact, joined or spelling
    context: str = "mentioned"   # required, preferred or mentioned


def _fuzzy_limit(n: int, words: int = 1) -> int:
    # Two slips only inside one long word: across words, two slips can be a different word
    # ("technical task" is not "technical test").
    return 2 if n >= 11 and words == 1 else 1


def mentions(text: str) -> list[Mention]:
    """Every place a vocabulary skill appears in ``text``, longest phrase first, no overlaps.

    Matching tiers: the alias's words (case-insensitive, plurals folded; aliases marked '='
    only with their exact capitals), then the same letters written together or hyphenated,
    then one or two typing slips in words of seven letters or more.
    """
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    voc = vocabulary()
    text = str(text or "")
    found: list[Mention] = []
    # Matching never crosses a line, a semicolon or a bracket.
    for seg in re.finditer(r"[^\n;()\[\]]+", text):
        toks = _raw_tokens(seg.group())
        offset = seg.start()
        norm = [_norm(w) for w, _, _ in toks]
        raw = [w.replace("’", "'") for w, _, _ in toks]
        used = [False] * len(toks)
        for tier in ("exact", "joined", "spelling"):
            for n in range(voc.max_len, 0, -1):
                for i in range(0, len(toks) - n + 1):
                    if any(used[i:i + n]):
                        continue
                    names = _lookup(voc, tier, raw[i:i + n], norm[i:i + n], process,
                                    DamerauLevenshtein,
                                    _opens_sentence(seg.group(), toks, i))
                    if not names:
                        continue
                    for k in range(i, i + n):
                        used[k] = True
                    s, e = toks[i][1] + offset, toks[i + n - 1][2] + offset
                    for name in names:
                        found.append(Mention(name, voc.entries[name].category, s, e,
                                             text[s:e], tier))
    found.sort(key=lambda m: m.start)
    return found


_STOP = frozenset("a an and or the of in on for to with as at by is are be we you our your "
                  "this that it from will can not".split())


def _opens_sentence(segment: str, toks: list, i: int) -> bool:
    before = segment[:toks[i][1]].rstrip(" \t\"'“‘")
    return not before or before[-1] in ".!?:•*→-–—"


def _lookup(voc: Vocabulary, tier: str, raw: list[str], norm: list[str], process: Any,
            distance: Any, first: bool = False) -> list[str]:
    if tier == "exact":
        key = tuple(raw)
        if key in voc.exact_case and not (first and key in voc.not_first):
            return voc.exact_case[key]
        return voc.phrases.get(tuple(norm), [])
    if norm[0] in _STOP or norm[-1] in _STOP:
        return []
    key = _compact(raw)
    if tier == "joined":
        return voc.compact.get(key, []) if len(key) >= 5 else []
    # spelling: only words long enough that one slip cannot turn them into another word
    if len(key) < 7 or len(raw) > 3:
        return []
    hit = process.extractOne(key, voc.fuzzy_keys, scorer=distance.distance,
                             score_cutoff=_fuzzy_limit(len(key), len(raw)))
    if hit is None or hit[0][0] != key[0] or abs(len(hit[0]) - len(key)) > 2:
        return []
    return voc.compact[hit[0]]


def extract(text: str, categories: Iterable[str] | None = None) -> list[str]:
    """Canonical names of the skills found in ``text``, in order of first appearance."""
    keep = set(categories) if categories is not None else None
    names = [m.name for m in mentions(text) if keep is None or m.category in keep]
    return list(dict.fromkeys(names))


# ---------------------------------------------------------------- required or preferred

_PREF_CUE = re.compile(
    r"\b(preferred|preferably|nice[- ]to[- ]have|nice|a plus|bonus|desirable|advantageous|"
    r"an advantage|ideally|good to have|we'?d love|would be great|not required|optional|"
    r"beneficial|plus points?|great if)\b", re.I)
_REQ_CUE = re.compile(
    r"\b(required|requirements?|essential|must|must[- ]have|mandatory|you need|you will need|"
    r"qualifications|what you bring|you bring|what it takes|looking for|about you|you have|"
    r"person specification|minimum|what we'?re after|successful candidate|we need you to)\b",
    re.I)
_NEUTRAL_CUE = re.compile(
    r"\b(responsibilities|what you'?ll do|you will|you'?ll|duties|the role|role|tasks|"
    r"in this role|job duties|what you'?ll work on|we offer|about us|benefits|perks)\b", re.I)
_LINE_PREF = re.compile(
    r"\b(is|are|would be|will be)\b[^,;]*\b(a plus|an advantage|preferred|desirable|beneficial|"
    r"nice to have|a bonus)\b", re.I)


def _is_heading(line: str) -> bool:
    s = line.strip().strip("#*•→-–— ").strip()
    if not s or len(s) > 60 or len(s.split()) > 8:
        return False
    return s.endswith(":") or not re.search(r"[.,;]", s)


def _line_contexts(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, section context, line context) per line."""
    out = []
    section = "mentioned"
    pos = 0
    for line in text.splitlines(keepends=True):
        start, end = pos, pos + len(line)
        pos = end
        body = line.strip().lstrip("#*•→-–— ").strip()
        head, _, rest = body.partition(":")
        line_ctx = ""
        if _is_heading(body):
            if _PREF_CUE.search(body):
                section = "preferred"
            elif _REQ_CUE.search(body):
                section = "required"
            elif _NEUTRAL_CUE.search(body):
                section = "mentioned"
        elif rest and len(head.split()) <= 4 and _PREF_CUE.search(head):
            line_ctx = "preferred"
        elif rest and len(head.split()) <= 4 and _REQ_CUE.search(head):
            line_ctx = "required"
        elif _LINE_PREF.search(body) and not _REQ_CUE.search(body):
            line_ctx = "preferred"
        out.append((start, end, section, line_ctx))
    return out


def _part_context(text: str, start: int, end: int, pos: int) -> str:
    """The cue inside the clause (between commas, semicolons, brackets) holding ``pos``."""
    left = max(text.rfind(c, start, pos) for c in ",;()")
    rights = [i for i in (text.find(c, pos, end) for c in ",;()") if i != -1]
    right = min(rights) if rights else end
    part = text[max(left + 1, start):right]
    if _PREF_CUE.search(part):
        return "preferred"
    if re.search(r"\b(required|essential|mandatory|must)\b", part, re.I):
        return "required"
    return ""


def extract_with_context(text: str) -> list[dict]:
    """Skills a job description asks for, each with ``context``: 'required' (a requirement
    or a duty), 'preferred' (only asked for with "nice to have", "a plus", "preferred"...),
    plus ``category`` and ``matched`` (the words found). Interview-craft words are left out:
    a posting does not ask for them."""
    text = str(text or "")
    lines = _line_contexts(text)
    per: dict[str, dict] = {}
    for m in mentions(text):
        if m.category == "interview_craft":
            continue
        ctx = "mentioned"
        for start, end, section, line_ctx in lines:
            if start <= m.start < end:
                ctx = _part_context(text, start, end, m.start) or line_ctx or section
                break
        item = per.setdefault(m.name, {"name": m.name, "category": m.category,
                                        "contexts": set(), "matched": []})
        item["contexts"].add(ctx)
        item["matched"].append(m.text)
    result = []
    for item in per.values():
        ctxs = item.pop("contexts")
        # A duty plus a "nice to have" reads as preferred; any stated requirement wins.
        item["context"] = ("required" if "required" in ctxs else
                           "preferred" if "preferred" in ctxs else "required")
        item["matched"] = list(dict.fromkeys(item["matched"]))
        result.append(item)
    return result


def posting_skills(text: str) -> tuple[list[str], list[str]]:
    """(required, preferred) canonical names for a job description."""
    found = extract_with_context(text)
    return ([f["name"] for f in found if f["context"] == "required"],
            [f["name"] for f in found if f["context"] == "preferred"])


# ---------------------------------------------------------------- gathering

def split_postings(text: str) -> list[str]:
    """Several pasted job descriptions, separated by a line of ---, === or ***."""
    parts = [p.strip() for p in POSTING_SEPARATOR.split(str(text or ""))]
    return [p for p in parts if p and not POSTING_SEPARATOR.fullmatch(p) and
            not re.fullmatch(r"[-=*]{3,}", p)]


def add_postings(store: Any, text: str, role: str = "", company: str = "") -> list[Posting]:
    """Save each pasted job description as a Posting with the skills it asks for.

    ``text`` may hold several descriptions separated by a line of three dashes (---).
    A description whose first line looks like a job title gives the role when ``role`` is
    empty. Raises WorkbookError (nothing saved) when there is no text.
    """
    parts = split_postings(text)
    if not parts:
        raise WorkbookError("There is no job description to add: paste the text of a job "
                            "advert into the box first.")
    postings = []
    for part in parts:
        if len(part) < 40:
            raise WorkbookError("One of the pasted job descriptions is very short (under 40 "
                                "characters); paste the whole advert, or remove the stray "
                                "--- line that split it.")
        req, pref = posting_skills(part)
        first = part.splitlines()[0].strip()
        postings.append(Posting(
            role=(role.strip() if role.strip() and len(parts) == 1 else
                  role.strip() or first[:80]),
            company=company.strip(), text=part, skills_required=req, skills_preferred=pref))
    store.save_many(postings)
    return postings


def _stored(store: Any, kind: type, record_id: str, what: str) -> Any:
    record = store.get(kind, record_id) if record_id else None
    if record is None:
        raise WorkbookError(f"That {what} is no longer stored; reload the page.")
    return record


def _deleted(store: Any, kind: type, record_id: str, what: str) -> Any:
    """Delete a stored record; returns it, for the sentence that says what went."""
    record = _stored(store, kind, record_id, what)
    store.delete(kind, record.id)
    return record


def update_posting(store: Any, posting_id: str, text: str, role: str = "",
                   company: str = "") -> Posting:
    """Change a saved job description; the skills it asks for are read again."""
    p = _stored(store, Posting, posting_id, "job description")
    if len(str(text or "").strip()) < 40:
        raise WorkbookError("The job description is very short (under 40 characters); "
                            "paste the whole advert.")
    p.role, p.company, p.text = role.strip(), company.strip(), text
    p.skills_required, p.skills_preferred = posting_skills(text)
    store.save(p)
    return p


def delete_posting(store: Any, posting_id: str) -> Posting:
    """Delete a saved job description; returns it."""
    return _deleted(store, Posting, posting_id, "job description")


def update_feedback(store: Any, feedback_id: str, text: str, from_whom: str = "") -> Feedback:
    """Change a feedback note; skills named in the new text are added to its list."""
    f = _stored(store, Feedback, feedback_id, "feedback note")
    if not str(text or "").strip():
        raise WorkbookError("The feedback note is empty; type what was said, or delete the "
                            "note.")
    f.text, f.from_whom = text, from_whom.strip()
    f.skills = list(dict.fromkeys(list(f.skills) + extract(text)))
    store.save(f)
    return f


def delete_feedback(store: Any, feedback_id: str) -> Feedback:
    """Delete a feedback note; returns it."""
    return _deleted(store, Feedback, feedback_id, "feedback note")


def add_feedback(store: Any, text: str, from_whom: str = "",
                 received_on: dt.date | None = None) -> Feedback:
    """Save a feedback note with the skills found in it."""
    if not str(text or "").strip():
        raise WorkbookError("The feedback note is empty: paste or type what the interviewer "
                            "said first.")
    fb = Feedback(text=text, from_whom=from_whom, received_on=received_on or store.today(),
                  skills=extract(text))
    store.save(fb)
    return fb


def own_list(store: Any) -> list[str]:
    return list(store.setting(OWN_LIST_SETTING, []))


def add_own(store: Any, text: str) -> list[str]:
    """Add skills the person typed (comma or line separated); returns their names."""
    names = [canonical(p) for p in re.split(r"[,;\n]", str(text or "")) if p.strip()]
    if not names:
        raise WorkbookError("Type at least one skill, separated by commas, e.g. 'SQL, "
                            "presenting to a group'.")
    store._require_consent()
    current = own_list(store)
    store.set_setting(OWN_LIST_SETTING, list(dict.fromkeys(current + names)))
    keys = {_k(n) for n in names}
    dismissed = store.setting(DISMISSED_SETTING, [])
    if any(_k(d) in keys for d in dismissed):
        store.set_setting(DISMISSED_SETTING, [d for d in dismissed if _k(d) not in keys])
    return names


def _k(name: str) -> str:
    """Comparison key for skill names ("SQL" and "sql" are one skill)."""
    return " ".join(str(name).split()).casefold()


def _display(name: str) -> str:
    entry = next((e for e in vocabulary().entries if e.casefold() == _k(name)), None)
    return entry or " ".join(str(name).split())


def _posting_mentions(postings: list[Posting]) -> dict[str, dict]:
    """Per skill key: name, posting ids, and how many require or prefer it."""
    out: dict[str, dict] = {}
    for p in postings:
        req = {_k(n) for n in p.skills_required}
        for name in list(p.skills_required) + list(p.skills_preferred):
            item = out.setdefault(_k(name), {"name": _display(name), "ids": [], "required": 0,
                                             "preferred": 0})
            if p.id not in item["ids"]:
                item["ids"].append(p.id)
                item["required" if _k(name) in req else "preferred"] += 1
    return out


def _feedback_mentions(store: Any) -> dict[str, dict]:
    """Per skill key: name and the ids of the feedback notes that name it."""
    out: dict[str, dict] = {}
    for fb in store.all(Feedback):
        for name in list(fb.skills) + extract(fb.text):
            item = out.setdefault(_k(name), {"name": _display(name), "ids": []})
            if fb.id not in item["ids"]:
                item["ids"].append(fb.id)
    for sk in store.all(Skill):
        if sk.from_feedback:
            out.setdefault(_k(sk.name), {"name": sk.name, "ids": []})
    return out


def candidates(store: Any) -> pd.DataFrame:
    """Skills found but not yet confirmed or removed, most mentioned first.

    Columns: name, category, postings (how many saved postings mention it), required,
    preferred, from_feedback, own (typed by the person), source_ids, skill_id (an
    unconfirmed Skill record already stored, e.g. sent from the reflection notebook).
    """
    postings = store.all(Posting)
    by_posting = _posting_mentions(postings)
    by_feedback = _feedback_mentions(store)
    own = {_k(n): n for n in own_list(store)}
    dismissed = {_k(n) for n in store.setting(DISMISSED_SETTING, [])}
    skills = store.all(Skill)
    confirmed = {_k(s.name) for s in skills if s.confirmed}
    pending = {_k(s.name): s for s in skills if not s.confirmed}
    names: dict[str, str] = {}
    for key, name in ([(k, s.name) for k, s in pending.items()] + list(own.items())
                      + [(k, v["name"]) for k, v in by_feedback.items()]
                      + [(k, v["name"]) for k, v in by_posting.items()]):
        names.setdefault(key, name)
    rows = []
    for key, name in names.items():
        if key in confirmed or (key in dismissed and key not in pending):
            continue
        p = by_posting.get(key, {"ids": [], "required": 0, "preferred": 0})
        fb = by_feedback.get(key)
        rec = pending.get(key)
        rows.append({
            "name": name, "category": rec.category if rec and rec.category in CATEGORIES
            else category_of(name),
            "postings": len(p["ids"]), "required": p["required"], "preferred": p["preferred"],
            "from_feedback": fb is not None or bool(rec and rec.from_feedback),
            "own": key in own,
            "source_ids": list(dict.fromkeys(p["ids"] + (fb["ids"] if fb else []) +
                                             (list(rec.source_ids) if rec else []))),
            "skill_id": rec.id if rec else None})
    cols = ["name", "category", "postings", "required", "preferred", "from_feedback", "own",
            "source_ids", "skill_id"]
    df = pd.DataFrame(rows, columns=cols)
    if df.empty:
        return df
    df["_rank"] = (df["from_feedback"].astype(int) * 100 + df["own"].astype(int) * 100
                   + df["required"] * 2 + df["preferred"])
    df = df.sort_values(["_rank", "name"], ascending=[False, True]).drop(columns="_rank")
    return df.reset_index(drop=True)


def confirm(store: Any, names: Iterable[str]) -> list[Skill]:
    """Turn chosen candidates into confirmed Skill records (one per name)."""
    cand = {_k(r["name"]): r for r in candidates(store).to_dict("records")}
    existing = {_k(s.name): s for s in store.all(Skill)}
    out = []
    for raw in dict.fromkeys(names):
        name = canonical(raw)
        sk = existing.get(_k(name)) or Skill(name=name, category=category_of(name))
        if _k(name) in cand:
            row = cand[_k(name)]
            sk.source_ids = list(dict.fromkeys(list(sk.source_ids) + list(row["source_ids"])))
            sk.from_feedback = bool(sk.from_feedback or row["from_feedback"])
            if row["required"] and sk.gap_kind == "learn" and sk.category == "credentials":
                sk.gap_kind = "requirement"
        elif sk.category == "credentials":
            sk.gap_kind = "requirement"
        sk.confirmed = True
        out.append(sk)
    if not out:
        raise WorkbookError("No skill was chosen: tick at least one skill to keep, or add "
                            "one by name.")
    store.save_many(out)
    return out


def dismiss(store: Any, names: Iterable[str]) -> None:
    """Remove candidates: they stop appearing (an unconfirmed record is deleted)."""
    names = list(names)
    store._require_consent()
    dismissed = set(store.setting(DISMISSED_SETTING, []))
    keys = {_k(n) for n in names}
    store.set_setting(DISMISSED_SETTING, sorted(dismissed | set(names)))
    store.set_setting(OWN_LIST_SETTING, [n for n in own_list(store) if _k(n) not in keys])
    for sk in store.all(Skill):
        if _k(sk.name) in keys and not sk.confirmed:
            store.delete(Skill, sk.id)


def update_skill(store: Any, skill_id: str, **fields: Any) -> Skill:
    """Change a skill's levels, importance or kind of gap; a changed current level is kept in
    its history with the date, so progress can be drawn."""
    sk = store.get(Skill, skill_id)
    if sk is None:
        raise WorkbookError("That skill is no longer stored (it may have been deleted); "
                            "reload the page.")
    old_level = sk.current_level
    for k, v in fields.items():
        if k not in {"name", "category", "current_level", "needed_level", "importance",
                     "gap_kind", "confirmed"}:
            raise WorkbookError(f"A skill has no field called {k!r}.")
        setattr(sk, k, v)
    sk.validate()
    if "current_level" in fields and (sk.current_level != old_level or not sk.history):
        sk.history = list(sk.history) + [{"on": store.today().isoformat(),
                                          "level": sk.current_level}]
    store.save(sk)
    return sk


def rerate(store: Any, skill_id: str, level: int, on: dt.date | None = None) -> Skill:
    """Record a new current level (re-rated after some practice) with its date."""
    sk = store.get(Skill, skill_id)
    if sk is None:
        raise WorkbookError("That skill is no longer stored; reload the page.")
    sk.current_level = level
    sk.validate()
    sk.history = list(sk.history) + [{"on": (on or store.today()).isoformat(),
                                      "level": sk.current_level}]
    store.save(sk)
    return sk


def delete_skill(store: Any, skill_id: str) -> int:
    """Delete a skill and its actions; returns how many actions went with it."""
    actions = [a for a in store.all(Action) if a.skill_id == skill_id]
    for a in actions:
        store.delete(Action, a.id)
    store.delete(Skill, skill_id)
    return len(actions)


# ---------------------------------------------------------------- priority

def weights(store: Any) -> dict[str, float]:
    saved = store.setting(WEIGHTS_SETTING) or {}
    return {k: float(saved.get(k, v)) for k, v in DEFAULT_WEIGHTS.items()}


def set_weights(store: Any, frequency: float, feedback: float) -> dict[str, float]:
    for label, v in (("frequency", frequency), ("feedback", feedback)):
        if v is None or not (0 <= float(v) <= 5) or math.isnan(float(v)):
            raise WorkbookError(f"The {label} weight should be a number from 0 to 5; "
                                "please correct it.")
    store._require_consent()
    value = {"frequency": float(frequency), "feedback": float(feedback)}
    store.set_setting(WEIGHTS_SETTING, value)
    return value


def gap(current: int, needed: int, kind: str = "learn") -> int:
    """Steps between current and needed level; an evidence gap counts at least one step
    (you can do it, but an employer cannot see it yet)."""
    g = max(int(needed) - int(current), 0)
    return max(g, 1) if kind == "evidence" else g


def priority(importance: int, gap_steps: int, share: float = 0.0, feedback: bool = False,
             w: dict[str, float] | None = None) -> float:
    """importance x gap x (1 + frequency weight x share of postings) x
    (1 + feedback weight, when feedback named it)."""
    w = w or DEFAULT_WEIGHTS
    score = importance * gap_steps * (1 + w["frequency"] * share)
    if feedback:
        score *= 1 + w["feedback"]
    return round(score, 2)


FORMULA = ("priority = importance (1-5) x gap (levels to go) x (1 + frequency weight x share "
           "of your saved postings that mention it) x (1 + feedback weight, if feedback named "
           "it)")


def ranked(store: Any, w: dict[str, float] | None = None) -> pd.DataFrame:
    """Confirmed skills with their score, highest first, each with its reason in words
    (``reason``) and the arithmetic behind the score (``explanation``).

    Columns: skill_id, name, category, current, needed, gap, importance, kind, postings,
    total_postings, share, from_feedback, priority, effort_hours, explanation, reason.
    """
    w = w or weights(store)
    postings = store.all(Posting)
    total = len(postings)
    by_posting = _posting_mentions(postings)
    by_feedback = _feedback_mentions(store)
    actions = store.all(Action)
    rows = []
    for sk in store.all(Skill):
        if not sk.confirmed:
            continue
        n = len(by_posting.get(_k(sk.name), {"ids": []})["ids"])
        share = n / total if total else 0.0
        fb = bool(sk.from_feedback or _k(sk.name) in by_feedback)
        g = gap(sk.current_level, sk.needed_level, sk.gap_kind)
        score = priority(sk.importance, g, share, fb, w)
        rows.append({
            "skill_id": sk.id, "name": sk.name, "category": sk.category,
            "current": sk.current_level, "needed": sk.needed_level, "gap": g,
            "importance": sk.importance, "kind": sk.gap_kind, "postings": n,
            "total_postings": total, "share": share, "from_feedback": fb, "priority": score,
            "effort_hours": effort_hours(sk, [a for a in actions if a.skill_id == sk.id]),
            "explanation": explain(sk.name, sk.importance, g, n, total, fb, score, w,
                                   sk.gap_kind),
            "reason": reason(sk.name, sk.importance, g, n, total, fb, sk.gap_kind)})
    cols = ["skill_id", "name", "category", "current", "needed", "gap", "importance", "kind",
            "postings", "total_postings", "share", "from_feedback", "priority",
            "effort_hours", "explanation", "reason"]
    df = pd.DataFrame(rows, columns=cols)
    if df.empty:
        return df
    return df.sort_values(["priority", "importance", "name"],
                          ascending=[False, False, True]).reset_index(drop=True)


def explain(name: str, importance: int, g: int, n: int, total: int, fb: bool, score: float,
            w: dict[str, float], kind: str = "learn") -> str:
    """One sentence: how this skill's score was reached."""
    if g == 0:
        return (f"{name}: you are already at the level you need, so it scores 0 - a "
                "strength to mention, not a gap.")
    parts = [f"importance {importance} x gap {g}"
             + (" (you can do it; it needs showing)" if kind == "evidence" else "")
             + f" = {importance * g}"]
    if total and n:
        pct = round(w["frequency"] * n / total * 100)
        verb = "mentions" if n == 1 else "mention"
        parts.append(f"raised {pct}% because {n} of your {total} saved postings {verb} it")
    elif total:
        parts.append(f"none of your {total} saved postings mention it")
    if fb and w["feedback"]:
        parts.append(f"raised {round(w['feedback'] * 100)}% because feedback named it")
    return f"{name}: " + ", ".join(parts) + f"; priority {score:g}."


_COUNT_WORDS = ("no", "one", "two", "three", "four")


def level_words() -> dict:
    """The 0-4 levels, the importance scale and the kinds of gap, each in words
    (``content/skill_levels.json``: lists under "levels", "importance", "gap_kinds")."""
    from workbook.content import load_json

    return load_json("skill_levels.json")


def gap_kind_name(kind: str) -> str:
    """The name a person sees for a kind of gap ("Show it" for "evidence")."""
    return next((k["name"] for k in level_words()["gap_kinds"] if k["id"] == kind), kind)


def reason(name: str, importance: int, g: int, n: int, total: int, fb: bool,
           kind: str = "learn") -> str:
    """Why a skill sits where it does in the ranking, in words (no arithmetic): how much it
    matters, how far there is to go, how many saved postings ask for it, whether feedback
    named it. The wording lives in ``content/skill_levels.json``."""
    if g == 0:
        return (f"{name}: you are already where the roles need you, so it is a strength to "
                "mention rather than a gap.")
    levels = level_words()
    why = {x["value"]: x["why"] for x in levels["importance"]}
    gaps = {x["id"]: x["why"] for x in levels["gap_kinds"]}
    steps = _COUNT_WORDS[g] if g < len(_COUNT_WORDS) else str(g)
    parts = [why.get(importance, why[3]),
             gaps.get(kind, gaps["learn"]).format(
                 levels=f"{steps} level{'s' if g != 1 else ''}")]
    if total and n:
        if n == total:
            share = ("your one saved posting asks" if total == 1 else
                     "both of your saved postings ask" if total == 2 else
                     f"all {total} of your saved postings ask")
        else:
            share = f"{n} of your {total} saved postings {'asks' if n == 1 else 'ask'}"
        parts.append(f"{share} for it")
    if fb:
        parts.append("feedback named it")
    return f"{name}: " + ", ".join(parts[:-1]) + f", and {parts[-1]}."


def effort_hours(skill: Skill, actions: list[Action]) -> float:
    """Hours the plan puts into a skill; without actions, a rough guess from the gap:
    about 15 hours per level to learn, 6 to show what you can do, 60 for a credential."""
    planned = [a for a in actions if a.status != "dropped"]
    if planned:
        total = 0.0
        for a in planned:
            weeks = 1.0
            if a.start_on and a.due_on:
                weeks = max((a.due_on - a.start_on).days / 7, 1.0)
            total += (a.hours_per_week or 0) * weeks
        if total:
            return round(total, 1)
    g = gap(skill.current_level, skill.needed_level, skill.gap_kind)
    if skill.gap_kind == "evidence":
        return 6.0
    if skill.gap_kind == "requirement":
        return 60.0
    return 15.0 * max(g, 1)


def quick_wins(df: pd.DataFrame) -> pd.DataFrame:
    """Skills at or above the median priority that take less effort than the median.

    Strictly less: when most skills share the same rough guess of effort, that guess is
    also the largest on the chart, and a skill there is not "less effort"."""
    if df.empty:
        return df
    live = df[df["priority"] > 0]
    if live.empty:
        return live
    return live[(live["priority"] >= live["priority"].median())
                & (live["effort_hours"] < live["effort_hours"].median())]


def role_matrix(store: Any, names: Iterable[str] | None = None) -> pd.DataFrame:
    """Share of each role's saved postings (columns) that mention each skill (rows), 0-1."""
    postings = store.all(Posting)
    if not postings:
        return pd.DataFrame()
    keep = {_k(n): n for n in names} if names is not None else None
    rows = []
    for p in postings:
        role = (p.role or "Untitled role").strip()
        for name in dict.fromkeys(list(p.skills_required) + list(p.skills_preferred)):
            if keep is None or _k(name) in keep:
                shown = keep[_k(name)] if keep is not None else _display(name)
                rows.append({"role": role, "posting": p.id, "skill": shown})
    per_role = pd.Series([(p.role or "Untitled role").strip() for p in postings]).value_counts()
    if not rows:
        return pd.DataFrame()
    df = pd.DataFrame(rows)
    counts = df.groupby(["skill", "role"])["posting"].nunique().unstack(fill_value=0)
    share = counts.div(per_role.reindex(counts.columns), axis=1)
    return share.loc[share.sum(axis=1).sort_values(ascending=False).index]


# ---------------------------------------------------------------- actions

def action_library() -> list[dict]:
    from workbook.content import load_json

    return load_json("action_library.json")["actions"]


def suggest_actions(skill: Skill) -> list[dict]:
    """Library templates that fit the skill's kind of gap and category, filled in."""
    out = []
    for t in action_library():
        if t["gap_kinds"] and skill.gap_kind not in t["gap_kinds"]:
            continue
        if t["categories"] and skill.category not in t["categories"]:
            continue
        out.append({**t, "what": t["what"].format(skill=skill.name),
                    "measure": t["measure"].format(skill=skill.name)})
    return out


def draft_action(skill: Skill, template_id: str, start: dt.date) -> Action:
    """An Action filled from a library template, starting on ``start`` (not yet saved)."""
    t = next((t for t in action_library() if t["id"] == template_id), None)
    if t is None:
        raise WorkbookError(f"There is no action template called {template_id!r}.")
    return Action(skill_id=skill.id, type=t["type"], what=t["what"].format(skill=skill.name),
                  measure=t["measure"].format(skill=skill.name), start_on=start,
                  due_on=start + dt.timedelta(weeks=t["weeks"]),
                  hours_per_week=t["hours_per_week"], if_then="")


def smart_missing(action: Action) -> list[str]:
    """What keeps an action from being SMART, in plain words (empty when it is)."""
    missing = []
    if len(action.what.strip()) < 8:
        missing.append("say specifically what you will do")
    if not action.measure.strip():
        missing.append("say how you will know it is done")
    if not action.start_on or not action.due_on:
        missing.append("give a start and a due date")
    if not action.hours_per_week:
        missing.append("say how many hours a week you can give it")
    return missing


def save_action(store: Any, action: Action) -> Action:
    """Validate and store an action; dates must run forward and the skill must exist."""
    action.validate()
    if not action.what.strip():
        raise WorkbookError("The action needs a 'what': say what you will do.")
    if action.start_on and action.due_on and action.due_on < action.start_on:
        raise WorkbookError("The due date is before the start date; please move one of them.")
    if action.skill_id and store.get(Skill, action.skill_id) is None:
        raise WorkbookError("The skill this action belongs to is no longer stored; pick "
                            "another skill.")
    if action.status == "done" and not action.done_on:
        action.done_on = store.today()
    if action.status != "done":
        action.done_on = None
    store.save(action)
    return action


def delete_action(store: Any, action_id: str) -> Action:
    """Delete an action of the plan; returns it."""
    return _deleted(store, Action, action_id, "action")


def mark_done(store: Any, action_id: str) -> Action:
    """Mark an action done today."""
    a = _stored(store, Action, action_id, "action")
    a.status = "done"
    return save_action(store, a)


def log_hours(store: Any, action_id: str, hours: float) -> Action:
    """Add ``hours`` to the time logged on an action."""
    a = _stored(store, Action, action_id, "action")
    if hours is None or hours <= 0 or hours > 100:
        raise WorkbookError("Hours to add should be a number above 0 and at most 100.")
    a.hours_logged = round(a.hours_logged + float(hours), 2)
    store.save(a)
    return a


def plan_table(store: Any) -> pd.DataFrame:
    """Actions with their skill names, ordered by start date.

    Columns: action_id, skill, type, what, measure, start, due, hours_per_week, if_then,
    status, hours_logged, done_on."""
    names = {s.id: s.name for s in store.all(Skill)}
    rows = [{"action_id": a.id, "skill": names.get(a.skill_id, "(no skill)"), "type": a.type,
             "what": a.what, "measure": a.measure, "start": a.start_on, "due": a.due_on,
             "hours_per_week": a.hours_per_week, "if_then": a.if_then, "status": a.status,
             "hours_logged": a.hours_logged, "done_on": a.done_on}
            for a in store.all(Action)]
    cols = ["action_id", "skill", "type", "what", "measure", "start", "due", "hours_per_week",
            "if_then", "status", "hours_logged", "done_on"]
    df = pd.DataFrame(rows, columns=cols)
    if df.empty:
        return df
    return df.sort_values(["start", "due"], na_position="last").reset_index(drop=True)


def progress(store: Any) -> dict:
    """Actions done / total (dropped ones left out) and hours logged."""
    acts = [a for a in store.all(Action) if a.status != "dropped"]
    return {"actions": len(acts), "done": sum(a.status == "done" for a in acts),
            "doing": sum(a.status == "doing" for a in acts),
            "hours_logged": round(sum(a.hours_logged for a in acts), 1)}


def level_history(store: Any) -> pd.DataFrame:
    """Re-rated levels over time: one row per (skill, date, level), with the needed level."""
    rows = []
    for sk in store.all(Skill):
        if not sk.confirmed:
            continue
        for h in sk.history:
            rows.append({"skill": sk.name, "on": dt.date.fromisoformat(str(h["on"])[:10]),
                         "level": int(h["level"]), "needed": sk.needed_level})
    df = pd.DataFrame(rows, columns=["skill", "on", "level", "needed"])
    if df.empty:
        return df
    return (df.drop_duplicates(["skill", "on"], keep="last")
            .sort_values(["skill", "on"]).reset_index(drop=True))


def calendar_events(store: Any) -> list[dict]:
    """Dates of the plan as calendar events: each action's start and due date."""
    events = []
    for row in plan_table(store).itertuples():
        if row.status == "dropped":
            continue
        detail = (f"Skill: {row.skill}\nWhat: {row.what}\nHow I will know: {row.measure}\n"
                  + (f"Hours a week: {row.hours_per_week:g}\n" if row.hours_per_week else "")
                  + (f"If-then plan: {row.if_then}\n" if row.if_then else ""))
        if isinstance(row.start, dt.date):
            events.append({"title": f"Start: {row.what[:60]} ({row.skill})",
                           "start": row.start, "end": None, "description": detail,
                           "uid": f"{row.action_id}-start"})
        if isinstance(row.due, dt.date):
            events.append({"title": f"Due: {row.what[:60]} ({row.skill})",
                           "start": row.due, "end": None, "description": detail,
                           "uid": f"{row.action_id}-due"})
    return events
