"""The ``workbook`` command (also ``python -m workbook``): a thin shell over the core.

    workbook profiles                          list the profiles and where they live
    workbook demo [--profile P] [--if-missing] (re)create the sample persona
    workbook export [--profile P] FILE         download everything as one bundle (.zip)
    workbook restore FILE [--profile P] [--merge]
    workbook report [--profile P] FILE.html    a session summary to share with a counselor
    workbook worksearch [--profile P] [--from DATE] [--to DATE] [--lang en|de] FILE.csv|FILE.html
                                               the work-search record for a benefit office
    workbook daylio FILE.csv [--profile P] [--place MOOD=P,E]   mood history from Daylio
    workbook lab | app                         JupyterLab at the start page | Voila

Each subcommand is one small function ``cmd_<name>(args) -> int`` plus an optional
``args_<name>(parser)`` that declares its options, registered in ``COMMANDS`` at the bottom.
Bad input (a WorkbookError, an unreadable file, a wrong option) prints one sentence on
stderr and exits 2; there is never a traceback for it. Heavy modules (pandas, jupyter) are
imported inside the commands that need them, so ``workbook profiles`` starts fast.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Callable, Sequence

from workbook.errors import WorkbookError

log = logging.getLogger("workbook.cli")

EXIT_BAD_INPUT = 2
PRIVACY_NOTICE = ("Privacy: your entries stay on this computer, in {path} (only your user can "
                  "read it); nothing is sent anywhere, and `workbook profiles` shows where "
                  "each profile lives so you can delete it.")


# ---------------------------------------------------------------- shared helpers

def add_profile_option(parser: argparse.ArgumentParser, help: str | None = None) -> None:
    parser.add_argument("--profile", "-p", metavar="P", default=None,
                        help=help or "the profile to use (default: WORKBOOK_PROFILE, else the "
                                     "only profile, else the sample profile)")


def profile_name(args: argparse.Namespace) -> str:
    """The profile a command works on: ``--profile``, else ``default_profile()``."""
    from workbook.profiles import default_profile
    from workbook.store import check_name

    if getattr(args, "profile", None):
        return check_name(args.profile)
    name = default_profile()
    if name is None:
        raise WorkbookError("Several profiles exist, so none is chosen for you: add "
                            "--profile NAME (`workbook profiles` lists them).")
    return name


def open_existing(args: argparse.Namespace):
    """Open the chosen profile for reading; the sample profile is made when it is missing,
    any other missing profile is an error."""
    from workbook.profiles import open_profile
    from workbook.store import DEMO_PROFILE, profile_exists

    name = profile_name(args)
    if name != DEMO_PROFILE and not profile_exists(name):
        raise WorkbookError(f"There is no profile named {name!r}; `workbook profiles` lists "
                            "the ones that exist.")
    return open_profile(name)


def open_for_writing(args: argparse.Namespace):
    """Open (creating when missing) the chosen profile for a command that writes to it.

    Running such a command is the person's own explicit action, so a profile that has not
    yet agreed gets a one-line privacy notice on stderr and its consent recorded.
    """
    from workbook.profiles import default_profile
    from workbook.store import Store, check_name, profile_path

    name = check_name(args.profile) if getattr(args, "profile", None) else default_profile()
    if name is None:
        raise WorkbookError("Several profiles exist, so none is chosen for you: add "
                            "--profile NAME (`workbook profiles` lists them).")
    store = Store(profile_path(name))
    record_consent(store)
    return store


def record_consent(store) -> None:
    if not store.consented:
        print(PRIVACY_NOTICE.format(path=store.path), file=sys.stderr)
        store.agree()


def read_input_file(path: str) -> bytes:
    """A file's bytes, or one sentence saying why it cannot be read."""
    p = Path(path).expanduser()
    if not p.exists():
        raise WorkbookError(f"The file {path!r} does not exist; check the name and the folder.")
    if p.is_dir():
        raise WorkbookError(f"{path!r} is a folder, not a file; give the path of the file.")
    try:
        return p.read_bytes()
    except OSError as exc:
        raise WorkbookError(f"The file {path!r} cannot be read ({exc.strerror or exc}).") \
            from None


