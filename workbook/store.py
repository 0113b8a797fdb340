"""The private store: one SQLite file per profile, outside the repository.

Where: ``$WORKBOOK_HOME/profiles/<name>.sqlite``, or the platform's user data folder when
``WORKBOOK_HOME`` is unset. Folders are 0700 and files 0600. WAL journal (falling back to
the default journal where WAL is unavailable), a busy timeout so two kernels can share a
profile, ``PRAGMA user_version`` with forward migrations, and a backup copy taken before any
migration or restore.

Nothing personal is written before the person has agreed to the consent text
(``Store.agree``); until then ``save`` raises a WorkbookError saying so.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import re
import shutil
import sqlite3
import uuid
import zoneinfo
from pathlib import Path
from typing import Any, Iterable, Iterator, TypeVar

from workbook.errors import WorkbookError
from workbook.records import KINDS, Record, now

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
DEMO_PROFILE = "demo"
_NAME = re.compile(r"^[\w][\w .'-]{0,59}$")
R = TypeVar("R", bound=Record)

# Forward migrations: MIGRATIONS[n] takes a store from user_version n to n + 1.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE records (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (kind, id)
    );
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE drafts (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated TEXT NOT NULL);
    """,
]


# ---------------------------------------------------------------- where things live

def home() -> Path:
    """The workbook's data folder (created 0700 when missing)."""
    env = os.environ.get("WORKBOOK_HOME")
    if env:
        path = Path(env).expanduser()
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir("workbook", appauthor=False))
    _private_dir(path)
    return path


def profiles_dir() -> Path:
    path = home() / "profiles"
    _private_dir(path)
    return path


def backups_dir(profile: str) -> Path:
    path = home() / "backups" / profile
    _private_dir(path)
    return path


KEEP_BACKUPS = 10


def _prune_backups(folder: Path, keep: int = KEEP_BACKUPS) -> None:
    """Keep the newest ``keep`` backups of a profile (they hold personal data too)."""
    copies = sorted(folder.glob("*.sqlite"), key=lambda p: p.stat().st_mtime_ns)
    for old in copies[:-keep]:
        old.unlink(missing_ok=True)


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if path.stat().st_mode & 0o077:
        path.chmod(0o700)


def check_name(name: str) -> str:
    """Return the profile name trimmed, or raise WorkbookError saying what a name may hold."""
    name = (name or "").strip()
    if not _NAME.match(name) or name.endswith("."):
        raise WorkbookError(
            f"The profile name {name!r} cannot be used: use 1 to 60 letters, digits, spaces, "
            "dots, dashes or underscores (a pseudonym is fine).")
    return name


def profile_path(name: str) -> Path:
    return profiles_dir() / f"{check_name(name)}.sqlite"


def list_profiles() -> list[str]:
    """Profile names, sorted case-insensitively."""
    return sorted((p.stem for p in profiles_dir().glob("*.sqlite")), key=str.casefold)


def profile_exists(name: str) -> bool:
    return profile_path(name).exists()


def _state_file() -> Path:
    return home() / "state.json"


def last_used() -> str | None:
    try:
        return json.loads(_state_file().read_text(encoding="utf-8")).get("last_used")
    except (OSError, ValueError):
        return None


def remember_last_used(name: str) -> None:
    _write_private(_state_file(), json.dumps({"last_used": name}).encode())


def default_profile() -> str | None:
    """The profile a notebook opens by itself, or None when the person must pick.

    ``WORKBOOK_PROFILE`` wins; with exactly one profile, that one (it is the last used); with
    none, the demo persona; with several, nobody's data opens unasked (None).
    """
    env = os.environ.get("WORKBOOK_PROFILE", "").strip()
    if env:
        return check_name(env)
    names = list_profiles()
    if not names:
        return DEMO_PROFILE
    if len(names) == 1:
        return names[0]
    return None


def create_profile(name: str) -> "Store":
    """A new, empty profile; WorkbookError if the name is taken or not allowed."""
    path = profile_path(name)
    if path.exists():
        raise WorkbookError(f"A profile named {name.strip()!r} already exists; "
                            "pick it from the list or choose another name.")
    return Store(path)


def rename_profile(old: str, new: str) -> None:
    src, dst = profile_path(old), profile_path(new)
    if not src.exists():
        raise WorkbookError(f"There is no profile named {old!r} to rename.")
    if dst.exists():
        raise WorkbookError(f"A profile named {new.strip()!r} already exists; choose another name.")
    with Store(src) as store:
        store.checkpoint()
    for suffix in ("", "-wal", "-shm"):
        extra = Path(str(src) + suffix)
        if extra.exists():
            extra.rename(Path(str(dst) + suffix))
    old_backups = home() / "backups" / check_name(old)
    if old_backups.exists():
        old_backups.rename(home() / "backups" / check_name(new))
    if last_used() == check_name(old):
        remember_last_used(check_name(new))


