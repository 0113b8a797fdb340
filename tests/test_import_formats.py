"""Files in every encoding, delimiter and shape people bring: each reads the same."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pandas as pd
import pytest

from workbook.applications import commit, frame, load
from workbook.applications.statuses import meaning

ROWS = [("Acme", "Analyst", "3/14/2024", "Rejected"),
        ("Bäckerei Müller", "Entwickler", "3/20/2024", "Interview"),
        ("Café Zoë", "Designer", "4/2/2024", "")]


def csv_text(delim: str = ",") -> str:
    lines = [delim.join(("Company", "Role", "Date Applied", "Status"))]
    lines += [delim.join(r) for r in ROWS]
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
@pytest.mark.parametrize("delim", [",", ";", "\t"])
def test_every_encoding_and_delimiter_reads_the_same(encoding, delim):
    df, report = load([("apps.csv", csv_text(delim).encode(encoding))])
    assert list(df["company"]) == [r[0] for r in ROWS]
    assert list(df["applied_on"].dt.strftime("%Y-%m-%d")) == ["2024-03-14", "2024-03-20",
                                                              "2024-04-02"]
    assert list(df["stage"].astype(str)) == ["applied", "interview", "applied"]
    assert list(df["outcome"].astype(str)) == ["rejected", "open", "open"]


def test_ids_are_the_same_whatever_the_encoding():
    a, _ = load([("a.csv", csv_text().encode("utf-8"))])
    b, _ = load([("b.csv", csv_text(";").encode("utf-16"))])
    assert list(a["application_id"]) == list(b["application_id"])


def test_xlsx_with_title_rows_real_dates_serials_and_several_sheets():
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "Read me"
    notes.append(["This workbook tracks my search"])
    ws = wb.create_sheet("Applications")
    ws.append(["My job search 2024"])
    ws.append([])
    ws.append(["Company", "Role", "Date applied", "Status"])
    ws.append(["Acme", "Analyst", pd.Timestamp("2024-03-14").to_pydatetime(), "Rejected"])
    ws.append(["Beta", "Dev", 45371, "Interview"])
    ws.append(["Gamma", "Ops", "2024-03-22", ""])
    ws.append([])
    ws.append(["Total", 3, None, None])
    buf = io.BytesIO()
    wb.save(buf)
    df, report = load([("tracker.xlsx", buf.getvalue())])
    assert report.files[0]["sheet"] == "Applications"
    assert report.files[0]["header_row"] == 3
    assert list(df["company"]) == ["Acme", "Beta", "Gamma"]
    assert list(df["applied_on"].dt.strftime("%Y-%m-%d")) == ["2024-03-14", "2024-03-20",
                                                              "2024-03-22"]
    assert any(s["reason"].startswith("a totals row") for s in report.rows_skipped)


def test_choosing_another_sheet_reads_that_sheet():
    wb = openpyxl.Workbook()
    a = wb.active
    a.title = "2023"
    a.append(["Company", "Role", "Date applied"])
    a.append(["Old Co", "Clerk", "2023-01-05"])
    b = wb.create_sheet("2024")
    b.append(["Company", "Role", "Date applied"])
    b.append(["New Co", "Lead", "2024-01-05"])
    b.append(["Newer Co", "Lead", "2024-02-05"])
    buf = io.BytesIO()
    wb.save(buf)
    df, report = load([("t.xlsx", buf.getvalue())], sheet="2023")
    assert list(df["company"]) == ["Old Co"]
    assert report.files[0]["sheets"] == ["2023", "2024"]


def linkedin_csv(rows: list[tuple[str, str, str]]) -> bytes:
    head = ("Application Date,Contact Email,Contact Phone Number,Company Name,Job Title,"
            "Job Url,Resume Name,Question And Answers\n")
    body = "".join(f'"{d}",me@example.com, +10000000000,{c},{t},'
                   f"http://www.linkedin.com/jobs/view/{abs(hash(c)) % 10**9},cv.pdf,"
                   f'"Mobile phone number:+10000000000 | Email address:me@example.com"\n'
                   for d, c, t in rows)
    return (head + body).encode()


def test_linkedin_archive_zip_with_split_files_is_one_history_without_duplicates():
    part1 = linkedin_csv([("11/13/23, 9:42 AM", "Multi Recruit", "Data Scientist"),
                          ("9/20/22, 9:20 AM", "Skill Secure", "Intern")])
    part2 = linkedin_csv([("9/20/22, 9:20 AM", "Skill Secure", "Intern"),
                          ("1/15/24, 9:29 AM", "Discoveries", "Python Developer")])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("Basic_LinkedInDataExport_01-01-2025/Jobs/Job Applications.csv", part1)
        zf.writestr("Basic_LinkedInDataExport_01-01-2025/Jobs/Job Applications_1.csv", part2)
        zf.writestr("Basic_LinkedInDataExport_01-01-2025/Profile.csv", b"First Name\nA\n")
    df, report = load([("Basic_LinkedInDataExport.zip", buf.getvalue())])
    assert sorted(df["company"]) == ["Discoveries", "Multi Recruit", "Skill Secure"]
    assert report.duplicates_removed == 1
    assert report.format == "linkedin"
    assert "me@example.com" not in df.to_csv()


def test_several_files_are_one_history_and_reimporting_a_newer_export_updates(store):
    old = csv_text().encode()
    df, report = load([("2024-03.csv", old)])
    commit(store, df, report)
    newer = (csv_text() + "Delta,Support,4/10/2024,Applied\r\n").replace(
        "4/2/2024,", "4/2/2024,Rejected").encode()
    df2, report2 = load([("2024-04.csv", newer)])
    result = commit(store, df2, report2)
    assert result == {"new": 1, "changed": 1, "unchanged": 2, "missing": 0, "stored": 2}
    stored = frame(store).set_index("company")
    assert stored.loc["Café Zoë", "outcome"] == "rejected"


def test_day_first_is_decided_from_the_column_itself():
    text = "Firma;Position;Datum\nA;x;03.04.2024\nB;y;25.04.2024\n"
    df, report = load([("de.csv", text.encode())])
    assert list(df["applied_on"].dt.strftime("%Y-%m-%d")) == ["2024-04-03", "2024-04-25"]
    assert report.dates["Datum"]["order"] == "day_first"


def test_two_digit_years_and_am_pm_times():
    df, _ = load([("x.csv", b'Company,Date\nA,"11/13/23, 9:42 AM"\nB,1/5/99\n')])
    assert list(df["applied_on"].dt.strftime("%Y-%m-%d")) == ["2023-11-13", "1999-01-05"]


@pytest.mark.parametrize("header, field", [
    ("Unternehmen", "company"), ("Entreprise", "company"), ("Empresa", "company"),
    ("Şirket", "company"), ("Stelle", "role"), ("Poste", "role"), ("Puesto", "role"),
    ("Pozisyon", "role"), ("Bewerbungsdatum", "applied_on"), ("Date de candidature",
                                                              "applied_on"),
    ("Fecha", "applied_on"), ("Başvuru tarihi", "applied_on"), ("Statut", "status"),
    ("Estado", "status"), ("Durum", "status"), ("Quelle", "source"),
])
def test_header_words_in_five_languages(header, field):
    value = {"applied_on": "2024-03-14", "status": "Applied"}.get(field, "Acme")
    other = "Company" if field != "company" else "Role"
    df, report = load([("x.csv", f"{other},{header}\nZed,{value}\n".encode())])
    assert report.mapping[header] == field


@pytest.mark.parametrize("value, stage, outcome", [
    ("Rejected ", None, "rejected"), ("reeejected", None, "rejected"),
    ("Rejection :(", None, "rejected"), ("Accepted!", "offer", "accepted"),
    ("Inter + Rejec", "interview", "rejected"), ("Absage", None, "rejected"),
    ("Refusé", None, "rejected"), ("Rechazado", None, "rejected"),
    ("Reddedildi", None, "rejected"), ("Vorstellungsgespräch", "interview", None),
    ("Entretien", "interview", None), ("Mülakat", "interview", None),
    ("👻", None, "no_response"), ("  GHOSTED  ", None, "no_response"),
    ("Wishlist", "saved", None), ("Offer declined", "offer", "declined"),
])
def test_status_vocabulary(value, stage, outcome):
    m = meaning(value)
    assert (m.stage, m.outcome) == (stage, outcome)
    assert m.known


def test_unknown_status_is_reported_never_guessed():
    df, report = load([("x.csv", b"Company,Status\nA,Blorptastic\n")])
    assert report.unknown_statuses == ["Blorptastic"]
    assert df["outcome"].iat[0] == "open"
    df, report = load([("x.csv", b"Company,Status\nA,Blorptastic\n")],
                      status_map={"blorptastic": "interview/rejected"})
    assert (df["stage"].iat[0], df["outcome"].iat[0]) == ("interview", "rejected")


def test_user_can_override_the_column_mapping():
    df, report = load([("x.csv", b"Company,Job,Misc\nA,Dev,Berlin\n")],
                      mapping={"Misc": "location"})
    assert df["location"].iat[0] == "Berlin"


def test_column_per_date_with_numbered_companies():
    text = "03/04/2024,03/05/2024,03/06/2024\n12. Acme,1. Beta,\n13. Gamma,,2) Delta\n"
    df, report = load([("days.csv", text.encode())])
    assert report.shape == "date_columns"
    assert sorted(df["company"]) == ["Acme", "Beta", "Delta", "Gamma"]
    assert df.set_index("company").loc["Delta", "applied_on"] == pd.Timestamp("2024-03-06")


def test_column_per_stage_with_dates_fills_the_stage_dates():
    text = ("Company,Role,Applied,Phone screen,Onsite,Offer\n"
            "A,x,1/5/2024,1/12/2024,1/20/2024,\nB,y,1/6/2024,N,,\n")
    df, report = load([("s.csv", text.encode())])
    a, b = df.iloc[0], df.iloc[1]
    assert (a["stage"], a["outcome"]) == ("interview", "open")
    assert a["screen_on"] == pd.Timestamp("2024-01-12")
    assert (b["stage"], b["outcome"]) == ("applied", "rejected")


def test_rows_with_only_a_company_are_saved_and_wishlist_rows_too():
    text = "Company,Role,Date applied,Status\nA,,,\nB,Dev,,Wishlist\nC,Dev,1/2/2024,\n"
    df, report = load([("w.csv", text.encode())])
    assert list(df["stage"].astype(str)) == ["saved", "saved", "applied"]
    assert report.stage_counts["saved"] == 2


def test_teal_export_is_recognised():
    text = ("Company,Job Position,Status,Date Saved,Date Applied,Job URL,Excitement\n"
            "Acme,Analyst,Interviewing,2024-03-01,2024-03-02,https://x,3\n")
    df, report = load([("teal.csv", text.encode())])
    assert report.format == "teal"
    assert report.mapping["Date Saved"] == "ignore"
    assert df["stage"].iat[0] == "interview"
