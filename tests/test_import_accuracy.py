"""The importer's accuracy on whole files: every figure of tests/data/import_accuracy.csv
(written by hand from each file before the importer was tuned for it) checked for every file,
through ``workbook.applications.load`` and through ``workbook import FILE --dry-run --json``.

Real files are read from ../shared/realdata and skip, with a message, where it is absent.
``python -m tests.test_import_accuracy`` prints the table (files fully right, figures right).
"""

from __future__ import annotations

import csv
import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from workbook.applications import load
from workbook.cli import main

HERE = Path(__file__).parent
TABLE = HERE / "data" / "import_accuracy.csv"
REALDATA = HERE.parent.parent / "shared" / "realdata"
FIGURES = ("applications", "rejected", "withdrawn", "no_response", "screen", "interview",
           "offer", "first_applied", "last_applied")


def expected_rows() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def path_of(entry: str) -> Path:
    where, _, name = entry.partition("/")
    return (REALDATA if where == "realdata" else HERE / "data" / "import") / name


def figures(report: dict) -> dict[str, object]:
    """The figures of the accuracy table from an import report (DESIGN section 6 keys)."""
    stages, outcomes = report["stage_counts"], report["outcome_counts"]
    reached = lambda *names: sum(stages.get(s, 0) for s in names)  # noqa: E731
    return {"applications": reached("applied", "screen", "interview", "offer"),
            "rejected": outcomes.get("rejected", 0),
            "withdrawn": outcomes.get("withdrawn", 0),
            "no_response": outcomes.get("no_response", 0),
            "screen": reached("screen", "interview", "offer"),
            "interview": reached("interview", "offer"),
            "offer": reached("offer"),
            "first_applied": report["first_applied"] or "",
            "last_applied": report["last_applied"] or ""}


def agrees(expected: str, got: object) -> bool:
    """Whether a figure matches its ground truth: a number, a range "a-b", a date, "x|y"."""
    if isinstance(got, int):
        lo, _, hi = expected.partition("-")
        return int(lo) <= got <= int(hi or lo)
    return got in expected.split("|") if expected else got == ""


def misses(expected: dict[str, str], got: dict[str, object]) -> list[str]:
    return [f"{k}: expected {expected[k] or 'none'}, got {got[k] if got[k] != '' else 'none'}"
            for k in FIGURES if not agrees(expected[k], got[k])]


def report_of(path: Path) -> dict:
    _, report = load(path)
    return report.to_dict()


def cli_report_of(path: Path) -> dict:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["import", str(path), "--dry-run", "--json"])
    assert code == 0, f"workbook import {path.name} exited {code}"
    return json.loads(out.getvalue())


def _params() -> list:
    return [pytest.param(row, id=row["file"].split("/", 1)[1]) for row in expected_rows()]


def _path_or_skip(row: dict[str, str]) -> Path:
    path = path_of(row["file"])
    if row["file"].startswith("realdata/") and not path.exists():
        pytest.skip(f"{path.name} not found: the real files sit in ../shared/realdata "
                    "beside the repository")
    return path


@pytest.mark.parametrize("row", _params())
def test_every_figure_of_every_file_is_right_through_load(row):
    path = _path_or_skip(row)
    assert misses(row, figures(report_of(path))) == []


@pytest.mark.parametrize("row", _params())
def test_every_figure_of_every_file_is_right_through_the_cli(row):
    path = _path_or_skip(row)
    assert misses(row, figures(cli_report_of(path))) == []


def test_the_table_has_every_real_file_and_fifteen_of_our_own():
    rows = expected_rows()
    own = [r for r in rows if r["file"].startswith("import/")]
    assert len(own) >= 15
    assert all(path_of(r["file"]).exists() for r in own)
    if REALDATA.exists():
        listed = {r["file"].split("/", 1)[1] for r in rows}
        real = {p.name for p in REALDATA.iterdir()
                if p.name != "SOURCES.md" and "sankey_edges" not in p.name}
        assert real <= listed


def accuracy_table() -> str:
    """The table as text: per file, the figures that missed; then the totals."""
    lines, full, right, total = [], 0, 0, 0
    for row in expected_rows():
        path = path_of(row["file"])
        if not path.exists():
            continue
        try:
            got = figures(report_of(path))
            wrong = misses(row, got)
        except Exception as exc:  # noqa: BLE001 - a file that fails counts as all wrong
            wrong = [f"not imported: {str(exc)[:90]}"] + [""] * (len(FIGURES) - 1)
        total += len(FIGURES)
        right += len(FIGURES) - len(wrong)
        full += not wrong
        lines.append(f"{'ok ' if not wrong else 'MISS'} {row['file'][:70]:70} "
                     + "; ".join(w for w in wrong if w))
    files = len(lines)
    lines.append(f"files fully right: {full}/{files}; figures right: {right}/{total}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(accuracy_table())
