"""Reading a file into raw tables of text: CSV/TSV/text in the encodings real exports use,
XLSX (several sheets, title rows above the header), pandas table-JSON and LinkedIn archives.

Every table comes back as a ``RawTable``: a DataFrame of ``str`` cells (``""`` where empty)
with the header already found, plus the spreadsheet row number of each data row, so the
import report can point at rows the way the person sees them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from workbook.applications.uniques import has_edge_space, max_length
from workbook.errors import WorkbookError

MAX_BYTES = 50 * 1024 * 1024
MAX_CELL = 20_000
_DATEISH = re.compile(r"^(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2})$")
_LINKEDIN_MEMBER = re.compile(r"(^|/)(jobs/)?job applications[^/]*\.csv$", re.IGNORECASE)


@dataclass
class RawTable:
    """One table as read: text cells, spreadsheet row numbers, where it came from."""

    name: str                      # file name (and sheet) shown to the person
    data: pd.DataFrame             # str cells, "" where empty; columns = header texts
    rows: np.ndarray               # spreadsheet/line number of each data row (1-based)
    sheets: list[str] = field(default_factory=list)
    sheet: str | None = None
    header_row: int = 1
    warnings: list[str] = field(default_factory=list)
    origin: str = ""               # file name without folder, for the stored origin
    saved_on: dt.date | None = None  # when the file was last saved (gives year-less dates a year)


def read(source: Any, name: str | None = None, sheet: str | None = None) -> list[RawTable]:
    """Raw tables from a path, bytes, a file-like object or a DataFrame.

    A LinkedIn archive gives one table per ``Job Applications*.csv`` inside it.
    Raises WorkbookError with one sentence when the file cannot be read as a table.
    """
    if isinstance(source, pd.DataFrame):
        return [_from_frame(source, name or "table")]
    data, name = _bytes_of(source, name)
    return read_bytes(data, name, sheet=sheet)


def read_bytes(data: bytes, name: str, sheet: str | None = None) -> list[RawTable]:
    if len(data) > MAX_BYTES:
        raise WorkbookError(
            f"{name} is {len(data) / 1e6:.0f} MB; the importer takes files up to "
            f"{MAX_BYTES // 2**20} MB: please split it, or delete columns you do not need, "
            "and import the parts.")
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise WorkbookError(f"{name} is empty: there is nothing to import. Please check that "
                            "you picked the right file.")
    kind = _sniff(data)
    if kind == "pdf":
        raise WorkbookError(f"{name} is a PDF document, not a table: please export your "
                            "tracker as CSV or Excel (.xlsx) and import that.")
    if kind == "xls":
        raise WorkbookError(f"{name} is in the old Excel format (.xls): please open it and "
                            "save it as .xlsx or CSV, then import that.")
    if kind == "zip":
        return _read_zip(data, name, sheet)
    if kind == "json":
        return [_read_json(data, name)]
    if kind == "binary":
        raise WorkbookError(f"{name} does not look like a table (it holds binary data): "
                            "please export your tracker as CSV or Excel (.xlsx).")
    return [_read_text(data, name)]


# ---------------------------------------------------------------- what kind of file

def _bytes_of(source: Any, name: str | None) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), name or "the file"
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            size = path.stat().st_size
        except OSError:
            raise WorkbookError(f"The file {path} could not be found; please check the name "
                                "and folder.") from None
        if path.is_dir():
            raise WorkbookError(f"{path} is a folder; please give a file inside it.")
        if size > MAX_BYTES:
            raise WorkbookError(
                f"{path.name} is {size / 1e6:.0f} MB; the importer takes files up to "
                f"{MAX_BYTES // 2**20} MB: please split it, or delete columns you do not "
                "need, and import the parts.")
        return path.read_bytes(), name or path.name
    if hasattr(source, "read"):
        data = source.read()
        if isinstance(data, str):
            data = data.encode("utf-8")
        return data, name or getattr(source, "name", None) or "the file"
    raise WorkbookError("Please give a file path, the file's bytes or a table to import.")


def _sniff(data: bytes) -> str:
    head = data[:8]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"
    stripped = data[:2000].lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"{", b"["):
        return "json"
    sample = data[:4000]
    if sample.count(b"\x00") > len(sample) // 4 and _looks_utf16(sample):
        return "text"
    controls = sum(sample.count(bytes([c])) for c in range(0, 32) if c not in (9, 10, 13))
    if controls > max(8, len(sample) // 20):
        return "binary"
    return "text"


def _looks_utf16(sample: bytes) -> bool:
    even = sample[0::2].count(b"\x00")
    odd = sample[1::2].count(b"\x00")
    return max(even, odd) > len(sample) // 3


# ---------------------------------------------------------------- text and CSV

def decode(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding): UTF-8 with or without BOM, UTF-16 (Excel), else cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8 (with BOM)"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "UTF-16"
    sample = data[:4000]
    if sample.count(b"\x00") > len(sample) // 4 and _looks_utf16(sample):
        enc = "utf-16-le" if sample[1::2].count(b"\x00") > sample[0::2].count(b"\x00") \
            else "utf-16-be"
        return data.decode(enc, errors="replace"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "Windows (cp1252)"


def _delimiter(text: str) -> str:
    lines = [ln for ln in text[:20000].splitlines() if ln.strip()][:30]
    best, best_score = ",", -1.0
    if not lines:
        return best
    head = next((ln for ln in lines[:5] if any(d in ln for d in ",;\t|")), lines[0])
    for delim in (",", ";", "\t", "|"):
        if not _count_outside_quotes(head, delim):
            continue   # a delimiter shows in the header line, or it is not the delimiter
        counts = [_count_outside_quotes(ln, delim) for ln in lines]
        counts = [c for c in counts if c]
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        score = counts.count(mode) * (1 + min(mode, 20) / 20)
        if score > best_score:
            best, best_score = delim, score
    return best


def _count_outside_quotes(line: str, delim: str) -> int:
    if '"' not in line:
        return line.count(delim)
    inside, n = False, 0
    for ch in line:
        if ch == '"':
            inside = not inside
        elif ch == delim and not inside:
            n += 1
    return n


def _read_fast(data: bytes, name: str) -> RawTable | None:
    """UTF-8 text with even rows through Arrow's CSV reader (as fast as a bare
    ``pandas.read_csv``); None when the file needs the careful path."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        return None
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    sample = body[:20000].decode("utf-8", errors="ignore")
    delim = _delimiter(sample)
    first_line = sample.split("\n", 1)[0]
    width = _count_outside_quotes(first_line, delim) + 1
    try:
        table = pcsv.read_csv(
            io.BytesIO(body),
            read_options=pcsv.ReadOptions(autogenerate_column_names=True),
            parse_options=pcsv.ParseOptions(delimiter=delim,
                                            newlines_in_values=_newlines_in_quotes(body, delim),
                                            ignore_empty_lines=False),
            convert_options=pcsv.ConvertOptions(
                column_types={f"f{i}": pa.string() for i in range(min(width, 2048))},
                # ASCII is valid UTF-8: Arrow's own check (a second pass) is only needed
                # when some byte is not ASCII
                check_utf8=not body.isascii(),
                strings_can_be_null=False, quoted_strings_can_be_null=False),
            # the system allocator gives memory back; Arrow's default pool keeps about
            # twice the file's size for itself after the read
            memory_pool=pa.system_memory_pool())
    except (pa.ArrowException, ValueError, MemoryError):
        return None
    if table.num_columns > min(width, 2048) or table.num_rows == 0:
        return None
    text_type = pd.StringDtype("pyarrow", na_value=np.nan)
    grid = table.to_pandas(types_mapper=lambda t: text_type if t in (
        pa.string(), pa.large_string()) else None)
    grid.columns = range(grid.shape[1])
    return _with_header(grid, np.arange(1, len(grid) + 1), name)


