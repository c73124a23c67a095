"""What the scorer says of one candidate household (``Scored``) and the thresholds of
the decision (docs/decisions/2026-11-23-matching.md, 2026-12-01-matching-rules*.md)."""

from __future__ import annotations

from dataclasses import dataclass

HIGH = 0.85  # at or above: attached automatically
LOW = 0.70  # at or above (and below HIGH): sent to review; below: new household
AMBIGUITY = 0.03  # two automatic-level candidates closer than this → review
NAME_GATE = 80.0
SAME_NAME = 95.0  # two people this close by name are told apart by their birth dates
DWELLING_GATE = 60.0
SAME_DWELLING = 90.0  # address similarity of one dwelling written two ways
JUST_BELOW = 0.005


# Not frozen: a frozen dataclass sets each of its 17 fields through
# ``object.__setattr__``, for every candidate scored. Never changed once built (copies are
# made with ``dataclasses.replace``); hashable on its fields like a frozen one.
@dataclass(unsafe_hash=True, slots=True)
class Scored:
    score: float
    reason: str
    names: float
    address: float
    rule: str = ""  # the rule that kept the score below a threshold, in French
    warnings: tuple[str, ...] = ()  # look-alike warnings (« possibles jumeaux »…)
    birth: str = "unknown"  # the tenant's birth date against the holder's
    tenant_names: float = 0.0  # the tenant against the holder it matched best
    moved: bool = False  # the same holders at another address: a move
    dwelling: str = ""  # "flat": both rows name the same flat; "no_flat": neither does
    flat_conflict: bool = False  # both rows name a flat or building, and they differ
    given_distinct: bool = False  # the tenant's first name is not the holder's (consonants)
    file_flat: bool = False  # the household's address names a flat number
    given_exact: bool = False  # the tenant's first name is the holder's, letter for letter
    given_same: bool | None = None  # the same first name (lookalikes), None: not compared
    couple: bool = False  # the record's co-tenant is the household's other holder
    elsewhere: bool = False  # another dwelling than the household's (address < gate)
    phone: bool = False  # the row's mobile number is one that identifies the household
