"""The weekly-review app (notebooks/05_weekly_review.ipynb).

A week picker at the top (this week by default, on the person's own calendar), then tabs:
this week at a glance, wins, the support network and its follow-ups, looking back and
ahead (what worked, what to change, next week's three commitments), and the session
summary for a counselor. Every record shown can be edited and deleted.

The page (``WeeklyReview``, a ``VBox``) holds the week picker and one part per tab, each a
``VBox`` owning its widgets; they read and write through ``workbook.review`` and
``workbook.report`` (never the store's save itself), save through ``ui.forms.SaveAction``
and delete through ``ConfirmDelete``. A part redraws itself in ``refresh()``; a save that
changes what another tab shows asks the page to redraw (``page.changed()``).
"""

from __future__ import annotations

import datetime as dt
from functools import partial

import ipywidgets as w

from workbook import report, review
from workbook.charts import review as charts
from workbook.errors import WorkbookError
from workbook.records import Contact, Win
from workbook.ui import common
from workbook.ui.common import Context, button, download_link, esc, page, show_figure
from workbook.ui.forms import ConfirmDelete, Part, SaveAction
from workbook.ui.html import plural
from workbook.ui.homework import HomeworkPanel
from workbook.ui.setback_plan import PlanPart
from workbook.ui.worksearch import WorkSearchPanel

LABEL = {"description_width": "initial"}
stacked = partial(common.stacked, width="min(100%, 640px)")  # readable line length
MOOD_WEEKS = 8
_CSS = """<style>
.wb-wr-row { flex-wrap: wrap; gap: 6px; align-items: center; }
.wb-wr-item { border-bottom: 1px solid #e3e3e3; padding: 4px 0; flex-wrap: wrap; gap: 6px;
  align-items: center; }
.wb-wr-item .widget-html { flex: 1 1 320px; }
.wb-wr-glance { border-collapse: collapse; margin: 6px 0; }
.wb-wr-glance td { padding: 3px 10px 3px 0; border-bottom: 1px solid #eee; }
.wb-wr-glance td.n { text-align: right; font-variant-numeric: tabular-nums; font-weight: 600; }
.wb-wr-hint { background: #f5f8fb; border-left: 4px solid #56B4E9; padding: 6px 12px;
  border-radius: 4px; }
.wb-wr-when { color: #4a4a4a; font-size: 0.92em; margin-right: 0.4em; }
.wb-wr .jupyter-button { width: auto; }
.wb-wr .widget-inline-hbox { max-width: 100%; box-sizing: border-box; }
@media (max-width: 600px) {
  .wb-wr .widget-inline-hbox:not(.wb-stacked) { flex-wrap: wrap; height: auto; }
  .wb-wr .widget-inline-hbox > .widget-label { width: auto !important;
    max-width: none !important; text-align: left !important; }
}
</style>"""


def app() -> w.Widget:
    """The whole weekly-review page for the active profile."""
    return page("Weekly review", build)


def build(ctx: Context) -> w.Widget:
    return WeeklyReview(ctx)


def _when(d: dt.date | None) -> str:
    return f"{d.day} {d:%b %Y}" if d else ""


def _item(*children: w.Widget) -> w.HBox:
    """One row of a list: its words, then its buttons."""
    row = w.HBox(list(children))
    row.add_class("wb-wr-item")
    return row


class _Tab(Part):
    """A tab of the weekly review: knows the page, for the week shown and to redraw."""

    def __init__(self, page: "WeeklyReview"):
        super().__init__(page.ctx)
        self.page = page
        self.p = page.p

    @property
    def as_of(self) -> dt.date:
        return self.page.as_of

    def refresh(self) -> None:
        """Redraw from what is stored."""


# ---------------------------------------------------------------- this week

