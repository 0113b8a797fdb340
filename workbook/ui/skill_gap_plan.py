"""The skill-gap plan app (notebooks/03_skill_gap_plan.ipynb).

Six steps in tabs: gather (job descriptions, feedback notes, your own list), confirm (keep or
remove the skills found; nothing is scored before this), rate (current and needed level,
importance, kind of gap), priorities (the visible formula with its weights, a ranked list
with a sentence each, and three charts), plan (SMART actions from a library, a timeline, an
.ics calendar file) and progress (hours, done actions, re-rated levels over time).

The logic lives in ``workbook.skills``; this module only builds and wires widgets.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as w

from workbook import skills as sk
from workbook.errors import WorkbookError
from workbook.records import Action, Feedback, Posting, Skill
from workbook.ui.common import (
    Context, button, download_link, esc, page, show_figure, stacked,
)
from workbook.ui.html import table

NEW = "__new__"
TAB_TITLES = ["1 Gather", "2 Confirm", "3 Rate", "4 Priorities", "5 Plan", "6 Progress"]
_CSS = """<style>
.wb-sgp .wb-row { flex-wrap: wrap; gap: 6px; align-items: flex-end; }
.wb-sgp .jupyter-button { width: auto; min-width: 140px; }
.wb-sgp-table { border-collapse: collapse; width: 100%; font-size: 0.95em; }
.wb-sgp-table caption { text-align: left; font-weight: 600; padding: 4px 0; }
.wb-sgp-table th, .wb-sgp-table td { border-bottom: 1px solid #ddd; padding: 4px 6px;
  text-align: left; vertical-align: top; }
.wb-sgp .wb-formula { background: #f5f8fb; border-left: 4px solid #0072B2; padding: 6px 10px;
  font-family: monospace; white-space: normal; }
.wb-sgp .wb-tag { display: inline-block; border: 1px solid #888; border-radius: 3px;
  padding: 0 4px; margin: 1px 2px; font-size: 0.88em; }
.wb-sgp .wb-checks { max-height: 420px; overflow-y: auto; border: 1px solid #e3e3e3;
  padding: 4px 8px; }
.wb-sgp .wb-checks .widget-checkbox { width: auto !important; height: auto; }
.wb-sgp .wb-checks .widget-checkbox label { white-space: normal; }
.wb-sgp .widget-output { max-width: 100%; overflow-x: auto; }
.wb-sgp ol.wb-ranked li { margin: 3px 0; }
</style>"""


def app() -> w.Widget:
    """The whole skill-gap plan page for the active profile."""
    return page("Skill-gap plan", build)


def build(ctx: Context) -> w.Widget:
    return SkillGapPlan(ctx).widget


# ---------------------------------------------------------------- small pieces

def row(*children: w.Widget) -> w.HBox:
    box = w.HBox(list(children))
    box.add_class("wb-row")
    return box


def table_html(caption: str, headers: list[str], rows: list[list[Any]]) -> str:
    """A small accessible table (``ui.html.table``) in this page's look."""
    return table(caption, headers, rows, cls="wb-sgp-table")


def level_options() -> list[tuple[str, int]]:
    return [(f"{x['level']} {x['name']}: {x['text']}", x["level"])
            for x in sk.level_words()["levels"]]


def level_name(level: int) -> str:
    return next((f"{x['level']} {x['name']}" for x in sk.level_words()["levels"]
                 if x["level"] == level), str(level))


def _date(value: Any) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


