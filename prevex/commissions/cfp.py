"""The préfecture's decision on the « concours de la force publique » (CFP).

Reads (through the access gate, journaled) and writes (one transaction each, history
entry) of the CFP decision view (docs/decisions/2026-12-01-cfp-decision.md):

- ``cfp_files``: the files whose procedure waits for the préfet's decision (last act a
  réquisition, no CFP act after it), with the decision deadline the procedure computes
  (``DECISION_CFP``, CPCE R153-1: the silence of the préfet for 2 months is a refusal);
- ``cfp_decision_view``: what the préfecture weighs, within the reader's field groups;
- ``cfp_decide``: the decision against the département's criteria; a grant or a refusal
  is the procedure's CFP act (``event_record``), a postponement only a record;
- ``cfp_criteria_seed_defaults``: the harmonised default checklist of a département;
- ``comex_saisines_refresh``: the job proposing these files to the COMEX of their
  territory.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.http import Http404

from prevex.access import gate
from prevex.access.groups import FieldGroup
from prevex.accounts.models import Membership, OrganisationType
from prevex.audit import services as audit
from prevex.audit.services import WriteEntry
from prevex.core import clock
from prevex.core.ages import age_label
from prevex.core.dates import french_date
from prevex.core.errors import BusinessError
from prevex.households.history import change
from prevex.households.models import Household, MemberRole
from prevex.households.selectors import build_household_view, holders_prefetch
from prevex.procedures.deadlines import (
    Context,
    Deadline,
    compute_deadlines,
    context_for,
    effective_events,
)
from prevex.procedures.models import CfpDecision, Event, Procedure, Stage
from prevex.procedures.rules import RuleBook
from prevex.procedures.selectors import procedures_for_file
from prevex.procedures.services import event_record
from prevex.support.groups import SUIVI

from .cfp_comex import comex_for, comex_saisines_refresh
from .cfp_criteria import active_criteria, cfp_criteria_seed_defaults
from .choices import CfpChoice
from .models import AgendaItem, CfpCriterion, CfpDecisionRecord, Recommendation

DECISION_CODE = "DECISION_CFP"
NOT_FOUND = "Dossier introuvable."
DALO_CODE = "DALO"
NOT_RECORDED = "non renseigné"

# --------------------------------------------------------------------------- who


def may_read(membership: Membership) -> bool:
    """The CFP pages are the préfecture's (and, read-only, the CCAPEX secretariat's, which
    prepares the COMEX with it)."""
    return membership.organisation.type == OrganisationType.PREFECTURE or gate.is_secretariat(
        membership
    )


def may_decide(membership: Membership | None) -> bool:
    """Only a préfecture or sous-préfecture decides on the concours (CPCE L153-1)."""
    return membership is not None and membership.organisation.type == OrganisationType.PREFECTURE


# --------------------------------------------------------------------------- reads


@dataclass
class CfpFile:
    """A line of the préfecture's list."""

    procedure: Procedure
    household: Household
    holder: str
    rfp_on: datetime.date
    deadline: Deadline | None
    days_left: int | None
    last_decision: CfpDecisionRecord | None


def _rulebook(departement_id: str) -> RuleBook:
    return RuleBook.for_departement(departement_id)


def decision_deadline(procedure, events, *, today, context: Context | None = None):
    """The procedure's own ``DECISION_CFP`` deadline (never recomputed here), or None."""
    found = compute_deadlines(
        procedure=procedure,
        events=events,
        rulebook=_rulebook(procedure.departement_id),
        today=today,
        context=context or Context(today=today),
    )
    return next((d for d in found if d.code == DECISION_CODE), None)


def _holder(household) -> str:
    holders = getattr(household, "holders", [])
    if not holders:
        return household.reference
    return f"{holders[0].last_name.upper()} {holders[0].first_name}"


def _at_rfp() -> Q:
    return Q(closed_on__isnull=True, stage=Stage.RFP)


