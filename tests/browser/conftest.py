"""Browser tests: Playwright driving Debian's Chromium against Django's live server."""

import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the
# test itself (fixtures) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        raise RuntimeError("Chromium absent : lancez `make browser` (paquet Debian chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _close_contexts(request):
    """Close every browser context a test opened (pages of ``logged_page``,
    ``browser.new_page()``…): left open, each keeps a renderer process alive for the whole
    session — 67 of them by the middle of the suite, which then crawled under their load."""
    yield
    if "browser" in request.fixturenames:
        for context in list(request.getfixturevalue("browser").contexts):
            context.close()


@pytest.fixture
def logged_page(browser, live_server, client, login_as):
    """A browser page whose session is that of a membership logged in with 2FA."""

    def _open(membership):
        login_as(membership)
        context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
        return context.new_page()

    return _open


@pytest.fixture(autouse=True)
def _legal_rules(transactional_db):
    """Transactional tests flush the tables, including the rules seeded by migration."""
    from prevex.core.models import Departement
    from prevex.procedures.models import LegalRule
    from prevex.procedures.rules_data import seed_legal_rules

    seed_legal_rules(legal_rule_model=LegalRule, departement_model=Departement)
    from prevex.access.defaults import seed_access_defaults
    from prevex.access.models import AccessRule, ActPermission

    seed_access_defaults(act_permission_model=ActPermission, access_rule_model=AccessRule)
