"""The look-alike rules: what tells two close people apart.

Names alone do not identify a person: a father and his son, twins, two neighbours with
a common name share them. These pure functions say when the data that does tell people
apart — the birth date and the first name — agree, disagree or cannot be compared, and
the scorer (``scoring.py``) turns that into the rules of docs/decisions/2026-12-01-matching-rules.md:

- the same names with **different birth dates** are different people;
- the same birth date with **different first names** at the same address may be twins;
- a first name counts as the same when it is equal once folded, when one is part of the
  other (« Jean » / « Jean-Pierre »), or when
  it differs by a typist's slip that does not make another name: two adjacent letters
  swapped, one letter doubled, one letter dropped inside the name, or one letter inside
  the name (or the last of a name of four letters or more: « Fatoumata » / « Fatoumatz »)
  replaced by a key next to it on a French keyboard (« Mathieu » / « Mathoeu »).
  No letter more or less at either end, where names make their other forms (« Louis » / « Louise »,
  « Samir » / « Samia »). Sounding alike is not enough: twins are often given
  names one vowel apart (« Léa » / « Lia », « Adam » / « Adem »). Any other difference (« Samir » / « Samia »,
  « Sami » / « Samia ») is another first name.
- two first names are **distinct** — another person for sure, not a spelling — only when
  they are not the same first name *and* their consonants differ once transliterated
  (``first_names_distinct``: « Samir » / « Samia », « Jean » / « Paul »). First names
  that differ by their vowels only (« Fatoumata » / « Fatimata », « Youssef » /
  « Youssouf », « Karim » / « Karima », « Léa » / « Lia ») may be one name written two
  ways or two names: only the birth date or an agent tells.
"""

from __future__ import annotations

import datetime

from prevex.core.names import given_key

TWINS = "possibles jumeaux"
HOMONYM = "même nom, autre date de naissance"


def birth_comparison(a: datetime.date | None, b: datetime.date | None) -> str:
    """``same``, ``near`` (one digit, or day and month swapped), ``different`` or
    ``unknown`` (one of them missing, or 1 January of the other's year: the date
    records hold when only the year of birth is known)."""
    if a is None or b is None:
        return "unknown"
    if a == b:
        return "same"
    if (a.year, a.day, a.month) == (b.year, b.month, b.day):
        return "near"
    # digits of YYYYMMDD (``str`` of an integer: strftime cost more than the rest)
    sa = str(a.year * 10000 + a.month * 100 + a.day).zfill(8)
    sb = str(b.year * 10000 + b.month * 100 + b.day).zfill(8)
    if sum(x != y for x, y in zip(sa, sb, strict=True)) == 1:
        return "near"
    if a.year == b.year and ((a.month, a.day) == (1, 1) or (b.month, b.day) == (1, 1)):
        return "unknown"  # « 01/01/1987 »: the year alone, as many records write it
    return "different"


def swapped_date(value: datetime.date | None) -> datetime.date | None:
    """The date with day and month swapped (« 08/02 » typed for « 02/08 »), when that is
    another valid date: a record also looks its household up under it."""
    if value is None or value.day == value.month or value.day > 12:
        return None
    return value.replace(day=value.month, month=value.day)


AZERTY = ("azertyuiop", "qsdfghjklm", "wxcvbn")


def _keys_near() -> dict[str, set[str]]:
    """Keys next to each letter on a French (AZERTY) keyboard: same row, row above and
    below (staggered)."""
    position = {ch: (r, c) for r, row in enumerate(AZERTY) for c, ch in enumerate(row)}
    near: dict[str, set[str]] = {ch: set() for ch in position}
    for ch, (r, c) in position.items():
        for other, (r2, c2) in position.items():
            if other != ch and (
                (r2 == r and abs(c2 - c) == 1)
                or (r2 == r + 1 and c2 in (c - 1, c))
                or (r2 == r - 1 and c2 in (c, c + 1))
            ):
                near[ch].add(other)
    return near


KEYS_NEAR = _keys_near()


def _slip(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by two adjacent letters swapped, one letter doubled, one
    letter dropped inside the name, or one inner letter hit on a neighbouring key."""
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:  # a key hit next to the right one, not the first letter
            i = diff[0]
            # Also the last letter of a name of four letters or more (« Fatoumatz »):
            # names make their other forms at the end by a letter more or less (Sami /
            # Samia, Louis / Louise) or another vowel (Emre / Emra), not by a
            # neighbouring key.
            inside = 0 < i < len(a) - 1 or (i == len(a) - 1 and len(a) >= 4)
            return inside and b[i] in KEYS_NEAR.get(a[i], ())
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    if len(long) != len(short) + 1:
        return False
    # One letter more or less inside the name (« Étinne » / « Étienne »), or doubled; not
    # at either end, where French first names make their other forms (« Louis » /
    # « Louise », « Sami » / « Samia », « Lou » / « Alou »).
    return any(
        0 < i < len(long) - 1 and long[:i] + long[i + 1 :] == short for i in range(len(long))
    ) or any(
        long[:i] + long[i + 1 :] == short and long[i] == long[i - 1] for i in range(1, len(long))
    )


def same_first_name(a: str, a_tokens, b: str, b_tokens) -> bool | None:
    """Whether two folded, compact first names are the same first name (``None``: one
    is missing, nothing to say)."""
    if not a or not b:
        return None
    if a == b:
        return True
    if a_tokens and b_tokens and (a_tokens <= b_tokens or b_tokens <= a_tokens):
        return True
    return _slip(a, b)


def consonants(name: str) -> str:
    """The consonants of a first name's transliteration key (prevex/core/names.py):
    « Fatoumata » and « Fatimata » → ``ftmt``, « Samir » → ``smr``, « Samia » → ``sm``."""
    return "".join(c for c in given_key(name) if c.islower())


def first_names_distinct(a: str, b: str) -> bool:
    """Both first names given, and their consonants differ: two first names, not two
    spellings of one (see the module docstring). Call it on names that
    ``same_first_name`` did not find the same."""
    if not a or not b:
        return False
    return consonants(a) != consonants(b)
