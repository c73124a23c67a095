"""Working days in France (CPC art. 640–642): weekends and public holidays.

The national public holidays (Code du travail L3133-1: Easter Monday, Ascension and Whit
Monday computed each year) come from the maintained ``holidays`` library. A file's
département adds its own legal days:

* Alsace-Moselle (57, 67, 68): Good Friday and 26 December (C. trav. L3134-13, local
  law since 1892), from the library's subdivisions;
* the overseas départements (971, 972, 973, 974, 976): the day commemorating the
  abolition of slavery (loi n° 83-550 du 30 juin 1983, dates set by décret n° 83-1003 du
  23 novembre 1983; C. trav. L3422-2 since 2016), hand-written below (``SLAVERY_DAYS``)
  and checked against the library by the tests. The library also gives Guadeloupe and
  Martinique Good Friday, Mi-Carême (971) and 21 July (Victor Schœlcher): local customs
  that no text makes public holidays (the 21 July of 1914 lapsed with the loi of 1983),
  left out (docs/decisions/2026-12-06-local-public-holidays.md).

A delay whose last day is not a working day runs to the next one (art. 642); see
docs/decisions/2026-12-01-working-days-and-a-partir-du.md.

Whit Monday is added back for 2005-2007: the library drops it in those years (it was the
default « journée de solidarité », loi n° 2004-626), but it stayed in the list of public
holidays (C. trav. L222-1, now L3133-1), which is what CPC art. 642 looks at
(docs/decisions/2026-12-03-legal-delays-audit.md).
"""

from __future__ import annotations

import datetime
import functools

import holidays

# Alsace-Moselle: département code → the library's subdivision (Good Friday, 26 December).
ALSACE_MOSELLE = {"57": "57", "67": "6AE", "68": "6AE"}
# The day commemorating the abolition of slavery in each overseas département: (month,
# day). Loi n° 83-550 du 30 juin 1983; décret n° 83-1003 du 23 novembre 1983 (published
# on 24 November 1983: Réunion's first day was 20 December 1983, the others' in 1984);
# C. trav. L3422-2 since loi n° 2016-1088.
SLAVERY_DAYS = {
    "971": (5, 27),  # Guadeloupe
    "972": (5, 22),  # Martinique
    "973": (6, 10),  # Guyane
    "974": (12, 20),  # La Réunion
    "976": (4, 27),  # Mayotte
}
SLAVERY_DAYS_FROM = datetime.date(1983, 11, 24)
ONE_DAY = datetime.timedelta(days=1)


# Whit Mondays the library leaves out (the « journée de solidarité » years).
WHIT_MONDAYS_DROPPED = {
    2005: datetime.date(2005, 5, 16),
    2006: datetime.date(2006, 6, 5),
    2007: datetime.date(2007, 5, 28),
}


@functools.lru_cache(maxsize=512)
def _holidays(year: int, departement: str) -> frozenset[datetime.date]:
    """The public holidays of ``year`` in ``departement`` ("" : the national list)."""
    days = set(holidays.France(years=year, subdiv=ALSACE_MOSELLE.get(departement)))
    if year in WHIT_MONDAYS_DROPPED:
        days.add(WHIT_MONDAYS_DROPPED[year])
    if departement in SLAVERY_DAYS:
        slavery_day = datetime.date(year, *SLAVERY_DAYS[departement])
        if slavery_day >= SLAVERY_DAYS_FROM:
            days.add(slavery_day)
    return frozenset(days)


def public_holiday(day: datetime.date, departement_id: str | None = None) -> bool:
    """A public holiday in that département (the national list without one)."""
    return day in _holidays(day.year, str(departement_id or ""))


def working_day(day: datetime.date, departement_id: str | None = None) -> bool:
    """Neither a Saturday, a Sunday nor a public holiday in that département."""
    return day.weekday() < 5 and not public_holiday(day, departement_id)


def next_working_day(day: datetime.date, departement_id: str | None = None) -> datetime.date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not working_day(day, departement_id):
        day += ONE_DAY
    return day


def _neither_sunday_nor_holiday(day: datetime.date, departement_id: str | None) -> datetime.date:
    while day.weekday() == 6 or public_holiday(day, departement_id):
        day += ONE_DAY
    return day


def execution_day(day: datetime.date, departement_id: str | None = None) -> datetime.date:
    """``day`` itself when a measure of execution (an eviction) may take place on it, else
    the next such day. No measure of execution on a Sunday or a public holiday, save
    necessity and the judge's special leave (CPCE art. L141-1, before 1 June 2012 loi
    n° 91-650 art. 28, the same rule); a Saturday is allowed. Not a delay: no dated rule
    changes it (docs/decisions/2026-12-04-eviction-on-sundays-and-holidays.md)."""
    return _neither_sunday_nor_holiday(day, departement_id)


def service_day(day: datetime.date, departement_id: str | None = None) -> datetime.date:
    """``day`` itself when a commissaire de justice may serve an act (an assignation) on
    it, else the next such day. No signification on a Sunday or a public holiday, save the
    judge's permission in case of necessity (CPC art. 664, unchanged since 1975); a
    Saturday is allowed. Not a delay: no dated rule changes it
    (docs/decisions/2026-12-06-assignation-on-a-service-day.md)."""
    return _neither_sunday_nor_holiday(day, departement_id)


def previous_working_day(day: datetime.date, departement_id: str | None = None) -> datetime.date:
    """``day`` itself when it is a working day, else the last working day before it."""
    while not working_day(day, departement_id):
        day -= ONE_DAY
    return day
