"""Files proposed to a commission (« saisines »): the one write path of ``Saisine``.

A partner that may see a file proposes it to a commission of its département with a
reason; a second proposal of the same file to the same commission, while one is open,
is the same saisine. A saisine opens no access. A landlord's saisine before the assignation
(reason BAILLEUR_SOCIAL: a social landlord, or another legal person) is also the act ``SAISINE_BAILLEUR_SOCIAL`` of the procedure, recorded
through the procedures' services (the act matrix and the stage machine decide); the
other way round, ``saisines_from_acts`` (a job) turns such acts, received by import or
API, into saisines of the département's CCAPEX. COMED alerts come the same way.
"""

from __future__ import annotations

import datetime
from dataclasses import replace

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q

from prevex.access.gate import groups_for
from prevex.accounts.models import Membership
from prevex.audit import services as audit
from prevex.audit.models import WriteChannel, WriteOperation
from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.households.services import refuse_anonymised
from prevex.procedures import services as procedures
from prevex.procedures.models import Event, Procedure, Stage

from . import perms
from .choices import CommissionKind, SaisineReason, SaisineStatus
from .history import saisine_entry
from .models import Commission, Saisine

OPEN = (SaisineStatus.PROPOSEE, SaisineStatus.INSCRITE)
CCAPEX_KINDS = (
    CommissionKind.CCAPEX_TERRITORIALE,
    CommissionKind.CCAPEX_RESTREINTE,
    CommissionKind.CCAPEX_PLENIERE,
)
# Before the assignation: a social landlord's saisine is still the CCAPEX's to examine.
PRE_LITIGATION = (Stage.IMPAYE, Stage.SIGNALEMENT, Stage.CDP, Stage.SAISINE_BAILLEUR_SOCIAL)
MOTIVE_MAX = 5000


def open_saisine(*, household_id: int, commission_id: int) -> Saisine | None:
    return (
        Saisine.objects.filter(
            household_id=household_id, commission_id=commission_id, status__in=OPEN
        )
        .order_by("id")
        .first()
    )


def _open_procedure(household) -> Procedure | None:
    return (
        Procedure.objects.filter(household_id=household.pk, closed_on__isnull=True)
        .order_by("-opened_on", "-id")
        .first()
    )


def _record_landlord_act(*, household, procedure: Procedure | None, by: Membership) -> Procedure:
    """The act SAISINE_BAILLEUR_SOCIAL on the open procedure (opened by it if none),
    unless already there; the procedures' services refuse what is not allowed."""
    today = clock.today()
    if procedure is None:
        return procedures.procedure_open(
            household=household, stage=Stage.SAISINE_BAILLEUR_SOCIAL, date=today, by=by
        )
    if not Event.objects.filter(
        procedure_id=procedure.pk, stage=Stage.SAISINE_BAILLEUR_SOCIAL
    ).exists():
        procedures.event_record(
            procedure=procedure, stage=Stage.SAISINE_BAILLEUR_SOCIAL, date=today, by=by
        )
    return procedure


def covers_q(household) -> Q:
    """Commissions whose territory holds the household's commune (no commune: the whole
    département)."""
    return Q(communes__isnull=True) | Q(communes=household.commune_id)


def covers(*, commission: Commission, household) -> bool:
    return Commission.objects.filter(covers_q(household), pk=commission.pk).exists()


def _check(*, household, commission: Commission, reason: str, by: Membership | None) -> None:
    if reason not in SaisineReason.values:
        raise BusinessError("Choisissez le motif de la saisine.")
    if commission.departement_id != household.departement_id or not commission.is_active:
        raise BusinessError("Cette commission ne peut pas être saisie de ce dossier.")
    if by is not None and not groups_for(membership=by, household=household):
        raise BusinessError("Votre organisation n'a pas accès à ce dossier.")
    refuse_anonymised(household.pk)
    if by is not None and not covers(commission=commission, household=household):
        raise BusinessError(
            f"La commission « {commission.name} » ne couvre pas la commune du ménage : "
            "saisissez la commission de son territoire."
        )
    if reason == SaisineReason.BAILLEUR_SOCIAL and commission.kind not in CCAPEX_KINDS:
        raise BusinessError("La saisine du bailleur avant l'assignation s'adresse à la CCAPEX.")


