"""`workbook report [--profile P] FILE.html`: the session summary from the command line."""

from __future__ import annotations

import datetime as dt
import os
import re

from workbook import cli, review
from workbook.store import create_profile


def _profile(name: str = "client") -> None:
    s = create_profile(name)
    s.agree()
    review.add_win(s, "CLI-WIN sent the portfolio", on=s.today())
    review.save_review(s, commitments=["CLI-COMMIT"])
    s.close()


def test_report_writes_one_private_html_file_with_default_sections(tmp_path, capsys):
    _profile()
    out = tmp_path / "summary.html"
    assert cli.main(["report", "--profile", "client", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "CLI-WIN" in page and "CLI-COMMIT" in page
    assert set(re.findall(r'<section class="section" id="(\w+)"', page)) == {
        "mood", "reflections", "skills", "search", "wins", "commitments"}
    assert os.stat(out).st_mode & 0o077 == 0
    assert "Saved the session summary" in capsys.readouterr().out


def test_report_sections_flag_leaves_the_others_out(tmp_path):
    _profile()
    out = tmp_path / "s.html"
    assert cli.main(["report", "-p", "client", "--sections", "wins", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "CLI-WIN" in page and "CLI-COMMIT" not in page


def test_report_into_a_folder_gets_a_dated_name(tmp_path):
    _profile()
    assert cli.main(["report", "-p", "client", "--sections", "wins", str(tmp_path)]) == 0
    (found,) = tmp_path.glob("session-summary-client-*.html")
    assert dt.date.fromisoformat(found.stem[-10:])


def test_report_period_flags_filter_by_date(tmp_path):
    _profile()
    out = tmp_path / "s.html"
    assert cli.main(["report", "-p", "client", "--sections", "wins", "--from", "2020-01-01",
                     "--to", "2020-02-01", str(out)]) == 0
    assert "CLI-WIN" not in out.read_text(encoding="utf-8")


def test_report_bad_section_is_one_sentence_and_exit_2(tmp_path, capsys):
    _profile()
    assert cli.main(["report", "-p", "client", "--sections", "diary", str(tmp_path / "x.html")]) == 2
    err = capsys.readouterr().err
    assert "no section called diary" in err and "Traceback" not in err
    assert not (tmp_path / "x.html").exists()


def test_report_unknown_profile_is_one_sentence(tmp_path, capsys):
    assert cli.main(["report", "-p", "nobody", str(tmp_path / "x.html")]) == 2
    assert "no profile named 'nobody'" in capsys.readouterr().err
