"""Widget apps: one module per notebook (``start``, ``check_in``, ...) plus ``common``.

Each module exposes ``app() -> widget`` built with ``workbook.ui.common.page``. Nothing here
is imported by the core.
"""
