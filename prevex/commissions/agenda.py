"""The agenda of a session (« ordre du jour »): the one write path of ``AgendaItem``
before the deliberation, and the saisines (re-exported from ``saisines.py``).

Every write locks the session row (``select_for_update``), checks the version the
writer was shown (``Session.agenda_version``, an optimistic lock: two agents editing
one agenda at once) and the capacity, then writes everything in one transaction and
increments the version. Items added after the invitation open the members' window at
once; a removed item's window is ended (``windows.py``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max

from prevex.access.gate import restrict_to_visible
from prevex.accounts.models import Membership
from prevex.audit import services as audit
from prevex.audit.models import WriteOperation
from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.households.models import Household
from prevex.households.services import anonymised_among

from . import perms
from .choices import SaisineReason, SaisineStatus, SessionStatus
from .history import item_entry, saisine_status_entry, session_entry
from .models import AgendaItem, Saisine, Session
from .saisines import (
    _create,
    ccapex_for,
    open_saisine,
    saisine_create,
    saisine_withdraw,
    saisines_from_acts,
)
from .windows import involvements_end, involvements_open

__all__ = [
    "STALE",
    "agenda_add_many",
    "agenda_remove",
    "agenda_reorder",
    "ccapex_for",
    "locked_session",
    "open_saisine",
    "saisine_create",
    "saisine_withdraw",
    "saisines_from_acts",
]

STALE = (
    "L'ordre du jour a été modifié par quelqu'un d'autre depuis que vous l'avez ouvert : "
    "rechargez la page pour voir la version en cours, puis recommencez."
)
EDITABLE = (SessionStatus.PREPARATION, SessionStatus.CONVOQUEE)


def locked_session(*, session: Session, by: Membership | None, version=None) -> Session:
    """The session row, locked for this transaction, once the writer may manage it and
    (when given) the version it was shown is still the current one."""
    locked = (
        Session.objects.select_for_update()
        .select_related("commission__secretariat")
        .filter(pk=session.pk)
        .first()
    )
    if locked is None:
        raise BusinessError("Cette séance n'existe plus.")
    if by is not None and not perms.manages(by, locked.commission):
        raise BusinessError("Seul le secrétariat de la commission prépare ses séances.")
    if version is not None:
        try:
            version = int(version)
        except (TypeError, ValueError):
            raise BusinessError(STALE) from None
        if version != locked.agenda_version:
            raise BusinessError(STALE)
    return locked


def _editable(session: Session) -> None:
    if session.status not in EDITABLE:
        raise BusinessError(
            f"L'ordre du jour ne peut plus être modifié : {session.get_status_display().lower()}."
        )


def _bump(session: Session) -> None:
    session.agenda_version += 1
    session.save(update_fields=["agenda_version"])


def _ids(household_ids: Iterable) -> list[int]:
    ids = []
    for raw in household_ids:
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise BusinessError("Dossier inconnu.") from None
        if value <= 0 or value > 2**62:
            raise BusinessError("Dossier inconnu.")
        if value not in ids:
            ids.append(value)
    return ids


@transaction.atomic
def agenda_add_many(
    *, session: Session, household_ids, by: Membership | None, version: int
) -> list[AgendaItem]:
    """Put files on the agenda, in the order given, after those already there.

    Refused (nothing written): stale version, agenda closed, over capacity, a file
    unknown or outside the commission's département, a file the writer may neither see
    nor find proposed to this commission, a file already on another session's agenda of
    the commission, a file anonymised at the end of its retention period. A file
    without an open saisine gets one (reason SUGGESTION); its saisine is marked
    INSCRITE. Files already on this agenda are left as they are."""
    session = locked_session(session=session, by=by, version=version)
    _editable(session)
    ids = _ids(household_ids)
    if not ids:
        raise BusinessError("Cochez au moins un dossier à inscrire.")
    on_agenda = set(
        AgendaItem.objects.filter(session_id=session.pk).values_list("household_id", flat=True)
    )
    ids = [pk for pk in ids if pk not in on_agenda]
    if not ids:
        return []
    if len(on_agenda) + len(ids) > session.capacity:
        raise BusinessError(
            f"L'ordre du jour est limité à {session.capacity} dossiers : {len(on_agenda)} "
            f"déjà inscrits, {len(ids)} demandés. Retirez des dossiers ou choisissez-en moins."
        )
    households = Household.objects.filter(pk__in=ids, departement_id=session.departement_id)
    found = {h.pk: h for h in households.order_by("pk")}
    saisines = {
        s.household_id: s
        for s in Saisine.objects.select_for_update()
        .filter(
            household_id__in=ids,
            commission_id=session.commission_id,
            status__in=(SaisineStatus.PROPOSEE, SaisineStatus.INSCRITE),
        )
        .order_by("id")
    }
    anonymised = anonymised_among(found)
    visible = set(found)
    if by is not None:
        visible = set(
            restrict_to_visible(households, membership=by)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    for pk in ids:
        if pk not in found or (pk not in visible and pk not in saisines):
            raise BusinessError("Dossier introuvable : il n'a pas été proposé à cette commission.")
        if pk in anonymised:
            raise BusinessError(
                f"Le dossier {found[pk].reference} a été anonymisé au terme de sa durée de "
                "conservation : il ne peut plus être inscrit à l'ordre du jour."
            )
        saisine = saisines.get(pk)
        if saisine is not None and saisine.status == SaisineStatus.INSCRITE:
            raise BusinessError(
                f"Le dossier {found[pk].reference} est déjà inscrit à une autre séance de "
                "cette commission."
            )
    position = (
        AgendaItem.objects.filter(session_id=session.pk).aggregate(m=Max("position"))["m"] or 0
    )
    items = []
    for pk in ids:
        household = found[pk]
        saisine = saisines.get(pk) or _create(
            household=household, commission=session.commission,
            reason=SaisineReason.SUGGESTION, by=by, motive="", proposed_for=clock.today(),
            procedure=None, follows_item=None,
            organisation_id=by.organisation_id if by is not None else None,
        )  # fmt: skip
        old = saisine.status  # proposed (one inscribed elsewhere was refused above)
        saisine.status = SaisineStatus.INSCRITE
        saisine.save(update_fields=["status"])
        audit.log_write(
            saisine_status_entry(
                saisine=saisine, old=old, summary="Saisine inscrite à l'ordre du jour", by=by
            )
        )
        position += 1
        item = AgendaItem.objects.create(
            session=session, household=household, saisine=saisine, position=position
        )
        items.append(item)
        audit.log_write(
            item_entry(
                item=item, session=session, summary="Inscrit à l'ordre du jour", by=by,
                operation=WriteOperation.CREATE,
            )
        )  # fmt: skip
    if session.status == SessionStatus.CONVOQUEE:
        involvements_open(session=session, items=items, by=by, today=clock.today())
    _bump(session)
    return items


def _renumber(session: Session) -> None:
    for position, item in enumerate(
        AgendaItem.objects.filter(session_id=session.pk).order_by("position", "id"), start=1
    ):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


@transaction.atomic
def agenda_remove(*, item: AgendaItem, by: Membership | None, version: int) -> None:
    """Take a file off the agenda: its saisine is proposed again, the members' window
    on the file (if the invitation was sent) ends."""
    session = locked_session(session=item.session, by=by, version=version)
    _editable(session)
    item = AgendaItem.objects.filter(pk=item.pk, session_id=session.pk).first()
    if item is None:
        raise BusinessError(STALE)
    saisine = (
        Saisine.objects.select_related("commission")
        .filter(pk=item.saisine_id, status=SaisineStatus.INSCRITE)
        .first()
        if item.saisine_id
        else None
    )
    if saisine is not None:  # proposed again, for another session
        saisine.status = SaisineStatus.PROPOSEE
        saisine.save(update_fields=["status"])
        audit.log_write(
            saisine_status_entry(
                saisine=saisine,
                old=SaisineStatus.INSCRITE,
                summary="Saisine retirée de l'ordre du jour, proposée à nouveau",
                by=by,
            )
        )
    audit.log_write(
        item_entry(
            item=item, session=session, summary="Retiré de l'ordre du jour", by=by,
            operation=WriteOperation.DELETE,
        )
    )  # fmt: skip
    household_id = item.household_id
    item.delete()
    if session.status == SessionStatus.CONVOQUEE:
        involvements_end(session=session, household_id=household_id, by=by, today=clock.today())
    _renumber(session)
    _bump(session)


@transaction.atomic
def agenda_reorder(*, session: Session, item_ids, by: Membership | None, version: int) -> None:
    """Put the agenda in the order of ``item_ids`` (every item of the agenda, once)."""
    session = locked_session(session=session, by=by, version=version)
    _editable(session)
    try:
        wanted = [int(pk) for pk in item_ids]
    except (TypeError, ValueError):
        raise BusinessError(STALE) from None
    items = {i.pk: i for i in AgendaItem.objects.filter(session_id=session.pk).order_by("id")}
    if len(wanted) != len(items) or set(wanted) != set(items):
        raise BusinessError(STALE)
    for position, pk in enumerate(wanted, start=1):
        if items[pk].position != position:
            items[pk].position = position
            items[pk].save(update_fields=["position"])
    audit.log_write(session_entry(session=session, summary="ordre du jour réordonné", by=by))
    _bump(session)
