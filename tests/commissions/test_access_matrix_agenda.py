"""The access matrix of commissions, sessions and agendas, for each kind of reader:
the CCAPEX secretariat, a member CAF, an organisation that is not a member, the social
landlord of the files, a CAF of another département; × the commission list, the session
page, the agenda builder, the file page's « Commissions » panel and the saisine POST.

Expected, written from the decision (docs/decisions/2026-12-01-commission-agenda.md):
a commission and its sessions are read by its secretariat and its members; the agenda
is built by the secretariat only; a file is read through the gate, a member seeing the
files of an agenda only inside the session's window (invitation → session + 15 days).
"""

import datetime

import pytest

from prevex.commissions import agenda, sessions
from prevex.commissions.choices import SaisineReason
from prevex.commissions.models import Saisine
from prevex.core import clock

from .conftest import SESSION_DAY, TODAY

pytestmark = pytest.mark.django_db
READERS = ["secretariat", "caf", "outsider", "landlord", "foreign"]
NAME = "BENALI Samia"

# reader → (list shows the commission, session page, agenda page, file page, saisine POST)
BEFORE = {
    "secretariat": (True, 200, 200, 200, 302),
    "caf": (True, 200, 403, 404, 404),
    "outsider": (False, 404, 404, 404, 404),
    "landlord": (False, 404, 404, 200, 302),
    "foreign": (False, 404, 404, 404, 404),
}
# Once the invitation is sent: the member reads the files of the agenda.
WINDOW = {**BEFORE, "caf": (True, 200, 403, 200, 302)}
AFTER = BEFORE  # past the window


@pytest.fixture
def invited(world, session):
    household = world.households[0]
    agenda.agenda_add_many(
        session=session, household_ids=[household.pk], by=world.secretariat, version=0
    )
    return household


def _answers(client, session, household, commission):
    listing = client.get("/commissions/").content.decode()
    file_page = client.get(f"/menages/{household.pk}/")
    saisine = client.post(
        f"/commissions/menages/{household.pk}/saisine/",
        {"commission": commission.pk, "reason": SaisineReason.PARTENAIRE},
    )
    Saisine.objects.filter(reason=SaisineReason.PARTENAIRE).delete()
    return (
        commission.name in listing,
        client.get(f"/commissions/seances/{session.pk}/").status_code,
        client.get(f"/commissions/seances/{session.pk}/ordre-du-jour/").status_code,
        file_page.status_code,
        saisine.status_code,
    ), file_page.content.decode()


@pytest.mark.parametrize("reader", READERS)
def test_matrix_before_during_and_after_the_window(
    reader, world, session, invited, client, login_as
):
    membership = getattr(world, reader)
    login_as(membership)
    answers, html = _answers(client, session, invited, world.commission)
    assert answers == BEFORE[reader]
    if answers[3] == 200:
        assert 'id="titre-commissions"' in html

    sessions.session_invite(session=session, by=world.secretariat)
    for day in (TODAY, SESSION_DAY, SESSION_DAY + datetime.timedelta(days=15)):
        clock.freeze(day)
        answers, html = _answers(client, session, invited, world.commission)
        assert answers == WINDOW[reader], day
        if answers[3] == 200:
            assert 'id="titre-commissions"' in html and "CCAPEX restreinte 93" in html
        if answers[1] == 200:
            session_page = client.get(f"/commissions/seances/{session.pk}/").content.decode()
            assert NAME in session_page  # the names while the reader sees the file
            assert invited.reference in session_page

    clock.freeze(SESSION_DAY + datetime.timedelta(days=16))
    answers, _ = _answers(client, session, invited, world.commission)
    assert answers == AFTER[reader]
    if answers[1] == 200:
        session_page = client.get(f"/commissions/seances/{session.pk}/").content.decode()
        assert invited.reference in session_page
        assert (NAME in session_page) is (reader == "secretariat")


def test_a_member_does_not_see_an_agenda_in_preparation(world, session, invited, client, login_as):
    login_as(world.caf)
    html = client.get(f"/commissions/seances/{session.pk}/").content.decode()
    assert "en préparation" in html and invited.reference not in html


def test_actions_of_the_secretariat_are_refused_to_members(
    world, session, invited, client, login_as
):
    login_as(world.caf)
    base = f"/commissions/seances/{session.pk}/"
    for path in (
        "ordre-du-jour/inscrire/",
        "ordre-du-jour/dossier/",
        "convocation/",
        "presences/",
        "tenue/",
    ):
        assert client.post(base + path, {"version": 0}).status_code == 403, path
    login_as(world.outsider)
    for path in ("ordre-du-jour/inscrire/", "convocation/", "tenue/"):
        assert client.post(base + path, {"version": 0}).status_code == 404, path
    session.refresh_from_db()
    assert session.status == "PREPARATION" and session.agenda_version == 1
