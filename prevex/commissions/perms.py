"""Who may do what with a commission, as pure functions (no queries beyond the
commission's own members, which callers prefetch).

- the **secretariat** of a commission (its ``secretariat`` organisation) and the CCAPEX
  secretariat of the département manage it: sessions, agenda, deliberation, follow-up;
- a **member** organisation sees the commission's sessions and, for the session's window
  only, the files on their agenda (an involvement with reason COMMISSION, granted when the
  invitation is sent: see agenda.py);
- any organisation that may see a file may propose it (« saisine ») to a commission of
  its département; the saisine itself opens nothing.
"""

from __future__ import annotations

from prevex.access.gate import is_secretariat_of
from prevex.accounts.models import Membership


def manages(membership: Membership, commission) -> bool:
    if membership.organisation.departement_id != commission.departement_id:
        return False
    return membership.organisation_id == commission.secretariat_id or is_secretariat_of(
        membership, commission.departement_id
    )


def member_ids(commission) -> set[int]:
    return {org.pk for org in commission.members.all()}


def is_member(membership: Membership, commission) -> bool:
    return membership.organisation.departement_id == commission.departement_id and (
        membership.organisation_id in member_ids(commission)
    )


def sees(membership: Membership, commission) -> bool:
    """May read the commission, its sessions and agendas (not the files themselves)."""
    return manages(membership, commission) or is_member(membership, commission)


def may_withdraw(membership: Membership, saisine) -> bool:
    """May withdraw a saisine: the organisation that made it, or whoever manages its
    commission (a review or an act's saisine, made by the system, only the latter).
    ``saisine.commission`` is read: callers select it."""
    if (
        saisine.organisation_id is not None
        and membership.organisation_id == saisine.organisation_id
    ):
        return True
    return manages(membership, saisine.commission)
