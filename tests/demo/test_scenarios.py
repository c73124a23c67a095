"""Procedure plans of the generators, checked against the law (no database needed)."""

import datetime
import random
from decimal import Decimal

import pytest

from prevex.demo.scenarios import SHOWCASE, plan_household
from prevex.procedures.deadlines import eviction_possible
from prevex.procedures.models import Stage
from prevex.procedures.rules import Rule, RuleBook
from prevex.procedures.rules_data import RULES

from .lawful import problems


def rulebook() -> RuleBook:
    rules = [
        Rule(
            code=r["code"],
            label=r["label"],
            value=r["value"],
            unit=r["unit"],
            valid_from=r["valid_from"],
            valid_to=r["valid_to"],
            legal_basis=r["legal_basis"],
            short_basis=r["short_basis"],
            departement_id=r["departement"],
        )
        for r in RULES
    ]
    return RuleBook(rules, "93")


# In the truce, outside it, and just after the 2023 reform (acts on both sides of it).
TODAYS = [datetime.date(2026, 11, 23), datetime.date(2026, 6, 15), datetime.date(2023, 10, 2)]


@pytest.mark.parametrize("today", TODAYS, ids=str)
def test_generated_plans_never_break_the_rules(today):
    rules, rng = rulebook(), random.Random(11)
    broken, last_stages, all_stages = [], set(), set()
    for number in range(700):
        social = rng.random() < 0.34
        plans = plan_household(
            rng, rules=rules, today=today, social=social, monthly_cost=Decimal("750")
        )
        opened = [p.opened_on for p in plans]
        assert opened == sorted(opened)
        assert sum(1 for p in plans if p.closed_on is None) <= 1
        if len(plans) == 2:
            assert plans[0].closed_on is not None and plans[0].closed_on < plans[1].opened_on
        for plan in plans:
            last_stages.add(plan.events[-1].stage)
            all_stages |= set(plan.stages())
            found = problems(
                ground=plan.ground, events=plan.events, closed_on=plan.closed_on,
                outcome=plan.outcome, rules=rules, today=today,
            )  # fmt: skip
            broken += [f"ménage {number} : {p}" for p in found]
    assert broken == []
    assert all_stages == set(Stage.values)
    assert {Stage.IMPAYE, Stage.CQL, Stage.RFP, Stage.CFP, Stage.EXPULSION} <= last_stages


def test_every_stage_is_reached_and_evictions_fall_outside_the_truce():
    rules, today = rulebook(), datetime.date(2026, 11, 23)
    rng = random.Random(3)
    reached = set()
    for target, closed in SHOWCASE:
        plans = plan_household(
            rng, rules=rules, today=today, social=True, monthly_cost=Decimal("600"),
            forced=(target, closed),
        )  # fmt: skip
        current = plans[-1]
        assert current.events[-1].stage == target
        assert (current.closed_on is not None) == closed
        reached.add(target)
        if target == Stage.EXPULSION:
            day = current.events[-1].date
            assert not (day.month >= 11 or day.month <= 3)  # 1 Nov – 31 Mar
    assert reached == set(Stage.values)


def test_showcase_cql_delay_ends_within_the_next_30_days():
    rules, today = rulebook(), datetime.date(2026, 6, 15)
    for seed in range(20):
        plans = plan_household(
            random.Random(seed), rules=rules, today=today, social=False,
            monthly_cost=Decimal("800"), forced=(Stage.CQL, False),
        )  # fmt: skip
        possible = eviction_possible(events=plans[-1].events, rulebook=rules)
        assert today < possible.date <= today + datetime.timedelta(days=30)
