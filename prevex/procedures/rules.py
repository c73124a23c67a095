"""Dated legal rules: which delay or threshold applies on the date of an act.

``RuleBook.for_departement(code)`` loads the national rules and that département's
overrides in one query (cached per process, see below); ``RuleBook.get(code, on=day)``
returns the override in force on that day if any, else the national rule in force.
``RuleBook.select(code, act=…, lease=…, hearing=…)`` picks the date that selects the
rule (its ``selected_by``), falling back to the act's date when the lease date is unknown
or later than the act.

Delays (prevex/procedures/calendar_fr.py for the working days): ``delay_end`` is the last
day of a delay counted forward (CPC art. 641: months end on the same day number, clamped
to the end of the month: 31 January + 1 month = 28/29 February), moved to the next
working day when it falls on a Saturday, Sunday or public holiday (art. 642); a delay
counted back (``direction`` AVANT) moves to the previous working day. ``effect_from`` is
the day after ``delay_end``: the « à partir du » date of every text (decision
2026-12-01-working-days-and-a-partir-du). ``add_delay`` / ``subtract_delay`` stay the
plain calendar shift. The winter truce is the calendar rule ``TREVE_DEBUT``..``TREVE_FIN``
(inclusive).

Cache: a process-level cache keyed by département, cleared when a ``LegalRule`` is
saved or deleted (signals wired in ``apps.py``, again after the commit) and expiring
after ``RULE_CACHE_SECONDS`` so that other worker processes see admin edits too.
Tests that create rules inside a rolled-back transaction should call
``clear_rule_cache()`` around each test.
"""

from __future__ import annotations

import calendar
import datetime
import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from prevex.core.errors import BusinessError

from .calendar_fr import next_working_day, previous_working_day
from .models import LegalRule, RuleDirection, RuleSelector, RuleUnit

RULE_CACHE_SECONDS = 300

MONTH_NAMES = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet",
    "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    value: int
    unit: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    legal_basis: str
    short_basis: str
    departement_id: str | None
    selected_by: str = RuleSelector.ACTE
    direction: str = RuleDirection.APRES
    working_days: bool = True

    def in_force(self, on: datetime.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on < self.valid_to)

    @property
    def month_day(self) -> tuple[int, int]:
        """(month, day) of a MONTH_DAY rule: 1101 → (11, 1), 331 → (3, 31)."""
        if self.unit != RuleUnit.MONTH_DAY:
            raise BusinessError(
                f"La règle « {self.label} » ({self.code}) n'est pas une date du calendrier."
            )
        month, day = divmod(self.value, 100)
        if not (1 <= month <= 12 and 1 <= day <= 31):
            raise BusinessError(
                f"La règle « {self.label} » ({self.code}) a une valeur invalide : {self.value} "
                "(attendu : MMJJ, par exemple 1101 pour le 1er novembre)."
            )
        return month, day

    @classmethod
    def from_model(cls, row: LegalRule) -> Rule:
        return cls(
            code=row.code,
            label=row.label,
            value=row.value,
            unit=row.unit,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            legal_basis=row.legal_basis,
            short_basis=row.short_basis,
            departement_id=row.departement_id,
            selected_by=row.selected_by,
            direction=row.direction,
            working_days=row.working_days,
        )


# --- process-level cache -------------------------------------------------------------

_cache: dict[str | None, tuple[float, tuple[Rule, ...]]] = {}
_cache_lock = threading.Lock()


def clear_rule_cache() -> None:
    with _cache_lock:
        _cache.clear()


def rule_changed(**kwargs) -> None:
    """Signal receiver (post_save / post_delete of LegalRule): forget the cached rules.

    Cleared now and again after the commit, so that a reader in another thread that
    reloaded the old rows before the commit does not keep them.
    """
    clear_rule_cache()
    transaction.on_commit(clear_rule_cache, using=kwargs.get("using"))


def _load(departement_id: str | None) -> tuple[Rule, ...]:
    now = time.monotonic()
    with _cache_lock:
        hit = _cache.get(departement_id)
    if hit and now - hit[0] < RULE_CACHE_SECONDS:
        return hit[1]
    condition = Q(departement__isnull=True)
    if departement_id:
        condition |= Q(departement_id=departement_id)
    rows = tuple(
        Rule.from_model(row)
        for row in LegalRule.objects.filter(condition).order_by("code", "valid_from", "id")
    )
    with _cache_lock:
        _cache[departement_id] = (now, rows)
    return rows


