"""Through the API too, an act another organisation already sent tells a sender that is
not involved in the file nothing: the same answer as for any act of a newcomer."""

import pytest

from prevex.accounts.models import OrganisationType
from prevex.api.services import api_token_create
from prevex.procedures.models import Event
from tests.api.conftest import ApiClient, notification
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _answer(response) -> dict:
    assert response.status_code in (200, 201), response.content
    [result] = response.json()["notifications"]
    return {k: v for k, v in result.items() if k not in ("id", "index")}


@pytest.fixture
def other_bailiff_api(client, bailiff):
    other = OrganisationFactory(type=OrganisationType.COMMISSAIRE_JUSTICE, name="Étude Roux")
    return ApiClient(client, api_token_create(organisation=other, name="Logiciel", by=None)[1])


def test_the_same_act_under_another_reference_is_answered_as_a_new_act(api, other_bailiff_api):
    other_api = other_bailiff_api
    assert api.post(notification()).status_code == 201

    same = other_api.post(notification(reference_acte="ROUX-2025-1"))
    different = other_api.post(notification(reference_acte="ROUX-2025-2", montant_dette="999"))

    assert same.status_code == different.status_code == 201
    assert _answer(same) == _answer(different)
    assert _answer(same)["statut"] == "REVUE"
    assert _answer(same)["menage"] is None and _answer(same)["acte"] is None
    assert Event.objects.filter(debt_amount="2340.50").count() == 1
