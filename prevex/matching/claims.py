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
from prevex.audit.models import WriteObject, WriteOperation
from prevex.core.errors import BusinessError
from prevex.core.models import Commune, PostalCode
from prevex.households.keys import names_of
from prevex.households.models import Household, Member, MemberRole, PastAddress
from prevex.households.services import household_members_change, household_move

from .corrections import _check_allowed
from .models import ClaimField, ClaimStatus, HouseholdClaim
from .profiles import load_profiles
from .records import MatchResult, PersonRecord
from .scoring import (
    DWELLING_GATE,
    NAME_GATE,
    PreparedPerson,
    PreparedRecord,
    person_similarity,
    score_household,
)

HOLDER_ROLES = (MemberRole.TITULAIRE, MemberRole.COTITULAIRE)


def _best(person: PreparedPerson, prepared: list[PreparedPerson]) -> tuple[int | None, float]:
    scores = [person_similarity(person, p)[0] for p in prepared]
    if not scores:
        return None, 0.0
    index = max(range(len(scores)), key=scores.__getitem__)
    return index, scores[index]


def claims_of(
    *, household: Household, holders: list[Member], record: PersonRecord
) -> list[HouseholdClaim]:
    """The claims ``record`` makes on ``household`` (unsaved): the tenant's birth date
    when the holder it names has none, a co-tenant the lease does not name."""
    prepared = [PreparedPerson.of(m.last_name, m.first_name) for m in holders]
    people = record.people()
    claims = []
    common = {"household": household, "departement_id": household.departement_id}
    index, similarity = _best(PreparedPerson.of(*people[0]), prepared)
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
    if len(people) > 1 and len(holders) < 2:
        last, first = people[1]
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
    if claim.status != ClaimStatus.PENDING:
        raise BusinessError("Cette donnée déclarée a déjà été tranchée.")
    _check_allowed(by, claim.departement_id)
    if by.organisation.departement_id != claim.departement_id:
        raise BusinessError("Cette donnée déclarée relève d'un autre département.")


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
    """An agent sets a claim aside: the file is unchanged."""
    claim = HouseholdClaim.objects.select_for_update().get(pk=claim.pk)
    _settle_check(claim, by)
    return _settle(claim, by, ClaimStatus.REJECTED)


def _settle(claim: HouseholdClaim, by: Membership, status: str) -> HouseholdClaim:
    claim.status = status
    claim.decided_at = timezone.now()
    claim.decided_by = by.user
    claim.organisation = by.organisation
    claim.save(update_fields=["status", "decided_at", "decided_by", "organisation"])
    return claim


@transaction.atomic
def matches_follow_up(
    *, matches: list[tuple[int, PersonRecord, MatchResult, str, int, object]], by=None
) -> tuple[int, int]:
    """After automatic MATCH decisions (``(household id, record, result, source kind,
    source id, date of the act)``): store the claims of the rows that may add something
    (``result.adds``) and record the moves (``result.moved``) through
    ``household_move``. Returns (claims stored, moves recorded)."""
    claims = claims_record_many(
        matches=[
            (pk, record, kind, sid) for pk, record, result, kind, sid, _ in matches if result.adds
        ]
    )
    name_forms_declared(
        matches=[
            (pk, record, kind, sid)
            for pk, record, result, kind, sid, _ in matches
            if result.birth_same and len(names_of(record.last_name, record.first_name)[0]) > 1
        ]
    )
    moves = [m for m in matches if m[2].moved]
    if not moves:
        return len(claims), 0
    households = Household.objects.select_related("commune").in_bulk({m[0] for m in moves})
    communes = _communes_of([m[1] for m in moves])
    done = 0
    for household_id, record, _, kind, sid, on in moves:
        household = households.get(household_id)
        commune = communes.get(record.commune_insee) or communes.get(record.postal_code)
        if household is None or commune is None:
            continue
        if household_move(
            household=household,
            address=record.address,
            postal_code=record.postal_code,
            commune=commune,
            on=on or timezone.localdate(),
            by=by,
            source_kind=kind,
            source_id=sid,
        ):
            done += 1
    return len(claims), done


NAME_FORM_MIN = 50.0  # below, the row's tenant is no holder's name written otherwise
SAME_NAME_FORM = 99.5  # at or above, the row writes the holder's name as the file does


