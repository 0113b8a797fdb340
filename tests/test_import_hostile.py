"""A corpus of broken and hostile files, generated here: each gets one clear sentence or a
partial import with a per-row report; nothing crashes and nothing stored changes."""

from __future__ import annotations

import io
import os
import zipfile

import openpyxl
import pytest

from workbook.applications import commit, frame, load
from workbook.errors import WorkbookError

HEADER = "Company,Role,Date applied,Status,Notes\n"
GOOD_ROW = "Acme,Analyst,03/14/2024,Rejected,fine\n"


def xlsx_bytes(rows: list[list], sheets: dict[str, list[list]] | None = None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for r in rows:
        ws.append(r)
    for title, more in (sheets or {}).items():
        extra = wb.create_sheet(title)
        for r in more:
            extra.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


# name -> (bytes, expectation): "error" = one sentence, or an int = applications imported
CORPUS: dict[str, tuple[bytes, object]] = {
    "empty.csv": (b"", "error"),
    "whitespace.csv": (b"  \n\n \t\n", "error"),
    "header_only.csv": (HEADER.encode(), "error"),
    "binary.csv": (bytes(range(256)) * 40, "error"),
    "pdf_renamed.csv": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "error"),
    "old_excel.xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "error"),
    "empty_workbook.xlsx": (xlsx_bytes([]), "error"),
    "header_only.xlsx": (xlsx_bytes([["Company", "Role", "Date applied"]]), "error"),
    "damaged.zip": (b"PK\x03\x04" + b"garbage" * 50, "error"),
    "zip_without_jobs.zip": (zip_bytes({"Profile.csv": b"First Name\nA\n"}), "error"),
    "not_a_table.json": (b'{"hello": 1}', "error"),
    "broken.json": (b'{"schema": {"fields": [', "error"),
    "no_known_columns.csv": (b"alpha,beta,gamma\n1,2,3\n4,5,6\n", "error"),
    "prose.txt": (b"Dear diary, today I applied to three jobs and felt tired.\n", "error"),
    "missing_company_and_date.csv": (b"Notes,Status\nhello,Rejected\nworld,Applied\n", 2),
    "every_date_broken.csv": ((HEADER + "".join(
        f"Co{i},R,{d},Applied,\n" for i, d in enumerate(
            ["8/82019", "8-Jul", "32/13/2020", "yesterday", "8/5/2019 & 8/14/2019"]))).encode(),
        5),
    "duplicated_headers.csv": (b"Company,Company,Role,Status\nA,B,Dev,Rejected\nC,D,Ops,\n", 2),
    "ragged_rows.csv": ((HEADER + GOOD_ROW + "Beta,Dev,03/15/2024\n"
                         + "Gamma,Ops,03/16/2024,Applied,x,extra,more\n").encode(), 3),
    "nul_bytes.csv": ((HEADER + "Ac\x00me,Ana\x00lyst,03/14/2024,Rejected,\n").encode(), 1),
    "huge_cell.csv": ((HEADER + "Acme,Analyst,03/14/2024,Rejected," + "x" * 1_000_000
                       + "\n").encode(), 1),
    "formulas.csv": ((HEADER + "=HYPERLINK(\"http://evil\"),+1+2,03/14/2024,-3,@SUM(A1)\n"
                      ).encode(), 1),
    "html_notes.csv": ((HEADER + "Acme,Analyst,03/14/2024,Applied,"
                        "\"<script>alert(1)</script><img src=x onerror=alert(2)>\"\n").encode(),
                       1),
    "only_blank_rows_below.csv": ((HEADER + GOOD_ROW + ",,,,\n,,,,\n").encode(), 1),
    "totals_row.xlsx": (xlsx_bytes([["My job search 2024"], [],
                                    ["Company", "Role", "Date applied", "Status"],
                                    ["Acme", "Analyst", "2024-03-14", "Rejected"],
                                    ["Beta", "Dev", 45370, "Interview"],
                                    [], ["Total", 2, None, None]]), 2),
    "semicolon_cp1252.csv": (("Firma;Stelle;Datum;Status\nMüller GmbH;Entwickler;14.03.2024;"
                              "Absage\nCafé Größe;Analyst;02.04.2024;Vorstellungsgespräch\n"
                              ).encode("cp1252"), 2),
    "utf16_tab.txt": (("Empresa\tPuesto\tFecha\tEstado\nAcmé\tAnalista\t14/03/2024\t"
                       "Rechazado\n").encode("utf-16"), 1),
    "unknown_statuses.csv": ((HEADER + "Acme,Analyst,03/14/2024,blorp,\n").encode(), 1),
    "only_numbers.csv": (b"1,2,3\n4,5,6\n", "error"),
}