def cfp_files(*, membership: Membership) -> list[CfpFile]:
    """Files at the réquisition stage this membership may see, soonest decision deadline
    first (journaled as a list read). Empty for organisations the pages are not for."""
    if not may_read(membership):
        return []
    procedures = list(
        gate.restrict_to_visible(
            Procedure.objects.filter(_at_rfp()), membership=membership, household_ref="household_id"
        )
        .select_related("household__commune")
        .prefetch_related(holders_prefetch("household__members"))
        .order_by("stage_date", "id")
    )
    audit.log_list_view(membership=membership, what="Décisions CFP : dossiers à la réquisition")
    ids = [p.pk for p in procedures]
    events: dict[int, list[Event]] = {pk: [] for pk in ids}
    for event in Event.objects.filter(procedure_id__in=ids).order_by("procedure_id", "date", "id"):
        events[event.procedure_id].append(event)
    decisions: dict[int, CfpDecisionRecord] = {}
    for record in CfpDecisionRecord.objects.filter(procedure_id__in=ids).order_by(
        "procedure_id", "decided_on", "id"
    ):
        decisions[record.procedure_id] = record  # the latest one wins
    today = clock.today()
    rows = []
    for procedure in procedures:
        deadline = decision_deadline(procedure, events[procedure.pk], today=today)
        rows.append(
            CfpFile(
                procedure=procedure,
                household=procedure.household,
                holder=_holder(procedure.household),
                rfp_on=procedure.stage_date,
                deadline=deadline,
                days_left=(deadline.date - today).days if deadline else None,
                last_decision=decisions.get(procedure.pk),
            )
        )
    far = datetime.date.max
    rows.sort(key=lambda r: (r.deadline.date if r.deadline else far, r.rfp_on, r.procedure.pk))
    return rows


def procedure_for_cfp(*, membership: Membership, procedure) -> tuple[Procedure, frozenset]:
    """The procedure and the reader's groups, or 404 (no hint that the file exists)."""
    pk = procedure.pk if isinstance(procedure, Procedure) else procedure
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404(NOT_FOUND) from None
    found = Procedure.objects.select_related("household__commune").filter(pk=pk).first()
    if found is None or not may_read(membership):
        raise Http404(NOT_FOUND)
    groups = gate.groups_for(membership=membership, household=found.household)
    if FieldGroup.PROCEDURE not in groups:
        raise Http404(NOT_FOUND)
    return found, groups


def _dsfs(household_id: int, groups: frozenset) -> list[dict]:
    from prevex.support.models import Dsf
    from prevex.support.selectors import dsf_content_rows

    if SUIVI not in groups:
        return []
    rows = []
    for dsf in (
        Dsf.objects.filter(household_id=household_id)
        .select_related("assigned_to")
        .order_by("-requested_on", "-id")
    ):
        content = dsf_content_rows(dsf) if FieldGroup.SOCIAL in groups else None
        rows.append({"dsf": dsf, "content": content})
    return rows


def _dalo(household_id: int, groups: frozenset) -> dict | None:
    """The DALO status: the « Recours DALO » measure of the follow-up (SUIVI), the only
    place prevex records it; « non renseigné » without one."""
    from prevex.support.models import Measure

    if SUIVI not in groups:
        return None
    measure = (
        Measure.objects.filter(household_id=household_id, type__code=DALO_CODE)
        .select_related("type")
        .order_by("-status_on", "-id")
        .first()
    )
    if measure is None:
        return {"label": NOT_RECORDED, "measure": None}
    return {"label": measure.get_status_display(), "measure": measure}


def _recommendations(household_id: int, groups: frozenset) -> list[dict]:
    """Every commission's passages on the file and what came of their recommendations."""
    if SUIVI not in groups:
        return []
    items = (
        AgendaItem.objects.filter(household_id=household_id, examined=True)
        .select_related("session__commission")
        .order_by("-session__starts_at", "-id")
    )
    recommendations: dict[int, list[Recommendation]] = {}
    for reco in (
        Recommendation.objects.filter(household_id=household_id)
        .select_related("type", "addressee")
        .order_by("item_id", "due_on", "id")
    ):
        recommendations.setdefault(reco.item_id, []).append(reco)
    return [{"item": item, "recommendations": recommendations.get(item.pk, [])} for item in items]