def _newlines_in_quotes(body: bytes, delim: str) -> bool:
    """Whether a quoted value may hold a line break (Arrow then has to read the file in
    one piece, which is slower). False only when the quotes are well formed (each opening
    quote starts a field, each closing quote ends one, ``""`` inside) and no line break lies
    between an opening quote and its closing quote."""
    arr = np.frombuffer(body, dtype=np.uint8)
    q = np.flatnonzero(arr == 34)
    if not len(q):
        return False
    if len(q) % 2:
        return True
    opens, closes = q[0::2], q[1::2]
    sep = np.zeros(256, dtype=bool)
    sep[[10, 13]] = True
    sep[ord(delim)] = True
    before = sep[arr[np.maximum(opens - 1, 0)]]
    before[0] |= opens[0] == 0                                              # start of file
    before[1:] |= opens[1:] - 1 == closes[:-1]                              # "" escape
    after_pos = closes + 1
    inside_file = after_pos < len(arr)
    after = np.ones(len(closes), dtype=bool)
    after[inside_file] = sep[arr[after_pos[inside_file]]]
    after[:-1] |= after_pos[:-1] == opens[1:]                               # "" escape
    if not (before.all() and after.all()):
        return True
    lengths = closes - opens - 1
    total = int(lengths.sum())
    if total == 0:
        return False
    starts = np.cumsum(lengths) - lengths
    idx = np.arange(total, dtype=np.int64) + np.repeat(opens + 1 - starts, lengths)
    inside = arr[idx]
    return bool(((inside == 10) | (inside == 13)).any())


