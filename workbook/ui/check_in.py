"""The check-in (notebooks/01_check_in.ipynb): name the feeling, optionally look at the thought
behind it, leave with one small next step, and see yourself recover over time.

Order on the page: the feelings grid -> words for that quadrant -> intensity -> what it is
about, tags, a note -> Save. After saving: one or two suggestions, and for an unpleasant
feeling an optional thought record. Below: looking back (timeline, recovery, tags, traps) and
recent check-ins to edit or delete.
"""

from __future__ import annotations

from typing import Any, Callable

import ipywidgets as w
import pandas as pd

from workbook import emotions
from workbook.errors import WorkbookError
from workbook.records import CheckIn, Interview, ThoughtRecord
from workbook.ui.common import Context, esc, page, show_figure
from workbook.ui.controls import LabelledRange, MoodGrid
from workbook.ui.mood_import import DaylioImport

DRAFT_PREFIX = "check_in."
WIDE = w.Layout(width="100%", max_width="640px")
TEXT_STYLE = {"description_width": "initial"}
CSS = """<style>
.wb-check-in .wb-section { margin-bottom: 6px; }
.wb-safety-note { background: #f3f0fa; border-left: 4px solid #56B4E9; padding: 8px 12px;
  border-radius: 4px; margin: 6px 0; }
.wb-after { background: #f4f8fb; border-left: 4px solid #0072B2; padding: 6px 12px;
  border-radius: 4px; margin: 8px 0; max-width: 700px; }
.wb-trap p { margin: 4px 0; }
.wb-traps .wb-card { margin: 4px 0; max-width: 680px; }
.wb-table { border-collapse: collapse; margin: 6px 0; }
.wb-table caption { text-align: left; color: #444; padding-bottom: 4px; }
.wb-table th, .wb-table td { border-bottom: 1px solid #ddd; padding: 3px 10px; text-align: left; }
.wb-word-defs { margin: 4px 0 8px 0; color: #333; }
</style>"""


# ---------------------------------------------------------------- drafts

class Drafts:
    """The page's typing drafts, one shared ``ctx.keep_draft`` keeper per text field."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.keepers: dict[str, Any] = {}

    def watch(self, widget: w.Widget, key: str) -> None:
        self.keepers[key] = self.ctx.keep_draft(DRAFT_PREFIX + key, widget)

    def clear(self, *keys: str) -> None:
        for key in keys:
            if key in self.keepers:
                self.keepers[key].clear()


def _tag_label(tag: str) -> str:
    """What a tag's checkbox and table row say (own tags as typed, underscores as spaces)."""
    return emotions.DEFAULT_TAGS.get(tag, tag.replace("_", " "))


def _textarea(description: str, placeholder: str = "", rows: int = 2) -> w.Textarea:
    return w.Textarea(description=description, placeholder=placeholder, rows=rows,
                      layout=WIDE, style=TEXT_STYLE)


def _section(title: str, *children: w.Widget, level: int = 3) -> w.VBox:
    box = w.VBox([w.HTML(f"<h{level}>{esc(title)}</h{level}>"), *children])
    box.add_class("wb-section")
    return box


# ---------------------------------------------------------------- the thought record

