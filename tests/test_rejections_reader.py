"""The rejection-message reader measured on the labelled set written before its rules.

The set (tests/data/rejection_messages.json: 95 messages in English, German, French and
Spanish, 30 of them messages a keyword reader would take for a no) is never tuned against
message by message. The table printed here is the reader's honest figure per field and per
language; the floors sit a little under the first measurement so that a change which makes
the reader worse fails, and a better reader can raise them.

How each field is counted:
- is_rejection, invites_reapply: the positive class is True.
- kind: per value ("template", "personal"); predicting a kind for a non-rejection is a false
  positive of that kind.
- stage: over predictions and labels that are not None; a wrong stage is both a false
  positive and a false negative.
- feedback: per sentence; a found sentence matches a labelled one when they overlap by at
  least half of the shorter one (labels may cut a lead-in such as "Since you asked for
  feedback:"), each labelled sentence matched at most once.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbook import rejections

DATA = Path(__file__).parent / "data" / "rejection_messages.json"
FIELDS = ("is_rejection", "kind:template", "kind:personal", "feedback", "invites_reapply",
          "stage")

# First measurement (2026-12-01, rules as first written, nothing changed after it), over
# all four languages, precision/recall: is_rejection 1.00/0.97, kind:template 1.00/1.00,
# kind:personal 1.00/0.92, feedback 1.00/0.90, invites_reapply 1.00/0.91, stage 0.98/0.95.
# The same person wrote the set and, after committing it, the rules: the set is not blind
# to the rules' author, so these figures overstate what a stranger's messages get (see the
# held-out set below). Floors sit a little under the first measurement; the structural
# feedback rule added later (it carries over to new wording) cost this set some precision
# (feedback 0.97 -> 0.90, kind:personal 0.96 -> 0.88), and those two floors were lowered
# for it, saying so here.
FLOORS = {
    "is_rejection": (0.95, 0.90),
    "kind:template": (0.95, 0.90),
    "kind:personal": (0.85, 0.85),
    "feedback": (0.85, 0.80),
    "invites_reapply": (0.90, 0.85),
    "stage": (0.90, 0.88),
}


HOLDOUT = Path(__file__).parent / "data" / "rejection_messages_holdout.json"
BLIND = Path(__file__).parent / "data" / "rejection_messages_blind.json"
FINAL = Path(__file__).parent / "data" / "rejection_messages_final.json"


def messages(path: Path = DATA) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["messages"]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and shared >= 0.5 * min(a[1] - a[0], b[1] - b[0])


def _span(text: str, sentence: str) -> tuple[int, int]:
    start = text.index(sentence)
    return start, start + len(sentence)


def _count(msg: dict, got: dict, table: dict) -> None:
    def add(field: str, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        c = table.setdefault(field, {"tp": 0, "fp": 0, "fn": 0})
        c["tp"] += tp
        c["fp"] += fp
        c["fn"] += fn

    for field in ("is_rejection", "invites_reapply"):
        want, have = bool(msg[field]), bool(got[field])
        add(field, tp=want and have, fp=have and not want, fn=want and not have)
    for kind in ("template", "personal"):
        want, have = msg["kind"] == kind, got["kind"] == kind
        add(f"kind:{kind}", tp=want and have, fp=have and not want, fn=want and not have)
    want, have = msg["stage"], got["stage"]
    add("stage", tp=bool(want) and want == have, fp=bool(have) and want != have,
        fn=bool(want) and want != have)
    labelled = [_span(msg["text"], s) for s in msg["feedback"]]
    found = [_span(msg["text"], s) for s in got["feedback"]]
    unmatched = list(labelled)
    for span in found:
        hit = next((lab for lab in unmatched if _overlap(span, lab)), None)
        if hit is None:
            add("feedback", fp=1)
        else:
            unmatched.remove(hit)
            add("feedback", tp=1)
    add("feedback", fn=len(unmatched))


def measure(path: Path = DATA) -> dict[str, dict[str, dict[str, int]]]:
    """Counts per language ("all" too) and field."""
    out: dict[str, dict] = {"all": {}}
    for msg in messages(path):
        got = rejections.read_message(msg["text"])
        for lang in ("all", msg["lang"]):
            _count(msg, got, out.setdefault(lang, {}))
    return out


def _pr(c: dict[str, int]) -> tuple[float | None, float | None]:
    found, support = c["tp"] + c["fp"], c["tp"] + c["fn"]
    return (c["tp"] / found if found else None, c["tp"] / support if support else None)


def table_text(counts: dict) -> str:
    def fmt(x: float | None) -> str:
        return "   -" if x is None else f"{x:4.2f}"

    langs = ["all"] + sorted(k for k in counts if k != "all")
    head = f"{'field':16}" + "".join(f"{lang:>13}" for lang in langs)
    lines = [head, f"{'':16}" + "".join(f"{'P    R':>13}" for _ in langs)]
    for field in FIELDS:
        row = f"{field:16}"
        for lang in langs:
            p, r = _pr(counts[lang][field])
            row += f"{fmt(p):>8} {fmt(r)}"
        lines.append(row)
    return "\n".join(lines)


def test_reader_test_set_covers_every_kind_stage_and_language():
    msgs = messages()
    assert len(msgs) >= 80
    assert {m["lang"] for m in msgs} >= {"en", "de", "fr", "es"}
    assert sum(not m["is_rejection"] for m in msgs) >= 20
    rej = [m for m in msgs if m["is_rejection"]]
    assert {m["stage"] for m in rej} == set(rejections.STAGES)
    assert {m["kind"] for m in rej} == {"template", "personal"}
    assert any(m["feedback"] for m in rej) and any(m["invites_reapply"] for m in rej)
    for m in msgs:
        for sentence in m["feedback"]:
            assert sentence in m["text"], (m["id"], sentence)


def test_reader_figures_per_field_and_language_stay_above_their_floors(capsys):
    counts = measure()
    report = table_text(counts)
    with capsys.disabled():
        print(f"\nRejection reader on {len(messages())} labelled messages "
              "(precision, recall):\n" + report)
    for field, (p_floor, r_floor) in FLOORS.items():
        p, r = _pr(counts["all"][field])
        assert p is not None and p >= p_floor, f"{field} precision {p}\n{report}"
        assert r is not None and r >= r_floor, f"{field} recall {r}\n{report}"


def test_feedback_is_always_an_exact_substring_of_the_message():
    for msg in messages():
        for sentence in rejections.read_message(msg["text"])["feedback"]:
            assert sentence in msg["text"], (msg["id"], sentence)


def test_a_message_that_is_not_a_rejection_has_no_kind_stage_or_invitation():
    got = rejections.read_message("We are delighted to offer you the role! Congratulations.")
    assert got["is_rejection"] is False
    assert got["kind"] is None and got["stage"] is None
    assert got["feedback"] == [] and got["invites_reapply"] is False


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "?!", "x" * 50_000])
def test_empty_or_odd_text_reads_as_no_rejection(text):
    got = rejections.read_message(text)
    assert got["is_rejection"] is False and got["feedback"] == []


def test_curly_quotes_read_like_straight_ones():
    straight = "We won't be moving forward with your application."
    curly = straight.replace("'", "\u2019")
    assert rejections.read_message(curly)["is_rejection"] is True
    assert rejections.read_message(curly)["is_rejection"] == \
        rejections.read_message(straight)["is_rejection"]


def test_a_no_within_two_days_of_applying_is_explained_as_an_automatic_screen():
    import datetime as dt

    applied = dt.date(2026, 11, 2)
    note = rejections.early_screen_note(applied, applied + dt.timedelta(days=1))
    assert note and "automatic screen" in note and "not a judgment" in note
    assert "one day after you applied" in note
    assert rejections.early_screen_note(applied, applied + dt.timedelta(days=9)) is None
    assert rejections.early_screen_note(applied, applied, stage="interview") is None
    assert rejections.early_screen_note(None, applied) is None


def _print_set(path: Path, title: str, capsys) -> dict:
    counts = measure(path)
    with capsys.disabled():
        print(f"\n{title} ({len(messages(path))} messages, precision and recall):\n"
              + table_text(counts))
    return counts


def test_reader_figures_on_the_held_out_set_are_printed(capsys):
    """28 messages written after the first rules, in other phrasing. Measured once before
    any rule changed, it showed those rules far too narrow (all languages: is_rejection
    recall 0.22, kind:personal 0.00, feedback 0.00, invites_reapply 0.00, stage 0.17; no false
    positive). The rules were then widened from the kinds of phrasing each language uses
    for a no (and apology words stopped counting as "personal"); some of the new phrases came
    from this set's wording, so it is no longer blind. The set below is."""
    counts = _print_set(HOLDOUT, "Rejection reader on the held-out set", capsys)
    p, r = _pr(counts["all"]["is_rejection"])
    assert p is not None and p >= 0.9 and r is not None and r >= 0.8


