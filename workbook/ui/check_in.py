"""The check-in (notebooks/01_check_in.ipynb): name the feeling, optionally look at the thought
behind it, leave with one small next step, and see yourself recover over time.

The page (``CheckInPage``, a VBox) is made of parts, each owning its widgets:
``FeelingPart`` (the grid, words for that quadrant, intensity), ``DetailsPart`` (what it is
about, tags, a note), the Save action, ``AfterPart`` (one or two suggestions, the optional
thought record offered, where next), ``ThoughtRecordPart``, ``HistoryPart`` (timeline,
recovery, tags, traps), two ``SavedList`` parts (check-ins and thought records to edit or delete). The records are
written by ``workbook.emotions``' check-in and thought-record functions, never here.
"""

from __future__ import annotations

from typing import Any, Callable

import ipywidgets as w
import pandas as pd

from workbook import emotions
from workbook.errors import WorkbookError
from workbook.records import CheckIn, Interview, ThoughtRecord
from workbook.ui.common import Context, button, page, show_figure
from workbook.ui.controls import LabelledRange, MoodGrid
from workbook.ui.forms import ConfirmDelete, DraftGroup, Part, SaveAction
from workbook.ui.html import count, esc, section, table
from workbook.ui.notice import Notice

DRAFT_PREFIX = "check_in."
TR_FIELDS = ("situation", "thought", "evidence_for", "evidence_against", "balanced")
WIDE = w.Layout(width="100%", max_width="640px")
TEXT_STYLE = {"description_width": "initial"}
WHERE_NEXT = (
    '<p><strong>Where next</strong>, whenever you are ready: '
    '<a href="02_interview_reflection.ipynb">02 Interview reflection</a> (keep what you '
    'learned from an interview), <a href="05_weekly_review.ipynb">05 Weekly review</a> (a '
    'small win, someone to talk to this week), or <a href="00_start_here.ipynb">the start '
    "page</a>. Or simply come back tomorrow and check in again.</p>")


def _tag_label(tag: str) -> str:
    """What a tag's checkbox and table row say (own tags as typed, underscores as spaces)."""
    return emotions.DEFAULT_TAGS.get(tag, tag.replace("_", " "))


def _textarea(description: str, placeholder: str = "", rows: int = 3) -> w.Textarea:
    box = w.Textarea(description=description, placeholder=placeholder, rows=rows,
                     layout=WIDE, style=TEXT_STYLE)
    box.add_class("wb-stacked")
    return box


def watch_for_crisis(ctx: Context, notice: Notice, *fields: w.Widget) -> None:
    """Open the support panel, and say so right below these fields, when what is typed in
    them sounds like a crisis (the save is never blocked)."""
    def check(change: dict) -> None:
        if emotions.crisis_check(change["new"]):
            ctx.safety.open()
            notice.html(f'<div class="wb-safety-note" role="status">'
                        f"{esc(emotions.crisis_message())}</div>")

    for field in fields:
        field.observe(ctx.guard(check), "value")


# ---------------------------------------------------------------- the feeling

