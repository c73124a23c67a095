"""The préfecture in the browser (acceptance of issue 13): it opens an RFP file's
decision view from « Décisions CFP », records a refusal with its criteria and reasoning,
and sees the silent-refusal deadline disappear; pages checked with axe.

Here rather than in tests/commissions/: the browser fixtures (one Playwright per session)
are those of this directory's conftest."""

import pytest

from prevex.commissions.models import CfpDecisionRecord
from tests.commissions.cfp_fixtures import *  # noqa: F403

from .test_file_page_browser import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_prefecture_records_a_refusal_and_the_deadline_disappears(
    logged_page,
    live_server,
    cfp_file,
):
    page = logged_page(cfp_file.prefecture)
    page.goto(f"{live_server.url}/commissions/cfp/")
    assert serious_violations(page) == []
    assert "20/03/2025" in page.content()
    page.click(f"text={cfp_file.household.reference}")
    page.wait_for_selector("#titre-decision")
    assert page.locator("[data-testid=delai-cfp]").is_visible()
    assert serious_violations(page) == []
    page.click("button:has-text('Enregistrer la décision')")  # nothing chosen: French messages
    page.wait_for_selector("text=Choisissez la décision")
    assert "Répondez au critère" in page.content()
    page.click("label[for=id_decision_1]")  # « Concours refusé » (DSFR: the label is clicked)
    for radio in page.locator("input[type=radio][value=non]").all():
        page.click(f"label[for={radio.get_attribute('id')}]")
    assert page.locator("input[name=decision][value=REFUSE]").is_checked()
    page.fill("#id_reasoning", "Enfant de deux ans ; hébergement proposé par le SIAO en avril.")
    page.click("button:has-text('Enregistrer la décision')")
    page.wait_for_selector("text=Décision enregistrée : Concours refusé.")
    assert page.locator("[data-testid=delai-cfp]").count() == 0
    assert (
        "Décision sur le concours de la force publique"
        not in page.locator("[data-testid=echeances]").inner_text()
    )
    assert CfpDecisionRecord.objects.get().decision == "REFUSE"
    assert serious_violations(page) == []
