"""Mood charts: the timeline with job-search events, recovery per rejection, tags, and
thinking traps. Inputs are the DataFrames from ``workbook.emotions``; every function returns
a themed ``go.Figure`` and never shows it.

Size stays bounded: lines use one point per day, and individual check-ins are drawn only
for the most recent ``max_points`` of them.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from workbook.charts.theme import PALETTE, plain, plain_all, themed, wrap

EVENT_STYLE = {
    # kind: (label, marker symbol, colour) - symbol and label carry meaning, not colour alone
    "rejection": ("rejection", "x", PALETTE["vermillion"]),
    "interview": ("interview", "diamond", PALETTE["blue"]),
    "offer": ("offer", "star", PALETTE["green"]),
}


def _daily_x(daily: pd.DataFrame, checkins: pd.DataFrame) -> pd.Series:
    """Where each day's mean sits on the time axis: at the mean moment of that day's
    check-ins, so a day with one check-in is one point (not a dot at its hour and a mean
    at noon hours away); noon when the day's check-ins are not at hand."""
    noon = daily["day"] + pd.Timedelta(hours=12)
    if checkins.empty:
        return noon
    at = checkins["at"].dt.tz_localize(None)
    mean_at = at.groupby(checkins["day"].to_numpy()).mean()
    return daily["day"].map(mean_at).fillna(noon)


def mood_timeline(checkins: pd.DataFrame, daily: pd.DataFrame, events: pd.DataFrame,
                  *, base: float | None = None, window_days: int = 180,
                  max_points: int = 600) -> go.Figure:
    """Daily mean pleasantness (top) and energy (bottom), each check-in as a small dot, and
    rejections, interviews and offers marked on a shared time axis.

    Shows the last ``window_days`` days that have check-ins (the title says so when older
    ones are left out) and at most ``max_points`` single check-ins, so the figure stays
    small whatever the history's length.
    """
    title = "Your mood over time, with job-search events"
    if not daily.empty:
        start = daily["day"].max() - pd.Timedelta(days=window_days - 1)
        if daily["day"].min() < start:
            title += f" (last {window_days} days)"
            daily = daily.loc[daily["day"] >= start]
            checkins = checkins.loc[checkins["day"] >= start]
            if events is not None and not events.empty:
                events = events.loc[events["day"] >= start]
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.06,
                        row_heights=[0.6, 0.4])
    pts = checkins.tail(max_points) if not checkins.empty else checkins
    for row, col, colour, name in ((1, "pleasantness", PALETTE["blue"], "pleasantness"),
                                   (2, "energy", PALETTE["orange"], "energy")):
        if not pts.empty:
            fig.add_trace(go.Scatter(
                x=pts["at"].dt.tz_localize(None), y=pts[col].round(2), mode="markers",
                name=f"single check-ins ({name})", legendgroup="points",
                showlegend=row == 1,
                marker={"size": 6, "color": colour, "opacity": 0.45, "symbol": "circle-open"},
                customdata=[[w] for w in plain_all(pts["words"])],
                hovertemplate="%{x|%d %b %H:%M}<br>" + name + " %{y}<br>%{customdata[0]}"
                              "<extra></extra>"), row=row, col=1)
        if not daily.empty:
            fig.add_trace(go.Scatter(
                x=_daily_x(daily, checkins), y=daily[col].round(2),
                mode="lines+markers", name=f"daily mean {name}",
                line={"color": colour, "width": 2.5, "dash": "solid" if row == 1 else "dot"},
                marker={"size": 5, "color": colour},
                customdata=daily[["n"]].to_numpy(),
                hovertemplate="%{x|%a %d %b}<br>mean " + name + " %{y}<br>"
                              "%{customdata[0]} check-in(s)<extra></extra>"), row=row, col=1)
    if base is not None:
        fig.add_hline(y=base, line={"color": PALETTE["grey"], "dash": "dash", "width": 1.5},
                      annotation_text="your usual", annotation_position="top left",
                      row=1, col=1)
    if events is not None and not events.empty:
        for kind, (label, symbol, colour) in EVENT_STYLE.items():
            ev = events.loc[events["kind"] == kind]
            if ev.empty:
                continue
            x = ev["day"] + pd.Timedelta(hours=12)
            fig.add_trace(go.Scatter(
                x=x, y=[1.12] * len(ev), mode="markers", name=label,
                marker={"symbol": symbol, "size": 13, "color": colour,
                        "line": {"width": 1, "color": "#222"}},
                text=plain_all(ev["company"]), cliponaxis=False,
                hovertemplate=label + ": %{text}<br>%{x|%a %d %b}<extra></extra>"),
                row=1, col=1)
        for day in events.loc[events["kind"] == "rejection", "day"]:
            fig.add_vline(x=day + pd.Timedelta(hours=12), line={
                "color": PALETTE["vermillion"], "width": 1, "dash": "dot"})
    fig.update_yaxes(range=[-1.05, 1.2], zeroline=True, zerolinecolor="#bbb", row=1, col=1)
    # room under -1, so its label stays clear of the dates below the axis
    fig.update_yaxes(range=[-1.25, 1.05], zeroline=True, zerolinecolor="#bbb", row=2, col=1)
    fig.update_yaxes(title_text="pleasantness<br>(-1 to 1)", row=1, col=1)
    fig.update_yaxes(title_text="energy<br>(-1 to 1)", row=2, col=1)
    themed(fig, title, height=560, legend_below=True)
    fig.update_layout(margin={"b": 110},
                      legend={"orientation": "h", "yanchor": "top", "y": -0.1, "x": 0})
    return fig


