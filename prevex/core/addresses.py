"""Address lines as partners write them, split into their parts (pure functions).

``parse_address`` reads one free-text line — often the concatenated « ligne 2 » to
« ligne 4 » of a CAF or landlord export — and returns an ``Address``:

* the **house number** (digits only) and its **suffix** (« bis » → ``b``, « ter » →
  ``t``, « quater » → ``q``, a letter « 33B » → ``b``); a range « 14-16 » keeps 14; a
  lone « Q » before a name (« 140 Q. de la Marine ») is the quai, not quater; letters
  read for digits (« l4 », « I4 », « 1O ») are digits in a word that has one; a street
  type glued to the number (« 14r », « 3bd ») is split from it;
* the **street** type (abbreviations expanded with La Poste / BAN vocabulary: « rte »,
  « bd », « av », « imp »…) and name tokens (small words dropped);
* the **complements wherever they stand**, before or after the street, with or without
  commas: building (« Bât », « Bt », « Bloc », « Immeuble », « Tour »), staircase
  (« Esc », « Cage », « Entrée », « Hall »), floor (« 3e étage », « étage 3 »,
  « RDC » → ``0``), flat (« Appt », « Apt », « Porte », « Pte », « Logement », « Lgt »);
  values are folded, leading zeros dropped (« 0703 » → ``703``; the flat
  number's width as written is kept, ``flat_width``: « 0007 » is 4, « 07 » is 2);
* the **estate** (« Résidence », « Cité », « Ensemble », « Domaine », « Quartier »,
  « Foyer ») kept apart from the street: « Cité Floréal, Bât 14 » → estate ``floreal``,
  building ``14``, no street;
* the **lieu-dit** (« Lieu-dit X », « LD X », or a line without number nor street
  type) when there is no street.

« chez X » (care of), « BP / CS / TSA » boxes and a trailing postcode + commune are
left out. The parser is written for prevex with the street-type vocabulary of the
national address base (see docs/decisions/2026-12-01-names-and-addresses.md).
"""

from __future__ import annotations

import re
from functools import lru_cache

from prevex.core.address_words import (
    _BOXES,
    _BUILDING,
    _FLAT,
    _FLOOR,
    _LIEU_DIT,
    _MONTHS,
    _NAMED_BUILDINGS,
    _NEEDS_VALUE,
    _NUMBER,
    _SIDES,
    _SLIPPED,
    _STAIRCASE,
    ABBREVIATIONS,
    DWELLING_VERBS,
    ESTATE_WORDS,
    IN_NAME_ABBREVIATIONS,
    LETTER_SUFFIXES,
    NAME_ABBREVIATIONS,
    NUMBER_SUFFIXES,
    STOPWORDS,
    STREET_TYPES,
    _ocr_digits,
    _street_slips,
    _unglue,
)
from prevex.core.text import fold as _fold

_ORDINAL = re.compile(r"^(\d{1,2})(e|er|ere|eme|em|me|nd|nde)$")
_VALUE = re.compile(r"^[a-z]?\d{0,6}[a-z]?$")
_SEGMENTS = re.compile(r"[,;\n\r/]+|\s[-–]\s|\(|\)")


class Address:
    """A street line split into number, suffix, street, complements, estate, lieu-dit."""

    __slots__ = (
        "number",
        "suffix",
        "street_type",
        "name",
        "text",
        "building",
        "staircase",
        "floor",
        "flat",
        "flat_width",
        "estate",
        "lieu_dit",
    )
    FIELDS = __slots__
    __slots__ = (*FIELDS, "_hash")  # the cached hash is not a field (see ``__hash__``)

    def __init__(
        self,
        number: str,
        street_type: str,
        name: tuple[str, ...],
        *,
        suffix: str = "",
        building: str = "",
        staircase: str = "",
        floor: str = "",
        flat: str = "",
        flat_width: int = 0,
        estate: str = "",
        lieu_dit: str = "",
    ):
        self.number = number
        self.suffix = suffix
        self.street_type = street_type
        self.name = name
        self.text = " ".join(name)
        self.building = building
        self.staircase = staircase
        self.floor = floor
        self.flat = flat
        self.flat_width = flat_width  # characters of the flat number as written (« 0007 »: 4)
        self.estate = estate
        self.lieu_dit = lieu_dit

    def __repr__(self) -> str:
        shown = [s for s in self.FIELDS if s != "text" and getattr(self, s)]
        return "Address(" + ", ".join(f"{s}={getattr(self, s)!r}" for s in shown) + ")"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Address):
            return NotImplemented
        return all(getattr(self, s) == getattr(other, s) for s in self.FIELDS)

    def __getstate__(self):
        return None, {s: getattr(self, s) for s in self.FIELDS}  # never the cached hash

    def __hash__(self) -> int:
        # Computed once: an address is a key of the matching engine's memos, hashed
        # hundreds of thousands of times per import. Its fields are never reassigned.
        try:
            return self._hash
        except AttributeError:
            self._hash = hash(tuple(getattr(self, s) for s in self.FIELDS))
            return self._hash

    @property
    def place(self) -> str:
        """The compact name of where it is: street name, else estate, else lieu-dit."""
        return "".join(self.name) or self.estate.replace(" ", "") or self.lieu_dit.replace(" ", "")

    @property
    def key(self) -> str:
        """Number with suffix and place, without type or small words (``12b|republique``)."""
        return f"{self.number}{self.suffix}|{self.place}"


