"""Export a profile as one bundle and restore it: exact, checked first, never overwriting."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import itertools
import json
import typing
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from workbook import bundle, sample
from workbook.errors import WorkbookError
from workbook.records import KINDS, YEARS, Application, CheckIn, Win
from workbook.store import (
    SCHEMA_VERSION, Store, building, create_profile, list_profiles, profile_exists,
)

AS_OF = dt.date(2026, 11, 22)


def everything(store: Store) -> dict:
    return {kind: sorted((r.to_dict() for r in store.all(cls)), key=lambda d: d["id"])
            for kind, cls in KINDS.items()}


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def rezip(files: dict[str, bytes], *, fix_hashes: bool = True) -> bytes:
    """A bundle rebuilt from its members (with the manifest's checksums made to match)."""
    files = dict(files)
    if fix_hashes:
        manifest = json.loads(files["manifest.json"])
        manifest["files"] = {n: hashlib.sha256(b).hexdigest()
                             for n, b in files.items() if n != "manifest.json"}
        files["manifest.json"] = json.dumps(manifest).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, blob in files.items():
            zf.writestr(name, blob)
    return out.getvalue()


@pytest.fixture
def demo():
    s = sample.create("demo", AS_OF)
    yield s
    s.close()


def test_demo_round_trip_gives_back_every_record_and_setting_exactly(demo):
    data = bundle.export(demo)
    report = bundle.restore(data, into="copy")
    with Store.open("copy") as copy:
        assert everything(copy) == everything(demo)
        assert copy.settings() == demo.settings()
        assert copy.is_demo
    assert report.mode == "new"
    assert report.added == {k: n for k, n in demo.counts().items() if n} | {
        k: 0 for k, n in demo.counts().items() if not n}


def test_manifest_lists_versions_counts_and_a_checksum_for_every_member(demo):
    files = members(bundle.export(demo))
    manifest = json.loads(files["manifest.json"])
    assert manifest["format"] == "workbook-bundle"
    assert manifest["schema_version"] == SCHEMA_VERSION
    assert manifest["app_version"]
    dt.datetime.fromisoformat(manifest["created"])
    assert manifest["counts"] == demo.counts()
    assert set(manifest["files"]) == set(files) - {"manifest.json"}
    for name, digest in manifest["files"].items():
        assert hashlib.sha256(files[name]).hexdigest() == digest
    assert {f"{k}.json" for k in KINDS} | {"settings.json", "applications.csv"} <= set(files)


def test_applications_csv_neutralises_spreadsheet_formulas(store):
    risky = ["=HYPERLINK(\"http://evil\",\"x\")", "+1 555 0100", "-2+3", "@SUM(A1)",
             "\tindented", "\rcarriage"]
    store.save(Application(id="a1", company=risky[0], role=risky[1], location=risky[2],
                           notes=risky[3], status_raw=risky[4], source_raw=risky[5],
                           url="https://jobs.example.org/1", tailored=True))
    store.save(Application(id="a2", company="Zoë & Co, Ltd", role="Analyst\n(2 lines)"))
    raw = members(bundle.export(store))["applications.csv"]
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    first = next(r for r in rows if r["application_id"] == "a1")
    cells = [first[c] for c in ("company", "role", "location", "notes", "status_raw",
                                "source_raw")]
    assert cells == ["'" + text for text in risky]
    assert first["url"] == "https://jobs.example.org/1"
    second = next(r for r in rows if r["application_id"] == "a2")
    assert second["company"] == "Zoë & Co, Ltd" and second["role"] == "Analyst\n(2 lines)"
    for row in rows:
        assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in row.values())


def test_guard_cell_leaves_ordinary_text_alone():
    assert bundle.guard_cell("Acme") == "Acme"
    assert bundle.guard_cell(None) == ""
    assert bundle.guard_cell("a=b") == "a=b"
    assert bundle.guard_cell("=1+1") == "'=1+1"


