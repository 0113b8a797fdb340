"""Charts of the weekly review and the session summary: mood by week, wins by week, plan
progress by skill, search activity by week; the two helpers that put a figure into a
self-contained HTML file (the figure's div, and plotly's JavaScript to embed once); and
``session_summary``, the summary page of ``workbook.report`` with these charts drawn in.

Each function takes small, already aggregated rows (one per week or per skill) built by
``workbook.report``/``workbook.review`` and returns a themed ``go.Figure``; nothing is shown.
Meaning never rests on colour alone: series differ by marker shape or dash, and bars carry
their numbers as text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

import plotly.graph_objects as go

from workbook import report
from workbook.charts.theme import PALETTE, plain_all, themed

# Wide enough to read, narrow enough for an A4 or Letter page with 12 mm margins.
REPORT_WIDTH = 680
REPORT_HEIGHT = 300


def _weeks(rows: Iterable[dict[str, Any]]) -> list[str]:
    return [_label(r["week"]) for r in rows]


def _label(day: Any) -> str:
    """A week's Monday as "26 Oct" (the same way the tables beside the charts say it)."""
    if isinstance(day, dt.date):
        return f"{day.day} {day.strftime('%b')}"
    return str(day)


def mood_by_week(rows: list[dict[str, Any]], title: str = "How check-ins felt, week by week",
                 rejections: list[dict[str, Any]] | None = None) -> go.Figure:
    """Average pleasantness and energy per week (scale -1 to 1), with the number of
    check-ins in the hover; ``rejections`` (``{"week", "count"}``) are marked below the line.

    ``rows``: ``{"week": date (Monday), "pleasantness": float, "energy": float, "n": int}``.
    """
    weeks = _weeks(rows)
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=weeks, y=[r["pleasantness"] for r in rows], name="Pleasantness (average)",
        mode="lines+markers", line={"color": PALETTE["blue"], "width": 3},
        marker={"symbol": "circle", "size": 9},
        customdata=[r["n"] for r in rows],
        hovertemplate="Week of %{x}<br>Pleasantness %{y:.2f}<br>%{customdata} check-ins"
                      "<extra></extra>"))
    fig.add_trace(go.Scatter(
        x=weeks, y=[r["energy"] for r in rows], name="Energy (average)",
        mode="lines+markers", line={"color": PALETTE["orange"], "width": 2, "dash": "dash"},
        marker={"symbol": "diamond", "size": 9},
        hovertemplate="Week of %{x}<br>Energy %{y:.2f}<extra></extra>"))
    if rejections:
        fig.add_trace(go.Scatter(
            # the number alone beside each mark: "3 rejections" in neighbouring weeks ran
            # into each other on a phone; the legend and the hover say what it counts
            x=_weeks(rejections), y=[-0.95] * len(rejections),
            name="Rejections that week (how many)",
            mode="markers+text", marker={"symbol": "triangle-up", "size": 11,
                                         "color": PALETTE["grey"]},
            text=[str(r["count"]) for r in rejections],
            customdata=[f"{r['count']} rejection{'s' if r['count'] != 1 else ''}"
                        for r in rejections],
            textposition="top center", textfont={"size": 11},
            hovertemplate="Week of %{x}: %{customdata}<extra></extra>"))
    fig.add_hline(y=0, line={"color": PALETTE["grey"], "width": 1, "dash": "dot"})
    fig.update_yaxes(range=[-1.05, 1.05], tickvals=[-1, -0.5, 0, 0.5, 1],
                     ticktext=["very unpleasant / low", "-0.5", "0 (neutral)", "0.5",
                               "very pleasant / high"])
    fig.update_xaxes(type="category")
    return _report_size(themed(fig, title, x="Week starting", y=None))


def wins_by_week(pairs: list[tuple[dt.date, int]],
                 title: str = "Wins written down, week by week") -> go.Figure:
    """Bars of how many wins were written down each week (zeros shown)."""
    fig = go.Figure(go.Bar(
        x=[_label(d) for d, _ in pairs], y=[n for _, n in pairs], name="Wins",
        marker={"color": PALETTE["green"]}, text=[str(n) for _, n in pairs],
        textposition="outside", hovertemplate="Week of %{x}: %{y} wins<extra></extra>"))
    fig.update_xaxes(type="category")
    fig.update_yaxes(rangemode="tozero", dtick=1)
    return _report_size(themed(fig, title, x="Week starting", y="Wins"), height=230)


