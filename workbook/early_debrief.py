"""A short debrief for a no at the application or screen stage: was it a stretch or a fit,
what in the posting matched, was the resume tailored? It feeds the same patterns as the
interview debriefs (``reflection.pattern_sentences``) and the analytics' tailored-resume
breakdown (the answer is kept on the application)."""

from __future__ import annotations

from typing import Any

from workbook.errors import WorkbookError
from workbook.records import Application, EarlyDebrief, Rejection


def add(store: Any, rejection_id: str, *, fit: str = "unsure", matched: str = "",
        missing: str = "", tailored: bool | None = None) -> EarlyDebrief:
    """Keep the debrief of a rejection; ``tailored`` is also set on its application."""
    rej = store.get(Rejection, rejection_id)
    if rej is None:
        raise WorkbookError("That rejection is no longer stored; the debrief was not saved. "
                            "Please reload the page.")
    debrief = EarlyDebrief(rejection_id=rej.id, application_id=rej.application_id, fit=fit,
                           matched=matched or "", missing=missing or "",
                           tailored=tailored).validate()
    writes: list[Any] = [debrief]
    app = store.get(Application, rej.application_id) if rej.application_id else None
    if app is not None and tailored is not None:
        writes.insert(0, app.changed(tailored=tailored))
    store.save_many(writes)
    return debrief


def update(store: Any, id: str, **fields: Any) -> EarlyDebrief:
    debrief = store.need(EarlyDebrief, id)
    new = debrief.changed(**fields)
    writes: list[Any] = [new]
    app = store.get(Application, new.application_id) if new.application_id else None
    if app is not None and "tailored" in fields:
        writes.insert(0, app.changed(tailored=new.tailored))
    store.save_many(writes)
    return new


def delete(store: Any, id: str) -> None:
    if not store.delete(EarlyDebrief, id):
        raise WorkbookError("That debrief is no longer stored, so there was nothing to delete.")


def listed(store: Any) -> list[EarlyDebrief]:
    return sorted(store.all(EarlyDebrief), key=lambda d: d.created, reverse=True)


def pattern_sentence(store: Any) -> str:
    """One plain sentence about the early nos looked at so far (numbers as information)."""
    found = listed(store)
    if not found:
        return ("No early-rejection debriefs yet. After a no at the application or screen "
                "stage, a two-minute look at the fit shows patterns here.")
    n = len(found)
    stretch = sum(d.fit == "stretch" for d in found)
    asked = [d for d in found if d.tailored is not None]
    tailored = sum(bool(d.tailored) for d in asked)
    text = (f"Of {n} early no{'s' if n != 1 else ''} you looked at, {stretch} "
            f"{'was a stretch' if stretch == 1 else 'were stretches'}")
    if asked:
        text += f", and the resume was tailored in {tailored} of {len(asked)}"
    text += "."
    if n < 5:
        text += " Not enough yet to tell a pattern."
    elif stretch * 2 > n:
        text += (" Many were stretches: that says more about where you aim than about you, "
                 "and some stretches are worth it.")
    return text
