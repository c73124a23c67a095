"""Who may correct matches (pure functions, no queries)."""

from prevex.accounts.models import Membership
from prevex.households.perms import sees_whole_departement


def may_correct_matches(membership: Membership, *, departement: str) -> bool:
    """Merging, splitting and undoing matches: the CCAPEX secretariat of the département."""
    return (
        sees_whole_departement(membership) and membership.organisation.departement_id == departement
    )
