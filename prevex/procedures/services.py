"""Writes on procedures and their acts: one transaction each, rules checked here.

The one write path of procedures and acts. ``procedure_open``/``event_record`` (one act:
forms, review queue, demo) and their bulk forms ``event_record_many`` (imports, API)
and ``procedure_open_many`` (whole histories: demo loader, generator) share one book
(prevex/procedures/book.py): the same checks, the same flags, the same involvement of
the sender, the same denormalised fields, and who recorded each act, for which
organisation, through which channel.

Forms call these with ``strict=True`` (the default): an impossible act is refused with
a ``BusinessError`` saying why. Imports pass ``strict=False``: the act happened, so it
is recorded anyway and the reason goes to ``Event.flagged`` for review. Some refusals
hold in both modes (closed procedure, future date, negative amount, unknown code).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.db import transaction

from prevex.access import gate
from prevex.access.groups import FieldGroup
from prevex.access.policy import (
    LANDLORD_NOT_OF_RECORD_ROW,
    check_act,
    check_closure,
    check_landlord_of_record,
    files_refused_to_landlord,
)
from prevex.accounts.models import Membership, Organisation
from prevex.audit import services as audit
from prevex.core.errors import BusinessError
from prevex.households.models import Household
from prevex.households.services import refuse_anonymised

from . import history
from .book import (
    DENORMALISED,
    FLAG_LENGTH,
    ActDraft,
    ActResult,
    Book,
    ProcedureDraft,
    check_choice,
    d,
    events_of,  # noqa: F401 (re-exported)
)
from .changes import (  # noqa: F401 (re-exported)
    _copy_denormalised,
    event_amend_many,
    event_withdraw,
    procedure_refresh,
    procedures_move,
)
from .models import Channel, Event, Ground, Outcome, Procedure, Stage
from .recheck import events_recheck
from .stages import SOCIAL_ONLY, landlord_refusal

__all__ = [
    "DENORMALISED",
    "FLAG_LENGTH",
    "ActDraft",
    "ActResult",
    "ProcedureDraft",
    "event_amend_many",
    "event_withdraw",
    "event_record",
    "event_record_many",
    "procedure_close",
    "procedure_open",
    "procedure_open_many",
    "procedure_refresh",
    "procedures_move",
    "event_review_accept",
    "events_recheck",
    "INSTALMENT_RECORDERS",
    "SERVED_RECORDED_WITH",
    "instalment_missed_record",
    "judgment_served_record",
    "judgments_served_many",
    "served_on_refusal",
]


def _act(household_id: int, stage: str, date: datetime.date, fields: dict, **extra) -> ActDraft:
    source = fields.pop("source", None)
    fields.pop("strict", None)
    return ActDraft(
        household_id=household_id,
        stage=stage,
        date=date,
        source_id=source.pk if source is not None else None,
        **fields,
        **extra,
    )


def _check_landlord(stage: str, household) -> None:
    refusal = landlord_refusal(stage, household.landlord_type)
    if refusal:
        raise BusinessError(refusal)


def _require_file(by: Membership | None, *, household_id: int, departement_id: str) -> None:
    """The actor must read the procedure part of the file (the access gate decides)."""
    gate.require_group(
        by,
        household=SimpleNamespace(pk=household_id, departement_id=departement_id),
        group=FieldGroup.PROCEDURE,
        message="Votre organisation n'a pas accès à la procédure de ce dossier.",
    )


@transaction.atomic
def procedure_open(
    *,
    household: Household,
    ground: str = Ground.IMPAYES,
    stage: str,
    date: datetime.date,
    by: Membership | None,
    channel: str = Channel.FORM,
    **event_fields,
) -> Procedure:
    """Open a procedure for ``household`` with its first act (``event_fields`` are the
    optional fields of ``event_record``, ``strict`` included)."""
    check_choice(ground, Ground, "Motif")
    check_choice(stage, Stage, "Acte")
    check_act(actor=by or event_fields.get("source"), act_type=stage, act_label=Stage(stage).label)
    _check_landlord(stage, household)
    _require_file(by, household_id=household.pk, departement_id=household.departement_id)
    check_landlord_of_record(actor=by, household_id=household.pk)
    refuse_anonymised(household.pk)
    strict = event_fields.get("strict", True)
    book = Book(by=by, channel=channel)
    book.load([household.pk])
    existing = book.open_procedure(household.pk)
    if existing is not None:
        raise BusinessError(
            f"Ce ménage a déjà une procédure en cours (ouverte le {d(existing.opened_on)}). "
            "Clôturez-la avant d'en ouvrir une nouvelle."
        )
    draft = _act(household.pk, stage, date, dict(event_fields), ground=ground)
    result = book.record(draft, strict=strict, duplicates=False)
    book.flush()
    return result.event.procedure


@transaction.atomic
def event_record(
    *,
    procedure: Procedure,
    stage: str,
    date: datetime.date,
    by: Membership | None,
    debt_amount: Decimal | None = None,
    hearing_date: datetime.date | None = None,
    decision: str = "",
    contradictoire: bool | None = None,
    grace_months: int | None = None,
    served_on: datetime.date | None = None,
    cfp_decision: str = "",
    payment_months: int | None = None,
    instalment_amount: Decimal | None = None,
    first_instalment_on: datetime.date | None = None,
    notes: str = "",
    source: Organisation | None = None,
    reference: str = "",
    strict: bool = True,
    channel: str = Channel.FORM,
) -> Event:
    """Record an act on ``procedure`` and refresh its denormalised fields.

    ``strict=True`` refuses what the stage machine or the rules forbid; ``strict=False``
    records it with the reason in ``Event.flagged``.
    """
    check_choice(stage, Stage, "Acte")
    check_act(actor=by or source, act_type=stage, act_label=Stage(stage).label)
    if stage in SOCIAL_ONLY:  # (reads the household only then)
        _check_landlord(stage, procedure.household)
    _require_file(by, household_id=procedure.household_id, departement_id=procedure.departement_id)
    check_landlord_of_record(actor=by, household_id=procedure.household_id)
    refuse_anonymised(procedure.household_id)
    book = Book(by=by, channel=channel)
    book.load([procedure.household_id])
    locked = book.procedure(procedure.pk)
    if locked.closed_on is not None:
        raise BusinessError(
            f"Cette procédure est clôturée depuis le {d(locked.closed_on)} : aucun acte ne "
            "peut plus y être enregistré."
        )
    fields = {
        "debt_amount": debt_amount,
        "hearing_date": hearing_date,
        "decision": decision,
        "contradictoire": contradictoire,
        "grace_months": grace_months,
        "served_on": served_on,
        "cfp_decision": cfp_decision,
        "payment_months": payment_months,
        "instalment_amount": instalment_amount,
        "first_instalment_on": first_instalment_on,
        "notes": notes,
        "source": source,
        "reference": reference,
    }
    draft = _act(procedure.household_id, stage, date, fields)
    _refuse_twin(book.events[id(locked)], draft)
    result = book.record(draft, strict=strict, duplicates=False, procedure=locked)
    book.flush()
    _copy_denormalised(locked, procedure)
    result.event.procedure = procedure
    return result.event


TWIN_FIELDS = ("stage", "date", "debt_amount", "hearing_date", "decision", "cfp_decision")


def _refuse_twin(events, draft: ActDraft) -> None:
    """The act typed in the form is already in the procedure, field for field (the form
    sent twice, or from two tabs): refused, rather than the same act recorded twice
    (the imports and the API have their own rule, ``book.same_act``)."""
    for event in events:
        if all(getattr(event, name) == getattr(draft, name) for name in TWIN_FIELDS):
            raise BusinessError(
                f"Cet acte est déjà enregistré dans la procédure : "
                f"{event.get_stage_display().lower()} du {d(event.date)}. Rien n'a été ajouté."
            )


@transaction.atomic
def event_record_many(
    *,
    acts: list[ActDraft],
    by: Membership | None,
    channel: str,
    recorded_for: Organisation | None = None,
    strict: bool = False,
    involve_senders: bool = False,
    created_ids: set[int] = frozenset(),
) -> list[ActResult]:
    """Record acts in bulk (imports, API), in order: each on its household's open
    procedure, or opening one. An act equal to one already known for the household
    (same type, same date, same amount when both have one — whatever its reference) is
    not recorded again: its result carries the known act with ``duplicate=True``. With
    ``involve_senders``, each act's sender becomes involved in the household
    (``sender_involvements_add``; ``created_ids``: the households created from what the
    senders sent), or its access is left pending (``ActResult.pending``: an access
    request waits for the secretariat). A landlord records acts only on the files of
    which it is the landlord of record (``check_landlord_of_record``'s rule, for the
    organisation the acts are recorded for): any other act is written nowhere, its
    result ``refused`` with the French reason. Returns one result per act."""
    book = Book(by=by, channel=channel, recorded_for=recorded_for)
    household_ids = {a.household_id for a in acts}
    book.load(household_ids, lock_households=False)
    actor = recorded_for or (by.organisation if by is not None else None)
    refused = files_refused_to_landlord(actor, household_ids)
    results = [
        ActResult(event=None, refused=LANDLORD_NOT_OF_RECORD_ROW)
        if act.household_id in refused
        else book.record(act, strict=strict, duplicates=True)
        for act in acts
    ]
    pending = book.flush(involve_senders=involve_senders, created_ids=created_ids)
    for act, result in zip(acts, results, strict=True):
        result.pending = (act.source_id, act.household_id) in pending
    return results


@transaction.atomic
def procedure_open_many(
    *,
    procedures: list[ProcedureDraft],
    by: Membership | None,
    channel: str,
    recorded_for: Organisation | None = None,
    strict: bool = False,
) -> list[Procedure]:
    """Write whole procedures in bulk (demo loader, generator): each opened with its
    first act, its acts recorded in order (checked and flagged as by ``event_record``)
    and closed when the draft says so (checked as by ``procedure_close``)."""
    book = Book(by=by, channel=channel, recorded_for=recorded_for)
    book.load({p.household_id for p in procedures}, lock_households=False)
    opened = []
    for draft in procedures:
        if book.open_procedure(draft.household_id) is not None:
            raise BusinessError("Ce ménage a déjà une procédure en cours.")
        procedure = None
        for index, act in enumerate(draft.acts):
            act.household_id, act.ground = draft.household_id, draft.ground
            result = book.record(act, strict=strict and index == 0, duplicates=False)
            procedure = result.event.procedure
        if procedure is None:
            raise BusinessError("Une procédure s'ouvre avec son premier acte.")
        if draft.closed_on is not None:
            _check_closure(by, outcome=draft.outcome, household_id=draft.household_id)
            book.close(procedure, outcome=draft.outcome, closed_on=draft.closed_on)
        opened.append(procedure)
    book.flush()
    return opened


def _check_closure(by: Membership | None, *, outcome: str, household_id: int) -> None:
    """May ``by`` close a procedure of this file with ``outcome``? The matrix
    (``CLOTURE_<OUTCOME>``), then a landlord only as the file's landlord of record (an
    unknown outcome is refused by ``Book.close``)."""
    if outcome in Outcome.values:
        check_closure(actor=by, outcome=outcome, outcome_label=Outcome(outcome).label)
    check_landlord_of_record(actor=by, household_id=household_id)


@transaction.atomic
def procedure_close(
    *,
    procedure: Procedure,
    outcome: str,
    closed_on: datetime.date,
    by: Membership | None,
) -> Procedure:
    """Close ``procedure`` with its outcome (an eviction must have been recorded). Who
    closes with which outcome: the act matrix (``CLOTURE_<OUTCOME>``); a landlord, only
    on a file of which it is the landlord of record."""
    _require_file(by, household_id=procedure.household_id, departement_id=procedure.departement_id)
    _check_closure(by, outcome=outcome, household_id=procedure.household_id)
    book = Book(by=by, channel=Channel.FORM)
    book.load([procedure.household_id])
    locked = book.procedure(procedure.pk)
    book.close(locked, outcome=outcome, closed_on=closed_on)
    book.flush()
    _copy_denormalised(locked, procedure)
    procedure.closed_by_id = locked.closed_by_id
    return procedure


@transaction.atomic
def event_review_accept(*, event: Event, by: Membership | None) -> Procedure:
    """The secretariat accepts an act waiting in the review queue: from now on it counts
    for the procedure's stage and deadlines (until then it drove nothing)."""
    locked = Event.objects.select_for_update().select_related("procedure").get(pk=event.pk)
    procedure = locked.procedure
    _require_file(by, household_id=procedure.household_id, departement_id=procedure.departement_id)
    if locked.pending_review:
        locked.pending_review = False
        locked.save(update_fields=["pending_review"])
        audit.log_writes_many(
            [
                history.event_changed_entry(
                    event=locked,
                    household_id=procedure.household_id,
                    by=by,
                    summary=f"Acte vérifié par le secrétariat de la CCAPEX : {locked}",
                    changes=[
                        {
                            "field": "pending_review",
                            "label": "En attente de vérification",
                            "old": "oui",
                            "new": "non",
                        }
                    ],
                )
            ]
        )
    event.pending_review = False
    return procedure_refresh(procedure=procedure)


# The dates a judgment gets after it is recorded (missed instalment, signification): their
# own module (judgment_dates.py), named here as the app's one write path.
from .judgment_dates import (  # noqa: E402
    INSTALMENT_RECORDERS,
    SERVED_RECORDED_WITH,
    instalment_missed_record,
    judgment_served_record,
    judgments_served_many,
    served_on_refusal,
)
