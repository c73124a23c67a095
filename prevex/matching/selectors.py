"""Reads for the review queue and the decision journal, scoped to the acting membership."""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, replace

from django.db.models import QuerySet
from django.http import Http404

from prevex.accounts.models import Membership
from prevex.audit import services as audit
from prevex.audit.models import AccessAction
from prevex.core.normalize import flats_differ, numbers_close, parse_address
from prevex.households.perms import FieldGroup
from prevex.households.selectors import groups_for, visible_households

from .holders import holder_people
from .lookalikes import birth_comparison
from .models import ClaimField, ClaimStatus, HouseholdClaim, MatchDecision, Outcome
from .profiles import load_profiles
from .records import MatchResult, PersonRecord
from .scoring import HIGH, LOW, PreparedRecord, person_similarity, score_household
from .services import match_record


@dataclass(frozen=True)
class ComparedField:
    label: str
    record_value: str
    household_value: str
    agreement: str  # "same", "close", "different" or "unknown"

    @property
    def agreement_label(self) -> str:
        return {
            "same": "identique",
            "close": "proche",
            "different": "différent",
            "unknown": "non comparable",
        }[self.agreement]


@dataclass(frozen=True)
class CandidateComparison:
    household_id: int
    reference: str
    score: float
    reason: str
    suggestion: str  # what the engine would decide on this household alone
    fields: list[ComparedField]
    rule: str = ""  # the rule that kept it from an automatic match (French)
    warnings: tuple[str, ...] = ()  # « possibles jumeaux », « même nom, autre date… »
    claims: tuple[str, ...] = ()  # what earlier rows declared, not yet confirmed


def _date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


CLOSE = 80  # a person's similarity shown « proche » from here


def _agreement(similarity: float | None) -> str:
    if similarity is None:
        return "unknown"
    if similarity >= 99.5:
        return "same"
    return "close" if similarity >= CLOSE else "different"


def _person_label(last: str, first: str) -> str:
    return f"{(last or '').upper()} {first or ''}".strip()


def _phone(number: str) -> str:
    """« 06 12 34 56 78 »."""
    return " ".join(number[i : i + 2] for i in range(0, len(number), 2))


