"""The session's window of access: member organisations see the files of an agenda from
the invitation until ``COMMISSION_ACCES_APRES_SEANCE`` after the session (a dated rule
chosen by the session's date), through involvements with reason COMMISSION.

Granted by ``session_invite`` for every item, at once for an item added afterwards, and
ended for an item removed from the agenda (docs/decisions/2026-12-01-commission-agenda.md).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from prevex.access.groups import organisation_is_secretariat
from prevex.access.models import Involvement, InvolvementReason
from prevex.access.services import involvement_add, involvement_end
from prevex.accounts.models import Membership, Organisation
from prevex.households.services import anonymised_among
from prevex.procedures.rules import RuleBook, add_delay

from .models import AgendaItem, Session

RULE = "COMMISSION_ACCES_APRES_SEANCE"
REASON = InvolvementReason.COMMISSION


def session_day(session: Session) -> datetime.date:
    return timezone.localtime(session.starts_at).date()


def window_end(session: Session) -> datetime.date:
    """The last day the members see the files of this session's agenda."""
    day = session_day(session)
    return add_delay(day, RuleBook.for_departement(session.departement_id).get(RULE, on=day))


def window_organisations(session: Session) -> list[Organisation]:
    """The organisations that get the window: the members and the commission's own
    secretariat (the CCAPEX secretariat sees its whole département: never involved)."""
    commission = session.commission
    orgs = {org.pk: org for org in commission.members.all()}
    orgs.setdefault(commission.secretariat_id, commission.secretariat)
    return sorted(
        (
            org
            for org in orgs.values()
            if org.is_active
            and org.departement_id == session.departement_id
            and not organisation_is_secretariat(org)
        ),
        key=lambda org: org.pk,
    )


def _existing(household_ids, org_ids) -> list[Involvement]:
    return list(
        Involvement.objects.filter(
            household_id__in=sorted(household_ids), organisation_id__in=org_ids, reason=REASON
        ).order_by("id")
    )


def involvements_open(
    *, session: Session, items: list[AgendaItem], by: Membership | None, today: datetime.date
) -> int:
    """Open the window on ``items`` for every window organisation; an involvement that
    already covers it is kept, an anonymised file is opened to nobody. Returns how many
    were added."""
    end = window_end(session)
    anonymised = anonymised_among(i.household_id for i in items)
    items = [i for i in items if i.household_id not in anonymised]
    if end < today or not items:
        return 0
    orgs = window_organisations(session)
    existing = _existing({i.household_id for i in items}, [o.pk for o in orgs])
    covered = {
        (inv.household_id, inv.organisation_id)
        for inv in existing
        if inv.starts_on <= today and (inv.ends_on is None or inv.ends_on >= end)
    }
    added = 0
    for item in items:
        for org in orgs:
            if (item.household_id, org.pk) in covered:
                continue
            involvement_add(
                household=item.household,
                organisation=org,
                reason=REASON,
                starts_on=today,
                ends_on=end,
                by=by,
            )
            covered.add((item.household_id, org.pk))
            added += 1
    return added


def involvements_end(
    *, session: Session, household_id: int, by: Membership | None, today: datetime.date
) -> int:
    """End this session's window on one file (the item was removed): the involvements
    that end with its window, unless another session's agenda of the same window still
    holds the file. An involvement that started today ends yesterday (never active)."""
    end = window_end(session)
    orgs = window_organisations(session)
    others = (
        AgendaItem.objects.filter(household_id=household_id, session__status__in=("CONVOQUEE",))
        .exclude(session_id=session.pk)
        .select_related("session__commission")
        .order_by("id")
    )
    kept = set()
    for other in others:
        if window_end(other.session) == end:
            kept.update(o.pk for o in window_organisations(other.session))
    ended = 0
    for involvement in _existing({household_id}, [o.pk for o in orgs if o.pk not in kept]):
        if involvement.ends_on != end or involvement.starts_on > today:
            continue
        involvement_end(
            involvement=involvement,
            ends_on=today - datetime.timedelta(days=1),
            by=by,
            why="dossier retiré de l'ordre du jour de la commission",
        )
        ended += 1
    return ended
