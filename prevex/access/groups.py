"""Field groups: which parts of a household file an organisation/role reads.

From the least to the most sensitive:
- LEASE: names of the lease holders and the dwelling address (what a landlord holds);
- IDENTITY: other members, birth dates, composition, contact channels;
- PROCEDURE: procedures, acts, debt and deadlines;
- SOCIAL: resources and social evaluation;
- HEALTH: vulnerabilities (special-category data, RGPD art. 9).

The groups are a registry: an app that brings a new kind of data declares its group
here (``declare_group``) with who reads it; each panel of the file page declares the
group it shows in the one panel registry (``prevex.core.panels.Panel.group``). The secretariat of the CCAPEX reads every
group of its département; nobody else reads anything of a file without an active
involvement (gate.py decides that). Pure functions, no queries.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from prevex.accounts.models import LANDLORD_TYPES, Membership, OrganisationType, Role


class FieldGroup(enum.StrEnum):
    LEASE = "LEASE"
    IDENTITY = "IDENTITY"
    PROCEDURE = "PROCEDURE"
    SOCIAL = "SOCIAL"
    HEALTH = "HEALTH"


# Organisation types whose social workers do social work with the households.
SOCIAL_WORK_ORG_TYPES = frozenset(
    {
        OrganisationType.CD_SOCIAL,
        OrganisationType.CCAS,
        OrganisationType.EMPEX,
        OrganisationType.ASSOCIATION,
        OrganisationType.CAF,
        OrganisationType.SIAO,
    }
)
SOCIAL_WORK_ROLES = frozenset({Role.TRAVAILLEUR_SOCIAL})


def organisation_is_secretariat(organisation) -> bool:
    """The CCAPEX secretariat: reads every file of its own département (the one place
    where this is decided)."""
    return organisation.type == OrganisationType.ETAT_CCAPEX


def is_secretariat(membership: Membership) -> bool:
    return organisation_is_secretariat(membership.organisation)


def is_social_worker(membership: Membership) -> bool:
    return (
        membership.role in SOCIAL_WORK_ROLES
        and membership.organisation.type in SOCIAL_WORK_ORG_TYPES
    )


def _landlord(membership: Membership) -> bool:
    return membership.organisation.type in LANDLORD_TYPES


@dataclass(frozen=True)
class GroupSpec:
    """A field group and who reads it among the involved organisations."""

    code: str
    label: str
    readers: Callable[[Membership], bool]


_GROUPS: dict[str, GroupSpec] = {}


def declare_group(code: str, label: str, readers: Callable[[Membership], bool]) -> GroupSpec:
    """Declare a field group (idempotent for the same code)."""
    spec = GroupSpec(code=str(code), label=label, readers=readers)
    _GROUPS[spec.code] = spec
    return spec


def declared_groups() -> list[GroupSpec]:
    return list(_GROUPS.values())


def all_groups() -> frozenset[str]:
    return frozenset(_GROUPS)


declare_group(FieldGroup.LEASE, "Bail et logement", lambda m: True)
declare_group(FieldGroup.IDENTITY, "Identité et contact", lambda m: not _landlord(m))
declare_group(FieldGroup.PROCEDURE, "Procédure et dette", lambda m: True)
declare_group(FieldGroup.SOCIAL, "Évaluation sociale", is_social_worker)
declare_group(FieldGroup.HEALTH, "Santé et vulnérabilité", is_social_worker)


def field_groups(membership: Membership, *, involved: bool) -> frozenset[str]:
    """Field groups visible to this membership for a file of its own département.

    ``involved`` says whether the organisation has an active involvement in the file.
    """
    if is_secretariat(membership):
        return all_groups()
    if not involved:
        return frozenset()
    return frozenset(spec.code for spec in _GROUPS.values() if spec.readers(membership))