@pytest.mark.parametrize("data, message", [
    (b"", "The file is empty"),
    (b"name,company\nx,y\n", r"not a workbook bundle \(it is not a zip file\)"),
])
def test_files_that_are_not_bundles_are_refused_in_one_sentence(data, message):
    with pytest.raises(WorkbookError, match=message) as err:
        bundle.restore(data, into="new one")
    assert "\n" not in str(err.value)
    assert not profile_exists("new one")


def test_a_zip_without_a_manifest_is_refused():
    with pytest.raises(WorkbookError, match="has no manifest.json"):
        bundle.restore(rezip({"notes.txt": b"hello"}, fix_hashes=False), into="x")


def test_a_changed_member_is_caught_by_its_checksum(demo):
    files = members(bundle.export(demo))
    files["win.json"] = files["win.json"].replace(b"offer", b"OFFER")
    with pytest.raises(WorkbookError, match="win.json does not match its checksum"):
        bundle.restore(rezip(files, fix_hashes=False), into="x")
    assert not profile_exists("x")


def test_a_member_missing_from_the_zip_is_named(demo):
    files = members(bundle.export(demo))
    manifest = files["manifest.json"]
    del files["skill.json"]
    files["manifest.json"] = manifest
    with pytest.raises(WorkbookError, match="skill.json is listed in the manifest but missing"):
        bundle.restore(rezip(files, fix_hashes=False), into="x")


def test_a_bundle_from_a_newer_workbook_asks_for_an_update(demo):
    files = members(bundle.export(demo))
    manifest = json.loads(files["manifest.json"])
    manifest["schema_version"] = SCHEMA_VERSION + 1
    files["manifest.json"] = json.dumps(manifest).encode()
    with pytest.raises(WorkbookError, match="newer version of the workbook"):
        bundle.restore(rezip(files), into="x")


def test_an_invalid_record_stops_the_restore_before_anything_is_written(demo):
    files = members(bundle.export(demo))
    rows = json.loads(files["checkin.json"])
    rows[3]["pleasantness"] = 7
    files["checkin.json"] = json.dumps(rows).encode()
    with pytest.raises(WorkbookError, match="checkin.json, record 4: .*pleasantness must be "
                                            "between -1 and 1"):
        bundle.restore(rezip(files), into="x")
    assert not profile_exists("x")
    assert list_profiles() == ["demo"]


def test_restore_as_new_refuses_an_existing_profile_and_changes_nothing(demo, store):
    store.save(Win(text="mine"))
    before = everything(store)
    with pytest.raises(WorkbookError, match="already exists"):
        bundle.restore(bundle.export(demo), into="tester")
    assert everything(store) == before


def test_merge_adds_new_records_keeps_mine_on_conflict_and_reports_it(store, workbook_home):
    store.save(Win(id="same", text="Same in both"))
    store.save(Win(id="clash", text="My version"))
    source = create_profile("source")
    source.agree()
    source.put_raw([store.get(Win, "same")])
    source.save(Win(id="clash", text="Their version"))
    source.save(Win(id="new", text="Only in the bundle"))
    source.save(CheckIn(id="c1", note="only there"))
    source.set_setting("weekly_goal", 5)
    data = bundle.export(source)

    report = bundle.restore(data, into="tester", mode="merge")

    assert store.get(Win, "clash").text == "My version"
    assert store.get(Win, "new").text == "Only in the bundle"
    assert store.get(CheckIn, "c1").note == "only there"
    assert report.added["win"] == 1 and report.added["checkin"] == 1
    assert report.unchanged["win"] == 1
    assert report.conflicts == {"win": ["clash"]}
    assert store.setting("weekly_goal") == 5
    assert "nothing was overwritten" in report.summary()
    assert report.backup and (workbook_home / "backups" / "tester").exists()
    again = bundle.restore(data, into="tester", mode="merge")
    assert again.total_added == 0 and again.conflicts == {"win": ["clash"]}


