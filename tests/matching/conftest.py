"""Helpers of the matching tests: households created through the services, with keys."""

import datetime
from decimal import Decimal

import pytest

from prevex.core.normalize import parse_address
from prevex.households.models import MemberRole, Parc
from prevex.households.services import household_create, household_derived_refresh
from prevex.matching.dwelling import _street_similarity
from prevex.matching.records import PersonRecord
from tests import factories


@pytest.fixture
def saint_denis(db):
    return factories.commune("93066", "Saint-Denis", "93200")


@pytest.fixture
def montreuil(db):
    return factories.commune("93048", "Montreuil", "93100")


@pytest.fixture
def make_household(saint_denis):
    """``make_household("Benali", "Samia", date, "12 rue X", co=("Benali", "Karim"))``."""

    def _make(
        last,
        first,
        birth=None,
        address="12 avenue de la République",
        *,
        postal_code="93200",
        commune=None,
        co=None,
        co_birth=None,
    ):
        members = [
            {
                "role": MemberRole.TITULAIRE,
                "last_name": last,
                "first_name": first,
                "birth_date": birth,
            }
        ]
        if co:
            members.append(
                {
                    "role": MemberRole.COTITULAIRE,
                    "last_name": co[0],
                    "first_name": co[1],
                    "birth_date": co_birth,
                }
            )
        household = household_create(
            by=None,
            departement="93",
            composition="AUTRE",
            address=address,
            postal_code=postal_code,
            commune=commune or saint_denis,
            parc=Parc.PRIVE,
            rent=Decimal("600"),
            members=members,
        )
        household_derived_refresh(household_ids=[household.pk])
        return household

    return _make


def record(last, first, birth=None, address="12 avenue de la République", **extra) -> PersonRecord:
    extra.setdefault("postal_code", "93200")
    extra.setdefault("departement", "93")
    return PersonRecord(
        last_name=last, first_name=first, birth_date=birth, address=address, **extra
    )


BIRTH = datetime.date(1985, 4, 12)


def street(a: str, b: str) -> float:
    """The street similarity of two address lines, as the scorer sees them."""
    return _street_similarity(parse_address(a), parse_address(b))
