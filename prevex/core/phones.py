"""Phone numbers: a French personal mobile number in its ten-digit form."""

from __future__ import annotations

import re

_NOT_DIGIT = re.compile(r"[^0-9+]")
_MOBILE = re.compile(r"^0[67]\d{8}$", re.ASCII)
_RUNS = ("0123456789012", "9876543210987")
# Between two numbers in one cell: « 06… / 01… », « 06… ou 07… », « 01… - 06… ».
_BETWEEN = re.compile(r"\s*(?:/|;|,|\||\bou\b|\bet\b|\s-\s)\s*", re.IGNORECASE)


def _one(text: str) -> str:
    text = text.strip()
    if text.endswith(".0"):  # a spreadsheet's number cell
        text = text[:-2]
    digits = _NOT_DIGIT.sub("", text)  # « Tél. : », « Port. », dots, spaces, brackets
    if "+" in digits[1:]:
        return ""
    if digits.startswith("+33"):
        rest = digits[3:]
    elif digits.startswith("0033"):
        rest = digits[4:]
    elif len(digits) == 11 and digits.startswith("33"):  # the « + » lost
        rest = digits[2:]
    elif len(digits) == 9 and digits[0] in "67":  # the leading 0 lost by a spreadsheet
        rest = digits
    else:
        rest = None
    if rest is not None:
        digits = "0" + (rest[1:] if rest.startswith("0") else rest)  # « +33 (0)6 … »
    if not _MOBILE.match(digits):
        return ""
    tail = digits[2:]
    if len(set(tail)) < 4 or any(tail in run for run in _RUNS):
        return ""
    return digits


def mobile_number(value: str | None) -> str:
    """The French mobile number (06, 07) in ``value`` as ten digits (« 0612345678 »),
    or ``""``: a landline, a foreign number, or a placeholder (fewer than four distinct
    digits after the prefix, or a run such as « 12345678 »).

    As partners' files write it: « +33 (0)6 … », « 0033 6 … », « 33 6 … » and « 6 … »
    (a spreadsheet dropped the « + » or the leading 0, or wrote « .0 »), with a label
    (« Tél. : »). A cell holding several numbers (« 06… / 01… ») gives its one mobile
    number; two different mobile numbers give none (whose would it be?)."""
    if not value:
        return ""
    number = _one(value)
    if number:
        return number
    found = {n for part in _BETWEEN.split(value) if (n := _one(part))}
    return found.pop() if len(found) == 1 else ""
