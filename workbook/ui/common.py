"""Pieces every notebook's app shares: the page frame, profile bar, safety panel, error
handler, save status, typing drafts, data panel, escaping and download links.

Every notebook's ``app()`` returns ``page(title, body_builder)``: a profile bar at the top
(active profile, a picker when several exist, the consent note when needed), a safety button
that is always one click away, a "Your data" panel (where it lives, download everything),
then the notebook's own body built for the chosen store.

Every button and observer callback goes through ``guarded`` (or ``ctx.guard``): a
WorkbookError shows its sentence in the page, any other error shows a calm general sentence
and logs the detail (in Voila an unhandled callback error would be invisible).

What a body builder gets (``Context``):

- ``ctx.store``: the open profile; ``ctx.messages``: the page's message line;
  ``ctx.safety``: the safety panel (``ctx.safety.open()`` shows it gently);
- ``ctx.guard(fn)``: wrap a callback;
- ``ctx.keep_draft(key, textarea)``: keep what is typed as a draft, restored on rebuild;
- ``ctx.saved(what)``: say "Saved at 14:02" (and, on Binder, offer a backup).
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import functools
import logging
import os
import time
import zoneinfo
from typing import Any, Callable

import ipywidgets as w

from workbook.errors import WorkbookError
from workbook.ui.html import esc, plural  # noqa: F401 - pages import them from here too
from workbook.ui.notice import Notice

log = logging.getLogger("workbook.ui")

AUTO = w.Layout(width="auto")



def on_binder() -> bool:
    """True when running on Binder or another JupyterHub (storage there is temporary).

    A hub that keeps each account's home, like a career centre's (deploy/jupyterhub/), sets
    ``WORKBOOK_KEEPS_DATA=1``: its people are not told their entries vanish."""
    if os.environ.get("WORKBOOK_KEEPS_DATA"):
        return False
    return bool(os.environ.get("BINDER_SERVICE_HOST")
                or os.environ.get("JUPYTERHUB_SERVICE_PREFIX"))


def stacked(widget: w.Widget, width: str = "100%") -> w.Widget:
    """Put a widget's label above it (readable at 390 px and with long labels)."""
    widget.add_class("wb-stacked")
    widget.layout.width = width
    if hasattr(widget, "style") and hasattr(widget.style, "description_width"):
        widget.style.description_width = "initial"
    return widget


def button(description: str, *, primary: bool = False, icon: str = "",
           tooltip: str = "") -> w.Button:
    """A button sized to its words (ipywidgets' fixed width cuts longer labels off)."""
    b = w.Button(description=description, icon=icon, tooltip=tooltip or description,
                 button_style="primary" if primary else "", layout=w.Layout(width="auto"))
    return b


# ---------------------------------------------------------------- messages and errors

class Messages(Notice):
    """The page's own message line under the profile bar (a ``Notice``: announced, and
    scrolled into view when it speaks). A save button's message goes beside that button
    instead (``ui.forms.SaveAction``)."""

    def __init__(self, **kw: Any):
        super().__init__(**kw)
        self.add_class("wb-message")


GENERAL_ERROR = ("Something went wrong on our side and nothing was changed. Please try again; "
                 "if it keeps happening, download a backup from the start page and tell "
                 "whoever set this up.")


def report_error(exc: BaseException, messages: Any, where: Any = None) -> None:
    """The one error handler: a WorkbookError shows its own sentence in ``messages``; any
    other error shows a calm general sentence and logs the detail."""
    if isinstance(exc, WorkbookError):
        messages.error(str(exc))
        return
    log.error("error in %s", getattr(where, "__qualname__", where), exc_info=exc)
    messages.error(GENERAL_ERROR)


