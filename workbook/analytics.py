"""Job-search metrics on the canonical applications table (DESIGN section 4).

Pure pandas: no widgets, no plotting. Every function takes the canonical DataFrame
(``workbook.applications.frame(store)``) and ``as_of`` (the day the numbers are "as of";
default today), and returns plain values, dataclasses or small aggregated DataFrames that
``workbook.charts.search`` draws.

Definitions, in the words the notebook uses:

- **applications**: rows whose stage is applied or later (or, with no stage, that have an
  applied date). Saved/wishlist rows are left out. Applications dated after ``as_of`` do not
  exist yet as of that day and are left out too.
- **furthest stage reached** (``level``): the recorded stage, raised by any later-stage date
  (an interview date means the interview was reached) and by an offer outcome. An application
  rejected after an interview still counts as interviewed.
- **a reply**: any word from the employer: a rejection, a first-response date, or reaching a
  screen or later.
- **old enough**: applied at least ``no_response_after_days`` days before ``as_of`` (or with
  no applied date at all, so it cannot be called recent). Every *rate* and every median time
  counts only old-enough applications, so that recent ones, which have not had time for an
  answer, do not drag the numbers down; how many were left out is always reported.
- **no reply** (ghosting): old enough, and either marked no_response by the source, or still
  open with no reply of any kind.
- **not enough yet to tell**: fewer than 20 applications counted overall, or fewer than 5 in a
  group. Such rates are shown as counts ("3 of 8"), never as a bare percentage.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable

import numpy as np
import pandas as pd

from workbook.records import OUTCOMES, SOURCES, STAGES

MIN_OVERALL = 20
MIN_GROUP = 5
Z95 = 1.959963984540054
DEFAULT_NO_RESPONSE_DAYS = 30

SAVED, APPLIED, SCREEN, INTERVIEW, OFFER = range(5)
STAGE_LABELS = {"applied": "Applied", "screen": "Screen or first call",
                "interview": "Interview", "offer": "Offer"}
REPLY_OUTCOMES = ("rejected", "accepted", "declined")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
BREAKDOWNS = {"source": "Where you applied", "role": "Role",
              "tailored": "Tailored resume", "referral": "Referral",
              "weekday": "Day of the week you applied"}
SOURCE_LABELS = {"job_board": "Job board", "company_site": "Company site",
                 "referral": "Referral", "recruiter": "Recruiter", "linkedin": "LinkedIn",
                 "networking": "Networking", "other": "Other or not recorded"}
TOO_SMALL = "not enough yet to tell"
NO_OUTCOMES = ("None of these applications has a reply or an outcome recorded (some exports, "
               "LinkedIn's for one, leave it out), so \"no reply\" here only means \"nothing "
               "recorded yet\". Marking the replies you did get makes these numbers yours.")
RESPONSE_BINS = (0, 4, 8, 15, 22, 31, 61, math.inf)
RESPONSE_BIN_LABELS = ("0-3 days", "4-7 days", "1-2 weeks", "2-3 weeks", "3-4 weeks",
                       "1-2 months", "over 2 months")


# ---------------------------------------------------------------- rates with intervals

def wilson(k: Any, n: Any, z: float = Z95) -> tuple[Any, Any]:
    """The Wilson score interval for k successes out of n (95% by default).

    Works on numbers or numpy arrays; where n is 0 both ends are NaN. Returns (low, high) as
    shares between 0 and 1.
    """
    k = np.asarray(k, dtype="float64")
    n = np.asarray(n, dtype="float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        z2 = z * z
        denom = 1 + z2 / n
        centre = (p + z2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
        low = np.clip(centre - half, 0.0, 1.0)
        high = np.clip(centre + half, 0.0, 1.0)
    low = np.where(k <= 0, 0.0, low)  # exact ends, not 1e-17
    high = np.where(k >= n, 1.0, high)
    low = np.where(n > 0, low, np.nan)
    high = np.where(n > 0, high, np.nan)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


@dataclass(frozen=True)
class Rate:
    """``numerator`` of ``denominator``, with its 95% Wilson interval.

    ``enough`` is False when the denominator is below ``min_n``: then ``text()`` gives the
    counts and "not enough yet to tell", never a bare percentage.
    """

    numerator: int
    denominator: int
    min_n: int = MIN_OVERALL

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    @property
    def interval(self) -> tuple[float | None, float | None]:
        if not self.denominator:
            return None, None
        return wilson(self.numerator, self.denominator)

    @property
    def enough(self) -> bool:
        return self.denominator >= self.min_n

    def text(self) -> str:
        """Plain words: "30% (12 of 40; likely between 18% and 45%)" or "3 of 8: not enough
        yet to tell"."""
        if not self.denominator:
            return "none counted yet"
        if not self.enough:
            return f"{self.numerator} of {self.denominator}: {TOO_SMALL}"
        low, high = self.interval
        return (f"{self.value:.0%} ({self.numerator} of {self.denominator}; likely between "
                f"{low:.0%} and {high:.0%})")

    def to_dict(self) -> dict[str, Any]:
        low, high = self.interval
        return {"numerator": self.numerator, "denominator": self.denominator,
                "value": self.value, "low": low, "high": high, "enough": self.enough,
                "text": self.text()}


