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

import codecs
import contextlib
import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator

from workbook.errors import WorkbookError
from workbook.records import KINDS, Application, storable
from workbook.settings import check as check_setting
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

def export(store: Store, out: BinaryIO | None = None) -> bytes | None:
    """Everything in the profile as one zip (see the module text for what is inside).

    Written as it is read: records go from the store into the zip one batch at a time, so
    memory stays small whatever the profile's size. Returns the bytes, or writes them to
    ``out`` (a binary file) and returns None. One read snapshot: another window saving
    meanwhile never gives a bundle half before and half after its save.
    """
    target = out if out is not None else io.BytesIO()
    counts: dict[str, int] = {}
    digests: dict[str, str] = {}
    from workbook import __version__

    with store.snapshot(), zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for kind in KINDS:
            with _member(zf, f"{kind}.json", digests) as put:
                n = 0
                put(b"[")
                for data in store.stream(kind):
                    put((b"\n" if n == 0 else b",\n") + data.encode("utf-8"))
                    n += 1
                put(b"\n]\n")
            counts[kind] = n
        with _member(zf, SETTINGS, digests) as put:
            put(_json(store.settings()))
        with _member(zf, DRAFTS, digests) as put:
            put(_json(store.drafts()))
        with _member(zf, CSV_NAME, digests) as put:
            for chunk in applications_csv_chunks(store.stream(Application.kind)):
                put(chunk)
        manifest = {
            "format": FORMAT,
            "bundle_version": BUNDLE_VERSION,
            "schema_version": SCHEMA_VERSION,
            "created": dt.datetime.now(dt.timezone.utc).isoformat(),
            "app_version": __version__,
            "profile": store.name,
            "is_demo": store.is_demo,
            "counts": counts,
            "files": digests,
        }
        zf.writestr(MANIFEST, _json(manifest))
    return None if out is not None else target.getvalue()


@contextlib.contextmanager
def _member(zf: zipfile.ZipFile, name: str, digests: dict[str, str]):
    """A zip member written piece by piece; its SHA-256 lands in ``digests``."""
    digest = hashlib.sha256()
    with zf.open(name, "w", force_zip64=True) as fh:
        def put(data: bytes) -> None:
            digest.update(data)
            fh.write(data)
        yield put
    digests[name] = digest.hexdigest()


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


def applications_csv(rows: Iterable[dict]) -> bytes:
    """The applications as CSV (UTF-8 with a byte-order mark, so spreadsheets read accents)."""
    return b"".join(applications_csv_chunks(json.dumps(r, ensure_ascii=False) for r in rows))


def applications_csv_chunks(rows: Iterable[str], batch: int = 2000) -> Iterator[bytes]:
    """``applications_csv`` in pieces, from the stored JSON text of each application."""
    names = [fl.name for fl in dataclasses.fields(Application) if fl.name != "id"]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["application_id"] + names)
    first = True
    for i, text in enumerate(rows, start=1):
        row = json.loads(text)
        writer.writerow([guard_cell(row.get("id"))] + [guard_cell(row.get(n)) for n in names])
        if i % batch == 0:
            yield buf.getvalue().encode("utf-8-sig" if first else "utf-8")
            first = False
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue().encode("utf-8-sig" if first else "utf-8")


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


HINT = "choose the .zip file you downloaded from the workbook"
MAX_RECORD = 16 << 20   # one record's JSON; a longer one is not something the workbook wrote
MAX_SMALL = 64 << 20    # settings, drafts, manifest
SUPPORTED = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)
_SPACE = re.compile(r"[ \t\r\n]*")