def _value(word: str) -> str:
    """A complement value: « 0703 » → ``703``, « G » → ``g``, « A1 » → ``a1``."""
    return str(int(word)) if word.isdigit() else word


def _is_value(word: str) -> bool:
    """« G », « 14 », « 0703 », « A2 »: a letter (« Bât A », « Bât D ») counts too."""
    if not word or len(word) > 6 or not _VALUE.match(word):
        return False
    return len(word) == 1 or word not in STOPWORDS


class _Parts:
    def __init__(self) -> None:
        self.building = self.staircase = self.floor = self.flat = ""
        self.flat_width = 0
        self.estate: list[str] = []
        self.lieu_dit: list[str] = []

    def take(self, kind: str, value: str) -> None:
        if not getattr(self, kind):
            setattr(self, kind, value)


def _strip_complements(words: list[str], parts: _Parts) -> list[str]:
    """Remove complements (with their value) from a segment's words; return the rest."""
    rest: list[str] = []
    index = 0
    after_complement = False
    while index < len(words):
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else ""
        if word in ("n", "no", "num") and following[:1].isdigit():
            index += 1  # « N° 12 »
            continue
        if word == "chez":  # « chez X »: a person, not a place; the street may follow
            index += 1
            while index < len(words) and not (
                _NUMBER.match(words[index]) and index + 1 < len(words)
            ):
                index += 1
            continue
        if word in _BOXES:
            index += 2
            continue
        if word == "rdc" or (word == "rez" and following == "de"):
            parts.take("floor", "0")
            index += 3 if word == "rez" else 1
            continue
        ordinal = _ORDINAL.match(word)
        if ordinal and following in _FLOOR:
            parts.take("floor", str(int(ordinal.group(1))))
            index += 2
            after_complement = True
            continue
        if ordinal and following in _SIDES:  # « 3e droite »: third floor, right
            parts.take("floor", str(int(ordinal.group(1))))
            index += 2
            continue
        if word in _SIDES and after_complement:
            index += 1  # « 4e étage gauche », « porte 12 droite »
            continue
        kind = (
            "building"
            if word in _BUILDING
            else "staircase"
            if word in _STAIRCASE
            else "floor"
            if word in _FLOOR
            else "flat"
            if word in _FLAT
            else ""
        )
        if not kind and _is_value(following):
            kind = _SLIPPED.get(word, "")
        if (
            kind
            and word in _NEEDS_VALUE
            and not (_is_value(following) or following in ("n", "no", "num"))
        ):
            kind = ""  # « rue Pierre et Marie Curie »
        if kind and word in _NAMED_BUILDINGS and rest:
            kind = ""  # « rue de la Tour »: part of a street name
        if kind:
            step = 1
            if following in ("n", "no", "num"):
                step += 1
                following = words[index + step] if index + step < len(words) else ""
            if _is_value(following):
                value = following
                ordinal = _ORDINAL.match(value)
                value = ordinal.group(1) if ordinal else value
                if kind == "flat" and not parts.flat:
                    parts.flat_width = len(value)
                parts.take(kind, _value(value))
                step += 1
            elif (
                word in _NAMED_BUILDINGS
                and following.isalpha()
                and following not in STOPWORDS
                and not _is_street([following])
            ):
                parts.take(kind, following)  # « Tour Essor »
                step += 1
            index += step
            after_complement = True
            continue
        rest.append(word)
        after_complement = False
        index += 1
    return rest


