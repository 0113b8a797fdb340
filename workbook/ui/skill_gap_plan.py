"""The skill-gap plan app (notebooks/03_skill_gap_plan.ipynb).

Six steps in tabs: gather (job descriptions, feedback notes, your own list), confirm (keep or
remove the skills found; nothing is scored before this), rate (current and needed level,
importance, kind of gap), priorities (the visible formula with its weights, a ranked list
with a sentence each, and three charts), plan (SMART actions from a library, a timeline, an
.ics calendar file) and progress (hours, done actions, re-rated levels over time).

The page (``SkillGapPlan``, a ``VBox``) is made of one part per tab, each a ``VBox`` that owns
its widgets, reads and writes through ``workbook.skills`` and redraws itself in
``refresh()``; writes go through the shared ``SaveAction`` and ``ConfirmDelete``, pasted text
is kept as a draft (``DraftGroup``). No part calls the store's save or delete itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as w

from workbook import skills as sk
from workbook.errors import WorkbookError
from workbook.records import Action, Feedback, Posting, Skill
from workbook.ui.common import (
    Context, DraftKeeper, button, download_link, esc, page, show_figure, stacked,
)
from workbook.ui.forms import ConfirmDelete, DraftGroup, Part, SaveAction
from workbook.ui.html import plural, table

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
    return SkillGapPlan(ctx)


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


def _confirmed(store: Any) -> list[Skill]:
    return [s for s in store.all(Skill) if s.confirmed]


def _keep_choice(dropdown: w.Dropdown, value: Any, fallback: Any = None) -> None:
    """Select ``value`` when it is still an option, else ``fallback``."""
    values = [v for _, v in dropdown.options]
    dropdown.value = value if value in values else (
        fallback if fallback in values else (values[0] if values else None))


class _EditDraft:
    """A draft kept only while the form holds a new, unsaved text: loading a saved record
    into the box is not typing, so the keeper is paused for it."""

    def __init__(self, keeper: DraftKeeper):
        self.keeper = keeper
        self.watching = True

    def watch(self, on: bool) -> None:
        if on and not self.watching:
            # the keeper's own observer, put back (ui.common.DraftKeeper has stop() only)
            self.keeper.textarea.observe(self.keeper._observer, names="value")
        elif not on and self.watching:
            self.keeper.stop()
        self.watching = on


# ---------------------------------------------------------------- 1 gather

class Postings(Part):
    """Job descriptions: paste one or several, edit or delete a saved one."""

    KEY = "skill_plan.posting"

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        self.pick = stacked(w.Dropdown(description="Job description to edit",
                                       options=[("(add new ones)", NEW)], value=NEW))
        self.role = stacked(w.Text(description="Role (optional)",
                                   placeholder="e.g. Data Analyst"), "48%")
        self.company = stacked(w.Text(description="Company (optional)"), "48%")
        self.text = stacked(w.Textarea(
            description="Job description text", rows=10,
            placeholder="Paste the whole advert. To add several at once, put a line with "
                        "three dashes (---) between them."))
        self.save = SaveAction("Add job description(s)", self._save, icon="plus", ctx=ctx)
        self.delete = ConfirmDelete("Delete this job description", what=self._what_goes,
                                    run=self._delete)
        self.found, self.listing = w.HTML(), w.HTML()
        self.drafts = DraftGroup(ctx, "job description")
        self.draft = _EditDraft(self.drafts.watch(self.KEY, self.text))
        self.pick.observe(ctx.guard(lambda c: self.load(c["new"])), names="value")
        self.children = [
            w.HTML("<h3>Job descriptions</h3><p>Paste adverts for roles you want (saved ones, "
                   "or ones you were turned down for). Each is kept with its role, and the "
                   "skills it asks for are picked out, noting which are required and which "
                   "are only nice to have.</p>"),
            self.drafts.offer, self.pick, row(self.role, self.company), self.text, self.save,
            self.delete, self.found, self.listing]
        self.drafts.offer_if_unfinished()

    def refresh(self, select: str = NEW) -> None:
        postings = self.store.all(Posting)
        self.pick.options = [("(add new ones)", NEW)] + [
            (f"{p.role or 'Untitled role'}" + (f" at {p.company}" if p.company else "")
             + f" ({p.created:%d %b})", p.id) for p in postings]
        _keep_choice(self.pick, select, NEW)
        self.load(self.pick.value)
        self.listing.value = table_html(
            f"Your saved job descriptions ({len(postings)})",
            ["Role", "Company", "Skills asked for", "Nice to have"],
            [[p.role, p.company, ", ".join(p.skills_required) or "-",
              ", ".join(p.skills_preferred) or "-"] for p in postings]) if postings else (
            "<p class='wb-muted'>No job descriptions saved yet.</p>")

    def load(self, pid: str) -> None:
        p = self.store.get(Posting, pid) if pid and pid != NEW else None
        self.draft.watch(False)  # filling the box is not typing
        self.role.value = p.role if p else ""
        self.company.value = p.company if p else ""
        self.text.value = p.text if p else ""
        self.draft.watch(p is None)
        self.save.description = "Save changes" if p else "Add job description(s)"
        self.delete.ask_button.disabled = p is None
        self.found.value = self.describe(p) if p else ""

    @staticmethod
    def describe(p: Posting) -> str:
        req = "".join(f'<span class="wb-tag">{esc(n)}</span>' for n in p.skills_required)
        pref = "".join(f'<span class="wb-tag">{esc(n)}</span>' for n in p.skills_preferred)
        return (f"<p><strong>{esc(p.role or 'Untitled role')}</strong>: asked for "
                f"{req or 'nothing the vocabulary knows'}; nice to have {pref or 'none'}.</p>")

    def _save(self) -> str:
        if self.pick.value != NEW:
            p = sk.update_posting(self.store, self.pick.value, self.text.value,
                                  self.role.value, self.company.value)
            self.refresh(select=p.id)
            return f"Saved your changes to {p.role or 'the job description'}."
        saved = sk.add_postings(self.store, self.text.value, self.role.value,
                                self.company.value)
        self.drafts.clear()
        self.text.value = self.role.value = self.company.value = ""
        self.refresh()
        self.found.value = "".join(self.describe(p) for p in saved)
        return (f"Saved {len(saved)} {plural('job description', len(saved))}. Add more, or "
                "go on to 2 Confirm.")

    def _what_goes(self) -> str:
        p = self.store.get(Posting, self.pick.value)
        if p is None:
            raise WorkbookError("Pick a saved job description to delete first.")
        return f"Delete the job description for {p.role or 'an untitled role'}?"

    def _delete(self) -> str:
        p = sk.delete_posting(self.store, self.pick.value)
        self.refresh()
        return f"Deleted the job description for {p.role or 'an untitled role'}."


class FeedbackNotes(Part):
    """Feedback received, with the skills it names; editable and deletable."""

    KEY = "skill_plan.feedback"

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        self.pick = stacked(w.Dropdown(description="Feedback note to edit",
                                       options=[("(add a new one)", NEW)], value=NEW))
        self.text = stacked(w.Textarea(
            description="Feedback you received", rows=4,
            placeholder="What the interviewer or recruiter said, in their words or yours."))
        self.source = stacked(w.Text(description="From whom (optional)",
                                     placeholder="e.g. hiring manager, by e-mail"))
        self.save = SaveAction("Add feedback note", self._save, icon="plus", ctx=ctx)
        self.delete = ConfirmDelete("Delete this feedback note", what=self._what_goes,
                                    run=self._delete)
        self.found = w.HTML()
        self.drafts = DraftGroup(ctx, "feedback note")
        self.draft = _EditDraft(self.drafts.watch(self.KEY, self.text))
        self.pick.observe(ctx.guard(lambda c: self.load(c["new"])), names="value")
        self.children = [
            w.HTML("<h3>Feedback</h3><p>Feedback is a roadmap, not a verdict. Notes saved in "
                   "the interview-reflection notebook appear here too.</p>"),
            self.drafts.offer, self.pick, self.text, self.source, self.save, self.delete,
            self.found]
        self.drafts.offer_if_unfinished()

    def refresh(self, select: str = NEW) -> None:
        self.pick.options = [("(add a new one)", NEW)] + [
            (f"{(f.from_whom or 'Feedback')[:30]}: {f.text[:40]}"
             + ("..." if len(f.text) > 40 else ""), f.id) for f in self.store.all(Feedback)]
        _keep_choice(self.pick, select, NEW)
        self.load(self.pick.value)

    def load(self, fid: str) -> None:
        f = self.store.get(Feedback, fid) if fid and fid != NEW else None
        self.draft.watch(False)
        self.text.value = f.text if f else ""
        self.source.value = f.from_whom if f else ""
        self.draft.watch(f is None)
        self.save.description = "Save changes" if f else "Add feedback note"
        self.delete.ask_button.disabled = f is None
        self.found.value = self.describe(f) if f else ""

    @staticmethod
    def describe(f: Feedback) -> str:
        found = list(dict.fromkeys(list(f.skills) + sk.extract(f.text)))
        tags = "".join(f'<span class="wb-tag">{esc(n)}</span>' for n in found)
        return f"<p>Skills named in this note: {tags or 'none found; add them to your list'}</p>"

    def _save(self) -> str:
        if self.pick.value != NEW:
            f = sk.update_feedback(self.store, self.pick.value, self.text.value,
                                   self.source.value)
        else:
            f = sk.add_feedback(self.store, self.text.value, self.source.value.strip())
            self.drafts.clear()
            self.text.value = self.source.value = ""
        self.refresh()
        self.found.value = self.describe(f)
        return "Saved the feedback note."

    def _what_goes(self) -> str:
        f = self.store.get(Feedback, self.pick.value)
        if f is None:
            raise WorkbookError("Pick a saved feedback note to delete first.")
        return f"Delete the feedback note \"{f.text[:60]}\"?"

    def _delete(self) -> str:
        sk.delete_feedback(self.store, self.pick.value)
        self.refresh()
        return "Deleted the feedback note."


class OwnList(Part):
    """Skills the person already knows they want to work on."""

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        self.text = stacked(w.Text(description="Skills you already know you want to work "
                                               "on (separate with commas)",
                                   placeholder="e.g. SQL, presenting to a group"))
        self.add = SaveAction("Add to my list", self._add, icon="plus", primary=False,
                              ctx=ctx)
        self.listing = w.HTML()
        self.keeper = ctx.keep_draft("skill_plan.own", self.text)
        self.children = [w.HTML("<h3>Your own list</h3>"), self.text, self.add, self.listing]

    def refresh(self) -> None:
        own = sk.own_list(self.store)
        self.listing.value = f"<p>Your list: {esc(', '.join(own))}</p>" if own else ""

    def _add(self) -> str:
        names = sk.add_own(self.store, self.text.value)
        self.keeper.clear()
        self.text.value = ""
        self.refresh()
        return f"Added to your list: {', '.join(names)}."


class Gather(Part):
    """Tab 1: job descriptions, feedback notes and the person's own list."""

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        self.postings, self.feedback, self.own = Postings(ctx), FeedbackNotes(ctx), OwnList(ctx)
        self.children = [self.postings, self.feedback, self.own, w.HTML(
            "<p>When you are done, go to <strong>2 Confirm</strong>.</p>")]

    def refresh(self) -> None:
        for part in (self.postings, self.feedback, self.own):
            part.refresh()


