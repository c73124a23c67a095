"""A CCAPEX agent opens a file, records a CQL with HTMX, and sees the eviction date."""

import datetime
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe

from prevex.core import clock
from prevex.procedures.models import Event, Stage
from tests.factories import (
    HouseholdFactory,
    MemberFactory,
    MembershipFactory,
    OrganisationFactory,
    commune,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERIOUS = {"serious", "critical"}


@pytest.fixture
def judged_household():
    from prevex.procedures.services import event_record, procedure_open

    commune()
    ccapex = MembershipFactory(organisation=OrganisationFactory(ccapex=True))
    household = HouseholdFactory()
    MemberFactory(household=household, last_name="Benali", first_name="Samia")
    clock.freeze(datetime.date(2024, 10, 1))
    procedure = procedure_open(
        household=household,
        stage=Stage.CDP,
        date=datetime.date(2023, 10, 2),
        by=ccapex,
        debt_amount=Decimal("2400"),
    )
    event_record(
        procedure=procedure,
        stage=Stage.ASSIGNATION,
        date=datetime.date(2024, 1, 15),
        hearing_date=datetime.date(2024, 7, 1),
        by=ccapex,
    )
    event_record(
        procedure=procedure,
        stage=Stage.JUGEMENT,
        date=datetime.date(2024, 9, 2),
        decision="FERME",
        contradictoire=True,
        by=ccapex,
    )
    return ccapex, household, procedure


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v.get("impact") in SERIOUS
    ]


def test_record_cql_with_htmx_updates_deadlines_without_reload(
    logged_page, live_server, judged_household
):
    ccapex, household, procedure = judged_household
    page = logged_page(ccapex)
    page.goto(f"{live_server.url}/menages/{household.pk}/")
    assert page.locator("h1").inner_text().startswith("BENALI Samia")
    assert serious_violations(page) == []
    page.evaluate("window.__sansRechargement = true")

    page.locator(f"#procedure-{procedure.pk} a", has_text="Enregistrer un acte").click()
    form = page.locator(f"#procedure-{procedure.pk} form").first
    form.locator("select[name=stage]").select_option("CQL")
    form.locator("input[name=date]").fill("2024-09-15")
    form.locator("button[type=submit]").click()

    deadlines = page.locator(f"#procedure-{procedure.pk} [data-testid=echeances]")
    deadlines.get_by_text("Expulsion possible à partir du 01/04/2025").wait_for()
    assert "trêve hivernale jusqu'au 31/03" in deadlines.inner_text()
    assert page.evaluate("window.__sansRechargement") is True
    assert Event.objects.filter(procedure=procedure, stage=Stage.CQL).count() == 1


def test_impossible_act_shows_french_reason_in_place(logged_page, live_server, judged_household):
    ccapex, household, procedure = judged_household
    page = logged_page(ccapex)
    page.goto(f"{live_server.url}/menages/{household.pk}/")
    page.locator(f"#procedure-{procedure.pk} a", has_text="Enregistrer un acte").click()
    form = page.locator(f"#procedure-{procedure.pk} form").first
    form.locator("select[name=stage]").select_option("CQL")
    form.locator("input[name=date]").fill("2024-08-01")
    form.locator("button[type=submit]").click()
    alert = page.locator(f"#procedure-{procedure.pk} .fr-alert--error")
    alert.wait_for()
    assert "antérieure au dernier acte" in alert.inner_text()
    assert not Event.objects.filter(procedure=procedure, stage=Stage.CQL).exists()


def test_dashboard_is_accessible_and_filters(logged_page, live_server, judged_household):
    ccapex, household, procedure = judged_household
    page = logged_page(ccapex)
    page.goto(f"{live_server.url}/dossiers/")
    assert "BENALI Samia" in page.locator("#liste-dossiers").inner_text()
    assert serious_violations(page) == []
    page.select_option("select[name=stage]", "CQL")
    page.click("button:has-text('Filtrer')")
    page.wait_for_url("**stage=CQL**")
    assert "Aucun dossier ne correspond" in page.locator("#liste-dossiers").inner_text()
