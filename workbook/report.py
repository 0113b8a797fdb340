"""The session summary: one self-contained HTML page a person chooses to share with a
counselor (DESIGN sections 1, 5 and 9).

``summary_page(store, sections, start, end, include_journal_text, draw, script)`` returns
the page as text; ``workbook.charts.review.session_summary`` calls it with plotly's drawing.
Only the ticked sections are in it (mood trend, recent reflections, skill plan and progress,
search numbers, wins, next commitments), only what is dated in the period, and no journal
text (check-in notes, thought records) unless the person ticks that too. Every piece of the
person's text is escaped. Plotly's JavaScript is embedded once, so the file opens offline in
any browser; it prints on A4 and Letter (see ``content/report.css``).

Charts are named here as data - a ``ChartSpec`` (where it goes, which function of
``workbook.charts.review`` draws it, with what numbers) - and drawn by the ``draw`` callable
the caller passes, so this module never imports plotly.
"""

from __future__ import annotations

import collections
import datetime as dt
import html
import string
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from workbook import review
from workbook.errors import WorkbookError
from workbook.records import (
    Action, Application, CheckIn, Feedback, Interview, Skill, ThoughtRecord, WeeklyReview,
)

SECTIONS = ("mood", "reflections", "skills", "search", "wins", "commitments")
# Sections that are never in a summary by default (no "all sections" includes them): only a
# person ticking one by name puts it in (DESIGN section 10: guided writing is private).
PRIVATE_SECTIONS = ("writing",)
DEFAULT_WEEKS = 4
MAX_DEBRIEFS = 3  # a counselor with five minutes reads the latest few
SMALL = 20  # below this many applications a rate is "not enough yet to tell" (DESIGN 9)


def esc(text: Any) -> str:
    """The person's text made safe for HTML (same rule as ``workbook.ui.common.esc``)."""
    return html.escape("" if text is None else str(text), quote=True)


def labels() -> dict[str, str]:
    """Section key -> heading shown to the person and in the report."""
    return dict(review.prompts()["report"]["sections"])


def default_range(store: Any, as_of: Any = None) -> tuple[dt.date, dt.date]:
    """The last four of the person's weeks up to ``as_of`` (today by default)."""
    end = review.as_of_date(store, as_of)
    start = review.week_start(end) - dt.timedelta(days=7 * (DEFAULT_WEEKS - 1))
    return start, end


def check_sections(sections: Iterable[str]) -> list[str]:
    """The ticked sections in report order; WorkbookError naming any unknown one."""
    chosen = {s.strip().lower() for s in sections if s and s.strip()}
    known = SECTIONS + PRIVATE_SECTIONS
    unknown = sorted(chosen - set(known))
    if unknown:
        raise WorkbookError(f"The report has no section called {', '.join(unknown)}; choose "
                            f"from {', '.join(known)}.")
    if not chosen:
        raise WorkbookError("No section is ticked, so the summary would be empty; please tick "
                            "at least one.")
    return [s for s in known if s in chosen]


@dataclass(frozen=True)
class ChartSpec:
    """A chart to draw into the page: the id of its place, the name of the function in
    ``workbook.charts.review`` that draws it, and that function's keyword arguments."""

    div_id: str
    chart: str
    data: dict[str, Any]


@dataclass
class Part:
    """One section of the report: its heading, a line for "at a glance", the body HTML and
    the charts to draw in it."""

    key: str
    glance: str
    body: str
    charts: list[ChartSpec] = field(default_factory=list)


