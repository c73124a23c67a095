"""The true world: households, their look-alike families, and the acts partners send.

A family is one household (ordinary, usage name, move, co-tenant who left) or a pair of
households that look alike and must never be merged (twins, father and son, namesakes in
one building, relatives with their own lease): such a pair is a « critical pair ».
"""

from __future__ import annotations

import dataclasses
import datetime
import random

from . import people, places
from .people import Name, Person

FAMILIES = {  # label → share of the households
    "ordinaire": 44,
    "nom_usage": 8,
    "jumeaux": 8,
    "pere_fils": 8,
    "homonymes_immeuble": 8,
    "parents_bail_propre": 6,
    "demenagement": 12,
    "cotitulaire_parti": 6,
}
PAIRED = {"jumeaux", "pere_fils", "homonymes_immeuble", "parents_bail_propre"}
COMMON_NAMES = [  # (surname, first name, sex): the namesakes of a building
    (("Diallo", "Dialo"), ("Mamadou", "Mamadu"), "M"),
    (("Traoré", "Traore"), ("Fatoumata", "Fatimata"), "F"),
    (("Benali", "Ben Ali"), ("Mohamed", "Mohammed", "Muhammad"), "M"),
    (("Martin",), ("Nathalie",), "F"),
    (("Da Silva", "Dasilva", "DA SILVA"), ("Maria",), "F"),
    (("Yılmaz", "Yilmaz"), ("Mehmet", "Mehmed"), "M"),
    (("Camara",), ("Aminata", "Aminatta"), "F"),
    (("Haddad", "Hadad"), ("Karim",), "M"),
    (("Cissé", "Cisse"), ("Moussa", "Musa"), "M"),
    (("Dos Santos", "Dossantos"), ("José", "Jose"), "M"),
]
START, END = datetime.date(2023, 1, 2), datetime.date(2025, 10, 31)


@dataclasses.dataclass
class Phase:
    start: datetime.date
    dwelling: places.Dwelling
    with_co: bool
    tag: str  # "" / "avant" / "apres" (move) / "avec_co" / "sans_co"


@dataclasses.dataclass
class Household:
    hid: str
    family: str
    holder: Person
    co: Person | None
    phases: list[Phase]
    landlord: str  # sender key of the landlord
    partner: str = ""  # the other household of a critical pair
    extra_missing_birth: float = 0.0
    phone: str = ""


def _spouse(rng: random.Random, key: str, holder: Person) -> Person:
    sex = "F" if holder.sex == "M" else "M"
    origin = holder.origin if rng.random() < 0.8 else people.origin_of(rng)
    born = holder.birth_date + datetime.timedelta(days=rng.randint(-3000, 3000))
    born = min(born, datetime.date(2003, 12, 31))
    spouse = people.new_person(rng, key, sex=sex, origin=origin, born=born)
    if sex == "F" and rng.random() < 0.6:
        spouse.usage_last = holder.birth_last
    elif holder.sex == "F" and rng.random() < 0.6:
        holder.usage_last = spouse.birth_last
    return spouse


def _landlord(rng: random.Random, dwelling: places.Dwelling) -> str:
    if dwelling.flat and rng.random() < 0.8:
        return rng.choice(["bailleur-social-habitat93", "bailleur-social-plaine"])
    return "agence-immobiliere"


