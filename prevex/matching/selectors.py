"""Reads for the review queue and the decision journal, scoped to the acting membership."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from prevex.accounts.models import Membership
from prevex.audit import services as audit
from prevex.core.normalize import parse_address
from prevex.households.perms import FieldGroup
from prevex.households.selectors import groups_for, visible_households

from .models import MatchDecision
from .profiles import load_profiles
from .records import PersonRecord
from .scoring import HIGH, LOW, PreparedRecord, holder_people, person_similarity, score_household


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


def _date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _agreement(similarity: float | None) -> str:
    if similarity is None:
        return "unknown"
    if similarity >= 99.5:
        return "same"
    return "close" if similarity >= 80 else "different"


def _person_label(last: str, first: str) -> str:
    return f"{(last or '').upper()} {first or ''}".strip()


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
    for index, label in enumerate(("Titulaire", "Cotitulaire")):
        ours = people[index] if index < len(people) else None
        theirs = holders[index] if index < len(holders) else None
        if ours is None and theirs is None:
            continue
        similarity = None
        if ours is not None and theirs is not None:
            similarity = person_similarity(prepared.people[index], holder_people(profile)[index])[0]
        fields.append(
            ComparedField(
                label=label,
                record_value=_person_label(*ours) if ours else "",
                household_value=_person_label(theirs.last_name, theirs.first_name)
                if theirs
                else "",
                agreement=_agreement(similarity),
            )
        )
    if FieldGroup.IDENTITY in groups:
        theirs = holders[0].birth_date if holders else None
        agreement = "unknown"
        if record.birth_date and theirs:
            agreement = "same" if record.birth_date == theirs else "different"
        fields.append(
            ComparedField(
                "Date de naissance du titulaire", _date(record.birth_date), _date(theirs), agreement
            )
        )
    ours_address, theirs_address = parse_address(record.address), parse_address(household.address)
    number_agreement = "unknown"
    if ours_address.number and theirs_address.number:
        number_agreement = "same" if ours_address.number == theirs_address.number else "different"
    fields.append(ComparedField("Adresse", record.address, household.address, number_agreement))
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
    )


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
