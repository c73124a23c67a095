"""The procedures' step when a household's lease date, rent, charges or landlord type
change (prevex/core/household_facts.py): its open procedures' stored deadline and
CCAPEX flag are computed again, in the same transaction."""

from __future__ import annotations

from prevex.core.household_facts import register

from .models import Procedure
from .services import procedure_refresh


def refresh_open_procedures(*, household_id: int, fields: set[str]) -> None:
    del fields  # every stored computation reads the household's facts together
    for procedure in Procedure.objects.filter(household_id=household_id, closed_on__isnull=True):
        procedure_refresh(procedure=procedure)


register("procedures", refresh_open_procedures)