class _Opened:
    """A zip whose manifest has been checked, and the running count of bytes inflated."""

    def __init__(self, zf: zipfile.ZipFile, manifest: dict, infos: dict):
        self.zf, self.manifest, self.infos = zf, manifest, infos
        self.inflated = 0
        self.warnings: list[str] = []

    def chunks(self, name: str, size: int = 1 << 20) -> Iterator[bytes]:
        """The member's bytes as they inflate, under a running bound on the whole bundle;
        its checksum is checked when the last piece has been read."""
        digest = hashlib.sha256()
        try:
            with self.zf.open(self.infos[name]) as fh:
                while True:
                    piece = fh.read(size)
                    if not piece:
                        break
                    self.inflated += len(piece)
                    if self.inflated > MAX_BYTES:
                        raise WorkbookError(
                            f"This bundle unpacks to more than {MAX_BYTES >> 30} GB, far more "
                            f"than a workbook holds (it may be built to fill the memory); "
                            f"nothing was restored, so {HINT}.")
                    digest.update(piece)
                    yield piece
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            if isinstance(exc, WorkbookError):
                raise
            raise WorkbookError(f"The bundle is damaged: {name} cannot be unpacked; "
                                f"{HINT}.") from None
        if digest.hexdigest() != self.manifest["files"][name]:
            raise WorkbookError(f"The bundle is damaged: {name} does not match its "
                                f"checksum in the manifest; {HINT}.")

    def small(self, name: str, kind: type) -> Any:
        """A small member (settings, drafts) read whole and parsed."""
        blob = bytearray()
        for piece in self.chunks(name):
            blob += piece
            if len(blob) > MAX_SMALL:
                raise WorkbookError(f"The bundle's {name} is far larger than the workbook "
                                    f"writes it; {HINT}.")
        return _parse(bytes(blob), name, kind)

    def records(self, kind: str) -> Iterator[Any]:
        """The member's records, checked one by one as if typed (``Record.from_dict``):
        a record without an id gets one made from its content, so merging the same bundle
        twice adds it once; an id given twice with different content is refused."""
        name = f"{kind}.json"
        cls = KINDS[kind]
        created = str(self.manifest.get("created") or "")
        seen: dict[str, int] = {}
        n = 0
        for i, row in enumerate(_array_items(self.chunks(name), name), start=1):
            if not isinstance(row, dict):
                raise WorkbookError(f"The bundle's {name} has something other than a record "
                                    f"at position {i}; {HINT}.")
            if not row.get("id"):
                row["id"] = _content_id(kind, row)
            if not row.get("created") and created:
                row["created"] = created
            if not row.get("updated") and row.get("created"):
                row["updated"] = row["created"]
            try:
                rec = cls.from_dict(row)
            except WorkbookError as exc:
                raise WorkbookError(f"In the bundle's {name}, record {i}: {exc}") from None
            except TypeError:
                raise WorkbookError(f"In the bundle's {name}, record {i} is missing a field it "
                                    f"needs; {HINT}.") from None
            key = str(rec.id)
            digest = hash(json.dumps(rec.to_dict(), ensure_ascii=False, sort_keys=True))
            if key in seen:
                if seen[key] != digest:
                    raise WorkbookError(
                        f"The bundle's {name} holds the id {key!r} twice with different "
                        f"content, so it cannot tell which to keep; nothing was restored, "
                        f"so {HINT}.")
                self.warnings.append(f"The bundle's {name} holds the same {cls.noun} twice "
                                     f"(id {key!r}); it was restored once.")
                n += 1
                continue
            seen[key] = digest
            n += 1
            yield rec
        expected = self.manifest.get("counts", {}).get(kind)
        if expected is not None and expected != n:
            raise WorkbookError(f"The bundle is damaged: {name} holds {n} records but the "
                                f"manifest says {expected}; {HINT}.")

    def kinds(self) -> list[str]:
        """The record kinds the bundle holds that this workbook knows (others are noted)."""
        found = []
        for name in self.manifest["files"]:
            if not name.endswith(".json") or name in (SETTINGS, DRAFTS):
                continue
            kind = name[:-5]
            if kind in KINDS:
                found.append(kind)
            else:
                self.warnings.append(f"The bundle holds {kind!r} records that this version "
                                     "of the workbook does not know; they were left out.")
        return found

    def settings(self) -> dict:
        if SETTINGS not in self.manifest["files"]:
            return {}
        values = self.small(SETTINGS, dict)
        checked = {}
        for key, value in values.items():
            try:
                checked[key] = check_setting(key, value)
            except WorkbookError as exc:
                raise WorkbookError(f"In the bundle's {SETTINGS}: {exc}") from None
        return checked

    def drafts(self) -> list[dict]:
        if DRAFTS not in self.manifest["files"]:
            return []
        drafts = self.small(DRAFTS, list)
        kept = []
        for d in drafts:
            if not (isinstance(d, dict) and {"key", "value", "updated"} <= d.keys()
                    and all(isinstance(d[k], str) for k in ("key", "value", "updated"))):
                continue
            if not all(storable(d[k]) for k in ("key", "value", "updated")):
                raise WorkbookError(f"The bundle's {DRAFTS} holds a broken character (half of "
                                    f"a pair) in the draft {d['key']!r}; {HINT}.")
            kept.append({k: d[k] for k in ("key", "value", "updated")})
        return kept


