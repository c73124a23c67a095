"""Payments on repayment plans in bulk: the import of a payments file and the API.

The same rules as ``payment_record`` (plans.py) for many lines of one acting
organisation, with every bad line named (its index and a French message) and nothing
written unless every line is good (docs/decisions/2026-12-01-payments-import.md):

- the organisation records payments (landlord, bailiff, CCAPEX secretariat: ``PAYERS``);
- each line names a plan (its number) or a file (its reference: the file's one open
  plan); a plan or file the organisation may not read answers exactly as one that does not
  exist, so that no line reveals a file;
- the plan's file is not anonymised (said only to an organisation that reads it), the
  plan is not closed, the amount is positive (at most 99,999,999.99 €), the date is not
  in the future;
- a line identical to a payment already recorded by the same organisation (plan, date,
  amount), or to an earlier line of the same batch, is a duplicate: not recorded again,
  so that a file or a request sent twice records nothing twice.

Every payment goes to the history of writes (PROCEDURE group, the channel set around the
call: import or API), one insert per batch.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction

from prevex.access.gate import FieldGroup, visible_household_ids
from prevex.access.groups import field_groups
from prevex.accounts.models import Membership
from prevex.audit import services as audit
from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.core.sql import insert_objects, instance
from prevex.households.services import ANONYMISED, anonymised_among

from .models import Payment, RepaymentPlan
from .plans import PAYERS, _entry

NOT_A_PAYER = (
    "Seuls le bailleur, le commissaire de justice ou le secrétariat de la CCAPEX "
    "enregistrent un versement."
)
UNKNOWN_PLAN = "Plan d'apurement introuvable (numéro inconnu ou dossier non accessible)."
UNKNOWN_FILE = "Dossier introuvable (référence inconnue ou dossier non accessible)."
NO_OPEN_PLAN = "Ce dossier n'a aucun plan d'apurement en cours."
SEVERAL_PLANS = "Ce dossier a plusieurs plans d'apurement en cours : indiquez le numéro du plan."
MAX_AMOUNT = Decimal("99999999.99")
EARLIEST = datetime.date(1990, 1, 1)
CHUNK = 2000


@dataclass(frozen=True)
class PaymentDraft:
    paid_on: datetime.date
    amount: Decimal
    plan_id: int | None = None
    household_reference: str = ""


@dataclass
class PaymentsResult:
    recorded: list[Payment] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)  # indexes of the drafts
    plan_ids: list[int | None] = field(default_factory=list)  # each draft's plan


class PaymentsRefused(BusinessError):
    """Some lines are bad: ``errors`` maps each one's index to its French message."""

    def __init__(self, errors: dict[int, str]):
        self.errors = dict(sorted(errors.items()))
        first = next(iter(self.errors.items()))
        count = len(self.errors)
        super().__init__(
            f"{count} ligne{'s' if count > 1 else ''} refusée{'s' if count > 1 else ''}, "
            f"rien n'est enregistré (ligne {first[0] + 1} : {first[1]})"
        )


def _chunks(values: Sequence) -> list[list]:
    values = sorted(set(values))
    return [values[i : i + CHUNK] for i in range(0, len(values), CHUNK)]


def _plans(ids) -> dict[int, RepaymentPlan]:
    out: dict[int, RepaymentPlan] = {}
    for chunk in _chunks(ids):
        out.update(
            (p.pk, p)
            for p in RepaymentPlan.objects.select_for_update().filter(pk__in=chunk).order_by("pk")
        )
    return out


def _open_plans_by_reference(by: Membership, references) -> dict[str, list[RepaymentPlan]]:
    out: dict[str, list[RepaymentPlan]] = {}
    for chunk in _chunks(references):
        rows = (
            RepaymentPlan.objects.select_for_update()
            .filter(
                household__reference__in=chunk,
                household__departement_id=by.organisation.departement_id,
                ended_on__isnull=True,
            )
            .select_related("household")
            .order_by("pk")
        )
        for plan in rows:
            out.setdefault(plan.household.reference, []).append(plan)
    return out


def _line_error(d: PaymentDraft, today: datetime.date) -> str | None:
    try:
        amount = Decimal(d.amount)
    except (InvalidOperation, TypeError, ValueError):
        return "Montant invalide : un nombre est attendu, par exemple 120,50."
    if not amount.is_finite() or amount <= 0:
        return "Le montant du versement doit être positif."
    if amount > MAX_AMOUNT or amount != amount.quantize(Decimal("0.01")):
        return "Montant invalide : au plus 99 999 999,99 €, deux décimales au plus."
    if not isinstance(d.paid_on, datetime.date):
        return "Date du versement manquante."
    if d.paid_on > today:
        return "La date du versement ne peut pas être dans le futur."
    if d.paid_on < EARLIEST:
        return f"La date du versement ne peut pas précéder le {EARLIEST:%d/%m/%Y}."
    return None


