"""Who may manage API tokens: pure functions."""

from prevex.accounts.models import Membership, Role

TOKEN_MANAGER_ROLES = frozenset({Role.ADMIN, Role.RESPONSABLE})


def can_manage_tokens(membership: Membership | None) -> bool:
    """Administrators and managers of an organisation manage its API tokens."""
    return bool(
        membership is not None
        and membership.is_active
        and membership.organisation.is_active
        and membership.role in TOKEN_MANAGER_ROLES
    )
