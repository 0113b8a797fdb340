"""The shared pieces of every form: one save action, one delete-with-confirm, one draft keeper.

How a page uses them (a page and each of its parts is a ``Part``; the page owns the widgets; the core writes the record):

    save = SaveAction("Save check-in", self._save)      # _save returns what to say
    delete = ConfirmDelete("Delete it", what=self._what_goes, run=self._delete)
    drafts = DraftGroup(ctx, "thought record", on_continue=self._open)
    drafts.watch("check_in.tr.thought", self.thought)   # every free-text field
    drafts.offer_if_unfinished()                          # after watching them all
    VBox([..., drafts.offer, ..., save, ..., delete])

- ``SaveAction`` is a button and the message line beside it. A click runs ``run()`` once:
  the button (``SaveButton``) turns itself off in the browser as it is pressed and back on
  when the kernel is done, so a double click sends one click and writes one record; what
  ``run`` returns ("Saved ...") or the error's sentence (through ``ui.common``'s one error handler) appears in that line,
  announced to screen readers and scrolled into view.
- ``ConfirmDelete`` asks first, naming what goes (``what()`` returns the sentence), and
  deletes once on "Yes, delete it". Without a description it has no button of its own:
  call ``ask(sentence, run)`` from a row's own delete button.
- ``DraftGroup`` keeps every watched field as a draft in the store as it is typed
  (``ui.common.DraftKeeper``). When the page opens with an unfinished draft, ``offer``
  says so ("Unfinished thought record from 19:03") with Continue and Discard; Continue
  puts the text back and calls ``on_continue``. ``clear()`` after a successful save.
  For fields whose record changes (the debrief of whichever interview is picked), use
  ``follow(name, widget, key_fn)`` and ``load({name: saved_text})`` when a record is
  loaded: text typed earlier and not saved comes back, and ``load`` says so.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

import anywidget
import ipywidgets as w
import traitlets

from workbook.profiles import SampleDataWrite
from workbook.ui.common import (
    DraftKeeper, attempt, backup_reminder, button, on_binder, report_error,
)
from workbook.ui.html import esc
from workbook.ui.notice import Notice

_BUTTON_ESM = r"""
function render({ model, el }) {
  const b = document.createElement("button");
  b.type = "button";
  const icon = document.createElement("i");
  const label = document.createElement("span");
  b.append(icon, label);
  function sync() {
    b.className = "jupyter-button widget-button wb-save-button"
      + (model.get("primary") ? " mod-primary" : "");
    icon.className = model.get("icon") ? "fa fa-" + model.get("icon") : "";
    label.textContent = (model.get("icon") ? " " : "") + model.get("description");
    b.title = model.get("tooltip") || model.get("description");
    b.disabled = model.get("busy");
    b.setAttribute("aria-busy", model.get("busy") ? "true" : "false");
  }
  b.addEventListener("click", () => {
    if (model.get("busy")) return;
    // disabled here, before the kernel hears of it: a second click never reaches it
    model.set("busy", true);
    model.save_changes();
    model.send({ event: "click" });
    sync();
  });
  for (const name of ["description", "icon", "primary", "tooltip", "busy"]) {
    model.on("change:" + name, sync);
  }
  sync();
  el.appendChild(b);
}
export default { render };
"""


class Part(w.VBox):
    """A page, or a part of one: a VBox holding the page's context. ``store`` is read each
    time a part acts, because the page may move from the sample to the person's own
    profile while it is open."""

    def __init__(self, ctx: Any, children: tuple[w.Widget, ...] | list[w.Widget] = ()):
        self.ctx = ctx
        super().__init__(list(children))

    @property
    def store(self) -> Any:
        return self.ctx.store


class SaveButton(anywidget.AnyWidget):
    """A button that turns itself off in the browser the moment it is pressed, and back on
    when the kernel has finished: a double click sends one click."""

    _esm = _BUTTON_ESM
    description = traitlets.Unicode("").tag(sync=True)
    icon = traitlets.Unicode("").tag(sync=True)
    tooltip = traitlets.Unicode("").tag(sync=True)
    primary = traitlets.Bool(True).tag(sync=True)
    busy = traitlets.Bool(False).tag(sync=True)

    def __init__(self, **kw: Any):
        super().__init__(**kw)
        self._handlers: list[Callable[[Any], Any]] = []
        self.on_msg(self._message)

    def on_click(self, handler: Callable[[Any], Any]) -> None:
        self._handlers.append(handler)

    def click(self) -> None:
        """Press the button from Python (tests), as the browser's click does."""
        self.busy = True
        self._clicked()

    @property
    def disabled(self) -> bool:
        return self.busy

    def _message(self, _: Any, content: dict, buffers: Any) -> None:
        if content.get("event") == "click":
            self._clicked()

    def _clicked(self) -> None:
        try:
            for handler in self._handlers:
                handler(self)
        finally:
            self.busy = False


