"""Bulk writes of involvements: the households services, the book of acts, the import
and the demo loader involve organisations here, many households at once, with the same
checks and the same history as ``involvement_add`` (prevex/access/services.py).

``sender_involvements_add`` is THE one place where a sender becomes involved in
households: the organisation that reports a household (form, review queue) or sends
one of its acts (import, API, review queue). On a file created from what it sent it is
involved; on an existing file the access policy decides (``policy.sender_access``):
involved already, granted by a rule, or pending — an access request, and nothing of the
file for the sender until the secretariat confirms (involvement granted, never taken).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from prevex.accounts.models import Membership, Organisation
from prevex.audit import services as audit
from prevex.core.errors import BusinessError
from prevex.core.sql import insert_objects, insert_values, instance

from .defaults import ADDRESSEES
from .gate import involved_household_ids
from .groups import organisation_is_secretariat
from .history import involvement_entry
from .models import Involvement, InvolvementReason, InvolvementRequest
from .policy import access_rules, requested_household_ids, sender_access

ID_CHUNK = 5_000
OTHER_DEPARTEMENT = (
    "Une organisation d'un autre département ne peut pas être impliquée dans ce dossier."
)


def _households():
    """The household model (households sit above access: no import of their models)."""
    return Involvement._meta.get_field("household").related_model.objects


def _open_involvements(ids: list[int]) -> set[tuple[int, int, str]]:
    known: set[tuple[int, int, str]] = set()
    for start in range(0, len(ids), ID_CHUNK):
        known.update(
            Involvement.objects.filter(
                household_id__in=ids[start : start + ID_CHUNK], ends_on__isnull=True
            ).values_list("household_id", "organisation_id", "reason")
        )
    return known


def involvement_add_many(
    *,
    by: Membership | None,
    involvements: list[tuple[int, Organisation, str, datetime.date]],
) -> list[Involvement]:
    """The bulk form of ``involvement_add``: (household id, organisation, reason, start)
    rows; an open involvement for the same organisation and reason is kept. Each new
    involvement goes to the write history (one insert). Returns those added."""
    if not involvements:
        return []
    ids = sorted({pk for pk, *_ in involvements})
    departements: dict[int, str] = {}
    for start in range(0, len(ids), ID_CHUNK):
        departements.update(
            _households()
            .filter(pk__in=ids[start : start + ID_CHUNK])
            .values_list("pk", "departement_id")
        )
    known = _open_involvements(ids)
    user_id = by.user_id if by is not None else None
    new = []
    for pk, organisation, reason, starts_on in involvements:
        if organisation.departement_id != departements.get(pk):
            raise BusinessError(OTHER_DEPARTEMENT)
        if (pk, organisation.pk, reason) in known:
            continue
        known.add((pk, organisation.pk, reason))
        new.append(
            instance(
                Involvement,
                household_id=pk,
                organisation=organisation,
                reason=reason,
                starts_on=starts_on,
                created_by_id=user_id,
            )
        )
    insert_objects(Involvement, new)
    audit.log_writes_many(involvement_entry(involvement=i, by=by) for i in new)
    return new


@dataclass
class SenderInvolvements:
    """What ``sender_involvements_add`` did: the households the sender is now involved
    in, and those left pending (an access request waits for the secretariat)."""

    involved: list[int] = field(default_factory=list)
    pending: set[int] = field(default_factory=set)


def sender_involvements_add(
    *,
    organisation: Organisation,
    reason: str,
    household_ids: Iterable[int],
    created_ids: set[int],
    starts_on: datetime.date,
    by: Membership | None,
    served_ids: Iterable[int] = (),
) -> SenderInvolvements:
    """Involve a sender in the households it reported or sent acts about.

    ``created_ids``: the households created from what it sent (involved for ``reason``);
    on the others the access policy decides. ``served_ids``: the households whose open
    procedure already has an act from this sender (an ``AccessRule`` may grant those).
    The CCAPEX secretariat sees its whole département: never involved, never pending.
    """
    result = SenderInvolvements()
    if organisation_is_secretariat(organisation):
        return result
    ids = sorted(set(household_ids))
    if not ids:
        return result
    created = [pk for pk in ids if pk in created_ids]
    existing = [pk for pk in ids if pk not in created_ids]
    involved = involved_household_ids(organisation_id=organisation.pk, household_ids=existing)
    to_check = [pk for pk in existing if pk not in involved]
    rows = [(pk, organisation, reason, starts_on) for pk in created]
    if to_check:
        served = set(served_ids)
        rules = access_rules(organisation.departement_id)
        requested = requested_household_ids(organisation_id=organisation.pk, household_ids=to_check)
        landlords = dict(
            _households().filter(pk__in=to_check).order_by("pk").values_list("pk", "landlord_id")
        )
        for pk in to_check:
            access = sender_access(
                organisation=organisation,
                landlord_id=landlords.get(pk),
                served_open_procedure=pk in served,
                involved=False,
                requested=pk in requested,
                rules=rules,
            )
            if access.sees:
                rows.append((pk, organisation, access.reason or reason, starts_on))
            else:
                result.pending.add(pk)
        insert_values(
            InvolvementRequest,
            [
                {
                    "household_id": pk,
                    "organisation_id": organisation.pk,
                    "departement_id": organisation.departement_id,
                    "requested_on": starts_on,
                }
                for pk in sorted(result.pending - requested)
            ],
        )
    involvement_add_many(by=by, involvements=rows)
    result.involved = sorted({pk for pk, *_ in rows} | involved)
    return result


def addressee_involvements_add(
    *, acts: Iterable[tuple[int, str]], starts_on: datetime.date, by: Membership | None
) -> list[Involvement]:
    """``acts``: (household id, act type) just recorded. Each act the law addresses to an
    authority (``defaults.ADDRESSEES``: the assignation, the CQL and the RFP go to the
    préfet) involves the active organisations of that type in the file's département
    (reason DESTINATAIRE): those that list the file's commune, else those that list no
    commune (a sous-préfecture lists its arrondissement's communes, the préfecture none).
    Idempotent: an open involvement for the same reason is kept."""
    wanted = sorted({(pk, ADDRESSEES[act][0]) for pk, act in acts if act in ADDRESSEES})
    if not wanted:
        return []
    ids = sorted({pk for pk, _ in wanted})
    where: dict[int, tuple[str, str]] = {}
    for start in range(0, len(ids), ID_CHUNK):
        where.update(
            (pk, (dep, commune))
            for pk, dep, commune in _households()
            .filter(pk__in=ids[start : start + ID_CHUNK])
            .values_list("pk", "departement_id", "commune_id")
        )
    types = {org_type for _, org_type in wanted}
    departements = {dep for dep, _ in where.values()}
    candidates: dict[tuple[str, str], list[tuple[Organisation, set[str]]]] = {}
    for organisation in (
        Organisation.objects.filter(type__in=types, departement_id__in=departements, is_active=True)
        .prefetch_related("communes")
        .order_by("pk")
    ):
        communes = {c.pk for c in organisation.communes.all()}
        candidates.setdefault((organisation.departement_id, organisation.type), []).append(
            (organisation, communes)
        )
    rows = []
    for pk, org_type in wanted:
        if pk not in where:
            continue
        departement, commune = where[pk]
        found = candidates.get((departement, org_type), [])
        local = [org for org, communes in found if commune in communes]
        chosen = local or [org for org, communes in found if not communes]
        rows.extend((pk, org, InvolvementReason.DESTINATAIRE, starts_on) for org in chosen)
    return involvement_add_many(by=by, involvements=rows)
