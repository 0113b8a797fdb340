"""The small HTML pieces every page shows, built in one place with the escaping in one place.

- ``esc(text)``: user text made safe inside HTML;
- ``plural(noun, n)`` / ``count(n, noun)``: "1 win", "3 wins", "4 feedback";
- ``table(caption, headers, rows)``: an accessible table, every cell escaped, inside a
  wrapper that scrolls sideways on a phone instead of cutting columns off;
- ``section(title, *children, intro="")``: a titled part of a page (a ``VBox``).

A page calls them directly: ``w.HTML(table("Your questions", ["#", "Question"], rows))``.
"""

from __future__ import annotations

import html
from typing import Any, Iterable, Sequence

import ipywidgets as w


def esc(text: Any) -> str:
    """User text made safe to put inside HTML (quotes included)."""
    return html.escape("" if text is None else str(text), quote=True)


_UNCOUNTABLE = {"feedback"}


def plural(noun: str, n: int) -> str:
    """``noun`` for ``n`` things: "1 win", "3 wins", "2 weekly reviews", "4 feedback"."""
    if n == 1 or noun in _UNCOUNTABLE:
        return noun
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def count(n: int, noun: str) -> str:
    """``"3 questions"``, ``"1 question"``: the number and its noun in the right form."""
    return f"{n} {plural(noun, n)}"


def table(caption: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], *,
          cls: str = "") -> str:
    """An accessible table (caption, column headers), every cell escaped, in a wrapper
    that scrolls sideways on a narrow screen; ``cls`` adds a class to the table."""
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in rows)
    classes = f"wb-table {cls}".strip()
    return (f'<div class="wb-table-scroll" role="region" aria-label="{esc(caption)}" '
            f'tabindex="0"><table class="{esc(classes)}"><caption>{esc(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def heading(title: str, level: int = 3, intro: str = "") -> str:
    """A section heading (escaped), with an optional intro paragraph of trusted HTML."""
    return f"<h{level}>{esc(title)}</h{level}>" + (f"<p>{intro}</p>" if intro else "")


def section(title: str, *children: w.Widget, intro: str = "", level: int = 3) -> w.VBox:
    """A titled part of a page: the heading, an optional intro (trusted HTML), the widgets."""
    box = w.VBox([w.HTML(heading(title, level, intro)), *children])
    box.add_class("wb-section")
    return box
