"""A small, deterministic corpus of noisy notification records with their truth.

Used by the tests of the engine and by bench/matching.py when the synthetic département
generator (prevex/synth) is not available. Households draw names and streets from the
demo pools (prevex.synth.population); each sends one to six rows; a share of rows carries the
noise of real files (typos, swapped names, capitals without accents, hyphens, co-tenant
order, street-type abbreviations, wrong postcode, missing birth date or co-tenant).
Hard cases are planted on purpose: neighbours at the same number of the same street,
homonyms elsewhere, and relatives with their own lease at the same address.
"""

from __future__ import annotations

import datetime
import random
import unicodedata
from dataclasses import dataclass

from prevex.matching.records import PersonRecord

from .population import People

NOISES = (
    "typo_last",
    "typo_first",
    "swap",
    "capitals",
    "hyphen",
    "co_order",
    "street_type",
    "postcode",
    "drop_co",
)
ABBREVIATE = {
    "avenue": "av.",
    "boulevard": "bd",
    "place": "pl.",
    "allée": "all.",
    "impasse": "imp.",
    "chemin": "ch.",
    "route": "rte",
    "square": "sq.",
    "rue": "r.",
}
LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class CorpusRow:
    truth: int  # the true household (numbered from 0)
    record: PersonRecord
    noise: tuple[str, ...] = ()


@dataclass
class _Household:
    number: int
    last: str
    first: str
    birth: datetime.date
    co: tuple[str, str] | None
    address: str
    place: tuple[str, str, str]  # insee, postcode, commune name


def _strip_accents(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _typo(rng: random.Random, value: str) -> str:
    if len(value) < 4:
        return value + rng.choice(LETTERS)
    i = rng.randint(1, len(value) - 2)
    kind = rng.choice(("substitute", "delete", "insert", "transpose"))
    if kind == "substitute":
        return value[:i] + rng.choice(LETTERS) + value[i + 1 :]
    if kind == "delete":
        return value[:i] + value[i + 1 :]
    if kind == "insert":
        return value[:i] + value[i] + value[i:]  # doubled letter
    return value[:i] + value[i + 1] + value[i] + value[i + 2 :]


class _Generator:
    def __init__(self, *, seed: int, places: list[tuple[str, str, str]], departement: str):
        self.rng = random.Random(seed)
        self.people = People(seed, self.rng)
        self.places = places
        self.departement = departement
        self.households: list[_Household] = []

    def _first(self) -> str:
        pool = self.people.female if self.rng.random() < 0.55 else self.people.male
        return self.rng.choice(pool)

    def _birth(self) -> datetime.date:
        return datetime.date(1945, 1, 1) + datetime.timedelta(days=self.rng.randint(0, 20_000))

    def _address(self) -> str:
        number = self.rng.randint(1, 180)
        suffix = self.rng.choice([" bis", " ter"]) if self.rng.random() < 0.04 else ""
        return f"{number}{suffix} {self.rng.choice(self.people.streets)}"

    def household(self, number: int) -> _Household:
        rng = self.rng
        last, first, birth = rng.choice(self.people.last_names), self._first(), self._birth()
        address, place = self._address(), rng.choice(self.places)
        hard = rng.random()
        if self.households and hard < 0.04:  # a neighbour: same number, same street
            other = rng.choice(self.households)
            address, place = other.address, other.place
        elif self.households and hard < 0.05:  # a homonym elsewhere
            other = rng.choice(self.households)
            last, first = other.last, other.first
        elif self.households and hard < 0.055:  # a relative with a lease at the same address
            other = rng.choice(self.households)
            last, address, place = other.last, other.address, other.place
        co = None
        if rng.random() < 0.35:
            co_last = last if rng.random() < 0.6 else rng.choice(self.people.last_names)
            co = (co_last, self._first())
        household = _Household(number, last, first, birth, co, address, place)
        self.households.append(household)
        return household

    def row(self, household: _Household, noise_rate: float) -> CorpusRow:
        rng = self.rng
        last, first = household.last, household.first
        co_last, co_first = household.co or ("", "")
        address = household.address
        insee, postcode, commune = household.place
        applied: list[str] = []
        if rng.random() < noise_rate:
            applied = rng.sample(NOISES, k=rng.choice((1, 1, 1, 2)))
        for noise in applied:
            if noise == "typo_last":
                last = _typo(rng, last)
            elif noise == "typo_first":
                first = _typo(rng, first)
            elif noise == "swap":
                last, first = first, last
            elif noise == "capitals":
                last, first = _strip_accents(last).upper(), _strip_accents(first).upper()
                address = _strip_accents(address).upper()
            elif noise == "hyphen":
                last, first = last.replace("-", " "), first.replace("-", " ")
                last = last.replace(" ", "-") if " " in household.last else last
            elif noise == "co_order" and co_last:
                last, first, co_last, co_first = co_last, co_first, last, first
            elif noise == "street_type":
                words = address.split(" ")
                for index, word in enumerate(words):
                    if word.lower() in ABBREVIATE:
                        words[index] = ABBREVIATE[word.lower()]
                        break
                address = " ".join(words)
            elif noise == "postcode":
                other = rng.choice(self.places)
                postcode = other[1] if other[1] != postcode else postcode
            elif noise == "drop_co":
                co_last = co_first = ""
        birth = household.birth if rng.random() > 0.25 else None
        if "co_order" in applied and co_last and household.co:
            birth = None  # the birth date sent is the main tenant's
        record = PersonRecord(
            last_name=last,
            first_name=first,
            birth_date=birth,
            co_last_name=co_last,
            co_first_name=co_first,
            address=address,
            postal_code=postcode,
            commune_insee="" if "postcode" in applied else insee,
            commune_name=commune,
            departement=self.departement,
        )
        return CorpusRow(household.number, record, tuple(applied))


def noisy_corpus(
    *,
    households: int,
    seed: int = 1,
    places: list[tuple[str, str, str]],
    noise: float = 0.35,
    departement: str = "93",
) -> list[CorpusRow]:
    """Rows of ``households`` households in arrival order (each household's rows keep
    their order). ``places`` are (INSEE code, postcode, commune name) of the département;
    ``noise`` is the share of rows with at least one kind of noise."""
    if not places:
        raise ValueError("places must not be empty")
    generator = _Generator(seed=seed, places=places, departement=departement)
    rng = generator.rng
    queues = []
    for number in range(households):
        household = generator.household(number)
        count = rng.choices([1, 2, 3, 4, 5, 6], weights=[30, 25, 18, 12, 8, 7])[0]
        queues.append([generator.row(household, noise) for _ in range(count)])
    order = [number for number, queue in enumerate(queues) for _ in queue]
    rng.shuffle(order)
    return [queues[number].pop(0) for number in order]