@dataclass(frozen=True)
class Selection:
    rule: Rule
    on: datetime.date  # the date that selected it
    # The lease in force on the act's date is unknown (no lease date, or the date recorded
    # is later than the act: a renewal since): selected by the act's date instead.
    fallback: bool = False
    lease_after_act: bool = False  # why: the lease date recorded is later than the act


LEASE_UNKNOWN = "date du bail inconnue : délai calculé selon la date du commandement"


def lease_after_act(lease: datetime.date) -> str:
    """The deadline's note when the lease date recorded is later than the CDP."""
    return (
        f"bail du {lease:%d/%m/%Y} postérieur au commandement : délai calculé selon la date "
        "du commandement"
    )


def earliest_rule_date(rulebook: RuleBook) -> datetime.date | None:
    """The start of the earliest national rule: acts dated before it are refused."""
    starts = [r.valid_from for r in rulebook.all_rules() if r.departement_id is None]
    return min(starts) if starts else None


class RuleBook:
    """The rules applicable in one département (national rules + its overrides)."""

    def __init__(self, rules: Iterable[Rule], departement_id: str | None = None):
        self.departement_id = departement_id
        self._national: dict[str, list[Rule]] = defaultdict(list)
        self._overrides: dict[str, list[Rule]] = defaultdict(list)
        for rule in rules:
            if rule.departement_id is None:
                self._national[rule.code].append(rule)
            elif rule.departement_id == departement_id:
                self._overrides[rule.code].append(rule)

    @classmethod
    def for_departement(cls, code) -> RuleBook:
        """Rules for a département code (a ``Departement`` is accepted; ``None``: national)."""
        departement_id = getattr(code, "pk", code)
        departement_id = str(departement_id) if departement_id else None
        return cls(_load(departement_id), departement_id)

    def find(self, code: str, on: datetime.date) -> Rule | None:
        for table in (self._overrides, self._national):
            for rule in table.get(code, ()):
                if rule.in_force(on):
                    return rule
        return None

    def get(self, code: str, on: datetime.date) -> Rule:
        rule = self.find(code, on)
        if rule is None:
            where = f" dans le département {self.departement_id}" if self.departement_id else ""
            raise BusinessError(
                f"Aucune règle légale « {code} » n'est en vigueur le {on:%d/%m/%Y}{where}. "
                "Un administrateur doit la saisir dans les règles légales."
            )
        return rule

    def earliest(self, code: str) -> datetime.date | None:
        starts = [r.valid_from for t in (self._overrides, self._national) for r in t.get(code, ())]
        return min(starts) if starts else None

    def selector(self, code: str) -> str:
        """Which date selects ``code`` (the newest national row says; ACTE by default)."""
        rows = self._national.get(code) or self._overrides.get(code) or ()
        return rows[-1].selected_by if rows else RuleSelector.ACTE

    def select(
        self,
        code: str,
        *,
        act: datetime.date,
        lease: datetime.date | None = None,
        hearing: datetime.date | None = None,
    ) -> Selection:
        """The rule ``code`` chosen by its selecting date (``selected_by``).

        Lease-selected: a lease older than the earliest row takes the earliest row (the
        loi of 1989 applies to leases in progress, its art. 25); an unknown lease date
        falls back to the act's date, and ``fallback`` says so. So does a lease date later
        than the act (``lease_after_act``): the act was served under an earlier lease (the
        one recorded is a renewal since), whose date is unknown. Hearing-selected: the
        hearing date, else the act's.
        """
        selector = self.selector(code)
        fallback = after = False
        if selector == RuleSelector.BAIL:
            if lease is None:
                on, fallback = act, True
            elif lease > act:
                on, fallback, after = act, True, True
            else:
                earliest = self.earliest(code)
                on = max(lease, earliest) if earliest else lease
        elif selector == RuleSelector.AUDIENCE and hearing is not None:
            on = hearing
        else:
            on = act
        return Selection(
            rule=self.get(code, on=on), on=on, fallback=fallback, lease_after_act=after
        )

    def all_rules(self) -> list[Rule]:
        rules = [
            r for table in (self._national, self._overrides) for rs in table.values() for r in rs
        ]
        return sorted(rules, key=lambda r: (r.code, r.departement_id or "", r.valid_from))