STATUS_LOOK = {  # colour and pattern, so status never rests on colour alone
    "done": (PALETTE["green"], ""),
    "doing": (PALETTE["sky"], "/"),
    "planned": (PALETTE["grey"], "."),
}


def plan_progress(rows: list[dict[str, Any]],
                  title: str = "Skill-plan steps by skill") -> go.Figure:
    """Horizontal stacked bars: for each skill, how many steps are done, under way, planned.

    ``rows``: ``{"skill": str, "done": int, "doing": int, "planned": int}``.
    """
    skills = plain_all(r["skill"] for r in rows)
    fig = go.Figure()
    for status, label in (("done", "Done"), ("doing", "Under way"), ("planned", "Planned")):
        colour, pattern = STATUS_LOOK[status]
        values = [r.get(status, 0) for r in rows]
        fig.add_trace(go.Bar(
            y=skills, x=values, orientation="h", name=label,
            marker={"color": colour, "pattern": {"shape": pattern, "fgcolor": "#333"}},
            hovertemplate="%{y}: %{x} " + label.lower() + "<extra></extra>"))
    fig.update_layout(barmode="stack", legend={"traceorder": "normal"})
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(dtick=1, rangemode="tozero")
    height = max(REPORT_HEIGHT, 120 + 34 * len(rows))
    return _report_size(themed(fig, title, x="Steps", y=None), height=height)


def search_by_week(rows: list[dict[str, Any]],
                   title: str = "Applications and replies, week by week") -> go.Figure:
    """Grouped bars per week: applications sent and replies received.

    ``rows``: ``{"week": date, "applications": int, "replies": int}``.
    """
    weeks = _weeks(rows)
    fig = go.Figure()
    fig.add_trace(go.Bar(x=weeks, y=[r["applications"] for r in rows], name="Applications",
                         marker={"color": PALETTE["blue"]},
                         text=[str(r["applications"]) for r in rows], textposition="outside"))
    fig.add_trace(go.Bar(x=weeks, y=[r["replies"] for r in rows], name="Replies",
                         marker={"color": PALETTE["orange"], "pattern": {"shape": "/"}},
                         text=[str(r["replies"]) for r in rows], textposition="outside"))
    fig.update_layout(barmode="group")
    fig.update_xaxes(type="category")
    fig.update_yaxes(rangemode="tozero")
    return _report_size(themed(fig, title, x="Week starting", y="Count"))


def _report_size(fig: go.Figure, height: int = REPORT_HEIGHT) -> go.Figure:
    # the top margin stays as the theme made it, to hold the title and the legend
    fig.update_layout(width=REPORT_WIDTH, height=height,
                      margin={"l": 60, "r": 30, "b": 50})
    return fig


# ---------------------------------------------------------------- into an HTML file

def figure_html(fig: go.Figure, div_id: str) -> str:
    """The figure as an HTML fragment for a page that already holds plotly's JavaScript.

    Static (no mode bar, no zoom): the summary is read and printed, not explored.
    """
    import plotly.io as pio

    return pio.to_html(fig, full_html=False, include_plotlyjs=False, div_id=div_id,
                       default_width=f"{REPORT_WIDTH}px",
                       config={"displayModeBar": False, "staticPlot": True,
                               "responsive": False})


def plotly_js() -> str:
    """Plotly's JavaScript bundle (about 4.8 MB) to embed once, so the file opens offline."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def session_summary(store: Any, sections: Iterable[str], start: Any, end: Any,
                    include_journal_text: bool = False) -> str:
    """The session summary (``workbook.report.summary_page``) as one self-contained HTML
    page, its charts drawn by this module and plotly's JavaScript embedded once."""
    drawers = {"mood_by_week": mood_by_week, "wins_by_week": wins_by_week,
               "plan_progress": plan_progress, "search_by_week": search_by_week}

    def draw(spec: report.ChartSpec) -> str:
        return figure_html(drawers[spec.chart](**spec.data), spec.div_id)

    return report.summary_page(store, sections, start, end, include_journal_text,
                               draw=draw, script=plotly_js)

