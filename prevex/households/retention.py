"""Anonymisation of household files at the end of their retention period (households
side): the one write path for it (called by prevex/lifecycle/retention.py).

Removed: names and birth dates of the members, address lines, the landlord's name when
the landlord is a person, contacts, vulnerabilities, social evaluations, free texts,
search text and matching keys. Kept: the household's id, reference, département,
commune, postal code, parc, composition and amounts, so that every count by stage, year
and commune stays the same. One entry per household goes to the history of writes
(without any value).
"""

from __future__ import annotations

from django.db import transaction

from prevex.audit import services as audit
from prevex.audit.models import WriteChannel, WriteObject, WriteOperation

from .models import (
    ContactChannel,
    Household,
    HouseholdKey,
    LandlordType,
    Member,
    SocialEvaluation,
    Vulnerability,
)

ANONYMISED_ADDRESS = "[anonymisé]"
ANONYMISED_NAME = "ANONYME"
SUMMARY = "Anonymisation au terme de la durée de conservation"


def anonymised_filter():
    """Households already anonymised (the marker is the address line)."""
    return {"address": ANONYMISED_ADDRESS}


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