class World:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.places = places.communes()
        self.households: list[Household] = []
        self.critical: list[tuple[str, str, str]] = []
        self._n = 0

    def _hid(self) -> str:
        self._n += 1
        return f"M{self._n:06d}"

    def _household(
        self,
        family: str,
        holder: Person,
        dwelling,
        *,
        co=None,
        phases=None,
        extra_missing: float = 0.0,
    ) -> Household:
        rng = self.rng
        start = START + datetime.timedelta(days=rng.randint(0, (END - START).days - 400))
        household = Household(
            hid=holder.key.split("-")[0],
            family=family,
            holder=holder,
            co=co,
            phases=phases or [Phase(start, dwelling, co is not None, "")],
            landlord=_landlord(rng, dwelling),
            extra_missing_birth=extra_missing,
            phone=f"06{rng.randint(10000000, 99999999)}" if rng.random() < 0.3 else "",
        )
        self.households.append(household)
        return household

    def _pair(self, family: str, a: Household, b: Household) -> None:
        a.partner, b.partner = b.hid, a.hid
        self.critical.append((a.hid, b.hid, family))

    # ------------------------------------------------------------------ families

    def ordinaire(self, family: str = "ordinaire") -> None:
        rng, hid = self.rng, self._hid()
        holder = people.new_person(rng, f"{hid}-t")
        co = _spouse(rng, f"{hid}-c", holder) if rng.random() < 0.45 else None
        self._household(family, holder, places.new_dwelling(rng, self.places), co=co)

    def nom_usage(self) -> None:
        rng, hid = self.rng, self._hid()
        holder = people.new_person(rng, f"{hid}-t", sex="F")
        husband = people.new_person(
            rng, f"{hid}-c", sex="M", origin=holder.origin if rng.random() < 0.7 else None
        )
        holder.usage_last = husband.birth_last
        co = husband if rng.random() < 0.6 else None  # else widowed or separated
        self._household("nom_usage", holder, places.new_dwelling(rng, self.places), co=co)

    def jumeaux(self) -> None:
        rng = self.rng
        first_a, first_b, sexes = rng.choice(people.TWIN_NAMES)
        origin = people.origin_of(rng)
        last = people.pick(rng, people.SURNAMES, origin)
        born = people.birth_date(rng, 1975, 2000)
        dwelling = places.new_dwelling(rng, self.places, flat=True)
        twins = []
        for first, sex, where in (
            (first_a, sexes[0], dwelling),
            (first_b, sexes[1], places.other_flat(rng, dwelling)),
        ):
            hid = self._hid()
            person = Person(f"{hid}-t", sex, Name(first), last, None, born, origin)
            twins.append(self._household("jumeaux", person, where))
        self._pair("jumeaux", *twins)

    def pere_fils(self) -> None:
        rng = self.rng
        origin = people.origin_of(rng)
        father = people.new_person(
            rng, f"{self._hid()}-t", sex="M", origin=origin, born=people.birth_date(rng, 1950, 1968)
        )
        son_born = people.birth_date(rng, father.birth_date.year + 20, father.birth_date.year + 32)
        son = Person(
            f"{self._hid()}-t",
            "M",
            father.first,
            father.birth_last,
            None,
            min(son_born, datetime.date(2003, 6, 1)),
            origin,
        )
        dwelling = places.new_dwelling(rng, self.places, flat=True)
        mother = (
            _spouse(rng, f"{father.key.split('-')[0]}-c", father) if rng.random() < 0.5 else None
        )
        a = self._household("pere_fils", father, dwelling, co=mother, extra_missing=0.35)
        b = self._household("pere_fils", son, places.other_flat(rng, dwelling), extra_missing=0.35)
        self._pair("pere_fils", a, b)

    def homonymes_immeuble(self) -> None:
        rng = self.rng
        last, first, sex = rng.choice(COMMON_NAMES)
        dwelling = places.new_dwelling(rng, self.places, flat=True)
        pair = []
        for where in (dwelling, places.other_flat(rng, dwelling)):
            hid = self._hid()
            person = Person(
                f"{hid}-t", sex, Name(first), Name(last), None, people.birth_date(rng), "other"
            )
            pair.append(self._household("homonymes_immeuble", person, where))
        self._pair("homonymes_immeuble", *pair)

    def parents_bail_propre(self) -> None:
        rng = self.rng
        elder = people.new_person(rng, f"{self._hid()}-t", born=people.birth_date(rng, 1955, 1990))
        if rng.random() < 0.5:  # a brother or sister
            born = elder.birth_date + datetime.timedelta(days=rng.randint(300, 3000))
        else:  # a grown-up child
            born = elder.birth_date + datetime.timedelta(days=rng.randint(20 * 365, 30 * 365))
        other = people.new_person(
            rng,
            f"{self._hid()}-t",
            origin=elder.origin,
            last=elder.birth_last,
            born=min(born, datetime.date(2003, 6, 1)),
        )
        while other.first.canonical == elder.first.canonical:
            other.first = people.pick(
                rng, people.MALE if other.sex == "M" else people.FEMALE, other.origin
            )
        dwelling = places.new_dwelling(rng, self.places, flat=True)
        if rng.random() < 0.5:
            near = places.other_flat(rng, dwelling)
        else:  # same street, other number
            near = places.new_dwelling(rng, self.places, commune=dwelling.commune)
            near.street_type, near.street = dwelling.street_type, dwelling.street
        a = self._household("parents_bail_propre", elder, dwelling)
        b = self._household("parents_bail_propre", other, near)
        self._pair("parents_bail_propre", a, b)

    def demenagement(self) -> None:
        rng, hid = self.rng, self._hid()
        holder = people.new_person(rng, f"{hid}-t")
        co = _spouse(rng, f"{hid}-c", holder) if rng.random() < 0.5 else None
        first = places.new_dwelling(rng, self.places)
        second = places.new_dwelling(rng, self.places)
        start = START + datetime.timedelta(days=rng.randint(0, 300))
        moved = start + datetime.timedelta(days=rng.randint(240, 420))
        phases = [
            Phase(start, first, co is not None, "avant"),
            Phase(moved, second, co is not None, "apres"),
        ]
        self._household("demenagement", holder, first, co=co, phases=phases)

    def cotitulaire_parti(self) -> None:
        rng, hid = self.rng, self._hid()
        holder = people.new_person(rng, f"{hid}-t")
        co = _spouse(rng, f"{hid}-c", holder)
        dwelling = places.new_dwelling(rng, self.places)
        start = START + datetime.timedelta(days=rng.randint(0, 300))
        left = start + datetime.timedelta(days=rng.randint(150, 400))
        phases = [Phase(start, dwelling, True, "avec_co"), Phase(left, dwelling, False, "sans_co")]
        self._household("cotitulaire_parti", holder, dwelling, co=co, phases=phases)

    def build(self, households: int) -> None:
        labels, weights = list(FAMILIES), list(FAMILIES.values())
        while len(self.households) < households:
            family = self.rng.choices(labels, weights=weights)[0]
            if family in PAIRED and len(self.households) + 2 > households:
                family = "ordinaire"
            getattr(self, family)()