class FeelingPart(w.VBox):
    """Steps 1 and 2: a spot on the pleasantness x energy grid, words, intensity."""

    def __init__(self, ctx: Context):
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
        self.grid.observe(ctx.guard(lambda _: self.show_words()),
                          ["pleasantness", "energy", "chosen"])
        for cb in self.word_boxes.values():
            cb.observe(ctx.guard(lambda _: self._show_definitions()), "value")
        super().__init__([
            section("1. Where are you on the grid right now?", w.HTML(
                "<p>Click the spot that fits how you feel, or use the two sliders. There is "
                "no right answer, and feelings after a rejection are often mixed.</p>"),
                self.grid),
            section("2. Which words fit?", self.quadrant_note, self.word_grid,
                    self.word_defs, self.intensity)])
        self.show_words()

    @property
    def chosen(self) -> bool:
        return bool(self.grid.chosen)

    def quadrant(self) -> str:
        return emotions.quadrant(self.grid.pleasantness, self.grid.energy)

    def picked_words(self) -> list[str]:
        return [i for i, cb in self.word_boxes.items() if cb.value]

    def values(self) -> dict[str, Any]:
        """The make_checkin fields this part holds."""
        return dict(pleasantness=round(self.grid.pleasantness, 2),
                    energy=round(self.grid.energy, 2), word_ids=self.picked_words(),
                    intensity=self.intensity.value)

    def load(self, rec: CheckIn) -> None:
        self.reset()
        self.grid.set_position(rec.pleasantness, rec.energy)
        for i in rec.words:
            if i in self.word_boxes:
                self.word_boxes[i].value = True
        self.show_words()
        self.intensity.value = rec.intensity

    def reset(self) -> None:
        for cb in self.word_boxes.values():
            cb.value = False
        self.grid.chosen = False
        self.intensity.value = 50

    def show_words(self) -> None:
        if not self.grid.chosen:
            self.quadrant_note.value = ('<p class="wb-muted">Pick a spot on the grid first; the '
                                        "words that usually live there will show here.</p>")
            self.word_grid.children = []
            return
        q = self.quadrant()
        info = emotions.QUADRANTS[q]
        self.quadrant_note.value = (
            f'<p><strong>You are in: {esc(info["label"])}</strong> ({esc(info["hint"])}). Pick '
            "any words that fit; you can pick several. Hover a word for its meaning.</p>")
        shown = [wd.id for wd in emotions.words_for(q)]
        # keep words picked from another quadrant visible (feelings are often mixed)
        extra = [i for i, cb in self.word_boxes.items() if cb.value and i not in shown]
        self.word_grid.children = [self.word_boxes[i] for i in extra + shown]

    def _show_definitions(self) -> None:
        picked = [emotions.word(i) for i in self.picked_words()]
        items = "".join(f"<li><strong>{esc(wd.text)}</strong>: {esc(wd.definition)}</li>"
                        for wd in picked)
        self.word_defs.value = f'<ul class="wb-word-defs">{items}</ul>' if items else ""


# ---------------------------------------------------------------- what it is about

