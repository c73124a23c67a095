"""The households behind the procedures: people, dwelling, landlord, rent, resources.

Drawn on output, in household order, only for the households that appear in the
requested years (the simulation needs none of it). French names come from Faker
``fr_FR`` (seeded) plus the preset's extra names; communes are the département's real
communes weighted by population; telephone numbers are in the ranges ARCEP reserves for
fiction (06 39 98 …, 01 99 00 …) and e-mails use example.org. No real person is described.
"""

from __future__ import annotations

import datetime
import functools
import random

from faker import Faker

from prevex.core.text import fold

from .model import Picker

VULNERABILITY_NOTES = {
    "HANDICAP": "Reconnaissance MDPH d'un membre du ménage.",
    "SANTE": "Suivi médical lourd signalé par le travailleur social.",
    "GROSSESSE": "Grossesse en cours signalée lors de l'entretien.",
    "PERSONNE_AGEE": "Personne âgée dépendante au domicile.",
    "VIOLENCES": "Violences intrafamiliales signalées.",
    "ENFANT_BAS_AGE": "Enfant de moins de 3 ans au domicile.",
    "PSYCHIQUE": "Troubles psychiques signalés par le commissaire de justice.",
}
YEAR = 365.25
# Age of the holder (lowest, span in years) by composition.
AGES = {"MONOPARENTALE": (20, 35), "COUPLE_AVEC_ENFANTS": (22, 36)}


class Member:
    __slots__ = ("role", "last_name", "first_name", "birth")

    def __init__(self, role: str, last_name: str, first_name: str, birth: int):
        self.role, self.last_name, self.first_name, self.birth = role, last_name, first_name, birth


class Household:
    __slots__ = ("hid", "social", "commune", "place", "postcode", "composition", "members",
                 "holder", "cotitulaire", "address", "complement", "rent", "charges",
                 "resources", "phone", "email", "ltype", "landlord", "landlord_index",
                 "vulnerability", "informed")  # fmt: skip

    @property
    def monthly_cost(self) -> float:
        return self.rent + self.charges


@functools.lru_cache(maxsize=4096)
def _folded(name: str) -> str:
    """« Le Goff » → « le.goff » (names come back often: memoised)."""
    return fold(name).replace(" ", ".")


@functools.lru_cache(maxsize=4)
def name_pools(seed: int) -> dict[str, list[str]]:
    """Faker's French names and streets, drawn once for a seed (sorted: stable order)."""
    fake = Faker("fr_FR")
    fake.seed_instance(seed)
    return {
        "last": sorted({fake.last_name() for _ in range(800)}),
        "female": sorted({fake.first_name_female() for _ in range(400)}),
        "male": sorted({fake.first_name_male() for _ in range(400)}),
        "street": sorted({fake.street_name() for _ in range(900)}),
    }


