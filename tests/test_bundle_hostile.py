"""Bundles that are damaged, incomplete, hand-edited or built to hurt: each is refused in
one sentence of its own (never "something went wrong inside the workbook"), nothing is
written, memory stays bounded, and whatever a restore accepts leaves a profile that can
still be exported, reported on and imported into."""

from __future__ import annotations

import io
import json
import struct
import tracemalloc
import zipfile

import pytest

from tests.test_nothing_lost import _bundle_with, _win
from workbook import bundle, cli
from workbook.errors import WorkbookError
from workbook.store import list_profiles, profile_exists

GENERIC = "something went wrong"


def _refused(data: bytes, *words: str, capsys=None, tmp_path=None) -> str:
    """Restore through the command line: exit 2, one sentence holding ``words``, no
    profile made."""
    path = tmp_path / "bundle.zip"
    path.write_bytes(data)
    before = list_profiles()
    rc = cli.main(["restore", str(path), "--profile", "fresh"])
    err = capsys.readouterr().err
    assert rc == 2, err
    assert GENERIC not in err and err.count("\n") == 1, err
    for word in words:
        assert word in err, err
    assert list_profiles() == before and not profile_exists("fresh")
    return err


def _patch_member(data: bytes, name: str, *, flag: int = 0, method: int | None = None) -> bytes:
    """The zip with one member's header bits changed, in both of its headers."""
    raw = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(name)
    local = info.header_offset
    central = raw.find(b"PK\x01\x02" + raw[local + 4:local + 6])
    while raw[central + 46:central + 46 + len(name)] != name.encode():
        central = raw.find(b"PK\x01\x02", central + 4)
    for at, flag_at, method_at in ((local, 6, 8), (central, 8, 10)):
        bits = struct.unpack_from("<H", raw, at + flag_at)[0] | flag
        struct.pack_into("<H", raw, at + flag_at, bits)
        if method is not None:
            struct.pack_into("<H", raw, at + method_at, method)
    return bytes(raw)


GOOD = {"win.json": [_win("w1", "sent two applications")]}


# ---------------------------------------------------------------- the manifest

def test_an_empty_file_list_with_full_members_is_refused(capsys, tmp_path):
    data = _bundle_with(GOOD, files={}, counts={})
    _refused(data, "does not list win.json", capsys=capsys, tmp_path=tmp_path)


def test_a_kind_counted_but_not_listed_is_refused(capsys, tmp_path):
    data = _bundle_with(GOOD, counts={"win": 1, "checkin": 3})
    _refused(data, "incomplete", "'checkin'", capsys=capsys, tmp_path=tmp_path)


@pytest.mark.parametrize("field, value, words", [
    ("counts", {"win": "1"}, "record counts"),
    ("counts", {"win": True}, "record counts"),
    ("counts", ["win"], "record counts"),
    ("schema_version", "1", "version"),
    ("schema_version", 1.0, "version"),
    ("bundle_version", [1], "version"),
    ("files", {"win.json": 42}, "checksum"),
])
def test_counts_versions_and_checksums_of_the_wrong_type_are_named(field, value, words,
                                                                    capsys, tmp_path):
    data = _bundle_with(GOOD, **{field: value})
    _refused(data, words, capsys=capsys, tmp_path=tmp_path)


# ---------------------------------------------------------------- the zip itself

def test_an_encrypted_member_is_named(capsys, tmp_path):
    data = _patch_member(_bundle_with(GOOD), "win.json", flag=0x1)
    _refused(data, "password", capsys=capsys, tmp_path=tmp_path)


def test_an_unknown_compression_is_named(capsys, tmp_path):
    data = _patch_member(_bundle_with(GOOD), "win.json", method=99)  # AES, as 7-Zip writes
    _refused(data, "compression", capsys=capsys, tmp_path=tmp_path)


def test_a_member_that_lies_about_its_size_is_damaged(capsys, tmp_path):
    data = bytearray(_bundle_with({"win.json": [_win(f"w{i}", "x" * 50) for i in range(500)]}))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("win.json")
    struct.pack_into("<I", data, info.header_offset + 22, 10)
    central = data.find(b"win.json", data.find(b"PK\x01\x02")) - 46
    struct.pack_into("<I", data, central + 24, 10)
    _refused(bytes(data), "damaged", capsys=capsys, tmp_path=tmp_path)


