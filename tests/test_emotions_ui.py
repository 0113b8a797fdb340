"""The check-in page driven without a browser: set widget values, click, read the store."""

from __future__ import annotations

import json

import pytest

from workbook.records import CheckIn, ThoughtRecord
from workbook.store import Store
from workbook.ui.common import Context, Messages, SafetyPanel
from workbook.ui.controls import LabelledRange, MoodGrid


@pytest.fixture
def ui(store, capsys):
    from workbook.ui.check_in import CheckInPage

    ctx = Context(store, Messages(), SafetyPanel())
    app = CheckInPage(ctx)
    capsys.readouterr()  # charts print their JSON when no frontend is attached
    return app


def _fill_unpleasant(ui, note: str = "") -> None:
    ui.feeling.grid.set_position(-0.6, -0.5)
    ui.feeling.word_boxes["disappointed"].value = True
    ui.feeling.word_boxes["drained"].value = True
    ui.feeling.intensity.value = 70
    ui.details.tag_boxes["sleep"].value = True
    ui.details.own_tags.value = "cooked, Walked the dog"
    ui.details.context.value = "The Acme e-mail"
    ui.details.note.value = note


def test_full_check_in_with_a_thought_record_is_saved_as_numbers_and_word_ids(ui, store):
    _fill_unpleasant(ui, "Long day.")
    ui.save.click()
    (ci,) = store.all(CheckIn)
    assert (ci.pleasantness, ci.energy, ci.intensity) == (-0.6, -0.5, 70)
    assert ci.words == ["disappointed", "drained"] and ci.word_texts == ["disappointed",
                                                                         "drained"]
    assert ci.tags == ["sleep", "cooked", "walked the dog"]
    assert "Saved your check-in" in ui.save.notice.value
    assert ui.after.offer.layout.display is None  # unpleasant: the thought record is offered
    assert "<li>" in ui.after.text.value  # one or two suggestions

    ui.after.offer.click()
    assert ui.tr.situation.value == "The Acme e-mail"
    ui.tr.thought.value = "I always mess up the last round, I'm such a loser."
    assert set(ui.tr.choices) == {"overgeneralizing", "labeling"}
    ui.tr.choices["labeling"].value = "yes"
    ui.tr.choices["overgeneralizing"].value = "no"
    ui.tr.belief_before.value = 80
    ui.tr.evidence_against.value = "I reached the last round twice."
    ui.tr.balanced.value = "I get far; the last step is something I can practise."
    ui.tr.belief_after.value = 40
    ui.tr.save.click()
    (tr,) = store.all(ThoughtRecord)
    assert tr.checkin_id == ci.id
    assert tr.traps_suggested == ["overgeneralizing", "labeling"]
    assert tr.traps_confirmed == ["labeling"]
    assert (tr.belief_before, tr.belief_after, tr.feeling_before) == (80, 40, 70)
    assert "from 80 to 40" in ui.tr.save.notice.value


def test_saving_without_picking_a_spot_on_the_grid_says_what_to_do_and_saves_nothing(ui, store):
    ui.details.note.value = "just a note"
    ui.save.click()
    assert "pick a spot on the feelings grid" in ui.save.notice.value
    assert store.all(CheckIn) == []


def test_a_pleasant_check_in_does_not_offer_a_thought_record(ui, store):
    ui.feeling.grid.set_position(0.6, 0.5)
    ui.feeling.word_boxes["hopeful"].value = True
    ui.save.click()
    assert ui.after.offer.layout.display == "none"
    assert len(store.all(CheckIn)) == 1


def test_words_shown_follow_the_quadrant_and_keep_picks_from_another(ui):
    ui.feeling.grid.set_position(0.5, 0.5)
    shown = [cb.description for cb in ui.feeling.word_grid.children]
    assert "hopeful" in shown and "sad" not in shown
    ui.feeling.word_boxes["hopeful"].value = True
    ui.feeling.grid.set_position(-0.5, -0.5)
    shown = [cb.description for cb in ui.feeling.word_grid.children]
    assert shown[0] == "hopeful" and "sad" in shown
    assert "hopeful" in ui.feeling.word_defs.value


