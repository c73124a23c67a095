"""The few fields of a household the engine compares, loaded in one query per chunk."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from prevex.households.models import Member, MemberRole

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
    """Profiles of these households: one query (holders joined to their household) per
    10,000 ids. A household without any lease holder is left out: nothing to compare."""
    ids = sorted(set(household_ids))
    profiles: dict[int, HouseholdProfile] = {}
    for start in range(0, len(ids), ID_CHUNK):
        rows = (
            Member.objects.filter(
                household_id__in=ids[start : start + ID_CHUNK], role__in=HOLDER_ROLES
            )
            .order_by("household_id", "-role", "id")  # TITULAIRE before COTITULAIRE
            .values_list(
                "household_id",
                "household__reference",
                "household__departement_id",
                "household__address",
                "household__postal_code",
                "household__commune_id",
                "last_name",
                "first_name",
                "birth_date",
            )
        )
        for pk, reference, departement_id, address, postcode, insee, last, first, birth in rows:
            profile = profiles.get(pk)
            if profile is None:
                profile = profiles[pk] = HouseholdProfile(
                    pk, reference, departement_id, address, postcode, insee
                )
            profile.holders.append(Holder(last, first, birth))
    return profiles
