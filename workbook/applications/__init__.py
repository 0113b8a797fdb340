"""Job-application histories: the canonical table, and import from real people's files.

``frame(store)`` gives the canonical applications DataFrame (DESIGN section 3) from a
profile; ``load(path_or_buffer, mapping=None) -> (DataFrame, report)`` reads a file (or a
list of files) without storing anything; ``commit(store, df, report)`` stores the result in
one transaction and says what was new, changed, unchanged and missing.
"""

from workbook.applications.canonical import COLUMNS, from_records, frame, to_records  # noqa: F401
from workbook.applications.pipeline import ImportReport, as_canonical, commit, load  # noqa: F401
