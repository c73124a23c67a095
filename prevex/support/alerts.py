"""Alerts computed by jobs (never on page load): the one write path of ``Alert``.

``dsf_alerts_refresh``: a DSF not yet sent to the court whose hearing is less than N days
away (N: the dated rule ``DSF_ALERTE_AUDIENCE`` in force today in the département) raises
one alert for the organisation in charge of the DSF; a later run closes it once the DSF is
sent (here, or recorded as a « DSF » act of the procedure since its latest assignation),
the hearing has passed or moved away. Idempotent: a second run changes nothing.

``dsf_appointment_alerts_refresh``: a DSF whose appointment (« rendez-vous ») day has
passed while it is still at « rendez-vous fixé » (neither done, nor the household's
absence noted, nor a new appointment) raises one alert « Rendez-vous DSF passé sans
suite » for the organisation in charge, due on the appointment's day. It closes once the
outcome is recorded (at once, by the DSF's services: ``dsf.py``), or when the outcome no
longer matters: the procedure is closed, or its DSF act or judgment since the latest
assignation is in (docs/decisions/2026-12-06-dsf-appointment-without-outcome.md).

Both compute the alerts due today and hand them to the work list's ``reconcile``, which
closes, updates (day and message: a hearing moved inside the window keeps its alert, with
the new date in its message) and raises. Neither raises anything on an anonymised file.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from prevex.core import clock
from prevex.households.services import anonymised_among
from prevex.procedures.models import Stage
from prevex.procedures.rules import RuleBook, add_delay

from .choices import AlertKind, DsfStatus
from .dsf import (
    act_since_assignation,
    appointment_alert_message,
    day_start,
    dsf_act_since_assignation,
    latest_hearing_of,
)
from .models import Dsf
from .worklist import Due, reconcile

RULE = "DSF_ALERTE_AUDIENCE"


def _horizon(departement_id: str, today: datetime.date, cache: dict) -> datetime.date:
    """The last hearing date that raises an alert today (hearing < today + N days)."""
    if departement_id not in cache:
        rule = RuleBook.for_departement(departement_id).get(RULE, on=today)
        cache[departement_id] = add_delay(today, rule) - datetime.timedelta(days=1)
    return cache[departement_id]


def _due(dsf: Dsf, message: str, day: datetime.date) -> Due:
    return Due(dsf.household_id, dsf.departement_id, dsf.assigned_to_id, dsf.pk, message, day)


def _not_anonymised(due: dict[int, Dsf]) -> dict[int, Dsf]:
    anonymised = anonymised_among(dsf.household_id for dsf in due.values())
    return {pk: dsf for pk, dsf in due.items() if dsf.household_id not in anonymised}


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
    due: dict[int, Dsf] = {}
    for dsf in pending.iterator(chunk_size=2000):
        hearing = dsf.latest_hearing
        if hearing != dsf.hearing_date:
            Dsf.objects.filter(pk=dsf.pk).update(hearing_date=hearing)
        if hearing is None or hearing < today:
            continue
        if hearing <= _horizon(dsf.departement_id, today, horizons):
            due[dsf.pk] = dsf
    wanted = [
        _due(
            dsf, f"DSF non transmis : audience le {dsf.latest_hearing:%d/%m/%Y}", dsf.latest_hearing
        )
        for dsf in _not_anonymised(due).values()
    ]
    return reconcile(AlertKind.DSF_NON_TRANSMIS, "dsf", wanted, today)


@transaction.atomic
def dsf_appointment_alerts_refresh(*, today: datetime.date | None = None) -> tuple[int, int]:
    """Raise and close the « rendez-vous DSF passé sans suite » alerts for ``today``;
    returns (raised, closed)."""
    today = today or clock.today()
    waiting = (
        Dsf.objects.filter(
            status=DsfStatus.RDV,
            appointment_at__lt=day_start(today),
            procedure__closed_on__isnull=True,
        )
        .exclude(dsf_act_since_assignation("procedure_id"))
        .exclude(act_since_assignation("procedure_id", Stage.JUGEMENT))
        .only("id", "household_id", "departement_id", "assigned_to_id", "appointment_at")
        .order_by("id")
    )
    due = {dsf.pk: dsf for dsf in waiting.iterator(chunk_size=2000)}
    wanted = [
        _due(
            dsf,
            appointment_alert_message(dsf.appointment_at),
            timezone.localtime(dsf.appointment_at).date(),
        )
        for dsf in _not_anonymised(due).values()
    ]
    return reconcile(AlertKind.DSF_RDV_SANS_SUITE, "dsf", wanted, today)