def _read_text(data: bytes, name: str) -> RawTable:
    fast = _read_fast(data, name)
    if fast is not None:
        return fast
    text, encoding = decode(data, name)
    warnings = []
    if "\x00" in text:
        text = text.replace("\x00", "")
        warnings.append(f"{name} held NUL characters (a sign of a damaged file); they were "
                        "removed.")
    delim = _delimiter(text)
    try:
        grid = pd.read_csv(io.StringIO(text), sep=delim, header=None, dtype=str,
                           keep_default_na=False, na_filter=False, skip_blank_lines=False,
                           engine="c")
        lines = np.arange(1, len(grid) + 1)
    except (pd.errors.ParserError, ValueError, MemoryError):
        grid, lines, ragged = _read_ragged(text, delim)
        warnings.extend(ragged)
    except pd.errors.EmptyDataError:
        raise WorkbookError(f"{name} is empty: there is nothing to import.") from None
    table = _with_header(grid, lines, name)
    table.warnings = warnings + table.warnings
    return table


def _read_ragged(text: str, delim: str) -> tuple[pd.DataFrame, np.ndarray, list[str]]:
    """Rows of uneven length, read slowly but completely (only for damaged files)."""
    csv.field_size_limit(MAX_BYTES)
    rows = list(csv.reader(io.StringIO(text), delimiter=delim))
    width = max((len(r) for r in rows), default=0)
    grid = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype="str")
    return grid, np.arange(1, len(grid) + 1), []


# ---------------------------------------------------------------- header detection

def _header_score(cells: list[str]) -> float:
    from workbook.applications.mapping import header_hits

    filled = [c for c in cells if c.strip()]
    if len(filled) < 2:
        return 0.0
    texty = sum(1 for c in filled if not _numberish(c))
    dated = sum(1 for c in filled if _DATEISH.match(c.strip()))
    bonus = 1.5 if dated / len(filled) >= 0.6 else 0.0   # a column per date
    return header_hits(filled) * 2 + texty / len(filled) + bonus + len(filled) / 100


def _not_rule(body: pd.DataFrame) -> np.ndarray:
    """Rows that are not a ruler line (a Markdown table's ``| --- | :--: |``, found right
    under the header)."""
    keep = np.ones(len(body), dtype=bool)
    top = body.iloc[:3].astype("str")
    if top.empty or not top.apply(lambda s: s.str.contains("---", regex=False)).any().any():
        return keep
    ruled = top.apply(lambda s: s.str.fullmatch(r"\s*:?-{3,}:?\s*|\s*").fillna(True))
    dashes = top.apply(lambda s: s.str.contains("---", regex=False).fillna(False))
    keep[:len(top)] = ~(ruled.all(axis=1) & dashes.any(axis=1)).to_numpy()
    return keep


