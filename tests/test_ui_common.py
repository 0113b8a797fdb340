"""The shared page pieces and the start page, driven without a browser (set .value, .click())."""

from __future__ import annotations

import datetime as dt
import html
import io
import zipfile

import ipywidgets as w
import pytest

from workbook import store as st
from workbook.errors import WorkbookError
from workbook.records import Win
from workbook.ui import common, start


def walk(widget):
    for child in getattr(widget, "children", ()):
        yield child
        yield from walk(child)


def find(root, kind, description):
    found = [x for x in walk(root) if isinstance(x, kind)
             and getattr(x, "description", None) == description]
    assert found, f"no {kind.__name__} described {description!r}"
    return found[0]


def messages(root) -> common.Messages:
    return next(x for x in walk(root) if isinstance(x, common.Messages))


def html_text(root) -> str:
    return " ".join(x.value for x in walk(root) if isinstance(x, w.HTML))


@pytest.fixture
def demo(workbook_home):
    from workbook import sample

    sample.create("demo").close()
    return "demo"


# ---------------------------------------------------------------- errors and escaping

def test_a_callback_error_shows_one_sentence_not_a_traceback():
    msgs = common.Messages()

    def boom(_):
        raise WorkbookError("The date in row 3 is not a date; please fix it.")

    common.guarded(boom, msgs)(None)
    assert "row 3" in msgs.value and "Traceback" not in msgs.value


def test_an_unexpected_error_shows_a_calm_sentence_and_no_detail():
    msgs = common.Messages()
    common.guarded(lambda _: 1 / 0, msgs)(None)
    assert "nothing was changed" in msgs.value
    assert "ZeroDivision" not in msgs.value


def test_user_text_in_messages_is_escaped():
    msgs = common.Messages()
    msgs.ok('<img src=x onerror="alert(1)">')
    assert "<img" not in msgs.value and "&lt;img" in msgs.value


# ---------------------------------------------------------------- save status

def test_save_status_says_not_saved_then_the_time_on_the_profiles_clock(store):
    store.set_setting("timezone", "Asia/Tokyo")
    status = common.SaveStatus(store)
    assert "Not saved yet" in status.line.value
    status.saved("your check-in")
    expected = dt.datetime.now(dt.timezone.utc).astimezone(store.timezone).strftime("%H:%M")
    assert f"Your check-in saved at {expected}".lower() in status.line.value.lower()


def test_binder_reminder_appears_after_a_save_only_on_binder(store, monkeypatch):
    status = common.SaveStatus(store)
    status.saved()
    assert status.backup.children == ()
    monkeypatch.setenv("BINDER_SERVICE_HOST", "10.0.0.1")
    status.saved()
    reminder = status.backup.children[0]
    find(reminder, w.Button, "Download a backup").click()
    assert "download=\"workbook-tester-" in html_text(reminder)


# ---------------------------------------------------------------- drafts

def test_typing_is_kept_as_a_draft_and_restored_when_the_form_is_rebuilt(store):
    ctx = common.Context(store, common.Messages(), common.SafetyPanel())
    note = w.Textarea(description="Note")
    keeper = common.keep_draft(ctx, "check_in.note", note)
    note.value = "Still stings. Écrit à 22h ✓"
    assert store.draft("check_in.note") == "Still stings. Écrit à 22h ✓"
    rebuilt = w.Textarea(description="Note")
    common.keep_draft(ctx, "check_in.note", rebuilt)
    assert rebuilt.value == "Still stings. Écrit à 22h ✓"
    keeper.clear()
    assert store.draft("check_in.note") == ""


def test_a_loop_left_marked_running_by_another_library_does_not_swallow_drafts(store):
    """Playwright's sync API leaves an event loop marked as running in the test process;
    outside a kernel every keystroke must still reach the store."""
    import asyncio

    loop = asyncio.new_event_loop()
    asyncio._set_running_loop(loop)
    try:
        ctx = common.Context(store, common.Messages(), common.SafetyPanel())
        note = w.Textarea(description="Note")
        common.keep_draft(ctx, "check_in.note", note)
        note.value = "still here"
        assert store.draft("check_in.note") == "still here"
    finally:
        asyncio._set_running_loop(None)
        loop.close()


def test_no_draft_is_written_before_consent(workbook_home):
    fresh = st.create_profile("newcomer")
    ctx = common.Context(fresh, common.Messages(), common.SafetyPanel())
    note = w.Textarea(description="Note")
    common.keep_draft(ctx, "n", note)
    note.value = "private"
    assert fresh.draft("n") == ""
    fresh.close()


# ---------------------------------------------------------------- page frame

def test_the_page_shows_the_active_profile_and_marks_sample_data(demo, monkeypatch):
    monkeypatch.setenv("WORKBOOK_PROFILE", "demo")
    root = common.page("Test", lambda ctx: w.HTML("body"))
    assert "Profile: <strong>demo (sample data)" in html_text(root)
    assert "body" in html_text(root)


