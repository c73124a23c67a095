"""Household search by reference, name and address, tolerant of accents, case, inversions
and typos.

Candidates come from the database (3-letter fragments of each query word against the
folded ``search_text``, within the files the user may see), then rapidfuzz ranks them.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q
from rapidfuzz import fuzz

from prevex.access.gate import FieldGroup, groups_in_visible_files
from prevex.accounts.models import Membership
from prevex.audit import services as audit
from prevex.core.text import tokens

from .common import compute_search_text
from .models import Household
from .selectors import holders_prefetch, visible_households

MAX_CANDIDATES = 2000
MIN_SCORE = 70
PAGE_SIZE = 20
CANDIDATE_FIELDS = ("id", "reference", "address", "postal_code", "commune__name", "search_text")


@dataclass
class SearchHit:
    household_id: int
    reference: str
    name: str
    address: str
    score: float


def _fragments(word: str) -> set[str]:
    """Fragments that survive one or two typos in most words: start, middle and end."""
    if len(word) <= 3:
        return {word}
    frags = {word[:3], word[-3:]}
    if len(word) >= 7:
        mid = len(word) // 2
        frags.add(word[mid - 1 : mid + 2])
    return frags


def _word_score(word: str, candidate_words: list[str]) -> float:
    return max((fuzz.ratio(word, c) for c in candidate_words), default=0.0)


def score(query_words: list[str], search_text: str) -> float:
    """Mean over query words of the best fuzzy match among the candidate's words.

    Order-free, so « Samia Benali » finds « BENALI Samia »; accents and case are folded.
    """
    candidate_words = search_text.replace("|", " ").split()
    if not query_words or not candidate_words:
        return 0.0
    return sum(_word_score(w, candidate_words) for w in query_words) / len(query_words)


def _by_reference(membership: Membership, query: str) -> Household | None:
    """The visible file whose reference is the query (« 93-2025-000123 », any case)."""
    reference = "".join(query.split()).upper()
    if not reference or len(reference) > 20:
        return None
    return (
        visible_households(membership=membership)
        .filter(reference=reference)
        .select_related("commune")
        .only(*CANDIDATE_FIELDS)
        .first()
    )


def _searchable_text(household: Household, *, reads_identity: bool) -> str:
    """What the query is scored against: every member's name and the address, or, for a
    reader without the identity group (a landlord), the lease holders' names and the
    address only (another occupant's name is identity data it does not read)."""
    if reads_identity:
        return household.search_text
    return compute_search_text(
        members=household.holders, address=household.address, commune_name=household.commune.name
    )


def ranked_households(*, membership: Membership, query: str) -> list[tuple[float, Household]]:
    """Every match among the files this membership may see, best first (journaled once):
    the file whose reference is the query, then names and addresses by fuzzy score (on
    the names the reader may read: ``_searchable_text``)."""
    words = tokens(query, expand_abbreviations=True)
    words = [w for w in words if len(w) >= 2]
    exact = _by_reference(membership, query)
    if not words and exact is None:
        return []
    audit.log_search(membership=membership, query=query[:150])
    scored = [(100.0, exact)] if exact is not None else []
    if words:
        fragment_filter = reduce(
            or_, (Q(search_text__contains=f) for w in words for f in _fragments(w))
        )
        reads_identity = FieldGroup.IDENTITY in groups_in_visible_files(membership)
        candidates = (
            visible_households(membership=membership)
            .filter(fragment_filter)
            .select_related("commune")
            .only(*CANDIDATE_FIELDS)
            .order_by("id")[:MAX_CANDIDATES]
        )
        if not reads_identity:
            candidates = candidates.prefetch_related(holders_prefetch())
        by_name = []
        for h in candidates:
            if exact is not None and h.pk == exact.pk:
                continue
            s = score(words, _searchable_text(h, reads_identity=reads_identity))
            if s >= MIN_SCORE:
                by_name.append((s, h))
        by_name.sort(key=lambda pair: (-pair[0], pair[1].id))
        scored += by_name
    return scored


def search_hits(
    *, membership: Membership, ranked: list[tuple[float, Household]]
) -> list[SearchHit]:
    """The hits of one page of ``ranked_households`` (the holders read for that page only)."""
    by_id = {
        h.pk: h
        for h in visible_households(membership=membership)
        .filter(pk__in=[h.pk for _, h in ranked])
        .prefetch_related(holders_prefetch())
    }
    hits = []
    for s, h in ranked:
        holders = by_id[h.pk].holders if h.pk in by_id else []
        name = " et ".join(f"{m.last_name.upper()} {m.first_name}" for m in holders)
        hits.append(
            SearchHit(
                household_id=h.pk,
                reference=h.reference,
                name=name,
                address=f"{h.address}, {h.postal_code} {h.commune.name}",
                score=round(s, 1),
            )
        )
    return hits


def search_households(*, membership: Membership, query: str, limit: int = 20) -> list[SearchHit]:
    """The first ``limit`` hits (the search page paginates ``ranked_households``)."""
    ranked = ranked_households(membership=membership, query=query)
    return search_hits(membership=membership, ranked=ranked[:limit])