def cfp_decision_view(*, membership: Membership, procedure) -> dict:
    """What the préfecture weighs before deciding, only within the reader's field groups
    (404 when it may not read it; journaled)."""
    procedure, groups = procedure_for_cfp(membership=membership, procedure=procedure)
    household = procedure.household
    audit.log_view(
        membership=membership,
        what="Décision sur le concours de la force publique",
        household_id=household.pk,
    )
    today = clock.today()
    view = build_household_view(household, groups)
    procedure_view = next(
        v
        for v in procedures_for_file(membership=membership, household=household, groups=groups)
        if v.procedure.pk == procedure.pk
    )  # every procedure is opened with its first act, so it is among the file's procedures
    deadline = next((d for d in procedure_view.deadlines if d.code == DECISION_CODE), None)
    children = [
        {"person": p, "age": age_label(p.birth_date, today)}
        for p in view.members
        if p.role_label == MemberRole.ENFANT.label
    ]
    at_rfp = procedure.closed_on is None and procedure.stage == Stage.RFP
    return {
        "procedure": procedure,
        "household": view,
        "groups": groups,
        "sees_identity": FieldGroup.IDENTITY in groups,
        "sees_health": FieldGroup.HEALTH in groups,
        "sees_social": FieldGroup.SOCIAL in groups,
        "sees_follow_up": SUIVI in groups,
        "children": children,
        "health": view.vulnerabilities if FieldGroup.HEALTH in groups else None,
        "dsfs": _dsfs(household.pk, groups),
        "dalo": _dalo(household.pk, groups),
        "passages": _recommendations(household.pk, groups),
        "timeline": procedure_view.timeline,
        "deadlines": procedure_view.deadlines,
        "decision_deadline": deadline,
        "days_left": (deadline.date - today).days if deadline else None,
        "decisions": list(
            CfpDecisionRecord.objects.filter(household_id=household.pk)
            .select_related("organisation", "created_by")
            .order_by("-decided_on", "-id")
        ),
        "criteria": active_criteria(procedure.departement_id),
        "at_rfp": at_rfp,
        "can_decide": at_rfp and may_decide(membership),
        "today": today,
    }


# --------------------------------------------------------------------------- writes


_d = french_date  # « 01/01/0001 », not « 01/01/1 »


def _criteria_answers(criteria: list[CfpCriterion], answers: dict) -> dict:
    """{criterion id: {label, met, note}} for every active criterion, or a refusal."""
    given = {str(k): v for k, v in (answers or {}).items()}
    known = {str(c.pk) for c in criteria}
    if set(given) - known:
        raise BusinessError("Un critère examiné n'est pas en vigueur dans ce département.")
    result, missing = {}, []
    for criterion in criteria:
        answer = given.get(str(criterion.pk))
        if isinstance(answer, dict):
            met, note = answer.get("met"), str(answer.get("note") or "").strip()
        else:
            met, note = answer, ""
        if not isinstance(met, bool):
            missing.append(f"« {criterion.label} »")
            continue
        result[str(criterion.pk)] = {"label": criterion.label, "met": met, "note": note[:500]}
    if missing:
        raise BusinessError(
            "Répondez à chaque critère de décision (oui ou non) : " + ", ".join(missing) + "."
        )
    return result


def _check_postponement(decision, decided_on, postponed_to, deadline) -> None:
    if decision != CfpChoice.REPORTE:
        if postponed_to is not None:
            raise BusinessError("La date de réexamen ne se saisit que pour une décision reportée.")
        return
    if postponed_to is None:
        raise BusinessError("Indiquez la date de réexamen de la décision reportée.")
    if postponed_to <= decided_on:
        raise BusinessError(
            f"La date de réexamen ({_d(postponed_to)}) doit être postérieure à la date de la "
            f"décision ({_d(decided_on)})."
        )
    if deadline is None:
        return
    if decided_on > deadline.date:
        raise BusinessError(
            f"Le délai de décision a expiré le {_d(deadline.date)} : le silence du préfet vaut "
            "refus. Accordez ou refusez le concours, la décision ne peut plus être reportée."
        )
    if postponed_to > deadline.date:
        raise BusinessError(
            f"La date de réexamen ({_d(postponed_to)}) dépasse le délai de décision du "
            f"{_d(deadline.date)}, après lequel le silence vaut refus : choisissez une date "
            "au plus tard ce jour-là, ou décidez maintenant."
        )


def decision_entry(*, record: CfpDecisionRecord, by: Membership | None) -> WriteEntry:
    """History: the decision and its dates, never the reasoning nor the criteria notes
    (PROCEDURE readers, the landlord among them, read this entry)."""
    changes = [
        change(CfpDecisionRecord, "decision", "", record.get_decision_display()),
        change(CfpDecisionRecord, "decided_on", "", _d(record.decided_on)),
    ]
    if record.postponed_to:
        changes.append(change(CfpDecisionRecord, "postponed_to", "", _d(record.postponed_to)))
    return WriteEntry(
        household_id=record.household_id,
        object_type="DECISION_CFP",
        object_id=record.pk,
        field_group=FieldGroup.PROCEDURE,
        summary=(
            f"Concours de la force publique : {record.get_decision_display().lower()} "
            f"(décision du {_d(record.decided_on)})"
        ),
        changes=changes,
        by=by,
    )


