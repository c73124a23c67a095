"""Writes of repayment plans (the one write path of plans, instalments and payments) and
the job computing their compliance and alerts.

Compliance: instalments due before today are covered in date order by the payments' total;
``late_instalments`` counts those not covered. From N late instalments (dated rule
``PLAN_ALERTE_ECHEANCES``) the job raises one alert for each involved social-work
organisation and each involved landlord; it closes them once the plan is back under N.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from prevex.access.gate import FieldGroup, require_group
from prevex.access.groups import SOCIAL_WORK_ORG_TYPES
from prevex.access.models import Involvement
from prevex.accounts.models import LANDLORD_TYPES, Membership, OrganisationType
from prevex.audit import services as audit
from prevex.audit.models import WriteChannel, WriteOperation
from prevex.audit.services import WriteEntry
from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.households.services import anonymised_filter, refuse_anonymised
from prevex.procedures.rules import RuleBook, add_months

from .choices import AlertKind, PlanEndReason, PlanOrigin
from .dsf import _amount
from .models import Alert, Instalment, Payment, RepaymentPlan

PAYERS = LANDLORD_TYPES | {OrganisationType.COMMISSAIRE_JUSTICE, OrganisationType.ETAT_CCAPEX}
RULE = "PLAN_ALERTE_ECHEANCES"
MAX_INSTALMENTS = 120
EARLIEST_START = datetime.date(1990, 1, 1)
MAX_YEARS_AHEAD = 5


def _entry(plan: RepaymentPlan, summary: str, by, changes=()) -> WriteEntry:
    return WriteEntry(
        household_id=plan.household_id,
        object_type="PLAN_APUREMENT",
        object_id=plan.pk,
        field_group=FieldGroup.PROCEDURE,
        summary=summary,
        changes=list(changes),
        by=by,
    )


def _check_start(starts_on: datetime.date) -> None:
    """A first instalment from 1990 to five years ahead: beyond, the schedule would run
    off the calendar (year 10000) or date back to year 1."""
    latest = add_months(clock.today(), 12 * MAX_YEARS_AHEAD)
    if not EARLIEST_START <= starts_on <= latest:
        raise BusinessError(
            f"Première échéance impossible ({starts_on:%d/%m/%Y}) : elle doit être comprise "
            f"entre le {EARLIEST_START:%d/%m/%Y} et le {latest:%d/%m/%Y}."
        )


def _positive(value, what: str) -> Decimal:
    amount = _amount(value, what)
    if amount is None or amount <= 0:
        raise BusinessError(f"{what} : le montant doit être positif.")
    return amount


@transaction.atomic
def plan_open(
    *,
    household,
    by: Membership,
    origin: str,
    starts_on: datetime.date,
    debt_amount,
    instalments: int | None = None,
    schedule: list[tuple[datetime.date, object]] | None = None,
) -> RepaymentPlan:
    """A plan with ``instalments`` equal monthly instalments from ``starts_on`` (the last one
    takes the rounding), or an explicit ``schedule`` of (date, amount)."""
    require_group(by, household=household, group=FieldGroup.PROCEDURE)
    if origin not in PlanOrigin.values:
        raise BusinessError(f"Origine inconnue : « {origin} ».")
    debt = _positive(debt_amount, "Dette à apurer")
    _check_start(starts_on)
    if schedule is None:
        if not instalments or not 1 <= int(instalments) <= MAX_INSTALMENTS:
            raise BusinessError(f"Un plan compte de 1 à {MAX_INSTALMENTS} mensualités.")
        n = int(instalments)
        share = (debt / n).quantize(Decimal("0.01"))
        schedule = [(add_months(starts_on, i), share) for i in range(n - 1)]
        schedule.append((add_months(starts_on, n - 1), debt - share * (n - 1)))
    refuse_anonymised(household.pk)  # locks the file: a second click waits, then finds the first
    twin = RepaymentPlan.objects.filter(
        household_id=household.pk,
        organisation_id=by.organisation_id,
        origin=origin,
        starts_on=starts_on,
        debt_amount=debt,
        ended_on__isnull=True,
    ).exists()
    if twin:
        raise BusinessError(
            "Ce plan d'apurement est déjà enregistré par votre organisation (même origine, "
            f"même première échéance le {starts_on:%d/%m/%Y}, même dette)."
        )
    plan = RepaymentPlan.objects.create(
        household_id=household.pk,
        departement_id=household.departement_id,
        origin=origin,
        starts_on=starts_on,
        debt_amount=debt,
        organisation_id=by.organisation_id,
        created_by_id=by.user_id,
    )
    rows = _schedule_rows(plan, schedule)
    Instalment.objects.bulk_create(rows)
    audit.log_write(
        _entry(
            plan,
            f"Plan d'apurement ouvert : {len(rows)} échéances à partir du {starts_on:%d/%m/%Y}",
            by,
        )
    )
    return plan


def _schedule_rows(plan, schedule) -> list[Instalment]:
    if not schedule:
        raise BusinessError("Le plan n'a aucune échéance.")
    days = set()
    rows = []
    for due_on, amount in schedule:
        if due_on < plan.starts_on:
            raise BusinessError(
                f"Une échéance ({due_on:%d/%m/%Y}) ne peut pas précéder le début du plan "
                f"({plan.starts_on:%d/%m/%Y})."
            )
        if due_on in days:
            raise BusinessError(f"Deux échéances le même jour ({due_on:%d/%m/%Y}).")
        days.add(due_on)
        rows.append(Instalment(plan=plan, due_on=due_on, amount=_positive(amount, "Échéance")))
    return rows


@transaction.atomic
def instalment_add(*, plan: RepaymentPlan, by: Membership, due_on, amount) -> Instalment:
    plan = RepaymentPlan.objects.select_for_update().select_related("household").get(pk=plan.pk)
    require_group(by, household=plan.household, group=FieldGroup.PROCEDURE)
    refuse_anonymised(plan.household_id)
    if Instalment.objects.filter(plan=plan, due_on=due_on).exists():
        raise BusinessError(f"Deux échéances le même jour ({due_on:%d/%m/%Y}).")
    (row,) = _schedule_rows(plan, [(due_on, amount)])
    row.save()
    audit.log_write(_entry(plan, f"Échéance ajoutée au {due_on:%d/%m/%Y}", by))
    return row


@transaction.atomic
def payment_record(
    *, plan: RepaymentPlan, by: Membership, paid_on: datetime.date, amount
) -> Payment:
    """A payment recorded by the landlord, the bailiff or the secretariat (the file's
    form): the one write path of payments, ``payment_record_many``, for one line — same
    checks, same duplicate rule as the import and the API, with the line's French
    message."""
    from .payments_bulk import PaymentDraft, PaymentsRefused, payment_record_many

    try:
        result = payment_record_many(
            by=by, drafts=[PaymentDraft(paid_on=paid_on, amount=amount, plan_id=plan.pk)]
        )
    except PaymentsRefused as refused:
        raise BusinessError(refused.errors[0]) from None
    if result.duplicates:
        raise BusinessError(
            "Ce versement est déjà enregistré par votre organisation (même plan, même date, "
            "même montant)."
        )
    return result.recorded[0]


def late_count(instalments, paid_total: Decimal, today: datetime.date) -> int:
    """Instalments due before ``today`` that the payments' total does not cover."""
    due = Decimal(0)
    late = 0
    for row in sorted(instalments, key=lambda r: r.due_on):
        if row.due_on >= today:
            break
        due += row.amount
        if due > paid_total:
            late += 1
    return late


