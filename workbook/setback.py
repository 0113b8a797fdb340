"""The setback plan: written when calm ("when the next no comes, I will ...; I will not
..."), in the weekly review or after recovering, and shown back when the next rejection is
recorded. In the spirit of the JOBS programme's inoculation against setbacks."""

from __future__ import annotations

from typing import Any

from workbook.errors import WorkbookError
from workbook.records import SetbackPlan


def add(store: Any, will: str, will_not: str = "") -> SetbackPlan:
    """Keep a new plan; the newest plan is the one shown back."""
    if not (will or "").strip():
        raise WorkbookError("The plan has no \u201cI will\u201d yet; write one thing you will "
                            "do when the next no comes (one is enough).")
    return store.save(SetbackPlan(will=will.strip(), will_not=(will_not or "").strip()))


def update(store: Any, id: str, **fields: Any) -> SetbackPlan:
    plan = store.need(SetbackPlan, id)
    if "will" in fields and not str(fields["will"] or "").strip():
        raise WorkbookError("The plan would have no \u201cI will\u201d; write one, or delete "
                            "the plan.")
    return store.save(plan.changed(**fields))


def delete(store: Any, id: str) -> None:
    if not store.delete(SetbackPlan, id):
        raise WorkbookError("That plan is no longer stored, so there was nothing to delete.")


def listed(store: Any) -> list[SetbackPlan]:
    """Every plan, the newest first."""
    return sorted(store.all(SetbackPlan), key=lambda p: p.updated, reverse=True)


def current(store: Any) -> SetbackPlan | None:
    """The plan to show when the next no comes (the most recently written), or None."""
    plans = listed(store)
    return plans[0] if plans else None
