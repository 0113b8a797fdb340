"""The weekly-review app (notebooks/05_weekly_review.ipynb).

A week picker at the top (this week by default, on the person's own calendar), then tabs:
this week at a glance, wins, the support network and its follow-ups, looking back and
ahead (what worked, what to change, next week's three commitments), and the session
summary for a counselor. Every record shown can be edited and deleted. The logic lives in
``workbook.review`` and ``workbook.report``; this module only builds and wires widgets.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Callable

import ipywidgets as w

from workbook import report, review
from workbook.charts import review as charts
from workbook.errors import WorkbookError
from workbook.records import Contact, Win
from workbook.ui import common
from workbook.ui.common import Context, button, download_link, esc, page, show_figure
from workbook.ui.forms import ConfirmDelete
from workbook.ui.homework import HomeworkPanel

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
    return WeeklyReviewApp(ctx).widget


def _when(d: dt.date | None) -> str:
    return f"{d.day} {d:%b %Y}" if d else ""


class WeeklyReviewApp:
    """All the widgets of the page, wired to ``workbook.review`` and ``workbook.report``."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.store = ctx.store
        self.guard = ctx.guard
        self.p = review.prompts()
        self.as_of = self.store.today()
        self.editing_win: str | None = None
        self.editing_contact: str | None = None

        self.week_pick = w.DatePicker(description="Show the week of", value=self.as_of,
                                      style=LABEL)
        self.week_pick.observe(self.guard(self._on_week), names="value")
        self.today_btn = button("Back to this week", icon="calendar")
        self.today_btn.on_click(self.guard(lambda _: setattr(self.week_pick, "value",
                                                             self.store.today())))
        self.week_label = w.HTML()

        self._build_glance()
        self._build_wins()
        self._build_network()
        self._build_reflection()
        self._build_summary()
        self.tabs = w.Tab(children=[self.glance_box, self.wins_box, self.network_box,
                                    self.reflect_box, self.summary_box])
        for i, title in enumerate(("This week", "Wins", "Support network",
                                   "Look back and ahead", "Session summary")):
            self.tabs.set_title(i, title)
        top = w.HBox([self.week_pick, self.today_btn, self.week_label])
        top.add_class("wb-wr-row")
        self.widget = w.VBox([w.HTML(_CSS), w.HTML(f"<p>{esc(self.p['intro'])}</p>"), top,
                              self.tabs])
        self.widget.add_class("wb-wr")
        self.widget.weekly_review = self  # lets tests reach the form
        self.refresh()

    # ------------------------------------------------------------ the week
    def _on_week(self, change: dict) -> None:
        day = change["new"]
        if day is None:
            return
        self.as_of = day
        self.refresh()

    def refresh(self) -> None:
        start, end = review.week_of(self.store, self.as_of)
        self.week_label.value = (f'<span class="wb-muted">Monday {esc(_when(start))} to '
                                 f'Sunday {esc(_when(end))}</span>')
        self.refresh_glance()
        self.refresh_wins()
        self.refresh_network()
        self.load_reflection()

    # ------------------------------------------------------------ this week at a glance
    def _build_glance(self) -> None:
        self.glance = w.HTML()
        self.mood_note = w.HTML()
        self.mood_chart = w.Output()
        self.glance_box = w.VBox([HomeworkPanel(self.ctx), self.glance, self.mood_chart,
                                  self.mood_note])

    def refresh_glance(self) -> None:
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
        self.glance.value = (f"<h3>This week at a glance</h3>{lines}{table}{extra}"
                             '<p class="wb-muted">These are counts of what you recorded, '
                             "not a score. Anything missing? Add it as a win.</p>")
        self.refresh_mood_chart()

    def refresh_mood_chart(self) -> None:
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
        described = "; ".join(f"week of {_when(x['week'])}: {x['n']} check-in"
                              f"{'s' if x['n'] != 1 else ''}, pleasantness "
                              f"{x['pleasantness']:+.2f}" for x in weeks)
        self.mood_note.value = (f'<p class="wb-muted">How your check-ins felt, week by week '
                                f"(average, -1 unpleasant to 1 pleasant): {esc(described)}."
                                "</p>")
        show_figure(self.mood_chart, fig, displayModeBar=False)

    # ------------------------------------------------------------ wins
    def _build_wins(self) -> None:
        wp = self.p["wins"]
        self.win_text = stacked(w.Textarea(description="Your win (any size)", rows=2,
                                           placeholder=wp["placeholder"]))
        self.win_on = w.DatePicker(description="When", style=LABEL)
        self.reward_prompt = w.HTML()
        self.win_reward = stacked(w.Text(description="A reward, if you like (optional)",
                                         placeholder="e.g. an evening off"))
        self.save_win_btn = button("Save this win", primary=True, icon="check")
        self.save_win_btn.on_click(self.guard(lambda _: self.save_win()))
        self.cancel_win_btn = button("Cancel editing")
        self.cancel_win_btn.on_click(self.guard(lambda _: self.clear_win_form()))
        self.win_status = self.ctx.save_status()
        self.win_confirm = ConfirmDelete()
        self.win_list = w.VBox()
        self.win_count = w.HTML()
        self.wins_box = w.VBox([
            w.HTML(f"<h3>{esc(wp['heading'])}</h3><p>{esc(wp['intro'])}</p>"),
            self.win_text, self.win_on, self.reward_prompt, self.win_reward,
            w.HBox([self.save_win_btn, self.cancel_win_btn]), self.win_status,
            self.win_count, self.win_confirm, self.win_list])
        self.clear_win_form()
        # after clearing, so a win typed before a closed tab comes back
        self.win_draft = self.ctx.keep_draft("weekly_review.win", self.win_text)

    def clear_win_form(self) -> None:
        self.editing_win = None
        self.win_text.value = ""
        self.win_on.value = self.store.today()
        self.win_reward.value = ""
        self.save_win_btn.description = "Save this win"
        self.cancel_win_btn.layout.display = "none"
        self.reward_prompt.value = (f'<p class="wb-muted">{esc(review.reward_prompt(self.store))}'
                                    "</p>")

    def save_win(self) -> None:
        if self.editing_win:
            review.edit_win(self.store, self.editing_win, text=self.win_text.value.strip(),
                            on=self.win_on.value or self.store.today(),
                            reward=self.win_reward.value.strip())
            said = "Updated your win."
        else:
            review.add_win(self.store, self.win_text.value, on=self.win_on.value,
                           reward=self.win_reward.value)
            said = self.p["wins"]["saved"]
        self.win_draft.clear()
        self.clear_win_form()
        self.win_status.saved("Your win")
        self.ctx.messages.ok(said)
        self.refresh_wins()
        self.refresh_glance()

    def edit_win(self, win_id: str) -> None:
        win = self.store.get(Win, win_id)
        if win is None:
            raise WorkbookError("That win is no longer saved; the list has been refreshed.")
        self.editing_win = win.id
        self.win_text.value, self.win_on.value, self.win_reward.value = (
            win.text, win.on, win.reward)
        self.save_win_btn.description = "Save changes"
        self.cancel_win_btn.layout.display = None

    def delete_win(self, win_id: str) -> None:
        review.delete_win(self.store, win_id)
        if self.editing_win == win_id:
            self.clear_win_form()
        self.ctx.messages.ok("Deleted that win.")
        self.refresh_wins()
        self.refresh_glance()

    def refresh_wins(self) -> None:
        found = review.wins(self.store)
        start, end = review.week_of(self.store, self.as_of)
        this_week = sum(start <= x.on <= end for x in found)
        if found:
            self.win_count.value = (f"<p><strong>{len(found)}</strong> win"
                                    f"{'s' if len(found) != 1 else ''} written down so far, "
                                    f"{this_week} in this week.</p>")
        else:
            self.win_count.value = f'<p class="wb-muted">{esc(self.p["wins"]["empty"])}</p>'
        rows = []
        for x in found:
            reward = (f' <span class="wb-muted">(reward: {esc(x.reward)})</span>'
                      if x.reward else "")
            text = w.HTML(f'<span class="wb-wr-when">{esc(_when(x.on))}</span>'
                          f"{esc(x.text)}{reward}")
            edit = button("Edit", icon="pencil", tooltip=f"Edit the win of {_when(x.on)}")
            delete = button("Delete", icon="trash", tooltip=f"Delete the win of {_when(x.on)}")
            edit.on_click(self.guard(lambda _, i=x.id: self.edit_win(i)))
            delete.on_click(self.guard(
                lambda _, i=x.id, t=x.text: self.win_confirm.ask(
                    f'Delete the win "{t[:60]}"?', lambda: self.delete_win(i))))
            row = w.HBox([text, edit, delete])
            row.add_class("wb-wr-item")
            rows.append(row)
        self.win_list.children = rows

    # ------------------------------------------------------------ support network
    def _build_network(self) -> None:
        npr = self.p["network"]
        self.due_box = w.VBox()
        self.ics_box = w.VBox()
        self.ics_btn = button(npr["ics_label"], icon="calendar")
        self.ics_btn.on_click(self.guard(lambda _: self.make_ics()))
        self.c_name = w.Text(description="Name", style=LABEL,
                             placeholder="a first name, or the company's name")
        self.c_relation = w.Dropdown(description="Who they are", style=LABEL,
                                     options=[(npr["relations"][r], r)
                                              for r in review.RELATIONS], value="friend")
        self.c_company = w.Text(description="Company (optional)", style=LABEL)
        self.c_last = w.DatePicker(description="Last contact", style=LABEL)
        self.c_next = w.DatePicker(description="Next follow-up", style=LABEL)
        self.c_notes = stacked(w.Textarea(description="Notes", rows=2,
                                          placeholder="what you talked about, what to ask next"))
        self.save_contact_btn = button("Save contact", primary=True, icon="check")
        self.save_contact_btn.on_click(self.guard(lambda _: self.save_contact()))
        self.cancel_contact_btn = button("Cancel editing")
        self.cancel_contact_btn.on_click(self.guard(lambda _: self.clear_contact_form()))
        self.contact_confirm = ConfirmDelete()
        self.contact_list = w.VBox()
        row1 = w.HBox([self.c_name, self.c_relation, self.c_company])
        row2 = w.HBox([self.c_last, self.c_next])
        for r in (row1, row2):
            r.add_class("wb-wr-row")
        self.network_box = w.VBox([
            w.HTML(f"<h3>{esc(npr['heading'])}</h3><p>{esc(npr['intro'])}</p>"
                   f"<h4>{esc(npr['due_heading'])}</h4>"),
            self.due_box, w.HBox([self.ics_btn, self.ics_box]),
            w.HTML("<h4>Add or edit a contact</h4>"), row1, row2, self.c_notes,
            w.HBox([self.save_contact_btn, self.cancel_contact_btn]),
            w.HTML("<h4>Everyone</h4>"), self.contact_confirm, self.contact_list])
        self.clear_contact_form()

    def clear_contact_form(self) -> None:
        self.editing_contact = None
        self.c_name.value = self.c_company.value = self.c_notes.value = ""
        self.c_relation.value = "friend"
        self.c_last.value = self.c_next.value = None
        self.save_contact_btn.description = "Save contact"
        self.cancel_contact_btn.layout.display = "none"

    def save_contact(self) -> None:
        fields = dict(name=self.c_name.value.strip(), relation=self.c_relation.value,
                      company=self.c_company.value.strip(), last_contact_on=self.c_last.value,
                      next_follow_up_on=self.c_next.value, notes=self.c_notes.value)
        if self.editing_contact:
            review.edit_contact(self.store, self.editing_contact, **fields)
            said = f"Updated {fields['name']}."
        else:
            name = fields.pop("name")
            relation = fields.pop("relation")
            review.add_contact(self.store, name, relation, **fields)
            said = f"Saved {name} to your network."
        self.clear_contact_form()
        self.ctx.messages.ok(said)
        self.refresh_network()
        self.refresh_glance()

    def edit_contact(self, contact_id: str) -> None:
        c = self.store.get(Contact, contact_id)
        if c is None:
            raise WorkbookError("That contact is no longer saved; the list has been refreshed.")
        self.editing_contact = c.id
        self.c_name.value, self.c_relation.value, self.c_company.value = (
            c.name, c.relation, c.company)
        self.c_last.value, self.c_next.value, self.c_notes.value = (
            c.last_contact_on, c.next_follow_up_on, c.notes)
        self.save_contact_btn.description = "Save changes"
        self.cancel_contact_btn.layout.display = None

    def delete_contact(self, contact_id: str) -> None:
        review.delete_contact(self.store, contact_id)
        if self.editing_contact == contact_id:
            self.clear_contact_form()
        self.ctx.messages.ok("Deleted that contact.")
        self.refresh_network()
        self.refresh_glance()

    def followed_up(self, item: review.FollowUp) -> None:
        review.mark_followed_up(self.store, item, on=self.store.today())
        self.ctx.messages.ok(f"Noted that you got in touch with {item.who}. You can set the "
                             "next follow-up date in the contact's details, when you know it.")
        self.refresh_network()
        self.refresh_glance()

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
            f"Save follow-ups-{start.isoformat()}.ics ({len(items)} follow-up"
            f"{'s' if len(items) != 1 else ''})", mime="text/calendar")]

    def refresh_network(self) -> None:
        npr = self.p["network"]
        self.ics_box.children = []
        items = review.due_follow_ups(self.store, self.as_of)
        if not items:
            self.due_box.children = [w.HTML(f'<p class="wb-muted">{esc(npr["due_empty"])}</p>')]
        else:
            rows = []
            for f in items:
                when = esc(_when(f.on)) + (f" ({esc(npr['earlier'])})" if f.earlier else "")
                text = w.HTML(f"<span><strong>{esc(f.who)}</strong> &middot; {esc(f.why)} "
                              f'&middot; <span class="wb-wr-when">{when}</span></span>')
                done = button("I got in touch", icon="check",
                              tooltip=f"Note that you followed up with {f.who} today")
                done.on_click(self.guard(lambda _, item=f: self.followed_up(item)))
                row = w.HBox([text, done])
                row.add_class("wb-wr-item")
                rows.append(row)
            self.due_box.children = rows
        rows = []
        for c in review.contacts(self.store):
            bits = [review.relation_label(c.relation)]
            if c.company and c.company != c.name:
                bits.append(c.company)
            dates = []
            if c.last_contact_on:
                dates.append(f"last contact {_when(c.last_contact_on)}")
            if c.next_follow_up_on:
                dates.append(f"next follow-up {_when(c.next_follow_up_on)}")
            notes = f'<div class="wb-muted">{esc(c.notes)}</div>' if c.notes.strip() else ""
            text = w.HTML(f"<div><strong>{esc(c.name)}</strong> &middot; "
                          f"{esc(', '.join(bits))}"
                          + (f' &middot; <span class="wb-wr-when">{esc("; ".join(dates))}'
                             "</span>" if dates else "") + f"</div>{notes}")
            edit = button("Edit", icon="pencil", tooltip=f"Edit {c.name}")
            delete = button("Delete", icon="trash", tooltip=f"Delete {c.name}")
            edit.on_click(self.guard(lambda _, i=c.id: self.edit_contact(i)))
            delete.on_click(self.guard(
                lambda _, i=c.id, n=c.name: self.contact_confirm.ask(
                    f"Delete {n}?", lambda: self.delete_contact(i))))
            row = w.HBox([text, edit, delete])
            row.add_class("wb-wr-item")
            rows.append(row)
        self.contact_list.children = rows or [w.HTML(
            '<p class="wb-muted">Nobody added yet. A friend who listens, a former colleague '
            "who knows your work, a company you would like to hear from again: any of them "
            "counts.</p>")]

    # ------------------------------------------------------------ look back and ahead
    def _build_reflection(self) -> None:
        rp = self.p["reflection"]
        self.look_back_html = w.HTML()
        self.look_back = stacked(w.Textarea(description="How did those go?", rows=2,
                                            placeholder=rp["look_back_question"]))
        self.worked = stacked(w.Textarea(description=rp["worked"], rows=3))
        self.change = stacked(w.Textarea(description=rp["change"], rows=3))
        self.diagnosis = w.HTML()
        self.commitments = [stacked(w.Text(description=f"Commitment {i}"),
                                    width="min(100%, 520px)") for i in (1, 2, 3)]
        self.save_review_btn = button("Save this week's review", primary=True, icon="check")
        self.save_review_btn.on_click(self.guard(lambda _: self.save_reflection()))
        self.review_status = self.ctx.save_status()
        self.review_confirm = ConfirmDelete()
        self.past_reviews = w.VBox()
        self.reflect_box = w.VBox([
            w.HTML(f"<h3>{esc(rp['heading'])}</h3>"), self.look_back_html, self.look_back,
            self.worked, self.change, self.diagnosis,
            w.HTML(f"<p><strong>{esc(rp['commitments'])}</strong></p>"), *self.commitments,
            w.HBox([self.save_review_btn]), self.review_status,
            w.HTML(f'<p class="wb-muted">{esc(rp["counselor"])}</p><h4>Saved reviews</h4>'),
            self.review_confirm, self.past_reviews])
        self.drafts = {name: self.ctx.keep_draft(f"weekly_review.{name}", box)
                       for name, box in (("worked", self.worked), ("change", self.change),
                                         ("look_back", self.look_back))}

    def load_reflection(self) -> None:
        rp = self.p["reflection"]
        prev = review.last_week(self.store, self.as_of)
        if prev and prev.commitments:
            items = "".join(f"<li>{esc(c)}</li>" for c in prev.commitments)
            self.look_back_html.value = f"<p>{esc(rp['look_back'])}</p><ul>{items}</ul>"
            self.look_back.layout.display = None
        else:
            self.look_back_html.value = f'<p class="wb-muted">{esc(rp["no_last_week"])}</p>'
            self.look_back.layout.display = "none"
        current = review.review_for(self.store, self.as_of)
        for name, box in (("worked", self.worked), ("change", self.change),
                          ("look_back", self.look_back)):
            # a saved review wins; otherwise what was being typed before a closed tab
            box.value = getattr(current, name) if current else self.store.draft(
                f"weekly_review.{name}")
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
            self.review_status.saved("This week's review", current.updated.astimezone(
                self.store.timezone))
        else:
            self.review_status.unsaved()
        self.refresh_past_reviews()

    def save_reflection(self) -> None:
        review.save_review(self.store, worked=self.worked.value, change=self.change.value,
                           commitments=[c.value for c in self.commitments],
                           look_back=self.look_back.value, as_of=self.as_of)
        for keeper in self.drafts.values():
            keeper.clear()
        self.review_status.saved("This week's review")
        self.ctx.messages.ok("Saved this week's review. Next week it will be here to look "
                             "back on.")
        self.refresh_past_reviews()

    def refresh_past_reviews(self) -> None:
        rows = []
        for r in review.reviews(self.store):
            commits = "; ".join(r.commitments) or "no commitments written"
            text = w.HTML(f'<span class="wb-wr-when">Week of {esc(_when(r.week_start))}</span>'
                          f"{esc(commits)}")
            open_btn = button("Open", icon="folder-open",
                              tooltip=f"Open the review of the week of {_when(r.week_start)}")
            delete = button("Delete", icon="trash",
                            tooltip=f"Delete the review of the week of {_when(r.week_start)}")
            open_btn.on_click(self.guard(
                lambda _, d=r.week_start: setattr(self.week_pick, "value", d)))
            delete.on_click(self.guard(
                lambda _, i=r.id, d=r.week_start: self.review_confirm.ask(
                    f"Delete the review of the week of {_when(d)}?",
                    lambda: self.delete_review(i))))
            row = w.HBox([text, open_btn, delete])
            row.add_class("wb-wr-item")
            rows.append(row)
        self.past_reviews.children = rows or [
            w.HTML('<p class="wb-muted">No weekly reviews saved yet.</p>')]

    def delete_review(self, review_id: str) -> None:
        review.delete_review(self.store, review_id)
        self.ctx.messages.ok("Deleted that weekly review.")
        self.load_reflection()

    # ------------------------------------------------------------ session summary
    def _build_summary(self) -> None:
        titles = report.labels()
        # Private sections (guided writing) start unticked: only a tick puts them in.
        self.section_boxes = {key: w.Checkbox(value=key in report.SECTIONS,
                                              description=titles[key], indent=False,
                                              layout=w.Layout(width="auto"))
                              for key in report.SECTIONS + report.PRIVATE_SECTIONS}
        self.journal_box = w.Checkbox(
            value=False, indent=False, layout=w.Layout(width="auto"),
            description="Also include my journal text (check-in notes and thought records)")
        start, end = report.default_range(self.store)
        self.sum_start = w.DatePicker(description="From", value=start, style=LABEL)
        self.sum_end = w.DatePicker(description="To", value=end, style=LABEL)
        self.make_btn = button("Make the session summary", primary=True, icon="file")
        self.make_btn.on_click(self.guard(lambda _: self.make_summary()))
        self.summary_out = w.VBox()
        dates = w.HBox([self.sum_start, self.sum_end])
        dates.add_class("wb-wr-row")
        self.summary_box = w.VBox([
            w.HTML("<h3>A summary to share with a counselor</h3>"
                   "<p>One page (an HTML file) that opens in any browser without internet and "
                   "prints on A4 or Letter. Tick only what you want to share; nothing else is "
                   "in the file. Your journal text stays out unless you tick it.</p>"),
            w.HTML("<p><strong>What to include</strong></p>"),
            *self.section_boxes.values(), self.journal_box, dates, w.HBox([self.make_btn]),
            self.summary_out])

    def make_summary(self) -> None:
        ticked = [k for k, box in self.section_boxes.items() if box.value]
        if self.sum_start.value is None or self.sum_end.value is None:
            raise WorkbookError("Please pick both dates of the period (From and To).")
        html_text = charts.session_summary(self.store, ticked, self.sum_start.value,
                                           self.sum_end.value,
                                           include_journal_text=self.journal_box.value)
        data = html_text.encode("utf-8")
        name = f"session-summary-{self.store.name}-{self.sum_end.value.isoformat()}.html"
        size = f"{len(data) / 1024 / 1024:.1f} MB" if len(data) > 1024 * 1024 else \
            f"{len(data) / 1024:.0f} KB"
        self.summary_out.children = [
            download_link(data, name, f"Save {name} ({size})", mime="text/html"),
            w.HTML('<p class="wb-muted">Open the saved file in your browser to read or print '
                   "it. It holds: " + esc(", ".join(report.labels()[k] for k in ticked))
                   + (", with journal text" if self.journal_box.value else "") + ".</p>")]
        self.ctx.messages.ok("Your session summary is ready to save.")