def _number(words: list[str]) -> tuple[str, str, list[str]]:
    """(digits, suffix, words after the number) of a street segment."""
    for index, word in enumerate(words):
        found = _NUMBER.match(word)
        if not found:
            continue
        digits, suffix = found.groups()
        if suffix and suffix not in NUMBER_SUFFIXES and suffix not in LETTER_SUFFIXES:
            continue  # « 2eme », a postcode…: not a house number
        after = index + 1
        if not suffix and _letter_suffix(words, after):
            suffix = words[after]  # « 84 A villa X »
            after += 1
        elif not suffix and after < len(words) and words[after] in NUMBER_SUFFIXES:
            following = words[after + 1] if after + 1 < len(words) else ""
            # « 140 Q. de la Marine »: a lone « Q » before a name is the quai, not quater
            quai = words[after] == "q" and ABBREVIATIONS.get(following, following) not in (
                STREET_TYPES
            )
            if (words[after] not in ("b", "t", "q") or following) and not quai:
                suffix = words[after]
                after += 1
        if after < len(words) and words[after].isdigit() and len(words[after]) <= 4:
            after += 1  # « 14 16 rue X » (a range written 14-16)
        if index and ABBREVIATIONS.get(words[0], words[0]) in STREET_TYPES:
            if words[after:] or words[index - 1] in _MONTHS:
                continue  # « rue du 8 Mai 1945 »: part of the name, not a house number
            return (
                str(int(digits)),
                _SUFFIX_CODES.get(suffix, ""),
                words[:index],
            )  # « rue Z n° 12 »
        return str(int(digits)), _SUFFIX_CODES.get(suffix, ""), words[after:]
    return "", "", words


_SUFFIX_CODES = {**NUMBER_SUFFIXES, **LETTER_SUFFIXES}


def _letter_suffix(words: list[str], at: int) -> bool:
    """``words[at]`` is a lone letter index (« 84 A villa X »): one of
    ``LETTER_SUFFIXES`` right before a street type."""
    if at + 1 >= len(words) or words[at] not in LETTER_SUFFIXES:
        return False
    following = words[at + 1]
    return ABBREVIATIONS.get(following, following) in STREET_TYPES


def _expand(words: list[str]) -> list[str]:
    expanded: list[str] = []
    for word in words:
        expanded.extend(ABBREVIATIONS.get(word, NAME_ABBREVIATIONS.get(word, word)).split())
    return expanded


def _expand_name(words: list[str]) -> list[str]:
    """The words of a street name after its type. After an article, an abbreviated street
    type is a word of the name (« r. du Ch. Vert » is the rue du Chemin Vert); otherwise it
    is not a street type: « Ch. » is a given name (« av. Ch. de Gaulle » is Charles), and
    other abbreviations stay as written."""
    expanded: list[str] = []
    for index, word in enumerate(words):
        full = ABBREVIATIONS.get(word, NAME_ABBREVIATIONS.get(word, word))
        if (
            full in STREET_TYPES
            and full != word
            and (index == 0 or words[index - 1] not in STOPWORDS)
        ):
            full = IN_NAME_ABBREVIATIONS.get(word, word)
        expanded.extend(full.split())
    return expanded


def _is_street(words: list[str]) -> bool:
    return bool(words) and (
        bool(_NUMBER.match(words[0])) or ABBREVIATIONS.get(words[0], words[0]) in STREET_TYPES
    )


def _starts_street(words: list[str]) -> bool:
    """« 6 avenue … », « 12 bis rue … », « rue … »: a street begins here (strict)."""
    if not words:
        return False
    if ABBREVIATIONS.get(words[0], words[0]) in STREET_TYPES:
        return True
    if not _NUMBER.match(words[0]):
        return False
    rest = words[1:]
    if rest and (rest[0] in NUMBER_SUFFIXES or _letter_suffix(words, 1)):
        rest = rest[1:]
    return bool(rest) and ABBREVIATIONS.get(rest[0], rest[0]) in STREET_TYPES


def _trim_postcode(words: list[str]) -> list[str]:
    for index, word in enumerate(words):
        if index and len(word) == 5 and word.isdigit():
            return words[:index]  # « 14 rte de Noisy 93600 Aulnay »
    return words


