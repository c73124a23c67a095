"""The sessions' pages: what each reader gets, French messages on refusals, no 500 on
bad input (hypothesis on the agenda's POSTs), the file panel and its saisine form."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prevex.audit.models import AccessLog
from prevex.commissions import agenda, sessions
from prevex.commissions.choices import SaisineReason
from prevex.commissions.models import AgendaItem, Saisine

pytestmark = pytest.mark.django_db


def _page(client, url):
    response = client.get(url, follow=True)
    return response, response.content.decode()


def test_list_and_nav(world, session, client, login_as):
    login_as(world.secretariat)
    response, html = _page(client, "/commissions/")
    assert response.status_code == 200
    assert "CCAPEX restreinte 93" in html and "Nouvelle séance" in html
    assert 'aria-current="page">Commissions</a>' in html
    login_as(world.caf)
    html = client.get("/commissions/").content.decode()
    assert "CCAPEX restreinte 93" in html and "Nouvelle séance" not in html
    login_as(world.outsider)
    html = client.get("/commissions/").content.decode()
    assert "CCAPEX restreinte 93" not in html and "membre d'aucune commission" in html


def test_session_create_page(world, client, login_as):
    login_as(world.secretariat)
    url = f"/commissions/{world.commission.pk}/seances/nouvelle/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"day": "31/02/2025", "time": "14:00", "place": "x"})
    assert bad.status_code == 422 and "Date invalide" in bad.content.decode()
    past = client.post(url, {"day": "01/03/2025", "time": "14:00", "place": "x"})
    assert past.status_code == 422 and "passée" in past.content.decode()
    ok = client.post(url, {"day": "20/03/2025", "time": "14:00", "place": "Salle 1"})
    assert ok.status_code == 302
    login_as(world.caf)
    assert client.get(url).status_code == 403
    login_as(world.outsider)
    assert client.get(url).status_code == 404


def test_build_the_agenda_from_the_suggestions(world, session, client, login_as):
    h = world.households
    for household in h[:3]:
        agenda.saisine_create(
            household=household, commission=world.commission,
            reason=SaisineReason.PARTENAIRE, by=None,
        )  # fmt: skip
    login_as(world.secretariat)
    url = f"/commissions/seances/{session.pk}/ordre-du-jour/"
    html = client.get(url).content.decode()
    assert "BENALI Samia" in html and "0 / 3 dossiers inscrits" in html
    response = client.post(
        url + "inscrire/", {"version": 0, "households": [h[0].pk, h[1].pk]}, follow=True
    )
    html = response.content.decode()
    assert "2 dossier(s) inscrit(s)" in html and "2 / 3 dossiers inscrits" in html
    # Two agents at once: the second sent the page's old version.
    response = client.post(url + "inscrire/", {"version": 0, "households": [h[2].pk]}, follow=True)
    assert "modifié par quelqu&#x27;un d&#x27;autre" in response.content.decode()
    first, second = AgendaItem.objects.order_by("position")
    client.post(url + "dossier/", {"version": 1, "item": second.pk, "action": "monter"})
    assert list(AgendaItem.objects.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]
    client.post(url + "dossier/", {"version": 2, "item": first.pk, "action": "retirer"})
    assert list(AgendaItem.objects.values_list("pk", flat=True)) == [second.pk]
    response = client.post(f"/commissions/seances/{session.pk}/convocation/", {"version": 3})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == "CONVOQUEE"
    assert AccessLog.objects.filter(what__contains="Ordre du jour").exists()


def test_over_capacity_message(world, session, client, login_as):
    for household in world.households:
        agenda.saisine_create(
            household=household, commission=world.commission,
            reason=SaisineReason.PARTENAIRE, by=None,
        )  # fmt: skip
    login_as(world.secretariat)
    response = client.post(
        f"/commissions/seances/{session.pk}/ordre-du-jour/inscrire/",
        {"version": 0, "households": [x.pk for x in world.households]},
        follow=True,
    )
    assert response.status_code == 200
    assert "limité à 3 dossiers" in response.content.decode()
    assert not AgendaItem.objects.exists()


POSTS = ["inscrire/", "dossier/"]
junk = st.one_of(st.text(max_size=30), st.integers().map(str), st.just(""))


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    path=st.sampled_from(POSTS),
    data=st.dictionaries(
        st.sampled_from(["version", "households", "item", "action"]), junk, max_size=4
    ),
)
def test_no_500_on_bad_agenda_posts(world, session, client, login_as, path, data):
    login_as(world.secretariat)
    response = client.post(f"/commissions/seances/{session.pk}/ordre-du-jour/{path}", data)
    assert response.status_code == 302


def test_hold_before_the_date_says_why(world, session, client, login_as):
    agenda.agenda_add_many(
        session=session, household_ids=[world.households[0].pk], by=world.secretariat, version=0
    )
    sessions.session_invite(session=session, by=world.secretariat)
    login_as(world.secretariat)
    response = client.post(f"/commissions/seances/{session.pk}/tenue/", follow=True)
    assert "pas encore eu lieu" in response.content.decode()
    response = client.post(
        f"/commissions/seances/{session.pk}/presences/",
        {f"present_{world.caf.organisation_id}": "on"},
        follow=True,
    )
    assert "jour de la séance" in response.content.decode()


def test_file_panel_and_saisine(world, client, login_as):
    household = world.households[0]
    login_as(world.landlord)
    html = client.get(f"/menages/{household.pk}/").content.decode()
    assert 'id="titre-commissions"' in html and "Aucun passage en commission" in html
    url = f"/commissions/menages/{household.pk}/saisine/"
    assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200
    bad = client.post(url, {"commission": "x", "reason": "PARTENAIRE"})
    assert bad.status_code == 422 and 'id="titre-commissions"' in bad.content.decode()
    refused = client.post(
        url, {"commission": world.commission.pk, "reason": SaisineReason.BAILLEUR_SOCIAL}
    )
    assert refused.status_code == 422 and "ne peut pas suivre" in refused.content.decode()
    ok = client.post(
        url,
        {"commission": world.commission.pk, "reason": SaisineReason.PARTENAIRE, "motive": "x"},
    )
    assert ok.status_code == 302
    saisine = Saisine.objects.get()
    html = client.get(f"/menages/{household.pk}/").content.decode()
    assert "Saisines en cours" in html and "CCAPEX restreinte 93" in html
    client.post(f"/commissions/saisines/{saisine.pk}/retirer/")
    saisine.refresh_from_db()
    assert saisine.status == "RETIREE"
    login_as(world.caf)  # no access to the file
    assert client.get(url).status_code == 404
    assert client.post(url, {"commission": world.commission.pk}).status_code == 404


def test_the_panel_reads_in_a_fixed_number_of_queries(world, client, login_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .conftest import SESSION_DAY, at

    household = world.households[0]
    login_as(world.secretariat)
    url = f"/menages/{household.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for days in (0, 40):
        s = sessions.session_create(
            commission=world.commission, place="Salle",
            starts_at=at(SESSION_DAY + datetime.timedelta(days=days)),
            by=world.secretariat,
        )  # fmt: skip
        agenda.agenda_add_many(
            session=s, household_ids=[household.pk], by=world.secretariat, version=0
        )
        if days == 0:
            sessions.session_invite(session=s, by=world.secretariat)
            AgendaItem.objects.filter(session=s).delete()
            Saisine.objects.filter(household=household).update(status="EXAMINEE")
    with CaptureQueriesContext(connection) as some:
        html = client.get(url).content.decode()
    assert html.count("séance du") >= 1 and "Saisines en cours" in html
    # Without commission rows only the presence statement runs (file_presence); with
    # passages and saisines, their two querysets too (one query each, whatever their number).
    assert len(some) == len(few) + 2


def test_a_clil_run_by_a_ccas_builds_by_reference(world, client, login_as):
    from prevex.accounts.models import OrganisationType
    from tests.factories import MembershipFactory, OrganisationFactory

    ccas = OrganisationFactory(type=OrganisationType.CCAS, name="CCAS de Saint-Denis")
    clil = sessions.commission_create(
        departement_id="93", kind="CLIL", name="CLIL de Saint-Denis", secretariat=ccas,
        members=[world.caf.organisation], by=world.secretariat,
    )  # fmt: skip
    agent = MembershipFactory(organisation=ccas)
    household = world.households[0]
    agenda.saisine_create(
        household=household, commission=clil, reason=SaisineReason.PARTENAIRE, by=None
    )
    login_as(agent)
    s_url = f"/commissions/{clil.pk}/seances/nouvelle/"
    client.post(s_url, {"day": "20/03/2025", "time": "09:30", "place": "Mairie"})
    session = clil.sessions.get()
    url = f"/commissions/seances/{session.pk}/ordre-du-jour/"
    html = client.get(url).content.decode()
    assert household.reference in html and "BENALI" not in html
    client.post(url + "inscrire/", {"version": 0, "households": [household.pk]})
    client.post(f"/commissions/seances/{session.pk}/convocation/", {"version": 1})
    html = client.get(f"/commissions/seances/{session.pk}/").content.decode()
    assert "BENALI Samia" in html  # the CCAS is in the window now
    assert client.get(f"/menages/{household.pk}/").status_code == 200


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    data=st.dictionaries(
        st.sampled_from(["commission", "reason", "motive", "day", "time", "place", "video_link"]),
        junk,
        max_size=6,
    )
)
def test_no_500_on_bad_saisine_session_and_attendance_posts(world, session, client, login_as, data):
    login_as(world.secretariat)
    household = world.households[0]
    urls = [
        f"/commissions/menages/{household.pk}/saisine/",
        f"/commissions/{world.commission.pk}/seances/nouvelle/",
        f"/commissions/seances/{session.pk}/presences/",
        f"/commissions/seances/{session.pk}/convocation/",
    ]
    for url in urls:
        assert client.post(url, data).status_code in (200, 302, 422), url


def test_the_attendance_form_is_offered_only_when_it_can_be_recorded(
    world, session, client, login_as
):
    """Before the session's day and once the deliberations are closed the service refuses
    the attendance: the page shows the list, not a form that would fail."""
    from prevex.commissions import deliberation
    from prevex.core import clock

    from .conftest import SESSION_DAY

    agenda.agenda_add_many(
        session=session, household_ids=[world.households[0].pk], by=world.secretariat, version=0
    )
    sessions.session_invite(session=session, by=world.secretariat)
    login_as(world.secretariat)
    url = f"/commissions/seances/{session.pk}/"
    html = client.get(url).content.decode()
    assert "Présences" in html and "Enregistrer les présences" not in html
    clock.freeze(SESSION_DAY)
    assert "Enregistrer les présences" in client.get(url).content.decode()
    sessions.session_hold(session=session, by=world.secretariat)
    assert "Enregistrer les présences" in client.get(url).content.decode()
    item = AgendaItem.objects.get(session=session)
    deliberation.item_deliberate(item=item, opinion="Avis favorable.", by=world.secretariat)
    deliberation.session_close(session=session, by=world.secretariat)
    html = client.get(url).content.decode()
    assert "Présences" in html and "Enregistrer les présences" not in html
    response = client.post(
        f"/commissions/seances/{session.pk}/presences/",
        {f"present_{world.caf.organisation_id}": "on"},
        follow=True,
    )
    assert "jusqu&#x27;à la clôture des délibérations" in response.content.decode()


def test_withdraw_is_offered_only_to_who_may_withdraw(world, client, login_as):
    """A saisine made by the CCAPEX secretariat: the landlord reading the file sees it
    but is not offered « Retirer » (the service would refuse it); the secretariat is."""
    from prevex.commissions.saisines import saisine_create

    household = world.households[0]
    saisine = saisine_create(
        household=household, commission=world.commission, reason=SaisineReason.PARTENAIRE,
        by=world.secretariat,
    )  # fmt: skip
    withdraw = f"/commissions/saisines/{saisine.pk}/retirer/"
    login_as(world.landlord)
    html = client.get(f"/menages/{household.pk}/").content.decode()
    assert "Saisines en cours" in html and withdraw not in html
    client.post(withdraw)
    saisine.refresh_from_db()
    assert saisine.status == "PROPOSEE"
    login_as(world.secretariat)
    assert withdraw in client.get(f"/menages/{household.pk}/").content.decode()
