"""Alerts computed by jobs (never on page load): the one write path of ``Alert``.

``dsf_alerts_refresh``: a DSF not yet sent to the court whose hearing is less than N days
away (N: the dated rule ``DSF_ALERTE_AUDIENCE`` in force today in the département) raises
one alert for the organisation in charge of the DSF; a later run closes it once the DSF is
sent (here, or recorded as a « DSF » act of the procedure since its latest assignation),
the hearing has passed or moved away. Idempotent: a second run changes nothing.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from prevex.core import clock
from prevex.procedures.rules import RuleBook, add_delay

from .choices import AlertKind, DsfStatus
from .dsf import dsf_act_since_assignation, latest_hearing_of
from .models import Alert, Dsf

RULE = "DSF_ALERTE_AUDIENCE"


def _horizon(departement_id: str, today: datetime.date, cache: dict) -> datetime.date:
    """The last hearing date that raises an alert today (hearing < today + N days)."""
    if departement_id not in cache:
        rule = RuleBook.for_departement(departement_id).get(RULE, on=today)
        cache[departement_id] = add_delay(today, rule) - datetime.timedelta(days=1)
    return cache[departement_id]


@transaction.atomic
def dsf_alerts_refresh(*, today: datetime.date | None = None) -> tuple[int, int]:
    """Raise and close the DSF alerts for ``today``; returns (raised, closed)."""
    today = today or clock.today()
    pending = (
        Dsf.objects.exclude(status=DsfStatus.TRANSMIS)
        .exclude(dsf_act_since_assignation("procedure_id"))
        .annotate(latest_hearing=latest_hearing_of("procedure_id"))
        .order_by("id")
    )
    horizons: dict[str, datetime.date] = {}
    due: dict[int, tuple[Dsf, datetime.date]] = {}
    for dsf in pending.iterator(chunk_size=2000):
        hearing = dsf.latest_hearing
        if hearing != dsf.hearing_date:
            Dsf.objects.filter(pk=dsf.pk).update(hearing_date=hearing)
        if hearing is None or hearing < today:
            continue
        if hearing <= _horizon(dsf.departement_id, today, horizons):
            due[dsf.pk] = (dsf, hearing)
    open_alerts = {
        alert.dsf_id: alert
        for alert in Alert.objects.select_for_update()
        .filter(kind=AlertKind.DSF_NON_TRANSMIS, resolved_on__isnull=True)
        .order_by("id")
    }
    closed = [pk for dsf_id, a in open_alerts.items() if dsf_id not in due for pk in [a.pk]]
    if closed:
        Alert.objects.filter(pk__in=closed).update(resolved_on=today)
    moved = [a for dsf_id, a in open_alerts.items() if dsf_id in due and a.due_on != due[dsf_id][1]]
    for alert in moved:
        alert.due_on = due[alert.dsf_id][1]
        alert.save(update_fields=["due_on"])
    new = [
        Alert(
            kind=AlertKind.DSF_NON_TRANSMIS,
            household_id=dsf.household_id,
            departement_id=dsf.departement_id,
            organisation_id=dsf.assigned_to_id,
            dsf_id=dsf.pk,
            message=f"DSF non transmis : audience le {hearing:%d/%m/%Y}",
            due_on=hearing,
            raised_on=today,
        )
        for dsf_id, (dsf, hearing) in due.items()
        if dsf_id not in open_alerts
    ]
    Alert.objects.bulk_create(new, batch_size=1000)
    return len(new), len(closed)