class ThoughtRecordForm:
    """The optional thought record: situation, thought, traps offered as 'possibly ...?',
    evidence, a balanced thought and re-rating."""

    def __init__(self, ctx: Context, drafts: Drafts, on_saved: Callable[[], None]):
        self.ctx, self.drafts, self.on_saved = ctx, drafts, on_saved
        self.checkin: CheckIn | None = None
        self.editing: ThoughtRecord | None = None
        self.situation = _textarea("Situation", "Where were you, what had just happened?")
        self.thought = _textarea("The thought",
                                 "The thought that came up, in the words it came in")
        self.belief_before = LabelledRange(
            label="How much do you believe that thought right now?", value=70, unit=" %",
            help="0 = not at all, 100 = completely")
        self.trap_rows = w.VBox()
        self.trap_rows.add_class("wb-traps")
        self.trap_intro = w.HTML()
        self.choices: dict[str, w.ToggleButtons] = {}
        self.suggested: list[str] = []
        self.found: dict[str, emotions.TrapSuggestion] = {}
        self.added: list[str] = []
        self.add_trap = w.Dropdown(description="Notice another one yourself?",
                                   options=[("(choose a thinking trap)", "")] + [
                                       (t["name"], t["id"]) for t in emotions.traps()],
                                   value="", style=TEXT_STYLE,
                                   layout=w.Layout(width="auto", min_width="420px"))
        self.evidence_for = _textarea("Evidence for the thought", "Facts that support it")
        self.evidence_against = _textarea(
            "Evidence against it", "Facts that do not fit it, or another way to see it")
        self.balanced = _textarea("A more balanced thought",
                                  "What would you say to a friend in the same spot?")
        self.belief_after = LabelledRange(
            label="Now, how much do you believe the first thought?", value=70, unit=" %",
            help="0 = not at all, 100 = completely")
        self.feeling_after = LabelledRange(
            label="And how strong is the feeling now?", value=50,
            help="0 = barely there, 100 = as strong as it gets")
        self._after_touched = False
        self.save = w.Button(description="Save thought record", button_style="primary",
                             icon="check")
        self.result = w.HTML()
        g = ctx.guard
        self.thought.observe(g(lambda _: self.refresh_traps()), "value")
        self.add_trap.observe(g(self._add_own), "value")
        self.belief_before.observe(g(self._mirror), "value")
        self.belief_after.observe(g(lambda _: setattr(self, "_after_touched", True)), "value")
        self.save.on_click(g(self._save))
        for widget, key in ((self.situation, "tr.situation"), (self.thought, "tr.thought"),
                            (self.evidence_for, "tr.evidence_for"),
                            (self.evidence_against, "tr.evidence_against"),
                            (self.balanced, "tr.balanced")):
            drafts.watch(widget, key)
        self.widget = w.VBox([
            w.HTML("<p>A thought record helps you look at the thought behind a feeling. It "
                   "is optional, takes a minute or two, and you can stop at any point.</p>"),
            self.situation, self.thought, self.belief_before,
            self.trap_intro, self.trap_rows, self.add_trap,
            self.evidence_for, self.evidence_against, self.balanced,
            self.belief_after, self.feeling_after, self.save, self.result])
        self.widget.add_class("wb-thought-record")
        self.refresh_traps()

    def load(self, rec: ThoughtRecord) -> None:
        """Put a saved thought record back in the form; saving updates it."""
        self.editing = rec
        self.checkin = self.ctx.store.get(CheckIn, rec.checkin_id) if rec.checkin_id else None
        self.situation.value, self.thought.value = rec.situation, rec.automatic_thought
        self.evidence_for.value = rec.evidence_for
        self.evidence_against.value = rec.evidence_against
        self.balanced.value = rec.balanced_thought
        self.belief_before.value = rec.belief_before
        self.suggested = list(rec.traps_suggested)
        self.added = [t for t in rec.traps_confirmed if t not in self.found]
        self._render_rows()
        for tid, toggle in self.choices.items():
            toggle.value = "yes" if tid in rec.traps_confirmed else (
                "no" if tid in rec.traps_suggested else "unsure")
        if rec.belief_after is not None:
            self.belief_after.value = rec.belief_after
            self._after_touched = True
        if rec.feeling_after is not None:
            self.feeling_after.value = rec.feeling_after
        self.save.description = "Save changes"
        self.result.value = ""

    def start(self, checkin: CheckIn | None) -> None:
        self.editing = None
        self.save.description = "Save thought record"
        self.checkin = checkin
        if checkin is not None:
            if not self.situation.value:
                self.situation.value = checkin.context
            self.feeling_after.value = checkin.intensity

    def _mirror(self, change: dict) -> None:
        if not self._after_touched:
            self.belief_after.value = change["new"]
            self._after_touched = False

    def _add_own(self, change: dict) -> None:
        tid = change["new"]
        if tid and tid not in self.found and tid not in self.added:
            self.added.append(tid)
            self._render_rows()
            self.choices[tid].value = "yes"
        self.add_trap.value = ""

    def refresh_traps(self) -> None:
        found = {s.id: s for s in emotions.spot_traps(self.thought.value)}
        if list(found) == list(self.found) and self.trap_rows.children:
            self.found = found  # same traps; keep the person's answers, update the cue words
            return
        self.found = found
        for tid in found:
            if tid not in self.suggested:
                self.suggested.append(tid)
        self._render_rows()

    def _render_rows(self) -> None:
        rows = []
        if not self.found and not self.added:
            self.trap_intro.value = (
                '<p class="wb-muted">Thinking traps: none spotted in the words so far. That '
                "is fine; you can still pick one yourself below if you notice it.</p>"
                if self.thought.value.strip() else "")
        else:
            self.trap_intro.value = (
                "<p><strong>Possible thinking traps.</strong> These are only suggestions from "
                "the words you used. Keep the ones that fit and dismiss the rest.</p>")
        for tid in list(self.found) + self.added:
            if tid in self.found:
                s = self.found[tid]
                head = (f"Possibly <strong>{esc(s.name)}</strong>? You wrote "
                        f"\u201c{esc(s.cue)}\u201d.")
                explanation, question = s.explanation, s.question
            else:
                t = emotions.trap(tid)
                head = f"You noticed <strong>{esc(t['name'])}</strong>."
                explanation, question = t["explanation"], t["question"]
            if tid not in self.choices:
                self.choices[tid] = w.ToggleButtons(
                    options=[("Yes, that fits", "yes"), ("No", "no"), ("Not sure", "unsure")],
                    value="unsure", description="Does it fit?", style={"button_width": "auto"})
            card = w.VBox([
                w.HTML(f'<div class="wb-trap"><p>{head} {esc(explanation)}</p>'
                       f"<p><em>A question to try:</em> {esc(question)}</p></div>"),
                self.choices[tid]])
            card.add_class("wb-card")
            rows.append(card)
        self.trap_rows.children = rows

    def confirmed(self) -> list[str]:
        return [tid for tid in list(self.found) + self.added
                if tid in self.choices and self.choices[tid].value == "yes"]

    def _save(self, _: Any = None) -> None:
        if not self.thought.value.strip():
            raise WorkbookError("The thought record needs the thought itself: please write it "
                                "in 'The thought' (a few words are enough).")
        rerated = self._after_touched or bool(self.balanced.value.strip())
        ci = self.checkin
        rec = emotions.make_thought_record(
            automatic_thought=self.thought.value, situation=self.situation.value,
            belief_before=self.belief_before.value,
            traps_suggested=self.suggested, traps_confirmed=self.confirmed(),
            evidence_for=self.evidence_for.value, evidence_against=self.evidence_against.value,
            balanced_thought=self.balanced.value,
            belief_after=self.belief_after.value if rerated else None,
            feeling_before=ci.intensity if ci else None,
            feeling_after=self.feeling_after.value if rerated else None,
            checkin_id=ci.id if ci else None,
            application_id=ci.application_id if ci else None,
            interview_id=ci.interview_id if ci else None)
        if self.editing is not None:
            rec.id, rec.created = self.editing.id, self.editing.created
            rec.checkin_id = self.editing.checkin_id
            rec.application_id = rec.application_id or self.editing.application_id
            rec.interview_id = rec.interview_id or self.editing.interview_id
            if self.editing.feeling_before is not None:
                rec.feeling_before = self.editing.feeling_before
        self.ctx.store.save(rec)
        self.editing = None
        self.save.description = "Save thought record"
        self.drafts.clear("tr.situation", "tr.thought", "tr.evidence_for",
                          "tr.evidence_against", "tr.balanced")
        if rerated and rec.belief_after is not None and rec.belief_after < rec.belief_before:
            change = (f" Your belief in the first thought went from {rec.belief_before} to "
                      f"{rec.belief_after}.")
        else:
            change = ""
        self.result.value = (
            f'<div class="wb-ok" role="status">Thought record saved.{esc(change)} Looking at a '
            "thought this closely takes effort; well done for doing it.</div>")
        self.ctx.messages.ok("Thought record saved.")
        self.on_saved()


