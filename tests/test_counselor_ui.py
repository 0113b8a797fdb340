"""The counselor page and the client's homework in the weekly review, driven like people
would: set values, click buttons. The counselor's note never shows in a client's page."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest

from workbook import counseling, counselor
from workbook.records import CounselingSession, Homework
from workbook.store import create_profile

NOTE_MARK = "ZZ-private-note-4410"


def _walk(widget):
    stack = [widget]
    while stack:
        x = stack.pop()
        yield x
        stack.extend(getattr(x, "children", ()) or ())


def _find(widget, cls):
    return [x for x in _walk(widget) if isinstance(x, cls)]


def _texts(widget) -> str:
    """Every piece of text a widget tree holds (values, labels, outputs)."""
    out = []
    for x in _walk(widget):
        for name in ("value", "description", "placeholder", "tooltip", "options"):
            v = getattr(x, name, None)
            if isinstance(v, str):
                out.append(v)
            elif isinstance(v, (tuple, list)):
                out.append(repr(v))
        for o in getattr(x, "outputs", ()) or ():
            out.append(repr(o))
    return "\n".join(out)


@pytest.fixture
def page(store):
    from workbook.ui.counselor import CounselorPage

    p = CounselorPage()
    yield p
    if p._client is not None:
        p._client.close()


def test_two_sessions_with_homework_ticked_in_between_by_the_client(page, store):
    from workbook.ui import weekly_review
    from workbook.ui.homework import HomeworkPanel, HomeworkRow

    page._pick.value = "tester"
    page._start.click()
    first = page.session
    assert "This is the first session" in _texts(first)
    first._topics.value = "CV\nInterview nerves"
    first._hw_text.value = "Ask Jordan for a referral"
    first._hw_add.click()
    assert "Ask Jordan for a referral" in _texts(first._hw_list)
    assert "The client sees it in their weekly review" in first._hw_add.notice.value
    first._note.value = f"Seemed tired today {NOTE_MARK}"
    first._next.value = store.today() + dt.timedelta(days=14)
    first._save.click()
    assert "Saved the session with tester" in first._save.notice.value
    # the first session was two weeks ago, as it would be between two appointments
    counseling.update_session(store, first.session.id,
                              on=store.today() - dt.timedelta(days=14), next_on=None)

    # the client, in their weekly review, ticks it off
    review_page = weekly_review.app()
    (panel,) = _find(review_page, HomeworkPanel)
    assert panel.layout.display is None
    (row,) = _find(panel, HomeworkRow)
    row._status.value = "partly"
    row._obstacle.value = "Jordan was away until Friday"
    row._save.click()
    assert store.get(Homework, row._id).status == "partly"
    assert NOTE_MARK not in _texts(review_page)

    # the second session's agenda opens with it
    page._start.click()
    second = page.session
    assert second.session.id != first.session.id
    rows = _find(second, HomeworkRow)
    assert [r._status.value for r in rows] == ["partly"]
    assert rows[0]._obstacle.value == "Jordan was away until Friday"
    assert second._topics.value == "CV\nInterview nerves"
    assert second._note.value == ""  # a new session, a new note
    assert len(store.all(CounselingSession)) == 2


def test_empty_homework_says_so_and_adds_nothing(page, store):
    page._pick.value = "tester"
    page._start.click()
    page.session._hw_add.click()
    assert "homework is empty" in page.session._hw_add.notice.value
    assert store.all(Homework) == []


def test_no_client_chosen_says_so(page):
    page._start.click()
    assert "Please choose a client first" in page._messages.value


def test_weekly_review_shows_no_homework_section_without_homework(store):
    from workbook.ui import weekly_review
    from workbook.ui.homework import HomeworkPanel

    (panel,) = _find(weekly_review.app(), HomeworkPanel)
    assert panel.layout.display == "none"


CLIENT_PAGES = ("start", "check_in", "interview_reflection", "skill_gap_plan",
                "search_analytics", "weekly_review")


def test_counselors_note_is_on_the_counselors_page_and_on_no_client_page(page, store):
    page._pick.value = "tester"
    page._start.click()
    page.session._note.value = f"Private {NOTE_MARK}"
    page.session._hw_text.value = "Two applications"
    page.session._hw_add.click()
    page.session._save.click()
    page.session._make.click()
    assert NOTE_MARK in _texts(page)  # the check below can see it where it is
    summary_link = page.session._summary.children[0].value
    assert "download=" in summary_link and NOTE_MARK not in summary_link
    for name in CLIENT_PAGES:
        module = importlib.import_module(f"workbook.ui.{name}")
        shown = _texts(module.app())
        assert "Two applications" in shown or name != "weekly_review"
        assert NOTE_MARK not in shown, f"the counselor's note shows on the {name} page"
    with counselor.open_notes() as notes:
        assert [n.client for n in counselor.list_notes(notes)] == ["tester"]


MARKERS = ("QQ-a-1", "QQ-b-2", "QQ-c-3")


def test_caseload_table_over_three_clients_has_dates_and_counts_and_no_text(store):
    from workbook import review
    from workbook.ui.counselor import CaseloadPart

    store.close()
    for name, mark in zip(("ana", "ben", "cleo"), MARKERS):
        with create_profile(name) as s:
            s.agree()
            review.add_win(s, f"win {mark}")
            review.add_contact(s, f"Contact {mark}", notes=mark)
            sess = counseling.add_session(s, topics=[mark])
            counseling.add_homework(s, f"homework {mark}", None, sess.id)
    html = CaseloadPart()._table.value
    for name in ("ana", "ben", "cleo", "tester"):
        assert f">{name}<" in html
    assert html.count("<tr>") == 5  # the header and four clients
    for mark in MARKERS:
        assert mark not in html


def test_homework_set_by_mistake_is_deleted_after_a_question(page, store):
    page._pick.value = "tester"
    page._start.click()
    part = page.session
    part._hw_text.value = "Wrong one"
    part._hw_add.click()
    delete = [x for x in _walk(part._hw_list) if getattr(x, "description", "") == "Delete"]
    delete[0].click()
    assert part._hw_delete.is_asking and store.all(Homework) != []
    part._hw_delete.confirm()
    assert store.all(Homework) == []
    assert "No homework set in this session yet" in _texts(part._hw_list)