def _numberish(cell: str) -> bool:
    return bool(re.fullmatch(r"[\s\d.,:/+-]*", cell))


def _with_header(grid: pd.DataFrame, lines: np.ndarray, name: str,
                 sheet: str | None = None, sheets: list[str] | None = None) -> RawTable:
    if grid.shape[0] == 0 or grid.shape[1] == 0:
        raise WorkbookError(f"{name} holds no rows: there is nothing to import.")
    top = grid.iloc[:25].to_numpy().tolist()
    scores = [_header_score([str(c) for c in row]) for row in top]
    best = int(np.argmax(scores)) if max(scores) > 0 else 0
    header = [str(c).strip() for c in top[best]]
    # drop columns that are empty in the header and in every row
    body = grid.iloc[best + 1:]
    ruler = _not_rule(body)
    if not ruler.all():
        lines = np.concatenate([lines[:best + 1], lines[best + 1:][ruler]])
        body = body.loc[ruler]
    keep = [i for i, h in enumerate(header)
            if h or (body.shape[0] and (body.iloc[:, i].str.strip() != "").any())]
    header = [header[i] for i in keep]
    body = body.iloc[:, keep]
    warnings = []
    cols, seen = [], {}
    for i, h in enumerate(header):
        h = h or f"Column {i + 1}"
        if h in seen:
            seen[h] += 1
            new = f"{h} ({seen[h]})"
            warnings.append(f"{name} has two columns named {h!r}; the second is read as "
                            f"{new!r}.")
            h = new
        else:
            seen[h] = 1
        cols.append(h)
    body = body.copy()
    body.columns = cols
    body = body.reset_index(drop=True)
    for col in cols:
        s = body[col]
        changed = s.dtype != "str"
        if changed:
            s = s.astype("str")
        if has_edge_space(s):
            s = s.str.strip()
            changed = True
        if changed:
            body[col] = s
    too_long = [c for c in cols if max_length(body[c], MAX_CELL) > MAX_CELL]
    for c in too_long:
        body[c] = body[c].str.slice(0, MAX_CELL)
        warnings.append(f"Some cells in column {c!r} of {name} were longer than "
                        f"{MAX_CELL:,} characters and were cut to that length.")
    return RawTable(name=name if sheet is None else f"{name} (sheet {sheet})", data=body,
                    rows=lines[best + 1:], sheet=sheet, sheets=sheets or [],
                    header_row=int(lines[best]) if len(lines) else 1, warnings=warnings,
                    origin=name)


def _from_frame(df: pd.DataFrame, name: str) -> RawTable:
    body = pd.DataFrame({str(c): _cells_to_text(df[c].tolist()) for c in df.columns})
    grid = pd.concat([pd.DataFrame([list(body.columns)], columns=body.columns), body],
                     ignore_index=True)
    grid.columns = range(grid.shape[1])
    return _with_header(grid.astype("str"), np.arange(1, len(grid) + 1), name)


# ---------------------------------------------------------------- XLSX, JSON, ZIP

def _cells_to_text(values: list[Any]) -> list[str]:
    out = []
    for v in values:
        if v is None or (isinstance(v, float) and v != v):
            out.append("")
        elif isinstance(v, dt.datetime):
            out.append(v.date().isoformat() if v.time() == dt.time() else
                       v.isoformat(sep=" ", timespec="minutes"))
        elif isinstance(v, dt.date):
            out.append(v.isoformat())
        elif isinstance(v, bool):
            out.append("yes" if v else "no")
        elif isinstance(v, float) and v.is_integer():
            out.append(str(int(v)))
        elif isinstance(v, (pd.Timestamp,)):
            out.append(v.date().isoformat())
        else:
            out.append(str(v))
    return out