class Glance(_Tab):
    """This week at a glance: counts, steps done, wins, and mood week by week."""

    def __init__(self, page: "WeeklyReview"):
        super().__init__(page)
        self.text, self.mood_note, self.mood_chart = w.HTML(), w.HTML(), w.Output()
        self.children = [HomeworkPanel(self.ctx), self.text, self.mood_chart, self.mood_note]

    def refresh(self) -> None:
        wk = review.week(self.store, self.as_of)
        lines = "".join(f"<p>{esc(s)}</p>" for s in wk.sentences())
        rows = "".join(f'<tr><td>{esc(k)}</td><td class="n">{esc(v)}</td></tr>'
                       for k, v in wk.rows())
        table = (f'<table class="wb-wr-glance" aria-label="This week in numbers">'
                 f"<tbody>{rows}</tbody></table>")
        extra = ""
        if wk.actions_done:
            extra += ("<p>Skill-plan steps done: " + ", ".join(esc(a) for a in wk.actions_done)
                      + ".</p>")
        if wk.wins:
            extra += "<p>Wins: " + "; ".join(esc(x) for x in wk.wins) + "</p>"
        self.text.value = (f"<h3>This week at a glance</h3>{lines}{table}{extra}"
                           '<p class="wb-muted">These are counts of what you recorded, '
                           "not a score. Anything missing? Add it as a win.</p>")
        self.draw_mood()

    def draw_mood(self) -> None:
        """Mood week by week over the last eight weeks, with a table-like sentence beside."""
        _, end = review.week_of(self.store, self.as_of)
        start = end - dt.timedelta(days=7 * MOOD_WEEKS - 1)
        end = min(end, self.as_of)
        weeks = report.mood_weeks(self.store, start, end)
        if len(weeks) < 2:
            self.mood_chart.outputs = ()
            self.mood_note.value = ""
            return
        fig = charts.mood_by_week(weeks, title=f"Check-ins over the last {MOOD_WEEKS} weeks",
                                  rejections=report.rejection_weeks(self.store, start, end))
        fig.update_layout(width=None, autosize=True)
        described = "; ".join(f"week of {_when(x['week'])}: {x['n']} "
                              f"{plural('check-in', x['n'])}, pleasantness "
                              f"{x['pleasantness']:+.2f}" for x in weeks)
        self.mood_note.value = (f'<p class="wb-muted">How your check-ins felt, week by week '
                                f"(average, -1 unpleasant to 1 pleasant): {esc(described)}."
                                "</p>")
        show_figure(self.mood_chart, fig, displayModeBar=False)


# ---------------------------------------------------------------- wins

class Wins(_Tab):
    """Wins of any size: write one down, edit or delete it."""

    def __init__(self, page: "WeeklyReview"):
        super().__init__(page)
        wp = self.p["wins"]
        self.editing: str | None = None
        self.text = stacked(w.Textarea(description="Your win (any size)", rows=2,
                                       placeholder=wp["placeholder"]))
        self.on = w.DatePicker(description="When", style=LABEL)
        self.reward_prompt = w.HTML()
        self.reward = stacked(w.Text(description="A reward, if you like (optional)",
                                     placeholder="e.g. an evening off"))
        self.cancel = button("Cancel editing")
        self.cancel.on_click(self.ctx.guard(lambda _: self.clear()))
        self.save = SaveAction("Save this win", self._save, ctx=self.ctx, beside=(self.cancel,))
        self.status = self.ctx.save_status()
        self.confirm = ConfirmDelete()
        self.listing = w.VBox()
        self.count = w.HTML()
        self.children = [
            w.HTML(f"<h3>{esc(wp['heading'])}</h3><p>{esc(wp['intro'])}</p>"),
            self.text, self.on, self.reward_prompt, self.reward, self.save, self.status,
            self.count, self.confirm, self.listing]
        self.clear()
        # after clearing, so a win typed before a closed tab comes back
        self.draft = self.ctx.keep_draft("weekly_review.win", self.text)

    def clear(self) -> None:
        self.editing = None
        self.text.value = self.reward.value = ""
        self.on.value = self.store.today()
        self.save.description = "Save this win"
        self.cancel.layout.display = "none"
        self.reward_prompt.value = (f'<p class="wb-muted">{esc(review.reward_prompt(self.store))}'
                                    "</p>")

    def _save(self) -> str:
        if self.editing:
            review.edit_win(self.store, self.editing, text=self.text.value.strip(),
                            on=self.on.value or self.store.today(),
                            reward=self.reward.value.strip())
            said = "Updated your win."
        else:
            review.add_win(self.store, self.text.value, on=self.on.value,
                           reward=self.reward.value)
            said = self.p["wins"]["saved"]
        self.draft.clear()
        self.clear()
        self.status.saved("Your win")
        self.page.changed()
        return said

    def edit(self, win_id: str) -> None:
        win = self.store.get(Win, win_id)
        if win is None:
            raise WorkbookError("That win is no longer saved; the list has been refreshed.")
        self.editing = win.id
        self.text.value, self.on.value, self.reward.value = win.text, win.on, win.reward
        self.save.description = "Save changes"
        self.cancel.layout.display = None

    def delete(self, win_id: str) -> str:
        review.delete_win(self.store, win_id)
        if self.editing == win_id:
            self.clear()
        self.page.changed()
        return "Deleted that win."

    def refresh(self) -> None:
        found = review.wins(self.store)
        start, end = review.week_of(self.store, self.as_of)
        this_week = sum(start <= x.on <= end for x in found)
        self.count.value = (
            f"<p><strong>{len(found)}</strong> {plural('win', len(found))} written down so "
            f"far, {this_week} in this week.</p>" if found else
            f'<p class="wb-muted">{esc(self.p["wins"]["empty"])}</p>')
        rows = []
        for x in found:
            reward = (f' <span class="wb-muted">(reward: {esc(x.reward)})</span>'
                      if x.reward else "")
            text = w.HTML(f'<span class="wb-wr-when">{esc(_when(x.on))}</span>'
                          f"{esc(x.text)}{reward}")
            edit = button("Edit", icon="pencil", tooltip=f"Edit the win of {_when(x.on)}")
            delete = button("Delete", icon="trash", tooltip=f"Delete the win of {_when(x.on)}")
            edit.on_click(self.ctx.guard(lambda _, i=x.id: self.edit(i)))
            delete.on_click(self.ctx.guard(
                lambda _, i=x.id, t=x.text: self.confirm.ask(
                    f'Delete the win "{t[:60]}"?', lambda: self.delete(i))))
            rows.append(_item(text, edit, delete))
        self.listing.children = rows


