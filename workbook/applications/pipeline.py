"""The import pipeline: read -> detect the shape -> map columns -> parse dates -> map
statuses -> validate -> report; and ``commit`` that stores the result in one transaction.

Shapes: a row per application; a column per stage (tallies Y/N/G/1/yes or dates); source ->
target edge rows (Company, Source, Target; company blank on follow-on rows); a column per
date whose cells name companies ("12. Acme"). All work on columns at once, never row by row.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from workbook.applications import canonical
from workbook.applications import dates as dates_mod
from workbook.applications import mapping as mapping_mod
from workbook.applications import statuses as st
from workbook.applications.columns import MAX_LISTED, Choices, Table, canonical_columns
from workbook.applications.read import RawTable, read
from workbook.applications.uniques import blank, factorized, map_unique
from workbook.errors import WorkbookError
from workbook.records import STAGES


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

    _check_mapping(mapping)
    choices = Choices(columns=dict(mapping or {}), statuses=st.parse_user_map(status_map),
                      date_order=dict(date_order or {}), sheet=sheet, name=name)
    # Arrow's default pool keeps freed memory for itself; during an import the system
    # allocator keeps the peak near what is really in use (each buffer frees into the
    # pool it came from, so switching back afterwards is safe)
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        return _load(source, choices)
    finally:
        pa.set_memory_pool(previous)


def _load(source: Any, choices: Choices) -> tuple[pd.DataFrame, ImportReport]:
    sources = source if isinstance(source, (list, tuple)) else [source]
    if not sources:
        raise WorkbookError("No file was given: please choose a file to import.")
    frames, reports = [], []
    for item in sources:
        if isinstance(item, tuple) and len(item) == 2:
            item_name, data = item
            tables = read(data, name=item_name, sheet=choices.sheet)
        else:
            tables = read(item, name=choices.name if len(sources) == 1 else None,
                          sheet=choices.sheet)
        for raw in tables:
            df, rep = _load_table(raw, choices)
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
    report.user_status_map = {k: v.to_dict() for k, v in choices.statuses.items()}
    _finish(df, report)
    return df, report


def _check_mapping(mapping: dict[str, str] | None) -> None:
    for col, role in (mapping or {}).items():
        if role not in mapping_mod.ROLES:
            raise WorkbookError(
                f"The column {col!r} is mapped to {role!r}, which the workbook does not "
                f"know; please choose one of {', '.join(mapping_mod.ROLES)}.")


# ---------------------------------------------------------------- one table

_CODED_ROLES = ("company", "role", "source", "status", "outcome") + mapping_mod.DATE_ROLES


def _load_table(raw: RawTable, choices: Choices) -> tuple[pd.DataFrame, ImportReport]:
    rep = ImportReport(warnings=list(raw.warnings))
    rep.rows_read = len(raw.data)
    if raw.data.shape[1] < 1 or len(raw.data) == 0:
        raise WorkbookError(f"{raw.name} has a header but no rows below it: there is "
                            "nothing to import yet.")
    t = Table(name=raw.name, data=raw.data, rows=raw.rows, saved_on=raw.saved_on)
    edge = _edge_columns(t.data)
    if edge and not choices.columns:
        t.shape = "edges"
        t.data, t.rows, t.extra = _from_edges(t.data, t.rows, *edge, choices.statuses)
    elif _date_columns_shape(t.data) and not choices.columns:
        t.shape = "date_columns"
        t.data, t.rows = _from_date_columns(t.data, t.rows)
    # the columns that will likely be read once per distinct value (by their headers) are
    # encoded in the background meanwhile, while the mapping is guessed and rows are sorted
    spec = [t.data[c] for c in t.data.columns if t.shape == "rows" and choices.columns.get(
        c, mapping_mod.word_match(c)[0]) in _CODED_ROLES]
    with factorized(spec):
        _map(t, raw, choices, rep)
        return _build(t, choices, rep), rep


def _map(t: Table, raw: RawTable, choices: Choices, rep: ImportReport) -> None:
    """The role of every column: the person's choice, else the detected one."""
    guessed, t.fmt = mapping_mod.guess(t.data)
    if t.shape == "edges":
        guessed = {"Company": "company", "Role": "role", "Status": "status",
                   "Steps": "notes"}
    if t.shape == "date_columns":
        guessed = {"Company": "company", "Applied": "applied_on"}
    t.mapping = {c: choices.columns.get(c, guessed.get(c, "ignore")) for c in t.data.columns}
    fmt = t.fmt
    rep.shape = t.shape
    rep.format = fmt["name"] if fmt else None
    rep.origin = fmt["name"] if fmt else re.sub(r"\.[A-Za-z0-9]{1,5}$", "",
                                                  raw.origin).casefold()
    rep.mapping = t.mapping
    rep.files.append({"name": raw.name, "sheet": raw.sheet, "sheets": raw.sheets,
                      "header_row": raw.header_row, "shape": t.shape,
                      "format": fmt["label"] if fmt else None, "rows_read": rep.rows_read})


