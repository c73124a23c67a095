"""Household forms sent twice (independent probe): one vulnerability, one evaluation
version, a French message, never a 500."""

import datetime

import pytest

from prevex.core import clock
from prevex.households.models import SocialEvaluation, Vulnerability
from tests.factories import HouseholdFactory, MemberFactory, MembershipFactory, OrganisationFactory
from tests.stale_text import text

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def file(db):
    clock.freeze(datetime.date(2025, 3, 10))
    household = HouseholdFactory()
    MemberFactory(household=household)
    return household


@pytest.fixture
def secretariat(db):
    return MembershipFactory(organisation=OrganisationFactory(ccapex=True))


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_vulnerability_sent_twice_is_recorded_once(client, login_as, secretariat, file, headers):
    login_as(secretariat)
    url = f"/menages/{file.pk}/vulnerabilites/"
    data = {"kind": "SANTE", "note": "Suivi hospitalier", "recorded_on": "01/03/2025"}
    assert client.post(url, data, **headers).status_code == 302
    second = client.post(url, data, **headers)
    assert second.status_code in (200, 422)
    assert Vulnerability.objects.filter(household=file).count() == 1
    assert "déjà signalée" in text(second)


def test_social_evaluation_sent_twice(client, login_as, secretariat, file):
    login_as(secretariat)
    url = f"/menages/{file.pk}/evaluation-sociale/"
    data = {"monthly_resources": "1200", "social_evaluation": "Reprise d'emploi en avril"}
    assert client.post(url, data).status_code == 302
    second = client.post(url, data)
    assert second.status_code in (200, 422)
    assert "identique à la dernière version" in text(second)
    assert SocialEvaluation.objects.filter(household=file).count() == 1


def test_identity_edit_sent_twice(client, login_as, secretariat, file):
    login_as(secretariat)
    url = f"/menages/{file.pk}/modifier/"
    data = {
        "holder_last_name": "Benali", "holder_first_name": "Samia",
        "holder_birth_date": "12/04/1985", "composition": "AUTRE",
        "address": "14 rue de la République", "postal_code": "93200",
        "commune_name": "Saint-Denis", "parc": "PRIVE", "rent": "700", "charges": "80",
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    file.refresh_from_db()
    assert file.address == "14 rue de la République"


def test_deleted_household_forms_are_french_404s(client, login_as, secretariat, file):
    login_as(secretariat)
    pk = file.pk
    file.delete()
    for path in ("modifier", "evaluation-sociale", "vulnerabilites", "historique"):
        response = client.post(f"/menages/{pk}/{path}/", {})
        assert response.status_code in (404, 405)
        if response.status_code == 404:
            assert "introuvable" in text(response).lower()
