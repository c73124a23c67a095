"""Commissions and sessions: creation checks, the invitation and the members' window,
attendance and quorum, holding the session (frozen summaries)."""

import datetime

import pytest
from django.core import mail

from prevex.access.gate import groups_for
from prevex.access.models import Involvement
from prevex.commissions import agenda, sessions
from prevex.commissions.choices import CommissionKind, SessionStatus
from prevex.commissions.models import AgendaItem, Attendance
from prevex.core import clock
from prevex.core.errors import BusinessError

from .conftest import SESSION_DAY, TODAY, at

pytestmark = pytest.mark.django_db
WINDOW_END = SESSION_DAY + datetime.timedelta(days=15)  # COMMISSION_ACCES_APRES_SEANCE


def _agenda(world, session, n=2):
    return agenda.agenda_add_many(
        session=session,
        household_ids=[h.pk for h in world.households[:n]],
        by=world.secretariat,
        version=session.agenda_version,
    )


def test_commission_create_checks(world):
    kwargs = dict(
        departement_id="93", kind=CommissionKind.CLIL, name="CLIL de Saint-Denis",
        secretariat=world.caf.organisation, by=world.secretariat,
    )  # fmt: skip
    with pytest.raises(BusinessError, match="CCAPEX du département"):
        sessions.commission_create(**{**kwargs, "by": world.caf})
    with pytest.raises(BusinessError, match="organisation active du département"):
        sessions.commission_create(**kwargs, members=[world.foreign.organisation])
    with pytest.raises(BusinessError, match="Quorum"):
        sessions.commission_create(**kwargs, quorum=3)
    with pytest.raises(BusinessError, match="Étape"):
        sessions.commission_create(**kwargs, stages=["NOPE"])
    with pytest.raises(BusinessError, match="commune"):
        sessions.commission_create(**kwargs, communes=["75056"])
    clil = sessions.commission_create(**kwargs, communes=["93066"], stages=["CDP"])
    assert [c.insee for c in clil.communes.all()] == ["93066"] and clil.stages == ["CDP"]


def test_session_create_checks(world):
    kwargs = dict(commission=world.commission, starts_at=at(SESSION_DAY), by=world.secretariat)
    with pytest.raises(BusinessError, match="lieu"):
        sessions.session_create(**kwargs)
    with pytest.raises(BusinessError, match="https"):
        sessions.session_create(**kwargs, video_link="javascript:alert(1)")
    with pytest.raises(BusinessError, match="passée"):
        sessions.session_create(
            **{**kwargs, "starts_at": at(TODAY - datetime.timedelta(1))}, place="x"
        )
    with pytest.raises(BusinessError, match="secrétariat"):
        sessions.session_create(**{**kwargs, "by": world.caf}, place="x")
    session = sessions.session_create(**kwargs, video_link="https://visio.example.org/abc")
    assert session.capacity == 3 and session.status == SessionStatus.PREPARATION


def test_invitation_opens_the_window_to_members(world, session):
    _agenda(world, session)
    with pytest.raises(BusinessError, match="secrétariat"):
        sessions.session_invite(session=session, by=world.caf)
    sessions.session_invite(session=session, by=world.secretariat)
    session.refresh_from_db()
    assert session.status == SessionStatus.CONVOQUEE and session.invited_on == TODAY
    orgs = {world.caf.organisation_id, world.social.organisation_id}
    assert set(Attendance.objects.values_list("organisation_id", flat=True)) == orgs | {
        world.secretariat.organisation_id
    }
    rows = Involvement.objects.filter(reason="COMMISSION")
    assert rows.count() == 4  # 2 members × 2 files; never the CCAPEX secretariat
    assert {(r.starts_on, r.ends_on) for r in rows} == {(TODAY, WINDOW_END)}
    h = world.households[0]
    assert groups_for(membership=world.caf, household=h)
    assert not groups_for(membership=world.caf, household=world.households[3])
    assert not groups_for(membership=world.outsider, household=h)
    # The window closes after the rule's delay.
    clock.freeze(WINDOW_END)
    assert groups_for(membership=world.caf, household=h)
    clock.freeze(WINDOW_END + datetime.timedelta(days=1))
    assert not groups_for(membership=world.caf, household=h)
    clock.freeze(TODAY)
    # Sent again: nothing duplicated, no second mail.
    sessions.session_invite(session=session, by=world.secretariat)
    assert rows.count() == 4 and Attendance.objects.count() == 3