@pytest.fixture
def stored_before(store):
    df, report = load([("seed.csv", (HEADER + "Seed Co,Seed role,01/02/2024,Applied,\n"
                                     ).encode())])
    commit(store, df, report)
    return frame(store)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_broken_file_gets_a_sentence_or_a_partial_import_and_store_is_unchanged(
        name, store, stored_before):
    data, expected = CORPUS[name]
    try:
        df, report = load([(name, data)])
    except WorkbookError as exc:
        message = str(exc)
        assert expected == "error", f"{name}: unexpected refusal: {message}"
        assert message.endswith((".", ")")) and "\n" not in message and len(message) < 400
        assert "Traceback" not in message
    else:
        assert expected != "error", f"{name} should have been refused"
        assert report.rows_imported == expected
        assert report.rows_read == report.rows_imported + report.skipped_count
    after = frame(store)
    assert after.equals(stored_before)


def test_corpus_has_at_least_25_files():
    assert len(CORPUS) + 1 >= 25   # + the 60 MB file below


def test_a_60_mb_csv_is_refused_with_a_sentence_before_reading_it(tmp_path, store,
                                                                   stored_before):
    path = tmp_path / "huge.csv"
    with open(path, "wb") as fh:
        fh.write(HEADER.encode())
        fh.seek(60 * 1024 * 1024)
        fh.write(b"\n")
    with pytest.raises(WorkbookError, match="up to 50 MB"):
        load(path)
    assert frame(store).equals(stored_before)


def test_formula_and_html_text_stays_inert_text(store):
    df, report = load([("f.csv", CORPUS["formulas.csv"][0])])
    assert df["company"].iat[0] == '=HYPERLINK("http://evil")'
    assert df["role"].iat[0] == "+1+2"
    df, report = load([("h.csv", CORPUS["html_notes.csv"][0])])
    commit(store, df, report)
    assert "<script>" in frame(store)["notes"].iat[0]   # kept as typed; escaped when shown


def test_huge_cell_is_cut_and_the_report_says_so():
    df, report = load([("big.csv", CORPUS["huge_cell.csv"][0])])
    assert len(df["notes"].iat[0]) == 20_000
    assert any("longer than" in w for w in report.warnings)


def test_every_broken_date_is_listed_with_its_row():
    df, report = load([("d.csv", CORPUS["every_date_broken.csv"][0])])
    assert df["applied_on"].isna().all()
    assert sorted(d["row"] for d in report.damaged_dates) == [2, 3, 4, 5, 6]


def test_ragged_rows_keep_every_row():
    df, report = load([("r.csv", CORPUS["ragged_rows.csv"][0])])
    assert list(df["company"]) == ["Acme", "Beta", "Gamma"]


def test_a_failed_commit_leaves_the_profile_exactly_as_it_was(store, stored_before):
    df, report = load([("ok.csv", (HEADER + GOOD_ROW).encode())])
    df.loc[0, "stage"] = "offer"
    df["outcome"] = df["outcome"].cat.add_categories(["bogus"])
    df.loc[0, "outcome"] = "bogus"
    with pytest.raises(WorkbookError):
        commit(store, df, report)
    assert frame(store).equals(stored_before)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="posix only")
def test_file_that_does_not_exist_is_one_sentence(tmp_path):
    with pytest.raises(WorkbookError, match="could not be found"):
        load(tmp_path / "nope.csv")