def test_script_and_html_typed_in_text_fields_show_as_plain_text(ui, store):
    evil = '<script>alert("x")</script><b>bold</b>'
    ui.feeling.grid.set_position(-0.5, 0.5)
    ui.details.own_tags.value = evil
    ui.details.context.value = evil
    ui.save.click()
    ui.after.offer.click()
    ui.tr.thought.value = evil + " I'm such a loser"
    ui.tr.save.click()
    html = "".join(getattr(w, "value", "") for w in _walk(ui)
                   if type(w).__name__ == "HTML")
    assert "<script>" not in html and "<b>bold</b>" not in html
    # the own tag comes back as a checkbox whose label is plain text, never HTML
    assert all(not cb.description_allow_html for cb in ui.details.tag_boxes.values())
    assert store.all(CheckIn)[0].context == evil  # stored exactly as typed
    # the recent list and trap cards show it escaped
    assert any("loser" in (getattr(w, "value", "") or "") for w in _walk(ui)
               if type(w).__name__ == "HTML")


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_crisis_words_in_a_note_open_the_support_panel_without_blocking_the_save(ui, store):
    assert ui.ctx.safety.panel.layout.display == "none"
    _fill_unpleasant(ui, "Honestly it feels like there's no point anymore.")
    assert ui.ctx.safety.panel.layout.display is None
    assert "carry it alone" in ui.details.safety.value
    ui.save.click()
    assert len(store.all(CheckIn)) == 1


def test_ordinary_job_search_words_leave_the_support_panel_closed(ui):
    ui.details.note.value = "Wrote a killer cover letter; this role is dead to me anyway."
    assert ui.ctx.safety.panel.layout.display == "none"
    assert ui.details.safety.value == ""


def test_check_ins_persist_across_reopening_the_store(ui, store):
    _fill_unpleasant(ui)
    ui.save.click()
    path = store.path
    with Store(path) as again:
        (ci,) = again.all(CheckIn)
        assert ci.word_texts == ["disappointed", "drained"]
        assert ci.at.tzinfo is not None


def test_typing_keeps_a_draft_that_a_new_page_offers_back(store, capsys):
    from workbook.ui.check_in import CheckInPage

    ctx = Context(store, Messages(), SafetyPanel())
    first = CheckInPage(ctx)
    first.details.note.value = "half a thought about the Acme call"
    first.tr.thought.value = "They must have hated me"
    second = CheckInPage(Context(store, Messages(), SafetyPanel()))  # the page reloaded
    # both unfinished drafts are offered, with the time, before anything is put back
    assert second.drafts.offer.layout.display is None
    assert "Unfinished check-in from" in second.drafts.text.value
    assert second.tr.drafts.offer.layout.display is None
    assert "Unfinished thought record from" in second.tr.drafts.text.value
    assert second.tr_box.layout.display == "none"
    second.tr.drafts.go_on.click()  # continue: the panel opens with the text back
    assert second.tr_box.layout.display is None
    assert second.tr.thought.value == "They must have hated me"
    second.drafts.go_on.click()
    assert second.details.note.value == "half a thought about the Acme call"
    second.feeling.grid.set_position(-0.2, 0.2)
    second.save.click()
    assert store.draft("check_in.note") == ""
    capsys.readouterr()


def test_tags_ticked_for_one_check_in_are_not_ticked_for_the_next(ui, store):
    ui.feeling.grid.set_position(-0.4, 0.2)
    ui.details.tag_boxes["sleep"].value = True
    ui.save.click()
    assert not any(cb.value for cb in ui.details.tag_boxes.values())
    ui.feeling.grid.set_position(0.4, 0.2)
    ui.save.click()
    first, second = sorted(store.all(CheckIn), key=lambda c: c.at)
    assert first.tags == ["sleep"] and second.tags == []


