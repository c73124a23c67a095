"""What each write of a household file puts in the history of writes (audit.WriteLog).

One entry per field group touched, so that a reader who lacks a group never receives its
values (see prevex/households/perms.py for the groups). Values are stored as people read
them: labels of choices, dates dd/mm/yyyy, amounts with a comma. The services call these
builders and hand the entries to ``audit.services.log_write`` / ``log_writes_many``; the
bulk writers (imports, loaders) do the same for a whole batch.
"""

from __future__ import annotations

import datetime
import functools
from decimal import Decimal

from django.db import models
from django.utils import timezone

from prevex.accounts.models import Membership
from prevex.audit.models import WriteObject, WriteOperation
from prevex.audit.services import WriteEntry
from prevex.core.choices import choice_label, has_choices

from .models import (
    ContactKind,
    Household,
    Member,
    MemberRole,
    SocialEvaluation,
    Vulnerability,
)
from .perms import FieldGroup

HOUSEHOLD_FIELD_GROUPS = {
    "address": FieldGroup.LEASE,
    "address_complement": FieldGroup.LEASE,
    "postal_code": FieldGroup.LEASE,
    "commune": FieldGroup.LEASE,
    "parc": FieldGroup.LEASE,
    "landlord": FieldGroup.LEASE,
    "landlord_name": FieldGroup.LEASE,
    "landlord_type": FieldGroup.LEASE,
    "lease_date": FieldGroup.LEASE,
    "composition": FieldGroup.IDENTITY,
    "informed_on": FieldGroup.IDENTITY,
    "informed_channel": FieldGroup.IDENTITY,
    "rent": FieldGroup.PROCEDURE,
    "charges": FieldGroup.PROCEDURE,
}
GROUP_ORDER = list(FieldGroup)
HOLDER_ROLES = (MemberRole.TITULAIRE, MemberRole.COTITULAIRE)
# Lines kept in a summary, so that a large household still fits the summary column.
SUMMARY_NAMES = 3


def amount(value) -> str:
    """``Decimal("1234.5")`` → ``"1 234,50 €"``."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value):,.2f} €".replace(",", " ").replace(".", ",")


@functools.cache
def _kind(model: type[models.Model], name: str) -> str:
    """How ``display`` reads a field: « choices », « decimal » or « » (looked up once per
    field: the history builders display tens of thousands of values per import)."""
    if has_choices(model, name):
        return "choices"
    return "decimal" if isinstance(model._meta.get_field(name), models.DecimalField) else ""


def display(model: type[models.Model], name: str, value) -> str:
    """A field's value as a person reads it."""
    if value is None or value == "":
        return ""
    kind = _kind(model, name)
    if kind == "choices":
        return choice_label(model, name, value)
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):  # stored in UTC, read in the département's time
            value = timezone.localtime(value)
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, Decimal | float) or kind == "decimal":
        return amount(value)
    return str(value)


_LABELS: dict[tuple, str] = {}


def label(model: type[models.Model], name: str) -> str:
    """The field's verbose name, capitalised (kept once built when it is a plain string,
    not a translation that depends on the active language)."""
    key = (model, name)
    text = _LABELS.get(key)
    if text is not None:
        return text
    verbose = model._meta.get_field(name).verbose_name
    text = str(verbose)
    text = text[:1].upper() + text[1:]
    if type(verbose) is str:
        _LABELS[key] = text
    return text


def change(model, name: str, old, new) -> dict:
    return {"field": name, "label": label(model, name), "old": old, "new": new}


def household_snapshot(household: Household) -> dict[str, str]:
    """The displayed values of the fields ``household_update`` may change."""
    return {
        name: display(Household, name, getattr(household, name)) for name in HOUSEHOLD_FIELD_GROUPS
    }


def _person(member: Member | dict, *, birth: bool) -> str:
    get = member.get if isinstance(member, dict) else lambda key: getattr(member, key)
    text = f"{get('first_name')} {str(get('last_name')).upper()}"
    if birth and get("birth_date"):
        text += f", né(e) le {get('birth_date'):%d/%m/%Y}"
    return text


def _role(member) -> str:
    return member["role"] if isinstance(member, dict) else member.role


