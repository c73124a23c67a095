"""A household that moved: the file takes the new address and keeps the old one.

``household_move`` is the households service the import calls when the matcher
recognised the same lease holders, with the same birth date, at another address of the
département (prevex/matching/scoring.py, « déménagement »). The previous dwelling is
kept in ``PastAddress`` with the date it was left at the latest; search text and
matching keys follow the new address; the write history records the change.
``household_address_complete_many`` names a file's dwelling more fully (not a move).
Importable from prevex.households.services.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from prevex.accounts.models import Membership
from prevex.audit import services as audit
from prevex.core.errors import BusinessError
from prevex.core.models import Commune

from . import history
from .common import compute_search_text
from .members import household_derived_refresh, keys_write
from .models import Household, Member, PastAddress


@transaction.atomic
def household_move(
    *,
    household: Household,
    address: str,
    postal_code: str,
    commune: Commune,
    on: datetime.date,
    by: Membership | None,
    source_kind: str = "",
    source_id: int | None = None,
) -> PastAddress | None:
    """Record a move to ``address`` known on ``on``; returns the past address kept, or
    ``None`` when the file already has this address."""
    address = (address or "").strip()
    if not address or not (postal_code or "").strip():
        raise BusinessError("La nouvelle adresse du ménage est incomplète.")
    if commune.departement_id != household.departement_id:
        raise BusinessError(
            f"La commune {commune.name} n'appartient pas au département du dossier : "
            "un déménagement hors du département n'est pas rattaché."
        )
    if (address, postal_code, commune.pk) == (
        household.address,
        household.postal_code,
        household.commune_id,
    ):
        return None
    past = PastAddress.objects.create(
        household=household,
        address=household.address,
        address_complement=household.address_complement,
        postal_code=household.postal_code,
        commune_id=household.commune_id,
        left_on=on,
        source_kind=source_kind,
        source_id=source_id,
    )
    before = history.household_snapshot(household)
    household.address, household.address_complement = address, ""
    household.postal_code, household.commune = postal_code, commune
    members = list(Member.objects.filter(household=household).order_by("role", "id"))
    household.search_text = compute_search_text(
        members=members, address=household.address, commune_name=commune.name
    )
    household.save()
    keys_write(household, members)
    audit.log_writes_many(
        history.household_changed_entries(household=household, before=before, by=by)
    )
    return past


@transaction.atomic
def household_address_complete_many(
    *, changes: list[tuple[Household, str]], by: Membership | None
) -> int:
    """Files whose dwelling is named more fully, not moves: an address that gave an
    estate, a building and a flat but no street (« Cité des Courtillières, Bât F, Appt
    0403 »), or a street without the flat, completed by a row about the same dwelling.
    The caller checks that the two name the same dwelling (prevex/matching/follow_up.py);
    ``changes`` are (household, new address), one per household. Search text and
    matching keys follow (``household_derived_refresh``); the write history records each
    change. Returns the number of files changed."""
    changes = [
        (household, address.strip())
        for household, address in changes
        if address and address.strip() and address.strip() != household.address
    ]
    if not changes:
        return 0
    entries, now = [], timezone.now()
    for household, address in changes:
        before = history.household_snapshot(household)
        household.address, household.updated_at = address, now
        entries += history.household_changed_entries(household=household, before=before, by=by)
    Household.objects.bulk_update(
        [household for household, _ in changes], ["address", "updated_at"]
    )
    household_derived_refresh(household_ids=[household.pk for household, _ in changes])
    audit.log_writes_many(entries)
    return len(changes)
