"""The dates a judgment gets after it is recorded: an instalment of its payment plan
missed (landlord or bailiff), its signification (the form of the file page, and the
imports and the API through ``judgments_served_many``). Part of the procedures' one write
path: re-exported by ``prevex.procedures.services``, which they use (imported in the
functions: services imports this module)."""

from __future__ import annotations

import datetime

from django.db import transaction

from prevex.access.policy import check_landlord_of_record, may_record_act
from prevex.accounts.models import Membership
from prevex.audit import services as audit
from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.households.services import refuse_anonymised

from . import history
from .book import d
from .models import Event, Stage

# Who records that an instalment of a payment plan was missed: the landlord (it is owed
# the money) or the bailiff (commissaire de justice, who serves the CQL that follows).
INSTALMENT_RECORDERS = frozenset({"BAILLEUR_SOCIAL", "BAILLEUR_PRIVE", "COMMISSAIRE_JUSTICE"})


@transaction.atomic
def instalment_missed_record(
    *, event: Event, missed_on: datetime.date, by: Membership | None
) -> Event:
    """Record that an instalment of the payment plan of a conditional judgment was not
    paid (landlord or bailiff): the clause résolutoire revives (loi 1989 art. 24 V and
    VII) and the deadlines that follow it are computed from that day."""
    from . import services
    from .payments import schedule_of

    locked = Event.objects.select_for_update().select_related("procedure").get(pk=event.pk)
    procedure = locked.procedure
    if by is not None and by.organisation.type not in INSTALMENT_RECORDERS:
        raise BusinessError(
            "Seuls le bailleur et le commissaire de justice enregistrent une échéance impayée."
        )
    services._require_file(
        by, household_id=procedure.household_id, departement_id=procedure.departement_id
    )
    check_landlord_of_record(actor=by, household_id=procedure.household_id)
    if procedure.closed_on is not None:
        raise BusinessError(f"Cette procédure est clôturée depuis le {d(procedure.closed_on)}.")
    plan = schedule_of([locked])
    if plan is None:
        raise BusinessError(
            "Seul un jugement conditionnel avec un plan de paiement (durée et première "
            "échéance) peut avoir une échéance impayée."
        )
    if missed_on > clock.today():
        raise BusinessError(f"L'échéance du {d(missed_on)} n'est pas encore due.")
    if missed_on not in plan.dues:
        dues = ", ".join(d(day) for day in plan.dues[:3])
        raise BusinessError(
            f"Le {d(missed_on)} n'est pas une échéance du plan (échéances mensuelles à partir "
            f"du {d(plan.dues[0])} : {dues}…)."
        )
    if locked.instalment_missed_on is not None:
        raise BusinessError(
            f"Une échéance impayée est déjà enregistrée (le {d(locked.instalment_missed_on)})."
        )
    _judgment_date_set(
        event, locked, by, "instalment_missed_on", missed_on,
        label="Échéance impayée le",
        summary=f"Échéance du plan de paiement impayée le {d(missed_on)}",
    )  # fmt: skip
    return event


def _judgment_date_set(event, locked, by, field, day, *, label, summary) -> None:
    """Write a date the judgment did not carry yet (``field`` was empty), its history entry,
    and the procedure's computed fields; ``event`` (the caller's copy) gets it too."""
    from . import services

    setattr(locked, field, day)
    locked.save(update_fields=[field])
    change = {"field": field, "label": label, "old": "", "new": d(day)}
    procedure = locked.procedure
    audit.log_writes_many(
        [
            history.event_changed_entry(
                event=locked,
                household_id=procedure.household_id,
                by=by,
                summary=summary,
                changes=[change],
            )
        ]
    )
    services.procedure_refresh(procedure=procedure)
    setattr(event, field, day)


# The judgment's signification is recorded by those who record its execution, the CQL
# (by default the commissaire de justice who serves both, and the CCAPEX secretariat).
SERVED_RECORDED_WITH = Stage.CQL


