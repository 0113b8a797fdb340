"""Small accessible controls built on anywidget: native inputs with labels, keyboard operable.

ipywidgets' sliders fail axe-core (their handle has no accessible name), so anything a person
must set with a slider uses these instead:

- ``LabelledRange``: a native ``<input type="range">`` with a ``<label>``, the current value
  shown beside it and announced; drop-in for an IntSlider (``.value``, ``.observe``).
- ``MoodGrid``: a pleasantness x energy grid the person clicks, plus two labelled range
  inputs that set the same position from the keyboard. ``pleasantness`` and ``energy`` run
  from -1 to 1; ``chosen`` turns true once the person has set a position.

Both work in JupyterLab and Voila with no network (the JavaScript ships inline).
"""

from __future__ import annotations

from typing import Any

import anywidget
import traitlets

_RANGE_ESM = r"""
let counter = 0;
function render({ model, el }) {
  const id = "wb-range-" + Math.random().toString(36).slice(2) + (counter++);
  const wrap = document.createElement("div");
  wrap.className = "wb-range";
  // Keys typed here belong to the control, not to JupyterLab's notebook shortcuts
  // (ArrowLeft would otherwise collapse a heading cell).
  wrap.setAttribute("data-lm-suppress-shortcuts", "true");
  wrap.addEventListener("keydown", (ev) => ev.stopPropagation());
  const label = document.createElement("label");
  label.htmlFor = id;
  label.className = "wb-range-label";
  const input = document.createElement("input");
  input.type = "range";
  input.id = id;
  const out = document.createElement("output");
  out.htmlFor = id;
  out.className = "wb-range-value";
  out.setAttribute("aria-live", "polite");
  const help = document.createElement("div");
  help.className = "wb-range-help";
  help.id = id + "-help";
  function sync() {
    label.textContent = model.get("label");
    input.min = model.get("min");
    input.max = model.get("max");
    input.step = model.get("step");
    input.value = model.get("value");
    input.disabled = model.get("disabled");
    const unit = model.get("unit") || "";
    out.textContent = model.get("value") + unit;
    input.setAttribute("aria-valuetext", model.get("value") + unit);
    help.textContent = model.get("help") || "";
    if (help.textContent) { input.setAttribute("aria-describedby", help.id); }
    else { input.removeAttribute("aria-describedby"); }
  }
  sync();
  input.addEventListener("input", () => {
    const v = Number(input.value);
    out.textContent = v + (model.get("unit") || "");
    model.set("value", v);
    model.save_changes();
  });
  for (const name of ["value", "min", "max", "step", "label", "help", "unit", "disabled"]) {
    model.on("change:" + name, sync);
  }
  const row = document.createElement("div");
  row.className = "wb-range-row";
  row.append(input, out);
  wrap.append(label, row, help);
  el.append(wrap);
}
export default { render };
"""

_RANGE_CSS = r"""
.wb-range { display: flex; flex-direction: column; gap: 2px; margin: 6px 0; max-width: 520px; }
.wb-range-label { font-weight: 600; }
.wb-range-row { display: flex; align-items: center; gap: 10px; }
.wb-range-row input[type=range] { flex: 1; min-width: 160px; accent-color: #0072B2; height: 28px; }
.wb-range-row input[type=range]:focus-visible { outline: 3px solid #E69F00; outline-offset: 2px; }
.wb-range-value { min-width: 3.5em; font-variant-numeric: tabular-nums; }
.wb-range-help { color: #555; font-size: 0.9em; }
"""


class LabelledRange(anywidget.AnyWidget):
    """A labelled native range input (keyboard: arrows, Page Up/Down, Home/End).

    ``LabelledRange(label="Intensity", min=0, max=100, value=50, help="0 = barely")``.
    """

    _esm = _RANGE_ESM
    _css = _RANGE_CSS
    value = traitlets.Int(50).tag(sync=True)
    min = traitlets.Int(0).tag(sync=True)
    max = traitlets.Int(100).tag(sync=True)
    step = traitlets.Int(1).tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    help = traitlets.Unicode("").tag(sync=True)
    unit = traitlets.Unicode("").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        if not kwargs.get("label"):
            raise ValueError("LabelledRange needs a label: every control must say what it sets.")
        super().__init__(**kwargs)

    @traitlets.validate("value")
    def _clamp(self, proposal: Any) -> int:
        return max(self.min, min(self.max, int(proposal["value"])))


