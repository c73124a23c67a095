"""Score of a record against a candidate household, the rule, the reason in French.

The score (0–1) combines three comparisons (rapidfuzz, on folded strings; people are
prepared in ``similarity.py``):

- **names** (``N``, 0–100): each person of the record (tenant, co-tenant) against each
  holder of the household — civilities removed, usage and birth names, particles and
  transliterated first names (prevex/core/names.py); the co-tenant may be either holder;
- **address** (``A``, 0–100): street names token-sorted; × 0.5 when the house numbers
  differ, × 0.95 for « 33 » / « 33 bis », × 0.9 when one is missing, × 0.85 when
  neither postcode nor commune agree (prevex/core/addresses.py); an estate written alone
  against a street written alone, in the same building: 67, not comparable rather than
  different (``dwelling.ESTATE_OR_STREET``);
- **birth date** of the record's tenant against the holder the tenant resembles most —
  on every path, the co-tenant's included: same → the score moves halfway to 1;
  near (one digit, day/month swapped) → − 0.08; different → − 0.25.

``score = 0.6 N + 0.4 A`` (then birth date), then the rules of
docs/decisions/2026-12-01-matching-rules.md cap it, so that what must not be decided
alone never is (``Scored.rule`` names the rule that bound, ``Scored.warnings`` the
look-alike warnings):

- names below 80 → at most 0.8 × N;
- same names, **different birth date** → another person: below ``LOW`` (new household),
  or below ``HIGH`` (review) when the co-tenant agrees too; warning « même nom, autre
  date de naissance »;
- **same birth date, different first names** (lookalikes.py) → review, warning
  « possibles jumeaux » (not when the co-tenant agrees: a couple identifies the home);
  different first names and no comparable birth date → review;
- no comparable birth date while another holder bears the same name, or while earlier
  rows declared another birth date for this holder (pending claims) → review, warning
  « même nom, autre date de naissance »;
- neither the row nor the file gives the person's birth date, in a collective building
  (a flat or building named on either side) and no same flat on both → review: the name
  is all that was compared;
- another surname with the same first name and birth date in the same dwelling → the
  same person under her birth and usage names (MATCH);
- same birth date, a first name one vowel away (not ``distinct``), in the very flat both
  rows name → the same person (MATCH), not possible twins;
- a tenant unknown to the file, recognised through its co-tenant only, elsewhere than
  the file's dwelling → review;
- different house numbers → review; different flats or buildings when both rows give
  one → review with the same birth date and first name, else new household (twins in
  two flats are two leases);
- another dwelling: the same holder(s) — every person of the record recognised, the
  same birth date (or, when the file never had one, the date its earlier rows
  declared: ``holders.claimed_birth``), the same first name — is a **move** (``moved``:
  MATCH, the caller records the new address); the same couple (both names) without
  comparable birth dates → review, unless the dates the file's rows declared are all
  another person's (``holders.claimed_birth``: a namesake couple, new); otherwise
  review with the same birth date, else new;
- a row at a dwelling the household left (``profile.past``) is compared with the
  household as it lived there (« ancienne adresse du ménage »);
- the row's personal mobile number known to the file (``profile.phones``, learnt only
  from rows of established identity: phones.py), where no birth date can be compared:
  it lifts « nom seul » and a first name one vowel away, makes a move of the same
  holder(s) elsewhere, and tells this file from another of the same name (``decide``).
  It never overrides another birth date, another first name with the same birth date
  (twins), or another flat.

Decision (``decide``): score ≥ ``HIGH`` → MATCH; ``LOW`` ≤ score < ``HIGH`` → REVIEW;
below → NEW. Two candidates ≥ ``HIGH`` within ``AMBIGUITY`` → REVIEW; a MATCH without
the same birth date while another candidate ≥ ``LOW`` bears the tenant's name (father
and son in two files) → REVIEW, unless the row names the best file's flat and the
other's flat differs, or the other file's first name is another name (its consonants
differ: Samir / Samia); the same holders in two files, one at the row's address and one
reached as a move → the file at the row's address.
"""

from __future__ import annotations

import dataclasses
import datetime

from prevex.core.normalize import parse_address