@transaction.atomic
def cfp_decide(
    *,
    procedure: Procedure,
    decision: str,
    criteria: dict,
    reasoning: str,
    by: Membership | None,
    decided_on: datetime.date | None = None,
    postponed_to: datetime.date | None = None,
) -> CfpDecisionRecord:
    """Record the préfecture's decision on the réquisition of ``procedure``.

    ``criteria``: {criterion id: {"met": bool, "note": str}} (or {id: bool}) for every
    active criterion of the département. ``ACCORDE``/``REFUSE`` record the procedure's
    CFP act on ``decided_on`` (so its decision deadline is gone); ``REPORTE`` records only
    the decision, with ``postponed_to`` after it and no later than the deadline."""
    if not may_decide(by):
        raise BusinessError(
            "Seule la préfecture (ou la sous-préfecture) décide du concours de la force publique."
        )
    locked = Procedure.objects.select_for_update().filter(pk=procedure.pk).first()
    if locked is None or locked.departement_id != by.organisation.departement_id:
        raise BusinessError("Votre organisation n'a pas accès à la procédure de ce dossier.")
    household = Household.objects.get(pk=locked.household_id)
    gate.require_group(
        by,
        household=household,
        group=FieldGroup.PROCEDURE,
        message="Votre organisation n'a pas accès à la procédure de ce dossier.",
    )
    if decision not in CfpChoice.values:
        raise BusinessError("Décision inconnue : concours accordé, refusé ou décision reportée.")
    events = effective_events(list(Event.objects.filter(procedure_id=locked.pk)))
    if locked.closed_on is not None or locked.stage != Stage.RFP:
        raise BusinessError(
            "Ce dossier n'attend pas de décision sur le concours de la force publique : "
            f"dernier acte {locked.get_stage_display().lower()} du {_d(locked.stage_date)}."
        )
    rfp = [e for e in events if e.stage == Stage.RFP][-1]
    today = clock.today()
    decided_on = decided_on or today
    if decided_on > today:
        raise BusinessError(
            f"La date de la décision ({_d(decided_on)}) est dans le futur : enregistrez la "
            "décision le jour où elle est prise."
        )
    if decided_on < rfp.date:
        raise BusinessError(
            f"La date de la décision ({_d(decided_on)}) est antérieure à la réquisition de la "
            f"force publique du {_d(rfp.date)}."
        )
    reasoning = (reasoning or "").strip()
    if not reasoning:
        raise BusinessError("La motivation de la décision est obligatoire.")
    criteria_list = active_criteria(locked.departement_id)
    if not criteria_list:
        raise BusinessError(
            "Aucun critère de décision n'est en vigueur dans ce département : un administrateur "
            "doit les définir (« Critères de décision (concours de la force publique) »)."
        )
    answers = _criteria_answers(criteria_list, criteria)
    deadline = decision_deadline(locked, events, today=today, context=context_for(household, today))
    _check_postponement(decision, decided_on, postponed_to, deadline)
    event = None
    if decision != CfpChoice.REPORTE:
        event = event_record(
            procedure=locked,
            stage=Stage.CFP,
            date=decided_on,
            by=by,
            cfp_decision=CfpDecision(decision).value,
        )
    record = CfpDecisionRecord.objects.create(
        household_id=household.pk,
        departement_id=locked.departement_id,
        procedure=locked,
        event=event,
        decision=decision,
        decided_on=decided_on,
        postponed_to=postponed_to,
        criteria=answers,
        reasoning=reasoning,
        organisation=by.organisation,
        created_by_id=by.user_id,
    )
    audit.log_write(decision_entry(record=record, by=by))
    return record


__all__ = [
    "CfpFile",
    "active_criteria",
    "cfp_criteria_seed_defaults",
    "cfp_decide",
    "cfp_decision_view",
    "cfp_files",
    "comex_for",
    "comex_saisines_refresh",
    "decision_deadline",
    "may_decide",
    "may_read",
    "procedure_for_cfp",
]
