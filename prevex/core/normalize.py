"""Normalised forms of names and addresses, and a French phonetic key.

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

from prevex.core.text import STREET_ABBREVIATIONS
from prevex.core.text import fold as _fold

# Abbreviations seen in partners' files that prevex.core.text does not expand yet
# (to be moved there by the lead; they only apply to addresses here).
EXTRA_STREET_ABBREVIATIONS = {
    "bvd": "boulevard",
    "boul": "boulevard",
    "blvd": "boulevard",
    "avn": "avenue",
    "fg": "faubourg",
    "fbg": "faubourg",
    "qu": "quai",
    "prom": "promenade",
    "sent": "sentier",
    "vla": "villa",
    "rpt": "rond point",
    "gal": "general",
    "gen": "general",
    "mal": "marechal",
    "pdt": "president",
    "pres": "president",
    "prof": "professeur",
    "dr": "docteur",
    "lot": "lotissement",
    "hameau": "hameau",
    "zac": "zac",
}
ABBREVIATIONS = {**STREET_ABBREVIATIONS, **EXTRA_STREET_ABBREVIATIONS}

STREET_TYPES = frozenset(
    {
        "rue",
        "avenue",
        "boulevard",
        "place",
        "allee",
        "impasse",
        "chemin",
        "route",
        "square",
        "cours",
        "passage",
        "residence",
        "cite",
        "quai",
        "villa",
        "sentier",
        "voie",
        "promenade",
        "faubourg",
        "lotissement",
        "hameau",
        "sente",
        "ruelle",
        "mail",
        "parvis",
        "esplanade",
        "rond",
    }
)
# Words that start an address complement (building, floor, door…), not the street.
COMPLEMENT_WORDS = frozenset(
    {
        "bat",
        "batiment",
        "bt",
        "bloc",
        "etage",
        "etg",
        "porte",
        "appt",
        "appart",
        "appartement",
        "apt",
        "app",
        "esc",
        "escalier",
        "logement",
        "lgt",
        "cage",
        "entree",
        "chez",
    }
)
STOPWORDS = frozenset({"de", "du", "des", "la", "le", "les", "l", "d", "a", "au", "aux", "en"})
NUMBER_SUFFIXES = {"bis": "b", "b": "b", "ter": "t", "t": "t", "quater": "q", "q": "q"}

_NUMBER = re.compile(r"^(\d{1,5})([a-z]*)$")
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


# ------------------------------------------------------------------------ addresses


class Address:
    """A street line split into number (with bis/ter), street type and name tokens."""

    __slots__ = ("number", "street_type", "name", "text")

    def __init__(self, number: str, street_type: str, name: tuple[str, ...]):
        self.number = number
        self.street_type = street_type
        self.name = name
        self.text = " ".join(name)

    def __repr__(self) -> str:
        return f"Address({self.number!r}, {self.street_type!r}, {self.text!r})"

    @property
    def key(self) -> str:
        """Number and street name, without type or small words (``12b|republique``)."""
        return f"{self.number}|{''.join(self.name)}"


def _is_number(word: str) -> bool:
    found = _NUMBER.match(word)
    return bool(found) and (not found.group(2) or found.group(2) in NUMBER_SUFFIXES)


def _street_words(value: str) -> list[str]:
    """The folded words of the street part: « 175 rue Clément, Bât. B, 8e étage » →
    ``175 rue clement``; « Bât. C, 45 bd Voltaire » → ``45 bd voltaire``."""
    segments: list[list[str]] = []
    carry: list[str] = []
    for part in value.split(","):
        words = carry + fold(part).split()
        carry = []
        if words and all(_is_number(w) or w in NUMBER_SUFFIXES for w in words):
            carry = words  # « 10, rue du 8 mai 1945 »: the number goes with what follows
            continue
        if words:
            segments.append(words)
    if carry:
        segments.append(carry)
    if not segments:
        return []
    usable = [seg for seg in segments if seg[0] not in COMPLEMENT_WORDS] or segments
    chosen = next(
        (seg for seg in usable if _is_number(seg[0])),
        next(
            (seg for seg in usable if ABBREVIATIONS.get(seg[0], seg[0]) in STREET_TYPES),
            usable[0],
        ),
    )
    for index, word in enumerate(chosen):
        if index and word in COMPLEMENT_WORDS:
            return chosen[:index]  # « 12 rue X bat B porte 4 » without commas
    return chosen


@lru_cache(maxsize=65536)
def parse_address(value: str) -> Address:
    """Parse « 12 bis av. de la République, Bât. B » → number ``12b``, type ``avenue``,
    name ``("republique",)``. The complement (building, floor, door) is left out,
    abbreviations are expanded, small words dropped."""
    words = _street_words(value or "")
    number, rest = "", words
    for index, word in enumerate(words):
        found = _NUMBER.match(word)
        if not found:
            continue
        digits, suffix = found.groups()
        if suffix and suffix not in NUMBER_SUFFIXES:
            continue  # « 2eme », « 93200 »…: not a house number
        if not suffix and index + 1 < len(words) and words[index + 1] in NUMBER_SUFFIXES:
            suffix = words[index + 1]
            index += 1
        number = str(int(digits)) + NUMBER_SUFFIXES.get(suffix, "")
        rest = words[index + 1 :]
        break
    expanded: list[str] = []
    for word in rest:
        expanded.extend(ABBREVIATIONS.get(word, word).split())
    street_type = ""
    if expanded and expanded[0] in STREET_TYPES:
        street_type = expanded[0]
        expanded = expanded[1:]
        if street_type == "rond" and expanded[:1] == ["point"]:
            expanded = expanded[1:]
    name = tuple(w for w in expanded if w not in STOPWORDS)
    return Address(number, street_type, name)
