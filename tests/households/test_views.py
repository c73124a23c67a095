"""Household pages as users meet them: creation, bad input, search, query counts."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prevex.core import clock
from prevex.households.models import Household, Member
from prevex.households.services import household_create
from prevex.procedures.models import Event, Procedure, Stage
from tests.factories import (
    HouseholdFactory,
    MemberFactory,
    MembershipFactory,
    OrganisationFactory,
    commune,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ccapex(login_as):
    commune()
    membership = MembershipFactory(organisation=OrganisationFactory(ccapex=True))
    login_as(membership)
    return membership


@pytest.fixture
def social_worker(login_as):
    commune()
    membership = MembershipFactory(social_worker=True)
    login_as(membership)
    return membership


VALID = {
    "holder_last_name": "Benali",
    "holder_first_name": "Samia",
    "holder_birth_date": "12/04/1985",
    "composition": "MONOPARENTALE",
    "address": "12 rue de la République",
    "postal_code": "93200",
    "parc": "PRIVE",
    "rent": "1 234,56 €",
    "charges": "80",
    "landlord_name": "M. Dupuis",
    "landlord_type": "PERSONNE_PHYSIQUE",
    "phone": "06 12 34 56 78",
}


def test_create_household_then_the_creator_sees_it(client, social_worker):
    response = client.post("/menages/nouveau/", VALID)
    assert response.status_code == 302
    household = Household.objects.get()
    assert household.rent == Decimal("1234.56")
    assert household.commune_id == "93066"
    assert Member.objects.get(household=household).birth_date == datetime.date(1985, 4, 12)
    # The creating organisation is involved, so it can read the file it created.
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "BENALI Samia" in page.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("postal_code", "9320", "Le code postal comporte 5 chiffres."),
        ("postal_code", "93999", "93999"),
        ("rent", "-5", "négatif"),
        ("rent", "douze", "Montant invalide"),
        ("holder_birth_date", "31/02/1990", "Date invalide"),
        ("holder_birth_date", "01/01/2090", "Date de naissance impossible"),
        ("holder_last_name", "", "Ce champ est obligatoire."),
    ],
)
def test_bad_household_input_gets_a_french_message_and_writes_nothing(
    client, social_worker, field, value, message
):
    response = client.post("/menages/nouveau/", {**VALID, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Household.objects.count() == 0


@pytest.mark.parametrize(
    "url",
    ["/menages/999999/", "/menages/999999/modifier/", "/menages/0/", "/menages/abc/"],
)
def test_unknown_or_malformed_ids_are_404_not_500(client, ccapex, url):
    assert client.get(url).status_code == 404


def test_anonymous_user_is_sent_to_login(client):
    response = client.get("/dossiers/")
    assert response.status_code == 302
    assert "/comptes/" in response["Location"]


def test_dashboard_filter_with_bad_value_shows_french_error(client, ccapex):
    response = client.get("/dossiers/?deadline_days=-3&stage=PAS_UNE_ETAPE")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Le nombre de jours ne peut pas être négatif." in html


def _household_with_procedure(name: str, stage=Stage.CDP) -> Household:
    household = HouseholdFactory()
    MemberFactory(household=household, last_name=name, first_name="Jean")
    household.search_text = f"{name.lower()} jean | 12 rue de la republique saint denis"
    household.save()
    procedure = Procedure.objects.create(
        household=household,
        departement_id="93",
        opened_on=datetime.date(2024, 5, 2),
        stage=stage,
        stage_date=datetime.date(2024, 5, 2),
        current_debt=Decimal("1500"),
        key_deadline=datetime.date(2024, 6, 13),
    )
    Event.objects.create(procedure=procedure, stage=stage, date=datetime.date(2024, 5, 2))
    return household


def test_dashboard_query_count_does_not_grow_with_the_data(client, ccapex):
    clock.freeze(datetime.date(2024, 6, 1))
    for i in range(3):
        _household_with_procedure(f"Nom{i}")
    client.get("/dossiers/")  # warm the per-process caches
    with CaptureQueriesContext(connection) as few:
        assert client.get("/dossiers/").status_code == 200
    for i in range(3, 30):
        _household_with_procedure(f"Nom{i}")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/dossiers/")
    assert response.status_code == 200
    assert "NOM29" in response.content.decode() or "NOM0" in response.content.decode()
    assert len(many) == len(few)


def test_file_page_query_count_does_not_grow_with_events(client, ccapex):
    clock.freeze(datetime.date(2025, 6, 1))
    household = _household_with_procedure("Durand")
    client.get(f"/menages/{household.pk}/")  # warm the per-process rule cache
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/menages/{household.pk}/").status_code == 200
    procedure = household.procedures.get()
    for day in range(2, 20):
        Event.objects.create(
            procedure=procedure, stage=Stage.SIGNALEMENT, date=datetime.date(2024, 6, day)
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"/menages/{household.pk}/").status_code == 200
    assert len(many) == len(few)


@pytest.mark.parametrize(
    "query",
    ["Benali Samia", "samia benali", "BÉNALI", "Bnali Samia", "Benalli Samai", "rue republique"],
)
def test_search_tolerates_accents_case_inversions_and_typos(client, ccapex, query):
    household = household_create(
        by=ccapex,
        departement="93",
        composition="MONOPARENTALE",
        address="12 rue de la République",
        postal_code="93200",
        commune=commune(),
        parc="PRIVE",
        rent=Decimal("600"),
        members=[{"role": "TITULAIRE", "last_name": "Benali", "first_name": "Samia"}],
    )
    other = household_create(
        by=ccapex,
        departement="93",
        composition="PERSONNE_SEULE",
        address="3 avenue Jean Jaurès",
        postal_code="93200",
        commune=commune(),
        parc="SOCIAL",
        rent=Decimal("450"),
        members=[{"role": "TITULAIRE", "last_name": "Moreau", "first_name": "Paul"}],
    )
    html = client.get("/menages/recherche/", {"q": query}).content.decode()
    assert f"/menages/{household.pk}/" in html
    assert f"/menages/{other.pk}/" not in html


def _benali(ccapex, n: int = 1, first_name: str = "Samia"):
    return household_create(
        by=ccapex,
        departement="93",
        composition="MONOPARENTALE",
        address=f"{n} rue de la République",
        postal_code="93200",
        commune=commune(),
        parc="PRIVE",
        rent=Decimal("600"),
        members=[{"role": "TITULAIRE", "last_name": "Benali", "first_name": first_name}],
    )


@pytest.mark.parametrize("typed", ["{ref}", " {ref_lower} "])
def test_search_finds_a_file_by_its_reference_first_and_journaled(client, ccapex, typed):
    from prevex.audit.models import AccessLog

    household = _benali(ccapex)
    other = _benali(ccapex, 2)
    before = AccessLog.objects.count()
    query = typed.format(ref=household.reference, ref_lower=household.reference.lower())
    html = client.get("/menages/recherche/", {"q": query}).content.decode()
    assert f"/menages/{household.pk}/" in html
    assert f"/menages/{other.pk}/" not in html
    assert "1 résultat" in html
    assert AccessLog.objects.count() == before + 1


def test_search_results_are_paginated_not_cut_at_twenty(client, ccapex):
    households = [_benali(ccapex, n) for n in range(1, 26)]
    first = client.get("/menages/recherche/", {"q": "Benali Samia"}).content.decode()
    assert "25 résultats" in first
    assert first.count('href="/menages/') - first.count('href="/menages/recherche') >= 20
    assert "Page 1 sur 2" in first and "page=2" in first and "q=Benali+Samia" in first
    second = client.get("/menages/recherche/", {"q": "Benali Samia", "page": "2"}).content.decode()
    assert "Page 2 sur 2" in second
    shown = {h.pk for h in households if f'href="/menages/{h.pk}/"' in first + second}
    assert shown == {h.pk for h in households}


def test_social_worker_records_evaluation_and_vulnerability(client, social_worker):
    from prevex.households.models import Vulnerability
    from tests.factories import InvolvementFactory

    clock.freeze(datetime.date(2025, 3, 10))
    household = HouseholdFactory()
    MemberFactory(household=household)
    InvolvementFactory(household=household, organisation=social_worker.organisation)
    response = client.post(
        f"/menages/{household.pk}/evaluation-sociale/",
        {"monthly_resources": "1 100,50", "resources_note": "RSA", "social_evaluation": "Suivi"},
    )
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.monthly_resources == Decimal("1100.50")
    bad = client.post(
        f"/menages/{household.pk}/vulnerabilites/",
        {"kind": "SANTE", "note": "", "recorded_on": "01/01/2030"},
    )
    assert bad.status_code == 422
    assert "ne peut pas être dans le futur" in bad.content.decode()
    assert not Vulnerability.objects.filter(household=household).exists()


def test_interface_stays_french_whatever_the_browser_language(client, ccapex):
    clock.freeze(datetime.date(2024, 6, 1))
    _household_with_procedure("Durand")
    html = client.get("/dossiers/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Dossiers suivis" in html
    assert "1\u202f500,00 €" in html or "1 500,00 €" in html or "1\xa0500,00 €" in html
