"""The work-search record in the weekly review: the period's activities and weeks, the two
fields set on an application, the number asked for, and the downloads."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import re

import pytest

from workbook.records import Application
from tests.widget_tree import find
from workbook.ui.worksearch import WorkSearchPanel


@pytest.fixture
def panel(store):
    from workbook.ui import weekly_review

    today = store.today()
    store.put_raw([Application(company="Acme <b>", role="Analyst",
                               applied_on=today - dt.timedelta(days=3), source="job_board"),
                   Application(company="Beta", role="BI", applied_on=today - dt.timedelta(days=1),
                               source="recruiter")])
    return find(weekly_review.app(), WorkSearchPanel)


def _download(panel) -> bytes:
    m = re.search(r'href="data:[^;]+;base64,([^"]+)"', panel._link.children[0].value)
    return base64.b64decode(m.group(1))


def test_the_period_lists_activities_escaped_and_counts_weeks(panel):
    assert "Acme &lt;b&gt;" in panel._list.value and "Acme <b>" not in panel._list.value
    assert "online application" in panel._list.value
    assert "Activities per week" in panel._weeks.value


def test_contact_details_saved_show_in_the_record_and_the_csv(panel, store):
    beta = next(a for a in store.all(Application) if a.company == "Beta")
    panel._app.value = beta.id
    panel._method.value = "phone"
    panel._person.value = "Alex Chen"
    panel._save_contact.click()
    assert "Saved the details of Beta" in panel._save_contact.notice.value
    assert store.get(Application, beta.id).contact_person == "Alex Chen"
    panel._csv.click()
    rows = list(csv.reader(io.StringIO(_download(panel).decode("utf-8-sig"))))
    assert rows[0] == ["date", "employer", "position", "method", "contact", "result"]
    assert ["Beta", "BI", "by phone", "Alex Chen"] == rows[2][1:5]


def test_german_page_and_the_number_asked_for(panel, store):
    panel._required.value = 5
    panel._save_required.click()
    assert store.setting("worksearch_per_week") == 5
    panel._lang.value = "de"
    assert "Aktivitäten pro Woche" in panel._weeks.value
    panel._html.click()
    page = _download(panel).decode("utf-8")
    assert "Bewerbungsnachweis" in page and "Geforderte Aktivitäten pro Woche: 5" in page


def test_an_empty_period_says_so(panel):
    panel._start.value = dt.date(2020, 1, 1)
    panel._end.value = dt.date(2020, 1, 31)
    assert "No activities are recorded in this period" in panel._list.value
    panel._save_contact.click()
    assert "no application in this period" in panel._save_contact.notice.value
