"""The import wizard and the application editor, driven by setting widget values and
clicking, without a browser."""

from __future__ import annotations

import datetime as dt

import pytest

from workbook.applications import frame
from workbook.records import Application
from workbook.ui.common import Context, Messages, SafetyPanel
from workbook.ui.importer import editor, wizard

CSV = ("Company,Role,Date applied,Status,Notes\n"
       "Acme,Analyst,03/14/2024,Rejected,<script>alert(1)</script>\n"
       "Beta,Dev,03/20/2024,Wer weiss,\n"
       "Gamma,Ops,04/02/2024,Interview,\n").encode()


@pytest.fixture
def ctx(store):
    return Context(store, Messages(), SafetyPanel())


def upload(wiz, *files):
    wiz.upload.value = tuple({"name": name, "type": "text/csv", "size": len(data),
                              "content": memoryview(data),
                              "last_modified": dt.datetime(2024, 1, 1)}
                             for name, data in files)


def test_nothing_is_stored_before_confirm_and_confirm_stores_everything(ctx):
    calls = []
    wiz = wizard(ctx, calls.append)._wizard
    upload(wiz, ("mine.csv", CSV))
    wiz.read_button.click()
    assert "3 applications" in wiz.summary.value
    assert len(frame(ctx.store)) == 0 and calls == []
    wiz.confirm_button.click()
    assert len(frame(ctx.store)) == 3
    assert calls and calls[0]["new"] == 3
    assert "3 new" in ctx.messages.value


def test_preview_escapes_html_from_the_file(ctx):
    wiz = wizard(ctx, lambda *_: None)._wizard
    upload(wiz, ("mine.csv", CSV.replace(b"Acme", b"<b>Acme</b>")))
    wiz.read_button.click()
    assert "<b>Acme</b>" not in wiz.preview.value
    assert "&lt;b&gt;Acme&lt;/b&gt;" in wiz.preview.value


def test_unknown_status_can_be_mapped_and_is_remembered_for_the_profile(ctx):
    wiz = wizard(ctx, lambda *_: None)._wizard
    upload(wiz, ("mine.csv", CSV))
    wiz.read_button.click()
    assert wiz.report.unknown_statuses == ["Wer weiss"]
    dd = next(d for d in wiz.status_box.children[1:]
              if getattr(d, "tooltip", None) == "Wer weiss")
    dd.value = "screen/"
    wiz.apply_button.click()
    assert wiz.report.unknown_statuses == []
    wiz.confirm_button.click()
    beta = frame(ctx.store).set_index("company").loc["Beta"]
    assert beta["stage"] == "screen"
    assert "Wer weiss" in ctx.store.setting("status_map")
    # a second import of a file with that status needs no mapping any more
    wiz2 = wizard(ctx, lambda *_: None)._wizard
    upload(wiz2, ("again.csv", CSV))
    wiz2.read_button.click()
    assert wiz2.report.unknown_statuses == []


def test_column_mapping_can_be_changed(ctx):
    wiz = wizard(ctx, lambda *_: None)._wizard
    upload(wiz, ("mine.csv", CSV))
    wiz.read_button.click()
    dd = next(d for d in wiz.mapping_box.children[1:] if d.tooltip == "Notes")
    dd.value = "ignore"
    wiz.apply_button.click()
    assert wiz.report.mapping["Notes"] == "ignore"
    assert (wiz.df["notes"] == "").all()


def test_a_bad_file_gives_one_sentence_and_stores_nothing(ctx):
    wiz = wizard(ctx, lambda *_: None)._wizard
    upload(wiz, ("report.csv", b"%PDF-1.4 not a table"))
    wiz.read_button.click()
    assert "PDF" in ctx.messages.value and "Traceback" not in ctx.messages.value
    assert wiz.review.layout.display == "none"
    assert len(frame(ctx.store)) == 0


def test_a_file_over_20_mb_gets_a_clear_message(ctx):
    wiz = wizard(ctx, lambda *_: None)._wizard
    upload(wiz, ("big.csv", b"a" * (20 * 1024 * 1024 + 1)))
    wiz.read_button.click()
    assert "20 MB" in ctx.messages.value
    assert len(frame(ctx.store)) == 0


def test_several_files_import_as_one_history_without_duplicates(ctx):
    wiz = wizard(ctx, lambda *_: None)._wizard
    upload(wiz, ("part1.csv", CSV), ("part2.csv", CSV))
    wiz.read_button.click()
    assert wiz.report.rows_imported == 3 and wiz.report.duplicates_removed == 3
    wiz.confirm_button.click()
    assert len(frame(ctx.store)) == 3


