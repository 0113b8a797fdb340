"""The one look of every chart: Okabe-Ito colours (safe for colour-blind readers),
readable fonts, titles and labelled axes."""

from __future__ import annotations

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
           height: int = 380) -> go.Figure:
    """Apply the shared layout: title, axis titles, palette, margins; returns ``fig``."""
    fig.update_layout(
        title={"text": title, "x": 0.0, "xanchor": "left"},
        template="plotly_white",
        colorway=SEQUENCE,
        font={"family": "Liberation Sans, Arial, sans-serif", "size": 13, "color": "#222"},
        height=height,
        margin={"l": 60, "r": 20, "t": 60, "b": 50},
        hoverlabel={"font_size": 13},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
    )
    if x is not None:
        fig.update_xaxes(title_text=x)
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
    return themed(fig, title, height=height)
