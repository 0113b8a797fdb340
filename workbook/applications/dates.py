"""Dates decided per column, from the column's own values.

A column's values say whether it is month first (``7/23/2019``: 23 cannot be a month) or
day first (``23.07.2019``); two-digit years are read as this century unless that would put
them in the future; Excel serial numbers and ISO dates are read as such; a time after the
date (``"11/13/23, 9:42 AM"``) is dropped. Anything else (``8/82019``, ``8-Jul`` without a
year, two dates in one cell) becomes missing and is reported with its row: a date is never
guessed into a wrong year. Work is done once per distinct value, so long columns are cheap.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from workbook.applications.uniques import blank, factorize

_NUM = re.compile(
    r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})\.?"
    r"(?:[,\s]+(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?)?$")
_ISO = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[T\s]\d{1,2}:\d{2}.*)?$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_TEXT_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y", "%d-%b-%Y", "%d-%b-%y",
                 "%d %b %y", "%d %B %y", "%A %d %B %Y", "%a %d %b %Y")
_MONTHS = {
    "january": ("januar", "janvier", "enero", "ocak", "jänner"),
    "february": ("februar", "février", "fevrier", "febrero", "şubat", "subat"),
    "march": ("märz", "maerz", "mars", "marzo", "mart"),
    "april": ("avril", "abril", "nisan"),
    "may": ("mai", "mayo", "mayıs", "mayis"),
    "june": ("juni", "juin", "junio", "haziran"),
    "july": ("juli", "juillet", "julio", "temmuz"),
    "august": ("août", "aout", "agosto", "ağustos", "agustos"),
    "september": ("septembre", "septiembre", "eylül", "eylul"),
    "october": ("oktober", "octobre", "octubre", "ekim"),
    "november": ("novembre", "noviembre", "kasım", "kasim"),
    "december": ("dezember", "décembre", "decembre", "diciembre", "aralık", "aralik"),
}
_MONTH_WORD = {alias: en for en, aliases in _MONTHS.items() for alias in aliases}
_MONTH_NAME = re.compile(r"\d.*\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b.*\d"
                         r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b.*\d.*\d")
EARLIEST_YEAR = 1980


@dataclass
class DateDecision:
    """How one column's dates were read, for the import report."""

    column: str
    order: str = "none"            # month_first, day_first, iso, excel_serial, text, none
    assumed: bool = False          # no value could tell month-first from day-first
    parsed: int = 0
    damaged: int = 0
    kinds: list[str] = field(default_factory=list)

    def describe(self) -> str:
        words = {"month_first": "month first (M/D/Y)", "day_first": "day first (D/M/Y)",
                 "iso": "year-month-day", "excel_serial": "Excel date numbers",
                 "text": "written-out dates", "none": "no dates found"}
        text = words.get(self.order, self.order)
        if self.assumed:
            text += (" - assumed: no value showed which comes first; you can change it")
        return text

    def to_dict(self) -> dict:
        return {"column": self.column, "order": self.order, "assumed": self.assumed,
                "parsed": self.parsed, "damaged": self.damaged, "kinds": self.kinds,
                "described": self.describe()}


def _year(y: np.ndarray) -> np.ndarray:
    y = y.astype(np.int64)
    pivot = dt.date.today().year % 100 + 1
    return np.where(y < 100, np.where(y <= pivot, 2000 + y, 1900 + y), y)


