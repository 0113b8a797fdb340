"""The shared pieces of every form: one save action, one delete-with-confirm, one draft keeper.

How a page uses them (the page owns the widgets; the core writes the record):

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
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

import anywidget
import ipywidgets as w
import traitlets

from workbook.ui.common import DraftKeeper, attempt, button, on_binder
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
                 notice: Notice | None = None, store: Any = None,
                 beside: tuple[w.Widget, ...] = ()):
        self.run = run
        self.button = SaveButton(description=description, icon=icon, primary=primary,
                                 tooltip=tooltip or description)
        self.notice = notice if notice is not None else Notice()
        self.notice.add_class("wb-save-notice")
        self._store = store
        self._running = False
        self.backup = w.VBox()
        self.button.on_click(lambda _: self.trigger())
        row = w.HBox([self.button, *beside])
        row.add_class("wb-row")
        parts: list[w.Widget] = [row]
        if notice is None:
            parts.append(self.notice)
        super().__init__([*parts, self.backup])
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
        it is done; what it says goes in the line beside it."""
        if self._running:
            return False
        self._running = True
        try:
            ok, said = attempt(self.run, self.notice)
            if ok:
                self.notice.ok(said or "Saved.")
                if on_binder() and self._store is not None:
                    from workbook.ui.common import backup_reminder

                    self.backup.children = [backup_reminder(self._store, self.notice)]
            return ok
        finally:
            self._running = False


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
        self.ctx, self.store, self.name = ctx, ctx.store, name
        self.on_continue = on_continue
        self.keepers: dict[str, DraftKeeper] = {}
        self.fields: dict[str, w.Widget] = {}
        self.notice = Notice(scroll=False)
        self.text = w.HTML()
        self.go_on = button("Continue it", primary=True, icon="pencil")
        self.drop = button("Discard it", icon="times")
        self.go_on.on_click(ctx.guard(lambda _: self.continue_draft()))
        self.drop.on_click(ctx.guard(lambda _: self.discard()))
        self.offer = w.VBox([self.text, w.HBox([self.go_on, self.drop])],
                            layout=w.Layout(display="none"))
        self.offer.add_class("wb-draft-offer")

    def watch(self, key: str, widget: w.Widget) -> DraftKeeper:
        """Keep ``widget``'s text as draft ``key`` as it is typed."""
        self.fields[key] = widget
        self.keepers[key] = DraftKeeper(self.store, key, widget, self.ctx.messages,
                                        restore=False)
        return self.keepers[key]

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
            self.keepers[key].clear()
