"""Pieces every notebook's app shares: the page frame, profile bar, safety panel, error
handler, save status, escaping and download links.

Every notebook's ``app()`` returns ``page(title, body_builder)``: a profile bar at the top
(active profile, picker when several exist, consent when needed), a safety button that is
always one click away, then the notebook's own body built for the chosen store.

Every button and observer callback goes through ``guarded``: a WorkbookError shows its
sentence in the page, any other error shows a calm general sentence and logs the detail
(in Voila an unhandled callback error would be invisible).
"""

from __future__ import annotations

import base64
import functools
import html
import logging
from typing import Any, Callable

import ipywidgets as w

from workbook.errors import WorkbookError

log = logging.getLogger("workbook.ui")


def esc(text: Any) -> str:
    """User text made safe to put inside HTML (quotes included)."""
    return html.escape("" if text is None else str(text), quote=True)


# ---------------------------------------------------------------- messages and errors

class Messages(w.HTML):
    """A line in the page that says what just happened (saved, or what went wrong)."""

    def __init__(self, **kw: Any):
        super().__init__(**kw)
        self.add_class("wb-message")

    def ok(self, text: str) -> None:
        self.value = f'<div class="wb-ok" role="status">{esc(text)}</div>'

    def error(self, text: str) -> None:
        self.value = f'<div class="wb-error" role="alert">{esc(text)}</div>'

    def info(self, text: str) -> None:
        self.value = f'<div class="wb-info" role="status">{esc(text)}</div>'

    def clear(self) -> None:
        self.value = ""


