"""Score of a record against a candidate household, the reason in French, the decision.

The score (0–1) combines three comparisons (rapidfuzz, on folded strings):

- **names** (``N``, 0–100): each person of the record (tenant, co-tenant) against each
  holder of the household, the best of « last/first as given », « last/first swapped »
  and a token-sorted comparison; surnames compared without spaces or hyphens
  (« Da Silva » = « DASILVA »), a surname part of a compound surname or the same
  phonetic key counts as close; the co-tenant may be either holder (order ignored);
- **address** (``A``, 0–100): street names after expanding abbreviations (``av`` →
  ``avenue``) and dropping street type and small words, token-sorted; × 0.5 when the
  house numbers differ (``12`` ≠ ``14``, ``12`` ≠ ``12 bis``), × 0.9 when one is
  missing, × 0.85 when neither postcode nor commune agree;
- **birth date** of the tenant against the holder it matched: same → the score moves
  halfway to 1; different → − 0.25; near (one digit, or day and month swapped) → − 0.08.

``score = 0.6 N + 0.4 A`` (then birth date), with these limits, so that what must not be
decided alone never is:

- names below 80 cap the score at 0.8 × N (a different person at the same address is
  a new household, whatever the address says);
- different house numbers, a different birth date, or a different dwelling with the
  same birth date (a move?) cap it just below ``HIGH``: review at best;
- a different dwelling without birth-date agreement caps it just below ``LOW``: new.

Decision: score ≥ ``HIGH`` → MATCH; ``LOW`` ≤ score < ``HIGH`` → REVIEW; below → NEW.
Two candidates both ≥ ``HIGH`` within ``AMBIGUITY`` of each other → REVIEW.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property, lru_cache

from rapidfuzz import fuzz

from prevex.core.normalize import Address, fold, parse_address, phonetic

from .profiles import HouseholdProfile
from .records import PersonRecord

HIGH = 0.85  # at or above: attached automatically
LOW = 0.70  # at or above (and below HIGH): sent to review; below: new household
AMBIGUITY = 0.03  # two automatic-level candidates closer than this → review
NAME_GATE = 80.0
DWELLING_GATE = 60.0
JUST_BELOW = 0.005


@dataclass(frozen=True)
class PreparedPerson:
    last: str  # compact (no spaces)
    first: str
    last_tokens: frozenset
    first_tokens: frozenset
    full: str  # folded « last first »
    last_phonetic: str
    first_phonetic: str

    @classmethod
    def of(cls, last: str, first: str) -> PreparedPerson:
        return _prepared_person(last or "", first or "")

    @classmethod
    def build(cls, last: str, first: str) -> PreparedPerson:
        last_f, first_f = fold(last), fold(first)
        return cls(
            last=last_f.replace(" ", ""),
            first=first_f.replace(" ", ""),
            last_tokens=frozenset(t for t in last_f.split() if len(t) >= 3),
            first_tokens=frozenset(t for t in first_f.split() if len(t) >= 3),
            full=f"{last_f} {first_f}".strip(),
            last_phonetic=phonetic(last_f.replace(" ", "")),
            first_phonetic=phonetic(first_f.replace(" ", "")),
        )

    def swapped(self) -> PreparedPerson:
        return self._swapped

    @cached_property
    def _swapped(self) -> PreparedPerson:  # built once per person (people are interned)
        return PreparedPerson(
            last=self.first,
            first=self.last,
            last_tokens=self.first_tokens,
            first_tokens=self.last_tokens,
            full=self.full,
            last_phonetic=self.first_phonetic,
            first_phonetic=self.last_phonetic,
        )


@lru_cache(maxsize=100_000)
def _prepared_person(last: str, first: str) -> PreparedPerson:
    return PreparedPerson.build(last, first)


@dataclass(frozen=True)
class PreparedRecord:
    people: tuple[PreparedPerson, ...]
    birth_date: datetime.date | None
    address: Address
    postal_code: str
    commune_insee: str

    @classmethod
    def of(cls, record: PersonRecord) -> PreparedRecord:
        return cls(
            people=tuple(PreparedPerson.of(last, first) for last, first in record.people()),
            birth_date=record.birth_date,
            address=parse_address(record.address or ""),
            postal_code=(record.postal_code or "").strip(),
            commune_insee=(record.commune_insee or "").strip(),
        )


def _nested(a: frozenset, b: frozenset) -> bool:
    return bool(a and b) and (a <= b or b <= a)


def _surname_similarity(a: PreparedPerson, b_last: str, b_tokens, b_phonetic: str) -> float:
    if not a.last or not b_last:
        return 0.0
    score = fuzz.ratio(a.last, b_last)
    if score < 100 and _nested(a.last_tokens, b_tokens):
        score = max(score, 90.0)  # « Martin » within « Martin-Dupont »
    if score < 88 and a.last_phonetic and a.last_phonetic == b_phonetic:
        score = 88.0
    return score


def _given_similarity(a: str, a_tokens, b: str, b_tokens) -> float:
    if not a or not b:
        return 70.0  # unknown: neither for nor against
    score = fuzz.ratio(a, b)
    if score < 100 and _nested(a_tokens, b_tokens):
        score = max(score, 85.0)  # « Jean » within « Jean-Pierre »
    return score


# Memo of ``person_similarity``: a pure function of two interned people, asked again for
# every row of a household already known (monthly lists repeat the same spelling).
_SIMILARITIES: dict[tuple[PreparedPerson, PreparedPerson], tuple[float, bool]] = {}
MEMO_SIZE = 200_000


def person_similarity(a: PreparedPerson, b: PreparedPerson) -> tuple[float, bool]:
    """(similarity 0–100, names swapped?) of two people."""
    key = (a, b)
    found = _SIMILARITIES.get(key)
    if found is None:
        if len(_SIMILARITIES) >= MEMO_SIZE:
            _SIMILARITIES.clear()
        found = _SIMILARITIES[key] = compute_person_similarity(a, b)
    return found


def compute_person_similarity(a: PreparedPerson, b: PreparedPerson) -> tuple[float, bool]:
    """``person_similarity`` without the memo."""
    direct = 0.6 * _surname_similarity(
        a, b.last, b.last_tokens, b.last_phonetic
    ) + 0.4 * _given_similarity(a.first, a.first_tokens, b.first, b.first_tokens)
    if direct >= 99.5:
        return direct, False
    swapped_a = a.swapped()
    swapped = 0.6 * _surname_similarity(
        swapped_a, b.last, b.last_tokens, b.last_phonetic
    ) + 0.4 * _given_similarity(a.last, a.last_tokens, b.first, b.first_tokens)
    sorted_tokens = fuzz.token_sort_ratio(a.full, b.full) if a.full and b.full else 0.0
    best = max(direct, swapped, sorted_tokens)
    return best, best > direct + 0.5 and swapped >= sorted_tokens


def _street_similarity(a: Address, b: Address) -> float:
    if not a.name or not b.name:
        return 0.0
    score = fuzz.token_sort_ratio(a.text, b.text)
    if score < 100:
        ta, tb = set(a.name), set(b.name)
        if ta <= tb or tb <= ta:
            score = max(score, 90.0)  # « Jaurès » / « Jean Jaurès »
    if a.street_type and b.street_type and a.street_type != b.street_type:
        score -= 15.0
    return max(score, 0.0)


def _birth_comparison(a: datetime.date | None, b: datetime.date | None) -> str:
    if a is None or b is None:
        return "unknown"
    if a == b:
        return "same"
    if (a.year, a.day, a.month) == (b.year, b.month, b.day):
        return "near"
    sa, sb = a.strftime("%Y%m%d"), b.strftime("%Y%m%d")
    if sum(x != y for x, y in zip(sa, sb, strict=True)) == 1:
        return "near"
    return "different"


def _pct(value: float) -> str:
    return f"{round(value):d} %"


def _date(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class Scored:
    score: float
    reason: str
    names: float
    address: float


def holder_people(profile: HouseholdProfile) -> list[PreparedPerson]:
    if len(profile.prepared) != len(profile.holders):
        profile.prepared = [PreparedPerson.of(h.last_name, h.first_name) for h in profile.holders]
    return profile.prepared


def _names_part(record: PreparedRecord, profile: HouseholdProfile):
    """(N, holder index matched by the tenant or None, reason parts)."""
    holders = holder_people(profile)
    if not holders:
        return 0.0, None, ["aucun titulaire connu"]
    sims = [[person_similarity(p, h) for h in holders] for p in record.people]
    tenant_j = max(range(len(holders)), key=lambda j: sims[0][j][0])
    tenant_score, tenant_swapped = sims[0][tenant_j]
    names, tenant_index, parts = tenant_score, tenant_j, []
    co_agrees = False
    if len(record.people) > 1:
        co_j = max(range(len(holders)), key=lambda j: sims[1][j][0])
        co_score = sims[1][co_j][0] * 0.95
        if co_score > tenant_score:  # the household knows the co-tenant, not the tenant
            names, tenant_index = co_score, None
            parts.append("cotitulaire reconnu comme titulaire")
        others = [sims[1][j][0] for j in range(len(holders)) if j != tenant_j]
        if others and tenant_score >= NAME_GATE and max(others) >= 85:
            co_agrees = True
            names = min(100.0, names + 3.0)
    if not parts:
        if tenant_swapped and tenant_score >= NAME_GATE:
            parts.append("nom et prénom inversés")
        elif tenant_score >= 99.5:
            parts.append("même nom et prénom")
        elif record.people[0].last_phonetic and (
            record.people[0].last_phonetic == holders[tenant_j].last_phonetic
        ):
            parts.append(f"même nom (phonétique), noms à {_pct(tenant_score)}")
        else:
            parts.append(f"noms à {_pct(tenant_score)}")
    if co_agrees:
        parts.append("cotitulaire concordant" + (" (ordre inversé)" if tenant_j != 0 else ""))
    return names, tenant_index, parts


def _address_part(record: PreparedRecord, profile: HouseholdProfile):
    """(A, numbers conflict?, reason parts)."""
    theirs = parse_address(profile.address)
    ours = record.address
    street = _street_similarity(ours, theirs)
    value, parts, conflict = street, [], False
    if ours.number and theirs.number and ours.number != theirs.number:
        value *= 0.5
        conflict = True
        parts.append(f"numéro de voie différent ({ours.number} ≠ {theirs.number})")
    elif not (ours.number and theirs.number):
        value *= 0.9
    same_place = record.postal_code == profile.postal_code or (
        record.commune_insee and record.commune_insee == profile.commune_insee
    )
    if not same_place:
        value *= 0.85
        parts.append(f"code postal différent ({record.postal_code} ≠ {profile.postal_code})")
    if not conflict:
        parts.insert(0, "même adresse" if value >= 99.5 else f"adresse à {_pct(value)}")
    return value, conflict, parts


# Memo of ``score_household``, keyed by the record and everything of the household the
# score reads: a row sent again (monthly lists) against an unchanged household.
_SCORES: dict[tuple, Scored] = {}


def score_household(record: PreparedRecord, profile: HouseholdProfile) -> Scored:
    """Score (0–1) and French reason of ``record`` against one household."""
    key = (
        record,
        profile.address,
        profile.postal_code,
        profile.commune_insee,
        tuple(profile.holders),
    )
    found = _SCORES.get(key)
    if found is None:
        if len(_SCORES) >= MEMO_SIZE:
            _SCORES.clear()
        found = _SCORES[key] = compute_score_household(record, profile)
    return found


def compute_score_household(record: PreparedRecord, profile: HouseholdProfile) -> Scored:
    """``score_household`` without the memo."""
    names, tenant_index, name_parts = _names_part(record, profile)
    address, number_conflict, address_parts = _address_part(record, profile)
    score = (0.6 * names + 0.4 * address) / 100.0
    birth = "unknown"
    birth_parts: list[str] = []
    if tenant_index is not None and names >= NAME_GATE:
        theirs = profile.holders[tenant_index].birth_date
        birth = _birth_comparison(record.birth_date, theirs)
        if birth == "same":
            score += (1.0 - score) * 0.5
            birth_parts.append("même date de naissance")
        elif birth == "near":
            score -= 0.08
            birth_parts.append("date de naissance proche")
        elif birth == "different":
            score -= 0.25
            birth_parts.append(
                f"date de naissance différente ({_date(record.birth_date)} ≠ {_date(theirs)})"
            )
        else:
            birth_parts.append("date de naissance non comparable")
    cap = 1.0
    if names < NAME_GATE:
        cap = min(cap, 0.8 * names / 100.0)
    if number_conflict or birth in ("different", "near"):
        cap = min(cap, HIGH - JUST_BELOW)
    if address < DWELLING_GATE:
        cap = min(cap, (HIGH if birth == "same" else LOW) - JUST_BELOW)
        address_parts.append("logement différent")
    score = max(0.0, min(score, cap))
    reason = ", ".join([*name_parts, *birth_parts, *address_parts])
    return Scored(round(score, 4), reason[:1].upper() + reason[1:], names, address)


def decide(scored: list[tuple[int, Scored]]) -> tuple[str, int | None, float, str]:
    """(outcome, household id, score, reason) from candidates sorted best first."""
    if not scored:
        return "NEW", None, 0.0, "Aucun ménage candidat (clés de rapprochement sans résultat)."
    best_id, best = scored[0]
    if best.score >= HIGH:
        if len(scored) > 1 and scored[1][1].score >= best.score - AMBIGUITY:
            return (
                "REVIEW",
                None,
                best.score,
                f"Plusieurs ménages possibles : {best.reason}.",
            )
        return "MATCH", best_id, best.score, f"{best.reason}."
    if best.score >= LOW:
        return "REVIEW", None, best.score, f"Rapprochement incertain : {best.reason}."
    return "NEW", None, best.score, f"Aucun ménage assez proche (meilleur : {best.reason})."
