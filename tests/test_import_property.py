"""Property: on generated messy tables, no row is lost or invented without a report line."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from workbook.applications import load
from workbook.errors import WorkbookError

COMPANIES = ["Acme", " Beta GmbH ", "Café Zoë", "=SUM(A1)", "<b>Bold</b>", "Ünal A.Ş.",
             "Smith, Jones & Co", 'The "Best" Co', "", "", "   "]
ROLES = ["Analyst", "Dev; backend", "", "Ingénieur", "Data\tEngineer"]
DATES = ["3/14/2024", "14.03.2024", "2024-03-14", "8/82019", "8-Jul", "", "45371",
         "11/13/23, 9:42 AM", "yesterday", "31/12/2023"]
STATUSES = ["Rejected", "reeejected", "Ghosted", "", "Interview", "Inter + Rejec", "???",
            "Angebot", "Offer accepted 🎉", "withdrew"]
NOTES = ["", "fine", "line one\nline two", "<script>x</script>", "a,b;c", "-1", "@home"]
COLUMNS = {"Company": COMPANIES, "Role": ROLES, "Date applied": DATES, "Status": STATUSES,
           "Notes": NOTES}


@hs.composite
def messy_tables(draw):
    names = draw(hs.lists(hs.sampled_from(list(COLUMNS)), min_size=1, max_size=5,
                          unique=True))
    if "Company" not in names and "Role" not in names:
        names.insert(0, "Company")
    rows = draw(hs.lists(hs.tuples(*[hs.sampled_from(COLUMNS[n]) for n in names]),
                         min_size=1, max_size=25))
    delim = draw(hs.sampled_from([",", ";", "\t"]))
    encoding = draw(hs.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    if encoding == "cp1252":
        rows = [tuple(c.encode("cp1252", "replace").decode("cp1252") for c in r)
                for r in rows]
    return names, rows, delim, encoding


def to_bytes(names, rows, delim, encoding) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delim, lineterminator="\r\n")
    writer.writerow(names)
    writer.writerows(rows)
    return buf.getvalue().encode(encoding, errors="replace")


@settings(max_examples=60, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(messy_tables())
def test_no_row_is_lost_or_invented_without_a_report_line(table):
    names, rows, delim, encoding = table
    data = to_bytes(names, rows, delim, encoding)
    try:
        df, report = load([("messy.csv", data)])
    except WorkbookError as exc:
        # refusing is allowed only when no row holds anything to import
        assert all(not any(c.strip() for c in row) for row in rows) or \
            "does not look like a list of applications" in str(exc), str(exc)
        return
    assert report.rows_read == len(rows)
    assert report.rows_imported + report.skipped_count == report.rows_read
    assert len(df) == report.rows_imported
    skipped_rows = {s["row"] for s in report.rows_skipped}
    assert all(2 <= r <= len(rows) + 1 and s for r, s in
               ((s["row"], s["reason"]) for s in report.rows_skipped))
    # every row with a company or role in it is imported (never silently dropped)
    for i, row in enumerate(rows):
        cells = dict(zip(names, row))
        if cells.get("Company", "").strip() or cells.get("Role", "").strip():
            assert i + 2 not in skipped_rows
    # nothing is invented: every company imported was in the file
    given_companies = {dict(zip(names, row)).get("Company", "").strip() for row in rows}
    assert set(df["company"]) <= given_companies
    # every unreadable date is reported with its row
    if "Date applied" in names:
        assert report.damaged_count == int(
            (df["applied_on"].isna() & (df["_row"] > 0)).sum()) - sum(
            1 for i, row in enumerate(rows)
            if not dict(zip(names, row))["Date applied"].strip()
            and i + 2 not in skipped_rows)
