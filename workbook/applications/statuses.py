"""Status words -> (furthest stage, outcome), through the vocabulary in
``workbook/content/status_vocabulary.csv``; also the tally-cell words (Y/N/G) and channels.

Matching, per distinct value (a column of 100,000 rows holds a handful of distinct values):
exact after tidying (case, spaces, punctuation, emoji); then with letter runs collapsed
(``reeejected``); then phrases found inside the text ("Rejected after interview"); then each
part of a combined value ("Inter + Rejec") by prefix or close spelling. Anything else is
unknown and reported, never guessed silently.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbook.applications.uniques import factorize, map_unique
from workbook.content import load_csv
from workbook.records import OUTCOMES, STAGES

STAGE_RANK = {s: i for i, s in enumerate(STAGES)}
# Which outcome wins when several signals disagree: the more definite, later one.
OUTCOME_RANK = {"open": 0, "no_response": 1, "rejected": 2, "withdrawn": 3, "declined": 4,
                "accepted": 5}
_SPLIT = re.compile(r"\s*(?:\+|&|,|;|/|\||->|→|>|\bthen\b|\band\b|\bund\b|\bet\b|\by\b|\bve\b)\s*")


@dataclass(frozen=True)
class Meaning:
    """What one status value says: stage (None = nothing about the stage), outcome (None =
    nothing about the outcome), and how it was matched."""

    stage: str | None
    outcome: str | None
    how: str                 # exact, spelling, phrase, combined, user, unknown, empty

    @property
    def known(self) -> bool:
        return self.how not in ("unknown",)

    def to_dict(self) -> dict:
        return {"stage": self.stage, "outcome": self.outcome, "how": self.how}


def tidy(text: str) -> str:
    """Casefolded, without emoji or punctuation at the edges, single spaces."""
    text = unicodedata.normalize("NFC", str(text)).casefold()
    kept = "".join(ch if (unicodedata.category(ch)[0] in "LN" or ch in " +&/,;|->'.")
                   else " " for ch in text)
    return re.sub(r"\s+", " ", kept).strip(" .-'")


def collapse(text: str) -> str:
    """Letter runs of three or more made single: 'reeejected' -> 'rejected'."""
    return re.sub(r"(\w)\1{2,}", r"\1", text)


@functools.cache
def vocabulary() -> dict[str, Meaning]:
    out: dict[str, Meaning] = {}
    for row in load_csv("status_vocabulary.csv"):
        phrase = row["phrase"].strip()
        stage = row["stage"].strip() or None
        outcome = row["outcome"].strip() or None
        if stage is not None and stage not in STAGES or outcome and outcome not in OUTCOMES:
            raise ValueError(f"status_vocabulary.csv: bad stage/outcome for {phrase!r}")
        for key in {phrase.casefold(), tidy(phrase), tidy(phrase).replace("-", " ")}:
            if key:
                out.setdefault(key, Meaning(stage, outcome, "exact"))
    return out


@functools.cache
def _phrase_regex() -> re.Pattern:
    phrases = sorted((p for p in vocabulary() if len(p) >= 3 and p[0].isalnum()),
                     key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)")


def lookup(text: str) -> Meaning | None:
    """The vocabulary's meaning of a whole value or header, or None."""
    vocab = vocabulary()
    t = tidy(text)
    for key in (str(text).strip().casefold(), t, t.replace("-", " ")):
        if key in vocab:
            return vocab[key]
    return None


def combine(meanings: list[Meaning], how: str) -> Meaning:
    stages = [m.stage for m in meanings if m.stage]
    outcomes = [m.outcome for m in meanings if m.outcome]
    stage = max(stages, key=STAGE_RANK.__getitem__) if stages else None
    outcome = max(outcomes, key=OUTCOME_RANK.__getitem__) if outcomes else None
    return Meaning(stage, outcome, how)


def meaning(value: str, user: dict[str, Meaning] | None = None) -> Meaning:
    """What one status value means (see the module docstring for the order of tries)."""
    raw = str(value).strip()
    if not raw:
        return Meaning(None, None, "empty")
    if user:
        for key in (raw, raw.casefold(), tidy(raw)):
            if key in user:
                return user[key]
    found_exact = lookup(raw)
    if found_exact is not None:
        return whose_decision(raw, found_exact)
    return whose_decision(raw, _read_parts(raw))


