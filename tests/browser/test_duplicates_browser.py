"""The secretariat creates a household that already exists, sees the candidate, creates
it anyway, then merges the two files and splits them back — in Chromium, with axe.

With ``PREVEX_SCREENSHOTS_DIR`` set, the screens are also captured there (the pictures
in docs/screenshots/ were taken that way)."""

import datetime
import os
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe

from prevex.households.models import Household, MemberRole, Parc
from prevex.households.services import household_create, household_derived_refresh
from prevex.matching.models import MatchDecision, Outcome
from prevex.procedures.models import Procedure
from prevex.procedures.services import procedure_close, procedure_open
from tests.factories import MembershipFactory, OrganisationFactory, commune

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERIOUS = {"serious", "critical"}
SHOTS = os.environ.get("PREVEX_SCREENSHOTS_DIR", "")


def shoot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name), full_page=True)


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v.get("impact") in SERIOUS
    ]


@pytest.fixture
def existing():
    """Samia Benali's file, with a closed procedure, and its matching keys."""
    saint_denis = commune()
    household = household_create(
        by=None,
        departement="93",
        composition="MONOPARENTALE",
        address="12 avenue de la République",
        postal_code="93200",
        commune=saint_denis,
        parc=Parc.PRIVE,
        rent=Decimal("600"),
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
    procedure = procedure_open(
        household=household,
        stage="CDP",
        date=datetime.date(2023, 3, 3),
        by=None,
        debt_amount=Decimal("1800"),
        strict=False,
    )
    procedure_close(
        procedure=procedure, outcome="DETTE_SOLDEE", closed_on=datetime.date(2023, 9, 1), by=None
    )
    return household


def test_create_candidate_merge_and_split_back(logged_page, live_server, existing):
    secretariat = MembershipFactory(organisation=OrganisationFactory(ccapex=True))
    page = logged_page(secretariat)

    # 1. « Nouveau ménage »: the same person, typed with other case and accents.
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Nouveau ménage").click()
    page.get_by_label("Nom du titulaire du bail", exact=True).fill("BÉNALI")
    page.get_by_label("Prénom du titulaire", exact=True).fill("samia")
    page.get_by_label("Composition du ménage", exact=True).select_option("MONOPARENTALE")
    page.get_by_label("Adresse du logement", exact=True).fill("12 av. de la Republique")
    page.get_by_label("Code postal", exact=True).fill("93200")
    page.get_by_label("Parc", exact=True).select_option("PRIVE")
    page.get_by_label("Loyer mensuel hors charges (€)", exact=True).fill("600")
    page.get_by_role("button", name="Enregistrer").click()

    # 2. The candidate is shown; nothing is created yet.
    warning = page.get_by_role("heading", name="Ce ménage existe peut-être déjà")
    warning.wait_for()
    assert page.get_by_role("link", name=f"Ouvrir le dossier {existing.reference}").is_visible()
    assert Household.objects.count() == 1
    assert serious_violations(page) == []
    shoot(page, "duplicate-at-creation.png")
    page.get_by_role("button", name="Créer quand même").click()
    page.get_by_text("créé.").first.wait_for()
    created = Household.objects.exclude(pk=existing.pk).get()
    assert page.url == f"{live_server.url}/menages/{created.pk}/"
    # Meanwhile a bailiff's act opened a procedure on the second file.
    moved = procedure_open(
        household=created,
        stage="CDP",
        date=datetime.date(2026, 1, 5),
        by=None,
        debt_amount=Decimal("2100"),
        strict=False,
    )

    # 3. From the new file: « Doublons et fusions », compare, merge into the older file
    #    (kept by default).
    page.get_by_role("link", name="Doublons et fusions").click()
    page.get_by_role("heading", name=f"Dossier {existing.reference}", exact=False).wait_for()
    assert serious_violations(page) == []
    page.get_by_role("link", name="Comparer et fusionner…").click()
    page.get_by_role("caption").filter(has_text="Les deux dossiers côte à côte").wait_for()
    assert f"Dossier conservé : {existing.reference}" in page.content()
    assert serious_violations(page) == []
    shoot(page, "merge-two-files.png")
    page.get_by_role("button", name="Fusionner").click()
    page.get_by_text(f"a été fusionné dans le dossier {existing.reference}").wait_for()
    assert list(Household.objects.values_list("pk", flat=True)) == [existing.pk]

    # 4. The merged file lists its merge: « Annuler la fusion / séparer ».
    page.get_by_role("link", name="Annuler la fusion / séparer…").click()
    page.get_by_role("heading", name=f"Annuler la fusion du dossier {created.reference}").wait_for()
    assert serious_violations(page) == []
    checkbox = page.locator(f"input[name=procedures][value='{moved.pk}']")
    assert checkbox.is_checked()  # the procedure that came with the absorbed file
    shoot(page, "split-back.png")
    page.get_by_role("button", name="Séparer vers un nouveau dossier").click()
    page.get_by_text("Séparation enregistrée").wait_for()
    split = Household.objects.exclude(pk=existing.pk).get()
    assert Procedure.objects.get(pk=moved.pk).household == split
    assert Procedure.objects.filter(household=existing).count() == 1
    assert MatchDecision.objects.filter(outcome=Outcome.MERGE).count() == 1
    assert MatchDecision.objects.filter(outcome=Outcome.SPLIT, household=split).count() == 1