# ---------------------------------------------------------------- 2 confirm

class Confirm(Part):
    """Tab 2: keep or remove the skills found; nothing is scored before this."""

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        self.choices: dict[str, bool] = {}
        self.boxes: dict[str, w.Checkbox] = {}
        self.checks = w.VBox()
        self.checks.add_class("wb-checks")
        self.tick_all, self.tick_none = button("Tick all"), button("Untick all")
        self.keep = SaveAction("Keep the ticked skills", self._keep, ctx=ctx)
        self.remove = SaveAction("Remove the ticked skills", self._remove, icon="times",
                                 primary=False, ctx=ctx)
        self.name = stacked(w.Text(description="Add a skill by name",
                                   placeholder="e.g. Tableau"), "60%")
        self.add_keep = SaveAction("Add and keep", self._add_and_keep, icon="plus",
                                   primary=False, ctx=ctx)
        self.kept = w.HTML()
        self.tick_all.on_click(ctx.guard(lambda _: self.tick(True)))
        self.tick_none.on_click(ctx.guard(lambda _: self.tick(False)))
        self.children = [
            w.HTML("<p>These skills were found in your job descriptions, feedback and list. "
                   "Nothing gets a score until you say it belongs: keep the ones that are "
                   "real for you, remove the rest. The ticks are only a suggestion (skills "
                   "named in feedback, on your list, or in more than one posting).</p>"),
            row(self.tick_all, self.tick_none), self.checks, self.keep, self.remove,
            self.name, self.add_keep, self.kept]

    def refresh(self) -> None:
        df = sk.candidates(self.store)
        total = len(self.store.all(Posting))
        self.boxes = {}
        for r in df.itertuples():
            where = []
            if r.postings:
                where.append(f"in {r.postings} of {total} postings"
                             + (f" (required in {r.required})" if r.required else
                                " (nice to have)"))
            if r.from_feedback:
                where.append("named in feedback")
            if r.own:
                where.append("on your list")
            suggested = bool(r.from_feedback or r.own or r.postings >= 2)
            box = w.Checkbox(value=self.choices.get(r.name, suggested),
                             description=f"{r.name}: {', '.join(where) or 'found'}",
                             indent=False, layout=w.Layout(width="auto"))
            # what the person ticked or unticked wins over the suggestion on every redraw
            box.observe(lambda c, n=r.name: self.choices.__setitem__(n, c["new"]),
                        names="value")
            self.boxes[r.name] = box
        self.checks.children = list(self.boxes.values()) or [w.HTML(
            "<p class='wb-muted'>No new skills to review. Add job descriptions or feedback "
            "in 1 Gather, or add a skill by name below.</p>")]
        mine = _confirmed(self.store)
        self.kept.value = (
            "<p><strong>Kept so far:</strong> " + esc(", ".join(s.name for s in mine))
            + ". Rate them in <strong>3 Rate</strong>.</p>" if mine else
            "<p class='wb-muted'>No skills kept yet.</p>")

    def ticked(self) -> list[str]:
        return [name for name, box in self.boxes.items() if box.value]

    def tick(self, value: bool) -> None:
        for box in self.boxes.values():
            box.value = value

    def _keep(self) -> str:
        kept = sk.confirm(self.store, self.ticked())
        self.refresh()
        return f"Kept {len(kept)} {plural('skill', len(kept))}. Next: rate them in 3 Rate."

    def _remove(self) -> str:
        names = self.ticked()
        if not names:
            raise WorkbookError("Tick the skills to remove first.")
        sk.dismiss(self.store, names)
        self.refresh()
        return f"Removed {len(names)} {plural('skill', len(names))} from the list."

    def _add_and_keep(self) -> str:
        name = self.name.value.strip()
        if not name:
            raise WorkbookError("Type the skill's name first, e.g. 'Tableau'.")
        [kept] = sk.confirm(self.store, [name])
        self.name.value = ""
        self.refresh()
        return f"Kept {kept.name}."