@dataclass(frozen=True)
class Median:
    """A median number of days and how many applications it is taken over."""

    days: float | None
    count: int

    def text(self) -> str:
        if not self.count:
            return "no dated replies yet"
        unit = "day" if self.days == 1 else "days"
        return f"{self.days:g} {unit} (middle of {self.count} dated)"


@dataclass
class Summary:
    """The headline numbers. Rates count old-enough applications only (see module doc)."""

    as_of: dt.date
    no_response_after_days: int
    applications: int
    saved: int
    counted: int
    too_recent: int
    undated: int
    response: Rate
    positive: Rate
    interview: Rate
    offer: Rate
    offers_per_interview: Rate
    no_response: Rate
    days_to_first_response: Median
    days_to_rejection: Median
    enough: bool = field(default=False)
    outcomes_recorded: int = 0

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for name in ("response", "positive", "interview", "offer", "offers_per_interview",
                     "no_response"):
            out[name] = getattr(self, name).to_dict()
        out["as_of"] = self.as_of.isoformat()
        return out

    def sentence(self) -> str:
        """One or two plain sentences about what was counted."""
        if not self.applications:
            return "No applications yet: import your history or add your applications above."
        parts = [f"{self.applications} application{'s' if self.applications != 1 else ''}"]
        if self.too_recent:
            parts.append(f"{self.too_recent} of them sent in the last "
                         f"{self.no_response_after_days} days, too recent to count in the "
                         "rates yet")
        text = "; ".join(parts) + "."
        if not self.enough:
            text += (f" With fewer than {MIN_OVERALL} counted, the numbers below are shown as "
                     f"counts: {TOO_SMALL} what they mean.")
        if not self.outcomes_recorded:
            text += (" " + NO_OUTCOMES)
        return text


# ---------------------------------------------------------------- preparing the table

def as_of_day(as_of: Any = None) -> pd.Timestamp:
    """``as_of`` as a midnight Timestamp (default: today on this machine)."""
    if as_of is None:
        return pd.Timestamp(dt.date.today())
    ts = pd.Timestamp(as_of)
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)  # keep the person's own wall-clock day
    return ts.normalize()


def _dates(df: pd.DataFrame, col: str) -> pd.Series:
    if col not in df.columns:
        return pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    s = df[col]
    if not pd.api.types.is_datetime64_any_dtype(s):
        s = pd.to_datetime(s, errors="coerce")
    if getattr(s.dt, "tz", None) is not None:
        s = s.dt.tz_localize(None)
    return s


def _text(df: pd.DataFrame, col: str) -> pd.Series:
    if col not in df.columns:
        return pd.Series("", index=df.index, dtype="str")
    s = df[col]
    if isinstance(s.dtype, pd.CategoricalDtype):
        s = s.astype("object")
    return s.where(s.notna(), "").astype("str")


def _codes(df: pd.DataFrame, col: str, vocabulary: tuple[str, ...]) -> np.ndarray:
    """Codes into ``vocabulary`` of a text or categorical column (trimmed, lower case);
    -1 where missing or not in the vocabulary. Works on the distinct values only (fast)."""
    if col not in df.columns:
        return np.full(len(df), -1, dtype="int16")
    codes, uniques = pd.factorize(df[col], use_na_sentinel=True)
    cleaned = pd.Index(uniques).astype("str").str.strip().str.lower()
    index = {v: i for i, v in enumerate(vocabulary)}
    lookup = np.array([index.get(v, -1) for v in cleaned] + [-1], dtype="int16")
    return lookup[codes]  # code -1 (missing) picks the trailing -1


