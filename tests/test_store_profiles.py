"""The private store: where files live, how they are protected, migrations, profiles and
consent."""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat

import pytest

from workbook import store as st
from workbook.errors import WorkbookError
from workbook.records import Application, CheckIn, Win
from workbook.profiles import default_profile, open_profile
from workbook.store import (
    Store, create_profile, delete_profile, list_profiles, profile_exists, profile_path,
    rename_profile,
)


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_folders_are_0700_and_files_0600(store, workbook_home):
    store.save(Win(text="Sent two applications"))
    backup = store.backup()
    assert mode(workbook_home) == 0o700
    assert mode(workbook_home / "profiles") == 0o700
    assert mode(backup.parent) == 0o700
    assert mode(store.path) == 0o600
    assert mode(backup) == 0o600
    for extra in ("-wal", "-shm"):
        side = store.path.with_name(store.path.name + extra)
        if side.exists():
            assert mode(side) & 0o077 == 0, f"{side.name} is readable by others"


def test_store_uses_wal_and_records_its_schema_version(store):
    raw = sqlite3.connect(store.path)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA user_version").fetchone()[0] == st.SCHEMA_VERSION
    finally:
        raw.close()
    assert store.journal_mode == "wal"


def test_an_old_profile_is_backed_up_before_it_is_migrated(store, monkeypatch, workbook_home):
    store.save(Win(id="w1", text="Finished the course module"))
    store.close()
    new_version = st.SCHEMA_VERSION + 1
    monkeypatch.setattr(st, "SCHEMA_VERSION", new_version)
    monkeypatch.setattr(st, "MIGRATIONS", st.MIGRATIONS + [
        "CREATE TABLE reminders (id TEXT PRIMARY KEY, due TEXT NOT NULL)"])

    with Store.open("tester") as migrated:
        assert migrated.schema_version == new_version
        assert migrated.get(Win, "w1").text == "Finished the course module"

    (backup,) = (workbook_home / "backups" / "tester").glob("*before-migration*.sqlite")
    old = sqlite3.connect(backup)
    try:
        assert old.execute("PRAGMA user_version").fetchone()[0] == new_version - 1
        assert old.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 1
    finally:
        old.close()
    assert mode(backup) == 0o600


def test_a_profile_from_a_newer_workbook_is_not_opened(store):
    store._db.execute(f"PRAGMA user_version = {st.SCHEMA_VERSION + 5}")
    store.close()
    with pytest.raises(WorkbookError, match="saved by a newer version of the workbook"):
        Store.open("tester")


def test_nothing_personal_is_saved_before_consent():
    s = create_profile("newcomer")
    with pytest.raises(WorkbookError, match="agree"):
        s.save(CheckIn(note="awful day"))
    with pytest.raises(WorkbookError, match="agree"):
        s.put_raw([Win(text="x")])
    s.put_draft("checkin.note", "awful day")
    assert s.is_empty() and s.draft("checkin.note") == ""
    s.agree()
    s.save(CheckIn(note="awful day"))
    assert s.counts()["checkin"] == 1
    s.close()


def test_a_batch_with_one_bad_record_saves_nothing(store):
    good = Win(text="Asked for feedback")
    bad = CheckIn(pleasantness=3)
    with pytest.raises(WorkbookError, match="pleasantness"):
        store.save_many([good, bad])
    assert store.is_empty()


def test_saving_again_updates_in_place_and_keeps_created(store):
    win = store.save(Win(text="first"))
    created = win.created
    win.text = "first, reworded"
    store.save(win)
    (back,) = store.all(Win)
    assert back.text == "first, reworded" and back.created == created
    assert back.updated >= created


