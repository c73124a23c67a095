"""The nightly job: computed fields of open procedures follow today's date."""

import datetime
from decimal import Decimal

import pytest

from prevex.core import clock
from prevex.procedures.models import Procedure
from prevex.procedures.refresh import open_procedures_refresh
from prevex.procedures.services import procedure_open
from prevex.procedures.tasks import REFRESH_SCHEDULE, refresh_deadlines
from tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def assignation(monkeypatch):
    """A procedure at the assignation, recorded on 02/06/2025 (hearing on 01/10/2025)."""
    monkeypatch.setattr(clock, "today", lambda: D(2025, 6, 2))
    procedure = procedure_open(
        household=HouseholdFactory(),
        stage="ASSIGNATION",
        date=D(2025, 6, 2),
        hearing_date=D(2025, 10, 1),
        debt_amount=Decimal("2400"),
        by=None,
    )
    return Procedure.objects.get(pk=procedure.pk)


def test_a_passed_deadline_moves_on_at_the_next_run_and_a_second_run_changes_nothing(
    assignation, monkeypatch
):
    first = assignation.key_deadline
    assert first is not None and first > D(2025, 6, 2)
    # Later: the first deadline has passed; until the job runs, the stored one is stale.
    monkeypatch.setattr(clock, "today", lambda: first + datetime.timedelta(days=1))
    assert Procedure.objects.get(pk=assignation.pk).key_deadline == first
    assert open_procedures_refresh() == 1
    assert Procedure.objects.get(pk=assignation.pk).key_deadline != first
    assert open_procedures_refresh() == 0  # idempotent


def test_closed_procedures_and_other_departements_are_left_alone(assignation, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: D(2026, 1, 1))
    assert open_procedures_refresh(departement="75") == 0
    Procedure.objects.filter(pk=assignation.pk).update(
        closed_on=D(2025, 7, 1), outcome="DESISTEMENT"
    )
    assert open_procedures_refresh() == 0


def test_the_job_runs_the_service_and_is_scheduled_every_night(assignation, monkeypatch):
    monkeypatch.setattr(
        clock, "today", lambda: assignation.key_deadline + datetime.timedelta(days=1)
    )
    assert refresh_deadlines.call_local() == 1
    # Declared nightly at 02:15 (huey crontab: a predicate on a datetime).
    assert REFRESH_SCHEDULE(datetime.datetime(2026, 12, 1, 2, 15))
    assert not REFRESH_SCHEDULE(datetime.datetime(2026, 12, 1, 3, 15))