@transaction.atomic
def saisine_create(
    *,
    household,
    commission: Commission,
    reason: str,
    by: Membership | None,
    motive: str = "",
    proposed_for: datetime.date | None = None,
    procedure: Procedure | None = None,
    follows_item=None,
) -> Saisine:
    """Propose ``household`` to ``commission`` (idempotent: an open saisine of the same
    file and commission is returned). ``by`` must see the file (``None``: the system)."""
    _check(household=household, commission=commission, reason=reason, by=by)
    motive = (motive or "").strip()
    if len(motive) > MOTIVE_MAX:
        raise BusinessError(f"L'exposé de la saisine dépasse {MOTIVE_MAX} caractères.")
    procedure = procedure or _open_procedure(household)
    if procedure is not None and procedure.household_id != household.pk:
        raise BusinessError("Cette procédure n'est pas celle du ménage.")
    if reason == SaisineReason.BAILLEUR_SOCIAL and by is not None:
        procedure = _record_landlord_act(household=household, procedure=procedure, by=by)
    return _create(
        household=household,
        commission=commission,
        reason=reason,
        by=by,
        motive=motive,
        proposed_for=proposed_for,
        procedure=procedure,
        follows_item=follows_item,
        organisation_id=by.organisation_id if by is not None else None,
    )


def _create(
    *, household, commission, reason, by, motive, proposed_for, procedure, follows_item,
    organisation_id,
) -> Saisine:  # fmt: skip
    existing = open_saisine(household_id=household.pk, commission_id=commission.pk)
    if existing is not None:
        return existing
    saisine = Saisine(
        household_id=household.pk,
        departement_id=household.departement_id,
        commission=commission,
        procedure=procedure,
        reason=reason,
        motive=motive,
        proposed_for=proposed_for or clock.today(),
        organisation_id=organisation_id,
        created_by_id=by.user_id if by is not None else None,
        follows_item=follows_item,
    )
    try:
        with transaction.atomic():
            saisine.save()
    except IntegrityError:  # the same proposal sent at the same moment
        existing = open_saisine(household_id=household.pk, commission_id=commission.pk)
        if existing is None:
            raise
        return existing
    audit.log_write(
        saisine_entry(
            saisine=saisine, summary="Saisine de la commission", by=by,
            operation=WriteOperation.CREATE,
        )
    )  # fmt: skip
    return saisine


@transaction.atomic
def saisine_withdraw(*, saisine: Saisine, by: Membership | None) -> Saisine:
    """Withdraw a proposal not yet on an agenda: by its author's organisation, the
    commission's secretariat or the CCAPEX secretariat."""
    saisine = (
        Saisine.objects.select_for_update()
        .select_related("commission")
        .filter(pk=saisine.pk)
        .first()
    )
    if saisine is None:
        raise BusinessError("Cette saisine n'existe plus.")
    if by is not None and not perms.may_withdraw(by, saisine):
        raise BusinessError(
            "Seuls l'organisation qui a saisi la commission et le secrétariat peuvent retirer "
            "cette saisine."
        )
    if saisine.status == SaisineStatus.INSCRITE:
        raise BusinessError(
            "Ce dossier est inscrit à l'ordre du jour : retirez-le d'abord de la séance."
        )
    if saisine.status != SaisineStatus.PROPOSEE:
        raise BusinessError(f"Cette saisine est déjà {saisine.get_status_display().lower()}.")
    saisine.status = SaisineStatus.RETIREE
    saisine.save(update_fields=["status"])
    audit.log_write(saisine_entry(saisine=saisine, summary="Saisine retirée", by=by))
    return saisine