# ---------------------------------------------------------------- support network

class Network(_Tab):
    """The support network: follow-ups due, their calendar file, and every contact."""

    def __init__(self, page: "WeeklyReview"):
        super().__init__(page)
        npr = self.p["network"]
        self.editing: str | None = None
        self.due = w.VBox()
        self.ics_box = w.VBox()
        self.ics_btn = button(npr["ics_label"], icon="calendar")
        self.ics_btn.on_click(self.ctx.guard(lambda _: self.make_ics()))
        self.name = w.Text(description="Name", style=LABEL,
                           placeholder="a first name, or the company's name")
        self.relation = w.Dropdown(description="Who they are", style=LABEL,
                                   options=[(npr["relations"][r], r) for r in review.RELATIONS],
                                   value="friend")
        self.company = w.Text(description="Company (optional)", style=LABEL)
        self.last = w.DatePicker(description="Last contact", style=LABEL)
        self.next = w.DatePicker(description="Next follow-up", style=LABEL)
        self.notes = stacked(w.Textarea(description="Notes", rows=2,
                                        placeholder="what you talked about, what to ask next"))
        self.cancel = button("Cancel editing")
        self.cancel.on_click(self.ctx.guard(lambda _: self.clear()))
        self.save = SaveAction("Save contact", self._save, ctx=self.ctx, beside=(self.cancel,))
        self.confirm = ConfirmDelete()
        self.listing = w.VBox()
        row1 = w.HBox([self.name, self.relation, self.company])
        row2 = w.HBox([self.last, self.next])
        for r in (row1, row2):
            r.add_class("wb-wr-row")
        self.children = [
            w.HTML(f"<h3>{esc(npr['heading'])}</h3><p>{esc(npr['intro'])}</p>"
                   f"<h4>{esc(npr['due_heading'])}</h4>"),
            self.due, w.HBox([self.ics_btn, self.ics_box]),
            w.HTML("<h4>Add or edit a contact</h4>"), row1, row2, self.notes, self.save,
            w.HTML("<h4>Everyone</h4>"), self.confirm, self.listing]
        self.clear()

    def clear(self) -> None:
        self.editing = None
        self.name.value = self.company.value = self.notes.value = ""
        self.relation.value = "friend"
        self.last.value = self.next.value = None
        self.save.description = "Save contact"
        self.cancel.layout.display = "none"

    def _save(self) -> str:
        fields = dict(company=self.company.value.strip(), last_contact_on=self.last.value,
                      next_follow_up_on=self.next.value, notes=self.notes.value)
        name = self.name.value.strip()
        if self.editing:
            review.edit_contact(self.store, self.editing, name=name,
                                relation=self.relation.value, **fields)
            said = f"Updated {name}."
        else:
            review.add_contact(self.store, name, self.relation.value, **fields)
            said = f"Saved {name} to your network."
        self.clear()
        self.page.changed()
        return said

    def edit(self, contact_id: str) -> None:
        c = self.store.get(Contact, contact_id)
        if c is None:
            raise WorkbookError("That contact is no longer saved; the list has been refreshed.")
        self.editing = c.id
        self.name.value, self.relation.value, self.company.value = c.name, c.relation, c.company
        self.last.value, self.next.value, self.notes.value = (
            c.last_contact_on, c.next_follow_up_on, c.notes)
        self.save.description = "Save changes"
        self.cancel.layout.display = None

    def delete(self, contact_id: str) -> str:
        review.delete_contact(self.store, contact_id)
        if self.editing == contact_id:
            self.clear()
        self.page.changed()
        return "Deleted that contact."

    def followed_up(self, item: review.FollowUp) -> None:
        review.mark_followed_up(self.store, item, on=self.store.today())
        self.ctx.messages.ok(f"Noted that you got in touch with {item.who}. You can set the "
                             "next follow-up date in the contact's details, when you know it.")
        self.page.changed()

    def make_ics(self) -> None:
        items = review.due_follow_ups(self.store, self.as_of)
        if not items:
            self.ics_box.children = [w.HTML(f'<span class="wb-muted">'
                                            f'{esc(self.p["network"]["due_empty"])}</span>')]
            return
        data = review.follow_ups_ics(self.store, self.as_of)
        start, _ = review.week_of(self.store, self.as_of)
        self.ics_box.children = [download_link(
            data, f"follow-ups-{start.isoformat()}.ics",
            f"Save follow-ups-{start.isoformat()}.ics ({len(items)} "
            f"{plural('follow-up', len(items))})", mime="text/calendar")]

    def refresh(self) -> None:
        npr = self.p["network"]
        self.ics_box.children = []
        items = review.due_follow_ups(self.store, self.as_of)
        rows = []
        for f in items:
            when = esc(_when(f.on)) + (f" ({esc(npr['earlier'])})" if f.earlier else "")
            text = w.HTML(f"<span><strong>{esc(f.who)}</strong> &middot; {esc(f.why)} "
                          f'&middot; <span class="wb-wr-when">{when}</span></span>')
            done = button("I got in touch", icon="check",
                          tooltip=f"Note that you followed up with {f.who} today")
            done.on_click(self.ctx.guard(lambda _, item=f: self.followed_up(item)))
            rows.append(_item(text, done))
        self.due.children = rows or [w.HTML(f'<p class="wb-muted">{esc(npr["due_empty"])}</p>')]
        rows = []
        for c in review.contacts(self.store):
            edit = button("Edit", icon="pencil", tooltip=f"Edit {c.name}")
            delete = button("Delete", icon="trash", tooltip=f"Delete {c.name}")
            edit.on_click(self.ctx.guard(lambda _, i=c.id: self.edit(i)))
            delete.on_click(self.ctx.guard(
                lambda _, i=c.id, n=c.name: self.confirm.ask(
                    f"Delete {n}?", lambda: self.delete(i))))
            rows.append(_item(w.HTML(self.describe(c)), edit, delete))
        self.listing.children = rows or [w.HTML(
            '<p class="wb-muted">Nobody added yet. A friend who listens, a former colleague '
            "who knows your work, a company you would like to hear from again: any of them "
            "counts.</p>")]

    @staticmethod
    def describe(c: Contact) -> str:
        bits = [review.relation_label(c.relation)]
        if c.company and c.company != c.name:
            bits.append(c.company)
        dates = []
        if c.last_contact_on:
            dates.append(f"last contact {_when(c.last_contact_on)}")
        if c.next_follow_up_on:
            dates.append(f"next follow-up {_when(c.next_follow_up_on)}")
        notes = f'<div class="wb-muted">{esc(c.notes)}</div>' if c.notes.strip() else ""
        return (f"<div><strong>{esc(c.name)}</strong> &middot; {esc(', '.join(bits))}"
                + (f' &middot; <span class="wb-wr-when">{esc("; ".join(dates))}</span>'
                   if dates else "") + f"</div>{notes}")


