"""Run every ``benchmarks/bench_*.py`` one after the other, each in its own process with its
own temporary WORKBOOK_HOME, print their figures, and exit non-zero when any missed its
target or failed. ``python -m benchmarks store import`` runs only the named ones."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if argv:
        wanted = {a.removeprefix("bench_").removesuffix(".py") for a in argv}
        names = [n for n in names if n.removeprefix("bench_") in wanted]
        if not names:
            print(f"No benchmark matches {' '.join(argv)}.", file=sys.stderr)
            return 2
    results = []
    for name in names:
        print(f"== {name}", flush=True)
        with tempfile.TemporaryDirectory() as home:
            env = dict(os.environ, WORKBOOK_HOME=home)
            env.pop("WORKBOOK_PROFILE", None)
            t0 = time.perf_counter()
            rc = subprocess.call([sys.executable, "-m", f"benchmarks.{name}"],
                                 cwd=HERE.parent, env=env)
            results.append((name, rc, time.perf_counter() - t0))
    print("== summary")
    for name, rc, seconds in results:
        state = "targets met" if rc == 0 else "MISSED a target" if rc == 1 else f"failed ({rc})"
        print(f"  {name}: {state} ({seconds:.1f} s)")
    return 0 if all(rc == 0 for _, rc, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
