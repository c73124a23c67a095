"""The few fields of a household the engine compares, loaded in two queries per chunk."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from prevex.households.models import Household, Member, MemberRole

HOLDER_ROLES = (MemberRole.TITULAIRE, MemberRole.COTITULAIRE)
ID_CHUNK = 10_000  # far below the bound-parameter limits of SQLite (32,766) and PostgreSQL


@dataclass(frozen=True)
class Holder:
    last_name: str
    first_name: str
    birth_date: datetime.date | None = None


@dataclass
class HouseholdProfile:
    """A household as the scorer sees it; ``holders`` start with the titulaire."""

    id: int
    reference: str
    departement_id: str
    address: str
    postal_code: str
    commune_insee: str
    holders: list[Holder] = field(default_factory=list)
    prepared: list = field(default_factory=list, repr=False, compare=False)  # scoring's cache


def load_profiles(household_ids) -> dict[int, HouseholdProfile]:
    """Profiles of these households (2 queries per 10,000 ids)."""
    ids = sorted(set(household_ids))
    profiles: dict[int, HouseholdProfile] = {}
    for start in range(0, len(ids), ID_CHUNK):
        chunk = ids[start : start + ID_CHUNK]
        rows = (
            Household.objects.filter(pk__in=chunk)
            .order_by("pk")
            .values_list(
                "pk", "reference", "departement_id", "address", "postal_code", "commune_id"
            )
        )
        for pk, reference, departement_id, address, postal_code, commune_id in rows:
            profiles[pk] = HouseholdProfile(
                pk, reference, departement_id, address, postal_code, commune_id
            )
        members = (
            Member.objects.filter(household_id__in=chunk, role__in=HOLDER_ROLES)
            .order_by("household_id", "-role", "id")  # TITULAIRE before COTITULAIRE
            .values_list("household_id", "last_name", "first_name", "birth_date")
        )
        for household_id, last, first, birth in members:
            if household_id in profiles:
                profiles[household_id].holders.append(Holder(last, first, birth))
    return profiles
