"""Reads of the secretariat's duplicate screens: possible duplicates of a file, the two
files side by side before a merge, the merges of a file and what was split back.

Every function takes the acting membership; anyone but the CCAPEX secretariat of the
file's département gets a 404 (``may_correct_matches``), never a hint that the file
exists. Every nominative read is journaled. Writes are in prevex/matching/corrections.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404

from prevex.accounts.models import Membership
from prevex.audit import services as audit
from prevex.audit.models import AccessAction
from prevex.households.models import Household, Involvement, Member, MemberRole
from prevex.households.selectors import visible_households
from prevex.procedures.models import Procedure

from .models import MatchDecision, Outcome
from .perms import may_correct_matches
from .profiles import load_profiles
from .records import PersonRecord
from .scoring import LOW
from .selectors import CandidateComparison, candidate_comparison
from .services import match_record

CREATION_SOURCE = "household_form"  # MatchDecision.source_kind of a hand-made household


def _journal(membership: Membership, household_id: int, what: str) -> None:
    audit.access_log(
        membership=membership, action=AccessAction.VIEW, what=what, household_id=household_id
    )


def household_for_correction(*, membership: Membership, household_id) -> Household:
    """A file the membership may merge or split (the secretariat of its département)."""
    departement = membership.organisation.departement_id
    if not may_correct_matches(membership, departement=departement):
        raise Http404("Dossier introuvable.")
    try:
        household_id = int(household_id)
    except (TypeError, ValueError):
        raise Http404("Dossier introuvable.") from None
    household = (
        visible_households(membership=membership)
        .select_related("commune", "landlord")
        .filter(pk=household_id)
        .first()
    )
    if household is None:
        raise Http404("Dossier introuvable.")
    return household


def household_by_reference(*, membership: Membership, reference: str) -> Household | None:
    """The file of this reference in the secretariat's département, if any."""
    if not may_correct_matches(membership, departement=membership.organisation.departement_id):
        raise Http404("Dossier introuvable.")
    return (
        visible_households(membership=membership)
        .filter(reference=(reference or "").strip().upper())
        .first()
    )


def record_of(household: Household) -> PersonRecord:
    """A file as a record for the matcher: its lease holders and its dwelling."""
    holders = load_profiles([household.pk]).get(household.pk)
    people = holders.holders if holders else []
    first = people[0] if people else None
    second = people[1] if len(people) > 1 else None
    return PersonRecord(
        last_name=first.last_name if first else "",
        first_name=first.first_name if first else "",
        birth_date=first.birth_date if first else None,
        co_last_name=second.last_name if second else "",
        co_first_name=second.first_name if second else "",
        address=household.address,
        postal_code=household.postal_code,
        commune_insee=household.commune_id,
        commune_name=household.commune.name,
        departement=household.departement_id,
    )


def duplicates_of(*, membership: Membership, household: Household) -> list[CandidateComparison]:
    """The files the matcher finds for this file (itself left out), best first, each
    compared field by field with it. Journals the file and every candidate shown."""
    _journal(membership, household.pk, "Doublons possibles du dossier")
    record = record_of(household)
    if not record.last_name:
        return []
    result = match_record(record=record, departement=household.departement_id)
    comparisons = []
    for candidate in result.candidates:
        if candidate.household_id == household.pk:
            continue
        try:
            comparisons.append(
                candidate_comparison(
                    membership=membership, household_id=candidate.household_id, record=record
                )
            )
        except Http404:  # merged or deleted meanwhile
            continue
    return comparisons


@dataclass
class FileSummary:
    """What the secretariat compares before merging two files (it sees every field)."""

    id: int
    reference: str
    created_on: str
    holders: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    address: str = ""
    parc: str = ""
    landlord: str = ""
    contacts: int = 0
    vulnerabilities: int = 0
    procedures: list[str] = field(default_factory=list)
    open_procedures: int = 0
    organisations: list[str] = field(default_factory=list)


def _person(member: Member) -> str:
    label = f"{member.last_name.upper()} {member.first_name}"
    if member.birth_date:
        label += f", né(e) le {member.birth_date:%d/%m/%Y}"
    return label


def file_summary(*, membership: Membership, household_id) -> FileSummary:
    """One file as compared before a merge; journals the read."""
    household = household_for_correction(membership=membership, household_id=household_id)
    _journal(membership, household.pk, "Comparaison de deux dossiers avant fusion")
    members = list(Member.objects.filter(household=household).order_by("role", "id"))
    holder_roles = (MemberRole.TITULAIRE, MemberRole.COTITULAIRE)
    summary = FileSummary(
        id=household.pk,
        reference=household.reference,
        created_on=f"{household.created_at:%d/%m/%Y}",
        holders=[
            _person(m)
            for m in sorted(members, key=lambda m: (m.role != MemberRole.TITULAIRE, m.pk))
            if m.role in holder_roles
        ],
        others=[
            f"{_person(m)} ({m.get_role_display().lower()})"
            for m in members
            if m.role not in holder_roles
        ],
        address=f"{household.address}, {household.postal_code} {household.commune.name}",
        parc=household.get_parc_display(),
        landlord=(household.landlord.name if household.landlord else household.landlord_name),
        contacts=household.contacts.count(),
        vulnerabilities=household.vulnerabilities.count(),
    )
    for procedure in Procedure.objects.filter(household=household).order_by("opened_on", "id"):
        state = "en cours" if procedure.is_open else f"close le {procedure.closed_on:%d/%m/%Y}"
        summary.procedures.append(
            f"Ouverte le {procedure.opened_on:%d/%m/%Y} — {procedure.get_stage_display()} ({state})"
        )
        summary.open_procedures += procedure.is_open
    summary.organisations = sorted(
        {
            f"{i.organisation.name} ({i.get_reason_display().lower()})"
            for i in Involvement.objects.filter(household=household, ends_on__isnull=True)
            .select_related("organisation")
            .order_by("id")
        }
    )
    return summary