def test_invitation_mail(world, session, django_capture_on_commit_callbacks):
    _agenda(world, session)
    with django_capture_on_commit_callbacks(execute=True):
        sessions.session_invite(session=session, by=world.secretariat)
    assert [m.to for m in mail.outbox] == [["caf@example.org"]]
    assert "Benali".upper() not in mail.outbox[0].body and "20/03/2025" in mail.outbox[0].body


def test_invitation_needs_an_agenda_and_a_future_date(world, session):
    with pytest.raises(BusinessError, match="au moins un dossier"):
        sessions.session_invite(session=session, by=world.secretariat)
    _agenda(world, session)
    clock.freeze(SESSION_DAY + datetime.timedelta(days=1))
    with pytest.raises(BusinessError, match="passée"):
        sessions.session_invite(session=session, by=world.secretariat)


def test_items_added_after_the_invitation_and_removed_ones(world, session):
    _agenda(world, session, 1)
    sessions.session_invite(session=session, by=world.secretariat)
    session.refresh_from_db()
    clock.freeze(TODAY + datetime.timedelta(days=2))
    (late,) = agenda.agenda_add_many(
        session=session, household_ids=[world.households[1].pk], by=world.secretariat,
        version=session.agenda_version,
    )  # fmt: skip
    rows = Involvement.objects.filter(household=world.households[1], reason="COMMISSION")
    assert {(r.starts_on, r.ends_on) for r in rows} == {(TODAY + datetime.timedelta(2), WINDOW_END)}
    assert groups_for(membership=world.social, household=world.households[1])
    session.refresh_from_db()
    first = AgendaItem.objects.get(household=world.households[0])
    agenda.agenda_remove(item=first, by=world.secretariat, version=session.agenda_version)
    ended = Involvement.objects.filter(household=world.households[0], reason="COMMISSION")
    assert {r.ends_on for r in ended} == {TODAY + datetime.timedelta(days=1)}
    assert not groups_for(membership=world.caf, household=world.households[0])
    assert groups_for(membership=world.caf, household=world.households[1])
    assert late.pk


def test_attendance_and_quorum(world, session):
    _agenda(world, session)
    sessions.session_invite(session=session, by=world.secretariat)
    with pytest.raises(BusinessError, match="jour de la séance"):
        sessions.attendance_record(
            session=session, present_organisation_ids=[], by=world.secretariat
        )
    clock.freeze(SESSION_DAY)
    caf = world.caf.organisation_id
    sessions.attendance_record(
        session=session, present_organisation_ids=[caf], by=world.secretariat,
        representatives={caf: "Mme Leroy"},
    )  # fmt: skip
    assert not sessions.quorum_reached(session)  # quorum 2
    with pytest.raises(BusinessError, match="convoquées"):
        sessions.attendance_record(
            session=session, present_organisation_ids=[world.outsider.organisation_id],
            by=world.secretariat,
        )  # fmt: skip
    with pytest.raises(BusinessError):
        sessions.attendance_record(
            session=session, present_organisation_ids=["x"], by=world.secretariat
        )
    sessions.attendance_record(
        session=session, present_organisation_ids=[caf, world.social.organisation_id],
        by=world.secretariat,
    )  # fmt: skip
    assert sessions.quorum_reached(session)
    assert Attendance.objects.get(organisation_id=caf).representative == "Mme Leroy"


def test_hold_before_the_date_is_refused_then_freezes(world, session, freeze_summaries):
    items = _agenda(world, session)
    with pytest.raises(BusinessError, match="convocation"):
        sessions.session_hold(session=session, by=world.secretariat)
    sessions.session_invite(session=session, by=world.secretariat)
    with pytest.raises(BusinessError, match="pas encore eu lieu"):
        sessions.session_hold(session=session, by=world.secretariat)
    assert freeze_summaries == []
    clock.freeze(SESSION_DAY)
    with pytest.raises(BusinessError, match="futur"):
        sessions.session_hold(
            session=session, by=world.secretariat, held_on=SESSION_DAY + datetime.timedelta(1)
        )
    sessions.session_hold(session=session, by=world.secretariat)
    session.refresh_from_db()
    assert session.status == SessionStatus.TENUE and session.held_on == SESSION_DAY
    assert freeze_summaries == [[i.pk for i in items]]
    with pytest.raises(BusinessError, match="ne peut plus être modifié"):
        agenda.agenda_add_many(
            session=session, household_ids=[world.households[3].pk], by=world.secretariat,
            version=session.agenda_version,
        )  # fmt: skip
    with pytest.raises(BusinessError, match="déjà"):
        sessions.session_hold(session=session, by=world.secretariat)
