"""The deliberation of a held session: the commission's opinion on each file, then the
closing of the deliberations.

Deliberating on a file marks it examined, its saisine « examinée », and schedules what
follows an examination: the 6-month review (``reviews.py``) and the one-year outcome
(``outcomes.py``). Only a session held (« Séance tenue ») is deliberated; once the
deliberations are closed nothing changes but the follow-up of the recommendations.
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from prevex.accounts.models import Membership
from prevex.audit import services as audit
from prevex.audit.models import WriteOperation
from prevex.audit.services import WriteEntry
from prevex.core.errors import BusinessError
from prevex.households.services import refuse_anonymised
from prevex.support.groups import SUIVI

from . import perms
from .choices import SaisineStatus, SessionStatus
from .models import AgendaItem, Recommendation, Session
from .outcomes import outcome_schedule
from .reviews import review_schedule, session_day

OPINION_MAX = 5000
NOT_HELD = (
    "La séance n'a pas encore été tenue : la commission ne délibère qu'une fois la séance tenue."
)
CLOSED = "Les délibérations de cette séance sont closes."
CANCELLED = "Cette séance a été annulée."
NOT_SECRETARIAT = "Seul le secrétariat de la commission enregistre ses délibérations."


def require_deliberating(session: Session, by: Membership | None) -> None:
    """Refuse unless the session is held and its deliberations open, and ``by`` manages
    the commission (``None``: the system, a loader)."""
    if by is not None and not perms.manages(by, session.commission):
        raise BusinessError(NOT_SECRETARIAT)
    if session.status == SessionStatus.CLOSE:
        raise BusinessError(CLOSED)
    if session.status == SessionStatus.ANNULEE:
        raise BusinessError(CANCELLED)
    if session.status != SessionStatus.TENUE:
        raise BusinessError(NOT_HELD)


def _opinion_entry(item: AgendaItem, old: str, by: Membership | None) -> WriteEntry:
    session = item.session
    return WriteEntry(
        household_id=item.household_id,
        object_type="AVIS_COMMISSION",
        object_id=item.pk,
        operation=WriteOperation.UPDATE,
        field_group=SUIVI,
        summary=f"Avis de {session.commission} (séance du {session_day(session):%d/%m/%Y})",
        changes=[
            {"field": "opinion", "label": "Avis de la commission", "old": old,
             "new": item.opinion}
        ],
        by=by,
    )  # fmt: skip


@transaction.atomic
def item_deliberate(*, item: AgendaItem, opinion: str, by: Membership | None) -> AgendaItem:
    """Record the commission's opinion on a file of a held session (again: corrected)."""
    item = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("session__commission", "saisine")
        .get(pk=item.pk)
    )
    require_deliberating(item.session, by)
    refuse_anonymised(item.household_id)
    opinion = (opinion or "").strip()
    if not opinion:
        raise BusinessError("Saisissez l'avis de la commission sur ce dossier.")
    if len(opinion) > OPINION_MAX:
        raise BusinessError(f"L'avis ne peut dépasser {OPINION_MAX} caractères.")
    old = item.opinion
    if item.examined and old == opinion:
        return item
    item.opinion = opinion
    item.examined = True
    item.deliberated_at = timezone.now()
    item.save(update_fields=["opinion", "examined", "deliberated_at"])
    if item.saisine is not None and item.saisine.status != SaisineStatus.EXAMINEE:
        item.saisine.status = SaisineStatus.EXAMINEE
        item.saisine.save(update_fields=["status"])
    audit.log_write(_opinion_entry(item, old, by))
    review_schedule(item=item)
    outcome_schedule(item=item)
    return item


@transaction.atomic
def session_close(*, session: Session, by: Membership | None) -> Session:
    """Close the deliberations of a held session. The files it did not examine go back
    to the proposed files (their saisine « proposée » again), for a later agenda."""
    session = (
        Session.objects.select_for_update(of=("self",))
        .select_related("commission")
        .get(pk=session.pk)
    )
    require_deliberating(session, by)
    items = list(
        AgendaItem.objects.filter(session=session).select_related("saisine").order_by("position")
    )
    if not any(item.examined for item in items):
        raise BusinessError(
            "Aucun dossier n'a reçu d'avis : enregistrez au moins un avis avant de clore."
        )
    session.status = SessionStatus.CLOSE
    session.save(update_fields=["status"])
    entries = []
    day = f"{session_day(session):%d/%m/%Y}"
    for item in items:
        if item.examined:
            summary = f"Délibérations closes : séance du {day} de {session.commission}"
        else:
            summary = f"Non examiné à la séance du {day} de {session.commission}"
            if item.saisine is not None and item.saisine.status == SaisineStatus.INSCRITE:
                item.saisine.status = SaisineStatus.PROPOSEE
                item.saisine.save(update_fields=["status"])
                summary += " : proposé à nouveau"
        entries.append(
            WriteEntry(
                household_id=item.household_id,
                object_type="SEANCE",
                object_id=session.pk,
                operation=WriteOperation.UPDATE,
                field_group=SUIVI,
                summary=summary,
                by=by,
            )
        )
    audit.log_writes_many(entries)
    return session


# --------------------------------------------------------------------------- reads


def session_for_deliberation(*, membership: Membership, pk) -> Session:
    """A session the reader manages (its deliberation page); 404 otherwise."""
    session = (
        Session.objects.select_related("commission").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if session is None or not perms.manages(membership, session.commission):
        raise Http404("Séance introuvable.")
    return session


def item_for_deliberation(*, membership: Membership, pk) -> AgendaItem:
    item = (
        AgendaItem.objects.select_related("session__commission", "household").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if item is None or not perms.manages(membership, item.session.commission):
        raise Http404("Dossier introuvable.")
    audit.log_view(
        membership=membership, what="Commission : délibération", household_id=item.household_id
    )
    return item


def deliberation_of(*, session: Session, membership: Membership) -> list[AgendaItem]:
    """The session's files with their recommendations (journaled, one row per file)."""
    items = list(
        AgendaItem.objects.filter(session=session)
        .select_related("household__commune", "saisine")
        .order_by("position", "id")
    )
    recommendations: dict[int, list] = {}
    for reco in (
        Recommendation.objects.filter(item__session=session)
        .select_related("type", "addressee")
        .order_by("item_id", "id")
    ):
        recommendations.setdefault(reco.item_id, []).append(reco)
    for item in items:
        item.recommendation_list = recommendations.get(item.pk, [])
        audit.log_view(
            membership=membership,
            what=f"Commission : délibération de la séance du {session_day(session):%d/%m/%Y}",
            household_id=item.household_id,
        )
    return items
