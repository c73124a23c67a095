"""The job that builds the COMEX agenda from the files waiting for the préfet's decision
on the « concours de la force publique » (re-exported by ``cfp.py``).

The agenda's ``saisine_create`` lives in the agenda work; until it is merged, the CFP
saisines are written here by one small private function that keeps the uniqueness of
open saisines (one open saisine per file and commission) and leaves a history entry.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from prevex.access.groups import FieldGroup
from prevex.audit import services as audit
from prevex.audit.services import WriteEntry
from prevex.households.history import change, display
from prevex.procedures.models import Procedure, Stage

from .choices import CommissionKind, SaisineReason, SaisineStatus
from .models import Commission, Saisine

OPEN_SAISINE = (SaisineStatus.PROPOSEE, SaisineStatus.INSCRITE)


def _d(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def comex_for(commissions: list[Commission], commune_id: str) -> Commission | None:
    """The COMEX whose territory holds the commune: one listing it first, else one for
    the whole département (no commune), lowest id first."""
    listed = [c for c in commissions if commune_id in {x.pk for x in c.communes.all()}]
    whole = [c for c in commissions if not c.communes.all()]
    found = sorted(listed, key=lambda c: c.pk) or sorted(whole, key=lambda c: c.pk)
    return found[0] if found else None


def _saisine_entry(saisine: Saisine, commission: Commission, rfp_on) -> WriteEntry:
    return WriteEntry(
        household_id=saisine.household_id,
        object_type="SAISINE",
        object_id=saisine.pk,
        field_group=FieldGroup.PROCEDURE,
        summary=f"Proposé à la {commission.name} (réquisition du {_d(rfp_on)})",
        changes=[change(Saisine, "reason", "", display(Saisine, "reason", saisine.reason))],
        by=None,
    )


def _saisine_open(*, procedure: Procedure, commission: Commission) -> Saisine | None:
    """A CFP saisine of the file to the COMEX (the system's; None if an open one of the
    file and commission appeared meanwhile: the uniqueness of open saisines holds)."""
    try:
        with transaction.atomic():
            saisine = Saisine.objects.create(
                household_id=procedure.household_id,
                departement_id=procedure.departement_id,
                commission=commission,
                procedure=procedure,
                reason=SaisineReason.CFP,
                motive="Réquisition de la force publique en attente de décision du préfet.",
                proposed_for=procedure.stage_date,
            )
            audit.log_write(_saisine_entry(saisine, commission, procedure.stage_date))
    except IntegrityError:
        return None
    return saisine


def comex_saisines_refresh(*, today=None) -> int:
    """Job: propose each file waiting for the préfet's decision to the active COMEX of
    its territory, once per réquisition (a saisine withdrawn or examined for it is not
    proposed again; an open saisine of the file to that COMEX is kept). Idempotent;
    returns how many saisines were created."""
    del today  # the files are those at RFP now; kept for the job's common signature
    commissions: dict[str, list[Commission]] = {}
    for commission in (
        Commission.objects.filter(kind=CommissionKind.COMEX, is_active=True)
        .prefetch_related("communes")
        .order_by("departement_id", "id")
    ):
        commissions.setdefault(commission.departement_id, []).append(commission)
    if not commissions:
        return 0
    procedures = list(
        Procedure.objects.filter(
            closed_on__isnull=True, stage=Stage.RFP, departement_id__in=list(commissions)
        )
        .select_related("household")
        .order_by("departement_id", "id")
    )
    ids = [p.pk for p in procedures]
    # The latest CFP saisine of each procedure and COMEX (whatever its status).
    proposed: dict[tuple[int, int], datetime.date] = {}
    for pk, commission_id, day in (
        Saisine.objects.filter(reason=SaisineReason.CFP, procedure_id__in=ids)
        .order_by("proposed_for", "id")
        .values_list("procedure_id", "commission_id", "proposed_for")
    ):
        proposed[(pk, commission_id)] = day
    open_pairs = set(
        Saisine.objects.filter(
            status__in=OPEN_SAISINE, household_id__in=[p.household_id for p in procedures]
        )
        .order_by("id")
        .values_list("household_id", "commission_id")
    )
    created = 0
    with audit.write_channel("SYSTEM"):
        for procedure in procedures:
            commission = comex_for(
                commissions[procedure.departement_id], procedure.household.commune_id
            )
            if commission is None or (procedure.household_id, commission.pk) in open_pairs:
                continue
            last = proposed.get((procedure.pk, commission.pk))
            if last is not None and last >= procedure.stage_date:
                continue  # already proposed for this réquisition
            if _saisine_open(procedure=procedure, commission=commission) is not None:
                open_pairs.add((procedure.household_id, commission.pk))
                created += 1
    return created
