"""Commissions and their sessions: creation, invitation, attendance, quorum, holding.

One transaction each, the session row locked; the acting membership ``by`` must manage
the commission (its secretariat, or the CCAPEX secretariat of the département; ``None``
is the system: loaders, jobs). Delays come from the dated rules (``windows.py``).
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from prevex.access.gate import is_secretariat_of
from prevex.accounts.models import Membership, Organisation
from prevex.audit import services as audit
from prevex.audit.models import WriteOperation
from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.core.models import Commune
from prevex.procedures.models import Stage

from . import perms, summary
from .agenda import locked_session
from .choices import CommissionKind, SessionStatus
from .history import commission_entry, day, session_entry
from .models import AgendaItem, Attendance, Commission, Session
from .windows import involvements_open, session_day, window_end

log = logging.getLogger(__name__)
CAPACITY_MAX = 500
ATTENDANCE_STATUSES = (SessionStatus.CONVOQUEE, SessionStatus.TENUE)


def _positive(value, label: str, high: int = CAPACITY_MAX) -> int:
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise BusinessError(f"{label} : indiquez un nombre entier.") from None
    if not 1 <= value <= high:
        raise BusinessError(f"{label} : entre 1 et {high}.")
    return value


@transaction.atomic
def commission_create(
    *,
    departement_id,
    kind,
    name,
    secretariat: Organisation,
    members=(),
    communes=(),
    stages=(),
    capacity=30,
    quorum=1,
    territory_label="",
    by: Membership | None,
) -> Commission:
    """A commission of the département (CCAPEX formations, CLIL, COMEX), by the CCAPEX
    secretariat. ``communes``: INSEE codes or communes (empty: the whole département);
    ``stages``: procedure stages examined (empty: all)."""
    if by is not None and not is_secretariat_of(by, departement_id):
        raise BusinessError("Seul le secrétariat de la CCAPEX du département crée les commissions.")
    if kind not in CommissionKind.values:
        raise BusinessError("Choisissez la formation de la commission.")
    name = (name or "").strip()
    if not name:
        raise BusinessError("Indiquez le nom de la commission.")
    members = list(dict.fromkeys(members))
    for org in [secretariat, *members]:
        if org.departement_id != departement_id or not org.is_active:
            raise BusinessError(f"{org.name} n'est pas une organisation active du département.")
    stages = list(dict.fromkeys(stages))
    if any(stage not in Stage.values for stage in stages):
        raise BusinessError("Étape de procédure inconnue.")
    insee = [getattr(c, "insee", c) for c in communes]
    found = list(Commune.objects.filter(insee__in=insee, departement_id=departement_id))
    if len(found) != len(set(insee)):
        raise BusinessError("Une commune du territoire n'est pas dans le département.")
    capacity = _positive(capacity, "Dossiers par séance")
    invited = {org.pk for org in members} | {secretariat.pk}
    quorum = _positive(quorum, "Quorum", high=len(invited))
    commission = Commission.objects.create(
        departement_id=departement_id,
        kind=kind,
        name=name[:200],
        secretariat=secretariat,
        territory_label=(territory_label or "").strip()[:200],
        stages=stages,
        capacity=capacity,
        quorum=quorum,
    )
    commission.members.set(members)
    commission.communes.set(found)
    audit.log_write(commission_entry(commission=commission, by=by))
    return commission


@transaction.atomic
def session_create(
    *,
    commission: Commission,
    starts_at: datetime.datetime,
    by: Membership | None,
    place: str = "",
    video_link: str = "",
    capacity: int | None = None,
) -> Session:
    """A session of ``commission`` (its agenda in preparation). A session in the past
    is refused, except for the system (loaders)."""
    if by is not None and not perms.manages(by, commission):
        raise BusinessError("Seul le secrétariat de la commission prépare ses séances.")
    if not commission.is_active:
        raise BusinessError("Cette commission n'est plus active.")
    if not isinstance(starts_at, datetime.datetime):
        raise BusinessError("Indiquez la date et l'heure de la séance.")
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    if by is not None and timezone.localtime(starts_at).date() < clock.today():
        raise BusinessError("La date de la séance est passée.")
    place, video_link = (place or "").strip(), (video_link or "").strip()
    if video_link:
        try:
            URLValidator(schemes=["https"])(video_link)
        except ValidationError:
            raise BusinessError("Le lien de visioconférence doit être une adresse https.") from None
    if not place and not video_link:
        raise BusinessError("Indiquez le lieu de la séance ou son lien de visioconférence.")
    session = Session.objects.create(
        commission=commission,
        departement_id=commission.departement_id,
        starts_at=starts_at,
        place=place[:200],
        video_link=video_link[:200],
        capacity=_positive(commission.capacity if capacity is None else capacity, "Capacité"),
        created_by_id=by.user_id if by is not None else None,
    )
    session.commission = commission
    audit.log_write(
        session_entry(session=session, summary="créée", by=by, operation=WriteOperation.CREATE)
    )
    return session


def _invitation_mails(session: Session, organisations: list[Organisation]) -> list[tuple]:
    """One message per organisation with a structural address; no name of a household
    (the agenda is read in prevex)."""
    where = session.place or session.video_link
    when = timezone.localtime(session.starts_at)
    subject = f"Convocation : {session.commission.name}, séance du {when:%d/%m/%Y}"
    body = (
        f"Bonjour,\n\nVotre organisation est convoquée à la séance de la commission "
        f"« {session.commission.name} » le {when:%d/%m/%Y à %H:%M} ({where}).\n"
        f"L'ordre du jour et les fiches des dossiers sont consultables dans prevex, "
        f"jusqu'au {window_end(session):%d/%m/%Y}.\n"
    )
    sender = settings.DEFAULT_FROM_EMAIL
    return [(subject, body, sender, [org.email]) for org in organisations if org.email]


@transaction.atomic
def session_invite(
    *, session: Session, by: Membership | None, today: datetime.date | None = None
) -> Session:
    """Send the invitation: attendance rows for the members and the secretariat, the
    members' window on every file of the agenda (involvements, reason COMMISSION, from
    today to the session's date + ``COMMISSION_ACCES_APRES_SEANCE``), status CONVOQUEE,
    an email to each organisation's structural address. Sending it again adds what is
    missing (a member added since)."""
    today = today or clock.today()
    session = locked_session(session=session, by=by)
    if session.status not in (SessionStatus.PREPARATION, SessionStatus.CONVOQUEE):
        raise BusinessError(f"La séance est {session.get_status_display().lower()}.")
    if session_day(session) < today:
        raise BusinessError("La séance est passée : la convocation ne peut plus être envoyée.")
    items = list(
        AgendaItem.objects.filter(session_id=session.pk)
        .select_related("household")
        .order_by("position", "id")
    )
    if not items:
        raise BusinessError("Inscrivez au moins un dossier avant d'envoyer la convocation.")
    commission = session.commission
    organisations = {org.pk: org for org in commission.members.filter(is_active=True)}
    organisations.setdefault(commission.secretariat_id, commission.secretariat)
    known = set(
        Attendance.objects.filter(session_id=session.pk).values_list("organisation_id", flat=True)
    )
    Attendance.objects.bulk_create(
        [
            Attendance(session=session, organisation=org)
            for pk, org in sorted(organisations.items())
            if pk not in known
        ]
    )
    added = involvements_open(session=session, items=items, by=by, today=today)
    first = session.status == SessionStatus.PREPARATION
    session.status = SessionStatus.CONVOQUEE
    session.invited_on = session.invited_on or today
    session.save(update_fields=["status", "invited_on"])
    audit.log_write(
        session_entry(
            session=session,
            summary=f"convocation envoyée ({len(organisations)} organisations, {len(items)} "
            f"dossiers, {added} accès ouverts jusqu'au {window_end(session):%d/%m/%Y})",
            by=by,
        )
    )
    if first:
        mails = _invitation_mails(session, list(organisations.values()))
        transaction.on_commit(lambda: _send(mails))
    return session


def _send(mails: list[tuple]) -> None:
    try:
        send_mass_mail(mails, fail_silently=False)
    except Exception:  # the invitation is recorded; a mail server down must not undo it
        log.exception("Convocations non envoyées par courriel")


@transaction.atomic
def attendance_record(
    *,
    session: Session,
    present_organisation_ids,
    by: Membership | None,
    representatives: dict | None = None,
) -> Session:
    """Who attended (the others invited are absent); ``representatives``: organisation
    id → the person who represented it."""
    session = locked_session(session=session, by=by)
    if session.status not in ATTENDANCE_STATUSES:
        raise BusinessError(
            "Les présences se notent une fois la convocation envoyée, jusqu'à la clôture "
            "des délibérations."
        )
    if session_day(session) > clock.today():
        raise BusinessError(f"Les présences se notent le jour de la séance ({day(session)}).")
    rows = {a.organisation_id: a for a in Attendance.objects.filter(session_id=session.pk)}
    try:
        present = {int(pk) for pk in present_organisation_ids}
        named = {int(k): str(v or "").strip()[:200] for k, v in (representatives or {}).items()}
    except (TypeError, ValueError):
        raise BusinessError("Organisation inconnue.") from None
    if not present <= set(rows) or not set(named) <= set(rows):
        raise BusinessError("Seules les organisations convoquées peuvent être notées présentes.")
    for pk, row in sorted(rows.items()):
        row.present = pk in present
        row.representative = named.get(pk, row.representative) if row.present else ""
        row.save(update_fields=["present", "representative"])
    audit.log_write(
        session_entry(
            session=session,
            summary=f"présences notées ({len(present)} organisations présentes, quorum "
            f"{session.commission.quorum})",
            by=by,
        )
    )
    return session


def attendance_open(session: Session, *, today: datetime.date | None = None) -> bool:
    """Whether ``attendance_record`` would take the attendance today: the invitation sent,
    the deliberations not closed, from the session's day (the page offers the form only
    then)."""
    return session.status in ATTENDANCE_STATUSES and session_day(session) <= (
        today or clock.today()
    )


def present_count(session: Session) -> int:
    return Attendance.objects.filter(session_id=session.pk, present=True).count()


def quorum_reached(session: Session) -> bool:
    """As many organisations present as the commission's quorum."""
    return present_count(session) >= session.commission.quorum


