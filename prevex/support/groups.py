"""The follow-up's field group, declared in the access gate (``prevex.access.groups``).

- ``SUIVI`` (« Suivi et accompagnement »): contacts and their outcomes, the life of the
  DSF (requested, appointment, done, sent; never its content), the support measures. Read
  and written by every involved organisation **except landlords**, and by the CCAPEX
  secretariat (which reads every group);
- the DSF's content (resources, charges, debt, causes, rights, wishes, proposals, the
  social worker's opinion) is the existing ``SOCIAL`` group (social workers only);
- health details stay in ``HEALTH`` (the DSF only ticks « santé » among the causes).

See docs/decisions/2026-12-01-follow-up-access.md.
"""

from prevex.access.groups import declare_group
from prevex.accounts.models import LANDLORD_TYPES, Membership

SUIVI = "SUIVI"


def _reads_follow_up(membership: Membership) -> bool:
    return membership.organisation.type not in LANDLORD_TYPES


declare_group(SUIVI, "Suivi et accompagnement", _reads_follow_up)