def review_same_household_follow_up(
    *,
    household: Household,
    record: PersonRecord,
    on,
    by: Membership | None,
    source_kind: str = "",
    source_id: int | None = None,
) -> None:
    """What an agent's « Même ménage » on a reviewed row does besides attaching it: the
    move when the row's dwelling is new to the file (``review_move_follow_up``), and the
    row's way of writing the holder's name (``name_form_learn``)."""
    review_move_follow_up(
        household=household,
        record=record,
        on=on,
        by=by,
        source_kind=source_kind,
        source_id=source_id,
    )
    name_form_learn(
        household=household, record=record, by=by, source_kind=source_kind, source_id=source_id
    )


@transaction.atomic
def name_form_learn(
    *,
    household: Household,
    record: PersonRecord,
    by: Membership | None,
    source_kind: str = "",
    source_id: int | None = None,
) -> HouseholdClaim | None:
    """After an agent attached a reviewed row to ``household`` (« Même ménage »): the
    way the row writes its tenant's name, when it is not the holder's own writing
    (« Souleyman » for « Souleymane », « Brahim » for « Ibrahim »), is recognised for
    the holder it resembles most — a ``NAME_FORM`` claim, confirmed by that agent. The
    scorer compares the next rows with it as with the holder's name
    (``scoring.compute_score_household``): the same variant is not sent to review again.
    The file itself is unchanged. Returns the new form, or None (same writing, already
    known, or no holder close enough)."""
    people = record.people()
    if not people or not (people[0][0].strip() and people[0][1].strip()):
        return None
    holders = list(
        Member.objects.filter(household=household, role__in=HOLDER_ROLES).order_by("-role", "id")
    )
    prepared = [PreparedPerson.of(m.last_name, m.first_name) for m in holders]
    last, first = (part.strip() for part in people[0])
    index, similarity = _best(PreparedPerson.of(last, first), prepared)
    if index is None or similarity >= SAME_NAME_FORM or similarity < NAME_FORM_MIN:
        return None
    member = holders[index]
    if HouseholdClaim.objects.filter(
        member=member,
        field=ClaimField.NAME_FORM,
        last_name__iexact=last,
        first_name__iexact=first,
    ).exists():
        return None
    return HouseholdClaim.objects.create(
        household=household,
        departement_id=household.departement_id,
        member=member,
        field=ClaimField.NAME_FORM,
        last_name=last[:120],
        first_name=first[:120],
        status=ClaimStatus.CONFIRMED,
        source_kind=source_kind or "revue",
        source_id=source_id or 0,
        decided_at=timezone.now(),
        decided_by=by.user if by else None,
        organisation=by.organisation if by else None,
    )


@transaction.atomic
def name_form_withdraw(*, claim: HouseholdClaim, by: Membership) -> HouseholdClaim:
    """The secretariat withdraws a writing of a holder's name that an agent recognised
    by mistake (a row of another person attached in review): the scorer no longer
    compares the next rows with it. The form stays on record, set aside by ``by``; the
    file's write history says who withdrew which writing."""
    claim = (
        HouseholdClaim.objects.select_for_update(of=("self",))
        .select_related("member")
        .get(pk=claim.pk)
    )
    if claim.field != ClaimField.NAME_FORM or claim.status != ClaimStatus.CONFIRMED:
        raise BusinessError("Cette écriture du nom n'est pas ou plus reconnue pour ce dossier.")
    _check_allowed(by, claim.departement_id)
    if by.organisation.departement_id != claim.departement_id:
        raise BusinessError("Cette écriture du nom relève d'un autre département.")
    written = f"{claim.last_name} {claim.first_name}"
    _settle(claim, by, ClaimStatus.REJECTED)
    audit.log_write(
        household_id=claim.household_id,
        object_type=WriteObject.MEMBER,
        object_id=claim.member_id,
        field_group="IDENTITY",
        operation=WriteOperation.UPDATE,
        summary=f"Écriture du nom « {written} » retirée pour {claim.member}",
        changes=[
            {"field": "name_form", "label": "écriture du nom", "old": written, "new": "retirée"}
        ],
        by=by,
    )
    return claim


