"""Writes on procedures and their acts: one transaction each, rules checked here.

Forms call these with ``strict=True`` (the default): an impossible act is refused with
a ``BusinessError`` saying why. Imports pass ``strict=False``: the act happened, so it
is recorded anyway and the reason goes to ``Event.flagged`` for review. Some refusals
hold in both modes (closed procedure, future date, negative amount, unknown code).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from prevex.access.policy import SURENDETTEMENT, check_act
from prevex.accounts.models import Membership, Organisation
from prevex.audit import services as audit
from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.households.models import Household

from . import history
from .deadlines import refresh_procedure_fields
from .models import CfpDecision, Decision, Event, Ground, Outcome, Procedure, Stage
from .rules import RuleBook
from .stages import SHORT, check_event, check_warnings, start_stages

DENORMALISED = ["stage", "stage_date", "current_debt", "key_deadline"]
FLAG_LENGTH = Event._meta.get_field("flagged").max_length


def _d(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def _check_choice(value: str, choices, what: str) -> None:
    if value and value not in choices.values:
        raise BusinessError(f"{what} inconnu(e) : « {value} ».")


def _check_not_future(day: datetime.date, today: datetime.date, what: str) -> None:
    if day > today:
        raise BusinessError(
            f"{what} ({_d(day)}) est dans le futur : seuls les actes déjà délivrés s'enregistrent."
        )


def _events(procedure: Procedure) -> list[Event]:
    return list(Event.objects.filter(procedure_id=procedure.pk).order_by("date", "id"))


def _copy_denormalised(source: Procedure, target: Procedure) -> None:
    for name in [*DENORMALISED, "closed_on", "outcome"]:
        setattr(target, name, getattr(source, name))


def _flag_text(reasons: list[str]) -> str:
    text = " ".join(reasons)
    return text if len(text) <= FLAG_LENGTH else text[: FLAG_LENGTH - 1] + "…"


@transaction.atomic
def procedure_open(
    *,
    household: Household,
    ground: str = Ground.IMPAYES,
    stage: str,
    date: datetime.date,
    by: Membership | None,
    **event_fields,
) -> Procedure:
    """Open a procedure for ``household`` with its first act (``event_fields`` are the
    optional fields of ``event_record``, ``strict`` included)."""
    _check_choice(ground, Ground, "Motif")
    _check_choice(stage, Stage, "Acte")
    check_act(actor=by or event_fields.get("source"), act_type=stage, act_label=Stage(stage).label)
    today = clock.today()
    Household.objects.select_for_update().only("pk").get(pk=household.pk)  # one at a time
    existing = (
        Procedure.objects.filter(household_id=household.pk, closed_on__isnull=True)
        .order_by("opened_on", "id")
        .first()
    )
    if existing is not None:
        raise BusinessError(
            f"Ce ménage a déjà une procédure en cours (ouverte le {_d(existing.opened_on)}). "
            "Clôturez-la avant d'en ouvrir une nouvelle."
        )
    _check_not_future(date, today, "La date de l'acte")
    if event_fields.get("strict", True) and stage not in start_stages(ground):
        raise BusinessError(" ".join(check_event([], stage, {"date": date}, ground=ground)))
    procedure = Procedure.objects.create(
        household=household,
        departement_id=household.departement_id,
        ground=ground,
        opened_on=date,
        stage=stage,
        stage_date=date,
    )
    audit.log_write(history.procedure_opened_entry(procedure=procedure, by=by))
    event_record(procedure=procedure, stage=stage, date=date, by=by, **event_fields)
    return procedure


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
    cfp_decision: str = "",
    notes: str = "",
    source: Organisation | None = None,
    reference: str = "",
    strict: bool = True,
) -> Event:
    """Record an act on ``procedure`` and refresh its denormalised fields.

    ``strict=True`` refuses what the stage machine or the rules forbid; ``strict=False``
    records it with the reason in ``Event.flagged``.
    """
    _check_choice(stage, Stage, "Acte")
    check_act(actor=by or source, act_type=stage, act_label=Stage(stage).label)
    _check_choice(decision, Decision, "Décision")
    _check_choice(cfp_decision, CfpDecision, "Décision CFP")
    today = clock.today()
    locked = Procedure.objects.select_for_update().get(pk=procedure.pk)
    if locked.closed_on is not None:
        raise BusinessError(
            f"Cette procédure est clôturée depuis le {_d(locked.closed_on)} : aucun acte ne "
            "peut plus y être enregistré."
        )
    _check_not_future(date, today, "La date de l'acte")
    if debt_amount is not None and debt_amount < 0:
        raise BusinessError("Le montant de la dette ne peut pas être négatif.")
    events = _events(locked)
    rulebook = RuleBook.for_departement(locked.departement_id)
    fields = {
        "date": date,
        "hearing_date": hearing_date,
        "decision": decision,
        "contradictoire": contradictoire,
        "grace_months": grace_months,
        "cfp_decision": cfp_decision,
    }
    reasons = check_event(events, stage, fields, ground=locked.ground, rulebook=rulebook)
    if reasons and strict:
        raise BusinessError(" ".join(reasons))
    reasons += check_warnings(events, stage, fields, rulebook=rulebook)
    event = Event.objects.create(
        procedure=locked,
        stage=stage,
        date=date,
        debt_amount=debt_amount,
        hearing_date=hearing_date,
        decision=decision,
        contradictoire=contradictoire,
        grace_months=grace_months,
        cfp_decision=cfp_decision,
        notes=notes,
        source=source,
        reference=reference,
        flagged=_flag_text(reasons),
        recorded_by_id=by.user_id if by is not None else None,
    )
    audit.log_write(
        history.event_recorded_entry(event=event, household_id=locked.household_id, by=by)
    )
    events.append(event)
    refresh_procedure_fields(locked, events, rulebook, today)
    locked.save(update_fields=DENORMALISED)
    _copy_denormalised(locked, procedure)
    event.procedure = procedure
    return event


@transaction.atomic
def procedure_close(
    *,
    procedure: Procedure,
    outcome: str,
    closed_on: datetime.date,
    by: Membership | None,
) -> Procedure:
    """Close ``procedure`` with its outcome (an eviction must have been recorded)."""
    if outcome not in Outcome.values:
        raise BusinessError(f"Issue inconnue : « {outcome} ».")
    if outcome == Outcome.SURENDETTEMENT:  # the Banque de France's admissibility decision
        check_act(actor=by, act_type=SURENDETTEMENT, act_label=Outcome(outcome).label)
    today = clock.today()
    locked = Procedure.objects.select_for_update().get(pk=procedure.pk)
    if locked.closed_on is not None:
        raise BusinessError(f"Cette procédure est déjà clôturée (le {_d(locked.closed_on)}).")
    _check_not_future(closed_on, today, "La date de clôture")
    if closed_on < locked.opened_on:
        raise BusinessError(
            f"La date de clôture ({_d(closed_on)}) est antérieure à l'ouverture de la "
            f"procédure ({_d(locked.opened_on)})."
        )
    events = _events(locked)
    if events and closed_on < events[-1].date:
        last = events[-1]
        raise BusinessError(
            f"La date de clôture ({_d(closed_on)}) est antérieure au dernier acte enregistré "
            f"({SHORT[last.stage]} du {_d(last.date)})."
        )
    if outcome == Outcome.EXPULSION and not any(e.stage == Stage.EXPULSION for e in events):
        raise BusinessError(
            "Une procédure ne peut être clôturée pour expulsion que si l'expulsion réalisée "
            "est enregistrée : ajoutez d'abord l'acte « Expulsion réalisée »."
        )
    locked.closed_on, locked.outcome = closed_on, outcome
    locked.closed_by = by.user if by is not None else None
    refresh_procedure_fields(locked, events, RuleBook([]), today)  # closed: no deadline
    locked.save(update_fields=[*DENORMALISED, "closed_on", "outcome", "closed_by"])
    audit.log_write(history.procedure_closed_entry(procedure=locked, by=by))
    _copy_denormalised(locked, procedure)
    return procedure


@transaction.atomic
def procedure_refresh(*, procedure: Procedure) -> Procedure:
    """Recompute and save the denormalised fields (after a rule change, or daily)."""
    locked = Procedure.objects.select_for_update().get(pk=procedure.pk)
    rulebook = RuleBook.for_departement(locked.departement_id)
    refresh_procedure_fields(locked, _events(locked), rulebook, clock.today())
    locked.save(update_fields=DENORMALISED)
    _copy_denormalised(locked, procedure)
    return procedure