class DetailsPart(w.VBox):
    """Step 3 (optional): what it is about, what happened, tags, a note."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.about = w.Dropdown(description="What is it about?", options=[("Nothing specific",
                                                                           "")],
                                value="", style=TEXT_STYLE, layout=WIDE)
        self.context = _textarea("What happened", "In your own words (optional)")
        self.tag_boxes: dict[str, w.Checkbox] = {}
        self.tag_row = w.HBox(layout=w.Layout(flex_flow="row wrap"))
        self.own_tags = w.Text(description="Your own tags",
                               placeholder="separate with commas, e.g. cooked, applied somewhere",
                               style=TEXT_STYLE, layout=WIDE)
        self.note = _textarea("Note", "Anything else you want to remember (optional)", rows=4)
        self.safety = Notice()
        watch_for_crisis(ctx, self.safety, self.context, self.note)
        super().__init__([section(
            "3. What is it about? (optional)", self.about, self.context,
            w.HTML("<p>Anything from today that may matter:</p>"), self.tag_row,
            self.own_tags, self.note, self.safety)])

    def links(self) -> tuple[str | None, str | None]:
        """(application_id, interview_id) of what the check-in is about."""
        about = self.about.value or ""
        application_id = about[4:] if about.startswith("app:") else None
        interview_id = about[4:] if about.startswith("int:") else None
        if interview_id:
            iv = self.ctx.store.get(Interview, interview_id)
            application_id = iv.application_id if iv else None
        return application_id, interview_id

    def tags(self) -> list[str]:
        ticked = [t for t, cb in self.tag_boxes.items() if cb.value]
        return ticked + [t for t in self.own_tags.value.split(",") if t.strip()]

    def values(self) -> dict[str, Any]:
        """The make_checkin fields this part holds."""
        application_id, interview_id = self.links()
        return dict(application_id=application_id, interview_id=interview_id,
                    context=self.context.value, tags=self.tags(), note=self.note.value)

    def load(self, rec: CheckIn, checkins: pd.DataFrame) -> None:
        key = ("int:" + rec.interview_id) if rec.interview_id else (
            "app:" + rec.application_id if rec.application_id else "")
        self.about.value = key if key in [v for _, v in self.about.options] else ""
        self.context.value, self.note.value = rec.context, rec.note
        self.render_tags(checkins, ticked=set(rec.tags))
        self.own_tags.value = ", ".join(t for t in rec.tags if t not in self.tag_boxes)

    def reset(self, checkins: pd.DataFrame) -> None:
        """Empty for the next check-in: nothing of the last one stays ticked or typed."""
        self.refresh_options()
        self.about.value = ""
        self.context.value = self.note.value = self.own_tags.value = ""
        self.render_tags(checkins, ticked=set())

    def refresh_options(self) -> None:
        from workbook.applications import frame

        store = self.ctx.store
        options = [("Nothing specific", "")]
        names: dict[str, str] = {}
        apps = frame(store)
        if not apps.empty:
            apps = apps.assign(_last=apps[["closed_on", "interview_on", "first_response_on",
                                           "applied_on"]].max(axis=1))
            apps = apps.sort_values("_last", ascending=False, na_position="last")
            for r in apps.to_dict("records"):
                label = " - ".join(x for x in (r["company"], r["role"]) if x) or "an application"
                names[r["application_id"]] = r["company"] or label
                extra = str(r["outcome"]) if str(r["outcome"]) != "open" else str(r["stage"])
                if r["_last"] is not None and not pd.isna(r["_last"]):
                    extra += f", {pd.Timestamp(r['_last']):%d %b %Y}"
                options.append((f"{label} ({extra.replace('_', ' ')})",
                                "app:" + r["application_id"]))
        for iv in sorted(store.all(Interview), key=lambda i: str(i.on), reverse=True):
            who = names.get(iv.application_id or "", "an application")
            when = f" on {iv.on:%d %b %Y}" if iv.on else ""
            options.append((f"Interview ({iv.stage}) with {who}{when}", "int:" + iv.id))
        current = self.about.value
        self.about.options = options
        self.about.value = current if current in [v for _, v in options] else ""

    def render_tags(self, checkins: pd.DataFrame, ticked: set[str] | None = None) -> None:
        """The tag boxes (the usual ones, then the person's own); ``ticked`` None keeps
        what is ticked now."""
        if ticked is None:
            ticked = {t for t, cb in self.tag_boxes.items() if cb.value}
        own: list[str] = []
        for tags in checkins["tags"]:
            for t in tags:
                if t not in emotions.DEFAULT_TAGS and t not in own:
                    own.append(t)
        self.tag_boxes = {
            tag: w.Checkbox(value=tag in ticked, description=_tag_label(tag), indent=False,
                            layout=w.Layout(width="auto", margin="0 16px 0 0"))
            for tag in list(emotions.DEFAULT_TAGS) + own[-12:]}
        self.tag_row.children = list(self.tag_boxes.values())


# ---------------------------------------------------------------- after saving

class AfterPart(w.VBox):
    """What follows a saved check-in: thanks, one or two ideas, the optional thought
    record (for an unpleasant feeling) and where to go next, with links."""

    def __init__(self, on_offer: Callable[[], None], ctx: Context):
        self.text = w.HTML()
        self.offer = button("Look at the thought behind it (optional)", icon="lightbulb-o")
        self.offer.layout.display = "none"
        self.offer.on_click(ctx.guard(lambda _: on_offer()))
        self.where = w.HTML()
        super().__init__([self.text, self.offer, self.where])

    def show(self, rec: CheckIn, picks: list[dict]) -> None:
        feeling = (f"Thank you for naming it: {esc(', '.join(rec.word_texts))}."
                   if rec.word_texts else "Thank you for checking in.")
        unpleasant = emotions.is_unpleasant(rec.pleasantness)
        if unpleasant:
            feeling += " It makes sense to feel this way after putting yourself forward."
        items = "".join(f"<li>{esc(p['text'])}</li>" for p in picks)
        self.text.value = (f'<div class="wb-after"><p>{feeling}</p>'
                           + (f"<p>If it helps, one or two ideas:</p><ul>{items}</ul>"
                              if items else "") + "</div>")
        self.offer.layout.display = None if unpleasant else "none"
        self.where.value = WHERE_NEXT

    def hide_offer(self) -> None:
        self.offer.layout.display = "none"


# ---------------------------------------------------------------- the thought record

class ThoughtRecordPart(w.VBox):
    """The optional thought record: situation, thought, traps offered as 'possibly ...?',
    evidence, a balanced thought and re-rating."""

    def __init__(self, ctx: Context, on_saved: Callable[[], None]):
        self.ctx, self.on_saved = ctx, on_saved
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
                                   layout=w.Layout(width="auto", max_width="100%"))
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
        self.back = Notice()
        self.safety = Notice()
        self.save = SaveAction("Save thought record", self._save, ctx=ctx)
        g = ctx.guard
        self.thought.observe(g(lambda _: self.refresh_traps()), "value")
        self.add_trap.observe(g(self._add_own), "value")
        self.belief_before.observe(g(self._mirror), "value")
        self.belief_after.observe(g(lambda _: setattr(self, "_after_touched", True)), "value")
        self.drafts = DraftGroup(ctx, "thought record")
        for name, widget in zip(TR_FIELDS, self.text_fields()):
            self.drafts.watch(f"{DRAFT_PREFIX}tr.{name}", widget)
        watch_for_crisis(ctx, self.safety, *self.text_fields())
        super().__init__([
            self.back,
            w.HTML("<p>A thought record helps you look at the thought behind a feeling. It "
                   "is optional, takes a minute or two, and you can stop at any point: what "
                   "you type is kept as you go.</p>"),
            self.situation, self.thought, self.belief_before,
            self.trap_intro, self.trap_rows, self.add_trap,
            self.evidence_for, self.evidence_against, self.balanced, self.safety,
            self.belief_after, self.feeling_after, self.save])
        self.add_class("wb-thought-record")
        self.refresh_traps()

    def text_fields(self) -> tuple[w.Textarea, ...]:
        return (self.situation, self.thought, self.evidence_for, self.evidence_against,
                self.balanced)

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
        self.save.notice.clear()

    def start(self, checkin: CheckIn | None) -> None:
        """A new thought record, for ``checkin`` (the one just saved) when there is one."""
        self.editing = None
        self.save.description = "Save thought record"
        self.save.notice.clear()
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

    def _save(self) -> str:
        if not self.thought.value.strip():
            raise WorkbookError("The thought record needs the thought itself: please write it "
                                "in 'The thought' (a few words are enough).")
        rerated = self._after_touched or bool(self.balanced.value.strip())
        fields = dict(
            automatic_thought=self.thought.value, situation=self.situation.value,
            belief_before=self.belief_before.value,
            traps_suggested=self.suggested, traps_confirmed=self.confirmed(),
            evidence_for=self.evidence_for.value, evidence_against=self.evidence_against.value,
            balanced_thought=self.balanced.value,
            belief_after=self.belief_after.value if rerated else None,
            feeling_after=self.feeling_after.value if rerated else None)
        store = self.ctx.store
        if self.editing is not None:
            rec = emotions.update_thought_record(store, self.editing.id, **fields)
        else:
            rec = emotions.add_thought_record(
                store, checkin_id=self.checkin.id if self.checkin else None, **fields)
        # from now on this form is that record: pressing Save again changes it, never copies it
        self.editing = rec
        self.save.description = "Save changes"
        self.drafts.clear()
        change = ""
        if rerated and rec.belief_after is not None and rec.belief_after < rec.belief_before:
            change = (f" Your belief in the first thought went from {rec.belief_before} to "
                      f"{rec.belief_after}.")
        self.on_saved()
        return (f"Thought record saved.{change} Looking at a thought this closely takes "
                "effort; well done for doing it.")


# ---------------------------------------------------------------- looking back

class HistoryPart(w.VBox):
    """Looking back: the mood timeline, recovery after rejections, tags, thinking traps;
    a sentence or a table before every chart."""

    def refresh(self, store: Any, checkins: pd.DataFrame) -> None:
        from workbook.applications import frame
        from workbook.charts import mood as charts

        if checkins.empty:
            self.children = [w.HTML(
                "<p>Your check-ins will show here over time: how your mood moved, and how "
                "long it took to feel like yourself again after a rejection.</p>")]
            return
        daily = emotions.daily_mood(checkins)
        events = emotions.events_frame(frame(store))
        base = emotions.baseline(daily, events.loc[events["kind"] == "rejection", "day"])
        parts: list[w.Widget] = [
            w.HTML(self._summary(checkins, daily, events, base)),
            _figure(charts.mood_timeline(checkins, daily, events, base=base))]
        parts += self._recovery(emotions.recovery(daily, events, base=base,
                                                  as_of=store.today()), charts)
        parts += self._tags(emotions.tag_effects(checkins), charts)
        parts += self._traps(emotions.thought_frame(store.raw(ThoughtRecord.kind), store),
                             charts)
        self.children = parts

    @staticmethod
    def _summary(checkins: pd.DataFrame, daily: pd.DataFrame, events: pd.DataFrame,
                 base: float | None) -> str:
        span = (daily["day"].max() - daily["day"].min()).days + 1
        usual = ("not known yet (a week or so of check-ins is enough)" if base is None
                 else f"about {base:+.1f} on the -1 to 1 pleasantness scale")
        ev_counts = events["kind"].value_counts().to_dict() if not events.empty else {}
        ev_text = ", ".join(count(c, k) for k, c in ev_counts.items())
        return (f"<p>{count(len(checkins), 'check-in')} on {count(len(daily), 'day')} over "
                f"{count(span, 'day')}. Your usual pleasantness is {usual}. "
                + (f"Marked from your applications: {esc(ev_text)}." if ev_text else
                   "No rejections, interviews or offers with dates in your applications yet.")
                + " Lines are daily means; small circles are single check-ins.</p>")

    @staticmethod
    def _recovery(rec: pd.DataFrame, charts: Any) -> list[w.Widget]:
        if rec.empty:
            return [w.HTML("<h4>Recovery after rejections</h4><p>No dated rejections in "
                           "your applications yet.</p>")]
        latest = rec.iloc[::-1].head(6)
        items = "".join(f"<li>{esc(s)}</li>" for s in latest["sentence"])
        more = (f'<p class="wb-muted">{count(len(rec) - len(latest), "earlier rejection")} '
                "are in the chart below.</p>" if len(rec) > len(latest) else "")
        out: list[w.Widget] = [w.HTML(
            "<h4>Recovery after rejections</h4><p>Your usual is the middle of your own daily "
            "pleasantness on ordinary days, not anyone else's.</p>"
            f"<ul>{items}</ul>{more}")]
        if (rec["status"] == "back").any():
            out.append(_figure(charts.recovery_chart(rec)))
        return out

    @staticmethod
    def _tags(tags: pd.DataFrame, charts: Any) -> list[w.Widget]:
        head = "<h4>What goes with better days</h4>"
        if tags.empty:
            return [w.HTML(f"{head}<p>Tick tags when you check in (slept well, moved, talked "
                           "to someone) and this will show which go with better days.</p>")]
        rows = [[_tag_label(r["tag"]), r["days_with"], r["days_without"],
                 *((f"{r['mean_with']:+.2f}", f"{r['mean_without']:+.2f}") if r["enough"]
                   else ("not enough days yet to tell", ""))]
                for r in tags.to_dict("records")]
        ok = tags.loc[tags["enough"].fillna(False).astype(bool)]
        lead = ""
        if not ok.empty and ok["difference"].iloc[0] > 0.1:
            top = ok.iloc[0]
            lead = (f"<p>Days with <strong>{esc(_tag_label(top['tag']))}"
                    f"</strong> were more pleasant on average ({top['mean_with']:+.2f} vs "
                    f"{top['mean_without']:+.2f}, over {top['days_with']} and "
                    f"{top['days_without']} days). That is a pattern, not proof of a "
                    "cause.</p>")
        out: list[w.Widget] = [w.HTML(head + lead + table(
            "Mean daily pleasantness (-1 to 1) by tag; shown when both sides have at least "
            f"{emotions.MIN_TAG_DAYS} days",
            ["tag", "days with", "days without", "mean with", "mean without"], rows))]
        if not ok.empty:
            out.append(_figure(charts.tag_chart(tags, emotions.DEFAULT_TAGS)))
        return out

    @staticmethod
    def _traps(thoughts: pd.DataFrame, charts: Any) -> list[w.Widget]:
        head = "<h4>Thinking traps over time</h4>"
        if thoughts.empty:
            return [w.HTML(f"{head}<p>No thought records yet. They are always optional.</p>")]
        counts = emotions.trap_counts(thoughts)
        rows = [[r["name"], r["count"], f"{r['last_day']:%d %b %Y}"]
                for r in counts.to_dict("records")]
        listed = (table("Thinking traps you confirmed", ["trap", "times", "last seen"], rows)
                  if rows else "<p>No thinking trap confirmed yet.</p>")
        return [w.HTML(f"{head}<p>{esc(emotions.belief_summary(thoughts))}</p>{listed}"),
                _figure(charts.trap_chart(counts, thoughts))]


def _figure(fig: Any) -> w.Output:
    """A static chart in its own full-width Output, drawn at the figure's own size (a
    responsive chart drawn while its section is still hidden would get no width)."""
    out = w.Output(layout=w.Layout(width="100%"))
    show_figure(out, fig, responsive=False)
    return out


class SavedList(w.VBox):
    """Saved records of one kind in a list, each one to put back in the form or delete."""

    def __init__(self, ctx: Context, kind: type, *, title: str, noun: str, label: str,
                 open_label: str, options: Callable[[], list[tuple[str, str]]],
                 on_open: Callable[[Any], None], delete: Callable[[Any, str], bool],
                 on_deleted: Callable[[], None], intro: str = "", after_delete: str = ""):
        self.ctx, self.kind, self.noun = ctx, kind, noun
        self._options, self.on_open = options, on_open
        self._delete_fn, self.on_deleted, self._after_delete = delete, on_deleted, after_delete
        self.choice = w.Dropdown(description=label, options=[], style=TEXT_STYLE, layout=WIDE)
        self.open_button = button(open_label, icon="pencil")
        self.open_button.on_click(ctx.guard(lambda _: self._open()))
        self.note = w.HTML()
        self.delete = ConfirmDelete("Delete it", what=self._what_goes, run=self._delete)
        parts = [w.HTML(f"<p>{intro}</p>")] if intro else []
        super().__init__([section(title, *parts, self.choice, w.HBox([self.open_button]),
                                  self.note, self.delete)])

    def refresh(self) -> None:
        options = self._options()
        self.choice.options = options
        self.choice.value = options[0][1] if options else None

    def _chosen(self) -> Any:
        rec = self.ctx.store.get(self.kind, self.choice.value or "")
        if rec is None:
            raise WorkbookError(f"Please choose a {self.noun} from the list first.")
        return rec

    def _open(self) -> None:
        self.on_open(self._chosen())
        self.note.value = (f'<p class="wb-muted">The {esc(self.noun)} is back in the form '
                           "above; change what you like and press Save changes.</p>")

    def _what_goes(self) -> str:
        self._chosen()
        label = dict((v, k) for k, v in self.choice.options).get(self.choice.value, "")
        return f"Delete the {self.noun} {label}? This cannot be undone{self._after_delete}."

    def _delete(self) -> str:
        self._delete_fn(self.ctx.store, self._chosen().id)
        self.note.value = ""
        self.on_deleted()
        return f"The {self.noun} was deleted."


def recent_checkin_options(checkins: pd.DataFrame) -> list[tuple[str, str]]:
    """The last 20 check-ins, newest first, as (label, id)."""
    options = []
    for r in checkins.tail(20).iloc[::-1].to_dict("records"):
        q = emotions.QUADRANTS[r["quadrant"]]["label"]
        words = f": {r['words']}" if r["words"] else ""
        options.append((f"{r['at']:%a %d %b %H:%M} - {q}{words}", r["id"]))
    return options


def thought_record_options(store: Any) -> list[tuple[str, str]]:
    """The last 30 thought records, newest first, as (label, id)."""
    options = []
    for r in emotions.thought_records(store)[:30]:
        thought = " ".join(r.automatic_thought.split())
        short = thought if len(thought) <= 70 else thought[:67] + "..."
        options.append((f"{r.created.astimezone(store.timezone):%Y-%m-%d}: {short}", r.id))
    return options


# ---------------------------------------------------------------- the page

class CheckInPage(Part):
    """The check-in page for the open profile (``ctx.store``), made of the parts above."""

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        self.editing: CheckIn | None = None
        self.last_saved: CheckIn | None = None
        self.low_for_long = False
        self._frame: pd.DataFrame | None = None
        self.notice = w.HTML()
        self.feeling = FeelingPart(ctx)
        self.details = DetailsPart(ctx)
        self.cancel_edit = button("Stop editing")
        self.cancel_edit.layout.display = "none"
        self.cancel_edit.on_click(ctx.guard(lambda _: self.reset_form()))
        self.save = SaveAction("Save check-in", self._save, ctx=ctx, beside=(self.cancel_edit,))
        self.after = AfterPart(self.open_thought_record, ctx)
        self.tr = ThoughtRecordPart(ctx, self.refresh)
        self.tr.drafts.on_continue = self._continue_thought_record
        self.tr_box = section("A thought record (optional)", self.tr)
        self.tr_box.layout.display = "none"
        self.history = HistoryPart()
        self.recent = SavedList(
            ctx, CheckIn, title="Your recent check-ins", noun="check-in",
            label="A recent check-in", open_label="Edit it",
            intro="Every check-in can be changed or removed.",
            options=lambda: recent_checkin_options(self.checkins()), on_open=self.load,
            delete=emotions.delete_checkin, on_deleted=self._deleted,
            after_delete=" (its thought records stay)")
        self.records = SavedList(
            ctx, ThoughtRecord, title="Your thought records", noun="thought record",
            label="A thought record", open_label="Open it",
            options=lambda: thought_record_options(self.store),
            on_open=self.open_saved_record, delete=emotions.delete_thought_record,
            on_deleted=self.refresh)
        self.drafts = DraftGroup(ctx, "check-in")
        self.drafts.watch(DRAFT_PREFIX + "context", self.details.context)
        self.drafts.watch(DRAFT_PREFIX + "note", self.details.note)
        self.drafts.watch(DRAFT_PREFIX + "own_tags", self.details.own_tags)
        self.children = [
            self.notice, self.drafts.offer, self.tr.drafts.offer, self.feeling, self.details,
            self.save, self.after, self.tr_box,
            section("Looking back", self.history, level=2), self.recent, self.records]
        self.add_class("wb-check-in")
        self.details.refresh_options()
        self.details.render_tags(self.checkins())
        self._check_low_for_long()
        self.refresh()
        self.drafts.offer_if_unfinished()
        self.tr.drafts.offer_if_unfinished()

    def checkins(self) -> pd.DataFrame:
        """Every check-in as a DataFrame, read once and kept until something changes."""
        if self._frame is None:
            self._frame = emotions.checkins(self.store)
        return self._frame

    # -- saving
    def _save(self) -> str:
        if not self.feeling.chosen:
            raise WorkbookError("Nothing was saved yet: please pick a spot on the feelings grid "
                                "first (click it, or use the two sliders).")
        fields = {**self.feeling.values(), **self.details.values()}
        was_editing = self.editing is not None
        if self.editing is not None:
            rec = emotions.update_checkin(self.store, self.editing.id, **fields)
        else:
            rec = emotions.add_checkin(self.store, **fields)
        self._frame = None
        self.last_saved = rec
        self.drafts.clear()
        self._check_low_for_long()
        self.after.show(rec, self._suggestions(rec))
        if not emotions.is_unpleasant(rec.pleasantness):
            self.tr_box.layout.display = "none"
        self.reset_form()
        self.refresh()
        q = emotions.QUADRANTS[emotions.quadrant(rec.pleasantness, rec.energy)]["label"]
        words = ", ".join(rec.word_texts)
        return (f"{'Updated' if was_editing else 'Saved'} your check-in at "
                f"{rec.at:%H:%M}: {q}{': ' + words if words else ''}.")

    def _suggestions(self, rec: CheckIn) -> list[dict]:
        q = emotions.quadrant(rec.pleasantness, rec.energy)
        return emotions.coping_suggestions(
            q, rec.tags, has_context=bool(rec.application_id or rec.interview_id or rec.context),
            low_for_long=self.low_for_long, turn=len(self.checkins()))

    def reset_form(self) -> None:
        self.editing = None
        self.cancel_edit.layout.display = "none"
        self.save.description = "Save check-in"
        self.feeling.reset()
        self.details.reset(self.checkins())
        self.drafts.clear()

    def load(self, rec: CheckIn) -> None:
        """Put a saved check-in back in the form; saving updates it."""
        self.reset_form()
        self.editing = rec
        self.feeling.load(rec)
        self.details.load(rec, self.checkins())
        self.save.description = "Save changes"
        self.cancel_edit.layout.display = None

    # -- the thought record
    def open_thought_record(self) -> None:
        self.tr.start(self.last_saved)
        self.tr_box.layout.display = None
        self.after.hide_offer()

    def open_saved_record(self, rec: ThoughtRecord) -> None:
        self.tr.load(rec)
        self.tr_box.layout.display = None
        self.after.hide_offer()

    def _continue_thought_record(self) -> None:
        self.tr_box.layout.display = None
        self.tr.back.info("Your unfinished thought record is back: carry on where you left "
                          "off, and save it when you are ready.")

    # -- around it
    def _deleted(self) -> None:
        self._frame = None
        self.refresh()

    def refresh(self) -> None:
        self.recent.refresh()
        self.records.refresh()
        self.history.refresh(self.store, self.checkins())

    def _check_low_for_long(self) -> None:
        daily = emotions.daily_mood(self.checkins())
        self.low_for_long = emotions.low_for_long(daily, as_of=self.store.today())
        if self.low_for_long:
            self.notice.value = (
                '<div class="wb-info" role="status">Your check-ins have been heavier than '
                "your usual for about two weeks. That can happen after a hard stretch, "
                "and it is worth not carrying it alone: a counselor, a career coach or "
                "someone you trust could help. The support button at the top lists "
                "options.</div>")


def build(ctx: Context) -> w.Widget:
    return CheckInPage(ctx)


def app() -> w.Widget:
    return page("Your check-in", build)
