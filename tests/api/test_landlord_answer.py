"""Through the API, a landlord's notification about another landlord's tenant is held for
the secretariat (« Bailleur à confirmer »), and its answer is, field by field, the one of
any notification in review: it never tells the sender that the household exists
(docs/decisions/2026-12-06-landlord-of-record-in-bulk.md)."""

import pytest

from prevex.accounts.models import OrganisationType
from prevex.api.services import api_token_create
from prevex.intake.models import ReviewItem, ReviewKind
from prevex.procedures.models import Event
from tests.api.conftest import ApiClient, data_counts, notification
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _client(client, org_type, name) -> tuple[object, ApiClient]:
    organisation = OrganisationFactory(type=org_type, name=name)
    clear = api_token_create(organisation=organisation, name="Logiciel", by=None)[1]
    return organisation, ApiClient(client, clear)


def _answer(response) -> dict:
    """The answer without what differs by construction (the row's own id, its index and
    the batch number)."""
    assert response.status_code == 201, response.content
    body = response.json()
    [result] = body["notifications"]
    return {
        "resume": body["resume"],
        **{k: v for k, v in result.items() if k not in ("id", "index")},
    }


def _arrears(**overrides) -> dict:
    return notification(type_acte="IMPAYE", date_acte="2025-05-20", **overrides)


def test_a_landlords_notification_about_another_landlords_tenant_reads_as_any_review(
    client, bailiff
):
    _, landlord_a = _client(client, OrganisationType.BAILLEUR_PRIVE, "Agence A")
    assert landlord_a.post(_arrears(reference_acte="A-1")).status_code == 201  # A's tenant

    landlord_b_org, landlord_b = _client(client, OrganisationType.BAILLEUR_SOCIAL, "Bailleur B")
    before = {k: v for k, v in data_counts().items() if not k.startswith("intake.")}
    held = _answer(landlord_b.post(_arrears(reference_acte="B-1", telephone="0611223344")))
    after = {k: v for k, v in data_counts().items() if not k.startswith("intake.")}
    assert after == before  # nothing of it written on the file, no journal of a match
    assert not Event.objects.filter(source=landlord_b_org).exists()

    # a bailiff's act on a file it is not involved in (« nouvel intervenant »)
    _, other_bailiff = _client(client, OrganisationType.COMMISSAIRE_JUSTICE, "Étude Roux")
    newcomer = _answer(other_bailiff.post(notification(reference_acte="ROUX-1")))
    # an uncertain match (same surname, birth date and address, another first name)
    _, landlord_c = _client(client, OrganisationType.BAILLEUR_PRIVE, "Agence C")
    uncertain = _answer(landlord_c.post(_arrears(reference_acte="C-1", locataire_prenom="Samir")))

    assert held == newcomer == uncertain, (held, newcomer, uncertain)
    assert held["statut"] == "REVUE" and held["erreurs"] == []
    assert (held["menage"], held["procedure"], held["acte"]) == (None, None, None)
    assert held["resume"]["revue"] == 1 and held["resume"]["quarantaine"] == 0
    kinds = sorted(ReviewItem.objects.values_list("kind", flat=True))
    assert kinds == sorted([ReviewKind.BAILLEUR, ReviewKind.INTERVENANT, ReviewKind.MATCH])


def test_reading_the_held_notification_back_says_no_more(client, bailiff):
    _, landlord_a = _client(client, OrganisationType.BAILLEUR_PRIVE, "Agence A")
    landlord_a.post(_arrears(reference_acte="A-1"))
    _, landlord_b = _client(client, OrganisationType.BAILLEUR_PRIVE, "Bailleur B")
    [sent] = landlord_b.post(_arrears(reference_acte="B-1")).json()["notifications"]
    read = landlord_b.get(sent["id"]).json()
    assert read == {k: v for k, v in sent.items() if k != "index"}
    assert (read["statut"], read["menage"], read["erreurs"]) == ("REVUE", None, [])
