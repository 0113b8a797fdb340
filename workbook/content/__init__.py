"""Coaching content as data: word lists, rules, question banks, templates and texts.

Counselors may edit these files without touching code. Loaders here read them by name.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from importlib.resources import files
from typing import Any


@functools.cache
def load_text(name: str) -> str:
    """The text of a content file, e.g. ``load_text("consent.html")``."""
    return files(__name__).joinpath(name).read_text(encoding="utf-8")


def load_json(name: str) -> Any:
    return json.loads(load_text(name))


def load_csv(name: str) -> list[dict[str, str]]:
    """Rows of a content CSV as dicts; lines starting with '#' are comments (authorship)."""
    lines = [line for line in load_text(name).splitlines() if not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))
