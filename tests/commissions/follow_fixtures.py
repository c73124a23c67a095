"""Fixtures of the follow-up tests (deliberation, recommendations, reminders, outcomes).

Sessions and agenda items are written with the models directly: the agenda's services
belong to another part of the app. Import ``world_fixture`` in a test module (tests ask for ``world``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from prevex.accounts.models import Membership, Organisation, OrganisationType, Role
from prevex.commissions.choices import CommissionKind, SaisineReason, SaisineStatus, SessionStatus
from prevex.commissions.models import AgendaItem, Commission, Saisine, Session
from prevex.core import clock
from prevex.procedures.models import Event, Procedure, Stage
from tests.factories import (
    HouseholdFactory,
    InvolvementFactory,
    MembershipFactory,
    OrganisationFactory,
    departement,
)

TODAY = datetime.date(2025, 3, 10)
SESSION_DAY = datetime.date(2025, 3, 6)


@dataclass
class World:
    secretariat: Membership
    caf: Organisation
    caf_agent: Membership
    commission: Commission
    session: Session
    item: AgendaItem
    household: object
    procedure: Procedure


def open_procedure(household, *, opened_on=datetime.date(2024, 6, 1)) -> Procedure:
    procedure = Procedure.objects.create(
        household=household,
        departement_id=household.departement_id,
        opened_on=opened_on,
        stage=Stage.ASSIGNATION,
        stage_date=datetime.date(2025, 1, 10),
        current_debt=Decimal("2400.00"),
    )
    Event.objects.create(procedure=procedure, stage=Stage.CDP, date=opened_on)
    return procedure


def make_session(commission, *, day=SESSION_DAY, status=SessionStatus.TENUE) -> Session:
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    return Session.objects.create(
        commission=commission,
        departement_id=commission.departement_id,
        starts_at=starts_at,
        capacity=30,
        status=status,
        held_on=day if status in (SessionStatus.TENUE, SessionStatus.CLOSE) else None,
    )


def put_on_agenda(session, household, *, position=1) -> AgendaItem:
    saisine = Saisine.objects.create(
        household=household,
        departement_id=session.departement_id,
        commission=session.commission,
        reason=SaisineReason.PARTENAIRE,
        status=SaisineStatus.INSCRITE,
        proposed_for=timezone.localdate(session.starts_at),
    )
    return AgendaItem.objects.create(
        session=session, household=household, saisine=saisine, position=position
    )


def make_world() -> World:
    clock.freeze(TODAY)
    departement("93")
    ccapex = OrganisationFactory(ccapex=True)
    secretariat = MembershipFactory(organisation=ccapex)
    caf = OrganisationFactory(type=OrganisationType.CAF, name="CAF de la Seine-Saint-Denis")
    commission = Commission.objects.create(
        departement_id="93",
        kind=CommissionKind.CCAPEX_PLENIERE,
        name="CCAPEX plénière 93",
        secretariat=ccapex,
    )
    commission.members.add(caf)
    household = HouseholdFactory()
    procedure = open_procedure(household)
    session = make_session(commission)
    item = put_on_agenda(session, household)
    return World(
        secretariat=secretariat,
        caf=caf,
        caf_agent=MembershipFactory(organisation=caf, role=Role.TRAVAILLEUR_SOCIAL),
        commission=commission,
        session=session,
        item=item,
        household=household,
        procedure=procedure,
    )


@pytest.fixture(name="world")
def world_fixture(db) -> World:
    """Import ``world_fixture`` in a test module; tests ask for ``world``."""
    return make_world()


def involve(household, org_type, **kwargs) -> Membership:
    org = OrganisationFactory(type=org_type, **kwargs)
    InvolvementFactory(household=household, organisation=org, starts_on=datetime.date(2024, 1, 1))
    return MembershipFactory(organisation=org)