class People:
    """Draws the households of one département (deterministic for a seed)."""

    def __init__(self, *, preset, geo, seed: int, departement: str):
        self.preset, self.geo = preset, geo
        self.rng = random.Random(f"{seed}|{preset.code}|{departement}|people")
        self.random = self.rng.random
        pools = name_pools(seed)
        names = preset.table("names")
        self.extra_share = names.get("extra_weight", 0) / (1 + names.get("extra_weight", 0))
        self.last, self.extra_last = pools["last"], list(names.get("last", [])) or pools["last"]
        self.female, self.male = pools["female"], pools["male"]
        self.extra_first = list(names.get("first", [])) or pools["female"]
        self.streets = pools["street"]
        households = preset.table("households")
        self.settings = households
        self.pick_composition = Picker(households["composition"])
        self.pick_children = Picker(dict(enumerate(households["children"], start=1)))
        landlords = preset.table("landlords")
        self.pick_private = Picker(landlords["private_types"])
        self.social_landlords = landlords["social"]
        self.pick_social = Picker(
            {i: s.get("weight", 1) for i, s in enumerate(landlords["social"])}
        )
        self.companies, self.sci = landlords["companies"], landlords["sci"]
        rents = preset.table("rents")
        self._rents = {}
        for social, parc in ((True, "SOCIAL"), (False, "PRIVE")):
            low, high = rents[parc]["charges"]
            for zone in (1, 2, 3):
                base, per_room = rents[parc][f"zone{zone}"]
                self._rents[(social, zone)] = (base, per_room, int(low), int(high - low + 1))
        self._resources = tuple(
            (int(low), int(high - low + 1))
            for low, high in (households["resources_adult"], households["resources_child"])
        )
        self._telephone, self._email = households["telephone"], households["email"]
        self._cotitulaire = households["cotitulaire"]

    # ------------------------------------------------------------------ names
    def _last_name(self) -> str:
        r = self.random
        pool = self.extra_last if r() < self.extra_share else self.last
        return pool[int(r() * len(pool))]

    def _first_name(self, female: bool) -> str:
        r = self.random
        pool = self.female if female else self.male
        if r() < self.extra_share:
            pool = self.extra_first
        return pool[int(r() * len(pool))]

    # ------------------------------------------------------------------ household
    def household(self, hid: int, *, social: bool, vulnerable: bool, day: int) -> Household:
        """The household ``hid`` as it was on ``day`` (the start of its first procedure)."""
        r = self.random
        h = Household()
        h.hid, h.social = hid, social
        h.commune = self.geo.pick(self.rng)
        h.place = place = self.geo.places[h.commune]
        h.postcode = place.postcodes[int(r() * len(place.postcodes))]
        h.composition = composition = self.pick_composition(self.rng)
        h.members, h.cotitulaire, adults = self._members(composition, day)
        h.holder = holder = h.members[0]
        street = self.streets[int(r() * len(self.streets))]
        h.address = f"{1 + int(r() * 180)}{' bis' if r() < 0.04 else ''} {street}"
        if social:
            floor = int(r() * 15)
            level = (
                "rez-de-chaussée" if floor == 0 else f"{floor}{'er' if floor == 1 else 'e'} étage"
            )
            h.complement = f"Bât. {'ABCDEFGH'[int(r() * 8)]}, {level}, porte {1 + int(r() * 60)}"
        else:
            h.complement = f"{1 + int(r() * 6)}e étage" if r() < 0.5 else ""
        people = len(h.members)
        rooms = min(5, max(1, people - (1 if adults >= 2 else 0)))
        base, per_room, charges_low, charges_span = self._rents[(social, place.zone)]
        h.rent = round((base + per_room * rooms) * (0.88 + 0.24 * r()))
        h.charges = charges_low + int(r() * charges_span)
        (a_low, a_span), (c_low, c_span) = self._resources
        h.resources = adults * (a_low + int(r() * a_span)) + (people - adults) * (
            c_low + int(r() * c_span)
        )
        h.phone = h.email = ""
        if r() < self._telephone:
            prefix = "06 39 98" if r() < 0.8 else "01 99 00"
            h.phone = f"{prefix} {int(r() * 100):02d} {int(r() * 100):02d}"
        if r() < self._email:
            number = 1 + int(r() * 99) if r() < 0.4 else ""
            h.email = (
                f"{_folded(holder.first_name)}.{_folded(holder.last_name)}{number}@example.org"
            )
        self._landlord(h)
        h.vulnerability = self._vulnerability(h, day) if vulnerable else ""
        h.informed = r() < 0.7
        return h

    def _members(self, composition: str, day: int) -> tuple[list[Member], Member | None, int]:
        """Members (holder first), the co-tenant if any, and the number of adults."""
        r, first_name, last_name = self.random, self._first_name, self._last_name
        last = last_name()
        female = r() < (0.85 if composition == "MONOPARENTALE" else 0.55)
        low, span = AGES.get(composition, (20, 62))
        holder = Member("TITULAIRE", last, first_name(female), day - int((low + span * r()) * YEAR))
        members, cotitulaire, adults = [holder], None, 1
        if composition == "COUPLE_SANS_ENFANT" or composition == "COUPLE_AVEC_ENFANTS":
            role = "COTITULAIRE" if r() < self._cotitulaire else "AUTRE"
            other = last if r() < 0.6 else last_name()
            partner = Member(role, other, first_name(not female),
                             day - int((low + span * r()) * YEAR))  # fmt: skip
            members.append(partner)
            adults += 1
            if role == "COTITULAIRE":
                cotitulaire = partner
        if composition == "MONOPARENTALE" or composition == "COUPLE_AVEC_ENFANTS":
            oldest = min(19.0, max(0.0, (day - holder.birth) / YEAR - 17))
            for _ in range(self.pick_children(self.rng)):
                members.append(Member("ENFANT", last, first_name(r() < 0.5),
                                      day - int(r() * oldest * YEAR)))  # fmt: skip
        elif composition == "AUTRE":
            for _ in range(1 + (r() < 0.5)):
                members.append(Member("AUTRE", last_name(), first_name(r() < 0.5),
                                      day - int((18 + 67 * r()) * YEAR)))  # fmt: skip
                adults += 1
        return members, cotitulaire, adults

    def _landlord(self, h: Household) -> None:
        rng, r = self.rng, self.random
        h.landlord_index = -1
        if h.social:
            h.ltype = "BAILLEUR_SOCIAL"
            h.landlord_index = self.pick_social(rng)
            h.landlord = self.social_landlords[h.landlord_index]["name"]
            return
        h.ltype = self.pick_private(rng)
        if h.ltype == "PERSONNE_PHYSIQUE":
            female = r() < 0.5
            h.landlord = (
                f"{'Mme' if female else 'M.'} {self._first_name(female)} {self._last_name()}"
            )
        elif h.ltype == "SCI_FAMILIALE":
            h.landlord = f"SCI {self.sci[int(r() * len(self.sci))]}"
        else:
            h.landlord = self.companies[int(r() * len(self.companies))]

    def _vulnerability(self, h: Household, day: int) -> str:
        kinds = sorted(VULNERABILITY_NOTES)
        if any(m.role == "ENFANT" and day - m.birth < 3 * YEAR for m in h.members):
            kinds += ["ENFANT_BAS_AGE"] * 3
        if any(day - m.birth > 70 * YEAR for m in h.members):
            kinds += ["PERSONNE_AGEE"] * 2
        return kinds[int(self.rng.random() * len(kinds))]


def birth_date(day: int) -> datetime.date:
    return datetime.date.fromordinal(day)
