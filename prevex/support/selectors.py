"""Every read of the follow-up, through the access gate: the objects of a file this reader
may see (404 otherwise, never a hint), in a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404

from prevex.access.gate import FieldGroup, restrict_to_visible
from prevex.accounts.models import Membership
from prevex.audit import services as audit
from prevex.core import clock
from prevex.core.ages import age_label
from prevex.households.models import Member, MemberRole
from prevex.households.selectors import get_visible_household
from prevex.procedures.models import Procedure

from .choices import (
    EXPIRE_WHEN_DUE,
    AlertKind,
    ChargeType,
    DebtCause,
    ResourceType,
    RightStatus,
    RightType,
)
from .groups import SUIVI
from .models import Alert, Dsf, Measure

CONTACTS_SHOWN = 20


def _visible(membership: Membership, household_id: int, group: str) -> tuple[object, frozenset]:
    household, groups = get_visible_household(membership=membership, household_id=household_id)
    if group not in groups:
        raise Http404("Dossier introuvable.")
    return household, groups


def household_for_follow_up(*, membership: Membership, household_id, what: str):
    """The household if this reader reads its follow-up (journaled), else 404."""
    household, groups = _visible(membership, household_id, SUIVI)
    audit.log_view(membership=membership, what=what, household_id=household.pk)
    return household, groups


def followed_file_id(*, membership: Membership, reference: str) -> int | None:
    """The id of the file ``reference`` names, when this reader reads and writes its
    follow-up (manual tasks are SUIVI data); else None, never a hint that it exists. The
    task form opened from a file goes back to it. Not journaled: nothing of the file is
    read but its id, from the reference the reader gave."""
    from prevex.households.models import Household

    household_id = (
        Household.objects.filter(reference=reference[:20]).values_list("pk", flat=True).first()
    )
    if household_id is None:
        return None
    try:
        _visible(membership, household_id, SUIVI)
    except Http404:
        return None
    return household_id


def dsf_for_reading(*, membership: Membership, dsf_id, what: str) -> tuple[Dsf, frozenset]:
    """A DSF whose life this reader may see (journaled); its content only for SOCIAL."""
    dsf = Dsf.objects.select_related("assigned_to", "household", "content_by").filter(pk=dsf_id)
    dsf = dsf.first() if str(dsf_id).isdigit() else None
    if dsf is None:
        raise Http404("DSF introuvable.")
    _, groups = _visible(membership, dsf.household_id, SUIVI)
    audit.log_view(membership=membership, what=what, household_id=dsf.household_id)
    return dsf, groups


def measure_for_editing(*, membership: Membership, measure_id) -> Measure:
    measure = (
        Measure.objects.select_related("type").filter(pk=measure_id).first()
        if str(measure_id).isdigit()
        else None
    )
    if measure is None:
        raise Http404("Dispositif introuvable.")
    _visible(membership, measure.household_id, SUIVI)
    audit.log_view(
        membership=membership, what="Dispositif du dossier", household_id=measure.household_id
    )
    return measure


def dsf_content_rows(dsf: Dsf) -> dict:
    """The DSF's content as labelled rows (page and PDF; SOCIAL readers only)."""
    return {
        "resources": [(ResourceType(k).label, Decimal(v)) for k, v in dsf.resources.items()],
        "charges": [(ChargeType(k).label, Decimal(v)) for k, v in dsf.charges.items()],
        "causes": [DebtCause(c).label for c in dsf.causes],
        "rights": [(RightType(k).label, RightStatus(v).label) for k, v in dsf.rights.items()],
        "resources_total": sum((Decimal(v) for v in dsf.resources.values()), Decimal(0)),
        "charges_total": sum((Decimal(v) for v in dsf.charges.values()), Decimal(0)),
    }


def _person(member: Member, today) -> str:
    name = f"{member.first_name} {member.last_name.upper()}".strip()
    return name if member.birth_date is None else f"{name} ({age_label(member.birth_date, today)})"


