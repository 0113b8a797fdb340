"""Search charts: titled, labelled, honest about small numbers, and small whatever the rows."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from workbook import analytics as a
from workbook.applications import from_records
from workbook.charts import search as charts

AS_OF = dt.date(2026, 4, 1)


def history(n: int, seed: int = 3) -> pd.DataFrame:
    """``n`` applications over two years: mostly silence, some rejections, a few offers."""
    rng = np.random.default_rng(seed)
    applied = pd.Timestamp(AS_OF) - pd.to_timedelta(rng.integers(0, 730, n), unit="D")
    stage = rng.choice(["applied", "screen", "interview", "offer"], n, p=[.8, .1, .07, .03])
    outcome = rng.choice(["open", "rejected", "no_response"], n, p=[.6, .3, .1])
    rows = [{"id": f"x{i}", "applied_on": applied[i].date().isoformat(), "stage": stage[i],
             "outcome": outcome[i], "source": ["job_board", "referral", "linkedin"][i % 3],
             "role": f"Role {i % 40}", "tailored": bool(i % 2)} for i in range(n)]
    return from_records(rows)


def all_figures(df):
    r = a.analyse(df, as_of=AS_OF, weekly_goal=10)
    figs = [charts.kpi_cards(r.summary), charts.funnel(r.funnel), charts.sankey(r.flows),
            charts.response_times(r.response_times), charts.cadence(r.cadence),
            charts.activity_calendar(r.activity)]
    figs += [charts.breakdown_bars(t, m, b) for b, t in r.breakdowns.items()
             for m in ("response", "positive")]
    return figs


def test_every_chart_has_a_title_and_labelled_axes_where_it_has_axes():
    for fig in all_figures(history(300)):
        assert fig.layout.title.text
        kinds = {t.type for t in fig.data}
        if kinds & {"bar", "heatmap", "funnel"}:
            assert fig.layout.yaxis.title.text or fig.layout.xaxis.title.text


def test_every_chart_has_hover_text():
    for fig in all_figures(history(300)):
        for trace in fig.data:
            if trace.type == "indicator" or trace.hoverinfo == "skip":
                continue  # a number card, or words that label a bar already hovered
            if trace.type == "sankey":
                assert trace.link.hovertemplate and trace.node.hovertemplate
            else:
                assert trace.hovertemplate or trace.hovertext is not None


@pytest.mark.slow
def test_figure_json_stays_small_at_100000_applications():
    for fig in all_figures(history(100_000)):
        assert len(fig.to_json()) < 200_000, fig.layout.title.text


def test_small_groups_get_counts_and_no_bar():
    df = from_records(
        [{"id": f"j{i}", "applied_on": "2026-01-05", "source": "job_board"} for i in range(18)]
        + [{"id": f"r{i}", "applied_on": "2026-01-05", "stage": "screen", "source": "referral"}
           for i in range(3)])
    table = a.breakdown(df, "source", as_of=AS_OF)
    fig = charts.breakdown_bars(table, "positive", "Where you applied")
    bar = fig.data[0]
    by_group = dict(zip(bar.y, zip(bar.x, bar.text)))
    x, text = by_group["Referral"]
    assert x == 0 and text == "3 of 3: not enough yet to tell"
    x, text = by_group["Job board"]
    assert text.startswith("0% (0 of 18)")


def test_kpi_cards_show_counts_not_percentages_when_small():
    s = a.summary(from_records([{"id": "a", "applied_on": "2026-01-05"}]), as_of=AS_OF)
    fig = charts.kpi_cards(s)
    assert all(t.number.suffix != "%" for t in fig.data)
    assert "not enough yet to tell" in fig.data[0].title.text


def test_sankey_labels_carry_counts_and_keep_interviewed_rejections_at_interview():
    df = from_records([{"id": "a", "applied_on": "2026-01-01", "stage": "interview",
                        "outcome": "rejected"}])
    fig = charts.sankey(a.flows(df, as_of=AS_OF))
    labels = [x.replace("<br>", " ") for x in fig.data[0].node.label]  # wrapped lines
    assert "Interview (1)" in labels and "Rejected (1)" in labels


def test_cadence_chart_draws_the_goal_as_a_labelled_line():
    fig = charts.cadence(a.weekly_cadence(history(200), weekly_goal=7, as_of=AS_OF))
    assert any(s.y0 == 7 for s in fig.layout.shapes)
    assert any("your goal: 7" in (ann.text or "") for ann in fig.layout.annotations)


def test_charts_of_nothing_say_so_instead_of_failing():
    r = a.analyse(from_records([]), as_of=AS_OF)
    for fig in (charts.funnel(r.funnel), charts.sankey(r.flows),
                charts.response_times(r.response_times), charts.cadence(r.cadence),
                charts.breakdown_bars(r.breakdowns["source"])):
        assert fig.layout.annotations and fig.layout.title.text


def test_calendar_has_a_cell_per_day_and_names_each_day_in_its_hover():
    fig = charts.activity_calendar(a.activity(history(200), as_of=AS_OF, weeks=10))
    heat = fig.data[0]
    assert np.asarray(heat.z).shape == (7, 10)
    assert "2026" in str(np.asarray(heat.customdata)[0][0])


def test_a_calendar_of_weeks_with_nothing_sent_says_so_instead_of_a_blue_grid():
    old = history(50)  # two years before AS_OF; the calendar's ten weeks end a year later
    act = a.activity(old, as_of=AS_OF + dt.timedelta(days=800), weeks=10)
    assert len(act) and int(act["applications"].sum()) == 0
    fig = charts.activity_calendar(act)
    assert not [t for t in fig.data if t.type == "heatmap"]
    assert "No applications" in fig.layout.annotations[0].text


def test_the_calendar_colour_scale_starts_at_zero_sent():
    fig = charts.activity_calendar(a.activity(history(200), as_of=AS_OF, weeks=10))
    heat = fig.data[0]
    assert heat.zmin == 0 and heat.zmax >= 1
