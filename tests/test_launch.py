"""`make run` / `make app` commands: the right folder, the start page, a 20 MB upload limit,
and no calls home."""

from __future__ import annotations

import ast
import os
from pathlib import Path

from workbook import launch

ROOT = Path(__file__).resolve().parents[1]


def _tornado(cmd: list[str], prefix: str) -> dict:
    arg = next(a for a in cmd if a.startswith(prefix))
    return ast.literal_eval(arg.split("=", 1)[1])


def test_lab_opens_the_start_page_of_the_notebooks_folder():
    cmd = launch.lab_command(ROOT / "notebooks", port=9999)
    assert f"--ServerApp.root_dir={ROOT / 'notebooks'}" in cmd
    assert "--LabApp.default_url=/lab/tree/00_start_here.ipynb" in cmd
    assert "--ServerApp.ip=127.0.0.1" in cmd


def test_both_servers_accept_a_20_mb_upload():
    lab = _tornado(launch.lab_command(ROOT / "notebooks"), "--ServerApp.tornado_settings=")
    app = _tornado(launch.voila_command(ROOT / "notebooks"), "--Voila.tornado_settings=")
    for settings in (lab, app):
        assert settings["websocket_max_message_size"] >= 20 * 1024 * 1024 * 4 // 3 + 1024


def test_voila_serves_the_whole_folder_so_links_between_notebooks_work():
    cmd = launch.voila_command(ROOT / "notebooks")
    assert str(ROOT / "notebooks") in cmd
    assert not any(a.endswith(".ipynb") for a in cmd)


def test_jupyterlab_makes_no_calls_home():
    cmd = launch.lab_command(ROOT / "notebooks")
    assert "--LabApp.news_url=None" in cmd
    assert "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate" in cmd


def test_root_gets_allow_root_and_others_do_not(monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert "--allow-root" in launch.lab_command(ROOT / "notebooks")
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert "--allow-root" not in launch.lab_command(ROOT / "notebooks")


def test_the_notebooks_folder_is_found_from_the_package():
    assert (launch.notebooks_dir() / "00_start_here.ipynb").exists()


def test_jupyterlab_opens_without_the_news_pop_up():
    import json

    cmd = launch.lab_command(ROOT / "notebooks")
    folder = next(c.split("=", 1)[1] for c in cmd if c.startswith("--LabApp.app_settings_dir="))
    overrides = json.loads((Path(folder) / "overrides.json").read_text())
    notification = overrides["@jupyterlab/apputils-extension:notification"]
    assert notification["fetchNews"] == "false" and notification["checkForUpdates"] is False
