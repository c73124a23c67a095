"""Household rows moved by the corrections of matches (merge, split): the write half.

The matching app decides and journals (prevex/matching/corrections.py: who may, the
journal of decisions); these functions write the household aggregate, with its search
text and matching keys, inside the caller's transaction.
"""

from __future__ import annotations

from django.db import models

from prevex.accounts.models import Membership
from prevex.core.merges import run_steps as run_merge_steps
from prevex.core.text import fold

from .keys import HOLDER_ROLES
from .models import (
    ContactChannel,
    Household,
    HouseholdKey,
    Involvement,
    InvolvementReason,
    Member,
    MemberRole,
    Vulnerability,
)
from .services import household_create, household_derived_refresh

# Filled on ``keep`` from ``absorb`` when empty on ``keep``.
FILLABLE_FIELDS = (
    "address_complement",
    "landlord",
    "landlord_name",
    "landlord_type",
    "monthly_resources",
    "resources_note",
    "social_evaluation",
    "informed_on",
    "informed_channel",
    "lease_date",
)
HANDLED_RELATIONS = {"members", "contacts", "vulnerabilities", "involvements", "match_keys"}


def _person_key(member: Member) -> frozenset:
    return frozenset(fold(f"{member.last_name} {member.first_name}").split())


def _merge_members(keep: Household, absorb: Household) -> tuple[int, int]:
    """Move absorb's members to keep, dropping duplicates (same names, compatible birth)."""
    kept = list(Member.objects.filter(household=keep).order_by("role", "id"))
    has_titulaire = any(m.role == MemberRole.TITULAIRE for m in kept)
    moved = merged = 0
    for member in Member.objects.filter(household=absorb).order_by("role", "id"):
        twin = next(
            (
                m
                for m in kept
                if _person_key(m) == _person_key(member)
                and (m.birth_date is None or member.birth_date in (None, m.birth_date))
            ),
            None,
        )
        if twin is not None:
            if twin.birth_date is None and member.birth_date is not None:
                twin.birth_date = member.birth_date
                twin.save(update_fields=["birth_date"])
            merged += 1
            continue  # the duplicate is deleted with ``absorb``
        member.household = keep
        if member.role == MemberRole.TITULAIRE and has_titulaire:
            member.role = MemberRole.COTITULAIRE
        member.save(update_fields=["household", "role"])
        kept.append(member)
        moved += 1
    return moved, merged


def _move_unless(model, keep: Household, absorb: Household, signature) -> int:
    existing = {signature(row) for row in model.objects.filter(household=keep).order_by("id")}
    ids = []
    for row in model.objects.filter(household=absorb).order_by("id"):
        if signature(row) not in existing:
            existing.add(signature(row))
            ids.append(row.pk)
    return model.objects.filter(pk__in=ids).update(household=keep)


def _move_other_relations(keep: Household, absorb: Household) -> dict[str, int]:
    """Every other foreign key to Household (procedures, decisions, other apps' rows)."""
    moved = {}
    # Hidden relations too (``related_name="+"``: most other apps' rows), which
    # ``_meta.related_objects`` leaves out — left behind, they would go with ``absorb``.
    relations = [
        f
        for f in Household._meta.get_fields(include_hidden=True)
        if f.auto_created and not f.concrete
    ]
    for relation in relations:
        model = relation.related_model
        if (
            relation.get_accessor_name() in HANDLED_RELATIONS
            or not relation.one_to_many
            or relation.on_delete is models.DO_NOTHING  # e.g. the append-only access journal
        ):
            continue
        name = relation.field.name
        count = model._base_manager.filter(**{name: absorb}).update(**{name: keep})
        if count:
            moved[model._meta.label] = count
    return moved


def household_absorb(*, keep: Household, absorb: Household, by: Membership | None) -> dict:
    """Move everything of ``absorb`` into ``keep`` (both locked by the caller): members
    without duplicates, contacts, vulnerabilities, involvements, every other row of
    another app pointing at the household (procedures with their acts, decisions…);
    fill what ``keep`` lacks; delete ``absorb``; refresh keep's search text and keys.
    Returns what moved (for the journal)."""
    members_moved, members_merged = _merge_members(keep, absorb)
    contacts = _move_unless(
        ContactChannel, keep, absorb, lambda c: (c.kind, fold(c.value).replace(" ", ""))
    )
    vulnerabilities = _move_unless(
        Vulnerability, keep, absorb, lambda v: (v.kind, fold(v.note), v.recorded_on)
    )
    involvements = _move_unless(
        Involvement,
        keep,
        absorb,
        lambda i: (i.organisation_id, i.reason, i.ends_on) if i.ends_on is None else ("past", i.pk),
    )
    run_merge_steps(keep_id=keep.pk, absorb_id=absorb.pk, by=by)  # other apps' own rules
    others = _move_other_relations(keep, absorb)
    changed = []
    for name in FILLABLE_FIELDS:
        if getattr(keep, name) in (None, "") and getattr(absorb, name) not in (None, ""):
            setattr(keep, name, getattr(absorb, name))
            changed.append(name)
    if changed:
        keep.save(update_fields=[*changed, "updated_at"])
    HouseholdKey.objects.filter(household=absorb).delete()
    absorb.delete()
    household_derived_refresh(household_ids=[keep.pk])
    keep.refresh_from_db(fields=["search_text"])
    return {
        "members_moved": members_moved,
        "members_merged": members_merged,
        "contacts": contacts,
        "vulnerabilities": vulnerabilities,
        "involvements": involvements,
        "other_rows": others,
        "fields_filled": changed,
    }


def household_copy(*, household: Household, by: Membership | None) -> Household:
    """A new household with the same dwelling, landlord and lease holders (for a split),
    through ``household_create``; without any involvement (the caller copies those)."""
    holders = Member.objects.filter(household=household, role__in=HOLDER_ROLES).order_by(
        "-role", "id"
    )
    new = household_create(
        by=None,
        departement=household.departement_id,
        composition=household.composition,
        address=household.address,
        postal_code=household.postal_code,
        commune=household.commune,
        parc=household.parc,
        rent=household.rent,
        charges=household.charges,
        landlord=household.landlord,
        landlord_name=household.landlord_name,
        landlord_type=household.landlord_type,
        lease_date=household.lease_date,
        members=[
            {
                "role": m.role,
                "last_name": m.last_name,
                "first_name": m.first_name,
                "birth_date": m.birth_date,
            }
            for m in holders
        ],
    )
    if by is not None:
        new.created_by = by.user
        new.save(update_fields=["created_by"])
    Involvement.objects.filter(household=new).delete()  # household_create's landlord row
    return new


def involvements_copy(*, original: Household, new: Household, organisation_ids: set[int]) -> int:
    """Copy to ``new`` the open involvements of ``original`` that concern it: the
    landlord's, and those of ``organisation_ids`` (the senders of the moved acts)."""
    rows = []
    seen = set()
    for involvement in Involvement.objects.filter(
        household=original, ends_on__isnull=True
    ).order_by("id"):
        relevant = (
            involvement.reason == InvolvementReason.BAILLEUR
            or involvement.organisation_id in organisation_ids
        )
        signature = (involvement.organisation_id, involvement.reason)
        if relevant and signature not in seen:
            seen.add(signature)
            rows.append(
                Involvement(
                    household=new,
                    organisation_id=involvement.organisation_id,
                    reason=involvement.reason,
                    starts_on=involvement.starts_on,
                    created_by=involvement.created_by,
                )
            )
    Involvement.objects.bulk_create(rows)
    return len(rows)
