"""Fixtures for browser tests (every test in this folder is marked ``browser``).

How to use them::

    from tests.browser.harness import shot, axe_check, format_violations

    def test_check_in_renders(chromium_page, voila):
        page = chromium_page
        voila.open(page, "01_check_in.ipynb")          # waits for widgets
        page.get_by_role("button", name="Save").click()
        shot(page, "check_in_voila")
        assert not axe_check(page)

    def test_check_in_in_lab(chromium_page, lab):
        lab.open(page := chromium_page, "01_check_in.ipynb")  # runs all cells, waits

- ``chromium_page``: a fresh headless chromium (Debian's, ``/usr/bin/chromium``) page,
  1400x900, own temporary profile dir, every request not to 127.0.0.1 blocked. Page errors
  collect in ``page_errors(page)``. Missing chromium: skip (fail when ``CI`` is set).
- ``workbook_env``: one per test module: a temporary ``WORKBOOK_HOME`` holding the demo
  profile, ``WORKBOOK_PROFILE=demo``, and a temporary copy of ``notebooks/``. Inside the test
  process ``WORKBOOK_HOME`` points at the same folder, so ``workbook.store`` sees what the
  kernels wrote. ``workbook_env.set_profile(None)`` before the servers start lets a module
  test the picker instead.
- ``lab`` / ``voila``: one server per test module over that copy; ``.open(page, name)``
  returns the seconds until widgets were visible; ``.url``; ``.timings``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.browser import harness
from tests.browser.own_profile import in_home

_ERRORS: dict[int, list[str]] = {}


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


def page_errors(page) -> list[str]:
    """Uncaught page errors seen so far on ``page``, minus the known harmless ones."""
    return [e for e in _ERRORS.get(id(page), [])
            if not any(h in e for h in harness.HARMLESS_PAGE_ERRORS)]


# ---------------------------------------------------------------- browser

@pytest.fixture(scope="session")
def _playwright():
    if not Path(harness.CHROMIUM).exists():
        msg = (f"chromium not found at {harness.CHROMIUM}: `make browser` installs Debian's "
               "chromium (never `playwright install`)")
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    yield pw
    pw.stop()


@pytest.fixture
def chromium_page(_playwright, tmp_path_factory):
    user_data = tmp_path_factory.mktemp("chromium-profile")
    context = _playwright.chromium.launch_persistent_context(
        str(user_data), executable_path=harness.CHROMIUM, headless=True,
        args=harness.CHROMIUM_ARGS, viewport=harness.VIEWPORT, accept_downloads=True)

    def route(r):
        if harness.is_local_url(r.request.url):
            r.continue_()
        else:
            r.abort()

    context.route("**/*", route)
    page = context.pages[0] if context.pages else context.new_page()
    page.route("**/*", route)
    errors: list[str] = []
    _ERRORS[id(page)] = errors
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_default_timeout(60_000)
    try:
        yield page
    finally:
        harness.leave(page)
        _ERRORS.pop(id(page), None)
        context.close()


# ---------------------------------------------------------------- workbook data

class WorkbookEnv:
    """A temporary WORKBOOK_HOME with the demo profile, and a copy of the notebooks."""

    def __init__(self, root: Path):
        self.root = root
        self.home = root / "home"
        self.notebooks = root / "notebooks"
        self.profile: str | None = "demo"
        self.home.mkdir()
        shutil.copytree(harness.NOTEBOOKS, self.notebooks,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))

    def environ(self) -> dict[str, str]:
        """The environment for servers (and so kernels) using this workbook home."""
        env = dict(os.environ)
        env["WORKBOOK_HOME"] = str(self.home)
        env.pop("WORKBOOK_PROFILE", None)
        if self.profile:
            env["WORKBOOK_PROFILE"] = self.profile
        return env

    def set_profile(self, name: str | None) -> None:
        self.profile = name

    def create_demo(self, name: str = "demo") -> None:
        from workbook import sample

        with in_home(self.home):
            sample.create(name).close()


#: a profile of the person's own holding the sample persona's records (tests that write)
OWN_SAMPLE = "sam"


def own_sample_env():
    """A workbook home whose open profile is the person's own, filled with the sample
    persona's records: pages write there, as they never write into the sample itself.
    Use as ``yield from own_sample_env()`` in a module's ``workbook_env`` fixture."""
    root = Path(tempfile.mkdtemp(prefix="wb-browser-"))
    env = WorkbookEnv(root)
    env.create_demo()
    env.create_demo(OWN_SAMPLE)
    old = os.environ.get("WORKBOOK_HOME")
    os.environ["WORKBOOK_HOME"] = str(env.home)
    try:
        from workbook.store import Store, profile_path

        with Store(profile_path(OWN_SAMPLE)) as own:
            own.set_setting("is_demo", False)
    finally:
        if old is None:
            os.environ.pop("WORKBOOK_HOME", None)
        else:
            os.environ["WORKBOOK_HOME"] = old
    env.set_profile(OWN_SAMPLE)
    try:
        yield env
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def workbook_env():
    root = Path(tempfile.mkdtemp(prefix="wb-browser-"))
    env = WorkbookEnv(root)
    env.create_demo()
    try:
        yield env
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def workbook_home(workbook_env, monkeypatch):
    """Overrides the per-test home of tests/conftest.py: the test process sees the same
    WORKBOOK_HOME as the servers and kernels of its module."""
    monkeypatch.setenv("WORKBOOK_HOME", str(workbook_env.home))
    if workbook_env.profile:
        monkeypatch.setenv("WORKBOOK_PROFILE", workbook_env.profile)
    else:
        monkeypatch.delenv("WORKBOOK_PROFILE", raising=False)
    return workbook_env.home


# ---------------------------------------------------------------- servers

class _App:
    def __init__(self, server: harness.Server, opener):
        self.server = server
        self._opener = opener

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def timings(self) -> dict[str, float]:
        return self.server.timings

    def open(self, page, notebook: str, **kw) -> float:
        """Open ``notebook`` and wait for its widgets; returns seconds taken."""
        try:
            return self._opener(self.server, page, notebook, **kw)
        except Exception as exc:
            raise AssertionError(
                f"{self.server.kind} did not show {notebook}'s widgets: {exc}\n"
                f"server log tail:\n{self.server.log_text()[-3000:]}") from exc


@pytest.fixture(scope="module")
def lab(workbook_env):
    server = harness.start_lab(workbook_env.notebooks, workbook_env.environ())
    try:
        yield _App(server, harness.lab_open)
    finally:
        harness.lab_shutdown_kernels(server)
        server.stop()


@pytest.fixture(scope="module")
def voila(workbook_env):
    server = harness.start_voila(workbook_env.notebooks, workbook_env.environ())
    try:
        yield _App(server, harness.voila_open)
    finally:
        server.stop()
