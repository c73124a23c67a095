"""Commission deliberations sent twice or after the session was closed (independent
probe): one recommendation, a French message, never a 500."""

import datetime

from prevex.commissions import deliberation as delib
from prevex.commissions.choices import SessionStatus
from prevex.commissions.models import Recommendation
from tests.commissions.follow_fixtures import world_fixture  # noqa: F401
from tests.stale_text import text


def _reco(item, **extra):
    p = f"dossier-{item.pk}-"
    return {
        p + "type_code": "FSL",
        p + "addressee_kind": "MENAGE",
        p + "due_on": "30/06/2025",
        p + "text": "Déposer un dossier FSL",
        **extra,
    }


def test_recommendation_sent_twice_is_recorded_once(client, login_as, world):
    login_as(world.secretariat)
    url = f"/commissions/dossiers/{world.item.pk}/recommandations/"
    assert client.post(url, _reco(world.item)).status_code == 302
    second = client.post(url, _reco(world.item))
    assert second.status_code in (302, 422)
    assert Recommendation.objects.filter(item=world.item).count() == 1
    assert "déjà" in text(client.get(second.url) if second.status_code == 302 else second)


def test_recommendation_after_the_session_was_closed(client, login_as, world):
    login_as(world.secretariat)
    assert client.get(f"/commissions/seances/{world.session.pk}/deliberation/").status_code == 200
    delib.item_deliberate(item=world.item, opinion="Avis favorable", by=world.secretariat)
    delib.session_close(session=world.session, by=world.secretariat)
    url = f"/commissions/dossiers/{world.item.pk}/recommandations/"
    response = client.post(url, _reco(world.item))
    assert response.status_code == 422
    # the page says why (its banner), the service refused
    assert "Les délibérations sont closes" in text(response)
    assert not Recommendation.objects.filter(item=world.item).exists()


def test_opinion_after_the_session_was_closed(client, login_as, world):
    login_as(world.secretariat)
    delib.item_deliberate(item=world.item, opinion="Avis favorable", by=world.secretariat)
    delib.session_close(session=world.session, by=world.secretariat)
    url = f"/commissions/dossiers/{world.item.pk}/avis/"
    response = client.post(url, {f"dossier-{world.item.pk}-opinion": "Avis défavorable"})
    assert response.status_code == 422
    assert "Les délibérations sont closes" in text(response)
    world.item.refresh_from_db()
    assert world.item.opinion == "Avis favorable"


def test_session_closed_twice(client, login_as, world):
    login_as(world.secretariat)
    delib.item_deliberate(item=world.item, opinion="Avis favorable", by=world.secretariat)
    url = f"/commissions/seances/{world.session.pk}/clore/"
    assert client.post(url).status_code == 302
    second = client.post(url, follow=True)
    assert second.status_code == 200
    assert delib.CLOSED[:30] in text(second)
    world.session.refresh_from_db()
    assert world.session.status == SessionStatus.CLOSE


def test_report_sent_twice(client, login_as, world):
    from prevex.commissions import recommendations as recos

    reco = recos.recommendation_add(
        item=world.item, type_code="FSL", addressee_kind="MENAGE",
        due_on=datetime.date(2025, 6, 30), by=world.secretariat,
    )  # fmt: skip
    login_as(world.secretariat)
    url = f"/commissions/recommandations/{reco.pk}/suivi/"
    data = {f"reco-{reco.pk}-status": "EN_COURS"}
    assert client.post(url, data).status_code == 302
    second = client.post(url, data, follow=True)
    assert second.status_code == 200
    reco.refresh_from_db()
    assert reco.status == "EN_COURS"


def test_deleted_item_and_session_are_french_404s(client, login_as, world):
    login_as(world.secretariat)
    item_pk, session_pk = world.item.pk, world.session.pk
    world.item.delete()
    for response in (
        client.post(f"/commissions/dossiers/{item_pk}/recommandations/", _reco(world.item)),
        client.post(f"/commissions/dossiers/{item_pk}/avis/", {}),
        client.post("/commissions/recommandations/999999/suivi/", {}),
        client.post("/commissions/issues/999999/", {}),
        client.post("/commissions/seances/999999/clore/"),
    ):
        assert response.status_code == 404
        assert "introuvable" in text(response).lower()
    assert client.get(f"/commissions/seances/{session_pk}/deliberation/").status_code == 200
