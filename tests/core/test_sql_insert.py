"""``insert_objects`` keeps the parent an unsaved child was built with: reading it back
after the insert costs no query (the import's write history reads ``event.procedure``
for every act)."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from prevex.core.sql import insert_objects
from prevex.households.models import Household, Member, MemberRole, Parc
from tests import factories


def test_the_parent_stays_cached_after_the_insert(db):
    commune = factories.commune()
    household = Household(
        departement_id="93",
        reference="93-TEST-1",
        address="1 rue de Paris",
        postal_code="93200",
        commune=commune,
        parc=Parc.PRIVE,
        rent=Decimal("500"),
    )
    member = Member(household=household, role=MemberRole.TITULAIRE, last_name="Benali")
    insert_objects(Household, [household])
    insert_objects(Member, [member])
    assert member.household_id == household.pk is not None
    with CaptureQueriesContext(connection) as captured:
        assert member.household is household
    assert len(captured) == 0
    assert Member.objects.get(pk=member.pk).household_id == household.pk