class SaveAction(w.VBox):
    """A button that writes, with its own message line beside it."""

    def __init__(self, description: str, run: Callable[[], str | None], *,
                 icon: str = "check", primary: bool = True, tooltip: str = "",
                 notice: Notice | None = None, ctx: Any = None,
                 beside: tuple[w.Widget, ...] = ()):
        self.run = run
        self.ctx = ctx
        self.said = ""
        self.own_step = w.VBox()
        self.button = SaveButton(description=description, icon=icon, primary=primary,
                                 tooltip=tooltip or description)
        self.notice = notice if notice is not None else Notice()
        self.notice.add_class("wb-save-notice")
        self._running = False
        self.backup = w.VBox()
        self.button.on_click(lambda _: self.trigger())
        row = w.HBox([self.button, *beside])
        row.add_class("wb-row")
        parts: list[w.Widget] = [row]
        if notice is None:
            parts.append(self.notice)
        super().__init__([*parts, self.own_step, self.backup])
        self.add_class("wb-save-action")

    @property
    def description(self) -> str:
        return self.button.description

    @description.setter
    def description(self, text: str) -> None:
        self.button.description = text
        self.button.tooltip = text

    def click(self) -> None:
        """Press the button (as a person would)."""
        self.button.click()

    def trigger(self) -> bool:
        """Run the save once; True when it ran and succeeded. The button stays off until
        it is done; what it says goes in the line beside it. On the sample data the save
        waits for the person to start their own profile (``OwnProfileStep``)."""
        if self._running:
            return False
        self._running = True
        try:
            try:
                said = self.run()
            except SampleDataWrite as exc:
                if self.ctx is None:
                    self.notice.error(str(exc))
                else:
                    self._ask_for_own_profile()
                return False
            except Exception as exc:  # noqa: BLE001 - shown through the one error handler
                report_error(exc, self.notice, self.run)
                return False
            self.said = said or "Saved."
            self.notice.ok(self.said)
            store = self.ctx.store if self.ctx is not None else None
            if on_binder() and store is not None:
                self.backup.children = [backup_reminder(store, self.notice)]
            return True
        finally:
            self._running = False

    def _ask_for_own_profile(self) -> None:
        self.notice.info("This is the sample data of an invented person, so nothing you "
                         "enter goes into it. To keep what you entered, start your own "
                         "profile just below: one step, and it comes with you.")
        self.own_step.children = [OwnProfileStep(self.ctx, self._own_profile_started)]

    def _own_profile_started(self) -> None:
        self.own_step.children = []
        name = self.ctx.store.name
        if self.trigger():
            self.notice.ok(f"{self.said} It is in your own profile, {name}; the "
                           "sample data stays as it was.")

