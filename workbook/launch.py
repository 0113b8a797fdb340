"""Start the workbook: JupyterLab at the start page (``make run``) or Voila over the whole
``notebooks/`` folder (``make app``).

Both raise tornado's websocket message limit so a 20 MB file can be uploaded through a
FileUpload widget (tornado's default is 10 MiB, and the widget sends a file as one message).
The command builders are also used by the browser tests, so they test what people run.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

#: Largest websocket message the servers accept: room for a 20 MB upload and its framing.
WEBSOCKET_MAX_MESSAGE_SIZE = 100 * 1024 * 1024

START_NOTEBOOK = "00_start_here.ipynb"


def notebooks_dir() -> Path:
    """The ``notebooks/`` folder of the checkout (or the current folder's, if run elsewhere)."""
    here = Path(__file__).resolve().parents[1] / "notebooks"
    if here.is_dir():
        return here
    return Path.cwd() / "notebooks"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def lab_settings_dir() -> Path:
    """The folder holding the workbook's JupyterLab settings defaults (``overrides.json``:
    no news pop-up, no update check); a person's own settings still win."""
    return Path(__file__).resolve().parent / "content" / "jupyterlab"


def lab_command(root: Path, *, port: int = 8888, ip: str = "127.0.0.1",
                open_browser: bool = True, start: str | None = START_NOTEBOOK) -> list[str]:
    """The command line that runs JupyterLab over ``root`` (opening ``start`` if given)."""
    cmd = [sys.executable, "-m", "jupyterlab",
           f"--ServerApp.root_dir={root}",
           f"--ServerApp.ip={ip}", f"--ServerApp.port={port}",
           "--ServerApp.tornado_settings="
           f"{{'websocket_max_message_size': {WEBSOCKET_MAX_MESSAGE_SIZE}}}",
           # No calls home: the workbook promises to make no network requests. The settings
           # default (overrides.json) also stops the "receive Jupyter news?" pop-up, which
           # the two flags alone leave on screen.
           "--LabApp.news_url=None",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           f"--LabApp.app_settings_dir={lab_settings_dir()}"]
    if start:
        cmd.append(f"--LabApp.default_url=/lab/tree/{start}")
    if not open_browser:
        cmd.append("--no-browser")
    if _is_root():
        cmd.append("--allow-root")
    return cmd


def voila_command(root: Path, *, port: int = 8866, ip: str = "127.0.0.1",
                  open_browser: bool = True, extra_tornado: dict | None = None) -> list[str]:
    """The command line that runs Voila over the whole folder ``root``.

    Serving the folder (not one notebook) lets the relative links between notebooks work:
    ``01_check_in.ipynb`` opens as another app.
    """
    tornado = {"websocket_max_message_size": WEBSOCKET_MAX_MESSAGE_SIZE, **(extra_tornado or {})}
    cmd = [sys.executable, "-m", "voila", str(root),
           f"--Voila.ip={ip}", f"--port={port}",
           f"--Voila.tornado_settings={tornado!r}",
           # Voila's own idle culling: a closed tab frees its kernel after a while.
           "--MappingKernelManager.cull_idle_timeout=600",
           "--MappingKernelManager.cull_interval=60"]
    if not open_browser:
        cmd.append("--no-browser")
    return cmd


def _open_when_ready(url: str, probe: str, proc: subprocess.Popen,
                     timeout: float = 120.0) -> None:
    """Open ``url`` in the person's browser once the server answers ``probe``."""
    import time
    import urllib.error
    import urllib.request
    import webbrowser

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            urllib.request.urlopen(probe, timeout=2).close()
        except urllib.error.HTTPError:
            pass  # it answered
        except OSError:
            time.sleep(0.3)
            continue
        webbrowser.open(url)
        return


def _run(cmd: list[str], url: str, probe: str, open_browser: bool) -> int:
    import threading

    print(f"\nThe workbook opens at:\n\n    {url}\n\n(Keep this window open while you use "
          "it; press Ctrl+C here to stop.)\n", flush=True)
    import signal

    proc = subprocess.Popen(cmd)
    # Stopped by a service manager or `kill`: take the server (and its kernels) along.
    signal.signal(signal.SIGTERM, lambda *_: proc.terminate())
    if open_browser:
        threading.Thread(target=_open_when_ready, args=(url, probe, proc), daemon=True).start()
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        try:
            return proc.wait(timeout=15)
        except (subprocess.TimeoutExpired, KeyboardInterrupt):
            proc.kill()
            return 0


def lab(port: int | None = None, open_browser: bool = True) -> int:
    """Run JupyterLab at ``notebooks/00_start_here.ipynb``; returns the exit code.

    A fresh access token is made for the session and printed inside the URL.
    """
    import secrets

    port = port or free_port()
    token = secrets.token_urlsafe(24)
    base = f"http://127.0.0.1:{port}"
    cmd = lab_command(notebooks_dir(), port=port, open_browser=False)
    cmd += [f"--IdentityProvider.token={token}", "--port_retries=0"]
    return _run(cmd, f"{base}/lab/tree/{START_NOTEBOOK}?token={token}",
                f"{base}/api/status", open_browser)


def app(port: int | None = None, open_browser: bool = True) -> int:
    """Run Voila over the whole ``notebooks/`` folder (code hidden) and open the start page;
    returns the exit code."""
    port = port or free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = voila_command(notebooks_dir(), port=port, open_browser=False)
    return _run(cmd, f"{base}/voila/render/{START_NOTEBOOK}", base + "/", open_browser)
