"""Daily use on a phone (390×844): the DSFR header has a menu button that opens the menu
modal with the organisation switch and the logout; no JavaScript error on the main pages,
for every organisation type. Also the French 404 page in the browser.

``PREVEX_SCREENSHOT_DIR=docs/screenshots`` keeps the screenshots (menu open, French 404).
"""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from prevex.accounts.models import OrganisationType, Role
from tests.factories import (
    HouseholdFactory,
    InvolvementFactory,
    MemberFactory,
    MembershipFactory,
    OrganisationFactory,
    commune,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
NAMES = {
    OrganisationType.ETAT_CCAPEX: "DDETS de la Seine-Saint-Denis – secrétariat CCAPEX",
}


def _screenshot_dir(tmp_path) -> Path:
    return Path(os.environ.get("PREVEX_SCREENSHOT_DIR") or tmp_path)


@pytest.fixture
def open_as(browser, live_server, client, login_as):
    """A page at ``viewport`` logged in as ``membership``, collecting JavaScript errors."""

    def _open(membership, viewport=PHONE):
        login_as(membership)
        context = browser.new_context(locale="fr-FR", viewport=viewport)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        page.js_errors = []
        page.on(
            "console",
            lambda msg: page.js_errors.append(msg.text) if msg.type == "error" else None,
        )
        page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
        return page

    return _open


def _member(org_type: str):
    organisation = OrganisationFactory(type=org_type, name=NAMES.get(org_type, f"Org {org_type}"))
    return MembershipFactory(organisation=organisation, role=Role.RESPONSABLE)


def _main_pages(membership, household) -> list[str]:
    pages = [
        reverse("dashboard"),
        reverse("households:detail", args=[household.pk]),
        reverse("households:search") + "?q=Benali",
        reverse("matching:household_create"),
        reverse("intake:batches"),
        reverse("intake:quarantine"),
        reverse("api:tokens"),
        reverse("accounts:choose_organisation"),
    ]
    if membership.organisation.type == OrganisationType.ETAT_CCAPEX:
        pages += [reverse("intake:review"), reverse("matching:flagged")]
    return pages


@pytest.mark.parametrize("org_type", OrganisationType.values)
def test_phone_header_menu_and_no_javascript_error(org_type, open_as, live_server, tmp_path):
    commune()
    household = HouseholdFactory()
    MemberFactory(household=household, last_name="Benali", first_name="Samia")
    membership = _member(org_type)
    if org_type != OrganisationType.ETAT_CCAPEX:
        InvolvementFactory(household=household, organisation=membership.organisation)
    page = open_as(membership)
    for url in _main_pages(membership, household):
        response = page.goto(live_server.url + url)
        assert response.status < 400, (url, response.status)
        page.wait_for_load_state("load")
        assert page.js_errors == [], (url, page.js_errors)

    page.goto(live_server.url + "/")
    # On a phone the tools are hidden behind the menu button…
    logout_in_tools = page.locator(".fr-header__tools-links button", has_text="Se déconnecter")
    assert not logout_in_tools.is_visible()
    menu_button = page.locator("#button-menu")
    assert menu_button.is_visible()
    if org_type == OrganisationType.ETAT_CCAPEX:
        page.screenshot(path=str(_screenshot_dir(tmp_path) / "phone-header.png"))
    # …which the DSFR JavaScript (loaded: it marks the page) turns into a modal.
    assert page.evaluate("document.documentElement.hasAttribute('data-fr-js')")
    menu_button.click()
    page.wait_for_selector("#modal-menu.fr-modal--opened")
    modal = page.locator("#modal-menu")
    logout = modal.locator("button", has_text="Se déconnecter")
    switch = modal.locator("a", has_text=membership.organisation.name)
    assert logout.is_visible() and switch.is_visible()
    box = switch.bounding_box()  # a long organisation name wraps inside the screen
    assert box["x"] + box["width"] <= PHONE["width"]
    assert modal.locator(".fr-nav__link", has_text="Dossiers").is_visible()
    if org_type == OrganisationType.ETAT_CCAPEX:
        page.screenshot(path=str(_screenshot_dir(tmp_path) / "phone-header-menu.png"))
    assert page.js_errors == []
    assert switch.get_attribute("href") == reverse("accounts:choose_organisation")


def test_french_404_in_the_browser(open_as, live_server, tmp_path):
    commune()
    page = open_as(_member(OrganisationType.ETAT_CCAPEX), viewport={"width": 1280, "height": 800})
    response = page.goto(live_server.url + "/menages/999999/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page non trouvée"
    assert page.locator(".fr-header").is_visible()
    page.screenshot(path=str(_screenshot_dir(tmp_path) / "erreur-404.png"))
    # The browser reports the page's own 404 status; nothing else may fail.
    assert [e for e in page.js_errors if "status of 404" not in e] == []


EXPORT_LINKS = {
    "dashboard": "a[href^='/menages/export.csv']",
    "intake:quarantine": "a[href$='/quarantaine/export.csv'], a:has-text('Exporter la quarantaine')",
}


@pytest.mark.parametrize(
    "viewport", [PHONE, {"width": 1280, "height": 800}], ids=["phone", "desktop"]
)
@pytest.mark.parametrize("url_name", sorted(EXPORT_LINKS))
def test_export_buttons_show_their_text(url_name, viewport, open_as, live_server):
    """An export button is its icon and its whole text, not an icon alone."""
    commune()
    page = open_as(_member(OrganisationType.ETAT_CCAPEX), viewport=viewport)
    page.goto(live_server.url + reverse(url_name))
    link = page.locator(EXPORT_LINKS[url_name]).first
    assert link.is_visible()
    shown = link.evaluate(
        "a => a.scrollWidth <= a.clientWidth + 1 && a.getBoundingClientRect().width > 100"
    )
    assert shown, link.evaluate("a => [a.scrollWidth, a.clientWidth, getComputedStyle(a).maxWidth]")
