"""From a mapped table to the canonical columns, one step per kind of column.

``Choices`` is what the person told the import (column roles, status meanings, date order,
sheet, name); ``Table`` is one table on its way (its cells, row numbers, the roles of its
columns, its shape). ``canonical_columns(table, choices, report)`` runs the steps: channel,
dates, statuses, outcome flags, stage flags, the applied base, yes/no columns, ids. A new
kind of column is one step here (and its decision in ``mapping.column_role``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from workbook.applications import canonical
from workbook.applications import dates as dates_mod
from workbook.applications import mapping as mapping_mod
from workbook.applications import statuses as st
from workbook.applications.ids import application_ids, id_parts
from workbook.applications.uniques import blank, factorize, map_unique, repeat_text
from workbook.errors import WorkbookError
from workbook.records import STAGES

if TYPE_CHECKING:
    from workbook.applications.pipeline import ImportReport

MAX_LISTED = 500
STAGE_DATE = {"applied": "applied_on", "screen": "screen_on", "interview": "interview_on",
              "offer": "offer_on"}
SRANK = {s: i for i, s in enumerate(STAGES)}
ORANK = st.OUTCOME_RANK
GUESSED = ("spelling", "phrase", "combined")
DOUBTFUL = GUESSED + ("unknown",)


@dataclass(frozen=True)
class Choices:
    """What the person told the import; every part optional."""

    columns: dict[str, str] = field(default_factory=dict)       # {header: role}
    statuses: dict[str, st.Meaning] = field(default_factory=dict)
    date_order: dict[str, str] = field(default_factory=dict)    # {header: day_first...}
    sheet: str | None = None
    name: str | None = None


@dataclass
class Table:
    """One table on its way to the canonical frame."""

    name: str                                  # shown to the person (file, sheet)
    data: pd.DataFrame                         # str cells
    rows: np.ndarray                           # spreadsheet row of each data row
    shape: str = "rows"                        # rows, edges, date_columns
    mapping: dict[str, str] = field(default_factory=dict)
    fmt: dict | None = None                    # a known tracker format
    extra: dict[str, Any] = field(default_factory=dict)   # ranks a shape worked out
    saved_on: dt.date | None = None            # when the file was saved (year-less dates)
    blanks: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.data)

    def first(self, role: str) -> str | None:
        return next((c for c, r in self.mapping.items() if r == role), None)

    def all(self, role: str) -> list[str]:
        return [c for c, r in self.mapping.items() if r == role]

    def col(self, role: str) -> pd.Series:
        c = self.first(role)
        if c is not None:
            return self.data[c]
        empty = repeat_text("", self.n)
        empty.index = self.data.index
        return empty

    def filled(self, role: str) -> np.ndarray:
        c = self.first(role)
        return ~self.blanks[c] if c is not None else np.zeros(self.n, dtype=bool)


@dataclass
class Signals:
    """Per row: the furthest stage and the outcome said so far, as ranks (-1 = silent),
    and whether the row says it is only saved."""

    stage: np.ndarray
    outcome: np.ndarray
    saved: np.ndarray

    @classmethod
    def silent(cls, n: int) -> "Signals":
        return cls(np.full(n, -1, dtype=np.int64), np.full(n, -1, dtype=np.int64),
                   np.zeros(n, dtype=bool))

    def reach(self, mask_or_ranks: np.ndarray, stage: str | None = None) -> None:
        ranks = mask_or_ranks if stage is None else np.where(mask_or_ranks, SRANK[stage], -1)
        self.stage = np.maximum(self.stage, ranks)

    def end(self, mask_or_ranks: np.ndarray, outcome: str | None = None) -> None:
        ranks = mask_or_ranks if outcome is None else \
            np.where(mask_or_ranks, ORANK[outcome], -1)
        self.outcome = np.maximum(self.outcome, ranks)


def canonical_columns(t: Table, choices: Choices, rep: "ImportReport") -> pd.DataFrame:
    """The canonical columns of the rows of ``t`` (which all hold applications)."""
    out: dict[str, Any] = {}   # the columns, in order; one DataFrame at the end
    for role in ("company", "role", "location", "url"):
        out[role] = t.col(role)
    out["source_raw"] = pd.Series(t.extra["source_raw"], index=t.data.index, dtype="str") \
        if "source_raw" in t.extra else t.col("source")
    channel = channels(t, out["source_raw"])
    out["status_raw"] = joined(t.data, t.all("status"), labels=False)
    out["notes"] = joined(t.data, t.all("notes"), labels=True)
    parsed = dates(t, choices, rep)
    # ids early while little else is held, their text written in the background while the
    # stages are worked out (unless a stage column may still fill in the applied date)
    ids = None if t.all("stage_flag") else \
        application_ids(id_parts(out, parsed, t.n), t.col("application_id") if
                        t.first("application_id") else None, rep.origin)
    sig = Signals.silent(t.n)
    statuses(t, choices, rep, sig)
    outcome_flags(t, rep, sig)
    stage_flags(t, choices, rep, sig, parsed)
    _check_it_is_applications(t, rep, parsed)
    if "stage" in t.extra:
        sig.reach(np.asarray(t.extra["stage"], dtype=np.int64))
        sig.end(np.asarray(t.extra["outcome"], dtype=np.int64))
    for role, stage in (("screen_on", "screen"), ("interview_on", "interview"),
                        ("offer_on", "offer")):
        if role in parsed:
            sig.reach(parsed[role].notna().to_numpy(), stage)
    applied_base(t, parsed, sig)
    out["stage"] = pd.Categorical.from_codes(sig.stage, dtype=canonical.STAGE_TYPE)
    outcome_code = np.array([list(canonical.OUTCOME_TYPE.categories).index(name)
                             for name in sorted(ORANK, key=ORANK.get)], dtype=np.int64)
    out["outcome"] = pd.Categorical.from_codes(outcome_code[np.maximum(sig.outcome, 0)],
                                               dtype=canonical.OUTCOME_TYPE)
    out["source"] = pd.Categorical.from_codes(channel, dtype=canonical.SOURCE_TYPE)
    no_dates = np.full(t.n, np.datetime64("NaT"), dtype="datetime64[ns]")
    for role in mapping_mod.DATE_ROLES:
        out[role] = parsed[role].to_numpy(dtype="datetime64[ns]") if role in parsed \
            else no_dates
    for role in ("tailored", "referral"):
        out[role] = yes_no(t, role, channel)
    out["origin"] = repeat_text(f"import:{rep.origin}", t.n)
    ids = (ids or application_ids(id_parts(out, parsed, t.n), t.col("application_id") if
                                  t.first("application_id") else None, rep.origin))()
    ids.index = t.data.index
    out["application_id"] = ids
    out["_row"] = t.rows
    rep.rows_imported = t.n
    for key, value in out.items():
        if isinstance(value, pd.Series):
            out[key] = value.array
    return pd.DataFrame(out, index=t.data.index, copy=False)


# ---------------------------------------------------------------- the steps

_SOURCE_CODE = {name: i for i, name in enumerate(canonical.SOURCE_TYPE.categories)}


def channels(t: Table, source_raw: pd.Series) -> np.ndarray:
    """The channel code of each row: from the source text, a known format's own channel,
    and yes/no channel columns ("Recruiter?: Yes" = through an agency)."""
    code = _SOURCE_CODE
    channel = map_unique(source_raw, lambda v: code[st.channel_of(v)], np.int64, code["other"])
    if t.fmt and t.fmt.get("source"):
        channel = np.where(blank(source_raw), code[t.fmt["source"]], channel)
    for c in t.all("channel_flag"):
        via = code[st.channel_of(c)]
        channel = np.where((st.flags(t.data[c]) == "yes") & (channel == code["other"]),
                           via, channel)
    return channel


def dates(t: Table, choices: Choices, rep: "ImportReport") -> dict[str, pd.Series]:
    """Each date column read by its own evidence; damaged cells listed, never guessed."""
    parsed: dict[str, pd.Series] = {}
    for role in mapping_mod.DATE_ROLES:
        c = t.first(role)
        if c is None:
            continue
        values, decision, damaged = dates_mod.parse_column(
            t.data[c], c, choices.date_order.get(c), saved_on=t.saved_on)
        parsed[role] = values
        rep.dates[c] = decision.to_dict()
        if decision.assumed:
            rep.warnings.append(f"The dates in {c!r} could be month-first or day-first; "
                                "they were read month first. You can change this.")
        if decision.year_from_file:
            rep.warnings.append(f"The dates in {c!r} have no year; the year the file was "
                                f"last saved ({t.saved_on.year}) was given to them, or the "
                                "year before where that date lies after the save.")
        bad = np.flatnonzero(damaged.to_numpy())
        rep.damaged_count += len(bad)
        room = MAX_LISTED - len(rep.damaged_dates)
        rep.damaged_dates.extend(
            {"file": t.name, "row": int(t.rows[i]), "column": c,
             "value": t.data[c].iat[i][:100]} for i in bad[:max(room, 0)])
    return parsed


def statuses(t: Table, choices: Choices, rep: "ImportReport", sig: Signals) -> None:
    """Status columns through the vocabulary; values read by a guess or not known at all
    are counted (honest doubt)."""
    unknown_rows = np.zeros(t.n, dtype=bool)
    guessed_rows = np.zeros(t.n, dtype=bool)
    for c in t.all("status"):
        s_stage, s_outcome, found = st.meanings(t.data[c], choices.statuses)
        sig.reach(s_stage)
        sig.end(s_outcome)
        sig.saved |= s_stage == SRANK["saved"]
        for value, m in found.items():
            rep.status_map[value] = m.to_dict()
        if any(m.how in DOUBTFUL for m in found.values()):
            codes, uniq = factorize(t.data[c])     # encoded once already: no second pass
            hows = [found[u].how if u in found else "" for u in uniq] + [""]
            per_value = np.bincount(codes, minlength=len(uniq) + 1)
            unknown_rows |= np.asarray([h == "unknown" for h in hows])[codes]
            guessed_rows |= np.asarray([h in GUESSED for h in hows])[codes]
            for u, h, rows_n in zip(uniq, hows, per_value):
                if h in DOUBTFUL:
                    rep.doubtful_values[u] = {**found[u].to_dict(), "rows": int(rows_n),
                                              "column": c}
    rep.rows_unknown += int(unknown_rows.sum())
    rep.rows_guessed += int((guessed_rows & ~unknown_rows).sum())


def outcome_flags(t: Table, rep: "ImportReport", sig: Signals) -> None:
    """Yes/No under an outcome or result header: No is a rejection, Yes an offer."""
    for c in t.all("outcome_flag"):
        f = st.flags(t.data[c])
        sig.reach(f == "yes", "offer")
        sig.end(f == "no", "rejected")
        rep.status_map.setdefault(c, {"stage": "offer", "outcome": "rejected",
                                      "how": "yes/no", "column": True})


_DECIDED = re.compile(r"\b(?:selected|invited|shortlisted|accepted|passed|ausgewählt|"
                      r"eingeladen|retenu|retenue|seleccionado|seleccionada)\b", re.IGNORECASE)


def is_question(header: str) -> bool:
    """A header asking whether a step happened yet ("Interviewed?", "是否已经面试"): its
    No is "not (yet)". A question about the employer's choice ("Selected for interview?")
    is not one of these: its No is their no."""
    text = str(header).strip()
    return (text.endswith(("?", "？")) or text.startswith("是否")) and not _DECIDED.search(text)


def stage_flags(t: Table, choices: Choices, rep: "ImportReport", sig: Signals,
                parsed: dict[str, pd.Series]) -> None:
    """A column per stage: ticked rows reached it; a cross fails the step (an interview
    failed was had); a plain No ends
    the application only where no other column tells the outcome, never under a question;
    dates written in the column are that stage's dates."""
    heads = {c: st.meaning(c, choices.statuses) for c in t.all("stage_flag")}
    outcome_told = bool(t.all("status") or t.all("outcome_flag")) or any(
        h.outcome for h in heads.values())
    for c, head in heads.items():
        rep.status_map.setdefault(c, {**head.to_dict(), "column": True})
        f = st.flags(t.data[c])
        yes, no = f == "yes", f == "no"
        if head.stage:
            sig.reach(yes, head.stage)
        if head.outcome:
            sig.end(yes, head.outcome)
        sig.end(f == "ghosted", "no_response")
        failed = f == "failed"
        sig.end(failed, "rejected")
        if head.stage in ("interview", "offer"):
            sig.reach(failed, "interview")     # an interview can only be failed by having it
        sig.end(f == "declined", "withdrawn")      # the person turned this step down
        if head.stage == "applied" and head.outcome is None:
            sig.saved |= no        # "Applied: FALSE" is not applied yet
        if head.stage not in (None, "saved", "applied") and head.outcome is None \
                and not outcome_told and not is_question(c):
            sig.end(no, "rejected")
        target = STAGE_DATE.get(head.stage or "", "closed_on" if head.outcome else None)
        if target and yes.any():
            d, _, _ = dates_mod.parse_column(t.data[c].where(yes, ""), c,
                                             choices.date_order.get(c))
            if d.notna().any():
                prev = parsed.get(target)
                parsed[target] = d if prev is None else prev.fillna(d)


