"""Guided writing after a rejection: a few short expressive-writing sessions, a
self-compassion letter, and an unsent letter to the company with a cooling-off period.

Private by construction (DESIGN section 10): nothing here goes into a report or a summary
unless the person ticks it there, and ``delete`` removes a piece for good (the freed space in
the file is overwritten). Prompts live in ``content/writing_prompts.json``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from workbook.content import load_json
from workbook.errors import WorkbookError
from workbook.records import Application, Rejection, Writing


def prompts() -> dict[str, Any]:
    """The writing prompts and notes (content/writing_prompts.json)."""
    return load_json("writing_prompts.json")


def prompt_for(form: str, session: int | None = None) -> str:
    """The prompt of a form; for expressive writing, that of ``session`` (1-based)."""
    p = prompts()
    if form == "expressive":
        sessions = p["expressive"]["sessions"]
        return sessions[min(max(session or 1, 1), len(sessions)) - 1]
    if form not in p:
        raise WorkbookError(f"There is no kind of writing called {form!r}.")
    return p[form]["prompt"]


def next_session(store: Any, rejection_id: str | None = None) -> int:
    """The number of the next expressive-writing session (about this rejection, if given)."""
    done = [w for w in store.all(Writing)
            if w.form == "expressive" and w.rejection_id == rejection_id]
    return len(done) + 1


def add(store: Any, form: str, text: str, *, rejection_id: str | None = None,
        session: int | None = None) -> Writing:
    """Keep a piece of writing. An expressive session gets the next session number; an
    unsent letter gets its cooling-off date (two days by default)."""
    if not (text or "").strip():
        raise WorkbookError("The page is empty; write a few lines first, or leave it for now.")
    rej = store.get(Rejection, rejection_id) if rejection_id else None
    if rejection_id and rej is None:
        raise WorkbookError("That rejection is no longer stored; the writing was not saved. "
                            "Please reload the page.")
    if form == "expressive":
        session = session or next_session(store, rejection_id)
    cool_until = None
    if form == "unsent_letter":
        cool_until = store.today() + dt.timedelta(
            days=prompts()["unsent_letter"]["cooling_off_days"])
    piece = Writing(form=form, text=text, rejection_id=rejection_id,
                    application_id=rej.application_id if rej else None, session=session,
                    prompt=prompt_for(form, session) if form in prompts() else "",
                    cool_until=cool_until)
    return store.save(piece.validate())


def update(store: Any, id: str, **fields: Any) -> Writing:
    """Change a stored piece (its text, mostly)."""
    piece = store.need(Writing, id)
    if "text" in fields and not str(fields["text"] or "").strip():
        raise WorkbookError("The page would be empty; to remove it, delete it instead.")
    return store.save(piece.changed(**fields))


def delete(store: Any, id: str) -> None:
    """Delete a piece for good: the record goes and its space in the file is overwritten.
    Backup copies taken before today may still hold it."""
    store.need(Writing, id)
    store.delete_for_good(Writing, id)


def listed(store: Any, form: str | None = None) -> list[Writing]:
    """Every piece (of one form, if given), the most recent first."""
    out = [w for w in store.all(Writing) if form is None or w.form == form]
    return sorted(out, key=lambda w: w.created, reverse=True)


def cooling_note(store: Any, letter: Writing) -> str:
    """What the unsent letter's cooling-off says today."""
    p = prompts()["unsent_letter"]
    if letter.cool_until and store.today() < letter.cool_until:
        return p["cooling"].format(day=f"{letter.cool_until:%A} {letter.cool_until.day} "
                                       f"{letter.cool_until:%B}")
    return p["ready"]


def reply_after_letter(store: Any, letter: Writing) -> Any:
    """A calm (unsaved) reply draft for the rejection the letter was about, once the
    cooling-off has passed; WorkbookError saying when before that."""
    from workbook import rejections

    if letter.form != "unsent_letter":
        raise WorkbookError("Only an unsent letter leads to a reply draft.")
    if letter.cool_until and store.today() < letter.cool_until:
        raise WorkbookError(cooling_note(store, letter))
    rej = store.get(Rejection, letter.rejection_id) if letter.rejection_id else None
    if rej is None:
        from workbook import reflection

        app = store.get(Application, letter.application_id) if letter.application_id else None
        return reflection.make_draft(store, "rejection_reply",
                                     application_id=app.id if app else None)
    return rejections.reply_draft(store, rej, ask_feedback=False)
