"""Who may see what of a household file (pure functions, no queries).

Field groups, from the least to the most sensitive:
- LEASE: names of the lease holders and the dwelling address (what a landlord already holds);
- IDENTITY: other members, birth dates, composition, contact channels;
- PROCEDURE: procedures, events, debt and deadlines;
- SOCIAL: resources and social evaluation;
- HEALTH: vulnerabilities (special-category data, RGPD art. 9).

Access to a file itself is decided by the selectors (département + involvement);
these functions only say which groups an organisation/role gets once it has access.
"""

import enum

from prevex.accounts.models import LANDLORD_TYPES, Membership, OrganisationType, Role


class FieldGroup(enum.StrEnum):
    LEASE = "LEASE"
    IDENTITY = "IDENTITY"
    PROCEDURE = "PROCEDURE"
    SOCIAL = "SOCIAL"
    HEALTH = "HEALTH"


ALL_GROUPS = frozenset(FieldGroup)

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


def sees_whole_departement(membership: Membership) -> bool:
    """The CCAPEX secretariat sees every file of its département."""
    return membership.organisation.type == OrganisationType.ETAT_CCAPEX


def is_social_worker(membership: Membership) -> bool:
    return (
        membership.role in SOCIAL_WORK_ROLES
        and membership.organisation.type in SOCIAL_WORK_ORG_TYPES
    )


def field_groups(membership: Membership, *, involved: bool) -> frozenset[FieldGroup]:
    """Field groups visible to this membership for a file of its own département.

    ``involved`` says whether the organisation has an active involvement in the file.
    """
    org_type = membership.organisation.type
    if sees_whole_departement(membership):
        return ALL_GROUPS
    if not involved:
        return frozenset()
    if org_type in LANDLORD_TYPES:
        return frozenset({FieldGroup.LEASE, FieldGroup.PROCEDURE})
    groups = {FieldGroup.LEASE, FieldGroup.IDENTITY, FieldGroup.PROCEDURE}
    if is_social_worker(membership):
        groups |= {FieldGroup.SOCIAL, FieldGroup.HEALTH}
    return frozenset(groups)


def can_edit_household(groups: frozenset[FieldGroup]) -> bool:
    return FieldGroup.IDENTITY in groups


def can_record_event(membership: Membership, groups: frozenset[FieldGroup]) -> bool:
    """Partners who see the procedure may record an act; landlords too (their own tenants)."""
    return FieldGroup.PROCEDURE in groups


def can_create_household(membership: Membership) -> bool:
    return membership.organisation.type not in {
        OrganisationType.TRIBUNAL,
        OrganisationType.BANQUE_DE_FRANCE,
    }
