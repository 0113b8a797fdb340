"""Charts of the job search: each takes an output of ``workbook.analytics`` (small
aggregated tables, never the raw rows), so a figure's JSON stays a few kilobytes whatever
the number of applications. Each returns a themed ``go.Figure`` and never shows it.

Colours come from the Okabe-Ito palette; meaning is also carried by labels, text and
patterns. Rates too small to read are drawn as counts with "not enough yet to tell".
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from workbook.charts.theme import PALETTE, empty, plain, plain_all, themed, wrap

TOO_SMALL = "not enough yet to tell"
METRIC_NAMES = {"response": "got any reply", "positive": "reached a screen or further",
                "interview": "reached an interview"}
NODE_COLOURS = {
    "Applied": PALETTE["blue"], "Screen or first call": PALETTE["sky"],
    "Interview": PALETTE["green"], "Offer": PALETTE["orange"], "Accepted": PALETTE["orange"],
    "Declined": PALETTE["yellow"], "Rejected": PALETTE["vermillion"],
    "Withdrew": PALETTE["purple"], "Still in progress": PALETTE["sky"],
    "Waiting (recent)": PALETTE["grey"],
}


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


# ---------------------------------------------------------------- overview

def kpi_cards(summary: Any) -> go.Figure:
    """The headline numbers as cards: any reply, screen or further, interviews, offers, no
    reply, and the median days to a first reply. Small numbers are shown as counts."""
    s = summary
    cards = [("Any reply", s.response), ("Screen or further", s.positive),
             ("Interview", s.interview), ("Offer", s.offer),
             (f"No reply ({s.no_response_after_days}+ days)", s.no_response)]
    fig = go.Figure()

    def domain(i: int) -> dict[str, list[float]]:
        # Three rows of two: on a phone a third of the width is too narrow for a card's
        # words, and neighbouring cards' words ran together ("72%12 days").
        col, row = i % 2, i // 2
        top = 1 - row / 3
        return {"x": [col / 2 + 0.02, (col + 1) / 2 - 0.02], "y": [top - 0.3, top - 0.04]}

    def card_title(name: str, sub: str) -> dict[str, Any]:
        return {"text": f"{name}<br><span style='font-size:0.8em;color:#555'>{sub}</span>",
                "font": {"size": 13}}

    for i, (name, rate) in enumerate(cards):
        if rate.denominator and rate.enough:
            number = {"suffix": "%", "valueformat": ".0f", "font": {"size": 34}}
            value = float(f"{100 * rate.value:.0f}")  # rounded as the tables round it
            sub = f"{rate.numerator} of {rate.denominator}"
        else:
            number = {"suffix": f" of {rate.denominator}", "valueformat": "d",
                      "font": {"size": 26}}
            value = rate.numerator
            sub = TOO_SMALL if rate.denominator else "none counted yet"
        fig.add_trace(go.Indicator(mode="number", value=value, number=number,
                                   domain=domain(i), title=card_title(name, sub)))
    med = s.days_to_first_response
    if med.count:
        fig.add_trace(go.Indicator(
            mode="number", value=med.days, domain=domain(5),
            number={"suffix": " days", "valueformat": ".1~f", "font": {"size": 34}},
            title=card_title("Typical wait", f"middle of {med.count} dated replies")))
    else:
        fig.add_annotation(text="Typical wait<br><span style='color:#555'>no dated replies "
                                "yet</span>", showarrow=False, x=0.75, y=0.16,
                           xref="paper", yref="paper", font={"size": 13})
    title = (f"Your search at a glance<br><span style='font-size:0.75em'>{s.counted} "
             "applications old enough to judge"
             + (f" ({s.too_recent} more too recent)" if s.too_recent else "") + "</span>")
    fig = themed(fig, title, height=470)
    fig.update_layout(margin={"l": 10, "r": 10})  # cards, no axes: centred in the width
    return fig


# ---------------------------------------------------------------- funnel and flows

def funnel(table: pd.DataFrame) -> go.Figure:
    """How many applications reached each stage (furthest stage reached)."""
    if table.empty or int(table["reached"].iloc[0]) == 0:
        return empty("How far your applications got", "No applications yet.", height=260)
    # short words: the text of a narrow bar sits beside it and must fit on a phone
    text = [f"{r}" if i == 0 else f"{r} ({r / table['reached'].iloc[0]:.0%})"
            if bool(table["enough"].iloc[i]) else f"{r}"
            for i, r in enumerate(table["reached"])]
    hover = [
        f"<b>{plain(row.label)}</b><br>{row.reached} reached this stage or further"
        f"<br>{row.stopped_here} stopped here ({row.still_open} still open)"
        + ("" if i == 0 or np.isnan(row.from_previous) else
           f"<br>{row.reached} of the previous stage's {table['reached'].iloc[i - 1]}")
        for i, row in enumerate(table.itertuples(index=False))]
    fig = go.Figure(go.Funnel(
        y=[wrap(plain(x), 12) for x in table["label"]], x=list(table["reached"]), text=text,
        textinfo="text",
        hovertext=hover, hoverinfo="text",
        marker={"color": [PALETTE["blue"], PALETTE["sky"], PALETTE["green"],
                          PALETTE["orange"]][:len(table)]},
        connector={"line": {"color": "#bbb"}}))
    return themed(fig, "How far your applications got (furthest stage reached)",
                  y="Stage", height=330)


def sankey(edges: pd.DataFrame) -> go.Figure:
    """Where applications went, stage by stage, and how each ended."""
    if edges.empty:
        return empty("Where your applications went", "No applications yet.", height=260)
    order = ["Applied", "Screen or first call", "Interview", "Offer"]
    names = order + sorted(set(edges["source"]) | set(edges["target"]) - set(order))
    names = [n for n in names if n in set(edges["source"]) | set(edges["target"])]
    index = {n: i for i, n in enumerate(names)}
    inflow = edges.groupby("target")["count"].sum()
    outflow = edges.groupby("source")["count"].sum()
    totals = {n: int(max(inflow.get(n, 0), outflow.get(n, 0))) for n in names}
    colours = [NODE_COLOURS.get(n, PALETTE["grey"] if n.startswith("No reply")
                                else PALETTE["black"]) for n in names]
    fig = go.Figure(go.Sankey(
        arrangement="snap", textfont={"size": 11}, orientation="v",
        # labels in short lines: side by side in five columns on a phone they collided
        node={"label": [wrap(plain(f"{n} ({totals[n]})"), 9) for n in names], "color": colours,
              "pad": 56, "thickness": 16, "line": {"color": "#444", "width": 0.5},
              "hovertemplate": "%{label}<extra></extra>"},
        link={"source": [index[s] for s in edges["source"]],
              "target": [index[t] for t in edges["target"]],
              "value": list(edges["count"]),
              "color": [_rgba(colours[index[t]], 0.35) for t in edges["target"]],
              "customdata": [plain(f"{s} to {t}: {c}") for s, t, c in
                             zip(edges["source"], edges["target"], edges["count"])],
              "hovertemplate": "%{customdata}<extra></extra>"}))
    fig = themed(fig, "Where your applications went (an application rejected after an "
                      "interview still counts as interviewed)", height=560)
    # no axes to make room for: the whole width goes to the five columns and their labels
    fig.update_layout(margin={"l": 8, "r": 8})
    return fig


# ---------------------------------------------------------------- breakdowns

def breakdown_bars(table: pd.DataFrame, metric: str = "positive",
                   title: str = "By group") -> go.Figure:
    """Share of each group that ``metric`` (response, positive or interview), as bars with
    95% Wilson whiskers. Groups too small to read get no bar, only their counts and
    "not enough yet to tell"."""
    what = METRIC_NAMES[metric]
    if table.empty:
        return empty(f"{title}: share that {what}", "No applications yet.", height=260)
    t = table.iloc[::-1]  # largest group at the top
    enough = t["enough"].astype(bool).to_numpy()
    rate = t[f"{metric}_rate"].to_numpy(dtype="float64")
    low = t[f"{metric}_low"].to_numpy(dtype="float64")
    high = t[f"{metric}_high"].to_numpy(dtype="float64")
    k = t[metric].to_numpy()
    n = t["counted"].to_numpy()
    x = np.where(enough, 100 * rate, 0.0)
    text = [f"{r:.0%} ({kk} of {nn})" if e else f"{kk} of {nn}: {TOO_SMALL}"
            for r, kk, nn, e in zip(rate, k, n, enough)]
    hover = [f"<b>{plain(g)}</b><br>{kk} of {nn} {what}"
             + (f"<br>likely between {lo:.0%} and {hi:.0%}" if e else f"<br>{TOO_SMALL}")
             + f"<br>{apps} applications in all ({apps - nn} too recent to count)"
             for g, kk, nn, lo, hi, e, apps in
             zip(t["group"], k, n, low, high, enough, t["applications"])]
    groups = plain_all(t["group"])
    fig = go.Figure(go.Bar(
        y=groups, x=x, orientation="h", text=text, textposition="none",
        hovertext=hover, hoverinfo="text", marker={"color": PALETTE["blue"]},
        showlegend=False,
        error_x={"type": "data", "symmetric": False,
                 "array": np.where(enough, 100 * (high - rate), 0.0),
                 "arrayminus": np.where(enough, 100 * (rate - low), 0.0),
                 "color": "#333", "thickness": 1.5, "width": 5}))
    # The words sit just right of each whisker, so no line crosses them.
    fig.add_trace(go.Scatter(
        y=groups, x=np.where(enough, 100 * np.nan_to_num(high), 0.0) + 1.5, mode="text",
        text=text, textposition="middle right", hoverinfo="skip", showlegend=False,
        cliponaxis=False))
    fig.update_xaxes(range=[0, 140], tickvals=[0, 20, 40, 60, 80, 100],
                     ticktext=["0%", "20%", "40%", "60%", "80%", "100%"])
    return themed(fig, f"{title}: share that {what}",
                  x="Share (lines: the likely range)", y=None,
                  height=max(240, 70 + 38 * len(t)))


# ---------------------------------------------------------------- timing

def response_times(table: pd.DataFrame) -> go.Figure:
    """How long first replies took, stacked: replies that moved you forward and others."""
    if table.empty or int(table["total"].sum()) == 0:
        return empty("How long replies took", "No dated replies yet.", height=260)
    fig = go.Figure([
        # bars lie down: seven time spans side by side left no room for their names
        go.Bar(name="Moved you forward", y=list(table["bin"]), x=list(table["forward"]),
               orientation="h", marker={"color": PALETTE["green"]},
               hovertemplate="%{y}: %{x} replies that moved you forward (a screen or "
                             "further)<extra></extra>"),
        go.Bar(name="Rejection or other reply", y=list(table["bin"]), x=list(table["other"]),
               orientation="h", marker={"color": PALETTE["orange"], "pattern": {"shape": "/"}},
               hovertemplate="%{y}: %{x} rejections or other replies<extra></extra>"),
    ])
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed")
    return themed(fig, "How long first replies took", x="Replies",
                  y="Time to first reply")


# ---------------------------------------------------------------- cadence

def cadence(c: Any) -> go.Figure:
    """Applications per ISO week, with the replies they got and your own goal as a line."""
    table = c.table
    if table.empty:
        return empty("Applications per week", "No dated applications yet.", height=260)
    weeks = list(table["week_start"].dt.strftime("%Y-%m-%d"))
    labels = list(table["week"])
    fig = go.Figure([
        go.Bar(name="Applications sent", x=weeks, y=list(table["applications"]),
               marker={"color": PALETTE["blue"]}, customdata=labels,
               hovertemplate="Week %{customdata} (from %{x}): %{y} applications"
                             "<extra></extra>"),
        go.Bar(name="Of those, got a reply", x=weeks, y=list(table["replies"]),
               marker={"color": PALETTE["orange"], "pattern": {"shape": "x"}},
               customdata=labels,
               hovertemplate="Week %{customdata}: %{y} got a reply so far<extra></extra>"),
    ])
    if c.goal:
        fig.add_hline(y=c.goal, line={"color": PALETTE["black"], "dash": "dash", "width": 1.5},
                      annotation_text=f"your goal: {c.goal} a week",
                      annotation_position="top left")
    fig.update_layout(barmode="group", bargap=0.25)
    return themed(fig, "Applications per week, and the replies they got",
                  x="Week starting", y="Applications")


def activity_calendar(table: pd.DataFrame) -> go.Figure:
    """A calendar grid: one column per week, one row per weekday, darker = more sent."""
    if table.empty:
        return empty("When you applied", "No dated applications yet.", height=260)
    if not int(table["applications"].sum()):
        # a grid of zeros would be drawn in one colour, the top of the scale
        return empty("When you applied", "No applications sent in the weeks shown.",
                     height=260)
    weeks = sorted(table["week_start"].unique())
    z = np.zeros((7, len(weeks)), dtype="int64")
    col = {w: i for i, w in enumerate(weeks)}
    z[table["weekday"].to_numpy(), table["week_start"].map(col).to_numpy()] = \
        table["applications"].to_numpy()
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    x = [pd.Timestamp(w).strftime("%d %b") for w in weeks]
    dates = np.empty((7, len(weeks)), dtype=object)
    dates[table["weekday"].to_numpy(), table["week_start"].map(col).to_numpy()] = \
        table["day"].dt.strftime("%a %d %b %Y").to_numpy()
    text = np.where(z > 0, z.astype(str), "")
    fig = go.Figure(go.Heatmap(
        z=z, x=x, y=list(days), text=text, texttemplate="%{text}", customdata=dates,
        zmin=0, zmax=max(int(z.max()), 1),
        colorscale=[[0, "#f7f7f7"], [0.01, "#d6e8f5"], [1, PALETTE["blue"]]],
        xgap=2, ygap=2, colorbar={"title": {"text": "Sent"}},
        hovertemplate="%{customdata}: %{z} applications<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    return themed(fig, "When you applied (each square is a day)", x="Week starting",
                  y="Day", height=300)
