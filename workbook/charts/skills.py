"""Charts of the skill-gap plan: DataFrames from ``workbook.skills`` in, figures out.

- ``dumbbell(ranked)``: current and needed level per skill, biggest gap on top.
- ``impact_effort(ranked, wins)``: priority against estimated hours, quick wins marked.
- ``role_heatmap(matrix)``: share of each target role's postings mentioning each skill.
- ``plan_timeline(plan, today)``: one bar per action from start to due date.
- ``levels_over_time(history)``: re-rated levels per skill.

Meaning never rests on colour alone: markers differ in shape, cells carry their numbers,
bars carry their status in words. No radar chart: its areas mislead.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from workbook.charts.theme import PALETTE, SEQUENCE, empty, plain, plain_all, themed, wrap

# The levels by number; what the ends mean is in the axis title, every name in the tables
# beside the charts (five names side by side did not fit a phone's width).
LEVEL_TICKS = {"tickmode": "array", "tickvals": [0, 1, 2, 3, 4], "range": [-0.3, 4.3]}
LEVEL_AXIS = "level (0 not yet to 4 expert)"
STATUS_TEXT = {"planned": "planned", "doing": "in progress", "done": "done",
               "dropped": "dropped"}


def _label(name: str) -> str:
    """A skill's name as a tick label: short lines, so the plot keeps its width on a phone."""
    return wrap(plain(name), 14)


def dumbbell(ranked: pd.DataFrame, limit: int = 25) -> go.Figure:
    """Current (circle) and needed (diamond) level per skill, sorted by gap, largest on top."""
    title = "Where you are and where the roles need you, by skill"
    if ranked.empty:
        return empty(title, "Confirm and rate some skills to see this chart.")
    df = ranked.assign(raw_gap=ranked["needed"] - ranked["current"]).sort_values(
        ["raw_gap", "priority"], ascending=[True, True]).tail(limit)
    fig = go.Figure()
    xs, ys = [], []
    for row in df.itertuples():
        xs += [row.current, row.needed, None]
        ys += [_label(row.name), _label(row.name), None]
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": PALETTE["grey"],
                                                              "width": 3},
                             hoverinfo="skip", showlegend=False))
    fig.add_trace(go.Scatter(
        x=df["current"], y=[_label(n) for n in df["name"]], mode="markers",
        name="Current level",
        marker={"symbol": "circle", "size": 13, "color": PALETTE["blue"]},
        hovertemplate="%{y}: current level %{x}<extra></extra>"))
    fig.add_trace(go.Scatter(
        x=df["needed"], y=[_label(n) for n in df["name"]], mode="markers",
        name="Needed level",
        marker={"symbol": "diamond", "size": 14, "color": PALETTE["orange"],
                "line": {"color": "#222", "width": 1}},
        hovertemplate="%{y}: needed level %{x}<extra></extra>"))
    fig.update_xaxes(**LEVEL_TICKS)
    return themed(fig, title, x=LEVEL_AXIS, height=max(260, 80 + 32 * len(df)))


def impact_effort(ranked: pd.DataFrame, wins: pd.DataFrame | None = None) -> go.Figure:
    """Priority (up) against estimated hours (right); quick wins are stars, top left."""
    title = "Impact and effort: quick wins sit top left"
    live = ranked[ranked["priority"] > 0] if not ranked.empty else ranked
    if live.empty:
        return empty(title, "No gaps with a score yet: rate current and needed levels.")
    win_names = set(wins["name"]) if wins is not None and not wins.empty else set()
    # neighbours in effort take turns above and below their point, so the names of two
    # close points do not sit on each other
    turn = live.sort_values(["effort_hours", "priority"]).index
    side = {i: "top center" if k % 2 == 0 else "bottom center" for k, i in enumerate(turn)}
    fig = go.Figure()
    for label, mask, symbol, colour in (
            ("Quick win", live["name"].isin(win_names), "star", PALETTE["green"]),
            ("Other gap", ~live["name"].isin(win_names), "circle", PALETTE["blue"])):
        part = live[mask]
        if part.empty:
            continue
        fig.add_trace(go.Scatter(
            x=part["effort_hours"], y=part["priority"], mode="markers+text", name=label,
            text=[wrap(plain(n), 14) for n in part["name"]],
            textposition=[side[i] for i in part.index],
            marker={"symbol": symbol, "size": 16 if symbol == "star" else 12,
                    "color": colour, "line": {"color": "#222", "width": 1}},
            hovertemplate="%{text}: priority %{y}, about %{x} hours<extra>" + label
            + "</extra>"))
    fig.add_vline(x=float(live["effort_hours"].median()), line_dash="dot",
                  line_color=PALETTE["grey"])
    fig.add_hline(y=float(live["priority"].median()), line_dash="dot",
                  line_color=PALETTE["grey"])
    # room round the points for their names, and the two zeros apart at the corner
    top_x, top_y = float(live["effort_hours"].max()), float(live["priority"].max())
    fig.update_xaxes(range=[-0.08 * top_x, 1.3 * top_x])
    fig.update_yaxes(range=[-0.2 * top_y, 1.25 * top_y])
    return themed(fig, title, x="estimated effort (hours)", y="priority score", height=420)


