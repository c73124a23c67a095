"""The one-year outcome of every examined file (charter indicators 42–46).

Scheduled at the deliberation (due on the session's date plus ``COMMISSION_ISSUE``),
**derived** from the file by the nightly job once due, **confirmed** by the secretariat.
The derivation reads the file as it stood on the due date (acts and closings dated up to
then), so that running the job again, or later, gives the same answer:

1. an expulsion carried out (the act, or a procedure closed on it) → « Expulsé »;
2. else the latest procedure of the file open at the session or opened since:
   still open on the due date → « Toujours en procédure »; closed with the outcome
   relogement or hébergement → « Relogé », dette soldée → « Dette soldée »,
   surendettement → « Surendettement en cours », classement → « Classé par le
   commissaire de justice »;
3. otherwise (no procedure, or another closing outcome): nothing derived, the
   secretariat says what became of the household.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.http import Http404

from prevex.accounts.models import Membership
from prevex.audit import services as audit
from prevex.audit.models import WriteOperation
from prevex.audit.services import WriteEntry
from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.households.services import anonymised_filter, refuse_anonymised
from prevex.procedures.models import Event, Outcome, Procedure, Stage
from prevex.support.groups import SUIVI

from . import perms
from .choices import OutcomeKind
from .models import AgendaItem, FileOutcome
from .reviews import delay_after, session_day

OUTCOME_RULE = "COMMISSION_ISSUE"
CLOSED_OUTCOMES = {
    Outcome.RELOGEMENT: OutcomeKind.RELOGE,
    Outcome.HEBERGEMENT: OutcomeKind.RELOGE,
    Outcome.DETTE_SOLDEE: OutcomeKind.DETTE_SOLDEE,
    Outcome.SURENDETTEMENT: OutcomeKind.SURENDETTEMENT,
    Outcome.CLASSEMENT: OutcomeKind.CLASSE,
    Outcome.EXPULSION: OutcomeKind.EXPULSE,
}


def outcome_schedule(*, item: AgendaItem) -> FileOutcome:
    """The item's one-year outcome, to be recorded (idempotent)."""
    outcome, created = FileOutcome.objects.get_or_create(
        item=item,
        defaults={
            "household_id": item.household_id,
            "departement_id": item.session.departement_id,
            "due_on": delay_after(item.session, OUTCOME_RULE),
        },
    )
    if created:
        audit.log_write(
            household_id=item.household_id,
            object_type="ISSUE_UN_AN",
            object_id=outcome.pk,
            field_group=SUIVI,
            summary=f"Issue à un an à constater le {outcome.due_on:%d/%m/%Y}",
            by=None,
        )
    return outcome


def derive(*, household_id: int, since: datetime.date, as_of: datetime.date) -> str:
    """The outcome the file shows on ``as_of`` for an examination on ``since`` ("" when
    the data says nothing)."""
    procedures = list(
        Procedure.objects.filter(household_id=household_id, opened_on__lte=as_of)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=since))
        .order_by("-opened_on", "-id")
    )
    if not procedures:
        return ""
    expelled = Event.objects.filter(
        procedure__in=procedures,
        stage=Stage.EXPULSION,
        pending_review=False,
        date__lte=as_of,
    ).exists()
    if expelled or any(
        p.outcome == Outcome.EXPULSION and p.closed_on and p.closed_on <= as_of for p in procedures
    ):
        return OutcomeKind.EXPULSE
    latest = procedures[0]
    if latest.closed_on is None or latest.closed_on > as_of:
        return OutcomeKind.EN_PROCEDURE
    return CLOSED_OUTCOMES.get(latest.outcome, "")


