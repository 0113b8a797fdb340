"""The interview-reflection page (notebooks/02_interview_reflection.ipynb).

``ReflectionPage`` (a VBox) holds, at the top, ``RoundPart`` (the interview round, picked
from the history or added on the spot), then tabs, one part each: ``DebriefPart`` (the
guided debrief), ``QuestionsPart`` (the question log), ``SelfCheckPart``, ``EmailsPart``
(drafts, marked as sent), ``FeedbackPart`` and ``PatternsPart``. Every record shown can be
edited and deleted; text being typed is kept as a draft. Each part owns its widgets and
calls ``workbook.reflection``, which writes the records.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import ipywidgets as w

from workbook import reflection as rf
from workbook.errors import WorkbookError
from workbook.records import Application, Draft, Feedback, Interview, Question
from workbook.ui import common
from workbook.ui.common import Context, button, page, show_figure
from workbook.ui.copy_button import CopyButton
from workbook.ui.forms import ConfirmDelete, DraftGroup, Part, SaveAction
from workbook.ui.html import count, esc, table

NEW = "__new__"
LABEL = {"description_width": "initial"}
stacked = partial(common.stacked, width="auto")  # fields as wide as their content


def app() -> w.Widget:
    """The whole interview-reflection page for the active profile."""
    return page("Interview reflection", build)


def build(ctx: Context) -> w.Widget:
    return ReflectionPage(ctx)


def text_area(label: str, rows: int = 4, placeholder: str = "") -> w.Textarea:
    return stacked(w.Textarea(description=label, rows=rows, placeholder=placeholder))


def _set(widget: w.Widget, value: Any) -> None:
    """Set a value from the store without it counting as typing."""
    widget._wb_loading = True
    try:
        widget.value = value
    finally:
        widget._wb_loading = False


def _row(*children: w.Widget) -> w.HBox:
    box = w.HBox(list(children))
    box.add_class("wb-row-wrap")
    return box


class _Part(Part):
    """A tab of the page: open only once the interview at the top is saved."""

    def __init__(self, page: "ReflectionPage"):
        self.page = page
        super().__init__(page.ctx)

    @property
    def interview(self) -> Interview | None:
        return self.page.interview

    def need_round(self) -> Interview:
        return self.page.need_round()

    def key(self, name: str) -> str | None:
        return f"reflection:{self.interview.id}:{name}" if self.interview else None

    def gate(self, content: list[w.Widget]) -> None:
        self.children = content if self.interview else [w.HTML(
            '<p class="wb-info">Save the interview at the top first; then this part opens '
            "for it.</p>")]

    def brought_back(self, what: str) -> None:
        self.ctx.messages.info(f"Text you were typing earlier was brought back; save the "
                               f"{what} to keep it.")


# ---------------------------------------------------------------- the round

class RoundPart(w.VBox):
    """Which interview: picked from the history, or added (with its application)."""

    def __init__(self, page: "ReflectionPage"):
        self.page, self.ctx = page, page.ctx
        guard = self.ctx.guard
        self.pick = stacked(w.Dropdown(description="Which interview are you reflecting on?",
                                       options=[]), width="min(100%, 640px)")
        self.pick.observe(guard(lambda c: page.load_round(c["new"])), names="value")
        self.app_pick = w.Dropdown(description="Application", style=LABEL,
                                   layout=w.Layout(width="min(100%, 520px)"))
        self.new_company = w.Text(description="Company", style=LABEL)
        self.new_role = w.Text(description="Role", style=LABEL)
        self.new_app_box = _row(self.new_company, self.new_role)
        self.app_pick.observe(lambda c: self._show_new_app(), names="value")
        self.on = w.DatePicker(description="Date", style=LABEL)
        self.stage = w.Dropdown(description="Stage", style=LABEL, options=[
            ("Screening call", "screen"), ("Interview", "interview"), ("Final round", "final"),
            ("Other", "other")], value="interview")
        self.format = w.Dropdown(description="Format", style=LABEL, options=[
            ("Phone", "phone"), ("Video", "video"), ("On site", "onsite"),
            ("Technical", "technical"), ("Panel", "panel"), ("Other", "other")], value="video")
        self.interviewers = w.Text(description="Interviewers' roles", style=LABEL,
                                   placeholder="e.g. hiring manager, team lead",
                                   layout=w.Layout(width="min(100%, 520px)"))
        self.confidence = stacked(w.Dropdown(
            description="How confident did you feel right after? (1-10)",
            options=[("not noted", 0)] + [(str(i), i) for i in range(1, 11)], value=0),
            width="min(100%, 420px)")
        self.confidence.observe(guard(self._on_confidence), names="value")
        self.save = SaveAction("Save interview", self._save, ctx=self.ctx)
        self.delete = ConfirmDelete("Delete this interview", what=self._what_goes,
                                    run=self._delete)
        self.note = w.HTML()
        super().__init__([
            w.HTML("<p>Pick an interview from your history, or add a new one. Take your time: "
                   "a first pass can be short, and you can come back to any part later.</p>"),
            self.pick, self.app_pick, self.new_app_box,
            _row(self.on, self.stage, self.format), self.interviewers, self.confidence,
            self.save, self.delete, self.note])

    def first(self) -> str:
        df = rf.rounds(self.ctx.store)
        return df["interview_id"].iloc[0] if len(df) else NEW

    def refresh(self, select: str | None = None) -> None:
        store = self.ctx.store
        df = rf.rounds(store)
        options = [("New interview...", NEW)] + list(zip(df["label"], df["interview_id"]))
        self.app_pick.options = [("Add a new application here", NEW)] + [
            (rf.application_label(a), a.id) for a in rf.applications(store)]
        current = select if select is not None else self.pick.value
        self.pick.options = options
        value = current if current in [v for _, v in options] else NEW
        if self.pick.value == value:
            self.page.load_round(value)
        else:
            self.pick.value = value

    def _show_new_app(self) -> None:
        self.new_app_box.layout.display = None if self.app_pick.value == NEW else "none"

    def show(self, iv: Interview | None) -> None:
        self.delete.cancel()
        if iv is None:
            self.app_pick.value = self.app_pick.options[1][1] if len(
                self.app_pick.options) > 1 else NEW
            _set(self.on, self.ctx.store.today())
            self.stage.value, self.format.value = "interview", "video"
            self.interviewers.value = ""
            _set(self.confidence, 0)
            self.delete.layout.display = "none"
            self.note.value = ('<p class="wb-muted">Fill in the basics and save; the tabs '
                               "below open for this interview once it is saved.</p>")
        else:
            ids = [v for _, v in self.app_pick.options]
            self.app_pick.value = iv.application_id if iv.application_id in ids else NEW
            _set(self.on, iv.on)
            self.stage.value, self.format.value = iv.stage, iv.format
            self.interviewers.value = iv.interviewers
            _set(self.confidence, iv.confidence or 0)
            self.delete.layout.display = None
            self.note.value = ""
        self._show_new_app()

    def _save(self) -> str:
        store = self.ctx.store
        app_id = self.app_pick.value
        if app_id != NEW and store.get(Application, app_id) is None:
            self.refresh(select=NEW)
            raise WorkbookError("Your own profile starts without the sample's applications: "
                                "please type the company or the role of this interview and "
                                "save again.")
        if app_id == NEW:
            app_id = rf.add_application(store, self.new_company.value, self.new_role.value,
                                        self.on.value).id
        iv = rf.save_round(store, self.page.interview if self.page.interview and store.get(
            Interview, self.page.interview.id) else None, application_id=app_id,
            on=self.on.value, stage=self.stage.value, format=self.format.value,
            interviewers=self.interviewers.value, confidence=self.confidence.value or None)
        self.new_company.value = self.new_role.value = ""
        self.refresh(select=iv.id)
        return "Interview saved. Continue with the debrief below, in any order."

    def _on_confidence(self, change: dict) -> None:
        iv = self.page.interview
        if getattr(self.confidence, "_wb_loading", False) or iv is None:
            return
        self.page.interview = rf.set_confidence(self.ctx.store, iv.id, change["new"] or None)
        self.ctx.messages.ok("Confidence noted.")

    def _what_goes(self) -> str:
        iv = self.page.need_round()
        store = self.ctx.store
        n = {cls: len([r for r in store.all(cls) if r.interview_id == iv.id])
             for cls in (Question, Feedback, Draft)}
        return (f"This deletes the interview with its debrief, {count(n[Question], 'question')}"
                f", {count(n[Feedback], 'piece')} of feedback and "
                f"{count(n[Draft], 'e-mail draft')}. The application stays in your history.")

    def _delete(self) -> str:
        rf.delete_round(self.ctx.store, self.page.need_round().id)
        self.refresh(select=NEW)
        return "The interview and what belonged to it were deleted."


# ---------------------------------------------------------------- debrief

class DebriefPart(_Part):
    """The six guided steps, with a check-in to link."""

    def __init__(self, page: "ReflectionPage"):
        super().__init__(page)
        self.steps: dict[str, w.Textarea] = {}
        parts: list[w.Widget] = [w.HTML(
            "<p>Six short steps. Write as much or as little as helps; an example is there only "
            "to show the kind of answer, not the right one.</p>")]
        for i, step in enumerate(page.p["steps"], 1):
            parts.append(w.HTML(
                f'<div class="wb-step"><h4>{i}. {esc(step["title"])}</h4>'
                f'<p>{esc(step["prompt"])}</p>'
                f'<p class="wb-muted">For example: {esc(step["example"])}</p></div>'))
            title = step["title"][0].lower() + step["title"][1:]
            area = text_area(f"Your notes: {title}")
            self.steps[step["id"]] = area
            page.drafts.follow(step["id"], area, lambda s=step["id"]: self.key(s))
            parts.append(area)
            if step["id"] == "feelings":
                self.checkin = w.Dropdown(description="Link a check-in (optional)",
                                          style=LABEL, options=[("none", "")], value="")
                parts.append(w.HTML(
                    '<p>Naming the feeling can help. <a href="01_check_in.ipynb" '
                    'target="_blank" rel="noopener">Open the check-in</a> (about two minutes), '
                    "then link it here.</p>"))
                parts.append(self.checkin)
        self.save = SaveAction("Save the debrief", self._save, ctx=self.ctx)
        self._content = parts + [self.save]

    def load(self) -> None:
        self.gate(self._content)
        self.checkin.options = [("none", "")] + rf.checkins_for_picker(self.store)
        iv = self.interview
        if self.page.drafts.load({sid: getattr(iv, sid, "") if iv else ""
                                  for sid in self.steps}):
            self.brought_back("debrief")
        cid = iv.checkin_id if iv else ""
        self.checkin.value = cid if cid in [v for _, v in self.checkin.options] else ""

    def _save(self) -> str:
        iv = self.need_round()
        texts = {sid: area.value for sid, area in self.steps.items()}
        self.page.interview = rf.save_debrief(self.store, iv.id,
                                              checkin_id=self.checkin.value or None, **texts)
        self.page.drafts.clear(*self.steps)
        return "Debrief saved."


# ---------------------------------------------------------------- questions

class QuestionsPart(_Part):
    """The questions asked, one at a time: from the bank or your own, answer, rating."""

    def __init__(self, page: "ReflectionPage"):
        super().__init__(page)
        qp = page.p["question"]
        guard = self.ctx.guard
        comps = [("(none)", "")] + [(c["name"], c["id"]) for c in rf.competencies()]
        self.table = w.HTML()
        self.pick = stacked(w.Dropdown(description="Edit a question you logged, or add a new "
                                       "one", options=[("New question", NEW)]),
                            width="min(100%, 640px)")
        self.pick.observe(guard(lambda c: self.load_one(c["new"])), names="value")
        bank = [("Write my own", "")] + [
            (f"{rf.CATEGORIES.get(q['category'], q['category'])}: {q['text']}", q["id"])
            for q in rf.question_bank()]
        self.bank = stacked(w.Dropdown(description="Pick from the question bank (optional)",
                                       options=bank, value=""), width="min(100%, 640px)")
        self.bank.observe(guard(self._on_bank), names="value")
        self.text = text_area("The question", rows=3)
        self.category = w.Dropdown(description="Category", style=LABEL,
                                   options=[(v, k) for k, v in rf.CATEGORIES.items()],
                                   value="behavioural")
        self.competency = w.Dropdown(description="Competency", style=LABEL, options=comps,
                                     value="")
        self.mode = w.ToggleButtons(description="Answer as", style=LABEL,
                                    options=[("Free text", "free"), ("STAR parts", "star")],
                                    value="free")
        self.mode.observe(lambda c: self._show_mode(), names="value")
        self.answer = text_area(qp["answer_prompt"])
        self.star = {k: text_area(v, rows=3) for k, v in qp["star"].items()}
        self.star_box = w.VBox(list(self.star.values()))
        self.rating = stacked(w.Dropdown(
            description="How did your answer feel? (self-rating 1-5)",
            options=[("not rated", 0)] + [(lab, i) for i, lab in
                                          enumerate(qp["rating_labels"], 1)], value=0),
            width="min(100%, 420px)")
        self.next_time = text_area(qp["next_time_prompt"], rows=3)
        for name, widget in [("q_answer", self.answer), ("q_next", self.next_time),
                             *self.star.items()]:
            page.drafts.follow(name, widget, lambda n=name: self._key(n))
        self.save = SaveAction("Save question", self._save, ctx=self.ctx)
        self.delete = ConfirmDelete("Delete question", what=self._what_goes, run=self._delete)
        self._content = [self.table, self.pick, self.bank, self.text,
                         _row(self.category, self.competency), self.mode, self.answer,
                         self.star_box, self.rating, self.next_time, self.save, self.delete]
        self._show_mode()

    def _key(self, name: str) -> str | None:
        if not self.interview:
            return None
        return f"reflection:{self.interview.id}:q:{self.pick.value}:{name}"

    def _show_mode(self) -> None:
        star = self.mode.value == "star"
        self.star_box.layout.display = None if star else "none"
        self.answer.layout.display = "none" if star else None

    def _on_bank(self, change: dict) -> None:
        entry = rf.bank_entry(change["new"]) if change["new"] else None
        if entry:
            self.text.value = entry["text"]
            self.category.value = entry["category"]
            self.competency.value = entry["competency"]

    def load(self, select: str = NEW) -> None:
        self.gate(self._content)
        qs = rf.questions_of(self.store, self.interview.id) if self.interview else []
        self.pick.options = [("New question", NEW)] + [
            (f"{i}. {q.text[:80]}", q.id) for i, q in enumerate(qs, 1)]
        if qs:
            rows = [[i, q.text, rf.CATEGORIES.get(q.category, q.category),
                     rf.competency_name(q.competency), q.rating or "not rated"]
                    for i, q in enumerate(qs, 1)]
            self.table.value = (f"<p>{count(len(qs), 'question')} logged for this "
                                "interview.</p>" + table(
                                    "The questions you logged",
                                    ["#", "Question", "Category", "Competency",
                                     "Self-rating"], rows))
        else:
            self.table.value = ("<p>No questions logged yet. Add the ones you remember, one "
                                "at a time; three or four is plenty.</p>")
        if self.pick.value == select:
            self.load_one(select)
        else:
            self.pick.value = select

    def load_one(self, qid: str) -> None:
        q = self.store.get(Question, qid) if qid and qid != NEW else None
        self.delete.cancel()
        self.delete.layout.display = None if q else "none"
        bank_ids = [v for _, v in self.bank.options]
        _set(self.bank, q.bank_id if q and q.bank_id in bank_ids else "")
        _set(self.text, q.text if q else "")
        self.category.value = q.category if q else "behavioural"
        comp = q.competency if q else ""
        if comp not in [v for _, v in self.competency.options]:
            self.competency.options = [*self.competency.options, (comp, comp)]
        self.competency.value = comp
        attrs = {"q_answer": "answer", "q_next": "next_time", **{k: k for k in self.star}}
        if self.page.drafts.load({name: getattr(q, attr) if q else ""
                                  for name, attr in attrs.items()}):
            self.brought_back("question")
        self.mode.value = "star" if q is not None and any(getattr(q, k) for k in self.star) \
            else "free"
        self.rating.value = (q.rating or 0) if q else 0

    def _save(self) -> str:
        iv = self.need_round()
        qid = self.pick.value
        existing = self.store.get(Question, qid) if qid != NEW else None
        fields = dict(text=self.text.value, category=self.category.value,
                      competency=self.competency.value, answer=self.answer.value,
                      rating=self.rating.value or None, next_time=self.next_time.value,
                      bank_id=self.bank.value or None,
                      **{k: v.value for k, v in self.star.items()})
        if not fields["text"].strip():
            raise WorkbookError("The question is empty: pick one from the bank or write it in "
                                "the question box.")
        rf.save_question(self.store, iv.id, existing, **fields)
        self.page.drafts.clear("q_answer", "q_next", *self.star)
        self.load(select=NEW)
        return "Question saved. Add another, or move on when you are ready."

    def _what_goes(self) -> str:
        if self.pick.value == NEW:
            raise WorkbookError("Pick a saved question to delete.")
        return "Delete this question and your notes on it? This cannot be undone."

    def _delete(self) -> str:
        rf.delete(self.store, Question, self.pick.value)
        self.load(select=NEW)
        return "Question deleted."


# ---------------------------------------------------------------- self-check

class SelfCheckPart(_Part):
    """How you came across: a few 1-5 answers and a note."""

    def __init__(self, page: "ReflectionPage"):
        super().__init__(page)
        sc = page.p["self_check"]
        opts = [("not answered", 0)] + [(f"{i} - {lab}", i) for i, lab in
                                         enumerate(sc["scale"], 1)]
        self.checks: dict[str, w.Dropdown] = {}
        parts: list[w.Widget] = [w.HTML(f"<p>{esc(sc['intro'])}</p>")]
        for item in sc["items"]:
            dd = stacked(w.Dropdown(description=f"{item['label']}: {item['prompt']}",
                                    options=opts, value=0), width="min(100%, 640px)")
            self.checks[item["id"]] = dd
            parts.append(dd)
        self.note = text_area("Anything else about how you came across?", rows=3)
        page.drafts.follow("check_note", self.note, lambda: self.key("self_check_note"))
        self.save = SaveAction("Save the self-check", self._save, ctx=self.ctx)
        self._content = parts + [self.note, self.save]

    def load(self) -> None:
        self.gate(self._content)
        data = self.interview.self_check if self.interview else {}
        for key, dd in self.checks.items():
            value = data.get(key)
            dd.value = value if isinstance(value, int) and 1 <= value <= 5 else 0
        self.page.drafts.load({"check_note": str(data.get("note", ""))})

    def _save(self) -> str:
        iv = self.need_round()
        ratings = {k: (dd.value or None) for k, dd in self.checks.items()}
        self.page.interview = rf.save_self_check(self.store, iv.id, ratings, self.note.value)
        self.page.drafts.clear("check_note")
        return "Self-check saved."


# ---------------------------------------------------------------- e-mails

class EmailsPart(_Part):
    """E-mail drafts from templates: fill in, edit, copy, save, mark as sent."""

    def __init__(self, page: "ReflectionPage"):
        super().__init__(page)
        dp = page.p["drafts"]
        guard = self.ctx.guard
        self.draft: Draft | None = None
        self.kind = stacked(w.Dropdown(description="Which e-mail?", options=[
            (dp[t]["label"], t) for t in rf.TEMPLATES], value="thank_you"),
            width="min(100%, 420px)")
        self.when = w.HTML()
        self.to = w.Text(description="Their name (optional)", style=LABEL,
                         placeholder="e.g. Ms Park")
        self.me = w.Text(description="Your name for the sign-off (optional)", style=LABEL,
                         value=str(self.store.setting("display_name", "") or ""))
        self.extra = stacked(w.Text(description="One personal line to add (optional)",
                                    placeholder="e.g. I enjoyed hearing about the new "
                                                "reporting project."))
        self.reason = text_area("One concrete reason they may not have seen (for the "
                                "'reconsider me' note)", rows=3)
        self.kind.observe(lambda c: self._show_kind(), names="value")
        self.fill_button = button("Fill in the draft", icon="pencil")
        self.fill_button.on_click(guard(lambda _: self.fill()))
        self.pick = stacked(w.Dropdown(description="Your saved drafts for this interview",
                                       options=[("New draft", NEW)]), width="min(100%, 640px)")
        self.pick.observe(guard(lambda c: self.load_one(c["new"])), names="value")
        self.subject = stacked(w.Text(description="Subject"))
        self.body = text_area("Text of the e-mail (edit freely)", rows=12)
        page.drafts.follow("d_body", self.body, lambda: self.key(f"draft:{self.pick.value}"))
        self.copy_subject = CopyButton(label="Copy the subject")
        self.copy_body = CopyButton(label="Copy the text")
        self.subject.observe(lambda c: setattr(self.copy_subject, "text", c["new"]),
                             names="value")
        self.body.observe(lambda c: setattr(self.copy_body, "text", c["new"]), names="value")
        self.save = SaveAction("Save draft", self._save, ctx=self.ctx)
        self.delete = ConfirmDelete("Delete draft", what=self._what_goes, run=self._delete)
        self.sent_on = w.DatePicker(description="Sent on", style=LABEL)
        self.follow_up = w.DatePicker(description="Follow up on (optional)", style=LABEL)
        self.unsend = button("Not sent after all", icon="undo")
        self.unsend.on_click(guard(lambda _: self.unmark_sent()))
        self.mark = SaveAction("Mark as sent", self._mark_sent, icon="paper-plane",
                               primary=False, ctx=self.ctx, beside=(self.unsend,))
        self.status = w.HTML()
        self._content = [
            w.HTML("<p>Drafts to edit, copy into your e-mail and send when it feels right. "
                   "Nothing is sent from here.</p>"),
            self.pick, self.kind, self.when, self.to, self.me, self.extra, self.reason,
            w.HBox([self.fill_button]), self.subject, self.copy_subject, self.body,
            self.copy_body, self.save, self.delete,
            w.HTML("<p>Once you have sent it, note the day; the follow-up date then shows in "
                   "your weekly review.</p>"), _row(self.sent_on, self.follow_up), self.mark,
            self.status]
        self._show_kind()

    def _show_kind(self) -> None:
        kind = self.kind.value
        self.when.value = f'<p class="wb-muted">{esc(self.page.p["drafts"][kind]["when"])}</p>'
        self.reason.layout.display = None if kind == "reconsider" else "none"

    def load(self, select: str = NEW) -> None:
        self.gate(self._content)
        drafts = [d for d in self.store.all(Draft)
                  if self.interview and d.interview_id == self.interview.id]
        labels = {t: self.page.p["drafts"][t]["label"] for t in rf.TEMPLATES}
        self.pick.options = [("New draft", NEW)] + [
            (f"{labels.get(d.template, d.template)}"
             + (f" (sent {d.sent_on.isoformat()})" if d.sent_on else " (not sent yet)"), d.id)
            for d in drafts]
        if self.pick.value == select:
            self.load_one(select)
        else:
            self.pick.value = select

    def load_one(self, did: str) -> None:
        d = self.store.get(Draft, did) if did and did != NEW else None
        self.draft = d
        self.delete.cancel()
        self.delete.layout.display = None if d else "none"
        self.unsend.layout.display = None if d and d.sent_on else "none"
        if d and d.template in rf.TEMPLATES:
            self.kind.value = d.template
        self.subject.value = d.subject if d else ""
        self.page.drafts.load({"d_body": d.body if d else ""})
        self.sent_on.value = d.sent_on if d else None
        self.follow_up.value = d.follow_up_on if d else None
        self._status()

    def _status(self) -> None:
        d = self.draft
        if d is None:
            self.status.value = ""
        elif d.sent_on:
            follow = (f"; follow up on {esc(d.follow_up_on.isoformat())}" if d.follow_up_on
                      else "")
            self.status.value = (f'<p class="wb-info" role="status">Sent on '
                                 f"{esc(d.sent_on.isoformat())}{follow}.</p>")
        else:
            self.status.value = '<p class="wb-muted">Saved, not sent yet.</p>'

    def fill(self) -> Draft:
        iv = self.need_round()
        me = self.me.value.strip()
        d = rf.make_draft(self.store, self.kind.value, iv.id, to_name=self.to.value,
                          extra=self.extra.value, my_name=me,
                          reason=self.reason.value if self.kind.value == "reconsider" else "")
        if me != (self.store.setting("display_name", "") or "") and not self.ctx.on_sample:
            self.store.set_setting("display_name", me)  # remembered for the next e-mail
        if self.draft is not None and self.draft.template == d.template:
            d.id = self.draft.id  # refilling a saved draft replaces its text
        self.draft = d
        self.subject.value = d.subject
        self.body.value = d.body
        self.status.value = ('<p class="wb-muted">Filled in from your records. Edit it, then '
                             "save and copy.</p>")
        return d

    def save_draft(self) -> Draft:
        self.need_round()
        if self.draft is None or self.store.get(Interview, self.draft.interview_id or "") \
                is None:
            subject, body = self.subject.value, self.body.value
            self.fill()
            if body.strip():  # what the person wrote wins over the template
                self.subject.value, self.body.value = subject or self.subject.value, body
        d = rf.save_draft(self.store, self.draft, self.subject.value, self.body.value)
        self.page.drafts.clear("d_body")
        return d

    def _save(self) -> str:
        d = self.save_draft()
        self.load(select=d.id)
        return "Draft saved. Copy it into your e-mail when you are ready."

    def _mark_sent(self) -> str:
        # the dates the person typed, read before saving the draft redraws the form
        sent_on, follow_up = self.sent_on.value or None, self.follow_up.value or None
        d = rf.mark_sent(self.store, self.save_draft().id, sent_on, follow_up)
        self.load(select=d.id)
        return f"Marked as sent on {d.sent_on.isoformat()}" + (
            f"; a follow-up on {d.follow_up_on.isoformat()} will show in your weekly review."
            if d.follow_up_on else ".")

    def unmark_sent(self) -> None:
        if self.pick.value == NEW:
            raise WorkbookError("Pick a saved draft first.")
        d = rf.unmark_sent(self.store, self.pick.value)
        self.load(select=d.id)
        self.mark.notice.ok("Noted as not sent; its follow-up reminder is gone.")

    def _what_goes(self) -> str:
        if self.pick.value == NEW:
            raise WorkbookError("Pick a saved draft to delete.")
        return "Delete this e-mail draft (and its follow-up reminder)? This cannot be undone."

    def _delete(self) -> str:
        rf.delete(self.store, Draft, self.pick.value)
        self.load(select=NEW)
        return "Draft deleted."


# ---------------------------------------------------------------- feedback

class FeedbackPart(_Part):
    """Feedback received, in their words, tagged, and sent to the skill plan."""

    def __init__(self, page: "ReflectionPage"):
        super().__init__(page)
        guard = self.ctx.guard
        self.pick = stacked(w.Dropdown(description="Feedback you noted for this interview",
                                       options=[("New feedback", NEW)]),
                            width="min(100%, 640px)")
        self.pick.observe(guard(lambda c: self.load_one(c["new"])), names="value")
        self.text = text_area("What did they say?", rows=5)
        page.drafts.follow("f_text", self.text, lambda: self.key(f"feedback:{self.pick.value}"))
        self.from_whom = w.Text(description="From whom", style=LABEL,
                                placeholder="e.g. recruiter, by phone")
        self.received_on = w.DatePicker(description="Received on", style=LABEL)
        self.comps = stacked(w.SelectMultiple(
            description="Competencies it touches (Ctrl or Cmd + click for several)",
            options=[(c["name"], c["id"]) for c in rf.competencies()], rows=8),
            width="min(100%, 420px)")
        self.skills = stacked(w.Text(description="Skills it names (comma-separated)",
                                     placeholder="e.g. SQL, stakeholder management"))
        self.suggest = button("Suggest skills from the text", icon="lightbulb-o")
        self.suggest_note = w.HTML()
        self.suggest.on_click(guard(lambda _: self.suggest_skills()))
        self.save = SaveAction("Save feedback", self._save, ctx=self.ctx)
        self.delete = ConfirmDelete("Delete feedback", what=self._what_goes, run=self._delete)
        self.area = w.Dropdown(description="Area to work on", style=LABEL, options=[])
        self.to_plan = SaveAction("Send to skill plan", self._send_area, icon="arrow-right",
                               primary=False, ctx=self.ctx)
        self.send_row = w.VBox([self.area, self.to_plan])
        self.listed = w.HTML()
        self._content = [
            w.HTML("<p>Feedback can sting, even when it is kind. Note it in their words; you "
                   "decide what to do with it. Tag it, and send the areas you want to work on "
                   "to your skill plan, where you confirm them first.</p>"),
            self.pick, self.text, self.from_whom, self.received_on, self.comps, self.skills,
            w.HBox([self.suggest]), self.suggest_note, self.save, self.delete,
            self.send_row, self.listed]

    def load(self, select: str = NEW) -> None:
        self.gate(self._content)
        items = [f for f in self.store.all(Feedback)
                 if self.interview and f.interview_id == self.interview.id]
        self.pick.options = [("New feedback", NEW)] + [
            (f"{f.received_on or 'undated'}: {f.text[:60]}", f.id) for f in items]
        self.listed.value = "".join(
            f'<blockquote class="wb-card"><p>{esc(f.text)}</p><p class="wb-muted">'
            f"{esc(f.from_whom or 'source not noted')}, {esc(f.received_on or 'undated')}; tags: "
            f"{esc(', '.join([rf.competency_name(c) for c in f.competencies] + f.skills) or 'none')}"
            "</p></blockquote>" for f in items)
        if self.pick.value == select:
            self.load_one(select)
        else:
            self.pick.value = select

    def load_one(self, fid: str) -> None:
        fb = self.store.get(Feedback, fid) if fid and fid != NEW else None
        self.delete.cancel()
        self.delete.layout.display = None if fb else "none"
        self.page.drafts.load({"f_text": fb.text if fb else ""})
        self.from_whom.value = fb.from_whom if fb else ""
        self.received_on.value = fb.received_on if fb else self.store.today()
        known = [v for _, v in self.comps.options]
        extra = [c for c in (fb.competencies if fb else []) if c not in known]
        if extra:
            self.comps.options = [*self.comps.options, *[(c, c) for c in extra]]
        self.comps.value = tuple(fb.competencies) if fb else ()
        self.skills.value = ", ".join(fb.skills) if fb else ""
        areas = ([(rf.competency_name(c), rf.competency_name(c)) for c in fb.competencies]
                 + [(s, s) for s in fb.skills]) if fb else []
        self.area.options = list(dict.fromkeys(areas))
        self.area.value = areas[0][1] if areas else None
        self.send_row.layout.display = None if areas else "none"

    def suggest_skills(self) -> None:
        found = rf.suggest_skills(self.text.value)
        have = [x.strip() for x in self.skills.value.split(",") if x.strip()]
        new = [n for n in found if n.casefold() not in {h.casefold() for h in have}]
        if not new:
            self.suggest_note.value = ('<p class="wb-info" role="status">No further skills '
                                       "from the workbook's list were found in the text; you "
                                       "can type your own.</p>")
            return
        self.skills.value = ", ".join(have + new)
        self.suggest_note.value = (f'<p class="wb-info" role="status">Suggested: '
                                   f"{esc(', '.join(new))}. Keep the ones that fit, remove the "
                                   "others, then save.</p>")

    def _save(self) -> str:
        iv = self.need_round()
        fid = self.pick.value
        existing = self.store.get(Feedback, fid) if fid != NEW else None
        fb = rf.save_feedback(self.store, iv.id, existing, text=self.text.value,
                              from_whom=self.from_whom.value,
                              received_on=self.received_on.value,
                              competencies=list(self.comps.value), skills=self.skills.value)
        self.page.drafts.clear("f_text")
        self.load(select=fb.id)
        return ("Feedback saved. If an area is worth working on, send it to your skill plan "
                "below.")

    def _send_area(self) -> str:
        fid = self.pick.value
        if fid == NEW or not self.area.value:
            raise WorkbookError("Save the feedback with at least one competency or skill, then "
                                "pick the area to send.")
        skill = rf.send_to_skill_plan(self.store, self.area.value, fid)
        return (f"{skill.name} is in your skill plan, waiting for you to confirm it in the "
                "skill-gap notebook.")

    def _what_goes(self) -> str:
        if self.pick.value == NEW:
            raise WorkbookError("Pick saved feedback to delete.")
        return ("Delete this feedback? Skills you already sent to your skill plan stay there. "
                "This cannot be undone.")

    def _delete(self) -> str:
        rf.delete(self.store, Feedback, self.pick.value)
        self.load(select=NEW)
        return "Feedback deleted."


# ---------------------------------------------------------------- patterns

class PatternsPart(w.VBox):
    """Patterns across all interviews: a sentence beside every chart, areas to work on."""

    def __init__(self, page: "ReflectionPage"):
        self.ctx = page.ctx
        self.refresh_button = button("Show the patterns", icon="refresh")
        self.refresh_button.on_click(self.ctx.guard(lambda _: self.show()))
        self.charts = w.VBox()
        self.weak = w.VBox()
        self.figures: list[Any] = []
        super().__init__([
            w.HTML("<p>Patterns across all your interviews. Numbers here are information, not "
                   "a verdict; a handful of interviews says little on its own.</p>"),
            w.HBox([self.refresh_button]), self.weak, self.charts])

    def show(self) -> None:
        from workbook.charts import interviews as ch

        store = self.ctx.store
        qs = rf.questions(store)
        sentences = rf.pattern_sentences(store)
        figs = [
            (ch.ratings(rf.ratings_by(qs, "category"), "question category"),
             sentences["category"]),
            (ch.ratings(rf.ratings_by(qs, "competency"), "competency"),
             sentences["competency"]),
            (ch.recurring(rf.recurring(qs)), sentences["recurring"]),
            (ch.confidence_outcome(rf.confidence_vs_outcome(store)),
             sentences["confidence"]),
            (ch.themes(rf.feedback_themes(store)), sentences["themes"]),
        ]
        parts: list[w.Widget] = []
        for fig, sentence in figs:
            parts.append(w.HTML(f'<p class="wb-caption">{esc(sentence)}</p>'))
            if fig.layout.annotations and not fig.data:
                continue  # nothing to draw yet: the sentence says so
            out = w.Output()
            show_figure(out, fig)
            parts.append(out)
        self.charts.children = parts
        self.figures = [f for f, _ in figs]
        weak = rf.weak_areas(store)
        rows: list[w.Widget] = [w.HTML(
            "<h4>Areas you might work on</h4>" + (
                "<p>Nothing stands out yet.</p>" if not weak else
                "<p>Send any you choose to your skill plan; you confirm them there.</p>"))]
        for item in weak[:10]:
            send = SaveAction("Send to skill plan", partial(self._send_area, item),
                              icon="arrow-right", primary=False, ctx=self.ctx)
            rows.append(w.VBox([w.HTML(f"<p><strong>{esc(item['name'])}</strong>: "
                                       f"{esc(item['why'])}</p>"), send]))
        self.weak.children = rows

    def _send_area(self, item: dict) -> str:
        for fid in item["feedback_ids"] or [None]:
            skill = rf.send_to_skill_plan(self.ctx.store, item["name"], fid)
        return (f"{skill.name} is in your skill plan, waiting for you to confirm it in the "
                "skill-gap notebook.")


# ---------------------------------------------------------------- the page

class ReflectionPage(Part):
    """The interview-reflection page: the round at the top, a tab per part below."""

    TITLES = ("1 Debrief", "2 Questions", "3 Self-check", "4 E-mails", "5 Feedback",
              "6 Patterns")

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        self.p = rf.prompts()
        self.interview: Interview | None = None
        self.drafts = DraftGroup(ctx, "interview reflection")
        self.round = RoundPart(self)
        self.debrief = DebriefPart(self)
        self.questions = QuestionsPart(self)
        self.self_check = SelfCheckPart(self)
        self.emails = EmailsPart(self)
        self.feedback = FeedbackPart(self)
        self.patterns = PatternsPart(self)
        self.tabs = w.Tab(children=[self.debrief, self.questions, self.self_check,
                                    self.emails, self.feedback, self.patterns])
        for i, title in enumerate(self.TITLES):
            self.tabs.set_title(i, title)
        self.tabs.observe(ctx.guard(self._on_tab), names="selected_index")
        self.children = [self.round, self.tabs]
        self.add_class("wb-refl")
        self.round.refresh(select=self.round.first())

    def need_round(self) -> Interview:
        if self.interview is None:
            raise WorkbookError("Please save the interview at the top first (date, stage and "
                                "format are enough).")
        return self.interview

    def load_round(self, interview_id: str | None) -> None:
        if not interview_id or interview_id == NEW:
            self.interview = None
        else:
            iv = self.store.get(Interview, interview_id)
            if iv is None:
                raise WorkbookError("That interview is no longer saved; pick another one.")
            self.interview = iv
        self.round.show(self.interview)
        self.debrief.load()
        self.questions.load()
        self.self_check.load()
        self.emails.load()
        self.feedback.load()

    def _on_tab(self, change: dict) -> None:
        if change["new"] == len(self.TITLES) - 1:
            self.patterns.show()