# ---------------------------------------------------------------- 3 rate

class Rate(Part):
    """Tab 3: current and needed level, importance and kind of gap for each kept skill."""

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        words = sk.level_words()
        levels = level_options()
        kinds = words["gap_kinds"]
        self.pick = stacked(w.Dropdown(description="Skill to rate", options=[]))
        self.where = w.HTML()
        self.current = stacked(w.Dropdown(description="Where you are now", options=levels,
                                          value=0))
        self.needed = stacked(w.Dropdown(description="Level the roles you want need",
                                         options=levels, value=2))
        self.importance = stacked(w.Dropdown(
            description="How much it matters for the roles you want",
            options=[(x["text"], x["value"]) for x in words["importance"]], value=3))
        self.kind = w.ToggleButtons(
            description="Kind of gap", options=[(k["name"], k["id"]) for k in kinds],
            tooltips=[k["text"] for k in kinds], style={"description_width": "initial"})
        self.save = SaveAction("Save rating", self._save, icon="save", ctx=ctx)
        self.delete = ConfirmDelete("Delete this skill", what=self._what_goes,
                                    run=self._delete)
        self.table = w.HTML()
        self.pick.observe(ctx.guard(lambda c: self.load(c["new"])), names="value")
        self.children = [
            w.HTML("<p>For each skill you kept, say where you are today and where the roles "
                   "need you. Be as fair to yourself as you would be to a friend.</p>"),
            self.pick, self.where, self.current, self.needed, self.importance, self.kind,
            w.HTML("<ul>" + "".join(f"<li><strong>{esc(k['name'])}</strong>: "
                                    f"{esc(k['text'])}</li>" for k in kinds) + "</ul>"),
            self.save, self.delete, self.table]

    def refresh(self, select: str | None = None) -> None:
        mine = _confirmed(self.store)
        current = select or self.pick.value
        self.pick.options = [(s.name, s.id) for s in mine]
        _keep_choice(self.pick, current)
        self.load(self.pick.value)
        self.table.value = table_html(
            "Your skills and ratings", ["Skill", "Now", "Needed", "Importance", "Kind of gap"],
            [[s.name, level_name(s.current_level), level_name(s.needed_level), s.importance,
              sk.gap_kind_name(s.gap_kind)] for s in mine]) if mine else (
            "<p class='wb-muted'>Keep some skills in 2 Confirm first.</p>")

    def load(self, sid: str | None) -> None:
        s = self.store.get(Skill, sid) if sid else None
        for widget in (self.current, self.needed, self.importance, self.kind):
            widget.disabled = s is None
        self.delete.ask_button.disabled = s is None
        if s is None:
            self.where.value = ""
            return
        self.current.value, self.needed.value = s.current_level, s.needed_level
        self.importance.value, self.kind.value = s.importance, s.gap_kind
        total = len(self.store.all(Posting))
        ranked = sk.ranked(self.store)
        match = ranked[ranked["skill_id"] == s.id]
        n = int(match["postings"].iloc[0]) if not match.empty else 0
        fb = bool(match["from_feedback"].iloc[0]) if not match.empty else s.from_feedback
        self.where.value = (
            f"<p>{esc(s.name)} ({esc(s.category or 'skill')}): mentioned in {n} of your "
            f"{total} saved postings; {'named' if fb else 'not named'} in feedback.</p>")

    def _save(self) -> str:
        sid = self.pick.value
        if not sid:
            raise WorkbookError("Pick a skill to rate first.")
        s = sk.update_skill(self.store, sid, current_level=self.current.value,
                            needed_level=self.needed.value, importance=self.importance.value,
                            gap_kind=self.kind.value)
        self.refresh(select=sid)
        return f"Saved your rating of {s.name}."

    def _what_goes(self) -> str:
        s = self.store.get(Skill, self.pick.value or "")
        if s is None:
            raise WorkbookError("Pick a skill to delete first.")
        n = sum(a.skill_id == s.id for a in self.store.all(Action))
        return f"Delete {s.name}" + (f" and its {n} {plural('action', n)}" if n else "") + "?"

    def _delete(self) -> str:
        s = self.store.get(Skill, self.pick.value or "")
        if s is None:
            raise WorkbookError("Pick a skill to delete first.")
        n = sk.delete_skill(self.store, s.id)
        self.refresh()
        return f"Deleted {s.name}" + (f" and its {n} {plural('action', n)}" if n else "") + "."