def test_editor_sets_the_outcome_of_an_imported_application_and_reimport_keeps_it(ctx):
    wiz = wizard(ctx, lambda *_: None)._wizard
    upload(wiz, ("mine.csv", CSV))
    wiz.read_button.click()
    wiz.confirm_button.click()
    changes = []
    ed = editor(ctx, lambda *a: changes.append(a))._editor
    gamma = next(v for label, v in ed.choice.options if label.startswith("Gamma"))
    ed.choice.value = gamma
    assert ed.company.value == "Gamma" and ed.stage.value == "interview"
    ed.outcome.value = "accepted"
    ed.stage.value = "offer"
    ed.save_button.click()
    assert changes
    stored = ctx.store.get(Application, gamma)
    assert (stored.stage, stored.outcome) == ("offer", "accepted")
    wiz2 = wizard(ctx, lambda *_: None)._wizard
    upload(wiz2, ("mine.csv", CSV))
    wiz2.read_button.click()
    wiz2.confirm_button.click()
    stored = ctx.store.get(Application, gamma)
    assert (stored.stage, stored.outcome) == ("offer", "accepted")


def test_editor_adds_and_deletes_an_application(ctx):
    ed = editor(ctx, lambda *_: None)._editor
    ed.choice.value = ed.NEW
    ed.company.value = "Delta"
    ed.role.value = "Designer"
    ed.applied_on.value = dt.date(2024, 5, 1)
    ed.save_button.click()
    assert list(frame(ctx.store)["company"]) == ["Delta"]
    ed.delete_button.click()
    assert "Tick" in ctx.messages.value and len(frame(ctx.store)) == 1
    ed.sure.value = True
    ed.delete_button.click()
    assert len(frame(ctx.store)) == 0


def test_editor_refuses_an_empty_application(ctx):
    ed = editor(ctx, lambda *_: None)._editor
    ed.choice.value = ed.NEW
    ed.save_button.click()
    assert "company or the role" in ctx.messages.value
    assert len(frame(ctx.store)) == 0


def test_confirm_applies_changes_not_yet_applied(ctx):
    wiz = wizard(ctx, lambda *_: None)._wizard
    upload(wiz, ("mine.csv", CSV))
    wiz.read_button.click()
    dd = next(d for d in wiz.status_box.children[1:]
              if getattr(d, "tooltip", None) == "Wer weiss")
    dd.value = "/withdrawn"
    wiz.confirm_button.click()
    beta = frame(ctx.store).set_index("company").loc["Beta"]
    assert beta["outcome"] == "withdrawn"


def test_another_sheet_can_be_chosen_in_the_wizard(ctx):
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    a = wb.active
    a.title = "2024"
    a.append(["Company", "Role", "Date applied"])
    a.append(["New Co", "Lead", "2024-01-05"])
    a.append(["Newer Co", "Lead", "2024-02-05"])
    b = wb.create_sheet("2023")
    b.append(["Company", "Role", "Date applied"])
    b.append(["Old Co", "Clerk", "2023-01-05"])
    buf = io.BytesIO()
    wb.save(buf)
    wiz = wizard(ctx, lambda *_: None)._wizard
    upload(wiz, ("tracker.xlsx", buf.getvalue()))
    wiz.read_button.click()
    # two sheets of one history are read together; one of them can be chosen alone
    assert wiz.report.rows_imported == 3
    assert [v for _, v in wiz.sheet.options] == ["", "2024", "2023"]
    wiz.sheet.value = "2023"
    assert list(wiz.df["company"]) == ["Old Co"]


def test_doubtful_values_are_listed_and_each_settled_with_one_click_and_remembered(ctx):
    data = ("Company,Role,Applied,Status\n"
            "Acme,Analyst,2024-03-01,Wer weiss\n"
            "Birch,Analyst,2024-03-02,Wer weiss\n"
            "Cobalt,Analyst,2024-03-04,2 interviews then silence from them\n"
            "Delta,Analyst,2024-03-05,Rejected\n").encode()
    wiz = wizard(ctx, lambda *_: None)._wizard
    upload(wiz, ("tracker.csv", data))
    wiz.read_button.click()
    assert wiz.report.rows_unknown == 2 and wiz.report.rows_guessed == 1
    head, *choices = wiz.doubt_box.children
    assert "2 rows have a status the workbook did not know" in head.value
    first_label, first_pick = choices[0].children
    assert "Wer weiss" in first_label.value and "2 rows" in first_label.value
    first_pick.value = "/rejected"            # one click
    assert wiz.report.outcome_counts["rejected"] == 3
    assert wiz.report.rows_unknown == 0
    assert all("Wer weiss" not in c.children[0].value for c in wiz.doubt_box.children[1:])
    wiz.confirm_button.click()
    # the next import of the same tracker knows the choice
    wiz2 = wizard(ctx, lambda *_: None)._wizard
    upload(wiz2, ("tracker.csv", data))
    wiz2.read_button.click()
    assert wiz2.report.rows_unknown == 0
    assert wiz2.report.outcome_counts["rejected"] == 3
