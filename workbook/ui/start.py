"""The start page (notebooks/00_start_here.ipynb)."""

from __future__ import annotations

import ipywidgets as w

from workbook.ui.common import Context, page


def build(ctx: Context) -> w.Widget:
    return w.VBox([w.HTML('<p><a href="01_check_in.ipynb">I just got a rejection: check in '
                          'now (about two minutes)</a></p>')])


def app() -> w.Widget:
    return page("Start here", build)
