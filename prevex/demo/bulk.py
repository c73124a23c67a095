"""Bulk generation for the benchmarks: 100,000 households in a few minutes.

Same people and procedure plans as the demo (``people.py``, ``scenarios.py``: every
act respects the dated legal rules), written in batches through the bulk services
(``household_create_many``, ``procedure_open_many``, ``involvement_add_many``): the
same checks, search text, matching keys and denormalised fields as every other writer,
without a per-row query.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from prevex.accounts.models import Organisation, OrganisationType
from prevex.audit.models import WriteChannel
from prevex.audit.services import channel_in_force, write_channel
from prevex.core import clock
from prevex.core.models import Commune, PostalCode
from prevex.households.models import Parc
from prevex.households.services import (
    HouseholdDraft,
    household_create_many,
    last_reference_number,
)
from prevex.procedures.models import Channel
from prevex.procedures.rules import RuleBook
from prevex.procedures.services import ActDraft, ProcedureDraft, procedure_open_many
from prevex.synth.population import People, commune_picker

from .scenarios import plan_household

BATCH_SIZE = 5000
DAY = datetime.timedelta(days=1)


@dataclass
class BulkCounts:
    households: int = 0
    members: int = 0
    procedures: int = 0
    events: int = 0
    involvements: int = 0


class _Rows:
    """Drafts of one batch: households, and the procedures of each (by index)."""

    def __init__(self):
        self.households: list[HouseholdDraft] = []
        self.procedures: list[tuple[int, ProcedureDraft]] = []


def bulk_generate(
    *,
    n: int,
    seed: int,
    departement: str = "93",
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> BulkCounts:
    """Create ``n`` households of ``departement`` with members, contacts, procedures and
    events. Territories and legal rules must be loaded. Social-sector households are
    linked to the département's first social landlord organisation when there is one."""
    today = clock.today()
    rng = random.Random(seed)
    people = People(seed, rng)
    rules = RuleBook.for_departement(departement)
    communes = list(
        Commune.objects.filter(departement_id=departement, population__gt=0).order_by("insee")
    )
    if not communes:
        raise ValueError(f"Aucune commune chargée pour le département {departement}.")
    postcodes: dict[str, str] = {}
    for code, insee in (
        PostalCode.objects.filter(commune__in=communes)
        .order_by("code", "id")
        .values_list("code", "commune_id")
    ):
        postcodes.setdefault(insee, code)
    pick_commune = commune_picker(rng, communes)
    social_landlord = (
        Organisation.objects.filter(
            departement_id=departement, type=OrganisationType.BAILLEUR_SOCIAL
        )
        .order_by("id")
        .first()
    )
    prefix = f"{departement}-B{seed % 1000:03d}-"
    number = last_reference_number(prefix)
    counts = BulkCounts()
    done = 0
    while done < n:
        size = min(batch_size, n - done)
        rows = _Rows()
        for _ in range(size):
            number += 1
            _draw_household(rows, people, rng, rules, today, pick_commune, postcodes,
                            social_landlord, departement, f"{prefix}{number:07d}")  # fmt: skip
        _write(rows, counts, social_landlord, today, batch_size)
        done += size
        if progress:
            progress(done)
    return counts


def _draw_household(rows, people, rng, rules, today, pick_commune, postcodes, social_landlord,
                    departement, reference) -> None:  # fmt: skip
    profile = people.household(today)
    commune = pick_commune()
    social = profile.parc == Parc.SOCIAL
    plans = plan_household(
        rng, rules=rules, today=today, social=social, monthly_cost=profile.monthly_cost
    )
    landlord = social_landlord if profile.landlord_key == "SOCIAL" else None
    index = len(rows.households)
    rows.households.append(
        HouseholdDraft(
            departement=departement,
            reference=reference,
            composition=profile.composition,
            address=profile.address,
            address_complement=profile.address_complement,
            postal_code=postcodes.get(commune.insee, "93000"),
            commune_id=commune.insee,
            parc=profile.parc,
            rent=profile.rent,
            charges=profile.charges,
            landlord=landlord,
            landlord_name=landlord.name if landlord else profile.landlord_name,
            landlord_type=profile.landlord_type,
            monthly_resources=profile.monthly_resources,
            informed_on=min(today, plans[0].opened_on + 20 * DAY) if rng.random() < 0.7 else None,
            members=list(profile.members),
            contacts=list(profile.contacts),
            vulnerabilities=list(profile.vulnerabilities),
        )
    )
    for plan in plans:
        acts = [
            ActDraft(
                stage=e.stage,
                date=e.date,
                debt_amount=e.debt_amount,
                hearing_date=e.hearing_date,
                decision=e.decision,
                contradictoire=e.contradictoire,
                grace_months=e.grace_months,
                cfp_decision=e.cfp_decision,
                notes=e.notes,
            )
            for e in plan.events
        ]
        draft = ProcedureDraft(
            household_id=0, ground=plan.ground, acts=acts,
            closed_on=plan.closed_on, outcome=plan.outcome if plan.closed_on else "",
        )  # fmt: skip
        rows.procedures.append((index, draft))


def _write(rows: _Rows, counts: BulkCounts, social_landlord, today, batch_size) -> None:
    with transaction.atomic(), write_channel(channel_in_force() or WriteChannel.DEMO):
        households = household_create_many(by=None, drafts=rows.households)
        procedures = []
        for index, draft in rows.procedures:
            draft.household_id = households[index].pk
            procedures.append(draft)
        procedure_open_many(procedures=procedures, by=None, channel=Channel.GENERATOR)
    # The social landlord's involvement comes with the household (``landlord``).
    counts.households += len(households)
    counts.members += sum(len(d.members) for d in rows.households)
    counts.procedures += len(procedures)
    counts.events += sum(len(p.acts) for p in procedures)
    counts.involvements += sum(
        1 for h in households if social_landlord is not None and h.landlord_id == social_landlord.pk
    )
