"""`workbook import FILE... [--profile P] [--dry-run] [--json]`."""

from __future__ import annotations

import json

from workbook.cli import main
from workbook.store import profile_exists

CSV = b"Company,Role,Date applied,Status\nAcme,Analyst,03/14/2024,Rejected\nBeta,Dev,,Ghosted\n"
KEYS = {"rows_read", "rows_imported", "rows_skipped", "mapping", "status_map",
        "stage_counts", "outcome_counts", "first_applied", "last_applied", "warnings"}


def test_dry_run_prints_the_report_as_json_and_stores_nothing(tmp_path, capsys):
    path = tmp_path / "apps.csv"
    path.write_bytes(CSV)
    assert main(["import", str(path), "--profile", "me", "--dry-run", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert KEYS <= set(report)
    assert report["rows_imported"] == 2
    assert report["outcome_counts"]["rejected"] == 1
    assert report["outcome_counts"]["no_response"] == 1
    assert report["first_applied"] == report["last_applied"] == "2024-03-14"
    assert not profile_exists("me")


def test_import_twice_adds_nothing_the_second_time(tmp_path, capsys):
    path = tmp_path / "apps.csv"
    path.write_bytes(CSV)
    assert main(["import", str(path), "--profile", "me", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["stored"]["new"] == 2
    assert main(["import", str(path), "--profile", "me", "--json"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert second["stored"]["new"] == 0 and second["stored"]["unchanged"] == 2


def test_a_bad_file_exits_2_with_one_sentence_and_no_traceback(tmp_path, capsys):
    path = tmp_path / "cv.csv"
    path.write_bytes(b"%PDF-1.5 pretend")
    assert main(["import", str(path), "--profile", "me"]) == 2
    err = capsys.readouterr().err
    assert "PDF" in err and "Traceback" not in err and err.count("\n") == 1
    assert not profile_exists("me")


def test_several_files_are_read_as_one_history(tmp_path, capsys):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_bytes(CSV)
    b.write_bytes(CSV + b"Gamma,Ops,04/01/2024,Interview\n")
    assert main(["import", str(a), str(b), "--dry-run", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["rows_imported"] == 3 and report["duplicates_removed"] == 2
