"""Who may correct matches (pure functions, no queries)."""

from prevex.access.gate import is_secretariat_of
from prevex.accounts.models import Membership


def may_correct_matches(membership: Membership, *, departement: str) -> bool:
    """Merging, splitting and undoing matches: the CCAPEX secretariat of the département."""
    return is_secretariat_of(membership, departement)
