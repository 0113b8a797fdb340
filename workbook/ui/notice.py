"""A message line that a screen reader announces and that scrolls itself into view.

``Notice`` holds a little HTML (``value``, always built with escaped user text) inside a
permanent live region. Each time it is given something to say (``ok``, ``error``, ``info``),
the browser scrolls just enough to bring it into the viewport (``block: "nearest"``), so a
"Saved" or "please fix this" next to a button at the bottom of a long page is never missed.
The page's top message line (``ui.common.Messages``) and every save action's own line
(``ui.forms.SaveAction``) are notices.
"""

from __future__ import annotations

import html
from typing import Any

import anywidget
import traitlets

_ESM = r"""
function render({ model, el }) {
  const region = document.createElement("div");
  region.className = "wb-notice";
  region.setAttribute("aria-live", "polite");
  el.appendChild(region);
  function draw() {
    region.innerHTML = model.get("value");
  }
  function reveal() {
    draw();
    if (!model.get("value") || !model.get("scroll")) return;
    // after layout, so a notice that has just grown is measured at its new height
    requestAnimationFrame(() => {
      if (el.offsetParent === null) return;  // in a hidden tab: nothing to scroll to
      el.scrollIntoView({ block: "nearest", inline: "nearest" });
    });
  }
  model.on("change:value", draw);
  model.on("change:shown", reveal);
  draw();
}
export default { render };
"""


def _esc(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


class Notice(anywidget.AnyWidget):
    """A line that says what just happened: ``ok``, ``error`` (announced at once), ``info``."""

    _esm = _ESM
    value = traitlets.Unicode("").tag(sync=True)
    #: counts what was said, so saying the same thing twice still scrolls it into view
    shown = traitlets.Int(0).tag(sync=True)
    scroll = traitlets.Bool(True).tag(sync=True)

    def _say(self, css: str, role: str, text: str) -> None:
        self.value = f'<div class="{css}" role="{role}">{_esc(text)}</div>'
        self.shown += 1

    def ok(self, text: str) -> None:
        self._say("wb-ok", "status", text)

    def error(self, text: str) -> None:
        self._say("wb-error", "alert", text)

    def info(self, text: str) -> None:
        self._say("wb-info", "status", text)

    def html(self, markup: str) -> None:
        """Show ready-made HTML (its user text already escaped by the caller)."""
        self.value = markup
        self.shown += 1

    def clear(self) -> None:
        self.value = ""
