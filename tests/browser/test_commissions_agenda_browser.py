"""The agenda builder in the browser: the CCAPEX secretariat puts two proposed files on
the agenda, moves one up, sends the invitation; the member CAF reads the session; the
landlord sees the « Commissions » panel of the file. Checked with axe; screenshots go
to var/screens/."""

from pathlib import Path

import pytest

from prevex.commissions import agenda
from prevex.commissions.choices import SaisineReason
from prevex.commissions.models import AgendaItem
from tests.browser.test_file_page_browser import serious_violations
from tests.commissions.conftest import freeze_summaries, session, world  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENS = Path(__file__).resolve().parents[2] / "var" / "screens"


def _shot(page, name):
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"commissions-{name}.png"), full_page=True)


@pytest.fixture
def commission_rules(transactional_db):
    from prevex.commissions.rules_data import RULES
    from prevex.core.models import Departement
    from prevex.procedures.models import LegalRule
    from prevex.procedures.rules import clear_rule_cache
    from prevex.procedures.rules_data import seed_legal_rules
    from prevex.support.rules_data import RULES as SUPPORT_RULES

    for rules in (RULES, SUPPORT_RULES):
        seed_legal_rules(legal_rule_model=LegalRule, departement_model=Departement, rules=rules)
    clear_rule_cache()


def test_build_and_send_an_agenda(commission_rules, logged_page, live_server, world, session):  # noqa: F811
    for household in world.households[:2]:
        agenda.saisine_create(
            household=household, commission=world.commission,
            reason=SaisineReason.PARTENAIRE, by=None,
        )  # fmt: skip
    page = logged_page(world.secretariat)
    page.goto(f"{live_server.url}/commissions/")
    assert "CCAPEX restreinte 93" in page.locator("main").inner_text()
    page.get_by_role("link", name="20/03/2025 14:00").click()
    page.get_by_role("link", name="Préparer l'ordre du jour").click()
    assert "0 / 3 dossiers inscrits" in page.locator("#capacite").inner_text()
    for household in world.households[:2]:
        page.locator(f"#inscrire-{household.pk}").check(force=True)
    page.get_by_role("button", name="Inscrire les dossiers cochés").click()
    assert "2 / 3 dossiers inscrits" in page.locator("#capacite").inner_text()
    second = AgendaItem.objects.get(household=world.households[1])
    page.get_by_title(f"Monter le dossier {world.households[1].reference}").click()
    second.refresh_from_db()
    assert second.position == 1
    _shot(page, "ordre-du-jour")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Envoyer la convocation").click()
    assert "Convocation envoyée" in page.locator("main").inner_text()
    page.context.close()

    page = logged_page(world.caf)
    page.goto(f"{live_server.url}/commissions/seances/{session.pk}/")
    text = page.locator("main").inner_text()
    assert "MARTIN Samia" in text and "Quorum" in text
    _shot(page, "seance-membre")
    assert serious_violations(page) == []
    page.context.close()

    page = logged_page(world.landlord)
    page.goto(f"{live_server.url}/menages/{world.households[0].pk}/")
    panel = page.locator("#titre-commissions").locator("..")
    assert "CCAPEX restreinte 93" in panel.inner_text()
    panel.get_by_role("link", name="Saisir une commission").click()
    page.locator("#formulaire-saisine select[name=commission]").wait_for()
    _shot(page, "panneau-dossier")
    assert serious_violations(page) == []
    page.context.close()
