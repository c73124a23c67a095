"""Who may do what on a household file (pure functions, no queries).

Field groups, « is the CCAPEX secretariat » and the involvement queries live in the
access gate (prevex/access/); this module keeps the household-specific abilities and
re-exports the gate's names for older imports.
"""

from prevex.access.groups import (  # noqa: F401 (re-exported)
    SOCIAL_WORK_ORG_TYPES,
    SOCIAL_WORK_ROLES,
    FieldGroup,
    field_groups,
    is_secretariat,
    is_social_worker,
)
from prevex.accounts.models import Membership, OrganisationType

sees_whole_departement = is_secretariat  # older name


def can_edit_household(groups: frozenset) -> bool:
    return FieldGroup.IDENTITY in groups


def can_record_event(membership: Membership, groups: frozenset) -> bool:
    """Partners who see the procedure may record acts (which ones: the act matrix)."""
    return FieldGroup.PROCEDURE in groups


CANNOT_CREATE_HOUSEHOLD = frozenset({OrganisationType.TRIBUNAL, OrganisationType.BANQUE_DE_FRANCE})


def can_create_household_type(organisation_type: str) -> bool:
    """The court and the Banque de France open no file: they record acts on files."""
    return organisation_type not in CANNOT_CREATE_HOUSEHOLD


def can_create_household(membership: Membership) -> bool:
    return can_create_household_type(membership.organisation.type)