def write_output_file(path: str, data: bytes | Callable[[BinaryIO], Any],
                      default_name: str) -> Path:
    """Write ``data`` (bytes, or a function that writes into the open file) to ``path``,
    or into it when it is a folder, 0600 and whole or not at all; returns the path.

    Never inside the folders holding the profiles and their backups: a file written there
    could replace a live profile (``export FILE`` aimed at ``profiles/NAME.sqlite``).
    """
    from workbook.store import inside_private_folders

    p = Path(path).expanduser()
    if p.is_dir():
        p = p / default_name
    if inside_private_folders(p):
        raise WorkbookError(f"{str(p)!r} is inside the folder where the workbook keeps its "
                            "profiles and backups, and writing there could replace a profile; "
                            "choose another place, such as your Documents folder.")
    if not p.parent.is_dir():
        raise WorkbookError(f"The folder {str(p.parent)!r} does not exist; create it first or "
                            "choose another place.")
    tmp = p.with_name(p.name + ".part")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            if callable(data):
                data(fh)
            else:
                fh.write(data)
        os.replace(tmp, p)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        full = " (the disk is full)" if exc.errno == 28 else ""
        raise WorkbookError(f"The file {str(p)!r} cannot be written{full} "
                            f"({exc.strerror or exc}); nothing was left half written.") \
            from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return p


# ---------------------------------------------------------------- the commands

def cmd_profiles(args: argparse.Namespace) -> int:
    from workbook.profiles import default_profile
    from workbook.store import Store, last_used, list_profiles, profile_path
    from workbook.store import profiles_dir

    names = list_profiles()
    folder = profiles_dir()
    if not names:
        print(f"No profiles yet in {folder}. `workbook demo` creates the sample one; the start "
              "page creates your own.")
        return 0
    chosen, last = default_profile(), last_used()
    print(f"Profiles in {folder}:")
    for name in names:
        try:
            with Store(profile_path(name)) as store:
                total = sum(store.counts().values())
                marks = [f"{total} record{'s' if total != 1 else ''}"]
                if store.is_demo:
                    marks.append("sample data")
        except WorkbookError as exc:
            marks = [f"cannot be opened: {exc}"]
        if name == last:
            marks.append("last used")
        if name == chosen:
            marks.append("opens by default")
        print(f"  {name}  ({', '.join(marks)})")
    if chosen is None:
        print("Several profiles exist, so notebooks ask which one to open "
              "(or set WORKBOOK_PROFILE).")
    return 0


def args_demo(p: argparse.ArgumentParser) -> None:
    add_profile_option(p, "the profile to hold the sample data (default: demo)")
    p.add_argument("--if-missing", action="store_true",
                   help="do nothing when the profile already exists")


def cmd_demo(args: argparse.Namespace) -> int:
    from workbook import sample
    from workbook.store import DEMO_PROFILE, check_name, profile_exists

    name = check_name(args.profile or DEMO_PROFILE)
    if args.if_missing and profile_exists(name):
        if sample.refresh_if_stale(name):
            print(f"The sample profile {name!r} was more than a week old and unchanged; it was "
                  "rebuilt so its weeks are recent.")
        else:
            print(f"The profile {name!r} already exists; left as it is.")
        return 0
    with sample.create(name, replace=True) as store:  # never over anyone's own entries
        counts = store.counts()
    print(f"The sample profile {name!r} is ready ({sample.PERSONA}): "
          f"{counts['application']} applications, {counts['checkin']} check-ins, "
          f"{counts['interview']} interview rounds.")
    return 0


def args_import(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", metavar="FILE", nargs="+",
                   help="CSV, XLSX, JSON or a LinkedIn archive (.zip); several files are "
                        "read as one history")
    add_profile_option(p)
    p.add_argument("--dry-run", action="store_true",
                   help="show what would be imported without storing anything")
    p.add_argument("--json", action="store_true", help="print the import report as JSON")


def cmd_import(args: argparse.Namespace) -> int:
    from workbook import applications

    from workbook.store import Store, profile_exists, profile_path

    name = profile_name(args)
    remembered = {}
    if profile_exists(name):   # the person's own status meanings, remembered per profile
        with Store(profile_path(name)) as store:
            remembered = store.setting("status_map", {}) or {}
    df, report = applications.load(list(args.files), status_map=remembered)
    result = None
    if not args.dry_run:   # the profile is opened (or made) only for a file that was read
        with open_for_writing(args) as store:
            result = applications.commit(store, df, report)
    if args.json:
        print(json.dumps({**report.to_dict(), "stored": result}, ensure_ascii=False,
                         indent=1, default=str))
    else:
        print(report.summary())
        print("Furthest stage: " + ", ".join(f"{k} {v}" for k, v in report.stage_counts.items()))
        print("Outcome: " + ", ".join(f"{k} {v}" for k, v in report.outcome_counts.items()))
        for line in report.warnings:
            print(f"- {line}")
        if result is None:
            print("Dry run: nothing was stored.")
        else:
            print(f"Stored: {result['new']} new, {result['changed']} changed, "
                  f"{result['unchanged']} unchanged, {result['missing']} no longer in the file "
                  "(kept).")
    return 0


