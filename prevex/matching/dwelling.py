"""The dwelling as the scorer compares it: street names and flats
(prevex/core/addresses.py parses them)."""

from __future__ import annotations

from rapidfuzz import fuzz

from prevex.core.normalize import Address, flats_differ


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