def _read_xlsx(data: bytes, name: str, sheet: str | None) -> list[RawTable]:
    """The sheets of a workbook that hold the history (one table each, in sheet order)."""
    grids, names = _sheet_grids(data, name)
    if sheet is not None and sheet not in grids:
        raise WorkbookError(f"{name} has no sheet named {sheet!r}; its sheets are "
                            f"{', '.join(names)}.")
    chosen = [sheet] if sheet is not None else _history_sheets(grids)
    year = _saved_on(data)
    tables = []
    for title in chosen:
        grid = grids[title]
        if grid.empty or not (grid.to_numpy() != "").any():
            raise WorkbookError(f"{name} holds no data (the sheet {title!r} is empty): "
                                "please check that you saved the sheet with your "
                                "applications.")
        table = _with_header(grid, np.arange(1, len(grid) + 1), name, sheet=title,
                             sheets=names)
        table.saved_on = year
        tables.append(table)
    if len(names) > 1:
        went_in = ", ".join(repr(t) for t in chosen)
        tables[0].warnings.append(
            f"{name} has {len(names)} sheets; the applications were read from {went_in}. "
            "You can choose another sheet.")
    return tables


def _sheet_grids(data: bytes, name: str) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Every sheet as a grid of text cells: python-calamine first (it opens files openpyxl
    refuses: malformed styles, a wrong declared sheet size), openpyxl when calamine fails."""
    try:
        frames = pd.read_excel(io.BytesIO(data), engine="calamine", sheet_name=None,
                               header=None, dtype=object)
        grids = {str(t): _grid([_cells_to_text(r) for r in f.itertuples(index=False)])
                 for t, f in frames.items()}
        return grids, list(grids)
    except Exception:  # noqa: BLE001 - then openpyxl has a go, with its own message
        pass
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for damaged files
        raise WorkbookError(f"{name} could not be opened as an Excel workbook (it may be "
                            "damaged or protected): please open it and save it again as "
                            ".xlsx or CSV.") from None
    try:
        grids = {}
        for title in wb.sheetnames:
            rows = []
            for i, row in enumerate(wb[title].iter_rows(values_only=True)):
                if i > 200_000:
                    break
                rows.append(_cells_to_text(list(row)))
            grids[title] = _grid(rows)
    finally:
        wb.close()
    return grids, list(grids)


def _grid(rows: list[list[str]]) -> pd.DataFrame:
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    while rows and not any(c.strip() for c in rows[-1]):   # trailing empty rows
        rows.pop()
    return pd.DataFrame(rows, dtype="str") if rows else pd.DataFrame()


def _saved_on(data: bytes) -> dt.date | None:
    """When the workbook was last saved (its own properties), to give a year to dates
    written without one ("7.04")."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            core = zf.read("docProps/core.xml").decode("utf-8", errors="replace")
    except (KeyError, zipfile.BadZipFile):
        return None
    hit = re.search(r"<dcterms:modified[^>]*>(\d{4})-(\d{2})-(\d{2})", core)
    return dt.date(*map(int, hit.groups())) if hit else None


def _history_sheets(grids: dict[str, pd.DataFrame]) -> list[str]:
    """The sheets that together hold the history: the best-looking one, and every other
    sheet that reads as applications too (company or role, and a date or a status) but
    holds other applications (a full-time and an internship sheet). A sheet repeating the
    same companies (a cleaned copy, a status log) or dated where no real date can be (test
    data dated 3019) stays out."""
    looks = {t: _sheet_look(g) for t, g in grids.items()}
    ranked = sorted(grids, key=lambda t: -looks[t][0])
    best = ranked[0]
    chosen, seen = [best], set(looks[best][1])
    for title in ranked[1:]:
        score, companies, history = looks[title]
        if not history or not companies or score < looks[best][0] / 4:
            continue
        overlap = len(set(companies) & seen) / len(set(companies))
        if overlap < 0.3:
            chosen.append(title)
            seen |= set(companies)
    return [t for t in grids if t in chosen]


