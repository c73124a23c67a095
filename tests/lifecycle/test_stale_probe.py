"""Forms loaded before the nightly retention job anonymised the file, then sent
(independent probe): nothing personal is written back, a French message, never a 500."""

import pytest

from prevex.households.models import Member, SocialEvaluation, Vulnerability
from prevex.households.retention import ANONYMISED_ADDRESS
from prevex.lifecycle.retention import retention_run
from prevex.procedures.models import Procedure
from prevex.support.models import Contact
from tests.stale_text import text

EDIT = {
    "holder_last_name": "Benali",
    "holder_first_name": "Samia",
    "holder_birth_date": "12/04/1985",
    "composition": "AUTRE",
    "address": "12 rue de la République",
    "postal_code": "93200",
    "commune_name": "Saint-Denis",
    "parc": "PRIVE",
    "rent": "650",
    "charges": "0",
}


@pytest.fixture
def anonymised(client, login_as, ccapex, files):
    old = files["old"]
    login_as(ccapex)
    assert client.get(f"/menages/{old.pk}/modifier/").status_code == 200
    assert retention_run().anonymised == 1
    old.refresh_from_db()
    assert old.address == ANONYMISED_ADDRESS
    return old


def test_identity_edit_sent_after_anonymisation(client, anonymised):
    response = client.post(f"/menages/{anonymised.pk}/modifier/", EDIT)
    assert response.status_code == 200  # the form again, with the refusal
    assert "durée de conservation" in text(response)
    anonymised.refresh_from_db()
    assert anonymised.address == ANONYMISED_ADDRESS
    assert not Member.objects.filter(household=anonymised, last_name="Benali").exists()


def test_social_evaluation_sent_after_anonymisation(client, anonymised):
    before = SocialEvaluation.objects.filter(household=anonymised).count()
    response = client.post(
        f"/menages/{anonymised.pk}/evaluation-sociale/",
        {"monthly_resources": "1200", "social_evaluation": "Suivie par le CCAS, dépression"},
    )
    assert response.status_code in (403, 404, 409, 422)
    assert "durée de conservation" in text(response)
    assert SocialEvaluation.objects.filter(household=anonymised).count() == before


def test_vulnerability_sent_after_anonymisation(client, anonymised):
    response = client.post(
        f"/menages/{anonymised.pk}/vulnerabilites/",
        {"kind": "SANTE", "note": "Diabète", "recorded_on": "10/01/2027"},
    )
    assert response.status_code in (403, 404, 409, 422)
    assert "durée de conservation" in text(response)
    assert not Vulnerability.objects.filter(household=anonymised).exists()


def test_contact_sent_after_anonymisation(client, anonymised):
    response = client.post(
        f"/suivi/menages/{anonymised.pk}/contacts/",
        {
            "channel": "SMS", "direction": "SORTANT", "at": "01/12/2026 10:00",
            "purpose": "AUTRE", "purpose_detail": "Mme Benali, nouvelle adresse",
            "outcome": "JOINT",
        },
    )  # fmt: skip
    assert response.status_code in (403, 404, 409, 422)
    assert "durée de conservation" in text(response)
    assert not Contact.objects.filter(household=anonymised).exists()


def test_procedure_opened_after_anonymisation(client, anonymised):
    before = Procedure.objects.filter(household=anonymised).count()
    response = client.post(
        f"/procedures/menage/{anonymised.pk}/ouvrir/",
        {"ground": "IMPAYES", "stage": "CDP", "date": "05/01/2027", "debt_amount": "900",
         "notes": "Mme Benali"},
    )  # fmt: skip
    assert response.status_code in (403, 404, 409, 422)
    assert "durée de conservation" in text(response)
    assert Procedure.objects.filter(household=anonymised).count() == before
