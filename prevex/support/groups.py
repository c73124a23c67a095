"""The follow-up's field group, declared in the access gate (``prevex.access.groups``).

- ``SUIVI`` (« Suivi et accompagnement »): contacts and their outcomes, the life of the
  DSF (requested, appointment, done, sent; never its content), the support measures. Read
  and written by every involved organisation **except landlords and the commissaire de
  justice who acts for them**, and by the CCAPEX secretariat (which reads every group);
- the DSF's content (resources, charges, debt, causes, rights, wishes, proposals, the
  social worker's opinion) is the existing ``SOCIAL`` group (social workers only);
- health details stay in ``HEALTH`` (the DSF only ticks « santé » among the causes).

See docs/decisions/2026-12-01-follow-up-access.md and
docs/decisions/2026-12-06-bailiff-reads-no-follow-up.md.
"""

from prevex.access.groups import declare_group
from prevex.accounts.models import LANDLORD_TYPES, Membership, OrganisationType

SUIVI = "SUIVI"
# The landlord and its agent: the commissaire de justice is mandated by the creditor and
# reports to it; what the landlord may not read, its bailiff does not read either.
CREDITOR_SIDE = frozenset({*LANDLORD_TYPES, OrganisationType.COMMISSAIRE_JUSTICE})


def _reads_follow_up(membership: Membership) -> bool:
    return membership.organisation.type not in CREDITOR_SIDE


declare_group(SUIVI, "Suivi et accompagnement", _reads_follow_up)
