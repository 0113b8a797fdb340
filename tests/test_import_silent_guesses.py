"""The importer never guesses silently and never inflates without a bound: markers of a
missing value in a yes/no column are not "yes", year 0001 is not 2001, every row of a large
sheet is read or the person is told, and archives that unpack to far more than a history
are refused in a sentence."""

from __future__ import annotations

import io
import struct
import zipfile

import pandas as pd
import pytest

from tests.test_bundle_hostile import _patch_member
from workbook import applications
from workbook.applications import read as read_mod
from workbook.errors import WorkbookError

HEADER = "Company,Role,Date applied,Status,Tailored resume,Referral\n"


def _load(tmp_path, text: str, name: str = "apps.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return applications.load([str(path)])


@pytest.mark.parametrize("marker", ["NaN", "None", "null", "-1", "inf", "nan", "#N/A"])
def test_missing_value_markers_in_a_yes_no_column_are_not_yes(marker, tmp_path):
    df, _ = _load(tmp_path, HEADER + f"Acme,Analyst,2026-10-01,Applied,{marker},{marker}\n"
                                      "Beta,Analyst,2026-10-02,Applied,yes,yes\n")
    first = df.iloc[0]
    assert pd.isna(first["tailored"]) and pd.isna(first["referral"]), marker
    assert bool(df.iloc[1]["tailored"]) is True


def test_year_0001_is_reported_not_read_as_2001(tmp_path):
    df, report = _load(tmp_path, "Company,Role,Date applied\nAcme,Analyst,1/1/0001\n"
                                 "Beta,Analyst,1/2/2026\nGamma,Analyst,3/4/26\n")
    dates = list(df["applied_on"])
    assert pd.isna(dates[0])
    assert dates[1].year == 2026 and dates[2].year == 2026, "two-digit years still work"
    assert any("1/1/0001" in w for w in report.warnings)


def _sheet_xlsx(rows: int) -> bytes:
    """A minimal .xlsx (inline strings) with a header and ``rows`` applications."""
    def cell(ref, text):
        return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'
    body = ["<row r=\"1\">" + cell("A1", "Company") + cell("B1", "Role")
            + cell("C1", "Date applied") + "</row>"]
    body += [f'<row r="{i}">' + cell(f"A{i}", f"Co {i}") + cell(f"B{i}", "Analyst")
             + cell(f"C{i}", "2026-10-01") + "</row>" for i in range(2, rows + 2)]
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
             'openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + "".join(body)
             + "</sheetData></worksheet>")
    ns = "http://schemas.openxmlformats.org"
    parts = {
        "[Content_Types].xml": f'<?xml version="1.0"?><Types xmlns="{ns}/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxml'
        'formats-package.relationships+xml"/><Default Extension="xml" ContentType="'
        'application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
        'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/'
        f'relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{ns}/spreadsheetml/2006/'
        f'main" xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet '
        'name="Applications" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0"?><Relationships xmlns="{ns}/'
        f'package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/'
        '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return out.getvalue()


def _only_openpyxl(monkeypatch):
    """As for a file python-calamine refuses: the openpyxl reader takes over."""
    def refuse(*a, **k):
        raise ValueError("calamine cannot read this file")
    monkeypatch.setattr(read_mod.pd, "read_excel", refuse)


def test_a_sheet_longer_than_the_reader_takes_is_refused_in_a_sentence(tmp_path, monkeypatch):
    _only_openpyxl(monkeypatch)
    monkeypatch.setattr(read_mod, "MAX_SHEET_ROWS", 40)
    path = tmp_path / "long.xlsx"
    path.write_bytes(_sheet_xlsx(60))
    with pytest.raises(WorkbookError, match="more than 40 rows"):
        applications.load([str(path)])


@pytest.mark.slow
def test_every_row_past_200000_of_an_xlsx_is_read(tmp_path, monkeypatch):
    _only_openpyxl(monkeypatch)
    path = tmp_path / "big.xlsx"
    path.write_bytes(_sheet_xlsx(200_010))
    df, report = applications.load([str(path)])
    assert len(df) == 200_010


def test_a_spreadsheet_that_would_unpack_to_gigabytes_is_refused_before_it_is_read(tmp_path):
    data = bytearray(_sheet_xlsx(5))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    struct.pack_into("<I", data, info.header_offset + 22, 3_000_000_000)
    at = data.find(b"xl/worksheets/sheet1.xml", data.find(b"PK\x01\x02")) - 46
    struct.pack_into("<I", data, at + 24, 3_000_000_000)
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(WorkbookError, match="unpacks to"):
        applications.load([str(path)])


def _linkedin(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in members.items():
            zf.writestr(name, blob)
    return out.getvalue()


def test_a_linkedin_archive_whose_files_add_up_past_the_bound_is_refused(tmp_path,
                                                                         monkeypatch):
    monkeypatch.setattr(read_mod, "MAX_BYTES", 2_000_000)
    head = b"Application Date,Company Name,Job Title\n"
    row = b"11/13/23 9:42 AM,Acme,Data Analyst\n"
    each = head + row * 40_000  # 1.4 MB, under the bound alone, over it together
    path = tmp_path / "Basic_LinkedInDataExport.zip"
    path.write_bytes(_linkedin({"Jobs/Job Applications.csv": each,
                                "Jobs/Job Applications_1.csv": each}))
    assert path.stat().st_size < 100_000
    with pytest.raises(WorkbookError, match="too big|unpacks to more than"):
        applications.load([str(path)])


def test_a_password_protected_linkedin_member_is_named(tmp_path):
    data = _linkedin({"Jobs/Job Applications.csv":
                      b"Application Date,Company Name,Job Title\n11/13/23,Acme,Analyst\n"})
    path = tmp_path / "export.zip"
    path.write_bytes(_patch_member(data, "Jobs/Job Applications.csv", flag=0x1))
    with pytest.raises(WorkbookError, match="password"):
        applications.load([str(path)])