def test_oldest_first_holds_across_time_zones(store):
    tokyo = dt.timezone(dt.timedelta(hours=9))
    la = dt.timezone(dt.timedelta(hours=-8))
    earlier = CheckIn(id="a", created=dt.datetime(2026, 3, 1, 20, 0, tzinfo=la),
                      updated=dt.datetime(2026, 3, 1, 20, 0, tzinfo=la))
    later = CheckIn(id="b", created=dt.datetime(2026, 3, 2, 14, 0, tzinfo=tokyo),
                    updated=dt.datetime(2026, 3, 2, 14, 0, tzinfo=tokyo))
    # 20:00 in Los Angeles is 04:00 UTC on 2 March, before 14:00 in Tokyo (05:00 UTC)
    store.put_raw([later, earlier])
    assert [c.id for c in store.all(CheckIn)] == ["a", "b"]
    assert store.get(CheckIn, "b").created == later.created


def test_today_is_on_the_profiles_own_calendar(store):
    store.set_setting("timezone", "Pacific/Kiritimati")  # UTC+14
    assert store.now().utcoffset() == dt.timedelta(hours=14)
    assert store.today() == dt.datetime.now(dt.timezone(dt.timedelta(hours=14))).date()


def test_rename_keeps_data_and_backups(store, workbook_home):
    store.save(Win(id="w", text="Kept my routine"))
    store.backup()
    store.close()
    rename_profile("tester", "Client A")
    assert list_profiles() == ["Client A"]
    with Store.open("Client A") as s:
        assert s.get(Win, "w").text == "Kept my routine"
    assert list((workbook_home / "backups" / "Client A").glob("*.sqlite"))
    assert not (workbook_home / "backups" / "tester").exists()


def test_rename_to_a_taken_name_changes_nothing(store):
    create_profile("other").close()
    with pytest.raises(WorkbookError, match="already exists"):
        rename_profile("tester", "other")
    assert list_profiles() == ["other", "tester"]


def test_delete_removes_the_database_its_wal_and_shm_and_its_backups(store, workbook_home):
    store.save(Win(text="Applied to three roles"))
    store.backup()
    path = store.path
    wal, shm = (path.with_name(path.name + s) for s in ("-wal", "-shm"))
    assert wal.exists() and shm.exists(), "an open WAL store has its side files"
    removed = delete_profile("tester")
    assert str(path) in removed and str(wal) in removed and str(shm) in removed
    assert str(workbook_home / "backups" / "tester") in removed
    store.close()
    leftovers = [p for p in workbook_home.rglob("*") if "tester" in p.name]
    assert leftovers == []
    assert not profile_exists("tester")


def test_profile_names_refuse_paths_and_blanks():
    for bad in ("", "   ", "../escape", "a/b", ".hidden", "x" * 61, "name."):
        with pytest.raises(WorkbookError, match="cannot be used"):
            profile_path(bad)
    assert profile_path(" Client B ").name == "Client B.sqlite"


def test_creating_a_profile_twice_is_refused(store):
    with pytest.raises(WorkbookError, match="already exists"):
        create_profile("tester")


def test_default_profile_is_the_demo_when_there_are_none():
    assert default_profile() == "demo"


def test_default_profile_is_the_only_one_when_there_is_one(store):
    assert default_profile() == "tester"


def test_several_profiles_open_nothing_by_themselves(store):
    create_profile("Client B").close()
    assert default_profile() is None
    with pytest.raises(WorkbookError, match="Several profiles exist"):
        open_profile()


def test_one_own_profile_beside_the_sample_opens_by_itself(store):
    from workbook import sample

    sample.ensure_demo()
    assert default_profile() == "tester"
    with open_profile() as s:
        assert s.name == "tester"


def test_two_own_profiles_beside_the_sample_keep_the_picker(store):
    from workbook import profiles, sample

    sample.ensure_demo()
    create_profile("Client B").close()
    assert default_profile() is None and profiles.needs_picker()
    assert profiles.choices() == ["Client B", "tester", "demo"]


def test_starting_an_own_profile_records_consent_and_the_time_zone(workbook_home):
    from workbook import profiles

    with profiles.start_own("", "Europe/Berlin") as me:
        assert me.name == "me" and me.consented
        assert me.setting("timezone") == "Europe/Berlin"
    with profiles.start_own() as again:
        assert again.name == "me 2"