def _build(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """datetime64[ns] from year, month and day numbers; NaT where there is no such day.
    Years outside 1678..2261 are NaT too (they lie outside what nanoseconds hold, and far
    outside the years ``parse_column`` keeps)."""
    y, m, d = (np.asarray(v, dtype=np.int64) for v in (y, m, d))
    out = np.full(len(y), np.datetime64("NaT"), dtype="datetime64[ns]")
    ok = (m >= 1) & (m <= 12) & (d >= 1) & (d <= 31) & (y >= 1678) & (y <= 2261)
    if ok.any():
        months = (y[ok] - 1970) * 12 + (m[ok] - 1)
        start = months.astype("datetime64[M]").astype("datetime64[D]")
        end = (months + 1).astype("datetime64[M]").astype("datetime64[D]")
        day = start + (d[ok] - 1).astype("timedelta64[D]")
        out[np.flatnonzero(ok)] = np.where(day < end, day, np.datetime64("NaT"))
    return out


def _search(regex: re.Pattern, texts: list[str], where: np.ndarray | None = None
            ) -> tuple[np.ndarray, list[tuple]]:
    """(found mask, groups of each match in order) of ``regex.search`` over texts (only
    where ``where`` is True, when given)."""
    found = np.zeros(len(texts), dtype=bool)
    groups = []
    for i, t in enumerate(texts):
        if where is not None and not where[i]:
            continue
        hit = regex.search(t)
        if hit is not None:
            found[i] = True
            groups.append(hit.groups())
    return found, groups


def parse_column(values: pd.Series, column: str, order: str | None = None,
                 serials: bool = True) -> tuple[pd.Series, DateDecision, pd.Series]:
    """(dates, decision, damaged) for a column of text cells.

    ``dates`` is datetime64[ns] with NaT where empty or damaged; ``damaged`` is a boolean
    Series marking non-empty cells that could not be read. ``order`` ("day_first" or
    "month_first") overrides the column's own evidence.
    """
    decision = DateDecision(column)
    codes, uniques = factorize(values)
    uniq = pd.Series(uniques, dtype="str").str.strip()
    texts = uniq.tolist()
    parsed = np.full(len(uniq), np.datetime64("NaT"), dtype="datetime64[ns]")
    is_empty = np.fromiter((t == "" for t in texts), dtype=bool, count=len(texts))
    kinds = set()

    # distinct values are few: matched one by one in Python (the same regexes as ever),
    # the numbers turned into dates all at once
    has_num, num = _search(_NUM, texts)
    if has_num.any():
        a = np.array([int(g[0]) for g in num], dtype=np.int64)
        b = np.array([int(g[2]) for g in num], dtype=np.int64)
        y = _year(np.array([int(g[3]) for g in num], dtype=np.int64))
        day_ev = int(((a > 12) & (b <= 12)).sum())
        month_ev = int(((b > 12) & (a <= 12)).sum())
        if order in ("day_first", "month_first"):
            chosen = order
        elif day_ev and not month_ev:
            chosen = "day_first"
        elif month_ev and not day_ev:
            chosen = "month_first"
        elif day_ev and month_ev:
            chosen = "day_first" if day_ev > month_ev else "month_first"
        else:
            chosen = "day_first" if np.mean([g[1] == "." for g in num]) > 0.5 \
                else "month_first"
            decision.assumed = bool(len(a))
        parsed[has_num] = _build(y, b, a) if chosen == "day_first" else _build(y, a, b)
        decision.order = chosen
        kinds.add(chosen)

    has_iso, iso = _search(_ISO, texts, ~has_num & ~is_empty)
    if has_iso.any():
        parsed[has_iso] = _build(np.array([int(g[0]) for g in iso], dtype=np.int64),
                                 np.array([int(g[2]) for g in iso], dtype=np.int64),
                                 np.array([int(g[3]) for g in iso], dtype=np.int64))
        kinds.add("iso")

    rest = ~has_num & ~has_iso & ~is_empty
    if serials and rest.any():
        is_serial = rest & uniq.str.fullmatch(_SERIAL).fillna(False).to_numpy(dtype=bool)
        if is_serial.any():
            num_val = uniq[is_serial].astype(float).to_numpy()
            ok = (num_val >= 29221) & (num_val <= 73051)   # 1980 .. 2100
            got = pd.to_datetime(np.where(ok, num_val, np.nan), unit="D",
                                 origin="1899-12-30").floor("D")
            parsed[is_serial] = np.asarray(got, dtype="datetime64[ns]")
            kinds.add("excel_serial")
            rest = rest & ~is_serial
    if rest.any():
        idx = np.flatnonzero(rest)
        texts = uniq.iloc[idx].map(_english_months)
        worth = texts.str.contains(_MONTH_NAME).to_numpy(dtype=bool)
        got = pd.Series(pd.NaT, index=texts.index, dtype="datetime64[ns]")
        for fmt in _TEXT_FORMATS if worth.any() else ():
            todo = got.isna() & worth
            if not todo.any():
                break
            got.loc[todo] = pd.to_datetime(texts[todo], format=fmt, errors="coerce")
        if got.notna().any():
            kinds.add("text")
        parsed[idx] = got.to_numpy(dtype="datetime64[ns]")

    known = ~np.isnat(parsed)
    years = parsed[known].astype("datetime64[Y]").astype(np.int64) + 1970
    too_far = (years < EARLIEST_YEAR) | (years > dt.date.today().year + 2)
    parsed[np.flatnonzero(known)[too_far]] = np.datetime64("NaT")

    if decision.order == "none" and kinds:
        decision.order = sorted(kinds)[0] if len(kinds) == 1 else next(
            k for k in ("iso", "excel_serial", "text") if k in kinds)
    decision.kinds = sorted(kinds)
    arr = np.append(parsed, np.datetime64("NaT", "ns"))
    empty_u = np.append(is_empty, True)
    idx = np.asarray(codes)
    spread = arr[idx]
    nat = np.isnat(spread)
    bad = ~empty_u[idx] & nat
    dates = pd.Series(spread, index=values.index, dtype="datetime64[ns]", copy=False)
    damaged = pd.Series(bad, index=values.index, copy=False)
    decision.parsed = int(len(nat) - nat.sum())
    decision.damaged = int(bad.sum())
    return dates, decision, damaged


def _english_months(text: str) -> str:
    text = re.sub(r"(\d)\.(?=\s)", r"\1", text.strip().casefold())
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text).replace(",", " ")
    # a time after a written-out date ("March 3, 2025 10:12 AM", a Notion export)
    text = re.sub(r"\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?$", "", text)
    words = [_MONTH_WORD.get(w.strip("."), w.strip(".")) for w in text.split()]
    return " ".join(words)


def date_like_share(values: pd.Series) -> float:
    """Share of non-empty cells that read as a date (used to tell a date column)."""
    s = values.iloc[:1000]
    s = s.iloc[np.flatnonzero(~blank(s))[:200]]
    if s.empty:
        return 0.0
    dates, _, _ = parse_column(s, "?")
    return float(dates.notna().mean())
