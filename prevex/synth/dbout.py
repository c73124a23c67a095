"""Database output (the demo): households, members, contacts, vulnerabilities,
procedures with all their acts, and the involvements of the partner organisations.

Written through the bulk services, in batches of 5,000 households, one transaction per
batch: ``household_create_many`` (reference, members, search text, matching keys),
``procedure_open_many`` (acts checked and flagged as an import's, denormalised fields,
channel « données de démonstration ») and ``involvement_add_many``; so search, matching,
lists and deadlines work on generated files as on typed ones. References ``93-S001-0000042`` never collide with typed files; a second
run continues the numbering.

``organisations`` (OrganisationType value → Organisation of the département) decides
who sees what (need-to-know): the étude of commissaires de justice for the acts it
served (a share of the files), the CAF for its reports, the préfecture from the
assignation on, the court for judged cases, the social landlord for its tenants (a
share of the social sector, also set as ``Household.landlord``), the département's
social service for ~40 % of the files (all those with a DSF), the EMPEX for some
private-sector files once it exists. Shares are in the preset's ``[db]`` table.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter, defaultdict
from decimal import Decimal

from django.db import transaction

from prevex.audit.models import WriteChannel
from prevex.audit.services import channel_in_force, write_channel
from prevex.core import clock
from prevex.core.territories import load_territories
from prevex.households.models import ContactKind, InvolvementReason, Parc
from prevex.households.services import (
    HouseholdDraft,
    household_create_many,
    involvement_add_many,
    last_reference_number,
)
from prevex.procedures.models import Channel
from prevex.procedures.services import ActDraft, ProcedureDraft, procedure_open_many

from .model import DEBT_STAGES, Proc
from .people import VULNERABILITY_NOTES

BATCH_SIZE = 5000
R = InvolvementReason
BAILIFF_ACTS = {"CDP", "ASSIGNATION", "CQL"}
CAF_ACTS = {"IMPAYE", "SIGNALEMENT"}
PREFECTURE_ACTS = {"ASSIGNATION", "CQL", "RFP", "CFP", "EXPULSION"}
COURT_ACTS = {"AUDIENCE", "JUGEMENT"}
INFORMED_CHANNELS = (
    "Courrier d'information de la CCAPEX",
    "Entretien avec le travailleur social",
    "Visite de l'équipe mobile (EMPEX)",
)


def _date(day: int) -> datetime.date:
    return datetime.date.fromordinal(day)


def _money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def reference_prefix(departement: str, seed: int) -> str:
    """``93-S093-``: the references of the households generated with this seed."""
    return f"{departement}-S{seed % 1000:03d}-"


class DbOutput:
    def __init__(self, *, preset, seed: int, organisations: dict):
        self.preset, self.seed = preset, seed
        self.organisations = organisations
        self.settings = preset.table("db")
        self.created: Counter = Counter()
        self.today = clock.today()

    def close(self) -> None:
        """Nothing to close: every batch is committed as it is written."""

    def write(self, *, dep: str, procs: list[Proc], geo, first_day: int, horizon: int) -> None:
        load_territories(departements=[dep])  # idempotent, a few hundredths of a second
        self.rng = random.Random(f"{self.seed}|{self.preset.code}|{dep}|db")
        self.orgs = {
            kind: org
            for kind, org in self.organisations.items()
            if org is not None and org.departement_id == dep
        }
        prefix = reference_prefix(dep, self.seed)
        number = last_reference_number(prefix)
        by_household: dict[int, list[Proc]] = defaultdict(list)
        for p in procs:
            by_household[p.hid].append(p)
        hids = sorted(by_household)
        for start in range(0, len(hids), BATCH_SIZE):
            batch = []
            for hid in hids[start : start + BATCH_SIZE]:
                number += 1
                group = sorted(by_household[hid], key=lambda p: p.acts[0].day)
                batch.append((f"{prefix}{number:07d}", group))
            self._write_batch(dep, batch)

    # ------------------------------------------------------------------ one batch
    def _write_batch(self, dep: str, batch: list) -> None:
        drafts, plans = [], []
        for reference, group in batch:
            draft = self._household(dep, reference, group)
            involvements: list = []
            sources = self._involvements(draft, group, involvements)
            drafts.append(draft)
            plans.append((draft, group, sources, involvements))
        with transaction.atomic(), write_channel(channel_in_force() or WriteChannel.DEMO):
            household_create_many(by=None, drafts=drafts)
            procedures, involvements = [], []
            for draft, group, sources, rows in plans:
                household_id = draft.household.pk
                procedures += [self._procedure(household_id, p, sources) for p in group]
                involvements += [(household_id, *row) for row in rows]
            opened = procedure_open_many(procedures=procedures, by=None, channel=Channel.GENERATOR)
            added = len(involvement_add_many(by=None, involvements=involvements))
            added += sum(d.landlord is not None for d in drafts)  # came with the household
        self.created["Household"] += len(drafts)
        self.created["Member"] += sum(len(d.members) for d in drafts)
        self.created["ContactChannel"] += sum(len(d.contacts) for d in drafts)
        self.created["Vulnerability"] += sum(len(d.vulnerabilities) for d in drafts)
        self.created["Procedure"] += len(opened)
        self.created["Event"] += sum(len(p.acts) for p in procedures)
        self.created["Involvement"] += added

    def _household(self, dep: str, reference: str, group: list[Proc]) -> HouseholdDraft:
        h, rng = group[0].household, self.rng
        members = [
            {
                "role": m.role,
                "last_name": m.last_name,
                "first_name": m.first_name,
                "birth_date": _date(m.birth),
            }  # fmt: skip
            for m in h.members
        ]
        first = min(p.acts[0].day for p in group)
        landlord = None
        social_landlord = self.orgs.get("BAILLEUR_SOCIAL")
        if h.social and social_landlord and rng.random() < self.settings["social_landlord_share"]:
            landlord = social_landlord
        informed = None
        if h.informed:
            informed = min(self.today, _date(first + rng.randint(5, 60)))
        return HouseholdDraft(
            landlord_since=min(self.today, _date(first)),
            departement=dep,
            reference=reference,
            composition=h.composition,
            address=h.address,
            address_complement=h.complement,
            postal_code=h.postcode,
            commune_id=h.place.insee,
            parc=Parc.SOCIAL if h.social else Parc.PRIVE,
            rent=_money(h.rent),
            charges=_money(h.charges),
            landlord=landlord,
            landlord_name=landlord.name if landlord else h.landlord,
            landlord_type=h.ltype,
            monthly_resources=_money(h.resources),
            informed_on=informed,
            informed_channel=rng.choice(INFORMED_CHANNELS) if informed else "",
            members=members,
            contacts=self._contacts(h),
            vulnerabilities=self._vulnerabilities(group),
        )

    @staticmethod
    def _contacts(h) -> list[dict]:
        contacts = []
        if h.phone:
            contacts.append({"kind": ContactKind.TELEPHONE, "value": h.phone})
        if h.email:
            contacts.append({"kind": ContactKind.EMAIL, "value": h.email})
        return contacts

    def _vulnerabilities(self, group: list[Proc]) -> list[dict]:
        kind = group[0].household.vulnerability
        if not kind:
            return []
        day = min(self.today, _date(group[0].acts[0].day + self.rng.randint(10, 120)))
        return [{"kind": kind, "note": VULNERABILITY_NOTES[kind], "recorded_on": day}]

    def _procedure(self, household_id: int, p: Proc, sources: dict) -> ProcedureDraft:
        cost = p.household.rent + p.household.charges
        acts = []
        for act in p.acts:
            debt = None
            if act.stage in DEBT_STAGES and p.ground == "IMPAYES":
                debt = Decimal(p.debt_text(act.day, cost))
            source = sources.get(act.stage)
            acts.append(
                ActDraft(
                    stage=act.stage,
                    date=_date(act.day),
                    debt_amount=debt,
                    hearing_date=_date(act.hearing) if act.hearing else None,
                    decision=act.decision,
                    contradictoire=act.contra,
                    grace_months=act.grace or None,
                    cfp_decision=act.cfp,
                    notes=act.note,
                    source_id=source.pk if source is not None else None,
                    reference=act.ref,
                )
            )
        return ProcedureDraft(
            household_id=household_id,
            ground=p.ground,
            acts=acts,
            closed_on=_date(p.closed) if p.closed is not None else None,
            outcome=p.outcome if p.closed is not None else "",
        )

    # ------------------------------------------------------------------ involvements
    def _involvements(self, household: HouseholdDraft, group: list[Proc], out: list):
        """Involvements of the partner organisations in this household; returns the
        organisation that sent each kind of act (``Event.source``)."""
        orgs, rng, settings = self.orgs, self.rng, self.settings
        acts = sorted((a for p in group for a in p.acts), key=lambda a: a.day)
        seen: set = set()
        sources: dict[str, object] = {}

        def involve(kind: str, reason: str, day: int, stages=()) -> None:
            organisation = orgs.get(kind)
            if organisation is None:
                return
            for stage in stages:
                sources[stage] = organisation
            if (kind, reason) in seen:
                return
            seen.add((kind, reason))
            start = min(self.today, _date(max(day, acts[0].day)))
            out.append((organisation, reason, start))

        def first(stages) -> int | None:
            return next((a.day for a in acts if a.stage in stages), None)

        day = first(BAILIFF_ACTS)
        if day is not None and rng.random() < settings["bailiff_share"]:
            involve("COMMISSAIRE_JUSTICE", R.ACTE, day, BAILIFF_ACTS)
        if (day := first(CAF_ACTS)) is not None:
            involve("CAF", R.SIGNALEMENT, day, CAF_ACTS)
        if (day := first(PREFECTURE_ACTS)) is not None:
            involve("PREFECTURE", R.ACTE, day, ("RFP", "CFP", "EXPULSION"))
        if (day := first(COURT_ACTS)) is not None:
            involve("TRIBUNAL", R.ACTE, day, COURT_ACTS)
        if household.landlord is not None:
            involve("BAILLEUR_SOCIAL", R.BAILLEUR, acts[0].day, ("SAISINE_BAILLEUR_SOCIAL",))
        dsf = first({"DSF"})
        if dsf is not None:
            involve("CD_SOCIAL", R.DESIGNATION, dsf - 20, ("DSF",))
        elif rng.random() < settings["cd_social_share"]:
            involve("CD_SOCIAL", R.ORIENTATION, acts[0].day + rng.randint(15, 120))
        assignation = first({"ASSIGNATION"})
        empex_from = datetime.date(int(settings["empex_from"]), 1, 1).toordinal()
        if (
            household.parc != Parc.SOCIAL
            and assignation is not None
            and assignation >= empex_from
            and rng.random() < settings["empex_share"]
        ):
            involve("EMPEX", R.DESIGNATION, assignation + rng.randint(15, 60))
        return sources