@lru_cache(maxsize=65536)
def parse_address(value: str) -> Address:
    """Parse one address line (see module docstring)."""
    parts = _Parts()
    streets: list[list[str]] = []
    others: list[list[str]] = []
    carry: list[str] = []
    for raw in _SEGMENTS.split(value or ""):
        words = _street_slips(
            carry + [p for w in _fold(raw).split() for p in _unglue(_ocr_digits(w))]
        )
        carry = []
        while words and words[0] in DWELLING_VERBS:  # « demeurant au 44 », « sise 3 »
            words = words[2:] if words[1:2] in (["au"], ["a"], ["aux"]) else words[1:]
        if words and (
            all(_NUMBER.match(w) or w in NUMBER_SUFFIXES for w in words)
            or (len(words) == 2 and _NUMBER.match(words[0]) and words[1] in LETTER_SUFFIXES)
        ):
            carry = words  # « 10, rue du 8 mai 1945 », « 19 A, rue X »: with what follows
            continue
        words = _trim_postcode(_strip_complements(words, parts))
        if not words:
            continue
        if words[0] in _LIEU_DIT or words[:2] == ["lieu", "dit"]:
            parts.lieu_dit = parts.lieu_dit or words[2 if words[0] == "lieu" else 1 :]
            continue
        # An estate word starts an estate name up to a number or a street type.
        start = next(
            (
                i
                for i, w in enumerate(words)
                if w in ESTATE_WORDS
                and (
                    not _is_street(words[:i] or ["x"]) or (i > 2 and words[i - 1] not in STOPWORDS)
                )
            ),
            None,
        )
        if start is not None:  # « Cité X, … », « 3 allée Y Rés. Les Peupliers »
            end = next(
                (
                    i
                    for i in range(start + 1, len(words))
                    if _starts_street(words[i:])
                    # « Rés. Les Lilas 102 cité du Mal Leclerc »: a number and a cité
                    or (
                        _NUMBER.match(words[i])
                        and i + 1 < len(words)
                        and words[i + 1] in ESTATE_WORDS
                    )
                ),
                len(words),
            )
            if not parts.estate:
                parts.estate = words[start + 1 : end]
            words = words[:start] + words[end:]
            if not words:
                continue
        if not _is_street(words):
            cut = next(
                (i for i in range(1, len(words) - 1) if _starts_street(words[i:])),
                None,
            )
            if cut is not None:  # « Les Hauts de Noisy 14 rue X »
                others.append(words[:cut])
                words = words[cut:]
        (streets if _is_street(words) else others).append(words)
    if carry:
        streets.append(carry)
    chosen = (
        next((s for s in streets if _NUMBER.match(s[0]) and len(s) > 1), None)
        or (streets[0] if streets else None)
        or []
    )
    number, suffix, rest = _number(chosen)
    expanded = _expand(rest[:1])
    street_type = ""
    if expanded and expanded[0] in STREET_TYPES:
        street_type = expanded[0]
        expanded = expanded[1:] + _expand_name(rest[1:])
        if street_type == "rond" and expanded[:1] == ["point"]:
            expanded = expanded[1:]
    else:
        expanded = _expand(rest)
    name = tuple(w for w in expanded if w not in STOPWORDS)
    lieu_dit = parts.lieu_dit
    if not chosen and not lieu_dit and others and not parts.estate:
        lieu_dit = others[0]  # « La Croix Blanche »: no number, no street type
    if not name and not street_type and others and not lieu_dit and not parts.estate:
        lieu_dit = others[0]
    estate = " ".join(w for w in _expand(parts.estate) if w not in STOPWORDS)
    return Address(
        number,
        street_type,
        name,
        suffix=suffix,
        building=parts.building,
        staircase=parts.staircase,
        floor=parts.floor,
        flat=parts.flat,
        flat_width=parts.flat_width,
        estate=estate,
        lieu_dit=" ".join(w for w in _expand(list(lieu_dit)) if w not in STOPWORDS),
    )


def numbers_close(a: Address, b: Address) -> str:
    """``same``, ``suffix`` (33 vs 33 bis), ``missing`` (one has none) or ``different``."""
    if not a.number or not b.number:
        return "missing"
    if a.number != b.number:
        return "different"
    return "same" if a.suffix == b.suffix else "suffix"


def flats_differ(a: Address, b: Address) -> bool:
    """Both rows give a flat (or a building) and it differs: two homes, not one."""
    if a.flat and b.flat and a.flat != b.flat:
        return True
    return bool(a.building and b.building and a.building != b.building)
