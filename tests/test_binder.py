"""Binder gets the same workbook: pinned requirements that satisfy pyproject.toml, a
postBuild that stops at the first error, and (slow) a Binder-like install from scratch."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        req = Requirement(line)
        specs = list(req.specifier)
        assert len(specs) == 1 and specs[0].operator == "==", \
            f"{path.name}: {line!r} is not pinned with =="
        pins[canonicalize_name(req.name)] = specs[0].version
    return pins


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_binder_runs_python_3_12():
    assert (BINDER / "runtime.txt").read_text(encoding="utf-8").strip() == "python-3.12"


def test_every_dependency_is_pinned_for_binder_at_a_version_that_satisfies_it():
    pins = _pins(BINDER / "requirements.txt")
    problems = []
    for line in _project()["dependencies"]:
        req = Requirement(line)
        name = canonicalize_name(req.name)
        if name not in pins:
            problems.append(f"{req.name} is not in binder/requirements.txt")
        elif not req.specifier.contains(pins[name], prereleases=True):
            problems.append(f"{req.name}=={pins[name]} does not satisfy {line!r}")
    assert not problems, "\n".join(problems)


def test_plotly_figure_widgets_have_anywidget_on_binder():
    assert "anywidget" in _pins(BINDER / "requirements.txt")


def test_test_tools_are_pinned_at_versions_that_satisfy_the_test_extra():
    pins = {**_pins(BINDER / "requirements.txt"), **_pins(ROOT / "tests" / "requirements.txt")}
    problems = []
    for line in _project()["optional-dependencies"]["test"]:
        req = Requirement(line)
        name = canonicalize_name(req.name)
        if name not in pins or not req.specifier.contains(pins[name], prereleases=True):
            problems.append(f"{line!r}: pinned {pins.get(name)}")
    assert not problems, "\n".join(problems)


def test_post_build_stops_at_the_first_error_and_is_executable():
    post = BINDER / "postBuild"
    text = post.read_text(encoding="utf-8")
    assert text.startswith("#!"), "postBuild needs a shebang line"
    assert "set -e" in text.split("\n", 3)[:3] or "\nset -e" in text
    assert post.stat().st_mode & stat.S_IXUSR, "postBuild is not executable"
    if (ROOT / ".git").exists() and shutil.which("git"):
        mode = subprocess.run(["git", "ls-files", "-s", "binder/postBuild"], cwd=ROOT,
                              capture_output=True, text=True).stdout.split()
        if mode:  # committed: the executable bit must be in git too, or Binder loses it
            assert mode[0] == "100755", f"git holds postBuild as {mode[0]}, not 100755"


def test_post_build_creates_the_demo_and_raises_the_upload_limit():
    text = (BINDER / "postBuild").read_text(encoding="utf-8")
    assert "workbook demo" in text
    assert "websocket_max_message_size" in text


# ---------------------------------------------------------------- slow: a Binder-like install

RUN_NOTEBOOKS = r"""
import pathlib, sys, time
import nbclient, nbformat
failed = []
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.ipynb")):
    nb = nbformat.read(path, as_version=4)
    t = time.monotonic()
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    print(f"{path.name}: {time.monotonic() - t:.1f} s, {len(errors)} errors", flush=True)
    if errors:
        failed.append(f"{path.name}: {errors[0].get('ename')}: {errors[0].get('evalue')}")
print("\n".join(failed))
sys.exit(1 if failed else 0)
"""


@pytest.mark.slow
def test_a_fresh_binder_like_install_runs_every_notebook(tmp_path):
    """A new venv from binder/requirements.txt, then postBuild with an empty HOME, then every
    notebook executed in that venv: what a person clicking the Binder badge gets."""
    if os.environ.get("WORKBOOK_SKIP_INSTALL_TEST"):
        pytest.skip("WORKBOOK_SKIP_INSTALL_TEST is set")
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                           check=True).stdout.decode().split("\0")
    repo = tmp_path / "repo"
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, repo / name)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bin_dir = venv / "bin"
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("WORKBOOK_", "JUPYTER", "VIRTUAL_ENV", "PYTHON"))}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"

    def run(cmd, **kw):
        done = subprocess.run(cmd, env=kw.pop("env", env), capture_output=True, text=True,
                              timeout=1200, **kw)
        assert done.returncode == 0, f"{cmd} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        return done

    run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "-r",
         str(repo / "binder" / "requirements.txt")])
    run([str(repo / "binder" / "postBuild")], cwd=repo, env={**env, "HOME": str(home)})
    assert (home / ".jupyter" / "jupyter_server_config.py").exists()
    done = run([str(bin_dir / "python"), "-c", RUN_NOTEBOOKS, str(repo / "notebooks")],
               cwd=repo, env={**env, "HOME": str(home)})
    print(done.stdout)
