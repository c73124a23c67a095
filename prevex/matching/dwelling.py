"""The dwelling as the scorer compares it: street names and flats
(prevex/core/addresses.py parses them).

A street written with initials (« av. PVC », « R J. Jaurès ») is the street whose words
they begin (« avenue Paul Vaillant-Couturier », « rue Jean Jaurès »); an estate or
lieu-dit written alone, without the street (« Cité de l'Avenir, bât C »), is compared
with the estate the other row names (docs/decisions/2026-12-01-matching-rules-4.md).
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz

from prevex.core.normalize import Address, flats_differ

ABBREVIATED = 90.0  # a street written with initials, an estate written without its street
ESTATE_OR_STREET = 67.0  # an estate alone against a street alone, the same building: at the
# dwelling gate (60) once × 0.9 for the house number only one row gives
INITIALS_MAX = 4  # « pvc »: at most this many words abbreviated in one token


def _street_words(address: Address) -> tuple[str, ...]:
    """The street's words, without a « lieu-dit … » the parser left in the name."""
    words = address.name
    for i in range(len(words) - 1):
        if words[i] == "lieu" and words[i + 1] == "dit":
            return words[:i]
    return words


def _letters(words: tuple[str, ...]) -> tuple[str, ...]:
    """Words, an acronym (two to four consonants: « pvc ») read as its initials."""
    out: list[str] = []
    for word in words:
        if 2 <= len(word) <= INITIALS_MAX and word.isalpha() and not set(word) & set("aeiouy"):
            out.extend(word)
        else:
            out.append(word)
    return tuple(out)


