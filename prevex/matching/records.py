"""What the matching engine compares: one person-at-a-dwelling as a partner sent it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True, kw_only=True)
class PersonRecord:
    """A tenant (and optional co-tenant) at a dwelling, as read from one notification row.

    Values are taken as sent (accents, case, abbreviations, swapped names…): the engine
    normalises them itself. ``departement`` is the INSEE code of the département.
    """

    last_name: str
    first_name: str
    birth_date: datetime.date | None = None
    co_last_name: str = ""
    co_first_name: str = ""
    address: str
    postal_code: str
    commune_insee: str = ""
    commune_name: str = ""
    departement: str
    phone: str = ""  # as sent; only a personal mobile number counts (phones.py)

    def people(self) -> list[tuple[str, str]]:
        """(last, first) of the tenant, then of the co-tenant when one is named."""
        people = [(self.last_name or "", self.first_name or "")]
        if (self.co_last_name or "").strip() or (self.co_first_name or "").strip():
            people.append((self.co_last_name or "", self.co_first_name or ""))
        return people


@dataclass(frozen=True)
class Candidate:
    """A household the record was compared with, its score (0–1) and why."""

    household_id: int
    score: float
    reason: str
    reference: str = ""
    rule: str = ""  # the rule that kept it from an automatic match, in French
    warnings: tuple[str, ...] = ()  # « possibles jumeaux », « même nom, autre date… »


@dataclass(frozen=True)
class MatchResult:
    """What the engine decided for one record.

    ``outcome`` is ``"MATCH"`` (attach to ``household_id``), ``"REVIEW"`` (an agent
    chooses among ``candidates``, best first) or ``"NEW"`` (create a household).
    In a batch (``match_records``), a ``NEW`` record that is the same household as an
    earlier ``NEW`` record of the same batch carries that record's index in
    ``same_as_index``: attach it to the household created for that record. A
    ``REVIEW`` record with ``same_as_index`` only resembles that earlier record: the
    household created for it is the candidate to show (first), with this result's
    score and reason.
    ``moved``: the household was recognised at another address of the département (same
    holders, same birth date): the caller records the move (``household_move``).
    A ``REVIEW`` record that is the same person as a row still waiting in review (at an
    automatic score, had that row been a file) carries ``waits_for`` (the ``ref`` of a
    ``Waiting`` row given by the caller) or ``waits_for_index`` (an earlier ``REVIEW``
    record of the batch): it is settled with that row, never opens a file of its own.
    """

    outcome: str
    household_id: int | None
    score: float
    reason: str
    candidates: list[Candidate] = field(default_factory=list)
    same_as_index: int | None = None
    departement: str = ""
    warnings: tuple[str, ...] = ()  # look-alike warnings of the best candidate
    moved: bool = False  # MATCH of the same holders at another address: record the move
    adds: bool = False  # MATCH whose row may add what the file lacks: record its claims
    birth_same: bool = False  # MATCH whose tenant's birth date was compared equal
    waits_for: object = None  # REVIEW: the ``Waiting.ref`` of the row it follows
    waits_for_index: int | None = None  # REVIEW: the earlier REVIEW record it follows


@dataclass(frozen=True)
class Waiting:
    """A row waiting in the review queue with nothing attached yet (an uncertain match an
    agent has not settled). Given to ``match_records``, a later record of the same person
    waits with it instead of opening a file. ``label`` names it in the reason shown to the
    agent; ``candidates`` are the files proposed with it; ``ref`` is the caller's own
    handle on it (the intake's review item), returned in ``MatchResult.waits_for``."""

    label: str
    record: PersonRecord
    candidates: tuple[Candidate, ...] = ()
    ref: object = None
