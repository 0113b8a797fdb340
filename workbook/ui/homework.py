"""Homework agreed with a counselor, seen and ticked by the client (in the weekly review) and
reviewed by the counselor (in session mode): one row per item with how it went (done,
partly, not yet) and what got in the way. The rules live in ``workbook.counseling``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as w

from workbook import counseling
from workbook.records import Homework
from workbook.ui.common import stacked
from workbook.ui.forms import SaveAction
from workbook.ui.html import esc


def _when(d: dt.date | None) -> str:
    return f"{d.day} {d:%b %Y}" if d else ""


class HomeworkRow(w.VBox):
    """One homework item: its words and date, how it went, what got in the way, Save."""

    def __init__(self, store: Any, item: Homework):
        self._store, self._id = store, item.id
        words = counseling.wording()
        due = f' <span class="wb-muted">(by {esc(_when(item.due_on))})</span>' if item.due_on else ""
        self._status = w.ToggleButtons(
            options=[(label, key) for key, label in words["homework_status"].items()
                     if not key.startswith("_")],
            value=item.status, description="How it went", style={"description_width": "initial",
                                                                 "button_width": "auto"})
        self._obstacle = stacked(w.Text(value=item.obstacle, description=words["obstacle_label"]),
                                 width="min(100%, 520px)")
        self._save = SaveAction("Save how it went", self.save, primary=False,
                                tooltip=f"Save how it went: {item.text[:60]}")
        super().__init__([w.HTML(f"<p><strong>{esc(item.text)}</strong>{due}</p>"),
                          self._status, self._obstacle, self._save])
        self.add_class("wb-homework-item")

    def save(self) -> str:
        item = counseling.update_homework(self._store, self._id, status=self._status.value,
                                          obstacle=self._obstacle.value.strip())
        return f"Saved: {counseling.status_label(item.status).lower()}."


class HomeworkPanel(w.VBox):
    """The client's homework: what is open, and what was done lately (the last 14 days)."""

    RECENT_DAYS = 14

    def __init__(self, ctx: Any, heading: bool = True):
        self._ctx = ctx
        self._list = w.VBox()
        words = counseling.wording()
        top = ([w.HTML(f"<h3>{esc(words['homework_heading'])}</h3>"
                       f"<p>{esc(words['homework_intro'])}</p>")] if heading else [])
        super().__init__([*top, self._list])
        self.add_class("wb-homework")
        self.refresh()

    def _shown(self) -> list[Homework]:
        today = self._ctx.store.today()
        recent = today - dt.timedelta(days=self.RECENT_DAYS)
        return [h for h in counseling.list_homework(self._ctx.store)
                if h.status != "done" or (h.ticked_at and h.ticked_at.date() >= recent)]

    def refresh(self) -> None:
        # A person without a counselor never sees an empty homework section.
        self.layout.display = None if self._ctx.store.counts()[Homework.kind] else "none"
        items = self._shown()
        if not items:
            self._list.children = [w.HTML(
                f'<p class="wb-muted">{esc(counseling.wording()["homework_empty"])}</p>')]
            return
        self._list.children = [HomeworkRow(self._ctx.store, h) for h in items]