def summary_page(store: Any, sections: Iterable[str], start: Any, end: Any,
                 include_journal_text: bool, draw: Callable[[ChartSpec], str],
                 script: Callable[[], str]) -> str:
    """The session summary as one self-contained HTML page (text). ``draw`` turns a chart
    spec into an HTML fragment; ``script()`` gives the JavaScript the fragments need,
    embedded once and only when the page has a chart."""
    chosen = check_sections(sections)
    start = review.as_of_date(store, start)
    end = review.as_of_date(store, end)
    if start > end:
        raise WorkbookError(f"The period starts ({start}) after it ends ({end}); please swap "
                            "the dates.")
    titles = labels()
    builders = {"mood": _mood, "reflections": _reflections, "skills": _skills,
                "search": _search, "wins": _wins, "commitments": _commitments,
                "writing": _writing}
    parts = [builders[key](store, start, end, include_journal_text) for key in chosen]

    html_sections, glance = [], []
    for part in parts:
        body = part.body
        for spec in part.charts:
            body = body.replace(f"<!--chart:{spec.div_id}-->",
                                f'<div class="chart">{draw(spec)}</div>')
        html_sections.append(
            f'<section class="section" id="{part.key}" aria-labelledby="{part.key}-h">'
            f'<h2 id="{part.key}-h">{esc(titles[part.key])}</h2>{body}</section>')
        glance.append(f'    <li><strong>{esc(titles[part.key])}:</strong> {part.glance}</li>')

    words = review.prompts()["report"]
    needs_js = any(part.charts for part in parts)
    page = string.Template(_content("report_template.html")).substitute(
        title=esc(words["title"]),
        css=_content("report.css"),
        plotly_js=(f'<script type="text/javascript">{script()}</script>'
                   if needs_js else ""),
        profile=esc(store.name) + (" (sample data)" if store.is_demo else ""),
        period=f"{_day(start)} to {_day(end)}",
        prepared=_day(store.today()),
        shared_note=esc(words["shared_note"]),
        journal_note=esc(words["journal_on" if include_journal_text else "journal_off"]),
        glance="\n".join(glance),
        included=esc(", ".join(titles[k] for k in chosen)),
        sections="\n".join(html_sections),
    )
    return page


def _content(name: str) -> str:
    from workbook.content import load_text

    return load_text(name)


# ---------------------------------------------------------------- small helpers

def _day(d: dt.date | None) -> str:
    return d.strftime("%a %d %b %Y").replace(" 0", " ") if d else ""


def _short(d: dt.date | None) -> str:
    return d.strftime("%d %b").lstrip("0") if d else ""


def _date(value: Any) -> dt.date | None:
    return review._date(value)


def _in(d: dt.date | None, start: dt.date, end: dt.date) -> bool:
    return d is not None and start <= d <= end


def _table(caption: str, head: list[str], rows: list[list[str]],
           numeric: Iterable[int] = (), dates: Iterable[int] = ()) -> str:
    """An HTML table; cells must already be escaped (or be plain numbers)."""
    numeric, dates = set(numeric), set(dates)

    def cls(i: int) -> str:
        return " class=num" if i in numeric else (" class=date" if i in dates else "")

    th = "".join(f'<th scope="col"{cls(i)}>{esc(h)}</th>' for i, h in enumerate(head))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{c}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in rows)
    return (f"<table><caption>{esc(caption)}</caption><thead><tr>{th}</tr></thead>"
            f"<tbody>{body}</tbody></table>")


def _figure(lead: str, div_id: str, caption: str) -> str:
    """A lead sentence, a chart placeholder and its caption, kept together on a page."""
    first = f'<p class="lead">{esc(lead)}</p>' if lead else ""
    return (f'<figure class="keep">{first}<!--chart:{div_id}-->'
            f"<figcaption>{esc(caption)}</figcaption></figure>")


def _first_sentence(text: str) -> str:
    """The first sentence of a paragraph (the report stays short for a busy reader)."""
    import re

    m = re.match(r"(.+?[.!?])(\s|$)", text.strip(), re.S)
    return m.group(1) if m else text


def _text(value: Any) -> str:
    return f'<span class="user-text">{esc(value)}</span>'


def _empty() -> str:
    return f'<p class="muted">{esc(review.prompts()["report"]["empty_section"])}</p>'


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _feel(x: float) -> str:
    """An average pleasantness (-1..1) in words: a description, not a score."""
    if x <= -0.5:
        return "mostly unpleasant"
    if x < -0.15:
        return "somewhat unpleasant"
    if x <= 0.15:
        return "mixed"
    if x < 0.5:
        return "somewhat pleasant"
    return "mostly pleasant"


feeling_words = _feel  # public, for the counseling agenda's mood line


def _energy(x: float) -> str:
    return "low" if x < -0.15 else ("high" if x > 0.15 else "middling")


def _mondays(start: dt.date, end: dt.date) -> list[dt.date]:
    out, monday = [], review.week_start(start)
    while monday <= end:
        out.append(monday)
        monday += dt.timedelta(days=7)
    return out


# ---------------------------------------------------------------- mood trend