_GRID_ESM = r"""
let counter = 0;
const QUAD = {
  unpleasant_high: "Unpleasant, high energy",
  unpleasant_low: "Unpleasant, low energy",
  pleasant_high: "Pleasant, high energy",
  pleasant_low: "Pleasant, low energy",
};
function quadrant(p, e) {
  return (p >= 0 ? "pleasant" : "unpleasant") + "_" + (e >= 0 ? "high" : "low");
}
function render({ model, el }) {
  const uid = "wb-grid-" + Math.random().toString(36).slice(2) + (counter++);
  const root = document.createElement("div");
  root.className = "wb-grid-root";
  root.setAttribute("data-lm-suppress-shortcuts", "true");
  root.addEventListener("keydown", (ev) => ev.stopPropagation());

  const grid = document.createElement("div");
  grid.className = "wb-grid";
  grid.setAttribute("role", "img");
  grid.setAttribute("aria-label",
    "Feelings grid: left is unpleasant, right is pleasant, top is high energy, bottom is low " +
    "energy. Click a spot, or use the two sliders below.");
  for (const [cls, text] of [["uh", QUAD.unpleasant_high], ["ph", QUAD.pleasant_high],
                             ["ul", QUAD.unpleasant_low], ["pl", QUAD.pleasant_low]]) {
    const cell = document.createElement("div");
    cell.className = "wb-grid-cell wb-grid-" + cls;
    const span = document.createElement("span");
    span.textContent = text;
    cell.append(span);
    grid.append(cell);
  }
  const dot = document.createElement("div");
  dot.className = "wb-grid-dot";
  dot.setAttribute("aria-hidden", "true");
  grid.append(dot);
  const axisX = document.createElement("div");
  axisX.className = "wb-grid-axis";
  axisX.setAttribute("aria-hidden", "true");
  axisX.innerHTML = "<span>&larr; more unpleasant</span><span>more pleasant &rarr;</span>";

  function slider(name, text, help) {
    const box = document.createElement("div");
    box.className = "wb-range";
    const label = document.createElement("label");
    label.htmlFor = uid + "-" + name;
    label.className = "wb-range-label";
    label.textContent = text;
    const input = document.createElement("input");
    input.type = "range"; input.min = -100; input.max = 100; input.step = 5;
    input.id = uid + "-" + name;
    input.setAttribute("aria-describedby", uid + "-" + name + "-help");
    const h = document.createElement("div");
    h.className = "wb-range-help"; h.id = uid + "-" + name + "-help"; h.textContent = help;
    box.append(label, input, h);
    input.addEventListener("input", () => {
      model.set(name, Number(input.value) / 100);
      model.set("chosen", true);
      model.save_changes();
    });
    return [box, input];
  }
  const [pBox, pInput] = slider("pleasantness", "Pleasantness",
    "Far left: very unpleasant. Middle: neutral. Far right: very pleasant.");
  const [eBox, eInput] = slider("energy", "Energy",
    "Far left: very low energy, drained. Far right: very high energy, buzzing.");

  const status = document.createElement("div");
  status.className = "wb-grid-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");

  function describe(v) {
    const a = Math.abs(v);
    return a < 0.15 ? "slightly" : a < 0.5 ? "somewhat" : a < 0.85 ? "quite" : "very";
  }
  function sync() {
    const p = model.get("pleasantness"), e = model.get("energy");
    dot.style.left = ((p + 1) / 2 * 100) + "%";
    dot.style.top = ((1 - (e + 1) / 2) * 100) + "%";
    pInput.value = Math.round(p * 100);
    eInput.value = Math.round(e * 100);
    pInput.setAttribute("aria-valuetext", describe(p) + (p >= 0 ? " pleasant" : " unpleasant"));
    eInput.setAttribute("aria-valuetext", describe(e) + (e >= 0 ? " high energy" : " low energy"));
    const chosen = model.get("chosen");
    dot.style.display = chosen ? "block" : "none";
    status.textContent = chosen
      ? "You picked: " + QUAD[quadrant(p, e)] + " (" + describe(p) + " " +
        (p >= 0 ? "pleasant" : "unpleasant") + ", " + describe(e) + " " +
        (e >= 0 ? "high" : "low") + " energy)."
      : "Nothing picked yet: click the spot that fits, or use the sliders.";
  }
  grid.addEventListener("click", (ev) => {
    const r = grid.getBoundingClientRect();
    const x = Math.min(1, Math.max(0, (ev.clientX - r.left) / r.width));
    const y = Math.min(1, Math.max(0, (ev.clientY - r.top) / r.height));
    model.set("pleasantness", Math.round((x * 2 - 1) * 100) / 100);
    model.set("energy", Math.round((1 - y * 2) * 100) / 100);
    model.set("chosen", true);
    model.save_changes();
  });
  for (const name of ["pleasantness", "energy", "chosen"]) model.on("change:" + name, sync);
  sync();
  const top = document.createElement("div");
  top.className = "wb-grid-yhint";
  top.setAttribute("aria-hidden", "true");
  top.innerHTML = "&uarr; more energy";
  const bottom = document.createElement("div");
  bottom.className = "wb-grid-yhint";
  bottom.setAttribute("aria-hidden", "true");
  bottom.innerHTML = "&darr; less energy";
  const gridRow = document.createElement("div");
  gridRow.className = "wb-grid-row";
  gridRow.append(grid);
  const sliders = document.createElement("div");
  sliders.className = "wb-grid-sliders";
  sliders.append(pBox, eBox);
  root.append(top, gridRow, bottom, axisX, status, sliders);
  el.append(root);
}
export default { render };
"""

