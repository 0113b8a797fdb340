"""The counselor's own space: their notes on clients, kept apart from every client's data.

Where: ``$WORKBOOK_HOME/counselor/notes.sqlite`` (0700 folder, 0600 file), beside the
``profiles/`` folder, never inside it, so no client profile, bundle, page or summary can
ever hold a counselor's note. On JupyterHub the counselor's own account holds it. The notes
leave this space only through ``backup`` (the counselor's own backup file).

One family of functions: ``add_note``/``update_note``/``delete_note``/``list_notes``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from workbook import review
from workbook.errors import WorkbookError
from workbook.records import COUNSELOR_KINDS, CounselorNote
from workbook.store import Store, home

FORMAT = "workbook-counselor-backup"
NOTES_FILE = "notes.sqlite"


def space() -> Path:
    """The counselor's folder (created 0700 when missing)."""
    path = home() / "counselor"
    path.mkdir(mode=0o700, exist_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(0o700)
    return path


def open_notes() -> Store:
    """The counselor's notes store. Opening the counselor's page is the counselor's own
    explicit act, and the page says where the notes live, so it counts as agreeing."""
    store = Store(space() / NOTES_FILE)
    store.agree()
    return store


def add_note(notes: Store, client: str, text: str, session_id: str | None = None,
             on: Any = None) -> CounselorNote:
    """Store a note on ``client`` (a profile name), for a session when given."""
    text = (text or "").strip()
    if not text:
        raise WorkbookError("The note is empty; please write something, or leave it.")
    note = CounselorNote(client=client, text=text, session_id=session_id or None,
                         on=review.optional_date(on, "note") or notes.today())
    return notes.save(note.validate())


def update_note(notes: Store, id: str, **fields: Any) -> CounselorNote:
    if "text" in fields and not str(fields["text"] or "").strip():
        raise WorkbookError("The note is empty; please write something, or delete it.")
    return review.update_record(notes, CounselorNote, id, fields)


def delete_note(notes: Store, id: str) -> None:
    review.delete_record(notes, CounselorNote, id)


def list_notes(notes: Store, client: str | None = None,
               session_id: str | None = None) -> list[CounselorNote]:
    """Notes, the newest first, on one client (and one session) when given."""
    found = [n for n in notes.all(CounselorNote)
             if (client is None or n.client == client)
             and (session_id is None or n.session_id == session_id)]
    return sorted(found, key=lambda n: (n.on, n.created), reverse=True)


def session_note(notes: Store, client: str, session_id: str) -> CounselorNote | None:
    """The note written in one session (one per session, edited in place)."""
    found = list_notes(notes, client, session_id)
    return found[0] if found else None


def save_session_note(notes: Store, client: str, session_id: str, text: str
                      ) -> CounselorNote | None:
    """Keep the session's note as ``text``: added, updated, or deleted when emptied."""
    current = session_note(notes, client, session_id)
    if current is None:
        return add_note(notes, client, text, session_id) if text.strip() else None
    if not text.strip():
        delete_note(notes, current.id)
        return None
    return update_note(notes, current.id, text=text.strip())


def backup(notes: Store) -> bytes:
    """The counselor's notes as one zip (manifest with counts and SHA-256, one JSON per
    kind): the only way they leave the counselor's space."""
    members = {f"{kind}.json": json.dumps(notes.raw(kind), ensure_ascii=False,
                                          indent=1).encode("utf-8")
               for kind in COUNSELOR_KINDS}
    manifest = {"format": FORMAT,
                "created": dt.datetime.now(dt.timezone.utc).isoformat(),
                "counts": {kind: len(notes.raw(kind)) for kind in COUNSELOR_KINDS},
                "files": {n: hashlib.sha256(d).hexdigest() for n, d in members.items()}}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest, indent=1))
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()
