"""What a matched row adds to a file: a claim of that row, applied when an agent confirms.

A match never writes data that was not compared. When a row is attached to a household
whose holder has no birth date, the row's birth date was *not* compared — writing it
into the file would let the next row of another person (a twin, a father) match on
« même date de naissance », and the error would spread. The same goes for a co-tenant
that the lease does not name. So the row's additions are stored as ``HouseholdClaim``
rows (the row, the field, the value, the status), shown on the file and in the review
queue, and written into the file only by ``claim_confirm`` (through
``household_members_change``, which writes the history). Pending birth-date claims are
read back by the scorer (``profiles.load_profiles``): two rows that give the same holder
two different birth dates mean that two people could be meant, and the next such row
goes to review.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from prevex.accounts.models import Membership
from prevex.audit import services as audit
from prevex.audit.models import WriteChannel, WriteObject, WriteOperation
from prevex.core.errors import BusinessError
from prevex.households.keys import HOLDER_ROLES
from prevex.households.models import Household, Member, MemberRole
from prevex.households.services import household_members_change, refuse_anonymised

from .corrections import _check_allowed
from .models import ClaimField, ClaimStatus, HouseholdClaim
from .records import PersonRecord
from .scoring import NAME_GATE, PreparedPerson, person_similarity


def _best(person: PreparedPerson, prepared: list[PreparedPerson]) -> tuple[int | None, float]:
    scores = [person_similarity(person, p)[0] for p in prepared]
    if not scores:
        return None, 0.0
    index = max(range(len(scores)), key=scores.__getitem__)
    return index, scores[index]


def claim_targets(
    people: list[PreparedPerson], prepared: list[PreparedPerson]
) -> tuple[int | None, float, int | None, list[PreparedPerson]]:
    """Whom a row's additions are about: the holder its tenant names (index and name
    similarity, or None), the row's person the lease may not name (index in ``people``,
    or None) and the holders that person is compared with."""
    index, similarity = _best(people[0], prepared)
    other = 1 if len(people) > 1 else None
    if index is not None and other is not None:
        co_index, co_similarity = _best(people[1], prepared)
        if co_index == index and co_similarity * 0.95 > similarity:
            # That holder is the row's co-tenant: the tenant is someone else, whose
            # birth date is no one's on the file.
            return None, 0.0, 0, [p for j, p in enumerate(prepared) if j != co_index]
    return index, similarity, other, prepared


def birth_claim_holder(
    people: list[PreparedPerson], prepared: list[PreparedPerson], births: list
) -> int | None:
    """The holder (index) whose missing birth date a dated row claims, or None."""
    index, similarity, _, _ = claim_targets(people, prepared)
    if index is None or similarity < NAME_GATE or births[index] is not None:
        return None
    return index


def claims_of(
    *, household: Household, holders: list[Member], record: PersonRecord
) -> list[HouseholdClaim]:
    """The claims ``record`` makes on ``household`` (unsaved): the tenant's birth date
    when the holder it names has none, a co-tenant the lease does not name."""
    people = record.people()
    claims = []
    common = {"household": household, "departement_id": household.departement_id}
    index, similarity, other, prepared = claim_targets(
        [PreparedPerson.of(*p) for p in people],
        [PreparedPerson.of(m.last_name, m.first_name) for m in holders],
    )
    if record.birth_date and index is not None and similarity >= NAME_GATE:
        member = holders[index]
        if member.birth_date is None:
            claims.append(
                HouseholdClaim(
                    **common,
                    member=member,
                    field=ClaimField.BIRTH_DATE,
                    birth_date=record.birth_date,
                )
            )
    if other is not None and len(holders) < 2:
        last, first = people[other]
        if (
            last.strip()
            and first.strip()
            and _best(PreparedPerson.of(last, first), prepared)[1] < NAME_GATE
        ):
            claims.append(
                HouseholdClaim(
                    **common,
                    field=ClaimField.CO_TENANT,
                    last_name=last.strip(),
                    first_name=first.strip(),
                )
            )
    return claims


def _already_claimed(household_ids: Iterable[int]) -> set[tuple]:
    return {
        (
            c.household_id,
            c.member_id,
            c.field,
            c.birth_date,
            c.last_name.lower(),
            c.first_name.lower(),
        )
        for c in HouseholdClaim.objects.filter(
            household_id__in=set(household_ids), status=ClaimStatus.PENDING
        )
    }


@transaction.atomic
def claims_record_many(
    *, matches: list[tuple[int, PersonRecord, str, int]]
) -> list[HouseholdClaim]:
    """After MATCH decisions: store the claims of each row (``(household id, record,
    source kind, source id)``) — never writing into the files. A claim already pending
    with the same value is not repeated (monthly lists send the same rows again)."""
    if not matches:
        return []
    ids = {m[0] for m in matches}
    households = Household.objects.only("pk", "departement_id").in_bulk(ids)
    holders: dict[int, list[Member]] = {pk: [] for pk in ids}
    for member in Member.objects.filter(household_id__in=ids, role__in=HOLDER_ROLES).order_by(
        "household_id", "-role", "id"
    ):
        holders[member.household_id].append(member)
    seen = _already_claimed(ids)
    created = []
    for household_id, record, source_kind, source_id in matches:
        household = households.get(household_id)
        if household is None:
            continue
        for claim in claims_of(household=household, holders=holders[household_id], record=record):
            key = (
                household_id,
                claim.member_id,
                claim.field,
                claim.birth_date,
                claim.last_name.lower(),
                claim.first_name.lower(),
            )
            if key in seen:
                continue
            seen.add(key)
            claim.source_kind, claim.source_id = source_kind, source_id
            created.append(claim)
    return HouseholdClaim.objects.bulk_create(created)


def household_holders_complete(
    *,
    household: Household,
    record: PersonRecord,
    by: Membership | None = None,
    source_kind: str = "match",
    source_id: int = 0,
) -> list[str]:
    """After a MATCH: what the row adds (the tenant's birth date when the file has none,
    a co-tenant not on the lease) is recorded as claims of the row, to be confirmed by
    an agent — nothing is written into the file. Returns the labels of the new claims."""
    del by  # the claims are the row's; the agent who confirms them is the author
    claims = claims_record_many(matches=[(household.pk, record, source_kind, source_id)])
    return [
        "date de naissance" if c.field == ClaimField.BIRTH_DATE else "cotitulaire" for c in claims
    ]


def _settle_check(claim: HouseholdClaim, by: Membership) -> None:
    _check_allowed(by, claim.departement_id)  # the secretariat of the claim's département
    # Before the status: the claims of an anonymised file were closed by the retention
    # job, and the reason to give is the file's.
    refuse_anonymised(claim.household_id)
    if claim.status != ClaimStatus.PENDING:
        raise BusinessError("Cette donnée déclarée a déjà été tranchée.")


@transaction.atomic
def claim_confirm(*, claim: HouseholdClaim, by: Membership) -> HouseholdClaim:
    """An agent confirms a claim: it is written into the file (never over a value the
    file already holds), with the write history, and marked confirmed."""
    claim = HouseholdClaim.objects.select_for_update().get(pk=claim.pk)
    _settle_check(claim, by)
    household = Household.objects.select_related("commune").get(pk=claim.household_id)
    if claim.field == ClaimField.BIRTH_DATE:
        member = claim.member
        if member is None or member.birth_date is not None:
            raise BusinessError(
                "Le dossier a déjà une date de naissance pour ce titulaire : "
                "la donnée déclarée ne la remplace pas."
            )
        household_members_change(
            household=household, by=by, birth_dates={member.pk: claim.birth_date}
        )
    else:
        if household.members.filter(role=MemberRole.COTITULAIRE).exists():
            raise BusinessError("Le bail du dossier nomme déjà un cotitulaire.")
        household_members_change(
            household=household,
            by=by,
            add=[
                {
                    "role": MemberRole.COTITULAIRE,
                    "last_name": claim.last_name,
                    "first_name": claim.first_name,
                }
            ],
        )
    return _settle(claim, by, ClaimStatus.CONFIRMED)


@transaction.atomic
def claim_reject(*, claim: HouseholdClaim, by: Membership) -> HouseholdClaim:
    """An agent sets a claim aside: the file is unchanged; its write history says who
    set which declared value aside, for which organisation."""
    claim = HouseholdClaim.objects.select_for_update().get(pk=claim.pk)
    _settle_check(claim, by)
    _settle(claim, by, ClaimStatus.REJECTED)
    label = ClaimField(claim.field).label.lower()
    log_set_aside(
        claim,
        by,
        summary=f"Donnée déclarée écartée : {label} « {claim.value_label} »",
        change={"field": "claim", "label": label, "old": claim.value_label, "new": "écartée"},
    )
    return claim


def _set_aside_entry(
    claim: HouseholdClaim, by: Membership | None, *, summary: str, change: dict
) -> audit.WriteEntry:
    return audit.WriteEntry(
        household_id=claim.household_id,
        object_type=WriteObject.MEMBER,
        object_id=claim.member_id,
        field_group="IDENTITY",
        operation=WriteOperation.UPDATE,
        summary=summary,
        changes=[change],
        by=by,
    )


def log_set_aside(claim: HouseholdClaim, by: Membership, *, summary: str, change: dict) -> None:
    """The file's write history entry of a claim or name form an agent set aside (the
    file's data is unchanged: the entry says who decided, for which organisation)."""
    audit.log_write(_set_aside_entry(claim, by, summary=summary, change=change))


