"""The landlord-of-record rule on the bulk path (imports, API: ``event_record_many``): a
landlord's row about another landlord's tenant is refused in French, quarantined, and
writes nothing of the file; its own tenants' rows and new tenants import as before
(docs/decisions/2026-12-06-landlord-of-record-in-bulk.md)."""

import datetime

import pytest
from django.apps import apps

from prevex.intake import services as intake
from prevex.intake.models import ImportRow, RowStatus
from prevex.procedures.models import Event
from prevex.procedures.services import ActDraft, event_record_many
from tests.access.conftest import member_of
from tests.factories import InvolvementFactory
from tests.intake.conftest import csv_bytes, row

pytestmark = pytest.mark.django_db
D = datetime.date
FILE_APPS = ("households", "procedures", "access", "matching", "support", "audit")


def _file_counts() -> dict[str, int]:
    """Row count of every model a file's write could touch (the import's own rows aside)."""
    return {
        model._meta.label: model._base_manager.count()
        for label in FILE_APPS
        for model in apps.get_app_config(label).get_models()
    }


def _import(membership, rows):
    return intake.file_import(
        source=membership.organisation, content=csv_bytes(rows), filename="b.csv", by=membership
    )


@pytest.mark.parametrize("org_type", ["BAILLEUR_PRIVE", "BAILLEUR_SOCIAL"])
def test_a_landlords_row_about_another_landlords_tenant_is_refused(org_type, known_file):
    """Samia Benali's landlord of record is agency A; landlord B sends an arrears report
    naming her (same name, birth date and address: a sure match)."""
    agency_a = member_of("BAILLEUR_PRIVE", name="Agence A")
    InvolvementFactory(household=known_file, organisation=agency_a.organisation, reason="BAILLEUR")
    other = member_of(org_type, name="Bailleur B")
    before = _file_counts()
    batch = _import(
        other,
        [row(type_acte="IMPAYE", date_acte="20/05/2025", telephone="06 11 22 33 44")],
    )
    assert batch.summary["quarantaine"] == 1, batch.summary
    stored = ImportRow.objects.get(batch=batch)
    assert stored.status == RowStatus.QUARANTAINE
    assert (stored.household_id, stored.procedure_id, stored.event_id) == (None, None, None)
    [error] = stored.errors
    assert error["column"] == "locataire_nom"
    assert "un bailleur ne transmet des actes que pour ses propres locataires" in error["message"]
    assert "Aucune donnée de cette ligne n'a été enregistrée" in error["message"]
    assert _file_counts() == before  # no act, contact, involvement, request, history…
    # the landlord of record's own report is recorded
    batch = _import(agency_a, [row(type_acte="IMPAYE", date_acte="20/05/2025")])
    assert batch.summary["quarantaine"] == 0
    assert Event.objects.filter(stage="IMPAYE", recorded_for=agency_a.organisation).exists()


def test_a_landlords_new_tenant_still_opens_a_file(known_file, territory):
    """A tenant prevex does not know yet: the landlord's row creates the file, of which it
    is the landlord of record (the rule refuses nothing there)."""
    landlord = member_of("BAILLEUR_PRIVE", name="Agence B")
    batch = _import(
        landlord,
        [row(type_acte="IMPAYE", locataire_nom="Martin", locataire_prenom="Paul",
             locataire_date_naissance="01/01/1970", adresse="4 avenue Jean Jaurès",
             reference_acte="IMP-2")],
    )  # fmt: skip
    assert batch.summary["importes"] == 1, batch.summary
    assert Event.objects.get(recorded_for=landlord.organisation).procedure.household.landlord_id


def test_the_service_refuses_for_the_organisation_it_records_for(known_file):
    """The rule is the service's: any bulk caller gets the refusal, the API (no
    membership, ``recorded_for`` the sender) as the import."""
    landlord = member_of("BAILLEUR_SOCIAL", name="Bailleur B")
    [result] = event_record_many(
        acts=[ActDraft(household_id=known_file.pk, stage="IMPAYE", date=D(2025, 5, 20))],
        by=None,
        channel="API",
        recorded_for=landlord.organisation,
    )
    assert result.event is None and "propres locataires" in result.refused
    assert not Event.objects.filter(stage="IMPAYE").exists()
    # the system itself (no organisation) is not checked
    [result] = event_record_many(
        acts=[ActDraft(household_id=known_file.pk, stage="IMPAYE", date=D(2025, 5, 20))],
        by=None,
        channel="API",
    )
    assert result.event is not None and not result.refused
