"""The names part of a household's score (``N``, 0–100): each person of the record
against each holder (``scoring.py``). Computed without its French reason first — the
engine proves most candidates weak from the figures alone (``weak.score_or_weak``)
and writes the reason only for the candidates it scores in full (``names_reason``)."""

from __future__ import annotations

from dataclasses import dataclass

from .holders import holder_people, under_spouse_name
from .profiles import HouseholdProfile
from .scored import NAME_GATE, SAME_NAME
from .similarity import _SIMILARITIES, PreparedRecord, person_similarity


def pct(value: float) -> str:
    return f"{round(value):d} %"


@dataclass
class Names:
    names: float  # N, 0–100
    tenant_j: int | None  # the holder the record's tenant matched best (None below the gate)
    tenant_score: float
    tenant_swapped: bool
    co_agrees: bool  # the record's co-tenant is the household's other holder
    co_only: bool  # recognised through the co-tenant alone
    others_same_name: bool  # another holder bears the tenant's name (father and son?)
    best_j: int = 0  # the holder the tenant matched best, whatever the score
    co_better: bool = False  # the household knows the co-tenant better than the tenant
    co_differs: bool = False  # both name a co-tenant, and the row's is none of the file's
    co_usage: bool = False  # the co-tenant agrees under the tenant's surname (usage name)
    parts: list | None = None  # the French reason, once written (``names_reason``)


_NO_HOLDER = Names(0.0, None, 0.0, False, False, False, False, parts=["aucun titulaire connu"])


def names_part(record: PreparedRecord, profile: HouseholdProfile) -> Names:
    """The figures of the names part (``parts`` left to ``names_reason``)."""
    holders = holder_people(profile)
    if not holders:
        return _NO_HOLDER
    # person_similarity, its memo read inline (one call fewer per pair of people)
    memo_get = _SIMILARITIES.get
    tenant = record.people[0]
    ident = tenant._ident
    row = [memo_get((ident, h._ident)) or person_similarity(tenant, h) for h in holders]
    # the first best holder, as max(…) would give
    tenant_j, (tenant_score, tenant_swapped) = 0, row[0]
    for j in range(1, len(row)):
        if row[j][0] > tenant_score:
            tenant_j, (tenant_score, tenant_swapped) = j, row[j]
    names = tenant_score
    co_agrees = co_only = co_better = co_differs = co_usage = False
    # Another holder bearing the tenant's very name (father and son on one lease); a
    # spouse sharing the surname is not one (« Nguyen Margot » / « Nguyen Xavier »).
    others_same_name = len(row) > 1 and any(
        row[j][0] >= SAME_NAME for j in range(len(row)) if j != tenant_j
    )
    if len(record.people) > 1:
        co = record.people[1]
        ident = co._ident
        co_row = [memo_get((ident, h._ident)) or person_similarity(co, h) for h in holders]
        co_j = max(range(len(co_row)), key=lambda j: co_row[j][0])
        co_score = co_row[co_j][0] * 0.95
        if co_score > tenant_score:  # the household knows the co-tenant better
            names, co_only, co_better = co_score, tenant_score < NAME_GATE, True
            if co_j == tenant_j and tenant_score >= NAME_GATE:
                # The holder the tenant resembles is the row's co-tenant (« Dos Santos
                # Conceição » and « Dos Santos Antonio » for the file of « Dos Santos
                # Antonio »): the tenant is someone else — another holder, or a person
                # the file does not know, whose birth date is no one's on the file.
                others = [j for j in range(len(row)) if j != co_j and row[j][0] >= NAME_GATE]
                if others:
                    tenant_j = max(others, key=lambda j: row[j][0])
                    tenant_score, tenant_swapped = row[tenant_j]
                else:
                    tenant_score, co_only = min(tenant_score, NAME_GATE - 1.0), True
        others = [co_row[j][0] for j in range(len(row)) if j != tenant_j]
        if others and tenant_score >= NAME_GATE and max(others) >= 85:
            co_agrees = True
            names = min(100.0, names + 3.0)
        elif (
            len(holders) == 2
            and tenant_score >= NAME_GATE
            and not co.given_forms & holders[tenant_j].given_forms
            and under_spouse_name(co, holders[1 - tenant_j], holders[tenant_j])
        ):
            # The row's co-tenant is the file's, under the tenant's surname (her usage
            # name): « LE GOFF Kévin + LE GOFF Josiane » / « LE GOFF Kevin + BLANCHARD
            # Josiane ».
            co_agrees = co_usage = True
        elif others and tenant_score >= NAME_GATE and max(others) < NAME_GATE:
            co_differs = True
    return Names(
        names,
        tenant_j if tenant_score >= NAME_GATE else None,
        tenant_score,
        tenant_swapped,
        co_agrees,
        co_only,
        others_same_name,
        tenant_j,
        co_better,
        co_differs,
        co_usage,
    )


def names_reason(record: PreparedRecord, profile: HouseholdProfile, n: Names) -> list[str]:
    """The French reason of the names part ``n`` of ``record`` against ``profile``."""
    if n.parts is not None:
        return n.parts
    holders = holder_people(profile)
    parts = []
    if n.co_better:
        parts.append("cotitulaire reconnu comme titulaire")
    elif n.tenant_swapped and n.tenant_score >= NAME_GATE:
        parts.append("nom et prénom inversés")
    elif n.tenant_score >= 99.5:
        parts.append("même nom et prénom")
    elif record.people[0].last_phonetic and (
        record.people[0].last_phonetic == holders[n.best_j].last_phonetic
    ):
        parts.append(f"même nom (phonétique), noms à {pct(n.tenant_score)}")
    else:
        parts.append(f"noms à {pct(n.tenant_score)}")
    if n.co_agrees:
        parts.append("cotitulaire concordant" + (" (ordre inversé)" if n.best_j != 0 else ""))
    return parts