def _settle(claim: HouseholdClaim, by: Membership, status: str) -> HouseholdClaim:
    claim.status = status
    claim.decided_at = timezone.now()
    claim.decided_by = by.user
    claim.organisation = by.organisation
    claim.save(update_fields=["status", "decided_at", "decided_by", "organisation"])
    return claim


def claimed_births_of(*, source_kind: str, source_ids: Iterable[int]) -> dict[int, list]:
    """The birth dates each of these rows declared, still pending (its own claims)."""
    found: dict[int, list] = {}
    for source_id, day in HouseholdClaim.objects.filter(
        source_kind=source_kind,
        source_id__in=set(source_ids),
        status=ClaimStatus.PENDING,
        field=ClaimField.BIRTH_DATE,
    ).values_list("source_id", "birth_date"):
        found.setdefault(source_id, []).append(day)
    return found


@transaction.atomic
def claims_withdraw(*, source_kind: str, source_ids: Iterable[int]) -> int:
    """The pending claims of rows whose attachment was put in doubt (``doubts.py``): set
    aside by the engine, since the row may not be that household's. The file's data is
    unchanged (a claim was never written into it); its write history says which declared
    value was withdrawn. Returns how many were."""
    claims = list(
        HouseholdClaim.objects.select_for_update().filter(
            source_kind=source_kind, source_id__in=set(source_ids), status=ClaimStatus.PENDING
        )
    )
    now = timezone.now()
    for claim in claims:
        claim.status, claim.decided_at = ClaimStatus.REJECTED, now
    HouseholdClaim.objects.bulk_update(claims, ["status", "decided_at"])
    audit.log_writes_many(
        _set_aside_entry(
            claim,
            None,
            summary=(
                f"Donnée déclarée retirée (rattachement de la ligne à revoir) : "
                f"{ClaimField(claim.field).label.lower()} « {claim.value_label} »"
            ),
            change={
                "field": "claim",
                "label": ClaimField(claim.field).label.lower(),
                "old": claim.value_label,
                "new": "retirée",
            },
        )
        for claim in claims
    )
    return len(claims)


