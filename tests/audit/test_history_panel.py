"""The history panel of the file: a reader never sees an entry of a group it lacks."""

import datetime
from decimal import Decimal

import pytest

from prevex.audit.models import AccessLog
from prevex.households import services as households
from prevex.procedures import services as procedures
from prevex.procedures.models import Stage
from tests.audit.conftest import involved
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
# One marker per field group, written through the services by the social worker (the CDP
# by the secretariat: the act matrix keeps it from a social service).
MARKERS = {
    "LEASE": "5 avenue Jean Jaurès",
    "IDENTITY": "Famille monoparentale",
    "PROCEDURE": "Commandement de payer du 06/01/2025",
    "SOCIAL": "Évaluation sociale : première version",
    "HEALTH": "Vulnérabilité signalée : Grossesse",
}


@pytest.fixture
def written_file(household, social_worker, secretariat):
    household.composition = "AUTRE"
    household.save()
    households.household_update(
        household=household,
        by=social_worker,
        address="5 avenue Jean Jaurès",
        composition="MONOPARENTALE",
    )
    procedures.procedure_open(
        household=household,
        stage=Stage.CDP,
        date=datetime.date(2025, 1, 6),
        debt_amount=Decimal("1950"),
        by=secretariat,  # a social worker may not record a CDP (act matrix)
    )
    households.household_social_update(
        household=household,
        by=social_worker,
        monthly_resources=Decimal("980"),
        resources_note="RSA",
        social_evaluation="Entretien.",
    )
    households.vulnerability_add(
        household=household,
        by=social_worker,
        kind="GROSSESSE",
        note="",
        recorded_on=datetime.date(2025, 2, 1),
    )
    return household


def _panel(client, login_as, membership, household):
    login_as(membership)
    return client.get(f"/menages/{household.pk}/historique/", **HTMX)


@pytest.mark.parametrize(
    ("reader", "groups"),
    [
        ("secretariat", {"LEASE", "IDENTITY", "PROCEDURE", "SOCIAL", "HEALTH"}),
        ("social_worker", {"LEASE", "IDENTITY", "PROCEDURE", "SOCIAL", "HEALTH"}),
        ("association", {"LEASE", "IDENTITY", "PROCEDURE"}),
        ("landlord", {"LEASE", "PROCEDURE"}),
    ],
)
def test_each_reader_sees_only_the_entries_of_its_groups(
    request, client, login_as, written_file, reader, groups
):
    membership = request.getfixturevalue(reader)
    response = _panel(client, login_as, membership, written_file)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # an htmx fragment
    for group, marker in MARKERS.items():
        assert (marker in html) is (group in groups), (reader, group)
    if "SOCIAL" not in groups:
        assert "980" not in html and "RSA" not in html
    assert "Inès Martin (CCAS de Saint-Denis)" in html  # author and organisation
    journaled = AccessLog.objects.filter(
        household_id=written_file.pk, user=membership.user, what__startswith="Historique"
    )
    assert journaled.count() == 1


def test_a_reader_without_access_gets_404_and_no_journal(client, login_as, written_file):
    stranger = involved(written_file, "ASSOCIATION")
    stranger.organisation.involvements.all().delete()
    for membership in (stranger, MembershipFactory(organisation__type="BAILLEUR_PRIVE")):
        assert _panel(client, login_as, membership, written_file).status_code == 404
        assert not AccessLog.objects.filter(user=membership.user).exists()


def test_without_javascript_the_panel_is_a_page(client, login_as, secretariat, written_file):
    login_as(secretariat)
    page = client.get(f"/menages/{written_file.pk}/historique/").content.decode()
    assert "<html" in page and "Retour au dossier" in page and MARKERS["HEALTH"] in page


def test_the_file_page_links_the_panel_without_reading_it(
    client, login_as, secretariat, written_file
):
    login_as(secretariat)
    page = client.get(f"/menages/{written_file.pk}/").content.decode()
    assert f'hx-get="/menages/{written_file.pk}/historique/"' in page
    assert MARKERS["HEALTH"] not in page  # fetched on demand only