def candidate_comparison(
    *, membership: Membership, household_id, record: PersonRecord
) -> CandidateComparison:
    """Side by side: the record and one candidate household the membership may see.

    Birth dates are shown only to readers of the identity group. The read is journaled.
    """
    try:
        household_id = int(household_id)
    except (TypeError, ValueError):
        raise Http404("Dossier introuvable.") from None
    household = (
        visible_households(membership=membership)
        .select_related("commune")
        .filter(pk=household_id)
        .first()
    )
    if household is None:
        raise Http404("Dossier introuvable.")
    groups = groups_for(membership=membership, household=household)
    profile = load_profiles([household.pk])[household.pk]
    prepared = PreparedRecord.of(record)
    scored = score_household(prepared, profile)
    audit.log_file_view(membership=membership, household_id=household.pk)

    holders = profile.holders
    people = record.people()
    fields: list[ComparedField] = []
    pairing = _pairing(prepared, profile)
    for index, label in enumerate(("Titulaire", "Cotitulaire")):
        ours = people[index] if index < len(people) else None
        paired = pairing[index]
        theirs = holders[paired] if paired < len(holders) else None
        if ours is None and theirs is None:
            continue
        similarity = None
        if ours is not None and theirs is not None:
            similarity = _similarity(prepared, profile, index, paired)
        household_value = _person_label(theirs.last_name, theirs.first_name) if theirs else ""
        if theirs is not None and paired != index:  # the row names the couple the other way
            household_value += " (cotitulaire du dossier)" if paired else " (titulaire du dossier)"
        fields.append(
            ComparedField(
                label=label,
                record_value=_person_label(*ours) if ours else "",
                household_value=household_value,
                agreement=_agreement(similarity),
            )
        )
    if FieldGroup.IDENTITY in groups:
        theirs = _matched_holder_birth(prepared, profile)
        agreement = {"same": "same", "near": "close", "different": "different"}.get(
            birth_comparison(record.birth_date, theirs), "unknown"
        )
        fields.append(
            ComparedField(
                "Date de naissance du titulaire", _date(record.birth_date), _date(theirs), agreement
            )
        )
        if prepared.mobile or profile.phones:  # the mobile numbers that identify a file
            fields.append(
                ComparedField(
                    "Téléphone portable",
                    _phone(prepared.mobile),
                    ", ".join(_phone(number) for number in sorted(profile.phones)),
                    "same" if prepared.mobile in profile.phones else "unknown",
                )
            )
    ours_address, theirs_address = parse_address(record.address), parse_address(household.address)
    number_agreement = {"same": "same", "suffix": "close", "different": "different"}.get(
        numbers_close(ours_address, theirs_address), "unknown"
    )
    fields.append(ComparedField("Adresse", record.address, household.address, number_agreement))
    ours_home, theirs_home = _home(ours_address), _home(theirs_address)
    if ours_home or theirs_home:
        fields.append(
            ComparedField(
                "Bâtiment, appartement",
                ours_home,
                theirs_home,
                "different"
                if flats_differ(ours_address, theirs_address)
                else ("same" if ours_home and ours_home == theirs_home else "unknown"),
            )
        )
    fields.append(
        ComparedField(
            "Code postal",
            record.postal_code,
            household.postal_code,
            "same" if record.postal_code == household.postal_code else "different",
        )
    )
    fields.append(
        ComparedField(
            "Commune",
            record.commune_name or record.commune_insee,
            f"{household.commune.name} ({household.commune_id})",
            "unknown"
            if not record.commune_insee
            else ("same" if record.commune_insee == household.commune_id else "different"),
        )
    )
    if scored.score >= HIGH:
        suggestion = "Rattacher à ce ménage"
    elif scored.score >= LOW:
        suggestion = "À vérifier"
    else:
        suggestion = "Ménage différent"
    return CandidateComparison(
        household_id=household.pk,
        reference=household.reference,
        score=scored.score,
        reason=scored.reason,
        suggestion=suggestion,
        fields=fields,
        rule=scored.rule,
        warnings=scored.warnings,
        claims=tuple(
            claim_label(c, with_birth=FieldGroup.IDENTITY in groups)
            for c in HouseholdClaim.objects.filter(
                household=household, status=ClaimStatus.PENDING
            ).select_related("member")
        ),
    )


TIED = "Possible, comme un autre dossier"


def suggestions_tied(comparisons: list[CandidateComparison]) -> list[CandidateComparison]:
    """Several files the engine would each attach alone (two namesakes' files, a row in
    doubt between them): none is « Rattacher à ce ménage » — the agent tells them apart."""
    attach = [c for c in comparisons if c.score >= HIGH]
    if len(attach) < 2:
        return comparisons
    return [dataclasses.replace(c, suggestion=TIED) if c.score >= HIGH else c for c in comparisons]


def _similarity(prepared: PreparedRecord, profile, ours: int, theirs: int) -> float:
    people = holder_people(profile)
    if ours >= len(prepared.people) or theirs >= len(people):
        return 0.0
    return person_similarity(prepared.people[ours], people[theirs])[0]


def _pairing(prepared: PreparedRecord, profile) -> tuple[int, int]:
    """Which of the file's two holders each person of the row is shown against: in order,
    or crossed when the row names the couple the other way round (its tenant is the
    file's co-tenant), so that the table says « identique » where the engine saw the same
    people (« cotitulaire concordant (ordre inversé) »)."""
    if len(profile.holders) < 2 or not prepared.people:
        return (0, 1)
    straight = _similarity(prepared, profile, 0, 0) + _similarity(prepared, profile, 1, 1)
    tenant_crossed = _similarity(prepared, profile, 0, 1)
    crossed = tenant_crossed + _similarity(prepared, profile, 1, 0)
    # crossed only when the row's tenant is recognisably the file's co-tenant: a stranger
    # is shown against the file's tenant, in order
    return (1, 0) if crossed > straight and tenant_crossed >= CLOSE else (0, 1)