def _alert_recipients(household_ids: list[int], today) -> dict[int, set[int]]:
    """Involved social-work organisations and landlords, by household (one query)."""
    rows = (
        Involvement.objects.filter(household_id__in=household_ids, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .filter(organisation__type__in=[*SOCIAL_WORK_ORG_TYPES, *LANDLORD_TYPES])
        .order_by("household_id", "organisation_id")
        .values_list("household_id", "organisation_id")
    )
    out: dict[int, set[int]] = {}
    for household_id, organisation_id in rows:
        out.setdefault(household_id, set()).add(organisation_id)
    return out


@transaction.atomic
def plans_compliance_refresh(*, today: datetime.date | None = None) -> tuple[int, int, int]:
    """Job: compliance of every open plan, and its alerts. Returns (changed, raised,
    closed); a second run the same day returns (0, 0, 0). The plans of an anonymised file
    are left as they are, and their open alerts closed: nobody can act on them."""
    today = today or clock.today()
    plans = list(
        RepaymentPlan.objects.select_for_update(of=("self",))
        .filter(ended_on__isnull=True)
        .exclude(**anonymised_filter(via="household__"))
        .prefetch_related("instalments", "payments")
        .order_by("id")
    )
    changed = 0
    thresholds: dict[str, int] = {}
    alerting: dict[int, RepaymentPlan] = {}
    for plan in plans:
        paid = sum((p.amount for p in plan.payments.all()), Decimal(0))
        late = late_count(plan.instalments.all(), paid, today)
        if late != plan.late_instalments or plan.compliance_on is None:
            plan.late_instalments, plan.compliance_on = late, today
            plan.save(update_fields=["late_instalments", "compliance_on"])
            changed += 1
        if plan.departement_id not in thresholds:
            thresholds[plan.departement_id] = (
                RuleBook.for_departement(plan.departement_id).get(RULE, on=today).value
            )
        if late >= thresholds[plan.departement_id]:
            alerting[plan.pk] = plan
    recipients = _alert_recipients(sorted({p.household_id for p in alerting.values()}), today)
    wanted = {
        (plan.pk, org_id)
        for plan in alerting.values()
        for org_id in recipients.get(plan.household_id, ())
    }
    open_alerts = {
        (a.plan_id, a.organisation_id): a
        for a in Alert.objects.filter(
            kind=AlertKind.PLAN_IMPAYES, resolved_on__isnull=True
        ).order_by("id")
    }
    closed = [a.pk for key, a in open_alerts.items() if key not in wanted]
    Alert.objects.filter(pk__in=closed).update(resolved_on=today)
    new = []
    for plan_id, org_id in sorted(wanted - set(open_alerts)):
        plan = alerting[plan_id]
        new.append(
            Alert(
                kind=AlertKind.PLAN_IMPAYES,
                household_id=plan.household_id,
                departement_id=plan.departement_id,
                organisation_id=org_id,
                plan=plan,
                message=f"Plan d'apurement : {plan.late_instalments} échéances impayées",
                due_on=today,
                raised_on=today,
            )
        )
    Alert.objects.bulk_create(new)
    return changed, len(new), len(closed)


def plans_end_anonymised(household_ids: list[int], *, today: datetime.date) -> int:
    """Retention (prevex/support/retention.py): the open plans of files being anonymised
    end today, « dossier anonymisé » (nobody can record a payment or an instalment on them
    any more); one history entry each, written by the job. Returns how many ended."""
    plans = list(
        RepaymentPlan.objects.select_for_update().filter(
            household_id__in=household_ids, ended_on__isnull=True
        )
    )
    for plan in plans:
        plan.ended_on, plan.end_reason = today, PlanEndReason.ANONYMISE
    RepaymentPlan.objects.bulk_update(plans, ["ended_on", "end_reason"], batch_size=500)
    reason = PlanEndReason.ANONYMISE.label
    audit.log_writes_many(
        WriteEntry(
            household_id=plan.household_id,
            object_type="PLAN_APUREMENT",
            object_id=plan.pk,
            field_group=FieldGroup.PROCEDURE,
            operation=WriteOperation.UPDATE,
            summary=f"Plan d'apurement clos : {reason}",
            changes=[{"field": "ended_on", "label": "clos le", "old": "",
                      "new": f"{today:%d/%m/%Y} ({reason})"}],
            channel=WriteChannel.SYSTEM,
        )
        for plan in plans
    )  # fmt: skip
    return len(plans)