def dsf_prefill(dsf: Dsf) -> dict:
    """What the file already knows for the empty parts of the DSF's form: the household's
    composition (its members, with their ages) and the debt of the procedure. Shown as
    the form's initial values for the social worker to check; written only when saved."""
    prefill = {}
    if not dsf.composition.strip():
        today = clock.today()
        members = list(Member.objects.filter(household_id=dsf.household_id).order_by("id"))
        lines = []
        for role in (MemberRole.TITULAIRE, MemberRole.COTITULAIRE, MemberRole.AUTRE):
            for member in members:
                if member.role == role:
                    lines.append(f"{role.label} : {_person(member, today)}")
        children = [m for m in members if m.role == MemberRole.ENFANT]
        if children:
            born = sorted((m.birth_date for m in children if m.birth_date), reverse=True)
            detail = f" ({', '.join(age_label(b, today) for b in born)})" if born else ""
            lines.append(f"{len(children)} enfant{'s' if len(children) > 1 else ''}{detail}")
        if lines:
            prefill["composition"] = "\n".join(lines)
    if dsf.debt_amount is None:
        debt = (
            Procedure.objects.filter(pk=dsf.procedure_id)
            .values_list("current_debt", flat=True)
            .first()
        )
        if debt is not None:
            prefill["debt_amount"] = debt
    return prefill


def _still_due(qs):
    """Without the reminders of a date already passed (``EXPIRE_WHEN_DUE``): their job
    closes them the next night, no page shows them meanwhile."""
    return qs.exclude(kind__in=EXPIRE_WHEN_DUE, due_on__lt=clock.today())


def alerts_for(*, membership: Membership) -> list[Alert]:
    """Open alerts of the acting organisation, on files it may still see (journaled)."""
    qs = (
        _still_due(
            Alert.objects.filter(
                organisation_id=membership.organisation_id, resolved_on__isnull=True
            )
        )
        .exclude(kind=AlertKind.MANUELLE)
        .select_related("household")
    )
    qs = restrict_to_visible(qs, membership=membership, household_ref="household_id")
    audit.log_list_view(membership=membership, what="Alertes du suivi")
    return list(qs.order_by("due_on", "id")[:200])


# --------------------------------------------------------------------------- plans


def household_for_plans(*, membership: Membership, household_id, what: str):
    household, groups = _visible(membership, household_id, FieldGroup.PROCEDURE)
    audit.log_view(membership=membership, what=what, household_id=household.pk)
    return household


def plan_for_editing(*, membership: Membership, plan_id):
    from .models import RepaymentPlan

    plan = RepaymentPlan.objects.filter(pk=plan_id).first() if str(plan_id).isdigit() else None
    if plan is None:
        raise Http404("Plan introuvable.")
    _visible(membership, plan.household_id, FieldGroup.PROCEDURE)
    audit.log_view(
        membership=membership, what="Plan d'apurement du dossier", household_id=plan.household_id
    )
    return plan


# --------------------------------------------------------------------------- referrals


def referral_inbox(*, membership: Membership) -> dict:
    """Referrals received and sent by the acting organisation (journaled list read).
    A received referral names the file by its reference and commune only, until accepted."""
    from .models import Referral

    base = Referral.objects.select_related(
        "household__commune", "from_organisation", "to_organisation"
    ).filter(departement_id=membership.organisation.departement_id)
    audit.log_list_view(membership=membership, what="Orientations reçues et envoyées")
    org = membership.organisation_id
    return {
        "received": list(
            base.filter(to_organisation_id=org).order_by("status", "-sent_at", "-id")[:200]
        ),
        "sent": list(base.filter(from_organisation_id=org).order_by("-sent_at", "-id")[:200]),
    }


def referral_for_answer(*, membership: Membership, referral_id):
    from .models import Referral

    referral = (
        Referral.objects.filter(
            pk=referral_id, to_organisation_id=membership.organisation_id
        ).first()
        if str(referral_id).isdigit()
        else None
    )
    if referral is None:
        raise Http404("Orientation introuvable.")
    audit.log_view(
        membership=membership, what="Orientation reçue", household_id=referral.household_id
    )
    return referral


# --------------------------------------------------------------------------- work lists


def _open_tasks(membership: Membership):
    """Open tasks of the acting organisation on files it may still see (the gate), but
    the reminders of a date already passed."""
    qs = _still_due(
        Alert.objects.filter(organisation_id=membership.organisation_id, resolved_on__isnull=True)
    )
    return restrict_to_visible(qs, membership=membership, household_ref="household_id")


