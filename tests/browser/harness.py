"""Browser test harness: isolated JupyterLab and Voila servers, screenshots, axe-core.

Used through the fixtures in ``tests/browser/conftest.py``; the functions here are plain so a
test can also call them directly. What is done and why follows
``../shared/BROWSER_TESTING.md``:

- every server gets its own temporary Jupyter config/data/runtime folders and workspaces, so
  two servers never open each other's notebooks;
- JupyterLab's news and update checks are off, nothing outside 127.0.0.1 is fetched;
- the notebooks served are a temporary copy, never the committed files;
- servers are started in their own process group and stopped (with their kernels) at the end.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
LOGS = ROOT / "artifacts" / "logs"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1400, "height": 900}

#: Page errors seen in Voila/Lab that are expected and harmless (BROWSER_TESTING.md).
HARMLESS_PAGE_ERRORS = ("r.setData is not a function", "font-awesome", "fontawesome",
                        "net::ERR_FAILED", "Failed to load resource")


# ---------------------------------------------------------------- helpers

def is_local_url(url: str) -> bool:
    """True for URLs the browser may fetch in a test: 127.0.0.1/localhost, data:, blob:."""
    if url.startswith(("data:", "blob:", "about:")):
        return True
    m = re.match(r"^[a-z]+://([^/:]+|\[[^\]]+\])", url)
    return bool(m) and m.group(1) in ("127.0.0.1", "localhost", "[::1]")


_CONTENT_HEIGHT = """() => Math.max(document.documentElement.scrollHeight,
    ...[...document.querySelectorAll('*')]
        .filter(e => e.scrollHeight > e.clientHeight + 2 &&
                     /(auto|scroll)/.test(getComputedStyle(e).overflowY))
        .map(e => e.scrollHeight + e.getBoundingClientRect().top))"""


def page_width(page: Any) -> int:
    """How wide the page's content is, in CSS px: wider than the window means it scrolls
    sideways (checked at phone width, 390 px)."""
    return int(page.evaluate("() => document.documentElement.scrollWidth"))


def output_scope(page: Any, lab: bool) -> Any:
    """Where a notebook's widgets are: JupyterLab's output areas, or Voila's whole page."""
    return page.locator(".jp-OutputArea-output") if lab else page.locator("body")


def fill(scope: Any, label: str, text: str) -> None:
    """Type into the field with this label, then leave it: ipywidgets sends a text's value
    on change, and moving focus away makes sure it is sent."""
    box = scope.get_by_label(label, exact=True)
    box.fill(text)
    box.press("Tab")


def wait_message(scope: Any, text: str, timeout: int = 30_000) -> None:
    """Wait for a message line to say ``text`` (a pattern): the page's own (``.wb-message``)
    or the one beside a save button (``.wb-notice``, ``ui.forms.SaveAction``)."""
    scope.locator(".wb-message, .wb-notice").get_by_text(re.compile(text)).first.wait_for(
        timeout=timeout)


