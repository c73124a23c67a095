"""Corrections of matches by the CCAPEX secretariat: merge, split, undo. All journaled.

- ``household_merge`` moves everything of ``absorb`` into ``keep`` (members without
  duplicates, contacts, vulnerabilities, involvements, procedures with their events,
  past decisions, and any other row of another app that points at the household), then
  deletes ``absorb``; its reference stays in the journal.
- ``household_split`` undoes a wrong match: a new household with the same dwelling and
  lease holders receives the given procedures (events follow their procedure).
- ``match_decision_undo`` marks a decision undone and, when procedures are given,
  splits them off.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models, transaction
from django.utils import timezone

from prevex.accounts.models import Membership
from prevex.core.errors import BusinessError
from prevex.core.text import fold
from prevex.households.models import (
    ContactChannel,
    Household,
    Involvement,
    InvolvementReason,
    Member,
    MemberRole,
    Vulnerability,
)
from prevex.households.services import compute_search_text, household_create
from prevex.procedures.models import Event, Procedure

from .keys import household_keys_bulk_refresh
from .models import HouseholdKey, MatchDecision, Outcome
from .perms import may_correct_matches

HOLDER_ROLES = (MemberRole.TITULAIRE, MemberRole.COTITULAIRE)
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
)
HANDLED_RELATIONS = {Member, ContactChannel, Vulnerability, Involvement, HouseholdKey}


def _check_allowed(by: Membership | None, departement: str) -> None:
    if by is not None and not may_correct_matches(by, departement=departement):
        raise BusinessError(
            "Seul le secrétariat de la CCAPEX du département peut fusionner, séparer "
            "ou annuler des rapprochements de dossiers."
        )


def _journal(
    *, outcome: str, household: Household, by: Membership | None, reason: str, source_id: int,
    details: dict,
) -> MatchDecision:  # fmt: skip
    return MatchDecision.objects.create(
        departement_id=household.departement_id,
        household=household,
        household_reference=household.reference,
        outcome=outcome,
        score=1.0,
        reason=reason[:500],
        details=details,
        automatic=by is None,
        decided_by=by.user if by else None,
        organisation=by.organisation if by else None,
        source_kind="household",
        source_id=source_id,
    )


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
    for relation in Household._meta.related_objects:
        model = relation.related_model
        if (
            model in HANDLED_RELATIONS
            or not relation.one_to_many
            or relation.on_delete is models.DO_NOTHING  # e.g. the append-only access journal
        ):
            continue
        name = relation.field.name
        count = model._base_manager.filter(**{name: absorb}).update(**{name: keep})
        if count:
            moved[model._meta.label] = count
    return moved


def _refresh_search_text(household: Household) -> None:
    members = list(Member.objects.filter(household=household).order_by("role", "id"))
    household.search_text = compute_search_text(
        members=members, address=household.address, commune_name=household.commune.name
    )
    household.save(update_fields=["search_text", "updated_at"])


@transaction.atomic
def household_merge(*, keep: Household, absorb: Household, by: Membership | None) -> Household:
    """Merge ``absorb`` into ``keep`` (same département), journal it, delete ``absorb``."""
    if keep.pk == absorb.pk:
        raise BusinessError("Un dossier ne peut pas être fusionné avec lui-même.")
    if keep.departement_id != absorb.departement_id:
        raise BusinessError(
            f"Les dossiers {keep.reference} et {absorb.reference} relèvent de départements "
            "différents : ils ne peuvent pas être fusionnés."
        )
    _check_allowed(by, keep.departement_id)
    locked = {
        h.pk: h
        for h in Household.objects.select_for_update()
        .select_related("commune")
        .filter(pk__in=[keep.pk, absorb.pk])
        .order_by("pk")
    }
    if len(locked) != 2:
        raise BusinessError("L'un des deux dossiers n'existe plus.")
    keep, absorb = locked[keep.pk], locked[absorb.pk]
    procedure_ids = list(
        Procedure.objects.filter(household=absorb).order_by("id").values_list("pk", flat=True)
    )
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
    others = _move_other_relations(keep, absorb)
    changed = []
    for name in FILLABLE_FIELDS:
        if getattr(keep, name) in (None, "") and getattr(absorb, name) not in (None, ""):
            setattr(keep, name, getattr(absorb, name))
            changed.append(name)
    if changed:
        keep.save(update_fields=[*changed, "updated_at"])
    _refresh_search_text(keep)
    absorbed_reference, absorbed_id = absorb.reference, absorb.pk
    absorb.delete()
    household_keys_bulk_refresh(household_ids=[keep.pk])
    open_procedures = Procedure.objects.filter(household=keep, closed_on__isnull=True).count()
    reason = f"Fusion du dossier {absorbed_reference} dans le dossier {keep.reference}."
    if open_procedures > 1:
        reason += f" Attention : {open_procedures} procédures en cours sur le dossier fusionné."
    _journal(
        outcome=Outcome.MERGE,
        household=keep,
        by=by,
        reason=reason,
        source_id=absorbed_id,
        details={
            "absorbed_reference": absorbed_reference,
            "procedure_ids": procedure_ids,
            "members_moved": members_moved,
            "members_merged": members_merged,
            "contacts": contacts,
            "vulnerabilities": vulnerabilities,
            "involvements": involvements,
            "other_rows": others,
            "fields_filled": changed,
        },
    )
    return keep


def _copy_involvements(original: Household, new: Household, procedure_ids: list[int]) -> int:
    """The landlord, and the organisations that sent acts of the moved procedures."""
    senders = set(
        Event.objects.filter(procedure_id__in=procedure_ids, source__isnull=False)
        .order_by()
        .values_list("source_id", flat=True)
        .distinct()
    )
    rows = []
    seen = set()
    for involvement in Involvement.objects.filter(
        household=original, ends_on__isnull=True
    ).order_by("id"):
        relevant = (
            involvement.reason == InvolvementReason.BAILLEUR
            or involvement.organisation_id in senders
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


def _split(
    *, household: Household, procedure_ids: Iterable[int], by: Membership | None, note: str = ""
) -> Household:
    ids = sorted({int(pk) for pk in procedure_ids})
    if not ids:
        raise BusinessError("Choisissez au moins une procédure à détacher du dossier.")
    _check_allowed(by, household.departement_id)
    original = Household.objects.select_for_update().select_related("commune").get(pk=household.pk)
    found = set(
        Procedure.objects.filter(household=original, pk__in=ids).values_list("pk", flat=True)
    )
    if found != set(ids):
        raise BusinessError(
            f"Certaines procédures choisies n'appartiennent pas au dossier {original.reference}."
        )
    holders = Member.objects.filter(household=original, role__in=HOLDER_ROLES).order_by(
        "-role", "id"
    )
    new = household_create(
        by=None,
        departement=original.departement_id,
        composition=original.composition,
        address=original.address,
        postal_code=original.postal_code,
        commune=original.commune,
        parc=original.parc,
        rent=original.rent,
        charges=original.charges,
        landlord=original.landlord,
        landlord_name=original.landlord_name,
        landlord_type=original.landlord_type,
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
    Procedure.objects.filter(pk__in=ids).update(household=new)
    Involvement.objects.filter(household=new).delete()  # household_create's landlord row
    involvements = _copy_involvements(original, new, ids)
    household_keys_bulk_refresh(household_ids=[new.pk])
    plural = "s" if len(ids) > 1 else ""
    reason = (
        f"Séparation : {len(ids)} procédure{plural} du dossier {original.reference} "
        f"déplacée{plural} vers le nouveau dossier {new.reference}."
    )
    _journal(
        outcome=Outcome.SPLIT,
        household=new,
        by=by,
        reason=f"{reason} {note}".strip(),
        source_id=original.pk,
        details={
            "from_reference": original.reference,
            "procedure_ids": ids,
            "involvements_copied": involvements,
        },
    )
    return new


@transaction.atomic
def household_split(
    *, household: Household, procedure_ids: Iterable[int], by: Membership | None
) -> Household:
    """Move ``procedure_ids`` (with their events) to a new copy of ``household``."""
    return _split(household=household, procedure_ids=procedure_ids, by=by)


@transaction.atomic
def match_decision_undo(
    *, decision: MatchDecision, by: Membership | None, procedure_ids: Iterable[int] = ()
) -> MatchDecision:
    """Mark ``decision`` undone; with ``procedure_ids``, split them off its household."""
    decision = MatchDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.undone_at is not None:
        raise BusinessError("Cette décision de rapprochement a déjà été annulée.")
    if decision.outcome == Outcome.MERGE:
        raise BusinessError(
            "Une fusion ne peut pas être annulée telle quelle : séparez les procédures "
            "concernées vers un nouveau dossier."
        )
    _check_allowed(by, decision.departement_id)
    procedure_ids = list(procedure_ids)
    if procedure_ids:
        if decision.household is None:
            raise BusinessError("Le dossier de cette décision n'existe plus.")
        _split(
            household=decision.household,
            procedure_ids=procedure_ids,
            by=by,
            note=f"Annulation du rapprochement n° {decision.pk}.",
        )
    decision.undone_at = timezone.now()
    decision.undone_by = by.user if by else None
    decision.save(update_fields=["undone_at", "undone_by"])
    return decision