_GRID_CSS = r"""
.wb-grid-root { max-width: 520px; font-size: 14px; }
.wb-grid-row { display: flex; gap: 6px; align-items: stretch; }
.wb-grid-yhint { color: #444; font-size: 0.85em; text-align: center; margin: 2px 0; }
.wb-grid { position: relative; flex: 1; aspect-ratio: 1.5 / 1; min-height: 180px;
  display: grid; grid-template-columns: 1fr 1fr; grid-template-rows: 1fr 1fr;
  border: 1px solid #666; border-radius: 6px; cursor: crosshair; overflow: hidden; }
.wb-grid-cell { display: flex; padding: 8px; font-weight: 600; color: #222; }
.wb-grid-cell span { background: rgba(255,255,255,0.8); padding: 2px 6px; border-radius: 3px;
  height: fit-content; }
.wb-grid-uh { background: #fbe3cf; align-items: flex-start; }
.wb-grid-ph { background: #fdf5c4; justify-content: flex-end; align-items: flex-start; }
.wb-grid-ul { background: #d7e7f5; align-items: flex-end; }
.wb-grid-pl { background: #d3eee5; justify-content: flex-end; align-items: flex-end; }
.wb-grid-uh, .wb-grid-ul { border-right: 1px dashed #666; }
.wb-grid-uh, .wb-grid-ph { border-bottom: 1px dashed #666; }
.wb-grid-dot { position: absolute; width: 22px; height: 22px; margin: -11px 0 0 -11px;
  border-radius: 50%; background: #000; border: 3px solid #fff; box-shadow: 0 0 0 2px #000;
  pointer-events: none; }
.wb-grid-axis { display: flex; justify-content: space-between; color: #444;
  font-size: 0.85em; margin: 0 0 4px 0; }
.wb-grid-status { margin: 6px 0; font-weight: 600; }
.wb-grid-sliders { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.wb-grid-sliders .wb-range { display: flex; flex-direction: column; }
.wb-grid-sliders input[type=range] { width: 100%; accent-color: #0072B2; height: 28px; }
.wb-grid-sliders input[type=range]:focus-visible { outline: 3px solid #E69F00; outline-offset: 2px; }
.wb-range-label { font-weight: 600; }
.wb-range-help { color: #555; font-size: 0.85em; }
@media (max-width: 480px) { .wb-grid-sliders { grid-template-columns: 1fr; } }
"""


class MoodGrid(anywidget.AnyWidget):
    """Pleasantness x energy picker: click the grid, or set the two labelled sliders.

    ``pleasantness`` and ``energy`` are floats from -1 to 1; ``chosen`` is False until the
    person sets a position (so a neutral default is never saved by accident).
    """

    _esm = _GRID_ESM
    _css = _GRID_CSS
    pleasantness = traitlets.Float(0.0).tag(sync=True)
    energy = traitlets.Float(0.0).tag(sync=True)
    chosen = traitlets.Bool(False).tag(sync=True)

    @traitlets.validate("pleasantness", "energy")
    def _clamp(self, proposal: Any) -> float:
        value = float(proposal["value"])
        if value != value:
            return 0.0
        return max(-1.0, min(1.0, value))

    def set_position(self, pleasantness: float, energy: float) -> None:
        """Set both numbers at once and mark the position chosen (Python side)."""
        with self.hold_trait_notifications():
            self.pleasantness = pleasantness
            self.energy = energy
            self.chosen = True
