"""Plotly figures: data in (outputs of the core), ``go.Figure`` out, one shared theme.

No function here calls ``.show()`` or imports ipywidgets. Each figure has a title, axis
labels and hover text, and aggregates before plotting, so its JSON stays small whatever the
number of rows. One module per subject; the shared look lives in ``theme``.
"""

from workbook.charts.theme import PALETTE, themed  # noqa: F401