def _content_id(kind: str, row: dict) -> str:
    """A stable id for a record that came without one: the same content, the same id."""
    text = json.dumps({k: v for k, v in row.items() if k != "id"}, ensure_ascii=False,
                      sort_keys=True, default=str)
    return hashlib.sha256(f"{kind}\n{text}".encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _parse(blob: bytes, name: str, kind: type) -> Any:
    try:
        value = json.loads(blob.decode("utf-8"))
    except RecursionError:
        raise WorkbookError(f"The bundle's {name} is nested far deeper than anything the "
                            f"workbook writes; {HINT}.") from None
    except (ValueError, UnicodeDecodeError):
        value = None
    if not isinstance(value, kind):
        raise WorkbookError(f"The bundle's {name} cannot be read as the workbook wrote it; "
                            f"{HINT}.")
    return value


def _array_items(chunks: Iterable[bytes], name: str) -> Iterator[Any]:
    """The items of one JSON array, parsed as the bytes arrive (one item in memory)."""
    decoder = json.JSONDecoder()
    utf8 = codecs.getincrementaldecoder("utf-8")()
    bad = WorkbookError(f"The bundle's {name} cannot be read as the workbook wrote it; {HINT}.")
    source = iter(chunks)
    text, pos, done = "", 0, False

    def more() -> bool:
        nonlocal text, pos, done
        if done:
            return False
        piece = next(source, None)
        try:
            new = utf8.decode(piece or b"", final=piece is None)
        except UnicodeDecodeError:
            raise bad from None
        done = piece is None
        text, pos = text[pos:] + new, 0
        return True

    def peek() -> str | None:
        nonlocal pos
        while True:
            pos = _SPACE.match(text, pos).end()
            if pos < len(text):
                return text[pos]
            if not more():
                return None

    def item() -> Any:
        nonlocal pos
        peek()
        while True:
            try:
                value, pos = decoder.raw_decode(text, pos)
                return value
            except RecursionError:
                raise WorkbookError(f"The bundle's {name} is nested far deeper than anything "
                                    f"the workbook writes; {HINT}.") from None
            except ValueError:
                if len(text) - pos > MAX_RECORD:
                    raise WorkbookError(f"The bundle's {name} holds a record larger than "
                                        f"{MAX_RECORD >> 20} MB, which the workbook never "
                                        f"writes; {HINT}.") from None
                if not more():
                    raise bad from None

    if peek() != "[":
        raise bad
    pos += 1
    if peek() == "]":
        pos += 1
    else:
        while True:
            yield item()
            after = peek()
            pos += 1
            if after == "]":
                break
            if after != ",":
                raise bad
    if peek() is not None:
        raise bad


def _open(data: bytes) -> _Opened:
    """The bundle opened and its manifest checked (types, versions, completeness) before a
    single record is read; WorkbookError in one sentence otherwise."""
    if not isinstance(data, (bytes, bytearray, memoryview)) or not data:
        raise WorkbookError(f"The file is empty, so there is nothing to restore; {HINT}.")
    try:
        zf = zipfile.ZipFile(io.BytesIO(bytes(data)))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
        raise WorkbookError(f"This file is not a workbook bundle (it is not a zip file); "
                            f"{HINT}.") from None
    infos = {i.filename: i for i in zf.infolist()}
    if MANIFEST not in infos:
        raise WorkbookError(f"This zip has no {MANIFEST}, so it is not a workbook bundle; "
                            f"{HINT}.")
    for info in infos.values():
        if info.flag_bits & 0x1:
            raise WorkbookError(f"The bundle's {info.filename} is protected with a password; "
                                "the workbook writes bundles without one, so "
                                f"{HINT} (not a re-packed copy).")
        if info.compress_type not in SUPPORTED:
            raise WorkbookError(f"The bundle's {info.filename} is packed with a kind of "
                                "compression the workbook does not use; "
                                f"{HINT} (not a re-packed copy).")
    if sum(i.file_size for i in infos.values()) > MAX_BYTES:
        raise WorkbookError(f"This bundle unpacks to more than {MAX_BYTES >> 30} GB, far more "
                            f"than a workbook holds; {HINT}.")
    opened = _Opened(zf, {"files": {MANIFEST: ""}}, infos)
    blob = bytearray()
    try:
        with zf.open(infos[MANIFEST]) as fh:
            blob += fh.read(MAX_SMALL + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
        raise WorkbookError(f"The bundle's {MANIFEST} cannot be read; the file may be "
                            f"damaged, so {HINT}.") from None
    try:
        manifest = json.loads(bytes(blob[:MAX_SMALL]).decode("utf-8"))
    except RecursionError:
        raise WorkbookError(f"The bundle's {MANIFEST} is nested far deeper than anything the "
                            f"workbook writes; {HINT}.") from None
    except (ValueError, UnicodeDecodeError):
        raise WorkbookError(f"The bundle's {MANIFEST} cannot be read; the file may be "
                            f"damaged, so {HINT}.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise WorkbookError(f"The {MANIFEST} in this zip is not a workbook manifest; {HINT}.")
    _check_manifest(manifest, infos)
    opened.manifest = manifest
    return opened


def _whole(value: Any) -> bool:
    return type(value) is int and value >= 0


def _check_manifest(manifest: dict, infos: dict) -> None:
    version, files = manifest.get("schema_version"), manifest.get("files")
    if not isinstance(files, dict) or "schema_version" not in manifest:
        raise WorkbookError(f"The bundle's {MANIFEST} is missing its schema version or its "
                            f"list of files; {HINT}.")
    bundle_version = manifest.get("bundle_version", 1)
    if not _whole(version) or not _whole(bundle_version):
        raise WorkbookError(f"The bundle's {MANIFEST} gives its version as "
                            f"{version!r}/{bundle_version!r} instead of a whole number; the "
                            f"file has been changed by hand or damaged, so {HINT}.")
    if version > SCHEMA_VERSION or bundle_version > BUNDLE_VERSION:
        app = manifest.get("app_version")
        raise WorkbookError(
            f"This bundle was made by a newer version of the workbook "
            f"({app if isinstance(app, str) and storable(app) else 'unknown'}); please "
            "update the workbook to restore it.")
    for name, digest in files.items():
        if not (isinstance(digest, str) and len(digest) == 64
                and all(c in "0123456789abcdef" for c in digest)):
            raise WorkbookError(f"The bundle's {MANIFEST} gives no proper checksum for "
                                f"{name!r}; {HINT}.")
        if name not in infos:
            raise WorkbookError(f"The bundle is incomplete: {name} is listed in the manifest "
                                f"but missing from the zip; {HINT}.")
    unlisted = sorted(n for n in infos if n != MANIFEST and n not in files)
    if unlisted:
        raise WorkbookError(f"The bundle's {MANIFEST} does not list {unlisted[0]}, which is "
                            f"in the zip, so the bundle cannot be checked as a whole; "
                            f"{HINT}.")
    counts = manifest.get("counts", {})
    if not isinstance(counts, dict) or not all(_whole(n) for n in counts.values()):
        raise WorkbookError(f"The bundle's {MANIFEST} gives its record counts as something "
                            f"other than whole numbers; the file has been changed by hand or "
                            f"damaged, so {HINT}.")
    listed = {n[:-5] for n in files if n.endswith(".json") and n not in (SETTINGS, DRAFTS)}
    for kind in sorted(set(counts) ^ listed):
        where = "has no file" if kind in counts else "has no count"
        raise WorkbookError(f"The bundle's {MANIFEST} is incomplete: {kind!r} {where} in it; "
                            f"{HINT}.")
    profile = manifest.get("profile")
    if profile is not None and not (isinstance(profile, str) and storable(profile)):
        manifest["profile"] = ""


def read(data: bytes) -> Bundle:
    """Check and unpack a bundle without writing anything; WorkbookError in one sentence
    when it cannot be used (not a zip, no or wrong manifest, damaged, newer version)."""
    opened = _open(data)
    bundle = Bundle(manifest=opened.manifest)
    for kind in opened.kinds():
        bundle.records[kind] = list(opened.records(kind))
    bundle.settings = opened.settings()
    bundle.drafts = opened.drafts()
    bundle.warnings = opened.warnings
    return bundle


def manifest(data: bytes) -> dict:
    """The bundle's checked manifest (nothing else is read)."""
    return _open(data).manifest


def restore(data: bytes, *, into: str, mode: str = "new") -> RestoreReport:
    """Restore a bundle into a new profile (``mode="new"``) or merge it into an existing one
    by id (``mode="merge"``, a missing profile is created). Restoring is the person's own
    action, so it records their consent in the profile it writes to.

    Records stream from the zip into the store in batches, each checked as if typed; any
    fault found on the way leaves nothing behind: a new profile is built out of sight and
    dropped, a merge is one transaction that is rolled back (and a backup was taken first).
    A merge reads what is stored inside that transaction, so a save from another window is
    either seen (and reported as a conflict) or waits; it is never overwritten.
    """
    if mode not in ("new", "merge"):
        raise WorkbookError(f"Restore can make a new profile or merge into one, not {mode!r}.")
    name = check_name(into)
    opened = _open(data)
    kinds = opened.kinds()
    settings_in, drafts = opened.settings(), opened.drafts()  # small: checked before writing
    if mode == "new" and profile_exists(name):
        raise WorkbookError(f"A profile named {name!r} already exists; restore into a new "
                            "name, or merge into it instead.")
    if mode == "merge" and not profile_exists(name):
        mode = "new"
    report = RestoreReport(profile=name, mode=mode,
                           bundle_created=str(opened.manifest.get("created", "")),
                           bundle_profile=str(opened.manifest.get("profile", "")))
    if mode == "new":
        with building(name) as store:
            for key, value in settings_in.items():
                store.set_setting(key, value)
            store.agree()
            for kind in kinds:
                report.added[kind] = store.put_raw(opened.records(kind))
            store.put_drafts(drafts)
        report.settings_added = sorted(settings_in)
    else:
        with Store.open(name) as store:
            report.backup = str(store.backup(reason="before-restore"))
            with store.transaction():
                store.agree()
                for kind in kinds:
                    added, same, clashes = store.add_missing(opened.records(kind))
                    report.added[kind], report.unchanged[kind] = added, same
                    if clashes:
                        report.conflicts[kind] = clashes
                current = store.settings()
                missing = {k: v for k, v in settings_in.items() if k not in current
                           and k not in OWN_SETTINGS and not k.startswith("sample_")}
                for key, value in missing.items():
                    store.set_setting(key, value)
                report.settings_added = sorted(missing)
                store.put_drafts(drafts, overwrite=False)
    report.warnings = list(dict.fromkeys(opened.warnings))
    return report


def export_to(store: Store, path: str | Path) -> Path:
    """Write the bundle to a file (0600), streamed; returns the path."""
    import os

    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        export(store, fh)
    return path
