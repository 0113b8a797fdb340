"""What each profile setting may hold, checked the same way wherever a value comes from:
a page, the command line or a restored bundle. A setting of the wrong type would break the
profile later (export, report or import failing for good), so it is refused when it arrives.

``check(key, value)`` returns the value (numbers normalised) or raises WorkbookError in one
sentence; ``KNOWN`` lists the settings this version understands. A key this version does not
know is left to its writer (another part of the workbook may own it); a bundle leaves such
keys out and says so.
"""

from __future__ import annotations

import datetime as dt
import math
import zoneinfo
from typing import Any, Callable

from workbook.errors import WorkbookError


def _bool(v: Any) -> bool:
    if type(v) is not bool:
        raise TypeError
    return v


def _text(limit: int = 200) -> Callable[[Any], str]:
    def check(v: Any) -> str:
        if not isinstance(v, str) or len(v) > limit:
            raise TypeError
        v.encode("utf-8")  # a lone surrogate cannot be stored or shown
        return v
    return check


def _number(lo: float, hi: float, *, whole: bool, optional: bool = False) -> Callable:
    def check(v: Any) -> Any:
        if v is None and optional:
            return None
        if type(v) is bool or not isinstance(v, (int, float)) or not math.isfinite(v) \
                or not lo <= v <= hi or (whole and v != int(v)):
            raise TypeError
        return int(v) if whole else float(v)
    return check


def _moment(v: Any) -> str:
    if not isinstance(v, str) or dt.datetime.fromisoformat(v).tzinfo is None:
        raise TypeError
    return v


def _day(v: Any) -> str:
    if not isinstance(v, str):
        raise TypeError
    dt.date.fromisoformat(v)
    return v


def _timezone(v: Any) -> str:
    if not isinstance(v, str) or not v:
        raise TypeError
    try:
        zoneinfo.ZoneInfo(v)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError from None
    return v


def _names(v: Any) -> list[str]:
    if not isinstance(v, list) or len(v) > 10_000:
        raise TypeError
    return [_text(500)(x) for x in v]


def _status_map(v: Any) -> dict:
    if not isinstance(v, dict) or len(v) > 10_000:
        raise TypeError
    for key, meaning in v.items():
        _text(500)(key)
        if not isinstance(meaning, (str, dict)):
            raise TypeError
    return v


def _weights(v: Any) -> dict[str, float]:
    if not isinstance(v, dict) or not set(v) <= {"frequency", "feedback"}:
        raise TypeError
    return {k: _number(0, 5, whole=False)(x) for k, x in v.items()}


def _counts(v: Any) -> dict[str, int]:
    if not isinstance(v, dict):
        raise TypeError
    return {_text()(k): _number(0, 10**9, whole=True)(n) for k, n in v.items()}


def _settings_copy(v: Any) -> dict:
    if not isinstance(v, dict):
        raise TypeError
    return v


# key: (what it should be, in words; the check)
KNOWN: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "consent_at": ("a date and time with its time zone", _moment),
    "is_demo": ("true or false", _bool),
    "display_name": ("a name of up to 200 characters", _text()),
    "timezone": ("a time-zone name such as Europe/Berlin", _timezone),
    "weekly_goal": ("a whole number of applications from 0 to 1000, or empty",
                    _number(0, 1000, whole=True, optional=True)),
    "no_response_after_days": ("a whole number of days from 1 to 365",
                               _number(1, 365, whole=True)),
    "status_map": ("a table of status words and what each means", _status_map),
    "skills_priority_weights": ("two weights from 0 to 5", _weights),
    "skills_dismissed": ("a list of skill names", _names),
    "skills_own_list": ("a list of skill names", _names),
    "sample_as_of": ("a date", _day),
    "sample_built_at": ("a date and time with its time zone", _moment),
    "sample_counts": ("record counts", _counts),
    "sample_settings": ("the sample's settings", _settings_copy),
}


def check(key: str, value: Any) -> Any:
    """The value of a known setting made sure (WorkbookError when it cannot be right);
    a key this version does not know is returned as it is."""
    if key not in KNOWN:
        return value
    what, fn = KNOWN[key]
    try:
        return fn(value)
    except (TypeError, ValueError, OverflowError, UnicodeEncodeError):
        shown = repr(value)
        shown = shown if len(shown) < 60 else shown[:57] + "..."
        raise WorkbookError(f"The setting {key!r} should be {what}, but it is {shown}; "
                            "please correct it.") from None
