"""The sections of the file summary, from the rows read in bulk for many files at once.

``summary.load`` reads the rows of every file of a session in a fixed number of queries
(about fifteen, whatever the number of files); ``sections_of`` turns one file's rows into
a JSON document, one section per field group (``prevex.access.groups``,
``prevex.support.groups``). Nothing here writes; nothing here decides who reads what
(``summary.summary_for_reader`` asks the access gate).

Naming of the document's keys, relied upon by the display (``pdf.revive``): dates end in
``_on`` (ISO date), moments in ``_at`` (ISO date and time), amounts in ``_eur`` (a
decimal as a string). Labels are the French ones of the day it was built, so that a frozen
summary reads the same whatever the catalogues become.
"""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from prevex.access.groups import FieldGroup
from prevex.households.models import (
    Composition,
    Household,
    LandlordType,
    Member,
    MemberRole,
    Parc,
)
from prevex.procedures.models import Event
from prevex.procedures.timeline import timeline_entry
from prevex.support.groups import SUIVI
from prevex.support.models import (
    Dsf,
    RepaymentPlan,
)
from prevex.support.plans import late_count
from prevex.support.selectors import dsf_content_rows

from .models import AgendaItem, Recommendation

if TYPE_CHECKING:
    from .summary import Rows

CONTACTS_SHOWN = 15
HOLDER_ROLES = (MemberRole.TITULAIRE, MemberRole.COTITULAIRE)