# ---------------------------------------------------------------- 4 priorities

class Priorities(Part):
    """Tab 4: the ranking as reasons in words (the formula one click away), the two weights,
    and three charts, each with words beside it."""

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        self.w_freq = stacked(w.BoundedFloatText(
            description="Weight for how often your postings mention it (0-5)", min=0, max=5,
            step=0.25), "48%")
        self.w_fb = stacked(w.BoundedFloatText(
            description="Weight for feedback naming it (0-5)", min=0, max=5, step=0.25),
            "48%")
        self.apply = SaveAction("Apply weights", self._apply, icon="refresh", primary=False,
                                ctx=ctx)
        self.reset = SaveAction("Back to the usual weights", lambda: self._apply(True),
                                icon="undo", primary=False, ctx=ctx)
        self.formula, self.ranked_html = w.HTML(), w.HTML()
        self.dumbbell_out, self.dumbbell_text = w.Output(), w.HTML()
        self.ie_out, self.ie_text = w.Output(), w.HTML()
        self.heat_out, self.heat_text = w.Output(), w.HTML()
        self.children = [
            self.ranked_html, self.formula, row(self.w_freq, self.w_fb),
            row(self.apply, self.reset), self.dumbbell_text, self.dumbbell_out,
            self.ie_text, self.ie_out, self.heat_text, self.heat_out]

    def _apply(self, reset: bool = False) -> str:
        d = sk.DEFAULT_WEIGHTS
        if reset:
            sk.set_weights(self.store, d["frequency"], d["feedback"])
        else:
            sk.set_weights(self.store, self.w_freq.value, self.w_fb.value)
        self.refresh()
        return "Weights saved in your profile; the ranking uses them."

    def refresh(self) -> None:
        wts = sk.weights(self.store)
        self.w_freq.value, self.w_fb.value = wts["frequency"], wts["feedback"]
        self.formula.value = (
            "<details><summary>How the order is worked out, and its two weights</summary>"
            f'<p class="wb-formula">{esc(sk.FORMULA)}</p>'
            f"<p class='wb-muted'>Now: frequency weight {wts['frequency']:g}, feedback weight "
            f"{wts['feedback']:g}. A score is a way to choose where to start, not a "
            "judgement of you.</p></details>")
        df = sk.ranked(self.store, wts)
        self._ranking(df)
        self._dumbbell(df)
        self._impact_effort(df)
        self._heatmap()

    def _ranking(self, df: Any) -> None:
        if df.empty:
            self.ranked_html.value = ("<p class='wb-muted'>Keep and rate some skills first "
                                      "(2 Confirm, 3 Rate).</p>")
            return
        items = "".join(
            f"<li>{esc(r.reason)}<details><summary>How the score was worked out"
            f"</summary><p class='wb-muted'>{esc(r.explanation)}</p></details></li>"
            for r in df.itertuples())
        self.ranked_html.value = (f"<h3>Your gaps, highest priority first</h3>"
                                  f'<ol class="wb-ranked">{items}</ol>')

    def _dumbbell(self, df: Any) -> None:
        from workbook.charts import skills as charts

        show_figure(self.dumbbell_out, charts.dumbbell(df))
        gaps = df[df["needed"] > df["current"]] if not df.empty else df
        biggest = ", ".join(gaps.sort_values("gap", ascending=False)["name"].head(3))
        self.dumbbell_text.value = "<h3>Current and needed level</h3><p>" + (
            esc(f"The biggest gaps: {biggest}. Circles are where you are, diamonds where "
                "the roles need you.") if not gaps.empty else
            "No skill is below the level you need yet.") + "</p>"

    def _impact_effort(self, df: Any) -> None:
        from workbook.charts import skills as charts

        wins = sk.quick_wins(df)
        show_figure(self.ie_out, charts.impact_effort(df, wins))
        self.ie_text.value = "<h3>Impact and effort</h3><p>" + (
            esc("Quick wins (high priority, less effort): " + ", ".join(wins["name"])
                + ". Effort is the hours your plan puts in, or a rough guess until you plan "
                "actions.") if not wins.empty else
            "No clear quick win yet: rate your skills, or plan actions to refine the "
            "effort.") + "</p>"

    def _heatmap(self) -> None:
        from workbook.charts import skills as charts

        matrix = sk.role_matrix(self.store, [s.name for s in _confirmed(self.store)])
        show_figure(self.heat_out, charts.role_heatmap(matrix))
        if matrix.empty:
            self.heat_text.value = ("<h3>Skills across target roles</h3><p>Add job "
                                    "descriptions with their roles to compare roles.</p>")
            return
        rows = [[name] + [f"{v * 100:.0f}%" for v in matrix.loc[name]]
                for name in matrix.index[:20]]
        self.heat_text.value = "<h3>Skills across target roles</h3>" + table_html(
            "Share of each role's saved postings that mention the skill",
            ["Skill"] + [str(c) for c in matrix.columns], rows)


