"""The one access gate: who sees which household file, and which parts of it.

A file is visible to the CCAPEX secretariat of its département, and to any other
organisation of that département only through an active involvement (a row with a
reason and a period, never implied). Selectors, the dashboard, the CSV export, the API
and the services ask here; nothing else decides it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet

from prevex.accounts.models import Membership, Organisation
from prevex.core import clock
from prevex.core.errors import BusinessError

from .groups import (
    FieldGroup,
    all_groups,
    field_groups,
    is_secretariat,
    organisation_is_secretariat,
)
from .models import Involvement

__all__ = [
    "FieldGroup",
    "active_involvements",
    "groups_for",
    "groups_in_visible_files",
    "involvement_exists",
    "involved_household_ids",
    "is_involved",
    "is_secretariat",
    "is_secretariat_of",
    "organisation_is_secretariat",
    "restrict_to_visible",
    "visible_household_ids",
]


def is_secretariat_of(membership: Membership, departement_id: str) -> bool:
    """The secretariat of the CCAPEX of this département (review queue, merges, grants)."""
    return is_secretariat(membership) and membership.organisation.departement_id == departement_id


def active_involvements(
    *, organisation_id: int, today: datetime.date | None = None
) -> QuerySet[Involvement]:
    today = today or clock.today()
    return Involvement.objects.filter(organisation_id=organisation_id, starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )


def involvement_exists(*, membership: Membership, household_ref: str = "pk") -> Exists:
    """``Exists`` clause: the acting organisation is involved in the outer household."""
    return Exists(
        active_involvements(organisation_id=membership.organisation_id).filter(
            household_id=OuterRef(household_ref)
        )
    )


def is_involved(*, organisation_id: int, household_id: int) -> bool:
    return (
        active_involvements(organisation_id=organisation_id)
        .filter(household_id=household_id)
        .exists()
    )


def involved_household_ids(*, organisation_id: int, household_ids: Iterable[int]) -> set[int]:
    """Those of ``household_ids`` the organisation is involved in today (one query)."""
    ids = sorted(set(household_ids))
    if not ids:
        return set()
    return set(
        active_involvements(organisation_id=organisation_id)
        .filter(household_id__in=ids)
        .order_by("household_id")
        .values_list("household_id", flat=True)
    )


def restrict_to_visible(
    qs: QuerySet, *, membership: Membership, household_ref: str = "pk"
) -> QuerySet:
    """``qs`` (households, or rows with a household and a ``departement``) restricted to
    the files this membership may see."""
    qs = qs.filter(departement_id=membership.organisation.departement_id)
    if is_secretariat(membership):
        return qs
    return qs.filter(involvement_exists(membership=membership, household_ref=household_ref))


def groups_for(*, membership: Membership, household) -> frozenset[str]:
    """Field groups this membership reads in ``household`` (empty: no access at all)."""
    if household.departement_id != membership.organisation.departement_id:
        return frozenset()
    if is_secretariat(membership):
        return all_groups()
    involved = is_involved(organisation_id=membership.organisation_id, household_id=household.pk)
    return field_groups(membership, involved=involved)


def groups_in_visible_files(membership: Membership) -> frozenset[str]:
    """Field groups this membership reads in each file it may see: the same for every one
    of them (its organisation type and role decide), for lists and searches that must not
    match on a group the reader does not read (a landlord and the other occupants' names)."""
    return field_groups(membership, involved=True)


def visible_household_ids(
    *, organisation: Organisation, household_ids: Iterable[int | None]
) -> set[int]:
    """Those of ``household_ids`` the organisation may see (for answers to senders:
    an id it may not see is never returned)."""
    ids = {pk for pk in household_ids if pk is not None}
    if not ids:
        return set()
    household_model = Involvement._meta.get_field("household").related_model
    same_departement = set(
        household_model.objects.filter(pk__in=ids, departement_id=organisation.departement_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if organisation_is_secretariat(organisation):
        return same_departement
    return involved_household_ids(organisation_id=organisation.pk, household_ids=same_departement)


def require_group(
    membership: Membership | None,
    *,
    household,
    group: str,
    message: str = "Votre organisation n'a pas accès à cette partie du dossier.",
) -> None:
    """For services: refuse (``BusinessError``) unless the actor reads ``group`` in this
    file. ``household`` needs only ``pk`` and ``departement_id``. ``None`` is the system
    itself (migrations, loaders without an actor): not checked."""
    if membership is not None and group not in groups_for(
        membership=membership, household=household
    ):
        raise BusinessError(message)
