"""The moment of the no: record it, check in, and leave with one next step.

The page the start page's big button opens. Three steps on one page, each appearing when the
one before is done, so the shortest path is a handful of clicks:

1. ``RecordPart``: which company and role (typed, picked from the history, or "I'd rather
   not say"), when, how it came, how far it got, how much you wanted it, and the message if
   you paste it. Saving writes the rejection and its application (``rejections.add``).
2. ``CheckInPart``: a short check-in tied to this no (``rejections.add_checkin``); the full
   check-in page, with the thought record, stays one link away.
3. ``NextStepPart``: the one step this no calls for (``rejections.next_step``): write it
   out, ask one feedback question, or look at the fit. ``SuggestionsPart`` offers what the
   reader found in a pasted message, for the person to confirm.

Below, folded away: guided writing, the plan for the next no, the call script, and the
rejections recorded so far. Each part is a VBox owning its widgets and calling the core.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

import ipywidgets as w

from workbook import early_debrief, emotions, rejections, reflection, setback, writing
from workbook.records import Application, Rejection
from workbook.ui.common import Context, button, page
from workbook.ui.controls import LabelledRange, MoodGrid
from workbook.ui.forms import ConfirmDelete, DraftGroup, SaveAction
from workbook.ui.html import count, esc, section, table
from workbook.ui.setback_plan import PlanPart

FULL = w.Layout(width="min(100%, 560px)")
STYLE = {"description_width": "initial"}
CHECK_IN_PAGE = "01_check_in.ipynb"
SEARCH_PAGE = "04_search_analytics.ipynb"


def _choices(name: str) -> list[tuple[str, str]]:
    return [(item["label"], item["id"]) for item in rejections.vocabulary()[name]]


def _text(description: str, placeholder: str = "") -> w.Text:
    return w.Text(description=description, placeholder=placeholder, style=STYLE, layout=FULL)


def _area(description: str, placeholder: str = "", rows: int = 4) -> w.Textarea:
    box = w.Textarea(description=description, placeholder=placeholder, rows=rows,
                     style=STYLE, layout=w.Layout(width="min(100%, 640px)"))
    box.add_class("wb-stacked")
    return box


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"


# ---------------------------------------------------------------- 1. record the no

class RecordPart(w.VBox):
    """Step 1: the no itself. ``on_saved(rejection)`` opens the next steps."""

    def __init__(self, ctx: Context, on_saved: Callable[[Rejection], None]):
        self.ctx, self.on_saved = ctx, on_saved
        companies = sorted({a.company.strip() for a in ctx.store.all(Application)
                            if a.company.strip()}, key=str.casefold)
        self.company = w.Combobox(description="Company", options=companies,
                                  placeholder="type, or pick one you applied to",
                                  ensure_option=False, style=STYLE, layout=FULL)
        self.role = _text("Role", "optional")
        self.not_named = w.Checkbox(description="I'd rather not say", indent=False,
                                    layout=w.Layout(width="auto"))
        self.card = w.HTML()
        self.heard = w.DatePicker(description="When it came", value=ctx.store.today(),
                                  style=STYLE)
        self.channel = w.Dropdown(description="How it came", options=_choices("channels"),
                                  value="email", style=STYLE, layout=FULL)
        self.stage = w.Dropdown(description="How far it got", options=_choices("stages"),
                                value="application", style=STYLE, layout=FULL)
        wanted = rejections.vocabulary()["wanted"]
        self.wanted = w.ToggleButtons(
            description="How much you wanted it", options=[(k, int(k)) for k in wanted],
            tooltips=list(wanted.values()), value=None, style={**STYLE, "button_width": "44px"})
        self.wanted_words = w.HTML('<p class="wb-muted">1 = not much, 5 = very much '
                                   "(optional)</p>")
        self.message = _area("The message (optional: paste it to see what it says)",
                             "Paste the e-mail or portal message here", rows=5)
        self.drafts = DraftGroup(ctx, "rejection note")
        self.drafts.watch("rejection.message", self.message)
        self.save = SaveAction("Save this no", self._save, ctx=ctx)
        self.saved: Rejection | None = None
        self.after = w.HTML()
        self.company.observe(ctx.guard(lambda _: self._show_card()), "value")
        self.role.observe(ctx.guard(lambda _: self._show_card()), "value")
        self.not_named.observe(ctx.guard(self._toggle_name), "value")
        self.stage.observe(ctx.guard(lambda _: self._show_card()), "value")
        super().__init__([
            w.HTML("<h3>1. The no</h3><p>A rejection stings, whichever stage it came at. "
                   "Saying what happened takes about a minute; only the company is asked, "
                   "and even that can stay unsaid.</p>"),
            self.drafts.offer, self.company, self.role, self.not_named, self.card,
            self.heard, self.channel, self.stage, self.wanted, self.wanted_words,
            self.message, self.save, self.after])
        self.add_class("wb-section")
        self.drafts.offer_if_unfinished()

    def _toggle_name(self, change: dict) -> None:
        hidden = bool(change["new"])
        for box in (self.company, self.role):
            box.disabled = hidden
        self._show_card()

    def _show_card(self) -> None:
        if self.not_named.value:
            self.card.value = ""
            return
        card = rejections.company_card(self.ctx.store, self.company.value, self.role.value)
        if card is None:
            self.card.value = ""
            return
        due = (f"<p><strong>What is due there:</strong></p>{_list(card['due'])}"
               if card["due"] else "")
        self.card.value = (f'<div class="wb-info" role="status"><p><strong>You have been '
                           f"here before: {esc(card['company'])}</strong></p>"
                           f"{_list(card['lines'])}{due}</div>")

    def _save(self) -> str:
        if self.saved is not None:
            return self._save_changes()
        named = not self.not_named.value
        rej = rejections.add(
            self.ctx.store, stage=self.stage.value, channel=self.channel.value,
            heard_on=self.heard.value, wanted=self.wanted.value, message=self.message.value,
            company=self.company.value if named else "", role=self.role.value if named else "")
        self.drafts.clear()
        self.saved = rej
        # A second press edits this no rather than recording another one.
        self.save.description = "Save changes to this no"
        for box in (self.company, self.role, self.not_named):
            box.disabled = True
        self.after.value = self._after_html(rej)
        self.on_saved(rej)
        return f"Saved: the no from {rejections.label(self.ctx.store, rej)}."

    def _save_changes(self) -> str:
        rej = rejections.update(self.ctx.store, self.saved.id, stage=self.stage.value,
                                channel=self.channel.value, heard_on=self.heard.value,
                                wanted=self.wanted.value, message=self.message.value)
        self.saved = rej
        return "Saved the changes to this no."

    def _after_html(self, rej: Rejection) -> str:
        store = self.ctx.store
        parts = []
        app = store.get(Application, rej.application_id) if rej.application_id else None
        note = rejections.early_screen_note(app.applied_on if app else None, rej.heard_on,
                                            rej.stage)
        if note:
            parts.append(f'<p class="wb-info">{esc(note)}</p>')
        plan = setback.current(store)
        if plan is not None:
            wont = (f"<br>I will not: {esc(plan.will_not)}" if plan.will_not else "")
            parts.append(f'<div class="wb-info"><p>{esc(rejections.setback_plan_prompt())}'
                         f"</p><p>When the next no comes, I will: {esc(plan.will)}{wont}</p>"
                         "</div>")
        return "".join(parts)


# ---------------------------------------------------------------- 2. check in

class CheckInPart(w.VBox):
    """Step 2: a short check-in tied to this no; ``on_done(checkin or None)`` follows."""

    def __init__(self, ctx: Context, rej: Rejection, on_done: Callable[[Any], None]):
        self.ctx, self.rej, self.on_done = ctx, rej, on_done
        self.grid = MoodGrid()
        self.words = w.GridBox(layout=w.Layout(
            grid_template_columns="repeat(auto-fill, minmax(140px, 1fr))", width="100%",
            max_width="640px"))
        self.boxes: dict[str, w.Checkbox] = {}
        self.intensity = LabelledRange(label="How strong is the feeling?", value=50,
                                       help="0 = barely there, 100 = as strong as it gets")
        self.note = _area("Anything you want to note (optional)", rows=2)
        self.skip = button("Skip the check-in", tooltip="Go straight to the next step")
        self.skip.on_click(ctx.guard(lambda _: self._skip()))
        self.save = SaveAction("Save check-in", self._save, ctx=ctx, beside=(self.skip,))
        self.grid.observe(ctx.guard(lambda _: self._show_words()), ["pleasantness", "energy",
                                                                    "chosen"])
        super().__init__([
            w.HTML("<h3>2. How are you, right now?</h3><p>Click the spot on the grid that "
                   "fits (or use its two sliders), tick any words that fit, and save. "
                   f'The <a href="{CHECK_IN_PAGE}">full check-in page</a> has a thought '
                   "record for a heavy thought.</p>"),
            self.grid, self.words, self.intensity, self.note, self.save])
        self.add_class("wb-section")

    def _show_words(self) -> None:
        """The words of the grid's quadrant, plus any already ticked. Each word keeps one
        checkbox for the life of the page: the grid's numbers arrive one by one, and a box
        rebuilt between a tick and the save would lose the tick."""
        if not self.grid.chosen:
            return
        quad = emotions.quadrant(self.grid.pleasantness, self.grid.energy)
        for wd in emotions.words_for(quad):
            if wd.id not in self.boxes:
                self.boxes[wd.id] = w.Checkbox(value=False, description=wd.text,
                                               tooltip=wd.definition, indent=False,
                                               layout=w.Layout(width="auto"))
        shown = {wd.id for wd in emotions.words_for(quad)}
        children = [b for k, b in self.boxes.items() if k in shown or b.value]
        if list(self.words.children) != children:
            self.words.children = children

    def _save(self) -> str:
        from workbook.errors import WorkbookError

        if not self.grid.chosen:
            raise WorkbookError("Nothing was saved yet: please pick a spot on the grid first "
                                "(click it, or use the two sliders).")
        ci = rejections.add_checkin(
            self.ctx.store, self.rej, pleasantness=round(self.grid.pleasantness, 2),
            energy=round(self.grid.energy, 2), intensity=self.intensity.value,
            word_ids=[k for k, b in self.boxes.items() if b.value], note=self.note.value)
        if emotions.crisis_check(ci.note):
            self.ctx.safety.open()
        # Saved once: the button goes (its message stays), so the same check-in is not doubled;
        # the full check-in page edits it.
        self.skip.layout.display = "none"
        self.save.button.layout.display = "none"
        self.on_done(ci)
        return "Saved your check-in, tied to this no."

    def _skip(self) -> None:
        self.skip.layout.display = "none"
        self.on_done(None)


# ---------------------------------------------------------------- suggestions from the message

class SuggestionsPart(w.VBox):
    """What the reader found in the pasted message, offered for the person to confirm:
    feedback sentences (every sentence can be ticked; the reader's picks come ticked) and an
    invitation to apply again as a dated follow-up."""

    def __init__(self, ctx: Context, rej: Rejection):
        self.ctx, self.rej = ctx, rej
        found = rej.found or {}
        picked = set(found.get("feedback") or [])
        text = rej.message
        sentences = [text[a:b] for a, b in rejections.sentences(text)]
        sentences = [s for s in sentences if len(s) > 25 or s in picked]
        self.boxes = [w.Checkbox(value=s in picked, description=s, indent=False,
                                 layout=w.Layout(width="100%")) for s in sentences]
        self.keep = SaveAction("Keep the ticked sentences as feedback", self._keep, ctx=ctx,
                               primary=False)
        reads = [f"It reads as a {esc(found.get('kind') or 'message')}"
                 f"{' no' if found.get('is_rejection') else ''}"]
        if found.get("stage"):
            reads.append(f"ending {esc(rejections.stage_label(found['stage']).lower())}")
        self.follow_on = w.DatePicker(description="Follow up on", style=STYLE,
                                      value=rej.heard_on + dt.timedelta(days=90))
        self.follow = SaveAction("Add this follow-up", self._follow, ctx=ctx, primary=False)
        invited = bool(found.get("invites_reapply"))
        invite = [w.HTML("<p><strong>They invited you to apply again or stay in touch.</strong>"
                         " Add a dated follow-up? It shows in your weekly review.</p>"
                         if invited else
                         "<p>If they invited you to apply again or stay in touch, you can "
                         "add a dated follow-up for it.</p>"), self.follow_on, self.follow]
        intro = (f"<h3>What the message says</h3><p>{', '.join(reads)}. These are "
                 "suggestions only: tick the sentences that say something about you "
                 "(they go into your feedback themes, and any skills they name into the "
                 "skill plan, still to be confirmed there).</p>")
        super().__init__([w.HTML(intro), *self.boxes, self.keep, *invite])
        self.add_class("wb-section")

    def _keep(self) -> str:
        kept = rejections.keep_feedback(self.ctx.store, self.rej,
                                        [b.description for b in self.boxes if b.value])
        skills = sorted({s for fb in kept for s in fb.skills})
        also = f" Skills sent to the skill plan: {', '.join(skills)}." if skills else ""
        return f"Kept {count(len(kept), 'sentence')} as feedback.{also}"

    def _follow(self) -> str:
        contact = rejections.add_reapply_follow_up(self.ctx.store, self.rej,
                                                   on=self.follow_on.value)
        day = contact.next_follow_up_on
        return f"Follow-up added for {day.day} {day:%B %Y}; it will show in your weekly review."


# ---------------------------------------------------------------- 3. one next step

class WritingPart(w.VBox):
    """Guided writing: one form at a time, private, deletable for good."""

    def __init__(self, ctx: Context, rej: Rejection | None = None, form: str = "expressive",
                 choose: bool = False):
        self.ctx, self.rej = ctx, rej
        self.form = w.Dropdown(description="Kind of writing", options=_choices("writing_forms"),
                               value=form, style=STYLE, layout=FULL)
        self.prompt = w.HTML()
        self.text = _area("Your writing", rows=8)
        key = f"writing.{rej.id if rej else 'free'}"
        self.drafts = DraftGroup(ctx, "piece of writing")
        self.drafts.watch(key, self.text)
        self.save = SaveAction("Keep this writing", self._save, ctx=ctx)
        self.kept = w.VBox()
        self.form.observe(ctx.guard(lambda _: self._show_prompt()), "value")
        note = writing.prompts()["private_note"]
        super().__init__([self.form] * choose + [
            self.prompt, w.HTML(f'<p class="wb-muted">{esc(note)}</p>'), self.drafts.offer,
            self.text, self.save, self.kept])
        self._show_prompt()
        self.drafts.offer_if_unfinished()
        self._show_kept()

    def _show_prompt(self) -> None:
        store, form = self.ctx.store, self.form.value
        rid = self.rej.id if self.rej else None
        if form == "expressive":
            n = writing.next_session(store, rid)
            total = len(writing.prompts()["expressive"]["sessions"])
            head = (f"Session {min(n, total)} of {total}, about "
                    f"{writing.prompts()['expressive']['minutes']} minutes")
            text = writing.prompt_for(form, n)
        else:
            head = f"About {writing.prompts()[form].get('minutes', 10)} minutes"
            text = writing.prompt_for(form)
        self.prompt.value = f"<p><strong>{esc(head)}.</strong> {esc(text)}</p>"

    def _save(self) -> str:
        piece = writing.add(self.ctx.store, self.form.value, self.text.value,
                            rejection_id=self.rej.id if self.rej else None)
        self.drafts.clear()
        self.text.value = ""
        self._show_prompt()
        self._show_kept()
        said = "Kept, privately."
        if piece.form == "unsent_letter":
            said += " " + writing.cooling_note(self.ctx.store, piece)
        return said

    def _show_kept(self) -> None:
        pieces = [p for p in writing.listed(self.ctx.store)
                  if self.rej is None or p.rejection_id == self.rej.id]
        rows: list[w.Widget] = []
        for p in pieces[:6]:
            forget = ConfirmDelete("Delete for good", what=lambda p=p: (
                f"Delete this writing from {p.created.astimezone(self.ctx.store.timezone):%d %b}"
                " for good? It cannot be brought back."), run=lambda p=p: self._delete(p.id))
            short = p.text[:80] + ("..." if len(p.text) > 80 else "")
            rows.append(w.VBox([w.HTML(f'<p class="wb-muted">{p.created:%d %b %Y}: '
                                       f"{esc(short)}</p>"), forget]))
        self.kept.children = rows

    def _delete(self, id: str) -> str:
        writing.delete(self.ctx.store, id)
        self._show_kept()
        return "Deleted for good."


class FeedbackStepPart(w.VBox):
    """Ask one feedback question: the reply e-mail from the existing drafts, and the script
    for when they call."""

    def __init__(self, ctx: Context, rej: Rejection):
        self.ctx, self.rej = ctx, rej
        draft = rejections.reply_draft(ctx.store, rej)
        self.draft = draft
        self.subject = _text("Subject")
        self.subject.value = draft.subject
        self.body = _area("Your reply (edit it, then copy it into your e-mail)", rows=10)
        self.body.value = draft.body
        self.save = SaveAction("Save this draft", self._save, ctx=ctx)
        super().__init__([self.subject, self.body, self.save,
                          w.HTML(call_script_html(ctx.store, rej))])

    def _save(self) -> str:
        reflection.save_draft(self.ctx.store, self.draft, self.subject.value, self.body.value)
        return ("Draft saved. When you send it, mark it as sent on the interview reflection "
                "page so the follow-up date lands in your weekly review.")


def call_script_html(store: Any, rej: Rejection) -> str:
    """The four lines for the live "we went with another candidate" call."""
    script = rejections.steps_content()["call_script"]
    steps = rejections.call_script(store, rej, reconsider=True)
    items = "".join(f"<li><strong>{esc(s['label'])}:</strong> {esc(s['text'])}</li>"
                    for s in steps)
    return (f"<h4>If they call</h4><p>{esc(script['intro'])}</p><ol>{items}</ol>")


class FitPart(w.VBox):
    """Look at the fit: the two-minute early-rejection debrief."""

    def __init__(self, ctx: Context, rej: Rejection):
        self.ctx, self.rej = ctx, rej
        self.fit = w.RadioButtons(description="Was this role", options=_choices("fit"),
                                  value="unsure", style=STYLE, layout=FULL)
        self.matched = _text("What in the posting matched you", "e.g. SQL, dashboards")
        self.missing = _text("What did not match", "e.g. 5 years of Python")
        self.tailored = w.RadioButtons(description="Was your resume tailored to it?",
                                       options=[("Yes", True), ("No", False),
                                                ("Not sure", None)],
                                       value=None, style=STYLE, layout=FULL)
        self.save = SaveAction("Save the look at the fit", self._save, ctx=ctx)
        self.pattern = w.HTML()
        super().__init__([self.fit, self.matched, self.missing, self.tailored, self.save,
                          self.pattern])

    def _save(self) -> str:
        early_debrief.add(self.ctx.store, self.rej.id, fit=self.fit.value,
                          matched=self.matched.value, missing=self.missing.value,
                          tailored=self.tailored.value)
        self.pattern.value = (f"<p>{esc(early_debrief.pattern_sentence(self.ctx.store))} "
                              f'<a href="{SEARCH_PAGE}">Search analytics</a> shows where '
                              "applications stall across your whole history.</p>")
        return "Saved."


class NextStepPart(w.VBox):
    """Step 3: the one next step this no calls for, open and ready."""

    STEP_PARTS = {"write": WritingPart, "feedback": FeedbackStepPart, "targeting": FitPart}

    def __init__(self, ctx: Context, rej: Rejection, checkin: Any = None):
        step = rejections.next_step(rej, intensity=getattr(checkin, "intensity", None),
                                    pleasantness=getattr(checkin, "pleasantness", None))
        self.step = step["id"]
        body = self.STEP_PARTS[self.step](ctx, rej)
        super().__init__([
            w.HTML(f"<h3>3. One next step: {esc(step['title'])}</h3><p>{esc(step['why'])} "
                   "Skip it if it is not the moment; it will keep.</p>"), body])
        self.add_class("wb-section")
        self.add_class("wb-next-step")


# ---------------------------------------------------------------- folded away

class HistoryPart(w.VBox):
    """The rejections recorded so far, with how long each took to recover from."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.listing = w.HTML()
        self.pick = w.Dropdown(description="Delete one", options=[], style=STYLE, layout=FULL)
        self.delete = ConfirmDelete("Delete it", what=self._what, run=self._delete)
        super().__init__([self.listing, self.pick, self.delete])
        self.refresh()

    def refresh(self) -> None:
        store = self.ctx.store
        found = rejections.listed(store)
        rec = rejections.recovery_by_wanted(store)
        days = {r["application_id"]: r for r in rec.to_dict("records")}
        rows = []
        for r in found:
            back = days.get(r.application_id, {})
            took = (f"{back['days']} days" if back.get("status") == "back" else
                    {"not_yet": "not back yet", "recent": "very recent"}.get(
                        back.get("status"), "not enough check-ins"))
            rows.append([f"{r.heard_on:%d %b %Y}", rejections.label(store, r),
                         rejections.stage_label(r.stage), r.wanted or "", took])
        self.listing.value = (table(
            f"{count(len(found), 'rejection')} recorded: how long until your mood was back "
            "to your usual, next to how much you wanted each one",
            ["Date", "Where", "How far it got", "Wanted (1-5)", "Back to usual"], rows)
            if found else "<p>No rejections recorded yet.</p>")
        self.pick.options = [(f"{r.heard_on:%d %b}: {rejections.label(store, r)}", r.id)
                             for r in found]

    def _what(self) -> str:
        if not self.pick.value:
            from workbook.errors import WorkbookError

            raise WorkbookError("Pick the rejection to delete first.")
        rej = self.ctx.store.need(Rejection, self.pick.value)
        return (f"Delete the no from {rejections.label(self.ctx.store, rej)}? Its application "
                "goes back to how it was before.")

    def _delete(self) -> str:
        rejections.delete(self.ctx.store, self.pick.value)
        self.refresh()
        return "Deleted."


# ---------------------------------------------------------------- the page

class RejectionPage(w.VBox):
    """Record the no, check in, one next step; the rest folded below."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.steps = w.VBox()
        self.record = RecordPart(ctx, self._recorded)
        self.rejection: Rejection | None = None
        self.history = HistoryPart(ctx)
        more = w.Accordion(children=[WritingPart(ctx, choose=True), PlanPart(ctx),
                                     self.history])
        for i, title in enumerate(("Write it out", "Your plan for the next no",
                                   "Rejections you recorded")):
            more.set_title(i, title)
        more.selected_index = None
        super().__init__([self.record, self.steps,
                          section("More, whenever you want it", more, level=3)])
        self.add_class("wb-rejection-page")

    def _recorded(self, rej: Rejection) -> None:
        self.rejection = rej
        parts: list[w.Widget] = [CheckInPart(self.ctx, rej, self._checked_in)]
        if rej.message.strip():
            parts.append(SuggestionsPart(self.ctx, rej))
        self.steps.children = parts
        self.history.refresh()

    def _checked_in(self, checkin: Any) -> None:
        assert self.rejection is not None
        rej = self.ctx.store.need(Rejection, self.rejection.id)
        kept = [p for p in self.steps.children if not isinstance(p, NextStepPart)]
        self.steps.children = [*kept, NextStepPart(self.ctx, rej, checkin)]
        self.history.refresh()


def build(ctx: Context) -> w.Widget:
    return RejectionPage(ctx)


def app() -> w.Widget:
    return page("Record the no", build)
