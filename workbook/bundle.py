"""Export a profile as one bundle file, and restore it later.

The bundle is a zip holding:

- ``manifest.json``: what it is (``format``), the bundle and schema versions, when it was
  made, by which workbook version, from which profile, how many records of each kind, and
  the SHA-256 of every other member;
- ``<kind>.json`` for every record kind: a list of the records exactly as stored;
- ``settings.json`` (the profile's settings) and ``typing_drafts.json`` (text being typed);
- ``applications.csv``: the applications for a spreadsheet, cells that a spreadsheet would
  run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or CR) prefixed with ``'``.
  The CSV is for reading only; restore uses the JSON.

``restore`` checks the whole bundle (zip, manifest, checksums, versions, every record valid)
before it writes anything. Into a new profile it builds the profile out of sight and moves
it into place at the end; merged into an existing profile it takes a backup first, adds the
records whose ids are new, and never overwrites: a record whose id exists with different
content stays as it is in the profile and is reported as a conflict.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbook.errors import WorkbookError
from workbook.records import KINDS, Application
from workbook.store import SCHEMA_VERSION, Store, building, check_name, profile_exists

FORMAT = "workbook-bundle"
BUNDLE_VERSION = 1
MANIFEST = "manifest.json"
SETTINGS = "settings.json"
DRAFTS = "typing_drafts.json"
CSV_NAME = "applications.csv"
MAX_BYTES = 1 << 30  # refuse bundles that unpack to more than 1 GB
# Settings that describe a profile itself; a merge never copies them into another profile.
OWN_SETTINGS = ("consent_at", "is_demo", "display_name", "sample_as_of")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def filename(store: Store, day: dt.date | None = None) -> str:
    """A file name for the download, e.g. ``workbook-demo-2026-11-22.zip``."""
    day = day or store.today()
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in store.name)
    return f"workbook-{safe}-{day.isoformat()}.zip"


# ---------------------------------------------------------------- export

def export(store: Store) -> bytes:
    """Everything in the profile as one zip (see the module text for what is inside)."""
    members: dict[str, bytes] = {}
    counts: dict[str, int] = {}
    for kind in KINDS:
        rows = store.raw(kind)
        counts[kind] = len(rows)
        members[f"{kind}.json"] = _json(rows)
    members[SETTINGS] = _json(store.settings())
    members[DRAFTS] = _json(store.drafts())
    members[CSV_NAME] = applications_csv(store.raw(Application.kind))
    from workbook import __version__

    manifest = {
        "format": FORMAT,
        "bundle_version": BUNDLE_VERSION,
        "schema_version": SCHEMA_VERSION,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(),
        "app_version": __version__,
        "profile": store.name,
        "is_demo": store.is_demo,
        "counts": counts,
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in members.items()},
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MANIFEST, _json(manifest))
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1).encode("utf-8")


def guard_cell(value: Any) -> str:
    """A cell made safe for a spreadsheet: text a spreadsheet would run as a formula gets a
    leading apostrophe; None becomes an empty cell; yes/no stay true/false."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value) if isinstance(
        value, (bool, list, dict)) else str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def applications_csv(rows: list[dict]) -> bytes:
    """The applications as CSV (UTF-8 with a byte-order mark, so spreadsheets read accents)."""
    names = [fl.name for fl in dataclasses.fields(Application) if fl.name != "id"]
    header = ["application_id"] + names
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([guard_cell(row.get("id"))] + [guard_cell(row.get(n)) for n in names])
    return buf.getvalue().encode("utf-8-sig")


# ---------------------------------------------------------------- restore

