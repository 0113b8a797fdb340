"""The search-analytics page (``notebooks/04_search_analytics.ipynb``).

Bring your applications in (import wizard and editor), then look at them: overview, how far
applications got and where they went, what works for you, how long replies take, your weekly
rhythm, and what it may mean, in plain words. Filters (dates, source, role) redraw every
chart in place. Every chart has a table or a sentence under it; small numbers are shown as
counts with "not enough yet to tell".
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

import ipywidgets as w
import pandas as pd

from workbook import analytics
from workbook.applications import frame
from workbook.ui.common import Context, button, esc, page, plural, show_figure
from workbook.ui.forms import Part, SaveAction
from workbook.ui.html import section, table

TITLE = "Your job search in numbers"
METRICS = [("Any reply", "response"), ("Screen or further", "positive"),
           ("Interview", "interview")]
COMPARE = [(label, key) for key, label in analytics.BREAKDOWNS.items()]
SOURCE_TOPICS = {"source": ["referral", "recruiter", "job_board", "screen"],
                 "referral": ["referral", "job_board", "screen"]}

CSS = """<style>
.wb-sa table.wb-sa-table { border-collapse: collapse; margin: 4px 0 10px; font-size: 0.95em; }
.wb-sa .wb-sa-table th, .wb-sa .wb-sa-table td { border-bottom: 1px solid #ddd;
  padding: 3px 10px 3px 0; text-align: left; vertical-align: top; }
.wb-sa .wb-sa-table caption { text-align: left; font-weight: 600; padding-bottom: 2px; }
.wb-sa .wb-sa-finding { border-left: 4px solid #56B4E9; background: #f4f8fb;
  padding: 6px 12px; margin: 8px 0; border-radius: 4px; }
