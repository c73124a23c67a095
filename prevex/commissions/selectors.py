"""Every read of commissions, sessions and agendas, through ``perms`` and the access gate.

A commission, its sessions and its agendas are read by its secretariat, the CCAPEX
secretariat of the département and its member organisations (``perms.sees``); anyone
else gets a 404. On an agenda the names of a household are shown only to a reader
who may see the file today (the gate: the members' window, see ``windows.py``); the
file's reference is always shown to those who read the agenda.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404

from prevex.access.gate import FieldGroup, groups_for, is_secretariat, visible_household_ids
from prevex.accounts.models import Membership
from prevex.audit import services as audit
from prevex.households.models import Household, Member, MemberRole, holder_first
from prevex.households.selectors import get_visible_household

from . import perms, sessions
from .choices import SaisineStatus, SessionStatus
from .history import day
from .models import AgendaItem, Attendance, Commission, Saisine, Session
from .saisines import covers_q
from .suggestions import agenda_suggestions

HOLDERS = (MemberRole.TITULAIRE, MemberRole.COTITULAIRE)


def commissions_for(membership: Membership) -> list[Commission]:
    """The active commissions this reader sees (secretariat or member), by kind."""
    org = membership.organisation
    qs = Commission.objects.filter(departement_id=org.departement_id, is_active=True)
    if not is_secretariat(membership):
        qs = qs.filter(Q(secretariat_id=org.pk) | Q(members=org.pk)).distinct()
    return list(
        qs.select_related("secretariat").prefetch_related("members").order_by("kind", "name", "id")
    )


def sessions_for(membership: Membership) -> list[Session]:
    """Sessions of the commissions this reader sees, the latest first."""
    ids = [c.pk for c in commissions_for(membership)]
    return list(
        Session.objects.filter(commission_id__in=ids)
        .select_related("commission")
        .annotate(files=Count("items"))
        .order_by("-starts_at", "id")
    )


def session_for(membership: Membership, pk) -> Session:
    """The session if this reader sees its commission; 404 otherwise (never a hint)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("Séance introuvable.") from None
    session = (
        Session.objects.select_related("commission__secretariat")
        .prefetch_related("commission__members")
        .filter(pk=pk, departement_id=membership.organisation.departement_id)
        .first()
    )
    if session is None or not perms.sees(membership, session.commission):
        raise Http404("Séance introuvable.")
    return session


def session_to_manage(membership: Membership, pk) -> Session:
    """The session if this reader manages its commission (403 for a member)."""
    session = session_for(membership, pk)
    if not perms.manages(membership, session.commission):
        raise PermissionDenied("Seul le secrétariat de la commission prépare ses séances.")
    return session


def _holders(household_ids) -> dict[int, str]:
    names: dict[int, list[str]] = {}
    for household_id, last, first in (
        Member.objects.filter(household_id__in=sorted(household_ids), role__in=HOLDERS)
        .order_by(holder_first(), "id")
        .values_list("household_id", "last_name", "first_name")
    ):
        names.setdefault(household_id, []).append(f"{last.upper()} {first}")
    return {pk: " et ".join(values) for pk, values in names.items()}


def _visible(membership: Membership, household_ids) -> set[int]:
    return visible_household_ids(organisation=membership.organisation, household_ids=household_ids)


def agenda_of(*, session: Session, membership: Membership) -> list[AgendaItem]:
    """The agenda in order, each item with ``reference``, ``commune``, ``visible`` and
    ``holders`` (names only when the reader may see the file today). A member reads it
    once the invitation is sent; the secretariat always."""
    if not perms.manages(membership, session.commission) and (
        session.status == SessionStatus.PREPARATION
    ):
        return []
    items = list(
        AgendaItem.objects.filter(session_id=session.pk)
        .select_related("household__commune", "saisine")
        .annotate(recommendation_count=Count("recommendations"))
        .order_by("position", "id")
    )
    ids = {i.household_id for i in items}
    visible = _visible(membership, ids)
    names = _holders(visible)
    for item in items:
        item.reference = item.household.reference
        item.commune = item.household.commune.name
        item.visible = item.household_id in visible
        item.holders = names.get(item.household_id, "") if item.visible else ""
    return items


def attendance_of(session: Session) -> list[Attendance]:
    return list(
        Attendance.objects.filter(session_id=session.pk)
        .select_related("organisation")
        .order_by("organisation__name", "id")
    )


def session_page(*, membership: Membership, session: Session) -> dict:
    """The session page's context (journaled: the agenda names households)."""
    attendance = attendance_of(session)
    present = sum(1 for a in attendance if a.present)
    items = agenda_of(session=session, membership=membership)
    audit.log_list_view(
        membership=membership,
        what=f"Séance du {day(session)} ({session.commission.name}) : ordre du jour",
    )
    return {
        "session": session,
        "commission": session.commission,
        "items": items,
        "attendance": attendance,
        "present": present,
        "quorum": session.commission.quorum,
        "quorum_reached": present >= session.commission.quorum,
        "manages": perms.manages(membership, session.commission),
        "attendance_open": sessions.attendance_open(session),
    }


