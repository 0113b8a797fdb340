"""Import benchmark: a generated 100,000-row tracker CSV (company, role, M/D/Y dates,
source, free-text status, notes).

Two ratios, each measured in one run (DESIGN section 7):
- time: ``workbook.applications.load`` vs a bare ``pandas.read_csv`` of the same file
  (target: at most 2x): both warmed up once, then REPEATS runs of each, interleaved (so a
  busy moment on a shared machine hits both alike); the best of each is compared and the
  medians are printed beside it;
- memory: the peak memory the import allocates vs the resulting DataFrame's own size
  (``memory_usage(deep=True)``; target: at most 3x). Measured in a fresh process each, from
  the process's peak resident size (VmHWM, reset just before) above its size just
  before the call, so Arrow buffers that tracemalloc cannot see are counted.

Run: ``.venv/bin/python -m benchmarks.bench_import`` (or ``python benchmarks/bench_import.py``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

N = 100_000
REPEATS = 9
TIME_TARGET = 2.0
MEMORY_TARGET = 3.0


def generate(path: Path, n: int = N, seed: int = 3) -> None:
    rng = np.random.default_rng(seed)
    companies = np.array([f"Company {i}" for i in range(5000)])
    roles = np.array(["Data Analyst", "Software Engineer", "Product Manager", "Designer",
                      "Data Engineer, Platform", "QA Engineer", "Support Specialist"])
    statuses = np.array(["Applied", "Rejected", "rejected ", "Ghosted", "Phone screen",
                         "Interview", "Inter + Rejec", "Offer", "Withdrew", "", "", ""])
    sources = np.array(["LinkedIn", "Indeed", "Company Website", "Referral", "Recruiter",
                        "Otta", "Other"])
    day = pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 1000, n), unit="D")
    df = pd.DataFrame({
        "Company": companies[rng.integers(0, len(companies), n)],
        "Job Title": roles[rng.integers(0, len(roles), n)],
        "Date Applied": day.strftime("%-m/%-d/%Y"),
        "Source": sources[rng.integers(0, len(sources), n)],
        "Status": statuses[rng.integers(0, len(statuses), n)],
        "Notes": np.where(rng.random(n) < 0.2, "followed up by e-mail", ""),
    })
    df.to_csv(path, index=False)


def _child(mode: str, path: str) -> None:
    import resource

    if mode == "load":
        from workbook.applications import load

        # warm the imports and content caches on a tiny file, so the high-water mark
        # before the measured call is the process's size, not an earlier import's peak
        small = Path(path).with_name("small.csv")
        generate(small, 50)
        load(small)
    import gc

    gc.collect()
    _reset_peak()
    base = _status_kb("VmRSS")
    if mode == "read_csv":
        df = pd.read_csv(path)
    else:
        df, _ = load(path)
    peak = _status_kb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    size = int(df.memory_usage(deep=True).sum())
    print(json.dumps({"peak_kb": peak, "base_kb": base, "frame_bytes": size}))


def _reset_peak() -> None:
    """Reset the kernel's peak-RSS mark (Linux: write 5 to clear_refs); a child started by
    a big parent would otherwise report the parent's peak."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass


def _status_kb(key: str) -> int:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _memory(mode: str, path: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", mode, str(path)],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    from workbook.applications import load

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "applications.csv"
        generate(path)
        size_mb = path.stat().st_size / 1e6
        # warm-up: imports, content caches, the file in the page cache, for both
        pd.read_csv(path)
        load(path)
        bare, ours = [], []
        for _ in range(REPEATS):
            t = time.perf_counter()
            pd.read_csv(path)
            bare.append(time.perf_counter() - t)
            t = time.perf_counter()
            df, report = load(path)
            ours.append(time.perf_counter() - t)
        time_ratio = min(ours) / min(bare)
        mem = _memory("load", path)
        grown = max(mem["peak_kb"] - mem["base_kb"], 0) * 1024
        mem_ratio = grown / mem["frame_bytes"]
        print(f"file: {N:,} rows, {size_mb:.1f} MB; imported {report.rows_imported:,} "
              f"applications")
        print(f"time (best of {REPEATS}): pandas.read_csv {min(bare) * 1000:.1f} ms, "
              f"workbook import {min(ours) * 1000:.1f} ms -> ratio {time_ratio:.2f}x "
              f"(target <= {TIME_TARGET:g}x) {'OK' if time_ratio <= TIME_TARGET else 'OVER'}")
        print(f"time (median of {REPEATS}): pandas.read_csv "
              f"{float(np.median(bare)) * 1000:.1f} ms, workbook import "
              f"{float(np.median(ours)) * 1000:.1f} ms -> ratio "
              f"{float(np.median(ours) / np.median(bare)):.2f}x")
        print(f"memory: peak growth {grown / 1e6:.1f} MB vs DataFrame "
              f"{mem['frame_bytes'] / 1e6:.1f} MB -> ratio {mem_ratio:.2f}x "
              f"(target <= {MEMORY_TARGET:g}x) {'OK' if mem_ratio <= MEMORY_TARGET else 'OVER'}")
    return 0 if time_ratio <= TIME_TARGET and mem_ratio <= MEMORY_TARGET else 1


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(main())
