"""The social evaluation is a series of dated, authored versions, never overwritten."""

import datetime
import importlib
from decimal import Decimal
from html import unescape
from unittest import mock

import pytest
from django.apps import apps
from django.utils import timezone
from django.utils.html import strip_tags

from prevex.audit.models import AccessLog
from prevex.households.models import Household, SocialEvaluation
from prevex.households.social import LATEST_EVALUATION_SQL
from tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
MORNING = datetime.datetime(2025, 3, 3, 9, 30, tzinfo=datetime.UTC)
LATER = datetime.datetime(2025, 3, 10, 14, 0, tzinfo=datetime.UTC)


def _post(client, household, text, resources):
    return client.post(
        f"/menages/{household.pk}/evaluation-sociale/",
        {"monthly_resources": resources, "resources_note": "RSA", "social_evaluation": text},
    )


@pytest.fixture
def two_versions(client, login_as, household, social_worker, secretariat):
    login_as(social_worker)
    with mock.patch.object(timezone, "now", return_value=MORNING):
        assert (
            _post(client, household, "Premier entretien : dette de 2 mois.", "980").status_code
            == 302
        )
    login_as(secretariat)
    with mock.patch.object(timezone, "now", return_value=LATER):
        assert _post(client, household, "Plan d'apurement proposé.", "1 020").status_code == 302
    return household


def test_history_shows_two_dated_authored_versions(client, login_as, two_versions, social_worker):
    login_as(social_worker)
    html = unescape(
        client.get(
            f"/menages/{two_versions.pk}/evaluation-sociale/versions/", **HTMX
        ).content.decode()
    )
    text = " ".join(strip_tags(html).split())
    latest, first = html.index("Plan d'apurement proposé."), html.index("Premier entretien")
    assert latest < first  # latest first
    assert "10/03/2025 à 15:00 — par Claire Secrétariat (DDETS 93 – CCAPEX)" in text
    assert "03/03/2025 à 10:30 — par Inès Martin (CCAS de Saint-Denis)" in text
    assert "980,00 €" in text and "1 020,00 €" in text
    assert AccessLog.objects.filter(
        user=social_worker.user, what="Versions de l'évaluation sociale"
    ).exists()


def test_file_page_shows_the_latest_version_with_its_author(client, login_as, two_versions):
    household = two_versions
    page = unescape(client.get(f"/menages/{household.pk}/").content.decode())
    assert "Plan d'apurement proposé." in page and "Premier entretien" not in page
    text = " ".join(strip_tags(page).split())
    assert "Version du 10/03/2025 à 15:00, par Claire Secrétariat (DDETS 93 – CCAPEX)." in text
    assert f'hx-get="/menages/{household.pk}/evaluation-sociale/versions/"' in page
    form = unescape(
        client.get(f"/menages/{household.pk}/evaluation-sociale/", **HTMX).content.decode()
    )
    assert "Plan d'apurement proposé." in form  # the form starts from the latest version
    versions = list(SocialEvaluation.objects.filter(household=household).order_by("written_at"))
    assert [v.text for v in versions] == [
        "Premier entretien : dette de 2 mois.",
        "Plan d'apurement proposé.",
    ]


@pytest.mark.parametrize("reader", ["association", "landlord"])
def test_readers_without_the_social_group_get_404(request, client, login_as, two_versions, reader):
    login_as(request.getfixturevalue(reader))
    url = f"/menages/{two_versions.pk}/evaluation-sociale/versions/"
    assert client.get(url, **HTMX).status_code == 404
    page = unescape(client.get(f"/menages/{two_versions.pk}/").content.decode())
    assert "Plan d'apurement" not in page and "evaluation-sociale/versions" not in page


def test_a_file_without_versions_shows_the_former_evaluation(client, login_as, secretariat):
    household = HouseholdFactory(social_evaluation="Évaluation d'avant l'historique.")
    login_as(secretariat)
    page = unescape(client.get(f"/menages/{household.pk}/").content.decode())
    assert "Évaluation d'avant l'historique." in page
    assert "Voir toutes les versions" not in page


def test_migration_copies_the_former_evaluations_into_a_first_version(saint_denis):
    filled = HouseholdFactory(social_evaluation="Ancienne évaluation", resources_note="AAH")
    empty = HouseholdFactory(monthly_resources=None)
    migration = importlib.import_module("prevex.households.migrations.0004_history")
    migration.copy_evaluations(apps, None)
    version = SocialEvaluation.objects.get(household=filled)
    assert (version.text, version.resources_note, version.monthly_resources) == (
        "Ancienne évaluation",
        "AAH",
        Decimal("1350.00"),
    )
    assert version.written_by is None
    assert version.written_at == Household.objects.get(pk=filled.pk).updated_at
    assert not SocialEvaluation.objects.filter(household=empty).exists()


def test_latest_version_read_names_the_models_tables():
    from prevex.accounts.models import Organisation, User

    for model in (SocialEvaluation, User, Organisation):
        assert model._meta.db_table in LATEST_EVALUATION_SQL


@pytest.mark.parametrize(
    ("first", "again", "message"),
    [
        (None, ("", ""), "sont vides"),
        (("Premier entretien.", "980"), ("  Premier entretien.  ", "980,00"), "identique"),
    ],
)
def test_a_version_that_says_nothing_new_is_refused_and_not_written(
    client, login_as, household, social_worker, first, again, message
):
    """An empty form, or the last version sent again, adds no version to the history:
    the form comes back (422) with the reason, and nothing is written."""
    login_as(social_worker)
    if first:
        assert _post(client, household, *first).status_code == 302
    before = SocialEvaluation.objects.count()
    response = client.post(
        f"/menages/{household.pk}/evaluation-sociale/",
        {
            "monthly_resources": again[1],
            "resources_note": "RSA" if first else "",
            "social_evaluation": again[0],
        },
    )
    assert response.status_code == 422
    assert message in unescape(response.content.decode())
    assert SocialEvaluation.objects.count() == before
    changed = {"monthly_resources": "1 000", "resources_note": "RSA", "social_evaluation": "x"}
    assert client.post(f"/menages/{household.pk}/evaluation-sociale/", changed).status_code == 302
    assert SocialEvaluation.objects.count() == before + 1
