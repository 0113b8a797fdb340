"""The ``workbook`` command as a person runs it: real processes, real files, one-sentence
errors and never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from workbook.store import Store, create_profile


def workbook(*args: str, home: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = dict(os.environ, WORKBOOK_HOME=str(home), **(env or {}))
    full_env.pop("WORKBOOK_PROFILE", None) if not (env and "WORKBOOK_PROFILE" in env) else None
    return subprocess.run([sys.executable, "-m", "workbook", *args], capture_output=True,
                          text=True, env=full_env, timeout=120, cwd=home)


def one_sentence_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_demo_then_export_then_restore_round_trips_through_files(workbook_home, tmp_path):
    made = workbook("demo", home=workbook_home)
    assert made.returncode == 0, made.stderr
    assert "Sam (sample)" in made.stdout

    bundle_path = tmp_path / "backup.zip"
    out = workbook("export", str(bundle_path), home=workbook_home)
    assert out.returncode == 0, out.stderr
    assert zipfile.is_zipfile(bundle_path)
    assert (bundle_path.stat().st_mode & 0o077) == 0, "the bundle is private to its owner"

    back = workbook("restore", str(bundle_path), "--profile", "copy", home=workbook_home)
    assert back.returncode == 0, back.stderr
    assert "Restored into the new profile 'copy'" in back.stdout
    assert "Privacy:" in back.stderr and len(back.stderr.strip().splitlines()) == 1
    with Store.open("demo") as a, Store.open("copy") as b:
        assert a.counts() == b.counts()
        assert b.consented

    listed = workbook("profiles", home=workbook_home)
    assert "copy" in listed.stdout and "demo" in listed.stdout
    assert "sample data" in listed.stdout


def test_export_into_a_folder_picks_a_dated_file_name(workbook_home, tmp_path):
    workbook("demo", home=workbook_home)
    out = workbook("export", str(tmp_path), "--profile", "demo", home=workbook_home)
    assert out.returncode == 0, out.stderr
    (made,) = tmp_path.glob("workbook-demo-*.zip")
    assert zipfile.is_zipfile(made)


def test_demo_if_missing_leaves_an_existing_demo_alone(workbook_home):
    workbook("demo", home=workbook_home)
    with Store.open("demo") as s:
        s.set_setting("weekly_goal", 3)
    again = workbook("demo", "--if-missing", home=workbook_home)
    assert again.returncode == 0 and "left as it is" in again.stdout
    with Store.open("demo") as s:
        assert s.setting("weekly_goal") == 3


def test_demo_never_overwrites_a_profile_with_own_data(workbook_home, store):
    from workbook.records import Win

    store.save(Win(text="mine"))
    line = one_sentence_error(workbook("demo", "--profile", "tester", home=workbook_home))
    assert "own entries" in line
    assert store.counts()["win"] == 1


def test_restore_of_a_file_that_is_not_a_bundle_says_so_in_one_line(workbook_home, tmp_path):
    bad = tmp_path / "applications.csv"
    bad.write_text("company,role\nAcme,Analyst\n")
    result = workbook("restore", str(bad), "--profile", "x", home=workbook_home)
    assert result.returncode == 2
    assert "not a workbook bundle" in one_sentence_error(result)
    assert not (workbook_home / "profiles" / "x.sqlite").exists()


def test_restore_of_a_missing_file_names_it(workbook_home):
    line = one_sentence_error(workbook("restore", "nowhere.zip", home=workbook_home))
    assert "'nowhere.zip' does not exist" in line


def test_restore_into_the_same_name_explains_the_two_ways_forward(workbook_home, tmp_path):
    workbook("demo", home=workbook_home)
    workbook("export", str(tmp_path / "b.zip"), home=workbook_home)
    line = one_sentence_error(workbook("restore", str(tmp_path / "b.zip"), home=workbook_home))
    assert "--profile" in line and "--merge" in line


def test_restore_merge_reports_what_it_added(workbook_home, tmp_path):
    workbook("demo", home=workbook_home)
    workbook("export", str(tmp_path / "b.zip"), home=workbook_home)
    merged = workbook("restore", str(tmp_path / "b.zip"), "--profile", "demo", "--merge",
                      "--json", home=workbook_home)
    assert merged.returncode == 0, merged.stderr
    report = json.loads(merged.stdout)
    assert report["mode"] == "merge" and sum(report["added"].values()) == 0
    assert sum(report["unchanged"].values()) > 100 and report["conflicts"] == {}


def test_export_of_a_missing_profile_is_one_line(workbook_home, tmp_path):
    line = one_sentence_error(workbook("export", "--profile", "nobody", str(tmp_path / "x.zip"),
                                       home=workbook_home))
    assert "no profile named 'nobody'" in line
    assert not (tmp_path / "x.zip").exists()


def test_several_profiles_and_no_choice_asks_for_one(workbook_home, tmp_path):
    create_profile("Client A").close()
    create_profile("Client B").close()
    line = one_sentence_error(workbook("export", str(tmp_path / "x.zip"), home=workbook_home))
    assert "Several profiles exist" in line and "--profile" in line


def test_workbook_profile_variable_chooses_the_profile(workbook_home, tmp_path):
    create_profile("Client A").close()
    create_profile("Client B").close()
    out = workbook("export", str(tmp_path / "b.zip"), home=workbook_home,
                   env={"WORKBOOK_PROFILE": "Client B"})
    assert out.returncode == 0, out.stderr
    assert "'Client B'" in out.stdout


@pytest.mark.parametrize("args, words", [
    (("frobnicate",), "invalid choice"),
    (("export",), "required: FILE"),
    (("export", "--profile", "../../etc", "x.zip"), "cannot be used"),
])
def test_usage_mistakes_exit_2_with_one_line(workbook_home, args, words):
    result = workbook(*args, home=workbook_home)
    assert result.returncode == 2
    assert words in one_sentence_error(result)


def test_profiles_on_a_fresh_install_says_how_to_begin(workbook_home):
    result = workbook("profiles", home=workbook_home)
    assert result.returncode == 0
    assert "No profiles yet" in result.stdout and "workbook demo" in result.stdout


def test_core_modules_do_not_load_pandas_plotly_or_widgets(workbook_home):
    code = ("import sys, workbook, workbook.store, workbook.records, workbook.bundle, "
            "workbook.sample, workbook.cli; workbook.cli.build_parser(); "
            "print(sorted(m for m in ('pandas', 'plotly', 'ipywidgets', 'numpy') "
            "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=dict(os.environ, WORKBOOK_HOME=str(workbook_home)))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_profiles_lists_a_damaged_file_without_failing(workbook_home):
    from workbook.store import profiles_dir

    create_profile("fine").close()
    (profiles_dir() / "broken.sqlite").write_bytes(b"not a database at all" * 100)
    result = workbook("profiles", home=workbook_home)
    assert result.returncode == 0, result.stderr
    assert "broken  (cannot be opened" in result.stdout and "fine  (0 records" in result.stdout
    line = one_sentence_error(workbook("export", "--profile", "broken", "x.zip",
                                       home=workbook_home))
    assert "damaged or is not a workbook profile" in line


def test_core_logic_never_imports_plotly_or_widgets_even_inside_a_function():
    """DESIGN: core logic never imports ipywidgets or plotly. Only the drawing (charts), the
    notebook pieces (ui) and the entry points (cli, launch) may; a lazy import inside a
    function counts as an import too."""
    import ast
    from pathlib import Path

    import workbook

    root = Path(workbook.__file__).parent
    allowed = {"charts", "ui", "cli.py", "launch.py"}
    offenders = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if rel.parts[0] in allowed:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [f"{node.module}.{a.name}" for a in node.names]
                     if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                if name.split(".")[0] in {"plotly", "ipywidgets", "anywidget"} or \
                        name.startswith(("workbook.charts", "workbook.ui")):
                    offenders.append(f"{rel}:{node.lineno} imports {name}")
    assert not offenders, offenders
