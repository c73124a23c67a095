"""Cells written to files that people open in a spreadsheet (CSV exports, import reports)."""


def safe_cell(value) -> str:
    """Neutralise spreadsheet formulas (=, +, -, @, tab, CR) in exported cells."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
