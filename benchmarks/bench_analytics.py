"""Search analytics on generated histories: time of the summary plus every table the
notebook shows (target under 0.5 s at 100,000 applications), and the JSON size of every
chart (target under 200 KB at any size).

Run: ``.venv/bin/python -m benchmarks.bench_analytics`` (or ``python benchmarks/bench_analytics.py``).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbook import analytics  # noqa: E402
from workbook.applications.canonical import (  # noqa: E402
    OUTCOME_TYPE, SOURCE_TYPE, STAGE_TYPE, COLUMNS,
)

AS_OF = pd.Timestamp("2026-11-22")
SIZES = (1_000, 10_000, 100_000)
TIME_TARGET_S = 0.5
JSON_TARGET_KB = 200


def generate(n: int, seed: int = 7) -> pd.DataFrame:
    """``n`` canonical applications over about three years, with believable proportions:
    most never answered, some rejected at each stage, a few offers."""
    rng = np.random.default_rng(seed)
    applied = AS_OF - pd.to_timedelta(rng.integers(0, 3 * 365, n), unit="D")
    level = rng.choice([0, 1, 2, 3, 4], size=n, p=[0.03, 0.80, 0.09, 0.06, 0.02])
    reply_gap = pd.to_timedelta(rng.integers(1, 60, n), unit="D")
    outcome = np.where(level == 4, rng.choice(["accepted", "declined", "open"], n),
                       rng.choice(["open", "no_response", "rejected", "withdrawn"], n,
                                  p=[0.55, 0.1, 0.32, 0.03]))
    responded = (level >= 2) | (outcome == "rejected")
    first = pd.Series(applied + reply_gap).where(responded)
    df = pd.DataFrame({
        "application_id": [f"g{i}" for i in range(n)],
        "company": pd.Series([f"Company {i % 5000}" for i in range(n)], dtype="str"),
        "role": pd.Series(rng.choice(["Data Analyst", "Business Analyst", "BI Developer",
                                      "Data Scientist", "Analytics Engineer", "Product Analyst",
                                      "Insight Analyst", "Data Engineer", "Researcher",
                                      "Operations Analyst", "Marketing Analyst"], n),
                          dtype="str"),
        "source": pd.Categorical(rng.choice(list(SOURCE_TYPE.categories), n),
                                 dtype=SOURCE_TYPE),
        "applied_on": pd.Series(applied).astype("datetime64[ns]"),
        "first_response_on": first.astype("datetime64[ns]"),
        "screen_on": first.where(level >= 2).astype("datetime64[ns]"),
        "interview_on": (first + pd.Timedelta(days=10)).where(level >= 3).astype("datetime64[ns]"),
        "offer_on": (first + pd.Timedelta(days=25)).where(level >= 4).astype("datetime64[ns]"),
        "closed_on": (first + pd.Timedelta(days=5)).where(outcome == "rejected").astype(
            "datetime64[ns]"),
        "stage": pd.Categorical.from_codes(level, dtype=STAGE_TYPE),
        "outcome": pd.Categorical(outcome, dtype=OUTCOME_TYPE),
        "tailored": pd.array(rng.choice([True, False], n), dtype="boolean"),
        "referral": pd.array(rng.random(n) < 0.08, dtype="boolean"),
    })
    for col in COLUMNS:
        if col not in df.columns:
            df[col] = pd.Series("", index=df.index, dtype="str")
    return df.loc[:, list(COLUMNS)]


def time_analysis(df: pd.DataFrame, repeat: int = 3) -> float:
    """Best of ``repeat`` runs of ``analytics.analyse`` (summary plus every table)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        analytics.analyse(df, as_of=AS_OF, weekly_goal=10)
        best = min(best, time.perf_counter() - t0)
    return best


def figure_sizes(df: pd.DataFrame) -> dict[str, int]:
    """Bytes of JSON of every chart the notebook shows."""
    from workbook.charts import search as charts

    a = analytics.analyse(df, as_of=AS_OF, weekly_goal=10)
    figs = {
        "kpi_cards": charts.kpi_cards(a.summary),
        "funnel": charts.funnel(a.funnel),
        "sankey": charts.sankey(a.flows),
        "response_times": charts.response_times(a.response_times),
        "cadence": charts.cadence(a.cadence),
        "activity_calendar": charts.activity_calendar(a.activity),
    }
    for name, table in a.breakdowns.items():
        figs[f"breakdown_{name}"] = charts.breakdown_bars(table, "positive", name)
    return {name: len(fig.to_json().encode()) for name, fig in figs.items()}


def main() -> int:
    ok = True
    print("Search analytics: summary plus every table the notebook shows")
    for n in SIZES:
        df = generate(n)
        t = time_analysis(df)
        flag = "ok" if t < TIME_TARGET_S or n < 100_000 else "SLOW"
        ok &= flag == "ok"
        print(f"  {n:>7,} applications: {t * 1000:7.1f} ms  ({flag}; target < "
              f"{TIME_TARGET_S * 1000:.0f} ms at 100,000)")
    print("Figure JSON size (every chart)")
    for n in (1_000, 100_000):
        sizes = figure_sizes(generate(n))
        biggest = max(sizes, key=sizes.get)
        flag = "ok" if sizes[biggest] < JSON_TARGET_KB * 1024 else "TOO BIG"
        ok &= flag == "ok"
        print(f"  {n:>7,} applications: largest {biggest} {sizes[biggest] / 1024:.1f} KB, "
              f"all charts {sum(sizes.values()) / 1024:.1f} KB ({flag}; target < "
              f"{JSON_TARGET_KB} KB each)")
        print("           " + ", ".join(f"{k} {v / 1024:.1f}" for k, v in sizes.items()))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
