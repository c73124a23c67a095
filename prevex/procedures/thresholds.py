"""The reporting threshold of a commandement de payer to the CCAPEX.

A bailiff serving a CDP for a private landlord (a natural person or a family SCI) reports
it to the CCAPEX when the arrears reach the threshold set by the préfet's order (loi 1989
art. 24 I; décret n° 2015-1384; national floor since loi 2023-668): the tenant has been
in arrears for ``CDP_SIGNALEMENT_SEUIL_MOIS`` months without a break, or the debt reaches
``CDP_SIGNALEMENT_SEUIL_LOYERS`` times the monthly rent without charges. Both rules are
dated and may be overridden per département; the one in force on the CDP's date applies.

``report_required`` is true while such a CDP has no signalement to the CCAPEX on or after
its date: the file shows « signalement à la CCAPEX requis » and the dashboard filters on it
(``Procedure.ccapex_report_required``, refreshed with the other computed fields).
"""

from __future__ import annotations

from decimal import Decimal

from .models import Stage
from .rules import RuleBook, add_months

S = Stage
PRIVATE_LANDLORDS = frozenset({"PERSONNE_PHYSIQUE", "SCI_FAMILIALE"})
FLAG_TEXT = "Signalement à la CCAPEX requis"


def threshold_reached(events, cdp, rulebook: RuleBook, monthly_rent) -> str | None:
    """Why this CDP reaches the threshold in force on its date (French), or None."""
    months = rulebook.find("CDP_SIGNALEMENT_SEUIL_MOIS", on=cdp.date)
    multiple = rulebook.find("CDP_SIGNALEMENT_SEUIL_LOYERS", on=cdp.date)
    first_unpaid = next((e for e in events if e.stage == S.IMPAYE and e.date <= cdp.date), None)
    if (
        months is not None
        and first_unpaid is not None
        and add_months(first_unpaid.date, months.value) <= cdp.date
    ):
        return f"impayés depuis au moins {months.value} mois au commandement ({months.short_basis})"
    debt = cdp.debt_amount
    if (
        multiple is not None
        and debt is not None
        and monthly_rent
        and Decimal(debt) >= multiple.value * Decimal(monthly_rent)
    ):
        return f"dette d'au moins {multiple.value} fois le loyer ({multiple.short_basis})"
    return None


def report_required(events, rulebook: RuleBook, *, monthly_rent=None, landlord_type="") -> bool:
    """A private landlord's last CDP reaches the threshold and was not reported since."""
    return (
        report_reason(events, rulebook, monthly_rent=monthly_rent, landlord_type=landlord_type)
        is not None
    )


def report_reason(events, rulebook: RuleBook, *, monthly_rent=None, landlord_type="") -> str | None:
    if landlord_type not in PRIVATE_LANDLORDS:
        return None
    cdps = [e for e in events if e.stage == S.CDP]
    if not cdps:
        return None
    cdp = cdps[-1]
    if any(e.stage == S.SIGNALEMENT and e.date >= cdp.date for e in events):
        return None
    return threshold_reached(events, cdp, rulebook, monthly_rent)
