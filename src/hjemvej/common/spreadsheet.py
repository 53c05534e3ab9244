"""Cells for every spreadsheet export (Excel and CSV), safe from formula injection.

A text that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is taken as a formula by
Excel and LibreOffice (`=HYPERLINK(...)` in an offer's name would become a live link in a
manager's spreadsheet). OWASP's rule for CSV injection: prefix such a text with `'`, so it is
shown as the text it is. Numbers, dates and empty cells are written as they are.
"""

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]
