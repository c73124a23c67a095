"""Steps other apps run when facts of a household that their computations read change
(a registry, like panels and merge steps).

The households app owns the lease date, the rent, the charges and the landlord type; the
procedures app computes deadlines and the CCAPEX reporting flag from them and stores the
result on each procedure (the dashboard sorts on it). When ``household_update`` changes
one of these facts, it runs the steps declared here, in its transaction, so that what the
dashboard stores agrees at once with what the file shows — without the households app
importing the apps above it.
"""

from __future__ import annotations

from collections.abc import Callable

FACTS = frozenset({"lease_date", "rent", "charges", "landlord_type"})

_steps: dict[str, Callable] = {}


def register(name: str, step: Callable) -> Callable:
    """Declare a step (``step(*, household_id, fields)``, ``fields`` the facts changed);
    re-registering a name replaces it."""
    _steps[name] = step
    return step


def facts_changed(*, household_id: int, fields: set[str]) -> None:
    changed = set(fields) & FACTS
    if not changed:
        return
    for name in sorted(_steps):
        _steps[name](household_id=household_id, fields=changed)
