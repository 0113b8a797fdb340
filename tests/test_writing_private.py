"""Guided writing is private by construction: never in a summary unless ticked there,
deletable for good; the unsent letter cools off before any real reply; the setback plan and
the early-rejection debrief keep what the person wrote and feed what they should."""

from __future__ import annotations

import datetime as dt

import pytest

from workbook import early_debrief, rejections, reflection, report, setback, writing
from workbook.applications import frame
from workbook.errors import WorkbookError
from workbook.records import Application, Writing

SECRET = "I wanted to scream at the hiring manager: zebra-quartz-7741"


def _page(store, sections):
    start, end = report.default_range(store)
    return report.summary_page(store, sections, start, end, True, lambda spec: "",
                               lambda: "")


def test_writing_is_never_in_a_summary_of_every_default_section(store):
    rej = rejections.add(store, company="Acme", stage="interview")
    writing.add(store, "unsent_letter", SECRET, rejection_id=rej.id)
    page = _page(store, report.SECTIONS)
    assert "zebra-quartz-7741" not in page
    assert "writing" not in report.SECTIONS


def test_writing_appears_escaped_only_when_its_section_is_ticked(store):
    writing.add(store, "self_compassion", SECRET + " <script>alert(1)</script>")
    page = _page(store, ["wins", "writing"])
    assert "zebra-quartz-7741" in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_the_weekly_review_summary_leaves_writing_out_unless_its_box_is_ticked(store):
    from tests.test_review_ui import _decoded, _app
    from workbook.ui import weekly_review

    writing.add(store, "expressive", SECRET)
    ui = _app(weekly_review.app())
    assert ui.summary.boxes["writing"].value is False
    ui.summary.make.click()
    assert "zebra-quartz-7741" not in _decoded(ui.summary.out.children[0].value).decode()
    ui.summary.boxes["writing"].value = True
    ui.summary.make.click()
    assert "zebra-quartz-7741" in _decoded(ui.summary.out.children[0].value).decode()


def _file_bytes(store) -> bytes:
    files = [store.path, store.path.with_name(store.path.name + "-wal")]
    return b"".join(p.read_bytes() for p in files if p.exists())


def test_deleting_writing_removes_its_text_from_the_profile_file(store):
    # Some SQLite builds leave deleted text in free pages (secure_delete off); this one is
    # set that way on purpose, so the test holds for every build.
    store._db.execute("PRAGMA secure_delete = OFF")
    piece = writing.add(store, "expressive", SECRET)
    store.checkpoint()
    writing.delete(store, piece.id)
    assert store.get(Writing, piece.id) is None
    assert b"zebra-quartz-7741" not in _file_bytes(store)


def test_a_plain_delete_on_such_a_build_leaves_the_text_behind(store):
    """The control for the test above: the check it makes can fail."""
    from workbook.records import Win

    store._db.execute("PRAGMA secure_delete = OFF")
    win = store.save(Win(text=SECRET))
    store.checkpoint()
    store.delete(Win, win.id)
    store.checkpoint()
    assert b"zebra-quartz-7741" in _file_bytes(store)


def test_expressive_sessions_count_up_with_their_own_prompts(store):
    rej = rejections.add(store, company="Acme")
    first = writing.add(store, "expressive", "one", rejection_id=rej.id)
    second = writing.add(store, "expressive", "two", rejection_id=rej.id)
    assert (first.session, second.session) == (1, 2)
    assert first.prompt != second.prompt and first.prompt == writing.prompt_for("expressive", 1)
    with pytest.raises(WorkbookError, match="empty"):
        writing.add(store, "expressive", "   ")


def test_the_unsent_letter_cools_off_before_a_real_reply_is_drafted(store):
    rej = rejections.add(store, company="Acme", role="Analyst", stage="final")
    letter = writing.add(store, "unsent_letter", "How could you.", rejection_id=rej.id)
    assert letter.cool_until == store.today() + dt.timedelta(days=2)
    assert "Cooling off until" in writing.cooling_note(store, letter)
    with pytest.raises(WorkbookError, match="Cooling off"):
        writing.reply_after_letter(store, letter)
    cooled = writing.update(store, letter.id, cool_until=store.today())
    draft = writing.reply_after_letter(store, cooled)
    assert draft.template == "rejection_reply" and "Acme" in draft.body


def test_the_setback_plan_written_when_calm_is_the_one_shown_back(store):
    assert setback.current(store) is None
    setback.add(store, "go for a run, then call Sam", "apply to ten jobs that night")
    newer = setback.add(store, "take the evening off", "")
    assert setback.current(store).id == newer.id
    with pytest.raises(WorkbookError, match="I will"):
        setback.add(store, "  ")


def test_the_early_debrief_sets_tailored_on_the_application_and_feeds_the_patterns(store):
    rej = rejections.add(store, company="Acme", stage="application")
    early_debrief.add(store, rej.id, fit="stretch", matched="SQL, dashboards",
                      missing="5 years of Python", tailored=False)
    app = store.get(Application, rej.application_id)
    assert app.tailored is False
    assert frame(store)["tailored"].tolist() == [False]
    sentence = reflection.pattern_sentences(store)["early"]
    assert "1 early no" in sentence and "was a stretch" in sentence
    assert "tailored in 0 of 1" in sentence
