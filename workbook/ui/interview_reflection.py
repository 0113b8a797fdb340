"""The interview-reflection app (notebooks/02_interview_reflection.ipynb).

At the top, the interview round (picked from the history, or added on the spot); below it,
tabs: the guided debrief, the question log, the presentation self-check, e-mail drafts,
feedback received, and patterns across interviews. Every record shown can be edited and
deleted. Text being typed is kept as a draft in the store, so a closed tab loses little.
The logic lives in ``workbook.reflection``; this module only builds and wires widgets.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any, Callable

import ipywidgets as w

from workbook import reflection as rf
from workbook.errors import WorkbookError
from workbook.records import Draft, Feedback, Interview, Question
from workbook.ui import common
from workbook.ui.common import Context, esc, page, show_figure
from workbook.ui.copy_button import CopyButton

NEW = "__new__"
_CSS = """<style>
.wb-refl .wb-step h4 { margin: 14px 0 2px 0; }
.wb-refl .wb-step p { margin: 2px 0; }
.wb-refl-table { border-collapse: collapse; width: 100%; font-size: 0.95em; }
.wb-refl-table th, .wb-refl-table td { border-bottom: 1px solid #ddd; padding: 4px 6px;
  text-align: left; vertical-align: top; }
.wb-refl .wb-row-wrap { flex-wrap: wrap; gap: 6px; }
.wb-refl .jupyter-button { width: auto; min-width: 150px; }
.wb-refl .wb-caption { margin: 18px 0 0 0; }
.wb-refl .widget-dropdown > select { min-width: 4em; }
.wb-refl .widget-inline-hbox { max-width: calc(100% - 6px); box-sizing: border-box; }
.wb-refl .widget-inline-hbox > select, .wb-refl .widget-inline-hbox > input { min-width: 0; }
@media (max-width: 600px) {
  .wb-refl .widget-inline-hbox:not(.wb-stacked) { flex-wrap: wrap; height: auto; }
  .wb-refl .widget-inline-hbox > .widget-label { width: auto !important;
    max-width: none !important; text-align: left !important; }
}
</style>"""

LABEL = {"description_width": "initial"}
stacked = partial(common.stacked, width="auto")  # fields as wide as their content


def app() -> w.Widget:
    """The whole interview-reflection page for the active profile."""
    return page("Interview reflection", build)


def build(ctx: Context) -> w.Widget:
    return Reflection(ctx).widget


def text_area(label: str, rows: int = 3, placeholder: str = "") -> w.Textarea:
    return stacked(w.Textarea(description=label, rows=rows, placeholder=placeholder))


class _Typing:
    """Typing drafts (``ui.common.keep_draft``) for fields whose draft key changes with the
    record being edited: ``load`` stops watching, puts in the typed draft (or the saved
    value), and watches again under the current key."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.fields: dict[str, tuple[w.Widget, Callable[[], str | None]]] = {}
        self.keepers: dict[str, Any] = {}

    def add(self, name: str, widget: w.Widget, key: Callable[[], str | None]) -> None:
        self.fields[name] = (widget, key)

    def load(self, saved: dict[str, str]) -> bool:
        """Fill the named fields; True when text typed earlier (not saved) came back."""
        for name in saved:
            keeper = self.keepers.pop(name, None)
            if keeper is not None:
                if getattr(keeper, "_pending", False):
                    keeper.flush()
                keeper.stop()
        restored = False
        for name, value in saved.items():
            widget, key_fn = self.fields[name]
            key = key_fn()
            typed = self.ctx.store.draft(key) if key else ""
            restored = restored or bool(typed and typed != (value or ""))
            widget.value = typed or value or ""
            if key:
                self.keepers[name] = self.ctx.keep_draft(key, widget)
        return restored

    def clear(self, *names: str) -> None:
        """Forget the drafts (after the text was saved as a record)."""
        for name in names:
            keeper = self.keepers.get(name)
            if keeper is not None:
                keeper.clear()


def _set(widget: w.Widget, value: Any) -> None:
    """Set a value from the store without it counting as typing."""
    widget._wb_loading = True
    try:
        widget.value = value
    finally:
        widget._wb_loading = False


