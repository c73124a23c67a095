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


def test_insert_values_gives_a_missing_field_its_default(db):
    """``insert_values``: a field left out of a row takes the field's default, as
    ``bulk_create`` stores it."""
    from django.utils import timezone

    from prevex.core.sql import insert_values
    from prevex.intake.models import ImportBatch

    source = factories.OrganisationFactory()
    given = {"source_id": source.pk, "departement_id": "93", "channel": "FICHIER"}
    (pk,) = insert_values(ImportBatch, [given | {"created_at": timezone.now()}])
    (made,) = ImportBatch.objects.bulk_create([ImportBatch(**given)])
    columns = [f.attname for f in ImportBatch._meta.concrete_fields]
    skip = {"id", "created_at"}
    ours = ImportBatch.objects.values(*columns).get(pk=pk)
    theirs = ImportBatch.objects.values(*columns).get(pk=made.pk)
    assert {k: v for k, v in ours.items() if k not in skip} == {
        k: v for k, v in theirs.items() if k not in skip
    }
    assert ours["notices"] == [] and ours["total"] == 0
