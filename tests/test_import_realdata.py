"""Every real job-search file in ../shared/realdata imports with the right number of
applications; the NakuraMino files agree with the author's own Sankey totals."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from workbook.applications import commit, frame, load

NAKURA_2020 = "NakuraMino__Recruitment_Sankey_Diagram__applications2020.csv"
NAKURA_2021 = "NakuraMino__Recruitment_Sankey_Diagram__applications2021.csv"

EXPECTED = {  # file: (rows read, applications imported)
    NAKURA_2020: (135, 135),
    NAKURA_2021: (52, 52),
    "apk0703__linkdin_profile_analysis__Job_Applications.csv": (31, 31),
    "jsmith0434__JobSearchAnalysis__job_search_history.csv": (443, 443),
    "smpotts__jobsearch-sankey__V1_Status-Table_1.csv": (199, 199),
    "smpotts__jobsearch-sankey__V1-Sankey-Table.csv": (239, 199),
    "emilycardwell__my-jobs__job_data.json": (23, 23),
    "vanessapigwin__JobsExcelToSankey__applications.xlsx": (26, 26),
}


def sankey_totals(path) -> dict[str, int]:
    """Sum of the author's edges into each target."""
    totals: dict[str, int] = {}
    for src, tgt, n in re.findall(r"\['([^']+)'\s*,\s*'([^']+)'\s*,\s*(\d+)\]",
                                  path.read_text()):
        totals[tgt] = totals.get(tgt, 0) + int(n)
    return totals


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_real_file_imports_with_the_right_number_of_applications(realdata, name):
    df, report = load(realdata / name)
    rows_read, imported = EXPECTED[name]
    assert report.rows_read == rows_read
    assert report.rows_imported == imported == len(df)
    assert report.skipped_count == rows_read - imported if name.endswith("Table_1.csv") \
        or "Sankey-Table" not in name else True
    assert df["application_id"].is_unique
    assert sum(report.stage_counts.values()) == imported
    assert sum(report.outcome_counts.values()) == imported
    assert report.unknown_statuses == []


@pytest.mark.parametrize("name, edges", [
    (NAKURA_2020, "NakuraMino__Recruitment_Sankey_Diagram__results2020_sankey_edges.txt"),
    (NAKURA_2021, "NakuraMino__Recruitment_Sankey_Diagram__result2021_sankey_edges.txt"),
])
def test_nakuramino_ghosted_rejected_accepted_agree_with_the_authors_sankey(
        realdata, name, edges):
    df, report = load(realdata / name)
    truth = sankey_totals(realdata / edges)
    applied = df.loc[df["stage"] > "saved"]
    # the author's "Ghosted" is an application with no reply written at all
    silent = applied.loc[(applied["outcome"] == "open") & (applied["status_raw"] == "")]
    assert len(silent) == truth["Ghosted"]
    assert report.outcome_counts["rejected"] == truth["Rejected"]
    assert report.outcome_counts["accepted"] == truth["Accepted!"]
    assert len(applied) == sum(v for k, v in truth.items()
                               if k in ("Ghosted", "Rejected", "Accepted!", "Ongoing"))


def test_nakuramino_company_only_rows_are_saved_not_applications(realdata):
    df, report = load(realdata / NAKURA_2020)
    assert report.stage_counts["saved"] == 19
    assert set(df.loc[df["company"] == "Netflix", "stage"]) == {"saved"}


def test_damaged_dates_are_missing_and_listed_with_their_row(realdata):
    df, report = load(realdata / NAKURA_2020)
    damaged = {(d["row"], d["value"]) for d in report.damaged_dates}
    assert (2, "8/82019") in damaged
    assert (3, "8-Jul") in damaged
    amazon = df.loc[df["company"] == "Amazon"].iloc[0]
    assert pd.isna(amazon["applied_on"])
    assert report.first_applied == "2019-07-19"


def test_rejected_after_interview_still_counts_as_interviewed(realdata):
    df, _ = load(realdata / NAKURA_2021)
    qualtrics = df.loc[df["company"] == "Qualtrics"].iloc[0]
    assert qualtrics["stage"] == "interview" and qualtrics["outcome"] == "rejected"


def test_linkedin_export_drops_private_columns_and_reads_am_pm_dates(realdata):
    df, report = load(realdata / "apk0703__linkdin_profile_analysis__Job_Applications.csv")
    dropped = {d["column"] for d in report.dropped_columns}
    assert dropped == {"Contact Email", "Contact Phone Number", "Question And Answers"}
    assert not df.astype(str).apply(lambda c: c.str.contains("applicant@example.com")).any().any()
    assert report.format == "linkedin"
    assert report.first_applied == "2021-01-11" and report.last_applied == "2024-03-13"
    assert set(df["outcome"]) == {"open"} and set(df["source"]) == {"linkedin"}


def test_edge_rows_and_status_table_of_the_same_search_agree_on_applications(realdata):
    edges, rep_e = load(realdata / "smpotts__jobsearch-sankey__V1-Sankey-Table.csv")
    table, rep_t = load(realdata / "smpotts__jobsearch-sankey__V1_Status-Table_1.csv")
    assert len(edges) == len(table) == 199
    assert rep_e.shape == "edges"
    assert rep_e.outcome_counts["no_response"] == 101
    assert rep_e.outcome_counts["withdrawn"] == 13
    assert rep_e.outcome_counts["accepted"] == 1 and rep_e.outcome_counts["declined"] == 1
    assert rep_e.outcome_counts["rejected"] == 71 + 12
    cellares = edges.loc[edges["company"] == "Cellares"].iloc[0]
    assert cellares["source"] == "recruiter"


def test_tally_workbook_reads_stages_and_outcomes_from_its_headers(realdata):
    df, report = load(realdata / "vanessapigwin__JobsExcelToSankey__applications.xlsx")
    assert report.files[0]["sheet"] == "Tally"
    assert report.outcome_counts["no_response"] == 21
    assert report.stage_counts["offer"] == 2
    assert report.outcome_counts["declined"] == 1


def test_table_json_with_two_status_columns(realdata):
    df, report = load(realdata / "emilycardwell__my-jobs__job_data.json")
    assert report.outcome_counts == {"open": 1, "no_response": 11, "rejected": 11,
                                     "withdrawn": 0, "accepted": 0, "declined": 0}
    assert df["referral"].sum() == 2


def test_whole_realdata_folder_imports_as_one_history_and_reimport_adds_nothing(
        realdata, store):
    files = sorted(p for p in realdata.iterdir() if p.suffix in (".csv", ".json", ".xlsx"))
    df, report = load(files)
    first = commit(store, df, report)
    assert first["new"] == len(frame(store)) == len(df)
    df2, report2 = load(files)
    second = commit(store, df2, report2)
    assert second["new"] == 0 and second["changed"] == 0
    assert second["unchanged"] == len(df)
