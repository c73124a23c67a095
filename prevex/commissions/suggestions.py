"""What the secretariat may put on a session's agenda: the files proposed to the
commission (saisines due by the session's date) and the files found by its rules.

The rules are data: ``RULES`` (code → label and query) and ``ENABLED`` (the rules each
commission kind runs; docs/decisions/2026-12-01-commission-agenda.md). Rule suggestions
stay within the commission's territory (communes; empty = the whole département) and
stages (empty = all). Thresholds are dated rules (``PLAN_ALERTE_ECHEANCES``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from prevex.core import clock
from prevex.households.models import Vulnerability
from prevex.procedures.models import Procedure, Stage
from prevex.procedures.rules import RuleBook
from prevex.support.models import RepaymentPlan

from .choices import CommissionKind, SaisineReason, SaisineStatus
from .models import AgendaItem, Commission, Saisine, Session
from .windows import session_day

RULE_SUGGESTIONS_MAX = 200


@dataclass(frozen=True)
class Suggestion:
    household_id: int
    reason: str  # the French label shown (« Saisine par un partenaire », a rule's label)
    saisine_id: int | None = None
    rule: str = ""  # the rule's code ("" for a saisine)
    since: datetime.date | None = None  # proposed for / the fact the rule found


@dataclass(frozen=True)
class SuggestionRule:
    code: str
    label: str
    find: Callable[[Commission, datetime.date], list[tuple[int, datetime.date | None]]]


def _in_scope(procedures: QuerySet, commission: Commission) -> QuerySet:
    procedures = procedures.filter(departement_id=commission.departement_id, closed_on__isnull=True)
    communes = [c.insee for c in commission.communes.all()]
    if communes:
        procedures = procedures.filter(household__commune_id__in=communes)
    if commission.stages:
        procedures = procedures.filter(stage__in=commission.stages)
    return procedures


def _cql_vulnerability(commission: Commission, on: datetime.date):
    """A CQL (commandement de quitter les lieux) and a vulnerability recorded."""
    vulnerable = Vulnerability.objects.filter(household_id=OuterRef("household_id"))
    rows = (
        _in_scope(Procedure.objects.filter(stage=Stage.CQL), commission)
        .filter(Exists(vulnerable))
        .order_by("stage_date", "id")
        .values_list("household_id", "stage_date")
    )
    return list(rows[:RULE_SUGGESTIONS_MAX])


def _review_due(commission: Commission, on: datetime.date):
    """Six-month reviews (saisines REVUE) due by the session's date: listed with the
    proposed saisines (``agenda_suggestions``); nothing more to find."""
    return []


def _plan_late(commission: Commission, on: datetime.date):
    """A repayment plan with ``PLAN_ALERTE_ECHEANCES`` instalments late or more (the
    nightly compliance job's count)."""
    threshold = RuleBook.for_departement(commission.departement_id).get(
        "PLAN_ALERTE_ECHEANCES", on=on
    )
    plans = RepaymentPlan.objects.filter(
        departement_id=commission.departement_id,
        ended_on__isnull=True,
        late_instalments__gte=max(threshold.value, 1),
    )
    communes = [c.insee for c in commission.communes.all()]
    if communes:
        plans = plans.filter(household__commune_id__in=communes)
    if commission.stages:
        in_stage = _in_scope(Procedure.objects.all(), commission).filter(
            household_id=OuterRef("household_id")
        )
        plans = plans.filter(Exists(in_stage))
    rows = plans.order_by("-late_instalments", "starts_on", "id").values_list(
        "household_id", "compliance_on"
    )
    return list(rows[:RULE_SUGGESTIONS_MAX])


RULES: dict[str, SuggestionRule] = {
    rule.code: rule
    for rule in (
        SuggestionRule(
            "CQL_VULNERABILITE",
            "Commandement de quitter les lieux et vulnérabilité enregistrée",
            _cql_vulnerability,
        ),
        SuggestionRule("REVUE", "Revue à six mois due", _review_due),
        SuggestionRule("PLAN_EN_RETARD", "Plan d'apurement : échéances impayées", _plan_late),
    )
}
ALL = frozenset(RULES)
ENABLED: dict[str, frozenset[str]] = {
    CommissionKind.CCAPEX_PLENIERE: ALL,
    CommissionKind.CCAPEX_RESTREINTE: ALL,
    CommissionKind.CCAPEX_TERRITORIALE: ALL,
    CommissionKind.CLIL: frozenset({"REVUE", "PLAN_EN_RETARD"}),
    CommissionKind.COMEX: frozenset({"REVUE", "CQL_VULNERABILITE"}),
}


def rules_for(commission: Commission) -> list[SuggestionRule]:
    enabled = ENABLED.get(commission.kind, ALL)
    return [rule for code, rule in RULES.items() if code in enabled]


def agenda_suggestions(*, session: Session, today: datetime.date | None = None) -> list:
    """Files the secretariat may put on ``session``'s agenda, one line per file: first
    the saisines proposed to the commission by the session's date (oldest first; reviews
    only when the REVUE rule is on), then the files the commission's rules find. Files
    already on an agenda of the commission are left out."""
    commission = session.commission
    on = max(session_day(session), today or clock.today())
    enabled = {rule.code for rule in rules_for(commission)}
    taken = set(
        AgendaItem.objects.filter(session_id=session.pk).values_list("household_id", flat=True)
    ) | set(
        Saisine.objects.filter(
            commission_id=commission.pk, status=SaisineStatus.INSCRITE
        ).values_list("household_id", flat=True)
    )
    found: dict[int, Suggestion] = {}
    proposed = Saisine.objects.filter(
        commission_id=commission.pk,
        status=SaisineStatus.PROPOSEE,
        proposed_for__lte=session_day(session),
    ).order_by("proposed_for", "id")
    if "REVUE" not in enabled:
        proposed = proposed.exclude(reason=SaisineReason.REVUE)
    for saisine in proposed:
        if saisine.household_id in taken or saisine.household_id in found:
            continue
        found[saisine.household_id] = Suggestion(
            household_id=saisine.household_id,
            reason=saisine.get_reason_display(),
            saisine_id=saisine.pk,
            since=saisine.proposed_for,
        )
    for rule in rules_for(commission):
        for household_id, since in rule.find(commission, on):
            if household_id in taken or household_id in found:
                continue
            found[household_id] = Suggestion(
                household_id=household_id, reason=rule.label, rule=rule.code, since=since
            )
    return list(found.values())