def role_heatmap(matrix: pd.DataFrame, limit: int = 20) -> go.Figure:
    """Percent of each role's saved postings that mention each skill, numbers in the cells."""
    title = "Which skills each target role asks for (% of its saved postings)"
    if matrix is None or matrix.empty:
        return empty(title, "Add job descriptions with their roles to see this chart.")
    m = (matrix.head(limit) * 100).round(0)
    fig = go.Figure(go.Heatmap(
        z=m.values, x=plain_all(m.columns), y=plain_all(m.index),
        zmin=0, zmax=100, colorscale="Cividis", text=m.values.astype(int),
        # the colour bar's numbers carry their unit; a title beside it ran off a phone
        texttemplate="%{text}%", colorbar={"ticksuffix": "%", "thickness": 12},
        hovertemplate="%{y} in %{x} postings: %{z:.0f}%<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    return themed(fig, title, x="target role", y="skill",
                  height=max(260, 90 + 28 * len(m)))


def plan_timeline(plan: pd.DataFrame, today: dt.date | None = None) -> go.Figure:
    """One bar per action from its start to its due date, labelled with its status."""
    title = "Your plan over time"
    if plan.empty:
        return empty(title, "Add an action with dates to see your plan here.")
    df = plan[plan["start"].notna() | plan["due"].notna()].copy()
    if df.empty:
        return empty(title, "Give your actions start and due dates to see them here.")
    df["start"] = pd.to_datetime(df["start"].fillna(df["due"]))
    df["due"] = pd.to_datetime(df["due"].fillna(df["start"]))
    # short lines: a one-line label took the whole width of a phone
    df["label"] = [wrap(plain(f"{s}: {w[:34]}" + ("..." if len(w) > 34 else "")), 24)
                   for s, w in zip(df["skill"], df["what"])]
    fig = go.Figure()
    for status, pattern, colour in (("planned", "", PALETTE["sky"]),
                                    ("doing", "/", PALETTE["orange"]),
                                    ("done", "x", PALETTE["green"]),
                                    ("dropped", ".", PALETTE["grey"])):
        part = df[df["status"] == status]
        if part.empty:
            continue
        width_ms = ((part["due"] - part["start"]).dt.days + 1) * 86_400_000
        fig.add_trace(go.Bar(
            y=part["label"], x=width_ms, base=part["start"].dt.strftime("%Y-%m-%d"),
            orientation="h", name=STATUS_TEXT[status],
            text=[STATUS_TEXT[status]] * len(part), textposition="inside",
            marker={"color": colour, "pattern": {"shape": pattern},
                    "line": {"color": "#222", "width": 1}},
            customdata=list(zip(part["start"].dt.strftime("%d %b"),
                                part["due"].dt.strftime("%d %b %Y"))),
            hovertemplate="%{y}<br>%{customdata[0]} to %{customdata[1]}<extra>"
            + STATUS_TEXT[status] + "</extra>"))
    if today is not None:
        fig.add_vline(x=pd.Timestamp(today).timestamp() * 1000, line_dash="dash",
                      line_color=PALETTE["black"])
        fig.add_annotation(x=pd.Timestamp(today).timestamp() * 1000, y=1.02, yref="paper",
                           text="today", showarrow=False)
    fig.update_xaxes(type="date")
    fig.update_yaxes(autorange="reversed", categoryorder="array",
                     categoryarray=list(df["label"]))
    fig.update_layout(barmode="overlay")
    return themed(fig, title, x="date", height=max(260, 130 + 64 * len(df)))


def levels_over_time(history: pd.DataFrame) -> go.Figure:
    """Each skill's re-rated level over time, with its own marker shape."""
    title = "Your levels as you re-rate them"
    if history.empty:
        return empty(title, "Re-rate a skill after some practice to see your progress.")
    symbols = ["circle", "square", "diamond", "triangle-up", "cross", "x", "star",
               "hexagon"]
    fig = go.Figure()
    for i, (name, part) in enumerate(history.groupby("skill", sort=False)):
        fig.add_trace(go.Scatter(
            x=pd.to_datetime(part["on"]), y=part["level"], mode="lines+markers",
            name=plain(name), meta=plain(name),
            line={"shape": "hv", "color": SEQUENCE[i % len(SEQUENCE)]},
            marker={"symbol": symbols[i % len(symbols)], "size": 10},
            # the name goes in as ``meta``: inside the template a typed "%{x}" would be filled in
            hovertemplate="%{meta}: level %{y} on %{x|%d %b %Y}<extra></extra>"))
    fig.update_yaxes(**LEVEL_TICKS)
    return themed(fig, title, x="date", y="level (0-4)", height=360)