.wb-sa .wb-sa-finding.wb-sa-biggest { border-left-color: #0072B2; }
.wb-sa .wb-sa-note { background: #fdf6e3; border-left: 4px solid #E69F00;
  padding: 6px 12px; border-radius: 4px; }
.wb-sa .wb-sa-small { color: #444; font-size: 0.92em; }
</style>"""


# ---------------------------------------------------------------- small pieces

def figure_title(out: w.Output) -> str:
    """The title of the chart shown in ``out`` ("" when none)."""
    if not out.outputs:
        return ""
    data = out.outputs[0]["data"].get("application/vnd.plotly.v1+json", {})
    return data.get("layout", {}).get("title", {}).get("text", "")


def table_html(caption: str, headers: list[str], rows: list[list[Any]]) -> str:
    """A small accessible table (``ui.html.table``) in this page's look."""
    return table(caption, headers, rows, cls="wb-sa-table")


def _share(k: int, n: int, enough: bool) -> str:
    if not n:
        return "none yet"
    if not enough:
        return f"{k} of {n}: {analytics.TOO_SMALL}"
    return f"{k / n:.0%} ({k} of {n})"


def _section(title: str, intro: str, *children: w.Widget) -> w.VBox:
    return section(title, *children, intro=intro)


def _importer() -> Any | None:
    """The import engineer's ui module, when it exists and offers wizard and editor."""
    if importlib.util.find_spec("workbook.ui.importer") is None:
        return None
    module = importlib.import_module("workbook.ui.importer")
    if hasattr(module, "wizard") and hasattr(module, "editor"):
        return module
    return None


def _reference_intro() -> str:
    from workbook.content import load_json

    return load_json("reference_figures.json")["intro"]


# ---------------------------------------------------------------- the parts

class Filters(Part):
    """Dates, source and role; a change asks the page to redraw every section."""

    def __init__(self, ctx: Context, on_change: Any):
        super().__init__(ctx)
        self.on_change = on_change
        self._quiet = False
        compact = {"description_width": "initial"}
        self.start = w.DatePicker(description="From", layout=w.Layout(width="auto"),
                                  style=compact)
        self.end = w.DatePicker(description="To", layout=w.Layout(width="auto"), style=compact)
        self.source = w.Dropdown(description="Source", layout=w.Layout(width="auto"),
                                 style=compact)
        self.role = w.Dropdown(description="Role", layout=w.Layout(width="auto"), style=compact)
        self.reset = button("Show everything", icon="undo",
                            tooltip="Clear the date, source and role filters")
        self.reset.on_click(ctx.guard(lambda _: self.clear()))
        self.note = w.HTML()
        for control in (self.start, self.end, self.source, self.role):
            control.observe(ctx.guard(self._changed), names="value")
        row = w.HBox([self.start, self.end, self.source, self.role, self.reset],
                     layout=w.Layout(flex_flow="row wrap", align_items="center"))
        row.add_class("wb-sa-filters")
        self.children = [_section("Look at a part of it", "These filters redraw every chart "
                                  "below.", row, self.note)]

    def _changed(self, _: Any = None) -> None:
        if not self._quiet:
            self.on_change()

    def set_options(self, df: pd.DataFrame) -> None:
        """The sources and roles found in ``df``, keeping what the person chose."""
        self._quiet = True
        try:
            self._fill(df)
        finally:
            self._quiet = False

    def _fill(self, df: pd.DataFrame) -> None:
        keep_source, keep_role = self.source.value, self.role.value
        sources = [s for s in analytics.SOURCE_LABELS
                   if s in set(df["source"].astype("object").dropna())]
        self.source.options = [("All sources", "")] + [
            (analytics.SOURCE_LABELS[s], s) for s in sources]
        roles = df["role"].astype("str").str.strip()
        roles = roles.loc[roles != ""]
        top = roles.groupby(roles.str.casefold()).agg(["first", "size"]).sort_values(
            "size", ascending=False).head(25)
        # a filter the person chose stays chosen while it still matches something (an
        # edited or imported application must not quietly widen the view back to "All")
        self.role.options = [("All roles", "")] + [(str(r), str(r)) for r in top["first"]]
        self.source.value = keep_source if keep_source in sources else ""
        self.role.value = keep_role if keep_role in set(top["first"].astype(str)) else ""
    def clear(self) -> None:
        self._quiet = True
        try:
            self.start.value = self.end.value = None
            self.source.value = self.role.value = ""
        finally:
            self._quiet = False
        self.on_change()

    def kept(self, df_all: pd.DataFrame) -> pd.DataFrame:
        """The applications the filters keep."""
        start, end = self.start.value, self.end.value
        if start and end and start > end:
            self.note.value = ('<p class="wb-sa-note" role="status">The "From" date is '
                                      'after the "To" date, so nothing matches; swap them to '
                                      "see your applications.</p>")
        return analytics.filtered(df_all, start=start, end=end,
                                  sources=[self.source.value] if self.source.value else None,
                                  roles=[self.role.value] if self.role.value else None)

    # -- drawing

class Overview(Part):
    """The headline numbers, as a sentence, a table and cards."""

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        self.text, self.out = w.HTML(), w.Output()
        self.children = [_section("Overview", "", self.text, self.out)]

    def draw(self, analysis: Any) -> None:
        from workbook.charts import search as charts

        s = analysis.summary
        rows = [
            ["Got any reply (rejections count)", s.response.text()],
            ["Reached a screen or further", s.positive.text()],
            ["Reached an interview", s.interview.text()],
            ["Reached an offer", s.offer.text()],
            ["Offers per interview", s.offers_per_interview.text()],
            [f"No reply after {s.no_response_after_days} days", s.no_response.text()],
            ["Typical days to a first reply", s.days_to_first_response.text()],
            ["Typical days to a rejection", s.days_to_rejection.text()],
        ]
        self.text.value = (
            f"<p>{esc(s.sentence())}</p>"
            + table_html(f"Your numbers as of {s.as_of:%d %B %Y}", ["Measure", "Yours"], rows)
            + '<p class="wb-sa-small">These are information about the process, not a score '
              "of you: hiring depends on many things you never see.</p>")
        show_figure(self.out, charts.kpi_cards(s))

class Flows(Part):
    """How far applications got (funnel) and where they went (Sankey)."""

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        self.funnel_out, self.sankey_out = w.Output(), w.Output()
        self.funnel_text, self.flows_text = w.HTML(), w.HTML()
        self.children = [_section(
            "How far applications got, and where they went",
            "Each application counts at the furthest stage it reached, so one turned down "
            "after an interview still counts as an interview.",
            self.funnel_out, self.funnel_text, self.sankey_out, self.flows_text)]

    def draw(self, analysis: Any) -> None:
        from workbook.charts import search as charts

        f = analysis.funnel
        rows = []
        for i, r in enumerate(f.itertuples(index=False)):
            prev = "" if i == 0 else _share(int(r.reached), int(f["reached"].iloc[i - 1]),
                                            bool(r.enough))
            rows.append([r.label, r.reached, r.stopped_here, r.still_open, prev])
        self.funnel_text.value = table_html(
            "Applications by furthest stage reached",
            ["Stage", "Reached it or further", "Stopped here", "Of those, still open",
             "Moved on from the stage before"], rows)
        show_figure(self.funnel_out, charts.funnel(f))
        edges = analysis.flows
        show_figure(self.sankey_out, charts.sankey(edges))
        ends = edges.loc[~edges["target"].isin(list(analytics.STAGE_LABELS.values()))]
        ends = ends.groupby("target")["count"].sum().sort_values(ascending=False)
        if ends.empty:
            self.flows_text.value = "<p>No applications to follow yet.</p>"
        else:
            parts = ", ".join(f"{n} {esc(t.lower())}" for t, n in ends.items())
            self.flows_text.value = f"<p>How your applications ended so far: {parts}.</p>"

class Breakdown(Part):
    """What works for me: one group against another, with the likely ranges."""

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        self.analysis: Any = None
        self.compare = w.Dropdown(options=COMPARE, value="source", description="Compare by",
                                  layout=w.Layout(width="auto"),
                                  style={"description_width": "initial"})
        self.metric = w.ToggleButtons(options=METRICS, value="positive",
                                      description="Share that got",
                                      style={"description_width": "initial",
                                             "button_width": "auto"})
        self.compare.observe(ctx.guard(lambda _: self.draw()), names="value")
        self.metric.observe(ctx.guard(lambda _: self.draw()), names="value")
        self.out, self.text = w.Output(), w.HTML()
        self.children = [_section(
            "What works for me",
            "Compare groups of your own applications. The thin lines show the range the "
            "true share could plausibly be in; when two ranges overlap a lot, the difference "
            "may be chance.",
            w.HBox([self.compare, self.metric], layout=w.Layout(flex_flow="row wrap")),
            self.out, self.text)]

    def draw(self, analysis: Any = None) -> None:
        from workbook.charts import search as charts

        analysis = self.analysis = analysis if analysis is not None else self.analysis
        if analysis is None:
            return
        by, metric = self.compare.value, self.metric.value
        table = analysis.breakdowns[by]
        label = analytics.BREAKDOWNS[by]
        show_figure(self.out, charts.breakdown_bars(table, metric, label))
        rows = [[r["group"], r["applications"], r["counted"],
                 _share(int(r[metric]), int(r["counted"]), bool(r["enough"])),
                 "" if pd.isna(r[f"{metric}_low"]) or not r["enough"] else
                 f"{r[f'{metric}_low']:.0%} to {r[f'{metric}_high']:.0%}", r["note"]]
                for r in table.to_dict("records")]
        text = table_html(f"{label}: share that {charts.METRIC_NAMES[metric]}",
                          [label, "Applications", "Old enough to count", "Share",
                           "Likely range", "Note"], rows)
        figures = analytics.reference_figures(SOURCE_TOPICS.get(by, []))
        if figures:
            items = "".join(f"<li>{esc(f['text'])} <span class='wb-sa-small'>({esc(f['source'])}"
                            f", {esc(f['year'])})</span></li>" for f in figures)
            text += ("<details><summary>For context: published figures from employers' "
                     f"side</summary><p class='wb-sa-small'>{esc(_reference_intro())}</p>"
                     f"<ul>{items}</ul></details>")
        self.text.value = text

class Timing(Part):
    """How long first replies took."""

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        self.out, self.text = w.Output(), w.HTML()
        self.children = [_section("Timing", "", self.out, self.text)]

    def draw(self, analysis: Any) -> None:
        from workbook.charts import search as charts

        rt = analysis.response_times
        s = analysis.summary
        show_figure(self.out, charts.response_times(rt))
        total = int(rt["total"].sum())
        replies = s.response.numerator
        text = (f"<p>Typical wait for a first reply: {esc(s.days_to_first_response.text())}. "
                f"Typical wait for a rejection: {esc(s.days_to_rejection.text())}.")
        if replies:
            # the same replies as in the overview; those without a date are named, so the
            # two counts on this page add up
            within = int(rt["total"].iloc[:3].sum())
            undated = max(replies - total, 0)
            text += (f" Of your {replies} {plural('reply', replies)}, {within} came within "
                     "two weeks")
            if undated:
                text += (f"; {undated} {'has' if undated == 1 else 'have'} no date, so "
                         f"{'it is' if undated == 1 else 'they are'} left out of the chart "
                         "below")
            text += "."
        text += (f" Applications with no reply after {s.no_response_after_days} days are "
                 "counted as no reply; you can still hear back later.</p>")
        self.text.value = text + table_html(
            "First replies by time taken", ["Time to first reply", "Moved you forward",
                                            "Rejection or other", "All"],
            rt.loc[:, ["bin", "forward", "other", "total"]].values.tolist())

class Rhythm(Part):
    """Applications week by week against the person's own goal, and the day calendar."""

    def __init__(self, ctx: Context, on_change: Any):
        super().__init__(ctx)
        self.on_change = on_change
        goal = self.store.setting("weekly_goal")
        self.goal = w.BoundedIntText(value=int(goal or 0), min=0, max=200,
                                     description="My weekly goal (0 = none)",
                                     style={"description_width": "initial"},
                                     layout=w.Layout(width="auto"))
        self.save_goal = SaveAction("Save goal", self._save_goal, primary=False, ctx=ctx,
                                    beside=(self.goal,))
        self.cadence_out, self.calendar_out = w.Output(), w.Output()
        self.cadence_text, self.calendar_text = w.HTML(), w.HTML()
        self.children = [_section(
            "Your weekly rhythm",
            "How many applications went out each week, against a goal you set yourself. "
            "More is not always better: a steady, sustainable pace with room to tailor each "
            "one often works better than a burst.",
            self.save_goal, self.cadence_out, self.cadence_text, self.calendar_out,
            self.calendar_text)]

    def _save_goal(self) -> str:
        value = int(self.goal.value or 0)
        self.store.set_setting("weekly_goal", value or None)
        self.on_change()
        return f"Your weekly goal is saved: {value} a week." if value else "Weekly goal cleared."

    def draw(self, analysis: Any) -> None:
        from workbook.charts import search as charts

        c = analysis.cadence
        show_figure(self.cadence_out, charts.cadence(c))
        text = f"<p>{esc(c.sentence())}</p>"
        if c.note:
            text += f'<p class="wb-sa-note" role="note">{esc(c.note)}</p>'
        recent = c.table.tail(8)
        if not recent.empty:
            text += table_html("The last eight weeks", ["Week", "Starting", "Applications",
                                                        "Got a reply so far"],
                               [[r["week"], f"{r['week_start']:%d %b}", r["applications"],
                                 r["replies"]] for r in recent.to_dict("records")])
        self.cadence_text.value = text
        act = analysis.activity
        show_figure(self.calendar_out, charts.activity_calendar(act))
        days = int((act["applications"] > 0).sum())
        sent = int(act["applications"].sum())
        if sent:
            busiest = act.loc[act["applications"].idxmax()]
            self.calendar_text.value = (
                f"<p>In the {len(act) // 7} weeks shown you applied on {days} different "
                f"days, {sent} "
                f"applications in all; the busiest day was {busiest['day']:%A %d %B} "
                f"({int(busiest['applications'])}).</p>")
        else:
            self.calendar_text.value = "<p>No applications dated in the weeks shown.</p>"

class Meaning(Part):
    """What it may mean, and next steps; published figures for context."""

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        self.findings, self.references = w.HTML(), w.HTML()
        self.children = [_section("What it may mean, and next steps", "", self.findings,
                                  self.references)]

    def draw(self, analysis: Any) -> None:
        parts = []
        for f in analysis.diagnosis:
            links = " ".join(f'<a href="{esc(href)}">{esc(label)}</a>' for label, href in f.links)
            lead = "<strong>Where most is lost:</strong> " if f.biggest else ""
            parts.append(
                f'<div class="wb-sa-finding{" wb-sa-biggest" if f.biggest else ""}">'
                f"<h4>{lead}{esc(f.title)}</h4><p>{esc(f.text)}</p>"
                + (f'<p class="wb-sa-small"><strong>What this rests on:</strong> '
                   f"{esc(f.evidence)} {esc(f.uncertainty)}</p>" if f.evidence else "")
                + (f"<p>{links}</p>" if links else "") + "</div>")
        parts.append(
            "<p><strong>Next steps, if you want them:</strong> pick one thing to try for the "
            "next two weeks rather than changing everything at once, then come back and see "
            "whether the numbers move. The "
            '<a href="05_weekly_review.ipynb">weekly review</a> is a good place to note it.'
            "</p>")
        self.findings.value = "".join(parts)
        figures = analytics.reference_figures()
        items = "".join(f"<li>{esc(f['text'])} <span class='wb-sa-small'>Source: "
                        f"{esc(f['source'])}, {esc(f['year'])}.</span></li>" for f in figures)
        self.references.value = (
            "<details><summary>Published figures, for context (not a grade)</summary>"
            f"<p class='wb-sa-small'>{esc(_reference_intro())}</p><ul>{items}</ul></details>")

# ---------------------------------------------------------------- the page

class SearchAnalytics(Part):
    """Import and edit, then the filters and the sections, all redrawn by ``refresh``."""

    def __init__(self, ctx: Context):
        super().__init__(ctx)
        self.df_all = frame(self.store)
        self.filters = Filters(ctx, self.refresh)
        self.filters.set_options(self.df_all)
        self.overview, self.flows, self.breakdown = Overview(ctx), Flows(ctx), Breakdown(ctx)
        self.timing, self.rhythm = Timing(ctx), Rhythm(ctx, self.refresh)
        self.meaning = Meaning(ctx)
        self.empty_state = w.HTML(
            '<div class="wb-info" role="status">There are no applications in this profile '
            "yet. Import your history above (a LinkedIn export, another tracker's file, or "
            "your own spreadsheet) or add your applications one by one, and this page will "
            "fill in with your own numbers.</div>")
        self.sections = w.VBox([self.filters, self.overview, self.flows, self.breakdown,
                                self.timing, self.rhythm, self.meaning])
        self.children = [w.HTML(CSS), self._import_section(), self.empty_state,
                         self.sections]
        self.add_class("wb-sa")
        self.refresh()

    def _import_section(self) -> w.Widget:
        module = _importer()
        if module is None:
            return _section(
                "Bring in your applications",
                "<strong>Importing files is being added to this page.</strong> "
                "Until it arrives, you can import from a terminal with "
                "<code>workbook import FILE</code>, or look at the sample data.",
            )
        guard = self.ctx.guard
        wizard = module.wizard(self.ctx, guard(lambda *_: self.data_changed()))
        editor = module.editor(self.ctx, guard(lambda *_: self.data_changed()))
        editor_box = w.VBox([editor], layout=w.Layout(display="none"))
        toggle = button("Add or correct an application", icon="pencil",
                        tooltip="Open the form to add, change or delete one application")

        def flip(_: Any) -> None:
            opening = editor_box.layout.display == "none"
            editor_box.layout.display = None if opening else "none"
            toggle.description = ("Close the application form" if opening else
                                  "Add or correct an application")

        toggle.on_click(guard(flip))
        self.editor_toggle, self.editor_box = toggle, editor_box
        return _section("Bring in your applications",
                        "Import a LinkedIn export, another tracker's file or your own "
                        "spreadsheet and check the report before anything is saved. To add "
                        "one application, or to say what happened to one (a LinkedIn export "
                        "does not record replies), open the form.",
                        wizard, toggle, editor_box)
    def data_changed(self) -> None:
        """Re-read the profile's applications (after an import or an edit) and redraw."""
        self.df_all = frame(self.store)
        self.filters.set_options(self.df_all)
        self.refresh()

    # -- filters
    def refresh(self) -> None:
        """Recompute everything for the current filters and redraw it in place."""
        self.filters.note.value = ""
        has_any = len(self.df_all) > 0
        self.empty_state.layout.display = None if not has_any else "none"
        self.sections.layout.display = "none" if not has_any else None
        if not has_any:
            return
        df = self.filters.kept(self.df_all)
        threshold = int(self.store.setting("no_response_after_days") or 30)
        self.analysis = analytics.analyse(df, as_of=self.store.today(),
                                          no_response_after_days=threshold,
                                          weekly_goal=self.store.setting("weekly_goal"))
        kept, total = len(df), len(self.df_all)
        if kept < total and not self.filters.note.value:
            self.filters.note.value = (f'<p class="wb-sa-small" role="status">Showing {kept} '
                                       f"of {total} rows (applications and saved jobs).</p>")
        for part in (self.overview, self.flows, self.breakdown, self.timing, self.rhythm,
                     self.meaning):
            part.draw(self.analysis)


def build(ctx: Context) -> w.Widget:
    return SearchAnalytics(ctx)


def app() -> w.Widget:
    """The search-analytics app for the active profile."""
    return page(TITLE, build)
