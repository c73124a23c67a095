"""Every read of household files, scoped to the acting membership (need-to-know).

Which files and which field groups a membership sees is decided by the access gate
(prevex/access/gate.py); this module reads the files through it and journals every
nominative read.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from prevex.access import gate
from prevex.access.gate import active_involvements, involvement_exists  # noqa: F401
from prevex.access.groups import FieldGroup
from prevex.accounts.models import Membership, Organisation
from prevex.audit import services as audit
from prevex.core import batch
from prevex.core.models import Commune

from .models import (
    ROLE_RANK,
    ContactKind,
    Household,
    Member,
    MemberRole,
    VulnerabilityKind,
    holder_first,
)
from .social import LATEST_EVALUATION_SQL, latest_social_evaluation


def visible_households(*, membership: Membership) -> QuerySet[Household]:
    return gate.restrict_to_visible(Household.objects.all(), membership=membership)


def groups_for(*, membership: Membership, household: Household) -> frozenset:
    return gate.groups_for(membership=membership, household=household)


HOUSEHOLD_SQL = (
    "SELECT h.*, c.name AS place_commune_name, o.name AS place_landlord_name "
    "FROM households_household h "
    "JOIN core_commune c ON c.insee = h.commune_id "
    "LEFT JOIN accounts_organisation o ON o.id = h.landlord_id "
    "WHERE h.id = %s"
)
FILE_ROWS_SQL = {
    "m": "SELECT 'm', role, last_name, first_name, birth_date, id "
    "FROM households_member WHERE household_id = %s",
    "c": "SELECT 'c', kind, value, '', NULL, id "
    "FROM households_contactchannel WHERE household_id = %s",
    "v": "SELECT 'v', kind, note, '', recorded_on, id "
    "FROM households_vulnerability WHERE household_id = %s",
}


def _household_with_places(household_id: int) -> Household | None:
    """The household with its commune and landlord (name only, other fields deferred).

    Every file read starts here: hand-written SQL (``batch.models``, as ``raw()`` would
    give it) costs a third of the ORM's compilation of the same ``select_related``
    query, and still gives a model.
    """
    found = batch.models(Household, HOUSEHOLD_SQL, [household_id])
    if not found:
        return None
    household = found[0]
    db = household._state.db
    household.commune = Commune.from_db(
        db, ["insee", "name"], [household.commune_id, household.place_commune_name]
    )
    if household.landlord_id is not None:
        household.landlord = Organisation.from_db(
            db, ["id", "name"], [household.landlord_id, household.place_landlord_name]
        )
    return household


def get_visible_household(*, membership: Membership, household_id) -> tuple[Household, frozenset]:
    """The household and the groups this membership sees, or 404 (never a hint it exists)."""
    try:
        household_id = int(household_id)
    except (TypeError, ValueError):
        raise Http404("Dossier introuvable.") from None
    household = _household_with_places(household_id)
    if household is None:
        raise Http404("Dossier introuvable.")
    groups = groups_for(membership=membership, household=household)
    if not groups:
        raise Http404("Dossier introuvable.")
    return household, groups


@dataclass
class PersonView:
    first_name: str
    last_name: str
    role_label: str
    birth_date: datetime.date | None = None


@dataclass
class HouseholdView:
    """Only the fields of the groups the reader may see; absent groups stay empty."""

    id: int
    reference: str
    groups: frozenset
    # LEASE
    holders: list[PersonView] = field(default_factory=list)
    address: str = ""
    address_complement: str = ""
    postal_code: str = ""
    commune_name: str = ""
    commune_insee: str = ""
    parc_label: str = ""
    landlord_label: str = ""
    lease_date: datetime.date | None = None
    # IDENTITY
    composition_label: str = ""
    members: list[PersonView] = field(default_factory=list)
    contacts: list[tuple[str, str]] = field(default_factory=list)
    informed_on: datetime.date | None = None
    informed_channel: str = ""
    # PROCEDURE
    rent: object = None
    charges: object = None
    # SOCIAL
    monthly_resources: object = None
    resources_note: str = ""
    social_evaluation: str = ""
    social_written_at: datetime.datetime | None = None  # the latest version's date
    social_signature: str = ""  # and author
    # HEALTH
    vulnerabilities: list[tuple[str, str, datetime.date]] = field(default_factory=list)

    def has(self, group: str) -> bool:
        return group in self.groups

    @property
    def sees_identity(self) -> bool:
        return FieldGroup.IDENTITY in self.groups

    @property
    def sees_procedure(self) -> bool:
        return FieldGroup.PROCEDURE in self.groups

    @property
    def sees_social(self) -> bool:
        return FieldGroup.SOCIAL in self.groups

    @property
    def sees_health(self) -> bool:
        return FieldGroup.HEALTH in self.groups

    @property
    def display_name(self) -> str:
        if not self.holders:
            return self.reference
        h = self.holders[0]
        return f"{h.last_name.upper()} {h.first_name}"


def _person(m: Member, *, with_birth: bool) -> PersonView:
    return PersonView(
        first_name=m.first_name,
        last_name=m.last_name,
        role_label=m.get_role_display(),
        birth_date=m.birth_date if with_birth else None,
    )


def _as_date(value) -> datetime.date | None:
    """Raw SQLite rows hold dates as ISO text; PostgreSQL gives dates."""
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def _file_rows_statement(household_id: int, groups: frozenset) -> batch.Statement:
    """Members, contacts (IDENTITY) and vulnerabilities (HEALTH) in one statement.

    The file page is the most read page: one ``UNION ALL`` of plain columns instead of
    three ORM queries. Rows: (part, code, text1, text2, day, id), ordered as the page
    lists them (members by role then id, contacts and vulnerabilities by kind then id).
    """
    parts = [FILE_ROWS_SQL["m"]]
    if FieldGroup.IDENTITY in groups:
        parts.append(FILE_ROWS_SQL["c"])
    if FieldGroup.HEALTH in groups:
        parts.append(FILE_ROWS_SQL["v"])
    return " UNION ALL ".join(parts) + " ORDER BY 1, 2, 6", [household_id] * len(parts)


def file_view_statements(household_id: int, groups: frozenset) -> list[batch.Statement]:
    """What :func:`build_household_view` reads, for a page's batch (``prevex.core.batch``)."""
    statements = [_file_rows_statement(household_id, groups)]
    if FieldGroup.SOCIAL in groups:
        statements.append((LATEST_EVALUATION_SQL, [household_id]))
    return statements


