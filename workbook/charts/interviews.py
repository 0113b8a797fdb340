"""Interview-reflection charts: self-ratings by group, recurring questions, confidence
right after versus outcome, and feedback themes.

Each function takes the (already aggregated) output of ``workbook.reflection`` and returns
a themed ``go.Figure``; none calls ``.show()``. Values are written on the bars, so nothing
depends on colour alone.
"""

from __future__ import annotations


import pandas as pd
import plotly.graph_objects as go

from workbook.charts.theme import PALETTE, empty, plain, themed, wrap

OUTCOME_NAMES = {"open": "Still open", "no_response": "No answer", "rejected": "Not selected",
                 "withdrawn": "Withdrew", "accepted": "Accepted", "declined": "Declined offer"}
_OUTCOME_SYMBOLS = {"open": "circle-open", "no_response": "diamond-open", "rejected": "square",
                    "withdrawn": "x", "accepted": "star", "declined": "triangle-up"}


def ratings(by: pd.DataFrame, what: str = "question category") -> go.Figure:
    """Horizontal bars of the mean self-rating (1-5) per group, with the count written on each
    bar. ``by`` is ``reflection.ratings_by(...)`` (columns name, mean, count)."""
    title = f"How you rated your answers, by {what}"
    if by.empty:
        return empty(title, "No rated questions yet")
    df = by.sort_values("mean")
    fig = go.Figure(go.Bar(
        x=df["mean"], y=[wrap(plain(n), 18) for n in df["name"]], orientation="h",
        marker_color=PALETTE["blue"],
        text=[f"{m:.1f} ({c} rated)" for m, c in zip(df["mean"], df["count"])],
        textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: average %{x:.1f} of 5<extra></extra>"))
    # room right of 5 for the words beside the longest bar
    fig.update_xaxes(range=[0, 7.2], tickvals=[0, 1, 2, 3, 4, 5])
    return themed(fig, title, x="average self-rating (1 = struggled, 5 = strong)",
                  height=max(240, 70 + 42 * len(df)))


def recurring(rec: pd.DataFrame) -> go.Figure:
    """Bars of how many interviews each recurring question came up in
    (``reflection.recurring``)."""
    title = "Questions that keep coming up"
    if rec.empty:
        return empty(title, "No question has come up twice yet")
    df = rec.head(10).iloc[::-1]
    fig = go.Figure(go.Bar(
        x=df["rounds"], y=[wrap(plain(t), 24) for t in df["text"]], orientation="h",
        marker_color=PALETTE["orange"], text=df["rounds"], textposition="auto",
        hovertemplate="%{y}<br>asked in %{x} interviews<extra></extra>"))
    fig.update_xaxes(dtick=1, rangemode="tozero")
    return themed(fig, title, x="interviews it came up in", height=max(240, 80 + 48 * len(df)))


def confidence_outcome(conf: pd.DataFrame) -> go.Figure:
    """Each round's confidence right after (1-10) grouped by how the application ended
    (``reflection.confidence_vs_outcome``). Outcomes differ by marker shape and position,
    not only colour."""
    title = "Confidence right after the interview, by how it ended"
    if conf.empty:
        return empty(title, "No confidence noted yet")
    title += " (numbers: how many interviews)"
    fig = go.Figure()
    order = [o for o in OUTCOME_NAMES if o in set(conf["outcome"])]
    colours = [PALETTE[c] for c in ("grey", "purple", "vermillion", "yellow", "green", "sky")]
    for outcome in order:
        part = conf.loc[conf["outcome"] == outcome]
        # one marker per confidence value, its count written beside it (rounds often tie)
        grouped = (part.assign(confidence=part["confidence"].astype("int64"))
                   .groupby("confidence")["label"]
                   .agg(n="size", names=lambda s: "<br>".join(plain(v) for v in list(s)[:5])
                        + ("<br>..." if len(s) > 5 else ""))
                   .reset_index())
        fig.add_trace(go.Scatter(
            x=[OUTCOME_NAMES[outcome]] * len(grouped), y=grouped["confidence"],
            mode="markers+text", name=OUTCOME_NAMES[outcome],
            # the number alone (the title says what it counts): words beside the last
            # column were cut on a phone
            text=[str(n) for n in grouped["n"]], cliponaxis=False,
            textposition="middle right", customdata=grouped["names"],
            marker={"size": [10 + 4 * min(int(n), 6) for n in grouped["n"]],
                    "symbol": _OUTCOME_SYMBOLS[outcome],
                    "color": colours[list(OUTCOME_NAMES).index(outcome)],
                    "line": {"width": 1.5, "color": "#333"}},
            hovertemplate="%{customdata}<br>confidence %{y}<extra></extra>"))
    fig.update_yaxes(range=[0.5, 10.5], dtick=1)
    fig.update_xaxes(range=[-0.5, len(order) - 0.1])  # room for the count beside the last
    fig.update_layout(showlegend=False)
    return themed(fig, title, x="how it ended", y="confidence right after (1-10)", height=340)


def themes(df: pd.DataFrame) -> go.Figure:
    """Bars of how often each competency or skill was named in feedback
    (``reflection.feedback_themes``); skills and competencies are told apart by label."""
    title = "Themes in the feedback you received"
    if df.empty:
        return empty(title, "No tagged feedback yet")
    top = df.head(12).iloc[::-1]
    names = [wrap(f"{plain(t)} ({'competency' if k == 'competency' else 'skill'})", 20)
             for t, k in zip(top["theme"], top["kind"])]
    fig = go.Figure(go.Bar(
        x=top["count"], y=names, orientation="h",
        marker_color=[PALETTE["green"] if k == "competency" else PALETTE["purple"]
                      for k in top["kind"]],
        marker_pattern_shape=["" if k == "competency" else "/" for k in top["kind"]],
        text=top["count"], textposition="auto",
        hovertemplate="%{y}: named %{x} times<extra></extra>"))
    fig.update_xaxes(dtick=1, rangemode="tozero")
    return themed(fig, title, x="times named in feedback", height=max(240, 80 + 40 * len(top)))