_CONTENT_ROLES = ("company", "role", "applied_on", "url", "application_id")


def _build(t: Table, choices: Choices, rep: ImportReport) -> pd.DataFrame:
    """Says what the mapping leaves out, keeps the rows that hold an application, then
    the canonical columns."""
    data, name = t.data, t.name
    t.blanks = {c: blank(data[c]) for c in data.columns}
    if not any(t.first(r) for r in _CONTENT_ROLES) and \
            not t.all("status") and not t.all("stage_flag"):
        raise WorkbookError(
            f"No column of {name} could be read as company, role, date or status: please "
            "tell the importer which column holds what (the column mapping), or check "
            "that this is your application list.")
    for c, r in t.mapping.items():
        if r == "private":
            rep.dropped_columns.append({"column": c, "reason": "personal contact details or "
                                        "screening answers; left out to protect privacy"})
        elif r == "ignore":
            rep.unused_columns.append(c)
    if t.first("company") is None and not t.extra:
        rep.warnings.append(f"No column of {name} holds company names; applications are "
                            "imported without them (you can add them later).")
    if t.first("applied_on") is None and not t.all("stage_flag"):
        rep.warnings.append(f"No column of {name} holds the date you applied; the timing "
                            "charts will have nothing to show for these applications.")
    _keep_applications(t, rep)
    # every column read once per distinct value, encoded up front two at a time
    coded = [t.data[c] for c, r in t.mapping.items() if r in _CODED_ROLES]
    with factorized(coded):
        return canonical_columns(t, choices, rep)


def _keep_applications(t: Table, rep: ImportReport) -> None:
    """Drops (and lists) empty rows, totals rows, rows with nothing an application has, and
    stray rows holding a lone number (a count typed below the table)."""
    data, n, blanks = t.data, t.n, t.blanks
    all_empty = np.logical_and.reduce([blanks[c] for c in data.columns]) \
        if data.shape[1] else np.ones(n, dtype=bool)
    totals = _is_totals(data.iloc[:, 0]) & ~all_empty if data.shape[1] else \
        np.zeros(n, dtype=bool)
    content = [c for c, r in t.mapping.items()
               if r in _CONTENT_ROLES + ("status", "stage_flag")]
    filled = [~blanks[c] for c in content]
    has_content = np.logical_or.reduce(filled) if content else np.zeros(n, dtype=bool)
    stray = _lone_numbers(data, blanks)
    again = _header_again(data, blanks)
    legend = _legend_blocks(t, all_empty)
    if "steps" in t.extra:
        has_content = np.ones(n, dtype=bool)
    keep = ~all_empty & ~totals & has_content & ~stray & ~again & ~legend
    skipped = np.flatnonzero(~keep)
    rep.skipped_count = len(skipped)
    rep.rows_skipped = [{"file": t.name, "row": int(t.rows[i]), "reason": (
        "empty row" if all_empty[i] else "a totals row, not an application" if totals[i]
        else "only a number in this row" if stray[i]
        else "the header again, or the title of a new section" if again[i]
        else "below the table, without dates: a legend or notes, not applications"
        if legend[i] else "no company, role, date or status in this row")}
        for i in skipped[:MAX_LISTED]]
    if len(skipped):
        t.data = data.loc[keep].reset_index(drop=True)
        t.rows = t.rows[keep]
        t.blanks = {c: b[keep] for c, b in blanks.items()}
    for key in ("stage", "outcome", "source_raw"):
        if key in t.extra:
            t.extra[key] = t.extra[key][keep]