def _file_rows(household_id: int, groups: frozenset) -> list[tuple]:
    return batch.rows(*_file_rows_statement(household_id, groups))


def build_household_view(household: Household, groups: frozenset) -> HouseholdView:
    view = HouseholdView(id=household.pk, reference=household.reference, groups=groups)
    members: list[Member] = []
    contacts: list[tuple[str, str]] = []
    vulnerabilities: list[tuple[str, str, datetime.date]] = []
    for part, code, text1, text2, day, _ in _file_rows(household.pk, groups):
        if part == "m":
            members.append(
                Member(role=code, last_name=text1, first_name=text2, birth_date=_as_date(day))
            )
        elif part == "c":
            contacts.append((ContactKind(code).label, text1))
        else:
            vulnerabilities.append((VulnerabilityKind(code).label, text1, _as_date(day)))
    members.sort(key=lambda m: ROLE_RANK.get(m.role, len(ROLE_RANK)))  # stable: ids kept in order
    holders = [m for m in members if m.role in (MemberRole.TITULAIRE, MemberRole.COTITULAIRE)]
    if FieldGroup.LEASE in groups:
        view.holders = [_person(m, with_birth=False) for m in holders]
        view.address = household.address
        view.address_complement = household.address_complement
        view.postal_code = household.postal_code
        view.commune_name = household.commune.name
        view.commune_insee = household.commune_id
        view.parc_label = household.get_parc_display()
        landlord = household.landlord.name if household.landlord else household.landlord_name
        view.landlord_label = landlord
        view.lease_date = household.lease_date
    if FieldGroup.IDENTITY in groups:
        view.holders = [_person(m, with_birth=True) for m in holders]
        view.composition_label = household.get_composition_display()
        view.members = [_person(m, with_birth=True) for m in members]
        view.contacts = contacts
        view.informed_on = household.informed_on
        view.informed_channel = household.informed_channel
    if FieldGroup.PROCEDURE in groups:
        view.rent = household.rent
        view.charges = household.charges
    if FieldGroup.SOCIAL in groups:
        latest = latest_social_evaluation(household.pk)  # one query, SOCIAL readers only
        if latest is None:  # written by a loader that bypasses the versions
            view.monthly_resources = household.monthly_resources
            view.resources_note = household.resources_note
            view.social_evaluation = household.social_evaluation
        else:
            view.monthly_resources = latest.monthly_resources
            view.resources_note = latest.resources_note
            view.social_evaluation = latest.text
            view.social_written_at = latest.written_at
            view.social_signature = latest.signature
    if FieldGroup.HEALTH in groups:
        view.vulnerabilities = vulnerabilities
    return view


def file_for_reading(*, membership: Membership, household_id) -> tuple[Household, frozenset]:
    """The household and the groups this membership reads in it (else 404); journals
    the read. The page then builds the view (:func:`build_household_view`)."""
    household, groups = get_visible_household(membership=membership, household_id=household_id)
    audit.log_file_view(membership=membership, household_id=household.pk)
    return household, groups


def household_for_reading(
    *, membership: Membership, household_id
) -> tuple[HouseholdView, Household, frozenset]:
    """The household file as this membership may read it; journals the read."""
    household, groups = file_for_reading(membership=membership, household_id=household_id)
    with batch.prefetched(file_view_statements(household.pk, groups)):
        return build_household_view(household, groups), household, groups


def household_for_editing(
    *, membership: Membership, household_id, group: FieldGroup = FieldGroup.IDENTITY
) -> Household:
    """The household if this membership may edit the given field group, else 404."""
    household, groups = get_visible_household(membership=membership, household_id=household_id)
    if group not in groups:
        raise Http404("Dossier introuvable.")
    audit.log_file_view(membership=membership, household_id=household.pk)
    return household


def holders_prefetch(lookup: str = "members") -> Prefetch:
    """Prefetch the lease holders into ``.holders`` (one query for a whole page)."""
    return Prefetch(
        lookup,
        queryset=Member.objects.filter(
            role__in=[MemberRole.TITULAIRE, MemberRole.COTITULAIRE]
        ).order_by(holder_first(), "id"),
        to_attr="holders",
    )