@dataclass
class RestoreReport:
    """What a restore did, per record kind."""

    profile: str
    mode: str
    added: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    conflicts: dict[str, list[str]] = field(default_factory=dict)
    settings_added: list[str] = field(default_factory=list)
    backup: str | None = None
    warnings: list[str] = field(default_factory=list)
    bundle_created: str = ""
    bundle_profile: str = ""

    @property
    def total_added(self) -> int:
        return sum(self.added.values())

    @property
    def total_conflicts(self) -> int:
        return sum(len(v) for v in self.conflicts.values())

    def summary(self) -> str:
        """What happened, in plain words."""
        parts = []
        added = ", ".join(f"{n} {_plural(k, n)}" for k, n in self.added.items() if n)
        if self.mode == "new":
            parts.append(f"Restored into the new profile {self.profile!r}: "
                         f"{added or 'no records (the bundle was empty)'}.")
        else:
            parts.append(f"Merged into {self.profile!r}: added {added or 'nothing new'}.")
            same = sum(self.unchanged.values())
            if same:
                parts.append(f"{same} record{'s' if same != 1 else ''} were already there "
                             "unchanged.")
            if self.total_conflicts:
                kinds = ", ".join(f"{len(v)} {_plural(k, len(v))}"
                                  for k, v in self.conflicts.items() if v)
                parts.append(f"{kinds} differ between the bundle and the profile; the "
                             "profile's version was kept, nothing was overwritten.")
            if self.backup:
                parts.append(f"A backup of the profile as it was is at {self.backup}.")
        parts.extend(self.warnings)
        return " ".join(parts)

    def to_dict(self) -> dict:
        return {"profile": self.profile, "mode": self.mode, "added": self.added,
                "unchanged": self.unchanged, "conflicts": self.conflicts,
                "settings_added": self.settings_added, "backup": self.backup,
                "warnings": self.warnings, "bundle_created": self.bundle_created,
                "bundle_profile": self.bundle_profile}


def _plural(kind: str, n: int) -> str:
    noun = KINDS[kind].noun if kind in KINDS else kind
    if n == 1:
        return noun
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


@dataclass
class Bundle:
    """A checked bundle: its manifest, records (validated, by kind), settings and drafts."""

    manifest: dict
    records: dict[str, list] = field(default_factory=dict)
    settings: dict = field(default_factory=dict)
    drafts: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read(data: bytes) -> Bundle:
    """Check and unpack a bundle without writing anything; WorkbookError in one sentence
    when it cannot be used (not a zip, no or wrong manifest, damaged, newer version)."""
    hint = "choose the .zip file you downloaded from the workbook"
    if not isinstance(data, (bytes, bytearray, memoryview)) or not data:
        raise WorkbookError(f"The file is empty, so there is nothing to restore; {hint}.")
    try:
        zf = zipfile.ZipFile(io.BytesIO(bytes(data)))
    except zipfile.BadZipFile:
        raise WorkbookError(f"This file is not a workbook bundle (it is not a zip file); "
                            f"{hint}.") from None
    with zf:
        infos = {i.filename: i for i in zf.infolist()}
        if MANIFEST not in infos:
            raise WorkbookError(f"This zip has no {MANIFEST}, so it is not a workbook bundle; "
                                f"{hint}.")
        if sum(i.file_size for i in infos.values()) > MAX_BYTES:
            raise WorkbookError("This bundle unpacks to more than 1 GB, which is far more than "
                                f"a workbook holds; {hint}.")
        try:
            manifest = json.loads(zf.read(MANIFEST).decode("utf-8"))
        except (ValueError, UnicodeDecodeError, zipfile.BadZipFile, OSError):
            raise WorkbookError(f"The bundle's {MANIFEST} cannot be read; the file may be "
                                f"damaged, so {hint}.") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise WorkbookError(f"The {MANIFEST} in this zip is not a workbook manifest; "
                                f"{hint}.")
        version = manifest.get("schema_version")
        if not isinstance(version, int) or not isinstance(manifest.get("files"), dict):
            raise WorkbookError(f"The bundle's {MANIFEST} is missing its schema version or its "
                                f"list of files; {hint}.")
        if version > SCHEMA_VERSION or manifest.get("bundle_version", 0) > BUNDLE_VERSION:
            raise WorkbookError(
                f"This bundle was made by a newer version of the workbook "
                f"({manifest.get('app_version', 'unknown')}); please update the workbook to "
                "restore it.")
        contents: dict[str, bytes] = {}
        for name, digest in manifest["files"].items():
            if name not in infos:
                raise WorkbookError(f"The bundle is incomplete: {name} is listed in the manifest "
                                    f"but missing from the zip; {hint}.")
            try:
                blob = zf.read(name)
            except (zipfile.BadZipFile, OSError, ValueError):
                raise WorkbookError(f"The bundle is damaged: {name} cannot be unpacked; "
                                    f"{hint}.") from None
            if hashlib.sha256(blob).hexdigest() != digest:
                raise WorkbookError(f"The bundle is damaged: {name} does not match its "
                                    f"checksum in the manifest; {hint}.")
            contents[name] = blob
    bundle = Bundle(manifest=manifest)
    counts = manifest.get("counts") or {}
    for name, blob in contents.items():
        if not name.endswith(".json") or name in (SETTINGS, DRAFTS):
            continue
        kind = name[:-5]
        if kind not in KINDS:
            bundle.warnings.append(f"The bundle holds {kind!r} records that this version of "
                                   "the workbook does not know; they were left out.")
            continue
        rows = _load_json(blob, name, list)
        cls = KINDS[kind]
        records = []
        for i, row in enumerate(rows, start=1):
            if not isinstance(row, dict):
                raise WorkbookError(f"The bundle's {name} has something other than a record at "
                                    f"position {i}; {hint}.")
            try:
                records.append(cls.from_dict(row))
            except WorkbookError as exc:
                raise WorkbookError(f"In the bundle's {name}, record {i}: {exc}") from None
            except TypeError:
                raise WorkbookError(f"In the bundle's {name}, record {i} is missing a field it "
                                    f"needs; {hint}.") from None
        if kind in counts and counts[kind] != len(records):
            raise WorkbookError(f"The bundle is damaged: {name} holds {len(records)} records "
                                f"but the manifest says {counts[kind]}; {hint}.")
        bundle.records[kind] = records
    if SETTINGS in contents:
        bundle.settings = _load_json(contents[SETTINGS], SETTINGS, dict)
    if DRAFTS in contents:
        drafts = _load_json(contents[DRAFTS], DRAFTS, list)
        bundle.drafts = [d for d in drafts if isinstance(d, dict)
                         and {"key", "value", "updated"} <= d.keys()]
    return bundle


