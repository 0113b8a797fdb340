"""Every notebook runs headless, top to bottom, against the demo persona, quickly and without
an error; and every committed notebook is clean (no outputs, counts or widget state).

The list of notebooks is the glob ``notebooks/*.ipynb``, so a notebook added later is
checked without touching this file.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
LIMIT_SECONDS = 15.0
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def test_there_are_notebooks_to_check():
    assert any(p.name == "00_start_here.ipynb" for p in NOTEBOOKS)


@pytest.fixture
def demo_home(workbook_home, monkeypatch, tmp_path):
    """The demo persona in this test's WORKBOOK_HOME, opened through WORKBOOK_PROFILE."""
    from workbook import sample

    sample.create("demo").close()
    monkeypatch.setenv("WORKBOOK_PROFILE", "demo")
    return workbook_home


def _errors(nb) -> list[str]:
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append(f"cell {i}: {out.get('ename')}: {out.get('evalue')}")
            elif out.get("output_type") == "stream" and out.get("name") == "stderr" \
                    and "Traceback" in out.get("text", ""):
                found.append(f"cell {i}: traceback on stderr:\n{out['text'][-1500:]}")
            data = out.get("data", {})
            text = data.get("text/plain", "") if isinstance(data, dict) else ""
            if "Traceback" in text:
                found.append(f"cell {i}: traceback in output")
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_against_the_demo_persona_without_error_in_time(path, demo_home,
                                                                     tmp_path):
    import nbclient
    import nbformat

    nb = nbformat.read(path, as_version=4)  # in memory: the committed file is never written
    client = nbclient.NotebookClient(
        nb, timeout=60, kernel_name="python3", allow_errors=True,
        resources={"metadata": {"path": str(tmp_path)}})
    started = time.monotonic()
    client.execute()
    seconds = time.monotonic() - started
    print(f"{path.name}: {seconds:.1f} s")
    errors = _errors(nb)
    assert not errors, f"{path.name} showed errors:\n" + "\n".join(errors)
    shown = [out for cell in nb.cells for out in cell.get("outputs", [])
             if WIDGET_VIEW in out.get("data", {})]
    assert shown, f"{path.name} displayed no app widget"
    assert seconds < LIMIT_SECONDS, f"{path.name} took {seconds:.1f} s (limit {LIMIT_SECONDS} s)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_committed_notebook_has_no_outputs_counts_or_widget_state(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    problems = []
    if "widgets" in nb.get("metadata", {}):
        problems.append("notebook metadata holds saved widget state")
    for i, cell in enumerate(nb["cells"]):
        if cell.get("outputs"):
            problems.append(f"cell {i} has outputs")
        if cell.get("execution_count") is not None:
            problems.append(f"cell {i} has an execution count")
        if "execution" in cell.get("metadata", {}):
            problems.append(f"cell {i} has execution timing metadata")
    assert not problems, f"{path.name}: " + "; ".join(problems) + \
        " (clear all outputs and save, or strip them, before committing)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_named_nn_topic_and_ends_its_code_with_the_app(path):
    import re

    assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", path.name)
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code, f"{path.name} has no code cell"
    last = "".join(code[-1]["source"]).strip().splitlines()[-1]
    assert re.search(r"\bapp\(\)$", last), \
        f"{path.name}: the last code cell should end with the app() call, not {last!r}"