def shot(page: Any, name: str, *, full_page: bool = True, max_height: int = 6000,
         part_height: int = 1100) -> Path:
    """Save a screenshot as ``artifacts/screenshots/<name>.png`` and return its path.

    With ``full_page`` the whole content is captured even where it scrolls inside an inner
    panel (Voila and JupyterLab do that): the viewport is made as tall as the content for
    the shot (at most ``max_height`` px), then put back. A tall page is also saved in
    readable slices ``<name>-part1.png``, ``-part2.png``... of ``part_height`` px, because
    an image viewer shrinks a 3000 px page until nothing can be read.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = page.viewport_size
    if not full_page or not size:
        page.screenshot(path=str(path))
        return path
    height = min(int(page.evaluate(_CONTENT_HEIGHT)), max_height)
    if height > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": height})
        page.wait_for_timeout(200)
    try:
        page.screenshot(path=str(path), full_page=True)
        for old in SCREENSHOTS.glob(f"{name}-part*.png"):
            old.unlink()
        if height > part_height * 1.5:
            for i, top in enumerate(range(0, height, part_height), start=1):
                clip = {"x": 0, "y": top, "width": size["width"],
                        "height": min(part_height, height - top)}
                page.screenshot(path=str(SCREENSHOTS / f"{name}-part{i}.png"), clip=clip)
    finally:
        if height > size["height"]:
            page.set_viewport_size(size)
    return path


def axe_check(page: Any, context: Any = None) -> list[dict]:
    """Serious and critical axe-core violations on the page (empty list when none).

    Uses the ``axe.min.js`` bundled with axe-playwright-python: nothing is downloaded.
    Each item: ``{"id", "impact", "help", "targets"}``.
    """
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context)
    found = []
    for v in results.response.get("violations", []):
        if v.get("impact") in ("serious", "critical"):
            found.append({"id": v["id"], "impact": v["impact"], "help": v.get("help", ""),
                          "targets": [n.get("target") for n in v.get("nodes", [])][:10]})
    return found


def format_violations(found: list[dict]) -> str:
    """A readable list for an assertion message."""
    return "\n".join(f"- {v['impact']}: {v['id']} ({v['help']}) at {v['targets']}"
                     for v in found)


def _wait_http(url: str, proc: subprocess.Popen, log: Path, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}; log:\n"
                               + log.read_text(errors="replace")[-4000:])
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status < 500:
                    return
        except urllib.error.HTTPError as e:
            if e.code < 500:
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"server at {url} did not answer within {timeout:.0f} s; log:\n"
                       + log.read_text(errors="replace")[-4000:])


def _stop(proc: subprocess.Popen, timeout: float = 15.0) -> None:
    """Stop a server started in its own process group, kernels included."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=5)
    # kernels are children of the server; anything left in the group goes too
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def jupyter_env(base_env: dict[str, str], tmp: Path) -> dict[str, str]:
    """An environment with private Jupyter folders under ``tmp``. The news pop-up is left
    to the workbook's own settings default (``launch.lab_settings_dir``), so the browser
    tests see what a person running ``make run`` sees."""
    env = dict(base_env)
    for key in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"):
        d = tmp / key.lower()
        d.mkdir(parents=True, exist_ok=True)
        env[key] = str(d)
    settings = (Path(env["JUPYTER_CONFIG_DIR"]) / "lab" / "user-settings" / "@jupyterlab"
                / "apputils-extension")
    settings.mkdir(parents=True, exist_ok=True)
    # no autosave: a test run must not write outputs or widget state into the notebooks
    docmanager = settings.parent.parent / "@jupyterlab" / "docmanager-extension"
    docmanager.mkdir(parents=True, exist_ok=True)
    (docmanager / "plugin.jupyterlab-settings").write_text(json.dumps({"autosave": False}))
    env["JUPYTERLAB_SETTINGS_DIR"] = str(Path(env["JUPYTER_CONFIG_DIR"]) / "lab"
                                         / "user-settings")
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(tmp / "workspaces")
    # the venv's python (and so the kernel) first on PATH
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.pop("JUPYTER_TOKEN", None)
    env["PYTHONUNBUFFERED"] = "1"
    return env


# ---------------------------------------------------------------- servers

class Server:
    """A running JupyterLab or Voila process; ``stop()`` ends it and its kernels."""

    def __init__(self, kind: str, url: str, proc: subprocess.Popen, tmp: Path, log: Path):
        self.kind, self.url, self.proc, self.tmp, self.log = kind, url, proc, tmp, log
        self.timings: dict[str, float] = {}

    def stop(self) -> None:
        _stop(self.proc)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def _start(kind: str, cmd: list[str], env: dict[str, str], tmp: Path, url: str,
           ready_path: str) -> Server:
    LOGS.mkdir(parents=True, exist_ok=True)
    log = LOGS / f"{kind}-{os.getpid()}-{int(time.time() * 1000)}.log"
    fh = open(log, "wb")
    proc = subprocess.Popen(cmd, env=env, stdout=fh, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, cwd=str(tmp), start_new_session=True)
    fh.close()
    server = Server(kind, url, proc, tmp, log)
    try:
        _wait_http(url + ready_path, proc, log)
    except BaseException:
        server.stop()
        raise
    return server


def start_lab(notebooks: Path, env: dict[str, str]) -> Server:
    """JupyterLab over ``notebooks`` on a free port, isolated, no token, no news."""
    from workbook.launch import free_port, lab_command

    tmp = Path(tempfile.mkdtemp(prefix="wb-lab-"))
    port = free_port()
    cmd = lab_command(notebooks, port=port, open_browser=False, start=None)
    if "--allow-root" not in cmd:
        cmd.append("--allow-root")  # harmless when not root; needed in containers
    cmd += ["--port_retries=0", "--IdentityProvider.token=", "--ServerApp.password=",
            f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
            "--LabApp.expose_app_in_browser=True",
            "--ServerApp.disable_check_xsrf=True",
            "--MappingKernelManager.cull_idle_timeout=300",
            "--MappingKernelManager.cull_interval=60"]
    return _start("lab", cmd, jupyter_env(env, tmp), tmp, f"http://127.0.0.1:{port}",
                  "/api/status")


