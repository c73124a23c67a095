"""Plans of procedures for synthetic households: dated acts that respect the legal rules.

Pure Python, no database access: the demo generator (through the services) and the bulk
generator (through ``bulk_create``) share these plans. Every delay comes from the
``RuleBook`` (dated legal rules); nothing here hard-codes a legal delay. The random
draws below are *practice* (how long a bailiff or a court usually takes), not law.

A plan is built forward from a start date; ``plan_procedure`` moves the start date so
that the last act falls on a chosen anchor date, never after ``today``.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from prevex.procedures.calendar_fr import execution_day
from prevex.procedures.deadlines import eviction_possible
from prevex.procedures.models import CfpDecision, Decision, Ground, Outcome, Stage
from prevex.procedures.referral_delay import assignation_possible_from
from prevex.procedures.rules import (
    RuleBook,
    add_delay,
    delay_end,
    effect_from,
    subtract_delay,
    truce_end_after,
)

DAY = datetime.timedelta(days=1)

# Organisation types that emit each act (the demo links some of them to partner
# organisations; ``source`` stays empty for acts of non-partner emitters).
EMITTER = {
    Stage.IMPAYE: "CAF",
    Stage.SIGNALEMENT: "CAF",
    Stage.CDP: "COMMISSAIRE_JUSTICE",
    Stage.SAISINE_BAILLEUR_SOCIAL: "BAILLEUR_SOCIAL",
    Stage.ASSIGNATION: "COMMISSAIRE_JUSTICE",
    Stage.DSF: "CD_SOCIAL",
    Stage.AUDIENCE: "TRIBUNAL",
    Stage.JUGEMENT: "TRIBUNAL",
    Stage.CQL: "COMMISSAIRE_JUSTICE",
    Stage.RFP: "COMMISSAIRE_JUSTICE",
    Stage.CFP: "PREFECTURE",
    Stage.EXPULSION: "PREFECTURE",
}

# Stages an open procedure may be left at, with weights (rough shape of a département:
# many early files, few at the end of the chain).
OPEN_TARGETS = [
    (Stage.IMPAYE, 7),
    (Stage.SIGNALEMENT, 10),
    (Stage.CDP, 18),
    (Stage.SAISINE_BAILLEUR_SOCIAL, 5),
    (Stage.ASSIGNATION, 14),
    (Stage.DSF, 6),
    (Stage.AUDIENCE, 4),
    (Stage.JUGEMENT, 11),
    (Stage.CQL, 11),
    (Stage.RFP, 6),
    (Stage.CFP, 5),
]
CLOSED_TARGETS = [
    (Stage.SIGNALEMENT, 10),
    (Stage.CDP, 16),
    (Stage.ASSIGNATION, 10),
    (Stage.JUGEMENT, 22),
    (Stage.CQL, 8),
    (Stage.CFP, 6),
    (Stage.EXPULSION, 8),
]
CHAIN = [
    Stage.IMPAYE,
    Stage.SIGNALEMENT,
    Stage.CDP,
    Stage.SAISINE_BAILLEUR_SOCIAL,
    Stage.ASSIGNATION,
    Stage.DSF,
    Stage.AUDIENCE,
    Stage.JUGEMENT,
    Stage.CQL,
    Stage.RFP,
    Stage.CFP,
    Stage.EXPULSION,
]
OTHER_GROUNDS = [Ground.CONGE_VENTE, Ground.CONGE_REPRISE, Ground.TROUBLES, Ground.DEFAUT_ASSURANCE]


@dataclass
class EventPlan:
    stage: str
    date: datetime.date
    debt_amount: Decimal | None = None
    hearing_date: datetime.date | None = None
    decision: str = ""
    contradictoire: bool | None = None
    grace_months: int | None = None
    cfp_decision: str = ""
    notes: str = ""
    emitter: str = ""  # OrganisationType code of who sent the act
    pk = None  # duck-typed like an unsaved Event for prevex.procedures.deadlines

    def fields(self) -> dict:
        """Keyword arguments for ``event_record`` / ``procedure_open``."""
        out = {"debt_amount": self.debt_amount, "notes": self.notes}
        if self.hearing_date:
            out["hearing_date"] = self.hearing_date
        if self.decision:
            out["decision"] = self.decision
            out["contradictoire"] = self.contradictoire
        if self.grace_months:
            out["grace_months"] = self.grace_months
        if self.cfp_decision:
            out["cfp_decision"] = self.cfp_decision
        return out


@dataclass
class ProcedurePlan:
    ground: str
    events: list[EventPlan]
    outcome: str = ""
    closed_on: datetime.date | None = None

    @property
    def opened_on(self) -> datetime.date:
        return self.events[0].date

    @property
    def last_date(self) -> datetime.date:
        return self.closed_on or self.events[-1].date

    def stages(self) -> list[str]:
        return [e.stage for e in self.events]


@dataclass
class Draws:
    """Every random choice of one procedure, drawn once so the plan can be rebuilt."""

    ground: str
    social: bool
    target: str
    closed: bool
    monthly_cost: Decimal
    unpaid_ratio: float
    initial_months: int
    with_signalement: bool
    with_dsf: bool
    with_audience: bool
    decision: str
    contradictoire: bool
    payment_months: int
    judge_grace: int
    cfp_decision: str
    gaps: dict = field(default_factory=dict)


def weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


def draw(
    rng: random.Random, *, social: bool, monthly_cost: Decimal, closed: bool, target: str = ""
) -> Draws:
    if not target:
        pairs = CLOSED_TARGETS if closed else OPEN_TARGETS
        if not social:
            pairs = [p for p in pairs if p[0] != Stage.SAISINE_BAILLEUR_SOCIAL]
        target = weighted(rng, pairs)
    ground = Ground.IMPAYES
    if rng.random() < 0.07 and CHAIN.index(target) >= CHAIN.index(Stage.ASSIGNATION):
        ground = rng.choice(OTHER_GROUNDS)
    decision = weighted(
        rng,
        [
            (Decision.FERME, 45),
            (Decision.CONDITIONNELLE, 35),
            (Decision.RADIATION, 14),
            (Decision.REJET, 6),
        ],
    )
    if CHAIN.index(target) > CHAIN.index(Stage.JUGEMENT):
        decision = rng.choice([Decision.FERME, Decision.FERME, Decision.CONDITIONNELLE])
    gaps = {
        "signalement": rng.randint(25, 80),
        "cdp": rng.randint(20, 150),
        "saisine": rng.randint(5, 30),
        "assignation": rng.randint(1, 110),
        "hearing": rng.randint(150, 270),
        "dsf_share": rng.uniform(0.2, 0.8),
        "deliberation": rng.choice([0, 0, 14, 21, 28, 35, 42]),
        "cql": rng.randint(30, 110),
        "cql_failed_plan": rng.randint(120, 330),
        "rfp": rng.randint(3, 100),
        "cfp": rng.randint(15, 58),
        "expulsion": rng.randint(10, 80),
        "close": rng.randint(20, 200),
    }
    return Draws(
        ground=ground,
        social=social,
        target=target,
        closed=closed,
        monthly_cost=monthly_cost,
        unpaid_ratio=rng.uniform(0.45, 1.0),
        initial_months=rng.randint(1, 3),
        with_signalement=rng.random() < 0.75 or target == Stage.SIGNALEMENT,
        with_dsf=rng.random() < 0.55 or target == Stage.DSF,
        with_audience=rng.random() < 0.5 or target == Stage.AUDIENCE,
        decision=decision,
        contradictoire=rng.random() < 0.42,
        payment_months=rng.choice([12, 18, 24, 24, 36]),
        judge_grace=rng.choice([0, 0, 0, 0, 3, 6]),
        cfp_decision=(
            CfpDecision.ACCORDE
            if rng.random() < 0.7 or target == Stage.EXPULSION
            else CfpDecision.REFUSE
        ),
        gaps=gaps,
    )


def _debt(d: Draws, start: datetime.date, on: datetime.date) -> Decimal:
    months = max(0, (on.year - start.year) * 12 + on.month - start.month)
    amount = d.monthly_cost * Decimal(d.initial_months + months * d.unpaid_ratio)
    return amount.quantize(Decimal("1.00"))


def build(d: Draws, start: datetime.date, rules: RuleBook) -> ProcedurePlan:
    """The acts of one procedure from ``start``, up to the target stage (and its closure)."""
    g, events = d.gaps, []
    target_index = CHAIN.index(d.target)

    def add(stage, day, **kw) -> bool:
        events.append(EventPlan(stage=stage, date=day, emitter=EMITTER[stage], **kw))
        return CHAIN.index(stage) >= target_index

    def plan() -> ProcedurePlan:
        return ProcedurePlan(ground=d.ground, events=events)

    day = start
    impayes = d.ground == Ground.IMPAYES
    if impayes:
        if add(Stage.IMPAYE, day, debt_amount=_debt(d, start, day)):
            return plan()
        if d.with_signalement:
            day += g["signalement"] * DAY
            if add(Stage.SIGNALEMENT, day, debt_amount=_debt(d, start, day)):
                return plan()
        day += g["cdp"] * DAY
        cdp = day
        if add(Stage.CDP, day, debt_amount=_debt(d, start, day)):
            return plan()
        dep = rules.departement_id
        earliest = effect_from(cdp, rules.get("CLAUSE_RESOLUTOIRE_DELAI", on=cdp), dep)
        if d.social:
            day += g["saisine"] * DAY
            if add(Stage.SAISINE_BAILLEUR_SOCIAL, day, debt_amount=_debt(d, start, day)):
                return plan()
            held_back = assignation_possible_from(day, rules)  # loi ALUR: from 2015
            if held_back is not None:
                earliest = max(earliest, held_back[0])
        day = earliest + g["assignation"] * DAY
    assignation = day
    hearing = assignation + g["hearing"] * DAY
    notice = add_delay(assignation, rules.get("ASSIGNATION_NOTIFICATION_PREFET", on=assignation))
    hearing = max(hearing, notice + DAY)
    debt = _debt(d, start, day) if impayes else None
    if add(Stage.ASSIGNATION, day, debt_amount=debt, hearing_date=hearing):
        return plan()
    if d.with_dsf:
        dsf = assignation + int((hearing - assignation).days * g["dsf_share"]) * DAY
        if add(Stage.DSF, dsf, notes="DSF transmis au juge avant l'audience."):
            return plan()
    with_audience = d.with_audience and (g["deliberation"] or d.target == Stage.AUDIENCE)
    if with_audience and add(Stage.AUDIENCE, hearing):
        return plan()
    day = hearing + max(g["deliberation"], 14 if d.target == Stage.AUDIENCE else 0) * DAY
    jugement = day
    grace = d.judge_grace if d.decision == Decision.FERME else None
    notes = ""
    if d.decision == Decision.CONDITIONNELLE:
        notes = f"Délais de paiement de {d.payment_months} mois : clause résolutoire suspendue."
    debt = _debt(d, start, day) if impayes else None
    if add(
        Stage.JUGEMENT,
        day,
        decision=d.decision,
        contradictoire=d.contradictoire,
        grace_months=grace or None,
        debt_amount=debt,
        notes=notes,
    ):
        return plan()
    if d.decision not in (Decision.FERME, Decision.CONDITIONNELLE):
        return plan()  # rejected or struck off: nothing to enforce
    gap = g["cql"] if d.decision == Decision.FERME else g["cql_failed_plan"]
    day = jugement + gap * DAY
    notes = "Plan de paiement non respecté : la clause résolutoire reprend ses effets."
    if add(
        Stage.CQL,
        day,
        debt_amount=debt and _debt(d, start, day),
        notes=notes if d.decision == Decision.CONDITIONNELLE else "",
    ):
        return plan()
    eviction_from = eviction_possible(events=events, rulebook=rules, ignore_truce=True).date
    day = eviction_from + g["rfp"] * DAY
    if add(Stage.RFP, day):
        return plan()
    rfp = day
    cfp_limit = delay_end(rfp, rules.get("CFP_DECISION_DELAI", on=rfp), rules.departement_id)
    day = min(rfp + g["cfp"] * DAY, cfp_limit)
    if add(Stage.CFP, day, cfp_decision=d.cfp_decision):
        return plan()
    day = truce_end_after(max(day + g["expulsion"] * DAY, eviction_from), rules)
    day = execution_day(day, rules.departement_id)  # never on a Sunday nor a holiday
    add(Stage.EXPULSION, day, notes="Expulsion réalisée avec le concours de la force publique.")
    return plan()


def closing_outcome(rng: random.Random, plan: ProcedurePlan, *, social: bool) -> str:
    last = plan.events[-1]
    if last.stage == Stage.EXPULSION:
        return Outcome.EXPULSION
    if last.stage == Stage.JUGEMENT:
        if last.decision == Decision.CONDITIONNELLE:
            return weighted(rng, [(Outcome.PLAN_RESPECTE, 7), (Outcome.DETTE_SOLDEE, 2)])
        if last.decision == Decision.FERME:
            return weighted(rng, [(Outcome.RELOGEMENT, 3), (Outcome.DESISTEMENT, 2)])
        return weighted(rng, [(Outcome.MAINTIEN, 3), (Outcome.DESISTEMENT, 2)])
    if last.stage in (Stage.CQL, Stage.RFP, Stage.CFP):
        pairs = [(Outcome.RELOGEMENT, 4), (Outcome.HEBERGEMENT, 2), (Outcome.SURENDETTEMENT, 1)]
        if last.cfp_decision == CfpDecision.REFUSE:
            pairs.append((Outcome.MAINTIEN, 3))
        return weighted(rng, pairs)
    pairs = [
        (Outcome.DETTE_SOLDEE, 5),
        (Outcome.PLAN_RESPECTE, 3),
        (Outcome.SURENDETTEMENT, 1),
        (Outcome.DESISTEMENT, 1),
    ]
    if last.stage in (Stage.CDP, Stage.SAISINE_BAILLEUR_SOCIAL):
        pairs.append((Outcome.CLASSEMENT, 1))
    if social and last.stage != Stage.IMPAYE:
        pairs.append((Outcome.PCS, 3))
    return weighted(rng, pairs)


def plan_procedure(
    rng: random.Random,
    *,
    rules: RuleBook,
    today: datetime.date,
    anchor: datetime.date,
    social: bool,
    monthly_cost: Decimal,
    closed: bool,
    target: str = "",
    grace: bool = True,
) -> ProcedurePlan:
    """A procedure whose last act (or closure) falls on ``anchor`` (never after ``today``).

    ``grace=False``: the judge grants no délais to leave the premises."""
    d = draw(rng, social=social, monthly_cost=monthly_cost, closed=closed, target=target)
    if not grace:
        d.judge_grace = 0
    anchor = min(anchor, today)
    start = anchor - datetime.timedelta(days=400)
    plan = build(d, start, rules)
    for _ in range(8):  # the truce may push the eviction: converge on the anchor
        shift = (_end(plan, d) - anchor).days
        if shift == 0:
            break
        start -= datetime.timedelta(days=shift)
        plan = build(d, start, rules)
    while _end(plan, d) > today:
        start -= datetime.timedelta(days=(_end(plan, d) - today).days + 1)
        plan = build(d, start, rules)
    if closed:
        plan.outcome = closing_outcome(rng, plan, social=social)
        last = plan.events[-1].date
        plan.closed_on = last if plan.outcome == Outcome.EXPULSION else last + d.gaps["close"] * DAY
        plan.closed_on = min(plan.closed_on, today)
    return plan


def _end(plan: ProcedurePlan, d: Draws) -> datetime.date:
    """Date to anchor: the last act, or the closure for a closed procedure."""
    last = plan.events[-1].date
    if d.closed and plan.events[-1].stage != Stage.EXPULSION:
        return last + d.gaps["close"] * DAY
    return last


# Every stage appears in the demo, however small: the first households take these.
SHOWCASE = [(stage, False) for stage, _ in OPEN_TARGETS] + [(Stage.EXPULSION, True)]


def open_anchor(
    rng: random.Random, rules: RuleBook, today: datetime.date, target: str, *, soon: bool = False
) -> tuple[datetime.date, bool]:
    """Date of the last act of an open procedure (mostly recent), and whether it is a CQL
    whose delay ends within the next 30 days: some CQL, all when ``soon`` (the truce may
    still push the eviction itself further; no délais are granted to those)."""
    if target == Stage.CQL and (soon or rng.random() < 0.4):
        end = today + rng.randint(1, 30) * DAY
        cql = subtract_delay(end, rules.get("CQL_EXPULSION_DELAI", on=today))
        return min(cql, today - DAY), True
    return today - min(700, 1 + int(rng.expovariate(1 / 75))) * DAY, False


def plan_household(
    rng: random.Random,
    *,
    rules: RuleBook,
    today: datetime.date,
    social: bool,
    monthly_cost: Decimal,
    forced: tuple[str, bool] | None = None,
) -> list[ProcedurePlan]:
    """The procedures of one household, oldest first: one, or (~8 %) an earlier closed
    one then an open one. ``forced`` = (target stage, closed) for the showcase."""
    closed = forced[1] if forced else rng.random() < 0.27
    common = {"rules": rules, "today": today, "social": social, "monthly_cost": monthly_cost}
    if closed:
        anchor = today - rng.randint(10, 900) * DAY
        target = forced[0] if forced else ""
        current = plan_procedure(rng, anchor=anchor, closed=True, target=target, **common)
    else:
        pairs = [p for p in OPEN_TARGETS if social or p[0] != Stage.SAISINE_BAILLEUR_SOCIAL]
        target = forced[0] if forced else weighted(rng, pairs)
        anchor, soon = open_anchor(rng, rules, today, target, soon=bool(forced))
        current = plan_procedure(
            rng, anchor=anchor, closed=False, target=target, grace=not soon, **common
        )
    plans = [current]
    if not closed and rng.random() < 0.11:
        anchor = current.opened_on - rng.randint(90, 600) * DAY
        earlier = plan_procedure(rng, anchor=anchor, closed=True, **common)
        if earlier.last_date < current.opened_on:
            plans.insert(0, earlier)
    return plans


def take_showcase(pending: list[tuple[str, bool]], social: bool) -> tuple[str, bool] | None:
    """The first showcase target this household can have (a saisine needs a social
    landlord), removed from ``pending``."""
    for index, (target, _closed) in enumerate(pending):
        if social or target != Stage.SAISINE_BAILLEUR_SOCIAL:
            return pending.pop(index)
    return None