def _matched_holder_birth(prepared: PreparedRecord, profile) -> datetime.date | None:
    """The birth date of the holder the record's tenant resembles most."""
    people = holder_people(profile)
    if not people or not prepared.people:
        return None
    best = max(
        range(len(people)), key=lambda j: person_similarity(prepared.people[0], people[j])[0]
    )
    return profile.holders[best].birth_date


def _home(address) -> str:
    parts = []
    if address.building:
        parts.append(f"bât. {address.building.upper()}")
    if address.staircase:
        parts.append(f"esc. {address.staircase.upper()}")
    if address.floor:
        parts.append(f"étage {address.floor}")
    if address.flat:
        parts.append(f"appt {address.flat}")
    return ", ".join(parts)


def claim_label(claim: HouseholdClaim, *, with_birth: bool) -> str:
    """« Date de naissance de BENALI Samia : 12/04/1985 (ligne reçue le 01/12/2026) »;
    the date itself only for readers of the identity group."""
    when = claim.created_at.strftime("%d/%m/%Y") if claim.created_at else ""
    if claim.field == ClaimField.BIRTH_DATE:
        who = f" de {claim.member}" if claim.member else ""
        value = claim.value_label if with_birth else "date non affichée"
        return f"Date de naissance{who} : {value} (déclarée le {when})"
    return f"Cotitulaire : {claim.value_label} (déclaré le {when})"


def pending_claims(*, membership: Membership, household) -> list[tuple[HouseholdClaim, str]]:
    """The claims waiting on a file the membership may correct (the secretariat), with
    their labels; the read is journaled by the caller's page."""
    groups = groups_for(membership=membership, household=household)
    return [
        (claim, claim_label(claim, with_birth=FieldGroup.IDENTITY in groups))
        for claim in HouseholdClaim.objects.filter(
            household=household, status=ClaimStatus.PENDING
        ).select_related("member")
    ]


def name_forms(*, household) -> list[HouseholdClaim]:
    """The ways of writing the holders' names that agents recognised when settling
    reviews (``ClaimField.NAME_FORM``), oldest first; for the page of a file the caller
    may correct (the read is journaled by that page)."""
    return list(
        HouseholdClaim.objects.filter(
            household=household, field=ClaimField.NAME_FORM, status=ClaimStatus.CONFIRMED
        ).select_related("member", "decided_by", "organisation")
    )


def merge_survivors(household_ids) -> dict[int, int]:
    """For each of these households merged since into another (a merge not undone), the
    file that holds it now — followed through successive merges. Households never
    merged are left out. A review item keeps the ids of its candidates: the queue shows
    and offers the surviving file instead of losing the candidate."""
    survivors: dict[int, int] = {}
    wanted = {int(pk) for pk in household_ids}
    for _ in range(10):  # chains of merges: at most a few links
        found = dict(
            MatchDecision.objects.filter(
                outcome=Outcome.MERGE,
                source_kind="household",
                source_id__in=wanted,
                undone_at__isnull=True,
            )
            .order_by("created_at", "id")
            .values_list("source_id", "household_id")
        )
        found = {a: k for a, k in found.items() if k is not None}
        if not found:
            break
        for start, current in list(survivors.items()):
            survivors[start] = found.get(current, current)
        for absorbed, keep in found.items():
            survivors.setdefault(absorbed, keep)
        wanted = set(found.values())
    return survivors


