"""The follow-up jobs: reminders of recommendations before and after their due date, each
once, by the dated rules; the huey wrappers."""

import datetime

import pytest
from django.core import mail

from prevex.audit.models import WriteLog
from prevex.commissions import tasks
from prevex.commissions.choices import AddresseeKind, RecommendationStatus
from prevex.commissions.follow import recommendation_reminders_refresh
from prevex.commissions.recommendations import recommendation_add, recommendation_report
from prevex.core import clock
from prevex.support.choices import AlertKind
from prevex.support.models import Alert

from .follow_fixtures import world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db
DUE = datetime.date(2025, 4, 30)


@pytest.fixture
def reco(world):
    world.caf.email = "prevention@caf.example.org"
    world.caf.save()
    return recommendation_add(
        item=world.item, type_code="MAINTIEN_AL", addressee_kind=AddresseeKind.ORGANISATION,
        addressee=world.caf, due_on=DUE, by=world.secretariat,
    )  # fmt: skip


def _run(day, capture):
    clock.freeze(day)
    with capture(execute=True):
        return recommendation_reminders_refresh()


def test_reminder_before_the_due_date_once(reco, django_capture_on_commit_callbacks):
    assert _run(datetime.date(2025, 4, 22), django_capture_on_commit_callbacks) == {
        "before": 0, "after": 0,
    }  # fmt: skip
    assert _run(datetime.date(2025, 4, 23), django_capture_on_commit_callbacks)["before"] == 1
    reco.refresh_from_db()
    assert reco.reminded_before_on == datetime.date(2025, 4, 23)
    task = Alert.objects.get(kind=AlertKind.RECOMMANDATION, resolved_on=None)
    assert task.message.startswith("Rappel")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["prevention@caf.example.org"]
    assert reco.household.reference in mail.outbox[0].body
    # Idempotent: again the same day, or the next days up to the due date, nothing more.
    for day in (datetime.date(2025, 4, 23), datetime.date(2025, 4, 30)):
        assert _run(day, django_capture_on_commit_callbacks) == {"before": 0, "after": 0}
    assert len(mail.outbox) == 1
    assert WriteLog.objects.filter(object_type="RECOMMANDATION", summary__startswith="Rappel")
    assert Alert.objects.filter(kind=AlertKind.RECOMMANDATION).count() == 1


def test_relance_after_the_due_date_once(reco, django_capture_on_commit_callbacks):
    assert _run(datetime.date(2025, 5, 14), django_capture_on_commit_callbacks)["after"] == 0
    assert _run(datetime.date(2025, 5, 15), django_capture_on_commit_callbacks)["after"] == 1
    assert _run(datetime.date(2025, 5, 16), django_capture_on_commit_callbacks)["after"] == 0
    reco.refresh_from_db()
    assert reco.reminded_after_on == datetime.date(2025, 5, 15)
    assert reco.reminded_before_on is None  # the job did not run before the due date
    task = Alert.objects.get(kind=AlertKind.RECOMMANDATION, resolved_on=None)
    assert task.message.startswith("Relance")
    assert [m.subject for m in mail.outbox] == ["Relance : recommandation échue"]


def test_no_reminder_once_reported_or_without_mailbox(reco, world, settings):
    world.caf.email = ""
    world.caf.save()
    clock.freeze(datetime.date(2025, 4, 25))
    assert recommendation_reminders_refresh()["before"] == 1  # the task, no email
    assert not mail.outbox
    recommendation_report(
        recommendation=reco, status=RecommendationStatus.MISE_EN_OEUVRE, by=world.caf_agent
    )
    clock.freeze(datetime.date(2025, 6, 1))
    assert recommendation_reminders_refresh() == {"before": 0, "after": 0}
    assert not Alert.objects.filter(kind=AlertKind.RECOMMANDATION, resolved_on=None).exists()


def test_the_huey_jobs_run_the_services(reco, world):
    clock.freeze(datetime.date(2025, 4, 25))
    assert tasks.remind_recommendations.call_local() == {"before": 1, "after": 0}
    assert tasks.refresh_outcomes.call_local() == {"scheduled": 0, "derived": 0}
    assert tasks.REMINDER_SCHEDULE and tasks.OUTCOME_SCHEDULE
