"""The demo département: a few hundred synthetic households of the Seine-Saint-Denis.

Everything goes through the services (``household_create``, ``procedure_open``,
``event_record`` with ``strict=True``, ``procedure_close``, ``involvement_add``), so the
demo data obey the same checks as what an agent types in. Dates end before
``prevex.core.clock.today()`` — the real date, so deadlines look current — and the
data are deterministic for a given seed and date.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from dataclasses import dataclass

from django.db import transaction

from prevex.accounts.models import Membership, Organisation, OrganisationType
from prevex.core import clock
from prevex.core.models import Commune, PostalCode
from prevex.households.models import Household, InvolvementReason, Parc
from prevex.households.services import household_create, involvement_add, last_reference_number
from prevex.procedures.models import Channel, Outcome, Procedure, Stage
from prevex.procedures.rules import RuleBook
from prevex.procedures.services import event_record, procedure_close, procedure_open
from prevex.synth.population import HouseholdProfile, People, commune_picker

from .scenarios import SHOWCASE, ProcedurePlan, plan_household, take_showcase, weighted

T = OrganisationType
R = InvolvementReason
DAY = datetime.timedelta(days=1)
SAINT_DENIS = "93066"
SIGNALEMENT_SOURCES = [(T.CAF, 55), (T.CD_SOCIAL, 12), (T.ADIL, 8), (T.CCAS, 10), ("LANDLORD", 15)]
INFORMED_CHANNELS = [
    "Courrier d'information de la CCAPEX",
    "Entretien avec le travailleur social",
    "Visite de l'équipe mobile (EMPEX)",
]


@dataclass
class DemoContext:
    departement: str
    organisations: dict[str, Organisation]
    memberships: dict[str, Membership]
    rules: RuleBook
    today: datetime.date
    rng: random.Random

    def by(self, org_type: str) -> Membership:
        return self.memberships.get(org_type) or self.memberships[T.ETAT_CCAPEX]


def _landlord(ctx: DemoContext, profile: HouseholdProfile) -> Organisation | None:
    if profile.landlord_key == "SOCIAL":
        return ctx.organisations.get(T.BAILLEUR_SOCIAL)
    if profile.landlord_key == "AGENCY":
        return ctx.organisations.get(T.BAILLEUR_PRIVE)
    return None


class HouseholdWriter:
    """Writes one planned household through the services, with its involvements."""

    def __init__(self, ctx: DemoContext, household: Household, landlord: Organisation | None):
        self.ctx, self.household, self.landlord = ctx, household, landlord
        self.our_bailiff = ctx.rng.random() < 0.5
        self.involved: set[tuple[int, str]] = set()

    def involve(self, org_type: str, reason: str, day: datetime.date) -> None:
        organisation = self.ctx.organisations.get(org_type)
        if organisation is None or (organisation.pk, reason) in self.involved:
            return
        self.involved.add((organisation.pk, reason))
        involvement_add(
            household=self.household,
            organisation=organisation,
            reason=reason,
            starts_on=min(day, self.ctx.today),
            by=self.ctx.by(T.ETAT_CCAPEX),
        )

    def _emitter(self, stage: str, planned: str) -> str:
        """Organisation type that sends this act in the demo ("" when not a partner)."""
        rng = self.ctx.rng
        if stage == Stage.SIGNALEMENT:
            source = weighted(rng, SIGNALEMENT_SOURCES)
            if source == T.CCAS and self.household.commune_id != SAINT_DENIS:
                source = T.CD_SOCIAL
            if source == "LANDLORD":
                source = self.landlord.type if self.landlord else T.CAF
            return source
        if stage == Stage.IMPAYE:
            if self.landlord:
                return self.landlord.type
            return T.CAF if rng.random() < 0.5 else ""  # else keyed in by the secretariat
        if stage in (Stage.CDP, Stage.ASSIGNATION, Stage.CQL, Stage.RFP):
            return T.COMMISSAIRE_JUSTICE if self.our_bailiff else ""
        if stage == Stage.SAISINE_BAILLEUR_SOCIAL:
            social = self.landlord and self.landlord.type == T.BAILLEUR_SOCIAL
            return T.BAILLEUR_SOCIAL if social else ""
        if stage == Stage.DSF:
            if self.household.parc == Parc.PRIVE and rng.random() < 0.3:
                return T.EMPEX
            if self.household.commune_id == SAINT_DENIS and rng.random() < 0.4:
                return T.CCAS
            return T.CD_SOCIAL
        return planned

    def write(self, plan: ProcedurePlan) -> Procedure:
        ctx, procedure = self.ctx, None
        for event in plan.events:
            emitter = self._emitter(event.stage, event.emitter)
            by = ctx.by(emitter) if emitter else ctx.by(T.ETAT_CCAPEX)
            source = ctx.organisations.get(emitter) if emitter else None
            fields = dict(event.fields(), source=source, channel=Channel.GENERATOR)
            # The emitter is involved first: the services check that it reads the file.
            self._involve_for(event.stage, emitter, event.date)
            if procedure is None:
                procedure = procedure_open(
                    household=self.household, ground=plan.ground, stage=event.stage,
                    date=event.date, by=by, **fields,
                )  # fmt: skip
            else:
                event_record(
                    procedure=procedure, stage=event.stage, date=event.date, by=by,
                    strict=True, **fields,
                )  # fmt: skip
        if plan.closed_on:
            procedure_close(
                procedure=procedure, outcome=plan.outcome, closed_on=plan.closed_on,
                by=ctx.by(T.ETAT_CCAPEX),
            )  # fmt: skip
            self._involve_for_outcome(plan.outcome, plan.closed_on)
        return procedure

    def _involve_for(self, stage: str, emitter: str, day: datetime.date) -> None:
        if emitter in (T.CAF, T.CD_SOCIAL, T.ADIL, T.CCAS) and stage == Stage.SIGNALEMENT:
            self.involve(emitter, R.SIGNALEMENT, day)
        elif emitter in (T.CD_SOCIAL, T.EMPEX, T.CCAS) and stage == Stage.DSF:
            self.involve(emitter, R.DESIGNATION, day - 20 * DAY)
        elif emitter == T.CAF and stage == Stage.IMPAYE:
            self.involve(T.CAF, R.SIGNALEMENT, day)
        elif emitter == T.COMMISSAIRE_JUSTICE:
            self.involve(T.COMMISSAIRE_JUSTICE, R.ACTE, day)
        if stage in (Stage.ASSIGNATION, Stage.CQL):  # notified to the préfet
            self.involve(T.PREFECTURE, R.ACTE, day)
        if stage in (Stage.AUDIENCE, Stage.JUGEMENT):
            self.involve(T.TRIBUNAL, R.ACTE, day)

    def _involve_for_outcome(self, outcome: str, day: datetime.date) -> None:
        if outcome == Outcome.SURENDETTEMENT:
            self.involve(T.BANQUE_DE_FRANCE, R.ORIENTATION, day - 60 * DAY)
        elif outcome == Outcome.HEBERGEMENT:
            self.involve(T.SIAO, R.ORIENTATION, day - 45 * DAY)
        elif outcome == Outcome.RELOGEMENT and self.ctx.rng.random() < 0.3:
            self.involve(T.ACTION_LOGEMENT, R.ORIENTATION, day - 90 * DAY)

    def involve_others(self, plans: list[ProcedurePlan], profile: HouseholdProfile) -> None:
        """Orientations and designations that no act explains (a plausible share each)."""
        rng, first = self.ctx.rng, plans[0].opened_on
        stages = {e.stage for p in plans for e in p.events}
        late = stages & {Stage.CQL, Stage.RFP, Stage.CFP}
        if rng.random() < 0.12:
            self.involve(T.CD_SOCIAL, R.ORIENTATION, first + rng.randint(15, 120) * DAY)
        if profile.parc == Parc.PRIVE and stages & {Stage.CDP, Stage.ASSIGNATION}:
            if rng.random() < 0.25:
                self.involve(T.EMPEX, R.DESIGNATION, first + rng.randint(30, 150) * DAY)
            if rng.random() < 0.06:
                self.involve(T.ACTION_LOGEMENT, R.ORIENTATION, first + 60 * DAY)
        debt = max((e.debt_amount or 0) for p in plans for e in p.events)
        if 3000 <= debt <= 7000 and rng.random() < 0.35:
            self.involve(T.ADIL, R.ORIENTATION, first + rng.randint(30, 200) * DAY)
        if self.household.commune_id == SAINT_DENIS and rng.random() < 0.5:
            self.involve(T.CCAS, R.ORIENTATION, first + rng.randint(10, 90) * DAY)
        if rng.random() < 0.06:
            self.involve(T.ASSOCIATION, R.ORIENTATION, first + rng.randint(30, 300) * DAY)
        if rng.random() < 0.03:
            self.involve(T.BANQUE_DE_FRANCE, R.ORIENTATION, first + rng.randint(60, 300) * DAY)
        if late and plans[-1].closed_on is None and rng.random() < 0.3:
            self.involve(T.SIAO, R.ORIENTATION, plans[-1].events[-1].date)


def _references(departement: str):
    """``93-2025-000042``: same shape as the references the service gives."""
    counters: Counter = Counter()

    def next_reference(year: int) -> str:
        if year not in counters:
            counters[year] = last_reference_number(f"{departement}-{year}-")
        counters[year] += 1
        return f"{departement}-{year}-{counters[year]:06d}"

    return next_reference


@transaction.atomic
def generate_demo_households(
    *,
    organisations: dict[str, Organisation],
    memberships: dict[str, Membership],
    n: int = 400,
    seed: int = 93,
    departement: str = "93",
) -> list[Household]:
    """Create ``n`` households with their procedures, acts and involvements.

    Dates end before ``prevex.core.clock.today()`` (freeze the clock to pin them).
    """
    today = clock.today()
    rng = random.Random(seed)
    ctx = DemoContext(
        departement=departement,
        organisations=organisations,
        memberships=memberships,
        rules=RuleBook.for_departement(departement),
        today=today,
        rng=rng,
    )
    people = People(seed, rng)
    communes = list(
        Commune.objects.filter(departement_id=departement, population__gt=0).order_by("insee")
    )
    postcodes: dict[str, str] = {}
    for code, insee in (
        PostalCode.objects.filter(commune__in=communes)
        .order_by("code", "id")
        .values_list("code", "commune_id")
    ):
        postcodes.setdefault(insee, code)
    pick_commune = commune_picker(rng, communes)
    next_reference = _references(departement)
    households = []
    showcase = list(SHOWCASE)
    for _ in range(n):
        profile = people.household(today)
        commune = pick_commune()
        social = profile.parc == Parc.SOCIAL
        plans = plan_household(
            rng, rules=ctx.rules, today=today, social=social, monthly_cost=profile.monthly_cost,
            forced=take_showcase(showcase, social),
        )  # fmt: skip
        landlord = _landlord(ctx, profile)
        first = plans[0].opened_on
        informed = None
        if rng.random() < 0.7:
            informed = min(today, first + rng.randint(5, 60) * DAY)
        household = household_create(
            by=ctx.by(T.ETAT_CCAPEX),
            departement=departement,
            composition=profile.composition,
            address=profile.address,
            address_complement=profile.address_complement,
            postal_code=postcodes.get(commune.insee, "93000"),
            commune=commune,
            parc=profile.parc,
            rent=profile.rent,
            charges=profile.charges,
            landlord=landlord,
            landlord_name=profile.landlord_name,
            landlord_type=profile.landlord_type,
            monthly_resources=profile.monthly_resources,
            members=profile.members,
            contacts=profile.contacts,
            vulnerabilities=profile.vulnerabilities,
            informed_on=informed,
            informed_channel=rng.choice(INFORMED_CHANNELS) if informed else "",
            reference=next_reference(first.year),
        )
        writer = HouseholdWriter(ctx, household, landlord)
        for plan in plans:
            writer.write(plan)
        writer.involve_others(plans, profile)
        households.append(household)
    return households