def test_merging_sample_data_does_not_turn_a_profile_into_a_sample(demo, store):
    bundle.restore(bundle.export(demo), into="tester", mode="merge")
    assert not store.is_demo
    assert store.counts()["application"] == demo.counts()["application"]


def test_typing_drafts_travel_with_the_bundle(store):
    store.put_draft("checkin.note", "half a thought…")
    bundle.restore(bundle.export(store), into="moved")
    with Store.open("moved") as moved:
        assert moved.draft("checkin.note") == "half a thought…"


# ---------------------------------------------------------------- property test

def _value(hint, meta):
    args = typing.get_args(hint)
    if type(None) in args:
        inner = next(a for a in args if a is not type(None))
        return hs.none() | _value(inner, meta)
    origin = typing.get_origin(hint) or hint
    lo, hi = meta.get("lo"), meta.get("hi")
    if meta.get("choices"):
        return hs.sampled_from(meta["choices"])
    if origin is str:
        text = hs.text(max_size=40)
        if meta.get("required"):
            text = text.filter(lambda s: s.strip())
        return text
    if origin is bool:
        return hs.booleans()
    if origin is int:
        return hs.integers(int(lo) if lo is not None else -10**12,
                           int(hi) if hi is not None else 10**12)
    if origin is float:
        return hs.floats(lo if lo is not None else -1e12, hi if hi is not None else 1e12,
                         allow_nan=False, allow_infinity=False)
    if origin is dt.datetime:
        if meta.get("any_year"):
            return hs.datetimes(timezones=hs.timezones())
        return hs.datetimes(dt.datetime(YEARS[0], 1, 2), dt.datetime(YEARS[1], 12, 30),
                            timezones=hs.timezones())
    if origin is dt.date:
        return hs.dates(dt.date(YEARS[0], 1, 1), dt.date(YEARS[1], 12, 31))
    if origin is list:
        (item,) = typing.get_args(hint) or (str,)
        if item is dict:
            return hs.lists(hs.dictionaries(hs.text(max_size=8), hs.text(max_size=8)),
                            max_size=3)
        return hs.lists(hs.text(max_size=12), max_size=4)
    if origin is dict:
        return hs.dictionaries(hs.text(max_size=8),
                               hs.integers(-5, 5) | hs.text(max_size=8), max_size=3)
    raise AssertionError(f"no strategy for {hint}")


def _records(cls):
    hints = typing.get_type_hints(cls)
    fields = {fl.name: _value(hints[fl.name], dict(fl.metadata))
              for fl in dataclasses.fields(cls) if fl.name != "id"}
    ids = hs.text(min_size=1, max_size=20).filter(lambda s: s.strip())
    return hs.lists(hs.builds(cls, id=ids, **fields), max_size=3,
                    unique_by=lambda r: r.id)


_COUNTER = itertools.count()
ANY_RECORDS = hs.fixed_dictionaries({kind: _records(cls) for kind, cls in KINDS.items()})
ANY_SETTINGS = hs.dictionaries(hs.text(min_size=1, max_size=10).filter(
    lambda k: k not in ("consent_at", "is_demo")),
    hs.text(max_size=20) | hs.integers() | hs.booleans() | hs.none(), max_size=4)


@settings(derandomize=True, database=None, max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(records=ANY_RECORDS, extra=ANY_SETTINGS)
def test_export_then_restore_returns_every_record_unchanged(records, extra, workbook_home):
    name = f"p{next(_COUNTER)}"
    with building(name) as original:  # made out of sight: fewer disk syncs, same store
        original.agree()
        for key, value in extra.items():
            original.set_setting(key, value)
        original.put_raw([r for recs in records.values() for r in recs])
        expected = {kind: sorted((r.to_dict() for r in recs), key=lambda d: d["id"])
                    for kind, recs in records.items()}
        assert everything(original) == expected
        data = bundle.export(original)
        settings_before = original.settings()
    copy_name = name + "-copy"
    bundle.restore(data, into=copy_name)
    with Store.open(copy_name) as copy:
        assert everything(copy) == expected
        assert copy.settings() == settings_before
