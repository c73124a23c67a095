"""The deliberation screen: opinions and recommendations recorded from the page, bad input
answered with a French message in place (422) and nothing written, the closing."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prevex.commissions.choices import RecommendationStatus, SessionStatus
from prevex.commissions.models import FileOutcome, Recommendation
from prevex.support.models import Alert
from tests.factories import OrganisationFactory

from .follow_fixtures import world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def _page(world):
    return f"/commissions/seances/{world.session.pk}/deliberation/"


def _reco_post(world, **over):
    p = f"dossier-{world.item.pk}-"
    data = {
        f"{p}type_code": "MAINTIEN_AL",
        f"{p}addressee_kind": "ORGANISATION",
        f"{p}addressee": str(world.caf.pk),
        f"{p}due_on": "2025-04-30",
        f"{p}text": "Maintien de l'APL.",
    }
    data.update({f"{p}{k}": v for k, v in over.items()})
    return data


def test_the_secretariat_deliberates_from_the_page(world, client, login_as):
    login_as(world.secretariat)
    page = client.get(_page(world)).content.decode()
    assert "Ajouter une recommandation" in page and "Clore les délibérations" in page
    response = client.post(
        f"/commissions/dossiers/{world.item.pk}/avis/",
        {f"dossier-{world.item.pk}-opinion": "Maintien sous plan d'apurement."},
    )
    assert response.status_code == 302
    assert response.url.endswith(f"#dossier-{world.item.pk}")
    assert FileOutcome.objects.filter(item=world.item).exists()
    response = client.post(f"/commissions/dossiers/{world.item.pk}/recommandations/",
                           _reco_post(world))  # fmt: skip
    assert response.status_code == 302
    reco = Recommendation.objects.get()
    assert reco.addressee == world.caf and reco.due_on == datetime.date(2025, 4, 30)
    assert Alert.objects.filter(organisation=world.caf).exists()
    page = client.get(_page(world)).content.decode()
    assert "au logement (protocole" in page and "Enregistrer le suivi" in page
    # The secretariat reports from the deliberation page and comes back to it.
    response = client.post(
        f"/commissions/recommandations/{reco.pk}/suivi/",
        {f"reco-{reco.pk}-status": "EN_COURS", "retour": "deliberation"},
    )
    assert response.url == _page(world)
    assert Recommendation.objects.get().status == RecommendationStatus.EN_COURS
    response = client.post(f"/commissions/seances/{world.session.pk}/clore/")
    assert response.status_code == 302
    world.session.refresh_from_db()
    assert world.session.status == SessionStatus.CLOSE
    page = client.get(_page(world)).content.decode()
    assert "Ajouter une recommandation" not in page and "sont closes" in page


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"due_on": "2025-03-01"}, "ne peut pas être passée"),
        ({"due_on": "31/02/2025"}, "Date invalide"),
        ({"addressee": ""}, "Choisissez l&#x27;organisation destinataire"),
        ({"type_code": "INCONNU"}, "Sélectionnez un choix valide"),
    ],
)
def test_bad_recommendations_get_a_french_message_in_place(world, client, login_as, over, message):
    login_as(world.secretariat)
    response = client.post(
        f"/commissions/dossiers/{world.item.pk}/recommandations/", _reco_post(world, **over)
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Recommendation.objects.exists() and not Alert.objects.exists()


def test_a_foreign_organisation_cannot_be_chosen(world, client, login_as):
    login_as(world.secretariat)
    foreign = OrganisationFactory(type="CAF", other_departement=True)
    response = client.post(
        f"/commissions/dossiers/{world.item.pk}/recommandations/",
        _reco_post(world, addressee=str(foreign.pk)),
    )
    assert response.status_code == 422
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize("status", [SessionStatus.PREPARATION, SessionStatus.CONVOQUEE])
def test_a_session_not_held_says_so_and_refuses_opinions(world, client, login_as, status):
    world.session.status = status
    world.session.save()
    login_as(world.secretariat)
    page = client.get(_page(world)).content.decode()
    assert "pas encore été tenue" in page and "Ajouter une recommandation" not in page
    response = client.post(
        f"/commissions/dossiers/{world.item.pk}/avis/",
        {f"dossier-{world.item.pk}-opinion": "Avis."},
    )
    assert response.status_code == 422
    assert "pas encore été tenue" in response.content.decode()
    world.item.refresh_from_db()
    assert not world.item.examined
    response = client.post(f"/commissions/seances/{world.session.pk}/clore/", follow=True)
    assert "pas encore été tenue" in response.content.decode()


def test_report_without_reason_is_refused_with_a_message(world, client, login_as):
    from prevex.commissions.recommendations import recommendation_add

    reco = recommendation_add(
        item=world.item, type_code="MAINTIEN_AL", addressee_kind="ORGANISATION",
        addressee=world.caf, due_on=datetime.date(2025, 4, 30), by=world.secretariat,
    )  # fmt: skip
    login_as(world.caf_agent)
    response = client.post(
        f"/commissions/recommandations/{reco.pk}/suivi/",
        {f"reco-{reco.pk}-status": "REFUSEE", f"reco-{reco.pk}-reason": ""},
        follow=True,
    )
    assert "Indiquez le motif" in response.content.decode()
    assert Recommendation.objects.get().status == RecommendationStatus.A_FAIRE
    for bad in ("A_FAIRE", "N_IMPORTE"):
        client.post(f"/commissions/recommandations/{reco.pk}/suivi/",
                    {f"reco-{reco.pk}-status": bad})  # fmt: skip
    assert Recommendation.objects.get().status == RecommendationStatus.A_FAIRE


def test_follow_up_and_outcome_pages(world, client, login_as):
    from prevex.commissions.deliberation import item_deliberate
    from prevex.core import clock

    item_deliberate(item=world.item, opinion="Avis.", by=world.secretariat)
    login_as(world.secretariat)
    html = client.get("/commissions/suivi/").content.decode()
    assert "Par séance" in html and world.session.commission.name in html
    clock.freeze(datetime.date(2026, 3, 6))
    outcome = FileOutcome.objects.get()
    assert world.household.reference in client.get("/commissions/issues/").content.decode()
    response = client.post(
        f"/commissions/issues/{outcome.pk}/", {f"issue-{outcome.pk}-kind": "RELOGE"}
    )
    assert response.status_code == 302
    assert FileOutcome.objects.get().confirmed == "RELOGE"
    response = client.post(
        f"/commissions/issues/{outcome.pk}/", {f"issue-{outcome.pk}-kind": "X"}, follow=True
    )
    assert "Choisissez" in response.content.decode()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    opinion=st.text(max_size=60),
    due_on=st.text(max_size=12),
    kind=st.text(max_size=14),
    addressee=st.text(max_size=6),
)
def test_any_input_gets_an_answer_never_a_500(
    world, client, login_as, opinion, due_on, kind, addressee
):
    login_as(world.secretariat)
    response = client.post(
        f"/commissions/dossiers/{world.item.pk}/avis/",
        {f"dossier-{world.item.pk}-opinion": opinion},
    )
    assert response.status_code in (302, 422)
    response = client.post(
        f"/commissions/dossiers/{world.item.pk}/recommandations/",
        _reco_post(world, due_on=due_on, addressee_kind=kind, addressee=addressee),
    )
    assert response.status_code in (302, 422)


def test_the_follow_up_page_names_its_commissions_in_french(world, client, login_as):
    """« … des commissions que vous gérez : A et B », no space before a comma; the overdue
    table says what it holds (« suivi non clos »: « en cours » is listed there); a rate is
    written with a non-breaking space before « % »."""
    from prevex.commissions.choices import CommissionKind
    from prevex.commissions.sessions import commission_create

    commission_create(
        departement_id="93", kind=CommissionKind.CLIL, name="CLIL de Saint-Denis",
        secretariat=world.secretariat.organisation, by=world.secretariat,
    )  # fmt: skip
    login_as(world.secretariat)
    html = " ".join(client.get("/commissions/suivi/").content.decode().split())
    first, second = sorted([world.session.commission.name, "CLIL de Saint-Denis"])
    assert "que vous gérez :" in html and " ," not in html
    assert f"{first} et {second}" in html or f"{second} et {first}" in html
    assert "Échéance dépassée, suivi non clos" in html
    # A rate never breaks before its « % » (« 4 (16,7 » then « %) » on the next line).
    assert "&nbsp;%)" in html and " %)" not in html
