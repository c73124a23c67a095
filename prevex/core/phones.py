"""Phone numbers: a French personal mobile number in its ten-digit form."""

from __future__ import annotations

import re

_JUNK = re.compile(r"[\s.\-/()]")
_MOBILE = re.compile(r"^0[67]\d{8}$", re.ASCII)
_RUNS = ("0123456789012", "9876543210987")


def mobile_number(value: str | None) -> str:
    """The French mobile number (06, 07) in ``value`` as ten digits (« 0612345678 »),
    or ``""``: a landline, a foreign number, or a placeholder (fewer than four distinct
    digits after the prefix, or a run such as « 12345678 »)."""
    digits = _JUNK.sub("", value or "")
    if digits.startswith("+33"):
        digits = "0" + digits[3:]
    elif digits.startswith("0033"):
        digits = "0" + digits[4:]
    if not _MOBILE.match(digits):
        return ""
    tail = digits[2:]
    if len(set(tail)) < 4 or any(tail in run for run in _RUNS):
        return ""
    return digits
