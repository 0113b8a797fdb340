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
from glob import escape as glob_escape
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
    """The workbook's data folder (created 0700 when missing).

    WorkbookError in one sentence when ``WORKBOOK_HOME`` cannot be that folder: a file, a
    path under a file, or ``~someone`` for a user this machine does not know.
    """
    env = os.environ.get("WORKBOOK_HOME")
    if env:
        try:
            path = Path(env).expanduser()
        except RuntimeError:  # "~someone" for a user this machine does not know
            path = Path(env)
        if str(path).startswith("~"):
            raise WorkbookError(
                f"WORKBOOK_HOME is set to {env!r}, the home folder of a user this computer "
                "does not know; set it to a folder path (or unset it to use the default).")
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir("workbook", appauthor=False))
    try:
        _private_dir(path)
    except (FileExistsError, NotADirectoryError):
        what = "is a file" if path.is_file() else "lies inside a file, not a folder"
        raise WorkbookError(
            f"The workbook's data folder {str(path)!r} {what}; set WORKBOOK_HOME to a folder "
            "(it is created when missing), or move that file away.") from None
    except OSError as exc:
        raise WorkbookError(
            f"The workbook's data folder {str(path)!r} cannot be made or used "
            f"({exc.strerror or exc}); set WORKBOOK_HOME to a folder you can write to.") \
            from None
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
    """Make ``path`` a folder only its owner can open: every level created here is 0700
    whatever the umask (``mkdir(parents=True)`` would leave the parents 0755 or 0777)."""
    missing = []
    level = path
    while not os.path.lexists(level) and level != level.parent:
        missing.append(level)
        level = level.parent
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
        folder.chmod(0o700)
    if not path.is_dir():
        raise NotADirectoryError(str(path))
    if path.stat().st_mode & 0o077:
        try:
            path.chmod(0o700)
        except OSError as exc:  # a read-only disk or someone else's folder: reading still works
            log.warning("Could not make %s private (%s).", path, exc)


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
    """Note the profile as last used; a read-only or full disk only loses the note."""
    try:
        _write_private(_state_file(), json.dumps({"last_used": name}).encode())
    except OSError as exc:
        log.warning("Could not note the last used profile (%s).", exc)


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
    for unfinished in home().glob(f".building-*/{glob_escape(check_name(name))}.sqlite"):
        # a restore or sample build of this name that was killed midway: personal data too
        shutil.rmtree(unfinished.parent, ignore_errors=True)
        removed.append(str(unfinished.parent))
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
        self.read_only = False
        created = False
        try:
            _private_dir(self.path.parent)
            if not self.path.exists():
                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                created = True
            elif self.path.stat().st_mode & 0o077:
                self.path.chmod(0o600)
        except FileExistsError:
            pass  # another window made it a moment ago
        except OSError as exc:
            if not self.path.exists():
                raise write_problem(exc, self) from None
            log.warning("Could not make %s private (%s).", self.path, exc)
        try:
            self._db = self._connect(timeout)
        except BaseException:
            if created:  # a profile that could not be made (full disk) is not left behind empty
                for suffix in ("", "-wal", "-shm", "-journal"):
                    Path(str(self.path) + suffix).unlink(missing_ok=True)
            raise

    def _connect(self, timeout: float) -> sqlite3.Connection:
        """Open the file with its journal, pragmas and migrations; a healthy profile on a
        read-only disk or an immutable file opens for reading. WorkbookError in one true
        sentence otherwise: busy, full disk, read-only, damaged."""
        db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None,
                             check_same_thread=False)
        self._db = db
        try:
            db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                log.warning("WAL journal unavailable for %s; using the %s journal instead.",
                            self.path, mode)
            self.journal_mode = mode.lower()
            db.execute("PRAGMA synchronous = FULL")
            self._migrate()
            return db
        except sqlite3.DatabaseError as exc:
            db.close()
            text = str(exc).lower()
            if "not a database" in text or "malformed" in text:
                raise WorkbookError(
                    f"The profile file {str(self.path)!r} is damaged or is not a workbook "
                    "profile; restore a backup into a new profile, or delete this one.") \
                    from None
            if isinstance(exc, sqlite3.OperationalError) and not (
                    "locked" in text or "busy" in text or "full" in text):
                reader = self._open_read_only(timeout)
                if reader is not None:
                    return reader
            raise write_problem(exc, self) from None
        except BaseException:
            db.close()
            raise

    def _open_read_only(self, timeout: float) -> sqlite3.Connection | None:
        """The profile opened for reading only (a read-only disk or folder, an immutable
        file), or None when even that fails."""
        if not self.path.exists() or self.path.stat().st_size == 0:
            return None
        queries = ["mode=ro"]
        if not os.access(self.path.parent, os.W_OK) or disk_full(self.path.parent):
            # A read-only or full disk cannot hold SQLite's shared-memory file; nobody can
            # change the profile there either, so reading it as unchanging is safe.
            queries.append("mode=ro&immutable=1")
        for query in queries:
            try:
                db = sqlite3.connect(f"{self.path.resolve().as_uri()}?{query}", uri=True,
                                     timeout=timeout, isolation_level=None,
                                     check_same_thread=False)
                self._db = db
                self.journal_mode = db.execute("PRAGMA journal_mode").fetchone()[0].lower()
                version = self.schema_version
                break
            except sqlite3.DatabaseError:
                db.close()
        else:
            return None
        if version != SCHEMA_VERSION:
            db.close()
            if version > SCHEMA_VERSION:
                raise WorkbookError(
                    f"The profile {self.name!r} was saved by a newer version of the workbook "
                    f"(schema {version}); please update the workbook to open it.")
            return None
        log.warning("The profile %s cannot be written here (read-only or full disk); it "
                    "opens for reading.", self.path)
        self.read_only = True
        return db

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
        """All writes inside happen together or not at all, and what is read inside is what
        the writes are based on: the write lock is taken first, so no other window can
        change the profile between a read and the write that depends on it.

        Nested use joins the outer transaction. A busy, full or read-only profile raises
        WorkbookError in one sentence (``write_problem``); nothing is half written.
        """
        if self._db.in_transaction:
            yield self._db
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise write_problem(exc, self) from None
        try:
            yield self._db
            self._db.execute("COMMIT")
        except BaseException as exc:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError):
                raise write_problem(exc, self) from None
            raise

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
        """Write one setting, checked first (``workbook.settings.check``)."""
        from workbook import settings

        value = settings.check(key, value)
        with self.transaction() as db:
            db.execute(
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

    def put_raw(self, records: Iterable[Record], batch: int = 5000) -> int:
        """Write records exactly as they are (timestamps kept), for restore and import; all
        in one transaction, taken from ``records`` a batch at a time (any iterable, so a
        restore of any size holds one batch in memory). Returns how many were written."""
        self._require_consent()
        n = 0
        with self.transaction() as db:
            for chunk in _chunks(records, batch):
                db.executemany(
                    "INSERT INTO records(kind, id, created, updated, data) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT(kind, id) DO UPDATE SET "
                    "created = excluded.created, updated = excluded.updated, "
                    "data = excluded.data", [_row(r.validate()) for r in chunk])
                n += len(chunk)
        return n

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Every read inside sees the profile at one moment (a read transaction), however
        many saves other windows make meanwhile; nested use joins the outer one."""
        if self._db.in_transaction:
            yield
            return
        self._db.execute("BEGIN")
        try:
            yield
        finally:
            if self._db.in_transaction:
                self._db.execute("COMMIT")

    def stream(self, kind: str) -> Iterator[str]:
        """The stored JSON text of every record of one kind, one at a time (for export)."""
        cursor = self._db.execute("SELECT data FROM records WHERE kind = ?", (kind,))
        while True:
            rows = cursor.fetchmany(2000)
            if not rows:
                return
            for (data,) in rows:
                yield data

    def add_missing(self, records: Iterable[Record], batch: int = 2000
                    ) -> tuple[int, int, list[str]]:
        """Write the records whose ids are not stored yet, exactly as they are; never
        overwrite. Returns (added, unchanged, ids that differ from what is stored).

        Reads and writes happen in one transaction, in batches, so a merge of any size holds
        one batch in memory and no other window can slip a record in between.
        """
        self._require_consent()
        added = unchanged = 0
        clashes: list[str] = []
        with self.transaction() as db:
            for chunk in _chunks(records, batch):
                kinds = {r.kind for r in chunk}
                have: dict[tuple[str, str], str] = {}
                for kind in kinds:
                    ids = [r.id for r in chunk if r.kind == kind]
                    marks = ",".join("?" * len(ids))
                    have.update(((kind, i), d) for i, d in db.execute(
                        f"SELECT id, data FROM records WHERE kind = ? AND id IN ({marks})",
                        (kind, *ids)))
                rows = []
                for rec in chunk:
                    mine = have.get((rec.kind, rec.id))
                    if mine is None:
                        rows.append(_row(rec.validate()))
                    elif json.loads(mine) == rec.to_dict():
                        unchanged += 1
                    else:
                        clashes.append(rec.id)
                db.executemany("INSERT INTO records(kind, id, created, updated, data) "
                               "VALUES (?, ?, ?, ?, ?)", rows)
                added += len(rows)
        return added, unchanged, clashes

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

    def last_written(self, skip_kinds: Iterable[str] = ()) -> dt.datetime | None:
        """When a record (other than ``skip_kinds``) or a typing draft was last written, or
        None when nothing was: one query, for a caseload over many profiles."""
        skip = list(skip_kinds)
        marks = ",".join("?" * len(skip)) or "''"
        row = self._db.execute(
            f"SELECT MAX(t) FROM (SELECT MAX(updated) AS t FROM records WHERE kind NOT IN "
            f"({marks}) UNION ALL SELECT MAX(updated) FROM drafts)", skip).fetchone()
        return dt.datetime.fromisoformat(row[0]) if row and row[0] else None

    # -- typing drafts (text kept as it is typed, so a closed tab loses seconds at most)
    def put_draft(self, key: str, text: str) -> None:
        if not self.consented:
            return  # never written before consent; the form still holds the text
        with self.transaction() as db:
            db.execute(
                "INSERT INTO drafts(key, value, updated) VALUES (?, ?, ?) ON CONFLICT(key) "
                "DO UPDATE SET value = excluded.value, updated = excluded.updated",
                (key, text, now().isoformat()))

    def draft(self, key: str) -> str:
        row = self._db.execute("SELECT value FROM drafts WHERE key = ?", (key,)).fetchone()
        return "" if row is None else row[0]

    def clear_draft(self, key: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM drafts WHERE key = ?", (key,))

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


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def write_problem(exc: BaseException, store: "Store | None" = None) -> WorkbookError:
    """The sentence for a write that the machine refused (busy, full disk, read-only),
    never "damaged": the data that is there reads fine and nothing was half written."""
    text = str(exc).lower()
    errno = getattr(exc, "errno", None)
    name = repr(store.name) if store is not None else "the profile"
    exists = store is not None and store.path.exists() and store.path.stat().st_size > 0
    if "locked" in text or "busy" in text:
        return WorkbookError(f"The profile {name} is busy in another window; nothing was "
                             "saved this time, please try again in a moment.")
    if "full" in text or errno == 28 or (store is not None and disk_full(store.path.parent)):
        kept = "what was saved before is safe" if exists else "no profile was made"
        return WorkbookError(f"The disk is full, so nothing was saved to the profile {name} "
                             f"({kept}); free some space and try again.")
    if "readonly" in text or "read-only" in text or "unable to open" in text \
            or errno in (1, 13, 30):
        why = _why_read_only(store.path) if store is not None else "the folder is read-only"
        if exists:
            return WorkbookError(
                f"The profile {name} can be read but not changed here: {why}. Everything in it "
                "reads fine; make it writable, or export it and restore it somewhere "
                "writable.")
        return WorkbookError(f"The profile {name} cannot be made: {why}; set WORKBOOK_HOME "
                             "to a folder you can write to.")
    return WorkbookError(f"The profile {name} could not be written ({exc}); nothing was "
                         "saved this time and what was saved before is safe.")


def disk_full(folder: Path) -> bool:
    """True when the disk holding ``folder`` has no space left for this user."""
    try:
        return os.statvfs(folder).f_bavail == 0
    except OSError:
        return False


def _why_read_only(path: Path) -> str:
    """Which thing is read-only: the whole disk, the profile's folder or the file itself."""
    folder = path.parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return f"the disk holding {str(folder)!r} is mounted read-only"
    except OSError:
        pass
    if path.exists() and not os.access(path, os.W_OK):
        return (f"the file {str(path)!r} is read-only or locked against changes "
                "(for example marked immutable)")
    return f"the folder {str(folder)!r} does not allow writing"


def inside_private_folders(path: str | os.PathLike) -> bool:
    """True when ``path`` lies in the folders holding profiles or their backups (a file
    written there could replace a live profile, or land beside it unseen)."""
    try:
        target = Path(path).expanduser().resolve()
        root = home().resolve()
    except (OSError, RuntimeError, WorkbookError):
        return False
    for folder in (root / "profiles", root / "backups"):
        if target == folder or folder in target.parents:
            return True
    return target.name.startswith(".building-") or root / "state.json" == target


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
