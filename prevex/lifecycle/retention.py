"""Retention: files closed for ``PREVEX_RETENTION_MONTHS`` months are anonymised.

A file is due when it has at least one procedure, none of them open, and the last one
closed at least N months ago (``closed_on``). Each app anonymises its own part (one
write path): the follow-up's texts (prevex/support/retention.py), the commissions'
(prevex/commissions/retention.py), the matching journal's reasons
(prevex/matching/retention.py), acts' free texts (prevex/procedures/retention.py),
received rows (prevex/intake/retention.py), the journals' values
(prevex/audit/retention.py), then the household itself (prevex/households/retention.py,
last: the others read nothing of it but the ids, the journals its names, for the
searches). What was still open on the file closes in the same transaction, « dossier
anonymisé »: repayment plans, referrals waiting for an answer, tasks of every
organisation, pending claims, saisines waiting for an agenda (each app through its
services, tests/lifecycle/test_retention_open_work.py), so that no list, count or queue
shows them as pending. Nothing that names or describes the household is left; every status, date,
amount, decision and author is (tests/lifecycle/test_retention_everything.py). Run
every night by the job consumer (``tasks.py``) and by ``manage.py retention`` (with
``--dry-run``); running it twice changes nothing the second time.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef

from prevex.audit.retention import redact_household
from prevex.commissions.retention import commission_texts_clear, commission_work_close
from prevex.core import clock
from prevex.households.models import Household
from prevex.households.retention import anonymised_filter, households_anonymise, search_terms
from prevex.intake.retention import rows_content_clear
from prevex.matching.retention import claims_close, decisions_clear
from prevex.procedures.models import Procedure
from prevex.procedures.retention import events_free_text_clear
from prevex.support.retention import follow_up_clear, follow_up_wind_up

logger = logging.getLogger(__name__)
BATCH = 500


@dataclass
class RetentionResult:
    cutoff: datetime.date
    due: int
    anonymised: int


def months_before(day: datetime.date, months: int) -> datetime.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def due_households(cutoff: datetime.date):
    open_procedure = Procedure.objects.filter(household=OuterRef("pk"), closed_on__isnull=True)
    return (
        Household.objects.exclude(**anonymised_filter())
        .annotate(last_closed=Max("procedures__closed_on"))
        .filter(last_closed__isnull=False, last_closed__lte=cutoff)
        .exclude(Exists(open_procedure))
        .order_by("pk")
    )


def anonymise(household_ids: list[int]) -> int:
    """Anonymise these files, every app its part (in the caller's transaction)."""
    terms = search_terms(household_ids)  # read before the names go
    follow_up_clear(household_ids)
    commission_texts_clear(household_ids, search_terms=terms)
    decisions_clear(household_ids)
    events_free_text_clear(household_ids)
    rows_content_clear(household_ids, search_terms=terms)
    redact_household(household_ids, search_terms=terms)
    # What was still open on these files closes, « dossier anonymisé », each app through
    # its services; after the redaction, so that their history entries (no value of the
    # household in them) stay readable.
    follow_up_wind_up(household_ids)
    commission_work_close(household_ids)
    claims_close(household_ids)
    return households_anonymise(household_ids)


def retention_run(*, months: int | None = None, dry_run: bool = False) -> RetentionResult:
    months = settings.PREVEX_RETENTION_MONTHS if months is None else months
    cutoff = months_before(clock.today(), months)
    ids = list(due_households(cutoff).values_list("pk", flat=True))
    anonymised = 0
    if not dry_run:
        for start in range(0, len(ids), BATCH):  # short transactions (SQLite's write lock)
            batch = ids[start : start + BATCH]
            with transaction.atomic():
                anonymised += anonymise(batch)
        logger.info(
            "Conservation : %s dossier(s) anonymisé(s), clos avant le %s.", anonymised, cutoff
        )
    return RetentionResult(cutoff=cutoff, due=len(ids), anonymised=anonymised)
