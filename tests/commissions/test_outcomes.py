"""One-year outcomes: derived from the file as it stood on the due date, confirmed by the
secretariat; the nightly job idempotent."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from prevex.audit.models import WriteLog
from prevex.commissions.choices import OutcomeKind
from prevex.commissions.deliberation import item_deliberate
from prevex.commissions.follow import outcome_confirm, outcomes_refresh
from prevex.commissions.models import FileOutcome
from prevex.core import clock
from prevex.procedures.models import Event, Outcome, Stage

from .follow_fixtures import open_procedure, world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db
DUE = datetime.date(2026, 3, 6)


@pytest.fixture
def examined(world):
    item_deliberate(item=world.item, opinion="Avis.", by=world.secretariat)
    return world


def _close(procedure, outcome, on):
    procedure.closed_on, procedure.outcome = on, outcome
    procedure.save()


def _derived(day=DUE):
    clock.freeze(day)
    outcomes_refresh()
    return FileOutcome.objects.get().derived


def test_nothing_is_derived_before_the_due_date(examined):
    clock.freeze(DUE - datetime.timedelta(days=1))
    assert outcomes_refresh() == {"scheduled": 0, "derived": 0}
    assert FileOutcome.objects.get().derived == ""


def test_an_open_procedure_is_still_in_procedure_and_the_job_is_idempotent(examined):
    clock.freeze(DUE)
    assert outcomes_refresh() == {"scheduled": 0, "derived": 1}
    assert outcomes_refresh() == {"scheduled": 0, "derived": 0}
    outcome = FileOutcome.objects.get()
    assert outcome.derived == OutcomeKind.EN_PROCEDURE and outcome.derived_on == DUE
    assert WriteLog.objects.filter(object_type="ISSUE_UN_AN", operation="UPDATE").count() == 1


@pytest.mark.parametrize(
    ("closing", "expected"),
    [
        (Outcome.RELOGEMENT, OutcomeKind.RELOGE),
        (Outcome.HEBERGEMENT, OutcomeKind.RELOGE),
        (Outcome.DETTE_SOLDEE, OutcomeKind.DETTE_SOLDEE),
        (Outcome.SURENDETTEMENT, OutcomeKind.SURENDETTEMENT),
        (Outcome.CLASSEMENT, OutcomeKind.CLASSE),
        (Outcome.EXPULSION, OutcomeKind.EXPULSE),
        (Outcome.MAINTIEN, ""),
    ],
)
def test_closed_procedure_outcomes(examined, closing, expected):
    _close(examined.procedure, closing, datetime.date(2025, 10, 1))
    assert _derived() == expected


def test_an_expulsion_act_wins_and_later_facts_are_ignored(examined):
    Event.objects.create(
        procedure=examined.procedure, stage=Stage.EXPULSION, date=datetime.date(2025, 11, 4)
    )
    assert _derived() == OutcomeKind.EXPULSE
    # A closing after the due date does not change what the file showed on it.
    examined.procedure.events.filter(stage=Stage.EXPULSION).delete()
    _close(examined.procedure, Outcome.DETTE_SOLDEE, DUE + datetime.timedelta(days=10))
    assert _derived(DUE + datetime.timedelta(days=20)) == OutcomeKind.EN_PROCEDURE


def test_an_act_awaiting_review_derives_nothing(examined):
    Event.objects.create(
        procedure=examined.procedure, stage=Stage.EXPULSION, date=datetime.date(2025, 11, 4),
        pending_review=True,
    )  # fmt: skip
    assert _derived() == OutcomeKind.EN_PROCEDURE


def test_a_new_procedure_after_rehousing_is_in_procedure(examined):
    _close(examined.procedure, Outcome.RELOGEMENT, datetime.date(2025, 6, 1))
    open_procedure(examined.household, opened_on=datetime.date(2025, 12, 1))
    assert _derived() == OutcomeKind.EN_PROCEDURE


def test_examined_items_without_outcome_are_scheduled(examined):
    FileOutcome.objects.all().delete()
    clock.freeze(datetime.date(2025, 4, 1))
    assert outcomes_refresh() == {"scheduled": 1, "derived": 0}
    assert FileOutcome.objects.get().due_on == DUE


def test_the_secretariat_confirms(examined):
    outcome = FileOutcome.objects.get()
    clock.freeze(DUE - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="à partir du 06/03/2026"):
        outcome_confirm(outcome=outcome, kind=OutcomeKind.RELOGE, by=examined.secretariat)
    clock.freeze(DUE)
    with pytest.raises(ValidationError, match="secrétariat"):
        outcome_confirm(outcome=outcome, kind=OutcomeKind.RELOGE, by=examined.caf_agent)
    with pytest.raises(ValidationError, match="Choisissez"):
        outcome_confirm(outcome=outcome, kind="PARTI", by=examined.secretariat)
    assert FileOutcome.objects.get().confirmed == ""
    outcome = outcome_confirm(outcome=outcome, kind=OutcomeKind.RELOGE, by=examined.secretariat)
    assert outcome.confirmed == OutcomeKind.RELOGE and outcome.confirmed_on == DUE
    assert outcome.confirmed_by == examined.secretariat.user
    entry = WriteLog.objects.filter(object_type="ISSUE_UN_AN").order_by("-id").first()
    assert entry.organisation_id == examined.secretariat.organisation_id
    # Confirmed: the job leaves it alone.
    assert outcomes_refresh() == {"scheduled": 0, "derived": 0}
