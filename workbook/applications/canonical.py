"""The canonical applications table every import produces and every analytic reads."""

from __future__ import annotations

from typing import Any, Iterable

import pandas as pd

from workbook.records import OUTCOMES, SOURCES, STAGES, Application

DATE_COLUMNS = ("applied_on", "first_response_on", "screen_on", "interview_on", "offer_on",
                "closed_on")
TEXT_COLUMNS = ("application_id", "company", "role", "location", "url", "source_raw",
                "status_raw", "notes", "origin")
COLUMNS = ("application_id", "company", "role", "location", "url", "source", "source_raw",
           *DATE_COLUMNS, "stage", "outcome", "tailored", "referral", "status_raw", "notes",
           "origin")

STAGE_TYPE = pd.CategoricalDtype(list(STAGES), ordered=True)
OUTCOME_TYPE = pd.CategoricalDtype(list(OUTCOMES))
SOURCE_TYPE = pd.CategoricalDtype(list(SOURCES))


def from_records(rows: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """The canonical DataFrame from Application dicts (``Application.to_dict()`` or
    ``store.raw("application")``). Dates become datetime64 (NaT where unknown), stage is an
    ordered category, outcome and source categories, tailored/referral nullable booleans."""
    df = pd.DataFrame(list(rows))
    if df.empty:
        df = pd.DataFrame(columns=list(COLUMNS))
    if "id" in df.columns:
        df = df.rename(columns={"id": "application_id"})
    for col in COLUMNS:
        if col not in df.columns:
            df[col] = None
    df = df.loc[:, list(COLUMNS)].copy()
    for col in TEXT_COLUMNS:
        df[col] = df[col].fillna("").astype("str")
    for col in DATE_COLUMNS:
        df[col] = pd.to_datetime(df[col], errors="coerce").astype("datetime64[ns]")
    df["stage"] = df["stage"].astype(STAGE_TYPE)
    df["outcome"] = df["outcome"].astype(OUTCOME_TYPE)
    df["source"] = df["source"].astype(SOURCE_TYPE)
    for col in ("tailored", "referral"):
        df[col] = df[col].astype("boolean")
    return df.reset_index(drop=True)


def frame(store: Any) -> pd.DataFrame:
    """The profile's applications as the canonical DataFrame."""
    return from_records(store.raw(Application.kind))


def to_records(df: pd.DataFrame) -> list[Application]:
    """Application records from a canonical DataFrame (validated; ids kept).

    Each column becomes plain Python values once (dates as ISO text, missing as None or
    empty text), so a large import does not box every cell through pandas one by one.
    """
    n = len(df)
    columns: dict[str, list] = {}
    for col in COLUMNS:
        if col not in df.columns:
            columns[col] = [None] * n
            continue
        s = df[col]
        if col in DATE_COLUMNS:
            days = pd.to_datetime(s, errors="coerce")
            columns[col] = days.dt.strftime("%Y-%m-%d").astype(object).where(
                days.notna(), None).tolist()
        elif col in TEXT_COLUMNS:
            columns[col] = s.astype(object).where(s.notna(), "").tolist()
        else:
            columns[col] = s.astype(object).where(s.notna(), None).tolist()
    defaults = {"source": "other", "stage": "applied", "outcome": "open"}
    for col, default in defaults.items():
        columns[col] = [v or default for v in columns[col]]
    names = ["id" if c == "application_id" else c for c in COLUMNS]
    make = Application.from_dict
    return [make(dict(zip(names, values))) for values in zip(*(columns[c] for c in COLUMNS))]