def test_a_bundle_declaring_more_than_the_bound_is_refused_before_inflating(
        monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(bundle, "MAX_BYTES", 1 << 20)
    data = _bundle_with({"win.json": [_win(f"w{i}", "y" * 400) for i in range(3000)]})
    _refused(data, "unpacks to more than", capsys=capsys, tmp_path=tmp_path)


def test_a_small_bundle_that_inflates_a_hundredfold_restores_in_bounded_memory(tmp_path):
    """About 0.2 MB that inflates to 60 MB (a zip bomb of whitespace and repeats): the old
    reader held it all and its parse at once; now one piece at a time is held."""
    rows = [_win(f"w{i}", "sent two applications") for i in range(20_000)]
    body = ("[" + " " * 55_000_000 + ",\n".join(json.dumps(r) for r in rows) + "]").encode()
    blob = _rezip({"win.json": body})
    assert len(blob) < 1_000_000 and len(body) > 50 * len(blob)
    tracemalloc.start()
    try:
        report = bundle.restore(blob, into="bomb")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert report.added["win"] == 20_000
    assert peak < 40_000_000, f"peak {peak / 1e6:.0f} MB for a {len(body) / 1e6:.0f} MB member"


def _rezip(members: dict[str, bytes]) -> bytes:
    import hashlib

    manifest = {"format": bundle.FORMAT, "bundle_version": 1, "schema_version": 1,
                "created": "2026-11-22T10:00:00+00:00", "profile": "hand",
                "counts": {n[:-5]: None for n in members},
                "files": {n: hashlib.sha256(b).hexdigest() for n, b in members.items()}}
    manifest["counts"] = {n[:-5]: len(json.loads(b)) for n, b in members.items()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(bundle.MANIFEST, json.dumps(manifest))
        for name, b in members.items():
            zf.writestr(name, b)
    return out.getvalue()


# ---------------------------------------------------------------- what the members hold

def test_deeply_nested_json_is_named(capsys, tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    data = _bundle_with({"win.json": []})
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    files["win.json"] = ("[" + deep + "]").encode()
    import hashlib

    manifest = json.loads(files["manifest.json"])
    manifest["files"]["win.json"] = hashlib.sha256(files["win.json"]).hexdigest()
    files["manifest.json"] = json.dumps(manifest).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, b in files.items():
            zf.writestr(name, b)
    _refused(out.getvalue(), "nested", capsys=capsys, tmp_path=tmp_path)


def test_a_deeply_nested_manifest_is_named(capsys, tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(bundle.MANIFEST, "[" * 100_000 + "]" * 100_000)
    _refused(out.getvalue(), "nested", capsys=capsys, tmp_path=tmp_path)


@pytest.mark.parametrize("where", ["record", "setting", "draft", "manifest"])
def test_lone_surrogates_are_named_wherever_they_are(where, capsys, tmp_path):
    broken = "half \ud83d of a pair"
    files: dict = {"win.json": [_win("w1", "ok")]}
    extra = {}
    if where == "record":
        files["win.json"] = [_win("w1", broken)]
    elif where == "setting":
        files[bundle.SETTINGS] = {"display_name": broken}
    elif where == "draft":
        files[bundle.DRAFTS] = [{"key": "checkin.note", "value": broken,
                                 "updated": "2026-11-22T10:00:00+00:00"}]
    else:
        extra = {"app_version": broken, "schema_version": 99}
    err = _refused(_bundle_with(files, **extra), capsys=capsys, tmp_path=tmp_path)
    assert "broken character" in err or "newer version" in err or "should be" in err


# ---------------------------------------------------------------- validated as if typed

@pytest.mark.parametrize("key, value", [
    ("weekly_goal", "lots"), ("timezone", 5), ("timezone", "Mars/Olympus"),
    ("no_response_after_days", "x"), ("status_map", [1]),
    ("skills_priority_weights", "heavy"), ("display_name", {"a": 1}),
    ("skills_dismissed", 3), ("skills_own_list", "abc"), ("is_demo", "yes"),
])
def test_settings_of_the_wrong_type_are_refused(key, value, capsys, tmp_path):
    data = _bundle_with({**GOOD, bundle.SETTINGS: {key: value}})
    _refused(data, "setting", repr(key), capsys=capsys, tmp_path=tmp_path)


@pytest.mark.parametrize("field, value", [
    ("applied_on", "0001-01-01"), ("applied_on", "9999-12-31"), ("closed_on", "1066-10-14")])
def test_dates_at_the_edge_of_the_calendar_are_refused(field, value, capsys, tmp_path):
    row = {**_win("a1", ""), "company": "Acme", field: value}
    row.pop("text")
    data = _bundle_with({"application.json": [row]})
    _refused(data, "outside the years", capsys=capsys, tmp_path=tmp_path)


def test_after_any_restore_the_profile_can_be_exported_reported_and_imported(
        capsys, tmp_path):
    """Everything a bundle may bring in at its edges: what restore accepts, the other
    commands can use (a person can always make a backup afterwards)."""
    rows = [{**_win("a1", ""), "company": "Acme", "applied_on": "1900-01-01",
             "created": "0001-01-01T00:00:00+14:00", "updated": "9999-12-31T23:59:59-12:00"},
            {**_win("a2", ""), "company": "Zed", "applied_on": "2199-12-31"}]
    for r in rows:
        r.pop("text")
    data = _bundle_with({"application.json": rows,
                         bundle.SETTINGS: {"weekly_goal": None, "timezone": "Pacific/Kiritimati",
                                           "no_response_after_days": 365}})
    path = tmp_path / "edge.zip"
    path.write_bytes(data)
    assert cli.main(["restore", str(path), "--profile", "edge"]) == 0
    assert cli.main(["export", "--profile", "edge", str(tmp_path / "out.zip")]) == 0
    assert cli.main(["report", "--profile", "edge", str(tmp_path / "out.html")]) == 0
    history = tmp_path / "h.csv"
    history.write_text("Company,Role,Date applied\nNew Co,Analyst,2026-10-02\n")
    assert cli.main(["import", "--profile", "edge", str(history)]) == 0
    assert GENERIC not in capsys.readouterr().err


def test_a_report_range_past_year_9999_gets_its_own_sentence(store, capsys, tmp_path):
    for args in (["--to", "9999-12-31"], ["--from", "0001-01-01", "--to", "0001-01-02"]):
        rc = cli.main(["report", "--profile", "tester", *args, str(tmp_path / "r.html")])
        err = capsys.readouterr().err
        assert rc == 2 and GENERIC not in err and "year" in err, err
