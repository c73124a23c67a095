"""The access matrix of the deliberation and the follow-up: the deliberation page, the
« Recommandations reçues » page, the follow-up and outcomes pages, the report POST and the
file page panel, for the secretariat, the addressee CAF, another CAF, a landlord (itself
the addressee of a recommendation) and the secretariat of another département.

Expected, written from the decision (docs/decisions/2026-12-01-recommendation-follow-up.md):
the secretariat manages everything of its département; an addressee reports on its own
recommendations and sees the file for the recommendation's period; nobody else sees
anything (404, never 403).
"""

import datetime

import pytest

import prevex.commissions.panels_follow  # noqa: F401  (registers the panel, as panels.py will)
from prevex.accounts.models import OrganisationType, Role
from prevex.audit.models import AccessLog
from prevex.commissions.choices import AddresseeKind, RecommendationStatus
from prevex.commissions.models import Recommendation
from prevex.commissions.recommendations import recommendation_add
from prevex.core import clock
from tests.factories import InvolvementFactory, MembershipFactory, OrganisationFactory

from .follow_fixtures import world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db
DUE = datetime.date(2025, 4, 30)
CAF_TEXT, LANDLORD_TEXT, HOUSEHOLD_TEXT = "TEXTE-CAF", "TEXTE-BAILLEUR", "TEXTE-MENAGE"
CAF_TYPE, LANDLORD_TYPE = "au logement (protocole", "Mettre en place un plan"
READERS = ["secretariat", "caf", "other_caf", "landlord", "other_departement"]


@pytest.fixture
def recommended(world):
    landlord = OrganisationFactory(social_landlord=True)
    InvolvementFactory(household=world.household, organisation=landlord, reason="BAILLEUR")
    common = {"item": world.item, "due_on": DUE, "by": world.secretariat}
    recos = {
        "caf": recommendation_add(
            type_code="MAINTIEN_AL", addressee_kind=AddresseeKind.ORGANISATION,
            addressee=world.caf, text=CAF_TEXT, **common,
        ),
        "landlord": recommendation_add(
            type_code="PLAN_APUREMENT", addressee_kind=AddresseeKind.ORGANISATION,
            addressee=landlord, text=LANDLORD_TEXT, **common,
        ),
        "household": recommendation_add(
            type_code="DALO", addressee_kind=AddresseeKind.MENAGE, text=HOUSEHOLD_TEXT, **common
        ),
    }  # fmt: skip
    readers = {
        "secretariat": world.secretariat,
        "caf": world.caf_agent,
        "other_caf": MembershipFactory(
            organisation=OrganisationFactory(type=OrganisationType.CAF, name="CAF voisine"),
            role=Role.TRAVAILLEUR_SOCIAL,
        ),
        "landlord": MembershipFactory(organisation=landlord),
        "other_departement": MembershipFactory(
            organisation=OrganisationFactory(ccapex=True, other_departement=True)
        ),
    }
    return world, recos, readers


@pytest.mark.parametrize("reader", READERS)
def test_follow_matrix(reader, recommended, client, login_as):
    world, recos, readers = recommended
    membership = readers[reader]
    login_as(membership)
    secretariat = reader == "secretariat"
    own = {"caf": "caf", "landlord": "landlord"}.get(reader)

    # The deliberation, follow-up and outcomes pages: the secretariat only.
    for url in (
        f"/commissions/seances/{world.session.pk}/deliberation/",
        "/commissions/suivi/",
        "/commissions/issues/",
    ):
        assert client.get(url).status_code == (200 if secretariat else 404), url
    if secretariat:
        page = client.get(f"/commissions/seances/{world.session.pk}/deliberation/")
        assert world.household.reference in page.content.decode()

    # « Recommandations reçues »: every organisation, its own recommendations only; the
    # secretariat sees those addressed to households.
    html = client.get("/commissions/recommandations/").content.decode()
    assert (CAF_TEXT in html) is (own == "caf")
    assert (LANDLORD_TEXT in html) is (own == "landlord")
    assert (HOUSEHOLD_TEXT in html) is secretariat

    # The file page panel: every reader of the file; landlords only their own.
    file_page = client.get(f"/menages/{world.household.pk}/")
    sees_file = secretariat or own is not None
    assert file_page.status_code == (200 if sees_file else 404)
    html = file_page.content.decode()
    assert (CAF_TYPE in html) is (secretariat or own == "caf")
    assert (LANDLORD_TYPE in html) is sees_file
    assert ("Recommandations des commissions" in html) is sees_file

    # The report POST: the addressee on its own, the secretariat on any; nothing else.
    for name, reco in recos.items():
        allowed = secretariat or own == name
        response = client.post(
            f"/commissions/recommandations/{reco.pk}/suivi/",
            {f"reco-{reco.pk}-status": RecommendationStatus.EN_COURS},
        )
        assert response.status_code == (302 if allowed else 404), name
        status = Recommendation.objects.get(pk=reco.pk).status
        assert (status == RecommendationStatus.EN_COURS) is allowed, name

    # Nominative reads were journaled for the readers who got them.
    logged = AccessLog.objects.filter(organisation_id=membership.organisation_id)
    assert logged.filter(what="Commissions : recommandations reçues").exists()
    if secretariat:
        assert logged.filter(household_id=world.household.pk, what__contains="délibération")


def test_the_caf_sees_the_file_only_for_the_recommendation_period(recommended, client, login_as):
    world, recos, readers = recommended
    login_as(readers["caf"])
    url = f"/menages/{world.household.pk}/"
    assert client.get(url).status_code == 200
    clock.freeze(datetime.date(2025, 5, 15))  # due date + 15 days: last day
    assert client.get(url).status_code == 200
    clock.freeze(datetime.date(2025, 5, 16))
    assert client.get(url).status_code == 404
    # Still listed on its page (to report), without the link to the file.
    html = client.get("/commissions/recommandations/").content.decode()
    assert CAF_TEXT in html and f'href="{url}"' not in html


def test_the_work_list_shows_the_task_to_the_caf_until_reported(recommended, client, login_as):
    world, recos, readers = recommended
    login_as(readers["caf"])
    assert CAF_TYPE in client.get("/").content.decode()
    client.post(
        f"/commissions/recommandations/{recos['caf'].pk}/suivi/",
        {f"reco-{recos['caf'].pk}-status": RecommendationStatus.MISE_EN_OEUVRE},
    )
    assert CAF_TYPE not in client.get("/").content.decode()