class SkillGapPlan:
    """The page's widgets and what they do."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.store = ctx.store
        self.guard = ctx.guard
        self._build_gather()
        self._build_confirm()
        self._build_rate()
        self._build_priorities()
        self._build_plan()
        self._build_progress()
        self.tabs = w.Tab(children=[self.gather_box, self.confirm_box, self.rate_box,
                                    self.prio_box, self.plan_box, self.progress_box])
        for i, title in enumerate(TAB_TITLES):
            self.tabs.set_title(i, title)
        self.tabs.observe(self.guard(self._on_tab), names="selected_index")
        intro = w.HTML(
            "<p>Turn what held you back into what you will do, and by when. Work through the "
            "steps left to right; everything is saved in your profile as you go, and you can "
            "change or delete any of it later.</p>")
        self.widget = w.VBox([w.HTML(_CSS), intro, self.tabs])
        self.widget.add_class("wb-sgp")
        self.refresh_gather()
        self.refresh_confirm()

    def _on_tab(self, change: dict) -> None:
        i = change["new"]
        if i == 0:
            self.refresh_gather()
        elif i == 1:
            self.refresh_confirm()
        elif i == 2:
            self.refresh_rate()
        elif i == 3:
            self.refresh_priorities()
        elif i == 4:
            self.refresh_plan()
        elif i == 5:
            self.refresh_progress()

    def ok(self, text: str) -> None:
        self.ctx.messages.ok(text)

    # ------------------------------------------------------------ 1 gather
    def _build_gather(self) -> None:
        self.post_pick = stacked(w.Dropdown(description="Job description to edit",
                                            options=[("(add new ones)", NEW)], value=NEW))
        self.post_role = stacked(w.Text(description="Role (optional)",
                                        placeholder="e.g. Data Analyst"), "48%")
        self.post_company = stacked(w.Text(description="Company (optional)"), "48%")
        self.post_text = stacked(w.Textarea(
            description="Job description text", rows=10,
            placeholder="Paste the whole advert. To add several at once, put a line with "
                        "three dashes (---) between them."))
        self.post_save = button("Add job description(s)", primary=True, icon="plus")
        self.post_delete = button("Delete this job description", icon="trash")
        self.post_found = w.HTML()
        self.post_list = w.HTML()
        self.post_pick.observe(self.guard(lambda c: self.load_posting(c["new"])), names="value")
        self.post_save.on_click(self.guard(lambda _: self.save_posting()))
        self.post_delete.on_click(self.guard(lambda _: self.delete_posting()))

        self.fb_pick = stacked(w.Dropdown(description="Feedback note to edit",
                                          options=[("(add a new one)", NEW)], value=NEW))
        self.fb_text = stacked(w.Textarea(
            description="Feedback you received", rows=4,
            placeholder="What the interviewer or recruiter said, in their words or yours."))
        self.fb_from = stacked(w.Text(description="From whom (optional)",
                                      placeholder="e.g. hiring manager, by e-mail"))
        self.fb_save = button("Add feedback note", primary=True, icon="plus")
        self.fb_delete = button("Delete this feedback note", icon="trash")
        self.fb_found = w.HTML()
        self.fb_pick.observe(self.guard(lambda c: self.load_feedback(c["new"])), names="value")
        self.fb_save.on_click(self.guard(lambda _: self.save_feedback()))
        self.fb_delete.on_click(self.guard(lambda _: self.delete_feedback()))

        self.own_text = stacked(w.Text(description="Skills you already know you want to work "
                                                   "on (separate with commas)",
                                       placeholder="e.g. SQL, presenting to a group"))
        self.own_add = button("Add to my list", icon="plus")
        self.own_list = w.HTML()
        self.own_add.on_click(self.guard(lambda _: self.add_own()))

        self.gather_box = w.VBox([
            w.HTML("<h3>Job descriptions</h3><p>Paste adverts for roles you want (saved ones, "
                   "or ones you were turned down for). Each is kept with its role, and the "
                   "skills it asks for are picked out, noting which are required and which "
                   "are only nice to have.</p>"),
            self.post_pick, row(self.post_role, self.post_company), self.post_text,
            row(self.post_save, self.post_delete), self.post_found, self.post_list,
            w.HTML("<h3>Feedback</h3><p>Feedback is a roadmap, not a verdict. Notes saved in "
                   "the interview-reflection notebook appear here too.</p>"),
            self.fb_pick, self.fb_text, self.fb_from, row(self.fb_save, self.fb_delete),
            self.fb_found,
            w.HTML("<h3>Your own list</h3>"), self.own_text, row(self.own_add), self.own_list,
            w.HTML("<p>When you are done, go to <strong>2 Confirm</strong>.</p>")])

    def refresh_gather(self, post: str = NEW, fb: str = NEW) -> None:
        postings = self.store.all(Posting)
        self.post_pick.options = [("(add new ones)", NEW)] + [
            (f"{p.role or 'Untitled role'}" + (f" at {p.company}" if p.company else "")
             + f" ({p.created:%d %b})", p.id) for p in postings]
        self.post_pick.value = post if post in {v for _, v in self.post_pick.options} else NEW
        self.load_posting(self.post_pick.value)
        if postings:
            self.post_list.value = table_html(
                f"Your saved job descriptions ({len(postings)})",
                ["Role", "Company", "Skills asked for", "Nice to have"],
                [[p.role, p.company, ", ".join(p.skills_required) or "-",
                  ", ".join(p.skills_preferred) or "-"] for p in postings])
        else:
            self.post_list.value = "<p class='wb-muted'>No job descriptions saved yet.</p>"
        notes = self.store.all(Feedback)
        self.fb_pick.options = [("(add a new one)", NEW)] + [
            (f"{(f.from_whom or 'Feedback')[:30]}: {f.text[:40]}"
             + ("..." if len(f.text) > 40 else ""), f.id) for f in notes]
        self.fb_pick.value = fb if fb in {v for _, v in self.fb_pick.options} else NEW
        self.load_feedback(self.fb_pick.value)
        own = sk.own_list(self.store)
        self.own_list.value = (f"<p>Your list: {esc(', '.join(own))}</p>" if own else "")

    def load_posting(self, pid: str) -> None:
        p = self.store.get(Posting, pid) if pid and pid != NEW else None
        self.post_role.value = p.role if p else ""
        self.post_company.value = p.company if p else ""
        self.post_text.value = p.text if p else ""
        self.post_save.description = "Save changes" if p else "Add job description(s)"
        self.post_delete.disabled = p is None
        self.post_found.value = self._posting_html(p) if p else ""

    @staticmethod
    def _posting_html(p: Posting) -> str:
        req = "".join(f'<span class="wb-tag">{esc(n)}</span>' for n in p.skills_required)
        pref = "".join(f'<span class="wb-tag">{esc(n)}</span>' for n in p.skills_preferred)
        return (f"<p><strong>{esc(p.role or 'Untitled role')}</strong>: asked for "
                f"{req or 'nothing the vocabulary knows'}; nice to have {pref or 'none'}.</p>")

    def save_posting(self) -> list[Posting]:
        pid = self.post_pick.value
        if pid != NEW:
            p = self.store.get(Posting, pid)
            if p is None:
                raise WorkbookError("That job description is no longer stored; reload the "
                                    "page.")
            if len(self.post_text.value.strip()) < 40:
                raise WorkbookError("The job description is very short (under 40 "
                                    "characters); paste the whole advert.")
            p.role, p.company, p.text = (self.post_role.value.strip(),
                                         self.post_company.value.strip(), self.post_text.value)
            p.skills_required, p.skills_preferred = sk.posting_skills(p.text)
            self.store.save(p)
            self.refresh_gather(post=p.id)
            self.ok(f"Saved your changes to {p.role or 'the job description'}.")
            return [p]
        saved = sk.add_postings(self.store, self.post_text.value, self.post_role.value,
                                self.post_company.value)
        self.refresh_gather()
        self.post_found.value = "".join(self._posting_html(p) for p in saved)
        n = len(saved)
        self.ok(f"Saved {n} job description{'s' if n != 1 else ''}. Add more, or go on to "
                "2 Confirm.")
        return saved

    def delete_posting(self) -> None:
        p = self.store.get(Posting, self.post_pick.value)
        if p is None:
            raise WorkbookError("Pick a saved job description to delete first.")
        self.store.delete(Posting, p.id)
        self.refresh_gather()
        self.ok(f"Deleted the job description for {p.role or 'an untitled role'}.")

    def load_feedback(self, fid: str) -> None:
        f = self.store.get(Feedback, fid) if fid and fid != NEW else None
        self.fb_text.value = f.text if f else ""
        self.fb_from.value = f.from_whom if f else ""
        self.fb_save.description = "Save changes" if f else "Add feedback note"
        self.fb_delete.disabled = f is None
        self.fb_found.value = self._feedback_html(f) if f else ""

    @staticmethod
    def _feedback_html(f: Feedback) -> str:
        found = list(dict.fromkeys(list(f.skills) + sk.extract(f.text)))
        tags = "".join(f'<span class="wb-tag">{esc(n)}</span>' for n in found)
        return f"<p>Skills named in this note: {tags or 'none found; add them to your list'}</p>"

    def save_feedback(self) -> Feedback:
        fid = self.fb_pick.value
        if fid != NEW:
            f = self.store.get(Feedback, fid)
            if f is None:
                raise WorkbookError("That feedback note is no longer stored; reload the page.")
            if not self.fb_text.value.strip():
                raise WorkbookError("The feedback note is empty; type what was said, or "
                                    "delete the note.")
            f.text, f.from_whom = self.fb_text.value, self.fb_from.value.strip()
            f.skills = list(dict.fromkeys(list(f.skills) + sk.extract(f.text)))
            self.store.save(f)
        else:
            f = sk.add_feedback(self.store, self.fb_text.value, self.fb_from.value.strip())
        self.refresh_gather(fb=NEW)
        self.fb_found.value = self._feedback_html(f)
        self.ok("Saved the feedback note.")
        return f

    def delete_feedback(self) -> None:
        f = self.store.get(Feedback, self.fb_pick.value)
        if f is None:
            raise WorkbookError("Pick a saved feedback note to delete first.")
        self.store.delete(Feedback, f.id)
        self.refresh_gather()
        self.ok("Deleted the feedback note.")

    def add_own(self) -> None:
        names = sk.add_own(self.store, self.own_text.value)
        self.own_text.value = ""
        self.refresh_gather()
        self.ok(f"Added to your list: {', '.join(names)}.")

    # ------------------------------------------------------------ 2 confirm
    def _build_confirm(self) -> None:
        self._choices: dict[str, bool] = {}
        self.checks = w.VBox()
        self.checks.add_class("wb-checks")
        self.check_all = button("Tick all")
        self.check_none = button("Untick all")
        self.keep = button("Keep the ticked skills", primary=True, icon="check")
        self.remove = button("Remove the ticked skills", icon="times")
        self.add_name = stacked(w.Text(description="Add a skill by name",
                                       placeholder="e.g. Tableau"), "60%")
        self.add_keep = button("Add and keep", icon="plus")
        self.confirmed_html = w.HTML()
        self.check_all.on_click(self.guard(lambda _: self._tick(True)))
        self.check_none.on_click(self.guard(lambda _: self._tick(False)))
        self.keep.on_click(self.guard(lambda _: self.confirm_ticked()))
        self.remove.on_click(self.guard(lambda _: self.remove_ticked()))
        self.add_keep.on_click(self.guard(lambda _: self.add_and_keep()))
        self.confirm_box = w.VBox([
            w.HTML("<p>These skills were found in your job descriptions, feedback and list. "
                   "Nothing gets a score until you say it belongs: keep the ones that are "
                   "real for you, remove the rest. The ticks are only a suggestion (skills "
                   "named in feedback, on your list, or in more than one posting).</p>"),
            row(self.check_all, self.check_none), self.checks,
            row(self.keep, self.remove), row(self.add_name, self.add_keep),
            self.confirmed_html])

    def refresh_confirm(self) -> None:
        df = sk.candidates(self.store)
        boxes = []
        for r in df.itertuples():
            where = []
            if r.postings:
                total = len(self.store.raw(Posting.kind))
                where.append(f"in {r.postings} of {total} postings"
                             + (f" (required in {r.required})" if r.required else
                                " (nice to have)"))
            if r.from_feedback:
                where.append("named in feedback")
            if r.own:
                where.append("on your list")
            suggested = bool(r.from_feedback or r.own or r.postings >= 2)
            cb = w.Checkbox(value=self._choices.get(r.name, suggested),
                            description=f"{r.name}: {', '.join(where) or 'found'}",
                            indent=False, layout=w.Layout(width="auto"))
            cb._wb_name = r.name
            # what the person ticked or unticked wins over the suggestion on every redraw
            cb.observe(lambda c, n=r.name: self._choices.__setitem__(n, c["new"]),
                       names="value")
            boxes.append(cb)
        self.checks.children = boxes or [w.HTML(
            "<p class='wb-muted'>No new skills to review. Add job descriptions or feedback "
            "in 1 Gather, or add a skill by name below.</p>")]
        mine = [s for s in self.store.all(Skill) if s.confirmed]
        self.confirmed_html.value = (
            "<p><strong>Kept so far:</strong> " + esc(", ".join(s.name for s in mine))
            + ". Rate them in <strong>3 Rate</strong>.</p>" if mine else
            "<p class='wb-muted'>No skills kept yet.</p>")

    def _ticked(self) -> list[str]:
        return [c._wb_name for c in self.checks.children
                if isinstance(c, w.Checkbox) and c.value]

    def _tick(self, value: bool) -> None:
        for c in self.checks.children:
            if isinstance(c, w.Checkbox):
                c.value = value

    def confirm_ticked(self) -> None:
        names = self._ticked()
        kept = sk.confirm(self.store, names)
        self.refresh_confirm()
        self.ok(f"Kept {len(kept)} skill{'s' if len(kept) != 1 else ''}. Next: rate them in "
                "3 Rate.")

    def remove_ticked(self) -> None:
        names = self._ticked()
        if not names:
            raise WorkbookError("Tick the skills to remove first.")
        sk.dismiss(self.store, names)
        self.refresh_confirm()
        self.ok(f"Removed {len(names)} skill{'s' if len(names) != 1 else ''} from the list.")

    def add_and_keep(self) -> None:
        name = self.add_name.value.strip()
        if not name:
            raise WorkbookError("Type the skill's name first, e.g. 'Tableau'.")
        [kept] = sk.confirm(self.store, [name])
        self.add_name.value = ""
        self.refresh_confirm()
        self.ok(f"Kept {kept.name}.")

    # ------------------------------------------------------------ 3 rate
    def _build_rate(self) -> None:
        levels = level_options()
        imp = [(x["text"], x["value"]) for x in sk.level_words()["importance"]]
        kinds = sk.level_words()["gap_kinds"]
        self.rate_pick = stacked(w.Dropdown(description="Skill to rate", options=[]))
        self.rate_where = w.HTML()
        self.rate_current = stacked(w.Dropdown(description="Where you are now",
                                               options=levels, value=0))
        self.rate_needed = stacked(w.Dropdown(description="Level the roles you want need",
                                              options=levels, value=2))
        self.rate_importance = stacked(w.Dropdown(description="How much it matters for the "
                                                              "roles you want",
                                                  options=imp, value=3))
        self.rate_kind = w.ToggleButtons(
            description="Kind of gap", options=[(k["name"], k["id"]) for k in kinds],
            tooltips=[k["text"] for k in kinds], style={"description_width": "initial"})
        self.rate_kind_help = w.HTML(
            "<ul>" + "".join(f"<li><strong>{esc(k['name'])}</strong>: {esc(k['text'])}</li>"
                             for k in kinds) + "</ul>")
        self.rate_save = button("Save rating", primary=True, icon="save")
        self.rate_delete = button("Delete this skill", icon="trash")
        self.rate_table = w.HTML()
        self.rate_pick.observe(self.guard(lambda c: self.load_rating(c["new"])), names="value")
        self.rate_save.on_click(self.guard(lambda _: self.save_rating()))
        self.rate_delete.on_click(self.guard(lambda _: self.delete_rated()))
        self.rate_box = w.VBox([
            w.HTML("<p>For each skill you kept, say where you are today and where the roles "
                   "need you. Be as fair to yourself as you would be to a friend.</p>"),
            self.rate_pick, self.rate_where, self.rate_current, self.rate_needed,
            self.rate_importance, self.rate_kind, self.rate_kind_help,
            row(self.rate_save, self.rate_delete), self.rate_table])

    def _confirmed(self) -> list[Skill]:
        return [s for s in self.store.all(Skill) if s.confirmed]

    def refresh_rate(self, select: str | None = None) -> None:
        mine = self._confirmed()
        current = select or self.rate_pick.value
        self.rate_pick.options = [(s.name, s.id) for s in mine]
        ids = [s.id for s in mine]
        self.rate_pick.value = current if current in ids else (ids[0] if ids else None)
        self.load_rating(self.rate_pick.value)
        if mine:
            self.rate_table.value = table_html(
                "Your skills and ratings",
                ["Skill", "Now", "Needed", "Importance", "Kind of gap"],
                [[s.name, level_name(s.current_level), level_name(s.needed_level),
                  s.importance, sk.gap_kind_name(s.gap_kind)] for s in mine])
        else:
            self.rate_table.value = ("<p class='wb-muted'>Keep some skills in 2 Confirm "
                                     "first.</p>")

    def load_rating(self, sid: str | None) -> None:
        s = self.store.get(Skill, sid) if sid else None
        for widget in (self.rate_current, self.rate_needed, self.rate_importance,
                       self.rate_kind, self.rate_save, self.rate_delete):
            widget.disabled = s is None
        if s is None:
            self.rate_where.value = ""
            return
        self.rate_current.value = s.current_level
        self.rate_needed.value = s.needed_level
        self.rate_importance.value = s.importance
        self.rate_kind.value = s.gap_kind
        total = len(self.store.raw(Posting.kind))
        ranked = sk.ranked(self.store)
        match = ranked[ranked["skill_id"] == s.id]
        n = int(match["postings"].iloc[0]) if not match.empty else 0
        fb = bool(match["from_feedback"].iloc[0]) if not match.empty else s.from_feedback
        self.rate_where.value = (
            f"<p>{esc(s.name)} ({esc(s.category or 'skill')}): mentioned in {n} of your "
            f"{total} saved postings; {'named' if fb else 'not named'} in feedback.</p>")

    def save_rating(self) -> Skill:
        sid = self.rate_pick.value
        if not sid:
            raise WorkbookError("Pick a skill to rate first.")
        s = sk.update_skill(self.store, sid, current_level=self.rate_current.value,
                            needed_level=self.rate_needed.value,
                            importance=self.rate_importance.value,
                            gap_kind=self.rate_kind.value)
        self.refresh_rate(select=sid)
        self.ok(f"Saved your rating of {s.name}.")
        return s

    def delete_rated(self) -> None:
        s = self.store.get(Skill, self.rate_pick.value or "")
        if s is None:
            raise WorkbookError("Pick a skill to delete first.")
        n = sk.delete_skill(self.store, s.id)
        self.refresh_rate()
        self.ok(f"Deleted {s.name}" + (f" and its {n} action{'s' if n != 1 else ''}"
                                        if n else "") + ".")

    # ------------------------------------------------------------ 4 priorities
    def _build_priorities(self) -> None:
        self.w_freq = stacked(w.BoundedFloatText(
            description="Weight for how often your postings mention it (0-5)", min=0, max=5,
            step=0.25), "48%")
        self.w_fb = stacked(w.BoundedFloatText(
            description="Weight for feedback naming it (0-5)", min=0, max=5, step=0.25),
            "48%")
        self.w_apply = button("Apply weights", icon="refresh")
        self.w_reset = button("Back to the usual weights")
        self.formula = w.HTML()
        self.ranked_html = w.HTML()
        self.dumbbell_out, self.dumbbell_text = w.Output(), w.HTML()
        self.ie_out, self.ie_text = w.Output(), w.HTML()
        self.heat_out, self.heat_text = w.Output(), w.HTML()
        self.w_apply.on_click(self.guard(lambda _: self.apply_weights()))
        self.w_reset.on_click(self.guard(lambda _: self.apply_weights(reset=True)))
        self.prio_box = w.VBox([
            self.formula, row(self.w_freq, self.w_fb), row(self.w_apply, self.w_reset),
            self.ranked_html, self.dumbbell_text, self.dumbbell_out, self.ie_text,
            self.ie_out, self.heat_text, self.heat_out])

    def apply_weights(self, reset: bool = False) -> None:
        if reset:
            d = sk.DEFAULT_WEIGHTS
            sk.set_weights(self.store, d["frequency"], d["feedback"])
        else:
            sk.set_weights(self.store, self.w_freq.value, self.w_fb.value)
        self.refresh_priorities()
        self.ok("Weights saved in your profile; the ranking below uses them.")

    def refresh_priorities(self) -> None:
        from workbook.charts import skills as charts

        wts = sk.weights(self.store)
        self.w_freq.value, self.w_fb.value = wts["frequency"], wts["feedback"]
        self.formula.value = (
            "<p>How the order is worked out (you can change the two weights):</p>"
            f'<p class="wb-formula">{esc(sk.FORMULA)}</p>'
            f"<p class='wb-muted'>Now: frequency weight {wts['frequency']:g}, feedback weight "
            f"{wts['feedback']:g}. A score is a way to choose where to start, not a "
            "judgement of you.</p>")
        df = sk.ranked(self.store, wts)
        if df.empty:
            self.ranked_html.value = ("<p class='wb-muted'>Keep and rate some skills first "
                                      "(2 Confirm, 3 Rate).</p>")
        else:
            items = "".join(
                f"<li>{esc(r.reason)}<details><summary>How the score was worked out"
                f"</summary><p class='wb-muted'>{esc(r.explanation)}</p></details></li>"
                for r in df.itertuples())
            self.ranked_html.value = (f"<h3>Your gaps, highest priority first</h3>"
                                      f'<ol class="wb-ranked">{items}</ol>')
        show_figure(self.dumbbell_out, charts.dumbbell(df))
        gaps = df[df["needed"] > df["current"]] if not df.empty else df
        self.dumbbell_text.value = (
            "<h3>Current and needed level</h3><p>"
            + (esc(f"The biggest gaps: {', '.join(gaps.sort_values('gap', ascending=False)['name'].head(3))}. "
                   "Circles are where you are, diamonds where the roles need you.")
               if not gaps.empty else "No skill is below the level you need yet.")
            + "</p>")
        wins = sk.quick_wins(df)
        show_figure(self.ie_out, charts.impact_effort(df, wins))
        self.ie_text.value = (
            "<h3>Impact and effort</h3><p>"
            + (esc("Quick wins (high priority, less effort): " + ", ".join(wins["name"])
                   + ". Effort is the hours your plan puts in, or a rough guess until you "
                   "plan actions.") if not wins.empty else
               "No clear quick win yet: rate your skills, or plan actions to refine the "
               "effort.") + "</p>")
        matrix = sk.role_matrix(self.store, [s.name for s in self._confirmed()])
        show_figure(self.heat_out, charts.role_heatmap(matrix))
        if matrix.empty:
            self.heat_text.value = ("<h3>Skills across target roles</h3><p>Add job "
                                    "descriptions with their roles to compare roles.</p>")
        else:
            rows = [[name] + [f"{v * 100:.0f}%" for v in matrix.loc[name]]
                    for name in matrix.index[:20]]
            self.heat_text.value = (
                "<h3>Skills across target roles</h3>"
                + table_html("Share of each role's saved postings that mention the skill",
                             ["Skill"] + [str(c) for c in matrix.columns], rows))

    # ------------------------------------------------------------ 5 plan
    def _build_plan(self) -> None:
        self.act_pick = stacked(w.Dropdown(description="Action to edit",
                                           options=[("(a new action)", NEW)], value=NEW))
        self.act_skill = stacked(w.Dropdown(description="For which skill", options=[]))
        self.act_template = stacked(w.Dropdown(description="Start from an idea (optional)",
                                               options=[("(write my own)", "")], value=""))
        self.act_type = stacked(w.Dropdown(
            description="Kind of action",
            options=[("Course", "course"), ("Certification", "certification"),
                     ("Volunteering", "volunteering"),
                     ("Practice with a mentor or peer", "practice"),
                     ("Portfolio project", "portfolio"), ("Resume rewrite", "resume"),
                     ("Other", "other")], value="practice"), "48%")
        self.act_status = stacked(w.Dropdown(
            description="Status", options=[("Planned", "planned"), ("Doing it", "doing"),
                                           ("Done", "done"), ("Dropped", "dropped")],
            value="planned"), "48%")
        self.act_what = stacked(w.Textarea(description="What you will do (specific)", rows=2))
        self.act_measure = stacked(w.Text(description="How you will know it is done "
                                                      "(measurable)"))
        self.act_start = stacked(w.DatePicker(description="Start date"), "31%")
        self.act_due = stacked(w.DatePicker(description="Due date"), "31%")
        self.act_hours = stacked(w.BoundedFloatText(description="Hours a week", min=0,
                                                    max=80, step=0.5, value=2), "31%")
        self.act_if = stacked(w.Text(
            description="If-then plan (optional)",
            placeholder="If it is Tuesday at 7 pm, then 45 minutes of SQL practice."))
        self.act_smart = w.HTML()
        self._idea_if_then = ""
        self.act_save = button("Save action", primary=True, icon="save")
        self.act_delete = button("Delete this action", icon="trash")
        self.timeline_text, self.timeline_out = w.HTML(), w.Output()
        self.ics_make = button("Make a calendar file (.ics)", icon="calendar")
        self.ics_link = w.HTML()
        self.act_pick.observe(self.guard(lambda c: self.load_action(c["new"])), names="value")
        self.act_skill.observe(self.guard(lambda c: self._fill_templates()), names="value")
        self.act_template.observe(self.guard(lambda c: self.apply_template(c["new"])),
                                  names="value")
        self.act_save.on_click(self.guard(lambda _: self.save_action()))
        self.act_delete.on_click(self.guard(lambda _: self.delete_action()))
        self.ics_make.on_click(self.guard(lambda _: self.make_ics()))
        self.plan_box = w.VBox([
            w.HTML("<p>Turn your top gaps into small, dated steps: what exactly, how you will "
                   "know it is done, when, and how many hours a week you can honestly give. "
                   "An if-then plan (when and where you will do it) makes starting easier. "
                   "These are options to choose from, not orders.</p>"),
            self.act_pick, self.act_skill, self.act_template, row(self.act_type,
                                                                  self.act_status),
            self.act_what, self.act_measure,
            row(self.act_start, self.act_due, self.act_hours), self.act_if, self.act_smart,
            row(self.act_save, self.act_delete), self.timeline_text, self.timeline_out,
            w.HTML("<h3>Put the dates in your calendar</h3><p>The file holds each action's "
                   "start and due date as all-day reminders; Google Calendar, Outlook and "
                   "Apple Calendar can import it.</p>"),
            row(self.ics_make), self.ics_link])

    def refresh_plan(self, select: str | None = None) -> None:
        from workbook.charts import skills as charts

        ranked = sk.ranked(self.store)
        order = list(ranked["skill_id"]) if not ranked.empty else []
        mine = sorted(self._confirmed(), key=lambda s: order.index(s.id) if s.id in order
                      else len(order))
        keep_skill = self.act_skill.value
        self.act_skill.options = [(s.name, s.id) for s in mine]
        if keep_skill in {s.id for s in mine}:
            self.act_skill.value = keep_skill
        plan = sk.plan_table(self.store)
        self.act_pick.options = [("(a new action)", NEW)] + [
            (f"{r.skill}: {r.what[:50]}" + ("..." if len(r.what) > 50 else ""), r.action_id)
            for r in plan.itertuples()]
        target = select if select is not None else self.act_pick.value
        self.act_pick.value = target if target in set(plan["action_id"]) else NEW
        self.load_action(self.act_pick.value)
        show_figure(self.timeline_out, charts.plan_timeline(plan, self.store.today()))
        if plan.empty:
            self.timeline_text.value = "<h3>Your plan over time</h3><p>No actions yet.</p>"
        else:
            self.timeline_text.value = "<h3>Your plan over time</h3>" + table_html(
                "Actions by start date",
                ["Skill", "What", "Start", "Due", "Hours a week", "Status"],
                [[r.skill, r.what, r.start or "-", r.due or "-",
                  f"{r.hours_per_week:g}" if r.hours_per_week else "-", r.status]
                 for r in plan.itertuples()])

    def _fill_templates(self) -> None:
        s = self.store.get(Skill, self.act_skill.value) if self.act_skill.value else None
        opts = [("(write my own)", "")]
        if s is not None:
            opts += [(f"{t['title']} ({t['weeks']} weeks, {t['hours_per_week']} h/week)",
                      t["id"]) for t in sk.suggest_actions(s)]
        self.act_template.options = opts
        self.act_template.value = ""

    def apply_template(self, tid: str) -> None:
        if not tid:
            return
        s = self.store.get(Skill, self.act_skill.value)
        if s is None:
            raise WorkbookError("Pick the skill this action is for first.")
        start = self.act_start.value or self.store.today()
        a = sk.draft_action(s, tid, start)
        t = next(t for t in sk.action_library() if t["id"] == tid)
        self.act_type.value = a.type
        self.act_what.value = a.what
        self.act_measure.value = a.measure
        self.act_start.value = a.start_on
        self.act_due.value = a.due_on
        self.act_hours.value = a.hours_per_week or 0
        # an if-then plan the person typed stays; one the last idea wrote is replaced
        if not self.act_if.value or self.act_if.value == self._idea_if_then:
            self.act_if.value = t.get("if_then", "")
        self._idea_if_then = t.get("if_then", "")
        self._smart_line()

    def load_action(self, aid: str) -> None:
        a = self.store.get(Action, aid) if aid and aid != NEW else None
        if a is not None and a.skill_id in {v for _, v in self.act_skill.options}:
            self.act_skill.value = a.skill_id
        self._fill_templates()
        self.act_type.value = a.type if a else "practice"
        self.act_status.value = a.status if a else "planned"
        self.act_what.value = a.what if a else ""
        self.act_measure.value = a.measure if a else ""
        self.act_start.value = a.start_on if a else None
        self.act_due.value = a.due_on if a else None
        self.act_hours.value = (a.hours_per_week or 0) if a else 2
        self.act_if.value = a.if_then if a else ""
        self._idea_if_then = ""
        self.act_delete.disabled = a is None
        self.act_save.description = "Save changes" if a else "Save action"
        self.act_smart.value = ""
        if a:
            self._smart_line()

    def _form_action(self) -> Action:
        aid = self.act_pick.value
        a = self.store.get(Action, aid) if aid != NEW else None
        if aid != NEW and a is None:
            raise WorkbookError("That action is no longer stored; reload the page.")
        a = a or Action(what="-")
        if not self.act_skill.value:
            raise WorkbookError("Pick the skill this action is for (keep a skill in 2 Confirm "
                                "first).")
        a.skill_id = self.act_skill.value
        a.type, a.status = self.act_type.value, self.act_status.value
        a.what, a.measure = self.act_what.value.strip(), self.act_measure.value.strip()
        a.start_on, a.due_on = _date(self.act_start.value), _date(self.act_due.value)
        a.hours_per_week = self.act_hours.value or None
        a.if_then = self.act_if.value.strip()
        return a

    def _smart_line(self) -> None:
        a = Action(what=self.act_what.value or "-", measure=self.act_measure.value,
                   start_on=_date(self.act_start.value), due_on=_date(self.act_due.value),
                   hours_per_week=self.act_hours.value or None)
        missing = sk.smart_missing(a) if self.act_what.value.strip() else [
            "say specifically what you will do"]
        self.act_smart.value = (
            "<p>This step is specific, measurable and dated.</p>" if not missing else
            "<p>To make it easier to act on, you could: " + esc("; ".join(missing))
            + ".</p>")

    def save_action(self) -> Action:
        a = self._form_action()
        sk.save_action(self.store, a)
        self.refresh_plan(select=a.id)
        self._smart_line()
        self.ok(f"Saved the action: {a.what[:60]}.")
        return a

    def delete_action(self) -> None:
        a = self.store.get(Action, self.act_pick.value)
        if a is None:
            raise WorkbookError("Pick a saved action to delete first.")
        self.store.delete(Action, a.id)
        self.refresh_plan(select=NEW)
        self.ok(f"Deleted the action: {a.what[:60]}.")

    def make_ics(self) -> bytes:
        from workbook import calendar

        events = sk.calendar_events(self.store)
        if not events:
            raise WorkbookError("There are no dated actions yet: give an action a start or "
                                "due date, then make the calendar file.")
        data = calendar.ics(events, "Skill plan")
        self.ics_link.value = download_link(
            data, f"skill-plan-{self.store.today():%Y-%m-%d}.ics",
            f"Download skill-plan.ics ({len(events)} dates)", mime="text/calendar").value
        self.ok("Your calendar file is ready: use the download link below the button.")
        return data

    # ------------------------------------------------------------ 6 progress
    def _build_progress(self) -> None:
        self.prog_summary = w.HTML()
        self.log_pick = stacked(w.Dropdown(description="Action", options=[]))
        self.log_hours = stacked(w.BoundedFloatText(description="Hours to add", min=0,
                                                    max=100, step=0.5, value=1), "40%")
        self.log_add = button("Log these hours", icon="plus")
        self.log_done = button("Mark this action done", icon="check")
        self.rr_pick = stacked(w.Dropdown(description="Skill to re-rate", options=[]))
        self.rr_level = stacked(w.Dropdown(description="Where you are now",
                                           options=level_options(), value=0))
        self.rr_save = button("Save new rating", primary=True, icon="save")
        self.levels_out, self.levels_text = w.Output(), w.HTML()
        self.log_add.on_click(self.guard(lambda _: self.add_hours()))
        self.log_done.on_click(self.guard(lambda _: self.mark_done()))
        self.rr_pick.observe(self.guard(lambda c: self._load_rerate(c["new"])), names="value")
        self.rr_save.on_click(self.guard(lambda _: self.save_rerate()))
        self.progress_box = w.VBox([
            self.prog_summary,
            w.HTML("<h3>Log time</h3>"), self.log_pick, row(self.log_hours),
            row(self.log_add, self.log_done),
            w.HTML("<h3>Re-rate a skill</h3><p>After some practice, say where you are now; "
                   "each rating is kept with its date.</p>"),
            self.rr_pick, self.rr_level, row(self.rr_save),
            self.levels_text, self.levels_out])

    def refresh_progress(self) -> None:
        from workbook.charts import skills as charts

        p = sk.progress(self.store)
        self.prog_summary.value = (
            f"<h3>So far</h3><p>{p['done']} of {p['actions']} planned "
            f"action{'s' if p['actions'] != 1 else ''} done, {p['doing']} under way, "
            f"{p['hours_logged']:g} hours logged. Every step counts, whatever the pace.</p>")
        plan = sk.plan_table(self.store)
        keep = self.log_pick.value
        self.log_pick.options = [(f"{r.skill}: {r.what[:50]} ({r.hours_logged:g} h)",
                                  r.action_id) for r in plan.itertuples()
                                 if r.status != "dropped"]
        ids = {v for _, v in self.log_pick.options}
        self.log_pick.value = keep if keep in ids else (next(iter(
            v for _, v in self.log_pick.options), None))
        mine = self._confirmed()
        keep_s = self.rr_pick.value
        self.rr_pick.options = [(s.name, s.id) for s in mine]
        sids = [s.id for s in mine]
        self.rr_pick.value = keep_s if keep_s in sids else (sids[0] if sids else None)
        self._load_rerate(self.rr_pick.value)
        hist = sk.level_history(self.store)
        show_figure(self.levels_out, charts.levels_over_time(hist))
        if hist.empty:
            self.levels_text.value = ("<h3>Levels over time</h3><p>No re-ratings yet.</p>")
        else:
            last = hist.groupby("skill").agg(first=("level", "first"), now=("level", "last"),
                                             since=("on", "first"), needed=("needed", "last"))
            self.levels_text.value = "<h3>Levels over time</h3>" + table_html(
                "First and latest rating per skill",
                ["Skill", "First rating", "Latest", "Needed", "Since"],
                [[name, r.first, r.now, r.needed, r.since] for name, r in last.iterrows()])

    def _load_rerate(self, sid: str | None) -> None:
        s = self.store.get(Skill, sid) if sid else None
        self.rr_save.disabled = s is None
        if s is not None:
            self.rr_level.value = s.current_level

    def add_hours(self) -> None:
        if not self.log_pick.value:
            raise WorkbookError("Pick an action first (plan one in 5 Plan).")
        a = sk.log_hours(self.store, self.log_pick.value, self.log_hours.value)
        self.refresh_progress()
        self.ok(f"Logged {self.log_hours.value:g} hours; {a.hours_logged:g} in total on "
                "this action.")

    def mark_done(self) -> None:
        a = self.store.get(Action, self.log_pick.value or "")
        if a is None:
            raise WorkbookError("Pick an action first.")
        a.status = "done"
        sk.save_action(self.store, a)
        self.refresh_progress()
        self.ok(f"Marked done: {a.what[:60]}. Well worth noting as a win this week.")

    def save_rerate(self) -> None:
        if not self.rr_pick.value:
            raise WorkbookError("Pick a skill to re-rate first.")
        s = sk.rerate(self.store, self.rr_pick.value, self.rr_level.value)
        self.refresh_progress()
        self.ok(f"Saved: {s.name} is now at {level_name(s.current_level)}.")
