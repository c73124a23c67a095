"""The file's address completed by an import, seen in Chromium (issue 9,
docs/decisions/2026-12-05-estate-address-completed.md): the CCAPEX secretariat sees the
street on the file page and the change in the history, written by the import; the
bailiff who sent the row is not given the file by sending it.

With ``PREVEX_SCREENSHOTS_DIR`` set, the screens are also captured there."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from prevex.accounts.models import OrganisationType
from prevex.households.models import MemberRole, Parc
from prevex.households.services import household_create, household_derived_refresh
from prevex.intake import services
from tests.factories import MembershipFactory, OrganisationFactory, commune

from .test_duplicates_browser import serious_violations, shoot
from .test_review_why_browser import ROW, _csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ESTATE = "Cité Emmaüs, Bât D, Esc 1, Appt 0409"
STREET = "147, rue Jacques Duclos, bâtiment D, escalier 1, 4e étage, porte 0409"


def test_the_street_sent_for_the_flat_shows_on_the_file_and_in_its_history(
    logged_page, live_server
):
    household = household_create(
        by=None,
        departement="93",
        composition="AUTRE",
        address=ESTATE,
        postal_code="93200",
        commune=commune(),
        parc=Parc.PRIVE,
        rent=Decimal("650"),
        members=[
            {
                "role": MemberRole.TITULAIRE,
                "last_name": "Sissoko",
                "first_name": "Ibrahima",
                "birth_date": datetime.date(1982, 3, 17),
            }
        ],
    )
    household_derived_refresh(household_ids=[household.pk])
    bailiff = MembershipFactory(
        organisation=OrganisationFactory(type=OrganisationType.COMMISSAIRE_JUSTICE)
    )
    row = {
        **ROW,
        "locataire_nom": "SISSOKO",
        "locataire_prenom": "Ibrahima",
        "locataire_date_naissance": "17/03/1982",
        "adresse": STREET,
    }
    services.file_import(
        source=bailiff.organisation, content=_csv(row), filename="a.csv", by=bailiff
    )
    household.refresh_from_db()
    assert household.address == f"{ESTATE} - {STREET}"

    secretariat = MembershipFactory(organisation=OrganisationFactory(ccapex=True))
    page = logged_page(secretariat)
    page.goto(f"{live_server.url}{reverse('households:detail', args=[household.pk])}")
    assert page.get_by_text("rue Jacques Duclos").first.is_visible()
    shoot(page, "address-completed-file.png")
    page.goto(f"{live_server.url}{reverse('households:history', args=[household.pk])}")
    history = page.locator("main").inner_text()
    assert "rue Jacques Duclos" in history and "Cité Emmaüs" in history
    change = page.locator("li, article, div").filter(has_text="Dossier modifié : adresse").last
    assert "import de fichier" in change.inner_text()
    shoot(page, "address-completed-history.png")
    assert serious_violations(page) == []

    # The sender is not involved by its row: the file stays closed to it.
    closed = logged_page(bailiff)
    answer = closed.goto(f"{live_server.url}{reverse('households:detail', args=[household.pk])}")
    assert answer.status == 404
    assert "Jacques Duclos" not in closed.content()