def household_created_entries(
    *,
    household: Household,
    members: list,
    contacts: list = (),
    vulnerabilities: list = (),
    by: Membership | None,
) -> list[WriteEntry]:
    """The creation of a file, one entry per group it fills (the SOCIAL group is the first
    version of the social evaluation: ``social_evaluation_entry``)."""
    holders = [m for m in members if _role(m) in HOLDER_ROLES]
    others = [m for m in members if _role(m) not in HOLDER_ROLES]
    names = ", ".join(_person(m, birth=False) for m in holders[:SUMMARY_NAMES])
    snapshot = household_snapshot(household)
    by_group: dict[str, list[dict]] = {group: [] for group in GROUP_ORDER}
    for name, group in HOUSEHOLD_FIELD_GROUPS.items():
        if snapshot[name]:
            by_group[group].append(change(Household, name, "", snapshot[name]))
    for holder in holders:
        role = MemberRole(_role(holder)).label
        by_group[FieldGroup.LEASE].append(
            {"field": "member", "label": role, "old": "", "new": _person(holder, birth=False)}
        )
        if holder.get("birth_date") if isinstance(holder, dict) else holder.birth_date:
            by_group[FieldGroup.IDENTITY].append(
                {"field": "member", "label": role, "old": "", "new": _person(holder, birth=True)}
            )
    for member in others:
        role = MemberRole(_role(member)).label
        by_group[FieldGroup.IDENTITY].append(
            {"field": "member", "label": role, "old": "", "new": _person(member, birth=True)}
        )
    for contact in contacts:
        kind = contact["kind"] if isinstance(contact, dict) else contact.kind
        value = contact["value"] if isinstance(contact, dict) else contact.value
        by_group[FieldGroup.IDENTITY].append(
            {"field": "contact", "label": str(_contact_label(kind)), "old": "", "new": value}
        )
    summaries = {
        FieldGroup.LEASE: f"Dossier {household.reference} créé : {names}".rstrip(" :"),
        FieldGroup.IDENTITY: "Dossier créé : composition, occupants et contacts",
        FieldGroup.PROCEDURE: "Dossier créé : loyer et charges",
    }
    entries = [
        WriteEntry(
            household_id=household.pk,
            object_type=WriteObject.HOUSEHOLD,
            object_id=household.pk,
            operation=WriteOperation.CREATE,
            field_group=group,
            summary=summaries[group],
            changes=by_group[group],
            by=by,
        )
        for group in summaries
        if by_group[group] or group == FieldGroup.LEASE
    ]
    entries += [vulnerability_entry(vulnerability=v, by=by) for v in vulnerabilities]
    return entries


def _contact_label(kind: str) -> str:
    return ContactKind(kind).label if kind in ContactKind.values else kind


def household_merged_entries(
    *, keep: Household, absorb: Household, by: Membership | None
) -> list[WriteEntry]:
    """A merge (LEASE, like the creation of a file): the kept file says which file it
    absorbed, the absorbed one (its history stays under its id) where it went. What
    moved is logged by each group's own entries."""
    return [
        WriteEntry(
            household_id=keep.pk,
            object_type=WriteObject.HOUSEHOLD,
            object_id=keep.pk,
            operation=WriteOperation.UPDATE,
            field_group=FieldGroup.LEASE,
            summary=f"Dossier {absorb.reference} fusionné dans ce dossier",
            changes=[
                {"field": "merge", "label": "Dossier absorbé", "old": "", "new": absorb.reference}
            ],
            by=by,
        ),
        WriteEntry(
            household_id=absorb.pk,
            object_type=WriteObject.HOUSEHOLD,
            object_id=absorb.pk,
            operation=WriteOperation.DELETE,
            field_group=FieldGroup.LEASE,
            summary=f"Dossier fusionné dans le dossier {keep.reference}",
            changes=[
                {"field": "merge", "label": "Fusionné dans", "old": "", "new": keep.reference}
            ],
            by=by,
        ),
    ]


def contact_added_entry(
    *, household_id: int, contact_id: int, kind: str, value: str, by: Membership | None
) -> WriteEntry:
    """A contact added to a known file (an import or the review queue): IDENTITY, like
    the contacts of a new file."""
    label = str(_contact_label(kind))
    return WriteEntry(
        household_id=household_id,
        object_type=WriteObject.CONTACT,
        object_id=contact_id,
        operation=WriteOperation.CREATE,
        field_group=FieldGroup.IDENTITY,
        summary=f"Moyen de contact ajouté : {label.lower()}",
        changes=[{"field": "contact", "label": label, "old": "", "new": value}],
        by=by,
    )


