"""Personal mobile numbers as matching evidence (decision
docs/decisions/2026-12-07-mobile-number-as-evidence.md).

Partners often send the tenant's phone number. A French mobile number (06, 07) belongs
to one person: when a row gives no birth date and two files bear the tenant's name in
the building — a father and his son, two neighbours — the file that already knows the
row's mobile number is that person's. A landline is the dwelling's (a father and a son
living apart each have their own, and a family shares one), a placeholder
(« 06 00 00 00 00 ») is nobody's: neither counts.

The number only ever adds evidence where the birth date could not be compared: it never
joins two people whose birth dates or first names differ, nor two flats.

Learnt only from rows whose identity was established otherwise (``phones_learn``): a
number that arrived with a row attached on its name alone is kept as a contact of the
file, never as evidence (``models.KnownPhone``).
"""

from __future__ import annotations

from collections.abc import Iterable

from prevex.core.phones import mobile_number

from .models import KnownPhone


def phones_learn(entries: Iterable[tuple[int, str, str, str, int]]) -> int:
    """Record the mobile numbers of rows whose identity was established —
    ``(household id, département, number as sent, source kind, source id)`` — on their
    household, each number once per household. Returns the numbers added."""
    wanted: dict[tuple[int, str], tuple[str, str, int]] = {}
    for household_id, departement, value, kind, source_id in entries:
        number = mobile_number(value)
        if household_id and number:
            wanted.setdefault((household_id, number), (departement, kind, source_id))
    if not wanted:
        return 0
    known = set(
        KnownPhone.objects.filter(household_id__in={pk for pk, _ in wanted}).values_list(
            "household_id", "number"
        )
    )
    new = [
        KnownPhone(
            household_id=pk,
            departement_id=departement,
            number=number,
            source_kind=kind,
            source_id=source_id,
        )
        for (pk, number), (departement, kind, source_id) in wanted.items()
        if (pk, number) not in known
    ]
    KnownPhone.objects.bulk_create(new, batch_size=1000)
    return len(new)


def phones_forget(household_ids: Iterable[int]) -> int:
    """Delete the numbers known for these households (anonymisation)."""
    deleted, _ = KnownPhone.objects.filter(household_id__in=list(household_ids)).delete()
    return deleted
