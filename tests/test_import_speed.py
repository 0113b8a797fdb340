"""The fast paths of the importer give the same answers as the plain ones they replaced:
the same application ids as before, the same dates, the same trimming, totals and row
splitting, so a faster import never changes what a person sees or stores."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbook.applications import commit, load
from workbook.applications.dates import _build
from workbook.applications.pipeline import _is_totals
from workbook.applications.read import _newlines_in_quotes
from workbook.applications.uniques import blank, has_edge_space

TRACKER = ("Company,Job Title,Date Applied,Source,Status\n"
           "Acme,Data Analyst,3/14/2024,LinkedIn,Rejected\n"
           "  Beta GmbH ,Software  Engineer,3/15/2024,Referral,Interview\n"
           "Café Zoë,Designer,,Indeed,\n"
           "Acme,Data Analyst,3/14/2024,LinkedIn,Applied\n"
           "ACME,data analyst,3/16/2024,Otta,Ghosted\n").encode()


def test_application_ids_are_the_ones_earlier_versions_gave():
    # computed by the importer before the speed work (commit 9f157b9): a re-import of a
    # file imported then must find the same applications
    df, _ = load([("tracker.csv", TRACKER)])
    assert list(df["application_id"]) == [
        "a5125970627960612728", "a7966950690184538550", "a17673296306269598666",
        "a9849971449325931505", "a5616657445535751314"]


def test_reimporting_the_same_file_adds_nothing(store):
    df, report = load([("tracker.csv", TRACKER)])
    first = commit(store, df, report)
    assert first["new"] == 5
    again_df, again_report = load([("tracker.csv", TRACKER)])
    assert commit(store, again_df, again_report) == {
        "new": 0, "changed": 0, "unchanged": 5, "missing": 0, "stored": 0}


def test_a_line_break_inside_quotes_stays_inside_the_cell():
    data = ('Company,Role,Notes\nAcme,Analyst,"first line\nsecond line"\n'
            'Beta,"Dev, backend",plain\n').encode()
    df, report = load([("notes.csv", data)])
    assert list(df["company"]) == ["Acme", "Beta"]
    assert df["notes"].iloc[0] == "first line\nsecond line"
    assert df["role"].iloc[1] == "Dev, backend"
    assert report.rows_read == 2 and list(df["_row"]) == [2, 3]


@pytest.mark.parametrize("text, expected", [
    (b'a,"x\ny",b\n', True),
    (b'a,"x""y",b\n"z"\n', False),
    (b'a,"x""\ny",b\n', True),
    (b"a,b\n", False),
    (b'x"y,"a\nb",z"w\n', True),      # a stray quote: read the careful way
    (b'x"y",z\n', True),
    (b'a,"b"\r\n"c",d', False),
    (b'a,"b\r"\n', True),
    (b'"""a""",b\n"x\ny"', True),
])
def test_quoted_line_breaks_are_found_or_the_careful_reader_is_used(text, expected):
    assert _newlines_in_quotes(text, ",") is expected


def test_trailing_spaces_and_unicode_spaces_are_trimmed_like_before():
    cells = ["Acme", "Beta ", "\u00a0Gamma", "Zoë", "", "Tab\t", "a\x1cb", "é"]
    for i in range(len(cells)):
        s = pd.Series(cells[:i + 1], dtype="str")
        plain = bool((s.str.strip().str.len() != s.str.len()).any())
        assert has_edge_space(s) is plain, cells[:i + 1]
    s = pd.Series(["a", "", None, " "], dtype="str")
    assert blank(s).tolist() == [False, True, False, False]


def test_totals_rows_are_found_whatever_letter_or_script_starts_them():
    cells = ["Total", "totals: 12", "Summe", "GESAMT", "Toplam", "grand total", "Acme",
             "Totalenergies", "ſumme", "İnsgesamt", "", "Sumitomo", " total"]
    s = pd.Series(cells, dtype="str")
    import pyarrow.compute as pc

    from workbook.applications.pipeline import _TOTALS

    plain = pc.match_substring_regex(s.array.__arrow_array__(), _TOTALS.pattern,
                                     ignore_case=True).to_numpy(zero_copy_only=False)
    assert _is_totals(s).tolist() == [bool(v) for v in plain]


def test_dates_built_from_numbers_match_pandas_including_impossible_days():
    rng = np.random.default_rng(7)
    y = rng.integers(1975, 2035, 3000)
    m = rng.integers(0, 14, 3000)
    d = rng.integers(0, 33, 3000)
    ours = _build(y, m, d)
    theirs = pd.to_datetime(pd.DataFrame({"year": y, "month": m, "day": d}),
                            errors="coerce").to_numpy(dtype="datetime64[ns]")
    assert np.array_equal(np.isnat(ours), np.isnat(theirs))
    assert (ours[~np.isnat(ours)] == theirs[~np.isnat(theirs)]).all()
    assert np.isnat(_build(np.array([2023]), np.array([2]), np.array([29])))[0]