def _check_it_is_applications(t: Table, rep: "ImportReport",
                              parsed: dict[str, pd.Series]) -> None:
    known_signal = bool(t.all("stage_flag")) or "stage" in t.extra or any(
        v.get("how") not in ("unknown",) for v in rep.status_map.values())
    has_dates = "applied_on" in parsed and parsed["applied_on"].notna().any()
    if t.n and t.first("company") is None and not has_dates and not known_signal:
        raise WorkbookError(
            f"{t.name} does not look like a list of applications (no company, no dates and "
            "no status the workbook knows): please check the file, or say which column "
            "holds what in the column mapping.")


def applied_base(t: Table, parsed: dict[str, pd.Series], sig: Signals) -> None:
    """Rows with a role, an applied date or a link were applied to, unless they say they
    are only saved; a date cell saying "N/A" or "-" is no date; an ended row was applied."""
    has_applied = t.filled("applied_on")
    if has_applied.any() and "applied_on" in parsed:
        odd = np.flatnonzero(has_applied & parsed["applied_on"].isna().to_numpy())
        if len(odd):   # only the cells that are not dates are looked at
            has_applied[odd] = st.flags(t.data[t.first("applied_on")].iloc[odd]) != "none"
    base = t.filled("role") | has_applied | t.filled("url")
    base &= ~(sig.saved & ~has_applied)
    sig.stage = np.maximum(sig.stage, np.where(base, SRANK["applied"], SRANK["saved"]))
    ended = (sig.outcome >= ORANK["no_response"]) & (sig.outcome != ORANK["withdrawn"])
    sig.stage = np.where(ended & (sig.stage < SRANK["applied"]), SRANK["applied"], sig.stage)


