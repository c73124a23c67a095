"""The pages' chrome written once per process (prevex/core/templatetags/prevex_chrome.py):
the menu each reader sees, the current entry, the count of open tasks, the style sheets and
the scripts with the request's CSP nonce."""

import re
from html import unescape

import pytest

from prevex.accounts.models import OrganisationType, Role
from tests.factories import (
    HouseholdFactory,
    InvolvementFactory,
    MembershipFactory,
    OrganisationFactory,
)


def _nav(html: str) -> list[str]:
    menu = re.search(r'<nav class="fr-nav".*?</nav>', html, re.S)
    assert menu is not None
    return [unescape(e) for e in re.findall(r'<a class="fr-nav__link"[^>]*>([^<]*)', menu.group(0))]


def _current(html: str) -> list[str]:
    return re.findall(r'<a class="fr-nav__link"[^>]*aria-current="page"[^>]*>([^<]*)', html)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("organisation_type", "role", "review", "tokens"),
    [
        (OrganisationType.ETAT_CCAPEX, Role.AGENT, True, False),
        (OrganisationType.CD_SOCIAL, Role.TRAVAILLEUR_SOCIAL, False, False),
        (OrganisationType.BAILLEUR_PRIVE, Role.ADMIN, False, True),
        (OrganisationType.ETAT_CCAPEX, Role.RESPONSABLE, True, True),
    ],
)
def test_each_reader_sees_its_menu(client, login_as, organisation_type, role, review, tokens):
    membership = MembershipFactory(
        organisation=OrganisationFactory(type=organisation_type), role=role
    )
    login_as(membership)
    html = client.get("/dossiers/").content.decode()
    entries = _nav(html)
    assert entries[:2] == ["À faire ", "Dossiers"]
    assert ("File de revue" in entries) is review
    assert ("Doublons" in entries) is review
    assert ("Jetons d'API" in entries) is tokens
    assert _current(html) == ["Dossiers"]
    # The same reader on another page: the menu is cached, the current entry is not.
    assert _current(client.get("/suivi/orientations/").content.decode()) == ["Orientations"]
    assert _current(client.get("/").content.decode()) == ["À faire "]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("organisation_type", "creates"),
    [
        (OrganisationType.TRIBUNAL, False),
        (OrganisationType.BANQUE_DE_FRANCE, False),
        (OrganisationType.CD_SOCIAL, True),
        (OrganisationType.BAILLEUR_PRIVE, True),
    ],
)
def test_the_menu_offers_new_household_only_where_the_page_accepts(
    client, login_as, organisation_type, creates
):
    """The menu never offers a page that would refuse the reader: « Nouveau ménage »
    follows the households app's rule (core.nav), and the page agrees."""
    membership = MembershipFactory(organisation=OrganisationFactory(type=organisation_type))
    login_as(membership)
    assert ("Nouveau ménage" in _nav(client.get("/dossiers/").content.decode())) is creates
    response = client.get("/menages/nouveau/")
    assert (response.status_code == 200) is creates


@pytest.mark.django_db
def test_the_count_and_the_nonce_are_the_requests(client, login_as):
    from prevex.support import services

    membership = MembershipFactory(role=Role.TRAVAILLEUR_SOCIAL)
    login_as(membership)

    def count() -> str:
        html = client.get("/dossiers/").content.decode()
        return re.search(r'id="open-task-count">([^<]*)<', html).group(1)

    assert count() == "0"
    household = HouseholdFactory(departement=membership.organisation.departement)
    InvolvementFactory(household=household, organisation=membership.organisation)
    services.task_create(household=household, by=membership, title="Rappeler le bailleur")
    assert count() == "1"

    response = client.get("/dossiers/")
    html = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts)
    assert client.get("/dossiers/").content.decode().count(f'nonce="{nonce}"') == 0  # new nonce
    assert 'rel="stylesheet"' in html and "prevex/prevex" in html and "favicon" in html