def args_export(p: argparse.ArgumentParser) -> None:
    add_profile_option(p)
    p.add_argument("file", metavar="FILE",
                   help="where to write the bundle (.zip); a folder gets a dated file name")


def cmd_export(args: argparse.Namespace) -> int:
    from workbook import bundle

    with open_existing(args) as store:
        path = write_output_file(args.file, lambda fh: bundle.export(store, fh),
                                 bundle.filename(store))
        counts = store.counts()
    total = sum(counts.values())
    print(f"Saved {total} records from {store.name!r} to {path} ({path.stat().st_size:,} bytes). "
          "Keep it somewhere private: it holds everything in the profile.")
    return 0


def args_restore(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="a bundle made by `workbook export`")
    add_profile_option(p, "the profile to restore into (default: a new profile named as in "
                          "the bundle; with --merge, the default profile)")
    p.add_argument("--merge", action="store_true",
                   help="add the bundle's records to an existing profile by id "
                        "(never overwrites; differences are reported)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")


def cmd_restore(args: argparse.Namespace) -> int:
    from workbook import bundle
    from workbook.store import profile_exists, profile_path

    data = read_input_file(args.file)
    if args.profile:
        name = profile_name(args)
    elif args.merge:
        name = profile_name(args)
    else:
        name = str(bundle.manifest(data).get("profile") or "")
        if not name:
            raise WorkbookError("The bundle does not say which profile it came from; add "
                                "--profile NAME to choose the new profile's name.")
        if profile_exists(name):
            raise WorkbookError(f"A profile named {name!r} already exists; add --profile "
                                "NEWNAME to restore into a new profile, or --merge to add the "
                                "bundle's records to it.")
    needs_notice = not profile_exists(name) or not _consented(name)
    report = bundle.restore(data, into=name, mode="merge" if args.merge else "new")
    if needs_notice:  # restoring is the person's own action: consent is recorded, with a notice
        print(PRIVACY_NOTICE.format(path=profile_path(name)), file=sys.stderr)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    else:
        print(report.summary())
    return 0


def args_report(p: argparse.ArgumentParser) -> None:
    from workbook.report import SECTIONS

    add_profile_option(p)
    p.add_argument("file", metavar="FILE.html",
                   help="where to write the summary; a folder gets a dated file name")
    p.add_argument("--sections", metavar="LIST", default=",".join(SECTIONS),
                   help=f"comma-separated sections to include (default: all of "
                        f"{','.join(SECTIONS)})")
    p.add_argument("--from", dest="start", metavar="YYYY-MM-DD", default=None,
                   help="first day of the period (default: four weeks back, from a Monday)")
    p.add_argument("--to", dest="end", metavar="YYYY-MM-DD", default=None,
                   help="last day of the period (default: today)")
    p.add_argument("--journal", action="store_true",
                   help="also include journal text (check-in notes, thought records); "
                        "left out unless asked for")


def cmd_report(args: argparse.Namespace) -> int:
    from workbook import report
    from workbook.charts.review import session_summary

    with open_existing(args) as store:
        _report_dates_in_range(store, args.start, args.end)
        start, end = report.default_range(store, args.end)
        start = args.start or start
        page = session_summary(store, args.sections.split(","), start, end,
                               include_journal_text=args.journal)
        data = page.encode("utf-8")
        path = write_output_file(args.file, data,
                                 f"session-summary-{store.name}-{store.today()}.html")
    print(f"Saved the session summary to {path} ({len(data):,} bytes); it opens offline in "
          "any browser. It holds only the sections chosen; share it only with whom you choose.")
    return 0


def _report_dates_in_range(store, *days: str | None) -> None:
    """WorkbookError when a --from/--to day lies outside the years the workbook holds (the
    four weeks before it, or the day after, would fall off the calendar)."""
    from workbook.records import YEARS
    from workbook.review import as_of_date

    for day in days:
        if day is not None and not YEARS[0] <= as_of_date(store, day).year <= YEARS[1]:
            raise WorkbookError(f"The report date {day} is outside the years {YEARS[0]} to "
                                f"{YEARS[1]} that the workbook holds; please check the year.")