# ---------------------------------------------------------------- 5 plan

class ActionForm(Part):
    """One action of the plan: what, how you will know, when, hours, an if-then plan."""

    def __init__(self, ctx: Context, on_saved: Any):
        super().__init__(ctx)
        self.on_saved = on_saved
        self.pick = stacked(w.Dropdown(description="Action to edit",
                                       options=[("(a new action)", NEW)], value=NEW))
        self.skill = stacked(w.Dropdown(description="For which skill", options=[]))
        self.template = stacked(w.Dropdown(description="Start from an idea (optional)",
                                           options=[("(write my own)", "")], value=""))
        self.type = stacked(w.Dropdown(
            description="Kind of action",
            options=[("Course", "course"), ("Certification", "certification"),
                     ("Volunteering", "volunteering"),
                     ("Practice with a mentor or peer", "practice"),
                     ("Portfolio project", "portfolio"), ("Resume rewrite", "resume"),
                     ("Other", "other")], value="practice"), "48%")
        self.status = stacked(w.Dropdown(
            description="Status", options=[("Planned", "planned"), ("Doing it", "doing"),
                                           ("Done", "done"), ("Dropped", "dropped")],
            value="planned"), "48%")
        self.what = stacked(w.Textarea(description="What you will do (specific)", rows=2))
        self.measure = stacked(w.Text(description="How you will know it is done "
                                                  "(measurable)"))
        self.start = stacked(w.DatePicker(description="Start date"), "31%")
        self.due = stacked(w.DatePicker(description="Due date"), "31%")
        self.hours = stacked(w.BoundedFloatText(description="Hours a week", min=0, max=80,
                                                step=0.5, value=2), "31%")
        self.if_then = stacked(w.Text(
            description="If-then plan (optional)",
            placeholder="If it is Tuesday at 7 pm, then 45 minutes of SQL practice."))
        self.smart = w.HTML()
        self._idea_if_then = ""
        self.save = SaveAction("Save action", self._save, icon="save", ctx=ctx)
        self.delete = ConfirmDelete("Delete this action", what=self._what_goes,
                                    run=self._delete)
        self.pick.observe(ctx.guard(lambda c: self.load(c["new"])), names="value")
        self.skill.observe(ctx.guard(lambda c: self._fill_templates()), names="value")
        self.template.observe(ctx.guard(lambda c: self.apply_template(c["new"])),
                              names="value")
        self.children = [self.pick, self.skill, self.template, row(self.type, self.status),
                         self.what, self.measure, row(self.start, self.due, self.hours),
                         self.if_then, self.smart, self.save, self.delete]

    def refresh(self, select: str | None = None) -> None:
        ranked = sk.ranked(self.store)
        order = list(ranked["skill_id"]) if not ranked.empty else []
        mine = sorted(_confirmed(self.store), key=lambda s: order.index(s.id)
                      if s.id in order else len(order))
        keep_skill = self.skill.value
        self.skill.options = [(s.name, s.id) for s in mine]
        if keep_skill in {s.id for s in mine}:
            self.skill.value = keep_skill
        plan = sk.plan_table(self.store)
        self.pick.options = [("(a new action)", NEW)] + [
            (f"{r.skill}: {r.what[:50]}" + ("..." if len(r.what) > 50 else ""), r.action_id)
            for r in plan.itertuples()]
        _keep_choice(self.pick, select if select is not None else self.pick.value, NEW)
        self.load(self.pick.value)

    def _fill_templates(self) -> None:
        s = self.store.get(Skill, self.skill.value) if self.skill.value else None
        opts = [("(write my own)", "")]
        if s is not None:
            opts += [(f"{t['title']} ({t['weeks']} weeks, {t['hours_per_week']} h/week)",
                      t["id"]) for t in sk.suggest_actions(s)]
        self.template.options = opts
        self.template.value = ""

    def apply_template(self, tid: str) -> None:
        if not tid:
            return
        s = self.store.get(Skill, self.skill.value)
        if s is None:
            raise WorkbookError("Pick the skill this action is for first.")
        a = sk.draft_action(s, tid, self.start.value or self.store.today())
        t = next(t for t in sk.action_library() if t["id"] == tid)
        self.type.value, self.what.value, self.measure.value = a.type, a.what, a.measure
        self.start.value, self.due.value = a.start_on, a.due_on
        self.hours.value = a.hours_per_week or 0
        # an if-then plan the person typed stays; one the last idea wrote is replaced
        if not self.if_then.value or self.if_then.value == self._idea_if_then:
            self.if_then.value = t.get("if_then", "")
        self._idea_if_then = t.get("if_then", "")
        self.smart_line()

    def load(self, aid: str) -> None:
        a = self.store.get(Action, aid) if aid and aid != NEW else None
        if a is not None and a.skill_id in {v for _, v in self.skill.options}:
            self.skill.value = a.skill_id
        self._fill_templates()
        self.type.value = a.type if a else "practice"
        self.status.value = a.status if a else "planned"
        self.what.value = a.what if a else ""
        self.measure.value = a.measure if a else ""
        self.start.value = a.start_on if a else None
        self.due.value = a.due_on if a else None
        self.hours.value = (a.hours_per_week or 0) if a else 2
        self.if_then.value = a.if_then if a else ""
        self._idea_if_then = ""
        self.delete.ask_button.disabled = a is None
        self.save.description = "Save changes" if a else "Save action"
        self.smart.value = ""
        if a:
            self.smart_line()

    def _form_action(self) -> Action:
        aid = self.pick.value
        a = self.store.get(Action, aid) if aid != NEW else None
        if aid != NEW and a is None:
            raise WorkbookError("That action is no longer stored; reload the page.")
        a = a or Action(what="-")
        if not self.skill.value:
            raise WorkbookError("Pick the skill this action is for (keep a skill in 2 Confirm "
                                "first).")
        a.skill_id = self.skill.value
        a.type, a.status = self.type.value, self.status.value
        a.what, a.measure = self.what.value.strip(), self.measure.value.strip()
        a.start_on, a.due_on = _date(self.start.value), _date(self.due.value)
        a.hours_per_week = self.hours.value or None
        a.if_then = self.if_then.value.strip()
        return a

    def smart_line(self) -> None:
        a = Action(what=self.what.value or "-", measure=self.measure.value,
                   start_on=_date(self.start.value), due_on=_date(self.due.value),
                   hours_per_week=self.hours.value or None)
        missing = sk.smart_missing(a) if self.what.value.strip() else [
            "say specifically what you will do"]
        self.smart.value = (
            "<p>This step is specific, measurable and dated.</p>" if not missing else
            "<p>To make it easier to act on, you could: " + esc("; ".join(missing)) + ".</p>")

    def _save(self) -> str:
        a = sk.save_action(self.store, self._form_action())
        self.on_saved(a.id)
        self.smart_line()
        return f"Saved the action: {a.what[:60]}."

    def _what_goes(self) -> str:
        a = self.store.get(Action, self.pick.value)
        if a is None:
            raise WorkbookError("Pick a saved action to delete first.")
        return f"Delete the action \"{a.what[:60]}\"?"

    def _delete(self) -> str:
        a = sk.delete_action(self.store, self.pick.value)
        self.on_saved(NEW)
        return f"Deleted the action: {a.what[:60]}."


