"""Policies stored as data: when a sender is involved without waiting, and who may
record which act. Each lookup is one query; callers that decide for many rows load
the rules once (``access_rules``, ``act_matrix``) and ask the pure functions.

Involvement is granted, never taken: an act about an existing file from an
organisation that is not involved is recorded, but the file stays closed to the
sender until the secretariat confirms (``InvolvementRequest``), unless an
``AccessRule`` grants it (landlord of record, bailiff of the open procedure…).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from prevex.accounts.models import Membership, Organisation
from prevex.core.errors import BusinessError

from .defaults import ACT_TYPES, SURENDETTEMENT
from .groups import organisation_is_secretariat
from .models import AccessCondition, AccessRule, ActPermission, InvolvementRequest

INVOLVED, GRANT, PENDING = "INVOLVED", "GRANT", "PENDING"


@dataclass(frozen=True)
class SenderAccess:
    """What a sender gets on a file its act matched: ``INVOLVED`` (already),
    ``GRANT`` (a rule involves it now, with ``reason``) or ``PENDING`` (nothing to read
    until the secretariat confirms)."""

    verdict: str
    reason: str = ""
    rule: str = ""

    @property
    def sees(self) -> bool:
        return self.verdict in (INVOLVED, GRANT)


@dataclass(frozen=True)
class AccessRules:
    """The access rules in force in one département: (condition, org type) → rule."""

    departement_id: str
    rules: dict[tuple[str, str], AccessRule]

    def rule(self, condition: str, org_type: str) -> AccessRule | None:
        rule = self.rules.get((condition, org_type))
        return rule if rule is not None and rule.grants else None


def access_rules(departement_id: str) -> AccessRules:
    rows = AccessRule.objects.filter(
        Q(departement__isnull=True) | Q(departement_id=departement_id)
    ).order_by("departement_id", "id")  # national first: the département's row wins
    rules: dict[tuple[str, str], AccessRule] = {}
    for row in sorted(rows, key=lambda r: r.departement_id is not None):
        rules[(row.condition, row.organisation_type)] = row
    return AccessRules(departement_id=departement_id, rules=rules)


def sender_access(
    *,
    organisation: Organisation,
    landlord_id: int | None,
    served_open_procedure: bool,
    involved: bool,
    requested: bool,
    rules: AccessRules,
) -> SenderAccess:
    """The policy for a sender whose act matched an existing file (pure function).

    ``served_open_procedure``: the sender is the source of an act of the household's
    open procedure; ``requested``: it already has a request for this file (pending or
    refused: sending more acts never opens the file).
    """
    if organisation_is_secretariat(organisation) or involved:
        return SenderAccess(INVOLVED)
    if requested:
        return SenderAccess(PENDING)
    facts = (
        (
            AccessCondition.LANDLORD_OF_RECORD,
            landlord_id is not None and landlord_id == organisation.pk,
        ),
        (AccessCondition.SENDER_OF_OPEN_PROCEDURE, served_open_procedure),
    )
    for condition, holds in facts:
        rule = rules.rule(condition, organisation.type) if holds else None
        if rule is not None:
            return SenderAccess(GRANT, reason=rule.reason, rule=condition)
    return SenderAccess(PENDING)


def requested_household_ids(*, organisation_id: int, household_ids: Iterable[int]) -> set[int]:
    """Files for which the organisation has a pending or refused request (one query)."""
    ids = sorted(set(household_ids))
    if not ids:
        return set()
    return set(
        InvolvementRequest.objects.filter(organisation_id=organisation_id, household_id__in=ids)
        .exclude(status="ACCORDEE")
        .order_by("household_id")
        .values_list("household_id", flat=True)
    )


# --------------------------------------------------------------------------- act matrix


@dataclass(frozen=True)
class ActMatrix:
    """The act matrix in force in one département: org type → allowed act types."""

    departement_id: str
    allowed: dict[str, frozenset[str]]

    def acts_for(self, org_type: str) -> frozenset[str]:
        return self.allowed.get(org_type, frozenset())

    def may_record(self, org_type: str, act_type: str) -> bool:
        return act_type in self.acts_for(org_type)


def act_matrix(departement_id: str) -> ActMatrix:
    rows = ActPermission.objects.filter(
        Q(departement__isnull=True) | Q(departement_id=departement_id)
    ).order_by("departement_id", "id")
    cells: dict[tuple[str, str], bool] = {}
    for row in sorted(rows, key=lambda r: r.departement_id is not None):
        cells[(row.organisation_type, row.act_type)] = row.allowed
    allowed: dict[str, set[str]] = {}
    for (org_type, act), ok in cells.items():
        if ok:
            allowed.setdefault(org_type, set()).add(act)
    return ActMatrix(
        departement_id=departement_id, allowed={k: frozenset(v) for k, v in allowed.items()}
    )


def allowed_acts(organisation: Organisation) -> frozenset[str]:
    return act_matrix(organisation.departement_id).acts_for(organisation.type)


def may_record_act(organisation: Organisation, act_type: str) -> bool:
    return act_type in allowed_acts(organisation)


def act_refusal(organisation: Organisation, act_label: str) -> str:
    """The French refusal for an act type this organisation may not record."""
    return (
        f"Votre organisation ({organisation.get_type_display()}) ne peut pas transmettre "
        f"l'acte « {act_label} » : seuls les intervenants qui le délivrent ou le reçoivent "
        "l'enregistrent (par exemple un jugement : le tribunal ou le secrétariat de la "
        "CCAPEX). Adressez-vous au secrétariat de la CCAPEX si vous pensez que c'est une erreur."
    )


class ActNotAllowed(BusinessError):
    """An organisation tried to record an act type the matrix does not give it."""

    def __init__(self, message):
        super().__init__(message, code="forbidden")


def check_act(*, actor: Membership | Organisation | None, act_type: str, act_label: str) -> None:
    """Raise ``ActNotAllowed`` unless the actor's organisation may record this act type
    (``None``: the system itself, e.g. a migration or a bulk loader)."""
    if actor is None:
        return
    organisation = actor.organisation if isinstance(actor, Membership) else actor
    if not may_record_act(organisation, act_type):
        raise ActNotAllowed(act_refusal(organisation, act_label))


__all__ = [
    "ACT_TYPES",
    "GRANT",
    "INVOLVED",
    "PENDING",
    "SURENDETTEMENT",
    "AccessRules",
    "ActMatrix",
    "ActNotAllowed",
    "SenderAccess",
    "access_rules",
    "act_matrix",
    "act_refusal",
    "allowed_acts",
    "check_act",
    "may_record_act",
    "requested_household_ids",
    "sender_access",
]