def attempt(fn: Callable[..., Any], messages: Any, *args: Any, **kwargs: Any
            ) -> tuple[bool, Any]:
    """Run ``fn``; ``(True, result)``, or ``(False, None)`` after ``report_error``."""
    try:
        return True, fn(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - the one place every ui error is caught
        report_error(exc, messages, fn)
        return False, None


def guarded(fn: Callable[..., Any], messages: Any) -> Callable[..., Any]:
    """Wrap a button or observer callback: errors become one sentence in ``messages``."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        return attempt(fn, messages, *args, **kwargs)[1]

    return run


# ---------------------------------------------------------------- downloads and uploads

def download_link(data: bytes, filename: str, label: str,
                  mime: str = "application/octet-stream") -> w.HTML:
    """An HTML widget holding a data-URI link that downloads ``data`` as ``filename``.

    Works in JupyterLab and in Voila (FileLink answers 403 in Voila).
    """
    b64 = base64.b64encode(data).decode("ascii")
    return w.HTML(
        f'<a class="wb-download" download="{esc(filename)}" '
        f'href="data:{esc(mime)};base64,{b64}">{esc(label)}</a>')


def show_figure(out: w.Output, fig: Any, **config: Any) -> None:
    """Put a plotly figure in ``out``, replacing what was there.

    The same mime bundle ``fig.show(renderer="plotly_mimetype")`` emits, set directly: it
    works with or without a kernel, and avoids ``fig.show()``'s first renderer lookup, which
    imports nbformat and jsonschema (seconds on a busy machine) before the page appears.
    """
    import json

    data = json.loads(fig.to_json())
    data["config"] = {"displaylogo": False, "responsive": True, **config}
    title = fig.layout.title.text or "chart"
    out.outputs = ({"output_type": "display_data",
                    "data": {"application/vnd.plotly.v1+json": data,
                             "text/plain": f"Chart: {title}"},
                    "metadata": {}},)


def uploaded_files(upload: w.FileUpload) -> list[tuple[str, bytes]]:
    """(name, bytes) for each file in an ipywidgets 8 FileUpload."""
    return [(item["name"], bytes(item["content"])) for item in upload.value]


# ---------------------------------------------------------------- safety panel

def _resource_html(r: dict) -> str:
    name = esc(r.get("name", ""))
    if r.get("url"):
        name = (f'<a href="{esc(r["url"])}" target="_blank" rel="noopener noreferrer">'
                f"{name}</a>")
    else:
        name = f"<strong>{name}</strong>"
    phone = f' <a href="tel:{esc(r["phone"])}">{esc(r["phone"])}</a>' if r.get("phone") else ""
    return f"<li>{name}{phone}: {esc(r.get('text', ''))}</li>"


def _safety_html() -> str:
    """The panel's text from ``content/safety_resources.json`` (local services first)."""
    from workbook.content import load_json

    data = load_json("safety_resources.json")
    listed = [*data.get("local_resources", []), *data.get("resources", [])]
    items = "".join(_resource_html(r) for r in listed)
    now = "".join(f"<li>{esc(t)}</li>" for t in data.get("right_now", []))
    now_html = f"<p>Right now:</p><ul>{now}</ul>" if now else ""
    return (f'<div class="wb-safety" role="region" aria-label="Support right now">'
            f'<h3>{esc(data["title"])}</h3><p>{esc(data["intro"])}</p><ul>{items}</ul>'
            f'{now_html}<p><strong>{esc(data["emergency"])}</strong></p>'
            f'<p class="wb-muted">{esc(data["offline"])}</p></div>')


class SafetyPanel(w.VBox):
    """A button that is always there, and the panel it opens (crisis lines, emergency)."""

    _built = False

    def __init__(self) -> None:
        self.button = button("Support right now", icon="life-ring",
                             tooltip="Crisis lines and what to do if you are not safe")
        self.button.add_class("wb-safety-button")
        self.panel = w.HTML(_safety_html(), layout=w.Layout(display="none"))
        self.button.on_click(lambda _: self.toggle())
        super().__init__([self.button, self.panel])
        self._built = True

    def toggle(self) -> None:
        self.panel.layout.display = None if self.panel.layout.display == "none" else "none"

    @property
    def is_open(self) -> bool:
        return self.panel.layout.display != "none"

    def open(self) -> None:  # type: ignore[override]
        """Show the panel (used gently when a note mentions crisis words).

        ``Widget.__init__`` calls ``open()`` to create the widget's comm; until the panel is
        built, that call goes to the widget machinery.
        """
        if not self._built:
            super().open()
            return
        self.panel.layout.display = None


# ---------------------------------------------------------------- save status

class SaveStatus(w.VBox):
    """A quiet line: "Not saved yet", then "Saved at 14:02" (the profile's own clock).

    On Binder, after each save it also offers a backup download, because Binder forgets
    everything when the session ends.
    """

    def __init__(self, store: Any = None, messages: Messages | None = None):
        self.store = store
        self.line = w.HTML()
        self.line.add_class("wb-save-status")
        self.backup = w.VBox()
        self._messages = messages or Messages()
        super().__init__([self.line, self.backup])
        self.unsaved()

    def unsaved(self, text: str = "Not saved yet") -> None:
        self.line.value = f'<span class="wb-muted" role="status">{esc(text)}</span>'
        self.backup.children = []

    def saved(self, what: str = "", when: dt.datetime | None = None) -> None:
        """Show "Saved at HH:MM" (``what`` names it, e.g. "your check-in")."""
        if when is None:
            when = self.store.now() if self.store is not None else dt.datetime.now()
        thing = f"{what} " if what else ""
        self.line.value = (f'<span class="wb-muted wb-saved" role="status">{esc(thing)}'
                           f'{"s" if thing else "S"}aved at {when:%H:%M}</span>')
        if on_binder() and self.store is not None:
            self.backup.children = [backup_reminder(self.store, self._messages)]


def backup_reminder(store: Any, messages: Messages) -> w.Widget:
    """The quiet Binder reminder: a small button that makes the backup download link."""
    note = w.HTML('<span class="wb-muted">On Binder this is erased when the session ends '
                  '(about 10 idle minutes).</span>')
    make = button("Download a backup", icon="download",
                  tooltip="Everything in this profile as one .zip file")
    out = w.VBox()

    def on_click(_: Any) -> None:
        out.children = [bundle_link(store)]

    make.on_click(guarded(on_click, messages))
    box = w.HBox([note, make, out])
    box.add_class("wb-backup-reminder")
    return box


def bundle_link(store: Any, label: str = "") -> w.HTML:
    """A download link holding everything in ``store`` as one .zip bundle."""
    from workbook import bundle

    data = bundle.export(store)
    name = bundle.filename(store)
    size = f"{len(data) / 1024:.0f} KB" if len(data) < 1024 * 1024 else \
        f"{len(data) / 1024 / 1024:.1f} MB"
    return download_link(data, name, label or f"Save {name} ({size})",
                         mime="application/zip")


# ---------------------------------------------------------------- typing drafts

class DraftKeeper:
    """Keeps what is typed in a Textarea as a draft in the store, debounced.

    The draft is written ``delay`` seconds after the last keystroke (on the kernel's event
    loop), and at least every ``max_wait`` seconds while someone keeps typing, so a culled
    kernel or a closed tab loses a few seconds at most. With ``restore`` an empty field gets
    the stored draft back at once; ``ui.forms.DraftGroup`` offers it instead. Without a running event loop (tests,
    plain scripts) every change is written at once. Nothing is written before consent (the
    store refuses quietly).
    """

    def __init__(self, store: Any, key: str, textarea: w.Widget, messages: Messages, *,
                 delay: float = 1.0, max_wait: float = 5.0, restore: bool = True):
        self.store, self.key, self.textarea = store, key, textarea
        self.delay, self.max_wait = delay, max_wait
        self._handle: asyncio.TimerHandle | None = None
        self._last_write = time.monotonic()
        self._pending = False
        saved = store.draft(key) if restore else ""
        if saved and not textarea.value:
            textarea.value = saved
        self._observer = guarded(self._changed, messages)
        textarea.observe(self._observer, names="value")

    def _changed(self, change: dict) -> None:
        self._pending = True
        loop = _kernel_loop()
        if loop is None:
            self.flush()
            return
        if time.monotonic() - self._last_write >= self.max_wait:
            self.flush()
            return
        if self._handle is not None:
            self._handle.cancel()
        self._handle = loop.call_later(self.delay, self._timer_flush)

    def _timer_flush(self) -> None:
        try:
            self.flush()
        except Exception:  # noqa: BLE001 - a draft must never break the page
            log.exception("could not keep the draft %s", self.key)

    def flush(self) -> None:
        """Write the current text now (an empty text removes the draft)."""
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        text = self.textarea.value or ""
        if text:
            self.store.put_draft(self.key, text)
        else:
            self.store.clear_draft(self.key)
        self._pending = False
        self._last_write = time.monotonic()

    def clear(self) -> None:
        """Forget the draft (call after the text was saved as a record)."""
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        self._pending = False
        self.store.clear_draft(self.key)

    def stop(self) -> None:
        """Stop watching the textarea (the text stays as it is)."""
        self.textarea.unobserve(self._observer, names="value")


def _kernel_loop() -> asyncio.AbstractEventLoop | None:
    """The running event loop of an IPython kernel, or None outside a kernel.

    Only a kernel's loop is trusted to fire the debounce timer: elsewhere (tests, scripts) a
    loop may be set as running by another library (playwright's sync API does) without ever
    running our timers, and the draft would never be written.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    if shell is None or not hasattr(shell, "kernel"):
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def keep_draft(ctx: "Context", key: str, textarea: w.Widget, **kw: Any) -> DraftKeeper:
    """Keep ``textarea``'s text as draft ``key`` of the profile; restore it when empty.

    Use a key naming the form and field (``"check_in.note"``); call ``.clear()`` after a
    successful save.
    """
    return DraftKeeper(ctx.store, key, textarea, ctx.messages, **kw)


# ---------------------------------------------------------------- data panel

def data_summary_html(store: Any) -> str:
    """Where the profile lives, what it holds, and (on Binder) how long it stays."""
    from workbook.records import KINDS

    counts = {k: n for k, n in store.counts().items() if n}
    if counts:
        held = ", ".join(f"{n} {plural(KINDS[k].noun if k in KINDS else k, n)}"
                         for k, n in counts.items())
    else:
        held = "nothing yet"
    sample = (" This is the <strong>sample data</strong> of an invented person, so you can "
              "look around; your own entries go in a profile of your own."
              if store.is_demo else "")
    binder = ("<p><strong>You are on Binder:</strong> this copy of the workbook runs on a "
              "public server and everything is erased when the session ends (about 10 "
              "minutes without use). Download a backup before you leave; you can upload it "
              "next time.</p>" if on_binder() else "")
    return (f'<div class="wb-data" role="region" aria-label="Your data">'
            f'<p>Profile <strong>{esc(store.name)}</strong> holds {esc(held)}.{sample}</p>'
            f'<p class="wb-muted">Stored on this computer in <code>{esc(store.path)}</code>. '
            f'Nothing is sent anywhere.</p>{binder}</div>')


class DataPanel(w.VBox):
    """Where the data is, what is in it, and a button that makes the download link."""

    def __init__(self, store: Any, messages: Messages):
        self.store = store
        self.summary = w.HTML(data_summary_html(store))
        self.make = button("Download everything (one .zip file)", icon="download",
                           tooltip="A backup of this profile you can restore later")
        self.link = w.VBox()
        self.make.on_click(guarded(lambda _: self.prepare(), messages))
        super().__init__([self.summary, w.HBox([self.make, self.link])])
        self.add_class("wb-data-panel")

    def prepare(self) -> None:
        self.link.children = [bundle_link(self.store)]

    def refresh(self) -> None:
        self.summary.value = data_summary_html(self.store)
        self.link.children = []


# ---------------------------------------------------------------- time zone

@functools.cache
def timezone_names() -> tuple[str, ...]:
    """Every IANA time zone name, sorted (from tzdata, works offline)."""
    names = {n for n in zoneinfo.available_timezones() if "/" in n or n == "UTC"}
    return tuple(sorted(names))


def timezone_picker(store: Any, messages: Messages, *, save_button: bool = True
                    ) -> tuple[w.Widget, w.Dropdown]:
    """A dropdown of time zones set to the profile's (default: this machine's).

    Returns ``(widget, dropdown)``; with ``save_button`` the widget saves on click.
    """
    from workbook.store import machine_timezone

    current = store.setting("timezone") or machine_timezone()
    names = timezone_names()
    if current not in names:
        names = tuple(sorted((*names, current)))
    choice = w.Dropdown(options=names, value=current, description="Time zone",
                        style={"description_width": "initial"})
    if not save_button:
        return choice, choice
    save = button("Save time zone")

    def on_save(_: Any) -> None:
        store.set_setting("timezone", choice.value)
        messages.ok(f"Time zone set to {choice.value}: days and weeks now follow your clock.")

    save.on_click(guarded(on_save, messages))
    return w.HBox([choice, save]), choice


# ---------------------------------------------------------------- page frame

class Context:
    """What a notebook body is built with: the open store and the page's shared widgets.

    On the sample profile ``store`` is a ``profiles.SampleView`` (reads work, writes refuse);
    ``adopt(own)`` moves the page onto the person's own new profile in place, carrying the
    text typed so far across, so a part must read ``ctx.store`` when it acts rather than
    keep the store it was built with."""

    def __init__(self, store: Any, messages: Messages, safety: SafetyPanel,
                 switch: Callable[[str | None], None] | None = None,
                 adopted: Callable[[Any], None] | None = None):
        self.store = store
        self.messages = messages
        self.safety = safety
        self._switch = switch
        self._adopted = adopted
        self.keepers: list[DraftKeeper] = []

    def guard(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        return guarded(fn, self.messages)

    def keep_draft(self, key: str, textarea: w.Widget, **kw: Any) -> DraftKeeper:
        keeper = keep_draft(self, key, textarea, **kw)
        self.keepers.append(keeper)
        return keeper

    def save_status(self) -> SaveStatus:
        """A new quiet save-status line for a form in this page."""
        return SaveStatus(self.store, self.messages)

    @property
    def on_sample(self) -> bool:
        """True while the page shows the sample data (nothing can be saved in it)."""
        return bool(getattr(self.store, "is_demo", False))

    def adopt(self, own: Any) -> None:
        """Go on in this page with the person's own new profile ``own`` (consent given):
        every typing draft is written there at once and the profile bar follows."""
        self.store = own
        for keeper in self.keepers:
            keeper.store = own
            keeper.flush()
        if self._adopted is not None:
            self._adopted(own)

    def switch(self, name: str | None = None) -> None:
        """Open profile ``name`` in this page and rebuild it (None: back to the picker)."""
        if self._switch is None:
            raise WorkbookError("This page cannot switch profiles; open the start page.")
        self._switch(name)

    def reload(self) -> None:
        """Rebuild the page for the same profile (after renaming, restoring...)."""
        self.switch(self.store.name)


def style() -> w.HTML:
    from importlib.resources import files

    css = files("workbook.ui").joinpath("style.css").read_text(encoding="utf-8")
    return w.HTML(f"<style>{css}</style>")


def page(title: str, build: Callable[[Context], w.Widget]) -> w.VBox:
    """A notebook's whole app: style, profile bar, safety button, then ``build(ctx)``.

    The body is built only once a profile is open and, for a person's own profile, once
    they have agreed to the privacy note. Which profile opens is ``profiles``' rule.
    """
    from workbook import profiles

    messages = Messages()
    safety = SafetyPanel()
    body = w.VBox()
    body.add_class("wb-body")
    bar = w.HBox()
    bar.add_class("wb-profile-bar")
    data_box = w.VBox(layout=w.Layout(display="none"))
    state: dict[str, Any] = {"store": None, "kept": []}

    def close_current() -> None:
        for old in [state["store"], *state["kept"]]:
            if old is not None:
                try:
                    old.close()
                except Exception:  # noqa: BLE001 - closing must never stop a switch
                    log.exception("closing profile")
        state["store"], state["kept"] = None, []

    def show_bar(store: Any) -> None:
        label = esc(store.name) + (" (sample data)" if store.is_demo else "")
        data_button = button("Your data", icon="database",
                             tooltip="Where your data is and how to download it")
        data_box.layout.display = "none"
        data_box.children = []

        def toggle_data(_: Any) -> None:
            if data_box.layout.display == "none":
                data_box.children = [DataPanel(getattr(store, "store", store), messages)]
                data_box.layout.display = None
            else:
                data_box.layout.display = "none"

        data_button.on_click(guarded(toggle_data, messages))
        items: list[w.Widget] = [w.HTML(f'<span class="wb-profile">Profile: <strong>{label}'
                                        "</strong></span>")]
        if len(profiles.choices()) > 1 and not os.environ.get("WORKBOOK_PROFILE"):
            other = button("Switch profile", icon="exchange",
                           tooltip="Choose another profile")
            other.on_click(guarded(lambda _: switch(None), messages))
            items.append(other)
        bar.children = [*items, data_button, safety]

    def adopted(own: Any) -> None:
        # the sample store stays open until the page switches: parts may still read it
        state["kept"].append(state["store"])
        state["store"] = own
        show_bar(own)

    def show(store: Any) -> None:
        state["store"] = store
        ctx = Context(profiles.for_pages(store), messages, safety, switch, adopted)
        show_bar(store)
        if not store.consented and not store.is_demo:
            decline = (lambda: switch(None)) if len(profiles.choices()) > 1 else None
            body.children = [consent_panel(store, lambda: show(store), messages, decline)]
        else:
            body.children = [build(ctx)]

    def pick(name: str) -> None:
        messages.clear()
        close_current()
        show(profiles.open_profile(name))

    def switch(name: str | None) -> None:
        if name:
            pick(name)
            return
        close_current()
        bar.children = [w.HTML('<span class="wb-profile">No profile open</span>'), safety]
        data_box.layout.display = "none"
        body.children = [profile_picker(pick, messages)]

    try:
        name = profiles.default_profile()
        if name is None:
            switch(None)
        else:
            show(profiles.open_profile(name))
    except WorkbookError as exc:
        messages.error(str(exc))
    root = w.VBox([style(), w.HTML(f"<h2>{esc(title)}</h2>"), bar, data_box, messages, body],
                  layout=w.Layout(max_width="1100px"))
    root.add_class("wb-page")
    return root


def profile_picker(on_pick: Callable[[str], None], messages: Messages) -> w.Widget:
    """Choose which profile to open (several own profiles exist, so none opens by itself)."""
    from workbook import profiles
    from workbook import store as st

    names = profiles.choices()
    last = st.last_used()
    choice = w.Dropdown(options=names, value=last if last in names else None,
                        description="Profile")
    go = button("Open this profile", primary=True)
    go.on_click(guarded(lambda _: choice.value and on_pick(choice.value), messages))
    return w.VBox([
        w.HTML("<p>Several profiles are stored here, so none opens by itself: pick yours. "
               "Profile names may be pseudonyms.</p>"),
        w.HBox([choice, go])])


def consent_text(store: Any = None, *, name: str = "", path: str = "") -> str:
    """The privacy note for ``store`` (or a profile still to be made: ``name``, ``path``);
    the Binder paragraph only on Binder."""
    from workbook.content import load_text

    if store is not None:
        name, path = store.name, str(store.path)
    text = load_text("consent.html").replace("{profile}", esc(name)).replace(
        "{path}", esc(path))
    start, end = "<!-- binder -->", "<!-- /binder -->"
    if not on_binder() and start in text and end in text:
        text = text[:text.index(start)] + text[text.index(end) + len(end):]
    return text


def consent_panel(store: Any, on_agree: Callable[[], None], messages: Messages,
                  on_decline: Callable[[], None] | None = None) -> w.Widget:
    """The privacy note and the time zone; nothing personal is stored before agreeing.

    ``on_decline`` (when given) is offered as "Not now" (back to choosing a profile)."""
    tz_widget, tz = timezone_picker(store, messages, save_button=False)
    agree = button("I agree, continue", primary=True)

    def on_click(_: Any) -> None:
        store.agree()
        if store.setting("timezone") is None:
            store.set_setting("timezone", tz.value)
        on_agree()

    agree.on_click(guarded(on_click, messages))
    actions = [agree]
    if on_decline is not None:
        later = button("Not now", tooltip="Go back without agreeing; nothing is saved")
        later.on_click(guarded(lambda _: on_decline(), messages))
        actions.append(later)
    return w.VBox([w.HTML(consent_text(store)),
                   w.HTML("<p>Which time zone are you in? Check-ins and weeks follow your "
                          "own clock (you can change it later on the start page).</p>"),
                   tz_widget, w.HBox(actions)])
