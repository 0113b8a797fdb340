"""Job-application histories: the canonical table, and import from real people's files.

``frame(store)`` gives the canonical applications DataFrame (DESIGN section 3) from a
profile; ``load(path_or_buffer, mapping=None) -> (DataFrame, report)`` reads a file.
"""

from workbook.applications.canonical import COLUMNS, from_records, frame, to_records  # noqa: F401