def args_worksearch(p: argparse.ArgumentParser) -> None:
    add_profile_option(p)
    p.add_argument("file", metavar="FILE.csv|FILE.html",
                   help="where to write it: .csv for a spreadsheet, .html for a page to print")
    p.add_argument("--from", dest="start", metavar="YYYY-MM-DD", default=None,
                   help="first day of the period (default: a month back from --to)")
    p.add_argument("--to", dest="end", metavar="YYYY-MM-DD", default=None,
                   help="last day of the period (default: today)")
    p.add_argument("--lang", default="en", metavar="en|de",
                   help="language of the labels and the page (default: en; de writes a "
                        "Bewerbungsnachweis)")


def cmd_worksearch(args: argparse.Namespace) -> int:
    from workbook import worksearch

    with open_existing(args) as store:
        data, n = worksearch.write(store, args.file, args.start, args.end, args.lang)
        kind = "csv" if args.file.lower().endswith(".csv") else "html"
        path = write_output_file(args.file, data,
                                 f"work-search-{store.name}-{store.today()}.{kind}")
    print(f"Saved the work-search record to {path}: {n} activit{'y' if n == 1 else 'ies'}. "
          "Check every line before handing it in.")
    return 0


def args_daylio(p: argparse.ArgumentParser) -> None:
    add_profile_option(p)
    p.add_argument("file", metavar="FILE.csv", help="the CSV file Daylio's export made")
    p.add_argument("--place", action="append", default=[], metavar="MOOD=P,E",
                   help="where a mood name sits on the grid: pleasantness and energy, each "
                        "-1 to 1 (e.g. --place tired=-0.3,-0.8); kept for the next import")


def cmd_daylio(args: argparse.Namespace) -> int:
    from workbook import daylio

    mapping = {}
    for item in args.place:
        mood, _, place = item.partition("=")
        parts = place.split(",")
        if not mood.strip() or len(parts) != 2:
            raise WorkbookError(f"--place {item!r} should look like MOOD=P,E, e.g. "
                                "tired=-0.3,-0.8.")
        mapping[mood.strip()] = parts
    data = read_input_file(args.file)
    with open_for_writing(args) as store:
        result = daylio.import_export(store, data, mapping, name=Path(args.file).name)
    print(result.summary())
    return 0


def _consented(name: str) -> bool:
    from workbook.store import Store

    with Store.open(name) as store:
        return store.consented


def cmd_lab(args: argparse.Namespace) -> int:
    from workbook import launch

    return launch.lab() or 0


def cmd_app(args: argparse.Namespace) -> int:
    from workbook import launch

    return launch.app() or 0


# ---------------------------------------------------------------- the table

@dataclass(frozen=True)
class Command:
    name: str
    help: str
    run: Callable[[argparse.Namespace], int]
    arguments: Callable[[argparse.ArgumentParser], None] | None = None


COMMANDS: list[Command] = [
    Command("profiles", "list the profiles and where they are kept", cmd_profiles),
    Command("demo", "create (or rebuild) the sample persona's profile", cmd_demo, args_demo),
    Command("import", "import your application history (CSV, XLSX, JSON, LinkedIn zip)",
            cmd_import, args_import),
    Command("export", "save everything in a profile as one bundle file (.zip)", cmd_export,
            args_export),
    Command("restore", "restore a bundle into a new profile, or merge it into one",
            cmd_restore, args_restore),
    Command("report", "write a session summary (one HTML file) to share with a counselor",
            cmd_report, args_report),
    Command("worksearch", "write the work-search record for a benefit office (CSV or a page "
            "to print, English or German)", cmd_worksearch, args_worksearch),
    Command("daylio", "import mood history from a Daylio CSV export onto the check-ins",
            cmd_daylio, args_daylio),
    Command("lab", "open the workbook in JupyterLab at the start page", cmd_lab),
    Command("app", "open the workbook as an app in Voila (no code shown)", cmd_app),
]


# ---------------------------------------------------------------- entry point

class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage mistake in one sentence and exits 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_BAD_INPUT,
                  f"{self.prog}: {message[0].upper() + message[1:]}; "
                  f"see `{self.prog} --help`.\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="workbook",
                     description="A coaching workbook for the weeks after a job rejection.")
    from workbook import __version__

    parser.add_argument("--version", action="version", version=f"workbook {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in COMMANDS:
        p = sub.add_parser(command.name, help=command.help, description=command.help)
        if command.arguments:
            command.arguments(p)
        p.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return int(args.run(args) or 0)
    except WorkbookError as exc:
        print(f"workbook: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("workbook: stopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - the one place every CLI error is caught
        if os.environ.get("WORKBOOK_DEBUG"):
            raise
        log.debug("unexpected error", exc_info=True)
        print(f"workbook: something went wrong inside the workbook ({type(exc).__name__}); "
              "nothing else was changed. Set WORKBOOK_DEBUG=1 to see the details.",
              file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
