"""The moment of the no: read what a rejection message says, and record the rejection.

``read_message(text)`` reads a message an employer sent (DESIGN section 10): is it a
rejection, a template or a personal note, which sentences say something specific about the
candidate (feedback), does it invite a new application, and at which stage did the process
end. Its rules and word lists live in ``content/rejection_reader.json`` (English, German,
French and Spanish); what it finds is a suggestion the person confirms, never a verdict.

The record family (``add``, ``update``, ``delete``, ``listed``) keeps a rejection and its
application in step: saving a rejection creates the application when there is none yet and
sets its outcome, furthest stage and closed date, so analytics, the mood timeline, the weekly
review and the session summary all see it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from workbook.content import load_json

STAGES = ("application", "screen", "interview", "final", "offer")
# The sentence splitter keeps exact spans: a sentence ends at . ! ? (then a space or the
# end) or at a line break.
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+(?=\s|$)|(?=\n)|$)")


def _straight(text: str) -> str:
    """Curly quotes made straight, so patterns written with ' match; same length."""
    return (text or "").replace("\u2019", "'").replace("\u2018", "'").replace(
        "\u201c", '"').replace("\u201d", '"')


@functools.cache
def _rules() -> dict[str, Any]:
    data = load_json("rejection_reader.json")

    def compile_all(patterns: list[str]) -> tuple[re.Pattern, ...]:
        return tuple(re.compile(p, re.IGNORECASE) for p in patterns)

    langs = {}
    for lang, spec in data["languages"].items():
        langs[lang] = {
            "markers": frozenset(spec["markers"]),
            **{key: compile_all(spec[key]) for key in (
                "rejection", "not_rejection", "conditional", "personal", "feedback_specific",
                "feedback_generic", "reapply", "not_reached")},
            "stages": {stage: compile_all(spec["stages"].get(stage, []))
                       for stage in ("offer", "final", "interview", "screen")},
            "structure": _structure(spec.get("structure", {})),
        }
    return {"languages": langs, "early_screen": data["early_screen"]}


def _structure(words: dict[str, str]) -> dict[str, tuple[re.Pattern, ...]]:
    """Patterns built from a language's word classes (see the content file's how_rules_work):
    a negator shortly before a word of progress, or choosing near someone else, says no; a
    second-person word with a word that judges or names a requirement marks feedback."""
    if not words:
        return {"says_no": (), "about_you": (), "judges": ()}

    def cls(name: str) -> str:
        return rf"(?<!\w)(?:{words[name]})(?!\w)"

    flags = re.IGNORECASE
    return {
        "says_no": (re.compile(cls("negators") + r".{0,50}?" + cls("progress"), flags),
                    re.compile(cls("choosers") + r".{0,60}?" + cls("others"), flags),
                    re.compile(cls("others") + r".{0,60}?" + cls("choosers"), flags)),
        "about_you": (re.compile(cls("you"), flags),),
        "judges": (re.compile(cls("judging"), flags), re.compile(cls("requirement"), flags)),
    }


def languages() -> tuple[str, ...]:
    """The languages the reader has rules for (ISO codes)."""
    return tuple(_rules()["languages"])


def language(text: str) -> str:
    """The message's language: the one whose common small words occur most (English on a
    tie or when none occurs)."""
    words = re.findall(r"[^\W\d_]+", (text or "").casefold())
    best, score = "en", 0
    for lang, spec in _rules()["languages"].items():
        hits = sum(w in spec["markers"] for w in words)
        if hits > score:
            best, score = lang, hits
    return best


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences in ``text``, surrounding spaces left out."""
    spans = []
    for m in _SENTENCE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def _any(patterns: tuple[re.Pattern, ...], text: str) -> re.Match | None:
    for p in patterns:
        m = p.search(text)
        if m:
            return m
    return None


def read_message(text: str) -> dict[str, Any]:
    """What a message from an employer says, as suggestions for the person to confirm.

    Returns ``is_rejection`` (bool), ``kind`` ("template", "personal", or None when not a
    rejection), ``feedback`` (sentences, each an exact substring of ``text``, that say
    something specific about the candidate), ``invites_reapply`` (bool), ``stage`` (one of
    ``STAGES``, or None when not a rejection), plus ``language`` and ``cues`` (the words
    that led to each finding, to show the person why).
    """
    original = text or ""
    plain = _straight(original)
    lang = language(plain)
    rules = _rules()["languages"][lang]
    out: dict[str, Any] = {"is_rejection": False, "kind": None, "feedback": [],
                           "invites_reapply": False, "stage": None, "language": lang,
                           "cues": {}}
    spans = sentences(plain)
    cue = _rejection_cue(plain, spans, rules)
    if cue is None:
        return out
    blocker = _any(rules["not_rejection"], plain)
    if blocker:
        out["cues"]["not_rejection"] = blocker.group(0)
        return out
    out["is_rejection"] = True
    out["cues"]["rejection"] = cue
    out["feedback"] = [original[a:b] for a, b in spans if _is_feedback(plain[a:b], rules)]
    personal = _any(rules["personal"], plain)
    out["kind"] = "personal" if out["feedback"] or personal else "template"
    if personal:
        out["cues"]["personal"] = personal.group(0)
    reapply = _any(rules["reapply"], plain)
    out["invites_reapply"] = reapply is not None
    if reapply:
        out["cues"]["reapply"] = reapply.group(0)
    out["stage"], stage_cue = _stage(plain, rules)
    if stage_cue:
        out["cues"]["stage"] = stage_cue
    return out


def _rejection_cue(text: str, spans: list[tuple[int, int]], rules: dict) -> str | None:
    """The words that say no, from the first sentence that says it without a condition."""
    for a, b in spans:
        sentence = text[a:b]
        m = _any(rules["rejection"], sentence) or _any(rules["structure"]["says_no"], sentence)
        if m and not _any(rules["conditional"], sentence):
            return m.group(0)
    return None


def _is_feedback(sentence: str, rules: dict) -> bool:
    structure = rules["structure"]
    specific = _any(rules["feedback_specific"], sentence) or (
        _any(structure["about_you"], sentence) and _any(structure["judges"], sentence))
    return bool(specific) and not _any(rules["feedback_generic"], sentence)


def _stage(text: str, rules: dict) -> tuple[str, str | None]:
    """The furthest stage the message shows, after phrases about stages never reached are
    taken out ("we cannot offer you an interview"); "application" when none shows."""
    for p in rules["not_reached"]:
        text = p.sub(" ", text)
    for stage in ("offer", "final", "interview", "screen"):
        m = _any(rules["stages"][stage], text)
        if m:
            return stage, m.group(0)
    return "application", None


def early_screen_note(applied_on: dt.date | None, heard_on: dt.date | None,
                      stage: str | None = "application") -> str | None:
    """A plain explanation when a no came within a day or two of applying at the application
    stage (most likely an automatic screen, not a judgment), else None."""
    spec = _rules()["early_screen"]
    if applied_on is None or heard_on is None or stage not in (None, "application"):
        return None
    days = (heard_on - applied_on).days
    if not 0 <= days <= spec["days"]:
        return None
    when = {0: "on the day you applied", 1: "one day after you applied"}.get(
        days, f"{days} days after you applied")
    return spec["text"].format(when=when)
