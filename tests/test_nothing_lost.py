"""Nothing a person has is lost or overwritten: demo re-runs, concurrent merges, a hand edit
during an import, duplicate and missing ids in a bundle, an export aimed at the live file."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pandas as pd
import pytest

from workbook import applications, bundle, cli, sample
from workbook.errors import WorkbookError
from workbook.records import Application, CheckIn, Win
from workbook.store import Store, backups_dir, create_profile, profile_path

AS_OF = dt.date(2026, 11, 22)


def _bundle_with(members: dict[str, object], **manifest_extra) -> bytes:
    """A bundle made by hand: ``files`` are JSON values by member name (checksums right)."""
    import hashlib

    blobs = {n: json.dumps(v).encode() for n, v in members.items()}
    manifest = {"format": bundle.FORMAT, "bundle_version": 1, "schema_version": 1,
                "created": "2026-11-22T10:00:00+00:00", "profile": "hand",
                "counts": {n[:-5]: len(v) for n, v in members.items()
                           if n.endswith(".json") and isinstance(v, list)
                           and n not in (bundle.SETTINGS, bundle.DRAFTS)},
                "files": {n: hashlib.sha256(b).hexdigest() for n, b in blobs.items()}}
    manifest.update(manifest_extra)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(bundle.MANIFEST, json.dumps(manifest))
        for name, blob in blobs.items():
            zf.writestr(name, blob)
    return out.getvalue()


def _win(id_: str | None, text: str) -> dict:
    row = {"created": "2026-11-20T10:00:00+00:00", "updated": "2026-11-20T10:00:00+00:00",
           "text": text}
    if id_ is not None:
        row["id"] = id_
    return row


# ---------------------------------------------------------------- the demo re-run

def test_running_demo_again_keeps_what_a_person_put_in_the_sample_profile(capsys):
    sample.create("demo", AS_OF).close()
    with Store(profile_path("demo")) as demo:
        demo.save(CheckIn(note="my own words, typed into the sample"))
        copy = demo.backup(reason="manual")
    rc = cli.main(["demo"])
    with Store(profile_path("demo")) as demo:
        notes = [c.note for c in demo.all(CheckIn)]
    assert "my own words, typed into the sample" in notes
    assert copy.exists(), "the demo's backups are kept"
    assert rc == 2 and "left as it is" in capsys.readouterr().err


def test_running_demo_again_on_an_untouched_sample_rebuilds_it_and_keeps_backups():
    sample.create("demo", AS_OF).close()
    with Store(profile_path("demo")) as demo:
        copy = demo.backup(reason="manual")
    assert cli.main(["demo"]) == 0
    with Store(profile_path("demo")) as demo:
        assert demo.is_demo and demo.counts()["application"] > 70
    assert copy.exists()


# ---------------------------------------------------------------- reads inside the write

def _another_window_saves_as_the_lock_is_taken(monkeypatch, store, save) -> list:
    """Run ``save`` (a write from a second connection) at the moment the code under test
    asks for the write lock on ``store``'s file (through ``store`` or a Store it opens), the
    last moment another window can slip in. Reads made before that moment are stale by
    then; reads made after it see the save."""
    real_init, ran = Store.__init__, []

    def trace(statement):
        if statement.startswith("BEGIN IMMEDIATE") and not ran:
            ran.append(True)
            with Store(store.path) as other:
                save(other)

    def init(self, *a, **k):
        real_init(self, *a, **k)
        if self.path == store.path and not ran:
            self._db.set_trace_callback(trace)

    monkeypatch.setattr(Store, "__init__", init)
    store._db.set_trace_callback(trace)
    return ran


def test_a_write_from_another_window_during_a_merge_is_never_overwritten(store, monkeypatch):
    """Two merges of bundles with the same ids and different content: whichever writes
    second reports the conflict, and nothing written first is overwritten."""
    mine = _bundle_with({"win.json": [_win("w1", "from bundle A")]})
    ran = _another_window_saves_as_the_lock_is_taken(
        monkeypatch, store, lambda other: other.put_raw(
            [Win.from_dict(_win("w1", "from bundle B"))]))
    report = bundle.restore(mine, into="tester", mode="merge")
    assert ran
    assert {w.id: w.text for w in store.all(Win)}["w1"] == "from bundle B"
    assert report.conflicts == {"win": ["w1"]} and report.total_added == 0


def test_a_hand_edit_saved_while_an_import_runs_is_not_undone(store, tmp_path, monkeypatch):
    csv = tmp_path / "apps.csv"
    csv.write_text("Company,Role,Date applied,Status\nAcme,Analyst,2026-10-01,Applied\n")
    df, report = applications.load([str(csv)])
    applications.commit(store, df, report)
    app = store.all(Application)[0]
    csv.write_text("Company,Role,Date applied,Status\nAcme,Analyst,2026-10-01,Interview\n")
    df, report = applications.load([str(csv)])

    def hand_edit(other):
        hand = other.get(Application, app.id)
        hand.notes = "typed by hand during the import"
        other.save(hand)

    ran = _another_window_saves_as_the_lock_is_taken(monkeypatch, store, hand_edit)
    applications.commit(store, df, report)
    assert ran
    after = store.get(Application, app.id)
    assert after.stage == "interview", "the import's own change landed"
    assert after.notes == "typed by hand during the import"


# ---------------------------------------------------------------- ids in a bundle

def test_a_bundle_with_two_different_records_under_one_id_is_refused(store):
    data = _bundle_with({"win.json": [_win("w1", "first"), _win("w1", "second")]})
    with pytest.raises(WorkbookError, match="w1"):
        bundle.restore(data, into="fresh")
    with pytest.raises(WorkbookError, match="twice"):
        bundle.restore(data, into="tester", mode="merge")
    assert store.all(Win) == []


def test_records_without_an_id_are_merged_once_however_often_the_bundle_is_merged(store):
    data = _bundle_with({"win.json": [_win(None, "sent five applications"),
                                      _win(None, "walked by the sea")]})
    first = bundle.restore(data, into="tester", mode="merge")
    second = bundle.restore(data, into="tester", mode="merge")
    assert first.added["win"] == 2
    assert second.added["win"] == 0 and second.unchanged["win"] == 2
    assert sorted(w.text for w in store.all(Win)) == ["sent five applications",
                                                      "walked by the sea"]


# ---------------------------------------------------------------- export onto the live file

@pytest.mark.parametrize("suffix", ["", "-wal"])
def test_export_to_the_live_profile_file_is_refused(store, suffix, capsys):
    store.save(Win(text="kept"))
    target = str(profile_path("tester")) + suffix
    assert cli.main(["export", "--profile", "tester", target]) == 2
    assert "profile" in capsys.readouterr().err
    with Store(profile_path("tester")) as again:
        assert [w.text for w in again.all(Win)] == ["kept"]


def test_export_into_the_profiles_folder_is_refused(store, capsys):
    assert cli.main(["export", "--profile", "tester", str(profile_path("tester").parent)]) == 2
    assert "profiles" in capsys.readouterr().err
