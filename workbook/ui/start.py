"""The start page (``notebooks/00_start_here.ipynb``).

First and largest: the way straight to a check-in for someone who just got a rejection.
Then what the workbook is and is not, the profile (sample data or your own, one per client
for a counselor: create, rename, delete), time zone, your data (download everything as one
bundle, restore it by uploading), a map of the notebooks, and counseling guidance. The
safety panel sits in the bar at the top, as on every page.

Links between notebooks are relative (``01_check_in.ipynb``): JupyterLab opens them from
``/lab/tree/...`` and Voila, serving the whole folder, renders them as apps.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from workbook.errors import WorkbookError
from workbook.ui.common import (Context, DataPanel, Messages, button, guarded, on_binder, page,
                                timezone_picker, uploaded_files)
from workbook.ui.forms import ConfirmDelete, OwnProfileStep
from workbook.ui.html import count, esc, section

CHECK_IN = "01_record_the_no.ipynb"  # the big button: record the no, then check in

#: The other notebooks, in order, with one line each.
NOTEBOOKS = [
    ("01_record_the_no.ipynb", "You just got a no",
     "Record it (company optional), check in, and leave with one next step. About two "
     "minutes."),
    ("01_check_in.ipynb", "Check in",
     "Name how you feel right now, note what happened, and, if it helps, untangle a heavy "
     "thought. About two minutes."),
    ("02_interview_reflection.ipynb", "Interview reflection",
     "Look back at an interview: what went well, what to do differently, the questions you "
     "were asked, and drafts for a feedback request or a thank-you note."),
    ("03_skill_gap_plan.ipynb", "Skill gap plan",
     "Gather skills from feedback and job postings, see where the gaps are, and plan small "
     "dated steps."),
    ("04_search_analytics.ipynb", "Search analytics",
     "Import your application history (LinkedIn, a tracker, a spreadsheet) and see what the "
     "numbers say about where applications stall."),
    ("05_weekly_review.ipynb", "Weekly review",
     "Small wins, people to keep in touch with, next week's plan, and a summary you can "
     "choose to share with a counselor."),
    ("06_counselor.ipynb", "Counselor",
     "For a counselor who sees clients with the workbook: the caseload at a glance, and "
     "session mode with homework and private notes."),
]


def first_action_html() -> str:
    return (f'<p><a class="wb-primary-action" href="{CHECK_IN}">I just got a rejection: '
            f'record it and check in (about two minutes)</a></p>'
            '<p class="wb-muted">A rejection stings. Say what happened (the company is '
            'optional), name what you feel, and take one small next step; everything else '
            'on this page can wait.</p>')


def about_html() -> str:
    return (
        "<p>This workbook walks you through the weeks after a job rejection: noticing how you "
        "feel, reflecting on interviews, turning feedback into a skill plan, and looking at "
        "your own application history with numbers instead of self-blame.</p>"
        "<p><strong>What it is not:</strong> it is coaching and self-reflection, not "
        "therapy, and it gives no diagnosis or score of you as a person. If you are "
        "struggling, <em>Support right now</em> at the top of every page lists people you "
        "can talk to.</p>")


def map_html() -> str:
    rows = "".join(f'<tr><td><a href="{esc(f)}">{esc(f[:2])} {esc(t)}</a></td>'
                   f"<td>{esc(line)}</td></tr>" for f, t, line in NOTEBOOKS)
    return f'<table class="wb-map" aria-label="The notebooks">{rows}</table>'


def counseling_html() -> str:
    return (
        "<p>Working with clients? Make one profile per client (a first name or a pseudonym "
        "is enough). When several profiles exist, no page opens one by itself: each time you "
        "pick, so one client never sees another's entries.</p>"
        "<p>For ongoing work, run the workbook on your own computer "
        "(<code>make run</code>, or <code>make app</code> for the code-free version), not "
        "on Binder: Binder is a public service that forgets everything when the session "
        "ends. The weekly review makes a session summary that holds only the sections the "
        "client ticks.</p>")


def binder_html() -> str:
    return ('<div class="wb-binder-note" role="note"><strong>You are on Binder.</strong> '
            "Everything you enter is erased when this session ends (about 10 minutes "
            "without use), and meanwhile it sits on a third-party server. Use "
            "<em>Your data</em> below to download a backup before you leave.</div>")


# ---------------------------------------------------------------- profile section

def profile_section(ctx: Context) -> w.Widget:
    """The sample's "start your own profile" (consent in the same step, name optional), or
    for an own profile: create another, open another, rename, delete."""
    intro = "Profile names may be pseudonyms. A counselor can keep one per client."
    if ctx.on_sample:
        return section("Your profile", w.HTML(
            "<p>You are looking at <strong>sample data</strong>: an invented person's "
            "twelve weeks of job search, so you can see what each page does. Nothing you "
            "type goes into it. When you are ready, start a profile of your own (the "
            "sample stays separate); the first Save on any page offers the same.</p>"),
            OwnProfileStep(ctx, lambda: ctx.switch(ctx.store.name),
                           agree="I agree: start my own profile", later=False),
            intro=intro)
    return section("Your profile", w.HTML(
        f"<p>You are using the profile <strong>{esc(ctx.store.name)}</strong>.</p>"),
        _create_box(ctx), *_open_box(ctx), _rename_box(ctx), delete_box(ctx), intro=intro)


def _create_box(ctx: Context) -> w.Widget:
    from workbook import store as st

    new_name = w.Text(description="New profile name", placeholder="e.g. a pseudonym",
                      style={"description_width": "initial"})
    create = button("Create profile")

    def on_create(_: Any) -> None:
        name = (new_name.value or "").strip()
        if not name:
            raise WorkbookError("Please type a name for the new profile first (a first name "
                                "or a pseudonym is fine).")
        st.create_profile(name).close()
        ctx.messages.ok(f"Created the profile {name!r}.")
        ctx.switch(name)

    create.on_click(ctx.guard(on_create))
    return w.HBox([new_name, create])


def _open_box(ctx: Context) -> list[w.Widget]:
    from workbook import profiles

    others = [n for n in profiles.choices() if n != ctx.store.name]
    if not others:
        return []
    choice = w.Dropdown(options=others, value=None, description="Open another profile",
                        style={"description_width": "initial"})
    go = button("Open")

    def on_open(_: Any) -> None:
        if not choice.value:
            raise WorkbookError("Please choose a profile in the list first.")
        ctx.switch(choice.value)

    go.on_click(ctx.guard(on_open))
    return [w.HBox([choice, go])]


def _rename_box(ctx: Context) -> w.Widget:
    from workbook import store as st

    rename_to = w.Text(description="Rename this profile to",
                       style={"description_width": "initial"})
    rename = button("Rename")

    def on_rename(_: Any) -> None:
        new = (rename_to.value or "").strip()
        if not new:
            raise WorkbookError("Please type the new name first.")
        old = ctx.store.name
        st.check_name(new)
        ctx.store.close()
        try:
            st.rename_profile(old, new)
        except WorkbookError:
            ctx.switch(old)
            raise
        ctx.switch(new)
        ctx.messages.ok(f"Renamed {old!r} to {new!r}.")

    rename.on_click(ctx.guard(on_rename))
    return w.HBox([rename_to, rename])


def what_goes(store: Any) -> str:
    """The sentence naming what deleting ``store`` removes."""
    from workbook.records import KINDS

    counts = {k: n for k, n in store.counts().items() if n}
    held = ", ".join(count(n, KINDS[k].noun if k in KINDS else k)
                     for k, n in counts.items()) or "no entries"
    return (f"Deleting the profile {store.name!r} removes {held}, its typing drafts and its "
            f"backups, from {store.path}. This cannot be undone; download a backup first if "
            "you may want it again.")


def delete_box(ctx: Context) -> w.Widget:
    """Delete this profile with its backups, after a question naming what goes."""
    from workbook import profiles
    from workbook import store as st

    def delete() -> str:
        name = ctx.store.name
        ctx.store.close()
        st.delete_profile(name)
        ctx.switch(profiles.default_profile())
        ctx.messages.ok(f"The profile {name!r} and its backups were deleted.")
        return f"The profile {name!r} and its backups were deleted."

    box = ConfirmDelete("Delete this profile…", what=lambda: what_goes(ctx.store), run=delete,
                        tooltip="Remove this profile and its backups (asks first)")
    box.yes.description = f"Yes, delete {ctx.store.name}"
    return box


# ---------------------------------------------------------------- data section

def data_section(ctx: Context) -> w.Widget:
    from workbook import bundle

    # results show here, next to the buttons, not at the top of a long page
    local = Messages()
    panel = DataPanel(ctx.store, local)
    upload = w.FileUpload(accept=".zip", multiple=False,
                          description="Choose a backup (.zip)",
                          layout=w.Layout(width="auto"))
    modes = [("as a new profile", "new")] + (
        [] if ctx.on_sample else [("into this profile (adds what is missing)", "merge")])
    mode = w.Dropdown(options=modes, value="new", description="Restore",
                      style={"description_width": "initial"})
    into = w.Text(description="Restore as profile named", value="restored",
                  style={"description_width": "initial"})
    go = button("Restore from backup", icon="upload")
    opened = w.VBox()

    def on_mode(change: dict) -> None:
        into.layout.display = None if change["new"] == "new" else "none"

    mode.observe(guarded(on_mode, local), names="value")

    def on_restore(_: Any) -> None:
        files = uploaded_files(upload)
        if not files:
            raise WorkbookError("Please choose the backup .zip file first (the button "
                                "\"Choose a backup\").")
        _, data = files[0]
        target = (into.value or "").strip() if mode.value == "new" else ctx.store.name
        if not target:
            raise WorkbookError("Please type a name for the restored profile.")
        opened.children = []
        report = bundle.restore(data, into=target, mode=mode.value)
        upload.value = ()
        local.ok(report.summary())
        if mode.value == "merge":
            panel.refresh()
            return
        open_it = button(f"Open {target}", primary=True)
        open_it.on_click(guarded(lambda _: ctx.switch(target), local))
        opened.children = [w.HBox([open_it])]

    go.on_click(guarded(on_restore, local))
    return section(
        "Your data", panel,
        w.HTML("<p>Restore a backup you downloaded before (from this or another computer). "
               "Nothing is overwritten: a restore makes a new profile, or adds to this one "
               "only what is missing.</p>"),
        w.HBox([upload, mode]), w.HBox([into, go]), local, opened)


# ---------------------------------------------------------------- the page

def timezone_section(ctx: Context) -> w.Widget:
    if ctx.on_sample:
        return section("Your time zone", w.HTML(
            "<p>The sample data follows this computer's clock. Your own profile asks for "
            "your time zone when you start it.</p>"))
    tz_widget, _ = timezone_picker(ctx.store, ctx.messages)
    return section("Your time zone", tz_widget,
                   intro="Check-ins and weeks follow your own clock, even when the workbook "
                         "runs on a server elsewhere.")


def build(ctx: Context) -> w.Widget:
    parts: list[w.Widget] = [w.HTML(first_action_html())]
    if on_binder():
        parts.append(w.HTML(binder_html()))
    parts += [
        section("What this workbook is", w.HTML(about_html())),
        profile_section(ctx),
        timezone_section(ctx),
        data_section(ctx),
        section("The notebooks", w.HTML(map_html()),
                 intro="Go in any order; the check-in is a good first step."),
        section("For counselors", w.HTML(counseling_html())),
    ]
    return w.VBox(parts)


def app() -> w.Widget:
    """The start page as one widget."""
    return page("Your workbook", build)
