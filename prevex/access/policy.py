"""Policies stored as data: when a sender is involved without waiting, who may record
which act and who may close a procedure with which outcome (``CLOTURE_<OUTCOME>`` act
types in the same matrix). Each lookup is one query; callers that decide for many rows load
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

from .defaults import ACT_TYPES, CLOSURE_TYPES, OUTCOMES, SURENDETTEMENT, closure_act
from .gate import active_involvements
from .groups import organisation_is_secretariat
from .models import (
    AccessCondition,
    AccessRule,
    ActPermission,
    Involvement,
    InvolvementReason,
    InvolvementRequest,
)

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


def allowed_outcomes(organisation: Organisation) -> tuple[str, ...]:
    """The outcomes this organisation may close a procedure with (the matrix's
    ``CLOTURE_<OUTCOME>`` rows), in ``Outcome`` order."""
    acts = allowed_acts(organisation)
    return tuple(outcome for outcome in OUTCOMES if closure_act(outcome) in acts)


def closure_refusal(organisation: Organisation, outcome_label: str) -> str:
    """The French refusal for an outcome this organisation may not close with."""
    return (
        f"Votre organisation ({organisation.get_type_display()}) ne peut pas clôturer une "
        f"procédure avec l'issue « {outcome_label} » : seul l'intervenant qui la constate la "
        "prononce (par exemple un hébergement : le SIAO ou le secrétariat de la CCAPEX). "
        "Signalez-la au secrétariat de la CCAPEX, qui clôturera la procédure."
    )


LANDLORD_NOT_OF_RECORD = (
    "Votre organisation n'est pas le bailleur enregistré dans ce dossier : un bailleur "
    "n'enregistre des actes et ne clôture une procédure que pour ses propres locataires. "
    "Adressez-vous au secrétariat de la CCAPEX."
)


# The same refusal on the bulk path (``ActResult.refused``), for the caller, never for the
# sender: the import and the API hold the row for the secretariat (« Bailleur à
# confirmer ») and answer ``REVUE`` as for any row in review, so that the answer never
# tells the sender that a household it may not read exists
# (docs/decisions/2026-12-06-landlord-of-record-in-bulk.md).
LANDLORD_NOT_OF_RECORD_ROW = (
    "L'organisation n'est pas enregistrée comme bailleur de ce ménage : un bailleur ne "
    "transmet des actes que pour ses propres locataires."
)


def landlord_of_record_ids(organisation: Organisation, household_ids: Iterable[int]) -> set[int]:
    """The files among ``household_ids`` of which the organisation is the landlord of
    record today: named as the file's landlord (``Household.landlord``), or involved with
    reason ``BAILLEUR`` (given to the landlord recorded in the file, access rule
    ``BAILLEUR_EN_TITRE``). Two queries, for one act or a whole import."""
    ids = sorted(set(household_ids))
    if not ids:
        return set()
    households = Involvement._meta.get_field("household").related_model.objects  # above access
    named = households.filter(pk__in=ids, landlord_id=organisation.pk).values_list("pk", flat=True)
    involved = (
        active_involvements(organisation_id=organisation.pk)
        .filter(household_id__in=ids, reason=InvolvementReason.BAILLEUR)
        .values_list("household_id", flat=True)
    )
    return set(named) | set(involved)


def is_landlord_of_record(organisation: Organisation, household_id: int) -> bool:
    """The organisation is the file's landlord of record (``landlord_of_record_ids``)."""
    return household_id in landlord_of_record_ids(organisation, [household_id])


def acts_on_file(organisation: Organisation, household_id: int) -> bool:
    """May this organisation record acts and close procedures on this file at all? Every
    organisation the gate lets in, but a landlord only as the file's landlord of record."""
    return not organisation.is_landlord or is_landlord_of_record(organisation, household_id)


def files_refused_to_landlord(organisation: Organisation | None, household_ids) -> set[int]:
    """The files among ``household_ids`` on which this organisation may record no act
    because it is a landlord and not their landlord of record (the rule of
    ``check_landlord_of_record``, for the bulk path: imports, API). ``None``: the system."""
    if organisation is None or not organisation.is_landlord:
        return set()
    ids = set(household_ids)
    return ids - landlord_of_record_ids(organisation, ids)


def closure_outcomes(organisation: Organisation, household_id: int) -> tuple[str, ...]:
    """The outcomes the closure form offers this organisation on this file (empty: no
    « Clôturer la procédure »)."""
    if not acts_on_file(organisation, household_id):
        return ()
    return allowed_outcomes(organisation)


def _organisation(actor: Membership | Organisation) -> Organisation:
    return actor.organisation if isinstance(actor, Membership) else actor


class ActNotAllowed(BusinessError):
    """An organisation tried to record an act type the matrix does not give it."""

    def __init__(self, message):
        super().__init__(message, code="forbidden")


def check_act(*, actor: Membership | Organisation | None, act_type: str, act_label: str) -> None:
    """Raise ``ActNotAllowed`` unless the actor's organisation may record this act type
    (``None``: the system itself, e.g. a migration or a bulk loader)."""
    if actor is None:
        return
    organisation = _organisation(actor)
    if not may_record_act(organisation, act_type):
        raise ActNotAllowed(act_refusal(organisation, act_label))


def check_closure(
    *, actor: Membership | Organisation | None, outcome: str, outcome_label: str
) -> None:
    """Raise ``ActNotAllowed`` unless the actor's organisation may close a procedure with
    this outcome (``CLOTURE_<OUTCOME>`` in the matrix; ``None``: the system itself)."""
    if actor is None:
        return
    organisation = _organisation(actor)
    if not may_record_act(organisation, closure_act(outcome)):
        raise ActNotAllowed(closure_refusal(organisation, outcome_label))


def check_landlord_of_record(*, actor: Membership | Organisation | None, household_id: int) -> None:
    """Raise ``ActNotAllowed`` when a landlord-type organisation records an act or closes
    a procedure on a file of which it is not the landlord of record (it reads it for
    another reason: a commission's recommendation addressed to it…). The one place that
    decides it; ``None``: the system itself."""
    if actor is None:
        return
    if not acts_on_file(_organisation(actor), household_id):
        raise ActNotAllowed(LANDLORD_NOT_OF_RECORD)


__all__ = [
    "ACT_TYPES",
    "CLOSURE_TYPES",
    "LANDLORD_NOT_OF_RECORD",
    "LANDLORD_NOT_OF_RECORD_ROW",
    "OUTCOMES",
    "GRANT",
    "INVOLVED",
    "PENDING",
    "SURENDETTEMENT",
    "AccessRules",
    "ActMatrix",
    "ActNotAllowed",
    "acts_on_file",
    "closure_outcomes",
    "SenderAccess",
    "access_rules",
    "act_matrix",
    "act_refusal",
    "allowed_acts",
    "allowed_outcomes",
    "check_act",
    "check_closure",
    "check_landlord_of_record",
    "closure_act",
    "closure_refusal",
    "files_refused_to_landlord",
    "landlord_of_record_ids",
    "is_landlord_of_record",
    "may_record_act",
    "requested_household_ids",
    "sender_access",
]
