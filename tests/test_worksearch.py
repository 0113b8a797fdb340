"""The work-search record: activities from what the profile holds, weeks against the number
asked for, CSV (formula-guarded) and a printable page in English and German, and the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from workbook import review, worksearch
from workbook.cli import main
from workbook.errors import WorkbookError
from workbook.records import Application, Contact, Draft, Interview

MON = dt.date(2026, 11, 2)  # a Monday


def _d(n: int) -> dt.date:
    return MON + dt.timedelta(days=n)


@pytest.fixture
def person(store):
    store.set_setting("timezone", "UTC")
    acme = Application(company="Acme GmbH", role="Data Analyst", applied_on=_d(0),
                       source="job_board", stage="interview", outcome="rejected",
                       closed_on=_d(12), contact_person="Frau Weber")
    beta = Application(company="=HYPERLINK(\"http://x\")", role="+Analyst", applied_on=_d(2),
                       source="recruiter", contact_method="phone", contact_person="@Alex")
    saved = Application(company="Saved Co", role="Analyst", applied_on=_d(3), stage="saved")
    late = Application(company="Gamma", role="BI Developer", applied_on=_d(9),
                       source="company_site")
    store.put_raw([acme, beta, saved, late,
                   Interview(application_id=acme.id, on=_d(8), format="onsite"),
                   Draft(application_id=acme.id, subject="Thanks", sent_on=_d(9)),
                   Contact(name="Priya", relation="mentor", last_contact_on=_d(10)),
                   Contact(name="Mum", relation="family", last_contact_on=_d(10)),
                   Contact(name="Talent team", relation="company", company="Acme GmbH",
                           last_contact_on=_d(20))])
    return store


def test_activities_come_from_applications_interviews_follow_ups_and_networking(person):
    acts = worksearch.activities(person, _d(0), _d(13))
    assert [(a.on, a.kind, a.employer) for a in acts] == [
        (_d(0), "application", "Acme GmbH"),
        (_d(2), "application", '=HYPERLINK("http://x")'),
        (_d(8), "interview", "Acme GmbH"),
        (_d(9), "follow_up", "Acme GmbH"),
        (_d(9), "application", "Gamma"),
        (_d(10), "networking", ""),
    ]
    first, second = acts[0], acts[1]
    assert (first.method, first.contact, first.result) == ("online", "Frau Weber", "rejected")
    assert (second.method, second.contact, second.result) == ("phone", "@Alex", "open")
    assert acts[-1].contact == "Priya"  # a mentor counts; family does not, saved does not


def test_weeks_count_against_the_number_asked_for_and_part_weeks_are_not_flagged(person):
    assert worksearch.required_per_week(person) == 3
    acts = worksearch.activities(person, _d(0), _d(17))
    weeks = worksearch.weeks(acts, _d(0), _d(17), 3)
    assert [(w.monday, w.n, w.part, w.quieter) for w in weeks] == [
        (_d(0), 2, False, True), (_d(7), 4, False, False), (_d(14), 0, True, False)]
    worksearch.set_required_per_week(person, 2)
    assert worksearch.required_per_week(person) == 2
    with pytest.raises(WorkbookError, match="whole number from 0 to 50"):
        worksearch.set_required_per_week(person, "three")
    assert worksearch.required_per_week(person) == 2


def test_csv_has_the_contract_columns_and_guards_formulas(person):
    data = worksearch.csv_bytes(worksearch.activities(person, _d(0), _d(6)))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["date", "employer", "position", "method", "contact", "result"]
    assert rows[1] == ["2026-11-02", "Acme GmbH", "Data Analyst", "online application",
                       "Frau Weber", "rejected"]
    assert rows[2] == ["2026-11-04", "'=HYPERLINK(\"http://x\")", "'+Analyst", "by phone",
                       "'@Alex", "no answer yet"]


def test_german_labels_and_page(person):
    acts = worksearch.activities(person, _d(0), _d(6))
    assert worksearch.rows(acts, "de")[0][3:] == ["Online-Bewerbung", "Frau Weber", "Absage"]
    page = worksearch.html_page(person, _d(0), _d(13), "de", as_of=_d(20))
    assert '<html lang="de">' in page and "Bewerbungsnachweis" in page
    assert "02.11.2026" in page and "Einladung" not in page
    assert "eine ruhigere Woche" in page  # the first week, said gently
    assert "6 Aktivitäten in diesem Zeitraum, davon 3 Bewerbungen." in page


def test_page_escapes_the_persons_text(person):
    review.add_contact(person, '<script>alert(1)</script>', "mentor", last_contact_on=_d(11))
    page = worksearch.html_page(person, _d(0), _d(13), "en")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Work-search record" in page and "a quieter week" in page


def test_bad_range_language_and_file_name_get_one_sentence(person):
    with pytest.raises(WorkbookError, match="starts .* after it ends"):
        worksearch.activities(person, _d(5), _d(1))
    with pytest.raises(WorkbookError, match="choose one of en, de"):
        worksearch.csv_bytes([], "fr")
    with pytest.raises(WorkbookError, match=r"should end in \.csv"):
        worksearch.write(person, "record.pdf")


def _run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_writes_csv_and_html_for_a_range(person, tmp_path, capsys):
    person.close()
    target = tmp_path / "record.csv"
    code, out, err = _run(capsys, "worksearch", "--profile", "tester", "--from", "2026-11-02",
                          "--to", "2026-11-13", str(target))
    assert code == 0, err
    assert "6 activities" in out
    assert target.read_bytes().decode("utf-8-sig").count("\r\n") == 7
    assert target.stat().st_mode & 0o777 == 0o600
    page = tmp_path / "nachweis.html"
    code, out, err = _run(capsys, "worksearch", "-p", "tester", "--lang", "de",
                          "--from", "2026-11-02", "--to", "2026-11-13", str(page))
    assert code == 0, err
    assert "Bewerbungsnachweis" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("argv, said", [
    (["--from", "2026-13-01", "x.csv"], "is not a date the workbook can read"),
    (["--from", "2026-11-20", "--to", "2026-11-01", "x.csv"], "after it ends"),
    (["--lang", "fr", "x.csv"], "choose one of en, de"),
    (["x.xlsx"], "should end in .csv"),
    (["--profile", "nobody", "x.csv"], "There is no profile named 'nobody'"),
])
def test_cli_errors_are_one_sentence_and_write_nothing(person, tmp_path, capsys, argv, said):
    person.close()
    argv = [str(tmp_path / a) if a.startswith("x.") else a for a in argv]
    if "--profile" not in argv:
        argv = ["--profile", "tester", *argv]
    code, out, err = _run(capsys, "worksearch", *argv)
    assert code == 2
    assert said in err and err.count("\n") == 1 and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []
