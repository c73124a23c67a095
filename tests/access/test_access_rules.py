"""The cases where a sender reads a file without waiting for the secretariat: rules
stored as data (prevex/access/models.py AccessRule), editable, overridable per
département."""

import datetime
import json

import pytest

from prevex.access.models import AccessRule, Involvement, InvolvementRequest
from prevex.api.services import api_token_create
from prevex.households.models import Household
from prevex.intake.models import ReviewItem
from prevex.procedures.services import event_record
from tests.access.conftest import member_of
from tests.api.conftest import notification

pytestmark = pytest.mark.django_db


def _send(client, organisation, **fields):
    _, clear = api_token_create(organisation=organisation, name="Flux", by=None)
    response = client.post(
        "/api/v1/notifications",
        json.dumps(notification(**fields)),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {clear}",
    )
    assert response.status_code == 201, response.content
    return response.json()["notifications"][0]


def test_landlord_of_record_reads_its_tenants_file_by_the_rule(client, login_as, known_file):
    landlord = member_of("BAILLEUR_SOCIAL", name="Seine-Saint-Denis Habitat")
    Household.objects.filter(pk=known_file.pk).update(landlord=landlord.organisation)
    result = _send(client, landlord.organisation, type_acte="SIGNALEMENT", date_acte="2025-05-20")
    assert (result["statut"], result["menage"]) == ("IMPORTE", known_file.pk)
    assert Involvement.objects.get(organisation=landlord.organisation).reason == "BAILLEUR"
    assert not ReviewItem.objects.exists() and not InvolvementRequest.objects.exists()
    login_as(landlord)
    assert client.get(f"/menages/{known_file.pk}/").status_code == 200


def test_another_landlord_gets_nothing(client, login_as, known_file):
    """A private landlord sends a « signalement » about another landlord's tenant: a
    landlord records acts only for its own tenants, so nothing of the notification is
    written: it waits for the secretariat (« Bailleur à confirmer »), answered as any
    notification in review, naming no file
    (docs/decisions/2026-12-06-landlord-of-record-in-bulk.md)."""
    tenant_landlord = member_of("BAILLEUR_PRIVE", name="Agence du Centre")
    Household.objects.filter(pk=known_file.pk).update(landlord=tenant_landlord.organisation)
    intruder = member_of("BAILLEUR_PRIVE", name="M. Intrus")
    result = _send(client, intruder.organisation, type_acte="SIGNALEMENT", date_acte="2025-05-20")
    assert (result["statut"], result["menage"], result["acte"]) == ("REVUE", None, None)
    assert result["erreurs"] == []
    assert (
        not InvolvementRequest.objects.exists()
        and not Involvement.objects.filter(organisation=intruder.organisation).exists()
    )
    [item] = ReviewItem.objects.all()
    assert (item.kind, item.household_id, item.event_id) == ("BAILLEUR", known_file.pk, None)
    login_as(intruder)
    assert client.get(f"/menages/{known_file.pk}/").status_code == 404


def test_a_departement_may_switch_the_landlord_rule_off(client, login_as, known_file):
    landlord = member_of("BAILLEUR_SOCIAL")
    Household.objects.filter(pk=known_file.pk).update(landlord=landlord.organisation)
    AccessRule.objects.create(
        condition="BAILLEUR_EN_TITRE",
        organisation_type="BAILLEUR_SOCIAL",
        departement_id="93",
        grants=False,
        reason="BAILLEUR",
    )
    result = _send(client, landlord.organisation, type_acte="SIGNALEMENT", date_acte="2025-05-20")
    assert (result["statut"], result["menage"]) == ("REVUE", None)
    assert InvolvementRequest.objects.get().organisation == landlord.organisation


def test_bailiff_of_the_open_procedure_reads_the_file_by_the_rule(
    client, login_as, ccapex, known_file
):
    """The secretariat keyed in the CDP this bailiff served; its assignation opens the file."""
    bailiff = member_of("COMMISSAIRE_JUSTICE", name="Étude Martin")
    procedure = known_file.procedures.get()
    event_record(
        procedure=procedure,
        stage="SIGNALEMENT",
        date=datetime.date(2025, 3, 20),
        source=bailiff.organisation,
        by=ccapex,
    )
    result = _send(
        client,
        bailiff.organisation,
        type_acte="ASSIGNATION",
        date_acte="2025-05-20",
        reference_acte="ASS-1",
        date_audience="2025-10-01",
    )
    assert result["menage"] == known_file.pk
    assert Involvement.objects.get(organisation=bailiff.organisation).reason == "ACTE"


def test_another_bailiff_waits_for_the_secretariat(client, login_as, ccapex, known_file):
    bailiff = member_of("COMMISSAIRE_JUSTICE", name="Étude Martin")
    other = member_of("COMMISSAIRE_JUSTICE", name="Étude Lenoir")
    event_record(
        procedure=known_file.procedures.get(),
        stage="SIGNALEMENT",
        date=datetime.date(2025, 3, 20),
        source=bailiff.organisation,
        by=ccapex,
    )
    result = _send(
        client,
        other.organisation,
        type_acte="ASSIGNATION",
        date_acte="2025-05-20",
        reference_acte="ASS-2",
        date_audience="2025-10-01",
    )
    assert result["menage"] is None
    assert not Involvement.objects.filter(organisation=other.organisation).exists()
