"""``bulk_generate``: counts, lawful procedures, denormalised fields as the services
compute them."""

import datetime
import random

import pytest

from prevex.core import clock
from prevex.core.territories import load_territories
from prevex.demo.bulk import bulk_generate
from prevex.households.models import Household, Involvement, Member, MemberRole
from prevex.households.services import compute_search_text
from prevex.procedures.models import Event, Procedure
from prevex.procedures.rules import RuleBook
from prevex.procedures.services import procedure_refresh
from tests.factories import OrganisationFactory

from .lawful import procedure_problems

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)
FIELDS = ("stage", "stage_date", "current_debt", "key_deadline")


def test_bulk_generate_counts_and_denormalised_fields():
    clock.freeze(TODAY)
    load_territories(departements=["93"])
    landlord = OrganisationFactory(social_landlord=True)
    result = bulk_generate(n=200, seed=5, batch_size=64)

    assert Household.objects.count() == result.households == 200
    assert Member.objects.count() == result.members
    assert Procedure.objects.count() == result.procedures >= 200
    assert Event.objects.count() == result.events > result.procedures
    assert Involvement.objects.count() == result.involvements
    assert result.involvements == Household.objects.filter(landlord=landlord).count() > 0
    for household in Household.objects.prefetch_related("members", "procedures").order_by("id"):
        members = list(household.members.all())
        assert [m.role for m in members].count(MemberRole.TITULAIRE) == 1
        assert 1 <= len(household.procedures.all()) <= 2
        assert sum(1 for p in household.procedures.all() if p.closed_on is None) <= 1
        expected = compute_search_text(
            members=members, address=household.address, commune_name=household.commune.name
        )
        assert set(household.search_text.split()) == set(expected.split())

    rules = RuleBook.for_departement("93")
    procedures = list(Procedure.objects.order_by("id"))
    assert [x for p in procedures for x in procedure_problems(p, rules, TODAY)] == []
    for procedure in random.Random(1).sample(procedures, 40):
        stored = {name: getattr(procedure, name) for name in FIELDS}
        procedure_refresh(procedure=procedure)
        procedure.refresh_from_db()
        assert {name: getattr(procedure, name) for name in FIELDS} == stored


def test_bulk_generate_is_deterministic_and_continues_references():
    clock.freeze(TODAY)
    load_territories(departements=["93"])
    bulk_generate(n=30, seed=8)
    first = list(
        Household.objects.order_by("reference").values_list("reference", "address", "rent")
    )
    bulk_generate(n=30, seed=8)
    refs = list(Household.objects.order_by("reference").values_list("reference", flat=True))
    assert len(set(refs)) == 60
    second = list(Household.objects.order_by("reference").values_list("address", "rent")[30:])
    assert second == [(address, rent) for _, address, rent in first]
