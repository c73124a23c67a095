"""Fixtures of the API tests: an organisation of the 93, its token, a client that sends
it, and a valid notification (the fields of one import row)."""

import pytest
from django.apps import apps

from prevex.accounts.models import OrganisationType
from prevex.api.services import api_token_create
from tests.factories import OrganisationFactory, commune

API = "/api/v1"
# Case data a request could write: nothing here may change when a request is refused.
DATA_APPS = ("intake", "households", "procedures", "matching", "audit")


def notification(**overrides) -> dict:
    """A valid commandement de payer, as a bailiff's software would send it."""
    row = {
        "type_acte": "CDP",
        "date_acte": "2025-03-14",
        "reference_acte": "CDP-2025-0001",
        "locataire_nom": "Benali",
        "locataire_prenom": "Samia",
        "locataire_date_naissance": "12/04/1985",
        "adresse": "12 rue de la République",
        "code_postal": "93200",
        "commune": "Saint-Denis",
        "bailleur_nom": "M. Dupuis",
        "bailleur_type": "PERSONNE_PHYSIQUE",
        "loyer_mensuel": 650,
        "charges_mensuelles": "80,00",
        "montant_dette": "2 340,50 €",
    }
    row.update(overrides)
    return {k: v for k, v in row.items() if v is not ...}


def data_counts() -> dict[str, int]:
    """Row count of every model of the case-data apps."""
    return {
        model._meta.label: model._base_manager.count()
        for label in DATA_APPS
        for model in apps.get_app_config(label).get_models()
    }


class ApiClient:
    """Django's test client with the token in the Authorization header."""

    def __init__(self, client, clear_token: str | None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {clear_token}"} if clear_token else {}

    def post(self, body, **kwargs):
        return self.client.post(
            f"{API}/notifications",
            body,
            content_type="application/json",
            headers={**self.headers, **kwargs.pop("headers", {})},
            **kwargs,
        )

    def get(self, row_id, **kwargs):
        return self.client.get(
            f"{API}/notifications/{row_id}",
            headers={**self.headers, **kwargs.pop("headers", {})},
            **kwargs,
        )


@pytest.fixture
def bailiff(db):
    commune()  # Saint-Denis, 93066, postcode 93200
    return OrganisationFactory(
        type=OrganisationType.COMMISSAIRE_JUSTICE, name="Étude Durand", slug="etude-durand"
    )


@pytest.fixture
def other_org(db):
    return OrganisationFactory(type=OrganisationType.CAF, name="CAF de la Seine-Saint-Denis")


@pytest.fixture
def token_pair(bailiff):
    return api_token_create(organisation=bailiff, name="Logiciel de l'étude", by=None)


@pytest.fixture
def api(client, token_pair):
    return ApiClient(client, token_pair[1])


@pytest.fixture
def other_api(client, other_org):
    _, clear = api_token_create(organisation=other_org, name="Flux CAF", by=None)
    return ApiClient(client, clear)


@pytest.fixture
def admin_membership(bailiff):
    from prevex.accounts.models import Role
    from tests.factories import MembershipFactory

    return MembershipFactory(organisation=bailiff, role=Role.ADMIN)
