"""The 6-month review of an examined file: a saisine (reason REVUE) proposed to the same
commission from the session's date plus the dated rule ``COMMISSION_REVUE`` (chosen by
the session's date). The secretariat sees it among the proposed files of a later agenda.

Written here directly (the agenda's ``saisine_create`` does the same for partners),
respecting the one-open-saisine-per-file-and-commission constraint: an open saisine of
the file already proposed to the commission is kept, not doubled.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from prevex.audit import services as audit
from prevex.audit.services import WriteEntry
from prevex.procedures.rules import RuleBook, add_delay
from prevex.support.groups import SUIVI

from .choices import SaisineReason, SaisineStatus
from .models import AgendaItem, Saisine, Session

REVIEW_RULE = "COMMISSION_REVUE"
OPEN_SAISINE = (SaisineStatus.PROPOSEE, SaisineStatus.INSCRITE)


def session_day(session: Session) -> datetime.date:
    """The date of a session (the day it was held, else its scheduled day)."""
    return session.held_on or timezone.localdate(session.starts_at)


def delay_after(session: Session, code: str) -> datetime.date:
    """The session's date plus the dated rule ``code`` in force on that date."""
    day = session_day(session)
    return add_delay(day, RuleBook.for_departement(session.departement_id).get(code, on=day))


def _review_entry(saisine: Saisine) -> WriteEntry:
    return WriteEntry(
        household_id=saisine.household_id,
        object_type="SAISINE",
        object_id=saisine.pk,
        field_group=SUIVI,
        summary=(
            f"Revue à six mois proposée à {saisine.commission} "
            f"à partir du {saisine.proposed_for:%d/%m/%Y}"
        ),
        by=None,
    )


def review_schedule(*, item: AgendaItem) -> Saisine:
    """The review saisine of ``item`` (idempotent): an existing review of the item, or an
    open saisine of the file to the same commission, is returned as it is."""
    session = item.session
    existing = (
        Saisine.objects.filter(follows_item=item, reason=SaisineReason.REVUE).order_by("id").first()
    ) or (
        Saisine.objects.filter(
            household_id=item.household_id,
            commission_id=session.commission_id,
            status__in=OPEN_SAISINE,
        )
        .order_by("id")
        .first()
    )
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            saisine = Saisine.objects.create(
                household_id=item.household_id,
                departement_id=session.departement_id,
                commission_id=session.commission_id,
                reason=SaisineReason.REVUE,
                status=SaisineStatus.PROPOSEE,
                proposed_for=delay_after(session, REVIEW_RULE),
                follows_item=item,
                organisation=None,
            )
    except IntegrityError:  # another open saisine was written meanwhile: it stands
        return Saisine.objects.get(
            household_id=item.household_id,
            commission_id=session.commission_id,
            status__in=OPEN_SAISINE,
        )
    audit.log_write(_review_entry(saisine))
    return saisine
