"""The true world behind the files: people, households, buildings and procedures."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

import names as N
import places as P

START = dt.date(2023, 1, 1)
END = dt.date(2025, 11, 30)

FAMILY_SHARES = [
    ("ordinaire", 0.44),
    ("nom_usage", 0.08),
    ("demenagement", 0.12),
    ("cotitulaire_parti", 0.06),
    ("jumeaux", 0.075),
    ("pere_fils", 0.075),
    ("homonymes_immeuble", 0.075),
    ("parents_bail_propre", 0.075),
]
PAIR_FAMILIES = {"jumeaux", "pere_fils", "homonymes_immeuble", "parents_bail_propre"}

# Landlords that send files, and the bailiff office each one instructs.
SENDER_LANDLORDS = {
    "tsh": ("Terres de Seine Habitat", "BAILLEUR_SOCIAL", "bailleur_tsh"),
    "lpf": ("Logis Plaine de France", "BAILLEUR_SOCIAL", "bailleur_lpf"),
}
OTHER_SOCIAL = [
    "Habitat Solidaire Île-de-France",
    "OPH Est-Ensemble Logement",
    "Foyer Francilien SA HLM",
    "Résidences du Nord-Est Parisien",
]
SCI_NAMES = [
    "SCI Les Acacias",
    "SCI du Canal",
    "SCI Famille Roche",
    "SCI Horizon 93",
    "SCI Bellevue",
    "SCI Les Trois Chênes",
    "SCI Marceau",
    "SCI Villa Rose",
]
MORALE_NAMES = [
    "Foncière Ourcq Patrimoine",
    "SA Immobilière de la Plaine",
    "Gestion Locative Nord SAS",
    "Patrimoine Seine-Est SAS",
    "Caisse de Retraite Immobilier",
    "Kapital Résidences SAS",
]
PRIVATE_OWNERS = [
    "M. Lemaire",
    "Mme Roche",
    "M. Benhamou",
    "Mme Costa",
    "M. Tran",
    "Indivision Garnier",
    "M. et Mme Vasseur",
    "Mme Leblanc",
    "M. Ouali",
    "M. Pereira",
]


@dataclass
class Person:
    pid: str
    sex: str
    tradition: str
    surname: tuple[str, ...]
    given: list[str]
    dob: dt.date
    usage_surname: tuple[str, ...] | None = None  # married name in use
    widow: bool = False
    role: str = ""  # père / fils / mère / fille (same-name parent and child)
    mobile: str | None = None
    mobile2: str | None = None  # new number after a move
    email: str | None = None


@dataclass
class Event:
    date: dt.date
    act: str
    sender: str
    flat: P.Flat
    with_co: bool
    phase: str
    debt: float
    audience: dt.date | None = None
    decision: str | None = None
    contradictoire: bool | None = None
    cfp: str | None = None
    motif: str = "IMPAYES"
    moved_from: P.Flat | None = None


@dataclass
class Household:
    hid: str
    family: str
    holder: Person
    co: Person | None
    flat: P.Flat
    flat2: P.Flat | None = None
    move_date: dt.date | None = None
    co_leave_date: dt.date | None = None
    partner: str = ""
    landline: str | None = None
    shared_phone: str | None = None  # a relative's number given as contact
    caf_swap: bool = False  # the CAF's allocataire is the co-tenant
    msa: bool = False
    dob_drop: float = 0.0  # extra chance a sender leaves the birth date out
    hosted: str | None = None  # « chez … » at some senders
    events: list[Event] = field(default_factory=list)


# ------------------------------------------------------------------ people


class PeopleMaker:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.n = 0
        self.traditions = list(N.TRADITIONS)
        self.tweights = [N.TRADITIONS[t]["weight"] for t in self.traditions]
        self.used_phones: set[str] = set()

    def tradition(self) -> str:
        return self.rng.choices(self.traditions, self.tweights)[0]

    def surname(self, tradition: str) -> tuple[str, ...]:
        s = self.rng.choice(N.TRADITIONS[tradition]["surnames"])
        return tuple(s) if isinstance(s, tuple) else (s,)

    def given(self, tradition: str, sex: str) -> list[str]:
        t = N.TRADITIONS[tradition]
        first = self.rng.choice(t[sex])
        if "middle_F" in t:
            return [t[f"middle_{sex}"], first]
        out = [first]
        second = t.get(f"second_{sex}")
        p = 0.45 if tradition in ("fr", "iberian", "madagascar", "haiti") else 0.2
        if second and self.rng.random() < p:
            s2 = self.rng.choice(second)
            if s2 != first:
                out.append(s2)
                if tradition == "madagascar" and self.rng.random() < 0.5:
                    out.append(self.rng.choice(second))
        return out

    def phone(self, prefix: str | None = None) -> str:
        while True:
            head = prefix or self.rng.choice(("06", "07", "06"))
            p = head + "".join(str(self.rng.randint(0, 9)) for _ in range(10 - len(head)))
            if p not in self.used_phones:
                self.used_phones.add(p)
                return p

    def dob(self, lo: int = 1944, hi: int = 2004) -> dt.date:
        y = int(self.rng.triangular(lo, hi, 1982))
        return dt.date(y, 1, 1) + dt.timedelta(days=self.rng.randint(0, 364))

    def person(
        self,
        tradition: str | None = None,
        sex: str | None = None,
        surname: tuple[str, ...] | None = None,
        given: list[str] | None = None,
        dob: dt.date | None = None,
    ) -> Person:
        self.n += 1
        tradition = tradition or self.tradition()
        sex = sex or self.rng.choice("FM")
        if dob is None:
            dob = self.dob()
            if tradition not in ("fr", "iberian") and self.rng.random() < 0.05:
                # born where the day was not recorded: civil status says 1 January
                dob = (
                    dt.date(dob.year, 1, 1)
                    if self.rng.random() < 0.8
                    else dt.date(dob.year, 12, 31)
                )
        p = Person(
            pid=f"P{self.n:06d}",
            sex=sex,
            tradition=tradition,
            surname=surname or self.surname(tradition),
            given=given or self.given(tradition, sex),
            dob=dob,
        )
        if self.rng.random() < 0.86:
            p.mobile = self.phone()
        if self.rng.random() < 0.18:
            p.mobile2 = self.phone()
        if self.rng.random() < 0.42:
            p.email = self.email(p)
        return p

    def email(self, p: Person) -> str:
        base = P.strip_accents(p.given[-1 if p.tradition == "vietnam" else 0]).lower()
        sur = P.strip_accents(p.surname[0]).lower()
        base = "".join(c for c in base if c.isalnum())
        sur = "".join(c for c in sur if c.isalnum())
        pattern = self.rng.choice(("{g}.{s}", "{g}{s}", "{s}.{g}", "{g}{n}", "{g}.{s}{n}"))
        local = pattern.format(g=base, s=sur, n=self.rng.randint(1, 99))
        return f"{local}@{self.rng.choice(N.MAIL_DOMAINS)}"

    def partner_of(self, p: Person, married: float = 0.6) -> Person:
        same = self.rng.random() < 0.85
        sex = "M" if p.sex == "F" else "F"
        if self.rng.random() < 0.03:
            sex = p.sex
        q = self.person(
            tradition=p.tradition if same else None,
            sex=sex,
            dob=dt.date(
                max(1940, min(2004, p.dob.year + self.rng.randint(-8, 8))),
                self.rng.randint(1, 12),
                self.rng.randint(1, 28),
            ),
        )
        if self.rng.random() < married and sex != p.sex:
            wife, husband = (p, q) if p.sex == "F" else (q, p)
            wife.usage_surname = husband.surname
        return q


# ------------------------------------------------------------------ buildings


class Estate:
    def __init__(self, rng: random.Random, n_households: int):
        self.rng = rng
        self.communes, self.weights = P.all_communes()
        self.streets: dict[str, list[P.Street]] = {}
        self.buildings: list[P.Building] = []
        self.n = 0
        for c in self.communes:
            self.streets[c.postcode] = P.make_streets(rng, c, rng.randint(14, 26))
        for _ in range(max(40, n_households // 5)):
            self.new_building()

    def new_building(
        self, street: P.Street | None = None, social: bool | None = None
    ) -> P.Building:
        rng = self.rng
        if street is None:
            c = P.pick_commune(rng, self.communes, self.weights)
            street = rng.choice(self.streets[c.postcode])
        self.n += 1
        social = rng.random() < 0.55 if social is None else social
        if social:
            r = rng.random()
            if r < 0.34:
                key = "tsh"
            elif r < 0.62:
                key = "lpf"
            else:
                key = "other"
            if key == "other":
                lname, ltype = rng.choice(OTHER_SOCIAL), "BAILLEUR_SOCIAL"
            else:
                lname, ltype, _ = SENDER_LANDLORDS[key]
            landlord = key
        else:
            r = rng.random()
            if r < 0.42:
                ltype, lname = "PERSONNE_PHYSIQUE", rng.choice(PRIVATE_OWNERS)
            elif r < 0.62:
                ltype, lname = "SCI_FAMILIALE", rng.choice(SCI_NAMES)
            else:
                ltype, lname = "PERSONNE_MORALE", rng.choice(MORALE_NAMES)
            landlord = "agence" if rng.random() < 0.55 else "prive"
        number = rng.randint(1, 160) if rng.random() > 0.04 else None
        suffix = rng.choices(["", "bis", "ter", "A", "B"], [84, 8, 2, 3, 3])[0]
        range_end = (number + 2) if number and not suffix and rng.random() < 0.1 else None
        b = P.Building(
            bid=f"B{self.n:05d}",
            street=street,
            number=number,
            suffix=suffix if number else "",
            range_end=range_end,
            residence=rng.choice(P.RESIDENCES) if social and rng.random() < 0.55 else None,
            social=social,
            landlord=landlord,
            landlord_type=ltype,
            landlord_name=lname,
            floors=rng.randint(4, 15) if social else rng.randint(1, 6),
            stairs=rng.randint(1, 5) if social else rng.randint(1, 2),
            rent_base=rng.randint(330, 620) if social else rng.randint(580, 1150),
        )
        self.buildings.append(b)
        return b

    def building(self, social: bool | None = None) -> P.Building:
        for _ in range(50):
            b = self.rng.choice(self.buildings)
            if social is None or b.social == social:
                return b
        return self.new_building(social=social)

    def flat(self, b: P.Building | None = None) -> P.Flat:
        return P.new_flat(self.rng, b or self.building())

    def neighbour_building(self, b: P.Building) -> P.Building:
        """Another building on the same street (another number)."""
        nb = self.new_building(street=b.street, social=b.social)
        if nb.number is not None and b.number is not None and nb.number == b.number:
            nb.number += 2
        return nb


def landlord_sender(flat: P.Flat) -> str | None:
    b = flat.building
    if b.landlord in SENDER_LANDLORDS:
        return SENDER_LANDLORDS[b.landlord][2]
    if b.landlord == "agence":
        return "agence_duroc"
    return None


def bailiff_for(flat: P.Flat, rng: random.Random) -> str:
    b = flat.building
    if b.landlord == "tsh":
        return "cdj_lefort"
    if b.landlord == "lpf":
        return "cdj_vasseur"
    return "cdj_lefort" if int(b.bid[1:]) % 2 else "cdj_vasseur"
