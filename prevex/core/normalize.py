"""Normalised forms of names and addresses, and a French phonetic key.

Addresses are parsed in ``prevex.core.addresses`` (re-exported here), people's names
in ``prevex.core.names``.

Everything here is pure Python on strings (no database), so the blocking keys computed
from it are byte-identical on SQLite and PostgreSQL.

The phonetic key (``phonetic``) is a simplified French phonetic code in the spirit of
Soundex-FR / Phonex, written for prevex (see docs/decisions/2026-11-23-matching.md):

1. fold (lower case, no accents, ``œ`` → ``oe``), keep letters only;
2. rewrite spellings that sound alike: a final ``x`` is silent, any other ``x`` →
   ``ks``; ``sch``/``sh``/``ch`` → one symbol; ``ph``→``f``, ``th``→``t``, silent ``h``
   dropped; ``qu``/``ck``/``q``→``k``; ``c`` before e/i/y → ``s``, else ``k``; ``g``
   before e/i/y → ``j``, ``gu`` before e/i → ``g``; ``w``→``v``, ``y``→``i``, ``z``→``s``;
3. doubled letters collapse; silent endings: ``er``/``ez``/``es`` → ``e``, then a final
   ``e``, then a final ``s``/``t``/``d``;
4. vowel groups: ``eau``/``au``→``o``, ``ou``→``u``, ``ai``/``ei``→``e``; nasal vowels
   (``an``/``en``/``am``/``em``, ``on``/``om``, ``in``/``ain``/``ein``/``un``/``im``) not
   followed by a vowel become one symbol each (``2``, ``3``, ``1``);
5. every remaining vowel becomes ``a`` (typos on vowels do not change the key), doubled
   symbols collapse again, and the code keeps 8 symbols.

So ``Benali``, ``BENALLI`` and ``Bénali`` share ``banala``; ``Traoré`` and ``Trahore``
share ``trar``; ``Durand`` and ``Durant`` share ``dar2``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from prevex.core.addresses import (  # noqa: F401  (re-exported for existing callers)
    Address,
    flats_differ,
    numbers_close,
    parse_address,
)
from prevex.core.text import fold as _fold

_LETTERS = re.compile(r"[^a-z]")


@lru_cache(maxsize=200_000)
def fold(value: str) -> str:
    """``prevex.core.text.fold``, cached: the same names come back row after row."""
    return _fold(value)


def name_tokens(value: str) -> list[str]:
    """Folded tokens of a name: accents, case, hyphens and apostrophes removed."""
    return fold(value).split()


def compact(value: str) -> str:
    """A name without spaces: « Da Silva », « DASILVA », « da-silva » → ``dasilva``."""
    return "".join(fold(value).split())


# ------------------------------------------------------------------------ phonetic

_RULES_CONSONANTS = [
    (re.compile(r"x$"), ""),  # « Leroux », « Devaux »
    (re.compile(r"x"), "ks"),
    (re.compile(r"sch|sh|ch"), "9"),  # the « ch » sound
    (re.compile(r"ph"), "f"),
    (re.compile(r"th"), "t"),
    (re.compile(r"gh"), "g"),
    (re.compile(r"h"), ""),
    (re.compile(r"ck|qu|q"), "k"),
    (re.compile(r"gu(?=[eiy])"), "g"),
    (re.compile(r"ge(?=[aou])"), "j"),
    (re.compile(r"g(?=[eiy])"), "j"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"c"), "k"),
    (re.compile(r"w"), "v"),
    (re.compile(r"y"), "i"),
    (re.compile(r"z"), "s"),
]
_RULES_ENDINGS = [
    (re.compile(r"(.)\1+"), r"\1"),
    (re.compile(r"e[rs]$"), "e"),
    (re.compile(r"(?<=.)e$"), ""),
    (re.compile(r"(?<=..)[std]$"), ""),
]
_RULES_VOWELS = [
    (re.compile(r"eau|au"), "o"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"ai|ei"), "e"),
    (re.compile(r"(ain|ein|in|im|un|um)(?![aeiou])"), "1"),
    (re.compile(r"(an|am|en|em)(?![aeiou])"), "2"),
    (re.compile(r"(on|om)(?![aeiou])"), "3"),
    (re.compile(r"[aeiou]"), "a"),
    (re.compile(r"(.)\1+"), r"\1"),
]


@lru_cache(maxsize=65536)
def phonetic(value: str) -> str:
    """French phonetic key of a name (see module docstring); ``""`` when no letter."""
    word = _LETTERS.sub("", fold(value))
    if not word:
        return ""
    for rules in (_RULES_CONSONANTS, _RULES_ENDINGS, _RULES_VOWELS):
        for pattern, replacement in rules:
            word = pattern.sub(replacement, word)
    return word[:8]