@transaction.atomic
def outcomes_refresh(*, today: datetime.date | None = None) -> dict:
    """Job: schedule the outcome of examined items that have none (items deliberated
    before this job existed, loaders), then derive the due, unconfirmed ones. Writes only
    what changed (a second run the same day changes nothing); an anonymised file's
    outcome is not derived."""
    today = today or clock.today()
    missing = (
        AgendaItem.objects.filter(examined=True, outcome__isnull=True)
        .select_related("session")
        .order_by("id")
    )
    scheduled = 0
    for item in missing:
        outcome_schedule(item=item)
        scheduled += 1
    derived = 0
    entries = []
    due = (
        FileOutcome.objects.select_for_update(of=("self",))
        .filter(due_on__lte=today, confirmed="")
        .exclude(**anonymised_filter(via="household__"))
        .select_related("item__session")
        .order_by("id")
    )
    for outcome in due:
        kind = derive(
            household_id=outcome.household_id,
            since=session_day(outcome.item.session),
            as_of=outcome.due_on,
        )
        if kind == outcome.derived and outcome.derived_on is not None:
            continue
        outcome.derived, outcome.derived_on = kind, today
        outcome.save(update_fields=["derived", "derived_on"])
        derived += 1
        entries.append(
            WriteEntry(
                household_id=outcome.household_id,
                object_type="ISSUE_UN_AN",
                object_id=outcome.pk,
                operation=WriteOperation.UPDATE,
                field_group=SUIVI,
                summary="Issue à un an déduite du dossier : "
                + (outcome.get_derived_display() or "rien ne permet de la déduire"),
                by=None,
            )
        )
    audit.log_writes_many(entries)
    return {"scheduled": scheduled, "derived": derived}


def may_confirm(membership: Membership, outcome: FileOutcome) -> bool:
    """The secretariat of the commission (or the CCAPEX secretariat of the département)."""
    return perms.manages(membership, outcome.item.session.commission)


@transaction.atomic
def outcome_confirm(*, outcome: FileOutcome, kind: str, by: Membership | None) -> FileOutcome:
    """The secretariat confirms (or corrects) the one-year outcome."""
    outcome = (
        FileOutcome.objects.select_for_update(of=("self",))
        .select_related("item__session__commission")
        .get(pk=outcome.pk)
    )
    if by is not None and not may_confirm(by, outcome):
        raise BusinessError("Seul le secrétariat de la commission confirme l'issue d'un dossier.")
    refuse_anonymised(outcome.household_id)
    if kind not in OutcomeKind.values:
        raise BusinessError("Choisissez l'issue constatée dans la liste.")
    today = clock.today()
    if outcome.due_on > today:
        raise BusinessError(f"L'issue à un an se constate à partir du {outcome.due_on:%d/%m/%Y}.")
    old = outcome.get_confirmed_display()
    outcome.confirmed, outcome.confirmed_on = kind, today
    outcome.confirmed_by = by.user if by is not None else None
    outcome.save(update_fields=["confirmed", "confirmed_on", "confirmed_by"])
    audit.log_write(
        household_id=outcome.household_id,
        object_type="ISSUE_UN_AN",
        object_id=outcome.pk,
        operation=WriteOperation.UPDATE,
        field_group=SUIVI,
        summary=f"Issue à un an confirmée : {outcome.get_confirmed_display()}",
        changes=[
            {"field": "confirmed", "label": "Issue confirmée", "old": old,
             "new": outcome.get_confirmed_display()}
        ],
        by=by,
    )  # fmt: skip
    return outcome


# --------------------------------------------------------------------------- reads


def outcomes_to_confirm(*, membership: Membership, today: datetime.date | None = None) -> list:
    """The due outcomes of the commissions this reader manages (journaled list read)."""
    today = today or clock.today()
    rows = [
        o
        for o in FileOutcome.objects.filter(
            departement_id=membership.organisation.departement_id, due_on__lte=today
        )
        .select_related("item__session__commission", "household__commune")
        .order_by("confirmed", "due_on", "id")[:500]
        if may_confirm(membership, o)
    ]
    audit.log_list_view(membership=membership, what="Commissions : issues à un an")
    return rows


def outcome_for_confirming(*, membership: Membership, pk) -> FileOutcome:
    outcome = (
        FileOutcome.objects.select_related("item__session__commission").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if outcome is None or not may_confirm(membership, outcome):
        raise Http404("Issue introuvable.")
    return outcome
