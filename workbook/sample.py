"""The demo persona: about twelve weeks of one person's job search, made up but believable.

"Sam (sample)" applies for analyst roles after a rejection at the end of a final round. Most
applications meet silence, some are turned down at each stage, a few lead to interviews and
one late offer arrives. Sam checks in every day or two; the mood dips after each rejection
and comes back over the following days. There are interview debriefs, a question log, one
piece of feedback, a small skill plan, wins, contacts and a weekly review.

Everything is generated from a fixed random seed and dated relative to ``as_of`` (default:
today on the profile's calendar), so the weeks are always recent and two runs with the same
``as_of`` give the same records, ids included. The profile is marked ``is_demo``.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any

from workbook.errors import WorkbookError
from workbook.records import (
    Action, Application, CheckIn, Contact, Draft, Feedback, Interview, Posting, Question,
    Record, Skill, ThoughtRecord, WeeklyReview, Win,
)
from workbook.store import (
    DEMO_PROFILE, Store, building, check_name, machine_timezone, profile_exists, profile_path,
)

SEED = 20261122
PERSONA = "Sam (sample)"
WEEKS = 12
UTC = dt.timezone.utc

COMPANIES = [
    "Northwind Analytics", "Bluefin Retail", "Harbour Health", "Kestrel Logistics",
    "Orchard Energy", "Lumen Bank", "Copperleaf Insurance", "Tidewater Foods", "Aster Media",
    "Granite Software", "Fernhill Housing", "Quarry Labs", "Riverbend Council",
    "Saltmarsh Travel", "Brightline Rail", "Cobalt Payments", "Meadowsweet Pharma",
    "Pinecrest Education", "Silverstone Telecom", "Juniper Mobility", "Oakridge Foods",
    "Beacon Charity Trust", "Larkspur Fashion", "Heron Water", "Marlow Consulting",
    "Nimbus Cloud", "Thistle Publishing", "Willowbrook Care", "Zephyr Games",
    "Ironbridge Engineering", "Foxglove Beauty", "Canary Wharf Mutual", "Greenway Transport",
    "Hollyhock Hotels", "Indigo Ventures", "Kingfisher Sports", "Lattice Data",
    "Moorland Outdoors", "Nettle & Co", "Oriel Architecture", "Poppyfield Farms",
    "Quill Legal", "Rowan Property", "Sorrel Grocers", "Tansy Tech", "Umber Studios",
    "Vale Recruitment", "Wrenfield University", "Yarrow Health Tech", "Ashgrove Retail",
    "Birchwood Finance", "Clover Energy", "Damson Digital", "Elder Street Bank",
    "Firecrest Security", "Gorse Marketing", "Hawthorn Logistics", "Ivybridge Media",
    "Jasmine Home", "Kelp Ocean Tech", "Linden Pensions", "Mistle Analytics",
    "Northgate Civil Service", "Osprey Airlines", "Plover Insurance", "Quince Wellness",
    "Redwing Automotive", "Sedge Environmental", "Teal Street Books", "Upland Water",
    "Verbena Cosmetics", "Wagtail Pets", "Yew Tree Care", "Alder Robotics",
    "Bramble Bakeries", "Cedar Point Retail", "Dunlin Shipping", "Eyebright Optics",
]
ROLES = [
    ("Data Analyst", 5), ("Business Analyst", 3), ("Marketing Analyst", 2),
    ("Product Analyst", 2), ("Reporting Analyst", 2), ("Junior Data Scientist", 1),
    ("Operations Analyst", 2), ("BI Developer", 1), ("Insight Analyst", 2),
]
LOCATIONS = [("Remote", 4), ("Leeds", 2), ("Manchester", 3), ("London (hybrid)", 2),
             ("Sheffield", 1), ("York", 1)]
SOURCES = [("job_board", 34), ("linkedin", 24), ("company_site", 20), ("recruiter", 9),
           ("referral", 6), ("networking", 7)]
SOURCE_RAW = {"job_board": "Indeed", "linkedin": "LinkedIn Easy Apply",
              "company_site": "Careers page", "recruiter": "Agency recruiter",
              "referral": "Referral", "networking": "Met at a meetup"}

# Feeling words by quadrant of the pleasantness x energy grid (ids in content/feelings.csv).
WORDS = {
    ("low", "low"): ["disappointed", "discouraged", "drained", "sad", "flat", "deflated",
                     "weary"],
    ("low", "high"): ["anxious", "frustrated", "restless", "on_edge", "tense", "stung"],
    ("high", "low"): ["calm", "relieved", "content", "rested", "settled"],
    ("high", "high"): ["hopeful", "motivated", "proud", "energised", "curious", "determined"],
}
# Tags a check-in can carry (the ids the coping suggestions look at).
TAGS = ["sleep", "exercise", "talked", "outdoors", "ate_well"]


def create(name: str = DEMO_PROFILE, as_of: dt.date | None = None, *,
           replace: bool = False) -> Store:
    """Create the demo persona in profile ``name`` and return the open store.

    The profile is built in a temporary file and moved into place at the end, so a second
    kernel never sees half a persona. With ``replace`` an existing sample profile is rebuilt
    only while nobody has written in it (``untouched``); a profile holding anything a person
    added, changed or typed is never replaced, and its backups are always kept.
    """
    name = check_name(name)
    dest = profile_path(name)
    if dest.exists() and not replace:
        raise WorkbookError(f"A profile named {name!r} already exists; pick another name for "
                            "the sample data.")
    if dest.exists():
        with Store(dest) as old:
            sample, clean = old.is_demo, untouched(old)
        if not sample and not clean:
            raise WorkbookError(f"The profile {name!r} holds your own entries, so the sample "
                                "data was not written there; choose another profile name.")
        if not clean:
            raise WorkbookError(
                f"The sample profile {name!r} holds entries added or changed since it was "
                "made, so it was left as it is (nothing was deleted); `workbook demo "
                "--profile NEWNAME` makes a fresh sample beside it.")
        _remove_database(dest)  # the backups folder stays: it is never the sample's to drop
    with building(name, exist_ok=True) as store:
        _fill(store, as_of)
    return Store(dest)


def untouched(store: Store) -> bool:
    """True when nothing in the profile is anyone's own: no record added or changed since the
    sample was built, none deleted, no typing draft, and no setting changed. An empty
    profile that is not a sample is untouched too."""
    if not store.is_demo:
        return store.is_empty() and not store.drafts()
    built = store.setting("sample_built_at")
    expected = store.setting("sample_counts")
    if not built or store.drafts():
        return False
    changed = store._db.execute("SELECT 1 FROM records WHERE updated > ? LIMIT 1",
                                (dt.datetime.fromisoformat(built).astimezone(UTC).isoformat(),)
                                ).fetchone()
    if changed is not None:
        return False
    if expected is not None and expected != store.counts():
        return False
    return store.setting("sample_settings", _settings(store)) == _settings(store)


def _settings(store: Store) -> dict:
    """The settings a person can change (the sample's own bookkeeping left out)."""
    return {k: v for k, v in store.settings().items() if not k.startswith("sample_")}


def _remove_database(path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        extra = type(path)(str(path) + suffix)
        extra.unlink(missing_ok=True)


def is_stale(store: Store, days: int = 7) -> bool:
    """True when a sample profile was made more than ``days`` ago and nobody has added or
    changed anything in it since (so rebuilding it loses nothing and makes its weeks recent
    again)."""
    if not store.is_demo or not store.setting("sample_as_of"):
        return False
    made = dt.date.fromisoformat(store.setting("sample_as_of"))
    if (store.today() - made).days <= days:
        return False
    return untouched(store)


def refresh_if_stale(name: str = DEMO_PROFILE) -> bool:
    """Rebuild an untouched sample profile older than a week; True when it was rebuilt."""
    if not profile_exists(name):
        return False
    with Store(profile_path(name)) as store:
        stale = is_stale(store)
    if stale:
        create(name, replace=True).close()
    return stale


def ensure_demo(name: str = DEMO_PROFILE) -> bool:
    """Create the demo profile when it is missing; True when it was created now."""
    if profile_exists(name):
        return False
    with building(name, exist_ok=True) as store:
        _fill(store, None)
    return True


# ---------------------------------------------------------------- the story

class _Gen:
    def __init__(self, store: Store, as_of: dt.date):
        self.rng = random.Random(SEED)
        self.store = store
        self.tz = store.timezone
        self.as_of = as_of
        self.start = as_of - dt.timedelta(days=WEEKS * 7)
        self.real_now = dt.datetime.now(UTC)
        self.records: list[Record] = []

    def id(self) -> str:
        return "%032x" % self.rng.getrandbits(128)

    def at(self, day: dt.date, hour: float) -> dt.datetime:
        """A moment on ``day`` at ``hour`` (local), never later than now."""
        local = (dt.datetime.combine(day, dt.time(0), self.tz)
                 + dt.timedelta(minutes=round(hour * 60)))
        return min(local.astimezone(UTC), self.real_now).astimezone(self.tz)

    def stamp(self, rec: Record, day: dt.date, hour: float = 10.0,
              updated: dt.date | None = None) -> Record:
        rec.created = self.at(day, hour).astimezone(UTC)
        rec.updated = self.at(updated, hour + 0.5).astimezone(UTC) if updated else rec.created
        if rec.updated < rec.created:
            rec.updated = rec.created
        self.records.append(rec)
        return rec

    def pick(self, weighted: list[tuple[str, int]]) -> str:
        names, weights = zip(*weighted)
        return self.rng.choices(names, weights)[0]

    def day(self, n: int) -> dt.date:
        return self.start + dt.timedelta(days=n)


def _fill(store: Store, as_of: dt.date | None) -> None:
    store.agree()
    store.set_setting("is_demo", True)
    store.set_setting("display_name", PERSONA)
    store.set_setting("timezone", store.setting("timezone") or machine_timezone())
    store.set_setting("weekly_goal", 8)
    store.set_setting("no_response_after_days", 30)
    as_of = as_of or store.today()
    g = _Gen(store, as_of)
    apps, events = _applications(g)
    _rejections(g, apps)
    interviews = _interviews(g, apps)
    _questions_and_feedback(g, interviews)
    checkins = _checkins(g, events)
    _thought_records(g, checkins, events)
    _skill_plan(g, apps)
    _wins_contacts_review(g, apps, interviews)
    store.put_raw(g.records)
    store.set_setting("sample_as_of", as_of.isoformat())
    store.set_setting("sample_built_at", g.real_now.isoformat())
    # what the sample was, so a re-run can tell whether anyone has written in it since
    store.set_setting("sample_counts", store.counts())
    store.set_setting("sample_settings", _settings(store))


def _applications(g: _Gen) -> tuple[list[Application], list[tuple[dt.date, float, str, Any]]]:
    """About 80 applications plus a few saved ones; returns them and the mood events
    (date, size of the dip, what happened, application)."""
    rng = g.rng
    companies = COMPANIES[:]
    rng.shuffle(companies)
    apps: list[Application] = []
    events: list[tuple[dt.date, float, str, Any]] = []
    total_days = WEEKS * 7

    # The rejection that started it: a final round, turned down on day 1.
    first = Application(
        id=g.id(), company="Brightwater Analytics", role="Data Analyst", location="Leeds",
        source="referral", source_raw="Referral from a former colleague", referral=True,
        tailored=True, applied_on=g.day(-24), first_response_on=g.day(-18),
        screen_on=g.day(-16), interview_on=g.day(-6), closed_on=g.day(1),
        stage="interview", outcome="rejected", status_raw="Rejected after final interview",
        notes="Two rounds and a take-home task. They went with someone with more "
              "stakeholder experience.")
    g.stamp(first, first.applied_on, 11, updated=first.closed_on)
    apps.append(first)
    events.append((first.closed_on, -0.75, "rejected after the final round", first))

    # Weekly volume: a slow start, steady middle, a dip after the worst week, then steady.
    per_week = [3, 5, 7, 8, 6, 9, 4, 7, 8, 7, 9, 6]
    offer_done = False
    for week, count in enumerate(per_week):
        for _ in range(count):
            day_n = week * 7 + rng.choice([0, 0, 1, 1, 2, 2, 3, 3, 4, 5, 6])
            applied = g.day(min(day_n, total_days))
            source = g.pick(SOURCES)
            tailored = rng.random() < (0.55 if source in ("referral", "company_site") else 0.3)
            referral = source == "referral"
            role = g.pick(ROLES)
            app = Application(
                id=g.id(), company=_next(companies, rng), role=role, location=g.pick(LOCATIONS),
                url="", source=source, source_raw=SOURCE_RAW[source], applied_on=applied,
                tailored=tailored if rng.random() < 0.9 else None, referral=referral,
                stage="applied", outcome="open", status_raw="Applied", origin="sample")
            app.url = "https://jobs.example.org/" + app.company.lower().split()[0] + \
                f"/{rng.randint(1000, 9999)}"
            last = applied
            # Late offer: one of the week-7 referral/tailored applications.
            if not offer_done and week == 7 and (referral or tailored):
                offer_done = True
                app.first_response_on = applied + dt.timedelta(days=4)
                app.screen_on = applied + dt.timedelta(days=8)
                app.interview_on = applied + dt.timedelta(days=17)
                app.offer_on = min(applied + dt.timedelta(days=29), g.as_of - dt.timedelta(days=2))
                app.stage, app.status_raw = "offer", "Offer received"
                app.notes = "Offer call went well; asked for a few days to decide."
                last = app.offer_on
                events.append((app.interview_on, 0.25, "good interview", app))
                events.append((app.offer_on, 0.8, "an offer", app))
                apps.append(g.stamp(app, applied, 10 + rng.random() * 6, updated=last))
                continue
            p_reply = 0.3 + (0.35 if referral else 0) + (0.1 if tailored else 0)
            if rng.random() < p_reply:
                reply = applied + dt.timedelta(days=rng.randint(3, 21))
                if reply <= g.as_of:
                    app.first_response_on = reply
                    last = reply
                    r = rng.random()
                    if r < 0.55:
                        app.outcome, app.closed_on = "rejected", reply
                        app.status_raw = "Rejected"
                        events.append((reply, -0.25, "a rejection e-mail", app))
                    else:
                        app.stage, app.screen_on = "screen", reply + dt.timedelta(days=3)
                        app.status_raw = "Phone screen"
                        last = app.screen_on
                        r2 = rng.random()
                        nxt = app.screen_on + dt.timedelta(days=rng.randint(4, 10))
                        if r2 < 0.5 and nxt <= g.as_of:
                            app.outcome, app.closed_on = "rejected", nxt
                            app.status_raw = "Rejected after screen"
                            events.append((nxt, -0.4, "rejected after a phone screen", app))
                            last = nxt
                        elif r2 < 0.85 and nxt <= g.as_of:
                            app.stage, app.interview_on = "interview", nxt
                            app.status_raw = "Interviewing"
                            last = nxt
                            done = nxt + dt.timedelta(days=rng.randint(5, 12))
                            if done <= g.as_of:
                                app.outcome, app.closed_on = "rejected", done
                                app.status_raw = "Rejected after interview"
                                events.append((done, -0.6, "rejected after an interview", app))
                                last = done
                        elif nxt <= g.as_of:
                            app.outcome, app.closed_on = "withdrawn", nxt
                            app.status_raw = "Withdrew"
                            app.notes = "Salary was well below the advert once we talked."
                            last = nxt
            elif applied < g.as_of - dt.timedelta(days=35) and rng.random() < 0.12:
                app.outcome, app.status_raw = "no_response", "Ghosted"
            apps.append(g.stamp(app, applied, 9 + rng.random() * 9, updated=last))

    # Saved for later (wishlist): not counted as applications.
    for i in range(6):
        saved_on = g.day(total_days - rng.randint(1, 20))
        app = Application(
            id=g.id(), company=_next(companies, rng), role=g.pick(ROLES),
            location=g.pick(LOCATIONS), source=g.pick(SOURCES), stage="saved", outcome="open", status_raw="Saved",
            notes="Looks interesting; check the closing date." if i % 2 == 0 else "",
            origin="sample")
        app.source_raw = SOURCE_RAW[app.source]
        app.referral = app.source == "referral"
        g.stamp(app, saved_on, 20.5)
        apps.append(app)
    _work_search_fields(apps)
    return apps, sorted(events, key=lambda e: e[0])


def _work_search_fields(apps: list[Application]) -> None:
    """How the contact was made and with whom, as a person keeping a work-search record
    would note them (no random draws, so the rest of the persona stays as it was)."""
    for i, app in enumerate(apps):
        if app.source == "recruiter":
            app.contact_person = "Alex Chen (Vale Recruitment)"
        elif app.source == "referral":
            app.contact_person = "Jordan"
        elif app.source == "company_site" and i % 3 == 0:
            app.contact_method = "email"
            app.contact_person = "Hiring team"


FIRST_NO = ("Hi Sam,\nThank you for the two rounds and the take-home task. It was a close "
            "decision, and we have decided to go with another candidate. Your take-home "
            "analysis was one of the clearest we saw. Where the other candidate pulled ahead "
            "was their experience presenting to senior stakeholders.\nWe'd be glad to stay in "
            "touch, and please do apply again when we open the Senior Analyst role.\nPriya")
TEMPLATE_NO = ("Dear Sam,\nThank you for your interest in the {role} position at {company}. "
               "After careful consideration, we have decided to move forward with other "
               "candidates whose experience more closely matches our needs.\nKind regards,\n"
               "Talent Acquisition")
_SAMPLE_STAGE = {"applied": "application", "screen": "screen", "interview": "interview"}


def _rejections(g: _Gen, apps: list[Application]) -> None:
    """Every rejected application gets its rejection record, made by the same rule a person
    adding one goes through (``rejections.for_application``); some carry their message."""
    from workbook import rejections

    # Its own random stream, so the rest of the persona stays as it was.
    rng = random.Random(SEED + 12)
    for n, app in enumerate(a for a in apps if a.outcome == "rejected"):
        first = n == 0
        stage = "final" if first else _SAMPLE_STAGE.get(app.stage, "application")
        message = FIRST_NO if first else (
            TEMPLATE_NO.format(role=app.role, company=app.company) if rng.random() < 0.4
            else "")
        before = app.changed(outcome="open", closed_on=None)
        _, rej = rejections.for_application(
            before, heard_on=app.closed_on, stage=stage, id="%032x" % rng.getrandbits(128),
            channel="call" if first else rng.choice(["email"] * 6 + ["portal"] * 3 + ["call"]),
            wanted=5 if first else rng.randint(1, 4), message=message)
        g.stamp(rej, app.closed_on, 18.0)


def _next(companies: list[str], rng: random.Random) -> str:
    """The next company name; a few companies come round twice (another role there)."""
    if not companies:
        companies.extend(rng.sample(COMPANIES, 12))
    return companies.pop()


DEBRIEFS = [
    ("Thirty minutes with the hiring manager: my background, why this team, one SQL "
     "question talked through out loud.",
     "Nervous for the first five minutes, then settled.",
     "I explained the dashboard project clearly and asked good questions about the team.",
     "Give a shorter answer to 'tell me about yourself'; I rambled.",
     "I had not rehearsed the opening, so I filled silence.",
     "Write a 60-second version of my story and say it out loud twice before the next call."),
    ("Panel of three: a case study on churn, then behavioural questions about working with "
     "stakeholders.",
     "Stretched but interested; tired afterwards.",
     "The case study structure was solid and I checked my assumptions out loud.",
     "Have two concrete stakeholder stories ready, with numbers.",
     "My examples were vague because I had not picked them in advance.",
     "Pick two stakeholder stories and write them in STAR form this week."),
    ("Technical interview: a live SQL exercise with window functions and a short "
     "discussion of A/B test results.",
     "Anxious at the start, proud of the SQL part.",
     "Window functions went well; I talked through edge cases.",
     "Read up on experiment design basics: power and sample size.",
     "I have not run experiments myself, so I guessed.",
     "Do the short A/B testing course and one practice write-up."),
    ("Final round on site: meeting the team, a presentation of my take-home, questions "
     "for them.",
     "Excited, a bit shaky during the presentation.",
     "The take-home was well received and the team chat felt natural.",
     "Slow down in the presentation and leave time for questions.",
     "I tried to cover every slide.",
     "Cut the next presentation to five slides and time it."),
]


def _interviews(g: _Gen, apps: list[Application]) -> list[Interview]:
    rng = g.rng
    out: list[Interview] = []
    for app in apps:
        rounds = []
        if app.screen_on and app.screen_on <= g.as_of:
            rounds.append(("screen", "phone", app.screen_on, "Recruiter"))
        if app.interview_on and app.interview_on <= g.as_of:
            rounds.append(("interview", rng.choice(["video", "technical", "panel"]),
                           app.interview_on, "Hiring manager and a senior analyst"))
            if app.stage == "offer" or app.company.startswith("Brightwater"):
                final = app.interview_on + dt.timedelta(days=5)
                if final <= g.as_of:
                    rounds.append(("final", "onsite", final, "Head of data and two analysts"))
        for stage, fmt, on, who in rounds:
            deb = DEBRIEFS[rng.randrange(len(DEBRIEFS))] if stage != "screen" else DEBRIEFS[0]
            full = stage != "screen" or rng.random() < 0.5
            iv = Interview(
                id=g.id(), application_id=app.id, on=on, stage=stage, format=fmt,
                interviewers=who, confidence=rng.randint(4, 8) if stage != "screen" else
                rng.randint(5, 8),
                what_happened=deb[0], feelings=deb[1] if full else "",
                went_well=deb[2] if full else "", do_differently=deb[3] if full else "",
                why=deb[4] if full else "", action_plan=deb[5] if full else "",
                self_check={"preparation": rng.randint(2, 4), "examples": rng.randint(1, 4),
                            "body_language": rng.randint(2, 4),
                            "questions_asked": rng.randint(2, 5)} if full else {})
            out.append(g.stamp(iv, on, 18.5))
    return out


def _questions_and_feedback(g: _Gen, interviews: list[Interview]) -> None:
    real = [iv for iv in interviews if iv.stage != "screen"] or interviews
    bank = [
        ("Tell me about a time you had to persuade a stakeholder who disagreed with you.",
         "behavioural", "communication", 2,
         "A marketing lead wanted a report I thought was misleading.",
         "Get agreement on one honest metric.",
         "I showed both versions side by side with the numbers behind them.",
         "We used mine; the lead later asked me to review their next campaign.",
         "Lead with the result, and say how many people used the report."),
        ("Walk me through a dashboard you built from scratch.", "technical", "technology", 4,
         "Sales had five spreadsheets nobody trusted.",
         "Build one weekly dashboard.", "I modelled the data in SQL and built it in Tableau.",
         "Weekly meeting time went from an hour to twenty minutes.", ""),
        ("Why do you want to work here?", "motivation", "career_development", 3, "", "", "", "",
         "Mention their public transport data project by name."),
        ("How would you decide whether an A/B test result is real?", "technical",
         "critical_thinking", 2, "", "", "", "",
         "Talk about sample size before looking at the result, and about one metric "
         "chosen in advance."),
        ("What questions do you have for us?", "my_questions", "communication", 4, "", "", "", "",
         "Ask what a great first three months looks like."),
    ]
    for i, (text, cat, comp, rating, s, t, a, r, nxt) in enumerate(bank):
        iv = real[i % len(real)]
        q = Question(id=g.id(), interview_id=iv.id, text=text, category=cat, competency=comp,
                     star_situation=s, star_task=t, star_action=a, star_result=r,
                     answer=" ".join(x for x in (s, t, a, r) if x), rating=rating,
                     next_time=nxt)
        g.stamp(q, iv.on, 19.0)
    # Feedback on the first rejection (Brightwater's final round).
    bright = next((iv for iv in interviews if iv.stage == "final"), real[0])
    app_id = bright.application_id
    fb = Feedback(
        id=g.id(), interview_id=bright.id, application_id=app_id,
        text="Strong technical task and clear SQL. The other candidate had more experience "
             "managing stakeholders, and some of your examples lacked concrete results. "
             "We would be glad to hear from you for future roles.",
        from_whom="Hiring manager, by phone", received_on=g.day(3),
        competencies=["communication", "leadership"],
        skills=["Stakeholder management", "SQL"])
    g.stamp(fb, fb.received_on, 16.0)


def _mood(day: dt.date, events: list[tuple[dt.date, float, str, Any]]) -> float:
    """Baseline plus each event's effect, fading with a half-life of about three days."""
    value = 0.15
    for when, size, _, _ in events:
        age = (day - when).days
        if age >= 0:
            value += size * math.exp(-age / 4.0)
    return max(-0.95, min(0.95, value))


def _checkins(g: _Gen, events: list) -> list[CheckIn]:
    rng = g.rng
    out: list[CheckIn] = []
    n = 0
    total = WEEKS * 7
    while n < total:
        day = g.day(n)
        todays = [e for e in events if e[0] == day]
        base = _mood(day, events)
        # tags are drawn independently of the mood: the demo makes no claim about them
        tags = sorted(rng.sample(TAGS, k=rng.choice([0, 1, 1, 2])))
        pleasant = round(max(-1.0, min(1.0, base + rng.gauss(0, 0.12))), 2)
        energy = round(max(-1.0, min(1.0, 0.1 + 0.5 * pleasant + rng.gauss(0, 0.25)
                                     - (0.25 if todays and todays[0][1] < -0.5 else 0))), 2)
        quadrant = ("high" if pleasant >= 0 else "low", "high" if energy >= 0 else "low")
        words = rng.sample(WORDS[quadrant], k=rng.choice([1, 1, 2, 2, 3]))
        context, app_id, note = "", None, ""
        if todays:
            _, size, what, app = todays[0]
            app_id = app.id
            context = f"{what.capitalize()} ({app.company}, {app.role})"
            if size <= -0.5:
                note = rng.choice([
                    "I really thought this one was going to work. Going for a walk.",
                    "Gutted. Told my sister; she reminded me how far I got.",
                    "Hard day. Not applying to anything today, and that is fine.",
                ])
            elif size > 0.5:
                note = "Still a bit unreal. Taking the evening off."
        elif rng.random() < 0.25:
            note = rng.choice([
                "Slow day, sent two applications.", "Good run this morning.",
                "Slept badly, everything felt heavier.", "Coffee with Priya helped.",
                "Tidied up my CV bullet points.", "Quiet day, no news.",
            ])
        hour = 19 + rng.random() * 3
        at = g.at(day, hour)
        c = CheckIn(id=g.id(), at=at, pleasantness=pleasant, energy=energy, words=words,
                    word_texts=[w.replace("_", " ") for w in words],
                    intensity=int(min(95, max(10, 30 + abs(pleasant) * 60 + rng.randint(-8, 8)))),
                    application_id=app_id, context=context, tags=tags, note=note)
        g.stamp(c, day, hour)
        out.append(c)
        n += 2 if (not todays and rng.random() < 0.45) else 1
    return out


def _thought_records(g: _Gen, checkins: list[CheckIn], events: list) -> None:
    big = [e for e in events if e[1] <= -0.5][:2]
    texts = [
        ("The Brightwater e-mail after the final round.",
         "I'm never going to get a job at this level. I always fall at the last step.",
         80, ["all_or_nothing", "overgeneralizing", "fortune_telling"],
         ["overgeneralizing", "fortune_telling"],
         "This is the second final round that ended in a no.",
         "I reached the final round at all, from a referral. They said my task was strong. "
         "Two final rounds is a small sample.",
         "Getting to final rounds means my applications work; the last step is something "
         "I can practise, especially stakeholder examples.", 45, 75, 50),
        ("Rejected after the second interview, by a short e-mail.",
         "They must have thought I was useless.", 70, ["mind_reading", "labeling"],
         ["mind_reading"], "The e-mail was two lines and gave no reason.",
         "I don't know what they thought. The interviewer smiled a lot and ran over time.",
         "I don't know why; I can ask for feedback instead of guessing.", 35, 60, 40),
    ]
    for (when, _, _, app), t in zip(big, texts):
        ci = next((c for c in checkins if c.application_id == app.id), None)
        tr = ThoughtRecord(
            id=g.id(), checkin_id=ci.id if ci else None, application_id=app.id,
            situation=t[0], automatic_thought=t[1], belief_before=t[2], traps_suggested=t[3],
            traps_confirmed=t[4], evidence_for=t[5], evidence_against=t[6],
            balanced_thought=t[7], belief_after=t[8], feeling_before=t[9], feeling_after=t[10])
        g.stamp(tr, when, 21.0)


def _skill_plan(g: _Gen, apps: list[Application]) -> None:
    analyst = [a for a in apps if a.role == "Data Analyst" and a.stage != "saved"][:2]
    posting_texts = [
        "We are looking for a Data Analyst to join our insight team. You will write SQL "
        "against our warehouse, build dashboards in Tableau, and present findings to "
        "stakeholders across marketing and operations. Experience with Python and A/B "
        "testing is a plus. Strong communication skills are essential.",
        "Data Analyst (hybrid). Requirements: advanced SQL, Excel, a BI tool (Power BI or "
        "Tableau), stakeholder management. Nice to have: Python (pandas), statistics, "
        "experimentation. You will own weekly reporting and support product decisions.",
    ]
    postings = []
    for i, text in enumerate(posting_texts):
        app = analyst[i] if i < len(analyst) else None
        p = Posting(id=g.id(), role="Data Analyst", company=app.company if app else "",
                    application_id=app.id if app else None, text=text,
                    skills_required=["SQL", "Tableau", "Stakeholder management"] if i == 0
                    else ["SQL", "Excel", "Power BI", "Stakeholder management"],
                    skills_preferred=["Python", "A/B testing"] if i == 0
                    else ["Python", "Statistics", "A/B testing"])
        g.stamp(p, g.day(20 + i * 15), 14.0)
        postings.append(p)
    fb = next(r for r in g.records if isinstance(r, Feedback))
    skills = [
        ("Stakeholder management", "interpersonal", 1, 3, 5, "evidence", True),
        ("A/B testing", "technical", 0, 2, 4, "learn", False),
        ("SQL", "technical", 3, 3, 5, "evidence", True),
        ("Tableau", "tools", 2, 3, 3, "learn", False),
        ("Python", "technical", 2, 3, 3, "learn", False),
    ]
    made = {}
    for name, cat, cur, need, imp, kind, from_fb in skills:
        sources = [p.id for p in postings] + ([fb.id] if from_fb else [])
        s = Skill(id=g.id(), name=name, category=cat, current_level=cur, needed_level=need,
                  importance=imp, gap_kind=kind, confirmed=True, source_ids=sources,
                  from_feedback=from_fb,
                  history=[{"on": g.day(30).isoformat(), "level": max(0, cur - 1)},
                           {"on": g.day(70).isoformat(), "level": cur}]
                  if name in ("A/B testing", "Stakeholder management") else [])
        g.stamp(s, g.day(30), 15.0, updated=g.day(70))
        made[name] = s
    actions = [
        ("Stakeholder management", "practice",
         "Write three stakeholder stories in STAR form and practise them with Priya",
         "three stories rehearsed out loud", 30, 44, 1.5, "done", 42,
         "If I have not practised by Thursday, then I do one story on Friday morning."),
        ("A/B testing", "course", "Finish a short online course on experiment design",
         "all six modules and the quiz", 35, 63, 3, "doing", None,
         "If I skip a session, then I do 20 minutes the next morning with coffee."),
        ("A/B testing", "portfolio",
         "Analyse a public A/B test data set and write it up as a portfolio piece",
         "a two-page write-up published on my portfolio", 60, 88, 2, "planned", None, ""),
        ("Tableau", "certification", "Take the Tableau desktop specialist exam",
         "exam passed", 50, 95, 2, "planned", None, ""),
        ("Stakeholder management", "volunteering",
         "Offer monthly reporting to the food bank's trustees",
         "first report presented at their meeting", 45, 75, 1, "doing", None, ""),
    ]
    for skill, typ, what, measure, start, due, hours, status, done, if_then in actions:
        a = Action(id=g.id(), skill_id=made[skill].id, type=typ, what=what, measure=measure,
                   start_on=g.day(start), due_on=g.day(due), hours_per_week=hours,
                   if_then=if_then, status=status,
                   hours_logged=round(hours * max(0, min(g.as_of, g.day(due)).toordinal()
                                                  - g.day(start).toordinal()) / 7, 1)
                   if status != "planned" else 0.0,
                   done_on=g.day(done) if done else None)
        g.stamp(a, g.day(start) - dt.timedelta(days=1), 16.0,
                updated=g.day(done) if done else None)


def _wins_contacts_review(g: _Gen, apps: list[Application],
                          interviews: list[Interview]) -> None:
    offer = next((a for a in apps if a.stage == "offer"), None)
    wins = [
        (2, "Asked Brightwater for feedback instead of just closing the e-mail.", "a long bath"),
        (9, "Sent five applications this week, even on a flat week.", ""),
        (16, "Rewrote my CV summary; it finally sounds like me.", "pizza night"),
        (24, "Coffee with Priya: she offered to do a mock interview.", ""),
        (38, "Three stakeholder stories written down in STAR form.", "film with friends"),
        (47, "The SQL part of a technical interview went really well.", ""),
        (60, "Went to the analytics meetup and spoke to two people.", "new notebook"),
        (72, "Kept my running routine through a rough week.", ""),
    ]
    if offer and offer.offer_on:
        wins.append(((offer.offer_on - g.start).days, f"An offer from {offer.company}!",
                     "dinner out"))
    for day, text, reward in wins:
        on = min(g.day(day), g.as_of)
        g.stamp(Win(id=g.id(), on=on, text=text, reward=reward), on, 20.0)
    contacts = [
        ("Priya (mentor)", "mentor", "", None, 62, 76, "Offered mock interviews; ask again "
         "before the next final round."),
        ("Jordan", "former_colleague", "Brightwater Analytics", apps[0].id, 5, 90,
         "Referred me to Brightwater. Thank them and keep them posted."),
        ("Mum", "family", "", None, 80, None, "Sunday calls."),
        ("Alex Chen", "recruiter", "Vale Recruitment", None, 40, 82,
         "Specialises in analyst roles in the north."),
        ("Brightwater talent team", "company", "Brightwater Analytics", apps[0].id, 4, 86,
         "Said they would be glad to hear from me for future roles; check in in three months."),
        ("Sam's running club", "friend", "", None, 81, None, "Tuesday evenings."),
    ]
    for name, rel, company, app_id, last, nxt, notes in contacts:
        c = Contact(id=g.id(), name=name, relation=rel, company=company, application_id=app_id,
                    last_contact_on=g.day(last), next_follow_up_on=g.day(nxt) if nxt else None,
                    notes=notes)
        g.stamp(c, g.day(min(last, 10)), 12.0, updated=g.day(last))
    # A thank-you note after the latest interview round.
    latest = max(interviews, key=lambda iv: iv.on) if interviews else None
    if latest:
        app = next(a for a in apps if a.id == latest.application_id)
        sent = latest.on + dt.timedelta(days=1)
        sent = sent if sent <= g.as_of else None
        d = Draft(id=g.id(), template="thank_you", interview_id=latest.id,
                  application_id=app.id,
                  subject=f"Thank you - {app.role} interview",
                  body=f"Hello,\n\nThank you for taking the time to talk with me about the "
                       f"{app.role} role at {app.company}. I enjoyed hearing about the team's "
                       "plans and I am still very interested.\n\nBest wishes,\nSam",
                  sent_on=sent, follow_up_on=sent + dt.timedelta(days=7) if sent else None)
        g.stamp(d, latest.on, 20.0)
    # Weekly reviews for the last two complete weeks (Monday starts).
    this_monday = g.as_of - dt.timedelta(days=g.as_of.weekday())
    reviews = [
        (this_monday - dt.timedelta(days=14),
         "Kept to the course sessions; the mock interview with Priya helped a lot.",
         "Fewer one-click applications, more tailored ones.",
         ["Tailor three applications", "Two course modules", "Call Jordan"], ""),
        (this_monday - dt.timedelta(days=7),
         "Tailored applications got two replies. Running three times.",
         "Stop checking e-mail every hour in the evening.",
         ["Prepare for the final round", "One rest day", "Follow up with Alex"],
         "I did tailor three applications, and two got replies."),
    ]
    for week, worked, change, commits, look in reviews:
        r = WeeklyReview(id=g.id(), week_start=week, worked=worked, change=change,
                         commitments=commits, look_back=look)
        g.stamp(r, week + dt.timedelta(days=6), 18.0)


def main() -> None:  # pragma: no cover - convenience for `python -m workbook.sample`
    with create(DEMO_PROFILE, replace=True) as store:
        print(store.counts())


if __name__ == "__main__":  # pragma: no cover
    main()