@lru_cache(maxsize=65536)
def _abbreviated(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One street name written with initials for some of its words: word for word, each
    pair equal or one an initial of the other, at least one initial (« j jaures » /
    « jean jaures », « pvc » / « p vaillant couturier » / « paul vaillant couturier »);
    or with the usual contractions of its titles and long words, word for word
    (« pdt wilson » / « president wilson », « gal leclerc » / « general leclerc »,
    « rep » / « republique »: ``_contracted``)."""
    if (
        len(a) == len(b)
        and a != b
        and all(x == y or _contracted(x, y) or _contracted(y, x) for x, y in zip(a, b, strict=True))
    ):
        return True
    a, b = _letters(a), _letters(b)
    if len(a) != len(b) or a == b:
        return False
    for x, y in zip(a, b, strict=True):
        if x != y and not (
            (len(x) == 1 and len(y) > 1 and y[0] == x) or (len(y) == 1 and len(x) > 1 and x[0] == y)
        ):
            return False
    return True


CONTRACTED = (2, 4)  # letters of a contraction (« dr », « gal », « pdt », « rep »)
CONTRACTED_GAP = 4  # the full word is longer by at least this many letters


def _contracted(short: str, full: str) -> bool:
    """``short`` is a contraction of ``full``: same first letter, its letters found in
    order in ``full`` (« pdt » in « president », « mal » in « marechal », « rep » in
    « republique »), and ``full`` longer by ``CONTRACTED_GAP`` letters at least (« paul »
    is not « pauline »'s contraction)."""
    if not (CONTRACTED[0] <= len(short) <= CONTRACTED[1]) or not short.isalpha():
        return False
    if len(full) < len(short) + CONTRACTED_GAP or short[0] != full[0]:
        return False
    rest = iter(full[1:])
    return all(letter in rest for letter in short[1:])


def _place_similarity(a: Address, b: Address) -> float:
    """An estate or lieu-dit written without its street, against the other row's."""
    ours = [p for p in (a.estate, a.lieu_dit) if p]
    theirs = [p for p in (b.estate, b.lieu_dit) if p]
    if not ours or not theirs:
        return 0.0
    best = max(fuzz.token_sort_ratio(x, y) for x in ours for y in theirs)
    return ABBREVIATED if best >= 90 else 0.0


# Memo of ``_street_similarity`` by the two addresses' identities (parsed addresses are
# shared: ``parse_address`` memoises): the entry holds both, so neither id is reused
# while it lasts.
_STREETS: dict[tuple[int, int], tuple[Address, Address, float]] = {}
STREETS_SIZE = 200_000


def _street_similarity(a: Address, b: Address) -> float:
    found = _STREETS.get((id(a), id(b)))
    if found is not None and found[0] is a and found[1] is b:
        return found[2]
    if len(_STREETS) >= STREETS_SIZE:
        _STREETS.clear()
    score = _compute_street_similarity(a, b)
    _STREETS[(id(a), id(b))] = (a, b, score)
    return score


def _estate_or_street(a: Address, b: Address) -> float:
    """One row names only its estate (« Cité des Quatre-Chemins, bât E »), the other only
    its street (« bât E, porte 0209 - 111 rue Hoche »): the two cannot be compared, but
    the same building named on both sides keeps the dwelling possible (``ESTATE_OR_STREET``:
    names and birth date decide, never the address alone)."""
    if not (a.building and a.building == b.building):
        return 0.0
    ours, theirs = (a, b) if not _street_words(a) else (b, a)
    if _street_words(ours) or not (ours.estate or ours.lieu_dit) or theirs.estate:
        return 0.0
    return ESTATE_OR_STREET


def _compute_street_similarity(a: Address, b: Address) -> float:
    wa, wb = _street_words(a), _street_words(b)
    if not wa or not wb:
        return _place_similarity(a, b) or _estate_or_street(a, b)
    # Sorted words survive a reordered name (« Jaurès Jean »); as written, a typo in a
    # first letter that would reorder them (« felix fure » sorts before « faure felix »).
    sa, sb = " ".join(wa), " ".join(wb)
    score = max(fuzz.token_sort_ratio(sa, sb), fuzz.ratio(sa, sb))
    if score < 100:
        ta, tb = set(wa), set(wb)
        if ta <= tb or tb <= ta:
            score = max(score, 90.0)  # « Jaurès » / « Jean Jaurès »
        if score < ABBREVIATED and _abbreviated(wa, wb):
            score = ABBREVIATED  # « PVC » / « Paul Vaillant-Couturier »
    if a.street_type and b.street_type and a.street_type != b.street_type:
        score -= 15.0
    return max(score, 0.0)


def _flats_conflict(ours: Address, theirs: Address) -> bool:
    """Both rows name a different flat or building (``flats_differ``) — but a door
    number written without its floor (« appt 06 » / « porte 0806 ») is not another flat;
    two numbers written with their floor (three characters or more as sent: « 0007 » /
    « 0207 ») that differ are two flats."""
    if not flats_differ(ours, theirs):
        return False
    if ours.building and theirs.building and ours.building != theirs.building:
        return True
    a, b = ours.flat.lstrip("0"), theirs.flat.lstrip("0")
    short, long = sorted((a, b), key=len)
    if len(short) >= 3 and len(long) >= len(short) + 2 and long.endswith(short):
        # « Lgt 80206 » / « appt 206 »: the landlord's number of the dwelling, its
        # building's digits before the door number — not another flat.
        return False
    if min(ours.flat_width, theirs.flat_width) >= 3:
        return True  # both written with their floor (« 0007 » / « 0207 »): two flats
    return not (a and b and (a.endswith(b) or b.endswith(a)))


def _same_flat(ours: Address, theirs: Address) -> bool:
    """Both rows name the flat and it is the same number, in no other building (a door
    number without its floor, « appt 06 » / « porte 0806 », is no conflict but proves
    nothing either: « 0007 » and « 1007 » are two flats)."""
    if ours.building and theirs.building and ours.building != theirs.building:
        return False
    a, b = ours.flat.lstrip("0"), theirs.flat.lstrip("0")
    return bool(a and a == b)
