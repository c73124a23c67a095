"""People compared: names prepared once (civilities, usage and birth names, particles,
transliteration keys — prevex/core/names.py) and the similarity of two people (0–100).

Used by the scorer (``scoring.py``) and by the claims (``claims.py``); both memoise, since
monthly lists send the same spellings again and again.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass
from functools import cached_property, lru_cache

from rapidfuzz import fuzz

from prevex.core.names import given_key as _given_key
from prevex.core.names import parse_person_name
from prevex.core.normalize import Address, parse_address, phonetic
from prevex.core.phones import mobile_number

from .records import PersonRecord

given_key = lru_cache(maxsize=100_000)(_given_key)


_NEXT_IDENT = itertools.count(1)
_IDENTS: dict = {}  # value → ident, so that equal values share their memo entries
IDENTS_SIZE = 500_000


def ident_of(value) -> int:
    """A process-local integer naming this value in the memos (one hash of the value,
    then the memos hash plain integers, in C). Equal values get the same ident while
    the table lasts; when it is cleared, new idents are drawn from the counter, never
    reused: two different values never share one."""
    found = _IDENTS.get(value)
    if found is None:
        if len(_IDENTS) >= IDENTS_SIZE:
            _IDENTS.clear()
        found = _IDENTS[value] = next(_NEXT_IDENT)
    return found


class _HashedOnce:
    """Frozen dataclasses whose hash is computed once and kept in ``_hash`` (their own
    ``__hash__`` below), and whose memo ident (``ident_of``) is kept in ``_ident``:
    neither is pickled, since string hashes and idents differ between processes."""

    def __getstate__(self):
        return {k: v for k, v in self.__dict__.items() if k not in ("_hash", "_ident")}

    def __setstate__(self, state):
        self.__dict__.update(state)
        object.__setattr__(self, "_ident", ident_of(self))

    def _with_ident(self):
        object.__setattr__(self, "_ident", ident_of(self))
        return self


@dataclass(frozen=True)
class PreparedPerson(_HashedOnce):
    """A person as compared: civilities removed, the usage name as ``last`` and every
    surname form (usage, birth, with or without a droppable article) in ``surnames``
    (prevex/core/names.py)."""

    last: str  # compact (no spaces)
    first: str
    last_tokens: frozenset
    first_tokens: frozenset
    full: str  # folded « last first »
    last_phonetic: str
    first_phonetic: str
    surnames: frozenset = frozenset()  # compact surname forms
    given_forms: frozenset = frozenset()  # transliteration keys of the first name
    generation: str = ""  # « jr » / « sr » written after the name (core/names.py), or ""

    @classmethod
    def of(cls, last: str, first: str) -> PreparedPerson:
        return _prepared_person(last or "", first or "")

    @classmethod
    def build(cls, last: str, first: str) -> PreparedPerson:
        parsed = parse_person_name(last, first)
        last_f = parsed.usage or parsed.birth
        first_f = parsed.given
        return cls(
            last=last_f.replace(" ", ""),
            first=first_f.replace(" ", ""),
            last_tokens=frozenset(t for t in last_f.split() if len(t) >= 3),
            first_tokens=frozenset(t for t in first_f.split() if len(t) >= 3),
            full=f"{last_f} {first_f}".strip(),
            last_phonetic=phonetic(last_f.replace(" ", "")),
            first_phonetic=phonetic(first_f.replace(" ", "")),
            surnames=parsed.surname_forms,
            given_forms=parsed.given_forms,
            generation=parsed.generation,
        )

    def __hash__(self) -> int:
        # Computed once: people are memo keys of every comparison (hashing the frozensets
        # again for each candidate cost more than comparing).
        found = self.__dict__.get("_hash")
        if found is None:
            found = hash(
                (
                    self.last,
                    self.first,
                    self.full,
                    self.surnames,
                    self.given_forms,
                    self.generation,
                )
            )
            object.__setattr__(self, "_hash", found)
        return found

    def swapped(self) -> PreparedPerson:
        return self._swapped

    @cached_property
    def _swapped(self) -> PreparedPerson:  # built once per person (people are interned)
        return PreparedPerson(
            last=self.first,
            first=self.last,
            last_tokens=self.first_tokens,
            first_tokens=self.last_tokens,
            full=self.full,
            last_phonetic=self.first_phonetic,
            first_phonetic=self.last_phonetic,
            surnames=frozenset({self.first}) if self.first else frozenset(),
            given_forms=frozenset({given_key(self.last)}) if self.last else frozenset(),
            generation=self.generation,
        )._with_ident()


@lru_cache(maxsize=100_000)
def _prepared_person(last: str, first: str) -> PreparedPerson:
    return PreparedPerson.build(last, first)._with_ident()


@dataclass(frozen=True)
class PreparedRecord(_HashedOnce):
    people: tuple[PreparedPerson, ...]
    birth_date: datetime.date | None
    address: Address
    postal_code: str
    commune_insee: str
    mobile: str = ""  # the row's personal mobile number (phones.mobile_number), or ""

    def __hash__(self) -> int:
        found = self.__dict__.get("_hash")
        if found is None:  # once per record: it keys the scorer's memo for each candidate
            found = hash(
                (self.people, self.birth_date, self.address, self.postal_code, self.mobile)
            )
            object.__setattr__(self, "_hash", found)
        return found

    @classmethod
    def of(cls, record: PersonRecord) -> PreparedRecord:
        return cls(
            people=tuple(PreparedPerson.of(last, first) for last, first in record.people()),
            birth_date=record.birth_date,
            address=parse_address(record.address or ""),
            postal_code=(record.postal_code or "").strip(),
            commune_insee=(record.commune_insee or "").strip(),
            mobile=mobile_number(record.phone),
        )._with_ident()


def _nested(a: frozenset, b: frozenset) -> bool:
    return bool(a and b) and (a <= b or b <= a)


def _surname_similarity(
    a: PreparedPerson, b_last: str, b_tokens, b_phonetic: str, b_forms=frozenset()
) -> float:
    if not a.last or not b_last:
        return 0.0
    if a.surnames & b_forms:
        return 100.0  # « Martin épouse Dupont » / « Dupont »; « El Amrani » / « Amrani »
    score = fuzz.ratio(a.last, b_last)
    if score < 100 and (len(a.surnames) > 1 or len(b_forms) > 1):
        # One of a person's other surnames (birth, usage) written another way: « Mansouri
        # ép. Abdelaziz » / « Mansoury », « Camara épouse Diallo » / « Caamara ».
        for ours in a.surnames:
            for theirs in b_forms:
                other = fuzz.ratio(ours, theirs)
                if other > score:
                    score = other
    if score < 100 and _nested(a.last_tokens, b_tokens):
        score = max(score, 90.0)  # « Martin » within « Martin-Dupont »
    if score < 88 and a.last_phonetic and a.last_phonetic == b_phonetic:
        score = 88.0
    return score


def _given_similarity(a: str, a_tokens, b: str, b_tokens) -> float:
    if not a or not b:
        return 70.0  # unknown: neither for nor against
    score = fuzz.ratio(a, b)
    if score < 100 and _nested(a_tokens, b_tokens):
        score = max(score, 85.0)  # « Jean » within « Jean-Pierre »
    return score


# Memo of ``person_similarity``: a pure function of two people, asked again for every
# row of a household already known (monthly lists repeat the same spelling). Keyed by
# value: people written differently by two senders (« BENALI » / « Benali ») are equal
# once prepared, and their hash is computed once.
# Keyed by the two people's idents (``ident_of``): hashing two integers costs far less
# than calling the people's own ``__hash__`` for every comparison.
_SIMILARITIES: dict[tuple[int, int], tuple[float, bool]] = {}
MEMO_SIZE = 200_000


def person_similarity(a: PreparedPerson, b: PreparedPerson) -> tuple[float, bool]:
    """(similarity 0–100, names swapped?) of two people."""
    key = (a._ident, b._ident)
    found = _SIMILARITIES.get(key)
    if found is None:
        if len(_SIMILARITIES) >= MEMO_SIZE:
            _SIMILARITIES.clear()
        found = _SIMILARITIES[key] = compute_person_similarity(a, b)
    return found


def compute_person_similarity(a: PreparedPerson, b: PreparedPerson) -> tuple[float, bool]:
    """``person_similarity`` without the memo. « Junior » and « Senior » (« fils »,
    « père ») of one name are two people: below the names gate."""
    if a.generation and b.generation and a.generation != b.generation:
        return min(_names_similarity(a, b)[0], GENERATIONS_APART), False
    return _names_similarity(a, b)


GENERATIONS_APART = 60.0  # « père » against « fils »: names too far apart (< NAME_GATE)


def _names_similarity(a: PreparedPerson, b: PreparedPerson) -> tuple[float, bool]:
    given = _given_similarity(a.first, a.first_tokens, b.first, b.first_tokens)
    if given < 100 and a.given_forms & b.given_forms:
        given = max(given, 92.0)  # Mohamed / Muhammad (transliteration)
    direct = (
        0.6 * _surname_similarity(a, b.last, b.last_tokens, b.last_phonetic, b.surnames)
        + 0.4 * given
    )
    if direct >= 99.5:
        return direct, False
    swapped_a = a.swapped()
    swapped_given = _given_similarity(a.last, a.last_tokens, b.first, b.first_tokens)
    if swapped_given < 100 and swapped_a.given_forms & b.given_forms:
        swapped_given = max(swapped_given, 92.0)  # « Maryam » in the surname field
    swapped = (
        0.6 * _surname_similarity(swapped_a, b.last, b.last_tokens, b.last_phonetic, b.surnames)
        + 0.4 * swapped_given
    )
    sorted_tokens = fuzz.token_sort_ratio(a.full, b.full) if a.full and b.full else 0.0
    best = max(direct, swapped, sorted_tokens)
    return best, best > direct + 0.5 and swapped >= sorted_tokens
