"""Ways of writing a holder's name that the engine compares as the holder's own
(``NAME_FORM`` claims, confirmed; ``Holder.forms`` in the profiles): recognised by the
agent who attached a reviewed row (``name_form_learn``), or declared by a matched row
that names both surnames of a person whose birth date it gave (« X épouse Y »,
``name_forms_declared``). The file itself is never changed; the secretariat can withdraw
a form (``name_form_withdraw``), which the write history records.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from prevex.accounts.models import Membership
from prevex.core.errors import BusinessError
from prevex.households.keys import HOLDER_ROLES, names_of
from prevex.households.models import Household, Member
from prevex.households.services import refuse_anonymised

from .claims import _best, _settle, log_set_aside
from .corrections import _check_allowed
from .lookalikes import consonants
from .models import ClaimField, ClaimStatus, HouseholdClaim
from .records import PersonRecord
from .scoring import NAME_GATE, PreparedPerson, person_similarity

NAME_FORM_MIN = 50.0  # below, the row's tenant is no holder's name written otherwise
SAME_NAME_FORM = 99.5  # at or above, the row writes the holder's name as the file does


def _name_form(
    *,
    household_id: int,
    departement: str,
    member: Member,
    written: tuple[str, str],
    source: tuple[str, int | None],
    by: Membership | None,
) -> HouseholdClaim:
    """A confirmed ``NAME_FORM`` claim (unsaved): ``written`` is (last, first) as the
    row wrote them, ``source`` (kind, id) the row, ``by`` the agent (None: the row)."""
    last, first = written
    kind, source_id = source
    return HouseholdClaim(
        household_id=household_id,
        departement_id=departement,
        member=member,
        field=ClaimField.NAME_FORM,
        last_name=last[:120],
        first_name=first[:120],
        status=ClaimStatus.CONFIRMED,
        source_kind=kind,
        source_id=source_id or 0,
        decided_at=timezone.now(),
        decided_by=by.user if by else None,
        organisation=by.organisation if by else None,
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
    form = _name_form(
        household_id=household.pk,
        departement=household.departement_id,
        member=member,
        written=(last, first),
        source=(source_kind or "revue", source_id),
        by=by,
    )
    form.save()
    return form


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
    _check_allowed(by, claim.departement_id)  # the secretariat of the form's département
    refuse_anonymised(claim.household_id)
    written = f"{claim.last_name} {claim.first_name}"
    _settle(claim, by, ClaimStatus.REJECTED)
    log_set_aside(
        claim,
        by,
        summary=f"Écriture du nom « {written} » retirée pour {claim.member}",
        change={"field": "name_form", "label": "écriture du nom", "old": written, "new": "retirée"},
    )
    return claim


def name_forms_declared(*, matches: list[tuple[int, PersonRecord, str, int]]) -> int:
    """After automatic MATCHes (``(household id, record, source kind, source id)``) whose
    birth date was compared equal, what the row says of its tenant's name is recognised
    for the holder it matched (a ``NAME_FORM``, confirmed, with no agent: the row is its
    source), and compared with as with the holder's name:

    - a row that writes its tenant with two surnames (« Bonnet épouse Moreau », « Moreau
      née Bonnet ») says the two names are one person's: the surname the file does not
      bear. The next row written with the birth name alone (« BONNET Hélène », no birth
      date) is compared with it as with the holder's name;
    - a first name written with other vowels than the file's (« Fatoumata » for
      « Fatimata », « Youssouf » for « Youssef »), same consonants: that person's
      spelling. The next undated row written that way in a building where a namesake has
      a file of its own is then not told from the namesake by its first name alone
      (decision.py: review, docs/decisions/2026-12-06-first-name-spellings.md).

    The file is unchanged. Returns the forms stored."""
    if not matches:
        return 0
    holders: dict[int, list[Member]] = {}
    for member in (
        Member.objects.filter(household_id__in={m[0] for m in matches}, role__in=HOLDER_ROLES)
        .annotate(household_departement=F("household__departement_id"))  # not the whole file
        .order_by("-role", "id")
    ):
        holders.setdefault(member.household_id, []).append(member)
    known = {
        (member_id, last.casefold(), first.casefold())
        for member_id, last, first in HouseholdClaim.objects.filter(
            household_id__in=holders, field=ClaimField.NAME_FORM
        ).values_list("member_id", "last_name", "first_name")
    }
    declared = []  # (household, holder, surname, first name, source kind, source id)
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
        spelling = PreparedPerson.of(member.last_name, first)
        if (
            spelling.first
            and spelling.first != holder.first
            and consonants(first) == consonants(member.first_name)
        ):
            # The first name written with other vowels (« Fatoumata » for the file's
            # « Fatimata »), the same birth date: that person's spelling too.
            declared.append((household_id, member, member.last_name, first, kind, sid))
        surnames, _ = names_of(last, first)
        if len(surnames) < 2:
            continue
        for surname in (s.upper() for s in surnames):  # read without accents or case
            if person_similarity(PreparedPerson.of(surname, first), holder)[0] >= SAME_NAME_FORM:
                continue  # the name the file bears
            declared.append((household_id, member, surname, first, kind, sid))
    stored = []
    for household_id, member, surname, first, kind, sid in declared:
        key = (member.pk, surname.casefold(), first.casefold())
        if key in known:
            continue
        known.add(key)
        stored.append(
            _name_form(
                household_id=household_id,
                departement=member.household_departement,
                member=member,
                written=(surname, first),
                source=(kind or "match", sid),
                by=None,
            )
        )
    HouseholdClaim.objects.bulk_create(stored)
    return len(stored)