def delete_profile(name: str) -> list[str]:
    """Remove the profile's database with its -wal/-shm files and its backups.

    Returns the paths removed, so the ui can say exactly what went.
    """
    path = profile_path(name)
    if not path.exists():
        raise WorkbookError(f"There is no profile named {name!r} to delete.")
    removed = []
    for suffix in ("", "-wal", "-shm", "-journal"):
        extra = Path(str(path) + suffix)
        if extra.exists():
            extra.unlink()
            removed.append(str(extra))
    backups = home() / "backups" / check_name(name)
    if backups.exists():
        shutil.rmtree(backups)
        removed.append(str(backups))
    if last_used() == check_name(name):
        _state_file().unlink(missing_ok=True)
    return removed


@contextlib.contextmanager
def building(name: str, *, exist_ok: bool = False) -> Iterator["Store"]:
    """A new profile built out of sight and moved into place only when the block ends
    without an error, so nobody ever sees half of it (sample data, restore).

    WorkbookError when the name is taken, at the start or at the end; with ``exist_ok`` a
    profile that appeared meanwhile (another kernel built it) is kept and this one dropped.
    """
    name = check_name(name)
    dest = profile_path(name)
    taken = WorkbookError(f"A profile named {name!r} already exists; pick it from the list "
                          "or choose another name.")
    if dest.exists() and not exist_ok:
        raise taken
    _sweep_unfinished()
    folder = home() / f".building-{uuid.uuid4().hex}"
    folder.mkdir(mode=0o700)
    try:
        tmp = folder / f"{name}.sqlite"
        store = Store(tmp)
        # Nobody else sees this file until it is complete, so skip the per-write syncs and
        # make the whole file durable once, at the end.
        store._db.execute("PRAGMA synchronous = OFF")
        try:
            yield store
            store._db.execute("PRAGMA synchronous = FULL")
            store.checkpoint()
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
        finally:
            store.close()
        try:
            os.link(tmp, dest)
        except FileExistsError:
            if not exist_ok:
                raise taken from None
        except OSError:  # no hard links on this file system: copy, refusing to overwrite
            try:
                fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                if not exist_ok:
                    raise taken from None
            else:
                with os.fdopen(fd, "wb") as out, open(tmp, "rb") as src:
                    shutil.copyfileobj(src, out)
                    out.flush()
                    os.fsync(out.fileno())
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _sweep_unfinished(older_than: float = 3600.0) -> None:
    """Remove half-built profiles left by a process that was killed while building one."""
    import time

    for folder in home().glob(".building-*"):
        try:
            if time.time() - folder.stat().st_mtime > older_than:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass


def _write_private(path: Path, data: bytes) -> None:
    """Write a file 0600 atomically (temp file, then rename)."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def machine_timezone() -> str:
    """The machine's IANA time-zone name, or UTC when it cannot be told."""
    tz = os.environ.get("TZ", "").lstrip(":")
    if tz and _valid_tz(tz):
        return tz
    try:
        link = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in link:
            name = link.split("zoneinfo/", 1)[1]
            if _valid_tz(name):
                return name
    except OSError:
        pass
    return "UTC"