def recovery_chart(rec: pd.DataFrame, *, last: int = 12) -> go.Figure:
    """Days until pleasantness was back to usual, one bar per rejection with a known answer
    (the ``last`` most recent ones; the title says when earlier ones are left out)."""
    done = rec.loc[rec["status"] == "back"] if not rec.empty else rec
    title = "How long until you were back to your usual, after each rejection"
    if len(done) > last:
        title += f" (latest {last})"
        done = done.tail(last)
    fig = go.Figure()
    if not done.empty:
        labels = [plain(f"{c or 'unnamed'} ({d:%d %b})")
                  for c, d in zip(done["company"], done["day"])]
        days = done["days"].astype("int64")
        fig.add_trace(go.Bar(
            # a same-day recovery gets a sliver of a bar so it is still seen
            x=[max(d, 0.15) for d in days], y=labels, orientation="h",
            marker={"color": PALETTE["sky"], "line": {"color": PALETTE["blue"], "width": 1}},
            text=["same day" if d == 0 else f"{d} day{'s' if d != 1 else ''}" for d in days],
            textposition="outside", cliponaxis=False,
            customdata=days, hovertemplate="%{y}: back to usual after %{customdata} days"
                                           "<extra></extra>",
            name="days until back to your usual"))
        fig.update_xaxes(range=[0, max(3, int(days.max())) * 1.25])
    themed(fig, title, x="days after the rejection", height=max(220, 90 + 34 * len(done)))
    fig.update_yaxes(autorange="reversed")
    return fig


def tag_chart(tags: pd.DataFrame, labels: dict[str, str] | None = None) -> go.Figure:
    """Mean daily pleasantness on days with and without each tag (only tags with enough
    days), as a dot pair per tag joined by a line; the day counts are in the labels."""
    ok = tags.loc[tags["enough"].fillna(False).astype(bool)] if not tags.empty else tags
    labels = labels or {}
    fig = go.Figure()
    if not ok.empty:
        names = [plain(labels.get(t, t.replace("_", " "))) for t in ok["tag"]]
        for name, lo, hi in zip(names, ok["mean_with"], ok["mean_without"]):
            fig.add_trace(go.Scatter(x=[lo, hi], y=[name, name], mode="lines",
                                     line={"color": "#bbb", "width": 3}, showlegend=False,
                                     hoverinfo="skip"))
        fig.add_trace(go.Scatter(
            x=ok["mean_with"].round(2), y=names, mode="markers+text", name="days with the tag",
            marker={"symbol": "circle", "size": 14, "color": PALETTE["green"]},
            text=[f"with ({n} days)" for n in ok["days_with"]], textposition="top center",
            hovertemplate="%{y}, with: %{x} over %{text}<extra></extra>"))
        fig.add_trace(go.Scatter(
            x=ok["mean_without"].round(2), y=names, mode="markers+text",
            name="days without it",
            marker={"symbol": "diamond-open", "size": 14, "color": PALETTE["grey"],
                    "line": {"width": 2}},
            text=[f"without ({n} days)" for n in ok["days_without"]],
            textposition="bottom center",
            hovertemplate="%{y}, without: %{x} over %{text}<extra></extra>"))
    themed(fig, "Average pleasantness on days with and without each tag",
           x="mean daily pleasantness (-1 unpleasant to 1 pleasant)",
           height=max(240, 110 + 70 * len(ok)), legend_below=True)
    fig.update_xaxes(range=[-1.05, 1.05], zeroline=True, zerolinecolor="#999")
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.25, "x": 0},
                      margin={"b": 100})
    return fig


def trap_chart(counts: pd.DataFrame, thoughts: pd.DataFrame) -> go.Figure:
    """Left: how often each confirmed thinking trap came up. Right: belief in the first
    thought before and after reframing, one line per re-rated thought record."""
    # one above the other: side by side, their titles and labels ran into each other on a
    # phone
    fig = make_subplots(rows=2, cols=1, vertical_spacing=0.2,
                        subplot_titles=("Thinking traps you confirmed",
                                        wrap("Belief in the thought before and after "
                                             "reframing (0-100)")))
    if not counts.empty:
        fig.add_trace(go.Bar(x=counts["count"], y=plain_all(counts["name"]), orientation="h",
                             marker={"color": PALETTE["purple"]}, name="times confirmed",
                             text=counts["count"], textposition="auto"), row=1, col=1)
    done = thoughts.dropna(subset=["belief_after"]) if not thoughts.empty else thoughts
    done = done.tail(60)
    for i, r in enumerate(done.to_dict("records")):
        fig.add_trace(go.Scatter(
            x=["before", "after"], y=[int(r["belief_before"]), int(r["belief_after"])],
            mode="lines+markers", line={"color": PALETTE["blue"], "width": 1.5},
            marker={"symbol": ["circle", "triangle-down"], "size": 9},
            name="a thought record", legendgroup="tr", showlegend=i == 0,
            hovertemplate=f"{r['day']:%d %b}: %{{y}}<extra></extra>"), row=2, col=1)
    fig.update_yaxes(autorange="reversed", row=1, col=1)
    # a little room around both ends, so no tick label sits on a corner or a title
    fig.update_yaxes(range=[-6, 106], row=2, col=1)
    fig.update_xaxes(range=[-0.3, 1.3], row=2, col=1)
    fig.update_annotations(yshift=6)
    # the two subplot titles say what is drawn; a legend above them sat on the first one
    fig.update_layout(showlegend=False)
    themed(fig, "Thinking traps over time", height=620)
    # the first subplot's title sits above its plot: room for it under the chart's title
    fig.update_layout(margin={"t": fig.layout.margin.t + 28})
    return fig