# ---------------------------------------------------------------- look back and ahead

class LookBack(_Tab):
    """Last week's commitments, what worked, what to change, next week's three steps."""

    FIELDS = ("worked", "change", "look_back")

    def __init__(self, page: "WeeklyReview"):
        super().__init__(page)
        rp = self.p["reflection"]
        self.last_week = w.HTML()
        self.look_back = stacked(w.Textarea(description="How did those go?", rows=2,
                                            placeholder=rp["look_back_question"]))
        self.worked = stacked(w.Textarea(description=rp["worked"], rows=3))
        self.change = stacked(w.Textarea(description=rp["change"], rows=3))
        self.diagnosis = w.HTML()
        self.commitments = [stacked(w.Text(description=f"Commitment {i}"),
                                    width="min(100%, 520px)") for i in (1, 2, 3)]
        self.save = SaveAction("Save this week's review", self._save, ctx=self.ctx)
        self.status = self.ctx.save_status()
        self.confirm = ConfirmDelete()
        self.past = w.VBox()
        self.children = [
            w.HTML(f"<h3>{esc(rp['heading'])}</h3>"), self.last_week, self.look_back,
            self.worked, self.change, self.diagnosis,
            w.HTML(f"<p><strong>{esc(rp['commitments'])}</strong></p>"), *self.commitments,
            self.save, self.status,
            w.HTML(f'<p class="wb-muted">{esc(rp["counselor"])}</p><h4>Saved reviews</h4>'),
            self.confirm, self.past,
            w.HTML("<h4>Your plan for the next no</h4>"), PlanPart(self.ctx)]
        self.drafts = {name: self.ctx.keep_draft(f"weekly_review.{name}", getattr(self, name))
                       for name in self.FIELDS}

    def refresh(self) -> None:
        rp = self.p["reflection"]
        prev = review.last_week(self.store, self.as_of)
        if prev and prev.commitments:
            items = "".join(f"<li>{esc(c)}</li>" for c in prev.commitments)
            self.last_week.value = f"<p>{esc(rp['look_back'])}</p><ul>{items}</ul>"
            self.look_back.layout.display = None
        else:
            self.last_week.value = f'<p class="wb-muted">{esc(rp["no_last_week"])}</p>'
            self.look_back.layout.display = "none"
        current = review.review_for(self.store, self.as_of)
        for name in self.FIELDS:
            # a saved review wins; otherwise what was being typed before a closed tab
            getattr(self, name).value = getattr(current, name) if current else \
                self.store.draft(f"weekly_review.{name}")
        if current:  # the saved review holds the text; no draft should carry to another week
            for keeper in self.drafts.values():
                keeper.clear()
        commits = current.commitments if current else []
        for i, box in enumerate(self.commitments):
            box.value = commits[i] if i < len(commits) else ""
        hints = review.diagnosis_hint(self.store, self.as_of)
        self.diagnosis.value = (
            f'<div class="wb-wr-hint"><p>{esc(rp["diagnosis_intro"])}</p><ul>'
            + "".join(f"<li>{esc(h)}</li>" for h in hints) + "</ul></div>") if hints else ""
        if current:
            self.status.saved("This week's review", current.updated.astimezone(
                self.store.timezone))
        else:
            self.status.unsaved()
        self.list_past()

    def _save(self) -> str:
        review.save_review(self.store, worked=self.worked.value, change=self.change.value,
                           commitments=[c.value for c in self.commitments],
                           look_back=self.look_back.value, as_of=self.as_of)
        for keeper in self.drafts.values():
            keeper.clear()
        self.status.saved("This week's review")
        self.list_past()
        return "Saved this week's review. Next week it will be here to look back on."

    def list_past(self) -> None:
        rows = []
        for r in review.reviews(self.store):
            week = _when(r.week_start)
            text = w.HTML(f'<span class="wb-wr-when">Week of {esc(week)}</span>'
                          f"{esc('; '.join(r.commitments) or 'no commitments written')}")
            open_btn = button("Open", icon="folder-open",
                              tooltip=f"Open the review of the week of {week}")
            delete = button("Delete", icon="trash",
                            tooltip=f"Delete the review of the week of {week}")
            open_btn.on_click(self.ctx.guard(
                lambda _, d=r.week_start: setattr(self.page.week_pick, "value", d)))
            delete.on_click(self.ctx.guard(
                lambda _, i=r.id, d=week: self.confirm.ask(
                    f"Delete the review of the week of {d}?", lambda: self.delete(i))))
            rows.append(_item(text, open_btn, delete))
        self.past.children = rows or [
            w.HTML('<p class="wb-muted">No weekly reviews saved yet.</p>')]

    def delete(self, review_id: str) -> str:
        review.delete_review(self.store, review_id)
        self.refresh()
        return "Deleted that weekly review."


