"""A small copy-to-clipboard button (anywidget) that works in JupyterLab and Voila.

It copies ``text`` with the browser's clipboard API. Where the browser refuses (no secure
context, permission denied, an old browser), it shows the text in a read-only box with all
of it selected and says to press Ctrl+C (Cmd+C on a Mac), so the person can always copy.
``status`` reports back what happened: "copied" or "selected" (empty before any click).
"""

from __future__ import annotations

from typing import Any

import anywidget
import traitlets

_ESM = r"""
function render({ model, el }) {
  const wrap = document.createElement("div");
  wrap.className = "wb-copy";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "wb-copy-button";
  const status = document.createElement("span");
  status.className = "wb-copy-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  const box = document.createElement("textarea");
  box.readOnly = true;
  box.rows = 6;
  box.className = "wb-copy-fallback";
  box.style.display = "none";
  box.style.width = "100%";
  const boxId = "wb-copy-" + Math.random().toString(36).slice(2);
  box.id = boxId;
  const boxLabel = document.createElement("label");
  boxLabel.htmlFor = boxId;
  boxLabel.style.display = "none";

  function sync() {
    button.textContent = model.get("label");
    button.setAttribute("aria-label", model.get("label"));
    boxLabel.textContent = "Text to copy (" + model.get("label") + ")";
    button.disabled = !model.get("text");
  }
  function done(kind, message) {
    status.textContent = message;
    model.set("status", kind);
    model.set("clicks", model.get("clicks") + 1);
    model.save_changes();
  }
  function fallback() {
    box.value = model.get("text");
    box.style.display = "block";
    boxLabel.style.display = "block";
    box.focus();
    box.select();
    let copied = false;
    try { copied = document.execCommand && document.execCommand("copy"); } catch (e) { copied = false; }
    if (copied) {
      done("copied", "Copied. You can paste it into your e-mail.");
    } else {
      done("selected", "Your browser did not allow copying: the text is selected below, press Ctrl+C (Cmd+C on a Mac).");
    }
  }
  button.addEventListener("click", async () => {
    const text = model.get("text");
    box.style.display = "none";
    boxLabel.style.display = "none";
    try {
      if (!navigator.clipboard || !window.isSecureContext) throw new Error("no clipboard");
      await navigator.clipboard.writeText(text);
      done("copied", "Copied. You can paste it into your e-mail.");
    } catch (e) {
      fallback();
    }
  });
  model.on("change:label", sync);
  model.on("change:text", sync);
  sync();
  wrap.append(button, status, boxLabel, box);
  el.appendChild(wrap);
}
export default { render };
"""

_CSS = """
.wb-copy { display: flex; flex-wrap: wrap; align-items: center; gap: 0.6em; margin: 4px 0; }
.wb-copy-button { font: inherit; padding: 5px 12px; border: 1px solid #0072B2; border-radius: 4px;
  background: #fff; color: #0b4f7c; cursor: pointer; }
.wb-copy-button:hover, .wb-copy-button:focus-visible { background: #e8f1f8; outline: 2px solid #0072B2; }
.wb-copy-button:disabled { color: #777; border-color: #bbb; cursor: default; }
.wb-copy-status { color: #1a5e45; font-size: 0.95em; }
.wb-copy-fallback { flex-basis: 100%; font: inherit; }
"""


class CopyButton(anywidget.AnyWidget):
    """A labelled button that copies ``text``; falls back to selecting it for Ctrl+C."""

    _esm = _ESM
    _css = _CSS
    text = traitlets.Unicode("").tag(sync=True)
    label = traitlets.Unicode("Copy").tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    clicks = traitlets.Int(0).tag(sync=True)

    def __init__(self, text: str = "", label: str = "Copy", **kw: Any) -> None:
        super().__init__(text=text, label=label, **kw)
