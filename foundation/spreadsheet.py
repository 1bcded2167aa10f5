"""CSV that a spreadsheet opens as text, never as formulas.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be run
as a formula by Excel, LibreOffice or Google Sheets (CSV injection): a user agent such as
``=HYPERLINK(...)`` in an exported log could then reach out of the practice. Every export
writes its rows through ``safe_row``, which prefixes such a cell with an apostrophe, the
spreadsheets' own sign for "this is text".
"""

from collections.abc import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The value as text a spreadsheet will not run; None is an empty cell."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def safe_row(values: Iterable[object]) -> list[str]:
    return [safe_cell(value) for value in values]
