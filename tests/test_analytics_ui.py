"""The search-analytics page driven without a browser: set widget values, click, read back."""

from __future__ import annotations

import pytest

from workbook.records import Application
from workbook.ui.common import Context, Messages, SafetyPanel
from workbook.ui import search_analytics as ui


def page_for(store):
    return ui.SearchAnalytics(Context(store, Messages(), SafetyPanel()))


@pytest.fixture
def demo(workbook_home):
    from workbook import sample

    store = sample.create("demo")
    yield store
    store.close()


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_app_opens_on_the_demo_persona_with_every_chart_drawn(workbook_home):
    root = ui.app()  # no profile yet: the sample persona opens
    outputs = [x for x in _walk(root) if x.__class__.__name__ == "Output"]
    titles = [ui.figure_title(o) for o in outputs]
    assert len([t for t in titles if t]) == 7
    assert any("Profile: <strong>demo (sample data)" in getattr(x, "value", "")
               for x in _walk(root))


def test_every_chart_has_a_table_or_sentence_beside_it(demo):
    view = page_for(demo)
    pairs = [(view.overview.out, view.overview.text), (view.flows.funnel_out, view.flows.funnel_text),
             (view.flows.sankey_out, view.flows.flows_text), (view.breakdown.out, view.breakdown.text),
             (view.timing.out, view.timing.text), (view.rhythm.cadence_out, view.rhythm.cadence_text),
             (view.rhythm.calendar_out, view.rhythm.calendar_text)]
    for out, text in pairs:
        assert ui.figure_title(out), "a chart is missing"
        assert len(text.value) > 40, f"no words beside {ui.figure_title(out)!r}"


def test_changing_the_source_filter_redraws_the_charts_in_place(demo):
    view = page_for(demo)
    before = view.analysis.summary.applications
    kpi_widget = view.overview.out
    view.filters.source.value = "referral"
    after = view.analysis.summary.applications
    assert 0 < after < before
    assert view.overview.out is kpi_widget  # same widget, new content
    counted = view.analysis.summary.counted
    assert f"{counted} applications old enough" in ui.figure_title(view.overview.out)
    assert "Showing" in view.filters.note.value
    view.filters.reset.click()
    assert view.analysis.summary.applications == before


def test_small_filtered_groups_say_not_enough_yet_to_tell(demo):
    view = page_for(demo)
    view.filters.source.value = "referral"
    assert "not enough yet to tell" in view.overview.text.value
    assert "%" not in view.analysis.summary.response.text()


def test_date_range_filter_and_a_reversed_range_explained(demo):
    view = page_for(demo)
    today = demo.today()
    import datetime as dt

    view.filters.start.value = today - dt.timedelta(days=14)
    recent = view.analysis.summary.applications
    assert recent < len(view.df_all)
    view.filters.end.value = today - dt.timedelta(days=30)  # before the start
    assert "swap them" in view.filters.note.value
    assert view.analysis.summary.applications == 0


def test_compare_by_and_metric_switch_the_breakdown_chart(demo):
    view = page_for(demo)
    view.breakdown.compare.value = "referral"
    view.breakdown.metric.value = "response"
    title = ui.figure_title(view.breakdown.out)
    assert title.startswith("Referral") and "got any reply" in title
    assert "Lever" in view.breakdown.text.value  # published context, with its source


def test_saving_a_weekly_goal_draws_it_on_the_cadence_chart(demo):
    view = page_for(demo)
    view.rhythm.goal.value = 12
    view.rhythm.save_goal.click()
    assert demo.setting("weekly_goal") == 12
    layout = view.rhythm.cadence_out.outputs[0]["data"]["application/vnd.plotly.v1+json"]["layout"]
    assert any(s.get("y0") == 12 for s in layout.get("shapes", []))


def test_diagnosis_links_to_the_reflection_and_skill_plan_notebooks(demo):
    view = page_for(demo)
    html = view.meaning.findings.value
    assert "02_interview_reflection.ipynb" in html or "03_skill_gap_plan.ipynb" in html
    assert "What this rests on" in html
    assert "(not a grade)" in view.meaning.references.value


