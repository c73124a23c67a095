"""Working days in France (CPC art. 640–642): weekends and public holidays.

Public holidays come from the maintained ``holidays`` library (loi and Code du travail
L3133-1 list, Easter Monday, Ascension and Whit Monday computed each year), with the
local law of Alsace-Moselle (Good Friday and 26 December in the 57, 67 and 68) and the
overseas départements' own days (abolition of slavery…). A delay whose last day is not a
working day runs to the next one (art. 642); see docs/decisions/
2026-12-01-working-days-and-a-partir-du.md.

Whit Monday is added back for 2005-2007: the library drops it in those years (it was the
default « journée de solidarité », loi n° 2004-626), but it stayed in the list of public
holidays (C. trav. L222-1, now L3133-1), which is what CPC art. 642 looks at
(docs/decisions/2026-12-03-legal-delays-audit.md).
"""

from __future__ import annotations

import datetime
import functools

import holidays

# Département code → the library's subdivision of France.
SUBDIVISIONS = {
    "57": "57",
    "67": "6AE",
    "68": "6AE",
    "971": "971",
    "972": "972",
    "973": "973",
    "974": "974",
    "976": "976",
}
ONE_DAY = datetime.timedelta(days=1)


# Whit Mondays the library leaves out (the « journée de solidarité » years).
WHIT_MONDAYS_DROPPED = {
    2005: datetime.date(2005, 5, 16),
    2006: datetime.date(2006, 6, 5),
    2007: datetime.date(2007, 5, 28),
}


@functools.lru_cache(maxsize=512)
def _holidays(year: int, subdivision: str | None) -> frozenset[datetime.date]:
    days = set(holidays.France(years=year, subdiv=subdivision))
    if year in WHIT_MONDAYS_DROPPED:
        days.add(WHIT_MONDAYS_DROPPED[year])
    return frozenset(days)


def public_holiday(day: datetime.date, departement_id: str | None = None) -> bool:
    return day in _holidays(day.year, SUBDIVISIONS.get(str(departement_id or "")))


def working_day(day: datetime.date, departement_id: str | None = None) -> bool:
    """Neither a Saturday, a Sunday nor a public holiday in that département."""
    return day.weekday() < 5 and not public_holiday(day, departement_id)


def next_working_day(day: datetime.date, departement_id: str | None = None) -> datetime.date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not working_day(day, departement_id):
        day += ONE_DAY
    return day


def execution_day(day: datetime.date, departement_id: str | None = None) -> datetime.date:
    """``day`` itself when a measure of execution (an eviction) may take place on it, else
    the next such day. No measure of execution on a Sunday or a public holiday, save
    necessity and the judge's special leave (CPCE art. L141-1, before 1 June 2012 loi
    n° 91-650 art. 28, the same rule); a Saturday is allowed. Not a delay: no dated rule
    changes it (docs/decisions/2026-12-04-eviction-on-sundays-and-holidays.md)."""
    while day.weekday() == 6 or public_holiday(day, departement_id):
        day += ONE_DAY
    return day


def previous_working_day(day: datetime.date, departement_id: str | None = None) -> datetime.date:
    """``day`` itself when it is a working day, else the last working day before it."""
    while not working_day(day, departement_id):
        day -= ONE_DAY
    return day
