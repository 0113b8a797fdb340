"""``python -m workbook``: the same as the ``workbook`` command."""

from workbook.cli import main

raise SystemExit(main())
