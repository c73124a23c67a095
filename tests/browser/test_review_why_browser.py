"""A review item says why in Chromium: the rule, the look-alike warning and the compared
fields side by side (issue 9, item 6), with no serious accessibility violation.

With ``PREVEX_SCREENSHOTS_DIR`` set, the screen is also captured there."""

import csv
import datetime
import io
from decimal import Decimal

import pytest

from prevex.accounts.models import OrganisationType
from prevex.households.models import MemberRole, Parc
from prevex.households.services import household_create, household_derived_refresh
from prevex.intake import services
from prevex.intake.columns import COLUMN_NAMES
from prevex.intake.models import ReviewItem, ReviewKind
from tests.factories import MembershipFactory, OrganisationFactory, commune

from .test_duplicates_browser import serious_violations, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROW = {
    "type_acte": "CDP",
    "date_acte": "10/03/2025",
    "reference_acte": "CDP-777",
    "locataire_nom": "BENALI",
    "locataire_prenom": "Samir",
    "locataire_date_naissance": "12/04/1985",
    "adresse": "12 avenue de la République",
    "code_postal": "93200",
    "commune": "Saint-Denis",
    "bailleur_nom": "M. Dupuis",
    "bailleur_type": "PERSONNE_PHYSIQUE",
    "loyer_mensuel": "650",
    "montant_dette": "1950",
}


def _csv(row: dict) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMN_NAMES)
    writer.writerow([row.get(c, "") for c in COLUMN_NAMES])
    return out.getvalue().encode()


def test_the_review_item_shows_the_rule_and_the_twins_warning(logged_page, live_server):
    saint_denis = commune()
    household = household_create(
        by=None,
        departement="93",
        composition="AUTRE",
        address="12 avenue de la République",
        postal_code="93200",
        commune=saint_denis,
        parc=Parc.PRIVE,
        rent=Decimal("650"),
        members=[
            {
                "role": MemberRole.TITULAIRE,
                "last_name": "Benali",
                "first_name": "Samia",
                "birth_date": datetime.date(1985, 4, 12),
            }
        ],
    )
    household_derived_refresh(household_ids=[household.pk])
    bailiff = MembershipFactory(
        organisation=OrganisationFactory(type=OrganisationType.COMMISSAIRE_JUSTICE)
    )
    services.file_import(
        source=bailiff.organisation, content=_csv(ROW), filename="a.csv", by=bailiff
    )
    item = ReviewItem.objects.get(kind=ReviewKind.MATCH)
    secretariat = MembershipFactory(organisation=OrganisationFactory(ccapex=True))
    page = logged_page(secretariat)
    page.goto(f"{live_server.url}/imports/revue/")
    assert page.get_by_text("possibles jumeaux").first.is_visible()
    shoot(page, "review-queue.png")
    # Every column wraps, so the reason stays in view at 1,280 px whatever the length of
    # the row's headline (the table scrolled sideways in the demo); the type's badge too
    # (« Acte incohérent avec la procédure » made the table 36 px too wide at 1,024 px).
    wrapping = page.evaluate(
        "() => [...document.querySelectorAll('#file-revue tbody tr:first-child td')]"
        ".map(td => getComputedStyle(td).whiteSpace)"
    )
    assert wrapping == ["normal"] * 4, wrapping
    badge = page.locator("#file-revue tbody tr:first-child td .fr-badge").first
    assert badge.evaluate("b => getComputedStyle(b).whiteSpace") == "normal"
    page.goto(f"{live_server.url}/imports/revue/{item.pk}/")
    assert page.get_by_role("heading", name="Pourquoi cette ligne est en revue").is_visible()
    assert page.get_by_text("Attention : possibles jumeaux", exact=True).is_visible()
    assert page.get_by_text("Même date de naissance mais prénoms différents").first.is_visible()
    table = page.get_by_role("table", name=f"Comparaison avec le ménage {household.reference}")
    assert "BENALI Samir" in table.inner_text() and "BENALI Samia" in table.inner_text()
    shoot(page, "review-item-why.png")
    assert serious_violations(page) == []