def claims_close_anonymised(household_ids: Iterable[int]) -> int:
    """Retention (prevex/matching/retention.py): the pending claims of files being
    anonymised are closed, « Close : dossier anonymisé » (nothing can be written into the
    file any more, so none could be confirmed, and they would stay « à confirmer » on the
    file and in the review queue, and read by the scorer); one history entry each, written
    by the job, naming the kind of data, not its value. Returns how many were closed."""
    claims = list(
        HouseholdClaim.objects.select_for_update().filter(
            household_id__in=set(household_ids), status=ClaimStatus.PENDING
        )
    )
    now = timezone.now()
    for claim in claims:
        claim.status, claim.decided_at = ClaimStatus.ANONYMISE, now
    HouseholdClaim.objects.bulk_update(claims, ["status", "decided_at"], batch_size=500)
    label = ClaimStatus.ANONYMISE.label
    audit.log_writes_many(
        audit.WriteEntry(
            household_id=claim.household_id,
            object_type=WriteObject.MEMBER,
            object_id=claim.member_id,
            field_group="IDENTITY",
            operation=WriteOperation.UPDATE,
            summary=f"Donnée déclarée {label[0].lower()}{label[1:]} : "
            f"{ClaimField(claim.field).label.lower()}",
            changes=[{"field": "claim", "label": ClaimField(claim.field).label.lower(),
                      "old": ClaimStatus.PENDING.label, "new": label}],
            channel=WriteChannel.SYSTEM,
        )
        for claim in claims
    )  # fmt: skip
    return len(claims)