# --- delays --------------------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Calendar month addition, clamped to the end of the month (31/01 + 1 → 28 or 29/02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _shift(start: datetime.date, rule: Rule, sign: int) -> datetime.date:
    if rule.unit == RuleUnit.DAYS:
        return start + datetime.timedelta(days=sign * rule.value)
    if rule.unit == RuleUnit.WEEKS:
        return start + datetime.timedelta(weeks=sign * rule.value)
    if rule.unit == RuleUnit.MONTHS:
        return add_months(start, sign * rule.value)
    raise BusinessError(
        f"La règle « {rule.label} » ({rule.code}) n'est pas un délai "
        f"(unité : {RuleUnit(rule.unit).label})."
    )


def add_delay(start: datetime.date, rule: Rule) -> datetime.date:
    """The calendar date ``rule`` (in days, weeks or months) after ``start``."""
    return _shift(start, rule, 1)


def delay_end(day: datetime.date, rule: Rule, departement_id: str | None) -> datetime.date:
    """The last day of the delay ``rule`` counted from ``day`` in its ``direction``.

    Forward (APRES): ``day`` + delay, moved to the next working day (CPC art. 642) when
    the rule says so. Back (AVANT): ``day`` − delay, moved to the previous working day (the
    act must be done by then: moving it later would shorten the delay).
    """
    if rule.direction == RuleDirection.AVANT:
        end = _shift(day, rule, -1)
        return previous_working_day(end, departement_id) if rule.working_days else end
    end = _shift(day, rule, 1)
    return next_working_day(end, departement_id) if rule.working_days else end


def effect_from(day: datetime.date, rule: Rule, departement_id: str | None) -> datetime.date:
    """« À partir du » : the day after the last day of a forward delay."""
    return delay_end(day, rule, departement_id) + datetime.timedelta(days=1)


def subtract_delay(end: datetime.date, rule: Rule) -> datetime.date:
    """The date ``rule`` (in days, weeks or months) before ``end``."""
    return _shift(end, rule, -1)


def format_delay(rule: Rule) -> str:
    """« 6 semaines », « 2 mois », « 1 jour », « 2 fois le loyer », « 1er novembre »."""
    n = rule.value
    if rule.unit == RuleUnit.DAYS:
        return f"{n} jour{'s' if n > 1 else ''}"
    if rule.unit == RuleUnit.WEEKS:
        return f"{n} semaine{'s' if n > 1 else ''}"
    if rule.unit == RuleUnit.MONTHS:
        return f"{n} mois"
    if rule.unit == RuleUnit.RENT_MULTIPLE:
        return f"{n} fois le loyer"
    if rule.unit == RuleUnit.EUROS:
        return f"{n:,} €".replace(",", "\u202f")
    month, day = rule.month_day
    return f"{'1er' if day == 1 else day} {MONTH_NAMES[month - 1]}"


def format_month_day(rule: Rule) -> str:
    """« 31/03 » for the MONTH_DAY rule 331."""
    month, day = rule.month_day
    return f"{day:02d}/{month:02d}"


# --- winter truce --------------------------------------------------------------------


def _truce_bounds(day: datetime.date, rulebook: RuleBook) -> tuple[tuple[int, int], Rule]:
    start = rulebook.get("TREVE_DEBUT", on=day).month_day
    end_rule = rulebook.get("TREVE_FIN", on=day)
    return start, end_rule


def in_winter_truce(day: datetime.date, rulebook: RuleBook) -> bool:
    """True when ``day`` is within the winter truce (bounds inclusive) in force that day."""
    start, end_rule = _truce_bounds(day, rulebook)
    end, current = end_rule.month_day, (day.month, day.day)
    if start <= end:
        return start <= current <= end
    return current >= start or current <= end


def _clamped(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def truce_end_after(day: datetime.date, rulebook: RuleBook) -> datetime.date:
    """First day on or after ``day`` on which the truce does not forbid an eviction.

    ``day`` itself when it is outside the truce; else the day after ``TREVE_FIN``
    (1 April for a truce ending on 31 March).
    """
    for _ in range(3):  # a rule change during the truce may move its end once more
        if not in_winter_truce(day, rulebook):
            return day
        end_month, end_day = rulebook.get("TREVE_FIN", on=day).month_day
        year = day.year if (day.month, day.day) <= (end_month, end_day) else day.year + 1
        day = _clamped(year, end_month, end_day) + datetime.timedelta(days=1)
    return day
