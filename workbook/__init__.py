"""A coaching workbook for the weeks after a job rejection.

The core (records, store, applications, analytics, emotions, reflection, skills, review,
report, sample) is pure Python and pandas; `workbook.charts` adds plotly figures and
`workbook.ui` the ipywidgets apps that the notebooks call.
"""

__version__ = "0.1.0"

from workbook.errors import WorkbookError  # noqa: E402

__all__ = ["WorkbookError", "__version__"]
