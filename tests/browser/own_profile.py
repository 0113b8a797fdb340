"""Profiles for browser tests of pages that write, made in a module's workbook home.

The sample persona refuses writes (the first save asks to start an own profile), so a test
that saves works in a profile of the person's own: ``lived_in_profile`` (weeks of use, made
from the same persona) or ``empty_profile`` (right after agreeing to the privacy note)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Iterator

OWN = "mine"


@contextlib.contextmanager
def in_home(home: Path) -> Iterator[None]:
    """``WORKBOOK_HOME`` set to ``home`` inside the block, as it was afterwards."""
    old = os.environ.get("WORKBOOK_HOME")
    os.environ["WORKBOOK_HOME"] = str(home)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("WORKBOOK_HOME", None)
        else:
            os.environ["WORKBOOK_HOME"] = old


def lived_in_profile(env, name: str = OWN) -> str:
    """Make profile ``name`` in ``env``'s home from the sample persona, as the person's own
    (consent given, not sample data), and have the servers open it."""
    with in_home(env.home):
        from workbook import sample

        store = sample.create(name)
        store.set_setting("is_demo", False)
        store.agree()
        store.close()
    env.set_profile(name)
    return name


def empty_profile(home: Path, name: str = "empty") -> str:
    """A person's own profile with nothing in it yet, consent given."""
    with in_home(home):
        from workbook import store

        s = store.create_profile(name)
        s.agree()
        s.set_setting("timezone", "Europe/Berlin")
        s.close()
    return name
