"""The one exception type a user can cause, carrying a sentence they can act on."""


class WorkbookError(Exception):
    """Bad input or a state the person can fix.

    The message is one plain sentence: what was wrong, where (file, row, column, field) and
    what to do. The ui shows it as it is; the CLI prints it to stderr and exits non-zero.
    """
