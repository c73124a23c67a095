"""The work list « À faire » in the browser, as a social worker, a landlord and the
secretariat: home page, header count, htmx filters, a manual task created, assigned in
its row (htmx) and done; checked with axe. Screenshots go to var/screens/."""

import datetime
from pathlib import Path

import pytest

from prevex.accounts.models import OrganisationType, Role
from prevex.procedures.models import Procedure
from prevex.support import worklist
from prevex.support.models import Alert
from tests.factories import InvolvementFactory, MembershipFactory, OrganisationFactory

from .test_file_page_browser import serious_violations
from .test_follow_up_browser import TODAY, followed  # noqa: F401 — fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENS = Path(__file__).resolve().parents[2] / "var" / "screens"


def _shot(page, name):
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"work-list-{name}.png"), full_page=True)


def test_work_list_for_three_readers(logged_page, live_server, followed):  # noqa: F811
    household, worker, _adil, _dsf = followed
    landlord_org = OrganisationFactory(type=OrganisationType.BAILLEUR_SOCIAL)
    InvolvementFactory(household=household, organisation=landlord_org)
    landlord = MembershipFactory(organisation=landlord_org, role=Role.AGENT)
    secretariat = MembershipFactory(
        organisation=OrganisationFactory(type=OrganisationType.ETAT_CCAPEX), role=Role.AGENT
    )
    colleague = MembershipFactory(organisation=worker.organisation, role=Role.TRAVAILLEUR_SOCIAL)
    Procedure.objects.filter(household=household).update(
        key_deadline=TODAY + datetime.timedelta(days=6)
    )
    worklist.generated_tasks_refresh(today=TODAY)

    page = logged_page(worker)
    page.goto(f"{live_server.url}/")
    assert page.locator("h1").inner_text().startswith("À faire")
    assert page.locator("#open-task-count").inner_text() == "1"
    page.get_by_role("link", name="Nouvelle tâche").click()
    page.get_by_label("Dossier (référence)").fill(household.reference)
    page.get_by_label("Tâche").fill("Appeler Mme Benali avant le rendez-vous")
    page.get_by_label("Échéance").fill("2025-03-08")
    page.get_by_role("button", name="Créer la tâche").click()
    assert page.locator("#open-task-count").inner_text() == "2"
    rows = page.locator("#tasks tbody tr")
    assert "Appeler Mme Benali" in rows.nth(0).inner_text()  # overdue first
    assert "en retard" in rows.nth(0).inner_text().lower()
    # Assign it in its row (htmx fragment), to a colleague.
    rows.nth(0).get_by_role("link", name="Confier").click()
    page.locator("#tasks select[name=assigned_to]").select_option(str(colleague.user_id))
    page.get_by_role("button", name="Confier").click()
    task = Alert.objects.get(kind="MANUELLE")
    assert task.assigned_to_id == colleague.user_id
    # Filter with htmx: only the generated ones.
    page.get_by_label("Type").select_option("ECHEANCE_PROCEDURE")
    page.wait_for_url("**kind=ECHEANCE_PROCEDURE**")
    page.wait_for_function("!document.querySelector('#tasks').innerText.includes('Appeler')")
    _shot(page, "travailleur-social")
    assert serious_violations(page) == []
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Faite").click()
    assert page.locator("#open-task-count").inner_text() == "1"
    page.context.close()

    page = logged_page(landlord)
    page.goto(f"{live_server.url}/")
    text = page.locator("#tasks").inner_text()
    assert "Prochaine échéance de la procédure le " in text and "Appeler" not in text
    assert page.get_by_role("link", name="Nouvelle tâche").count() == 0
    _shot(page, "bailleur")
    page.context.close()

    page = logged_page(secretariat)
    page.goto(f"{live_server.url}/")
    assert "Rien à faire" in page.locator("#tasks").inner_text()
    assert page.get_by_role("link", name="Tous les dossiers").count() == 1
    _shot(page, "secretariat")
    assert serious_violations(page) == []
    page.context.close()