def ccapex_for(*, departement_id: str, commune_id: str, cache: dict | None = None):
    """The CCAPEX formation competent for a commune: a territorial one covering it, else
    the restricted one, else the plenary one (the oldest first); ``None`` if none."""
    cache = {} if cache is None else cache
    if departement_id not in cache:
        cache[departement_id] = [
            (c, {k.insee for k in c.communes.all()})
            for c in Commission.objects.filter(
                departement_id=departement_id, kind__in=CCAPEX_KINDS, is_active=True
            )
            .prefetch_related("communes")
            .order_by("id")
        ]
    rank = {kind: i for i, kind in enumerate(CCAPEX_KINDS)}
    fitting = [(c, communes) for c, communes in cache[departement_id] if commune_id in communes]
    fitting += [(c, communes) for c, communes in cache[departement_id] if not communes]
    fitting.sort(key=lambda pair: (not pair[1], rank[pair[0].kind], pair[0].pk))
    return fitting[0][0] if fitting else None


@transaction.atomic
def saisines_from_acts(*, today: datetime.date | None = None) -> int:
    """Job: every act SAISINE_BAILLEUR_SOCIAL on an open procedure still before the
    assignation becomes a saisine of the département's CCAPEX (once: a procedure that
    has its BAILLEUR_SOCIAL saisine, or a file already proposed, is left). Returns how
    many saisines were created."""
    today = today or clock.today()
    has_saisine = Saisine.objects.filter(
        procedure_id=OuterRef("procedure_id"), reason=SaisineReason.BAILLEUR_SOCIAL
    )
    acts = (
        Event.objects.filter(
            stage=Stage.SAISINE_BAILLEUR_SOCIAL,
            pending_review=False,
            procedure__closed_on__isnull=True,
            procedure__stage__in=PRE_LITIGATION,
        )
        .filter(~Exists(has_saisine))
        .select_related("procedure__household")
        .order_by("procedure_id", "date", "id")
    )
    cache: dict = {}
    created = 0
    seen: set[int] = set()
    for act in acts:
        procedure = act.procedure
        if procedure.pk in seen:
            continue
        seen.add(procedure.pk)
        household = procedure.household
        commission = ccapex_for(
            departement_id=household.departement_id, commune_id=household.commune_id, cache=cache
        )
        if commission is None or open_saisine(
            household_id=household.pk, commission_id=commission.pk
        ):
            continue
        _create(
            household=household,
            commission=commission,
            reason=SaisineReason.BAILLEUR_SOCIAL,
            by=None,
            motive="",
            proposed_for=today,
            procedure=procedure,
            follows_item=None,
            organisation_id=act.source_id or act.recorded_for_id,
        )
        created += 1
    return created


def open_saisines_filter(commission_id: int) -> Q:
    return Q(commission_id=commission_id, status__in=OPEN)


def saisines_close_anonymised(household_ids: list[int]) -> int:
    """Retention (prevex/commissions/retention.py): the saisines of files being anonymised
    still waiting to be put on an agenda are closed, « Close : dossier anonymisé » (no
    agenda takes an anonymised file, so they would wait among the commission's proposals
    for ever); one history entry each, written by the job. A saisine already on a
    session's agenda stays with it: taking the file off the agenda is the secretariat's,
    and still allowed. Returns how many were closed."""
    saisines = list(
        Saisine.objects.select_for_update()
        .select_related("commission")
        .filter(household_id__in=household_ids, status=SaisineStatus.PROPOSEE)
    )
    for saisine in saisines:
        saisine.status = SaisineStatus.ANONYMISE
    Saisine.objects.bulk_update(saisines, ["status"], batch_size=500)
    audit.log_writes_many(
        replace(
            saisine_entry(saisine=s, summary="Saisine close (dossier anonymisé)", by=None),
            channel=WriteChannel.SYSTEM,
        )
        for s in saisines
    )
    return len(saisines)