def guarded(fn: Callable[..., Any], messages: Messages) -> Callable[..., Any]:
    """Wrap a button or observer callback: errors become one sentence in ``messages``."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except WorkbookError as exc:
            messages.error(str(exc))
        except Exception:  # noqa: BLE001 - the one place every ui error is caught
            log.exception("error in %s", getattr(fn, "__qualname__", fn))
            messages.error("Something went wrong on our side and nothing was changed. "
                           "Please try again; if it keeps happening, download a backup from "
                           "the start page and tell whoever set this up.")
        return None

    return run


# ---------------------------------------------------------------- downloads

def download_link(data: bytes, filename: str, label: str,
                  mime: str = "application/octet-stream") -> w.HTML:
    """An HTML widget holding a data-URI link that downloads ``data`` as ``filename``.

    Works in JupyterLab and in Voila (FileLink answers 403 in Voila).
    """
    b64 = base64.b64encode(data).decode("ascii")
    return w.HTML(
        f'<a class="wb-download" download="{esc(filename)}" '
        f'href="data:{esc(mime)};base64,{b64}">{esc(label)}</a>')


def uploaded_files(upload: w.FileUpload) -> list[tuple[str, bytes]]:
    """(name, bytes) for each file in an ipywidgets 8 FileUpload."""
    return [(item["name"], bytes(item["content"])) for item in upload.value]


# ---------------------------------------------------------------- safety panel

def _safety_html() -> str:
    from workbook.content import load_json

    data = load_json("safety_resources.json")
    items = "".join(
        f'<li><a href="{esc(r["url"])}" target="_blank" rel="noopener noreferrer">'
        f'{esc(r["name"])}</a>: {esc(r["text"])}</li>' if r.get("url") else
        f'<li><strong>{esc(r["name"])}</strong>: {esc(r["text"])}</li>'
        for r in data["resources"])
    return (f'<div class="wb-safety" role="region" aria-label="Support right now">'
            f'<h3>{esc(data["title"])}</h3><p>{esc(data["intro"])}</p><ul>{items}</ul>'
            f'<p><strong>{esc(data["emergency"])}</strong></p>'
            f'<p class="wb-muted">{esc(data["offline"])}</p></div>')


class SafetyPanel(w.VBox):
    """A button that is always there, and the panel it opens (crisis lines, emergency)."""

    def __init__(self) -> None:
        self.button = w.Button(description="Support right now", icon="life-ring",
                               tooltip="Crisis lines and what to do if you are not safe")
        self.button.add_class("wb-safety-button")
        self.panel = w.HTML(_safety_html(), layout=w.Layout(display="none"))
        self.button.on_click(lambda _: self.toggle())
        super().__init__([self.button, self.panel])
        self._built = True

    _built = False

    def toggle(self) -> None:
        self.panel.layout.display = None if self.panel.layout.display == "none" else "none"

    def open(self) -> None:  # type: ignore[override]
        """Show the panel (used gently when a note mentions crisis words).

        ``Widget.__init__`` calls ``open()`` to create the widget's comm; until the panel is
        built, that call goes to the widget machinery.
        """
        if not self._built:
            super().open()
            return
        self.panel.layout.display = None


# ---------------------------------------------------------------- page frame

class Context:
    """What a notebook body is built with: the open store and the page's shared widgets."""

    def __init__(self, store: Any, messages: Messages, safety: SafetyPanel):
        self.store = store
        self.messages = messages
        self.safety = safety

    def guard(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        return guarded(fn, self.messages)


def style() -> w.HTML:
    from importlib.resources import files

    css = files("workbook.ui").joinpath("style.css").read_text(encoding="utf-8")
    return w.HTML(f"<style>{css}</style>")


def page(title: str, build: Callable[[Context], w.Widget]) -> w.VBox:
    """A notebook's whole app: style, profile bar, safety button, then ``build(ctx)``.

    The body is built only once a profile is open and, for a person's own profile, once
    they have agreed to the privacy note.
    """
    from workbook import store as st

    messages = Messages()
    safety = SafetyPanel()
    body = w.VBox()
    bar = w.HBox()
    bar.add_class("wb-profile-bar")

    def show(store: Any) -> None:
        ctx = Context(store, messages, safety)
        label = esc(store.name) + (" (sample data)" if store.is_demo else "")
        bar.children = [w.HTML(f'<span class="wb-profile">Profile: <strong>{label}</strong>'
                               "</span>"), safety]
        if not store.consented and not store.is_demo:
            body.children = [consent_panel(store, lambda: show(store), messages)]
        else:
            body.children = [build(ctx)]

    def pick(name: str) -> None:
        show(st.open_profile(name))

    try:
        name = st.default_profile()
        if name is None:
            bar.children = [safety]
            body.children = [profile_picker(pick, messages)]
        else:
            show(st.open_profile(name))
    except WorkbookError as exc:
        messages.error(str(exc))
    return w.VBox([style(), w.HTML(f"<h2>{esc(title)}</h2>"), bar, messages, body],
                  layout=w.Layout(max_width="1100px"))


def profile_picker(on_pick: Callable[[str], None], messages: Messages) -> w.Widget:
    """Choose which profile to open (several exist, so none opens by itself)."""
    from workbook import store as st

    names = st.list_profiles()
    choice = w.Dropdown(options=names, value=None, description="Profile")
    go = w.Button(description="Open this profile", button_style="primary")
    go.on_click(guarded(lambda _: choice.value and on_pick(choice.value), messages))
    return w.VBox([
        w.HTML("<p>Several profiles are stored here, so none opens by itself: pick yours. "
               "Profile names may be pseudonyms.</p>"),
        w.HBox([choice, go])])


def consent_panel(store: Any, on_agree: Callable[[], None], messages: Messages) -> w.Widget:
    """The privacy note; nothing personal is stored before the person agrees."""
    from workbook.content import load_text

    text = load_text("consent.html").replace("{profile}", esc(store.name)).replace(
        "{path}", esc(str(store.path)))
    agree = w.Button(description="I agree, continue", button_style="primary")

    def on_click(_: Any) -> None:
        store.agree()
        on_agree()

    agree.on_click(guarded(on_click, messages))
    return w.VBox([w.HTML(text), agree])