class OwnProfileStep(w.VBox):
    """The first save on the sample data: start your own profile, the privacy note and the
    agreement in this same step, the name optional; what was typed comes along."""

    def __init__(self, ctx: Any, on_started: Callable[[], None]):
        from workbook import store as st
        from workbook.ui.common import consent_text, timezone_picker

        self.ctx, self.on_started = ctx, on_started
        self.name = w.Text(description="Name for your profile (optional)",
                           placeholder="a first name or a pseudonym; empty is fine",
                           style={"description_width": "initial"},
                           layout=w.Layout(width="min(100%, 520px)"))
        tz_widget, self.timezone = timezone_picker(ctx.store, ctx.messages, save_button=False)
        self.agree = SaveButton(description="I agree: start my profile and save",
                                icon="check", primary=True)
        self.agree.on_click(lambda _: self._start())
        self.later = button("Not now", tooltip="Nothing is saved; you can keep looking around")
        self.later.on_click(lambda _: setattr(self, "children", []))
        self.notice = Notice()
        row = w.HBox([self.agree, self.later])
        row.add_class("wb-row")
        super().__init__([
            w.HTML("<p><strong>Start your own profile.</strong> It starts empty and "
                   "belongs to you; the sample data stays separate. Please read this first:"
                   "</p>"),
            w.HTML(consent_text(name="your own profile", path=str(st.profiles_dir()))),
            self.name, tz_widget, row, self.notice])
        self.add_class("wb-own-profile-step")

    def _start(self) -> None:
        from workbook import profiles

        ok, own = attempt(lambda: profiles.start_own(self.name.value, self.timezone.value),
                          self.notice)
        if ok:
            self.ctx.adopt(own)
            self.on_started()


class ConfirmDelete(w.VBox):
    """Delete, after a question that names what goes; the record is deleted once."""

    def __init__(self, description: str = "", *, what: Callable[[], str] | None = None,
                 run: Callable[[], str | None] | None = None, yes: str = "Yes, delete it",
                 no: str = "No, keep it", icon: str = "trash", tooltip: str = ""):
        self._what, self._run = what, run
        self.notice = Notice()
        self.question = w.HTML()
        self.keep = button(no)
        self.keep.on_click(lambda _: self.cancel())
        self.yes = SaveButton(description=yes, icon="trash", primary=False)
        self.yes.add_class("wb-danger")
        self.yes.on_click(lambda _: self._confirmed())
        row = w.HBox([self.yes, self.keep])
        row.add_class("wb-row")
        self.asking = w.VBox([self.question, row], layout=w.Layout(display="none"))
        self.asking.add_class("wb-confirm")
        parts: list[w.Widget] = []
        self.ask_button: w.Button | None = None
        if description:
            self.ask_button = button(description, icon=icon, tooltip=tooltip or description)
            self.ask_button.on_click(lambda _: self.ask())
            parts.append(w.HBox([self.ask_button]))
        super().__init__([*parts, self.asking, self.notice])

    @property
    def is_asking(self) -> bool:
        return self.asking.layout.display != "none"

    def ask(self, sentence: str | None = None,
            run: Callable[[], str | None] | None = None) -> None:
        """Show the question (``sentence``, else ``what()``); ``run`` replaces the deletion."""
        if run is not None:
            self._run = run
        if sentence is None:
            ok, sentence = attempt(self._what or (lambda: "Delete it?"), self.notice)
            if not ok:
                return
        self.notice.clear()
        self.question.value = f'<p role="alert">{esc(sentence)}</p>'
        self.asking.layout.display = None

    def confirm(self) -> None:
        """Press "Yes, delete it"."""
        self.yes.click()

    def cancel(self) -> None:
        self.asking.layout.display = "none"
        self.question.value = ""

    def _confirmed(self) -> None:
        if not self.is_asking or self._run is None:
            return  # already answered
        self.cancel()
        ok, said = attempt(self._run, self.notice)
        if ok:
            self.notice.ok(said or "Deleted.")