def test_one_own_profile_beside_the_sample_opens_with_no_picker(demo):
    with st.create_profile("mine") as mine:
        mine.agree()
    built = []
    root = common.page("Test", lambda ctx: built.append(ctx.store.name) or w.HTML("body"))
    assert built == ["mine"]
    assert "none opens by itself" not in html_text(root)
    assert "Profile: <strong>mine</strong>" in html_text(root)


def test_with_several_profiles_no_page_opens_one_by_itself(demo):
    st.create_profile("client-a").close()
    st.create_profile("client-b").close()
    built = []
    root = common.page("Test", lambda ctx: built.append(ctx.store.name) or w.HTML("body"))
    assert built == []
    assert "none opens by itself" in html_text(root)
    picker = find(root, w.Dropdown, "Profile")
    picker.value = "client-a"
    find(root, w.Button, "Open this profile").click()
    assert "privacy" in html_text(root).lower()  # consent first: a person's own profile
    assert built == []


def test_consent_comes_before_the_body_and_saves_the_chosen_time_zone(workbook_home,
                                                                      monkeypatch):
    st.create_profile("mine").close()
    monkeypatch.setenv("WORKBOOK_PROFILE", "mine")
    root = common.page("Test", lambda ctx: w.HTML("the body"))
    assert "the body" not in html_text(root)
    assert "not therapy" in html_text(root)
    find(root, w.Dropdown, "Time zone").value = "America/Bogota"
    find(root, w.Button, "I agree, continue").click()
    assert "the body" in html_text(root)
    with st.Store.open("mine") as s:
        assert s.consented and s.setting("timezone") == "America/Bogota"


def test_consent_mentions_the_third_party_server_only_on_binder(workbook_home, monkeypatch):
    s = st.create_profile("mine")
    assert "third-party server" not in common.consent_text(s)
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/user/x/")
    assert "third-party server" in common.consent_text(s)
    s.close()


def test_the_safety_panel_is_one_click_away_on_every_page(demo, monkeypatch):
    monkeypatch.setenv("WORKBOOK_PROFILE", "demo")
    root = common.page("Test", lambda ctx: w.HTML("x"))
    safety = next(x for x in walk(root) if isinstance(x, common.SafetyPanel))
    assert not safety.is_open
    safety.button.click()
    assert safety.is_open and "findahelpline.com" in safety.panel.value


def test_safety_open_shows_the_panel_from_code(demo, monkeypatch):
    panel = common.SafetyPanel()
    panel.open()
    assert panel.is_open


def test_data_panel_says_where_the_data_is_and_downloads_it(store):
    store.save(Win(text="Sent the follow-up email"))
    panel = common.DataPanel(store, common.Messages())
    assert "1 win" in panel.summary.value and str(store.path) in panel.summary.value
    panel.make.click()
    assert 'download="workbook-tester-' in panel.link.children[0].value


def test_plurals_read_naturally():
    assert [common.plural(n, k) for n, k in [("win", 1), ("win", 3), ("weekly review", 2),
                                             ("feedback", 4), ("activity", 2)]] == \
        ["win", "wins", "weekly reviews", "feedback", "activities"]


# ---------------------------------------------------------------- start page

def test_the_first_thing_on_the_start_page_is_the_check_in_link(demo, monkeypatch):
    monkeypatch.setenv("WORKBOOK_PROFILE", "demo")
    root = start.app()
    body = next(x for x in walk(root) if isinstance(x, w.HTML)
                and 'class="wb-primary-action"' in x.value)
    assert 'href="01_check_in.ipynb"' in body.value
    assert "check in now (about two minutes)" in body.value
    texts = [x.value for x in walk(root) if isinstance(x, w.HTML) and x.value.strip()
             and not x.value.startswith("<style>")]
    first_body = next(i for i, t in enumerate(texts) if 'class="wb-primary-action"' in t)
    about = next(i for i, t in enumerate(texts) if "What it is not" in t)
    assert first_body < about


def test_start_page_maps_every_notebook_with_a_relative_link(demo, monkeypatch):
    monkeypatch.setenv("WORKBOOK_PROFILE", "demo")
    text = html_text(start.app())
    for name in ("01_check_in", "02_interview_reflection", "03_skill_gap_plan",
                 "04_search_analytics", "05_weekly_review"):
        assert f'href="{name}.ipynb"' in text


def test_start_page_creates_a_profile_and_asks_consent_first(demo, monkeypatch):
    root = start.app()
    find(root, w.Text, "New profile name").value = "Client A"
    find(root, w.Button, "Start my own profile").click()
    assert "Client A" in st.list_profiles()
    assert "I agree, continue" in [x.description for x in walk(root)
                                   if isinstance(x, w.Button)]
    find(root, w.Button, "I agree, continue").click()
    assert "Profile: <strong>Client A</strong>" in html_text(root)


