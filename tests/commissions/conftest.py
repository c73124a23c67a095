"""Shared fixtures of the commissions' tests (other areas ADD theirs at the end).

Département 93 on 10 March 2025; the CCAPEX secretariat, a CAF and a CD social service
member of a restricted CCAPEX, a social landlord, an association (not a member), an
organisation of another département; households with open procedures.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from prevex.accounts.models import OrganisationType, Role
from prevex.commissions import summary
from prevex.commissions.choices import CommissionKind
from prevex.commissions.sessions import commission_create, session_create
from prevex.core import clock
from prevex.procedures.models import Event, Procedure, Stage
from tests.factories import (
    HouseholdFactory,
    InvolvementFactory,
    MemberFactory,
    MembershipFactory,
    OrganisationFactory,
    commune,
    departement,
)

TODAY = datetime.date(2025, 3, 10)
SESSION_DAY = datetime.date(2025, 3, 20)


def at(day: datetime.date, hour: int = 14) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


def procedure_at(household, stage=Stage.ASSIGNATION, *, day=datetime.date(2025, 2, 1)):
    """An open procedure whose position is ``stage`` (acts written as fixtures)."""
    procedure = Procedure.objects.create(
        household=household,
        departement_id=household.departement_id,
        opened_on=datetime.date(2024, 11, 2),
        stage=stage,
        stage_date=day,
        current_debt=Decimal("2100.00"),
    )
    Event.objects.create(procedure=procedure, stage=Stage.CDP, date=datetime.date(2024, 11, 2))
    if stage != Stage.CDP:
        extra = {"hearing_date": datetime.date(2025, 4, 15)} if stage == Stage.ASSIGNATION else {}
        Event.objects.create(procedure=procedure, stage=stage, date=day, **extra)
    return procedure


def household(last_name="Benali", **kwargs):
    h = HouseholdFactory(**kwargs)
    MemberFactory(household=h, last_name=last_name, first_name="Samia")
    return h


@dataclass
class World:
    secretariat: object  # membership of the CCAPEX secretariat
    caf: object  # membership of a member CAF
    social: object  # social worker of the member CD social service
    landlord: object  # membership of a social landlord (not a member)
    outsider: object  # membership of an association, not a member
    foreign: object  # membership of another département's CAF
    commission: object
    households: list


@pytest.fixture
def freeze_summaries(monkeypatch):
    """The summaries belong to another area: count the calls instead."""
    calls = []

    def fake(*, items, by):
        calls.append([i.pk for i in items])
        return len(items)

    monkeypatch.setattr(summary, "summaries_freeze_many", fake)
    return calls


@pytest.fixture
def world(db, freeze_summaries):
    clock.freeze(TODAY)
    departement("93")
    commune()
    ccapex = OrganisationFactory(ccapex=True)
    caf = OrganisationFactory(type=OrganisationType.CAF, name="CAF 93", email="caf@example.org")
    cd = OrganisationFactory(type=OrganisationType.CD_SOCIAL, name="Service social 93")
    landlord = OrganisationFactory(social_landlord=True)
    association = OrganisationFactory(type=OrganisationType.ASSOCIATION, name="Association")
    foreign = OrganisationFactory(type=OrganisationType.CAF, other_departement=True)
    secretariat = MembershipFactory(organisation=ccapex)
    commission = commission_create(
        departement_id="93",
        kind=CommissionKind.CCAPEX_RESTREINTE,
        name="CCAPEX restreinte 93",
        secretariat=ccapex,
        members=[caf, cd],
        quorum=2,
        capacity=3,
        by=secretariat,
    )
    households = []
    for name in ("Benali", "Martin", "Durand", "Petit"):
        h = household(name, household_social_sector=True)
        procedure_at(h)
        InvolvementFactory(household=h, organisation=landlord, reason="BAILLEUR")
        households.append(h)
    return World(
        secretariat=secretariat,
        caf=MembershipFactory(organisation=caf),
        social=MembershipFactory(organisation=cd, role=Role.TRAVAILLEUR_SOCIAL),
        landlord=MembershipFactory(organisation=landlord),
        outsider=MembershipFactory(organisation=association),
        foreign=MembershipFactory(organisation=foreign),
        commission=commission,
        households=households,
    )


@pytest.fixture
def session(world):
    return session_create(
        commission=world.commission, starts_at=at(SESSION_DAY), place="Préfecture, salle 2",
        by=world.secretariat,
    )  # fmt: skip
