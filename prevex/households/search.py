"""Household search by name and address, tolerant of accents, case, inversions and typos.

Candidates come from the database (3-letter fragments of each query word against the
folded ``search_text``, within the files the user may see), then rapidfuzz ranks them.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q
from rapidfuzz import fuzz

from prevex.accounts.models import Membership
from prevex.audit import services as audit
from prevex.core.text import tokens

from .selectors import holders_prefetch, visible_households

MAX_CANDIDATES = 2000
MIN_SCORE = 70


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


def search_households(*, membership: Membership, query: str, limit: int = 20) -> list[SearchHit]:
    words = tokens(query, expand_abbreviations=True)
    words = [w for w in words if len(w) >= 2]
    if not words:
        return []
    audit.log_search(membership=membership, query=query[:150])
    fragment_filter = reduce(
        or_, (Q(search_text__contains=f) for w in words for f in _fragments(w))
    )
    candidates = (
        visible_households(membership=membership)
        .filter(fragment_filter)
        .select_related("commune")
        .only("id", "reference", "address", "postal_code", "commune__name", "search_text")
        .order_by("id")[:MAX_CANDIDATES]
    )
    scored = []
    for h in candidates:
        s = score(words, h.search_text)
        if s >= MIN_SCORE:
            scored.append((s, h))
    scored.sort(key=lambda pair: (-pair[0], pair[1].id))
    top = scored[:limit]
    by_id = {
        h.pk: h
        for h in visible_households(membership=membership)
        .filter(pk__in=[h.pk for _, h in top])
        .prefetch_related(holders_prefetch())
    }
    hits = []
    for s, h in top:
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
