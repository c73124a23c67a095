"""The address part of a score: the record's dwelling against the household's (street,
house number, postcode or commune, flat and building), as ``names_part`` is the names
part. The rules are in ``scoring``'s docstring and in ``dwelling``."""

from __future__ import annotations

from prevex.core.normalize import numbers_close, parse_address

from .dwelling import _flats_conflict, _same_flat, _street_similarity
from .names_part import pct
from .profiles import HouseholdProfile
from .scored import SAME_DWELLING
from .similarity import PreparedRecord


def _address_value(record: PreparedRecord, ours, theirs, postal_code: str, insee: str):
    """(A before the same-flat rule, house numbers compared, same postcode or commune):
    the street's similarity × 0.5 (other number), 0.95 (« bis »), 0.9 (one missing),
    × 0.85 (another postcode and commune)."""
    value = _street_similarity(ours, theirs)
    numbers = numbers_close(ours, theirs)
    if numbers == "different":
        value *= 0.5
    elif numbers == "suffix":
        value *= 0.95
    elif numbers == "missing":
        value *= 0.9
    same_place = record.postal_code == postal_code or (
        record.commune_insee and record.commune_insee == insee
    )
    if not same_place:
        value *= 0.85
    return value, numbers, same_place


def _address_part(record: PreparedRecord, profile: HouseholdProfile):
    """(A, numbers conflict?, flats differ?, dwelling, reason parts, same postcode or
    commune?); ``dwelling``:
    ``flat`` (both rows name the same flat), ``no_flat`` (neither names a flat nor a
    building), else ``""``."""
    theirs = parse_address(profile.address)
    ours = record.address
    value, numbers, same_place = _address_value(
        record, ours, theirs, profile.postal_code, profile.commune_insee
    )
    parts, conflict = [], numbers == "different"
    if conflict:
        parts.append(f"numéro de voie différent ({ours.number} ≠ {theirs.number})")
    elif numbers == "suffix":
        parts.append(
            f"numéro de voie proche ({ours.number}{ours.suffix} / {theirs.number}{theirs.suffix})"
        )
    flats = _flats_conflict(ours, theirs)
    if flats:
        shown = (
            (ours.flat, theirs.flat)
            if ours.flat and theirs.flat
            else (ours.building, theirs.building)
        )
        parts.append(f"logement différent dans l'immeuble ({shown[0]} ≠ {shown[1]})")
    if not same_place:
        parts.append(f"code postal différent ({record.postal_code} ≠ {profile.postal_code})")
    same_flat = same_place and not flats and not conflict and ours.flat == theirs.flat
    if same_flat and ours.flat and value < SAME_DWELLING:
        # The same flat in the same commune: one dwelling, whether the street or the
        # estate name was written (« Cité des Courtillières, Bât G, Appt 1403 »).
        value = SAME_DWELLING
        parts.append(f"même logement (appartement {ours.flat})")
    if not conflict:
        parts.insert(0, "même adresse" if value >= 99.5 else f"adresse à {pct(value)}")
    dwelling = ""
    if same_place and not conflict and not flats:
        if _same_flat(ours, theirs):
            dwelling = "flat"
        elif not (ours.flat or theirs.flat or ours.building or theirs.building):
            dwelling = "no_flat"
    return value, conflict, flats, dwelling, parts, same_place
