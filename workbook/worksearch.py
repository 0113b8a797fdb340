"""The work-search record many benefit offices ask for (in Germany a Bewerbungsnachweis).

Built from what the profile already holds: applications (with how the contact was made and
the contact person), interviews, follow-up e-mails sent from drafts, and contacts with
mentors, former colleagues, recruiters and companies (friends and family are support, not
search, and stay out). ``activities(store, start, end)`` lists them; ``weeks`` counts them
per week against the number the person is asked for (a profile setting, default three),
flagging quieter weeks as information, never as a failure; ``csv_bytes`` and ``html_page``
write them in English or German for any date range.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import string
from dataclasses import dataclass
from typing import Any, Iterable

from workbook import review
from workbook.bundle import guard_cell
from workbook.errors import WorkbookError
from workbook.records import Application, Contact, Draft, Interview

LANGS = ("en", "de")
CSV_COLUMNS = ("date", "employer", "position", "method", "contact", "result")
SETTING = "worksearch_per_week"
DEFAULT_PER_WEEK = 3
MAX_PER_WEEK = 50
SEARCH_RELATIONS = ("mentor", "former_colleague", "recruiter", "company", "other")


def wording() -> dict[str, Any]:
    """Vocabularies and page wording, from ``content/worksearch.json``."""
    from workbook.content import load_json

    return load_json("worksearch.json")


def check_lang(lang: str) -> str:
    lang = (lang or "en").strip().lower()
    if lang not in LANGS:
        raise WorkbookError(f"The language {lang!r} is not available for the work-search "
                            f"record; choose one of {', '.join(LANGS)}.")
    return lang


# ---------------------------------------------------------------- the number asked for

def required_per_week(store: Any) -> int:
    """How many activities a week the person is asked for (profile setting; default 3)."""
    value = store.setting(SETTING, DEFAULT_PER_WEEK)
    return value if isinstance(value, int) and 0 <= value <= MAX_PER_WEEK else DEFAULT_PER_WEEK


def set_required_per_week(store: Any, n: Any) -> int:
    """Set the number of activities a week the benefit office asks for."""
    try:
        value = int(str(n).strip())
    except ValueError:
        value = -1
    if not 0 <= value <= MAX_PER_WEEK:
        raise WorkbookError(f"The number of activities a week should be a whole number from 0 "
                            f"to {MAX_PER_WEEK}; {n!r} is not.")
    store.set_setting(SETTING, value)
    return value


# ---------------------------------------------------------------- activities

@dataclass(frozen=True)
class Activity:
    """One line of the record. ``method`` and ``result`` are vocabulary ids (see
    ``content/worksearch.json``); ``kind`` is application, interview, follow_up or
    networking."""

    on: dt.date
    kind: str
    employer: str
    position: str
    method: str
    contact: str
    result: str


def result_of(app: dict) -> str:
    """What came of an application, as a result id: an outcome when it is closed, else the
    furthest stage reached after applying, else "open"."""
    outcome = app.get("outcome") or "open"
    if outcome != "open":
        return outcome
    stage = app.get("stage") or "applied"
    return stage if stage in ("screen", "interview", "offer") else "open"


def activities(store: Any, start: Any, end: Any) -> list[Activity]:
    """Every work-search activity dated from ``start`` to ``end`` (inclusive), by date."""
    start, end = _range(store, start, end)
    words = wording()
    apps = {a["id"]: a for a in store.raw(Application.kind)}
    contacts = {c["id"]: c for c in store.raw(Contact.kind)}
    out: list[Activity] = []
    for app in apps.values():
        day = review.date_of(app.get("applied_on"))
        if app.get("stage") != "saved" and review.within(day, start, end):
            method = app.get("contact_method") or words["method_from_source"].get(
                app.get("source") or "other", "other")
            out.append(Activity(day, "application", app.get("company") or "",
                                app.get("role") or "", method,
                                app.get("contact_person") or "", result_of(app)))
    for iv in store.raw(Interview.kind):
        day = review.date_of(iv.get("on"))
        if review.within(day, start, end):
            app = apps.get(iv.get("application_id") or "", {})
            out.append(Activity(day, "interview", app.get("company") or "",
                                app.get("role") or "",
                                words["method_from_interview"].get(iv.get("format"), "other"),
                                app.get("contact_person") or "", "interview_held"))
    for d in store.raw(Draft.kind):
        day = review.date_of(d.get("sent_on"))
        if review.within(day, start, end):
            app = apps.get(d.get("application_id") or "", {})
            who = contacts.get(d.get("contact_id") or "", {}).get("name") \
                or app.get("contact_person") or ""
            out.append(Activity(day, "follow_up", app.get("company") or "",
                                app.get("role") or "", "email", who, "follow_up"))
    for c in contacts.values():
        day = review.date_of(c.get("last_contact_on"))
        if c.get("relation") in SEARCH_RELATIONS and review.within(day, start, end):
            kind = "follow_up" if c.get("relation") in ("company", "recruiter") else "networking"
            method = c.get("contact_method") or words["method_from_relation"].get(
                c.get("relation"), "other")
            out.append(Activity(day, kind, c.get("company") or "", "", method,
                                c.get("name") or "",
                                "follow_up" if kind == "follow_up" else "talked"))
    return sorted(out, key=lambda a: (a.on, a.employer.casefold(), a.kind))


def _range(store: Any, start: Any, end: Any) -> tuple[dt.date, dt.date]:
    start = review.as_of_date(store, start)
    end = review.as_of_date(store, end)
    if start > end:
        raise WorkbookError(f"The period starts ({start}) after it ends ({end}); please swap "
                            "the dates.")
    return start, end


def default_range(store: Any, as_of: Any = None) -> tuple[dt.date, dt.date]:
    """The month up to ``as_of`` (default today): from the day after the same date a month
    earlier (benefit offices usually ask month by month)."""
    end = review.as_of_date(store, as_of)
    month, year = (end.month - 1, end.year) if end.month > 1 else (12, end.year - 1)
    try:
        back = end.replace(year=year, month=month)
    except ValueError:  # 31 March -> the last day of February
        back = end.replace(day=1) - dt.timedelta(days=1)
    return back + dt.timedelta(days=1), end


# ---------------------------------------------------------------- weeks

@dataclass(frozen=True)
class WeekCount:
    """Activities in one week of the period. ``part`` is True when only some of the week's
    days lie in the period (or the week is not over yet), so it is never flagged;
    ``quieter`` is True for a whole week below the number asked for."""

    monday: dt.date
    n: int
    required: int
    part: bool

    @property
    def quieter(self) -> bool:
        return not self.part and self.n < self.required


def weeks(acts: Iterable[Activity], start: dt.date, end: dt.date, required: int,
          as_of: dt.date | None = None) -> list[WeekCount]:
    """One count per week (Monday to Sunday) overlapping ``start``..``end``, zeros kept."""
    as_of = as_of or end
    counts: dict[dt.date, int] = {}
    monday = review.week_start(start)
    while monday <= end:
        counts[monday] = 0
        monday += dt.timedelta(days=7)
    for a in acts:
        if start <= a.on <= end:
            counts[review.week_start(a.on)] += 1
    return [WeekCount(m, n, required,
                      part=m < start or m + dt.timedelta(days=6) > min(end, as_of))
            for m, n in sorted(counts.items())]


# ---------------------------------------------------------------- writing it out

def _label(group: str, key: str, lang: str) -> str:
    entry = wording()[group].get(key)
    return entry[lang] if entry else key


def rows(acts: Iterable[Activity], lang: str = "en") -> list[list[str]]:
    """The activities as text cells in ``CSV_COLUMNS`` order, labels in ``lang``."""
    lang = check_lang(lang)
    return [[a.on.isoformat(), a.employer, a.position, _label("methods", a.method, lang),
             a.contact, _label("results", a.result, lang)] for a in acts]


def csv_bytes(acts: Iterable[Activity], lang: str = "en") -> bytes:
    """The record as CSV (UTF-8 with a byte-order mark; one row per activity), every cell
    guarded against spreadsheet formulas like every CSV the workbook writes."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows(acts, lang):
        writer.writerow([guard_cell(cell) for cell in row])
    return buf.getvalue().encode("utf-8-sig")


