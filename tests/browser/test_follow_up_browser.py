"""The follow-up in the browser: a social worker notes a contact with htmx, fills and sends
the DSF, refers the household to the ADIL, which accepts; pages checked with axe."""

import datetime

import pytest

from prevex.accounts.models import OrganisationType, Role
from prevex.core import clock
from prevex.support import services
from prevex.support.models import Contact, Dsf
from tests.factories import (
    HouseholdFactory,
    InvolvementFactory,
    MemberFactory,
    MembershipFactory,
    OrganisationFactory,
    commune,
)
from tests.support.conftest import open_procedure

from .test_file_page_browser import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = datetime.date(2025, 3, 10)


@pytest.fixture
def followed():
    from prevex.core.models import Departement
    from prevex.procedures.models import LegalRule
    from prevex.procedures.rules import clear_rule_cache
    from prevex.procedures.rules_data import seed_legal_rules
    from prevex.support.catalogue import seed_catalogue
    from prevex.support.models import MeasureType
    from prevex.support.rules_data import RULES

    seed_legal_rules(legal_rule_model=LegalRule, departement_model=Departement, rules=RULES)
    seed_catalogue(measure_type_model=MeasureType)
    clear_rule_cache()
    commune()
    clock.freeze(TODAY)
    household = HouseholdFactory()
    MemberFactory(household=household, last_name="Benali", first_name="Samia")
    procedure = open_procedure(household)
    org = OrganisationFactory(type=OrganisationType.CD_SOCIAL)
    InvolvementFactory(household=household, organisation=org)
    worker = MembershipFactory(organisation=org, role=Role.TRAVAILLEUR_SOCIAL)
    adil = MembershipFactory(organisation=OrganisationFactory(type=OrganisationType.ADIL))
    dsf = services.dsf_request(procedure=procedure, by=worker)
    return household, worker, adil, dsf


def test_contact_dsf_and_referral_loop(logged_page, live_server, followed):
    household, worker, adil, dsf = followed
    page = logged_page(worker)
    page.goto(f"{live_server.url}/menages/{household.pk}/")
    assert page.locator("#titre-suivi").is_visible()
    assert serious_violations(page) == []
    page.click("text=Noter un contact")  # fetched with htmx, in place
    page.wait_for_selector("#formulaire-contact #id_outcome")
    page.select_option("#id_channel", "TELEPHONE")
    page.select_option("#id_purpose", "DSF")
    page.select_option("#id_outcome", "RDV_PRIS")
    page.fill("#id_at", "2025-03-07T10:30")
    page.click("#formulaire-contact button[type=submit]")
    page.wait_for_selector("text=Contact enregistré.")
    assert Contact.objects.get().outcome == "RDV_PRIS"

    page.goto(f"{live_server.url}/suivi/dsf/{dsf.pk}/")
    assert serious_violations(page) == []
    page.fill("#id_res_SALAIRES", "-5")
    page.click("text=Enregistrer le DSF")
    assert "Le montant ne peut pas être négatif." in page.content()
    page.fill("#id_res_SALAIRES", "1 250,00")
    page.fill("#id_opinion", "Reprise possible avec le FSL.")
    page.click("text=Enregistrer le DSF")
    page.wait_for_selector("text=DSF enregistré.")
    page.locator("form[action$='/realise/'] input[name=on]").fill("2025-03-10")
    page.click("text=Déclarer le DSF réalisé")
    page.locator("form[action$='/transmis/'] input[name=on]").fill("2025-03-10")
    page.click("text=Transmettre au tribunal")
    page.wait_for_selector("text=Transmis au tribunal le 10/03/2025")
    assert Dsf.objects.get().status == "TRANSMIS"

    page.goto(f"{live_server.url}/menages/{household.pk}/")
    page.click("text=Orienter le ménage")
    page.wait_for_selector("#formulaire-orientation #id_reason")
    page.select_option("#id_to_organisation", str(adil.organisation_id))
    page.select_option("#id_reason", "ACCES_DROIT")
    page.click("text=Envoyer l'orientation")
    page.wait_for_selector("text=Orientation envoyée.")

    other = logged_page(adil)
    other.goto(f"{live_server.url}/suivi/orientations/")
    assert serious_violations(other) == []
    other.click("button:has-text('Accepter')")
    other.wait_for_selector("text=Orientation acceptée : le dossier vous est ouvert.")
    assert "BENALI Samia" in other.content()

    page = logged_page(worker)  # the ADIL's login replaced the test client's session
    page.goto(f"{live_server.url}/menages/{household.pk}/")
    assert "acceptée" in page.locator("section[aria-labelledby=titre-suivi]").inner_text().lower()
