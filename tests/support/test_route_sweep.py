"""Every route of prevex, those that take an id tried with every id of a rich file, by an
organisation of the same département that is not involved in it: the tenant's name, the
file's reference and the follow-up's sentinel texts never appear in the answer, as a
page, as an htmx fragment or as an export, and nothing answers 500. Walked over the whole
URL configuration, so a route added tomorrow is swept without being listed here."""

import pytest

from prevex.accounts.models import OrganisationType, Role
from prevex.audit.models import AccessLog
from tests.factories import MemberFactory, MembershipFactory, OrganisationFactory
from tests.routes import filled, routes

from .test_file_page_content import rich_file  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db

SENTINELS = ("TÂCHE-MANUELLE", "Loyer <b>& charges</b>", "Hors de <notre> secteur")


def _swept():
    """Every route but the admin's and the API's (tests/access/test_follow_up_api_matrix.py
    and tests/api/): those without an id once, the others with each id."""
    for route in routes():
        if route.startswith(("admin/", "^", "api/")) or route in LEAVE_OUT:
            continue
        yield route


LEAVE_OUT = {"comptes/deconnexion/"}  # a GET is refused, a POST would end the session


@pytest.mark.parametrize("org_type", [OrganisationType.CAF, OrganisationType.BAILLEUR_PRIVE])
def test_no_route_shows_a_file_to_an_organisation_not_involved(
    client,
    login_as,
    rich_file,  # noqa: F811
    org_type,
):
    household, worker, _ = rich_file
    MemberFactory(household=household, last_name="Sentinelle-Nom", first_name="Éponyme")
    secrets = ("Sentinelle-Nom", household.reference, *SENTINELS)
    outsider = MembershipFactory(
        organisation=OrganisationFactory(type=org_type),
        role=Role.AGENT,
    )
    login_as(outsider)
    swept = 0
    for route in _swept():
        for pk in range(1, 13) if "<" in route else (0,):
            url = filled(route, pk)
            for headers in ({}, {"HX-Request": "true"}):
                response = client.get(url, headers=headers)
                swept += 1
                assert response.status_code < 500, url
                if response.status_code != 200 or getattr(response, "streaming", False):
                    continue
                body = response.content.decode("utf-8", "replace")
                for secret in secrets:
                    assert secret not in body, (url, headers, secret)
    assert swept > 1000, swept
    assert not AccessLog.objects.filter(
        organisation=outsider.organisation, household_id=household.pk
    ).exists()


def _counts() -> dict[str, int]:
    from django.apps import apps

    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label.startswith(("households", "procedures", "support", "access",
                                             "commissions", "intake", "matching", "lifecycle"))
        or model._meta.label in ("audit.WriteLog",)
    }  # fmt: skip


def test_no_route_lets_an_organisation_not_involved_write_into_a_file(
    client,
    login_as,
    rich_file,  # noqa: F811
):
    """The same sweep with POSTs (an empty form, as a forged request would send): no
    table of the file's apps changes, nothing is added to the history of writes."""
    household, _, _ = rich_file
    outsider = MembershipFactory(
        organisation=OrganisationFactory(type=OrganisationType.CAF), role=Role.AGENT
    )
    login_as(outsider)
    before = _counts()
    posted = 0
    for route in _swept():
        if "<" not in route:
            continue
        for pk in range(1, 13):
            url = filled(route, pk)
            response = client.post(url, {}, headers={"HX-Request": "true"})
            posted += 1
            assert response.status_code < 500, url
    assert posted > 500, posted
    after = _counts()
    assert after == before, {k: (before[k], after[k]) for k in before if before[k] != after[k]}