def test_the_sample_view_reads_and_refuses_every_write(workbook_home):
    from workbook import profiles, sample
    from workbook.records import Win

    with sample.create("demo") as demo:
        before = demo.counts()
        view = profiles.for_pages(demo)
        assert view.is_demo and view.counts() == before
        for write in (lambda: view.save(Win(text="mine")), lambda: view.set_setting("x", 1),
                      lambda: view.delete(Win, "any")):
            with pytest.raises(profiles.SampleDataWrite, match="sample data"):
                write()
        view.put_draft("check_in.note", "typed on the sample")
        assert demo.counts() == before and demo.draft("check_in.note") == ""


def test_workbook_profile_variable_wins_even_over_several(store, monkeypatch):
    create_profile("Client B").close()
    monkeypatch.setenv("WORKBOOK_PROFILE", "Client B")
    assert default_profile() == "Client B"
    with open_profile() as s:
        assert s.name == "Client B"
    assert st.last_used() == "Client B"


def test_typing_drafts_survive_a_reopen(store):
    store.put_draft("debrief.what_happened", "They asked about…")
    store.close()
    with Store.open("tester") as again:
        assert again.draft("debrief.what_happened") == "They asked about…"
        again.clear_draft("debrief.what_happened")
        assert again.draft("debrief.what_happened") == ""


def test_delete_returns_false_for_a_missing_record(store):
    app = store.save(Application(company="Acme"))
    assert store.delete(Application, app.id) is True
    assert store.delete(Application, app.id) is False
    assert store.integrity_ok()


def test_times_at_the_edges_of_the_calendar_are_stored_and_read_back(store):
    plus5 = dt.timezone(dt.timedelta(hours=5))
    minus5 = dt.timezone(dt.timedelta(hours=-5))
    early = dt.datetime(1, 1, 1, tzinfo=plus5)
    late = dt.datetime(9999, 12, 31, 23, 0, tzinfo=minus5)
    store.put_raw([Win(id="early", text="a", created=early, updated=early),
                   Win(id="late", text="b", created=late, updated=late)])
    assert [w.id for w in store.all(Win)] == ["early", "late"]
    assert store.get(Win, "late").created == late


def test_loading_gives_the_same_records_as_a_fully_validated_read(store):
    from workbook import sample
    from workbook.records import KINDS

    with sample.create("demo", dt.date(2026, 5, 1)) as demo:
        for kind, cls in KINDS.items():
            loaded = demo.all(cls)
            assert loaded == [cls.from_dict(d) for d in demo.raw(kind)], kind
            if loaded:
                assert demo.get(cls, loaded[-1].id) == loaded[-1]


def test_a_record_written_by_an_older_version_loads_with_defaults(store):
    import json

    store.save(CheckIn(id="old", note="from last year"))
    data = store.raw("checkin")[0]
    del data["tags"]  # an older workbook had no tags
    data["retired_field"] = 1
    store._db.execute("UPDATE records SET data = ? WHERE id = 'old'", (json.dumps(data),))
    (back,) = store.all(CheckIn)
    assert back.note == "from last year" and back.tags == []


def test_a_file_that_is_not_a_profile_gives_one_sentence(workbook_home):
    bogus = st.profiles_dir() / "pasted.sqlite"
    bogus.write_bytes(b"name,company\nSam,Acme\n" * 200)
    with pytest.raises(WorkbookError, match="damaged or is not a workbook profile"):
        Store.open("pasted")


def test_only_the_newest_ten_backups_are_kept(store, workbook_home):
    made = [store.backup(reason=f"n{i}") for i in range(13)]
    kept = sorted((workbook_home / "backups" / "tester").glob("*.sqlite"))
    assert len(kept) == st.KEEP_BACKUPS
    assert made[-1] in kept and made[0] not in kept
