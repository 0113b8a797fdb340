"""The import pipeline: read -> detect the shape -> map columns -> parse dates -> map
statuses -> validate -> report; and ``commit`` that stores the result in one transaction.

Shapes: a row per application; a column per stage (tallies Y/N/G/1/yes or dates); source ->
target edge rows (Company, Source, Target; company blank on follow-on rows); a column per
date whose cells name companies ("12. Acme"). All work on columns at once, never row by row.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Iterable

import numpy as np
import pandas as pd

from workbook.applications import canonical
from workbook.applications import dates as dates_mod
from workbook.applications import mapping as mapping_mod
from workbook.applications import statuses as st
from workbook.applications.read import RawTable, read
from workbook.applications.uniques import (blank, factorize, factorized, map_unique, pool,
                                           repeat_text)
from workbook.errors import WorkbookError
from workbook.records import STAGES

MAX_LISTED = 500
STAGE_DATE = {"applied": "applied_on", "screen": "screen_on", "interview": "interview_on",
              "offer": "offer_on"}
_TOTALS = re.compile(r"^(totals?|sum|summe|gesamt|insgesamt|toplam|totale?|total general|"
                     r"grand total)\b[:\s]*", re.IGNORECASE)
_NUMBERING = re.compile(r"^\s*\d{1,3}\s*[.)]\s*")


@dataclass
class ImportReport:
    """What an import understood and did, in numbers and plain words."""

    rows_read: int = 0
    rows_imported: int = 0
    rows_skipped: list[dict] = field(default_factory=list)
    skipped_count: int = 0
    mapping: dict[str, str] = field(default_factory=dict)
    status_map: dict[str, dict] = field(default_factory=dict)
    unknown_statuses: list[str] = field(default_factory=list)
    dates: dict[str, dict] = field(default_factory=dict)
    damaged_dates: list[dict] = field(default_factory=list)
    damaged_count: int = 0
    stage_counts: dict[str, int] = field(default_factory=dict)
    outcome_counts: dict[str, int] = field(default_factory=dict)
    first_applied: str | None = None
    last_applied: str | None = None
    dropped_columns: list[dict] = field(default_factory=list)
    unused_columns: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files: list[dict] = field(default_factory=list)
    shape: str = "rows"
    format: str | None = None
    origin: str = ""
    duplicates_removed: int = 0
    user_status_map: dict[str, dict] = field(default_factory=dict)
    # honest doubt: rows whose status was read by a close spelling, a phrase inside the text
    # or part by part (guessed), rows whose status is not known at all, and those values
    rows_guessed: int = 0
    rows_unknown: int = 0
    doubtful_values: dict[str, dict] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)

    def summary(self) -> str:
        """One or two plain sentences for the top of the report."""
        text = (f"Read {self.rows_read:,} rows and understood {self.rows_imported:,} "
                "applications")
        if self.skipped_count:
            text += f"; {self.skipped_count:,} rows were left out (see why below)"
        if self.damaged_count:
            text += f"; {self.damaged_count:,} dates could not be read and are left empty"
        return text + "."


# ---------------------------------------------------------------- public entry points

def load(source: Any, mapping: dict[str, str] | None = None,
         status_map: dict | None = None, *, sheet: str | None = None,
         date_order: dict[str, str] | None = None, name: str | None = None
         ) -> tuple[pd.DataFrame, ImportReport]:
    """Read one file (path, bytes, file object, DataFrame) or several (a list; also of
    ``(name, bytes)`` pairs) into the canonical applications DataFrame and an ImportReport.

    ``mapping`` overrides the column mapping (``{"Firma": "company", "Notes": "ignore"}``);
    ``status_map`` gives meanings for status values (``{"Absage": "/rejected"}``,
    ``{"Telefonat": {"stage": "screen"}}``); ``date_order`` forces "day_first" or
    "month_first" for a column. Nothing is stored. Raises WorkbookError with one sentence
    when nothing can be read.
    """
    import pyarrow as pa

    # Arrow's default pool keeps freed memory for itself; during an import the system
    # allocator keeps the peak near what is really in use (each buffer frees into the
    # pool it came from, so switching back afterwards is safe)
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        return _load(source, mapping, status_map, sheet, date_order, name)
    finally:
        pa.set_memory_pool(previous)


def _load(source: Any, mapping: dict[str, str] | None, status_map: dict | None,
          sheet: str | None, date_order: dict[str, str] | None, name: str | None
          ) -> tuple[pd.DataFrame, ImportReport]:
    sources = source if isinstance(source, (list, tuple)) else [source]
    if not sources:
        raise WorkbookError("No file was given: please choose a file to import.")
    user = st.parse_user_map(status_map)
    _check_mapping(mapping)
    frames, reports = [], []
    for item in sources:
        if isinstance(item, tuple) and len(item) == 2:
            item_name, data = item
            tables = read(data, name=item_name, sheet=sheet)
        else:
            tables = read(item, name=name if len(sources) == 1 else None, sheet=sheet)
        for table in tables:
            df, rep = _load_table(table, mapping or {}, user, date_order or {})
            frames.append(df)
            reports.append(rep)
    df = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    report = _merge(reports)
    if len(frames) > 1:
        dup = df["application_id"].duplicated(keep="first")
        if dup.any():
            report.duplicates_removed = int(dup.sum())
            report.warnings.append(
                f"{int(dup.sum())} applications appeared in more than one file and were "
                "kept once.")
            df = df.loc[~dup].reset_index(drop=True)
    report.user_status_map = {k: v.to_dict() for k, v in user.items()}
    _finish(df, report)
    return df, report


def _check_mapping(mapping: dict[str, str] | None) -> None:
    for col, role in (mapping or {}).items():
        if role not in mapping_mod.ROLES:
            raise WorkbookError(
                f"The column {col!r} is mapped to {role!r}, which the workbook does not "
                f"know; please choose one of {', '.join(mapping_mod.ROLES)}.")


# ---------------------------------------------------------------- one table

def _load_table(table: RawTable, override: dict[str, str], user: dict,
                date_order: dict[str, str]) -> tuple[pd.DataFrame, ImportReport]:
    rep = ImportReport(warnings=list(table.warnings))
    data, rows = table.data, table.rows
    rep.rows_read = len(data)
    if data.shape[1] < 1 or len(data) == 0:
        raise WorkbookError(f"{table.name} has a header but no rows below it: there is "
                            "nothing to import yet.")
    shape = "rows"
    extra: dict[str, Any] = {}
    edge = _edge_columns(data)
    if edge and not override:
        shape = "edges"
        data, rows, extra = _from_edges(data, rows, *edge, user)
    elif _date_columns_shape(data) and not override:
        shape = "date_columns"
        data, rows = _from_date_columns(data, rows)
    # the columns that will likely be read once per distinct value (by their headers) are
    # encoded in the background meanwhile, while the mapping is guessed and rows are sorted
    spec = [data[c] for c in data.columns if shape == "rows" and override.get(
        c, mapping_mod.word_match(c)[0]) in _CODED_ROLES]
    with factorized(spec):
        return _map_and_build(table, data, rows, shape, extra, override, user, date_order,
                              rep)


_GUESSED = ("spelling", "phrase", "combined")
_DOUBTFUL = _GUESSED + ("unknown",)
_CODED_ROLES = ("company", "role", "source", "status", "outcome") + mapping_mod.DATE_ROLES


def _map_and_build(table: RawTable, data: pd.DataFrame, rows: np.ndarray, shape: str,
                   extra: dict, override: dict[str, str], user: dict,
                   date_order: dict[str, str], rep: ImportReport
                   ) -> tuple[pd.DataFrame, ImportReport]:
    guessed, fmt = mapping_mod.guess(data)
    if shape == "edges":
        guessed = {"Company": "company", "Role": "role", "Status": "status",
                   "Steps": "notes"}
    if shape == "date_columns":
        guessed = {"Company": "company", "Applied": "applied_on"}
    mapping = {c: override.get(c, guessed.get(c, "ignore")) for c in data.columns}
    rep.shape = shape
    rep.format = fmt["name"] if fmt else None
    rep.origin = fmt["name"] if fmt else re.sub(r"\.[A-Za-z0-9]{1,5}$", "",
                                                  table.origin).casefold()
    rep.mapping = mapping
    rep.files.append({"name": table.name, "sheet": table.sheet, "sheets": table.sheets,
                      "header_row": table.header_row, "shape": shape,
                      "format": fmt["label"] if fmt else None, "rows_read": rep.rows_read})
    df = _build(data, rows, mapping, user, date_order, rep, table.name, extra, fmt)
    return df, rep


_DECIDED = re.compile(r"\b(?:selected|invited|shortlisted|accepted|passed|ausgewählt|"
                      r"eingeladen|retenu|retenue|seleccionado|seleccionada)\b", re.IGNORECASE)


def _is_question(header: str) -> bool:
    """A header asking whether a step happened yet ("Interviewed?", "是否已经面试"): its
    No is "not (yet)". A question about the employer's choice ("Selected for interview?")
    is not one of these: its No is their no."""
    text = str(header).strip()
    return (text.endswith(("?", "？")) or text.startswith("是否")) and not _DECIDED.search(text)


def _first(mapping: dict[str, str], role: str) -> str | None:
    return next((c for c, r in mapping.items() if r == role), None)


def _all(mapping: dict[str, str], role: str) -> list[str]:
    return [c for c, r in mapping.items() if r == role]


def _build(data: pd.DataFrame, rows: np.ndarray, mapping: dict[str, str], user: dict,
           date_order: dict[str, str], rep: ImportReport, name: str, extra: dict,
           fmt: dict | None) -> pd.DataFrame:
    n = len(data)
    blanks = {c: blank(data[c]) for c in data.columns}
    content_roles = ("company", "role", "applied_on", "url", "application_id")
    if not any(_first(mapping, r) for r in content_roles) and \
            not _all(mapping, "status") and not _all(mapping, "stage_flag"):
        raise WorkbookError(
            f"No column of {name} could be read as company, role, date or status: please "
            "tell the importer which column holds what (the column mapping), or check "
            "that this is your application list.")
    for c, r in mapping.items():
        if r == "private":
            rep.dropped_columns.append({"column": c, "reason": "personal contact details or "
                                        "screening answers; left out to protect privacy"})
        elif r == "ignore":
            rep.unused_columns.append(c)
    if _first(mapping, "company") is None and not extra:
        rep.warnings.append(f"No column of {name} holds company names; applications are "
                            "imported without them (you can add them later).")
    if _first(mapping, "applied_on") is None and not _all(mapping, "stage_flag"):
        rep.warnings.append(f"No column of {name} holds the date you applied; the timing "
                            "charts will have nothing to show for these applications.")

    # -- which rows hold an application
    all_empty = np.logical_and.reduce([blanks[c] for c in data.columns]) \
        if data.shape[1] else np.ones(n, dtype=bool)
    totals = _is_totals(data.iloc[:, 0]) & ~all_empty if data.shape[1] else \
        np.zeros(n, dtype=bool)
    content = [c for c, r in mapping.items()
               if r in content_roles + ("status", "stage_flag")]
    has_content = ~np.logical_and.reduce([blanks[c] for c in content]) if content else \
        np.zeros(n, dtype=bool)
    if "steps" in extra:
        has_content = np.ones(n, dtype=bool)
    keep = ~all_empty & ~totals & has_content
    skipped = np.flatnonzero(~keep)
    rep.skipped_count = len(skipped)
    empty_np, totals_np = all_empty, totals
    rep.rows_skipped = [{"file": name, "row": int(rows[i]), "reason": (
        "empty row" if empty_np[i] else "a totals row, not an application" if totals_np[i]
        else "no company, role, date or status in this row")} for i in skipped[:MAX_LISTED]]
    if len(skipped):
        data = data.loc[keep].reset_index(drop=True)
        rows = rows[keep]
        blanks = {c: b[keep] for c, b in blanks.items()}
    for key in ("stage", "outcome", "source_raw"):
        if key in extra:
            extra[key] = extra[key][keep]
    # every column read once per distinct value, encoded up front two at a time
    coded = [data[c] for c, r in mapping.items() if r in _CODED_ROLES]
    with factorized(coded):
        return _columns(data, rows, blanks, mapping, user, date_order, rep, name, extra, fmt)


def _columns(data: pd.DataFrame, rows: np.ndarray, blanks: dict[str, np.ndarray],
             mapping: dict[str, str], user: dict, date_order: dict[str, str],
             rep: ImportReport, name: str, extra: dict, fmt: dict | None) -> pd.DataFrame:
    """The canonical columns of the rows that hold applications."""
    n = len(data)
    empties: dict[int, pd.Series] = {}

    def col(role: str) -> pd.Series:
        c = _first(mapping, role)
        if c is not None:
            return data[c]
        if n not in empties:
            empty = repeat_text("", n)
            empty.index = data.index
            empties[n] = empty
        return empties[n]

    def filled(role: str) -> np.ndarray:
        c = _first(mapping, role)
        return ~blanks[c] if c is not None else np.zeros(n, dtype=bool)

    out: dict[str, Any] = {}   # the columns, in order; one DataFrame at the end
    for role in ("company", "role", "location", "url"):
        out[role] = col(role)
    src_raw = col("source")
    if "source_raw" in extra:
        src_raw = pd.Series(extra["source_raw"], index=data.index, dtype="str")
    out["source_raw"] = src_raw
    source_code = {name: i for i, name in enumerate(canonical.SOURCE_TYPE.categories)}
    channel = map_unique(src_raw, lambda v: source_code[st.channel_of(v)], np.int64,
                         source_code["other"])
    if fmt and fmt.get("source"):
        channel = np.where(blank(src_raw), source_code[fmt["source"]], channel)
    for c in _all(mapping, "channel_flag"):   # "Recruiter?: Yes" = through an agency
        via = source_code[st.channel_of(c)]
        channel = np.where((st.flags(data[c]) == "yes") & (channel == source_code["other"]),
                           via, channel)
    out["status_raw"] = _joined(data, _all(mapping, "status"), labels=False)
    out["notes"] = _joined(data, _all(mapping, "notes"), labels=True)

    # -- dates
    parsed: dict[str, pd.Series] = {}
    for role in mapping_mod.DATE_ROLES:
        c = _first(mapping, role)
        if c is None:
            continue
        values, decision, damaged = dates_mod.parse_column(data[c], c, date_order.get(c))
        parsed[role] = values
        rep.dates[c] = decision.to_dict()
        if decision.assumed:
            rep.warnings.append(f"The dates in {c!r} could be month-first or day-first; "
                                "they were read month first. You can change this.")
        bad = np.flatnonzero(damaged.to_numpy())
        rep.damaged_count += len(bad)
        room = MAX_LISTED - len(rep.damaged_dates)
        rep.damaged_dates.extend(
            {"file": name, "row": int(rows[i]), "column": c, "value": data[c].iat[i][:100]}
            for i in bad[:max(room, 0)])

    # -- ids, early while little else is held (unless a stage column may still fill in the
    # applied date)
    # (their text is written in the background while the stages are worked out below)
    ids = None
    if not _all(mapping, "stage_flag"):
        ids = _ids(_id_parts(out, parsed, n), col("application_id"), rep.origin)

    # -- stage and outcome signals, as ranks (-1 = silent)
    stage_rank = np.full(n, -1, dtype=np.int64)
    outcome_rank = np.full(n, -1, dtype=np.int64)
    srank = {s: i for i, s in enumerate(STAGES)}
    orank = st.OUTCOME_RANK

    def raise_stage(ranks: np.ndarray) -> None:
        nonlocal stage_rank
        stage_rank = np.maximum(stage_rank, ranks)

    def raise_outcome(ranks: np.ndarray) -> None:
        nonlocal outcome_rank
        outcome_rank = np.maximum(outcome_rank, ranks)

    def where(mask: np.ndarray, rank: int) -> np.ndarray:
        return np.where(mask, rank, -1)

    says_saved = np.zeros(n, dtype=bool)
    unknown_rows = np.zeros(n, dtype=bool)
    guessed_rows = np.zeros(n, dtype=bool)
    for c in _all(mapping, "status"):
        s_stage, s_outcome, found = st.meanings(data[c], user)
        raise_stage(s_stage)
        raise_outcome(s_outcome)
        says_saved |= s_stage == srank["saved"]
        for value, m in found.items():
            rep.status_map[value] = m.to_dict()
        if any(m.how in _DOUBTFUL for m in found.values()):
            codes, uniq = factorize(data[c])     # encoded once already: no second pass
            hows = [found[u].how if u in found else "" for u in uniq] + [""]
            per_value = np.bincount(codes, minlength=len(uniq) + 1)
            unknown_rows |= np.asarray([h == "unknown" for h in hows])[codes]
            guessed_rows |= np.asarray([h in _GUESSED for h in hows])[codes]
            for u, h, rows_n in zip(uniq, hows, per_value):
                if h in _DOUBTFUL:
                    rep.doubtful_values[u] = {**found[u].to_dict(), "rows": int(rows_n),
                                              "column": c}
    rep.rows_unknown += int(unknown_rows.sum())
    rep.rows_guessed += int((guessed_rows & ~unknown_rows).sum())
    # a No in a stage column ends the application there only when no other column of the
    # file says how it ended (a status, a result, a "Rejected" tick column)
    heads = {c: st.meaning(c, user) for c in _all(mapping, "stage_flag")}
    outcome_told = bool(_all(mapping, "status") or _all(mapping, "outcome_flag")) or any(
        h.outcome for h in heads.values())
    for c in _all(mapping, "outcome_flag"):
        f = st.flags(data[c])
        raise_stage(where(f == "yes", srank["offer"]))
        raise_outcome(where(f == "no", orank["rejected"]))
        rep.status_map.setdefault(c, {"stage": "offer", "outcome": "rejected",
                                      "how": "yes/no", "column": True})
    for c, head in heads.items():
        rep.status_map.setdefault(c, {**head.to_dict(), "column": True})
        f = st.flags(data[c])
        yes, no, ghost = f == "yes", f == "no", f == "ghosted"
        if head.stage:
            raise_stage(where(yes, srank[head.stage]))
        if head.outcome:
            raise_outcome(where(yes, orank[head.outcome]))
        raise_outcome(where(ghost, orank["no_response"]))
        if head.stage == "applied" and head.outcome is None:
            says_saved |= no        # "Applied: FALSE" is not applied yet
        # a cross (x) fails the step: rejected there; a plain No ends it only where nothing
        # else tells the outcome, and never under a question ("Interviewed?": not yet)
        raise_outcome(where(f == "failed", orank["rejected"]))
        if head.stage not in (None, "saved", "applied") and head.outcome is None \
                and not outcome_told and not _is_question(c):
            raise_outcome(where(no, orank["rejected"]))
        # dates written in a stage column are that stage's date
        target = STAGE_DATE.get(head.stage or "", "closed_on" if head.outcome else None)
        if target and yes.any():
            d, _, _ = dates_mod.parse_column(data[c].where(yes, ""), c, date_order.get(c))
            if d.notna().any():
                prev = parsed.get(target)
                parsed[target] = d if prev is None else prev.fillna(d)
    known_signal = bool(_all(mapping, "stage_flag")) or "stage" in extra or any(
        v.get("how") not in ("unknown",) for v in rep.status_map.values())
    has_dates = "applied_on" in parsed and parsed["applied_on"].notna().any()
    if n and _first(mapping, "company") is None and not has_dates and not known_signal:
        raise WorkbookError(
            f"{name} does not look like a list of applications (no company, no dates and "
            "no status the workbook knows): please check the file, or say which column "
            "holds what in the column mapping.")
    if "stage" in extra:
        raise_stage(np.asarray(extra["stage"], dtype=np.int64))
        raise_outcome(np.asarray(extra["outcome"], dtype=np.int64))
    for role, stage in (("screen_on", "screen"), ("interview_on", "interview"),
                        ("offer_on", "offer")):
        if role in parsed:
            raise_stage(where(parsed[role].notna().to_numpy(), srank[stage]))

    has_applied = filled("applied_on")
    if has_applied.any() and "applied_on" in parsed:
        # "N/A", "-", "TBD" in the date column: not applied (yet); only cells that are
        # not dates are looked at
        c = _first(mapping, "applied_on")
        odd = np.flatnonzero(has_applied & parsed["applied_on"].isna().to_numpy())
        if len(odd):
            has_applied[odd] = st.flags(data[c].iloc[odd]) != "none"
    base_applied = filled("role") | has_applied | filled("url")
    base_applied &= ~(says_saved & ~has_applied)
    stage_rank = np.maximum(stage_rank, np.where(base_applied, srank["applied"],
                                                  srank["saved"]))
    decided = outcome_rank >= orank["no_response"]
    ended_not_withdrawn = decided & (outcome_rank != orank["withdrawn"])
    stage_rank = np.where(ended_not_withdrawn & (stage_rank < srank["applied"]),
                          srank["applied"], stage_rank)
    out["stage"] = pd.Categorical.from_codes(stage_rank, dtype=canonical.STAGE_TYPE)
    outcome_code = np.array([list(canonical.OUTCOME_TYPE.categories).index(name)
                             for name in sorted(orank, key=orank.get)], dtype=np.int64)
    out["outcome"] = pd.Categorical.from_codes(outcome_code[np.maximum(outcome_rank, 0)],
                                               dtype=canonical.OUTCOME_TYPE)
    out["source"] = pd.Categorical.from_codes(channel, dtype=canonical.SOURCE_TYPE)
    no_dates = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    for role in mapping_mod.DATE_ROLES:
        out[role] = parsed[role].to_numpy(dtype="datetime64[ns]") if role in parsed \
            else no_dates

    # -- yes/no columns
    for role in ("tailored", "referral"):
        c = _first(mapping, role)
        if c is None:
            truth = channel == source_code["referral"] if role == "referral" else \
                np.zeros(n, dtype=bool)
            out[role] = pd.arrays.BooleanArray(truth, ~truth)
            continue
        f = st.flags(data[c])
        truth = (f == "yes") | ((f != "") & (f != "no") & (f != "none")) \
            if role == "referral" else f == "yes"
        known = (f == "yes") | (f == "no") | ((f == "") if role == "referral" else False)
        if role == "referral":
            truth = truth | (channel == source_code["referral"])
        known = known | truth
        out[role] = pd.arrays.BooleanArray(truth, ~known)

    # -- ids
    out["origin"] = repeat_text(f"import:{rep.origin}", n)
    ids = (ids or _ids(_id_parts(out, parsed, n), col("application_id"), rep.origin))()
    ids.index = data.index
    out["application_id"] = ids
    out["_row"] = rows
    rep.rows_imported = n
    for key, value in out.items():
        if isinstance(value, pd.Series):
            out[key] = value.array
    return pd.DataFrame(out, index=data.index, copy=False)


# first bytes a totals cell can start with: the words' first letters in either case, and
# any non-ASCII byte (case folding may map one to them); the regex runs on those cells only
_TOTALS_FIRST = np.zeros(256, dtype=bool)
_TOTALS_FIRST[list(b"tTsSgGiI")] = True
_TOTALS_FIRST[0x80:] = True


def _is_totals(first_cell: pd.Series) -> np.ndarray:
    """Rows whose first cell says "Total", "Summe", "Toplam"... (checked in Arrow when the
    column is Arrow-backed, on the cells whose first letter could start such a word; else
    once per distinct value)."""
    from workbook.applications.uniques import _chunks, _offsets_and_bytes

    chunks = _chunks(first_cell)
    if chunks is None:
        return map_unique(first_cell, lambda v: bool(_TOTALS.match(v)), bool, False)
    import pyarrow as pa
    import pyarrow.compute as pc

    parts = []
    for chunk in chunks:
        offsets, data = _offsets_and_bytes(chunk)
        start, end = offsets[:-1], offsets[1:]
        hit = np.zeros(len(chunk), dtype=bool)
        cand = np.flatnonzero(end > start)
        cand = cand[_TOTALS_FIRST[data[start[cand]]]]
        if len(cand):
            found = pc.match_substring_regex(chunk.take(pa.array(cand)), _TOTALS.pattern,
                                             ignore_case=True)
            hit[cand] = np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)
        parts.append(hit)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)


def _joined(data: pd.DataFrame, cols: list[str], labels: bool) -> pd.Series:
    if not cols:
        return pd.Series("", index=data.index, dtype="str")
    if len(cols) == 1:
        return data[cols[0]]
    parts = [(c + ": " + data[c]).where(data[c] != "", "") if labels else data[c]
             for c in cols]
    joined = parts[0].str.cat(parts[1:], sep=" | ")
    return joined.str.replace(r"^(?: \| )+|(?: \| )+$", "", regex=True).str.replace(
        r"(?: \| ){2,}", " | ", regex=True)


def _key_text(text: str) -> str:
    return " ".join(str(text).casefold().split())


_MIX = np.uint64(0x9E3779B97F4A7C15)


def _hash_text(values: pd.Series) -> np.ndarray:
    codes, uniq = factorize(values)
    # the keys are (nearly) distinct already: hashing them without categorizing first gives
    # the same hashes, faster
    table = pd.util.hash_array(np.asarray([_key_text(u) for u in uniq] + [""], dtype=object),
                               categorize=False)
    return table[codes]


def _id_parts(out: dict[str, Any], parsed: dict[str, pd.Series], n: int) -> dict[str, Any]:
    applied = parsed["applied_on"].to_numpy(dtype="datetime64[ns]") if "applied_on" in parsed \
        else np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    return {"company": out["company"], "role": out["role"], "applied_on": applied}


def _ids(out: dict[str, Any], source_ids: pd.Series, origin: str
         ) -> Callable[[], pd.Series]:
    """Stable ids: the tracker's own id where it has one, else a hash of the normalised
    company, role and applied date (the same application gets the same id next time).
    Returns a function giving them: their text is written in the background until then."""
    days = np.asarray(out["applied_on"]).astype("datetime64[D]").astype(np.int64)
    with np.errstate(over="ignore"):
        h = _hash_text(out["company"])
        h = (h ^ _hash_text(out["role"])) * _MIX
        h = (h ^ pd.util.hash_array(days)) * _MIX
        dup = pd.core.algorithms.duplicated(h, keep=False)
        if dup.any():
            nth = pd.Series(h[dup]).groupby(h[dup]).cumcount().to_numpy(dtype=np.uint64)
            h[dup] = np.where(nth > 0, (h[dup] ^ (nth * _MIX)) * _MIX, h[dup])
    hashed = _as_text(h)
    if source_ids is None or blank(source_ids).all():
        return hashed

    def with_source() -> pd.Series:
        ids = hashed()
        sid = "src-" + origin + "-" + source_ids.str.lower()
        clash = sid.duplicated(keep=False).to_numpy() | (source_ids == "").to_numpy()
        return pd.Series(np.where(clash, ids.to_numpy(dtype=object),
                                  sid.to_numpy(dtype=object)),
                         index=source_ids.index, dtype="str")

    return with_source


def _as_text(h: np.ndarray) -> Callable[[], pd.Series]:
    """A function giving the ids' text, "a" and the decimal digits of each hash; the text is
    written in the background meanwhile (a long column in two halves at once: Arrow works
    outside the GIL)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    mem = pa.system_memory_pool()

    def text(part: np.ndarray) -> Any:
        # "a" + the decimal digits: one cast, then the letter put in front of each value
        return pc.binary_replace_slice(
            pc.cast(pa.array(part, memory_pool=mem), pa.large_string(), memory_pool=mem),
            0, 0, "a", memory_pool=mem)

    parts = [h] if len(h) < 50_000 else [h[:len(h) // 2], h[len(h) // 2:]]
    jobs = [pool().submit(text, part) for part in parts]
    return lambda: pd.Series(pd.array(pa.chunked_array([j.result() for j in jobs]),
                                      dtype="str"))


# ---------------------------------------------------------------- other shapes

def _edge_columns(data: pd.DataFrame) -> tuple[str, str, str] | None:
    norm = {mapping_mod.norm_header(c): c for c in data.columns}
    for a, b in (("source", "target"), ("from", "to"), ("von", "nach"), ("de", "à")):
        if a in norm and b in norm:
            targets = data[norm[b]]
            filled = targets[targets != ""]
            if len(filled) and filled.map(lambda v: st.lookup(v) is not None).mean() >= 0.6:
                company = next((data.columns[i] for i, c in enumerate(data.columns)
                                if mapping_mod.word_match(c)[0] == "company"), None)
                if company:
                    return company, norm[a], norm[b]
    return None


def _from_edges(data: pd.DataFrame, rows: np.ndarray, company: str, source: str,
                target: str, user: dict) -> tuple[pd.DataFrame, np.ndarray, dict]:
    """One application per chain of edges: a chain starts where the company (and role)
    changes, or where a written company starts again from "Applied"."""
    # a chain starts where the company (and role, when there is one) changes; a blank
    # company continues the chain above it
    key = data[company].where(data[company] != "").ffill().fillna("")
    role = next((c for c in data.columns if mapping_mod.word_match(c)[0] == "role"), None)
    if role is not None:
        key = key + "\x1f" + data[role]
    starts = np.array(key != key.shift(), dtype=bool)
    # the same company written again on an "Applied" row is a new application
    src_stage = st.meanings(data[source], user)[0]
    starts |= (data[company] != "").to_numpy() & (src_stage <= st.STAGE_RANK["applied"])
    starts[0] = True
    app = np.cumsum(starts) - 1
    src_outcome = st.meanings(data[source], user)[1]
    tgt_stage, tgt_outcome, _ = st.meanings(data[target], user)
    ranks = pd.DataFrame({"app": app, "stage": np.maximum(src_stage, tgt_stage),
                          "outcome": np.maximum(src_outcome, tgt_outcome)})
    per_app = ranks.groupby("app").max()
    first = np.flatnonzero(starts)
    steps = pd.Series(data[source].to_numpy()[first])
    chains = (data[source] + " > " + data[target]).groupby(app).agg(" > ".join)
    out = pd.DataFrame({"Company": data[company].to_numpy()[first],
                        "Role": (data[role].to_numpy()[first] if role is not None
                                 else np.full(len(first), "", dtype=object)),
                        "Status": data[target].groupby(app).last().to_numpy(),
                        "Steps": chains.to_numpy()})
    src_raw = steps.where(steps.map(st.tidy) != "applied", "").to_numpy()
    extra = {"stage": per_app["stage"].to_numpy(dtype=np.int64),
             "outcome": per_app["outcome"].to_numpy(dtype=np.int64),
             "source_raw": src_raw, "steps": True}
    out = out.astype("str")
    return out, rows[first], extra


def _date_columns_shape(data: pd.DataFrame) -> bool:
    if data.shape[1] < 2 or sum(any(ch.isdigit() for ch in str(c)) for c in data.columns) < 2:
        return False
    heads = pd.Series(list(data.columns), dtype="str")
    d, _, _ = dates_mod.parse_column(heads, "header")
    return d.notna().sum() >= 2 and d.notna().mean() >= 0.6


def _from_date_columns(data: pd.DataFrame, rows: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
    heads = pd.Series(list(data.columns), dtype="str")
    d, _, _ = dates_mod.parse_column(heads, "header")
    date_cols = [c for c, ok in zip(data.columns, d.notna()) if ok]
    iso = {c: v.strftime("%Y-%m-%d") for c, v in zip(data.columns, d) if pd.notna(v)}
    long = data[date_cols].assign(_row=rows).melt(id_vars="_row", var_name="day",
                                                   value_name="cell")
    long = long.loc[long["cell"] != ""]
    out = pd.DataFrame({"Company": long["cell"].str.replace(_NUMBERING, "", regex=True)
                        .str.strip().to_numpy(),
                        "Applied": long["day"].map(iso).to_numpy()}).astype("str")
    return out, long["_row"].to_numpy()


# ---------------------------------------------------------------- report

def _merge(reports: list[ImportReport]) -> ImportReport:
    if len(reports) == 1:
        return reports[0]
    out = ImportReport()
    for r in reports:
        out.rows_read += r.rows_read
        out.rows_imported += r.rows_imported
        out.rows_skipped.extend(r.rows_skipped)
        out.skipped_count += r.skipped_count
        out.mapping.update(r.mapping)
        out.status_map.update(r.status_map)
        out.dates.update(r.dates)
        out.damaged_dates.extend(r.damaged_dates)
        out.damaged_count += r.damaged_count
        out.dropped_columns.extend(d for d in r.dropped_columns
                                   if d not in out.dropped_columns)
        out.unused_columns.extend(c for c in r.unused_columns if c not in out.unused_columns)
        out.warnings.extend(w for w in r.warnings if w not in out.warnings)
        out.files.extend(r.files)
        out.rows_guessed += r.rows_guessed
        out.rows_unknown += r.rows_unknown
        out.doubtful_values.update(r.doubtful_values)
    shapes = {r.shape for r in reports}
    out.shape = shapes.pop() if len(shapes) == 1 else "mixed"
    formats = {r.format for r in reports}
    out.format = formats.pop() if len(formats) == 1 else None
    origins = {r.origin for r in reports}
    out.origin = origins.pop() if len(origins) == 1 else "+".join(sorted(origins))
    out.rows_skipped = out.rows_skipped[:MAX_LISTED]
    out.damaged_dates = out.damaged_dates[:MAX_LISTED]
    return out


def _counts(values: pd.Series) -> dict[str, int]:
    """Rows per category, every category listed (like ``value_counts(sort=False)``)."""
    codes = np.asarray(values.array.codes, dtype=np.int64)
    cats = list(values.cat.categories)
    counts = np.bincount(codes[codes >= 0], minlength=len(cats))
    return {c: int(v) for c, v in zip(cats, counts)}


def _finish(df: pd.DataFrame, rep: ImportReport) -> None:
    rep.rows_imported = len(df)
    rep.stage_counts = _counts(df["stage"])
    rep.outcome_counts = _counts(df["outcome"])
    applied = df["applied_on"].to_numpy(dtype="datetime64[ns]")
    applied = applied[~np.isnat(applied)]
    rep.first_applied = str(applied.min().astype("datetime64[D]")) if len(applied) else None
    rep.last_applied = str(applied.max().astype("datetime64[D]")) if len(applied) else None
    rep.unknown_statuses = sorted(k for k, v in rep.status_map.items()
                                  if v.get("how") == "unknown")
    if rep.unknown_statuses:
        shown = ", ".join(repr(v) for v in rep.unknown_statuses[:8])
        one = len(rep.unknown_statuses) == 1
        rep.warnings.append(
            f"{len(rep.unknown_statuses)} status {'value is' if one else 'values are'} not in "
            f"the vocabulary ({shown}"
            f"{', ...' if len(rep.unknown_statuses) > 8 else ''}); they were left as open. "
            "You can say what each one means.")
    if rep.dropped_columns:
        rep.warnings.append(
            "Left out to protect privacy: " + ", ".join(d["column"] for d in rep.dropped_columns)
            + ". Your own e-mail, phone and screening answers are not needed here.")
    if rep.format == "linkedin":
        rep.warnings.append("A LinkedIn export does not say what happened after you applied: "
                            "every application starts as open. You can set outcomes by hand.")
    if rep.damaged_count:
        rep.warnings.append(f"{rep.damaged_count} dates could not be read (for example "
                            f"{rep.damaged_dates[0]['value']!r} in row "
                            f"{rep.damaged_dates[0]['row']}); they are left empty, never "
                            "guessed.")


def as_canonical(df: pd.DataFrame) -> pd.DataFrame:
    """The import frame without its bookkeeping columns, in canonical column order."""
    return df.loc[:, list(canonical.COLUMNS)]


# ---------------------------------------------------------------- storing

_COMPARE = [c for c in canonical.COLUMNS if c not in ("application_id", "origin")]


def commit(store: Any, df: pd.DataFrame, report: ImportReport) -> dict:
    """``_commit`` inside one write transaction: what is stored is read after the write
    lock is taken, so a hand edit saved meanwhile in another window is merged, never undone."""
    with store.transaction():
        return _commit(store, df, report)


def _commit(store: Any, df: pd.DataFrame, report: ImportReport) -> dict:
    """Store the imported applications in one transaction; returns counts of new, changed,
    unchanged and missing applications (missing = stored from the same origin before but
    absent now; they are kept, not deleted).

    What the person set by hand survives a re-import: a stage never goes back, an outcome
    the file leaves open keeps the stored one, and an empty cell never blanks a stored value.
    """
    from workbook.records import Application

    if df is None or len(df) == 0:
        raise WorkbookError("There are no applications to save from this file.")
    incoming = canonical.to_records(as_canonical(df))
    stored = {r["id"]: r for r in store.raw(Application.kind)}
    origins = set(df["origin"].unique()) if "origin" in df.columns else set()
    new = changed = unchanged = 0
    to_write = []
    srank = {s: i for i, s in enumerate(STAGES)}
    for rec in incoming:
        old = stored.get(rec.id)
        if old is None:
            new += 1
            to_write.append(rec)
            continue
        merged = dict(old)
        data = rec.to_dict()
        for key in _COMPARE:
            value = data.get(key)
            if key == "stage":
                if srank[value] > srank.get(old.get("stage", "applied"), 1):
                    merged[key] = value
            elif key == "outcome":
                if value != "open":
                    merged[key] = value
            elif key == "source":
                if value != "other":
                    merged[key] = value
            elif value not in (None, ""):
                merged[key] = value
        if all(merged.get(k) == old.get(k) for k in _COMPARE):
            unchanged += 1
            continue
        changed += 1
        updated = Application.from_dict(merged)
        updated.touch()
        to_write.append(updated)
    seen = {r.id for r in incoming}
    missing = sum(1 for i, r in stored.items()
                  if r.get("origin") in origins and i not in seen)
    if to_write:
        store.put_raw(to_write)
    if report.user_status_map:
        remembered = dict(store.setting("status_map", {}) or {})
        remembered.update(report.user_status_map)
        store.set_setting("status_map", remembered)
    return {"new": new, "changed": changed, "unchanged": unchanged, "missing": missing,
            "stored": len(to_write)}
