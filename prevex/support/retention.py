"""Anonymisation at the end of the retention period (follow-up side; called by
prevex/lifecycle/retention.py): the one write path for it.

Removed: the contacts' details, the DSF's content that describes the household (its
composition, resources and charges by type, the debt's origin, the causes, the rights,
the household's proposals, the social worker's opinion), the measures' and their steps'
free texts (deciding body, outcome, observations), the referrals' message and reason for
declining, the tasks' messages (a task keeps its kind's label). Kept: every status,
date, amount, organisation and author, the DSF's debt, proposed repayment and delays and
the household's wish (closed lists and amounts the statistics count), the plans with
their instalments and payments (no free text).

``follow_up_wind_up`` closes, through the services that own them, what was still open on
these files and can no longer be acted on (the file refuses every write): the plans end
(« dossier anonymisé »), the referrals waiting for an answer are closed, every open task
of any organisation is closed; each leaves a history entry written by the job.
"""

from __future__ import annotations

from django.db.models import Case, CharField, Value, When

from prevex.core import clock

from .choices import AlertKind
from .models import Alert, Contact, Dsf, Measure, MeasureStep, Referral
from .plans import plans_end_anonymised
from .referrals import referrals_close_anonymised
from .todo import tasks_close_anonymised


def follow_up_wind_up(household_ids: list[int]) -> dict[str, int]:
    """Close these households' open follow-up work (in the caller's transaction, after
    their texts and journals are cleared); returns how many of each were closed."""
    today = clock.today()
    return {
        "plans": plans_end_anonymised(household_ids, today=today),
        "referrals": referrals_close_anonymised(household_ids, today=today),
        # last: a referral's tasks and a plan's alerts are among them
        "tasks": tasks_close_anonymised(household_ids, today=today),
    }


def follow_up_clear(household_ids: list[int]) -> int:
    """Clear these households' follow-up texts (idempotent); returns the rows written."""
    written = (
        Contact.objects.filter(household_id__in=household_ids)
        .exclude(purpose_detail="")
        .update(purpose_detail="")
    )
    written += Dsf.objects.filter(household_id__in=household_ids).update(
        composition="",
        resources={},
        charges={},
        debt_origin="",
        causes=[],
        causes_note="",
        rights={},
        proposal_note="",
        opinion="",
    )
    written += Measure.objects.filter(household_id__in=household_ids).update(
        deciding_body="", outcome="", note=""
    )
    written += MeasureStep.objects.filter(household_id__in=household_ids).update(
        deciding_body="", outcome=""
    )
    written += Referral.objects.filter(household_id__in=household_ids).update(
        message="", decline_reason=""
    )
    written += Alert.objects.filter(household_id__in=household_ids).update(
        message=Case(
            *(When(kind=kind, then=Value(label)) for kind, label in AlertKind.choices),
            default=Value(AlertKind.MANUELLE.label),
            output_field=CharField(),
        )
    )
    return written