def test_reader_figures_on_a_set_written_after_the_rules_are_printed(capsys):
    """23 messages written after the widened rules, in phrasing none of the other sets use,
    committed before being measured: the honest figure. Its first measurement (widened
    phrase rules): is_rejection precision 1.00, recall 0.14; kind, feedback, reapply and stage
    recall 0.00-0.14. Phrase lists do not carry over to wording their author did not think
    of, so structural rules were added from the kinds of message (a negator before a word of
    progress; choosing near "someone else"; second person with a judging word for feedback):
    is_rejection recall rose to 0.86 and feedback recall to 0.67, both at precision 1.00. That
    change was made after seeing this set's figures, so the last set below is the blind one."""
    counts = _print_set(BLIND, "Rejection reader on the third set", capsys)
    assert len(messages(BLIND)) >= 20
    p, _ = _pr(counts["all"]["is_rejection"])
    assert p is not None


def test_reader_figures_on_the_last_set_measured_once_are_printed(capsys):
    """16 messages written after the structural rules, committed before their only
    measurement; no rule was changed from them. First and only measurement: precision 1.00
    on every field it found anything for; recall is_rejection 0.30, kind:template 0.40,
    kind:personal 0.20, feedback 0.17, invites_reapply 0.00, stage 0.30. The reader is a
    helper that is rarely wrong and often silent; the page lets the person mark feedback
    sentences and an invitation by hand."""
    counts = _print_set(FINAL, "Rejection reader on the last (blind) set", capsys)
    assert len(messages(FINAL)) >= 16
    p, _ = _pr(counts["all"]["is_rejection"])
    assert p is not None
