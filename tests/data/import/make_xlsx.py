"""Writes the .xlsx files of this folder from the rows below, as raw SpreadsheetML, so each
file can carry exactly the damage real Excel files carry (a malformed style entry, a wrong
declared sheet size, formulas with cached values above the header). Run it from the
repository root: ``python tests/data/import/make_xlsx.py``. The files are committed; this
script says how they were made. Ground truth for each is in tests/data/import_accuracy.csv.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).parent
EPOCH = dt.date(1899, 12, 30)

STYLES_OK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""

# the kind of entry some exporters write and openpyxl refuses: a fill whose pattern type is
# not one of the names the standard lists (Excel itself opens the file)
STYLES_MALFORMED = STYLES_OK.replace('<patternFill patternType="gray125"/>',
                                     '<patternFill patternType="Solid "/>')


def _col(i: int) -> str:
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def _cell(ref: str, value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, tuple):                      # (formula, cached value)
        formula, cached = value
        return f'<c r="{ref}"><f>{escape(formula)}</f><v>{cached}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="1"><v>{(value - EPOCH).days}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def _sheet(rows: list[list], dimension: str | None) -> str:
    width = max(len(r) for r in rows)
    dim = dimension or f"A1:{_col(width - 1)}{len(rows)}"
    body = "".join(
        f'<row r="{i + 1}">' + "".join(_cell(f"{_col(j)}{i + 1}", v) for j, v in enumerate(r))
        + "</row>" for i, r in enumerate(rows))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<dimension ref="{dim}"/><sheetData>{body}</sheetData></worksheet>')


def write(path: Path, sheets: dict[str, list[list]], styles: str = STYLES_OK,
          dimension: str | None = None) -> None:
    names = list(sheets)
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                   'package.relationships+xml"/><Default Extension="xml" ContentType="'
                   'application/xml"/><Override PartName="/xl/workbook.xml" ContentType="'
                   'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   '<Override PartName="/xl/styles.xml" ContentType="application/vnd.'
                   'openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                   + "".join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" '
                             'ContentType="application/vnd.openxmlformats-officedocument.'
                             'spreadsheetml.worksheet+xml"/>' for i in range(len(names)))
                   + '</Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   f'relationships"><Relationship Id="rId1" Type="{ns}/officeDocument" '
                   'Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
                   f' xmlns:r="{ns}"><sheets>'
                   + "".join(f'<sheet name="{escape(n)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                             for i, n in enumerate(names))
                   + "</sheets></workbook>")
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'relationships">'
                   + "".join(f'<Relationship Id="rId{i + 1}" Type="{ns}/worksheet" '
                             f'Target="worksheets/sheet{i + 1}.xml"/>' for i in range(len(names)))
                   + f'<Relationship Id="rId{len(names) + 1}" Type="{ns}/styles" '
                   'Target="styles.xml"/></Relationships>')
        z.writestr("xl/styles.xml", styles)
        for i, n in enumerate(names):
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml", _sheet(sheets[n], dimension))


D = dt.date
HISTORY = [  # a plain history used by the two damaged files
    ["Company", "Role", "Date applied", "Status"],
    ["Acme", "Data Analyst", D(2023, 4, 3), "Rejected"],
    ["Birch", "Data Analyst", D(2023, 4, 4), "Applied"],
    ["Cobalt", "BI Analyst", D(2023, 4, 6), "Phone screen"],
    ["Delta", "Data Analyst", D(2023, 4, 11), "Interview"],
    ["Ember", "Data Analyst", D(2023, 4, 12), "No response"],
    ["Fjord", "Analyst", D(2023, 4, 17), "Rejected"],
    ["Gale", "Analyst", D(2023, 4, 19), "Offer"],
    ["Hazel", "Analyst", D(2023, 4, 24), "Applied"],
]


def main() -> None:
    write(HERE / "malformed_style.xlsx", {"Applications": HISTORY}, styles=STYLES_MALFORMED)
    write(HERE / "wrong_dimension.xlsx", {"Applications": HISTORY}, dimension="A1")
    write(HERE / "two_sheets.xlsx", {
        "Full-time": [
            ["Company", "Role", "Date applied", "Status"],
            ["Acme", "Analyst", D(2024, 2, 1), "Rejected"],
            ["Birch", "Analyst", D(2024, 2, 5), "Interview"],
            ["Cobalt", "Analyst", D(2024, 2, 7), "Applied"],
            ["Delta", "Analyst", D(2024, 2, 12), "No response"],
            ["Ember", "Analyst", D(2024, 2, 14), "Offer"],
            ["Fjord", "Analyst", D(2024, 2, 20), "Rejected"],
        ],
        "Internships": [
            ["Date", "Status", "Company", "Position"],
            [D(2024, 1, 15), "Rejected", "Gale", "Summer intern"],
            [D(2024, 1, 18), "Applied", "Hazel", "Data intern"],
            [D(2024, 1, 22), "Phone screen", "Ivy", "Data intern"],
            [D(2024, 3, 1), "Ghosted", "Jade", "Analytics intern"],
            [D(2024, 3, 4), "Withdrew", "Kite", "Data intern"],
        ],
        "Tips": [
            ["Things to remember"],
            ["Follow up after a week"],
            ["Ask for feedback after every interview"],
        ],
    })
    body = [
        ["Lumen", "Support Engineer", D(2022, 11, 1), "Rejected"],
        ["Moss", "Support Engineer", D(2022, 11, 2), "Applied"],
        ["Nectar", "Support Engineer", D(2022, 11, 3), "Interview"],
        ["Onyx", "IT Technician", D(2022, 11, 7), "Rejected"],
        ["Pine", "IT Technician", D(2022, 11, 8), "Applied"],
        ["Quill", "Support Engineer", D(2022, 11, 9), "No response"],
        ["Rowan", "Support Engineer", D(2022, 11, 14), "Rejected"],
        ["Sage", "Helpdesk Analyst", D(2022, 11, 15), "Phone screen"],
        ["Thyme", "Helpdesk Analyst", D(2022, 11, 16), "Applied"],
    ]
    write(HERE / "total_above_header.xlsx", {"Tracker": [
        ["Total", ("COUNTA(A5:A13)", 9), "Rejected", ('COUNTIF(D5:D13,"Rejected")', 3)],
        ["Interviews", ('COUNTIF(D5:D13,"Interview")', 1), "Response rate", ("D1/B1", 0.33)],
        [],
        ["Company", "Role", "Applied", "Status"],
        *body,
    ]})


if __name__ == "__main__":
    main()