class Reflection:
    """All the widgets of the page, wired to ``workbook.reflection``."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.store = ctx.store
        self.p = rf.prompts()
        self.interview: Interview | None = None
        self.guard = ctx.guard
        self.typing = _Typing(ctx)
        self._build_round()
        self._build_debrief()
        self._build_questions()
        self._build_self_check()
        self._build_drafts()
        self._build_feedback()
        self._build_patterns()
        self.tabs = w.Tab(children=[self.debrief_box, self.questions_box, self.check_box,
                                    self.drafts_box, self.feedback_box, self.patterns_box])
        for i, title in enumerate(("1 Debrief", "2 Questions", "3 Self-check", "4 E-mails",
                                   "5 Feedback", "6 Patterns")):
            self.tabs.set_title(i, title)
        self.tabs.observe(self.guard(self._on_tab), names="selected_index")
        self.widget = w.VBox([w.HTML(_CSS), self.round_box, self.tabs])
        self.widget.add_class("wb-refl")
        self.widget.reflection = self  # lets tests and other code reach the form
        self.refresh_rounds(select=self._first_round())

    # ------------------------------------------------------------ the round
    def _build_round(self) -> None:
        self.pick = stacked(w.Dropdown(description="Which interview are you reflecting on?",
                                       options=[]), width="min(100%, 640px)")
        self.pick.observe(self.guard(lambda c: self.load_round(c["new"])), names="value")
        self.app_pick = w.Dropdown(description="Application", style=LABEL,
                                   layout=w.Layout(width="min(100%, 520px)"))
        self.new_company = w.Text(description="Company", style=LABEL)
        self.new_role = w.Text(description="Role", style=LABEL)
        self.new_app_box = w.HBox([self.new_company, self.new_role])
        self.new_app_box.add_class("wb-row-wrap")
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
        self.confidence.observe(self.guard(self._on_confidence), names="value")
        self.save_round_btn = w.Button(description="Save interview", button_style="primary",
                                       icon="check")
        self.save_round_btn.on_click(self.guard(lambda _: self.save_round()))
        self.delete_round_btn = w.Button(description="Delete this interview", icon="trash")
        self.delete_round_btn.on_click(self.guard(lambda _: self._ask_delete_round()))
        self.confirm_round = w.HBox()
        self.round_note = w.HTML()
        fields = w.HBox([self.on, self.stage, self.format])
        fields.add_class("wb-row-wrap")
        self.round_box = w.VBox([
            w.HTML("<p>Pick an interview from your history, or add a new one. Take your time: "
                   "a first pass can be short, and you can come back to any part later.</p>"),
            self.pick, self.app_pick, self.new_app_box, fields, self.interviewers,
            self.confidence, w.HBox([self.save_round_btn, self.delete_round_btn]),
            self.confirm_round, self.round_note])

    def _first_round(self) -> str:
        df = rf.rounds(self.store)
        return df["interview_id"].iloc[0] if len(df) else NEW

    def refresh_rounds(self, select: str | None = None) -> None:
        df = rf.rounds(self.store)
        options = [("New interview...", NEW)] + list(zip(df["label"], df["interview_id"]))
        apps = rf.applications(self.store)
        self.app_pick.options = [("Add a new application here", NEW)] + [
            (rf.application_label(a), a.id) for a in apps]
        current = select if select is not None else self.pick.value
        self.pick.options = options
        ids = [v for _, v in options]
        value = current if current in ids else NEW
        if self.pick.value == value:
            self.load_round(value)
        else:
            self.pick.value = value

    def _show_new_app(self) -> None:
        self.new_app_box.layout.display = None if self.app_pick.value == NEW else "none"

    def load_round(self, interview_id: str | None) -> None:
        self.confirm_round.children = []
        if not interview_id or interview_id == NEW:
            self.interview = None
            self.app_pick.value = self.app_pick.options[1][1] if len(
                self.app_pick.options) > 1 else NEW
            _set(self.on, self.store.today())
            self.stage.value, self.format.value = "interview", "video"
            self.interviewers.value = ""
            _set(self.confidence, 0)
            self.delete_round_btn.layout.display = "none"
            self.round_note.value = ('<p class="wb-muted">Fill in the basics and save; the tabs '
                                     "below open for this interview once it is saved.</p>")
        else:
            iv = self.store.get(Interview, interview_id)
            if iv is None:
                raise WorkbookError("That interview is no longer saved; pick another one.")
            self.interview = iv
            ids = [v for _, v in self.app_pick.options]
            self.app_pick.value = iv.application_id if iv.application_id in ids else NEW
            _set(self.on, iv.on)
            self.stage.value, self.format.value = iv.stage, iv.format
            self.interviewers.value = iv.interviewers
            _set(self.confidence, iv.confidence or 0)
            self.delete_round_btn.layout.display = None
            self.round_note.value = ""
        self._show_new_app()
        self.load_debrief()
        self.load_questions()
        self.load_self_check()
        self.load_drafts()
        self.load_feedback()

    def save_round(self) -> Interview:
        app_id = self.app_pick.value
        new_app = None
        if app_id == NEW:
            new_app = rf.add_application(self.store, self.new_company.value,
                                         self.new_role.value, self.on.value)
            app_id = new_app.id
        iv = rf.save_round(self.store, self.interview, application_id=app_id,
                           on=self.on.value, stage=self.stage.value, format=self.format.value,
                           interviewers=self.interviewers.value,
                           confidence=self.confidence.value or None)
        self.new_company.value = self.new_role.value = ""
        self.refresh_rounds(select=iv.id)
        self.ctx.messages.ok("Interview saved. Continue with the debrief below, in any order.")
        return iv

    def _on_confidence(self, change: dict) -> None:
        if getattr(self.confidence, "_wb_loading", False) or self.interview is None:
            return
        self.interview = rf.set_confidence(self.store, self.interview.id, change["new"] or None)
        self.ctx.messages.ok("Confidence noted.")

    def _ask_delete_round(self) -> None:
        iv = self._need_round()
        n = {k: len([r for r in self.store.all(c) if r.interview_id == iv.id])
             for k, c in (("questions", Question), ("feedback", Feedback), ("drafts", Draft))}
        yes = w.Button(description="Yes, delete it", button_style="danger")
        no = w.Button(description="Keep it")
        yes.on_click(self.guard(lambda _: self.delete_round()))
        no.on_click(lambda _: setattr(self.confirm_round, "children", []))
        self.confirm_round.children = [w.HTML(
            f"<p>This deletes the interview with its debrief, {n['questions']} question(s), "
            f"{n['feedback']} piece(s) of feedback and {n['drafts']} e-mail draft(s). The "
            "application stays in your history.</p>"), yes, no]

    def delete_round(self) -> None:
        iv = self._need_round()
        rf.delete_round(self.store, iv.id)
        self.refresh_rounds(select=NEW)
        self.ctx.messages.ok("The interview and what belonged to it were deleted.")

    def _need_round(self) -> Interview:
        if self.interview is None:
            raise WorkbookError("Please save the interview at the top first (date, stage and "
                                "format are enough).")
        return self.interview

    def _key(self, name: str) -> str | None:
        return f"reflection:{self.interview.id}:{name}" if self.interview else None

    def _gate(self, box: w.VBox, content: list[w.Widget]) -> None:
        box.children = content if self.interview else [w.HTML(
            '<p class="wb-info">Save the interview at the top first; then this part opens '
            "for it.</p>")]

    # ------------------------------------------------------------ debrief
    def _build_debrief(self) -> None:
        self.steps: dict[str, w.Textarea] = {}
        parts: list[w.Widget] = [w.HTML(
            "<p>Six short steps. Write as much or as little as helps; an example is there only "
            "to show the kind of answer, not the right one.</p>")]
        for i, step in enumerate(self.p["steps"], 1):
            parts.append(w.HTML(
                f'<div class="wb-step"><h4>{i}. {esc(step["title"])}</h4>'
                f'<p>{esc(step["prompt"])}</p>'
                f'<p class="wb-muted">For example: {esc(step["example"])}</p></div>'))
            title = step["title"][0].lower() + step["title"][1:]
            area = text_area(f"Your notes: {title}", rows=3)
            self.steps[step["id"]] = area
            self.typing.add(step["id"], area, lambda s=step["id"]: self._key(s))
            parts.append(area)
            if step["id"] == "feelings":
                self.checkin = w.Dropdown(description="Link a check-in (optional)",
                                          style=LABEL, options=[("none", "")], value="")
                parts.append(w.HTML(
                    '<p>Naming the feeling can help. <a href="01_check_in.ipynb" '
                    'target="_blank" rel="noopener">Open the check-in</a> (about two minutes), '
                    "then link it here.</p>"))
                parts.append(self.checkin)
        self.save_debrief_btn = w.Button(description="Save the debrief", button_style="primary",
                                         icon="check")
        self.save_debrief_btn.on_click(self.guard(lambda _: self.save_debrief()))
        self._debrief_parts = parts + [w.HBox([self.save_debrief_btn])]
        self.debrief_box = w.VBox()

    def load_debrief(self) -> None:
        self._gate(self.debrief_box, self._debrief_parts)
        self.checkin.options = [("none", "")] + rf.checkins_for_picker(self.store)
        restored = self.typing.load({sid: getattr(self.interview, sid, "") if self.interview
                                     else "" for sid in self.steps})
        ids = [v for _, v in self.checkin.options]
        cid = self.interview.checkin_id if self.interview else ""
        self.checkin.value = cid if cid in ids else ""
        if restored:
            self.ctx.messages.info("Text you were typing earlier was brought back; save the "
                                   "debrief to keep it.")

    def save_debrief(self) -> None:
        iv = self._need_round()
        texts = {sid: area.value for sid, area in self.steps.items()}
        self.interview = rf.save_debrief(self.store, iv.id, checkin_id=self.checkin.value or None,
                                         **texts)
        self.typing.clear(*self.steps)
        self.ctx.messages.ok("Debrief saved.")

    # ------------------------------------------------------------ questions
    def _build_questions(self) -> None:
        qp = self.p["question"]
        comps = [("(none)", "")] + [(c["name"], c["id"]) for c in rf.competencies()]
        self.q_table = w.HTML()
        self.q_pick = stacked(w.Dropdown(description="Edit a question you logged, or add a new "
                                         "one", options=[("New question", NEW)]),
                              width="min(100%, 640px)")
        self.q_pick.observe(self.guard(lambda c: self.load_question(c["new"])), names="value")
        bank = [("Write my own", "")] + [
            (f"{rf.CATEGORIES.get(q['category'], q['category'])}: {q['text']}", q["id"])
            for q in rf.question_bank()]
        self.q_bank = stacked(w.Dropdown(description="Pick from the question bank (optional)",
                                         options=bank, value=""), width="min(100%, 640px)")
        self.q_bank.observe(self.guard(self._on_bank), names="value")
        self.q_text = text_area("The question", rows=2)
        self.q_category = w.Dropdown(description="Category", style=LABEL,
                                     options=[(v, k) for k, v in rf.CATEGORIES.items()],
                                     value="behavioural")
        self.q_competency = w.Dropdown(description="Competency", style=LABEL, options=comps,
                                       value="")
        self.q_mode = w.ToggleButtons(description="Answer as", style=LABEL,
                                      options=[("Free text", "free"), ("STAR parts", "star")],
                                      value="free")
        self.q_mode.observe(lambda c: self._show_mode(), names="value")
        self.q_answer = text_area(qp["answer_prompt"], rows=3)
        self.q_star = {k: text_area(v, rows=2) for k, v in qp["star"].items()}
        self.q_star_box = w.VBox(list(self.q_star.values()))
        self.q_rating = stacked(w.Dropdown(
            description="How did your answer feel? (self-rating 1-5)",
            options=[("not rated", 0)] + [(lab, i) for i, lab in
                                          enumerate(qp["rating_labels"], 1)], value=0),
            width="min(100%, 420px)")
        self.q_next = text_area(qp["next_time_prompt"], rows=2)
        for name, widget in [("q_answer", self.q_answer), ("q_next", self.q_next),
                             *[(k, v) for k, v in self.q_star.items()]]:
            self.typing.add(name, widget, lambda n=name: self._qkey(n))
        self.q_save = w.Button(description="Save question", button_style="primary", icon="check")
        self.q_save.on_click(self.guard(lambda _: self.save_question()))
        self.q_delete = w.Button(description="Delete question", icon="trash")
        self.q_delete.on_click(self.guard(lambda _: self.delete_question()))
        row = w.HBox([self.q_category, self.q_competency])
        row.add_class("wb-row-wrap")
        self._q_parts = [self.q_table, self.q_pick, self.q_bank, self.q_text, row, self.q_mode,
                         self.q_answer, self.q_star_box, self.q_rating, self.q_next,
                         w.HBox([self.q_save, self.q_delete])]
        self.questions_box = w.VBox()
        self._show_mode()

    def _qkey(self, name: str) -> str | None:
        if not self.interview:
            return None
        return f"reflection:{self.interview.id}:q:{self.q_pick.value}:{name}"

    def _show_mode(self) -> None:
        star = self.q_mode.value == "star"
        self.q_star_box.layout.display = None if star else "none"
        self.q_answer.layout.display = "none" if star else None

    def _on_bank(self, change: dict) -> None:
        entry = rf.bank_entry(change["new"]) if change["new"] else None
        if entry:
            self.q_text.value = entry["text"]
            self.q_category.value = entry["category"]
            self.q_competency.value = entry["competency"]

    def load_questions(self, select: str = NEW) -> None:
        self._gate(self.questions_box, self._q_parts)
        qs = rf.questions_of(self.store, self.interview.id) if self.interview else []
        self.q_pick.options = [("New question", NEW)] + [
            (f"{i}. {q.text[:80]}", q.id) for i, q in enumerate(qs, 1)]
        if qs:
            rows = "".join(
                f"<tr><td>{i}</td><td>{esc(q.text)}</td>"
                f"<td>{esc(rf.CATEGORIES.get(q.category, q.category))}</td>"
                f"<td>{esc(rf.competency_name(q.competency))}</td>"
                f"<td>{esc(q.rating) if q.rating else 'not rated'}</td></tr>"
                for i, q in enumerate(qs, 1))
            self.q_table.value = (
                f"<p>{len(qs)} question(s) logged for this interview.</p>"
                '<table class="wb-refl-table"><thead><tr><th>#</th><th>Question</th>'
                "<th>Category</th><th>Competency</th><th>Self-rating</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>")
        else:
            self.q_table.value = ("<p>No questions logged yet. Add the ones you remember, one "
                                  "at a time; three or four is plenty.</p>")
        if self.q_pick.value == select:
            self.load_question(select)
        else:
            self.q_pick.value = select

    def load_question(self, qid: str) -> None:
        q = self.store.get(Question, qid) if qid and qid != NEW else None
        self.q_delete.layout.display = None if q else "none"
        bank_ids = [v for _, v in self.q_bank.options]
        _set(self.q_bank, q.bank_id if q and q.bank_id in bank_ids else "")
        _set(self.q_text, q.text if q else "")
        self.q_category.value = q.category if q else "behavioural"
        comp = q.competency if q else ""
        if comp not in [v for _, v in self.q_competency.options]:
            self.q_competency.options = [*self.q_competency.options, (comp, comp)]
        self.q_competency.value = comp
        attrs = {"q_answer": "answer", "q_next": "next_time", **{k: k for k in self.q_star}}
        if self.typing.load({name: getattr(q, attr) if q else "" for name, attr in
                             attrs.items()}):
            self.ctx.messages.info("Text you were typing earlier was brought back; save the "
                                   "question to keep it.")
        has_star = q is not None and any(getattr(q, k) for k in self.q_star)
        self.q_mode.value = "star" if has_star else "free"
        self.q_rating.value = (q.rating or 0) if q else 0

    def save_question(self) -> Question:
        iv = self._need_round()
        qid = self.q_pick.value
        existing = self.store.get(Question, qid) if qid != NEW else None
        fields = dict(text=self.q_text.value, category=self.q_category.value,
                      competency=self.q_competency.value, answer=self.q_answer.value,
                      rating=self.q_rating.value or None, next_time=self.q_next.value,
                      bank_id=self.q_bank.value or None,
                      **{k: v.value for k, v in self.q_star.items()})
        if not fields["text"].strip():
            raise WorkbookError("The question is empty: pick one from the bank or write it in "
                                "the question box.")
        q = rf.save_question(self.store, iv.id, existing, **fields)
        self.typing.clear("q_answer", "q_next", *self.q_star)
        self.load_questions(select=NEW)
        self.ctx.messages.ok("Question saved. Add another, or move on when you are ready.")
        return q

    def delete_question(self) -> None:
        qid = self.q_pick.value
        if qid == NEW:
            raise WorkbookError("Pick a saved question to delete.")
        rf.delete(self.store, Question, qid)
        self.load_questions(select=NEW)
        self.ctx.messages.ok("Question deleted.")

    # ------------------------------------------------------------ self-check
    def _build_self_check(self) -> None:
        sc = self.p["self_check"]
        opts = [("not answered", 0)] + [(f"{i} - {lab}", i) for i, lab in
                                         enumerate(sc["scale"], 1)]
        self.checks: dict[str, w.Dropdown] = {}
        parts: list[w.Widget] = [w.HTML(f"<p>{esc(sc['intro'])}</p>")]
        for item in sc["items"]:
            dd = stacked(w.Dropdown(description=f"{item['label']}: {item['prompt']}",
                                    options=opts, value=0), width="min(100%, 640px)")
            self.checks[item["id"]] = dd
            parts.append(dd)
        self.check_note = text_area("Anything else about how you came across?", rows=2)
        self.typing.add("check_note", self.check_note, lambda: self._key("self_check_note"))
        self.check_save = w.Button(description="Save the self-check", button_style="primary",
                                   icon="check")
        self.check_save.on_click(self.guard(lambda _: self.save_self_check()))
        self._check_parts = parts + [self.check_note, w.HBox([self.check_save])]
        self.check_box = w.VBox()

    def load_self_check(self) -> None:
        self._gate(self.check_box, self._check_parts)
        data = self.interview.self_check if self.interview else {}
        for key, dd in self.checks.items():
            value = data.get(key)
            dd.value = value if isinstance(value, int) and 1 <= value <= 5 else 0
        self.typing.load({"check_note": str(data.get("note", ""))})

    def save_self_check(self) -> None:
        iv = self._need_round()
        ratings = {k: (dd.value or None) for k, dd in self.checks.items()}
        self.interview = rf.save_self_check(self.store, iv.id, ratings, self.check_note.value)
        self.typing.clear("check_note")
        self.ctx.messages.ok("Self-check saved.")

    # ------------------------------------------------------------ drafts
    def _build_drafts(self) -> None:
        dp = self.p["drafts"]
        self.d_kind = stacked(w.Dropdown(description="Which e-mail?", options=[
            (dp[t]["label"], t) for t in rf.TEMPLATES], value="thank_you"), width="min(100%, 420px)")
        self.d_when = w.HTML()
        self.d_to = w.Text(description="Their name (optional)", style=LABEL,
                           placeholder="e.g. Ms Park")
        self.d_me = w.Text(description="Your name for the sign-off (optional)", style=LABEL,
                           value=str(self.store.setting("display_name", "") or ""))
        self.d_extra = stacked(w.Text(description="One personal line to add (optional)",
                                      placeholder="e.g. I enjoyed hearing about the new "
                                                  "reporting project."))
        self.d_reason = text_area("One concrete reason they may not have seen (for the "
                                  "'reconsider me' note)", rows=2)
        self.d_kind.observe(lambda c: self._show_kind(), names="value")
        self.d_fill = w.Button(description="Fill in the draft", button_style="info", icon="pencil")
        self.d_fill.on_click(self.guard(lambda _: self.fill_draft()))
        self.d_pick = stacked(w.Dropdown(description="Your saved drafts for this interview",
                                         options=[("New draft", NEW)]), width="min(100%, 640px)")
        self.d_pick.observe(self.guard(lambda c: self.load_draft(c["new"])), names="value")
        self.d_subject = stacked(w.Text(description="Subject"))
        self.d_body = text_area("Text of the e-mail (edit freely)", rows=12)
        self.typing.add("d_body", self.d_body, lambda: self._key(f"draft:{self.d_pick.value}"))
        self.copy_subject = CopyButton(label="Copy the subject")
        self.copy_body = CopyButton(label="Copy the text")
        self.d_subject.observe(lambda c: setattr(self.copy_subject, "text", c["new"]),
                               names="value")
        self.d_body.observe(lambda c: setattr(self.copy_body, "text", c["new"]), names="value")
        self.d_save = w.Button(description="Save draft", button_style="primary", icon="check")
        self.d_save.on_click(self.guard(lambda _: self.save_draft()))
        self.d_delete = w.Button(description="Delete draft", icon="trash")
        self.d_delete.on_click(self.guard(lambda _: self.delete_draft()))
        self.d_sent_on = w.DatePicker(description="Sent on", style=LABEL)
        self.d_follow = w.DatePicker(description="Follow up on (optional)", style=LABEL)
        self.d_mark = w.Button(description="Mark as sent", icon="paper-plane")
        self.d_mark.on_click(self.guard(lambda _: self.mark_sent()))
        self.d_status = w.HTML()
        self.d_unsend = w.Button(description="Not sent after all", icon="undo")
        self.d_unsend.on_click(self.guard(lambda _: self.unmark_sent()))
        sent_row = w.HBox([self.d_sent_on, self.d_follow, self.d_mark, self.d_unsend])
        sent_row.add_class("wb-row-wrap")
        self._d_parts = [
            w.HTML("<p>Drafts to edit, copy into your e-mail and send when it feels right. "
                   "Nothing is sent from here.</p>"),
            self.d_pick, self.d_kind, self.d_when, self.d_to, self.d_me, self.d_extra,
            self.d_reason,
            w.HBox([self.d_fill]), self.d_subject, self.copy_subject, self.d_body, self.copy_body,
            w.HBox([self.d_save, self.d_delete]),
            w.HTML("<p>Once you have sent it, note the day; the follow-up date then shows in "
                   "your weekly review.</p>"), sent_row, self.d_status]
        self.drafts_box = w.VBox()
        self._show_kind()

    def _show_kind(self) -> None:
        kind = self.d_kind.value
        self.d_when.value = f'<p class="wb-muted">{esc(self.p["drafts"][kind]["when"])}</p>'
        self.d_reason.layout.display = None if kind == "reconsider" else "none"

    def load_drafts(self, select: str = NEW) -> None:
        self._gate(self.drafts_box, self._d_parts)
        drafts = [d for d in self.store.all(Draft)
                  if self.interview and d.interview_id == self.interview.id]
        labels = {t: self.p["drafts"][t]["label"] for t in rf.TEMPLATES}
        self.d_pick.options = [("New draft", NEW)] + [
            (f"{labels.get(d.template, d.template)}"
             + (f" (sent {d.sent_on.isoformat()})" if d.sent_on else " (not sent yet)"), d.id)
            for d in drafts]
        if self.d_pick.value == select:
            self.load_draft(select)
        else:
            self.d_pick.value = select

    def load_draft(self, did: str) -> None:
        d = self.store.get(Draft, did) if did and did != NEW else None
        self._draft = d
        self.d_delete.layout.display = None if d else "none"
        self.d_unsend.layout.display = None if d and d.sent_on else "none"
        if d and d.template in rf.TEMPLATES:
            self.d_kind.value = d.template
        self.d_subject.value = d.subject if d else ""
        self.typing.load({"d_body": d.body if d else ""})
        self.d_sent_on.value = d.sent_on if d else None
        self.d_follow.value = d.follow_up_on if d else None
        self._draft_status()

    def _draft_status(self) -> None:
        d = self._draft
        if d is None:
            self.d_status.value = ""
        elif d.sent_on:
            follow = (f"; follow up on {esc(d.follow_up_on.isoformat())}" if d.follow_up_on
                      else "")
            self.d_status.value = (f'<p class="wb-info" role="status">Sent on '
                                   f"{esc(d.sent_on.isoformat())}{follow}.</p>")
        else:
            self.d_status.value = '<p class="wb-muted">Saved, not sent yet.</p>'

    def fill_draft(self) -> Draft:
        iv = self._need_round()
        me = self.d_me.value.strip()
        if me != (self.store.setting("display_name", "") or ""):
            self.store.set_setting("display_name", me)
        d = rf.make_draft(self.store, self.d_kind.value, iv.id, to_name=self.d_to.value,
                          extra=self.d_extra.value,
                          reason=self.d_reason.value if self.d_kind.value == "reconsider"
                          else "")
        if self._draft is not None and self._draft.template == d.template:
            d.id = self._draft.id  # refilling a saved draft replaces its text
        self._draft = d
        self.d_subject.value = d.subject
        self.d_body.value = d.body
        self.d_status.value = ('<p class="wb-muted">Filled in from your records. Edit it, then '
                               "save and copy.</p>")
        return d

    def save_draft(self) -> Draft:
        self._need_round()
        if self._draft is None:
            self.fill_draft()
        d = rf.save_draft(self.store, self._draft, self.d_subject.value, self.d_body.value)
        self.typing.clear("d_body")
        self.load_drafts(select=d.id)
        self.ctx.messages.ok("Draft saved. Copy it into your e-mail when you are ready.")
        return d

    def mark_sent(self) -> Draft:
        d = self.save_draft()
        d = rf.mark_sent(self.store, d.id, self.d_sent_on.value or None,
                         self.d_follow.value or None)
        self.load_drafts(select=d.id)
        self.ctx.messages.ok("Marked as sent" + (
            f"; a follow-up on {d.follow_up_on.isoformat()} will show in your weekly review."
            if d.follow_up_on else "."))
        return d

    def unmark_sent(self) -> None:
        did = self.d_pick.value
        if did == NEW:
            raise WorkbookError("Pick a saved draft first.")
        d = rf.unmark_sent(self.store, did)
        self.load_drafts(select=d.id)
        self.ctx.messages.ok("Noted as not sent; its follow-up reminder is gone.")

    def delete_draft(self) -> None:
        did = self.d_pick.value
        if did == NEW:
            raise WorkbookError("Pick a saved draft to delete.")
        rf.delete(self.store, Draft, did)
        self.load_drafts(select=NEW)
        self.ctx.messages.ok("Draft deleted.")

    # ------------------------------------------------------------ feedback
    def _build_feedback(self) -> None:
        self.f_pick = stacked(w.Dropdown(description="Feedback you noted for this interview",
                                         options=[("New feedback", NEW)]), width="min(100%, 640px)")
        self.f_pick.observe(self.guard(lambda c: self.load_one_feedback(c["new"])),
                            names="value")
        self.f_text = text_area("What did they say?", rows=4)
        self.typing.add("f_text", self.f_text, lambda: self._key(f"feedback:{self.f_pick.value}"))
        self.f_from = w.Text(description="From whom", style=LABEL,
                             placeholder="e.g. recruiter, by phone")
        self.f_on = w.DatePicker(description="Received on", style=LABEL)
        self.f_comps = stacked(w.SelectMultiple(
            description="Competencies it touches (Ctrl or Cmd + click for several)",
            options=[(c["name"], c["id"]) for c in rf.competencies()], rows=8),
            width="min(100%, 420px)")
        self.f_skills = stacked(w.Text(description="Skills it names (comma-separated)",
                                       placeholder="e.g. SQL, stakeholder management"))
        self.f_suggest = w.Button(description="Suggest skills from the text", icon="lightbulb-o")
        self.f_suggest.on_click(self.guard(lambda _: self.suggest_skills()))
        self.f_save = w.Button(description="Save feedback", button_style="primary", icon="check")
        self.f_save.on_click(self.guard(lambda _: self.save_feedback()))
        self.f_delete = w.Button(description="Delete feedback", icon="trash")
        self.f_delete.on_click(self.guard(lambda _: self.delete_feedback()))
        self.f_area = w.Dropdown(description="Area to work on", style=LABEL, options=[])
        self.f_send = w.Button(description="Send to skill plan", icon="arrow-right")
        self.f_send.on_click(self.guard(lambda _: self.send_area()))
        self.f_send_row = w.HBox([self.f_area, self.f_send])
        self.f_send_row.add_class("wb-row-wrap")
        self.f_list = w.HTML()
        self._f_parts = [
            w.HTML("<p>Feedback can sting, even when it is kind. Note it in their words; you "
                   "decide what to do with it. Tag it, and send the areas you want to work on "
                   "to your skill plan, where you confirm them first.</p>"),
            self.f_pick, self.f_text, self.f_from, self.f_on, self.f_comps, self.f_skills,
            w.HBox([self.f_suggest]),
            w.HBox([self.f_save, self.f_delete]), self.f_send_row, self.f_list]
        self.feedback_box = w.VBox()

    def load_feedback(self, select: str = NEW) -> None:
        self._gate(self.feedback_box, self._f_parts)
        items = [f for f in self.store.all(Feedback)
                 if self.interview and f.interview_id == self.interview.id]
        self.f_pick.options = [("New feedback", NEW)] + [
            (f"{f.received_on or 'undated'}: {f.text[:60]}", f.id) for f in items]
        self.f_list.value = "".join(
            f'<blockquote class="wb-card"><p>{esc(f.text)}</p><p class="wb-muted">'
            f"{esc(f.from_whom or 'source not noted')}, {esc(f.received_on or 'undated')}; tags: "
            f"{esc(', '.join([rf.competency_name(c) for c in f.competencies] + f.skills) or 'none')}"
            "</p></blockquote>" for f in items)
        if self.f_pick.value == select:
            self.load_one_feedback(select)
        else:
            self.f_pick.value = select

    def load_one_feedback(self, fid: str) -> None:
        fb = self.store.get(Feedback, fid) if fid and fid != NEW else None
        self.f_delete.layout.display = None if fb else "none"
        self.typing.load({"f_text": fb.text if fb else ""})
        self.f_from.value = fb.from_whom if fb else ""
        self.f_on.value = fb.received_on if fb else self.store.today()
        known = [v for _, v in self.f_comps.options]
        extra = [c for c in (fb.competencies if fb else []) if c not in known]
        if extra:
            self.f_comps.options = [*self.f_comps.options, *[(c, c) for c in extra]]
        self.f_comps.value = tuple(fb.competencies) if fb else ()
        self.f_skills.value = ", ".join(fb.skills) if fb else ""
        areas = ([(rf.competency_name(c), rf.competency_name(c)) for c in fb.competencies]
                 + [(s, s) for s in fb.skills]) if fb else []
        self.f_area.options = list(dict.fromkeys(areas))
        self.f_area.value = areas[0][1] if areas else None
        self.f_send_row.layout.display = None if areas else "none"

    def suggest_skills(self) -> None:
        found = rf.suggest_skills(self.f_text.value)
        have = [x.strip() for x in self.f_skills.value.split(",") if x.strip()]
        new = [n for n in found if n.casefold() not in {h.casefold() for h in have}]
        if not new:
            self.ctx.messages.info("No further skills from the workbook's list were found in "
                                   "the text; you can type your own.")
            return
        self.f_skills.value = ", ".join(have + new)
        self.ctx.messages.info(f"Suggested: {', '.join(new)}. Keep the ones that fit, remove "
                               "the others, then save.")

    def save_feedback(self) -> Feedback:
        iv = self._need_round()
        fid = self.f_pick.value
        existing = self.store.get(Feedback, fid) if fid != NEW else None
        fb = rf.save_feedback(self.store, iv.id, existing, text=self.f_text.value,
                              from_whom=self.f_from.value, received_on=self.f_on.value,
                              competencies=list(self.f_comps.value),
                              skills=self.f_skills.value)
        self.typing.clear("f_text")
        self.load_feedback(select=fb.id)
        self.ctx.messages.ok("Feedback saved. If an area is worth working on, send it to your "
                             "skill plan below.")
        return fb

    def delete_feedback(self) -> None:
        fid = self.f_pick.value
        if fid == NEW:
            raise WorkbookError("Pick saved feedback to delete.")
        rf.delete(self.store, Feedback, fid)
        self.load_feedback(select=NEW)
        self.ctx.messages.ok("Feedback deleted.")

    def send_area(self) -> None:
        fid = self.f_pick.value
        if fid == NEW or not self.f_area.value:
            raise WorkbookError("Save the feedback with at least one competency or skill, then "
                                "pick the area to send.")
        skill = rf.send_to_skill_plan(self.store, self.f_area.value, fid)
        self.ctx.messages.ok(f"{skill.name} is in your skill plan, waiting for you to confirm "
                             "it in the skill-gap notebook.")

    # ------------------------------------------------------------ patterns
    def _build_patterns(self) -> None:
        self.pat_refresh = w.Button(description="Show the patterns", icon="refresh")
        self.pat_refresh.on_click(self.guard(lambda _: self.show_patterns()))
        self.pat_text = w.HTML()
        self.pat_charts = w.VBox()
        self.pat_weak = w.VBox()
        self.patterns_box = w.VBox([
            w.HTML("<p>Patterns across all your interviews. Numbers here are information, not "
                   "a verdict; a handful of interviews says little on its own.</p>"),
            w.HBox([self.pat_refresh]), self.pat_text, self.pat_weak, self.pat_charts])

    def _on_tab(self, change: dict) -> None:
        if change["new"] == 5:
            self.show_patterns()

    def show_patterns(self) -> None:
        from workbook.charts import interviews as ch

        qs = rf.questions(self.store)
        sentences = rf.pattern_sentences(self.store)
        figs = [
            (ch.ratings(rf.ratings_by(qs, "category"), "question category"),
             sentences["category"]),
            (ch.ratings(rf.ratings_by(qs, "competency"), "competency"),
             sentences["competency"]),
            (ch.recurring(rf.recurring(qs)), sentences["recurring"]),
            (ch.confidence_outcome(rf.confidence_vs_outcome(self.store)),
             sentences["confidence"]),
            (ch.themes(rf.feedback_themes(self.store)), sentences["themes"]),
        ]
        self.pat_text.value = ""
        parts: list[w.Widget] = []
        for fig, sentence in figs:
            parts.append(w.HTML(f'<p class="wb-caption">{esc(sentence)}</p>'))
            if fig.layout.annotations and not fig.data:
                continue  # nothing to draw yet: the sentence says so
            out = w.Output()
            show_figure(out, fig)
            parts.append(out)
        self.pat_charts.children = parts
        self.figures = [f for f, _ in figs]
        weak = rf.weak_areas(self.store)
        rows: list[w.Widget] = [w.HTML(
            "<h4>Areas you might work on</h4>" + (
                "<p>Nothing stands out yet.</p>" if not weak else
                "<p>Send any you choose to your skill plan; you confirm them there.</p>"))]
        for item in weak[:10]:
            btn = w.Button(description="Send to skill plan", icon="arrow-right",
                           tooltip=f"Send {item['name']} to the skill plan")
            btn.on_click(self.guard(lambda _, it=item: self._send_weak(it)))
            rows.append(w.HBox([w.HTML(f"<p><strong>{esc(item['name'])}</strong>: "
                                       f"{esc(item['why'])}</p>"), btn]))
        self.pat_weak.children = rows

    def _send_weak(self, item: dict) -> None:
        ids = item["feedback_ids"] or [None]
        for fid in ids:
            skill = rf.send_to_skill_plan(self.store, item["name"], fid)
        self.ctx.messages.ok(f"{skill.name} is in your skill plan, waiting for you to confirm "
                             "it in the skill-gap notebook.")

