"""Text a person typed never becomes markup in a chart: plotly draws a subset of HTML in
labels, titles, hovers and annotations, so a company, skill or tag named ``<a href=...>``
would be a live link. Every chart function in ``workbook.charts`` is fed such names through
the pages that draw it (real demo data with hostile text put into every free-text field),
and so is the HTML session summary."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import json
import pkgutil
import re

import plotly.graph_objects as go
import pytest

from workbook import report, sample
from workbook.records import KINDS
from workbook.ui.common import Context, Messages, SafetyPanel

LINK = '<a href="https://example.org/steal">click</a>'
BOLD = "<b>loud</b>"
STYLED = '<span style="font-size:60px;color:red">big</span>'
HOSTILE = f" {LINK} {BOLD} {STYLED}"
LIVE = re.compile(r'<a\s+href="https://example.org/steal|<b>loud|<span\s+style="font-size:60px',
                  re.IGNORECASE)
CHART_MODULES = tuple(m.name for m in pkgutil.iter_modules(
    importlib.import_module("workbook.charts").__path__) if m.name != "theme")
NOT_TYPED = {"id", "created", "updated", "origin", "url"}


def _chart_functions() -> dict[str, object]:
    """Every public function of the chart modules that returns a figure."""
    found = {}
    for name in CHART_MODULES:
        mod = importlib.import_module(f"workbook.charts.{name}")
        for fname, fn in inspect.getmembers(mod, inspect.isfunction):
            if fn.__module__ == mod.__name__ and not fname.startswith("_") \
                    and inspect.signature(fn).return_annotation in (go.Figure, "go.Figure"):
                found[f"{name}.{fname}"] = (mod, fname)
    return found


def _hostile(store) -> None:
    """Put hostile text at the end of every free-text field of every record (choices, ids
    and dates stay valid: a value the record refuses is left as it was)."""
    rows = []
    for kind, cls in KINDS.items():
        for data in store.raw(kind):
            for key, value in list(data.items()):
                if key in NOT_TYPED or key.endswith("_id") or not value:
                    continue
                if isinstance(value, str):
                    candidate = value + HOSTILE
                elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                    candidate = [v + HOSTILE for v in value]
                else:
                    continue
                trial = dict(data, **{key: candidate})
                try:
                    cls.from_dict(dict(trial))
                except Exception:  # noqa: BLE001 - a choice or a date: leave it as it was
                    continue
                data = trial
            rows.append(cls.from_dict(data))
    store.put_raw(rows)


@pytest.fixture(scope="module")
def hostile_demo(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("WORKBOOK_HOME", str(tmp_path_factory.mktemp("hostile-home")))
    store = sample.create("demo")
    _hostile(store)
    yield store
    store.close()
    mp.undo()


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_every_chart_shows_typed_markup_as_text(hostile_demo, monkeypatch):
    from workbook.charts import review
    from workbook.ui import (
        check_in, interview_reflection, search_analytics, skill_gap_plan, weekly_review,
    )

    drawn: dict[str, list] = {}
    for key, (mod, fname) in _chart_functions().items():
        real = getattr(mod, fname)

        def recording(*a, _real=real, _key=key, **k):
            fig = _real(*a, **k)
            drawn.setdefault(_key, []).append(fig)
            return fig

        monkeypatch.setattr(mod, fname, recording)
    ctx = lambda: Context(hostile_demo, Messages(), SafetyPanel())  # noqa: E731
    check_in.CheckInPage(ctx())
    search_analytics.SearchAnalytics(ctx())
    weekly_review.WeeklyReview(ctx())
    plan = skill_gap_plan.SkillGapPlan(ctx())
    for part in (plan.priorities, plan.plan, plan.progress):
        part.refresh()
    interview_reflection.ReflectionPage(ctx()).patterns.show()
    start, end = report.default_range(hostile_demo, None)
    page = review.session_summary(hostile_demo, report.SECTIONS, start, end,
                                  include_journal_text=True)

    missing = sorted(set(_chart_functions()) - set(drawn))
    assert not missing, f"chart functions the hostile test does not reach: {missing}"
    typed_seen = 0
    for key, figures in drawn.items():
        for fig in figures:
            texts = list(_strings(json.loads(fig.to_json())))
            live = [t for t in texts if LIVE.search(t)]
            assert not live, f"{key} draws typed text as markup: {live[0][:120]!r}"
            typed_seen += sum("&lt;b&gt;loud" in t for t in texts)
    assert typed_seen > 20, "the hostile names reached the charts (escaped)"
    # The page embeds each figure as JSON in a script: decode its escapes before looking.
    decoded = page.replace("\\u003c", "<").replace("\\u003e", ">").replace('\\"', '"') \
        .replace("\\/", "/")
    found = LIVE.search(decoded)
    assert not found, decoded[found.start() - 200:found.end() + 50]
    assert "&lt;b&gt;loud" in decoded


def test_plain_keeps_the_text_as_typed_for_the_reader():
    from workbook.charts.theme import plain

    assert plain('Nettle & Co <b>') == "Nettle &amp; Co &lt;b&gt;"
    assert plain(None) == "" and plain(3) == "3"