def iso(value) -> str | None:
    """A date or a moment as ISO text (moments in local time, with their offset)."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def eur(value) -> str | None:
    return None if value is None else str(value)


def label(choices, value) -> str:
    try:
        return choices(value).label if value else ""
    except ValueError:
        return str(value)


def person(member: Member) -> str:
    return f"{member.first_name} {member.last_name.upper()}".strip()


# --------------------------------------------------------------------------- sections


def lease_section(household: Household, members: list[Member]) -> dict:
    landlord = household.landlord.name if household.landlord_id else household.landlord_name
    return {
        "holders": [
            {"role": m.get_role_display(), "name": person(m)}
            for m in members
            if m.role in HOLDER_ROLES
        ],
        "address": household.address,
        "address_complement": household.address_complement,
        "postal_code": household.postal_code,
        "commune": household.commune.name,
        "parc": label(Parc, household.parc),
        "landlord": landlord,
        "landlord_type": label(LandlordType, household.landlord_type),
        "lease_on": iso(household.lease_date),
    }


def identity_section(household: Household, rows: Rows) -> dict:
    return {
        "composition": label(Composition, household.composition),
        "members": [
            {"role": m.get_role_display(), "name": person(m), "birth_on": iso(m.birth_date)}
            for m in rows.members[household.pk]
        ],
        "channels": [
            {"kind": c.get_kind_display(), "value": c.value} for c in rows.channels[household.pk]
        ],
        "informed_on": iso(household.informed_on),
        "informed_channel": household.informed_channel,
    }


def _event(event: Event) -> dict:
    return {
        "date_on": iso(event.date),
        "stage": event.get_stage_display(),
        "details": timeline_entry(event).details.removeprefix(" · "),
        "debt_eur": eur(event.debt_amount),
        "source": event.source.name if event.source_id else "",
    }


def _plan(plan: RepaymentPlan, as_of: datetime.date) -> dict:
    instalments = list(plan.instalments.all())
    payments = list(plan.payments.all())
    due = sum((i.amount for i in instalments if i.due_on <= as_of), start=Decimal(0))
    paid = sum((p.amount for p in payments), start=Decimal(0))
    # Computed for ``as_of`` like the nightly job does (``support.plans.late_count``).
    late = 0 if plan.ended_on else late_count(instalments, paid, as_of)
    return {
        "origin": plan.get_origin_display(),
        "starts_on": iso(plan.starts_on),
        "ended_on": iso(plan.ended_on),
        "debt_eur": eur(plan.debt_amount),
        "instalments": len(instalments),
        "due_eur": eur(due),
        "paid_eur": eur(paid),
        "late_instalments": late,
        "compliance": (
            "Plan clos"
            if plan.ended_on
            else "À jour"
            if late == 0
            else f"{late} échéance{'s' if late > 1 else ''} en retard"
        ),
    }


def procedure_section(household: Household, rows: Rows, as_of: datetime.date) -> dict:
    procedures = []
    debt = []
    for procedure in rows.procedures[household.pk]:
        events = rows.events[procedure.pk]
        procedures.append(
            {
                "ground": procedure.get_ground_display(),
                "opened_on": iso(procedure.opened_on),
                "closed_on": iso(procedure.closed_on),
                "outcome": procedure.get_outcome_display() if procedure.outcome else "",
                "stage": procedure.get_stage_display(),
                "stage_on": iso(procedure.stage_date),
                "current_debt_eur": eur(procedure.current_debt),
                "deadline_on": iso(procedure.key_deadline),
                "events": [_event(e) for e in events],
            }
        )
        debt += [
            {"date_on": iso(e.date), "debt_eur": eur(e.debt_amount), "what": e.get_stage_display()}
            for e in events
            if e.debt_amount is not None
        ]
    plans = rows.plans[household.pk]
    payments = [
        {"date_on": iso(p.paid_on), "amount_eur": eur(p.amount), "plan": plan.get_origin_display()}
        for plan in plans
        for p in plan.payments.all()
    ]
    return {
        "rent_eur": eur(household.rent),
        "charges_eur": eur(household.charges),
        "procedures": procedures,
        "debt": sorted(debt, key=lambda d: d["date_on"]),
        "payments": sorted(payments, key=lambda p: p["date_on"]),
        "paid_eur": eur(
            sum((p.amount for plan in plans for p in plan.payments.all()), start=Decimal(0))
        ),
        "plans": [_plan(plan, as_of) for plan in plans],
    }


def _dsf_content(dsf: Dsf) -> dict:
    content = dsf_content_rows(dsf)
    return {
        "requested_on": iso(dsf.requested_on),
        "resources": [{"label": k, "amount_eur": eur(v)} for k, v in content["resources"]],
        "resources_eur": eur(content["resources_total"]),
        "charges": [{"label": k, "amount_eur": eur(v)} for k, v in content["charges"]],
        "charges_eur": eur(content["charges_total"]),
        "debt_eur": eur(dsf.debt_amount),
        "debt_origin": dsf.debt_origin,
        "first_unpaid_on": iso(dsf.first_unpaid_on),
        "causes": content["causes"],
        "causes_note": dsf.causes_note,
        "rights": [{"label": k, "status": v} for k, v in content["rights"]],
        "wish": dsf.get_wish_display() if dsf.wish else "",
        "proposal_monthly_eur": eur(dsf.proposal_monthly),
        "proposal_delay_months": dsf.proposal_delay_months,
        "proposal_note": dsf.proposal_note,
        "opinion": dsf.opinion,
    }


def social_section(household: Household, rows: Rows) -> dict:
    evaluation = rows.evaluations.get(household.pk)
    return {
        "evaluation": None
        if evaluation is None
        else {
            "text": evaluation.text,
            "monthly_resources_eur": eur(evaluation.monthly_resources),
            "resources_note": evaluation.resources_note,
            "written_at": iso(evaluation.written_at),
        },
        "dsfs": [_dsf_content(d) for d in rows.dsfs[household.pk]],
    }


def health_section(household: Household, rows: Rows) -> dict:
    return {
        "vulnerabilities": [
            {"kind": v.get_kind_display(), "note": v.note, "recorded_on": iso(v.recorded_on)}
            for v in rows.vulnerabilities[household.pk]
        ]
    }


def _recommendation(reco: Recommendation) -> dict:
    return {
        "type": reco.type.label,
        "text": reco.text,
        "addressee": reco.addressee.name
        if reco.addressee_id
        else reco.get_addressee_kind_display(),
        "to_household": reco.addressee_id is None,
        "due_on": iso(reco.due_on),
        "status": reco.get_status_display(),
        "status_code": reco.status,
        "status_reason": reco.status_reason,
        "status_on": iso(reco.status_on),
    }


def _passage(item: AgendaItem, rows: Rows) -> dict:
    session = item.session
    outcome = rows.outcomes.get(item.pk)
    return {
        "session_id": session.pk,
        "commission": session.commission.name,
        "kind": session.commission.get_kind_display(),
        "date_on": iso(timezone.localdate(session.starts_at)),
        "examined": item.examined,
        "opinion": item.opinion,
        "recommendations": [_recommendation(r) for r in rows.recommendations[item.pk]],
        "outcome": None
        if outcome is None or not (outcome.confirmed or outcome.derived)
        else {
            "label": outcome.get_confirmed_display() or outcome.get_derived_display(),
            "confirmed": bool(outcome.confirmed),
        },
    }


def follow_up_section(household: Household, rows: Rows) -> dict:
    contacts = rows.contacts[household.pk]
    outcomes = Counter(c.get_outcome_display() for c in contacts)
    return {
        "contacts_count": len(contacts),
        "contacts_by_outcome": [{"label": k, "count": n} for k, n in sorted(outcomes.items())],
        "contacts": [
            {
                "at": iso(c.at),
                "channel": c.get_channel_display(),
                "direction": c.get_direction_display(),
                "purpose": c.get_purpose_display(),
                # the social worker's words: CONTACT_NOTES readers (summary.for_groups)
                "detail": c.purpose_detail,
                "outcome": c.get_outcome_display(),
                "organisation": c.organisation.name,
            }
            for c in contacts[:CONTACTS_SHOWN]
        ],
        "dsfs": [
            {
                "status": d.get_status_display(),
                "assigned_to": d.assigned_to.name,
                "requested_on": iso(d.requested_on),
                "hearing_on": iso(d.hearing_date),
                "appointment_at": iso(d.appointment_at),
                "done_on": iso(d.done_on),
                "sent_on": iso(d.sent_on),
            }
            for d in rows.dsfs[household.pk]
        ],
        "measures": [
            {
                "type": m.type.label,
                "status": m.get_status_display(),
                "status_on": iso(m.status_on),
                "organisation": m.organisation.name,
                "amount_eur": eur(m.amount),
                "deciding_body": m.deciding_body,
                "outcome": m.outcome,
            }
            for m in rows.measures[household.pk]
        ],
        "referrals": [
            {
                "from": r.from_organisation.name,
                "to": r.to_organisation.name,
                "reason": r.get_reason_display(),
                "status": r.get_status_display(),
                "due_on": iso(r.due_on),
                "answered_on": iso(r.answered_on),
                "decline_reason": r.decline_reason,
            }
            for r in rows.referrals[household.pk]
        ],
        "passages": [_passage(item, rows) for item in rows.passages[household.pk]],
    }


def sections_of(household: Household, rows: Rows, as_of: datetime.date) -> dict:
    """The sections of one file, keyed by field group code."""
    return {
        FieldGroup.LEASE.value: lease_section(household, rows.members[household.pk]),
        FieldGroup.IDENTITY.value: identity_section(household, rows),
        FieldGroup.PROCEDURE.value: procedure_section(household, rows, as_of),
        FieldGroup.SOCIAL.value: social_section(household, rows),
        FieldGroup.HEALTH.value: health_section(household, rows),
        SUIVI: follow_up_section(household, rows),
    }
