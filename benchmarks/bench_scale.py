"""Scale of one store: storing an import, exporting and restoring at 10,000, 100,000 and
1,000,000 applications (a centre pooling histories; a person's own is far smaller).

For each size, in fresh processes (so one step's peak is not another's):
- read: ``applications.load`` of the generated CSV (the dry run), its time;
- store: ``applications.commit`` of that table into a new profile: its time against the
  read's (target: at most 3x) and its peak memory against the DataFrame it stores;
- export: ``bundle.export`` of the profile to a file: time, peak memory against the profile
  file's size, and the bundle's size;
- restore: ``bundle.restore`` of that file into a new profile: time, peak memory against
  the profile file's size.
The importer's 50 MB limit on one file is lifted here (the million-row CSV is 60 MB).
Memory is the process's peak resident size (VmHWM, reset just before the step) above its
size just before, so SQLite's and Arrow's own buffers count too (target: at most 3x).

Run: ``python -m benchmarks.bench_scale [ROWS ...]`` (default 10000 100000 1000000; the
million-row run takes a few minutes on a 2-core machine).
"""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_import import _reset_peak, _status_kb, generate  # noqa: E402

SIZES = (10_000, 100_000, 1_000_000)
TIME_TARGET = 3.0
MEMORY_TARGET = 3.0


def _measure(step) -> dict:
    """Run ``step()``; its seconds and the peak growth of resident memory (bytes)."""
    import gc

    gc.collect()
    _reset_peak()
    base = _status_kb("VmRSS")
    t0 = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - t0
    peak = _status_kb("VmHWM")
    return {"seconds": seconds, "grown": max(peak - base, 0) * 1024, "result": result}


def _child(mode: str, home: str, csv_path: str) -> None:
    os.environ["WORKBOOK_HOME"] = home
    from workbook import applications, bundle
    from workbook.store import Store, create_profile, profile_path

    from workbook.applications import read as reader

    reader.MAX_BYTES = 1 << 30  # a centre's pooled file: past the 50 MB a person uploads
    out: dict = {}
    if mode == "store":
        tiny = Path(csv_path).with_name("tiny.csv")
        generate(tiny, 50)
        applications.load([str(tiny)])  # imports and content caches warmed
        read = _measure(lambda: applications.load([csv_path]))
        df, report = read.pop("result")
        out["read"] = read
        out["frame_bytes"] = int(df.memory_usage(deep=True).sum())
        out["csv_bytes"] = Path(csv_path).stat().st_size
        store = create_profile("centre")
        store.agree()
        stored = _measure(lambda: applications.commit(store, df, report))
        out["stored_rows"] = stored.pop("result")["stored"]
        out["store"] = stored
        store.checkpoint()
        store.close()
        out["profile_bytes"] = profile_path("centre").stat().st_size
    elif mode == "export":
        target = Path(home) / "bundle.zip"
        with Store(profile_path("centre")) as store:
            store.counts()

            def write():
                if "out" in inspect.signature(bundle.export).parameters:
                    with open(target, "wb") as fh:
                        bundle.export(store, fh)
                else:  # the workbook before its export streamed
                    target.write_bytes(bundle.export(store))

            out["export"] = _measure(write)
            out["export"].pop("result")
        out["bundle_bytes"] = target.stat().st_size
    else:
        data = (Path(home) / "bundle.zip").read_bytes()
        restored = _measure(lambda: bundle.restore(data, into="copy"))
        out["restored"] = restored.pop("result").total_added
        out["restore"] = restored
    print(json.dumps(out))


def _run(mode: str, home: str, csv_path: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "benchmarks.bench_scale", "--child", mode,
                           home, csv_path], capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def one_size(n: int) -> bool:
    """Measure and print one size; True when every target was met."""
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "applications.csv"
        generate(csv_path, n)
        home = str(Path(tmp) / "home")
        a = _run("store", home, str(csv_path))
        b = _run("export", home, str(csv_path))
        c = _run("restore", home, str(csv_path))
    read, store, export, restore = a["read"], a["store"], b["export"], c["restore"]
    profile = a["profile_bytes"]
    checks = [
        ("store time vs the dry-run read", store["seconds"] / read["seconds"], TIME_TARGET),
        ("store memory vs the DataFrame", store["grown"] / a["frame_bytes"], MEMORY_TARGET),
        ("export memory vs the profile file", export["grown"] / profile, MEMORY_TARGET),
        ("restore memory vs the profile file", restore["grown"] / profile, MEMORY_TARGET),
    ]
    mb = 1e6
    print(f"-- {n:,} applications ({a['stored_rows']:,} stored, {c['restored']:,} "
          f"restored): CSV {a['csv_bytes'] / mb:.1f} MB, DataFrame {a['frame_bytes'] / mb:.1f} "
          f"MB, profile {profile / mb:.1f} MB, bundle {b['bundle_bytes'] / mb:.1f} MB")
    for label, step in (("read (dry run)", read), ("store", store), ("export", export),
                        ("restore", restore)):
        print(f"   {label:15s} {step['seconds']:7.2f} s   peak +{step['grown'] / mb:8.1f} MB")
    ok = True
    for label, ratio, target in checks:
        good = ratio <= target
        ok &= good
        print(f"   {label}: {ratio:.2f}x (target <= {target:g}x) {'OK' if good else 'OVER'}")
    return ok


def main(argv: list[str]) -> int:
    sizes = [int(a.replace(",", "").replace("_", "")) for a in argv] or list(SIZES)
    results = [one_size(n) for n in sizes]
    return 0 if all(results) else 1


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        raise SystemExit(main(sys.argv[1:]))
