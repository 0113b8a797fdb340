"""Store benchmark: a profile with 10,000 check-ins loads (``store.all(CheckIn)``) in under
0.2 s (DESIGN section 7). Also reports saving them, the raw load and an export/restore.

Run: ``python -m benchmarks.bench_store`` (or ``make bench`` for every benchmark).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time

N = 10_000
TARGET_S = 0.2


def _checkins(n: int):
    from workbook.records import CheckIn

    rng = random.Random(1)
    words = ["disappointed", "hopeful", "tired", "anxious", "calm", "proud", "flat"]
    start = dt.datetime(2025, 1, 1, 20, 0, tzinfo=dt.timezone.utc)
    out = []
    for i in range(n):
        at = start + dt.timedelta(hours=9 * i)
        chosen = rng.sample(words, k=2)
        out.append(CheckIn(id=f"c{i:05d}", created=at, updated=at, at=at,
                           pleasantness=round(rng.uniform(-1, 1), 2),
                           energy=round(rng.uniform(-1, 1), 2), words=chosen,
                           word_texts=chosen, intensity=rng.randint(0, 100),
                           tags=rng.sample(["sleep", "exercise", "talked"], k=1),
                           note="Slept badly, sent two applications, walked in the park."))
    return out


def _best(fn, repeat: int = 5) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def main() -> int:
    with tempfile.TemporaryDirectory() as home:
        os.environ["WORKBOOK_HOME"] = home
        from workbook import bundle
        from workbook.records import CheckIn
        from workbook.store import create_profile

        store = create_profile("bench")
        store.agree()
        records = _checkins(N)
        t0 = time.perf_counter()
        store.put_raw(records)
        save_s = time.perf_counter() - t0
        assert len(store.all(CheckIn)) == N

        best, median = _best(lambda: store.all(CheckIn))
        raw_best, _ = _best(lambda: store.raw(CheckIn.kind))
        t0 = time.perf_counter()
        data = bundle.export(store)
        export_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        bundle.restore(data, into="bench-copy")
        restore_s = time.perf_counter() - t0
        store.close()

    ratio = best / TARGET_S
    print(f"store: load {N:,} check-ins (store.all): best {best:.3f} s, median {median:.3f} s; "
          f"target {TARGET_S} s; ratio {ratio:.2f} ({'within' if ratio <= 1 else 'OVER'} target)")
    print(f"store: load {N:,} check-ins as dicts (store.raw): {raw_best:.3f} s")
    print(f"store: save {N:,} check-ins in one put_raw: {save_s:.3f} s")
    print(f"store: export bundle {export_s:.3f} s ({len(data) / 1e6:.1f} MB), "
          f"restore into a new profile {restore_s:.3f} s")
    return 0 if ratio <= 1 else 1


if __name__ == "__main__":
    sys.exit(main())