def _role_codes(df: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    """Roles grouped without regard to case or surrounding spaces: (code per row, the name
    shown for each code, as first written). Missing or blank roles get the code of ""."""
    roles = _text(df, "role")
    codes, uniques = pd.factorize(roles)
    stripped = pd.Index(uniques).astype("str").str.strip()
    key_codes, keys = pd.factorize(stripped.str.casefold())
    shown = pd.Series(stripped).groupby(key_codes).first()
    names = [str(shown.get(i, "")) for i in range(len(keys))]
    return key_codes[codes].astype("int32"), names


def prepare(df: pd.DataFrame, as_of: Any = None,
            no_response_after_days: int = DEFAULT_NO_RESPONSE_DAYS) -> pd.DataFrame:
    """The applications only (saved rows and rows after ``as_of`` left out), with the
    derived columns every metric uses:

    level (0 saved .. 4 offer, furthest reached), responded, positive_reply, first_reply
    (date), reply_days, rejection_days, age_days, old_enough, silent (no reply past the
    threshold), week_start (Monday of the ISO week applied), weekday, source (category),
    role_code (roles grouped without regard to case; names in ``attrs["role_names"]``).
    """
    day = as_of_day(as_of)
    n_days = int(no_response_after_days)
    if df is None or len(df) == 0:
        df = pd.DataFrame({c: pd.Series(dtype="object") for c in ("stage", "outcome")})
    idx = df.index
    stage = df["stage"] if "stage" in df.columns else pd.Series(None, index=idx)
    codes = pd.Categorical(stage.astype("object").where(stage.notna(), None),
                           categories=list(STAGES), ordered=True).codes.astype("int16")
    outcome_codes = _codes(df, "outcome", OUTCOMES)
    # A blank outcome usually means no answer yet: treat it as open.
    outcome_codes = np.where(outcome_codes < 0, OUTCOMES.index("open"), outcome_codes)
    outcome = pd.Series(pd.Categorical.from_codes(outcome_codes, categories=list(OUTCOMES)),
                        index=idx)
    applied_on = _dates(df, "applied_on")
    screen_on, interview_on, offer_on = (_dates(df, c) for c in
                                         ("screen_on", "interview_on", "offer_on"))
    first_on, closed_on = _dates(df, "first_response_on"), _dates(df, "closed_on")

    base = np.where(codes >= 0, codes, np.where(applied_on.notna(), APPLIED, -1))
    level = np.maximum.reduce([
        base,
        np.where(screen_on.notna(), SCREEN, -1),
        np.where(interview_on.notna(), INTERVIEW, -1),
        np.where(offer_on.notna() | outcome.isin(["accepted", "declined"]).to_numpy(),
                 OFFER, -1),
    ]).astype("int16")
    keep = (codes != SAVED) & (level >= APPLIED)
    keep &= ~(applied_on > day).to_numpy()

    out = pd.DataFrame(index=idx)
    out["level"] = level
    out["outcome"] = outcome
    out["applied_on"] = applied_on
    replied_outcome = outcome.isin(REPLY_OUTCOMES)
    out["responded"] = (replied_outcome | (out["level"] >= SCREEN) | first_on.notna())
    closing = closed_on.where(replied_outcome)
    first_reply = pd.concat([first_on, screen_on, interview_on, offer_on, closing],
                            axis=1).min(axis=1)
    out["first_reply"] = first_reply
    reply_days = (first_reply - applied_on).dt.days
    out["reply_days"] = reply_days.where(reply_days >= 0)
    out["positive_reply"] = out["level"] >= SCREEN
    # Anything at all recorded about what happened (LinkedIn's export, say, records nothing).
    out["outcome_known"] = (out["responded"] | (outcome != "open") | closed_on.notna())
    rejected_on = closed_on.where(closed_on.notna(),
                                  first_on.where(out["level"] == APPLIED))
    rej_days = (rejected_on - applied_on).dt.days.where(outcome == "rejected")
    out["rejection_days"] = rej_days.where(rej_days >= 0)
    age = (day - applied_on).dt.days
    out["age_days"] = age
    out["old_enough"] = (age >= n_days) | applied_on.isna()
    out["silent"] = out["old_enough"] & ((outcome == "no_response")
                                         | ((outcome == "open") & ~out["responded"]))
    out["week_start"] = (applied_on - pd.to_timedelta(applied_on.dt.day_of_week, unit="D"))
    out["weekday"] = applied_on.dt.day_of_week
    source = _codes(df, "source", SOURCES)
    out["source"] = pd.Categorical.from_codes(np.where(source < 0, SOURCES.index("other"),
                                                       source), categories=list(SOURCES))
    role_codes, role_names = _role_codes(df)
    out["role_code"] = role_codes
    for col in ("tailored", "referral"):
        out[col] = (df[col].astype("boolean") if col in df.columns
                    else pd.Series(pd.NA, index=idx, dtype="boolean"))
    out = out.loc[keep].reset_index(drop=True)
    out.attrs.update(as_of=day, no_response_after_days=n_days,
                     saved=int((codes == SAVED).sum()), role_names=role_names)
    return out


def _prepared(df: pd.DataFrame, as_of: Any, n_days: int) -> pd.DataFrame:
    if df is not None and "level" in df.columns and "old_enough" in df.columns:
        return df  # already prepared
    return prepare(df, as_of, n_days)


# ---------------------------------------------------------------- summary

def summary(df: pd.DataFrame, as_of: Any = None,
            no_response_after_days: int = DEFAULT_NO_RESPONSE_DAYS) -> Summary:
    """The headline numbers (see ``Summary``), each with its counts."""
    p = _prepared(df, as_of, no_response_after_days)
    day = p.attrs.get("as_of", as_of_day(as_of))
    n_days = p.attrs.get("no_response_after_days", int(no_response_after_days))
    old = p.loc[p["old_enough"]]
    counted = len(old)
    enough = counted >= MIN_OVERALL
    level = old["level"]
    interviews = int((level >= INTERVIEW).sum())
    offers = int((level >= OFFER).sum())
    min_sub = MIN_GROUP if enough else MIN_OVERALL

    def rate(mask: pd.Series) -> Rate:
        return Rate(int(mask.sum()), counted)

    reply = old["reply_days"].dropna()
    rej = old["rejection_days"].dropna()
    return Summary(
        as_of=day.date(),
        no_response_after_days=n_days,
        applications=len(p),
        saved=int(p.attrs.get("saved", 0)),
        counted=counted,
        too_recent=len(p) - counted,
        undated=int(p["applied_on"].isna().sum()),
        response=rate(old["responded"]),
        positive=rate(level >= SCREEN),
        interview=Rate(interviews, counted),
        offer=Rate(offers, counted),
        offers_per_interview=Rate(offers, interviews, min_sub),
        no_response=rate(old["silent"]),
        days_to_first_response=Median(float(reply.median()) if len(reply) else None,
                                      len(reply)),
        days_to_rejection=Median(float(rej.median()) if len(rej) else None, len(rej)),
        enough=enough,
        outcomes_recorded=int(p["outcome_known"].sum()),
    )


# ---------------------------------------------------------------- funnel and flows

def funnel(df: pd.DataFrame, as_of: Any = None,
           no_response_after_days: int = DEFAULT_NO_RESPONSE_DAYS, *,
           old_enough_only: bool = False) -> pd.DataFrame:
    """One row per stage (applied, screen, interview, offer) by furthest stage reached.

    Columns: stage, label, reached (got at least this far), stopped_here (furthest stage),
    still_open (stopped here and still running), share (reached / applications),
    from_previous (reached / reached at the previous stage), low/high (its 95% Wilson
    interval), enough (previous stage had at least 5), note.
    """
    p = _prepared(df, as_of, no_response_after_days)
    if old_enough_only:
        p = p.loc[p["old_enough"]]
    levels = p["level"].to_numpy()
    counts = np.bincount(np.clip(levels, 0, OFFER), minlength=OFFER + 1)
    open_counts = np.bincount(np.clip(levels[(p["outcome"] == "open").to_numpy()], 0, OFFER),
                              minlength=OFFER + 1)
    stages = ("applied", "screen", "interview", "offer")
    reached = np.array([counts[lvl:].sum() for lvl in range(APPLIED, OFFER + 1)])
    prev = np.concatenate([[reached[0]], reached[:-1]])
    low, high = wilson(reached, prev)
    total = reached[0]
    overall_enough = total >= MIN_OVERALL
    enough = (prev >= MIN_GROUP) & overall_enough
    rows = pd.DataFrame({
        "stage": stages,
        "label": [STAGE_LABELS[s] for s in stages],
        "reached": reached.astype("int64"),
        "stopped_here": counts[APPLIED:].astype("int64"),
        "still_open": open_counts[APPLIED:].astype("int64"),
        "share": reached / total if total else np.full(4, np.nan),
        "from_previous": np.where(prev > 0, reached / np.maximum(prev, 1), np.nan),
        "low": low, "high": high,
        "enough": enough,
    })
    rows["note"] = np.where(rows["enough"], "", TOO_SMALL)
    rows.loc[0, ["from_previous", "low", "high"]] = np.nan
    rows.loc[0, "note"] = "" if overall_enough else TOO_SMALL
    return rows


def flows(df: pd.DataFrame, as_of: Any = None,
          no_response_after_days: int = DEFAULT_NO_RESPONSE_DAYS) -> pd.DataFrame:
    """Edges (source, target, count) for a Sankey diagram of where applications went.

    Each application moves Applied -> Screen -> Interview -> Offer up to its furthest stage
    (so one rejected after an interview passes through Interview), then ends in its outcome:
    Rejected, Withdrew, No reply (marked so, or silent for N+ days), Waiting (recent, no
    reply yet),
    Still in progress (open after a reply), Accepted or Declined. Zero edges are left out.
    """
    p = _prepared(df, as_of, no_response_after_days)
    stage_names = ["", "Applied", "Screen or first call", "Interview", "Offer"]
    level = p["level"].clip(upper=OFFER).to_numpy()
    outcome = p["outcome"]
    old = p["old_enough"].to_numpy()
    is_open = (outcome == "open").to_numpy()
    marked = (outcome == "no_response").to_numpy()
    unanswered = is_open & ~p["responded"].to_numpy()
    ends = ["Still in progress", "Rejected", "Withdrew", "Accepted", "Declined",
            "No reply", "Waiting (recent)", ""]
    end = np.select(
        [is_open & (level == OFFER), marked | (unanswered & old), unanswered & ~old,
         (outcome == "rejected").to_numpy(), (outcome == "withdrawn").to_numpy(),
         (outcome == "accepted").to_numpy(), (outcome == "declined").to_numpy()],
        [7, 5, 6, 1, 2, 3, 4], default=0)
    rows = []
    for lvl in range(APPLIED, OFFER):
        n = int((level > lvl).sum())
        if n:
            rows.append((stage_names[lvl], stage_names[lvl + 1], n))
    pair = np.bincount(level.astype("int64") * len(ends) + end,
                       minlength=(OFFER + 1) * len(ends))
    for code in np.flatnonzero(pair):
        lvl, e = divmod(int(code), len(ends))
        if ends[e]:  # an offer still being decided ends at Offer itself
            rows.append((stage_names[lvl], ends[e], int(pair[code])))
    return pd.DataFrame(rows, columns=["source", "target", "count"]).astype(
        {"source": "str", "target": "str", "count": "int64"})


# ---------------------------------------------------------------- breakdowns

def _groups(p: pd.DataFrame, by: str, top: int) -> tuple[np.ndarray, list[str]]:
    """(group code per row, group names) for a breakdown; codes index into the names."""
    if by == "source":
        return (p["source"].cat.codes.to_numpy().astype("int64"),
                [SOURCE_LABELS.get(c, c) for c in p["source"].cat.categories])
    if by in ("tailored", "referral"):
        col = p[by]
        known = col.notna().to_numpy()
        yes = col.fillna(False).to_numpy(dtype=bool)
        return np.where(known, np.where(yes, 0, 1), 2), ["yes", "no", "not recorded"]
    if by == "weekday":
        wd = p["weekday"]
        return (wd.fillna(7).to_numpy().astype("int64"),
                [*WEEKDAYS, "date not recorded"])
    if by == "role":
        codes = p["role_code"].to_numpy()
        names = list(p.attrs.get("role_names", []))
        counts = np.bincount(codes, minlength=len(names)) if len(codes) else np.zeros(0, int)
        blank = names.index("") if "" in names else -1
        ranked = [int(i) for i in np.argsort(-counts, kind="stable") if counts[i] and i != blank]
        keep = ranked[:top]
        lookup = np.full(len(names) + 1, len(keep), dtype="int64")  # default: other roles
        lookup[keep] = np.arange(len(keep))
        shown = [names[i] for i in keep] + ["all other roles", "role not recorded"]
        if blank >= 0:
            lookup[blank] = len(keep) + 1
        return lookup[codes], shown
    raise ValueError(f"unknown breakdown {by!r}; use one of {', '.join(BREAKDOWNS)}")


def breakdown(df: pd.DataFrame, by: str, as_of: Any = None,
              no_response_after_days: int = DEFAULT_NO_RESPONSE_DAYS,
              top: int = 8) -> pd.DataFrame:
    """Rates per group of ``by`` (source, role, tailored, referral or weekday).

    One row per group: group, applications (all), counted (old enough), then for each of
    response, positive (screen or beyond) and interview: ``<m>`` (count), ``<m>_rate``,
    ``<m>_low``, ``<m>_high`` (95% Wilson), plus ``enough`` and a plain-words ``note``.
    Rates are NaN where nothing is counted. Largest groups first; roles beyond the ``top``
    most frequent are pooled as "all other roles".
    """
    p = _prepared(df, as_of, no_response_after_days)
    cols = ["group", "applications", "counted"]
    for m in ("response", "positive", "interview"):
        cols += [m, f"{m}_rate", f"{m}_low", f"{m}_high"]
    cols += ["enough", "note"]
    if p.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
    codes, names = _groups(p, by, top)
    size = len(names)
    old = p["old_enough"].to_numpy()
    level = p["level"].to_numpy()
    sums = {
        "applications": np.bincount(codes, minlength=size),
        "counted": np.bincount(codes, weights=old, minlength=size),
        "response": np.bincount(codes, weights=old & p["responded"].to_numpy(), minlength=size),
        "positive": np.bincount(codes, weights=old & (level >= SCREEN), minlength=size),
        "interview": np.bincount(codes, weights=old & (level >= INTERVIEW), minlength=size),
    }
    g = pd.DataFrame({"group": names, **{k: v.astype("int64") for k, v in sums.items()}})
    g = g.loc[g["applications"] > 0]
    g = g.sort_values(["counted", "applications"], ascending=False, kind="stable")
    g = g.reset_index(drop=True)
    overall = int(g["counted"].sum())
    n = g["counted"].to_numpy()
    for m in ("response", "positive", "interview"):
        k = g[m].to_numpy()
        g[f"{m}_rate"] = np.where(n > 0, k / np.maximum(n, 1), np.nan)
        g[f"{m}_low"], g[f"{m}_high"] = wilson(k, n)
    g["enough"] = (n >= MIN_GROUP) & (overall >= MIN_OVERALL)
    width = (g["positive_high"] - g["positive_low"]).fillna(1.0)
    g["note"] = np.where(
        ~g["enough"],
        np.where(overall < MIN_OVERALL, f"{TOO_SMALL} (fewer than {MIN_OVERALL} overall)",
                 f"{TOO_SMALL} (fewer than {MIN_GROUP} in this group)"),
        np.where(width > 0.4, "a wide range: a hint, not a conclusion", ""))
    return g.loc[:, cols]


def breakdowns(df: pd.DataFrame, as_of: Any = None,
               no_response_after_days: int = DEFAULT_NO_RESPONSE_DAYS,
               by: Iterable[str] = tuple(BREAKDOWNS)) -> dict[str, pd.DataFrame]:
    """``breakdown`` for each of ``by`` (default: every breakdown), keyed by its name."""
    p = _prepared(df, as_of, no_response_after_days)
    return {b: breakdown(p, b) for b in by}


# ---------------------------------------------------------------- timing

def response_times(df: pd.DataFrame, as_of: Any = None,
                   no_response_after_days: int = DEFAULT_NO_RESPONSE_DAYS) -> pd.DataFrame:
    """How long first replies took, in bins (0-3 days ... over 2 months), split into replies
    that moved you forward (a screen or later) and rejections or other replies.

    Columns: bin, forward, other, total. Old-enough applications with a dated reply only.
    """
    p = _prepared(df, as_of, no_response_after_days)
    p = p.loc[p["old_enough"] & p["reply_days"].notna()]
    bins = pd.cut(p["reply_days"], bins=list(RESPONSE_BINS), right=False,
                  labels=list(RESPONSE_BIN_LABELS))
    table = pd.crosstab(bins, p["positive_reply"]).reindex(
        index=list(RESPONSE_BIN_LABELS), columns=[True, False], fill_value=0)
    out = pd.DataFrame({"bin": list(RESPONSE_BIN_LABELS),
                        "forward": table[True].to_numpy().astype("int64"),
                        "other": table[False].to_numpy().astype("int64")})
    out["total"] = out["forward"] + out["other"]
    return out


# ---------------------------------------------------------------- cadence

@dataclass
class Cadence:
    """Applications per ISO week against the person's own goal, and a gentle note."""

    table: pd.DataFrame
    goal: int | None
    recent_average: float
    note: str

    def sentence(self) -> str:
        if self.table.empty:
            return "No dated applications yet, so there is no weekly rhythm to show."
        if self.recent_average == 0:
            text = "You sent no applications in the last four weeks"
        else:
            text = (f"Over the last four weeks you sent about {self.recent_average:.1f} "
                    "applications a week")
        text += f"; your own goal is {self.goal} a week." if self.goal else "."
        return text


def weekly_cadence(df: pd.DataFrame, weekly_goal: int | None = None, as_of: Any = None,
                   no_response_after_days: int = DEFAULT_NO_RESPONSE_DAYS) -> Cadence:
    """Applications per ISO week (Monday start), every week from the first to ``as_of``'s.

    Table columns: week_start, week (e.g. "2026-W47"), applications, replies (of that
    week's applications, how many got any reply), old_enough (the whole week is older than
    the threshold), goal. The note appears when recent weeks carried many applications and
    almost no replies: a sign to change the approach rather than to apply harder.
    """
    p = _prepared(df, as_of, no_response_after_days)
    day = p.attrs.get("as_of", as_of_day(as_of))
    n_days = p.attrs.get("no_response_after_days", int(no_response_after_days))
    goal = int(weekly_goal) if weekly_goal else None
    dated = p.loc[p["week_start"].notna()]
    cols = ["week_start", "week", "applications", "replies", "old_enough", "goal"]
    if dated.empty:
        return Cadence(pd.DataFrame({c: pd.Series(dtype="object") for c in cols}), goal,
                       0.0, "")
    agg = dated.groupby("week_start").agg(applications=("level", "size"),
                                          replies=("responded", "sum"))
    this_week = day - pd.Timedelta(days=day.day_of_week)
    weeks = pd.date_range(agg.index.min(), this_week, freq="7D")
    table = agg.reindex(weeks, fill_value=0).rename_axis("week_start").reset_index()
    iso = table["week_start"].dt.isocalendar()
    table["week"] = (iso["year"].astype("str") + "-W"
                     + iso["week"].astype("int64").map("{:02d}".format))
    table["applications"] = table["applications"].astype("int64")
    table["replies"] = table["replies"].astype("int64")
    table["old_enough"] = (day - (table["week_start"] + pd.Timedelta(days=6))).dt.days >= n_days
    table["goal"] = goal if goal else np.nan
    table = table.loc[:, cols]
    last4 = table.tail(4)
    recent_average = float(last4["applications"].mean())
    note = _cadence_note(table)
    return Cadence(table, goal, recent_average, note)


HEAVY_WEEK = 10


def _cadence_note(table: pd.DataFrame) -> str:
    """Many applications a week meeting (almost) no replies, in the weeks old enough to
    judge among the last twelve."""
    judged = table.loc[table["old_enough"]].tail(12)
    judged = judged.loc[judged["applications"] > 0]
    if len(judged) < 2:
        return ""
    apps = int(judged["applications"].sum())
    replies = int(judged["replies"].sum())
    per_week = apps / len(judged)
    if per_week >= HEAVY_WEEK and replies <= 0.05 * apps:
        return (f"In the weeks old enough to judge, you sent about {per_week:.0f} applications "
                f"a week and heard back from {replies} of {apps}. That is a lot of effort "
                "meeting silence, and it says more about the approach than about you: "
                "sending more of the same rarely changes it. It may help to send fewer, more "
                "targeted applications, ask someone for a referral, or get another pair of "
                "eyes on your resume.")
    return ""


def activity(df: pd.DataFrame, as_of: Any = None, weeks: int = 26) -> pd.DataFrame:
    """Applications per day over the last ``weeks`` weeks, for a calendar-style view.

    Columns: day, week_start, weekday (0 Monday), applications. Every day is listed, zeros
    included, so the grid has at most ``weeks`` x 7 cells whatever the number of rows; a
    search that began more recently starts at its first week (8 weeks at the least).
    """
    p = _prepared(df, as_of, DEFAULT_NO_RESPONSE_DAYS)
    day = p.attrs.get("as_of", as_of_day(as_of))
    end = day + pd.Timedelta(days=6 - day.day_of_week)
    start = end - pd.Timedelta(days=7 * weeks - 1)
    first = p["applied_on"].min()
    if pd.notna(first) and first > start:
        # A search that began recently: start the grid at its first week (at least 8 weeks).
        first_week = first.normalize() - pd.Timedelta(days=first.day_of_week)
        start = min(first_week, end - pd.Timedelta(days=7 * min(weeks, 8) - 1))
    days = pd.date_range(start, end, freq="D")
    applied = p["applied_on"].dt.normalize()
    counts = applied.loc[(applied >= start) & (applied <= end)].value_counts()
    out = pd.DataFrame({"day": days})
    out["applications"] = counts.reindex(days, fill_value=0).to_numpy().astype("int64")
    out["weekday"] = out["day"].dt.day_of_week
    out["week_start"] = out["day"] - pd.to_timedelta(out["weekday"], unit="D")
    out.loc[out["day"] > day, "applications"] = 0
    return out.loc[:, ["day", "week_start", "weekday", "applications"]]


# ---------------------------------------------------------------- diagnosis

@dataclass
class Finding:
    """One observation in coaching language, with its evidence and how sure it is."""

    key: str
    title: str
    text: str
    evidence: str
    uncertainty: str
    links: list[tuple[str, str]] = field(default_factory=list)
    biggest: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _diagnosis_content() -> dict[str, Any]:
    from workbook.content import load_json

    return load_json("search_diagnosis.json")


STEPS = (  # (key, from level, to level)
    ("after_applying", APPLIED, SCREEN),
    ("after_screens", SCREEN, INTERVIEW),
    ("after_interviews", INTERVIEW, OFFER),
)


def loss_points(df: pd.DataFrame, as_of: Any = None,
                no_response_after_days: int = DEFAULT_NO_RESPONSE_DAYS) -> pd.DataFrame:
    """For each step of the funnel (old-enough applications): how many entered it, how many
    moved on, how many were lost (and of those, how many in silence), the share lost with its
    95% interval, and whether it is the biggest loss point.

    The biggest loss point is the step whose share lost is highest *at the lower end of its
    95% interval*, among steps with at least 5 decided applications: a step that lost 4 of 5
    is not called bigger than one that lost 38 of 48, because 4 of 5 could easily be chance.
    When nothing at all is recorded about outcomes, no step is called the biggest.
    """
    p = _prepared(df, as_of, no_response_after_days)
    old = p.loc[p["old_enough"]]
    level = old["level"].to_numpy()
    silent = old["silent"].to_numpy()
    still_open = (old["outcome"] == "open").to_numpy() & ~silent
    rows = []
    for key, lo, hi in STEPS:
        entered = int((level >= lo).sum())
        moved = int((level >= hi).sum())
        at = level == lo
        waiting = int((at & still_open).sum())
        lost = entered - moved - waiting
        rows.append({"step": key, "entered": entered, "moved_on": moved, "lost": lost,
                     "lost_in_silence": int((at & silent).sum()), "still_open": waiting})
    out = pd.DataFrame(rows)
    decided = out["entered"] - out["still_open"]
    out["lost_share"] = np.where(decided > 0, out["lost"] / decided.clip(lower=1), np.nan)
    out["low"], out["high"] = wilson(out["lost"].to_numpy(), decided.to_numpy())
    out["enough"] = decided >= MIN_GROUP
    candidates = out.loc[out["enough"]]
    out["biggest"] = False
    recorded = bool(old["outcome_known"].any()) if "outcome_known" in old else True
    if recorded and not candidates.empty and candidates["lost"].sum() > 0:
        out.loc[candidates["low"].idxmax(), "biggest"] = True
    return out


def diagnosis(df: pd.DataFrame, as_of: Any = None,
              no_response_after_days: int = DEFAULT_NO_RESPONSE_DAYS) -> list[Finding]:
    """Where the losses concentrate, in coaching language, with evidence and uncertainty.

    Silence after applying points at targeting, resume and channel; losses after screens at
    the pitch; losses after interviews at interview practice and fit. The biggest loss point
    comes first. Texts come from ``content/search_diagnosis.json``.
    """
    p = _prepared(df, as_of, no_response_after_days)
    content = _diagnosis_content()
    msgs = content["findings"]
    s = summary(p)
    if s.applications == 0:
        m = msgs["empty"]
        return [Finding("empty", m["title"], m["text"], "", "", [])]
    if s.counted == 0:
        m = msgs["all_recent"]
        return [Finding("all_recent", m["title"],
                        m["text"].format(n=s.applications, days=s.no_response_after_days),
                        f"{s.applications} applications, all sent in the last "
                        f"{s.no_response_after_days} days.", "", [])]
    steps = loss_points(p)
    findings: list[Finding] = []
    if not s.outcomes_recorded:
        m = msgs["no_outcomes"]
        findings.append(Finding("no_outcomes", m["title"], m["text"],
                                f"0 of {s.applications} applications have a reply or an "
                                "outcome recorded.", "", []))
    for row in steps.itertuples(index=False):
        if row.lost == 0 and row.entered == 0:
            continue
        m = msgs[row.step]
        decided = row.entered - row.still_open
        evidence = m["evidence"].format(entered=row.entered, lost=row.lost,
                                        silent=row.lost_in_silence, moved=row.moved_on,
                                        decided=decided)
        if row.enough and s.enough:
            uncertainty = content["uncertainty"]["range"].format(
                low=row.low, high=row.high, n=decided)
        else:
            uncertainty = content["uncertainty"]["small"].format(n=decided)
        text = m["text"]
        if row.step == "after_applying" and decided and row.lost_in_silence < row.lost / 2:
            text = m.get("text_rejections", text)
        if row.lost == 0:
            continue
        findings.append(Finding(row.step, m["title"], text, evidence, uncertainty,
                                [tuple(link) for link in m.get("links", [])],
                                bool(row.biggest)))
    if s.offer.numerator:
        m = msgs["offers"]
        findings.append(Finding("offers", m["title"], m["text"],
                                m["evidence"].format(n=s.offer.numerator), "", []))
    findings.extend(_channel_findings(p, content))
    findings.sort(key=lambda f: (f.key != "no_outcomes", not f.biggest))
    return findings


def _channel_findings(p: pd.DataFrame, content: dict[str, Any]) -> list[Finding]:
    """Referral vs not: said only when both groups have enough and the intervals part."""
    table = breakdown(p, "referral")
    yes = table.loc[table["group"] == "yes"]
    no = table.loc[table["group"] == "no"]
    if yes.empty or no.empty or not (bool(yes["enough"].iloc[0]) and bool(no["enough"].iloc[0])):
        return []
    m = content["findings"]["referrals_help"]
    y, n = yes.iloc[0], no.iloc[0]
    if y["positive_low"] > n["positive_high"]:
        return [Finding("referrals_help", m["title"], m["text"],
                        m["evidence"].format(yk=int(y["positive"]), yn=int(y["counted"]),
                                             nk=int(n["positive"]), nn=int(n["counted"])),
                        content["uncertainty"]["separate"], [])]
    return []


def biggest_loss_point(df: pd.DataFrame, as_of: Any = None,
                       no_response_after_days: int = DEFAULT_NO_RESPONSE_DAYS) -> str | None:
    """The key of the step that loses the largest share (see ``loss_points``), or None."""
    steps = loss_points(df, as_of, no_response_after_days)
    hit = steps.loc[steps["biggest"], "step"]
    return None if hit.empty else str(hit.iloc[0])


# ---------------------------------------------------------------- reference figures

def reference_figures(topics: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Published figures with their source and year (``content/reference_figures.json``),
    optionally only those of some topics. Context, never a grade."""
    from workbook.content import load_json

    figures = load_json("reference_figures.json")["figures"]
    if topics is not None:
        wanted = set(topics)
        figures = [f for f in figures if f["topic"] in wanted]
    return figures


# ---------------------------------------------------------------- everything at once

@dataclass
class Analysis:
    """Everything the search-analytics notebook shows, computed from one prepared table."""

    summary: Summary
    funnel: pd.DataFrame
    flows: pd.DataFrame
    breakdowns: dict[str, pd.DataFrame]
    response_times: pd.DataFrame
    cadence: Cadence
    activity: pd.DataFrame
    loss_points: pd.DataFrame
    diagnosis: list[Finding]


def analyse(df: pd.DataFrame, as_of: Any = None,
            no_response_after_days: int = DEFAULT_NO_RESPONSE_DAYS,
            weekly_goal: int | None = None) -> Analysis:
    """Every table the notebook shows, from one pass of ``prepare``."""
    p = prepare(df, as_of, no_response_after_days)
    return Analysis(
        summary=summary(p),
        funnel=funnel(p),
        flows=flows(p),
        breakdowns=breakdowns(p),
        response_times=response_times(p),
        cadence=weekly_cadence(p, weekly_goal),
        activity=activity(p),
        loss_points=loss_points(p),
        diagnosis=diagnosis(p),
    )


def filtered(df: pd.DataFrame, start: Any = None, end: Any = None,
             sources: Iterable[str] | None = None,
             roles: Iterable[str] | None = None) -> pd.DataFrame:
    """The canonical rows applied between ``start`` and ``end`` (inclusive; undated rows are
    kept only when no date limit is set), from some ``sources`` and some ``roles`` (matched
    without regard to case or surrounding spaces)."""
    mask = pd.Series(True, index=df.index)
    applied = _dates(df, "applied_on")
    if start is not None:
        mask &= applied >= pd.Timestamp(start)
    if end is not None:
        mask &= applied <= pd.Timestamp(end)
    if sources:
        mask &= _text(df, "source").isin(list(sources))
    if roles:
        wanted = {str(r).strip().casefold() for r in roles}
        mask &= _text(df, "role").str.strip().str.casefold().isin(wanted)
    return df.loc[mask]