def suggestions_for(*, membership: Membership, session: Session) -> list[dict]:
    """The suggestions as lines for the agenda builder: the reference always, the names
    only for files the reader sees; a rule suggestion of a file the reader may not see
    is left out (it could not put it on the agenda)."""
    suggestions = agenda_suggestions(session=session)
    ids = {s.household_id for s in suggestions}
    visible = _visible(membership, ids)
    shown = [s for s in suggestions if s.saisine_id or s.household_id in visible]
    households = {
        h.pk: h
        for h in Household.objects.filter(pk__in=sorted(ids))
        .select_related("commune")
        .order_by("pk")
    }
    names = _holders(visible)
    audit.log_list_view(
        membership=membership,
        what=f"Séance du {day(session)} ({session.commission.name}) : dossiers à inscrire",
    )
    return [
        {
            "suggestion": s,
            "household_id": s.household_id,
            "reference": households[s.household_id].reference,
            "commune": households[s.household_id].commune.name,
            "holders": names.get(s.household_id, ""),
        }
        for s in shown
        if s.household_id in households
    ]


def passages_of_file(*, household, membership: Membership, groups=None) -> list[AgendaItem]:
    """The file's passages before commissions (latest first), each with its session,
    commission and number of recommendations; the opinion only for readers of the
    follow-up (``SUIVI``: not the landlord). One query."""
    groups = groups if groups is not None else frozenset()
    items = list(
        AgendaItem.objects.filter(
            household_id=household.pk, session__departement_id=household.departement_id
        )
        .select_related("session__commission")
        .annotate(recommendation_count=Count("recommendations"))
        .order_by("-session__starts_at", "-id")
    )
    reads_opinion = "SUIVI" in groups or FieldGroup.SOCIAL in groups
    for item in items:
        item.shown_opinion = item.opinion if reads_opinion else ""
    return items


def saisines_of_file(*, household) -> list[Saisine]:
    """The open saisines of the file (proposed, or on an agenda). One query."""
    return list(
        Saisine.objects.filter(
            household_id=household.pk,
            status__in=(SaisineStatus.PROPOSEE, SaisineStatus.INSCRITE),
        )
        .select_related("commission", "organisation")
        .order_by("proposed_for", "id")
    )


def saisine_commissions(*, household) -> list[Commission]:
    """Commissions a partner may propose a file to: the active ones of its département
    whose territory holds the household's commune."""
    return list(
        Commission.objects.filter(
            covers_q(household), departement_id=household.departement_id, is_active=True
        )
        .distinct()
        .order_by("kind", "name", "id")
    )


def commission_to_manage(membership: Membership, pk) -> Commission:
    """A commission this reader manages (404 if it does not even see it, else 403)."""
    commission = (
        Commission.objects.filter(pk=pk, departement_id=membership.organisation.departement_id)
        .prefetch_related("members")
        .first()
    )
    if commission is None or not perms.sees(membership, commission):
        raise Http404("Commission introuvable.")
    if not perms.manages(membership, commission):
        raise PermissionDenied("Seul le secrétariat de la commission prépare ses séances.")
    return commission


def agenda_page(*, membership: Membership, session: Session) -> dict:
    """The agenda builder's context (journaled: suggestions and agenda name households)."""
    items = agenda_of(session=session, membership=membership)
    audit.log_list_view(
        membership=membership,
        what=f"Séance du {day(session)} ({session.commission.name}) : Ordre du jour à préparer",
    )
    return {
        "session": session,
        "items": items,
        "suggestions": suggestions_for(membership=membership, session=session),
        "version": session.agenda_version,
        "full": len(items) >= session.capacity,
    }


def item_of_session(*, session: Session, item_id) -> AgendaItem | None:
    return AgendaItem.objects.filter(pk=item_id, session_id=session.pk).first()


def agenda_item_ids(session: Session) -> list[int]:
    return list(
        AgendaItem.objects.filter(session_id=session.pk)
        .order_by("position", "id")
        .values_list("pk", flat=True)
    )


def saisine_for_withdrawal(*, membership: Membership, pk) -> Saisine:
    """A saisine of a file this reader sees (404 otherwise)."""
    saisine = Saisine.objects.select_related("household").filter(pk=pk).first()
    if saisine is None or not groups_for(membership=membership, household=saisine.household):
        raise Http404("Saisine introuvable.")
    return saisine


def household_for_saisine(*, membership: Membership, household_id):
    """The file if this reader sees it (journaled), else 404."""
    household, _ = get_visible_household(membership=membership, household_id=household_id)
    audit.log_view(
        membership=membership, what="Commissions : saisine du dossier", household_id=household.pk
    )
    return household
