"""The follow-up of a file as data (the API's answer), through the access gate.

Sections by field group, as on the file page:

- ``plans`` (PROCEDURE: every reader of the file, the landlord included): each plan with
  its schedule, its payments and its computed compliance;
- ``dsf`` (the DSF's life only: requested, appointment, done, sent; never its content),
  ``dispositifs`` (with their steps), ``contacts`` and ``orientations`` (SUIVI: every
  involved organisation but landlords, and the secretariat).

A section the reader may not read is ``None``. The DSF's content (SOCIAL) is never part of
it, whoever reads. Nothing here journals: the caller does (one row per read).
"""

from __future__ import annotations

from prevex.access.gate import FieldGroup, groups_for
from prevex.accounts.models import Membership

from .groups import CONTACT_NOTES, SUIVI
from .models import Contact, Dsf, Instalment, Measure, MeasureStep, Payment, Referral, RepaymentPlan

MAX_CONTACTS = 200


def household_groups(*, membership: Membership, household_id: int):
    """(household, field groups) if this reader sees the file, else None."""
    from prevex.households.models import Household

    household = (
        Household.objects.filter(pk=household_id).only("pk", "departement_id", "reference").first()
    )
    if household is None:
        return None
    groups = groups_for(membership=membership, household=household)
    if not groups:
        return None
    return household, groups


def _plans(household_id: int) -> list[dict]:
    plans = list(
        RepaymentPlan.objects.filter(household_id=household_id).order_by("-starts_on", "-id")
    )
    ids = [p.pk for p in plans]
    instalments: dict[int, list] = {}
    for row in Instalment.objects.filter(plan_id__in=ids).order_by("plan_id", "due_on", "id"):
        instalments.setdefault(row.plan_id, []).append({"date": row.due_on, "montant": row.amount})
    payments: dict[int, list] = {}
    for row in (
        Payment.objects.filter(plan_id__in=ids)
        .select_related("organisation")
        .order_by("plan_id", "paid_on", "id")
    ):
        payments.setdefault(row.plan_id, []).append(
            {"date": row.paid_on, "montant": row.amount, "organisation": row.organisation.name}
        )
    return [
        {
            "id": p.pk,
            "origine": p.origin,
            "dette": p.debt_amount,
            "premiere_echeance": p.starts_on,
            "clos_le": p.ended_on,
            "echeances_en_retard": p.late_instalments if p.compliance_on else None,
            "respect_calcule_le": p.compliance_on,
            "echeances": instalments.get(p.pk, []),
            "versements": payments.get(p.pk, []),
        }
        for p in plans
    ]


def _dsfs(household_id: int) -> list[dict]:
    rows = (
        Dsf.objects.filter(household_id=household_id)
        .select_related("assigned_to")
        .only(
            "id", "status", "requested_on", "hearing_date", "appointment_at", "sent_on",
            "assigned_to__name",
        )
        .order_by("-requested_on", "-id")
    )  # fmt: skip
    return [
        {
            "id": d.pk,
            "statut": d.status,
            "demande_le": d.requested_on,
            "organisation": d.assigned_to.name,
            "audience": d.hearing_date,
            "rendez_vous": d.appointment_at,
            "transmis_le": d.sent_on,
        }
        for d in rows
    ]


def _measures(household_id: int) -> list[dict]:
    measures = list(
        Measure.objects.filter(household_id=household_id)
        .select_related("type", "organisation")
        .order_by("-status_on", "-id")
    )
    steps: dict[int, list] = {}
    for s in MeasureStep.objects.filter(household_id=household_id).order_by("status_on", "id"):
        steps.setdefault(s.measure_id, []).append(
            {"statut": s.status, "le": s.status_on, "montant": s.amount}
        )
    return [
        {
            "id": m.pk,
            "type": m.type.code,
            "libelle": m.type.label,
            "statut": m.status,
            "depuis_le": m.status_on,
            "organisation": m.organisation.name,
            "instance": m.deciding_body,
            "montant": m.amount,
            "issue": m.outcome,
            "etapes": steps.get(m.pk, []),
        }
        for m in measures
    ]


def _contacts(household_id: int, *, notes: bool) -> list[dict]:
    rows = (
        Contact.objects.filter(household_id=household_id)
        .select_related("organisation")
        .order_by("-at", "-id")[:MAX_CONTACTS]
    )
    return [
        {
            "date": c.at,
            "canal": c.channel,
            "sens": c.direction,
            "organisation": c.organisation.name,
            "objet": c.purpose,
            # the social worker's words: CONTACT_NOTES readers only (support/groups.py)
            "objet_precision": c.purpose_detail if notes else None,
            "resultat": c.outcome,
        }
        for c in rows
    ]


def _referrals(household_id: int) -> list[dict]:
    rows = (
        Referral.objects.filter(household_id=household_id)
        .select_related("from_organisation", "to_organisation")
        .order_by("-sent_at", "-id")
    )
    return [
        {
            "de": r.from_organisation.name,
            "vers": r.to_organisation.name,
            "motif": r.reason,
            "envoyee_le": r.sent_at,
            "statut": r.status,
            "reponse_attendue_le": r.due_on,
        }
        for r in rows
    ]


def follow_up_data(*, household, groups) -> dict:
    """The sections of the file's follow-up this reader reads (``groups``: the gate's)."""
    pk = household.pk
    suivi = SUIVI in groups
    return {
        "menage": pk,
        "reference": household.reference,
        "plans": _plans(pk) if FieldGroup.PROCEDURE in groups else None,
        "dsf": _dsfs(pk) if suivi else None,
        "dispositifs": _measures(pk) if suivi else None,
        "contacts": _contacts(pk, notes=CONTACT_NOTES in groups) if suivi else None,
        "orientations": _referrals(pk) if suivi else None,
    }
