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

from workbook import counseling, counselor, report
from workbook.store import DEMO_PROFILE, Store, list_profiles, profile_path
from workbook.ui.common import (
    DraftKeeper, Messages, SafetyPanel, button, download_link, esc, guarded, show_figure,
    stacked, style,
)
from workbook.ui.homework import HomeworkRow

LABEL = {"description_width": "initial"}
_CSS = """<style>
.wb-cs-table { border-collapse: collapse; margin: 6px 0; max-width: 100%; }
.wb-cs-table th, .wb-cs-table td { padding: 4px 10px 4px 0; border-bottom: 1px solid #e3e3e3;
  text-align: left; vertical-align: top; }
.wb-cs-table td.n { text-align: right; font-variant-numeric: tabular-nums; }
.wb-cs-scroll { overflow-x: auto; max-width: 100%; }
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


def clients() -> list[str]:
    """The client profiles on this install (the sample persona left out)."""
    return [n for n in list_profiles() if n != DEMO_PROFILE]


def caseload_html(rows: list[counseling.CaseloadRow]) -> str:
    """The caseload as one table: names, dates and counts only (every cell escaped)."""
    cols = counseling.wording()["caseload_columns"]
    head = "".join(f'<th scope="col">{esc(cols[k])}</th>' for k in (
        "client", "last_session", "next_session", "open_homework", "days_since_wrote",
        "rejections_since"))
    body = "".join(
        f"<tr><th scope=\"row\">{esc(r.client)}</th><td>{esc(_when(r.last_session))}</td>"
        f"<td>{esc(_when(r.next_session))}</td><td class=\"n\">{r.open_homework}</td>"
        f"<td class=\"n\">{'-' if r.days_since_wrote is None else r.days_since_wrote}</td>"
        f"<td class=\"n\">{r.rejections_since}</td></tr>" for r in rows)
    return (f'<div class="wb-cs-scroll"><table class="wb-cs-table"><caption>Your clients at a '
            f"glance: dates and counts only</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table></div>")


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

    def __init__(self, client: Store, agenda: counseling.Agenda, guard: Callable,
                 messages: Messages) -> None:
        words = counseling.wording()
        since = agenda.since
        homework: list[w.Widget]
        if agenda.first:
            homework = [w.HTML(f'<p class="wb-muted">{esc(words["first_session"])}</p>')]
        elif not agenda.homework:
            homework = [w.HTML(f'<p class="wb-muted">{esc(words["no_homework_last_time"])}</p>')]
        else:
            homework = [HomeworkRow(client, h, guard, messages.ok) for h in agenda.homework]
        last = (f"{words['since_last']} ({esc(_when(agenda.last.on))})" if agenda.last
                else words["since_first"])
        rows = "".join(f'<tr><td>{esc(k)}</td><td class="n">{esc(v)}</td></tr>'
                       for k, v in since.rows())
        wins = ("<p>Wins: " + "; ".join(esc(x) for x in since.wins) + "</p>") if since.wins else ""
        self._chart = w.Output()
        super().__init__([
            w.HTML("<h4>1. Homework from last time</h4>"), *homework,
            w.HTML(f"<h4>2. {esc(last)}</h4>"
                   f'<table class="wb-cs-table" aria-label="What happened since"><tbody>{rows}'
                   f"</tbody></table><p>{esc(since.mood_line())}</p>{wins}"),
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
        self._hw_add = button("Add homework", icon="plus")
        self._hw_add.on_click(self._guard(lambda _: self.add_homework()))
        self._hw_list = w.HTML()
        note = counselor.session_note(notes, client.name, self.session.id)
        self._note = stacked(w.Textarea(description="Your own notes (only you see these)",
                                        rows=3, value=note.text if note else ""),
                             width="min(100%, 640px)")
        self._note_draft = DraftKeeper(notes, f"counselor.{client.name}.{self.session.id}",
                                       self._note, messages)
        self._next = w.DatePicker(description="Next session", style=LABEL,
                                  value=self.session.next_on)
        self._save = button("Save the session", primary=True, icon="check")
        self._save.on_click(self._guard(lambda _: self.save()))
        self._status = w.HTML()
        self._sections = {k: w.Checkbox(value=True, description=label, indent=False,
                                        layout=w.Layout(width="auto"))
                          for k, label in report.labels().items()}
        self._make = button("Make the session summary", icon="file")
        self._make.on_click(self._guard(lambda _: self.make_summary()))
        self._summary = w.VBox()
        hw_row = w.HBox([self._hw_text, self._hw_due, self._hw_add])
        hw_row.add_class("wb-cs-row")
        super().__init__([
            w.HTML(f"<h3>Session with {esc(client.name)}, {esc(_when(today))}</h3>"),
            AgendaPart(client, agenda, self._guard, messages),
            w.HTML("<h4>3. Today</h4>"), self._topics,
            w.HTML("<h4>4. Homework until next time</h4>"), hw_row, self._hw_list,
            w.HTML(f'<h4>5. Your notes</h4><p class="wb-cs-private">'
                   f'{esc(words["notes_private"])}</p>'), self._note,
            w.HTML("<h4>6. Close the session</h4>"), self._next,
            w.HBox([self._save]), self._status,
            w.HTML("<p><strong>Session summary</strong> (the client's own summary: only the "
                   "ticked sections, never your notes)</p>"),
            *self._sections.values(), w.HBox([self._make]), self._summary])
        self.add_class("wb-cs-part")
        self._show_homework()

    def _show_homework(self) -> None:
        set_now = [h for h in counseling.list_homework(self._client)
                   if h.session_id == self.session.id]
        self._hw_list.value = ("<ul>" + "".join(
            f"<li>{esc(h.text)}" + (f' <span class="wb-muted">(by {esc(_when(h.due_on))})'
                                    "</span>" if h.due_on else "") + "</li>"
            for h in set_now) + "</ul>") if set_now else (
            '<p class="wb-muted">No homework set in this session yet.</p>')

    def add_homework(self) -> None:
        item = counseling.add_homework(self._client, self._hw_text.value, self._hw_due.value,
                                       self.session.id)
        self._hw_text.value = ""
        self._show_homework()
        self._messages.ok(f"Added the homework: {item.text[:60]}. The client sees it in their "
                          "weekly review.")

    def save(self) -> None:
        self.session = counseling.update_session(
            self._client, self.session.id, topics=self._topics.value.splitlines(),
            next_on=self._next.value)
        counselor.save_session_note(self._notes, self._client.name, self.session.id,
                                    self._note.value)
        self._note_draft.clear()
        nxt = f" Next session: {_when(self.session.next_on)}." if self.session.next_on else ""
        self._status.value = f'<p class="wb-muted" role="status">Session saved.{esc(nxt)}</p>'
        self._messages.ok(f"Saved the session with {self._client.name}.{nxt}")
        self._on_saved()

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
        names = clients()
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