# ---------------------------------------------------------------- the check-in

class CheckInApp:
    """Everything on the check-in page, built for one open store (``ctx.store``)."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.store = ctx.store
        g = ctx.guard
        self.drafts = Drafts(ctx)
        self.status = ctx.save_status()
        self.editing: CheckIn | None = None
        self._frame: Any = None
        self.last_saved: CheckIn | None = None

        # -- feeling
        self.grid = MoodGrid()
        self.quadrant_note = w.HTML()
        self.word_boxes: dict[str, w.Checkbox] = {
            wd.id: w.Checkbox(value=False, description=wd.text, indent=False,
                              tooltip=wd.definition, layout=w.Layout(width="auto"))
            for wd in emotions.vocabulary()}
        self.word_grid = w.GridBox(layout=w.Layout(
            grid_template_columns="repeat(auto-fill, minmax(150px, 1fr))", width="100%",
            max_width="700px"))
        self.word_defs = w.HTML()
        self.intensity = LabelledRange(label="How strong is the feeling?", value=50,
                                       help="0 = barely there, 100 = as strong as it gets")

        # -- context
        self.about = w.Dropdown(description="What is it about?", options=self._about_options(),
                                value="", style=TEXT_STYLE, layout=WIDE)
        self.context = _textarea("What happened", "In your own words (optional)")
        self.tag_boxes: dict[str, w.Checkbox] = {}
        self.tag_row = w.HBox(layout=w.Layout(flex_flow="row wrap"))
        self.own_tags = w.Text(description="Your own tags",
                               placeholder="separate with commas, e.g. cooked, applied somewhere",
                               style=TEXT_STYLE, layout=WIDE)
        self.note = _textarea("Note", "Anything else you want to remember (optional)", rows=3)
        self.save = w.Button(description="Save check-in", button_style="primary", icon="check")
        self.cancel_edit = w.Button(description="Stop editing", layout=w.Layout(display="none"))
        self.notice = w.HTML()
        self.after = w.HTML()
        self.offer = w.Button(description="Look at the thought behind it (optional)",
                              icon="lightbulb-o", layout=w.Layout(display="none", width="auto"))
        self.tr = ThoughtRecordForm(ctx, self.drafts, self.refresh_history)
        self.tr_box = w.VBox([_section("A thought record (optional)", self.tr.widget)],
                             layout=w.Layout(display="none"))

        # -- looking back
        self.history = w.VBox()
        self.recent = w.Dropdown(description="A recent check-in", options=[], style=TEXT_STYLE,
                                 layout=WIDE)
        self.edit = w.Button(description="Edit it", icon="pencil")
        self.delete = w.Button(description="Delete it", icon="trash")
        self.confirm_delete = w.Button(description="Yes, delete it", button_style="warning",
                                       layout=w.Layout(display="none"))
        self.manage_note = w.HTML()
        self.records = w.Dropdown(description="A thought record", options=[],
                                  style=TEXT_STYLE, layout=WIDE)
        self.open_record = w.Button(description="Open it", icon="pencil")
        self.delete_record = w.Button(description="Delete it", icon="trash")
        self.confirm_delete_record = w.Button(description="Yes, delete it",
                                              button_style="warning",
                                              layout=w.Layout(display="none"))
        self.records_note = w.HTML()

        self._render_tags()
        self._show_words()
        self.grid.observe(g(lambda _: self._show_words()), ["pleasantness", "energy", "chosen"])
        for cb in self.word_boxes.values():
            cb.observe(g(lambda _: self._show_definitions()), "value")
        self.drafts.watch(self.context, "context")
        self.drafts.watch(self.note, "note")
        self.drafts.watch(self.own_tags, "own_tags")
        for widget in (self.context, self.note, self.tr.thought, self.tr.situation,
                       self.tr.balanced, self.tr.evidence_for, self.tr.evidence_against):
            widget.observe(g(lambda ch: self._check_safety(ch["new"])), "value")
        self.save.on_click(g(self._save))
        self.cancel_edit.on_click(g(lambda _: self._reset_form()))
        self.offer.on_click(g(self._open_thought_record))
        self.edit.on_click(g(self._edit))
        self.delete.on_click(g(self._ask_delete))
        self.confirm_delete.on_click(g(self._delete))
        self.open_record.on_click(g(self._open_record))
        self.delete_record.on_click(g(self._ask_delete_record))
        self.confirm_delete_record.on_click(g(self._delete_record))

        self.widget = w.VBox([
            w.HTML(CSS), self.notice,
            _section("1. Where are you on the grid right now?", w.HTML(
                "<p>Click the spot that fits how you feel, or use the two sliders. There is "
                "no right answer, and feelings after a rejection are often mixed.</p>"),
                self.grid),
            _section("2. Which words fit?", self.quadrant_note, self.word_grid, self.word_defs,
                     self.intensity),
            _section("3. What is it about? (optional)", self.about, self.context,
                     w.HTML("<p>Anything from today that may matter:</p>"), self.tag_row,
                     self.own_tags, self.note),
            w.HBox([self.save, self.cancel_edit]), self.status, self.after, self.offer, self.tr_box,
            _section("Looking back", self.history, DaylioImport(ctx, self.refresh_history),
                     level=2),
            _section("Your recent check-ins", w.HTML(
                "<p>Every check-in can be changed or removed.</p>"), self.recent,
                w.HBox([self.edit, self.delete, self.confirm_delete]), self.manage_note),
            _section("Your thought records", self.records,
                     w.HBox([self.open_record, self.delete_record,
                             self.confirm_delete_record]), self.records_note),
        ])
        self.widget.add_class("wb-check-in")
        self._check_low_for_long()
        self.refresh_history()

    # -- building blocks
    def _checkins(self) -> Any:
        """Every check-in as a DataFrame, read once and kept until something is saved."""
        if self._frame is None:
            self._frame = emotions.checkins_frame(self.store.raw(CheckIn.kind), self.store)
        return self._frame

    def _about_options(self) -> list[tuple[str, str]]:
        from workbook.applications import frame

        options = [("Nothing specific", "")]
        apps = frame(self.store)
        if not apps.empty:
            apps = apps.assign(_last=apps[["closed_on", "interview_on", "first_response_on",
                                           "applied_on"]].max(axis=1))
            apps = apps.sort_values("_last", ascending=False, na_position="last")
            names = {}
            for r in apps.to_dict("records"):
                label = " - ".join(x for x in (r["company"], r["role"]) if x) or "an application"
                names[r["application_id"]] = r["company"] or label
                extra = str(r["outcome"]) if str(r["outcome"]) != "open" else str(r["stage"])
                if r["_last"] is not None and not pd.isna(r["_last"]):
                    extra += f", {pd.Timestamp(r['_last']):%d %b %Y}"
                options.append((f"{label} ({extra.replace('_', ' ')})",
                                "app:" + r["application_id"]))
        else:
            names = {}
        for iv in sorted(self.store.all(Interview), key=lambda i: str(i.on), reverse=True):
            who = names.get(iv.application_id or "", "an application")
            when = f" on {iv.on:%d %b %Y}" if iv.on else ""
            options.append((f"Interview ({iv.stage}) with {who}{when}", "int:" + iv.id))
        return options

    def _render_tags(self, ticked: set[str] | None = None) -> None:
        ticked = ticked or {t for t, cb in self.tag_boxes.items() if cb.value}
        own = []
        for tags in self._checkins()["tags"]:
            for t in tags:
                if t not in emotions.DEFAULT_TAGS and t not in own:
                    own.append(t)
        boxes = {}
        for tag in list(emotions.DEFAULT_TAGS) + own[-12:]:
            label = _tag_label(tag)
            boxes[tag] = w.Checkbox(value=tag in ticked, description=label, indent=False,
                                    layout=w.Layout(width="auto", margin="0 16px 0 0"))
        self.tag_boxes = boxes
        self.tag_row.children = list(boxes.values())

    def _quadrant(self) -> str:
        return emotions.quadrant(self.grid.pleasantness, self.grid.energy)

    def _show_words(self) -> None:
        if not self.grid.chosen:
            self.quadrant_note.value = ('<p class="wb-muted">Pick a spot on the grid first; the '
                                        "words that usually live there will show here.</p>")
            self.word_grid.children = []
            return
        q = self._quadrant()
        info = emotions.QUADRANTS[q]
        self.quadrant_note.value = (
            f'<p><strong>You are in: {esc(info["label"])}</strong> ({esc(info["hint"])}). Pick '
            "any words that fit; you can pick several. Hover a word for its meaning.</p>")
        shown = [wd.id for wd in emotions.words_for(q)]
        # keep words picked from another quadrant visible (feelings are often mixed)
        extra = [i for i, cb in self.word_boxes.items() if cb.value and i not in shown]
        self.word_grid.children = [self.word_boxes[i] for i in extra + shown]

    def _picked_words(self) -> list[str]:
        return [i for i, cb in self.word_boxes.items() if cb.value]

    def _show_definitions(self) -> None:
        picked = [emotions.word(i) for i in self._picked_words()]
        if not picked:
            self.word_defs.value = ""
            return
        items = "".join(f"<li><strong>{esc(wd.text)}</strong>: {esc(wd.definition)}</li>"
                        for wd in picked)
        self.word_defs.value = f'<ul class="wb-word-defs">{items}</ul>'

    def _check_safety(self, text: str) -> None:
        if emotions.crisis_check(text):
            self.ctx.safety.open()
            self.notice.value = (f'<div class="wb-safety-note" role="status">'
                                 f"{esc(emotions.crisis_message())}</div>")

    def _check_low_for_long(self) -> None:
        daily = emotions.daily_mood(self._checkins())
        if emotions.low_for_long(daily, as_of=self.store.today()):
            self.low_for_long = True
            if "wb-safety-note" not in self.notice.value:
                self.notice.value = (
                    '<div class="wb-info" role="status">Your check-ins have been heavier than '
                    "your usual for about two weeks. That can happen after a hard stretch, "
                    "and it is worth not carrying it alone: a counselor, a career coach or "
                    "someone you trust could help. The support button at the top lists "
                    "options.</div>")
        else:
            self.low_for_long = False

    # -- saving
    def _save(self, _: Any = None) -> None:
        if not self.grid.chosen:
            raise WorkbookError("Nothing was saved yet: please pick a spot on the feelings grid "
                                "first (click it, or use the two sliders).")
        about = self.about.value or ""
        application_id = about[4:] if about.startswith("app:") else None
        interview_id = about[4:] if about.startswith("int:") else None
        if interview_id:
            iv = self.store.get(Interview, interview_id)
            application_id = iv.application_id if iv else None
        tags = [t for t, cb in self.tag_boxes.items() if cb.value]
        tags += [t for t in self.own_tags.value.split(",") if t.strip()]
        rec = emotions.make_checkin(
            pleasantness=round(self.grid.pleasantness, 2), energy=round(self.grid.energy, 2),
            word_ids=self._picked_words(), intensity=self.intensity.value,
            application_id=application_id, interview_id=interview_id,
            context=self.context.value, tags=tags, note=self.note.value,
            at=self.editing.at if self.editing else self.store.now())
        if self.editing is not None:
            rec.id, rec.created = self.editing.id, self.editing.created
        self.store.save(rec)
        self._frame = None
        was_editing = self.editing is not None
        self.last_saved = rec
        self.drafts.clear("context", "note", "own_tags")
        self.status.saved("your check-in")
        q = emotions.quadrant(rec.pleasantness, rec.energy)
        words = ", ".join(rec.word_texts)
        self.ctx.messages.ok(
            f"{'Updated' if was_editing else 'Saved'} your check-in: "
            f"{emotions.QUADRANTS[q]['label']}{': ' + words if words else ''}.")
        self._check_safety("\n".join((rec.context, rec.note)))
        self._check_low_for_long()
        self._suggest(rec)
        self._reset_form()
        self.refresh_history()

    def _suggest(self, rec: CheckIn) -> None:
        q = emotions.quadrant(rec.pleasantness, rec.energy)
        turn = len(self._checkins())
        picks = emotions.coping_suggestions(
            q, rec.tags, has_context=bool(rec.application_id or rec.interview_id or rec.context),
            low_for_long=self.low_for_long, turn=turn)
        feeling = (f"Thank you for naming it: {esc(', '.join(rec.word_texts))}."
                   if rec.word_texts else "Thank you for checking in.")
        if emotions.is_unpleasant(rec.pleasantness):
            feeling += " It makes sense to feel this way after putting yourself forward."
        items = "".join(f"<li>{esc(p['text'])}</li>" for p in picks)
        self.after.value = (f'<div class="wb-after"><p>{feeling}</p>'
                            + (f"<p>If it helps, one or two ideas:</p><ul>{items}</ul>"
                               if items else "") + "</div>")
        unpleasant = emotions.is_unpleasant(rec.pleasantness)
        self.offer.layout.display = None if unpleasant else "none"
        if not unpleasant:
            self.tr_box.layout.display = "none"

    def _open_thought_record(self, _: Any = None) -> None:
        self.tr.start(self.last_saved)
        self.tr_box.layout.display = None
        self.offer.layout.display = "none"

    def _reset_form(self) -> None:
        self.editing = None
        self.cancel_edit.layout.display = "none"
        self.save.description = "Save check-in"
        for cb in self.word_boxes.values():
            cb.value = False
        self.grid.chosen = False
        self.intensity.value = 50
        self.about.options = self._about_options()
        self.about.value = ""
        self.context.value = ""
        self.note.value = ""
        self.own_tags.value = ""
        self._render_tags(ticked=set())
        self.drafts.clear("context", "note", "own_tags")

    # -- editing and deleting
    def _recent_options(self) -> list[tuple[str, str]]:
        df = self._checkins()
        out = []
        for r in df.tail(20).iloc[::-1].to_dict("records"):
            q = emotions.QUADRANTS[r["quadrant"]]["label"]
            words = f": {r['words']}" if r["words"] else ""
            out.append((f"{r['at']:%a %d %b %H:%M} - {q}{words}", r["id"]))
        return out

    def _edit(self, _: Any = None) -> None:
        rec = self.store.get(CheckIn, self.recent.value or "")
        if rec is None:
            raise WorkbookError("Please choose a check-in from the list first.")
        self._reset_form()
        self.editing = rec
        self.grid.set_position(rec.pleasantness, rec.energy)
        for i in rec.words:
            if i in self.word_boxes:
                self.word_boxes[i].value = True
        self._show_words()
        self.intensity.value = rec.intensity
        key = ("int:" + rec.interview_id) if rec.interview_id else (
            "app:" + rec.application_id if rec.application_id else "")
        self.about.value = key if key in dict((v, k) for k, v in self.about.options) else ""
        self.context.value, self.note.value = rec.context, rec.note
        self._render_tags(ticked=set(rec.tags))
        self.own_tags.value = ", ".join(t for t in rec.tags if t not in self.tag_boxes)
        self.save.description = "Save changes"
        self.cancel_edit.layout.display = None
        self.manage_note.value = ('<p class="wb-muted">The check-in is back in the form above; '
                                  "change what you like and press Save changes.</p>")

    def _record_options(self) -> list[tuple[str, str]]:
        out = []
        for r in reversed(self.store.raw(ThoughtRecord.kind)[-30:]):
            day = r["created"][:10]
            thought = " ".join(r.get("automatic_thought", "").split())
            short = thought if len(thought) <= 70 else thought[:67] + "..."
            out.append((f"{day}: {short}", r["id"]))
        return out

    def _open_record(self, _: Any = None) -> None:
        rec = self.store.get(ThoughtRecord, self.records.value or "")
        if rec is None:
            raise WorkbookError("Please choose a thought record from the list first.")
        self.tr.load(rec)
        self.tr_box.layout.display = None
        self.offer.layout.display = "none"
        self.records_note.value = ('<p class="wb-muted">The thought record is open above; '
                                   "change what you like and press Save changes.</p>")

    def _ask_delete_record(self, _: Any = None) -> None:
        if not self.records.value:
            raise WorkbookError("Please choose a thought record from the list first.")
        label = dict((v, k) for k, v in self.records.options).get(self.records.value, "")
        self.confirm_delete_record.layout.display = None
        self.records_note.value = (f"<p>Delete the thought record <strong>{esc(label)}"
                                   "</strong>? This cannot be undone.</p>")

    def _delete_record(self, _: Any = None) -> None:
        self.confirm_delete_record.layout.display = "none"
        if self.records.value and self.store.delete(ThoughtRecord, self.records.value):
            self.records_note.value = ""
            self.ctx.messages.ok("The thought record was deleted.")
        self.refresh_history()

    def _ask_delete(self, _: Any = None) -> None:
        if not self.recent.value:
            raise WorkbookError("Please choose a check-in from the list first.")
        label = dict((v, k) for k, v in self.recent.options).get(self.recent.value, "")
        self.confirm_delete.layout.display = None
        self.manage_note.value = (f"<p>Delete the check-in <strong>{esc(label)}</strong>? "
                                  "This cannot be undone (its thought records stay).</p>")

    def _delete(self, _: Any = None) -> None:
        self.confirm_delete.layout.display = "none"
        self._frame = None
        if self.recent.value and self.store.delete(CheckIn, self.recent.value):
            self.manage_note.value = ""
            self.ctx.messages.ok("The check-in was deleted.")
        self.refresh_history()

    # -- looking back
    def refresh_history(self) -> None:
        from workbook.applications import frame
        from workbook.charts import mood as charts

        self.recent.options = self._recent_options()
        self.recent.value = self.recent.options[0][1] if self.recent.options else None
        self.records.options = self._record_options()
        self.records.value = self.records.options[0][1] if self.records.options else None
        checkins = self._checkins()
        if checkins.empty:
            self.history.children = [w.HTML(
                "<p>Your check-ins will show here over time: how your mood moved, and how "
                "long it took to feel like yourself again after a rejection.</p>")]
            return
        daily = emotions.daily_mood(checkins)
        events = emotions.events_frame(frame(self.store))
        rej_days = events.loc[events["kind"] == "rejection", "day"]
        base = emotions.baseline(daily, rej_days)
        rec = emotions.recovery(daily, events, base=base, as_of=self.store.today())
        tags = emotions.tag_effects(checkins)
        thoughts = emotions.thought_frame(self.store.raw(ThoughtRecord.kind), self.store)
        counts = emotions.trap_counts(thoughts)

        parts: list[w.Widget] = []
        n, days = len(checkins), len(daily)
        span = (daily["day"].max() - daily["day"].min()).days + 1
        usual = ("not known yet (a week or so of check-ins is enough)" if base is None
                 else f"about {base:+.1f} on the -1 to 1 pleasantness scale")
        ev_counts = events["kind"].value_counts().to_dict() if not events.empty else {}
        ev_text = ", ".join(f"{c} {k}{'s' if c != 1 else ''}" for k, c in ev_counts.items())
        parts.append(w.HTML(
            f"<p>{n} check-in{'s' if n != 1 else ''} on {days} day{'s' if days != 1 else ''} "
            f"over {span} days. Your usual pleasantness is {usual}. "
            + (f"Marked from your applications: {esc(ev_text)}." if ev_text else
               "No rejections, interviews or offers with dates in your applications yet.")
            + " Lines are daily means; small circles are single check-ins.</p>"))
        parts.append(self._figure(charts.mood_timeline(checkins, daily, events, base=base)))

        # recovery
        if rec.empty:
            parts.append(w.HTML("<h4>Recovery after rejections</h4><p>No dated rejections in "
                                "your applications yet.</p>"))
        else:
            latest = rec.iloc[::-1].head(6)
            items = "".join(f"<li>{esc(s)}</li>" for s in latest["sentence"])
            more = (f"<p class=\"wb-muted\">{len(rec) - len(latest)} earlier rejection(s) are in "
                    "the chart below.</p>" if len(rec) > len(latest) else "")
            parts.append(w.HTML("<h4>Recovery after rejections</h4><p>Your usual is the "
                                "middle of your own daily pleasantness on ordinary days, not "
                                "anyone else's.</p>"
                                f"<ul>{items}</ul>{more}"))
            if (rec["status"] == "back").any():
                parts.append(self._figure(charts.recovery_chart(rec)))

        # tags
        if tags.empty:
            parts.append(w.HTML("<h4>What goes with better days</h4><p>Tick tags when you "
                                "check in (slept well, moved, talked to someone) and this will "
                                "show which go with better days.</p>"))
        else:
            rows = "".join(
                f"<tr><td>{esc(_tag_label(r['tag']))}</td>"
                f"<td>{r['days_with']}</td><td>{r['days_without']}</td>"
                + (f"<td>{r['mean_with']:+.2f}</td><td>{r['mean_without']:+.2f}</td>"
                   if r["enough"] else '<td colspan="2">not enough days yet to tell</td>')
                + "</tr>" for r in tags.to_dict("records"))
            ok = tags.loc[tags["enough"].fillna(False).astype(bool)]
            lead = ""
            if not ok.empty and ok["difference"].iloc[0] > 0.1:
                top = ok.iloc[0]
                lead = (f"<p>Days with <strong>{esc(_tag_label(top['tag']))}"
                        f"</strong> were more pleasant on average ({top['mean_with']:+.2f} vs "
                        f"{top['mean_without']:+.2f}, over {top['days_with']} and "
                        f"{top['days_without']} days). That is a pattern, not proof of a "
                        "cause.</p>")
            parts.append(w.HTML(
                f"<h4>What goes with better days</h4>{lead}"
                f'<table class="wb-table"><caption>Mean daily pleasantness (-1 to 1) by tag; '
                f"shown when both sides have at least {emotions.MIN_TAG_DAYS} days</caption>"
                "<thead><tr><th>tag</th><th>days with</th><th>days without</th><th>mean with"
                "</th><th>mean without</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>"))
            if not ok.empty:
                parts.append(self._figure(charts.tag_chart(tags, emotions.DEFAULT_TAGS)))

        # traps
        if thoughts.empty:
            parts.append(w.HTML("<h4>Thinking traps over time</h4><p>No thought records yet. "
                                "They are always optional.</p>"))
        else:
            rows = "".join(f"<tr><td>{esc(r['name'])}</td><td>{r['count']}</td>"
                           f"<td>{r['last_day']:%d %b %Y}</td></tr>"
                           for r in counts.to_dict("records"))
            table = ('<table class="wb-table"><caption>Thinking traps you confirmed</caption>'
                     "<thead><tr><th>trap</th><th>times</th><th>last seen</th></tr></thead>"
                     f"<tbody>{rows}</tbody></table>") if rows else (
                "<p>No thinking trap confirmed yet.</p>")
            parts.append(w.HTML(f"<h4>Thinking traps over time</h4>"
                                f"<p>{esc(emotions.belief_summary(thoughts))}</p>{table}"))
            parts.append(self._figure(charts.trap_chart(counts, thoughts)))
        self.history.children = parts

    @staticmethod
    def _figure(fig: Any) -> w.Output:
        """A static chart in its own full-width Output, drawn at the figure's own size (a
        responsive chart drawn while its section is still hidden would get no width)."""
        out = w.Output(layout=w.Layout(width="100%"))
        show_figure(out, fig, responsive=False)
        return out


def build(ctx: Context) -> w.Widget:
    return CheckInApp(ctx).widget


def app() -> w.Widget:
    return page("Your check-in", build)
