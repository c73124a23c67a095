"""``demo_setup``: the whole demo département in one idempotent call (demo mode only)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from prevex.core.territories import load_territories
from prevex.households.models import Household
from prevex.synth.api import already_generated, generate

from .accounts import DEMO_DEPARTEMENT, DemoLogin, demo_accounts_setup, ensure_demo_mode
from .commissions import demo_commissions
from .follow_up import demo_follow_up
from .generator import generate_demo_households
from .imports import demo_import

DEFAULT_HOUSEHOLDS = 400
DEFAULT_SEED = 93


@dataclass
class DemoSummary:
    logins: list[DemoLogin]
    households_created: int
    households_total: int


HISTORY_YEARS = "2017-2024"
HISTORY_SEED = 93


def demo_setup(
    *,
    households: int = DEFAULT_HOUSEHOLDS,
    seed: int = DEFAULT_SEED,
    history_scale: float = 0.0,
) -> DemoSummary:
    """Territories of the 93, demo organisations and accounts, then the demo households
    unless the demo secretariat already has files (a second run changes nothing).

    With ``history_scale`` > 0, also the calibrated history of the 93 (preset « 93 »,
    2017–2024, prevex.synth) at that scale, once.
    """
    ensure_demo_mode()
    load_territories(departements=[DEMO_DEPARTEMENT])
    with transaction.atomic():
        organisations, memberships, logins = demo_accounts_setup()
    ccapex_user = memberships["ETAT_CCAPEX"].user
    before = Household.objects.filter(departement_id=DEMO_DEPARTEMENT).count()
    if households and not Household.objects.filter(created_by=ccapex_user).exists():
        generate_demo_households(
            organisations=organisations,
            memberships=memberships,
            n=households,
            seed=seed,
            departement=DEMO_DEPARTEMENT,
        )
    if history_scale > 0 and not already_generated(departement=DEMO_DEPARTEMENT, seed=HISTORY_SEED):
        generate(
            preset=DEMO_DEPARTEMENT,
            years=HISTORY_YEARS,
            seed=HISTORY_SEED,
            scale=history_scale,
            format="db",
            organisations=organisations,
        )
    demo_follow_up(memberships=memberships, departement=DEMO_DEPARTEMENT)
    demo_commissions(
        organisations=organisations, memberships=memberships, departement=DEMO_DEPARTEMENT
    )
    demo_import(organisations=organisations, memberships=memberships, departement=DEMO_DEPARTEMENT)
    total = Household.objects.filter(departement_id=DEMO_DEPARTEMENT).count()
    return DemoSummary(logins=logins, households_created=total - before, households_total=total)