def test_saving_a_thought_record_again_changes_it_instead_of_copying_it(ui, store):
    _fill_unpleasant(ui)
    ui.save.click()
    ui.after.offer.click()
    ui.tr.thought.value = "I'll never get a job like this."
    ui.tr.save.click()
    ui.tr.save.click()
    ui.tr.save.click()
    assert len(store.all(ThoughtRecord)) == 1
    assert ui.tr.save.description == "Save changes"


def test_the_trap_cue_is_quoted_as_whole_words(ui, store):
    _fill_unpleasant(ui)
    ui.save.click()
    ui.after.offer.click()
    ui.tr.thought.value = "I'll never get a job like this."
    cards = " ".join(c.children[0].value for c in ui.tr.trap_rows.children)
    assert "\u201cI&#x27;ll never\u201d" in cards


def test_the_messages_sit_beside_their_buttons_not_at_the_top(ui, store):
    ui.save.click()  # nothing picked yet
    assert "pick a spot" in ui.save.notice.value and ui.ctx.messages.value == ""
    _fill_unpleasant(ui)
    ui.save.click()
    assert "Saved your check-in at" in ui.save.notice.value
    assert "Nothing was saved" not in ui.save.notice.value
    assert 'href="02_interview_reflection.ipynb"' in ui.after.where.value


def test_a_check_in_can_be_edited_and_deleted(ui, store):
    _fill_unpleasant(ui)
    ui.save.click()
    (ci,) = store.all(CheckIn)
    ui.recent.choice.value = ci.id
    ui.recent.open_button.click()
    assert ui.feeling.grid.pleasantness == -0.6 and ui.feeling.word_boxes["disappointed"].value
    ui.feeling.grid.set_position(0.2, -0.3)
    ui.save.click()
    (after,) = store.all(CheckIn)
    assert after.id == ci.id and after.pleasantness == 0.2 and after.created == ci.created
    ui.recent.choice.value = ci.id
    ui.recent.delete.ask_button.click()
    assert store.all(CheckIn)  # nothing gone before confirming
    ui.recent.delete.confirm()
    assert store.all(CheckIn) == []


def test_history_shows_a_sentence_beside_every_chart_for_the_demo_persona():
    from workbook import sample
    from workbook.ui.check_in import CheckInPage

    demo = sample.create("demo")
    ui = CheckInPage(Context(demo, Messages(), SafetyPanel()))
    out = " ".join(o["data"]["text/plain"] for w in ui.history.children
                   if type(w).__name__ == "Output" for o in w.outputs)
    kinds = [type(w).__name__ for w in ui.history.children]
    assert kinds.count("Output") >= 3
    for i, kind in enumerate(kinds):
        if kind == "Output":
            assert kinds[i - 1] == "HTML"  # the sentence or table right before the chart
    text = " ".join(w.value for w in ui.history.children if type(w).__name__ == "HTML")
    assert "back to your usual in" in text
    assert "Your mood over time" in out
    demo.close()


def test_labelled_range_clamps_and_needs_a_label():
    r = LabelledRange(label="Intensity", min=0, max=100, value=50)
    r.value = 250
    assert r.value == 100
    with pytest.raises(ValueError):
        LabelledRange(min=0, max=10)


def test_mood_grid_keeps_its_numbers_on_the_grid_and_starts_unchosen():
    g = MoodGrid()
    assert not g.chosen
    g.set_position(3, -7)
    assert (g.pleasantness, g.energy, g.chosen) == (1.0, -1.0, True)
    assert 'type = "range"' in g._esm and "label" in g._esm


def test_notebook_is_committed_without_outputs_and_ends_with_the_app_call():
    from pathlib import Path

    nb = json.loads((Path(__file__).parents[1] / "notebooks" / "01_check_in.ipynb").read_text())
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c["outputs"] and c["execution_count"] is None for c in code)
    assert "".join(code[-1]["source"]).strip().endswith("app()")
    assert "widgets" not in nb["metadata"]