def yes_no(t: Table, role: str, channel: np.ndarray) -> pd.arrays.BooleanArray:
    """A tailored-resume or referral column as a nullable boolean (a referral also from
    the channel; any name written under "Referral" is a yes)."""
    referral = channel == _SOURCE_CODE["referral"]
    c = t.first(role)
    if c is None:
        truth = referral if role == "referral" else np.zeros(t.n, dtype=bool)
        return pd.arrays.BooleanArray(truth, ~truth)
    f = st.flags(t.data[c])
    if role == "referral":
        truth = (f == "yes") | ((f != "") & (f != "no") & (f != "none")) | referral
        known = (f == "yes") | (f == "no") | (f == "") | truth
    else:
        truth = f == "yes"
        known = truth | (f == "no")
    return pd.arrays.BooleanArray(truth, ~known)


def joined(data: pd.DataFrame, cols: list[str], labels: bool) -> pd.Series:
    """Several text columns as one ("Col: text | Col: text" with labels)."""
    if not cols:
        return pd.Series("", index=data.index, dtype="str")
    if len(cols) == 1:
        return data[cols[0]]
    parts = [(c + ": " + data[c]).where(data[c] != "", "") if labels else data[c]
             for c in cols]
    out = parts[0].str.cat(parts[1:], sep=" | ")
    return out.str.replace(r"^(?: \| )+|(?: \| )+$", "", regex=True).str.replace(
        r"(?: \| ){2,}", " | ", regex=True)