class Plan(Part):
    """Tab 5: the action form, the timeline with its table, and the calendar file."""

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        self.form = ActionForm(ctx, self.refresh)
        self.timeline_text, self.timeline_out = w.HTML(), w.Output()
        self.ics_make = button("Make a calendar file (.ics)", icon="calendar")
        self.ics_link = w.HTML()
        self.ics_make.on_click(ctx.guard(lambda _: self.make_ics()))
        self.children = [
            w.HTML("<p>Turn your top gaps into small, dated steps: what exactly, how you will "
                   "know it is done, when, and how many hours a week you can honestly give. "
                   "An if-then plan (when and where you will do it) makes starting easier. "
                   "These are options to choose from, not orders.</p>"),
            self.form, self.timeline_text, self.timeline_out,
            w.HTML("<h3>Put the dates in your calendar</h3><p>The file holds each action's "
                   "start and due date as all-day reminders; Google Calendar, Outlook and "
                   "Apple Calendar can import it.</p>"),
            row(self.ics_make), self.ics_link]

    def refresh(self, select: str | None = None) -> None:
        from workbook.charts import skills as charts

        self.form.refresh(select)
        plan = sk.plan_table(self.store)
        show_figure(self.timeline_out, charts.plan_timeline(plan, self.store.today()))
        self.timeline_text.value = "<h3>Your plan over time</h3>" + (table_html(
            "Actions by start date", ["Skill", "What", "Start", "Due", "Hours a week",
                                      "Status"],
            [[r.skill, r.what, r.start or "-", r.due or "-",
              f"{r.hours_per_week:g}" if r.hours_per_week else "-", r.status]
             for r in plan.itertuples()]) if not plan.empty else "<p>No actions yet.</p>")

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
        self.ctx.messages.ok("Your calendar file is ready: use the download link below the "
                             "button.")
        return data


