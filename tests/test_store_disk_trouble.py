"""A healthy profile on a read-only disk, an immutable file or a full disk is never called
damaged: it opens for reading (so it can be exported), a write says what is really wrong, and
a profile that could not be made is not left behind empty. Also: private folders whatever the
umask, half-built profiles removed with their profile, WORKBOOK_HOME that cannot be a folder.

The real conditions (a tmpfs that fills up, a read-only mount, ``chattr +i``) need root on a
machine that allows them; each such test says so when it skips. The full-disk rule for saves
also runs everywhere through SQLite's own page limit, which raises the same error."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import uuid

import pytest

from workbook import bundle, cli
from workbook.errors import WorkbookError
from workbook.records import Win
from workbook.store import Store, create_profile, delete_profile, list_profiles, profile_path

DAMAGED = "damaged"


def _healthy(name: str = "p") -> None:
    with create_profile(name) as s:
        s.agree()
        s.save(Win(text="kept safe"))
        s.checkpoint()


@contextlib.contextmanager
def _tmpfs(tmp_path, size: str = "512k"):
    mount = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip("this machine does not allow mounting a small disk (needs root with "
                    "CAP_SYS_ADMIN); the full-disk save rule is still tested below")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _fill(folder) -> None:
    with open(folder / "filler", "wb") as fh:
        with contextlib.suppress(OSError):
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()


def _only_read_works(monkeypatch, home, capsys, out_dir) -> str:
    monkeypatch.setenv("WORKBOOK_HOME", str(home))
    with Store(profile_path("p")) as s:
        assert [w.text for w in s.all(Win)] == ["kept safe"]
        with pytest.raises(WorkbookError) as info:
            s.save(Win(text="more"))
    assert DAMAGED not in str(info.value) and "delete" not in str(info.value)
    out = out_dir / f"out-{uuid.uuid4().hex[:6]}.zip"
    assert cli.main(["export", "--profile", "p", str(out)]) == 0, capsys.readouterr().err
    assert bundle.read(out.read_bytes()).records["win"][0].text == "kept safe"
    return str(info.value)


def test_a_full_disk_is_named_and_never_leaves_an_empty_profile(tmp_path, monkeypatch, capsys):
    with _tmpfs(tmp_path) as disk:
        monkeypatch.setenv("WORKBOOK_HOME", str(disk / "wb"))
        _healthy()
        _fill(disk)
        message = _only_read_works(monkeypatch, disk / "wb", capsys, tmp_path)
        assert "disk is full" in message
        with pytest.raises(WorkbookError, match="disk is full") as info:
            create_profile("new one")
        assert "no profile was made" in str(info.value)
        assert list_profiles() == ["p"], "no empty profile is left behind"


def test_a_read_only_disk_is_named_and_the_profile_still_opens(tmp_path, monkeypatch, capsys):
    with _tmpfs(tmp_path, "4m") as disk:
        monkeypatch.setenv("WORKBOOK_HOME", str(disk / "wb"))
        _healthy()
        if subprocess.run(["mount", "-o", "remount,ro", str(disk)]).returncode != 0:
            pytest.skip("this machine does not allow a read-only remount")
        message = _only_read_works(monkeypatch, disk / "wb", capsys, tmp_path)
        assert "read-only" in message
        assert cli.main(["profiles"]) == 0
        assert DAMAGED not in capsys.readouterr().out


def test_an_immutable_profile_file_is_named_and_still_opens(workbook_home, monkeypatch,
                                                             capsys):
    _healthy()
    path = profile_path("p")
    if shutil.which("chattr") is None or subprocess.run(
            ["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here (needs root on ext4 or similar)")
    try:
        message = _only_read_works(monkeypatch, workbook_home, capsys, workbook_home.parent)
        assert "locked against changes" in message or "read-only" in message
    finally:
        subprocess.run(["chattr", "-i", str(path)])


def test_a_save_on_a_full_disk_says_so_and_keeps_what_was_there(store):
    store.save(Win(id="w1", text="kept safe"))
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk is full"
    with pytest.raises(WorkbookError, match="disk is full") as info:
        store.save_many([Win(text="x" * 5000) for _ in range(50)])
    assert DAMAGED not in str(info.value)
    assert [w.text for w in store.all(Win)] == ["kept safe"]


def test_a_busy_profile_says_busy_when_a_save_waits_too_long(store):
    with store.transaction():
        with Store(store.path, timeout=0.05) as other:
            with pytest.raises(WorkbookError, match="busy in another window"):
                other.save(Win(text="later"))


# ---------------------------------------------------------------- private folders

def test_every_folder_is_0700_even_under_umask_000(store, workbook_home):
    old = os.umask(0)
    try:
        copy = store.backup(reason="manual")
    finally:
        os.umask(old)
    for folder in (workbook_home / "backups", copy.parent, workbook_home / "profiles"):
        assert folder.stat().st_mode & 0o777 == 0o700, folder
    assert copy.stat().st_mode & 0o777 == 0o600


def test_folders_made_for_a_new_home_are_all_private(tmp_path, monkeypatch):
    deep = tmp_path / "a" / "b" / "home"
    monkeypatch.setenv("WORKBOOK_HOME", str(deep))
    old = os.umask(0)
    try:
        create_profile("x").close()
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", deep, deep / "profiles"):
        assert folder.stat().st_mode & 0o777 == 0o700, folder


def test_deleting_a_profile_removes_a_restore_that_was_killed_midway(store, workbook_home):
    data = bundle.export(store)
    unfinished = workbook_home / f".building-{uuid.uuid4().hex}"
    unfinished.mkdir(mode=0o700)
    (unfinished / "tester.sqlite").write_bytes(data)  # as a killed restore leaves it
    other = workbook_home / f".building-{uuid.uuid4().hex}"
    other.mkdir(mode=0o700)
    (other / "someone else.sqlite").write_bytes(b"x")
    store.close()
    removed = delete_profile("tester")
    assert not unfinished.exists() and str(unfinished) in removed
    assert other.exists(), "another profile's build is left alone"


# ---------------------------------------------------------------- WORKBOOK_HOME

@pytest.mark.parametrize("case, words", [
    ("file", "is a file"), ("under-file", "lies inside a file"),
    ("unknown-user", "user this computer does not know")])
def test_a_workbook_home_that_cannot_be_a_folder_gets_its_own_sentence(
        case, words, tmp_path, monkeypatch, capsys):
    target = tmp_path / "plain.txt"
    target.write_text("not a folder")
    value = {"file": str(target), "under-file": str(target / "inside"),
             "unknown-user": "~no_such_user_i13/workbook"}[case]
    monkeypatch.setenv("WORKBOOK_HOME", value)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["profiles"]) == 2
    err = capsys.readouterr().err
    assert words in err and "something went wrong" not in err
    assert not (tmp_path / "~no_such_user_i13").exists(), "no folder made under the cwd"