@transaction.atomic
def session_hold(
    *, session: Session, by: Membership | None, held_on: datetime.date | None = None
) -> Session:
    """The session took place: status TENUE, and the summaries of its files are frozen
    (what the commission saw stays as it was). Refused before the session's date."""
    today = clock.today()
    held_on = held_on or today
    session = locked_session(session=session, by=by)
    if session.status != SessionStatus.CONVOQUEE:
        if session.status == SessionStatus.PREPARATION:
            raise BusinessError("Envoyez d'abord la convocation.")
        raise BusinessError(f"La séance est déjà {session.get_status_display().lower()}.")
    if held_on < session_day(session):
        raise BusinessError(
            f"La séance du {day(session)} n'a pas encore eu lieu : elle ne peut pas être tenue."
        )
    if held_on > today:
        raise BusinessError("La date de tenue ne peut pas être dans le futur.")
    session.status = SessionStatus.TENUE
    session.held_on = held_on
    session.save(update_fields=["status", "held_on"])
    items = list(
        AgendaItem.objects.filter(session_id=session.pk)
        .select_related("household")
        .order_by("position", "id")
    )
    frozen = summary.summaries_freeze_many(items=items, by=by)
    audit.log_write(
        session_entry(
            session=session,
            summary=f"tenue le {held_on:%d/%m/%Y} ({len(items)} dossiers, {frozen} fiches "
            "figées" + ("" if quorum_reached(session) else ", quorum non atteint") + ")",
            by=by,
        )
    )
    return session
