"""Household rows moved by the corrections of matches (merge, split): the write half.

The matching app decides and journals (prevex/matching/corrections.py: who may, the
journal of decisions); these functions write the household aggregate, with its search
text and matching keys, and its history of writes (one insert per merge or copy),
inside the caller's transaction. Other apps log what a merge moves of theirs in their
own merge steps (``prevex.core.merges``).
"""

from __future__ import annotations

from django.db import models

from prevex.access.bulk import involvement_add_many
from prevex.access.history import involvement_entry
from prevex.accounts.models import Membership
from prevex.audit import services as audit
from prevex.core.merges import run_steps as run_merge_steps
from prevex.core.text import fold

from . import history
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
from .services import HouseholdDraft, household_create_many, household_derived_refresh

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


def _move_unless(model, keep: Household, absorb: Household, signature) -> list:
    """Move to ``keep`` the rows of ``absorb`` it has no equal of; returns them."""
    existing = {signature(row) for row in model.objects.filter(household=keep).order_by("id")}
    rows = []
    for row in model.objects.filter(household=absorb).order_by("id"):
        if signature(row) not in existing:
            existing.add(signature(row))
            rows.append(row)
    model.objects.filter(pk__in=[row.pk for row in rows]).update(household=keep)
    for row in rows:
        row.household_id = keep.pk
    return rows


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
    members_before = list(Member.objects.filter(household=keep).order_by("role", "id"))
    before = history.household_snapshot(keep)
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
    members_after = list(Member.objects.filter(household=keep).order_by("role", "id"))
    audit.log_writes_many(
        [
            *history.household_merged_entries(keep=keep, absorb=absorb, by=by),
            *history.household_changed_entries(household=keep, before=before, by=by),
            *history.members_changed_entries(
                household_id=keep.pk, before=members_before, after=members_after, by=by
            ),
            *(
                history.contact_added_entry(
                    household_id=keep.pk, contact_id=c.pk, kind=c.kind, value=c.value, by=by
                )
                for c in contacts
            ),
            *(history.vulnerability_entry(vulnerability=v, by=by) for v in vulnerabilities),
            *(involvement_entry(involvement=i, by=by) for i in involvements),
        ]
    )
    HouseholdKey.objects.filter(household=absorb).delete()
    absorb.delete()
    household_derived_refresh(household_ids=[keep.pk])
    keep.refresh_from_db(fields=["search_text"])
    return {
        "members_moved": members_moved,
        "members_merged": members_merged,
        "contacts": len(contacts),
        "vulnerabilities": len(vulnerabilities),
        "involvements": len(involvements),
        "other_rows": others,
        "fields_filled": changed,
    }


def household_copy(*, household: Household, by: Membership | None) -> Household:
    """A new household with the same dwelling, landlord and lease holders (for a split),
    through ``household_create_many`` (its history names ``by``); the landlord stays
    involved from the same day, the caller copies the other involvements."""
    holders = Member.objects.filter(household=household, role__in=HOLDER_ROLES).order_by(
        "-role", "id"
    )
    landlord_since = (
        Involvement.objects.filter(
            household=household,
            organisation=household.landlord_id,
            reason=InvolvementReason.BAILLEUR,
            ends_on__isnull=True,
        )
        .order_by("starts_on")
        .values_list("starts_on", flat=True)
        .first()
        if household.landlord_id is not None
        else None
    )
    draft = HouseholdDraft(
        departement=household.departement_id,
        composition=household.composition,
        address=household.address,
        postal_code=household.postal_code,
        commune_id=household.commune_id,
        parc=household.parc,
        rent=household.rent,
        charges=household.charges,
        landlord=household.landlord,
        landlord_name=household.landlord_name,
        landlord_type=household.landlord_type,
        lease_date=household.lease_date,
        landlord_since=landlord_since,
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
    new = household_create_many(by=by, drafts=[draft])[0]
    new.commune = household.commune
    return new


def involvements_copy(
    *, original: Household, new: Household, organisation_ids: set[int], by: Membership | None
) -> int:
    """Copy to ``new`` the open involvements of ``original`` that concern it: the
    landlord's, and those of ``organisation_ids`` (the senders of the moved acts), from
    the same day, with their history (``involvement_add_many``: one already open on
    ``new`` is kept)."""
    rows = [
        (new.pk, involvement.organisation, involvement.reason, involvement.starts_on)
        for involvement in Involvement.objects.filter(household=original, ends_on__isnull=True)
        .select_related("organisation")
        .order_by("id")
        if involvement.reason == InvolvementReason.BAILLEUR
        or involvement.organisation_id in organisation_ids
    ]
    return len(involvement_add_many(by=by, involvements=rows))
