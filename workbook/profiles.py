"""Where profiles live and which one opens, above the store and the demo persona.

- ``own_profiles()``: the person's own profiles (every profile but the sample one);
- ``default_profile()``: the profile a page or command opens by itself (``WORKBOOK_PROFILE``
  wins; no own profile: the sample; exactly one own profile, even beside the sample: that
  one; several: None, the person picks);
- ``needs_picker()``: whether a page must ask which profile to open;
- ``open_profile(name)``: open it, creating the sample persona when it is asked for and
  missing, and remember it as last used;
- ``start_own(name, timezone)``: the person's own new profile, consent given in the same
  step (the sample data's "start your own profile" and the start page use it);
- ``SampleView``: the sample profile as pages see it: everything reads, nothing writes.

``workbook.store`` knows files and records, ``workbook.sample`` the invented persona; this
module is the only one that knows both, so neither imports the other.
"""

from __future__ import annotations

import os
from typing import Any

from workbook import store as st
from workbook.errors import WorkbookError

DEMO = st.DEMO_PROFILE


def own_profiles() -> list[str]:
    """The person's own profile names, sorted (the sample profile left out)."""
    return [n for n in st.list_profiles() if n != DEMO]


def default_profile() -> str | None:
    """The profile that opens by itself, or None when the person must pick.

    ``WORKBOOK_PROFILE`` wins. Only the person's own profiles count: none, the sample
    persona; one (beside the sample or not), that one; several, nobody's data opens unasked.
    """
    env = os.environ.get("WORKBOOK_PROFILE", "").strip()
    if env:
        return st.check_name(env)
    own = own_profiles()
    if not own:
        return DEMO
    if len(own) == 1:
        return own[0]
    return None


def needs_picker() -> bool:
    """True when several own profiles exist and none is named in the environment."""
    return default_profile() is None


def choices() -> list[str]:
    """What a picker offers: the own profiles, then the sample one when it exists."""
    return own_profiles() + ([DEMO] if st.profile_exists(DEMO) else [])


def open_profile(name: str | None = None) -> st.Store:
    """Open a profile by name (default: ``default_profile()``), creating the sample persona
    when it is asked for and missing, and remember it as last used."""
    name = st.check_name(name) if name else default_profile()
    if name is None:
        raise WorkbookError("Several profiles exist: please pick one (workbook profiles lists "
                            "them; --profile NAME chooses).")
    if name == DEMO and not st.profile_exists(name):
        from workbook import sample

        sample.ensure_demo(name)
    store = st.Store.open(name)
    st.remember_last_used(name)
    return store


def free_name(wanted: str = "") -> str:
    """``wanted`` when given (checked), else "me", "me 2", ... whichever is not taken."""
    if wanted.strip():
        return st.check_name(wanted)
    n = 1
    while True:
        name = "me" if n == 1 else f"me {n}"
        if not st.profile_exists(name):
            return name
        n += 1


def start_own(name: str = "", timezone: str | None = None) -> st.Store:
    """The person's own new profile (name optional), consent recorded, time zone set, open.

    Called when the person has read the privacy note and pressed the button that agrees."""
    store = st.create_profile(free_name(name))
    store.agree()
    store.set_setting("timezone", timezone or st.machine_timezone())
    st.remember_last_used(store.name)
    return store


class SampleDataWrite(WorkbookError):
    """Something tried to write into the sample profile."""


SAMPLE_SENTENCE = ("This is the sample data of an invented person, so nothing you enter is "
                   "kept in it: start your own profile first (the start page, or the Save "
                   "button of a form, offers it).")


class SampleView:
    """The sample profile as a page sees it: reading works as on any store; every write
    raises ``SampleDataWrite`` (typing drafts are quietly not kept), so nothing a person
    types lands in the invented persona's data."""

    _WRITES = ("save", "save_many", "put_raw", "delete", "set_setting", "agree",
               "put_drafts", "backup")

    def __init__(self, store: st.Store):
        self._store = store

    def __getattr__(self, name: str) -> Any:
        if name in self._WRITES:
            raise SampleDataWrite(SAMPLE_SENTENCE)
        return getattr(self._store, name)

    def put_draft(self, key: str, text: str) -> None:
        """Not kept: the text stays in its field until an own profile is started."""

    def clear_draft(self, key: str) -> None:
        """Nothing was kept."""

    def close(self) -> None:
        self._store.close()

    @property
    def store(self) -> st.Store:
        """The real sample store (for reading it whole, e.g. a backup of it)."""
        return self._store


def for_pages(store: st.Store) -> Any:
    """What a page is given: the sample profile behind a ``SampleView``, others as they are."""
    return SampleView(store) if store.is_demo else store
