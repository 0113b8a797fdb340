"""Text a person cannot read on the page: overlapping chart labels, cut labels and buttons.

``faults(page)`` looks at what is on screen now (hidden tabs are left out) and returns one
plain line per fault. It compares the bounding boxes the browser laid out:

- chart text: every SVG ``text`` of each visible plotly chart (titles, ticks, legends,
  annotations, cell and bar labels), pairwise: two that cover each other, or one that
  sticks out of its chart (plotly does not cut a long tick label, the chart's edge does);
- widget text: buttons, descriptions, checkbox and toggle labels and tab titles whose text
  is wider than their box (``scrollWidth > clientWidth``: the browser shows "Save thou...");
- page text: tables, paragraphs and widgets that reach past an ancestor that hides its
  overflow (cut off) and are not inside a box that scrolls sideways;
- widget rows: children of one row that lie on top of each other.

``settle(page)`` waits until the page has stopped changing (no DOM change for a second and
every visible chart drawn), so a slow redraw is waited for rather than checked half-done.
"""

from __future__ import annotations

from typing import Any

_FAULTS_JS = r"""
() => {
  const out = [];
  const vw = document.documentElement.clientWidth;
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return false;
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.display === 'none' || cs.visibility === 'hidden' || cs.opacity === '0') return false;
    }
    return true;
  };
  const say = (el) => (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 50);
  const overlap = (a, b) => {
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (w <= 1.5 || h <= 1.5) return false;
    const small = Math.min(a.width * a.height, b.width * b.height);
    return w * h > 0.08 * small;
  };

  // charts
  document.querySelectorAll('.js-plotly-plot').forEach((plot, i) => {
    if (!shown(plot)) return;
    const box = plot.getBoundingClientRect();
    const name = (plot.querySelector('.gtitle') || {}).textContent || `chart ${i + 1}`;
    const texts = [...plot.querySelectorAll('svg text')].filter(
      (t) => say(t) && !t.closest('.hoverlayer') && shown(t));
    const rects = texts.map((t) => t.getBoundingClientRect());
    // labels drawn on the data (scatter and bar text) are clipped to their subplot's area
    const area = (t) => {
      const sub = t.closest('.cartesianlayer g.subplot');
      if (!sub || !t.closest('.overplot')) return null;
      // only text drawn under the subplot's clip path is cut there (cliponaxis=False is not)
      let clipped = false;
      for (let e = t; e && !e.classList.contains('overplot'); e = e.parentElement) {
        if (e.getAttribute('clip-path')) clipped = true;
      }
      if (!clipped) return null;
      const id = [...sub.classList].find((c) => c !== 'subplot');
      const drag = id && plot.querySelector(`.draglayer .${id} .nsewdrag`);
      return drag ? drag.getBoundingClientRect() : null;
    };
    texts.forEach((t, k) => {
      const r = rects[k];
      const a = area(t);
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1
          || r.bottom > box.bottom + 1 || r.right > vw + 1) {
        out.push(`chart "${name}": "${say(t)}" is cut at the chart's edge`);
      } else if (a && (r.left < a.left - 2 || r.right > a.right + 2 || r.top < a.top - 2
                       || r.bottom > a.bottom + 2)) {
        out.push(`chart "${name}": "${say(t)}" is cut at the plot area's edge`);
      }
    });
    for (let a = 0; a < texts.length; a++) {
      for (let b = a + 1; b < texts.length; b++) {
        if (texts[a].contains(texts[b]) || texts[b].contains(texts[a])) continue;
        if (overlap(rects[a], rects[b])) {
          out.push(`chart "${name}": "${say(texts[a])}" overlaps "${say(texts[b])}"`);
        }
      }
    }
  });

  // widget text wider than its box
  const labels = 'button.jupyter-button, .widget-label, .widget-label-basic, '
    + '.widget-checkbox label, .widget-toggle-button, .lm-TabBar-tabLabel, .p-TabBar-tabLabel';
  document.querySelectorAll(labels).forEach((el) => {
    if (!shown(el) || !say(el)) return;
    if (el.scrollWidth > el.clientWidth + 1) {
      out.push(`${el.tagName.toLowerCase()} "${say(el)}" is cut (${el.clientWidth} of `
               + `${el.scrollWidth} px shown)`);
    }
  });

  // page text reaching past a box that hides its overflow
  const blocks = 'table, .widget-html-content p, .widget-html-content li, '
    + '.jupyter-widgets.widget-inline-hbox, button.jupyter-button';
  document.querySelectorAll(blocks).forEach((el) => {
    if (!shown(el) || !say(el) || el.closest('.js-plotly-plot')) return;
    const r = el.getBoundingClientRect();
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const ox = getComputedStyle(a).overflowX;
      if (ox === 'auto' || ox === 'scroll') return;  // it scrolls sideways: readable
      if (ox === 'hidden' || ox === 'clip') {
        const c = a.getBoundingClientRect();
        if (r.right > c.right + 1 || r.left < c.left - 1) {
          out.push(`${el.tagName.toLowerCase()} "${say(el)}" is cut at the right edge `
                   + `(${Math.round(r.right - c.right)} px hidden)`);
          return;
        }
      }
    }
    if (r.right > vw + 1) {
      out.push(`${el.tagName.toLowerCase()} "${say(el)}" runs off the screen `
               + `(${Math.round(r.right - vw)} px)`);
    }
  });

  // children of one widget row on top of each other
  document.querySelectorAll('.widget-hbox').forEach((row) => {
    if (!shown(row)) return;
    const kids = [...row.children].filter(shown);
    const rs = kids.map((k) => k.getBoundingClientRect());
    for (let a = 0; a < kids.length; a++) {
      for (let b = a + 1; b < kids.length; b++) {
        if (overlap(rs[a], rs[b])) {
          out.push(`row: "${say(kids[a])}" overlaps "${say(kids[b])}"`);
        }
      }
    }
  });
  return [...new Set(out)];
}
"""

_SETTLE_JS = r"""
(quietMs) => new Promise((resolve) => {
  let last = performance.now();
  const obs = new MutationObserver(() => { last = performance.now(); });
  obs.observe(document.body, {subtree: true, childList: true, attributes: true,
                              characterData: true});
  const drawn = () => [...document.querySelectorAll('.js-plotly-plot')].every(
    (p) => p.offsetParent === null || p.querySelector('.main-svg'));
  const tick = () => {
    if (performance.now() - last >= quietMs && drawn()) { obs.disconnect(); resolve(true); }
    else setTimeout(tick, 100);
  };
  tick();
})
"""


def faults(page: Any) -> list[str]:
    """Every overlapping or cut piece of text visible on the page now, one line each."""
    return page.evaluate(_FAULTS_JS)


def settle(page: Any, quiet_ms: int = 1000, timeout_ms: int = 60_000) -> None:
    """Wait until nothing on the page has changed for ``quiet_ms`` and every visible chart
    has drawn (a kernel redraw after a click lands before the page is checked)."""
    page.wait_for_function("() => document.body !== null", timeout=timeout_ms)
    page.evaluate(f"() => Promise.race([({_SETTLE_JS})({quiet_ms}), "
                  f"new Promise((_, no) => setTimeout(() => no(new Error("
                  f"'the page kept changing for {timeout_ms} ms')), {timeout_ms}))])")