def _load_json(blob: bytes, name: str, kind: type) -> Any:
    try:
        value = json.loads(blob.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        value = None
    if not isinstance(value, kind):
        raise WorkbookError(f"The bundle's {name} cannot be read as the workbook wrote it; "
                            "choose the .zip file you downloaded from the workbook.")
    return value


def restore(data: bytes, *, into: str, mode: str = "new") -> RestoreReport:
    """Restore a bundle into a new profile (``mode="new"``) or merge it into an existing one
    by id (``mode="merge"``, a missing profile is created). Restoring is the person's own
    action, so it records their consent in the profile it writes to."""
    if mode not in ("new", "merge"):
        raise WorkbookError(f"Restore can make a new profile or merge into one, not {mode!r}.")
    name = check_name(into)
    bundle = read(data)  # everything is checked before anything is written
    if mode == "new" and profile_exists(name):
        raise WorkbookError(f"A profile named {name!r} already exists; restore into a new "
                            "name, or merge into it instead.")
    if mode == "merge" and not profile_exists(name):
        mode = "new"
    report = RestoreReport(profile=name, mode=mode, warnings=list(bundle.warnings),
                           bundle_created=str(bundle.manifest.get("created", "")),
                           bundle_profile=str(bundle.manifest.get("profile", "")))
    if mode == "new":
        with building(name) as store:
            for key, value in bundle.settings.items():
                store.set_setting(key, value)
            store.agree()
            store.put_raw([r for records in bundle.records.values() for r in records])
            report.added = {kind: len(records) for kind, records in bundle.records.items()}
            store.put_drafts(bundle.drafts)
        report.settings_added = sorted(bundle.settings)
        return report
    with Store.open(name) as store:
        report.backup = str(store.backup(reason="before-restore"))
        store.agree()
        new: list = []
        for kind, records in bundle.records.items():
            have = {row["id"]: row for row in store.raw(kind)}
            added = unchanged = 0
            clashes = []
            for rec in records:
                mine = have.get(rec.id)
                if mine is None:
                    new.append(rec)
                    have[rec.id] = rec.to_dict()
                    added += 1
                elif mine == rec.to_dict():
                    unchanged += 1
                else:
                    clashes.append(rec.id)
            report.added[kind], report.unchanged[kind] = added, unchanged
            if clashes:
                report.conflicts[kind] = clashes
        current = store.settings()
        missing = {k: v for k, v in bundle.settings.items()
                   if k not in current and k not in OWN_SETTINGS}
        store.put_raw(new)
        for key, value in missing.items():
            store.set_setting(key, value)
        report.settings_added = sorted(missing)
        store.put_drafts(bundle.drafts, overwrite=False)
    return report


def export_to(store: Store, path: str | Path) -> Path:
    """Write the bundle to a file (0600); returns the path."""
    import os

    path = Path(path)
    data = export(store)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return path
