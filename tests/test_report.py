"""The session summary: only what is ticked, only the period, journal text only by choice,
the person's text escaped, and one self-contained file."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from workbook import report, review
from workbook.charts.review import session_summary
from workbook.errors import WorkbookError
from workbook.records import (
    Action, Application, CheckIn, Interview, Skill, ThoughtRecord,
)

MON = dt.date(2026, 11, 16)
WED = dt.date(2026, 11, 18)
START, END = dt.date(2026, 10, 26), dt.date(2026, 11, 22)
ATTACK = '<script>alert("wb-pwned")</script>'
IMG = '<img src=x onerror="alert(1)">'


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.timezone.utc)


@pytest.fixture
def full(store):
    """A hand-made profile with something in every section."""
    app = store.save(Application(company="Acme", role="Analyst", applied_on=dt.date(2026, 11, 2),
                                 stage="interview", outcome="rejected",
                                 interview_on=dt.date(2026, 11, 9),
                                 closed_on=dt.date(2026, 11, 12)))
    store.save_many([
        Application(company="Globex", applied_on=dt.date(2026, 11, 3)),
        CheckIn(at=at(dt.date(2026, 11, 3)), pleasantness=-0.6, energy=-0.4,
                word_texts=["discouraged"], note="JOURNAL-NOTE-SECRET",
                context="JOURNAL-CONTEXT-SECRET"),
        CheckIn(at=at(WED), pleasantness=0.3, energy=0.2, word_texts=["hopeful"]),
        ThoughtRecord(created=at(dt.date(2026, 11, 12)), automatic_thought="THOUGHT-SECRET",
                      balanced_thought="BALANCED-SECRET", traps_confirmed=["labeling"]),
        Interview(application_id=app.id, on=dt.date(2026, 11, 9), went_well="REFLECT-WELL",
                  what_happened="DEBRIEF-HAPPENED-SECRET", confidence=6),
    ])
    sk = store.save(Skill(name="SQL", current_level=1, needed_level=3, confirmed=True))
    store.save(Action(skill_id=sk.id, what="PLAN-STEP window functions", status="done",
                      done_on=dt.date(2026, 11, 10), hours_logged=3))
    review.add_win(store, "WIN-TEXT finished a module", on=MON, reward="REWARD-TEXT")
    review.save_review(store, worked="WORKED-TEXT", change="CHANGE-TEXT",
                       commitments=["COMMIT-ONE", "COMMIT-TWO"], as_of=MON)
    return store


MARKERS = {
    "mood": ["How check-ins felt", "discouraged"],
    "reflections": ["REFLECT-WELL", "WORKED-TEXT"],
    "skills": ["PLAN-STEP window functions", "Skill-plan steps by skill"],
    "search": ["Applications and replies", "Applications sent"],
    "wins": ["WIN-TEXT finished a module", "REWARD-TEXT"],
    "commitments": ["COMMIT-ONE", "COMMIT-TWO"],
}


def sections_in(page: str) -> set[str]:
    return set(re.findall(r'<section class="section" id="(\w+)"', page))


def test_every_section_appears_when_all_are_ticked(full):
    page = session_summary(full, report.SECTIONS, START, END)
    assert sections_in(page) == set(report.SECTIONS)
    for key, markers in MARKERS.items():
        for marker in markers:
            assert marker in page, (key, marker)


@pytest.mark.parametrize("ticked", [{"mood"}, {"wins", "commitments"}, {"search"},
                                    {"skills", "reflections"}])
def test_report_contains_none_of_the_unticked_sections(full, ticked):
    page = session_summary(full, ticked, START, END)
    assert sections_in(page) == ticked
    for key, markers in MARKERS.items():
        if key not in ticked:
            for marker in markers:
                assert marker not in page, f"{marker!r} from unticked {key!r} is in the report"


def test_journal_text_stays_out_unless_ticked(full):
    without = session_summary(full, report.SECTIONS, START, END)
    for secret in ("JOURNAL-NOTE-SECRET", "JOURNAL-CONTEXT-SECRET", "THOUGHT-SECRET",
                   "BALANCED-SECRET", "DEBRIEF-HAPPENED-SECRET"):
        assert secret not in without
    assert "are not included" in without
    with_journal = session_summary(full, report.SECTIONS, START, END,
                                          include_journal_text=True)
    for secret in ("JOURNAL-NOTE-SECRET", "THOUGHT-SECRET", "BALANCED-SECRET",
                   "DEBRIEF-HAPPENED-SECRET"):
        assert secret in with_journal


def test_confirmed_thinking_traps_are_named_without_the_thought_itself(full):
    page = session_summary(full, {"mood"}, START, END)
    assert "labeling (1)" in page
    assert "THOUGHT-SECRET" not in page


def test_only_the_period_is_reported(full):
    review.add_win(full, "OLD-WIN from the summer", on=dt.date(2026, 7, 1))
    page = session_summary(full, {"wins"}, START, END)
    assert "OLD-WIN" not in page
    assert "WIN-TEXT" in page


def test_script_in_a_win_or_note_stays_inert_text(full):
    review.add_win(full, ATTACK, on=MON, reward=IMG)
    review.add_contact(full, ATTACK, "friend", notes=ATTACK)
    full.save(CheckIn(at=at(WED, 15), note=ATTACK, context=IMG, word_texts=[ATTACK]))
    review.save_review(full, commitments=[ATTACK], change=IMG, as_of=MON)
    page = session_summary(full, report.SECTIONS, START, END,
                                  include_journal_text=True)
    assert 'alert("wb-pwned")' not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;wb-pwned&quot;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page


def test_user_text_inside_chart_data_cannot_close_the_script(full):
    sk = full.save(Skill(name="</script><b>x", confirmed=True))
    full.save(Action(skill_id=sk.id, what="step", status="planned"))
    page = session_summary(full, {"skills"}, START, END)
    assert "</script><b>x" not in page


def test_report_is_self_contained_with_plotly_embedded_once(full):
    page = session_summary(full, report.SECTIONS, START, END)
    assert page.count("<script") >= 2
    assert not re.search(r"<script[^>]+src=", page), "no script may load from elsewhere"
    assert not re.search(r"<link[^>]+href=", page)
    head = page.split("</head>", 1)[0]
    assert "Plotly" in head and len(head) > 1_000_000  # the whole library, inline
    assert page.count("Plotly.newPlot(") == 4  # mood, plan, search, wins


def test_report_without_charts_skips_the_javascript(full):
    page = session_summary(full, {"commitments"}, START, END)
    assert len(page) < 100_000
    assert "Plotly.newPlot(" not in page


def test_print_css_avoids_cutting_charts_and_sets_no_fixed_paper_size(full):
    page = session_summary(full, {"wins"}, START, END)
    assert "@media print" in page
    assert "break-inside: avoid" in page
    assert not re.search(r"@page\s*{[^}]*size\s*:", page)  # A4 and Letter both fit


def test_empty_sections_say_so_plainly(store):
    page = session_summary(store, report.SECTIONS, START, END)
    assert page.count("Nothing recorded for this period.") == len(report.SECTIONS)


def test_unknown_section_is_refused_with_the_choices(store):
    with pytest.raises(WorkbookError, match="no section called diary"):
        session_summary(store, {"diary"}, START, END)


def test_no_section_ticked_is_refused(store):
    with pytest.raises(WorkbookError, match="at least one"):
        session_summary(store, set(), START, END)


def test_period_backwards_is_refused(store):
    with pytest.raises(WorkbookError, match="swap"):
        session_summary(store, {"wins"}, END, START)


def test_small_numbers_show_counts_not_a_bare_rate(full):
    page = session_summary(full, {"search"}, START, END)
    assert "1 of 2 applications so far had a reply (not enough yet to tell" in page


def test_default_range_is_the_last_four_of_the_persons_weeks(store):
    start, end = report.default_range(store, as_of=WED)
    assert (start, end) == (dt.date(2026, 10, 26), WED)


def test_latest_commitments_and_the_week_before(full):
    review.save_review(full, commitments=["NEXT-A"], look_back="went ok",
                       as_of=MON + dt.timedelta(days=7))
    page = session_summary(full, {"commitments"}, START, END + dt.timedelta(days=7))
    assert page.index("NEXT-A") < page.index("COMMIT-ONE")
    assert "went ok" in page