def mood_weeks(store: Any, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Per week with check-ins: Monday, average pleasantness and energy, how many."""
    groups: dict[dt.date, list[CheckIn]] = collections.defaultdict(list)
    for ci in store.all(CheckIn):
        day = review.local_day(store, ci.at)
        if _in(day, start, end):
            groups[review.week_start(day)].append(ci)
    return [{"week": wk, "n": len(cis),
             "pleasantness": sum(c.pleasantness for c in cis) / len(cis),
             "energy": sum(c.energy for c in cis) / len(cis)}
            for wk, cis in sorted(groups.items())]


def rejection_weeks(store: Any, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Per week with rejections closed in the period: Monday and how many."""
    rejected = collections.Counter(
        review.week_start(_date(a.get("closed_on")))
        for a in store.raw(Application.kind)
        if a.get("outcome") == "rejected" and _in(_date(a.get("closed_on")), start, end))
    return [{"week": wk, "count": n} for wk, n in sorted(rejected.items())]


def _mood(store: Any, start: dt.date, end: dt.date, journal: bool) -> Part:
    checkins = [c for c in store.all(CheckIn)
                if _in(review.local_day(store, c.at), start, end)]
    thoughts = [t for t in store.all(ThoughtRecord)
                if _in(review.local_day(store, t.created), start, end)]
    weeks = mood_weeks(store, start, end)
    if not checkins:
        return Part("mood", "no check-ins in this period.", _empty())

    rejections = rejection_weeks(store, start, end)

    avg = sum(c.pleasantness for c in checkins) / len(checkins)
    first, last = weeks[0], weeks[-1]
    trend = ""
    if len(weeks) > 1:
        delta = last["pleasantness"] - first["pleasantness"]
        moved = ("lighter" if delta > review.MOOD_STEADY_BAND else
                 "heavier" if delta < -review.MOOD_STEADY_BAND else "about the same")
        trend = (f" The latest week felt {moved} than the first "
                 f"({_feel(last['pleasantness'])} against {_feel(first['pleasantness'])}).")
    glance = (f"{_plural(len(checkins), 'check-in')}, on average {_feel(avg)}.{trend}")

    words = collections.Counter(w for c in checkins for w in c.word_texts if w)
    traps = collections.Counter(t for r in thoughts for t in r.traps_confirmed)
    body = [_figure(glance, "mood-chart",
                    "Each point is the average of that week's check-ins on a scale from -1 "
                    "(unpleasant, or low energy) to 1 (pleasant, or high energy); triangles "
                    "mark weeks with a rejection. The table below holds the same numbers.")]
    body.append(_table(
        "Check-ins by week",
        ["Week of", "Check-ins", "Pleasantness", "Energy"],
        [[esc(_short(w["week"])), str(w["n"]),
          f'{w["pleasantness"]:+.2f} ({_feel(w["pleasantness"])})',
          f'{w["energy"]:+.2f} ({_energy(w["energy"])})'] for w in weeks],
        numeric=(1,), dates=(0,)))
    if words:
        body.append("<p>Feeling words chosen most often: "
                    + ", ".join(f"{_text(w)} ({n})" for w, n in words.most_common(6)) + ".</p>")
    if thoughts:
        line = f"{_plural(len(thoughts), 'thought record')} worked through"
        if traps:
            line += ("; thinking traps the person recognised: "
                     + ", ".join(f"{esc(t.replace('_', ' '))} ({n})"
                                 for t, n in traps.most_common(4)))
        body.append(f"<p>{line}.</p>")
    if journal:
        body.append(_journal(store, checkins, thoughts))
    return Part("mood", esc(glance), "".join(body),
                [ChartSpec("mood-chart", "mood_by_week",
                           {"rows": weeks, "rejections": rejections})])


def _journal(store: Any, checkins: list[CheckIn], thoughts: list[ThoughtRecord]) -> str:
    entries = []
    for c in sorted(checkins, key=lambda c: c.at):
        if not (c.note.strip() or c.context.strip()):
            continue
        day = review.local_day(store, c.at)
        words = ", ".join(c.word_texts)
        text = " ".join(x for x in (
            f'<div><em>What happened:</em> {_text(c.context)}</div>' if c.context.strip() else "",
            f'<div><em>Note:</em> {_text(c.note)}</div>' if c.note.strip() else ""))
        entries.append(f'<div class="entry"><div class="when">{esc(_day(day))}'
                       f'{" &middot; " + esc(words) if words else ""}</div>{text}</div>')
    for t in sorted(thoughts, key=lambda t: t.created):
        day = review.local_day(store, t.created)
        rows = [("Situation", t.situation), ("Thought", t.automatic_thought),
                ("Balanced thought", t.balanced_thought)]
        belief = (f" &middot; belief {t.belief_before}% then {t.belief_after}%"
                  if t.belief_after is not None else "")
        text = "".join(f"<div><em>{k}:</em> {_text(v)}</div>" for k, v in rows if v.strip())
        entries.append(f'<div class="entry"><div class="when">{esc(_day(day))} &middot; '
                       f'thought record{belief}</div>{text}</div>')
    if not entries:
        return "<h3>Journal entries</h3>" + _empty()
    return "<h3>Journal entries (shared by choice)</h3>" + "".join(entries)


# ---------------------------------------------------------------- reflections

def _reflections(store: Any, start: dt.date, end: dt.date, journal: bool) -> Part:
    apps = {a["id"]: a for a in store.raw(Application.kind)}
    interviews = sorted((i for i in store.all(Interview) if _in(i.on, start, end)),
                        key=lambda i: i.on)
    feedback = [f for f in store.all(Feedback)
                if _in(f.received_on or review.local_day(store, f.created), start, end)]
    reviews = [r for r in store.all(WeeklyReview) if _in(r.week_start, start, end)
               and (r.worked.strip() or r.change.strip())]
    if not (interviews or feedback or reviews):
        return Part("reflections", "no interview debriefs, feedback or weekly reviews in "
                                   "this period.", _empty())
    body = []
    shown = interviews[-MAX_DEBRIEFS:][::-1]  # the latest few, newest first
    for i in shown:
        app = apps.get(i.application_id or "", {})
        where = " - ".join(x for x in (app.get("company"), app.get("role")) if x) or "Interview"
        conf = f" &middot; confidence right after: {i.confidence}/10" if i.confidence else ""
        fields = [("What went well", i.went_well), ("What to do differently", i.do_differently),
                  ("Why", i.why), ("Plan", i.action_plan)]
        if journal:
            fields = [("What happened", i.what_happened), ("How it felt", i.feelings)] + fields
        text = "".join(f"<div><em>{k}:</em> {_text(v)}</div>" for k, v in fields if v.strip())
        body.append(f'<div class="entry"><div class="when">{esc(_day(i.on))} &middot; '
                    f'{esc(i.stage)}, {esc(i.format)}{conf}</div>'
                    f'<div><strong>{esc(where)}</strong></div>{text}</div>')
    if interviews:
        more = len(interviews) - len(shown)
        body.insert(0, "<h3>Interview debriefs" + (" (the latest)" if more else "") + "</h3>")
        if more:
            body.append(f'<p class="muted">{_plural(more, "earlier debrief")} in this period '
                        "not shown, to keep this short.</p>")
    if feedback:
        body.append("<h3>Feedback received</h3><ul class=plain>" + "".join(
            f"<li>{_text(f.text)}" + (f' <span class="muted">({esc(f.from_whom)})</span>'
                                      if f.from_whom else "") + "</li>" for f in feedback)
            + "</ul>")
    if reviews:
        body.append("<h3>Weekly reviews</h3>")
        for r in sorted(reviews, key=lambda r: r.week_start):
            text = "".join(f"<div><em>{k}:</em> {_text(v)}</div>" for k, v in
                           (("What worked", r.worked), ("What to change", r.change))
                           if v.strip())
            body.append(f'<div class="entry"><div class="when">Week of '
                        f'{esc(_day(r.week_start))}</div>{text}</div>')
    glance = ", ".join(x for x in (
        _plural(len(interviews), "interview debrief") if interviews else "",
        _plural(len(feedback), "piece of feedback", "pieces of feedback") if feedback else "",
        _plural(len(reviews), "weekly review") if reviews else "") if x) + "."
    return Part("reflections", esc(glance), "".join(body))


# ---------------------------------------------------------------- skill plan and progress

def plan_rows(store: Any) -> list[dict[str, Any]]:
    """Per skill with actions: how many are done, under way, planned (dropped left out)."""
    skills = {s.id: s.name for s in store.all(Skill)}
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for a in store.all(Action):
        if a.status != "dropped":
            counts[skills.get(a.skill_id or "", "Other steps")][a.status] += 1
    return [{"skill": name, "done": c["done"], "doing": c["doing"], "planned": c["planned"]}
            for name, c in sorted(counts.items(), key=lambda kv: kv[0].casefold())]


def _skills(store: Any, start: dt.date, end: dt.date, journal: bool) -> Part:
    skills = [s for s in store.all(Skill) if s.confirmed]
    actions = [a for a in store.all(Action) if a.status != "dropped"]
    if not (skills or actions):
        return Part("skills", "no skill plan yet.", _empty())
    names = {s.id: s.name for s in store.all(Skill)}
    done = [a for a in actions if a.status == "done"]
    done_now = [a for a in done if _in(a.done_on, start, end)]
    hours = sum(a.hours_logged for a in actions)
    glance = (f"{_plural(len(skills), 'skill')} in the plan; "
              f"{len(done)} of {_plural(len(actions), 'step')} done "
              f"({len(done_now)} in this period), {hours:g} hours logged.")
    charts = []
    rows = plan_rows(store)
    if rows:
        body = [_figure(glance, "plan-chart", "Steps of the plan per skill: done (plain), "
                        "under way (stripes), planned (dots); the tables below list them.")]
        charts.append(ChartSpec("plan-chart", "plan_progress", {"rows": rows}))
    else:
        body = [f'<p class="lead">{esc(glance)}</p>']
    if skills:
        ordered = sorted(skills, key=lambda s: (-(s.needed_level - s.current_level)
                                                * s.importance, s.name.casefold()))
        body.append(_table(
            "Skills: where they are and where they need to be (levels 0 to 4)",
            ["Skill", "Now", "Needed", "Importance (1-5)"],
            [[_text(s.name), str(s.current_level), str(s.needed_level), str(s.importance)]
             for s in ordered], numeric=(1, 2, 3)))
    if actions:
        order = {"doing": 0, "planned": 1, "done": 2}
        body.append(_table(
            "Steps of the plan",
            ["Step", "Skill", "Due", "Status", "Hours"],
            [[_text(a.what), _text(names.get(a.skill_id or "", "")), esc(_short(a.due_on)),
              esc({"doing": "under way"}.get(a.status, a.status)
                  + (f" {_short(a.done_on)}" if a.done_on and a.status == "done" else "")),
              f"{a.hours_logged:g}"]
             for a in sorted(actions, key=lambda a: (order.get(a.status, 3),
                                                     a.due_on or dt.date.max))],
            numeric=(4,), dates=(2, 3)))
    return Part("skills", esc(glance), "".join(body), charts)


# ---------------------------------------------------------------- search numbers

def search_numbers(store: Any, start: dt.date, end: dt.date) -> dict[str, Any]:
    """Counts dated in the period (applications sent, replies, screens or interviews,
    offers, rejections) and, over the whole history, applications and how many had a reply.
    """
    period = collections.Counter()
    total = replied = 0
    weeks = {m: {"week": m, "applications": 0, "replies": 0} for m in _mondays(start, end)}
    for a in store.raw(Application.kind):
        if a.get("stage") == "saved":
            continue
        applied = _date(a.get("applied_on"))
        reply = review.reply_day(a)
        if applied and applied <= end:
            total += 1
            replied += bool(reply and reply <= end)
        if _in(applied, start, end):
            period["applications"] += 1
            weeks[review.week_start(applied)]["applications"] += 1
        if _in(reply, start, end):
            period["replies"] += 1
            weeks[review.week_start(reply)]["replies"] += 1
        if any(_in(_date(a.get(k)), start, end) for k in ("screen_on", "interview_on")):
            period["interviews"] += 1
        if _in(_date(a.get("offer_on")), start, end):
            period["offers"] += 1
        if a.get("outcome") == "rejected" and _in(_date(a.get("closed_on")), start, end):
            period["rejections"] += 1
    return {"period": dict(period), "total": total, "replied": replied,
            "weeks": list(weeks.values())}


def _search(store: Any, start: dt.date, end: dt.date, journal: bool) -> Part:
    nums = search_numbers(store, start, end)
    p = nums["period"]
    if not nums["total"]:
        return Part("search", "no applications recorded yet.", _empty())
    rows = [("Applications sent", p.get("applications", 0)),
            ("Replies from employers (rejections included)", p.get("replies", 0)),
            ("Applications that reached a screen or interview", p.get("interviews", 0)),
            ("Offers", p.get("offers", 0)),
            ("Rejections", p.get("rejections", 0))]
    total, replied = nums["total"], nums["replied"]
    if total < SMALL:
        rate = (f"{replied} of {total} applications so far had a reply "
                f"({review.prompts()['report']['small_data']} as a rate).")
    else:
        rate = (f"{replied} of {total} applications so far had a reply "
                f"({replied / total:.0%}).")
    glance = (f"{p.get('applications', 0)} applications sent and {p.get('replies', 0)} replies "
              f"in this period; {rate}")
    body = [_figure(glance, "search-chart", "Applications sent (plain bars) and replies "
                    "received (striped bars) in each week; the table below has the totals."),
            _table("In this period", ["What", "How many"],
                   [[esc(k), str(v)] for k, v in rows], numeric=(1,))]
    hints = review.diagnosis_hint(store, end)
    if hints:
        body.append("<p>" + esc(review.prompts()["reflection"]["diagnosis_report"]) + "</p>"
                    "<ul class=plain>" + "".join(f"<li>{esc(_first_sentence(h))}</li>"
                                                 for h in hints)
                    + "</ul>")
    weeks = nums["weeks"]
    return Part("search", esc(glance), "".join(body),
                [ChartSpec("search-chart", "search_by_week", {"rows": weeks})])


# ---------------------------------------------------------------- wins

def _wins(store: Any, start: dt.date, end: dt.date, journal: bool) -> Part:
    found = review.wins(store, start, end)
    if not found:
        return Part("wins", "no wins written down in this period.", _empty())
    glance = f"{_plural(len(found), 'win')} written down."
    items = "".join(
        f'<li><span class="muted">{esc(_short(w.on))}</span> {_text(w.text)}'
        + (f' <span class="muted">(reward: {_text(w.reward)})</span>' if w.reward else "")
        + "</li>" for w in sorted(found, key=lambda w: w.on))
    pairs = review.wins_by_week(store, start, end)
    body = f'<p class="lead">{esc(glance)}</p><ul class=plain>{items}</ul>'
    if len(pairs) > 1:
        body += _figure("", "wins-chart", "How many wins were written down each week; the "
                        "list above holds them all.")
    charts = ([ChartSpec("wins-chart", "wins_by_week", {"pairs": pairs})] if len(pairs) > 1
              else [])
    return Part("wins", esc(glance), body, charts)


# ---------------------------------------------------------------- guided writing (private)

def _writing(store: Any, start: dt.date, end: dt.date, journal: bool) -> Part:
    """Guided writing, in full: only ever here because the person ticked this section."""
    from workbook import writing
    from workbook.content import load_json

    forms = {f["id"]: f["label"] for f in load_json("rejection_vocabulary.json")["writing_forms"]}
    found = [p for p in writing.listed(store)
             if _in(review.local_day(store, p.created), start, end)]
    if not found:
        return Part("writing", "no guided writing in this period.", _empty())
    glance = f"{_plural(len(found), 'piece')} of guided writing, shared by choice."
    items = "".join(
        f'<li><span class="muted">{esc(_short(review.local_day(store, p.created)))} '
        f'{esc(forms.get(p.form, p.form))}</span><br>{_text(p.text)}</li>'
        for p in reversed(found))
    return Part("writing", esc(glance), f'<p class="lead">{esc(glance)}</p>'
                f'<ul class=plain>{items}</ul>')


# ---------------------------------------------------------------- next commitments

def _commitments(store: Any, start: dt.date, end: dt.date, journal: bool) -> Part:
    stored = [r for r in review.reviews(store) if r.week_start <= end]
    latest = next((r for r in stored if r.commitments or r.change.strip()), None)
    if latest is None:
        return Part("commitments", "no commitments written yet.", _empty())
    body = [f'<p class="muted">From the weekly review of the week of '
            f'{esc(_day(latest.week_start))}.</p>']
    if latest.commitments:
        body.append('<ol class="commitments">' + "".join(
            f"<li>{_text(c)}</li>" for c in latest.commitments) + "</ol>")
    if latest.change.strip():
        body.append(f"<p><em>What to change:</em> {_text(latest.change)}</p>")
    before = review.last_week(store, latest.week_start)
    if before and before.commitments:
        body.append("<h3>The week before, the person had planned</h3><ul class=plain>"
                    + "".join(f"<li>{_text(c)}</li>" for c in before.commitments) + "</ul>")
        if latest.look_back.strip():
            body.append(f"<p><em>Looking back:</em> {_text(latest.look_back)}</p>")
    glance = (("; ".join(esc(c) for c in latest.commitments) + ".")
              if latest.commitments else "no commitments listed; see what to change.")
    return Part("commitments", glance, "".join(body))
