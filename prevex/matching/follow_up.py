"""What the engine's decisions lead to besides attaching a row: after automatic
matches, the claims of the rows (``claims.claims_record_many``), the name forms they
declare (``name_forms.name_forms_declared``), the street of a file known by its estate
only (``household_address_complete_many``) and the moves (``household_move``); after an
agent's « Même ménage » on a reviewed row, the move and the way the row writes the
holder's name (``name_forms.name_form_learn``). Both learn the row's mobile number as
the household's (``phones.phones_learn``) when its identity was established: the birth
date compared equal, or the agent's word."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from prevex.accounts.models import Membership
from prevex.core.models import Commune, PostalCode
from prevex.core.normalize import parse_address
from prevex.households.models import Household, PastAddress
from prevex.households.services import household_address_complete_many, household_move

from .claims import claims_record_many
from .dwelling import _street_similarity
from .name_forms import name_form_learn, name_forms_declared
from .phones import phones_learn
from .profiles import load_profiles
from .records import MatchResult, PersonRecord
from .scoring import DWELLING_GATE, SAME_DWELLING, PreparedRecord, score_household


@transaction.atomic
def matches_follow_up(
    *, matches: list[tuple[int, PersonRecord, MatchResult, str, int, object]], by=None
) -> tuple[int, int]:
    """After automatic MATCH decisions (``(household id, record, result, source kind,
    source id, date of the act)``): store the claims of the rows that may add something
    (``result.adds``), complete the address of a file known by its estate only
    (``_addresses_complete``) and record the moves (``result.moved``) through
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
            if result.birth_same
        ]
    )
    phones_learn(  # the birth date compared equal: the row's mobile is the household's
        (pk, record.departement, record.phone, kind, sid)
        for pk, record, result, kind, sid, _ in matches
        if result.birth_same and record.phone
    )
    _addresses_complete(matches, by)
    moves = [m for m in matches if m[2].moved]
    if not moves:
        return len(claims), 0
    households = Household.objects.select_related("commune").in_bulk({m[0] for m in moves})
    communes = _communes_of([m[1] for m in moves])
    done = 0
    for household_id, record, _, kind, sid, on in moves:
        household = households.get(household_id)
        commune = _commune_of(communes, record)
        if household is None or commune is None:
            continue
        if _move_to_record(household, record, commune, on=on, by=by, source=(kind, sid)):
            done += 1
    return len(claims), done


def completed_address(
    current: str, postal_code: str, record: PersonRecord, *, flat_too: bool = True
) -> str:
    """The file's address completed with what ``record`` gives of the same dwelling
    (``households.moves.household_address_complete_many``), or ``""``. Under the same
    postcode, either

    - the file's address has no street (an estate, a building, a flat) and the row names
      that very flat with a street, in the same building and estate when both name one;
    - or the file's address has the street and number but no flat, and the row names
      the same number of the same street with a building or a flat (and the file's
      estate, if it has one: nothing the file knows is dropped) — only when ``flat_too``
      (the row's birth date was compared equal: the flat is the person's, while the
      street of a named flat is the dwelling's, whoever the row is about)."""
    if (record.postal_code or "").strip() != (postal_code or "").strip():
        return ""
    ours = parse_address(current)
    theirs = parse_address(record.address)
    if not (theirs.number and theirs.name):
        return ""
    for part in ("building", "estate"):
        if (
            getattr(ours, part)
            and getattr(theirs, part)
            and getattr(ours, part) != getattr(theirs, part)
        ):
            return ""
    if ours.number and ours.name:
        if not flat_too or ours.flat or not theirs.flat or (ours.estate and not theirs.estate):
            return ""
        if (ours.number, ours.suffix) != (theirs.number, theirs.suffix):
            return ""
        if _street_similarity(ours, theirs) < SAME_DWELLING:
            return ""
        return record.address.strip()
    if not ours.flat or theirs.flat != ours.flat:
        return ""
    if theirs.estate and theirs.estate == ours.estate:
        return record.address.strip()
    return f"{current.strip()} - {record.address.strip()}"  # the file's words all kept


def _addresses_complete(matches, by) -> int:
    """After automatic matches (not moves): the file known by its estate only takes the
    street the row gives for the same flat (issue 9: a file opened by a landlord's
    « Cité …, Bât F, Appt 0403 » was not found by the court's « 151 avenue Jean
    Lolive », and a namesake's file of the building was); after those whose birth date
    was compared equal, a file with a street and no flat takes the row's flat."""
    same = [m for m in matches if not m[2].moved and m[1].address]
    if not same:
        return 0
    # The address and postcode of every file first; the few files whose address changes
    # are then read whole (their history entries show every field).
    dwellings = {
        pk: (address, postal_code)
        for pk, address, postal_code in Household.objects.filter(
            pk__in={m[0] for m in same}
        ).values_list("pk", "address", "postal_code")
    }
    addresses: dict[int, str] = {}  # one change per file, a later row completing the first
    for household_id, record, result, _, _, _ in same:
        dwelling = dwellings.get(household_id)
        if dwelling is None:
            continue
        address = completed_address(
            addresses.get(household_id, dwelling[0]),
            dwelling[1],
            record,
            flat_too=result.birth_same,
        )
        if address:
            addresses[household_id] = address
    if not addresses:
        return 0
    households = Household.objects.select_related("commune").in_bulk(list(addresses))
    return household_address_complete_many(
        changes=[(households[pk], address) for pk, address in addresses.items()], by=by
    )


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
    move when the row's dwelling is new to the file (``review_move_follow_up``), the
    row's way of writing the holder's name (``name_form_learn``) and its mobile number
    (``phones_learn``)."""
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
    phones_learn(
        [(household.pk, household.departement_id, record.phone, source_kind, source_id or 0)]
    )


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
    commune = _commune_of(_communes_of([record]), record)
    if commune is None or commune.departement_id != household.departement_id:
        return None
    return _move_to_record(
        household, record, commune, on=on, by=by, source=(source_kind, source_id)
    )


def _commune_of(communes: dict[str, Commune], record: PersonRecord) -> Commune | None:
    return communes.get(record.commune_insee) or communes.get(record.postal_code)


def _move_to_record(household, record: PersonRecord, commune: Commune, *, on, by, source):
    """The household moves to the record's dwelling (``household_move``), dated ``on``
    (today when the act gives no date); ``source`` is (kind, id) of the row."""
    kind, source_id = source
    return household_move(
        household=household,
        address=record.address,
        postal_code=record.postal_code,
        commune=commune,
        on=on or timezone.localdate(),
        by=by,
        source_kind=kind,
        source_id=source_id,
    )