def _read_parts(raw: str) -> Meaning:
    vocab = vocabulary()
    text = singular(tidy(raw).replace("-", " "))
    if not text:
        return Meaning(None, None, "unknown")
    squeezed = collapse(text)
    if squeezed in vocab:
        return Meaning(vocab[squeezed].stage, vocab[squeezed].outcome, "spelling")
    found = [vocab[m] for m in _phrase_regex().findall(squeezed)]
    if found:
        return combine(found, "phrase")
    parts = [p for p in _SPLIT.split(squeezed) if p]
    matched = [_part(p) for p in parts]
    if matched and all(m is not None for m in matched):
        return combine([m for m in matched if m is not None],
                       "combined" if len(parts) > 1 else "spelling")
    return Meaning(None, None, "unknown")


# counts in a status ("2 interviews", "interviews x2", "(3)", "two phone screens") say how
# many, not what: dropped, and the plural read as the singular the vocabulary holds
_COUNT = re.compile(r"(?<!\w)(?:x?\d{1,2}x?|\(\d{1,2}\)|one|two|three|four|five|zwei|drei|"
                    r"deux|trois|dos|tres)(?!\w)")
_PLURAL = re.compile(r"(?<=\w{4})(?:s|es)(?!\w)")


def singular(text: str) -> str:
    """'2 interviews; waiting' -> 'interview; waiting' (counts out, plurals singular);
    ordinals ('2nd interview') are kept, the vocabulary knows them."""
    if not any(ch.isdigit() for ch in text) and "s" not in text:
        return text
    out = _COUNT.sub(" ", text)
    words = []
    for w in out.split():
        base = _PLURAL.sub("", w)
        words.append(base if base != w and _known_word(base) else w)
    return " ".join(words).strip()


@functools.cache
def _vocab_words() -> frozenset[str]:
    return frozenset(w for p in vocabulary() for w in p.split())


def _known_word(word: str) -> bool:
    return word.strip(",;.") in _vocab_words()


# who made the decision: the person themselves ("I withdrew", "ich habe abgesagt") or the
# employer ("company declined", "they said no"); the vocabulary's outcome is the default
_SELF = re.compile(r"(?<!\w)(?:i|i've|i'd|me|my|myself|by me|ich|je|j'ai|moi|yo|ben|"
                   r"by candidate|candidate)(?!\w)")
_EMPLOYER = re.compile(r"(?<!\w)(?:they|them|company|employer|firm|recruiter|hiring manager|"
                       r"by them|firma|unternehmen|entreprise|empresa|position|job|role|"
                       r"posting)(?!\w)")


_CLOSED_BY_EMPLOYER = re.compile(r"^(?:the )?(?:position|job|role|offer|posting|vacancy|company|"
                                 r"employer|they|stelle)\b.*\bwithdr")


def whose_decision(raw: str, found: Meaning) -> Meaning:
    """The meaning with the closing decision given to whoever made it: the person's own
    refusal is a withdrawal (or a declined offer), the employer's a rejection."""
    if found.outcome not in ("rejected", "declined", "withdrawn"):
        return found
    text = tidy(raw)
    mine, theirs = bool(_SELF.search(text)), bool(_EMPLOYER.search(text))
    if mine and not theirs:
        offer = found.stage == "offer" or "offer" in text or "angebot" in text
        return Meaning(found.stage, "declined" if offer else "withdrawn", found.how)
    if found.outcome == "withdrawn" and _CLOSED_BY_EMPLOYER.match(text):
        return Meaning(found.stage, "rejected", found.how)
    if theirs and not mine and found.outcome == "declined":
        return Meaning(found.stage if found.stage != "offer" or "offer" in text else None,
                       "rejected", found.how)
    return found


def _part(part: str) -> Meaning | None:
    vocab = vocabulary()
    if part in vocab:
        return vocab[part]
    if len(part) >= 4:
        starts = sorted((p for p in vocab if p.startswith(part)), key=len)
        if starts:
            return vocab[starts[0]]
    if len(part) >= 5:
        from rapidfuzz import fuzz, process

        best = process.extractOne(part, [p for p in vocab if len(p) >= 5],
                                  scorer=fuzz.ratio, score_cutoff=85)
        if best:
            return vocab[best[0]]
    return None


