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
MULTI = ("status", "stage_flag", "notes", "private", "ignore")
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
    "notes": "notes", "private": "private: leave out", "ignore": "not used",
}


def norm_header(text: str) -> str:
    """Casefolded words of a header: 'Date_Interview1' -> 'date interview 1'."""
    text = unicodedata.normalize("NFC", str(text)).casefold()
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
    """The detected mapping ``{column: role}`` and the known format, if one matched."""
    from workbook.applications.dates import date_like_share
    from workbook.applications.statuses import flag_like_share, lookup

    columns = list(data.columns)
    fmt = detect_format(columns)
    mapping: dict[str, str] = {}
    if fmt:
        by_norm = {norm_header(k): v for k, v in fmt["columns"].items()}
        for c in columns:
            if norm_header(c) in by_norm:
                mapping[c] = by_norm[norm_header(c)]
    candidates: list[tuple[int, int, str, str]] = []
    for i, c in enumerate(columns):
        if c in mapping:
            continue
        values = data[c]
        head = values.iloc[:2000]
        filled = head.iloc[np.flatnonzero(~blank(head))[:300]]
        fld, strength, exact = word_match(c)
        if fld == "private" and not _looks_private(filled):
            fld = None
        if lookup(c) is not None and flag_like_share(filled) >= 0.6:
            dateish = date_like_share(filled) if len(filled) else 0.0
            if not (fld in DATE_ROLES and fld != "applied_on" and exact and dateish >= 0.5):
                mapping[c] = "stage_flag"
                continue
        if fld is None:
            mapping[c] = "ignore"
            continue
        if fld in DATE_ROLES and strength < 100 and len(filled) \
                and date_like_share(filled) < 0.3:
            mapping[c] = "ignore"
            continue
        candidates.append((strength, -i, c, fld))
    taken = {v for v in mapping.values() if v in SINGLE}
    for strength, _, c, fld in sorted(candidates, reverse=True):
        if fld in SINGLE and fld in taken:
            mapping[c] = "notes" if fld in ("notes",) else "ignore"
            continue
        mapping[c] = fld
        taken.add(fld)
    for c in columns:
        mapping.setdefault(c, "ignore")
    return {c: mapping[c] for c in columns}, fmt


def _looks_private(values: pd.Series) -> bool:
    sample = values.iloc[:500]
    if sample.empty:
        return True
    mails = sample.str.contains("@", regex=False)
    phones = sample.str.fullmatch(r"\s*\+?[\d\s().-]{7,}\s*")
    answers = sample.str.contains(r":.+\|", regex=True)
    return bool((mails | phones | answers).mean() >= 0.5)