def test_an_empty_profile_gets_a_friendly_start_instead_of_charts(store):
    view = page_for(store)
    assert view.empty_state.layout.display is None
    assert view.sections.layout.display == "none"
    assert "import" in view.empty_state.value.lower()


def test_adding_applications_later_fills_the_page(store):
    view = page_for(store)
    store.save(Application(id="a1", company="Acme", role="Analyst", applied_on="2026-01-05"))
    view.data_changed()
    assert view.sections.layout.display is None
    assert view.analysis.summary.applications == 1


def test_user_text_is_escaped_everywhere_it_is_shown(store):
    nasty = '<img src=x onerror="alert(1)">'
    store.save_many([Application(id=f"a{i}", company=nasty, role=nasty,
                                 applied_on="2026-01-05") for i in range(3)])
    view = page_for(store)
    view.breakdown.compare.value = "role"
    assert "<img" not in view.breakdown.text.value
    assert "&lt;img" in view.breakdown.text.value


def _find(widget, attr):
    for x in _walk(widget):
        if hasattr(x, attr):
            return getattr(x, attr)
    raise AssertionError(f"no widget with {attr}")


def test_importing_a_real_file_through_the_page_fills_every_section(store, realdata):
    import datetime as dt

    view = page_for(store)
    assert view.sections.layout.display == "none"
    wiz = _find(view, "_wizard")
    data = (realdata / "jsmith0434__JobSearchAnalysis__job_search_history.csv").read_bytes()
    wiz.upload.value = ({"name": "history.csv", "type": "text/csv", "size": len(data),
                         "content": memoryview(data), "last_modified": dt.datetime(2024, 1, 1)},)
    wiz.read_button.click()
    wiz.confirm_button.click()
    assert view.sections.layout.display is None
    assert view.analysis.summary.applications == 443
    assert "443 applications" in view.overview.text.value
    assert ui.figure_title(view.flows.sankey_out)


def test_the_application_form_opens_and_closes_from_the_page(store):
    view = page_for(store)
    assert view.editor_box.layout.display == "none"
    view.editor_toggle.click()
    assert view.editor_box.layout.display is None
    view.editor_toggle.click()
    assert view.editor_box.layout.display == "none"


def test_saving_an_edited_application_keeps_the_source_and_role_filters(demo):
    view = page_for(demo)
    view.filters.source.value = "referral"
    role = view.filters.role.options[1][1]
    view.filters.role.value = role
    filtered = view.analysis.summary.applications
    ed = _find(view, "_editor")
    ed.choice.value = ed.choice.options[1][1]
    ed.notes.value = "Heard back by phone."
    ed.save_button.click()
    assert "Saved the application" in view.ctx.messages.value
    assert (view.filters.source.value, view.filters.role.value) == ("referral", role)
    assert view.analysis.summary.applications == filtered


def test_replies_are_counted_alike_in_the_overview_and_the_timing(store):
    # three replies, one of them without the date it came: the timing says so, rather
    # than "2 dated replies" next to "3 replies" with nothing to square them
    store.save_many(
        [Application(id=f"r{i}", company=f"C{i}", role="Analyst", applied_on="2026-09-01",
                     outcome="rejected", stage="applied",
                     closed_on=None if i == 2 else f"2026-09-{10 + i}") for i in range(3)]
        + [Application(id=f"n{i}", company=f"N{i}", role="Analyst", applied_on="2026-09-02")
           for i in range(20)])
    view = page_for(store)
    replies = view.analysis.summary.response.numerator
    assert replies == 3
    assert f"Of your {replies} replies" in view.timing.text.value
    assert "1 has no date" in view.timing.text.value


def test_no_applications_lately_is_said_in_words_not_as_zero_point_zero(store):
    store.save_many([Application(id=f"a{i}", company=f"C{i}", role="Analyst",
                                 applied_on="2026-03-02") for i in range(5)])
    view = page_for(store)
    assert "0.0" not in view.rhythm.cadence_text.value
    assert "no applications in the last four weeks" in view.rhythm.cadence_text.value
