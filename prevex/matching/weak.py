"""Weak candidates: an upper bound of a candidate's score, when the names and the birth
date already prove it stays below ``LOW`` — without the rest of the address, the rules
and the reason (the engine scores the weak candidates only when they may be shown:
services._scored). Split from scoring.py, whose memo and rules it reads."""

from __future__ import annotations

from prevex.core.normalize import parse_address

from .address_part import _address_value
from .holders import claimed_birth, spouse_name_holder, usage_name_holder
from .lookalikes import birth_comparison
from .names_part import Names, names_part
from .profiles import HouseholdProfile
from .scored import DWELLING_GATE, JUST_BELOW, LOW, NAME_GATE, SAME_DWELLING, Scored
from .scoring import _SCORES, _memo_of, _name_forms, compute_score_household
from .similarity import MEMO_SIZE, PreparedRecord


def score_or_weak(record: PreparedRecord, profile: HouseholdProfile) -> Scored | float:
    """``score_household(record, profile)``, or — when the names and the birth date
    already prove that the score stays below ``LOW`` — only an upper bound of it (a
    float), without the rest of the address, the rules and the reason. Proof by the caps of
    ``_score_at``, which no address, move or former dwelling lifts:

    - names below ``NAME_GATE``: at most 0.8 × N (unless the tenant may be a holder
      under another surname: the usage-name rule raises N);
    - the tenant's name, another birth date, the co-tenant not concordant: a new
      household (« même nom, autre date de naissance »);
    - the names at another dwelling (address below ``DWELLING_GATE``, not the same flat
      named; every former dwelling below ``SAME_DWELLING``), no birth date proving a
      move (neither the same date nor the one the file's rows declared), the co-tenant
      not concordant: a new household (« logement différent »).

    A holder with recognised name forms: the bound holds for the household as the file
    names it and as each form names it (the score is the best of them).
    The engine scores the weak candidates only when they may be shown
    (services._scored)."""
    key = (record._ident, _memo_of(profile).ident)
    found = _SCORES.get(key)
    if found is not None:
        return found
    bound = _WEAK.get(key)
    if bound is not None:
        return bound
    names = names_part(record, profile)
    bound = _weak_bound(record, profile, names)
    for named, _ in _name_forms(profile):  # the score is the best over the forms
        if bound is None:
            break
        other = _weak_bound(record, named, names_part(record, named))
        bound = None if other is None else max(bound, other)
    if bound is not None:
        if len(_WEAK) >= MEMO_SIZE:
            _WEAK.clear()
        _WEAK[key] = bound
        return bound
    if len(_SCORES) >= MEMO_SIZE:
        _SCORES.clear()
    found = _SCORES[key] = compute_score_household(record, profile, names)
    return found


# Memo of the bounds of ``score_or_weak``, keyed as ``_SCORES``.
_WEAK: dict[tuple, float] = {}


def _weak_bound(record: PreparedRecord, profile: HouseholdProfile, n: Names) -> float | None:
    if n.names < NAME_GATE:
        if (
            usage_name_holder(record, profile) is None
            and spouse_name_holder(record, profile) is None
        ):
            return 0.8 * n.names / 100.0 + 1e-4  # + 1e-4: rounded after the cap
        return None
    if n.co_agrees:
        return None
    if n.tenant_j is not None:
        birth = birth_comparison(record.birth_date, profile.holders[n.tenant_j].birth_date)
        if birth == "different":
            return LOW - JUST_BELOW + 1e-4
        if birth == "same":
            return None
        if birth == "unknown" and claimed_birth(record, profile, n.tenant_j) == "same":
            return None  # dated by the file's earlier rows: a move
    if record.mobile and record.mobile in profile.phones:
        return None  # the file's own mobile number: a move, without a birth date
    # Another dwelling, no birth date proving a move, no couple: « logement différent »,
    # a new household — unless a former dwelling of the household is the row's.
    dwellings = [(profile.address, profile.postal_code, profile.commune_insee), *profile.past]
    for index, (address, postal_code, insee) in enumerate(dwellings):
        ours, theirs = record.address, parse_address(address)
        if ours.flat and ours.flat == theirs.flat:
            return None  # the same flat named: the address may be lifted to SAME_DWELLING
        value = _address_value(record, ours, theirs, postal_code, insee)[0]
        if value >= (DWELLING_GATE if index == 0 else SAME_DWELLING):
            return None
    return LOW - JUST_BELOW + 1e-4