# The header's count runs on every page. Its statement is the gate's (``_open_tasks``),
# compiled by the ORM once per membership (as it stands: organisation, its type and
# département, role) and day, then run as it is: building and compiling the queryset
# cost 20 times the indexed COUNT itself.
_COUNT_STATEMENTS: dict[tuple, tuple[str, tuple]] = {}
_COUNT_STATEMENTS_MAX = 4096


def _count_statement(membership: Membership) -> tuple[str, tuple]:
    from prevex.core import clock

    organisation = membership.organisation
    key = (
        membership.pk,
        membership.role,
        organisation.pk,
        organisation.type,
        organisation.departement_id,
        clock.today(),
    )
    statement = _COUNT_STATEMENTS.get(key)
    if statement is None:
        query = _open_tasks(membership).order_by().values("pk").query
        inner, params = query.sql_with_params()
        sql = f"SELECT COUNT(*) FROM ({inner}) AS open_tasks"  # noqa: S608 — the ORM's SQL
        statement = (sql, tuple(params))
        if len(_COUNT_STATEMENTS) >= _COUNT_STATEMENTS_MAX:
            _COUNT_STATEMENTS.clear()
        _COUNT_STATEMENTS[key] = statement
    return statement


def open_task_statements(membership: Membership) -> list[tuple[str, tuple]]:
    """The header's count, for a page's batch (``prevex.core.batch``)."""
    return [_count_statement(membership)]


def open_task_count(*, membership: Membership) -> int:
    """The header's count: one indexed COUNT (not nominative: not journaled); from the
    page's batch when the page declared it (``panels.register_header_reads``)."""
    from prevex.core import batch

    return batch.rows(*_count_statement(membership))[0][0]


WORK_LIST_SHOWN = 50


def work_list_kinds(*, membership: Membership) -> list[str]:
    """The kinds of the organisation's open tasks, for the work list's « Type » filter
    (codes only, nothing nominative: not journaled)."""
    rows = _open_tasks(membership).order_by().values_list("kind", flat=True).distinct()
    return sorted(set(rows))


def work_list(*, membership: Membership, kind: str = "", due: str = "", mine: bool = False):
    """The work list, most urgent first (overdue, then by due date; no date last), at
    most ``WORK_LIST_SHOWN`` rows and the number matching (journaled as a list view)."""
    import datetime

    from django.db.models import F

    from prevex.core import clock

    qs = _open_tasks(membership)
    if kind:
        qs = qs.filter(kind=kind)
    today = clock.today()
    if due == "retard":
        qs = qs.filter(due_on__lt=today)
    elif due in ("semaine", "mois"):
        days = 7 if due == "semaine" else 30
        qs = qs.filter(due_on__lt=today + datetime.timedelta(days=days))
    if mine:
        qs = qs.filter(assigned_to_id=membership.user_id)
    rows = list(
        qs.select_related("household", "assigned_to")
        .only(
            "id", "kind", "message", "due_on", "raised_on", "household_id", "dsf_id",
            "household__reference", "assigned_to__first_name", "assigned_to__last_name",
            "assigned_to__username",
        )
        .order_by(F("due_on").asc(nulls_last=True), "raised_on", "id")[: WORK_LIST_SHOWN + 1]
    )  # fmt: skip
    audit.log_list_view(membership=membership, what="Liste « à faire »")
    return rows[:WORK_LIST_SHOWN], len(rows) > WORK_LIST_SHOWN


def task_for_acting(*, membership: Membership, task_id) -> Alert:
    """An open task of the acting organisation on a file it may see, else 404 (journaled)."""
    task = _open_tasks(membership).filter(pk=task_id).first() if str(task_id).isdigit() else None
    if task is None:
        raise Http404("Tâche introuvable.")
    audit.log_view(membership=membership, what="Tâche", household_id=task.household_id)
    return task


def task_closed_for(*, membership: Membership, task_id) -> bool:
    """Whether ``task_id`` is a task of the acting organisation no longer open (done, or
    closed by a job): a click from a page loaded before it was."""
    return (
        str(task_id).isdigit()
        and Alert.objects.filter(
            pk=task_id, organisation_id=membership.organisation_id, resolved_on__isnull=False
        ).exists()
    )


def members_of(*, membership: Membership) -> list[Membership]:
    """Active members of the acting organisation (to assign a task)."""
    return list(
        Membership.objects.filter(organisation_id=membership.organisation_id, is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
