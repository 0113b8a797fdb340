"""The counselor's page (notebooks/06_counselor.ipynb): the caseload at a glance, then session
mode with one client - the agenda from last time (homework first), what happened since,
today's topics, homework set with dates, the counselor's own private notes, the next date
and the session summary.

The page is made of small parts, each owning its widgets and calling the core:
``CaseloadPart`` (``workbook.counseling.caseload``), ``AgendaPart`` and ``SessionPart``
(``workbook.counseling``), notes through ``workbook.counselor`` (the counselor's own space,
never the client's profile).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

import ipywidgets as w

from workbook import counseling, counselor, profiles, report
from workbook.store import Store, profile_path
from workbook.ui.common import (
    DraftKeeper, Messages, SafetyPanel, button, download_link, guarded, show_figure, stacked,
    style,
)
from workbook.ui.forms import ConfirmDelete, SaveAction
from workbook.ui.homework import HomeworkRow
from workbook.ui.html import esc, table

LABEL = {"description_width": "initial"}
_CSS = """<style>
.wb-cs-table td:not(:first-child) { font-variant-numeric: tabular-nums; }
.wb-cs-row { flex-wrap: wrap; gap: 6px; align-items: flex-end; }
.wb-cs-part { border-top: 1px solid #d0d7de; padding-top: 6px; margin-top: 8px; }
.wb-cs-private { background: #f5f8fb; border-left: 4px solid #56B4E9; padding: 4px 12px;
  border-radius: 4px; }
.wb-homework-item { border-bottom: 1px solid #e3e3e3; padding: 4px 0; }
.wb-cs .jupyter-button { width: auto; }
.wb-cs .widget-toggle-buttons { flex-wrap: wrap; height: auto; }
.wb-cs .widget-inline-hbox { max-width: 100%; box-sizing: border-box; }
@media (max-width: 600px) {
  .wb-cs .widget-inline-hbox:not(.wb-stacked) { flex-wrap: wrap; height: auto; }
  .wb-cs .widget-inline-hbox > .widget-label { width: auto !important;
    max-width: none !important; text-align: left !important; }
}
</style>"""


def app() -> w.Widget:
    """The whole counselor page."""
    return CounselorPage()


def _when(d: dt.date | None) -> str:
    return f"{d.day} {d:%b %Y}" if d else "-"


CASELOAD_COLUMNS = ("client", "last_session", "next_session", "open_homework",
                    "days_since_wrote", "rejections_since")


def caseload_html(rows: list[counseling.CaseloadRow]) -> str:
    """The caseload as one table: names, dates and counts only (every cell escaped)."""
    cols = counseling.wording()["caseload_columns"]
    cells = [[r.client, _when(r.last_session), _when(r.next_session), r.open_homework,
              "-" if r.days_since_wrote is None else r.days_since_wrote, r.rejections_since]
             for r in rows]
    return table("Your clients at a glance: dates and counts only",
                 [cols[k] for k in CASELOAD_COLUMNS], cells, cls="wb-cs-table")


class CaseloadPart(w.VBox):
    """Every client in one table (counts and dates, never their text)."""

    def __init__(self) -> None:
        self._table = w.HTML()
        super().__init__([w.HTML("<h3>Caseload</h3>"), self._table])
        self.refresh()

    def refresh(self) -> None:
        rows = counseling.caseload()
        self._table.value = caseload_html(rows) if rows else (
            '<p class="wb-muted">No client profiles yet. A client starts their own profile on '
            "the start page (a pseudonym is fine).</p>")


class AgendaPart(w.VBox):
    """The agenda: homework from last time first, then what happened since."""

    def __init__(self, client: Store, agenda: counseling.Agenda) -> None:
        words = counseling.wording()
        since = agenda.since
        homework: list[w.Widget]
        if agenda.first:
            homework = [w.HTML(f'<p class="wb-muted">{esc(words["first_session"])}</p>')]
        elif not agenda.homework:
            homework = [w.HTML(f'<p class="wb-muted">{esc(words["no_homework_last_time"])}</p>')]
        else:
            homework = [HomeworkRow(client, h) for h in agenda.homework]
        last = (f"{words['since_last']} ({esc(_when(agenda.last.on))})" if agenda.last
                else words["since_first"])
        wins = ("<p>Wins: " + "; ".join(esc(x) for x in since.wins) + "</p>") if since.wins else ""
        self._chart = w.Output()
        super().__init__([
            w.HTML("<h4>1. Homework from last time</h4>"), *homework,
            w.HTML(f"<h4>2. {esc(last)}</h4>"
                   + table("What happened since, in counts", ["What", "How many"],
                           since.rows(), cls="wb-cs-table")
                   + f"<p>{esc(since.mood_line())}</p>{wins}"),
            self._chart])
        if len(since.mood_weeks) >= 2:
            from workbook.charts import review as charts

            fig = charts.mood_by_week(since.mood_weeks, title="Check-ins since last time")
            fig.update_layout(width=None, autosize=True, height=260)
            show_figure(self._chart, fig, displayModeBar=False)


class SessionPart(w.VBox):
    """Today's session with one client: agenda, topics, homework, private notes, next date,
    summary."""

    def __init__(self, client: Store, notes: Store, messages: Messages,
                 on_saved: Callable[[], None]) -> None:
        self._client, self._notes, self._messages = client, notes, messages
        self._on_saved = on_saved
        self._guard = lambda fn: guarded(fn, messages)
        today = client.today()
        self.session = next((s for s in counseling.list_sessions(client) if s.on == today),
                            None) or counseling.add_session(client, today)
        agenda = counseling.agenda(client, today, current=self.session.id)
        words = counseling.wording()

        self._topics = stacked(w.Textarea(
            description="Topics for today (one a line)", rows=3,
            value="\n".join(self.session.topics or agenda.topics)), width="min(100%, 640px)")
        self._hw_text = stacked(w.Text(description="Homework agreed",
                                       placeholder="e.g. two tailored applications"),
                                width="min(100%, 520px)")
        self._hw_due = w.DatePicker(description="By when", style=LABEL,
                                    value=today + dt.timedelta(days=7))
        self._hw_add = SaveAction("Add homework", self.add_homework, icon="plus",
                                  primary=False)
        self._hw_list = w.VBox()
        self._hw_delete = ConfirmDelete()
        note = counselor.session_note(notes, client.name, self.session.id)
        self._note = stacked(w.Textarea(description="Your own notes (only you see these)",
                                        rows=3, value=note.text if note else ""),
                             width="min(100%, 640px)")
        self._note_draft = DraftKeeper(notes, f"counselor.{client.name}.{self.session.id}",
                                       self._note, messages)
        self._next = w.DatePicker(description="Next session", style=LABEL,
                                  value=self.session.next_on)
        self._save = SaveAction("Save the session", self.save)
        self._sections = {k: w.Checkbox(value=True, description=label, indent=False,
                                        layout=w.Layout(width="auto"))
                          for k, label in report.labels().items()}
        self._make = button("Make the session summary", icon="file")
        self._make.on_click(self._guard(lambda _: self.make_summary()))
        self._summary = w.VBox()
        hw_row = w.HBox([self._hw_text, self._hw_due])
        hw_row.add_class("wb-cs-row")
        super().__init__([
            w.HTML(f"<h3>Session with {esc(client.name)}, {esc(_when(today))}</h3>"),
            AgendaPart(client, agenda),
            w.HTML("<h4>3. Today</h4>"), self._topics,
            w.HTML("<h4>4. Homework until next time</h4>"), hw_row, self._hw_add,
            self._hw_list, self._hw_delete,
            w.HTML(f'<h4>5. Your notes</h4><p class="wb-cs-private">'
                   f'{esc(words["notes_private"])}</p>'), self._note,
            w.HTML("<h4>6. Close the session</h4>"), self._next, self._save,
            w.HTML("<p><strong>Session summary</strong> (the client's own summary: only the "
                   "ticked sections, never your notes)</p>"),
            *self._sections.values(), w.HBox([self._make]), self._summary])
        self.add_class("wb-cs-part")
        self._show_homework()

    def _show_homework(self) -> None:
        set_now = [h for h in counseling.list_homework(self._client)
                   if h.session_id == self.session.id]
        rows: list[w.Widget] = []
        for h in set_now:
            due = f' <span class="wb-muted">(by {esc(_when(h.due_on))})</span>' if h.due_on else ""
            delete = button("Delete", icon="trash", tooltip=f"Delete the homework: {h.text[:60]}")
            delete.on_click(self._guard(lambda _, i=h.id, t=h.text: self._hw_delete.ask(
                f'Delete the homework "{t[:60]}"? The client will no longer see it.',
                lambda: self.delete_homework(i))))
            row = w.HBox([w.HTML(f"<span>{esc(h.text)}{due}</span>"), delete])
            row.add_class("wb-cs-row")
            rows.append(row)
        self._hw_list.children = rows or [
            w.HTML('<p class="wb-muted">No homework set in this session yet.</p>')]

    def add_homework(self) -> str:
        item = counseling.add_homework(self._client, self._hw_text.value, self._hw_due.value,
                                       self.session.id)
        self._hw_text.value = ""
        self._show_homework()
        return f"Added: {item.text[:60]}. The client sees it in their weekly review."

    def delete_homework(self, homework_id: str) -> str:
        counseling.delete_homework(self._client, homework_id)
        self._show_homework()
        return "Deleted that homework."

    def save(self) -> str:
        self.session = counseling.update_session(
            self._client, self.session.id, topics=self._topics.value.splitlines(),
            next_on=self._next.value)
        counselor.save_session_note(self._notes, self._client.name, self.session.id,
                                    self._note.value)
        self._note_draft.clear()
        nxt = f" Next session: {_when(self.session.next_on)}." if self.session.next_on else ""
        self._on_saved()
        return f"Saved the session with {self._client.name}.{nxt}"

    def make_summary(self) -> None:
        from workbook.charts.review import session_summary

        ticked = [k for k, box in self._sections.items() if box.value]
        start, end = report.default_range(self._client)
        page = session_summary(self._client, ticked, start, end)
        data = page.encode("utf-8")
        name = f"session-summary-{self._client.name}-{end.isoformat()}.html"
        self._summary.children = [download_link(data, name, f"Save {name}", mime="text/html")]


class CounselorPage(w.VBox):
    """The caseload, a client picker, and session mode for the chosen client."""

    def __init__(self) -> None:
        self._messages = Messages()
        self._safety = SafetyPanel()
        self._notes = counselor.open_notes()
        self._client: Store | None = None
        self._caseload = CaseloadPart()
        names = profiles.own_profiles()
        self._pick = w.Dropdown(options=names, value=None, description="Client", style=LABEL)
        self._start = button("Start or continue today's session", primary=True,
                             icon="comments")
        self._start.on_click(guarded(lambda _: self.start(), self._messages))
        self._backup_btn = button("Download your notes (your own backup)", icon="download")
        self._backup_btn.on_click(guarded(lambda _: self.backup(), self._messages))
        self._backup = w.VBox()
        self._session = w.VBox()
        pick_row = w.HBox([self._pick, self._start])
        pick_row.add_class("wb-cs-row")
        super().__init__([
            style(), w.HTML(_CSS), w.HTML("<h2>Counselor: sessions and caseload</h2>"),
            w.HBox([w.HTML('<span class="wb-profile">Counselor view</span>'), self._safety]),
            w.HTML("<p>Coaching and reflection, not therapy. Your clients' numbers below are "
                   "counts and dates only; nothing they wrote is shown here.</p>"),
            self._messages, self._caseload, pick_row, self._session,
            w.HBox([self._backup_btn, self._backup])],
            layout=w.Layout(max_width="1100px"))
        self.add_class("wb-page")
        self.add_class("wb-cs")

    def start(self) -> None:
        if not self._pick.value:
            self._messages.error("Please choose a client first.")
            return
        if self._client is not None:
            self._client.close()
        self._client = Store(profile_path(self._pick.value))
        self._messages.clear()
        self._session.children = [SessionPart(self._client, self._notes, self._messages,
                                              self._caseload.refresh)]
        self._caseload.refresh()

    def backup(self) -> None:
        data = counselor.backup(self._notes)
        name = f"counselor-notes-{self._notes.today().isoformat()}.zip"
        self._backup.children = [download_link(data, name, f"Save {name}",
                                               mime="application/zip")]

    @property
    def session(self) -> SessionPart | None:
        kids = self._session.children
        return kids[0] if kids else None
