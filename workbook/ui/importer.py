"""Import wizard and application editor, embedded by the search-analytics page.

``wizard(ctx, on_imported)``: choose one or several files -> see the first rows as the
workbook understood them, the column mapping and the status meanings (both editable), how
dates were read, and every warning -> Confirm. Nothing is stored before Confirm.

``editor(ctx, on_change)``: add an application by hand, edit one (for example set the
outcome of a LinkedIn application, which the export never says) or delete one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

import ipywidgets as w
import pandas as pd

from workbook import applications
from workbook.applications import mapping as mapping_mod
from workbook.errors import WorkbookError
from workbook.records import OUTCOMES, SOURCES, STAGES, Application
from workbook.ui.common import Context, esc, uploaded_files

MAX_UPLOAD = 20 * 1024 * 1024
PREVIEW_ROWS = 8
MAX_STATUS_ROWS = 30

STATUS_CHOICES = [
    ("as understood", ""),
    ("saved, not applied yet", "saved/"),
    ("applied, waiting", "applied/open"),
    ("no reply (ghosted)", "/no_response"),
    ("rejected", "/rejected"),
    ("phone or recruiter screen", "screen/"),
    ("interview", "interview/"),
    ("interview, then rejected", "interview/rejected"),
    ("offer", "offer/"),
    ("offer accepted", "offer/accepted"),
    ("offer declined", "offer/declined"),
    ("I withdrew", "/withdrawn"),
    ("says nothing about progress", "/"),
]
DOUBT_CHOICES = [("rejected", "/rejected"), ("no reply", "/no_response"),
                 ("waiting", "applied/open"), ("screen", "screen/"),
                 ("interview", "interview/"), ("offer", "offer/"),
                 ("I withdrew", "/withdrawn"), ("not applied", "saved/")]
MAX_DOUBTS = 12
ROLE_OPTIONS = [(label, role) for role, label in mapping_mod.ROLE_LABELS.items()]
STAGE_LABELS = {"saved": "saved (not applied)", "applied": "applied", "screen": "screen",
                "interview": "interview", "offer": "offer"}
OUTCOME_LABELS = {"open": "open (no answer yet)", "no_response": "no reply (ghosted)",
                  "rejected": "rejected", "withdrawn": "I withdrew", "accepted": "accepted",
                  "declined": "I declined the offer"}
SOURCE_LABELS = {"job_board": "job board", "company_site": "company website",
                 "referral": "referral", "recruiter": "recruiter", "linkedin": "LinkedIn",
                 "networking": "networking", "other": "other"}


def _meaning_text(m: dict) -> str:
    stage, outcome = m.get("stage"), m.get("outcome")
    if m.get("how") == "unknown":
        return "not understood (left open)"
    parts = []
    if stage:
        parts.append(f"reached {stage}")
    if outcome:
        parts.append(OUTCOME_LABELS.get(outcome, outcome))
    return ", ".join(parts) or "says nothing about progress"


def _table(df: pd.DataFrame, caption: str) -> str:
    cell = "padding:4px 8px;border-top:1px solid #e3e3e3;text-align:left;white-space:nowrap"
    head = "".join(f"<th scope='col' style='{cell}'>{esc(c)}</th>" for c in df.columns)
    body = "".join("<tr>" + "".join(f"<td style='{cell}'>{esc(v)}</td>" for v in row)
                   + "</tr>"
                   for row in df.astype("object").where(df.notna(), "").itertuples(index=False))
    return (f"<div class='wb-import-preview' style='overflow-x:auto;max-width:100%' "
            f"tabindex='0' role='region' aria-label='{esc(caption)}'>"
            f"<table style='border-collapse:collapse'><caption style='text-align:left'>"
            f"{esc(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody>"
            "</table></div>")


class Wizard:
    """The import wizard's state: the files read, the person's changes, the pending result."""

    def __init__(self, ctx: Context, on_imported: Callable[..., Any]):
        self.ctx = ctx
        self.on_imported = on_imported
        self.files: list[tuple[str, bytes]] = []
        self.df: pd.DataFrame | None = None
        self.report: applications.ImportReport | None = None
        self.mapping_override: dict[str, str] = {}
        self.status_override: dict[str, str] = {}
        self.upload = w.FileUpload(accept=".csv,.tsv,.txt,.xlsx,.json,.zip", multiple=True,
                                   description="Choose file(s)",
                                   tooltip="CSV, Excel (.xlsx), JSON or a LinkedIn archive")
        self.read_button = w.Button(description="Read the file(s)", icon="eye",
                                    tooltip="Read and show what was understood; "
                                            "nothing is saved yet")
        self.sheet = w.Dropdown(options=[], description="Sheet", layout=w.Layout(display="none"))
        self._showing = False
        self.summary = w.HTML()
        self.preview = w.HTML()
        self.mapping_box = w.VBox()
        self.status_box = w.VBox()
        self.doubt_box = w.VBox()
        self.doubt_box.add_class("wb-doubts")
        self.details = w.HTML()
        self.apply_button = w.Button(description="Apply my changes", icon="refresh",
                                     tooltip="Read the files again with the mapping above")
        self.confirm_button = w.Button(description="Confirm and save", button_style="primary",
                                       icon="check", tooltip="Store these applications")
        self.cancel_button = w.Button(description="Cancel", tooltip="Forget these files")
        self.review = w.VBox(layout=w.Layout(display="none"))
        guard = ctx.guard
        self.read_button.on_click(guard(lambda _: self.read()))
        self.apply_button.on_click(guard(lambda _: self.read(keep_changes=True)))
        self.confirm_button.on_click(guard(lambda _: self.confirm()))
        self.cancel_button.on_click(guard(lambda _: self.reset()))
        self.sheet.observe(guard(self._sheet_changed), names="value")
        self.widget = w.VBox([
            w.HTML("<p>Choose your file (or several, such as a LinkedIn export split in "
                   "parts). You will see what the workbook understood before anything is "
                   "saved. Files up to 20 MB.</p>"),
            w.HBox([self.upload, self.read_button]),
            self.review,
        ])
        self.widget.add_class("wb-importer")

    # -- steps
    def read(self, keep_changes: bool = False) -> None:
        if not keep_changes:
            files = uploaded_files(self.upload)
            if not files:
                raise WorkbookError("No file was chosen yet: use 'Choose file(s)' first.")
            for name, data in files:
                if len(data) > MAX_UPLOAD:
                    raise WorkbookError(
                        f"{name} is {len(data) / 1e6:.0f} MB, more than the 20 MB this page "
                        "takes: split it, or import it from a terminal with "
                        "`workbook import FILE`.")
            self.files = files
            self.mapping_override = {}
            self.status_override = {}
            self.sheet.options = []
        else:
            self._collect_changes()
        if not self.files:
            raise WorkbookError("No file was chosen yet: use 'Choose file(s)' first.")
        remembered = dict(self.ctx.store.setting("status_map", {}) or {})
        remembered.update({k: v for k, v in self.status_override.items() if v})
        sheet = (self.sheet.value or None) if self.sheet.options else None
        self.df, self.report = None, None
        self.review.layout.display = "none"
        df, report = applications.load(list(self.files), mapping=self.mapping_override or None,
                                       status_map=remembered, sheet=sheet)
        report.user_status_map = {k: v for k, v in self.status_override.items() if v}
        self.df, self.report = df, report
        self.show()
        self.ctx.messages.info("Nothing is saved yet: check what was understood, change what "
                               "is wrong, then press 'Confirm and save'.")

    def _sheet_changed(self, change: dict) -> None:
        if self.files and change.get("new") is not None and self.report is not None \
                and not self._showing \
                and change["new"] != self._sheet_read():
            # another sheet has other columns: start its mapping afresh
            self.mapping_override = {}
            self.mapping_box.children = []
            self.read(keep_changes=True)

    def _sheet_read(self) -> str:
        """The sheet the report was read from ("" = several read together)."""
        went_in = [f.get("sheet") for f in self.report.files if f.get("sheet")] \
            if self.report is not None else []
        return went_in[0] if len(went_in) == 1 else ""

    def _collect_changes(self) -> None:
        for dd in self.mapping_box.children[1:]:
            if isinstance(dd, w.Dropdown) and self.report is not None:
                column = dd.tooltip or dd.description
                if dd.value != self.report.mapping.get(column):
                    self.mapping_override[column] = dd.value
        if self.mapping_override and self.report is not None:
            # an override names every column, so the detected ones stay as they were
            self.mapping_override = {**self.report.mapping, **self.mapping_override}
        for dd in self.status_box.children[1:]:
            if isinstance(dd, w.Dropdown) and dd.value:
                self.status_override[dd.tooltip or dd.description] = dd.value

    def show(self) -> None:
        rep, df = self.report, self.df
        assert rep is not None and df is not None
        sheets = rep.files[0].get("sheets") or []
        if len(sheets) > 1:
            went_in = [f.get("sheet") for f in rep.files if f.get("sheet")]
            together = [("the sheets with applications, read together", "")] \
                if len(went_in) > 1 or self.sheet.value == "" else []
            self._showing = True     # setting the options is no choice of the person's
            try:
                self.sheet.options = together + [(t, t) for t in sheets]
                self.sheet.value = self._sheet_read()
            finally:
                self._showing = False
            self.sheet.layout.display = None
        else:
            self.sheet.layout.display = "none"
        stages = ", ".join(f"{esc(k)} {v}" for k, v in rep.stage_counts.items() if v)
        outcomes = ", ".join(f"{esc(OUTCOME_LABELS.get(k, k))} {v}"
                             for k, v in rep.outcome_counts.items() if v)
        self.summary.value = (
            f"<div class='wb-data' role='status'><p><strong>{esc(rep.summary())}</strong></p>"
            f"<p>Furthest stage reached: {stages}.<br>Outcome: {outcomes}.<br>"
            f"Applied between {esc(rep.first_applied or '?')} and "
            f"{esc(rep.last_applied or '?')}.</p></div>")
        cols = ["company", "role", "applied_on", "stage", "outcome", "status_raw"]
        shown = df.loc[:, cols].head(PREVIEW_ROWS).copy()
        shown["applied_on"] = shown["applied_on"].dt.strftime("%Y-%m-%d")
        shown.columns = ["company", "role", "applied", "furthest stage", "outcome",
                         "status as written"]
        self.preview.value = _table(shown, f"The first {len(shown)} applications as "
                                           "understood")
        self.mapping_box.children = [w.HTML(
            "<h4>Which column holds what</h4><p class='wb-muted'>Change a column's meaning "
            "if it was misread, then press 'Apply my changes'.</p>")] + [
            w.Dropdown(options=ROLE_OPTIONS, value=role, description=column[:40],
                       tooltip=column, style={"description_width": "initial"},
                       layout=w.Layout(width="100%", max_width="560px"))
            for column, role in list(rep.mapping.items())[:60]]
        statuses = sorted(rep.status_map.items(),
                          key=lambda kv: (kv[1].get("how") != "unknown", kv[0].casefold()))
        rows: list[w.Widget] = [w.HTML(
            "<h4>What each status means</h4><p class='wb-muted'>Values not understood come "
            "first. What you choose here is remembered for this profile.</p>")]
        for value, m in statuses[:MAX_STATUS_ROWS]:
            choices = [(f"as understood: {_meaning_text(m)}", "")] + STATUS_CHOICES[1:]
            current = self.status_override.get(value, "")
            rows.append(w.Dropdown(options=choices, value=current, description=value[:40],
                                   tooltip=value,
                                   style={"description_width": "initial"},
                                   layout=w.Layout(width="100%", max_width="560px")))
        if len(statuses) > MAX_STATUS_ROWS:
            rows.append(w.HTML(f"<p class='wb-muted'>and {len(statuses) - MAX_STATUS_ROWS} "
                               "more values (the workbook import command lists them all).</p>"))
        if len(rows) == 1:
            rows.append(w.HTML("<p class='wb-muted'>This file has no status column.</p>"))
        self.status_box.children = rows
        self.doubt_box.children = self._doubts(rep)
        self.details.value = self._details_html(rep)
        self.review.children = [self.sheet, self.summary, self.doubt_box, self.preview,
                                self.mapping_box, self.status_box, self.details,
                                w.HBox([self.apply_button, self.confirm_button,
                                        self.cancel_button])]
        self.review.layout.display = None

    def _doubts(self, rep: applications.ImportReport) -> list[w.Widget]:
        """The values the importer did not know or only guessed, each with one-click
        choices; a click reads the file again with that meaning (and Confirm remembers
        it in the profile for the next import of this tracker)."""
        doubts = sorted(rep.doubtful_values.items(),
                        key=lambda kv: (kv[1]["how"] != "unknown", -kv[1]["rows"], kv[0]))
        doubts = [(v, m) for v, m in doubts if v not in self.status_override][:MAX_DOUBTS]
        if not doubts:
            return []
        head = w.HTML(
            "<h4>Please check these</h4><p>"
            f"{rep.rows_unknown} rows have a status the workbook did not know (left open), "
            f"and {rep.rows_guessed} were read by a guess. One click on what each means "
            "settles it; nothing is saved before 'Confirm and save'.</p>")
        out: list[w.Widget] = [head]
        for value, m in doubts:
            guess = "not understood" if m["how"] == "unknown" else \
                f"guessed: {_meaning_text(m)}"
            label = w.HTML(f"<p><strong>{esc(value[:120])}</strong> "
                           f"<span class='wb-muted'>({m['rows']} rows; {esc(guess)})</span></p>")
            pick = w.ToggleButtons(options=[("keep", "")] + DOUBT_CHOICES, value="",
                                   tooltips=[value] * (len(DOUBT_CHOICES) + 1),
                                   style={"button_width": "auto"})
            pick.observe(self.ctx.guard(lambda change, v=value: self._settle(v, change["new"])),
                         names="value")
            out.append(w.VBox([label, pick], layout=w.Layout(margin="0 0 6px 0")))
        return out

    def _settle(self, value: str, meaning: str) -> None:
        if not meaning:
            return
        self.status_override[value] = meaning
        self.read(keep_changes=True)

    @staticmethod
    def _details_html(rep: applications.ImportReport) -> str:
        parts = []
        if rep.dates:
            items = "".join(f"<li>{esc(c)}: {esc(d['described'])} ({d['parsed']} read, "
                            f"{d['damaged']} not readable)</li>" for c, d in rep.dates.items())
            parts.append(f"<h4>How dates were read</h4><ul>{items}</ul>")
        if rep.damaged_dates:
            items = "".join(f"<li>{esc(d['file'])}, row {d['row']}, {esc(d['column'])}: "
                            f"{esc(d['value'])!s}</li>" for d in rep.damaged_dates[:20])
            parts.append(f"<h4>Dates left empty (never guessed)</h4><ul>{items}</ul>")
        if rep.warnings:
            items = "".join(f"<li>{esc(x)}</li>" for x in rep.warnings)
            parts.append(f"<h4>Worth knowing</h4><ul>{items}</ul>")
        if rep.rows_skipped:
            items = "".join(f"<li>{esc(s['file'])}, row {s['row']}: {esc(s['reason'])}</li>"
                            for s in rep.rows_skipped[:20])
            more = (f"<p class='wb-muted'>and {rep.skipped_count - 20} more.</p>"
                    if rep.skipped_count > 20 else "")
            parts.append(f"<h4>Rows left out</h4><ul>{items}</ul>{more}")
        return "".join(parts)

    def _pending(self) -> bool:
        """True when a dropdown was changed but 'Apply my changes' was not pressed."""
        if self.report is None:
            return False
        for dd in self.mapping_box.children[1:]:
            if isinstance(dd, w.Dropdown) and dd.value != self.report.mapping.get(dd.tooltip):
                return True
        return any(isinstance(dd, w.Dropdown) and dd.value != self.status_override.get(
            dd.tooltip, "") for dd in self.status_box.children[1:])

    def confirm(self) -> None:
        if self.df is None or self.report is None:
            raise WorkbookError("Please read a file first; there is nothing to save yet.")
        if self._pending():   # what is saved is what the page shows, changes included
            self.read(keep_changes=True)
        result = applications.commit(self.ctx.store, self.df, self.report)
        self.ctx.messages.ok(
            f"Saved: {result['new']} new, {result['changed']} changed, {result['unchanged']} "
            f"already there unchanged; {result['missing']} earlier ones are not in this file "
            "and were kept.")
        self.reset(clear_message=False)
        self.on_imported(result)

    def reset(self, clear_message: bool = True) -> None:
        self.files, self.df, self.report = [], None, None
        self.mapping_override, self.status_override = {}, {}
        self.review.layout.display = "none"
        try:
            self.upload.value = ()
        except Exception:  # noqa: BLE001 - older ipywidgets refuse clearing; harmless
            pass
        if clear_message:
            self.ctx.messages.clear()


def wizard(ctx: Context, on_imported: Callable[..., Any]) -> w.Widget:
    """The import wizard widget; ``on_imported(result)`` runs after a confirmed import."""
    wiz = Wizard(ctx, on_imported)
    wiz.widget._wizard = wiz  # type: ignore[attr-defined]  # lets tests drive it
    return wiz.widget


# ---------------------------------------------------------------- editor

class Editor:
    """Add, edit and delete single applications."""

    NEW = "__new__"

    def __init__(self, ctx: Context, on_change: Callable[..., Any]):
        self.ctx = ctx
        self.on_change = on_change
        lay = w.Layout(width="100%", max_width="640px")
        style = {"description_width": "initial"}
        self.search = w.Text(description="Find", placeholder="company or role",
                             style=style, layout=w.Layout(width="260px"))
        self.choice = w.Dropdown(description="Application", style=style,
                                 layout=w.Layout(width="auto", max_width="480px"))
        self.company = w.Text(description="Company", style=style, layout=lay)
        self.role = w.Text(description="Role", style=style, layout=lay)
        self.applied_on = w.DatePicker(description="Date applied", style=style)
        self.stage = w.Dropdown(options=[(v, k) for k, v in STAGE_LABELS.items()],
                                value="applied", description="Furthest stage reached",
                                style=style, layout=lay)
        self.outcome = w.Dropdown(options=[(v, k) for k, v in OUTCOME_LABELS.items()],
                                  value="open", description="Outcome", style=style, layout=lay)
        self.source = w.Dropdown(options=[(v, k) for k, v in SOURCE_LABELS.items()],
                                 value="other", description="Found via", style=style,
                                 layout=lay)
        self.notes = w.Textarea(description="Notes", style=style,
                                layout=w.Layout(width="100%", max_width="640px",
                                                height="70px"))
        self.save_button = w.Button(description="Save application", button_style="primary",
                                    icon="save")
        self.delete_button = w.Button(description="Delete application", icon="trash")
        self.sure = w.Checkbox(description="Yes, delete this application", value=False,
                               indent=False)
        guard = ctx.guard
        self.search.observe(guard(lambda _: self.refresh_choices()), names="value")
        self.choice.observe(guard(lambda _: self.fill()), names="value")
        self.save_button.on_click(guard(lambda _: self.save()))
        self.delete_button.on_click(guard(lambda _: self.delete()))
        self.widget = w.VBox([
            w.HTML("<h4>Add or correct an application</h4><p class='wb-muted'>Pick one to "
                   "change it (for example to say what happened after a LinkedIn "
                   "application), or choose 'a new application'.</p>"),
            w.HBox([self.search, self.choice]), self.company, self.role, self.applied_on,
            self.stage, self.outcome, self.source, self.notes,
            w.HBox([self.save_button, self.delete_button, self.sure])])
        self.widget.add_class("wb-editor")
        self.refresh_choices()

    def refresh_choices(self) -> None:
        rows = self.ctx.store.raw(Application.kind)
        needle = self.search.value.strip().casefold()
        if needle:
            rows = [r for r in rows if needle in (r.get("company", "") + " " +
                                                  r.get("role", "")).casefold()]
        rows = sorted(rows, key=lambda r: (r.get("applied_on") or "", r["id"]), reverse=True)
        options = [("a new application", self.NEW)] + [
            (f"{r.get('company') or '(no company)'} - {r.get('role') or '(no role)'}"
             f" ({r.get('applied_on') or 'no date'})", r["id"]) for r in rows[:300]]
        current = self.choice.value
        self.choice.options = options
        self.choice.value = current if current in {v for _, v in options} else self.NEW

    def fill(self) -> None:
        self.sure.value = False
        rec = None if self.choice.value in (None, self.NEW) else \
            self.ctx.store.get(Application, self.choice.value)
        rec = rec or Application()
        self.company.value, self.role.value = rec.company, rec.role
        self.applied_on.value = rec.applied_on
        self.stage.value, self.outcome.value = rec.stage, rec.outcome
        self.source.value, self.notes.value = rec.source, rec.notes

    def save(self) -> None:
        if not (self.company.value.strip() or self.role.value.strip()):
            raise WorkbookError("Please write at least the company or the role, then save.")
        existing = None if self.choice.value in (None, self.NEW) else \
            self.ctx.store.get(Application, self.choice.value)
        rec = existing or Application(origin="manual")
        rec.company, rec.role = self.company.value.strip(), self.role.value.strip()
        rec.applied_on = self.applied_on.value
        rec.stage, rec.outcome = self.stage.value, self.outcome.value
        rec.source, rec.notes = self.source.value, self.notes.value
        if rec.applied_on and rec.applied_on > self.ctx.store.today() + dt.timedelta(days=1):
            raise WorkbookError("The date applied is in the future; please check it.")
        self.ctx.store.save(rec)
        self.ctx.messages.ok(f"Saved the application at {rec.company or rec.role}.")
        self.refresh_choices()
        self.choice.value = rec.id
        self.on_change()

    def delete(self) -> None:
        if self.choice.value in (None, self.NEW):
            raise WorkbookError("Pick the application to delete first.")
        if not self.sure.value:
            raise WorkbookError("Tick 'Yes, delete this application' first, then press "
                                "Delete again.")
        rec = self.ctx.store.get(Application, self.choice.value)
        self.ctx.store.delete(Application, self.choice.value)
        self.ctx.messages.ok(f"Deleted the application at "
                             f"{(rec.company or rec.role) if rec else 'that company'}.")
        self.refresh_choices()
        self.choice.value = self.NEW
        self.on_change()


def editor(ctx: Context, on_change: Callable[..., Any]) -> w.Widget:
    """Add, edit and delete applications by hand; ``on_change()`` runs after each change."""
    ed = Editor(ctx, on_change)
    ed.widget._editor = ed  # type: ignore[attr-defined]  # lets tests drive it
    return ed.widget