def _resolve(by: Membership, drafts: Sequence[PaymentDraft], today) -> tuple[list, dict]:
    """Each draft's plan (or None) and the bad lines' messages."""
    by_id = _plans(d.plan_id for d in drafts if d.plan_id is not None)
    by_reference = _open_plans_by_reference(
        by, (d.household_reference.strip() for d in drafts if d.plan_id is None)
    )
    candidates = {p.household_id for p in by_id.values()} | {
        p.household_id for plans in by_reference.values() for p in plans
    }
    visible = set()
    for chunk in _chunks(candidates):
        visible |= visible_household_ids(organisation=by.organisation, household_ids=chunk)
    anonymised = anonymised_among(visible)
    plans, errors = [], {}
    for index, d in enumerate(drafts):
        plan, error = None, None
        if d.plan_id is not None:
            plan = by_id.get(d.plan_id)
            if plan is None or plan.household_id not in visible:
                plan, error = None, UNKNOWN_PLAN
        elif not d.household_reference.strip():
            error = "Indiquez le numéro du plan ou la référence du dossier."
        else:
            found = [
                p
                for p in by_reference.get(d.household_reference.strip(), [])
                if p.household_id in visible
            ]
            if not found:
                # No open plan on a file it reads, or a file it may not read (or none):
                # the same answer as for an unknown reference when it may not read it.
                error = NO_OPEN_PLAN if _reads(by, d.household_reference) else UNKNOWN_FILE
            elif len(found) > 1:
                error = SEVERAL_PLANS
            else:
                plan = found[0]
        if plan is not None and plan.household_id in anonymised:
            error = ANONYMISED
        elif plan is not None and plan.ended_on is not None:
            error = "Ce plan est clos."
        error = error or _line_error(d, today)
        if error:
            errors[index] = error
        plans.append(plan)
    return plans, errors


def plan_household_if_visible(*, organisation, plan_id: int) -> int | None:
    """The household of the plan if the organisation reads it (access gate), else None:
    an unknown plan and a plan it may not read are the same to the caller."""
    household_id = (
        RepaymentPlan.objects.filter(pk=plan_id).values_list("household_id", flat=True).first()
    )
    if household_id is None:
        return None
    visible = visible_household_ids(organisation=organisation, household_ids=[household_id])
    return household_id if household_id in visible else None


def _reads(by: Membership, reference: str) -> bool:
    """The organisation reads the file of this reference (to tell « no open plan »
    from « unknown file » only to those who may know the file exists)."""
    from prevex.households.models import Household

    pk = (
        Household.objects.filter(
            reference=reference.strip(), departement_id=by.organisation.departement_id
        )
        .values_list("pk", flat=True)
        .first()
    )
    return pk is not None and bool(
        visible_household_ids(organisation=by.organisation, household_ids=[pk])
    )


def _recorded_keys(by: Membership, plan_ids) -> set[tuple]:
    keys = set()
    for chunk in _chunks(plan_ids):
        keys |= set(
            Payment.objects.filter(plan_id__in=chunk, organisation_id=by.organisation_id)
            .order_by()
            .values_list("plan_id", "paid_on", "amount")
        )
    return {
        (plan_id, day, Decimal(amount).quantize(Decimal("0.01"))) for plan_id, day, amount in keys
    }


def _payer(by: Membership) -> None:
    if by.organisation.type not in PAYERS:
        raise BusinessError(NOT_A_PAYER)
    if FieldGroup.PROCEDURE not in field_groups(by, involved=True):
        raise BusinessError(UNKNOWN_PLAN)


@transaction.atomic
def payments_check(*, by: Membership, drafts: Sequence[PaymentDraft]) -> dict[int, str]:
    """The bad lines (index → French message) without writing anything; raises
    ``BusinessError`` when the organisation records no payment at all."""
    _payer(by)
    return _resolve(by, drafts, clock.today())[1]


@transaction.atomic
def payment_record_many(*, by: Membership, drafts: Sequence[PaymentDraft]) -> PaymentsResult:
    """Record the payments, all or none (``PaymentsRefused`` names every bad line)."""
    _payer(by)
    if not drafts:
        raise BusinessError("Aucun versement à enregistrer.")
    today = clock.today()
    plans, errors = _resolve(by, drafts, today)
    if errors:
        raise PaymentsRefused(errors)
    seen = _recorded_keys(by, {p.pk for p in plans})
    result = PaymentsResult(plan_ids=[p.pk for p in plans])
    for index, (d, plan) in enumerate(zip(drafts, plans, strict=True)):
        amount = Decimal(d.amount).quantize(Decimal("0.01"))
        key = (plan.pk, d.paid_on, amount)
        if key in seen:
            result.duplicates.append(index)
            continue
        seen.add(key)
        payment = instance(
            Payment,
            plan_id=plan.pk,
            paid_on=d.paid_on,
            amount=amount,
            organisation_id=by.organisation_id,
            recorded_by_id=by.user_id,
        )
        payment.household_id = plan.household_id
        result.recorded.append(payment)
    insert_objects(Payment, result.recorded)
    audit.log_writes_many(
        _entry(
            _PlanRef(p.plan_id, p.household_id),
            f"Versement de {p.amount} € le {p.paid_on:%d/%m/%Y}",
            by,
        )
        for p in result.recorded
    )
    return result


@dataclass(frozen=True)
class _PlanRef:
    """What ``plans._entry`` reads of a plan (its id and household)."""

    pk: int
    household_id: int
