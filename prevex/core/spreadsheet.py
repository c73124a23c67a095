"""Cells written to files that people open in a spreadsheet (CSV exports, import reports)."""

# What a spreadsheet would read as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """Neutralise spreadsheet formulas (=, +, -, @, tab, CR) in exported cells."""
    text = str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


def unsafe_cell(text: str) -> str:
    """A cell as it was before ``safe_cell`` (a file we exported, sent back corrected)."""
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_STARTS else text