def _esc(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def html_page(store: Any, start: Any, end: Any, lang: str = "en",
              as_of: Any = None) -> str:
    """The record as one printable HTML page (A4 and Letter), in ``lang``."""
    from workbook.content import load_text

    lang = check_lang(lang)
    start, end = _range(store, start, end)
    today = review.as_of_date(store, as_of)
    acts = activities(store, start, end)
    required = required_per_week(store)
    w = wording()["page"][lang]

    def day(d: dt.date) -> str:
        return d.strftime(w["date_format"])

    head = "".join(f'<th scope="col">{_esc(c)}</th>' for c in w["columns"])
    labels = [_esc(c) for c in w["columns"]]  # shown beside each cell at phone width
    body = "".join(
        "<tr>" + f'<td class="d" data-label="{labels[0]}">{_esc(day(a.on))}</td>'
        + "".join(f'<td data-label="{label}">{_esc(cell)}</td>'
                  for label, cell in zip(labels[1:], row[1:])) + "</tr>"
        for a, row in zip(acts, rows(acts, lang)))
    table = (f'<table class="acts"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
             if acts else f"<p>{_esc(w['none'])}</p>")
    week_rows = []
    for wk in weeks(acts, start, end, required, today):
        note = (w["week_part"] if wk.part else w["week_below"] if wk.quieter
                else w["week_met"]).format(n=wk.n, required=required)
        week_rows.append(f'<tr{" class=quieter" if wk.quieter else ""}>'
                         f"<td>{_esc(day(wk.monday))} &ndash; "
                         f"{_esc(day(wk.monday + dt.timedelta(days=6)))}</td>"
                         f'<td class="n">{wk.n}</td><td>{_esc(note)}</td></tr>')
    week_head = "".join(f'<th scope="col">{_esc(c)}</th>' for c in w["week_columns"])
    apps = sum(a.kind == "application" for a in acts)
    name = store.setting("display_name") or ""
    return string.Template(load_text("worksearch_template.html")).substitute(
        lang=w["lang"], title=_esc(w["title"]), css=load_text("worksearch.css"),
        name_label=_esc(w["name"]), name=_esc(name),
        number_label=_esc(w["customer_number"]),
        period_label=_esc(w["period"]), period=f"{_esc(day(start))} &ndash; {_esc(day(end))}",
        prepared_label=_esc(w["prepared"]), prepared=_esc(day(today)),
        required=_esc(w["required"].format(n=required)),
        total=_esc(w["total"].format(n=len(acts), apps=apps)),
        table=table, weeks_heading=_esc(w["weeks_heading"]),
        weeks=f'<table class="weeks"><thead><tr>{week_head}</tr></thead>'
              f'<tbody>{"".join(week_rows)}</tbody></table>',
        signature=_esc(w["signature"]), footer=_esc(w["footer"]))


def write(store: Any, path_name: str, start: Any = None, end: Any = None,
          lang: str = "en") -> tuple[bytes, int]:
    """The record for a file name ending .csv or .html: (bytes, number of activities)."""
    lang = check_lang(lang)
    end = None if end in (None, "") else end
    d_start, d_end = default_range(store, end)
    start = d_start if start in (None, "") else start
    end = d_end
    suffix = path_name.lower().rsplit(".", 1)[-1] if "." in path_name else ""
    if suffix not in ("csv", "html", "htm"):
        raise WorkbookError(f"The file {path_name!r} should end in .csv (for a spreadsheet) or "
                            ".html (a page to print); please change its name.")
    acts = activities(store, start, end)
    if suffix == "csv":
        return csv_bytes(acts, lang), len(acts)
    return html_page(store, start, end, lang).encode("utf-8"), len(acts)
