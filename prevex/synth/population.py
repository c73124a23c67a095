"""Synthetic households of the Seine-Saint-Denis: people, dwelling, landlord, resources.

Deterministic: one ``random.Random`` and one seeded Faker ``fr_FR`` per generator. Faker
fills pools of names and streets once; households then draw from the pools with the
generator's own ``random.Random`` (fast enough for 100,000 households). No real person
is described.

Used by the demo loader (prevex.demo) and by the matching tests' noisy corpus
(``corpus.py``): synthetic people belong to the generator and the tests, never to the
product.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from faker import Faker

from prevex.core.text import fold
from prevex.households.models import (
    Composition,
    ContactKind,
    LandlordType,
    MemberRole,
    Parc,
    VulnerabilityKind,
)

# Names common in the Seine-Saint-Denis that Faker's fr_FR lists lack.
EXTRA_LAST_NAMES = [
    "Benali", "Traoré", "Diallo", "Haddad", "Nguyen", "Da Silva", "Ferreira", "Koné",
    "Bensaïd", "Cissé", "Mendy", "Rahmani", "Sissoko", "Yilmaz", "Kaya", "Pereira",
    "Boukhari", "Ouattara", "Mansouri", "Camara", "Chen", "Sivakumar", "Fofana",
    "Dembélé", "Touré", "Belkacem", "Amrani", "Kouassi", "Gomes", "Mezouar", "Sylla",
    "Doucouré", "Hamidi", "Zeroual", "Lopes", "Tran", "Ahmed", "Keita", "Bouzid", "Sow",
]  # fmt: skip
EXTRA_FIRST_NAMES = [
    "Fatoumata", "Aminata", "Mohamed", "Karim", "Yasmine", "Nadia", "Moussa", "Ibrahim",
    "Samia", "Rachid", "Inès", "Sofiane", "Aïcha", "Mamadou", "Kadiatou", "Ana", "João",
    "Mei", "Lan", "Mariam", "Youssef", "Leïla", "Bintou", "Adama", "Hawa", "Kevin",
    "Sabrina", "Mehdi", "Naïma", "Rui", "Priya", "Awa", "Omar", "Salimata", "Djibril",
]  # fmt: skip
# Landlords that are demo partner organisations (see accounts.py).
DEMO_SOCIAL_LANDLORD = "Seine-Saint-Denis Habitat"
DEMO_AGENCY = "Agence Immobilière du Canal"
SOCIAL_LANDLORD_NAMES = [
    "Habitat Est Parisien (ESH)",
    "Logis de l'Ourcq SA HLM",
    "Résidences du Canal – OPH",
    "Foyer Francilien HLM",
]
SCI_NAMES = [
    "SCI Les Tilleuls",
    "SCI du Parc",
    "SCI Familiale Moreau",
    "SCI Les Lilas",
    "SCI Bel Air",
]
COMPANY_NAMES = [
    "Foncière de l'Est parisien",
    "Gestion Immobilière Villette",
    "Cabinet Lenoir Immobilier",
]
VULNERABILITY_NOTES = {
    VulnerabilityKind.HANDICAP: "Reconnaissance MDPH d'un membre du ménage.",
    VulnerabilityKind.SANTE: "Suivi médical lourd signalé par le travailleur social.",
    VulnerabilityKind.GROSSESSE: "Grossesse en cours signalée lors de l'entretien.",
    VulnerabilityKind.PERSONNE_AGEE: "Personne âgée dépendante au domicile.",
    VulnerabilityKind.VIOLENCES: "Violences intrafamiliales signalées.",
    VulnerabilityKind.ENFANT_BAS_AGE: "Enfant de moins de 3 ans au domicile.",
    VulnerabilityKind.PSYCHIQUE: "Troubles psychiques signalés par le commissaire de justice.",
}


def floor(number: int) -> str:
    if number == 0:
        return "rez-de-chaussée"
    return "1er étage" if number == 1 else f"{number}e étage"


@dataclass
class HouseholdProfile:
    composition: str
    members: list[dict]
    address: str
    address_complement: str
    parc: str
    rent: Decimal
    charges: Decimal
    landlord_type: str
    landlord_name: str
    landlord_key: str  # "SOCIAL" / "AGENCY": a demo partner organisation, else ""
    monthly_resources: Decimal
    contacts: list[dict] = field(default_factory=list)
    vulnerabilities: list[dict] = field(default_factory=list)

    @property
    def monthly_cost(self) -> Decimal:
        return self.rent + self.charges


class People:
    """Draws households; ``seed`` fixes Faker's pools and the draws."""

    def __init__(self, seed: int, rng: random.Random | None = None):
        self.rng = rng or random.Random(seed)
        fake = Faker("fr_FR")
        fake.seed_instance(seed)
        self.last_names = sorted({fake.last_name() for _ in range(600)}) + EXTRA_LAST_NAMES * 8
        self.female = sorted({fake.first_name_female() for _ in range(300)}) + EXTRA_FIRST_NAMES
        self.male = sorted({fake.first_name_male() for _ in range(300)}) + EXTRA_FIRST_NAMES
        self.streets = sorted({fake.street_name() for _ in range(700)})
        self.owners = [f"Mme {fake.first_name_female()} {fake.last_name()}" for _ in range(150)]
        self.owners += [f"M. {fake.first_name_male()} {fake.last_name()}" for _ in range(150)]

    def _person(self, role: str, last: str, born: datetime.date) -> dict:
        first = self.rng.choice(self.female if self.rng.random() < 0.55 else self.male)
        return {"role": role, "last_name": last, "first_name": first, "birth_date": born}

    def _birth(self, today: datetime.date, low: int, high: int) -> datetime.date:
        return today - datetime.timedelta(days=self.rng.randint(low * 365, high * 365))

    def _members(self, composition: str, today: datetime.date) -> list[dict]:
        rng, last = self.rng, self.rng.choice(self.last_names)
        adult = self._person(MemberRole.TITULAIRE, last, self._birth(today, 21, 78))
        members = [adult]
        if composition in (Composition.COUPLE_SANS_ENFANT, Composition.COUPLE_AVEC_ENFANTS):
            role = MemberRole.COTITULAIRE if rng.random() < 0.7 else MemberRole.AUTRE
            other = last if rng.random() < 0.6 else rng.choice(self.last_names)
            members.append(self._person(role, other, self._birth(today, 21, 70)))
        if composition in (Composition.MONOPARENTALE, Composition.COUPLE_AVEC_ENFANTS):
            for _ in range(rng.choices([1, 2, 3, 4], weights=[40, 32, 18, 10])[0]):
                members.append(self._person(MemberRole.ENFANT, last, self._birth(today, 0, 19)))
        if composition == Composition.AUTRE:
            for _ in range(rng.randint(1, 2)):
                members.append(
                    self._person(
                        MemberRole.AUTRE, rng.choice(self.last_names), self._birth(today, 18, 85)
                    )
                )
        return members

    def household(self, today: datetime.date) -> HouseholdProfile:
        rng = self.rng
        composition = rng.choices(
            [
                Composition.PERSONNE_SEULE,
                Composition.MONOPARENTALE,
                Composition.COUPLE_AVEC_ENFANTS,
                Composition.COUPLE_SANS_ENFANT,
                Composition.AUTRE,
            ],
            weights=[28, 34, 22, 10, 6],
        )[0]
        members = self._members(composition, today)
        rooms = min(5, max(1, len(members)))
        social = rng.random() < 0.34
        if social:
            rent = Decimal(rng.randint(260, 380) + 70 * rooms)
            charges = Decimal(rng.randint(60, 160))
            landlord_type = LandlordType.BAILLEUR_SOCIAL
            key = "SOCIAL" if rng.random() < 0.6 else ""
            name = DEMO_SOCIAL_LANDLORD if key else rng.choice(SOCIAL_LANDLORD_NAMES)
            building, door = rng.choice("ABCDEFG"), rng.randint(1, 60)
            complement = f"Bât. {building}, {floor(rng.randint(0, 14))}, porte {door}"
        else:
            rent = Decimal(rng.randint(420, 620) + 110 * rooms)
            charges = Decimal(rng.randint(25, 130))
            key = "AGENCY" if rng.random() < 0.15 else ""
            landlord_type = rng.choices(
                [
                    LandlordType.PERSONNE_PHYSIQUE,
                    LandlordType.SCI_FAMILIALE,
                    LandlordType.PERSONNE_MORALE,
                ],
                weights=[60, 20, 20],
            )[0]
            if key:
                landlord_type, name = LandlordType.PERSONNE_MORALE, DEMO_AGENCY
            elif landlord_type == LandlordType.PERSONNE_PHYSIQUE:
                name = rng.choice(self.owners)
            elif landlord_type == LandlordType.SCI_FAMILIALE:
                name = rng.choice(SCI_NAMES)
            else:
                name = rng.choice(COMPANY_NAMES)
            complement = floor(rng.randint(0, 6)) if rng.random() < 0.6 else ""
        adults = sum(1 for m in members if m["role"] != MemberRole.ENFANT)
        resources = Decimal(
            rng.randint(550, 1500) * adults + rng.randint(0, 250) * (len(members) - adults)
        )
        return HouseholdProfile(
            composition=composition,
            members=members,
            address=f"{rng.randint(1, 180)} {rng.choice(self.streets)}",
            address_complement=complement,
            parc=Parc.SOCIAL if social else Parc.PRIVE,
            rent=rent,
            charges=charges,
            landlord_type=landlord_type,
            landlord_name=name,
            landlord_key=key,
            monthly_resources=resources,
            contacts=self._contacts(members[0]),
            vulnerabilities=self._vulnerabilities(members, today),
        )

    def _contacts(self, holder: dict) -> list[dict]:
        rng, contacts = self.rng, []
        if rng.random() < 0.8:
            number = (
                f"0{rng.choice('67')} {' '.join(f'{rng.randint(0, 99):02d}' for _ in range(4))}"
            )
            contacts.append({"kind": ContactKind.TELEPHONE, "value": number})
        if rng.random() < 0.45:
            local = fold(f"{holder['first_name']}.{holder['last_name']}").replace(" ", ".")
            contacts.append({"kind": ContactKind.EMAIL, "value": f"{local}@example.org"})
        return contacts

    def _vulnerabilities(self, members: list[dict], today: datetime.date) -> list[dict]:
        rng = self.rng
        if rng.random() > 0.13:
            return []
        kinds = list(VULNERABILITY_NOTES)
        if any(m["birth_date"] > today - datetime.timedelta(days=3 * 365) for m in members):
            kinds += [VulnerabilityKind.ENFANT_BAS_AGE] * 3
        kind = rng.choice(kinds)
        recorded = today - datetime.timedelta(days=rng.randint(10, 500))
        return [{"kind": kind, "note": VULNERABILITY_NOTES[kind], "recorded_on": recorded}]


def commune_picker(rng: random.Random, communes: list) -> callable:
    """Pick communes weighted by population (``communes``: objects with ``population``)."""
    weights = [max(1, c.population) for c in communes]

    def pick():
        return rng.choices(communes, weights=weights, k=1)[0]

    return pick
