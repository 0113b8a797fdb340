"""Which column holds what: known tracker formats first, then header words in several
languages (``workbook/content/header_words.csv``), then columns whose header is itself a
stage ("Phone screen", "Onsite", "Ghosted") holding tallies; the person can override all.

A mapping is ``{column header: role}``. Roles are canonical fields (company, role,
applied_on, ...), ``status`` (several allowed), ``stage_flag`` (a column per stage),
``private`` (dropped: the applicant's own e-mail, phone, screening answers) and ``ignore``.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import numpy as np
import pandas as pd

from workbook.applications.uniques import blank
from workbook.content import load_csv, load_json

SINGLE = ("application_id", "company", "role", "location", "url", "source", "applied_on",
          "first_response_on", "screen_on", "interview_on", "offer_on", "closed_on",
          "tailored", "referral")
MULTI = ("status", "stage_flag", "outcome_flag", "channel_flag", "notes", "private",
         "ignore")
ROLES = SINGLE + MULTI
DATE_ROLES = ("applied_on", "first_response_on", "screen_on", "interview_on", "offer_on",
              "closed_on")
ROLE_LABELS = {
    "application_id": "id from the tracker", "company": "company", "role": "role / job title",
    "location": "location", "url": "link", "source": "where you found it",
    "applied_on": "date applied", "first_response_on": "date of first reply",
    "screen_on": "date of screen", "interview_on": "date of interview",
    "offer_on": "date of offer", "closed_on": "date closed",
    "tailored": "tailored resume (yes/no)", "referral": "referral (yes/no or who)",
    "status": "status (what happened)", "stage_flag": "a stage, ticked per row",
    "outcome_flag": "outcome, yes/no (no = rejected)",
    "channel_flag": "through an agency/referral (yes/no)",
    "notes": "notes", "private": "private: leave out", "ignore": "not used",
}


def norm_header(text: str) -> str:
    """Casefolded words of a header: 'Date_Interview1' -> 'date interview 1'."""
    text = re.sub(r"(?<=[a-z])(?=[A-Z][a-z])", " ", unicodedata.normalize("NFC", str(text)))
    text = text.casefold()
    text = re.sub(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])", " ", text)
    text = re.sub(r"[^\w]+|_", " ", text)
    return " ".join(text.split())


@functools.cache
def header_words() -> list[tuple[str, tuple[str, ...]]]:
    rows = []
    for row in load_csv("header_words.csv"):
        words = tuple(norm_header(row["words"]).split())
        if words:
            rows.append((row["field"].strip(), words))
    return rows


@functools.cache
def known_formats() -> list[dict]:
    return load_json("known_formats.json")["formats"]


@functools.lru_cache(maxsize=4096)
def word_match(header: str) -> tuple[str | None, int, bool]:
    """(field, strength, exact) for a header by its words."""
    tokens = norm_header(header).split()
    if not tokens:
        return None, 0, False
    toks = set(tokens)
    best, strength, exact = None, 0, False
    for fld, words in header_words():
        if tuple(tokens) == words:
            score = 100 + len(words)
        elif set(words) <= toks:
            score = len(words)
        else:
            continue
        if score > strength:
            best, strength, exact = fld, score, score >= 100
    return best, strength, exact


def header_hits(cells: list[str]) -> int:
    """How many cells read as a known header (used to find the header row)."""
    from workbook.applications.statuses import lookup

    n = 0
    for c in cells:
        if len(c) > 60:
            continue
        if word_match(c)[0] or lookup(c) is not None:
            n += 1
    return n


def detect_format(columns: list[str]) -> dict | None:
    present = {norm_header(c) for c in columns}
    for fmt in known_formats():
        if all(norm_header(h) in present for h in fmt["signature"]):
            return fmt
    return None


def guess(data: pd.DataFrame) -> tuple[dict[str, str], dict | None]:
    """The detected mapping ``{column: role}`` and the known format, if one matched.

    Each column's role comes from its header and its values together, one step per kind
    of column (``column_role``); single roles (company, applied_on...) then go to the
    strongest candidate, and a date column found by its values alone fills ``applied_on``
    when no header named one."""
    columns = list(data.columns)
    fmt = detect_format(columns)
    mapping: dict[str, str] = {}
    if fmt:
        by_norm = {norm_header(k): v for k, v in fmt["columns"].items()}
        for c in columns:
            if norm_header(c) in by_norm:
                mapping[c] = by_norm[norm_header(c)]
    candidates: list[tuple[int, int, str, str]] = []
    dated_by_values: list[str] = []
    for i, c in enumerate(columns):
        if c in mapping:
            continue
        role, strength = column_role(c, sample(data[c]))
        if role == "dates?":
            dated_by_values.append(c)
            role = "ignore"
        if role in SINGLE:
            candidates.append((strength, -i, c, role))
        else:
            mapping[c] = role
    taken = {v for v in mapping.values() if v in SINGLE}
    for strength, _, c, fld in sorted(candidates, reverse=True):
        if fld in taken:
            mapping[c] = "ignore"
            continue
        mapping[c] = fld
        taken.add(fld)
    if "applied_on" not in taken and dated_by_values:
        mapping[dated_by_values[0]] = "applied_on"
    for c in columns:
        mapping.setdefault(c, "ignore")
    return {c: mapping[c] for c in columns}, fmt


def sample(values: pd.Series) -> pd.Series:
    """Up to 300 filled cells from the first 2,000 (what a column decision looks at)."""
    head = values.iloc[:2000]
    return head.iloc[np.flatnonzero(~blank(head))[:300]]


def column_role(header: str, filled: pd.Series) -> tuple[str, int]:
    """(role, strength) of one column from its header and a sample of its filled cells.
    ``"dates?"`` = no header word, but the values are dates."""
    fld, strength, exact = word_match(header)
    if fld == "private":    # "Phone" over dates is a phone-interview column, not a number
        if _looks_private(filled):
            return "private", strength
        fld, strength, exact = None, 0, False
    if fld == "outcome":     # a status column that may be Yes/No
        if outcome_flag_column(header, fld, strength, exact, filled):
            return "outcome_flag", strength
        fld = "status"
    for step in (channel_flag_column, stage_flag_column, outcome_flag_column,
                 notes_column, date_column):
        role = step(header, fld, strength, exact, filled)
        if role is not None:
            return role, strength
    return (fld or "ignore"), strength


def _yes_no_share(filled: pd.Series) -> float:
    from workbook.applications.statuses import flag_words

    if filled.empty:
        return 0.0
    words = flag_words()
    means = filled.str.casefold().str.strip().str.rstrip("!.").map(words.get)
    return float(means.isin(["yes", "no", "none"]).mean())


@functools.cache
def _channel_words() -> dict[str, str]:
    return {norm_header(r["phrase"]): r["channel"] for r in load_csv("source_vocabulary.csv")}


def channel_flag_column(header, fld, strength, exact, filled) -> str | None:
    """A yes/no column about the channel ("Recruiter?", "Agency", "Referral"): how the
    application went in, never a stage."""
    words = norm_header(header)
    if fld in ("source", "referral") and fld != "referral":
        return None
    if words not in _channel_words() or _channel_words()[words] not in ("recruiter", "referral") \
            or not len(filled) or _yes_no_share(filled) < 0.8:
        return None
    # asked of every row ("Recruiter?", or both answers given), unlike a tally of ticks
    # under a "Recruiter" stage column (a chat with a recruiter)
    from workbook.applications.statuses import flags

    answers = set(flags(filled))
    return "channel_flag" if str(header).strip().endswith("?") or {"yes", "no"} <= answers \
        else None


def stage_flag_column(header, fld, strength, exact, filled) -> str | None:
    """A column named for a stage ("Phone screen", "First", "Zweites Gespräch") holding
    ticks, yes/no, dates or numbers: that stage reached on each ticked row."""
    from workbook.applications.dates import date_like_share
    from workbook.applications.statuses import flag_like_share, lookup

    if lookup(header) is None or flag_like_share(filled) < 0.6:
        return None
    dateish = date_like_share(filled) if len(filled) else 0.0
    if fld in DATE_ROLES and fld != "applied_on" and exact and dateish >= 0.5:
        return None   # "Interview date": a date column, read as such
    return "stage_flag"


def outcome_flag_column(header, fld, strength, exact, filled) -> str | None:
    """An outcome or result column of Yes/No: No is a rejection, Yes an offer."""
    if fld != "outcome" or not len(filled) or _yes_no_share(filled) < 0.8:
        return None
    return "outcome_flag"


def notes_column(header, fld, strength, exact, filled) -> str | None:
    """A column of long sentences is notes, never a status (a sentence in which someone
    "offered" to pass the CV on is no job offer)."""
    if fld not in ("status", None) or len(filled) < 3:
        return None
    words = filled.str.count(r"\s+") + 1
    return "notes" if float((words >= 6).mean()) >= 0.5 else None


def date_column(header, fld, strength, exact, filled) -> str | None:
    """Dates under a date header are dates; a column no header word names whose values
    are dates is a date column too (``"dates?"``: it fills the applied date when no other
    column does). A date header over values that are not dates is not used."""
    from workbook.applications.dates import date_like_share

    if fld in DATE_ROLES and strength < 100 and len(filled) and date_like_share(filled) < 0.3:
        return "ignore"
    if fld is None and len(filled) >= 2 and date_like_share(filled) >= 0.8:
        return "dates?"
    return None


def _looks_private(values: pd.Series) -> bool:
    sample = values.iloc[:500]
    if sample.empty:
        return True
    mails = sample.str.contains("@", regex=False)
    phones = sample.str.fullmatch(r"\s*\+?[\d\s().-]{7,}\s*")
    answers = sample.str.contains(r":.+\|", regex=True)
    return bool((mails | phones | answers).mean() >= 0.5)