# ---------------------------------------------------------------- 6 progress

class Progress(Part):
    """Tab 6: hours logged, actions done, and re-rated levels over time."""

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        self.summary = w.HTML()
        self.log_pick = stacked(w.Dropdown(description="Action", options=[]))
        self.log_hours = stacked(w.BoundedFloatText(description="Hours to add", min=0,
                                                    max=100, step=0.5, value=1), "40%")
        self.log_add = SaveAction("Log these hours", self._add_hours, icon="plus",
                                  primary=False, ctx=ctx)
        self.log_done = SaveAction("Mark this action done", self._mark_done, icon="check",
                                   primary=False, ctx=ctx)
        self.rr_pick = stacked(w.Dropdown(description="Skill to re-rate", options=[]))
        self.rr_level = stacked(w.Dropdown(description="Where you are now",
                                           options=level_options(), value=0))
        self.rr_save = SaveAction("Save new rating", self._rerate, icon="save", ctx=ctx)
        self.levels_out, self.levels_text = w.Output(), w.HTML()
        self.rr_pick.observe(ctx.guard(lambda c: self._load_rerate(c["new"])),
                             names="value")
        self.children = [
            self.summary, w.HTML("<h3>Log time</h3>"), self.log_pick, row(self.log_hours),
            self.log_add, self.log_done,
            w.HTML("<h3>Re-rate a skill</h3><p>After some practice, say where you are now; "
                   "each rating is kept with its date.</p>"),
            self.rr_pick, self.rr_level, self.rr_save, self.levels_text, self.levels_out]

    def refresh(self) -> None:
        from workbook.charts import skills as charts

        p = sk.progress(self.store)
        self.summary.value = (
            f"<h3>So far</h3><p>{p['done']} of {p['actions']} planned "
            f"{plural('action', p['actions'])} done, {p['doing']} under way, "
            f"{p['hours_logged']:g} hours logged. Every step counts, whatever the pace.</p>")
        plan = sk.plan_table(self.store)
        keep = self.log_pick.value
        self.log_pick.options = [(f"{r.skill}: {r.what[:50]} ({r.hours_logged:g} h)",
                                  r.action_id) for r in plan.itertuples()
                                 if r.status != "dropped"]
        _keep_choice(self.log_pick, keep)
        keep_s = self.rr_pick.value
        self.rr_pick.options = [(s.name, s.id) for s in _confirmed(self.store)]
        _keep_choice(self.rr_pick, keep_s)
        self._load_rerate(self.rr_pick.value)
        hist = sk.level_history(self.store)
        show_figure(self.levels_out, charts.levels_over_time(hist))
        if hist.empty:
            self.levels_text.value = "<h3>Levels over time</h3><p>No re-ratings yet.</p>"
            return
        last = hist.groupby("skill").agg(first=("level", "first"), now=("level", "last"),
                                         since=("on", "first"), needed=("needed", "last"))
        self.levels_text.value = "<h3>Levels over time</h3>" + table_html(
            "First and latest rating per skill",
            ["Skill", "First rating", "Latest", "Needed", "Since"],
            [[name, r.first, r.now, r.needed, r.since] for name, r in last.iterrows()])

    def _load_rerate(self, sid: str | None) -> None:
        s = self.store.get(Skill, sid) if sid else None
        if s is not None:
            self.rr_level.value = s.current_level

    def _add_hours(self) -> str:
        if not self.log_pick.value:
            raise WorkbookError("Pick an action first (plan one in 5 Plan).")
        a = sk.log_hours(self.store, self.log_pick.value, self.log_hours.value)
        self.refresh()
        return (f"Logged {self.log_hours.value:g} hours; {a.hours_logged:g} in total on this "
                "action.")

    def _mark_done(self) -> str:
        if not self.log_pick.value:
            raise WorkbookError("Pick an action first.")
        a = sk.mark_done(self.store, self.log_pick.value)
        self.refresh()
        return f"Marked done: {a.what[:60]}. Well worth noting as a win this week."

    def _rerate(self) -> str:
        if not self.rr_pick.value:
            raise WorkbookError("Pick a skill to re-rate first.")
        s = sk.rerate(self.store, self.rr_pick.value, self.rr_level.value)
        self.refresh()
        return f"Saved: {s.name} is now at {level_name(s.current_level)}."


# ---------------------------------------------------------------- the page

class SkillGapPlan(Part):
    """The whole page: an introduction, then one part per step in tabs. A part is redrawn
    from the store when its tab is opened."""

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        self.gather, self.confirm, self.rate = Gather(ctx), Confirm(ctx), Rate(ctx)
        self.priorities, self.plan, self.progress = Priorities(ctx), Plan(ctx), Progress(ctx)
        self.parts = [self.gather, self.confirm, self.rate, self.priorities, self.plan,
                      self.progress]
        self.tabs = w.Tab(children=self.parts)
        for i, title in enumerate(TAB_TITLES):
            self.tabs.set_title(i, title)
        self.tabs.observe(ctx.guard(lambda c: self.parts[c["new"]].refresh()),
                          names="selected_index")
        self.children = [w.HTML(_CSS), w.HTML(
            "<p>Turn what held you back into what you will do, and by when. Work through the "
            "steps left to right; everything is saved in your profile as you go, and you can "
            "change or delete any of it later.</p>"), self.tabs]
        self.add_class("wb-sgp")
        self.gather.refresh()
        self.confirm.refresh()