def test_creating_a_profile_without_a_name_says_what_to_do(demo):
    root = start.app()
    find(root, w.Button, "Start my own profile").click()
    assert "type a name" in messages(root).value
    assert st.list_profiles() == ["demo"]


def test_delete_confirms_naming_what_goes_and_removes_backups(demo, monkeypatch):
    s = st.create_profile("gone")
    s.agree()
    s.save(Win(text="first win"))
    s.backup()
    s.close()
    monkeypatch.setenv("WORKBOOK_PROFILE", "gone")
    root = start.app()
    find(root, w.Button, "Delete this profile…").click()
    warning = html_text(root)
    assert "removes 1 win" in warning and "backups" in warning
    assert "gone" in st.list_profiles()  # nothing goes before the second click
    monkeypatch.delenv("WORKBOOK_PROFILE")
    find(root, w.Button, "Yes, delete gone").click()
    assert "gone" not in st.list_profiles()
    assert not (st.home() / "backups" / "gone").exists()
    assert "were deleted" in messages(root).value


def test_rename_keeps_the_entries(demo, monkeypatch):
    s = st.create_profile("old name")
    s.agree()
    s.save(Win(text="kept"))
    s.close()
    root = start.app()  # the one own profile opens, the sample beside it does not count
    find(root, w.Text, "Rename this profile to").value = "new name"
    find(root, w.Button, "Rename").click()
    assert "new name" in st.list_profiles() and "old name" not in st.list_profiles()
    with st.Store.open("new name") as renamed:
        assert [x.text for x in renamed.all(Win)] == ["kept"]
    assert "Profile: <strong>new name</strong>" in html_text(root)


def test_download_then_restore_by_upload_gives_a_profile_with_the_same_records(demo,
                                                                             monkeypatch):
    monkeypatch.setenv("WORKBOOK_PROFILE", "demo")
    root = start.app()
    find(root, w.Button, "Download everything (one .zip file)").click()
    link = next(x.value for x in walk(root) if isinstance(x, w.HTML)
                and 'class="wb-download"' in x.value)
    import base64
    import re

    data = base64.b64decode(re.search(r"base64,([^\"]+)\"", link).group(1))
    assert zipfile.is_zipfile(io.BytesIO(data))
    upload = next(x for x in walk(root) if isinstance(x, w.FileUpload))
    upload.value = ({"name": "backup.zip", "type": "application/zip", "size": len(data),
                     "content": memoryview(data), "last_modified": dt.datetime.now(dt.timezone.utc)},)
    find(root, w.Text, "Restore as profile named").value = "restored copy"
    find(root, w.Button, "Restore from backup").click()
    said = " ".join(x.value for x in walk(root) if isinstance(x, common.Messages))
    assert "Restored into the new profile 'restored copy'" in html.unescape(said)
    with st.Store.open("demo") as a, st.Store.open("restored copy") as b:
        assert a.counts() == b.counts()


def test_restoring_something_that_is_not_a_backup_changes_nothing(demo, monkeypatch):
    monkeypatch.setenv("WORKBOOK_PROFILE", "demo")
    root = start.app()
    upload = next(x for x in walk(root) if isinstance(x, w.FileUpload))
    upload.value = ({"name": "notes.zip", "type": "application/zip", "size": 5,
                     "content": memoryview(b"hello"), "last_modified": dt.datetime.now(dt.timezone.utc)},)
    find(root, w.Button, "Restore from backup").click()
    said = " ".join(x.value for x in walk(root) if isinstance(x, common.Messages))
    assert "wb-error" in said and "zip" in said
    assert st.list_profiles() == ["demo"]


def test_a_career_centres_own_services_come_before_the_international_fallback(monkeypatch):
    import json

    from workbook import content

    data = json.loads(content.load_text("safety_resources.json"))
    data["local_resources"] = [{"name": "Campus counselling <24/7>", "phone": "+1 555 0100",
                                "text": "free for students and alumni"}]
    monkeypatch.setattr(content, "load_json", lambda name: data)
    text = common._safety_html()
    assert text.index("Campus counselling &lt;24/7&gt;") < text.index("findahelpline.com")
    assert 'href="tel:+1 555 0100"' in text


def test_the_safety_panel_still_helps_without_a_connection():
    text = common._safety_html()
    assert "emergency number" in text and "Right now" in text


def test_not_now_on_the_privacy_note_goes_back_without_saving_anything(demo):
    st.create_profile("undecided").close()
    root = common.page("Test", lambda ctx: w.HTML("the body"))  # opens on its privacy note
    find(root, w.Button, "Not now").click()
    assert "none opens by itself" in html_text(root)
    with st.Store.open("undecided") as s:
        assert not s.consented and s.is_empty()