# ---------------------------------------------------------------- session summary

class Summary(_Tab):
    """The session summary for a counselor: only the ticked sections, as one HTML file."""

    def __init__(self, page: "WeeklyReview"):
        super().__init__(page)
        titles = report.labels()
        # Private sections (guided writing) start unticked: only a tick puts them in.
        self.boxes = {key: w.Checkbox(value=key in report.SECTIONS, description=titles[key],
                                      indent=False, layout=w.Layout(width="auto"))
                      for key in report.SECTIONS + report.PRIVATE_SECTIONS}
        self.journal = w.Checkbox(
            value=False, indent=False, layout=w.Layout(width="auto"),
            description="Also include my journal text (check-in notes and thought records)")
        start, end = report.default_range(self.store)
        self.start = w.DatePicker(description="From", value=start, style=LABEL)
        self.end = w.DatePicker(description="To", value=end, style=LABEL)
        self.make = button("Make the session summary", primary=True, icon="file")
        self.make.on_click(self.ctx.guard(lambda _: self.make_summary()))
        self.out = w.VBox()
        dates = w.HBox([self.start, self.end])
        dates.add_class("wb-wr-row")
        self.children = [
            w.HTML("<h3>A summary to share with a counselor</h3>"
                   "<p>One page (an HTML file) that opens in any browser without internet and "
                   "prints on A4 or Letter. Tick only what you want to share; nothing else is "
                   "in the file. Your journal text stays out unless you tick it.</p>"),
            w.HTML("<p><strong>What to include</strong></p>"),
            *self.boxes.values(), self.journal, dates, w.HBox([self.make]), self.out]

    def make_summary(self) -> None:
        ticked = [k for k, box in self.boxes.items() if box.value]
        if self.start.value is None or self.end.value is None:
            raise WorkbookError("Please pick both dates of the period (From and To).")
        html_text = charts.session_summary(self.store, ticked, self.start.value,
                                           self.end.value,
                                           include_journal_text=self.journal.value)
        data = html_text.encode("utf-8")
        name = f"session-summary-{self.store.name}-{self.end.value.isoformat()}.html"
        size = f"{len(data) / 1024 / 1024:.1f} MB" if len(data) > 1024 * 1024 else \
            f"{len(data) / 1024:.0f} KB"
        self.out.children = [
            download_link(data, name, f"Save {name} ({size})", mime="text/html"),
            w.HTML('<p class="wb-muted">Open the saved file in your browser to read or print '
                   "it. It holds: " + esc(", ".join(report.labels()[k] for k in ticked))
                   + (", with journal text" if self.journal.value else "") + ".</p>")]
        self.ctx.messages.ok("Your session summary is ready to save.")


