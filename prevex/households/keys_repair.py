"""Repair of the stored matching keys when the rules that compute them change.

The keys are written with the household (``members.keys_write``); a new normalisation
rule (a title stripped from names, an abbreviation read differently in addresses) leaves
the keys of households written before it as they were, so an incoming row written the new
way would no longer find them. ``matching_keys_repair`` compares, batch by batch, the
stored keys with those the current rules compute and rewrites only the households whose
keys differ (``household_derived_refresh``). Idempotent: a second run finds nothing.
Anonymised households keep no keys and are skipped.
"""

from .keys import ID_CHUNK, expected_keys, stored_keys
from .members import household_derived_refresh
from .models import Household
from .retention import anonymised_filter


def matching_keys_repair(*, departement: str | None = None) -> int:
    """Rewrite the keys of every household whose stored keys are not those of the current
    rules; returns the number of households repaired."""
    households = Household.objects.exclude(**anonymised_filter())
    if departement:
        households = households.filter(departement_id=departement)
    ids = list(households.order_by("pk").values_list("pk", flat=True))
    repaired = 0
    for start in range(0, len(ids), ID_CHUNK):
        chunk = ids[start : start + ID_CHUNK]
        stored, expected = stored_keys(chunk), expected_keys(chunk)
        stale = [pk for pk in chunk if stored.get(pk, set()) != expected.get(pk, set())]
        if stale:
            household_derived_refresh(household_ids=stale)
            repaired += len(stale)
    return repaired
