"""Search analytics on real people's histories (``../shared/realdata``, read in place).

Each file goes through the real importer (``workbook.applications.load``), then through
every table and chart the notebook shows. Where the author published their own Sankey
totals, the flows must agree with them.
"""

from __future__ import annotations

import ast
import datetime as dt

import pytest

from workbook import analytics as a
from workbook.applications import load
from workbook.charts import search as charts

AS_OF = dt.date(2026, 11, 22)
FILES = [
    "NakuraMino__Recruitment_Sankey_Diagram__applications2020.csv",
    "NakuraMino__Recruitment_Sankey_Diagram__applications2021.csv",
    "apk0703__linkdin_profile_analysis__Job_Applications.csv",
    "emilycardwell__my-jobs__job_data.json",
    "jsmith0434__JobSearchAnalysis__job_search_history.csv",
    "smpotts__jobsearch-sankey__V1-Sankey-Table.csv",
    "smpotts__jobsearch-sankey__V1_Status-Table_1.csv",
    "vanessapigwin__JobsExcelToSankey__applications.xlsx",
]


def analysed(realdata, name):
    path = realdata / name
    if not path.exists():
        pytest.skip(f"{name} is not in {realdata}")
    df, _report = load(path)
    return df, a.analyse(df, as_of=AS_OF, weekly_goal=10)


@pytest.mark.parametrize("name", FILES)
def test_every_real_history_gives_sensible_numbers(realdata, name):
    df, r = analysed(realdata, name)
    s = r.summary
    assert s.applications > 0
    for rate in (s.response, s.positive, s.interview, s.offer, s.no_response):
        assert 0 <= rate.numerator <= rate.denominator == s.counted
    # The stages nest: every offer was an interview, every interview a screen or further.
    assert s.response.numerator >= s.positive.numerator >= s.interview.numerator \
        >= s.offer.numerator
    reached = r.funnel["reached"].tolist()
    assert reached == sorted(reached, reverse=True) and reached[0] == s.applications
    # Every application leaves "Applied" exactly once in the Sankey.
    assert r.flows.loc[r.flows["source"] == "Applied", "count"].sum() == s.applications
    assert r.diagnosis and all(f.title and f.text for f in r.diagnosis)


@pytest.mark.parametrize("name", FILES)
def test_every_real_history_draws_small_titled_charts(realdata, name):
    _, r = analysed(realdata, name)
    figs = [charts.kpi_cards(r.summary), charts.funnel(r.funnel), charts.sankey(r.flows),
            charts.response_times(r.response_times), charts.cadence(r.cadence),
            charts.activity_calendar(r.activity),
            *(charts.breakdown_bars(t, "positive", b) for b, t in r.breakdowns.items())]
    for fig in figs:
        assert fig.layout.title.text
        assert len(fig.to_json()) < 200_000


def _author_edges(realdata, name):
    text = (realdata / name).read_text(encoding="utf-8")
    return [ast.literal_eval(line.strip().rstrip(",")) for line in text.splitlines()
            if line.strip().startswith("[")]


@pytest.mark.parametrize("data,edges", [
    ("NakuraMino__Recruitment_Sankey_Diagram__applications2020.csv",
     "NakuraMino__Recruitment_Sankey_Diagram__results2020_sankey_edges.txt"),
    ("NakuraMino__Recruitment_Sankey_Diagram__applications2021.csv",
     "NakuraMino__Recruitment_Sankey_Diagram__result2021_sankey_edges.txt"),
])
def test_silence_after_applying_matches_the_authors_own_ghosted_count(realdata, data, edges):
    _, r = analysed(realdata, data)
    ghosted = sum(n for s, t, n in _author_edges(realdata, edges)
                  if s == "Applied" and t == "Ghosted")
    ours = r.flows.loc[(r.flows["source"] == "Applied") & (r.flows["target"] == "No reply"),
                       "count"].sum()
    assert ours == ghosted


def test_linkedin_export_without_outcomes_is_not_read_as_silence(realdata):
    _, r = analysed(realdata, "apk0703__linkdin_profile_analysis__Job_Applications.csv")
    assert r.summary.outcomes_recorded == 0
    assert "nothing recorded yet" in r.summary.sentence()
    assert r.diagnosis[0].key == "no_outcomes"
    assert not r.loss_points["biggest"].any()  # silence is not a finding when nothing is recorded


def test_jsmith_history_loses_most_right_after_applying(realdata):
    df, r = analysed(realdata, "jsmith0434__JobSearchAnalysis__job_search_history.csv")
    assert r.summary.applications == 443
    assert r.summary.enough
    assert a.biggest_loss_point(df, as_of=AS_OF) == "after_applying"
    tailored = r.breakdowns["tailored"].set_index("group")
    assert {"yes", "no"} <= set(tailored.index)