@transaction.atomic
def judgment_served_record(
    *, event: Event, served_on: datetime.date, by: Membership | None
) -> Event:
    """Record the day a judgment was served on the tenant (signification): the délais of
    a judgment that is not contradictoire run from it (CPC art. 511), and the eviction
    date is computed from it (docs/decisions/2026-12-06-grace-from-the-signification.md)."""
    from . import services

    locked = Event.objects.select_for_update().select_related("procedure").get(pk=event.pk)
    procedure = locked.procedure
    if by is not None and not may_record_act(by.organisation, SERVED_RECORDED_WITH):
        raise BusinessError(
            "Seules les organisations qui enregistrent le commandement de quitter les lieux "
            "enregistrent la signification d'un jugement."
        )
    services._require_file(
        by, household_id=procedure.household_id, departement_id=procedure.departement_id
    )
    refuse_anonymised(procedure.household_id)
    if procedure.closed_on is not None:
        raise BusinessError(f"Cette procédure est clôturée depuis le {d(procedure.closed_on)}.")
    refusal = served_on_refusal(judgment=locked, served_on=served_on)
    if refusal:
        raise BusinessError(refusal)
    _judgment_date_set(
        event, locked, by, "served_on", served_on,
        label="Jugement signifié le",
        summary=f"Jugement du {d(locked.date)} signifié le {d(served_on)}",
    )  # fmt: skip
    return event


def served_on_refusal(*, judgment: Event, served_on: datetime.date) -> str:
    """Why ``served_on`` cannot be recorded as the signification of ``judgment`` (an act
    already stored), in French; empty when it can. The one list of checks of the form
    (``judgment_served_record``), the imports and the API (``judgments_served_many``):
    only a judgment, once, never in the future, never before the judgment, never after
    the first CQL that follows it (the CQL executes it: it was served by then)."""
    if judgment.stage != Stage.JUGEMENT:
        return "Seul un jugement a une date de signification."
    if judgment.served_on is not None and judgment.served_on != served_on:
        return (
            f"La signification de ce jugement est déjà enregistrée (le "
            f"{d(judgment.served_on)}) : elle ne se remplace pas. Si elle est erronée, "
            "adressez-vous au secrétariat de la CCAPEX."
        )
    if judgment.served_on is not None:
        return "La signification de ce jugement est déjà enregistrée (le " + (
            f"{d(judgment.served_on)})."
        )
    if served_on > clock.today():
        return (
            f"La date de signification ({d(served_on)}) est dans le futur : seules les "
            "significations déjà faites s'enregistrent."
        )
    if served_on < judgment.date:
        return (
            f"Le jugement ne peut avoir été signifié ({d(served_on)}) avant d'être rendu "
            f"({d(judgment.date)})."
        )
    cql = (
        Event.objects.filter(
            procedure_id=judgment.procedure_id,
            stage=Stage.CQL,
            date__gte=judgment.date,
            pending_review=False,
        )
        .order_by("date")
        .first()
    )
    if cql is not None and served_on > cql.date:
        return (
            f"Le jugement a été signifié au plus tard avec le commandement de quitter les "
            f"lieux du {d(cql.date)}, qui l'exécute (CPC art. 503) : la date "
            f"({d(served_on)}) ne peut le suivre."
        )
    return ""


@transaction.atomic
def judgments_served_many(
    *, served: list[tuple[Event, datetime.date]], by: Membership | None
) -> int:
    """Record the signification of judgments already stored, sent again with it by an
    import or the API (the caller checked each with ``served_on_refusal`` and refused the
    row otherwise; checked again here). Each written once, with its history entry; the
    procedures' computed fields refreshed. Returns how many were written."""
    written = 0
    for event, served_on in served:
        locked = Event.objects.select_for_update().select_related("procedure").get(pk=event.pk)
        if locked.served_on == served_on:
            continue
        refuse_anonymised(locked.procedure.household_id)
        if locked.procedure.closed_on is not None:
            raise BusinessError(
                f"Cette procédure est clôturée depuis le {d(locked.procedure.closed_on)}."
            )
        refusal = served_on_refusal(judgment=locked, served_on=served_on)
        if refusal:
            raise BusinessError(refusal)
        _judgment_date_set(
            event, locked, by, "served_on", served_on,
            label="Jugement signifié le",
            summary=f"Jugement du {d(locked.date)} signifié le {d(served_on)}",
        )  # fmt: skip
        written += 1
    return written