def _header_again(data: pd.DataFrame, blanks: dict[str, np.ndarray]) -> np.ndarray:
    """Rows repeating the header (a second section of the same table starts there), and
    the one-cell title row right above such a row ("Autumn", "秋招")."""
    n = len(data)
    same = np.zeros(n, dtype=np.int64)
    for c in data.columns:
        if not c.startswith("Column "):
            same += (data[c] == c).to_numpy(dtype=bool, na_value=False)
    again = same >= 2
    if again.any():
        filled = np.sum([~b for b in blanks.values()], axis=0)
        above = np.flatnonzero(again) - 1
        above = above[(above >= 0)]
        again[above[filled[above] == 1]] = True
    return again


def _legend_blocks(t: Table, all_empty: np.ndarray) -> np.ndarray:
    """Blocks below an empty row whose date column holds no date at all, under a table
    whose dates are filled in: a legend of allowed values or notes, not applications."""
    from workbook.applications.dates import date_like_share

    out = np.zeros(t.n, dtype=bool)
    c = t.first("applied_on")
    gaps = np.flatnonzero(all_empty)
    if c is None or not len(gaps):
        return out
    block = np.cumsum(all_empty)                 # block number of each row
    first = t.data[c].iloc[:gaps[0]]
    if date_like_share(first) < 0.8:
        return out
    for b in np.unique(block[gaps[0]:])[:100]:
        rows = np.flatnonzero((block == b) & ~all_empty)
        cells = t.data[c].iloc[rows]
        if len(rows) and (cells != "").any() and date_like_share(cells) == 0:
            out[rows] = True
    return out


def _lone_numbers(data: pd.DataFrame, blanks: dict[str, np.ndarray]) -> np.ndarray:
    """Rows whose only filled cell is a short bare number (a stray "3" under the table)."""
    n = len(data)
    if not data.shape[1] or not n:
        return np.zeros(n, dtype=bool)
    count = np.sum([~b for b in blanks.values()], axis=0)
    alone = np.flatnonzero(count == 1)
    if not len(alone):
        return np.zeros(n, dtype=bool)
    out = np.zeros(n, dtype=bool)
    cells = data.iloc[alone]
    for c in data.columns:
        part = ~blanks[c][alone]
        if part.any():
            hit = cells[c].iloc[np.flatnonzero(part)].str.fullmatch(r"\d{1,3}").to_numpy(
                dtype=bool, na_value=False)
            out[alone[np.flatnonzero(part)[hit]]] = True
    return out


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


COMMIT_BATCH = 5000


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
    origins = set(df["origin"].unique()) if "origin" in df.columns else set()
    new = changed = unchanged = written = 0
    seen: set[str] = set()
    srank = {s: i for i, s in enumerate(STAGES)}
    table = as_canonical(df)
    # In batches: one batch of records and of what is stored for their ids in memory at a
    # time, so a history of any size is stored in memory a small multiple of its table.
    for start in range(0, len(table), COMMIT_BATCH):
        incoming = canonical.to_records(table.iloc[start:start + COMMIT_BATCH])
        stored = store.raw_by_id(Application.kind, [r.id for r in incoming])
        to_write = []
        for rec in incoming:
            seen.add(rec.id)
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
        if to_write:
            written += store.put_raw(to_write, checked=True)  # from_dict validated them
    missing = sum(1 for i, origin in store.ids_and(Application.kind, "origin")
                  if origin in origins and i not in seen)
    if report.user_status_map:
        remembered = dict(store.setting("status_map", {}) or {})
        remembered.update(report.user_status_map)
        store.set_setting("status_map", remembered)
    return {"new": new, "changed": changed, "unchanged": unchanged, "missing": missing,
            "stored": written}