def start_voila(notebooks: Path, env: dict[str, str]) -> Server:
    """Voila over the whole ``notebooks`` folder on a free port (links between notebooks work)."""
    from workbook.launch import free_port, voila_command

    tmp = Path(tempfile.mkdtemp(prefix="wb-voila-"))
    port = free_port()
    # XSRF stays on, as in `make app`: with it off, Voila's unload beacon shuts the page's
    # kernel down while the next notebook's kernel starts, and following a link between
    # notebooks then hangs at "Executing 1 of 3" (seen here; not so with XSRF on). The
    # kernels the refused beacon leaves are culled, and all end with the server.
    cmd = voila_command(notebooks, port=port, open_browser=False)
    cmd = [c for c in cmd if not c.startswith("--MappingKernelManager")]
    cmd += ["--MappingKernelManager.cull_idle_timeout=120",
            "--MappingKernelManager.cull_interval=30"]
    return _start("voila", cmd, jupyter_env(env, tmp), tmp, f"http://127.0.0.1:{port}", "/")


# ---------------------------------------------------------------- opening notebooks

WIDGET = ".jupyter-widgets"


def lab_open(server: Server, page: Any, notebook: str, *, timeout: float = 90.0,
             widget_selector: str = WIDGET) -> float:
    """Open ``notebook`` in JupyterLab, wait for an idle kernel, run all cells, wait for
    widgets. Returns the seconds from navigation until widgets were visible."""
    # a fresh kernel each time: an earlier test's session on the same notebook is closed
    lab_shutdown_kernels(server, notebook)
    t0 = time.monotonic()
    ms = timeout * 1000
    # ``?reset``: a workspace of its own, as a person opening the notebook; otherwise Lab
    # restores the tabs an earlier test opened (a link followed) and shows one of those
    page.goto(f"{server.url}/lab/tree/{notebook}?reset", wait_until="domcontentloaded")
    # Ready means the status bar says "| Idle" next to the kernel name (BROWSER_TESTING.md).
    page.get_by_text(re.compile(r"\(ipykernel\)\s*\|\s*Idle")).first.wait_for(timeout=ms)
    page.wait_for_function("() => window.jupyterapp !== undefined", timeout=ms)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    # all code cells executed: no "[*]" prompt left and at least one numbered prompt
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-Notebook .jp-InputPrompt')]
                .map(p => p.textContent);
            return prompts.some(t => /\\[\\d+\\]/.test(t)) && !prompts.some(t => t.includes('*'));
        }""", timeout=ms)
    page.locator(f".jp-OutputArea-output {widget_selector}").first.wait_for(
        state="visible", timeout=ms)
    elapsed = time.monotonic() - t0
    server.timings[notebook] = elapsed
    return elapsed


def lab_shutdown_kernels(server: Server, notebook: str | None = None) -> None:
    """Shut the server's kernels down (only ``notebook``'s when given; REST, xsrf is
    disabled on test servers)."""
    try:
        with urllib.request.urlopen(server.url + "/api/sessions", timeout=5) as r:
            sessions = json.loads(r.read())
        for s in sessions:
            if notebook and s.get("path") != notebook:
                continue
            req = urllib.request.Request(f"{server.url}/api/sessions/{s['id']}",
                                         method="DELETE")
            urllib.request.urlopen(req, timeout=10).close()
    except (OSError, ValueError):
        pass


def voila_open(server: Server, page: Any, notebook: str, *, timeout: float = 90.0,
               widget_selector: str = WIDGET) -> float:
    """Open ``notebook`` as a Voila app and wait until its widgets are visible.
    Returns the seconds from navigation until widgets were visible."""
    t0 = time.monotonic()
    page.goto(f"{server.url}/voila/render/{notebook}", wait_until="domcontentloaded",
              timeout=timeout * 1000)
    page.locator(widget_selector).first.wait_for(state="visible", timeout=timeout * 1000)
    elapsed = time.monotonic() - t0
    server.timings[notebook] = elapsed
    return elapsed


def leave(page: Any) -> None:
    """Navigate away so Voila/Lab release the page's kernel connection."""
    try:
        page.goto("about:blank")
    except Exception:  # noqa: BLE001 - best effort on teardown
        pass


def scroll_to(locator: Any, tries: int = 5) -> None:
    """Scroll a locator into view. A widget redrawn by the kernel (after a save, while typing)
    can be replaced between finding and scrolling; then it is looked up again."""
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(tries):
        try:
            locator.scroll_into_view_if_needed()
            return
        except PlaywrightError as err:
            if attempt == tries - 1 or "not attached" not in str(err):
                raise
            locator.page.wait_for_timeout(500)

