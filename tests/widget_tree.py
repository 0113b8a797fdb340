"""Finding widgets in a page's widget tree, for the ui tests."""

from __future__ import annotations

from typing import Any, Iterator


def walk(widget: Any) -> Iterator[Any]:
    """Every widget in the tree under ``widget`` (itself included)."""
    stack = [widget]
    while stack:
        x = stack.pop()
        yield x
        stack.extend(getattr(x, "children", ()) or ())


def find_all(widget: Any, cls: type) -> list[Any]:
    return [x for x in walk(widget) if isinstance(x, cls)]


def find(widget: Any, cls: type) -> Any:
    """The first widget of ``cls`` on the page; AssertionError when there is none."""
    found = find_all(widget, cls)
    assert found, f"no {cls.__name__} on the page"
    return found[0]