def name_forms_declared(*, matches: list[tuple[int, PersonRecord, str, int]]) -> int:
    """After automatic MATCHes (``(household id, record, source kind, source id)``) whose
    row writes its tenant with two surnames (« Bonnet épouse Moreau », « Moreau née
    Bonnet ») and whose birth date was compared equal: the row itself says the two names
    are one person's, so the surname the file does not bear is recognised for the holder
    the row matched (a ``NAME_FORM``, confirmed, with no agent: the row is its source).
    The next row written with the birth name alone (« BONNET Hélène », no birth date) is
    compared with it as with the holder's name. The file is unchanged. Returns the forms
    stored."""
    if not matches:
        return 0
    holders: dict[int, list[Member]] = {}
    for member in (
        Member.objects.filter(household_id__in={m[0] for m in matches}, role__in=HOLDER_ROLES)
        .select_related("household")
        .order_by("-role", "id")
    ):
        holders.setdefault(member.household_id, []).append(member)
    known = {
        (member_id, last.casefold(), first.casefold())
        for member_id, last, first in HouseholdClaim.objects.filter(
            household_id__in=holders, field=ClaimField.NAME_FORM
        ).values_list("member_id", "last_name", "first_name")
    }
    stored = []
    for household_id, record, kind, sid in matches:
        members = holders.get(household_id, [])
        people = record.people()
        if not members or not people:
            continue
        last, first = (part.strip() for part in people[0])
        prepared = [PreparedPerson.of(m.last_name, m.first_name) for m in members]
        index, similarity = _best(PreparedPerson.of(last, first), prepared)
        if index is None or similarity < NAME_GATE:
            continue
        member, holder = members[index], prepared[index]
        surnames, _ = names_of(last, first)
        for surname in (s.upper() for s in surnames):  # read without accents or case
            if person_similarity(PreparedPerson.of(surname, first), holder)[0] >= SAME_NAME_FORM:
                continue  # the name the file bears
            key = (member.pk, surname.casefold(), first.casefold())
            if key in known:
                continue
            known.add(key)
            stored.append(
                HouseholdClaim(
                    household_id=household_id,
                    departement_id=member.household.departement_id,
                    member=member,
                    field=ClaimField.NAME_FORM,
                    last_name=surname[:120],
                    first_name=first[:120],
                    status=ClaimStatus.CONFIRMED,
                    source_kind=kind or "match",
                    source_id=sid or 0,
                    decided_at=timezone.now(),
                )
            )
    HouseholdClaim.objects.bulk_create(stored)
    return len(stored)


def _communes_of(records: list[PersonRecord]) -> dict[str, Commune]:
    """Communes by INSEE code and by postcode (the first commune of a postcode)."""
    found: dict[str, Commune] = {}
    for commune in Commune.objects.filter(insee__in={r.commune_insee for r in records}):
        found[commune.insee] = commune
    codes = {r.postal_code for r in records}
    for postcode in (
        PostalCode.objects.filter(code__in=codes)
        .select_related("commune")
        .order_by("code", "commune_id")
    ):
        found.setdefault(postcode.code, postcode.commune)
    return found


@transaction.atomic
def review_move_follow_up(
    *,
    household: Household,
    record: PersonRecord,
    on,
    by: Membership | None,
    source_kind: str = "",
    source_id: int | None = None,
) -> PastAddress | None:
    """After an agent attached a reviewed row to ``household`` (« Même ménage »): when
    the row's dwelling is neither the file's nor one it left, the household moved — the
    move is recorded (``household_move``) as for an automatic match, so that the next
    rows at the new address find the file there. An act dated before the file's last
    recorded move is an old one: nothing is moved back."""
    profile = load_profiles([household.pk]).get(household.pk)
    if profile is None or not (record.address or "").strip():
        return None
    scored = score_household(PreparedRecord.of(record), profile)
    if scored.address >= DWELLING_GATE:
        return None  # the file's dwelling, or one it left (« ancienne adresse »)
    last_move = PastAddress.objects.filter(household=household).order_by("-left_on").first()
    if last_move is not None and on is not None and on < last_move.left_on:
        return None
    commune = _communes_of([record])
    commune = commune.get(record.commune_insee) or commune.get(record.postal_code)
    if commune is None or commune.departement_id != household.departement_id:
        return None
    return household_move(
        household=household,
        address=record.address,
        postal_code=record.postal_code,
        commune=commune,
        on=on or timezone.localdate(),
        by=by,
        source_kind=source_kind,
        source_id=source_id,
    )