def _valid_tz(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
        return True
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False


# ---------------------------------------------------------------- the store

class Store:
    """One profile's records, settings and typing drafts.

    ``Store.open(name)`` opens (creating when missing) a profile by name; ``Store(path)``
    opens a file directly. Use as a context manager or call ``close``.
    """

    def __init__(self, path: str | os.PathLike, *, timeout: float = 30.0):
        self.path = Path(path)
        self.name = self.path.stem
        _private_dir(self.path.parent)
        if not self.path.exists():
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
        elif self.path.stat().st_mode & 0o077:
            self.path.chmod(0o600)
        self._db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None,
                                   check_same_thread=False)
        try:
            self._db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            mode = self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                log.warning("WAL journal unavailable for %s; using the %s journal instead.",
                            self.path, mode)
            self.journal_mode = mode.lower()
            self._db.execute("PRAGMA synchronous = FULL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self._db.close()
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise WorkbookError(f"The profile {self.name!r} is busy in another window; "
                                    "please try again in a moment.") from None
            raise WorkbookError(
                f"The profile file {str(self.path)!r} is damaged or is not a workbook profile; "
                "restore a backup into a new profile, or delete this one.") from None
        except BaseException:
            self._db.close()
            raise

    @classmethod
    def open(cls, name: str) -> "Store":
        return cls(profile_path(name))

    # -- lifecycle
    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def checkpoint(self) -> None:
        """Fold the WAL into the main file (before copying or renaming it)."""
        if self.journal_mode == "wal":
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All writes inside happen together or not at all."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            self._db.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        return self._db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise WorkbookError(
                f"The profile {self.name!r} was saved by a newer version of the workbook "
                f"(schema {version}); please update the workbook to open it.")
        if version == SCHEMA_VERSION:
            return
        if version > 0:
            self.backup(reason=f"before-migration-{version}-to-{SCHEMA_VERSION}")
        with self.transaction() as db:
            # Re-read inside the lock: another kernel may have migrated meanwhile.
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step].split(";"):
                    if statement.strip():
                        db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def backup(self, reason: str = "manual") -> Path:
        """Copy the whole profile to its backups folder; returns the copy's path."""
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        dest = backups_dir(self.name) / f"{self.name}-{stamp}-{reason}.sqlite"
        os.close(os.open(dest, os.O_WRONLY | os.O_CREAT, 0o600))
        target = sqlite3.connect(dest)
        try:
            self._db.backup(target)
        finally:
            target.close()
        _prune_backups(dest.parent)
        return dest

    # -- consent and settings
    @property
    def consented(self) -> bool:
        return self.setting("consent_at") is not None

    def agree(self) -> None:
        """Record that the person read the consent text; personal writes are allowed after."""
        if not self.consented:
            self.set_setting("consent_at", now().isoformat())

    def _require_consent(self) -> None:
        if not self.consented:
            raise WorkbookError(
                "Nothing was saved: please read the privacy note on the start page and agree "
                "to it first (it says what is stored, where, and how to erase it).")

    def setting(self, key: str, default: Any = None) -> Any:
        row = self._db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def settings(self) -> dict[str, Any]:
        return {k: json.loads(v) for k, v in self._db.execute("SELECT key, value FROM settings")}

    def set_setting(self, key: str, value: Any) -> None:
        self._db.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value, ensure_ascii=False)))

    @property
    def timezone(self) -> zoneinfo.ZoneInfo:
        """The profile's time zone (asked once on the start page; the machine's by default)."""
        name = self.setting("timezone") or machine_timezone()
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    def now(self) -> dt.datetime:
        """Now, in the profile's time zone."""
        return dt.datetime.now(self.timezone)

    def today(self) -> dt.date:
        """Today on the person's own calendar (not the server's)."""
        return self.now().date()

    @property
    def is_demo(self) -> bool:
        return bool(self.setting("is_demo", False))

    # -- records
    def save(self, record: R) -> R:
        """Validate and write one record (insert or replace by id); returns it."""
        self.save_many([record])
        return record

    def save_many(self, records: Iterable[Record]) -> int:
        """Validate all, then write all in one transaction; returns how many were written."""
        self._require_consent()
        rows = []
        for record in records:
            record.validate()
            record.touch()
            rows.append(_row(record))
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO records(kind, id, created, updated, data) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(kind, id) DO UPDATE SET updated = excluded.updated, "
                "data = excluded.data", rows)
        return len(rows)

    def put_raw(self, records: Iterable[Record]) -> int:
        """Write records exactly as they are (timestamps kept), for restore and import."""
        self._require_consent()
        rows = [_row(r.validate()) for r in records]
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO records(kind, id, created, updated, data) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(kind, id) DO UPDATE SET created = excluded.created, "
                "updated = excluded.updated, data = excluded.data", rows)
        return len(rows)

    def get(self, cls: type[R], id: str) -> R | None:
        row = self._db.execute("SELECT data FROM records WHERE kind = ? AND id = ?",
                               (cls.kind, id)).fetchone()
        return None if row is None else cls.from_stored(json.loads(row[0]))

    def need(self, cls: type[R], id: str) -> R:
        """The record, or WorkbookError saying it is gone (deleted in another tab, say)."""
        record = self.get(cls, id)
        if record is None:
            raise WorkbookError(f"That {cls.noun} is no longer stored (it may have been "
                                "deleted in another tab); please reload the page.")
        return record

    def all(self, cls: type[R]) -> list[R]:
        """Every record of one kind, oldest first."""
        make = cls.from_stored
        return [make(data) for data in self.raw(cls.kind)]

    def raw(self, kind: str) -> list[dict]:
        """Every record of one kind as plain dicts (fast; for tables and export)."""
        rows = self._db.execute(
            "SELECT data FROM records WHERE kind = ? ORDER BY created, id", (kind,)).fetchall()
        if not rows:
            return []
        # One parse of one JSON array is about twice as fast as a parse per row.
        return json.loads("[" + ",".join([data for (data,) in rows]) + "]")

    def delete(self, cls: type[Record], id: str) -> bool:
        with self.transaction() as db:
            cur = db.execute("DELETE FROM records WHERE kind = ? AND id = ?", (cls.kind, id))
        return cur.rowcount > 0

    def delete_for_good(self, cls: type[Record], id: str) -> bool:
        """Delete a record so that its text is not left behind in the file: SQLite overwrites
        the freed space (``secure_delete``) and the write-ahead journal is folded in and
        emptied. Backup copies taken earlier still hold it (``backups_dir``)."""
        before = self._db.execute("PRAGMA secure_delete").fetchone()[0]
        self._db.execute("PRAGMA secure_delete = ON")
        try:
            found = self.delete(cls, id)
            self.checkpoint()
        finally:
            self._db.execute(f"PRAGMA secure_delete = {int(before)}")
        return found

    def counts(self) -> dict[str, int]:
        """How many records of each kind (every kind listed, zeros included)."""
        found = dict(self._db.execute("SELECT kind, COUNT(*) FROM records GROUP BY kind"))
        return {kind: found.get(kind, 0) for kind in KINDS}

    def is_empty(self) -> bool:
        return self._db.execute("SELECT 1 FROM records LIMIT 1").fetchone() is None

    # -- typing drafts (text kept as it is typed, so a closed tab loses seconds at most)
    def put_draft(self, key: str, text: str) -> None:
        if not self.consented:
            return  # never written before consent; the form still holds the text
        self._db.execute(
            "INSERT INTO drafts(key, value, updated) VALUES (?, ?, ?) ON CONFLICT(key) "
            "DO UPDATE SET value = excluded.value, updated = excluded.updated",
            (key, text, now().isoformat()))

    def draft(self, key: str) -> str:
        row = self._db.execute("SELECT value FROM drafts WHERE key = ?", (key,)).fetchone()
        return "" if row is None else row[0]

    def clear_draft(self, key: str) -> None:
        self._db.execute("DELETE FROM drafts WHERE key = ?", (key,))

    def drafts(self) -> list[dict]:
        """Every typing draft as ``{"key", "value", "updated"}`` (for the export bundle)."""
        rows = self._db.execute("SELECT key, value, updated FROM drafts ORDER BY key")
        return [{"key": k, "value": v, "updated": u} for k, v, u in rows]

    def put_drafts(self, drafts: Iterable[dict], *, overwrite: bool = True) -> int:
        """Write typing drafts as exported by ``drafts()``; returns how many were written."""
        self._require_consent()
        verb = "DO UPDATE SET value = excluded.value, updated = excluded.updated" \
            if overwrite else "DO NOTHING"
        rows = [(str(d["key"]), str(d["value"]), str(d["updated"])) for d in drafts]
        with self.transaction() as db:
            cur = db.executemany(f"INSERT INTO drafts(key, value, updated) VALUES (?, ?, ?) "
                                 f"ON CONFLICT(key) {verb}", rows)
        return cur.rowcount if cur.rowcount >= 0 else len(rows)

    def integrity_ok(self) -> bool:
        return self._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _row(record: Record) -> tuple[str, str, str, str, str]:
    data = record.to_dict()
    # The sort columns hold UTC so that "oldest first" holds across time zones; the record's
    # own times (in ``data``) keep the offset they were given.
    return (record.kind, record.id, _utc(record.created), _utc(record.updated),
            json.dumps(data, ensure_ascii=False))


def _utc(when: dt.datetime) -> str:
    try:
        return when.astimezone(dt.timezone.utc).isoformat()
    except OverflowError:  # within hours of year 1 or 9999: sorts at that end anyway
        return when.replace(tzinfo=None).isoformat()


def open_profile(name: str | None = None) -> Store:
    """Open a profile by name (default: ``default_profile()``), creating the demo persona
    when it is asked for and missing, and remember it as last used."""
    name = check_name(name) if name else default_profile()
    if name is None:
        raise WorkbookError("Several profiles exist: please pick one (workbook profiles lists "
                            "them; --profile NAME chooses).")
    if name == DEMO_PROFILE and not profile_exists(name):
        from workbook import sample

        sample.ensure_demo(name)
    store = Store.open(name)
    remember_last_used(name)
    return store