def parse_user_map(status_map: dict | None) -> dict[str, Meaning]:
    """A person's own status meanings: ``{"Bewerbung weg": "applied/open"}`` or
    ``{"x": {"stage": "interview", "outcome": "rejected"}}``; keys matched like the
    vocabulary (case and punctuation ignored)."""
    from workbook.errors import WorkbookError

    out: dict[str, Meaning] = {}
    for key, val in (status_map or {}).items():
        if isinstance(val, Meaning):
            m = val
        elif isinstance(val, dict):
            m = Meaning(val.get("stage") or None, val.get("outcome") or None, "user")
        else:
            stage, _, outcome = str(val).partition("/")
            m = Meaning(stage.strip() or None, outcome.strip() or None, "user")
        if m.stage is not None and m.stage not in STAGES:
            raise WorkbookError(f"The status {key!r} is mapped to the stage {m.stage!r}; "
                                f"please choose one of {', '.join(STAGES)}.")
        if m.outcome is not None and m.outcome not in OUTCOMES:
            raise WorkbookError(f"The status {key!r} is mapped to the outcome {m.outcome!r}; "
                                f"please choose one of {', '.join(OUTCOMES)}.")
        m = Meaning(m.stage, m.outcome, "user")
        for k in (str(key).strip(), str(key).strip().casefold(), tidy(key)):
            if k:
                out[k] = m
    return out


def meanings(values: pd.Series, user: dict[str, Meaning] | None = None
             ) -> tuple[np.ndarray, np.ndarray, dict[str, Meaning]]:
    """Vectorised: stage ranks and outcome ranks (-1 where the cell says nothing) for a
    column of statuses, and the meaning of each distinct non-empty value."""
    codes, uniq = factorize(values)
    found = [meaning(u, user) for u in uniq]
    stage = np.asarray([STAGE_RANK[m.stage] if m.stage else -1 for m in found] + [-1],
                       dtype=np.int64)[codes]
    outcome = np.asarray([OUTCOME_RANK[m.outcome] if m.outcome else -1 for m in found]
                         + [-1], dtype=np.int64)[codes]
    return stage, outcome, {u: m for u, m in zip(uniq, found) if m.how != "empty"}


# ---------------------------------------------------------------- tally cells

@functools.cache
def flag_words() -> dict[str, str]:
    return {row["word"].strip().casefold(): row["meaning"].strip()
            for row in load_csv("flag_words.csv")}


def flags(values: pd.Series) -> np.ndarray:
    """yes / no / ghosted / none / '' (empty) per cell of a column per stage."""
    words = flag_words()

    def one(u: str) -> str:
        u = str(u).strip()
        if not u:
            return ""
        return words.get(u.casefold().rstrip("!."), words.get(tidy(u), "yes"))

    return map_unique(values, one, missing="")


def flag_like_share(values: pd.Series) -> float:
    """Share of non-empty cells that read as a tally (a flag word, a number or a date)."""
    s = values[values != ""]
    if s.empty:
        return 0.0
    uniq = pd.Series(s.unique())
    words = flag_words()
    ok = uniq.str.casefold().str.rstrip("!.").isin(list(words)) | \
        uniq.str.fullmatch(r"[\d\s/.,:&-]+(?:and[\d\s/.,:&-]+)?|\d{1,2}-[A-Za-z]{3}") | \
        uniq.map(lambda v: lookup(v) is not None).astype(bool)
    weights = s.value_counts()
    return float(weights[uniq[ok.to_numpy()]].sum() / len(s))


# ---------------------------------------------------------------- channels

@functools.cache
def _channel_regex() -> tuple[re.Pattern, dict[str, str]]:
    rows = {r["phrase"].strip().casefold(): r["channel"].strip()
            for r in load_csv("source_vocabulary.csv")}
    phrases = sorted(rows, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)"), rows


def channel_of(text: str) -> str:
    """The channel one source text names (``other`` when none)."""
    regex, rows = _channel_regex()
    hit = regex.search(str(text).casefold())
    return rows[hit.group(0)] if hit else "other"


def channels(values: pd.Series) -> np.ndarray:
    """The normalised channel of each source text (job_board, company_site, referral,
    recruiter, linkedin, networking, other)."""
    regex, rows = _channel_regex()

    def one(u: str) -> str:
        hit = regex.search(str(u).casefold())
        return rows[hit.group(0)] if hit else "other"

    return map_unique(values, one, missing="other")
