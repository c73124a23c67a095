"""The legal delays of the rules engine, tabulated by day for fast simulation.

Every legal date of a generated procedure comes from here, and every value here comes
from a ``RuleBook`` (``prevex.procedures.rules``): the rule in force on the date of the
act, added with ``add_delay``; the winter truce from ``in_winter_truce`` /
``truce_end_after``. Nothing is hard-coded. Days are proleptic ordinals (``date.toordinal``).

For the CSV output no database is needed: ``national_rulebook`` builds the rule book from
the rule rows of ``prevex.procedures.rules_data`` (the law as shipped). The database
output uses ``RuleBook.for_departement`` (the rules an administrator may have edited).
"""

from __future__ import annotations

import datetime
import functools

from prevex.procedures.referral_delay import assignation_possible_from
from prevex.procedures.rules import (
    Rule,
    RuleBook,
    add_delay,
    add_months,
    delay_end,
    effect_from,
    in_winter_truce,
    truce_end_after,
)
from prevex.procedures.rules_data import RULES

USED = (
    "CLAUSE_RESOLUTOIRE_DELAI",
    "ASSIGNATION_NOTIFICATION_PREFET",
    "CQL_EXPULSION_DELAI",
    "CFP_DECISION_DELAI",
    "SAISINE_BAILLEUR_SOCIAL_DELAI",
    "DELAIS_GRACE_MIN",
    "DELAIS_GRACE_MAX",
    "TREVE_DEBUT",
    "TREVE_FIN",
)


def rulebook_from_data(departement: str | None) -> RuleBook:
    """The rule book of ``departement`` from the shipped rule rows (no database)."""
    rules = [
        Rule(
            code=row["code"],
            label=row["label"],
            value=row["value"],
            unit=row["unit"],
            valid_from=row["valid_from"],
            valid_to=row["valid_to"],
            legal_basis=row["legal_basis"],
            short_basis=row["short_basis"],
            departement_id=row["departement"],
        )
        for row in RULES
    ]
    return RuleBook(rules, departement)


class LegalCalendar:
    """Legal dates for every day of ``[first, last]`` (ordinals), from one rule book.

    ``clause[d]``: clause résolutoire acquired after a CDP served on day ``d``;
    ``notice[d]``: earliest hearing for an assignation of day ``d`` (notification to the
    préfet); ``cql[d]``: eviction possible after a CQL of day ``d``; ``cfp_limit[d]``:
    last day of the préfet's decision on a requisition of day ``d``; ``saisine[d]``:
    earliest assignation after a social landlord's referral of day ``d`` (``d``
    itself when no assignation is held back: a referral whose delay ran out before
    2015); ``truce[d]``:
    the day is in the winter truce; ``free[d]``: first day on or after ``d`` outside it.
    Lists are indexed by ``d - base``.
    """

    def __init__(self, rulebook: RuleBook, first: int, last: int):
        self.rulebook = rulebook
        self.base, self.last = first, last
        days = [datetime.date.fromordinal(d) for d in range(first, last + 1)]

        dep = rulebook.departement_id

        def delay(code, count=add_delay):
            def one(day):
                return count(day, rulebook.get(code, on=day))

            return [one(day).toordinal() for day in days]

        # « à partir du »: the day after the delay's last day, moved off non-working days
        # (CPC 642), as prevex/procedures/deadlines.py computes them.
        def since(day, rule):
            return effect_from(day, rule, dep)

        def by(day, rule):
            return delay_end(day, rule, dep)

        self.clause = delay("CLAUSE_RESOLUTOIRE_DELAI", since)
        self.notice = delay("ASSIGNATION_NOTIFICATION_PREFET")
        self.cql = delay("CQL_EXPULSION_DELAI", since)
        self.cfp_limit = delay("CFP_DECISION_DELAI", by)
        # chosen by the assignation's date, as the file computes it (a referral of late
        # 2014 holds back the assignations of early 2015)
        self.saisine = [
            (found[0] if (found := assignation_possible_from(day, rulebook)) else day).toordinal()
            for day in days
        ]
        self.truce = [in_winter_truce(day, rulebook) for day in days]
        self.free = [truce_end_after(day, rulebook).toordinal() for day in days]
        self._grace: dict[int, tuple[int, int]] = {}

    def covers(self, day: int) -> bool:
        return self.base <= day <= self.last

    def grace_bounds(self, day: int) -> tuple[int, int]:
        """(minimum, maximum) months of délais to leave the premises on ``day``."""
        date = datetime.date.fromordinal(day)
        key = (date.year, date.month, date.day)
        if key not in self._grace:
            low = self.rulebook.get("DELAIS_GRACE_MIN", on=date).value
            high = self.rulebook.get("DELAIS_GRACE_MAX", on=date).value
            self._grace[key] = (low, high)
        return self._grace[key]

    @staticmethod
    def months_after(day: int, months: int) -> int:
        return add_months(datetime.date.fromordinal(day), months).toordinal()

    def next_truce_end(self, day: int) -> int:
        """First day after the end of the next winter truce that starts after ``day``."""
        probe = day + 1
        while probe <= self.last and self.truce[probe - self.base]:
            probe += 1  # out of the truce in progress, if any
        while probe <= self.last and not self.truce[probe - self.base]:
            probe += 1
        if probe > self.last:
            return self.last + 1
        return self.free[probe - self.base]


def _signature(rulebook: RuleBook) -> tuple:
    return tuple(
        (r.code, r.value, r.unit, r.valid_from, r.valid_to, r.departement_id)
        for r in rulebook.all_rules()
        if r.code in USED
    )


@functools.lru_cache(maxsize=8)
def _calendar(signature: tuple, first: int, last: int):
    departement = next((row[5] for row in signature if row[5]), None)
    rules = [
        Rule(code, "", value, unit, valid_from, valid_to, "", "", dep)
        for code, value, unit, valid_from, valid_to, dep in signature
    ]
    return LegalCalendar(RuleBook(rules, departement), first, last)


def legal_calendar(rulebook: RuleBook, first: int, last: int) -> LegalCalendar:
    """A calendar for ``rulebook``, shared between départements with the same rules."""
    return _calendar(_signature(rulebook), first, last)
