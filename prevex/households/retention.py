"""Anonymisation of household files at the end of their retention period (households
side): the one write path for it (called by prevex/lifecycle/retention.py).

Removed: names and birth dates of the members, address lines (the current one and the
past ones), the landlord's name when the landlord is a person, contacts,
vulnerabilities, social evaluations, free texts, search text and matching keys. Kept:
the household's id, reference, département, commune, postal code, parc, composition and
amounts, and the past addresses' commune, postal code and date, so that every count by
stage, year and commune stays the same. One entry per household goes to the history of
writes (without any value). ``search_terms`` gives, before that, what names the
households, for the redaction of the searches in the access journal.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from prevex.audit import services as audit
from prevex.audit.models import WriteChannel, WriteObject, WriteOperation
from prevex.audit.retention import RETENTION_SUMMARY
from prevex.core.errors import BusinessError

from .models import (
    ContactChannel,
    Household,
    HouseholdKey,
    LandlordType,
    Member,
    PastAddress,
    SocialEvaluation,
    Vulnerability,
)

ANONYMISED_ADDRESS = "[anonymisé]"
ANONYMISED_NAME = "ANONYME"
SUMMARY = RETENTION_SUMMARY
ANONYMISED = (
    "Ce dossier a été anonymisé au terme de sa durée de conservation : il ne peut plus "
    "être modifié."
)
GONE = "Ce dossier n'existe plus : il a été fusionné dans un autre dossier ou supprimé."


def anonymised_filter(via: str = "") -> dict:
    """Households already anonymised (the marker is the address line); ``via``: the path
    to the household from another model (``"household__"``)."""
    return {f"{via}address": ANONYMISED_ADDRESS}


def refuse_anonymised(household_id: int, *, message: str = ANONYMISED) -> None:
    """Refuse a write into a file that no longer exists or that the retention job has
    anonymised (a form loaded before the night's run and sent after it): nothing goes
    back into an anonymised file, which the job never reads again. Every service that
    writes a row of one file calls it at its entry (``message``: the refusal in the
    caller's words). Locks the household's row until the transaction ends, so writers
    that look for a twin before inserting (two clicks on « Enregistrer ») are serialised
    on the file."""
    found = list(
        Household.objects.select_for_update()
        .filter(pk=household_id)
        .values_list("address", flat=True)
    )
    if not found:
        raise BusinessError(GONE)
    if found[0] == ANONYMISED_ADDRESS:
        raise BusinessError(message)


def anonymised_among(household_ids: Iterable[int | None]) -> set[int]:
    """Those of ``household_ids`` the retention job has anonymised: the bulk writers
    (imports, payments, agendas, jobs) leave them out, each line with its own reason."""
    ids = sorted({pk for pk in household_ids if pk is not None})
    found: set[int] = set()
    for start in range(0, len(ids), 5000):
        found.update(
            Household.objects.filter(pk__in=ids[start : start + 5000], **anonymised_filter())
            .order_by()
            .values_list("pk", flat=True)
        )
    return found


def search_terms(household_ids: list[int]) -> list[str]:
    """What names these households and someone may have typed in a search: the
    members' surnames, the contacts, the address lines (current and past). Read before
    ``households_anonymise``."""
    ids = list(
        Household.objects.filter(pk__in=household_ids)
        .exclude(**anonymised_filter())
        .values_list("pk", flat=True)
    )
    terms = set(Member.objects.filter(household_id__in=ids).values_list("last_name", flat=True))
    terms |= set(
        ContactChannel.objects.filter(household_id__in=ids).values_list("value", flat=True)
    )
    for address, complement in Household.objects.filter(pk__in=ids).values_list(
        "address", "address_complement"
    ):
        terms |= {address, complement}
    for address, complement in PastAddress.objects.filter(household_id__in=ids).values_list(
        "address", "address_complement"
    ):
        terms |= {address, complement}
    return sorted(t for t in terms if t and t != ANONYMISED_NAME)


def households_anonymise(household_ids: list[int]) -> int:
    """Anonymise these households (idempotent: already anonymised ones are skipped)."""
    with transaction.atomic():
        ids = list(
            Household.objects.filter(pk__in=household_ids)
            .exclude(**anonymised_filter())
            .values_list("pk", flat=True)
        )
        if not ids:
            return 0
        Member.objects.filter(household_id__in=ids).update(
            last_name=ANONYMISED_NAME, first_name="", birth_date=None
        )
        ContactChannel.objects.filter(household_id__in=ids).delete()
        Vulnerability.objects.filter(household_id__in=ids).delete()
        SocialEvaluation.objects.filter(household_id__in=ids).delete()
        HouseholdKey.objects.filter(household_id__in=ids).delete()
        PastAddress.objects.filter(household_id__in=ids).update(
            address=ANONYMISED_ADDRESS, address_complement=""
        )
        households = Household.objects.filter(pk__in=ids)
        households.filter(landlord_type=LandlordType.PERSONNE_PHYSIQUE).update(landlord_name="")
        households.update(
            address=ANONYMISED_ADDRESS,
            address_complement="",
            resources_note="",
            social_evaluation="",
            informed_channel="",
            search_text="",
        )
        audit.log_writes_many(
            audit.WriteEntry(
                household_id=pk,
                object_type=WriteObject.HOUSEHOLD,
                object_id=pk,
                field_group="IDENTITY",
                operation=WriteOperation.UPDATE,
                summary=SUMMARY,
                channel=WriteChannel.SYSTEM,
            )
            for pk in ids
        )
    return len(ids)