def side_by_side(keep: FileSummary, absorb: FileSummary) -> list[tuple[str, str, str]]:
    """Rows (label, kept file, absorbed file) of the merge confirmation table."""

    def lines(values: list[str]) -> str:
        return " ; ".join(values) or "—"

    return [
        ("Créé le", keep.created_on, absorb.created_on),
        ("Titulaires du bail", lines(keep.holders), lines(absorb.holders)),
        ("Autres occupants", lines(keep.others), lines(absorb.others)),
        ("Logement", keep.address, absorb.address),
        ("Parc", keep.parc, absorb.parc),
        ("Bailleur", keep.landlord or "—", absorb.landlord or "—"),
        ("Moyens de contact", str(keep.contacts), str(absorb.contacts)),
        ("Vulnérabilités", str(keep.vulnerabilities), str(absorb.vulnerabilities)),
        ("Procédures", lines(keep.procedures), lines(absorb.procedures)),
        ("Organisations impliquées", lines(keep.organisations), lines(absorb.organisations)),
    ]


@dataclass
class MergeView:
    decision: MatchDecision
    absorbed_reference: str
    procedure_ids: list[int]
    split_into: list[MatchDecision]  # later splits of this file that moved these procedures

    @property
    def can_split(self) -> bool:
        return bool(self.procedure_ids) and not self.split_into


def merges_of(*, membership: Membership, household: Household) -> list[MergeView]:
    """The merges into this file (newest first), each with the splits that undid it."""
    if not may_correct_matches(membership, departement=household.departement_id):
        raise Http404("Dossier introuvable.")
    decisions = list(
        MatchDecision.objects.filter(
            household=household, outcome=Outcome.MERGE, undone_at__isnull=True
        )
        .select_related("decided_by")
        .order_by("-created_at", "-id")
    )
    splits = list(
        MatchDecision.objects.filter(
            outcome=Outcome.SPLIT, source_kind="household", source_id=household.pk
        ).order_by("created_at", "id")
    )
    views = []
    for decision in decisions:
        ids = [int(pk) for pk in decision.details.get("procedure_ids", [])]
        undoing = [
            s
            for s in splits
            if s.created_at >= decision.created_at
            and ids
            and set(ids) <= set(s.details.get("procedure_ids", []))
        ]
        views.append(
            MergeView(
                decision=decision,
                absorbed_reference=decision.details.get("absorbed_reference", ""),
                procedure_ids=ids,
                split_into=undoing,
            )
        )
    return views


def procedures_for_split(*, membership: Membership, household: Household) -> list[Procedure]:
    """The procedures of a file the secretariat may move to a new file."""
    if not may_correct_matches(membership, departement=household.departement_id):
        raise Http404("Dossier introuvable.")
    _journal(membership, household.pk, "Séparation d'un dossier : choix des procédures")
    return list(Procedure.objects.filter(household=household).order_by("opened_on", "id"))


def flagged_creations(*, membership: Membership) -> QuerySet[MatchDecision]:
    """Files created by hand although the matcher found a likely existing file (newest
    first): the secretariat's list of possible duplicates to check."""
    departement = membership.organisation.departement_id
    if not may_correct_matches(membership, departement=departement):
        raise Http404("Page introuvable.")
    return (
        MatchDecision.objects.filter(
            departement_id=departement, source_kind=CREATION_SOURCE, score__gte=LOW
        )
        .select_related("household", "decided_by", "organisation")
        .order_by("-created_at", "-id")
    )


@dataclass
class FlaggedRow:
    decision: MatchDecision
    candidates: list[tuple[int, str, float]]  # (id, reference, score) of files still there

    @property
    def merged(self) -> bool:
        """The file created was merged into another one since."""
        return self.decision.household_id != self.decision.source_id


def flagged_rows(*, decisions) -> list[FlaggedRow]:
    """One page of ``flagged_creations`` with the candidates that still exist (one query)."""
    decisions = list(decisions)
    ids = {c["household_id"] for d in decisions for c in d.candidates}
    references = dict(
        Household.objects.filter(pk__in=ids).order_by("pk").values_list("pk", "reference")
    )
    return [
        FlaggedRow(
            decision=d,
            candidates=[
                (c["household_id"], references[c["household_id"]], c["score"])
                for c in d.candidates
                if d.household_id is not None
                and c["household_id"] in references
                and c["household_id"] != d.household_id
            ],
        )
        for d in decisions
    ]
