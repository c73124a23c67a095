"""Writes of the DSF: its request (by hand or by the job after an assignation), its life,
its content, and the alerts of the job. The one write path of ``Dsf`` and ``Alert``.

Life: DEMANDE → RDV → REALISE or ABSENT → TRANSMIS (to the court). A DSF is asked only for
an open procedure that has an assignation; the organisation the département designates
(``DsfDesignation``, else its departmental social service) is involved in the file.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from prevex.access.gate import FieldGroup, require_group
from prevex.access.models import InvolvementReason
from prevex.access.services import involvement_add
from prevex.accounts.models import Membership, Organisation, OrganisationType
from prevex.audit import services as audit
from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.households.services import refuse_anonymised
from prevex.procedures.models import Event, Procedure, Stage
from prevex.procedures.services import event_record

from .choices import (
    AlertKind,
    ChargeType,
    DebtCause,
    DsfStatus,
    ResourceType,
    RightStatus,
    RightType,
    Wish,
)
from .groups import SUIVI
from .history import dsf_content_entry, dsf_status_entry
from .models import Alert, Dsf, DsfDesignation

NO_ASSIGNATION = (
    "Ce dossier n'a pas d'assignation en cours : le DSF n'est demandé qu'après l'assignation."
)
SENT = "Le DSF a été transmis au tribunal : il ne peut plus être modifié."
NEXT = {
    DsfStatus.DEMANDE: {DsfStatus.RDV, DsfStatus.REALISE, DsfStatus.ABSENT},
    DsfStatus.RDV: {DsfStatus.RDV, DsfStatus.REALISE, DsfStatus.ABSENT},
    DsfStatus.ABSENT: {DsfStatus.RDV, DsfStatus.REALISE, DsfStatus.TRANSMIS},
    DsfStatus.REALISE: {DsfStatus.TRANSMIS},
    DsfStatus.TRANSMIS: set(),
}


def dsf_next_steps(dsf: Dsf) -> frozenset[str]:
    """The states the DSF may move to now: the page offers these steps and no other."""
    return frozenset(NEXT[DsfStatus(dsf.status)])


def designated_organisation(departement_id: str) -> Organisation:
    row = DsfDesignation.objects.filter(departement_id=departement_id).first()
    if row is not None:
        return row.organisation
    fallback = (
        Organisation.objects.filter(
            departement_id=departement_id, type=OrganisationType.CD_SOCIAL, is_active=True
        )
        .order_by("name", "id")
        .first()
    )
    if fallback is None:
        raise BusinessError(
            "Aucune organisation n'est désignée pour réaliser les DSF dans ce département. "
            "Un administrateur doit la désigner (« Organisations désignées pour le DSF »)."
        )
    return fallback


def _hearings(procedure):
    """The hearing dates set by the procedure's acts, latest act first: the hearing may
    have been moved (« renvoi »), the latest one counts."""
    return (
        Event.objects.filter(procedure_id=procedure, hearing_date__isnull=False)
        .order_by("-date", "-id")
        .values_list("hearing_date", flat=True)
    )


def latest_hearing(procedure_id: int) -> datetime.date | None:
    return _hearings(procedure_id).first()


def latest_hearing_of(procedure_field: str) -> Subquery:
    """The latest hearing of the procedure ``procedure_field`` of the outer query."""
    return Subquery(_hearings(OuterRef(procedure_field))[:1])


def act_since_assignation(procedure_field: str, stage: str) -> Exists:
    """True when the procedure (``procedure_field`` of the outer query) has an act of
    ``stage`` dated on or after its latest assignation."""
    last_assignation = (
        Event.objects.filter(procedure_id=OuterRef("procedure_id"), stage=Stage.ASSIGNATION)
        .order_by("-date", "-id")
        .values("date")[:1]
    )
    return Exists(
        Event.objects.filter(
            procedure_id=OuterRef(procedure_field),
            stage=stage,
            pending_review=False,
            date__gte=Subquery(last_assignation),
        )
    )


def dsf_act_since_assignation(procedure_field: str) -> Exists:
    """A « DSF » act (the diagnosis sent to the judge, recorded by the form, an import or
    the API) since the latest assignation: the DSF for that hearing is done, whoever did
    it, so no request is made and no « DSF non transmis » alert is raised
    (docs/decisions/2026-12-06-dsf-act-counts.md)."""
    return act_since_assignation(procedure_field, Stage.DSF)


def _has_assignation(procedure_id: int) -> bool:
    return Event.objects.filter(procedure_id=procedure_id, stage=Stage.ASSIGNATION).exists()


@transaction.atomic
def dsf_request(*, procedure: Procedure, by: Membership | None, today=None) -> Dsf:
    """Ask for the DSF of an open procedure with an assignation (``by`` None: the job)."""
    today = today or clock.today()
    procedure = (
        Procedure.objects.select_for_update().select_related("household").get(pk=procedure.pk)
    )
    household = procedure.household
    require_group(
        by, household=household, group=SUIVI, message="Votre organisation n'a pas accès au suivi."
    )
    if procedure.closed_on is not None or not _has_assignation(procedure.pk):
        raise BusinessError(NO_ASSIGNATION)
    if Dsf.objects.filter(procedure_id=procedure.pk).exists():
        raise BusinessError("Un DSF est déjà demandé pour cette procédure.")
    organisation = designated_organisation(household.departement_id)
    try:
        with transaction.atomic():
            dsf = Dsf.objects.create(
                household_id=household.pk,
                departement_id=household.departement_id,
                procedure_id=procedure.pk,
                assigned_to=organisation,
                requested_on=today,
                hearing_date=latest_hearing(procedure.pk),
            )
    except IntegrityError:  # asked at the same moment by someone else
        raise BusinessError("Un DSF est déjà demandé pour cette procédure.") from None
    involvement_add(
        household=household,
        organisation=organisation,
        reason=InvolvementReason.DESIGNATION,
        starts_on=today,
        by=by,
    )
    audit.log_write(dsf_status_entry(dsf=dsf, old_status="", by=by, created=True))
    return dsf


def dsf_requests_for_assignations(*, today=None) -> int:
    """Job: ask for the DSF of every open procedure with an assignation and none yet
    (neither asked here nor recorded as a « DSF » act since the assignation), unless the
    judgment that followed that assignation is already in: the DSF is for the judge.
    Idempotent (one DSF per procedure); returns how many were asked.

    Nor when the latest hearing (the assignation's, or the one an adjournment moved it to)
    is already past: the DSF goes to the judge before the hearing, and one asked after it
    can only be late (docs/decisions/2026-12-06-no-dsf-after-the-hearing.md). A renvoi
    recorded later brings a new hearing, and the next run asks."""
    today = today or clock.today()
    pending = (
        Procedure.objects.filter(closed_on__isnull=True)
        .filter(Exists(Event.objects.filter(procedure=OuterRef("pk"), stage=Stage.ASSIGNATION)))
        .filter(~Exists(Dsf.objects.filter(procedure=OuterRef("pk"))))
        .filter(~dsf_act_since_assignation("pk"))
        .filter(~act_since_assignation("pk", Stage.JUGEMENT))
        .annotate(latest_hearing=latest_hearing_of("pk"))
        .exclude(latest_hearing__lt=today)
        .order_by("id")
    )
    created = 0
    with audit.write_channel("SYSTEM"):
        for procedure in pending.iterator(chunk_size=500):
            try:
                dsf_request(procedure=procedure, by=None, today=today)
            except BusinessError:
                continue  # already asked meanwhile, or no designated organisation
            created += 1
    return created


def _transition(dsf: Dsf, by: Membership, status: str, group: str) -> tuple[Dsf, str]:
    dsf = Dsf.objects.select_for_update().select_related("household", "assigned_to").get(pk=dsf.pk)
    require_group(by, household=dsf.household, group=group)
    refuse_anonymised(dsf.household_id)
    if status not in NEXT[dsf.status]:
        if dsf.status == DsfStatus.TRANSMIS:
            raise BusinessError(SENT)
        raise BusinessError(
            f"Un DSF « {dsf.get_status_display().lower()} » ne peut pas passer à "
            f"« {DsfStatus(status).label.lower()} »."
        )
    old = dsf.status
    dsf.status = status
    return dsf, old


def day_start(day: datetime.date) -> datetime.datetime:
    """The first instant of ``day`` in the current time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def appointment_alert_message(appointment_at: datetime.datetime) -> str:
    """What the « rendez-vous passé sans suite » alert says (``alerts.py``)."""
    return (
        f"Rendez-vous DSF du {timezone.localtime(appointment_at):%d/%m/%Y à %H:%M} passé "
        "sans suite : noter s'il a eu lieu ou l'absence du ménage"
    )


def _close_appointment_alert(dsf: Dsf) -> None:
    """The outcome of a past appointment is recorded (done, absent, sent, or a new
    appointment from today on): its alert closes at once, not at the next night's run.
    An appointment moved to another past day keeps it (the job moves its date)."""
    if dsf.status == DsfStatus.RDV and dsf.appointment_at < day_start(clock.today()):
        return
    Alert.objects.filter(
        dsf_id=dsf.pk, kind=AlertKind.DSF_RDV_SANS_SUITE, resolved_on__isnull=True
    ).update(resolved_on=clock.today())


def _not_future(day: datetime.date, what: str) -> None:
    if day > clock.today():
        raise BusinessError(f"{what} ne peut pas être dans le futur.")


@transaction.atomic
def dsf_schedule(*, dsf: Dsf, by: Membership, appointment_at: datetime.datetime) -> Dsf:
    dsf, old = _transition(dsf, by, DsfStatus.RDV, SUIVI)
    if timezone.is_naive(appointment_at):
        appointment_at = timezone.make_aware(appointment_at)
    if appointment_at.date() < dsf.requested_on:
        raise BusinessError("Le rendez-vous ne peut pas précéder la demande de DSF.")
    dsf.appointment_at = appointment_at
    dsf.save(update_fields=["status", "appointment_at"])
    audit.log_write(dsf_status_entry(dsf=dsf, old_status=old, by=by))
    _close_appointment_alert(dsf)
    return dsf


@transaction.atomic
def dsf_mark_absent(*, dsf: Dsf, by: Membership, on: datetime.date) -> Dsf:
    dsf, old = _transition(dsf, by, DsfStatus.ABSENT, SUIVI)
    _not_future(on, "La date de l'absence")
    dsf.done_on = on
    dsf.save(update_fields=["status", "done_on"])
    audit.log_write(dsf_status_entry(dsf=dsf, old_status=old, by=by))
    _close_appointment_alert(dsf)
    return dsf


@transaction.atomic
def dsf_mark_done(*, dsf: Dsf, by: Membership, on: datetime.date) -> Dsf:
    dsf, old = _transition(dsf, by, DsfStatus.REALISE, FieldGroup.SOCIAL)
    _not_future(on, "La date de réalisation")
    if on < dsf.requested_on:
        raise BusinessError("Le DSF ne peut pas être réalisé avant d'avoir été demandé.")
    if not dsf.opinion.strip():
        raise BusinessError(
            "Saisissez l'avis du travailleur social avant de déclarer le DSF réalisé."
        )
    dsf.done_on = on
    dsf.save(update_fields=["status", "done_on"])
    audit.log_write(dsf_status_entry(dsf=dsf, old_status=old, by=by))
    _close_appointment_alert(dsf)
    return dsf


@transaction.atomic
def dsf_send(*, dsf: Dsf, by: Membership, on: datetime.date) -> Dsf:
    """The DSF (done, or noting the household's absence) is sent to the court."""
    dsf, old = _transition(dsf, by, DsfStatus.TRANSMIS, FieldGroup.SOCIAL)
    _not_future(on, "La date de transmission")
    if dsf.done_on and on < dsf.done_on:
        raise BusinessError("Le DSF ne peut pas être transmis avant d'avoir été réalisé.")
    dsf.sent_on = on
    dsf.save(update_fields=["status", "sent_on"])
    audit.log_write(dsf_status_entry(dsf=dsf, old_status=old, by=by))
    _record_act(dsf, by, on)
    _close_appointment_alert(dsf)
    return dsf


def _record_act(dsf: Dsf, by: Membership, on: datetime.date) -> None:
    """The procedure learns that its DSF went to the judge: a « DSF » act of that date, by
    the sender's organisation, unless one is already recorded since the latest assignation
    (by an import or another partner). A DSF « sent » after the judgment is refused, the
    whole step with it; one sent before acts already keyed in (the worker updates the
    follow-up after the judgment came in) is placed at its date, with the usual
    « antérieur au dernier acte » flag (docs/decisions/2026-12-06-dsf-act-counts.md)."""
    if (
        Procedure.objects.filter(pk=dsf.procedure_id)
        .filter(dsf_act_since_assignation("pk"))
        .exists()
    ):
        return
    procedure = Procedure.objects.get(pk=dsf.procedure_id)
    if procedure.closed_on is not None:
        return  # the follow-up outlives the procedure; a closed one takes no act
    acts = list(
        Event.objects.filter(procedure_id=procedure.pk, pending_review=False).values_list(
            "stage", "date"
        )
    )
    assigned = max((day for stage, day in acts if stage == Stage.ASSIGNATION), default=None)
    judged = [
        day
        for stage, day in acts
        if stage == Stage.JUGEMENT and assigned is not None and assigned <= day < on
    ]
    refusal = f"Le DSF ne peut pas être déclaré transmis le {on:%d/%m/%Y} : "
    if judged:
        raise BusinessError(
            f"{refusal}le jugement du {max(judged):%d/%m/%Y} est déjà enregistré, et un DSF "
            "se transmet au juge avant l'audience. Indiquez le jour où il a été transmis."
        )
    try:
        event_record(
            procedure=procedure,
            stage=Stage.DSF,
            date=on,
            by=by,
            notes="Transmis au juge depuis le suivi du DSF.",
            strict=all(day <= on for _, day in acts),
        )
    except BusinessError as error:
        reason = " ".join(error.messages)
        raise BusinessError(f"{refusal}{reason[:1].lower()}{reason[1:]}") from None


# --------------------------------------------------------------------------- content

CONTENT_FIELDS = (
    "composition",
    "resources",
    "charges",
    "debt_amount",
    "debt_origin",
    "first_unpaid_on",
    "causes",
    "causes_note",
    "rights",
    "wish",
    "proposal_monthly",
    "proposal_delay_months",
    "proposal_note",
    "opinion",
)


def _amount(value, what: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise BusinessError(f"{what} : montant invalide (« {value} »).") from None
    if not amount.is_finite() or amount < 0:
        raise BusinessError(f"{what} : le montant ne peut pas être négatif.")
    if amount >= Decimal("100000000"):
        raise BusinessError(f"{what} : montant trop élevé.")
    return amount


def _amounts_by_type(values: dict, choices, what: str) -> dict[str, str]:
    cleaned = {}
    for key, value in (values or {}).items():
        if key not in choices.values:
            raise BusinessError(f"{what} : type inconnu « {key} ».")
        amount = _amount(value, f"{what} ({choices(key).label})")
        if amount:
            cleaned[key] = str(amount)
    return cleaned


def clean_content(values: dict) -> dict:
    unknown = set(values) - set(CONTENT_FIELDS)
    if unknown:
        raise BusinessError(f"Champs inconnus : {', '.join(sorted(unknown))}.")
    out = dict(values)
    if "resources" in out:
        out["resources"] = _amounts_by_type(out["resources"], ResourceType, "Ressources")
    if "charges" in out:
        out["charges"] = _amounts_by_type(out["charges"], ChargeType, "Charges")
    for name, what in (("debt_amount", "Dette"), ("proposal_monthly", "Reprise proposée")):
        if name in out:
            out[name] = _amount(out[name], what)
    if "causes" in out:
        causes = list(dict.fromkeys(out["causes"] or []))
        for cause in causes:
            if cause not in DebtCause.values:
                raise BusinessError(f"Cause inconnue : « {cause} ».")
        out["causes"] = causes
    if "rights" in out:
        rights = {}
        for right, status in (out["rights"] or {}).items():
            if right not in RightType.values or status not in RightStatus.values:
                raise BusinessError(f"Droit ou état inconnu : « {right} » / « {status} ».")
            rights[right] = status
        out["rights"] = rights
    if out.get("wish") and out["wish"] not in Wish.values:
        raise BusinessError(f"Souhait inconnu : « {out['wish']} ».")
    delay = out.get("proposal_delay_months")
    if delay is not None and not (0 <= int(delay) <= 36):
        raise BusinessError("Les délais demandés au juge vont de 0 à 36 mois.")
    first = out.get("first_unpaid_on")
    if first is not None:
        _not_future(first, "La date du premier loyer impayé")
    for name in ("composition", "debt_origin", "causes_note", "proposal_note", "opinion"):
        if name in out:
            out[name] = (out[name] or "").strip()
    if "debt_origin" in out:
        out["debt_origin"] = out["debt_origin"][:300]
    return out


@transaction.atomic
def dsf_update_content(*, dsf: Dsf, by: Membership, **values) -> Dsf:
    """Write the DSF's content (SOCIAL group), refused once it is sent to the court."""
    dsf = Dsf.objects.select_for_update().select_related("household").get(pk=dsf.pk)
    require_group(
        by,
        household=dsf.household,
        group=FieldGroup.SOCIAL,
        message="Seuls les travailleurs sociaux impliqués rédigent le DSF.",
    )
    refuse_anonymised(dsf.household_id)
    if dsf.status == DsfStatus.TRANSMIS:
        raise BusinessError(SENT)
    cleaned = clean_content(values)
    changed = [name for name, value in cleaned.items() if getattr(dsf, name) != value]
    if not changed:
        return dsf
    for name in changed:
        setattr(dsf, name, cleaned[name])
    dsf.content_by_id = by.user_id
    dsf.content_at = timezone.now()
    dsf.save(update_fields=[*changed, "content_by", "content_at"])
    audit.log_write(dsf_content_entry(dsf=dsf, changed=changed, by=by))
    return dsf
