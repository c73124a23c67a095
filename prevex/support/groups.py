"""The follow-up's field group, declared in the access gate (``prevex.access.groups``).

- ``SUIVI`` (« Suivi et accompagnement »): contacts and their outcomes, the life of the
  DSF (requested, appointment, done, sent; never its content), the support measures. Read
  and written by every involved organisation **except landlords and the commissaire de
  justice who acts for them**, and by the CCAPEX secretariat (which reads every group);
- the DSF's content (resources, charges, debt, causes, rights, wishes, proposals, the
  social worker's opinion) is the existing ``SOCIAL`` group (social workers only);
- health details stay in ``HEALTH`` (the DSF only ticks « santé » among the causes);
- ``CONTACT_NOTES`` (« Précisions des contacts »): the free-text « précision » of each
  contact, the social worker's own words. Read by the SUIVI readers **but the
  authorities that decide on the household** (préfecture for the concours de la force
  publique, tribunal, Banque de France), which decide on the enquête and the
  diagnostic (the DSF's life, the measures, the commissions' opinions), not on the
  notes of each call or visit. Writing a contact stays SUIVI.

See docs/decisions/2026-12-01-follow-up-access.md,
docs/decisions/2026-12-06-bailiff-reads-no-follow-up.md and
docs/decisions/2026-12-06-prefecture-reads-no-contact-notes.md.
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

CONTACT_NOTES = "CONTACT_NOTES"
# Who reads the follow-up but not the social workers' notes of each contact: the
# authorities that decide on the household — the préfecture (concours de la force
# publique), the court (the judgment, its délais), the Banque de France (the
# over-indebtedness file). They decide on the diagnostic, not on the notes.
DECIDING_AUTHORITIES = frozenset(
    {
        OrganisationType.PREFECTURE,
        OrganisationType.TRIBUNAL,
        OrganisationType.BANQUE_DE_FRANCE,
    }
)


def _reads_contact_notes(membership: Membership) -> bool:
    return _reads_follow_up(membership) and membership.organisation.type not in DECIDING_AUTHORITIES


declare_group(CONTACT_NOTES, "Précisions des contacts", _reads_contact_notes)
