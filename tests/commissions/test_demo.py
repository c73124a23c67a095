"""The demo département runs its commissions: past CCAPEX sessions replayed through the
services (deliberations, recommendations at every follow-up status, 6-month reviews,
one-year outcomes), one session coming up with its agenda, the COMEX and its criteria."""

import pytest
from django.core.management import call_command
from django.db.models import Count

from prevex.audit.models import WriteLog
from prevex.commissions.choices import RecommendationStatus, SaisineReason, SessionStatus
from prevex.commissions.models import (
    AgendaItem,
    CfpCriterion,
    Commission,
    FileOutcome,
    Recommendation,
    Saisine,
    Session,
)
from prevex.support.models import Alert
from tests.demo.test_demo_setup import demo_mode  # noqa: F401

HOUSEHOLDS = 400


@pytest.mark.django_db
def test_demo_runs_its_commissions_and_is_idempotent(demo_mode):  # noqa: F811
    call_command("demo_setup", menages=HOUSEHOLDS, echelle_historique=0, stdout=None)
    assert set(Commission.objects.values_list("kind", flat=True)) == {
        "CCAPEX_PLENIERE", "CLIL", "COMEX",
    }  # fmt: skip
    held = Session.objects.filter(status=SessionStatus.CLOSE)
    assert held.count() >= 2
    assert Session.objects.filter(status=SessionStatus.PREPARATION, items__isnull=False).exists()
    # Held last week, deliberations still to write (frozen, nothing examined yet).
    waiting = Session.objects.get(status=SessionStatus.TENUE)
    assert waiting.items.exists() and not waiting.items.filter(examined=True).exists()
    assert not waiting.items.filter(frozen_at__isnull=True).exists()
    # Every follow-up status appears; addressed recommendations have their tasks.
    assert set(Recommendation.objects.values_list("status", flat=True)) == set(
        RecommendationStatus.values
    )
    assert Alert.objects.filter(kind="RECOMMANDATION").exists()
    # Frozen summaries, reviews scheduled, one file examined twice, outcomes confirmed.
    assert not AgendaItem.objects.filter(session__in=held, frozen_at__isnull=True).exists()
    assert Saisine.objects.filter(reason=SaisineReason.REVUE).exists()
    twice = (
        AgendaItem.objects.filter(examined=True)
        .values("household_id")
        .annotate(n=Count("id"))
        .filter(n__gte=2)
    )
    assert twice.exists()
    assert FileOutcome.objects.exclude(confirmed="").exists()
    assert CfpCriterion.objects.filter(departement_id="93").count() >= 5
    # Written through the services, on the demo channel.
    created = WriteLog.objects.filter(
        channel="DEMO", object_type="RECOMMANDATION", operation="CREATE"
    )
    assert created.count() == Recommendation.objects.count()
    counts = Session.objects.count(), Recommendation.objects.count(), Saisine.objects.count()
    call_command("demo_setup", menages=HOUSEHOLDS, echelle_historique=0, stdout=None)
    assert (
        Session.objects.count(),
        Recommendation.objects.count(),
        Saisine.objects.count(),
    ) == counts
