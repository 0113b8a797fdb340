"""The work-search record as a part of a page (mounted in the weekly review): the activities
of a period, weeks against the number asked for, how each contact was made and with whom,
and the CSV or the page to print, in English or German. The rules live in
``workbook.worksearch``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as w

from workbook import worksearch
from workbook.errors import WorkbookError
from workbook.records import Application
from workbook.ui.common import button, download_link, stacked
from workbook.ui.forms import SaveAction
from workbook.ui.html import esc, table

LABEL = {"description_width": "initial"}


class WorkSearchPanel(w.VBox):
    """The record for a chosen period, with its two extra fields and its downloads."""

    def __init__(self, ctx: Any):
        self._ctx = ctx
        store = ctx.store
        start, end = worksearch.default_range(store)
        self._start = w.DatePicker(description="From", value=start, style=LABEL)
        self._end = w.DatePicker(description="To", value=end, style=LABEL)
        self._lang = w.Dropdown(description="Language", options=[("English", "en"),
                                                                  ("Deutsch", "de")],
                                value="en", style=LABEL)
        self._required = w.BoundedIntText(description="Activities asked for each week",
                                          value=worksearch.required_per_week(store), min=0,
                                          max=worksearch.MAX_PER_WEEK, style=LABEL)
        self._save_required = SaveAction("Save the number", self.save_required, primary=False,
                                         ctx=ctx)
        self._weeks = w.HTML()
        self._list = w.HTML()
        self._app = w.Dropdown(description="Application", style=LABEL,
                               layout=w.Layout(width="min(100%, 520px)"))
        self._app.observe(ctx.guard(lambda _: self._fill()), names="value")
        self._method = w.Dropdown(description="How the contact was made", style=LABEL,
                                  options=worksearch.method_choices())
        self._person = stacked(w.Text(description="Contact person",
                                      placeholder="a name, or the team's"),
                               width="min(calc(100% - 8px), 520px)")
        self._save_contact = SaveAction("Save these details", self.save_contact, ctx=ctx)
        self._csv = button("Make the CSV (for a spreadsheet)", icon="table")
        self._html = button("Make the page to print", icon="print")
        self._csv.on_click(ctx.guard(lambda _: self.make("csv")))
        self._html.on_click(ctx.guard(lambda _: self.make("html")))
        self._link = w.VBox()
        for picker in (self._start, self._end, self._lang):
            picker.observe(ctx.guard(lambda _: self.refresh()), names="value")
        period = w.HBox([self._start, self._end, self._lang])
        period.add_class("wb-wr-row")
        needed = w.HBox([self._required])
        needed.add_class("wb-wr-row")
        downloads = w.HBox([self._csv, self._html])
        downloads.add_class("wb-wr-row")
        super().__init__([
            w.HTML("<h3>Work-search record</h3><p>Many benefit offices ask for a list of your "
                   "job-search activities (in Germany a Bewerbungsnachweis). It is built from "
                   "what you already keep here: applications, interviews, follow-ups and "
                   "contacts with mentors, former colleagues, recruiters and companies.</p>"),
            period, needed, self._save_required, self._weeks, self._list,
            w.HTML("<h4>How the contact was made, and with whom</h4>"),
            self._app, self._method, self._person, self._save_contact,
            w.HTML("<h4>Download</h4>"), downloads, self._link])
        self.refresh()

    def _period(self) -> tuple[dt.date, dt.date]:
        if self._start.value is None or self._end.value is None:
            raise WorkbookError("Please pick both dates of the period (From and To).")
        return self._start.value, self._end.value

    def refresh(self) -> None:
        start, end = self._period()
        lang = self._lang.value
        acts = worksearch.activities(self._ctx.store, start, end)
        required = worksearch.required_per_week(self._ctx.store)
        words = worksearch.wording()["page"][lang]

        def day(d: dt.date) -> str:
            return worksearch.day_text(d, lang)

        weeks = worksearch.weeks(acts, start, end, required, self._ctx.store.today())
        quieter = any(wk.quieter for wk in weeks)
        rows = [[f"{day(wk.monday)} - {day(wk.monday + dt.timedelta(days=6))}", wk.n,
                 worksearch.week_note(wk, lang)] for wk in weeks]
        self._weeks.value = table(words["weeks_heading"], words["week_columns"], rows) + (
            f'<p class="wb-muted">{esc(words["quieter_note"])}</p>' if quieter else "")
        cells = [[day(a.on), *row[1:]] for a, row in zip(acts, worksearch.rows(acts, lang))]
        self._list.value = (table(f"{words['title']}: {day(start)} - {day(end)}",
                                  words["columns"], cells) if cells
                            else f'<p class="wb-muted">{esc(words["none"])}</p>')
        apps = [a for a in self._ctx.store.all(Application)
                if a.stage != "saved" and a.applied_on and start <= a.applied_on <= end]
        current = self._app.value
        self._app.options = [(f"{a.applied_on:%d %b} {a.company or '?'} - {a.role or '?'}", a.id)
                             for a in sorted(apps, key=lambda a: a.applied_on, reverse=True)]
        ids = {a.id for a in apps}
        self._app.value = current if current in ids else (apps and self._app.options[0][1]) or None
        self._fill()
        self._link.children = []

    def _fill(self) -> None:
        app = self._ctx.store.get(Application, self._app.value) if self._app.value else None
        self._method.value = app.contact_method if app else ""
        self._person.value = app.contact_person if app else ""

    def save_required(self) -> str:
        n = worksearch.set_required_per_week(self._ctx.store, self._required.value)
        self.refresh()
        return f"Saved: {n} a week. Weeks with fewer are shown as quieter weeks, nothing more."

    def save_contact(self) -> str:
        if not self._app.value:
            raise WorkbookError("There is no application in this period to add details to; "
                                "pick another period.")
        app = worksearch.set_contact_details(self._ctx.store, self._app.value,
                                             self._method.value, self._person.value)
        self.refresh()
        return f"Saved the details of {app.company or app.role}."

    def make(self, kind: str) -> None:
        start, end = self._period()
        name = f"work-search-{start.isoformat()}-to-{end.isoformat()}-{self._lang.value}.{kind}"
        data, n = worksearch.write(self._ctx.store, name, start, end, self._lang.value)
        mime = "text/csv" if kind == "csv" else "text/html"
        self._link.children = [download_link(data, name, f"Save {name} ({n} activities)",
                                             mime=mime)]
