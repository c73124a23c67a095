"""Daily use (issue 10, item 8): a landlord's new household gets its procedure; the
landlord's referral to the CCAPEX is never offered on a file whose landlord is a natural
person or a family SCI (decision 2026-12-06-referral-by-private-legal-persons); the lease
holder, not the co-holder, heads the file, the list and the export."""

import datetime
import re

import pytest

from prevex.core.errors import BusinessError
from prevex.households.models import Household, MemberRole, Parc
from prevex.procedures.models import Event, Procedure, Stage
from prevex.procedures.services import event_record, procedure_open

from .conftest import member_of

pytestmark = pytest.mark.django_db


def _options(html: str) -> set[str]:
    select = re.search(r'<select name="stage".*?</select>', html, re.S).group(0)
    return set(re.findall(r'<option value="([A-Z_]+)"', select))


@pytest.mark.parametrize("org_type", ["BAILLEUR_SOCIAL", "BAILLEUR_PRIVE"])
def test_a_landlords_new_household_gets_its_procedure(org_type, territory, client, login_as):
    landlord = member_of(org_type)
    login_as(landlord)
    parc = Parc.SOCIAL if org_type == "BAILLEUR_SOCIAL" else Parc.PRIVE
    response = client.post(
        "/menages/nouveau/",
        {
            "holder_last_name": "Lemaire",
            "holder_first_name": "Jonas",
            "composition": "PERSONNE_SEULE",
            "address": "4 allée des Tilleuls",
            "postal_code": "93200",
            "commune_name": "Saint-Denis",
            "parc": parc,
            "rent": "480",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    household = Household.objects.get(address="4 allée des Tilleuls")
    page = client.get(f"/menages/{household.pk}/").content.decode()
    assert "Ouvrir une procédure" in page
    form = client.get(f"/procedures/menage/{household.pk}/ouvrir/").content.decode()
    # a landlord that is a legal person refers to the CCAPEX, social or private (the new
    # household's landlord type is unknown: nothing says it is a natural person)
    assert household.landlord_type == ""
    assert _options(form) == {"IMPAYE", "SIGNALEMENT", "SAISINE_BAILLEUR_SOCIAL"}
    assert '<option value="" selected>— choisir —</option>' in form
    response = client.post(
        f"/procedures/menage/{household.pk}/ouvrir/",
        {"ground": "IMPAYES", "stage": "IMPAYE", "date": "02/05/2025", "debt_amount": "960"},
    )
    assert response.status_code == 302
    procedure = Procedure.objects.get(household=household)
    assert procedure.stage == Stage.IMPAYE and procedure.closed_on is None


def test_the_referral_is_refused_when_the_landlord_is_a_natural_person(
    known_file, ccapex, client, login_as
):
    """The secretariat may record every act, yet not the landlord's referral to the CCAPEX
    on a file whose landlord is a natural person: not offered, and refused by the service."""
    Household.objects.filter(pk=known_file.pk).update(landlord_type="PERSONNE_PHYSIQUE")
    known_file.refresh_from_db()
    login_as(ccapex)
    procedure = known_file.procedures.get()
    form = client.get(f"/procedures/{procedure.pk}/actes/formulaire/").content.decode()
    assert "SAISINE_BAILLEUR_SOCIAL" not in _options(form)
    assert "CDP" in _options(form)
    before = Event.objects.count()
    response = client.post(
        f"/procedures/{procedure.pk}/actes/",
        {"stage": "SAISINE_BAILLEUR_SOCIAL", "date": "20/05/2025"},
    )
    assert response.status_code == 422
    assert Event.objects.count() == before
    procedure.household.refresh_from_db()
    with pytest.raises(BusinessError, match="indiqué comme une personne physique"):
        event_record(
            procedure=procedure,
            stage=Stage.SAISINE_BAILLEUR_SOCIAL,
            date=datetime.date(2025, 5, 20),
            by=ccapex,
        )
    assert Event.objects.count() == before


def test_the_social_referral_is_offered_and_recorded_on_a_social_file(
    known_file, ccapex, client, login_as
):
    Household.objects.filter(pk=known_file.pk).update(parc=Parc.SOCIAL)
    login_as(ccapex)
    procedure = known_file.procedures.get()
    form = client.get(f"/procedures/{procedure.pk}/actes/formulaire/").content.decode()
    assert "SAISINE_BAILLEUR_SOCIAL" in _options(form)
    procedure.household.refresh_from_db()
    event = event_record(
        procedure=procedure,
        stage=Stage.SAISINE_BAILLEUR_SOCIAL,
        date=datetime.date(2025, 5, 20),
        by=ccapex,
    )
    assert event.stage == Stage.SAISINE_BAILLEUR_SOCIAL


def test_a_procedure_cannot_open_with_the_referral_of_a_family_sci(known_file, ccapex):
    Procedure.objects.filter(household=known_file).update(
        closed_on=datetime.date(2025, 5, 1), outcome="DETTE_SOLDEE"
    )
    Household.objects.filter(pk=known_file.pk).update(landlord_type="SCI_FAMILIALE")
    known_file.refresh_from_db()
    with pytest.raises(BusinessError, match="indiqué comme une SCI familiale"):
        procedure_open(
            household=known_file,
            stage=Stage.SAISINE_BAILLEUR_SOCIAL,
            date=datetime.date(2025, 5, 20),
            by=ccapex,
        )


def test_the_lease_holder_heads_the_file_the_list_and_the_export(
    known_file, ccapex, client, login_as
):
    """The co-holder (« Aaron », first in alphabetical order of role codes and names) is
    named after the lease holder everywhere."""
    from prevex.households.models import Member

    Member.objects.create(
        household=known_file, role=MemberRole.COTITULAIRE, last_name="Aaron", first_name="Zoé"
    )
    login_as(ccapex)
    page = client.get(f"/menages/{known_file.pk}/").content.decode()
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)
    assert "BENALI Samia" in heading and "Aaron" not in heading.upper().title()
    dashboard = client.get("/dossiers/").content.decode()  # the list of files
    assert dashboard.index("BENALI Samia") < dashboard.index("AARON Zoé")
    export = b"".join(client.get("/menages/export.csv").streaming_content).decode("utf-8-sig")
    assert export.splitlines()[1].split(";")[1] == "Benali Samia"