def test_a_thought_record_can_be_reopened_changed_and_deleted(ui, store):
    _fill_unpleasant(ui)
    ui.save.click()
    ui.after.offer.click()
    ui.tr.thought.value = "They must have thought I was an idiot."
    ui.tr.choices["mind_reading"].value = "yes"
    ui.tr.save.click()
    (tr,) = store.all(ThoughtRecord)
    assert ui.records.choice.value == tr.id
    ui.records.open_button.click()
    assert ui.tr.thought.value == "They must have thought I was an idiot."
    assert ui.tr.choices["mind_reading"].value == "yes"
    ui.tr.balanced.value = "I don't know what they thought; I can ask for feedback."
    ui.tr.belief_after.value = 30
    ui.tr.save.click()
    (again,) = store.all(ThoughtRecord)
    assert again.id == tr.id and again.created == tr.created
    assert again.belief_after == 30 and again.checkin_id == tr.checkin_id
    assert again.traps_confirmed == ["mind_reading"]
    ui.records.choice.value = tr.id
    ui.records.delete.ask_button.click()
    assert store.all(ThoughtRecord)
    ui.records.delete.confirm()
    assert store.all(ThoughtRecord) == []


def test_the_notebook_app_opens_the_profile_named_in_the_environment(store, monkeypatch, capsys):
    from workbook.ui.check_in import app

    monkeypatch.setenv("WORKBOOK_PROFILE", store.name)
    page = app()
    classes = [getattr(w, "_dom_classes", ()) for w in _walk(page)]
    assert any("wb-check-in" in c for c in classes)
    capsys.readouterr()


def test_before_consent_the_page_shows_the_privacy_note_and_no_form(monkeypatch):
    from workbook.store import create_profile
    from workbook.ui.check_in import app

    create_profile("new person").close()
    monkeypatch.setenv("WORKBOOK_PROFILE", "new person")
    page = app()
    classes = [getattr(w, "_dom_classes", ()) for w in _walk(page)]
    assert not any("wb-check-in" in c for c in classes)
    assert any(type(w).__name__ == "Button" and "agree" in w.description.lower()
               for w in _walk(page))


def _check_in_page(root):
    from workbook.ui.check_in import CheckInPage

    return next(x for x in _walk(root) if isinstance(x, CheckInPage))


def test_the_first_save_on_the_sample_starts_an_own_profile_and_nothing_lands_in_it(
        workbook_home, capsys):
    from workbook import profiles, sample
    from workbook.store import Store, profile_path
    from workbook.ui.check_in import app
    from workbook.ui.forms import OwnProfileStep

    sample.create("demo").close()
    with Store(profile_path("demo")) as demo:
        before = (demo.counts(), demo.drafts())
    ui = _check_in_page(app())  # no own profile yet: the sample opens
    assert ui.store.is_demo
    ui.feeling.grid.set_position(-0.5, -0.3)
    ui.details.note.value = "my own words, typed on the sample"
    ui.save.click()
    step = next(x for x in _walk(ui.save) if isinstance(x, OwnProfileStep))
    assert "sample data" in ui.save.notice.value and "privacy" in _walk_html(step).lower()
    step.name.value = ""  # the name is optional
    step.agree.click()  # consent and the save in the same step
    assert not ui.store.is_demo and ui.store.name == "me" and ui.store.consented
    (mine,) = ui.store.all(CheckIn)
    assert mine.note == "my own words, typed on the sample" and mine.pleasantness == -0.5
    assert "own profile, me" in ui.save.notice.value
    with Store(profile_path("demo")) as demo:
        assert (demo.counts(), demo.drafts()) == before
    assert profiles.default_profile() == "me"  # and it opens by itself from now on
    capsys.readouterr()


def _walk_html(widget) -> str:
    return " ".join(getattr(x, "value", "") for x in _walk(widget)
                    if type(x).__name__ == "HTML")
