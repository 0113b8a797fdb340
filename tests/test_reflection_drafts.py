"""E-mail drafts never leave a placeholder, whatever is known or missing, and user text is
escaped wherever it is shown as HTML."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbook import reflection as rf
from workbook.records import Application, Interview

PLACEHOLDER = re.compile(r"[{}]")


def _combos():
    apps = [None, Application(company="", role=""), Application(company="Acme", role=""),
            Application(company="", role="Analyst"), Application(company="Acme", role="Analyst")]
    rounds = [None, Interview(on=None, stage="interview"),
              Interview(on=dt.date(2026, 11, 3), stage="screen"),
              Interview(on=dt.date(2026, 11, 3), stage="final")]
    texts = ["", "Ms Park"]
    return itertools.product(rf.TEMPLATES, apps, rounds, texts, texts, texts, texts)


def test_no_template_leaves_a_placeholder_for_any_combination_of_known_fields(store):
    n = 0
    for name, app, iv, to, extra, reason, me in _combos():
        values = rf.draft_values(store, iv, app, to_name=to, extra=extra, reason=reason,
                                 my_name=me)
        subject, body = rf.fill(name, values)
        assert not PLACEHOLDER.search(subject + body), (name, app, iv, subject, body)
        assert "  " not in subject and "None" not in subject + body
        assert body.strip() and subject.strip()
        n += 1
    assert n == 5 * 5 * 4 * 16


def test_every_field_a_template_uses_gets_a_value(store):
    known = set(rf.draft_values(store, None, None))
    for name in rf.TEMPLATES:
        assert rf.template_fields(name) <= known, name


def test_missing_fields_get_neutral_wording(store):
    subject, body = rf.fill("thank_you", rf.draft_values(store, None, None, my_name=""))
    assert body.startswith("Hello,")
    assert "the role" in body and "your organisation" in body and "recently" in body
    assert body.rstrip().endswith("Best regards,")


@settings(max_examples=60, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(company=st.text(max_size=30), role=st.text(max_size=30), to=st.text(max_size=20),
       extra=st.text(max_size=40), name=st.sampled_from(rf.TEMPLATES))
def test_user_text_is_put_in_literally_and_never_formatted(store, company, role, to, extra,
                                                          name):
    app = Application(company=company, role=role)
    values = rf.draft_values(store, None, app, to_name=to, extra=extra, my_name="")
    subject, body = rf.fill(name, values)
    # every brace left comes from what the person typed, never from the template
    typed = company + role + to + extra
    assert subject.count("{") + body.count("{") <= 2 * typed.count("{")
    assert not re.search(r"\{(greeting|the_role|company|when|the_interview|extra|reason|"
                         r"sign_off)\}", subject + body)


def test_unknown_field_in_an_edited_template_gives_a_clear_sentence(monkeypatch):
    from workbook.errors import WorkbookError

    rf.template.cache_clear()
    monkeypatch.setattr(rf, "load_text", lambda name: "# x\nSubject: Hi {nickname}\nBody")
    try:
        with pytest.raises(WorkbookError, match=r"field \{nickname\}"):
            rf.fill("thank_you", {})
    finally:
        rf.template.cache_clear()


# ---------------------------------------------------------------- escaping in the app

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_user_text_shows_escaped_in_the_apps_html(store, monkeypatch):
    import ipywidgets as w

    from workbook.ui import interview_reflection as ui
    from workbook.ui.common import Context, Messages, SafetyPanel

    app = rf.add_application(store, EVIL, EVIL)
    iv = rf.save_round(store, None, application_id=app.id, on=dt.date(2026, 11, 3))
    rf.save_question(store, iv.id, text=EVIL, rating=2)
    rf.save_feedback(store, iv.id, text=EVIL, from_whom=EVIL, skills=EVIL)
    page = ui.ReflectionPage(Context(store, Messages(), SafetyPanel()))
    page.patterns.show()
    html = []

    def walk(widget):
        if isinstance(widget, w.HTML):
            html.append(widget.value)
        for child in getattr(widget, "children", ()):
            walk(child)

    walk(page)
    joined = "\n".join(html)
    assert "<script>alert" not in joined and "<img src=x" not in joined
    assert "&lt;script&gt;" in joined