# ---------------------------------------------------------------- the page

class WeeklyReview(Part):
    """The week picker, then the six tabs; every tab shows the week picked."""

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        self.p = review.prompts()
        self.as_of = self.store.today()
        self.week_pick = w.DatePicker(description="Show the week of", value=self.as_of,
                                      style=LABEL)
        self.week_pick.observe(ctx.guard(self._on_week), names="value")
        self.today_btn = button("Back to this week", icon="calendar")
        self.today_btn.on_click(ctx.guard(lambda _: setattr(self.week_pick, "value",
                                                            self.store.today())))
        self.week_label = w.HTML()
        self.glance, self.wins, self.network = Glance(self), Wins(self), Network(self)
        self.look_back, self.summary = LookBack(self), Summary(self)
        self.tabs = w.Tab(children=[self.glance, self.wins, self.network, self.look_back,
                                    self.summary, WorkSearchPanel(ctx)])
        for i, title in enumerate(("This week", "Wins", "Support network",
                                   "Look back and ahead", "Session summary",
                                   "Work-search record")):
            self.tabs.set_title(i, title)
        top = w.HBox([self.week_pick, self.today_btn, self.week_label])
        top.add_class("wb-wr-row")
        self.children = [w.HTML(_CSS), w.HTML(f"<p>{esc(self.p['intro'])}</p>"), top,
                         self.tabs]
        self.add_class("wb-wr")
        self.refresh()

    def _on_week(self, change: dict) -> None:
        if change["new"] is None:
            return
        self.as_of = change["new"]
        self.refresh()

    def refresh(self) -> None:
        start, end = review.week_of(self.store, self.as_of)
        self.week_label.value = (f'<span class="wb-muted">Monday {esc(_when(start))} to '
                                 f'Sunday {esc(_when(end))}</span>')
        for part in (self.glance, self.wins, self.network, self.look_back):
            part.refresh()

    def changed(self) -> None:
        """A record changed: redraw the tabs that show it (the glance counts everything)."""
        for part in (self.glance, self.wins, self.network):
            part.refresh()