def household_changed_entries(
    *, household: Household, before: dict[str, str], by: Membership | None
) -> list[WriteEntry]:
    """``household_update``: one entry per group whose displayed values changed."""
    after = household_snapshot(household)
    entries = []
    for group in GROUP_ORDER:
        changes = [
            change(Household, name, before[name], after[name])
            for name, field_group in HOUSEHOLD_FIELD_GROUPS.items()
            if field_group == group and before[name] != after[name]
        ]
        if changes:
            fields = ", ".join(c["label"].lower() for c in changes)
            entries.append(
                WriteEntry(
                    household_id=household.pk,
                    object_type=WriteObject.HOUSEHOLD,
                    object_id=household.pk,
                    operation=WriteOperation.UPDATE,
                    field_group=group,
                    summary=f"Dossier modifié : {fields}",
                    changes=changes,
                    by=by,
                )
            )
    return entries


def social_evaluation_entry(
    *, evaluation: SocialEvaluation, previous: SocialEvaluation | None, by: Membership | None
) -> WriteEntry:
    """A new version of the social evaluation (its text stays in the version itself)."""
    changes = []
    for name in ("monthly_resources", "resources_note"):
        old = display(SocialEvaluation, name, getattr(previous, name)) if previous else ""
        new = display(SocialEvaluation, name, getattr(evaluation, name))
        if old != new:
            changes.append(change(SocialEvaluation, name, old, new))
    if (previous.text if previous else "") != evaluation.text:
        changes.append(
            change(SocialEvaluation, "text", "", "texte modifié (voir les versions datées)")
        )
    return WriteEntry(
        household_id=evaluation.household_id,
        object_type=WriteObject.SOCIAL_EVALUATION,
        object_id=evaluation.pk,
        operation=WriteOperation.CREATE,
        field_group=FieldGroup.SOCIAL,
        summary="Évaluation sociale : nouvelle version"
        if previous
        else "Évaluation sociale : première version",
        changes=changes,
        by=by,
    )


def vulnerability_entry(
    *, vulnerability: Vulnerability | dict, by: Membership | None
) -> WriteEntry:
    """A vulnerability reported (HEALTH group)."""
    if isinstance(vulnerability, dict):
        vulnerability = Vulnerability(**vulnerability)
    kind = choice_label(Vulnerability, "kind", vulnerability.kind)
    day = display(Vulnerability, "recorded_on", vulnerability.recorded_on)
    changes = [change(Vulnerability, "kind", "", kind)]
    if vulnerability.note:
        changes.append(change(Vulnerability, "note", "", vulnerability.note))
    changes.append(change(Vulnerability, "recorded_on", "", day))
    return WriteEntry(
        household_id=vulnerability.household_id,
        object_type=WriteObject.VULNERABILITY,
        object_id=vulnerability.pk,
        operation=WriteOperation.CREATE,
        field_group=FieldGroup.HEALTH,
        summary=f"Vulnérabilité signalée : {kind}" + (f" (constatée le {day})" if day else ""),
        changes=changes,
        by=by,
    )


def _people(members: list, *, holders: bool, birth: bool) -> list[str]:
    return sorted(
        _person(m, birth=birth) + f" ({MemberRole(_role(m)).label.lower()})"
        for m in members
        if (_role(m) in HOLDER_ROLES) is holders
    )


def members_changed_entries(
    *, household_id: int, before: list, after: list, by: Membership | None
) -> list[WriteEntry]:
    """The members of a file replaced by others (``Member`` rows or member dicts): the
    lease holders' names are LEASE, their birth dates and the other occupants IDENTITY."""
    lists = {
        FieldGroup.LEASE: (
            _people(before, holders=True, birth=False),
            _people(after, holders=True, birth=False),
        ),
        FieldGroup.IDENTITY: (
            _people(before, holders=True, birth=True) + _people(before, holders=False, birth=True),
            _people(after, holders=True, birth=True) + _people(after, holders=False, birth=True),
        ),
    }
    entries = []
    for group, (old, new) in lists.items():
        if old == new:
            continue
        entries.append(
            WriteEntry(
                household_id=household_id,
                object_type=WriteObject.MEMBER,
                object_id=None,
                operation=WriteOperation.UPDATE,
                field_group=group,
                summary="Titulaires du bail modifiés"
                if group == FieldGroup.LEASE
                else "Occupants du logement modifiés",
                changes=[
                    {
                        "field": "members",
                        "label": "Titulaires du bail" if group == FieldGroup.LEASE else "Occupants",
                        "old": "; ".join(old),
                        "new": "; ".join(new),
                    }
                ],
                by=by,
            )
        )
    return entries