def _sheet_look(grid: pd.DataFrame) -> tuple[float, list[str], bool]:
    """(how much the sheet looks like an application list, its companies casefolded,
    whether it reads as a real history on its own)."""
    from workbook.applications import mapping as mapping_mod
    from workbook.applications.dates import date_like_share

    if grid.empty:
        return -1.0, [], False
    head = max(_header_score([str(c) for c in row]) for row in grid.iloc[:25].to_numpy().tolist())
    filled = int((grid.to_numpy() != "").any(axis=1).sum())
    score = head * 10 + min(filled, 10_000) / 100
    try:
        table = _with_header(grid, np.arange(1, len(grid) + 1), "sheet")
    except WorkbookError:
        return score, [], False
    roles, _ = mapping_mod.guess(table.data.iloc[:2000])
    has = set(roles.values())
    companies = []
    for c, r in roles.items():
        if r == "company":
            companies = [v.casefold() for v in table.data[c].iloc[:5000] if v]
            break
    dated = [c for c, r in roles.items() if r == "applied_on"]
    real_dates = all(date_like_share(table.data[c]) >= 0.5 for c in dated
                     if (table.data[c] != "").any())
    history = bool(has & {"company", "role"}) and bool(has & {"applied_on", "status"}) \
        and real_dates
    return score, companies, history


def _read_json(data: bytes, name: str) -> RawTable:
    try:
        obj = json.loads(data.decode("utf-8-sig", errors="replace"))
    except ValueError:
        raise WorkbookError(f"{name} looks like JSON but could not be read (it may be cut "
                            "short): please export it again.") from None
    records: Any = None
    if isinstance(obj, dict) and isinstance(obj.get("data"), list):
        records = obj["data"]
        fields = [f.get("name") for f in obj.get("schema", {}).get("fields", [])
                  if isinstance(f, dict)]
        columns = obj.get("columns") or [f for f in fields if f != "index"] or None
        if records and isinstance(records[0], list):
            frame = pd.DataFrame(records, columns=columns)
        else:
            frame = pd.DataFrame(records)
            if columns:
                frame = frame.loc[:, [c for c in columns if c in frame.columns]]
    elif isinstance(obj, list) and (not obj or isinstance(obj[0], dict)):
        frame = pd.DataFrame(obj)
    elif isinstance(obj, dict) and len(lists := [v for v in obj.values() if isinstance(v, list)
                                                 and v and isinstance(v[0], dict)]) == 1:
        frame = pd.DataFrame(lists[0])     # {"candidatures": [{...}, ...]}
    elif isinstance(obj, dict) and obj and all(isinstance(v, dict) for v in obj.values()):
        frame = pd.DataFrame.from_dict(obj)
    else:
        raise WorkbookError(f"{name} is JSON but not a table the workbook knows (a list of "
                            "rows, or pandas table JSON with 'schema' and 'data').")
    if frame.empty:
        raise WorkbookError(f"{name} holds no rows: there is nothing to import.")
    frame = frame.drop(columns=[c for c in ("index", "level_0") if c in frame.columns])
    return _from_frame(frame, name)


def _read_zip(data: bytes, name: str, sheet: str | None) -> list[RawTable]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        members = zf.infolist()
    except zipfile.BadZipFile:
        raise WorkbookError(f"{name} is a damaged ZIP file: please download it again.") from None
    names = [m.filename for m in members]
    if "xl/workbook.xml" in names or "content.xml" in names:
        return _read_xlsx(data, name, sheet)
    found = sorted((m for m in members if _LINKEDIN_MEMBER.search(m.filename)),
                   key=lambda m: m.filename)
    if not found:
        raise WorkbookError(f"{name} is a ZIP archive without a 'Jobs/Job Applications.csv' "
                            "inside: please import the LinkedIn archive itself or the CSV "
                            "from its Jobs folder.")
    tables = []
    for m in found:
        if m.file_size > MAX_BYTES:
            raise WorkbookError(f"{m.filename} inside {name} is too big to import "
                                f"({m.file_size / 1e6:.0f} MB).")
        table = _read_text(zf.read(m), m.filename.rsplit("/", 1)[-1])
        table.name = f"{name}: {m.filename}"
        tables.append(table)
    return tables

