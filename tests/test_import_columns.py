"""Each column decision of the importer, one behaviour per test, on small tables typed here
(the whole files and their hand-made ground truth are in test_import_accuracy)."""

from __future__ import annotations

from workbook.applications import load
from workbook.applications.statuses import meaning


def csv(text: str) -> bytes:
    return text.strip().encode() + b"\n"


def test_the_persons_own_decision_is_a_withdrawal_the_employers_a_rejection():
    assert meaning("I withdrew").outcome == "withdrawn"
    assert meaning("Ich habe abgesagt").outcome == "withdrawn"
    assert meaning("Company declined").outcome == "rejected"
    assert meaning("Position withdrawn").outcome == "rejected"
    assert (meaning("Offer - I turned it down").stage,
            meaning("Offer - I turned it down").outcome) == ("offer", "declined")


def test_counted_interviews_in_the_plural_keep_the_interview():
    m = meaning("2 interviews, rejected")
    assert (m.stage, m.outcome) == ("interview", "rejected")


def test_a_no_under_an_offer_column_is_no_offer_yet_when_a_status_says_what_happened():
    df, rep = load([("t.csv", csv("""
Company,Date applied,Status,Offer?
Acme,2024-01-02,Applied,No
Birch,2024-01-03,Interview,No
"""))])
    assert rep.outcome_counts["rejected"] == 0
    assert list(df["stage"]) == ["applied", "interview"]


def test_a_recruiter_yes_no_column_is_the_channel_never_a_screen():
    df, rep = load([("t.csv", csv("""
Company,Date applied,Recruiter?,Status
Acme,2024-01-02,Yes,Applied
Birch,2024-01-03,No,Applied
"""))])
    assert rep.mapping["Recruiter?"] == "channel_flag"
    assert list(df["stage"]) == ["applied", "applied"]
    assert list(df["source"]) == ["recruiter", "other"]


def test_a_column_of_sentences_is_notes_and_offered_in_a_sentence_is_no_offer():
    df, rep = load([("t.csv", csv("""
Company,Date applied,Outcome
Acme,2024-01-02,Recruiter offered to pass my CV on to the hiring manager next week
Birch,2024-01-03,Friend offered to refer me but I had already applied online
Cobalt,2024-01-04,They said they would get back to me after the holidays
"""))])
    assert rep.mapping["Outcome"] == "notes"
    assert rep.stage_counts["offer"] == 0


def test_a_date_column_no_header_word_names_is_found_by_its_values():
    df, rep = load([("t.csv", csv("""
Company,Day sent,Reply
Acme,07/04/2025,no thanks
Birch,22/04/2025,
"""))])
    assert rep.mapping["Day sent"] == "applied_on"
    assert (rep.first_applied, rep.last_applied) == ("2025-04-07", "2025-04-22")


def test_a_question_header_answered_no_is_not_yet_but_selected_no_is_their_no():
    _, asked = load([("t.csv", csv("""
Company,Date applied,Interviewed?
Acme,2024-01-02,No
Birch,2024-01-03,Yes
"""))])
    _, chosen = load([("t.csv", csv("""
Company,Date applied,Selected for interview?
Acme,2024-01-02,No
Birch,2024-01-03,Yes
"""))])
    assert asked.outcome_counts["rejected"] == 0
    assert chosen.outcome_counts["rejected"] == 1


def test_dates_without_a_year_take_the_year_the_workbook_was_saved():
    import datetime as dt

    import pandas as pd

    from workbook.applications.dates import parse_column

    cells = pd.Series(["7.04", "12.20", "3.1"], dtype="str")
    got, decision, damaged = parse_column(cells, "投递日期", saved_on=dt.date(2022, 7, 20))
    # 20 December lies after the save: the year before
    assert [d.date().isoformat() for d in got] == ["2022-07-04", "2021-12-20", "2022-03-01"]
    assert decision.year_from_file and not damaged.any()
    without, _, damaged = parse_column(cells, "投递日期")
    assert without.isna().all() and damaged.all()     # never guessed without the file's year
