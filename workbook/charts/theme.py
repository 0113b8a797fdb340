"""The one look of every chart: Okabe-Ito colours (safe for colour-blind readers),
readable fonts, titles and labelled axes."""

from __future__ import annotations

import re
import html
from typing import Any, Iterable

import plotly.graph_objects as go

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common form of
# colour-vision deficiency. Meaning is also carried by labels and patterns, never colour alone.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
    "black": "#000000",
}
SEQUENCE = [PALETTE[k] for k in ("blue", "orange", "green", "purple", "sky", "vermillion",
                                 "yellow", "grey")]


#: Characters of a title (15 px) on one line of a chart on a phone, 390 px wide.
TITLE_CHARS = 40
#: The same for an x axis title (13 px), centred under the plot area.
AXIS_TITLE_CHARS = 30
#: Width in px a legend row has on a phone; what one legend item takes besides its text.
_PHONE_PLOT_PX, _ITEM_PX, _CHAR_PX = 310, 44, 7.2


def _visible_len(text: str) -> int:
    return len(re.sub(r"<[^>]*>", "", text))


def wrap(text: str, width: int = TITLE_CHARS) -> str:
    """``text`` broken into lines of at most ``width`` visible characters (plotly's
    ``<br>``), at spaces and never inside a tag; lines already broken stay broken. Plotly
    never wraps a title or label itself, so a long one runs off a phone."""
    out = []
    for part in re.split(r"<br\s*/?>", text):
        # spaces inside a tag (<span style='...'>) are not places to break
        words = re.sub(r"<[^>]*>", lambda m: m.group(0).replace(" ", "\x00"),
                       part).split(" ")
        lines: list[str] = []
        for word in words:
            if lines and _visible_len(lines[-1]) + 1 + _visible_len(word) <= width:
                lines[-1] += " " + word
            else:
                lines.append(word)
        out += [line.replace("\x00", " ") for line in lines]
    return "<br>".join(out)


def legend_rows(fig: go.Figure) -> int:
    """How many rows the horizontal legend above the plot takes on a phone (0: none)."""
    names = [t.name for t in fig.data if t.name and t.showlegend is not False]
    if fig.layout.showlegend is False or (len(names) < 2 and fig.layout.showlegend is None):
        return 0
    rows, used = 1, 0.0
    for name in names:
        item = _ITEM_PX + _CHAR_PX * len(name)
        if used and used + item > _PHONE_PLOT_PX:
            rows, used = rows + 1, 0.0
        used += item
    return rows


def top_margin(fig: go.Figure, title_lines: int) -> int:
    """Room above the plot for the title's lines and the legend's rows, so the two never
    sit on each other at any width."""
    return 22 + 20 * title_lines + 24 * legend_rows(fig)
def plain(text: Any) -> str:
    """User text made inert for a chart: plotly draws a subset of HTML (``<a href>``,
    ``<b>``, ``<span style>``, ``<br>``) in every label, title, hover and annotation and
    decodes entities, so ``&``, ``<`` and ``>`` are escaped and the text shows as typed.

    Every piece of text a person typed (a company, role, skill, tag, question, a feeling
    word) passes through here on its way into a figure; the figure's own markup does not.
    """
    return html.escape("" if text is None else str(text), quote=False)


def plain_all(values: Iterable[Any]) -> list[str]:
    """``plain`` of each value (for a column of labels)."""
    return [plain(v) for v in values]


def themed(fig: go.Figure, title: str, *, x: str | None = None, y: str | None = None,
           height: int = 380, legend_below: bool = False) -> go.Figure:
    """Apply the shared layout: title, axis titles, palette, margins; returns ``fig``.

    The title and the x axis title are wrapped to fit a phone, the title pinned to the top;
    the legend sits between it and the plot, with the top margin made to hold both (a
    chart that moves its legend under the plot says ``legend_below``)."""
    text = wrap(title)
    lines = text.count("<br>") + 1
    top = top_margin(fig, lines) - (24 * legend_rows(fig) if legend_below else 0)
    fig.update_layout(
        title={"text": text, "x": 0.0, "xanchor": "left", "y": 1.0, "yref": "container",
               "yanchor": "top", "pad": {"t": 16}, "font": {"size": 15}},
        template="plotly_white",
        colorway=SEQUENCE,
        font={"family": "Liberation Sans, Arial, sans-serif", "size": 13, "color": "#222"},
        height=height + 20 * (lines - 1),
        margin={"l": 60, "r": 20, "t": top, "b": 50},
        hoverlabel={"font_size": 13},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
    )
    if x is not None:
        # centred under a plot area that a phone's tick labels leave narrow
        fig.update_xaxes(title_text=wrap(x, AXIS_TITLE_CHARS))
    if y is not None:
        fig.update_yaxes(title_text=y)
    return fig


def empty(title: str, note: str, height: int = 220) -> go.Figure:
    """A chart with nothing to draw yet: its title and a sentence saying why."""
    fig = go.Figure()
    fig.add_annotation(text=note, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                       font={"size": 14, "color": "#444"})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_annotations(text=wrap(note, 38))
    return themed(fig, title, height=height)
