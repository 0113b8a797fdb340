"""Mood history from Daylio: its CSV export onto the check-in timeline.

Daylio writes one row per entry with the columns ``full_date, date, weekday, time, mood,
activities, note_title, note`` (newest first; activities joined by `` | ``). ``read``
checks the file and lists its mood names; the person places each name on the pleasantness x
energy grid once (``suggested_mapping`` offers Daylio's five defaults, the mapping is kept
in the profile); ``import_export`` turns every row into a check-in at that local time, with
the activities as tags and the note as the note, in one transaction. Each check-in's id is
derived from the row, so importing a newer export again adds only what is new.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field
from typing import Any

from workbook.emotions import normalise_tag
from workbook.errors import WorkbookError
from workbook.records import CheckIn

COLUMNS = ("full_date", "date", "weekday", "time", "mood", "activities", "note_title", "note")
NEEDED = ("full_date", "time", "mood")
SETTING = "daylio_mood_map"
ID_PREFIX = "daylio-"
MAX_BYTES = 50 * 1024 * 1024
_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})(?::\d{2})?\s*([ap]\.?\s?m\.?)?\s*$", re.I)


@dataclass
class DaylioFile:
    """A read Daylio export: its rows (dicts by column) and how often each mood name
    appears, in the order first seen."""

    rows: list[dict[str, str]]
    moods: dict[str, int] = field(default_factory=dict)


def read(data: bytes, name: str = "The file") -> DaylioFile:
    """Check a Daylio CSV export and read its rows; WorkbookError in one sentence if it is
    not one."""
    if not data or not data.strip():
        raise WorkbookError(f"{name} is empty; export your entries from Daylio (Settings, "
                            "Export entries, CSV) and choose that file.")
    if len(data) > MAX_BYTES:
        raise WorkbookError(f"{name} is larger than 50 MB, which is more than a Daylio export "
                            "holds; please check it is the right file.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WorkbookError(f"{name} is not a text (CSV) file; choose the CSV file that "
                            "Daylio's export makes.") from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in NEEDED if c not in header]
    if missing:
        raise WorkbookError(f"{name} does not look like a Daylio export: it has no "
                            f"{', '.join(missing)} column; choose the CSV file that Daylio's "
                            "export makes.")
    reader.fieldnames = header
    rows, moods = [], {}
    for row in reader:
        clean = {k: (v or "").strip() for k, v in row.items() if k}
        if not any(clean.values()):
            continue
        rows.append(clean)
        moods[clean["mood"]] = moods.get(clean["mood"], 0) + 1
    if not rows:
        raise WorkbookError(f"{name} has a header but no entries; export your entries again "
                            "from Daylio.")
    return DaylioFile(rows, moods)


# ---------------------------------------------------------------- the mapping

def default_places() -> dict[str, tuple[float, float]]:
    from workbook.content import load_json

    return {k: (float(p), float(e)) for k, (p, e) in load_json("daylio_moods.json")["moods"].items()}


def suggested_mapping(store: Any, moods: dict[str, int]) -> dict[str, tuple[float, float]]:
    """A place on the grid for each mood name that has one: the person's own from an
    earlier import first, then Daylio's defaults; custom names without a place are left out
    (``unmapped`` lists them)."""
    saved = store.setting(SETTING, {}) or {}
    defaults = default_places()
    out = {}
    for mood in moods:
        key = mood.casefold()
        if mood in saved:
            out[mood] = (float(saved[mood][0]), float(saved[mood][1]))
        elif key in defaults:
            out[mood] = defaults[key]
    return out


def unmapped(moods: dict[str, int], mapping: dict[str, Any]) -> list[str]:
    return [m for m in moods if m not in mapping]


def _check_mapping(moods: dict[str, int], mapping: dict[str, Any]) -> dict[str, tuple[float, float]]:
    missing = unmapped(moods, mapping)
    if missing:
        raise WorkbookError(f"The mood name{'s' if len(missing) > 1 else ''} "
                            f"{', '.join(repr(m) for m in missing)} {'have' if len(missing) > 1 else 'has'} "
                            "no place on the grid yet; please place each one (how pleasant, how "
                            "much energy) before importing.")
    out = {}
    for mood, place in mapping.items():
        try:
            p, e = (float(x) for x in place)
        except (TypeError, ValueError):
            p = e = float("nan")
        if not (-1 <= p <= 1 and -1 <= e <= 1):
            raise WorkbookError(f"The place of {mood!r} should be two numbers from -1 to 1 "
                                f"(pleasantness, energy); {place!r} is not.")
        out[mood] = (p, e)
    return out


# ---------------------------------------------------------------- rows to check-ins

def _moment(row: dict[str, str], number: int, tz: dt.tzinfo) -> dt.datetime:
    where = f"Row {number} of the Daylio file"
    try:
        day = dt.date.fromisoformat(row["full_date"])
    except ValueError:
        raise WorkbookError(f"{where} has the date {row['full_date']!r}, which is not a date "
                            "(YYYY-MM-DD); please export the file again from Daylio.") from None
    m = _TIME.match(row.get("time", ""))
    if not m:
        raise WorkbookError(f"{where} has the time {row.get('time')!r}, which is not a time "
                            "like 21:15 or 9:15 pm; please export the file again from Daylio.")
    hour, minute, half = int(m.group(1)), int(m.group(2)), (m.group(3) or "").lower()
    if half:
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise WorkbookError(f"{where} has the time {row['time']!r}, which is not a time of "
                            "day; please export the file again from Daylio.")
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz)


def _id(row: dict[str, str]) -> str:
    key = "\x1f".join(row.get(c, "") for c in COLUMNS)
    return ID_PREFIX + hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def checkins(file: DaylioFile, mapping: dict[str, tuple[float, float]],
             tz: dt.tzinfo) -> list[CheckIn]:
    """One validated check-in per row, oldest first (WorkbookError naming the row)."""
    mapping = _check_mapping(file.moods, mapping)
    out = []
    for number, row in enumerate(file.rows, start=2):  # row 1 is the header
        at = _moment(row, number, tz)
        p, e = mapping[row["mood"]]
        tags = []
        for act in row.get("activities", "").split("|"):
            tag = normalise_tag(act[:40])
            if tag and tag not in tags:
                tags.append(tag)
        note = "\n".join(x for x in (row.get("note_title", ""),
                                     row.get("note", "").replace("<br>", "\n")) if x)
        out.append(CheckIn(id=_id(row), at=at, created=at, updated=at, pleasantness=p,
                           energy=e, tags=tags, note=note,
                           context=f"From Daylio: {row['mood']}").validate())
    return sorted(out, key=lambda c: c.at)


@dataclass
class MoodImport:
    """What an import did: how many check-ins were new, how many were there already, and
    the first and last day imported."""

    added: int
    already: int
    first: dt.date
    last: dt.date

    def summary(self) -> str:
        span = f"from {self.first:%d %b %Y} to {self.last:%d %b %Y}"
        again = f" ({self.already} were already here)" if self.already else ""
        return (f"Added {self.added} check-in{'s' if self.added != 1 else ''} from Daylio, "
                f"{span}{again}. They sit on your mood timeline with your rejections.")


def import_export(store: Any, data: bytes, mapping: dict[str, Any] | None = None,
                  name: str = "The file") -> MoodImport:
    """Read a Daylio export and store its check-ins in one transaction; the mapping used is
    kept in the profile for the next import. Nothing is stored when anything is wrong."""
    file = read(data, name)
    places = suggested_mapping(store, file.moods)
    places.update(mapping or {})
    made = checkins(file, places, store.timezone)
    known = {c["id"] for c in store.raw(CheckIn.kind) if c["id"].startswith(ID_PREFIX)}
    store.put_raw(made)
    saved = dict(store.setting(SETTING, {}) or {})
    saved.update({m: list(places[m]) for m in file.moods})
    store.set_setting(SETTING, saved)
    already = sum(c.id in known for c in made)
    return MoodImport(added=len(made) - already, already=already,
                      first=made[0].at.date(), last=made[-1].at.date())