def decisions_for_household(*, membership: Membership, household_id) -> QuerySet[MatchDecision]:
    """The matching journal of a household file the membership may see (newest first)."""
    visible = visible_households(membership=membership).filter(pk=household_id)
    return (
        MatchDecision.objects.filter(household__in=visible)
        .select_related("decided_by", "undone_by")
        .order_by("-created_at", "-id")
    )


def decisions_for_source(
    *, membership: Membership, source_kind: str, source_id: int
) -> QuerySet[MatchDecision]:
    """Decisions about one source row, in the membership's département (newest first)."""
    return MatchDecision.objects.filter(
        departement_id=membership.organisation.departement_id,
        source_kind=source_kind,
        source_id=source_id,
    ).order_by("-created_at", "-id")


# --- Creating a household by hand: the matcher runs first ----------------------------


@dataclass(frozen=True)
class ShownCandidate:
    """A file that may be the household being created, as its reader may know it."""

    household_id: int
    reference: str
    score: float
    holders: list[str]  # « BENALI Samia, né(e) le 12/04/1985 » (birth date: IDENTITY only)
    address: str

    @property
    def likelihood(self) -> str:
        return "très probable" if self.score >= HIGH else "possible"


@dataclass(frozen=True)
class CreationCheck:
    """What the matcher found for a household about to be created.

    ``shown`` are the candidates the membership may read (the secretariat: all of them);
    ``hidden`` counts those it may not read: they are never shown, never hinted at,
    and only recorded with the creation for the secretariat. ``result`` keeps every
    candidate for that record.
    """

    result: MatchResult
    shown: list[ShownCandidate]
    hidden: int

    @property
    def candidate_ids(self) -> list[int]:
        return [c.household_id for c in self.result.candidates]

    def needs_confirmation(self, confirmed_ids) -> bool:
        """A shown candidate the user has not yet seen and chosen to create anyway."""
        return any(c.household_id not in set(confirmed_ids) for c in self.shown)


def candidates_for_new_household(*, membership: Membership, record: PersonRecord) -> CreationCheck:
    """Run the matcher on a household about to be created by ``membership``.

    Only candidates the engine would attach or send to review (score ≥ ``LOW``) count.
    A candidate is shown with the fields its reader may see (lease holders and address;
    birth dates with the identity group) and the read is journaled; a candidate the
    membership may not read stays hidden: saying that it exists would already tell an
    uninvolved partner that this person has an eviction file.
    """
    departement = membership.organisation.departement_id
    found = match_record(record=replace(record, departement=departement), departement=departement)
    strong = [c for c in found.candidates if c.score >= LOW]
    result = replace(found, candidates=strong)
    if not strong:
        return CreationCheck(result=result, shown=[], hidden=0)
    visible = {
        h.pk: h
        for h in visible_households(membership=membership)
        .select_related("commune")
        .filter(pk__in=[c.household_id for c in strong])
        .order_by("pk")
    }
    profiles = load_profiles(visible)
    shown = []
    for candidate in strong:
        household = visible.get(candidate.household_id)
        if household is None or household.pk not in profiles:
            continue
        groups = groups_for(membership=membership, household=household)
        if FieldGroup.LEASE not in groups:
            continue
        with_birth = FieldGroup.IDENTITY in groups
        holders = []
        for holder in profiles[household.pk].holders:
            label = _person_label(holder.last_name, holder.first_name)
            if with_birth and holder.birth_date:
                label += f", né(e) le {_date(holder.birth_date)}"
            holders.append(label)
        audit.access_log(
            membership=membership,
            action=AccessAction.VIEW,
            what="Dossier correspondant proposé à la création d'un ménage",
            household_id=household.pk,
        )
        shown.append(
            ShownCandidate(
                household_id=household.pk,
                reference=household.reference,
                score=candidate.score,
                holders=holders,
                address=f"{household.address}, {household.postal_code} {household.commune.name}",
            )
        )
    return CreationCheck(result=result, shown=shown, hidden=len(strong) - len(shown))