from .address_part import _address_part
from .decision import decide  # noqa: F401 (re-exported: the engine's vocabulary)
from .dwelling import _flats_conflict, _same_flat, _street_similarity  # noqa: F401
from .holders import (
    USAGE_NAMES,
    claimed_birth,
    claims_conflict,
    co_first_name_known,
    collective,
    first_names_agree,
    first_names_distinct_of,
    given_exact,
    holder_people,
    spouse_name_holder,
    usage_name_holder,
)
from .lookalikes import HOMONYM, TWINS, birth_comparison
from .names_part import Names, names_part, names_reason
from .profiles import HouseholdProfile, MemoKey
from .scored import (  # noqa: F401 (re-exported)
    AMBIGUITY,
    DWELLING_GATE,
    HIGH,
    JUST_BELOW,
    LOW,
    NAME_GATE,
    SAME_DWELLING,
    SAME_NAME,
    Scored,
)
from .similarity import (  # noqa: F401 (re-exported: the scorer's vocabulary)
    _SIMILARITIES,
    MEMO_SIZE,
    PreparedPerson,
    PreparedRecord,
    compute_person_similarity,
    person_similarity,
)


def _date(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


# Memo of ``score_household``, keyed by the record and everything of the household the
# score reads: a row sent again (monthly lists) against an unchanged household.
_SCORES: dict[tuple, Scored] = {}


def _memo_of(profile: HouseholdProfile) -> MemoKey:
    """What the score reads of the household, hashed once (the memo's key)."""
    if profile.memo is None:
        profile.memo = MemoKey(
            (
                profile.address,
                profile.postal_code,
                profile.commune_insee,
                tuple(profile.holders),
                profile.past,
                profile.phones,
            )
        )
    return profile.memo


def score_household(record: PreparedRecord, profile: HouseholdProfile) -> Scored:
    """Score (0–1) and French reason of ``record`` against one household."""
    key = (record._ident, _memo_of(profile).ident)
    found = _SCORES.get(key)
    if found is None:
        if len(_SCORES) >= MEMO_SIZE:
            _SCORES.clear()
        found = _SCORES[key] = compute_score_household(record, profile)
    return found


def _birth_part(record: PreparedRecord, profile: HouseholdProfile, n: Names):
    """(comparison, reason parts) of the tenant's birth date against the holder the
    tenant matched — on every path, the co-tenant's included."""
    if n.tenant_j is None:
        return "unknown", []
    theirs = profile.holders[n.tenant_j].birth_date
    birth = birth_comparison(record.birth_date, theirs)
    if birth == "same":
        return birth, ["même date de naissance"]
    if birth == "near":
        return birth, ["date de naissance proche"]
    if birth == "different":
        return birth, [
            f"date de naissance différente ({_date(record.birth_date)} ≠ {_date(theirs)})"
        ]
    return birth, ["date de naissance non comparable"]


def compute_score_household(
    record: PreparedRecord, profile: HouseholdProfile, names: Names | None = None
) -> Scored:
    """``score_household`` without the memo; the rules are in the module docstring
    and in prevex/matching/lookalikes.py. A row at one of the dwellings the household
    left (``profile.past``) is compared with the household as it lived there: an act
    about the old address, sent after the move was recorded, is still the household's.
    A holder's name as agents recognised it on reviewed rows, or as a matched row
    declared it (« X épouse Y »; ``Holder.forms``, name_forms.name_form_learn and
    name_forms_declared) is compared as the holder's own: the best score is kept.
    ``names``: the names part of ``record`` against ``profile``, when already known."""
    scored = _score_with_past(record, profile, names)
    for named, (last, first) in _name_forms(profile):
        other = _score_with_past(record, named)
        if other.score > scored.score:
            scored = dataclasses.replace(
                other,
                reason=f"{other.reason}, nom écrit comme déjà reconnu ({last} {first})",
            )
    return scored


def _name_forms(profile: HouseholdProfile):
    """(the household with one holder named by one of its recognised forms, the form)."""
    for j, holder in enumerate(profile.holders):
        for last, first in holder.forms:
            holders = list(profile.holders)
            holders[j] = holder._replace(last_name=last, first_name=first, forms=())
            named = dataclasses.replace(profile, holders=holders)
            named.prepared = []  # prepared again from the form (holders.holder_people)
            yield named, (last, first)


def _score_with_past(
    record: PreparedRecord, profile: HouseholdProfile, names: Names | None = None
) -> Scored:
    if names is None:  # the same at every dwelling: the holders are the same
        names = names_part(record, profile)
    scored = _score_at(record, profile, names)
    if scored.address >= DWELLING_GATE or not profile.past:
        return scored
    for address, postal_code, insee in profile.past:
        then = dataclasses.replace(
            profile, address=address, postal_code=postal_code, commune_insee=insee, past=()
        )
        then.prepared = profile.prepared
        former = _score_at(record, then, names)
        if former.address >= SAME_DWELLING and former.score > scored.score:
            return dataclasses.replace(
                former, reason=f"{former.reason}, ancienne adresse du ménage ({address})"
            )
    return scored


def _one_generation_marked(record: PreparedRecord, profile: HouseholdProfile, n: Names) -> bool:
    """The row's tenant or the holder it resembles carries « junior » / « père », not
    both (two markers that differ are two people already: similarity.py)."""
    ours = record.people[0].generation
    theirs = holder_people(profile)[n.tenant_j].generation
    return bool(ours) != bool(theirs)


def _score_at(record: PreparedRecord, profile: HouseholdProfile, n: Names) -> Scored:
    address, number_conflict, flat_conflict, dwelling, address_parts, same_place = _address_part(
        record, profile
    )
    if n.tenant_j is None and address >= SAME_DWELLING and not (number_conflict or flat_conflict):
        # Another surname, but the same first name and birth date in the same dwelling:
        # one person under her birth name and her usage name (« nom d'usage »).
        usage = usage_name_holder(record, profile)
        part = "autre nom de famille, même prénom (nom d'usage ou de naissance)"
        if usage is None:
            # Or the co-tenant under the other holder's surname (her usage name).
            usage = spouse_name_holder(record, profile)
            part = "cotitulaire sous le nom de son conjoint (nom d'usage)"
        if usage is not None:
            n = dataclasses.replace(
                n,
                names=max(n.names, USAGE_NAMES),
                tenant_j=usage,
                tenant_score=max(n.tenant_score, NAME_GATE),
                co_only=False,
                parts=[part],
            )
    score = (0.6 * n.names + 0.4 * address) / 100.0
    birth, birth_parts = _birth_part(record, profile, n)
    given = first_names_agree(record, profile, n.tenant_j)
    # The row's personal mobile number is one the file learnt from a row of established
    # identity (phones.py): where the birth date cannot be compared, it names the file.
    phone = bool(record.mobile) and record.mobile in profile.phones
    if phone:
        birth_parts = [*birth_parts, "même téléphone portable"]
    birth_note = ""
    review, new = HIGH - JUST_BELOW, LOW - JUST_BELOW
    caps: list[tuple[float, str]] = []
    warnings: list[str] = []
    moved = False
    if birth == "same":
        score += (1.0 - score) * 0.5
    elif birth == "near":
        score -= 0.08
        typo = (
            given is True
            and address >= SAME_DWELLING
            and not (number_conflict or flat_conflict)
            and not n.others_same_name
        )
        if typo:
            # The same person's date typed with one digit wrong (or day and month
            # swapped), at the same dwelling: a twin has the same date, a father or a
            # namesake another one altogether. The score keeps the − 0.08.
            birth_note = "même prénom, même logement : date mal saisie"
        else:
            caps.append((review, "date de naissance proche : erreur de saisie ou autre personne"))
    elif birth == "different":
        score -= 0.25
        warnings.append(HOMONYM)
        if n.co_agrees and not n.co_usage:
            caps.append((review, "autre date de naissance, mais le cotitulaire concorde"))
        else:
            caps.append((new, "même nom, autre date de naissance : une autre personne"))
    if n.names < NAME_GATE:
        caps.append((0.8 * n.names / 100.0, "noms trop éloignés"))
    if n.co_only and (address < SAME_DWELLING or number_conflict or flat_conflict):
        caps.append((review, "titulaire non reconnu, seul le cotitulaire concorde"))
    distinct = given is False and first_names_distinct_of(record, profile, n.tenant_j)
    if given is False and not n.co_agrees:  # a couple identifies the household
        if flat_conflict and birth == "same" and address >= DWELLING_GATE:
            # twins, each with a lease in the building (elsewhere: « autre logement »)
            warnings.append(TWINS)
            caps.append((new, "prénom et appartement différents : un autre ménage de l'immeuble"))
        elif birth == "same" and dwelling == "flat" and not distinct:
            # The same birth date in the very flat both rows name, a first name one vowel
            # away (Fatoumata / Fatimata): the person of that lease, her name spelt
            # another way — twins in one flat are one household anyway.
            address_parts.append("même appartement, prénom écrit autrement")
        elif birth == "same":
            warnings.append(TWINS)
            caps.append((review, "même date de naissance mais prénoms différents"))
        elif birth == "unknown" and dwelling == "flat" and not distinct:
            # No birth date to compare, but the very flat both rows name, a first name
            # one vowel away: that lease's holder, spelt another way (as rule 5 above).
            address_parts.append("même appartement, prénom écrit autrement")
        elif birth == "unknown" and phone and not distinct:
            # No birth date, but the file's own mobile number: its holder, spelt another
            # way (Souleyman / Souleymane), as with the very flat above.
            address_parts.append("prénom écrit autrement")
        elif birth == "unknown":
            caps.append((review, "prénoms différents, dates de naissance non comparables"))
    if (
        record.birth_date is None
        and birth == "unknown"
        and n.tenant_j is not None
        and profile.holders[n.tenant_j].birth_date is None
        and not n.co_agrees
        and dwelling != "flat"
        and not phone
        and collective(record.address, profile)
    ):
        # Neither this row nor the file ever gave this person's birth date, in a building
        # of several flats, and no flat tells them apart: the name is all that was
        # compared — a father and son or two neighbours share it (issue 9).
        caps.append((review, "immeuble collectif, nom seul : aucune date de naissance connue"))
    if n.tenant_j is not None and birth != "same" and _one_generation_marked(record, profile, n):
        # « KHELIFI Karim Junior » against « KHELIFI Karim »: the son, or the father
        # written without his marker — only a birth date tells.
        caps.append((review, "« junior » ou « père » sur une seule des deux lignes"))
    if (
        n.co_differs
        and birth == "same"
        and given is True
        and not given_exact(record, profile, n.tenant_j)
        and not co_first_name_known(record, profile, n.tenant_j)
    ):
        # The same birth date, a first name read as the same only through a spelling
        # (Adam / Adem, Ryan / Rayan), and each row with a partner of another name, first
        # name included (not the same wife under her birth name): twins, each in his own
        # household, as much as one person (issue 9).
        warnings.append(TWINS)
        caps.append((review, "même date de naissance, prénom écrit autrement, autre cotitulaire"))
    if n.co_differs and birth != "same" and not phone:
        # The file's couple and the row's share the tenant's name only: another partner,
        # or the namesake's household (a father and son, each with his wife).
        caps.append((review, "autre cotitulaire, date de naissance non comparable"))
    homonym_holder = n.others_same_name and not n.co_agrees  # the co-tenant is the other
    if birth == "unknown" and (homonym_holder or claims_conflict(record, profile, n.tenant_j)):
        warnings.append(HOMONYM)
        caps.append((review, "plusieurs personnes de ce nom, dates de naissance non comparables"))
    other_dwelling = address < DWELLING_GATE
    if not same_place and not other_dwelling and birth != "same" and not phone and n.tenant_j:
        # The row's tenant is the file's co-tenant (whose birth date no row gives), at the
        # same street name and number in another commune (an avenue Jean-Jaurès in every
        # town): the co-tenant who left for a lease of her own, or a namesake there.
        caps.append((review, "cotitulaire du dossier, autre commune, date non comparable"))
    if number_conflict and not other_dwelling:
        caps.append((review, "numéro de voie différent"))
    if flat_conflict and not other_dwelling:
        # The same person by birth date — or the same couple, both names, first names
        # included: two couples of one building do not share both — in another flat or
        # building of the same address: a typo or a change of flat, an agent decides.
        same_person = birth == "same" and given is not False
        same_couple = n.co_agrees and given is True and birth != "different"
        caps.append((review if same_person or same_couple else new, "appartement différent"))
    if other_dwelling:
        # Elsewhere, a co-tenant recognised only under the tenant's surname (co_usage) is
        # too weak to name the couple: common names make namesake couples.
        co_agrees = n.co_agrees and not n.co_usage
        # With the tenant's own birth date, though, she is that couple's co-tenant: a
        # namesake couple does not also share the tenant's birth date — nor the mobile
        # number the file learnt from a row of established identity (phones.py).
        co_agrees_dated = n.co_agrees and (not n.co_usage or birth == "same" or phone)
        everyone = len(record.people) == len(profile.holders) and (
            len(record.people) == 1 or co_agrees_dated
        )
        # The same couple (both holders, both names) whose birth dates cannot be compared
        # may have moved — or be namesakes: an agent decides (review, not a new file).
        claimed = claimed_birth(record, profile, n.tenant_j) if birth == "unknown" else ""
        couple = (
            birth == "unknown"
            and co_agrees
            and given is True
            and everyone
            and claimed != "different"
        )
        # The same full name, first name and birth date elsewhere, with a co-tenant the
        # file does not name yet: the person moved in with someone (the co-tenant is a
        # claim of the row). Not a co-tenant left behind (a separation: the person's new
        # household, an agent decides), not another number in the same street (a typo).
        tenant_moved = (
            given is True
            and len(record.people) > len(profile.holders)
            and n.tenant_score >= SAME_NAME
            and _street_similarity(record.address, parse_address(profile.address)) < SAME_DWELLING
        )
        # The birth date, or the date the file's earlier rows declared (claimed_birth):
        # the file's first rows came from a sender that gives none.
        dated = birth == "same" or claimed == "same"
        # Or, without any birth date to compare, the file's own mobile number with the
        # same first name: the same person, who moved with her phone.
        dated = dated or (birth == "unknown" and phone and given is True)
        # The couple (both holders, both names) identifies the household: a first name
        # written another way (Ousman / Ousmane) does not stop their move.
        if (
            dated
            and (((given is not False or co_agrees) and everyone) or tenant_moved)
            and not n.co_only
        ):
            moved = True
            score = max(score, (0.6 * n.names + 40.0) / 100.0 * 0.5 + 0.5)
            address_parts.append(
                "autre adresse : déménagement des mêmes titulaires"
                + (
                    ""
                    if birth == "same"
                    else (
                        " (date de naissance déclarée par les lignes du dossier)"
                        if claimed == "same"
                        else " (même téléphone portable)"
                    )
                )
            )
        elif couple and not n.co_only:
            score = max(score, HIGH)  # held at review by the cap below
            address_parts.append("autre adresse, même couple : déménagement possible")
            caps.append((review, "autre logement, même couple, dates de naissance non comparables"))
        else:
            address_parts.append("logement différent")
            caps.append(
                (
                    review if dated else new,
                    "autre logement" + (", même date de naissance" if dated else ""),
                )
            )
    rule = ""
    if caps:
        cap, rule = min(caps, key=lambda c: c[0])
        if score > cap:
            score = cap
        else:
            rule = ""
    score = max(0.0, score)
    reason = ", ".join(
        [
            *names_reason(record, profile, n),
            *birth_parts,
            *([birth_note] if birth_note else []),
            *address_parts,
        ]
    )
    return Scored(
        round(score, 4),
        reason[:1].upper() + reason[1:],
        n.names,
        address,
        rule=rule[:1].upper() + rule[1:] if rule else "",
        warnings=tuple(dict.fromkeys(warnings)),
        birth=birth,
        tenant_names=n.tenant_score,
        moved=moved,
        dwelling=dwelling,
        flat_conflict=flat_conflict,
        given_distinct=distinct,
        file_flat=bool(parse_address(profile.address).flat),
        given_exact=given_exact(record, profile, n.tenant_j),
        given_same=given,
        couple=n.co_agrees,
        elsewhere=other_dwelling,
        phone=phone,
    )
