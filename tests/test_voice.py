"""The voice guide (workbook/content/VOICE.md) holds for every text a person reads: content
files, ui modules and notebook markdown carry none of the phrases it rules out."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Toxic positivity, dismissing the feeling, and streak pressure (VOICE.md, rules 2 and 3).
RULED_OUT = [
    r"stay positive", r"think positive", r"positive vibes", r"bright side",
    r"happens for a reason", r"negativity (gets|will get) you nowhere", r"cheer up",
    r"don'?t be sad", r"stop feeling sorry", r"nobody owes you", r"\bday streak\b",
    r"keep (your|the) streak", r"you failed\b(?! to meet)", r"\bhopeless case\b",
]


def _texts():
    for path in sorted((ROOT / "workbook" / "content").rglob("*")):
        if path.is_file() and path.name != "VOICE.md" and path.suffix in (
                ".csv", ".json", ".html", ".txt", ".md", ".j2"):
            yield path, path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "workbook" / "ui").glob("*.py")):
        yield path, path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        md = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
        yield path, md


def test_voice_guide_exists_and_states_the_four_rules():
    text = (ROOT / "workbook" / "content" / "VOICE.md").read_text(encoding="utf-8")
    for rule in ("Feeling first", "No toxic positivity", "Numbers are information",
                 "Options, not orders"):
        assert rule in text


@pytest.mark.parametrize("pattern", RULED_OUT)
def test_no_text_a_person_reads_uses_a_ruled_out_phrase(pattern):
    hits = [f"{p.relative_to(ROOT)}: ...{m.group(0)}..." for p, text in _texts()
            for m in re.finditer(pattern, text, flags=re.IGNORECASE)]
    assert not hits, "\n".join(hits)
