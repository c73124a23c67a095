"""Ending an involvement early (a file removed from a commission's agenda): one service,
which writes the end and its history entry; the gate stops opening the file the next day."""

import datetime

import pytest

from prevex.access.gate import is_involved
from prevex.access.models import Involvement, InvolvementReason
from prevex.access.services import involvement_add, involvement_end
from prevex.accounts.models import OrganisationType
from prevex.audit.models import WriteLog
from prevex.core import clock
from tests.factories import HouseholdFactory, MembershipFactory, OrganisationFactory, departement

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def involvement():
    clock.freeze(DAY)
    departement("93")
    household = HouseholdFactory()
    caf = OrganisationFactory(type=OrganisationType.CAF)
    secretariat = MembershipFactory(
        organisation=OrganisationFactory(type=OrganisationType.ETAT_CCAPEX)
    )
    row = involvement_add(
        household=household, organisation=caf, reason=InvolvementReason.COMMISSION,
        starts_on=DAY - datetime.timedelta(days=3), ends_on=DAY + datetime.timedelta(days=20),
        by=secretariat,
    )  # fmt: skip
    yield row, secretariat
    clock.freeze(None)


def test_ended_involvement_closes_the_file_the_next_day_and_is_in_the_history(involvement):
    row, secretariat = involvement
    assert is_involved(organisation_id=row.organisation_id, household_id=row.household_id)
    involvement_end(involvement=row, ends_on=DAY, by=secretariat, why="dossier retiré")
    row.refresh_from_db()
    assert row.ends_on == DAY
    assert is_involved(organisation_id=row.organisation_id, household_id=row.household_id)
    clock.freeze(DAY + datetime.timedelta(days=1))
    assert not is_involved(organisation_id=row.organisation_id, household_id=row.household_id)
    entry = WriteLog.objects.filter(object_id=row.pk, operation="UPDATE").get()
    assert "dossier retiré" in entry.summary
    assert entry.organisation_id == secretariat.organisation_id
    assert entry.changes[0]["old"] == f"{DAY + datetime.timedelta(days=20):%d/%m/%Y}"


def test_ending_never_extends_an_involvement(involvement):
    row, secretariat = involvement
    involvement_end(involvement=row, ends_on=DAY - datetime.timedelta(days=1), by=secretariat)
    involvement_end(involvement=row, ends_on=DAY + datetime.timedelta(days=5), by=secretariat)
    assert Involvement.objects.get(pk=row.pk).ends_on == DAY - datetime.timedelta(days=1)
    assert WriteLog.objects.filter(object_id=row.pk, operation="UPDATE").count() == 1