class DraftGroup:
    """The typing drafts of one form, and the offer to continue an unfinished one."""

    def __init__(self, ctx: Any, name: str, *, on_continue: Callable[[], None] | None = None):
        self.ctx, self.name = ctx, name
        self.on_continue = on_continue
        self.keepers: dict[str, DraftKeeper] = {}
        self.fields: dict[str, w.Widget] = {}
        self._following: dict[str, tuple[w.Widget, Callable[[], str | None]]] = {}
        self.notice = Notice(scroll=False)
        self.text = w.HTML()
        self.go_on = button("Continue it", primary=True, icon="pencil")
        self.drop = button("Discard it", icon="times")
        self.go_on.on_click(ctx.guard(lambda _: self.continue_draft()))
        self.drop.on_click(ctx.guard(lambda _: self.discard()))
        self.offer = w.VBox([self.text, w.HBox([self.go_on, self.drop])],
                            layout=w.Layout(display="none"))
        self.offer.add_class("wb-draft-offer")

    @property
    def store(self) -> Any:
        return self.ctx.store

    def watch(self, key: str, widget: w.Widget) -> DraftKeeper:
        """Keep ``widget``'s text as draft ``key`` as it is typed."""
        self.fields[key] = widget
        self.keepers[key] = self.ctx.keep_draft(key, widget, restore=False)
        return self.keepers[key]

    def follow(self, name: str, widget: w.Widget, key: Callable[[], str | None]) -> None:
        """Keep ``widget`` as a draft under ``key()``, a key that changes with the record
        the form shows (see ``load``)."""
        self._following[name] = (widget, key)

    def load(self, saved: dict[str, str]) -> bool:
        """Fill followed fields for the record now shown: its saved text, or what was typed
        for it and not saved yet. True when such typed text came back."""
        restored = False
        for name, value in saved.items():
            widget, key_fn = self._following[name]
            old = self.keepers.pop(name, None)
            if old is not None:
                if old._pending:
                    old.flush()
                old.stop()
                if old in self.ctx.keepers:
                    self.ctx.keepers.remove(old)
            key = key_fn()
            typed = self.store.draft(key) if key else ""
            restored = restored or bool(typed and typed != (value or ""))
            widget.value = typed or value or ""
            if key:
                self.keepers[name] = self.ctx.keep_draft(key, widget, restore=False)
        return restored

    def unfinished(self) -> dict[str, str]:
        """The drafts of this form still in the store, by key."""
        return {d["key"]: d["value"] for d in self.store.drafts()
                if d["key"] in self.fields and d["value"]}

    def since(self) -> dt.datetime | None:
        """When the unfinished draft was last typed in, on the profile's clock."""
        times = [d["updated"] for d in self.store.drafts()
                 if d["key"] in self.fields and d["value"]]
        if not times:
            return None
        when = dt.datetime.fromisoformat(max(times))
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.timezone.utc)
        return when.astimezone(self.store.timezone)

    def offer_if_unfinished(self) -> bool:
        """Show the offer when the page opens with an unfinished draft; True if shown."""
        when = self.since()
        if when is None:
            self.offer.layout.display = "none"
            return False
        day = "" if when.date() == self.store.today() else f"{when:%a %d %b}, "
        self.text.value = (f'<p class="wb-info" role="status">Unfinished {esc(self.name)} '
                           f"from {day}{when:%H:%M}: continue it or discard it?</p>")
        self.offer.layout.display = None
        return True

    def continue_draft(self) -> None:
        """Put the unfinished text back in its (empty) fields and open the form."""
        for key, text in self.unfinished().items():
            widget = self.fields[key]
            if not widget.value:
                widget.value = text
        self.offer.layout.display = "none"
        if self.on_continue is not None:
            self.on_continue()

    def discard(self) -> None:
        """Forget the unfinished draft for good."""
        self.clear()
        self.offer.layout.display = "none"

    def clear(self, *keys: str) -> None:
        """Forget the drafts (all of the form's, or ``keys``), after a save."""
        for key in keys or tuple(self.keepers):
            if key in self.keepers:
                self.keepers[key].clear()
