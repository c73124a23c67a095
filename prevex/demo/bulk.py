"""Bulk generation for the benchmarks: 100,000 households in a few minutes.

Same people and procedure plans as the demo (``people.py``, ``scenarios.py``: every
act respects the dated legal rules), written with ``bulk_create`` in batches instead of
the services. The denormalised procedure fields come from the same function the
services use (``refresh_procedure_fields``), computed in Python: no per-row query.
Not for real data: nothing here is journaled or checked the way the services check it.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from prevex.accounts.models import Organisation, OrganisationType
from prevex.core import clock
from prevex.core.models import Commune, PostalCode
from prevex.households.models import (
    ContactChannel,
    Household,
    Involvement,
    InvolvementReason,
    Member,
    Parc,
    Vulnerability,
)
from prevex.households.services import compute_search_text, last_reference_number
from prevex.procedures.deadlines import refresh_procedure_fields
from prevex.procedures.models import Event, Procedure
from prevex.procedures.rules import RuleBook
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
    """Unsaved rows of one batch, with the links to set once parents have their ids."""

    def __init__(self):
        self.households: list[Household] = []
        self.children: list[tuple[int, object]] = []  # (household index, member/contact/…)
        self.procedures: list[tuple[int, Procedure, list[Event]]] = []


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
    members = [Member(**m) for m in profile.members]
    household = Household(
        departement_id=departement,
        reference=reference,
        composition=profile.composition,
        address=profile.address,
        address_complement=profile.address_complement,
        postal_code=postcodes.get(commune.insee, "93000"),
        commune=commune,
        parc=profile.parc,
        rent=profile.rent,
        charges=profile.charges,
        landlord=landlord,
        landlord_name=landlord.name if landlord else profile.landlord_name,
        landlord_type=profile.landlord_type,
        monthly_resources=profile.monthly_resources,
        informed_on=min(today, plans[0].opened_on + 20 * DAY) if rng.random() < 0.7 else None,
        search_text=compute_search_text(
            members=members, address=profile.address, commune_name=commune.name
        ),
    )
    rows.households.append(household)
    rows.children += [(index, m) for m in members]
    rows.children += [(index, ContactChannel(**c)) for c in profile.contacts]
    rows.children += [(index, Vulnerability(**v)) for v in profile.vulnerabilities]
    for plan in plans:
        procedure = Procedure(
            departement_id=departement,
            ground=plan.ground,
            opened_on=plan.opened_on,
            closed_on=plan.closed_on,
            outcome=plan.outcome,
        )
        events = [
            Event(
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
        refresh_procedure_fields(procedure, events, rules, today)
        rows.procedures.append((index, procedure, events))


def _write(rows: _Rows, counts: BulkCounts, social_landlord, today, batch_size) -> None:
    with transaction.atomic():
        Household.objects.bulk_create(rows.households, batch_size=batch_size)
        by_model: dict[type, list] = {}
        for index, child in rows.children:
            child.household = rows.households[index]
            by_model.setdefault(type(child), []).append(child)
        for model, objects in by_model.items():
            model.objects.bulk_create(objects, batch_size=batch_size)
        procedures = []
        for index, procedure, _ in rows.procedures:
            procedure.household = rows.households[index]
            procedures.append(procedure)
        Procedure.objects.bulk_create(procedures, batch_size=batch_size)
        events = []
        for _, procedure, procedure_events in rows.procedures:
            for event in procedure_events:
                event.procedure = procedure
                events.append(event)
        Event.objects.bulk_create(events, batch_size=batch_size)
        involvements = [
            Involvement(
                household=h,
                organisation=social_landlord,
                reason=InvolvementReason.BAILLEUR,
                starts_on=today,
            )
            for h in rows.households
            if social_landlord is not None and h.landlord_id == social_landlord.pk
        ]
        Involvement.objects.bulk_create(involvements, batch_size=batch_size)
    counts.households += len(rows.households)
    counts.members += len(by_model.get(Member, []))
    counts.procedures += len(procedures)
    counts.events += len(events)
    counts.involvements += len(involvements)
