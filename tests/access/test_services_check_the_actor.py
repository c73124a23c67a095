"""The procedure services check the actor's right on the file, not only the views: an
organisation that may record an act type still cannot write on a file it is not involved
in (the import records such acts through the bulk path and asks the secretariat)."""

import datetime
from decimal import Decimal

import pytest

from prevex.core.errors import BusinessError
from prevex.procedures.models import Event, Procedure
from prevex.procedures.services import event_record, procedure_close, procedure_open
from tests.factories import HouseholdFactory, InvolvementFactory, MembershipFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_bailiff_not_involved_cannot_open_a_procedure_on_the_file():
    bailiff = MembershipFactory(organisation__type="COMMISSAIRE_JUSTICE")
    household = HouseholdFactory()
    with pytest.raises(BusinessError, match="pas accès à la procédure"):
        procedure_open(household=household, stage="CDP", date=D(2025, 4, 10), by=bailiff)
    assert not Procedure.objects.filter(household=household).exists()


def test_once_involved_the_same_bailiff_may_and_an_outsider_still_may_not():
    bailiff = MembershipFactory(organisation__type="COMMISSAIRE_JUSTICE")
    other = MembershipFactory(
        organisation__type="COMMISSAIRE_JUSTICE",
        organisation__departement=bailiff.organisation.departement,
    )
    household = HouseholdFactory()
    InvolvementFactory(household=household, organisation=bailiff.organisation)
    procedure = procedure_open(
        household=household, stage="CDP", date=D(2025, 4, 10), by=bailiff, debt_amount=Decimal(900)
    )
    with pytest.raises(BusinessError, match="pas accès à la procédure"):
        event_record(procedure=procedure, stage="ASSIGNATION", date=D(2025, 6, 2), by=other)
    with pytest.raises(BusinessError, match="pas accès à la procédure"):
        procedure_close(
            procedure=procedure, outcome="DETTE_SOLDEE", closed_on=D(2025, 7, 1), by=other
        )
    assert Event.objects.filter(procedure=procedure).count() == 1
    assert Procedure.objects.get(pk=procedure.pk).closed_on is None
