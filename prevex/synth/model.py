"""Plain in-memory records of the simulation (fast, no database): procedures and acts.

Days are proleptic ordinals; amounts are floats in euros (rounded to cents on output).
"""

from __future__ import annotations

import bisect
import datetime
import functools
import random

STAGE_ORDER = {
    "IMPAYE": 0,
    "SIGNALEMENT": 1,
    "CDP": 2,
    "SAISINE_BAILLEUR_SOCIAL": 3,
    "ASSIGNATION": 4,
    "DSF": 5,
    "AUDIENCE": 6,
    "JUGEMENT": 7,
    "CQL": 8,
    "RFP": 9,
    "CFP": 10,
    "EXPULSION": 11,
}
# Acts that are not rows of the import format (known to the platform otherwise).
NOT_IN_FILES = frozenset({"DSF", "AUDIENCE"})
# Acts that carry the amount of the arrears (procedures for unpaid rent only).
DEBT_STAGES = frozenset(
    {"IMPAYE", "SIGNALEMENT", "CDP", "SAISINE_BAILLEUR_SOCIAL", "ASSIGNATION", "JUGEMENT", "CQL"}
)


class Act:
    """A dated act; the fields of the richer acts live in ``FullAct`` (fewer writes)."""

    __slots__ = ("stage", "day", "ref")
    hearing, decision, contra, grace, cfp, note = 0, "", None, 0, "", ""

    def __init__(self, stage: str, day: int):
        self.stage, self.day, self.ref = stage, day, ""


class FullAct(Act):
    """An act with a hearing date, a decision, délais, a CFP decision or a note."""

    __slots__ = ("hearing", "decision", "contra", "grace", "cfp", "note")

    def __init__(self, stage: str, day: int, hearing: int = 0, note: str = ""):
        self.stage, self.day, self.ref, self.hearing, self.note = stage, day, "", hearing, note
        self.decision, self.contra, self.grace, self.cfp = "", None, 0, ""


class Proc:
    """One procedure of one household (``hid``), with its acts and how it ended.

    Only what the simulation needs is drawn with the procedure; the household itself
    (``household``: people, dwelling, rent) is drawn on output, for the households that
    appear in the requested years (``people.py``).
    """

    __slots__ = ("pid", "hid", "social", "ground", "start", "unpaid", "initial",
                 "vulnerable", "caf", "acts", "possible", "exit_day", "closed", "outcome",
                 "ccapex", "dsf", "household")  # fmt: skip

    def __init__(self, pid: int, ground: str, social: bool, start: int):
        self.pid = self.hid = pid
        self.ground, self.social, self.start = ground, social, start
        self.acts: list[Act] = []
        self.possible = 0
        self.exit_day = self.closed = self.ccapex = self.household = None
        self.outcome = ""
        self.dsf = False

    def debt_text(self, day: int, monthly_cost: float) -> str:
        """Arrears on ``day`` (``"1234.56"``): the initial months of rent and charges, then
        the unpaid share of each month since the arrears started."""
        months = (day - self.start) // 30
        return f"{monthly_cost * (self.initial + months * self.unpaid):.2f}"

    def last(self, stage: str) -> Act | None:
        for act in reversed(self.acts):
            if act.stage == stage:
                return act
        return None

    def sort_acts(self) -> None:
        self.acts.sort(key=lambda a: (a.day, STAGE_ORDER[a.stage]))


class Picker:
    """Weighted choice among fixed values with one ``random()`` call (bisect)."""

    def __init__(self, weights: dict):
        self.values = list(weights)
        total, self.cumulative = 0.0, []
        for value in self.values:
            total += weights[value]
            self.cumulative.append(total)
        self.total = total

    def __call__(self, rng: random.Random):
        index = bisect.bisect_right(self.cumulative, rng.random() * self.total)
        return self.values[min(index, len(self.values) - 1)]


class Draws:
    """Fast draws from one ``random.Random``: triangular delays and weighted days by table.

    A triangular law is tabulated at 1,024 quantiles (one ``random()`` per draw); the days
    of a year are tabulated by cumulative weight (one ``random()`` + bisect).
    """

    SIZE = 1024

    def __init__(self, rng: random.Random):
        self.rng, self.random = rng, rng.random

    def table(self, low: float, mode: float, high: float) -> list[int]:
        return _triangular_table(low, mode, high, self.SIZE)


@functools.lru_cache(maxsize=256)
def _triangular_table(low: float, mode: float, high: float, size: int) -> list[int]:
    """The triangular law's quantiles at (i + ½) / size, as whole days."""
    span, values = high - low, []
    for i in range(size):
        u = (i + 0.5) / size
        if span <= 0:
            x = low
        elif u < (mode - low) / span:
            x = low + ((u * span * (mode - low)) ** 0.5)
        else:
            x = high - (((1 - u) * span * (high - mode)) ** 0.5)
        values.append(int(x))
    return values


class _DayText(dict):
    """``ISO[day]`` → ``"2019-03-04"``, computed once per day (a plain dict lookup after)."""

    def __missing__(self, day: int) -> str:
        text = self[day] = datetime.date.fromordinal(day).isoformat()
        return text


ISO = _DayText()


def iso(day: int) -> str:
    return ISO[day]


def year_of(day: int) -> int:
    return int(iso(day)[:4])


def year_start(year: int) -> int:
    return datetime.date(year, 1, 1).toordinal()


def year_end(year: int) -> int:
    return datetime.date(year, 12, 31).toordinal()
