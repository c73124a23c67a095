"""The file summary (« fiche de synthèse », the *reconstitution du parcours*).

Built for each file on an agenda from the other apps' tables (households, procedures,
support: read only), **frozen** when the session is held (``session_hold`` calls
``summaries_freeze_many``: what the commission saw stays as it was), and read through the
reader's field groups **of today** (``summary_for_reader``): a frozen summary never
shows more than the live file would (docs/decisions/2026-12-01-commission-summary.md).

The document (JSON, stored in ``AgendaItem.summary``)::

    {"version": 1, "reference": "93-…", "as_of": "2025-03-10", "built_at": "…",
     "sections": {"LEASE": {…}, "IDENTITY": {…}, "PROCEDURE": {…},
                  "SOCIAL": {…}, "HEALTH": {…}, "SUIVI": {…}}}

See ``summary_sections.py`` for each section's content.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from prevex.access.gate import groups_for
from prevex.accounts.models import Membership
from prevex.audit.models import WriteChannel
from prevex.audit.services import WriteEntry, log_writes_many
from prevex.core import clock
from prevex.households.models import (
    ContactChannel,
    Household,
    Member,
    SocialEvaluation,
    Vulnerability,
    holder_first,
)
from prevex.households.services import anonymised_filter
from prevex.procedures.models import Event, Procedure
from prevex.support.choices import ContactPurpose
from prevex.support.groups import CONTACT_NOTES, SUIVI
from prevex.support.models import (
    Contact,
    Dsf,
    Instalment,
    Measure,
    Payment,
    Referral,
    RepaymentPlan,
)

from .models import AgendaItem, FileOutcome, Recommendation
from .summary_sections import iso, sections_of

VERSION = 1
HISTORY_OBJECT = "FICHE_SYNTHESE"


# --------------------------------------------------------------------------- reads


@dataclass
class Rows:
    """Every row the summaries of a set of files need, by household id."""

    households: dict[int, Household] = field(default_factory=dict)
    members: dict = field(default_factory=lambda: defaultdict(list))
    channels: dict = field(default_factory=lambda: defaultdict(list))
    vulnerabilities: dict = field(default_factory=lambda: defaultdict(list))
    evaluations: dict = field(default_factory=dict)
    procedures: dict = field(default_factory=lambda: defaultdict(list))
    events: dict = field(default_factory=lambda: defaultdict(list))
    plans: dict = field(default_factory=lambda: defaultdict(list))
    dsfs: dict = field(default_factory=lambda: defaultdict(list))
    contacts: dict = field(default_factory=lambda: defaultdict(list))
    measures: dict = field(default_factory=lambda: defaultdict(list))
    referrals: dict = field(default_factory=lambda: defaultdict(list))
    passages: dict = field(default_factory=lambda: defaultdict(list))
    recommendations: dict = field(default_factory=lambda: defaultdict(list))
    outcomes: dict = field(default_factory=dict)


def _by_household(rows: Iterable, target: dict, attr: str = "household_id") -> None:
    for row in rows:
        target[getattr(row, attr)].append(row)


def load(household_ids: Iterable[int], as_of: datetime.date) -> Rows:
    """The rows of these files as of ``as_of``, in a fixed number of queries.

    The facts dated by the people who record them and dated after ``as_of`` are left out
    (procedures opened, acts, payments, contacts, vulnerabilities, DSF requests, and the
    sessions: only earlier ones are passages); the rest is read as it is (the household,
    the latest social evaluation, plans, measures and referrals with their current
    state), as recorded moments are not business dates (a demo or a test clock)."""
    ids = sorted(set(household_ids))
    rows = Rows()
    if not ids:
        return rows
    # Anything recorded before the next midnight (local time) of ``as_of``.
    end = timezone.make_aware(
        datetime.datetime.combine(as_of + datetime.timedelta(days=1), datetime.time.min)
    )
    rows.households = {
        h.pk: h
        for h in Household.objects.filter(pk__in=ids)
        .select_related("commune", "landlord")
        .order_by("pk")
    }
    _by_household(
        Member.objects.filter(household_id__in=ids).order_by("household_id", holder_first(), "id"),
        rows.members,
    )
    _by_household(
        ContactChannel.objects.filter(household_id__in=ids).order_by("household_id", "kind", "id"),
        rows.channels,
    )
    _by_household(
        Vulnerability.objects.filter(household_id__in=ids, recorded_on__lte=as_of).order_by(
            "household_id", "recorded_on", "id"
        ),
        rows.vulnerabilities,
    )
    for evaluation in SocialEvaluation.objects.filter(household_id__in=ids).order_by(
        "household_id", "-written_at", "-id"
    ):
        rows.evaluations.setdefault(evaluation.household_id, evaluation)
    _by_household(
        Procedure.objects.filter(household_id__in=ids, opened_on__lte=as_of).order_by(
            "household_id", "opened_on", "id"
        ),
        rows.procedures,
    )
    _by_household(
        Event.objects.filter(procedure__household_id__in=ids, date__lte=as_of, pending_review=False)
        .select_related("source")
        .order_by("procedure_id", "date", "id"),
        rows.events,
        attr="procedure_id",
    )
    _by_household(
        RepaymentPlan.objects.filter(household_id__in=ids)
        .prefetch_related(
            Prefetch("instalments", queryset=Instalment.objects.order_by("due_on", "id")),
            Prefetch(
                "payments",
                queryset=Payment.objects.filter(paid_on__lte=as_of).order_by("paid_on", "id"),
            ),
        )
        .order_by("household_id", "starts_on", "id"),
        rows.plans,
    )
    _by_household(
        Dsf.objects.filter(household_id__in=ids, requested_on__lte=as_of)
        .select_related("assigned_to")
        .order_by("household_id", "requested_on", "id"),
        rows.dsfs,
    )
    _by_household(
        Contact.objects.filter(household_id__in=ids, at__lt=end)
        .select_related("organisation")
        .order_by("household_id", "-at", "-id"),
        rows.contacts,
    )
    _by_household(
        Measure.objects.filter(household_id__in=ids)
        .select_related("type", "organisation")
        .order_by("household_id", "status_on", "id"),
        rows.measures,
    )
    _by_household(
        Referral.objects.filter(household_id__in=ids)
        .select_related("from_organisation", "to_organisation")
        .order_by("household_id", "sent_at", "id"),
        rows.referrals,
    )
    # Earlier passages: the sessions held before ``as_of``'s day.
    start = end - datetime.timedelta(days=1)
    items = list(
        AgendaItem.objects.filter(household_id__in=ids, session__starts_at__lt=start)
        .select_related("session__commission")
        .order_by("household_id", "session__starts_at", "id")
    )
    _by_household(items, rows.passages)
    item_ids = [item.pk for item in items]
    if item_ids:
        _by_household(
            Recommendation.objects.filter(item_id__in=item_ids)
            .select_related("type", "addressee")
            .order_by("item_id", "due_on", "id"),
            rows.recommendations,
            attr="item_id",
        )
        rows.outcomes = {
            o.item_id: o for o in FileOutcome.objects.filter(item_id__in=item_ids).order_by("id")
        }
    return rows


# --------------------------------------------------------------------------- build


def session_day(session) -> datetime.date:
    return timezone.localdate(session.starts_at)


def summaries_build_many(*, household_ids: Iterable[int], as_of: datetime.date) -> dict[int, dict]:
    """The summary of each file as known on ``as_of`` (a fixed number of queries)."""
    rows = load(household_ids, as_of)
    built_at = iso(timezone.now())
    return {
        pk: {
            "version": VERSION,
            "household_id": pk,
            "reference": household.reference,
            "as_of": iso(as_of),
            "built_at": built_at,
            "sections": sections_of(household, rows, as_of),
        }
        for pk, household in rows.households.items()
    }


def summary_build(*, household, as_of: datetime.date) -> dict:
    """The summary of one file as known on ``as_of`` (JSON-serialisable)."""
    return summaries_build_many(household_ids=[household.pk], as_of=as_of)[household.pk]


def live_as_of(item: AgendaItem) -> datetime.date:
    """A summary not frozen yet reads the file as of today, or as of the session's day once
    it is past (what the freeze will keep)."""
    return min(clock.today(), session_day(item.session))


def _freeze_entry(item: AgendaItem, by: Membership | None) -> WriteEntry:
    session = item.session
    return WriteEntry(
        household_id=item.household_id,
        object_type=HISTORY_OBJECT,
        object_id=item.pk,
        field_group=SUIVI,
        summary=(
            f"Fiche de synthèse figée : {session.commission.name}, "
            f"séance du {session_day(session):%d/%m/%Y}"
        ),
        by=by,
        channel=None if by is not None else WriteChannel.SYSTEM,
    )


@transaction.atomic
def summaries_freeze_many(*, items, by: Membership | None) -> int:
    """Freeze the summary of each agenda item not frozen yet (as of its session's day);
    a frozen one is never changed, an anonymised file's is not frozen (nothing of it is
    copied again). One history entry per frozen item (on the file, group SUIVI). Returns
    how many were frozen."""
    ids = sorted({item.pk for item in items})
    if not ids:
        return 0
    todo = list(
        AgendaItem.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, frozen_at__isnull=True)
        .exclude(**anonymised_filter(via="household__"))
        .order_by("pk")
    )
    if not todo:
        return 0
    # ``select_for_update`` refuses nullable joins on PostgreSQL: read the sessions apart.
    sessions = {
        item.pk: item
        for item in AgendaItem.objects.filter(pk__in=[i.pk for i in todo])
        .select_related("session__commission")
        .order_by("pk")
    }
    by_day: dict[datetime.date, list[AgendaItem]] = defaultdict(list)
    for item in todo:
        item.session = sessions[item.pk].session
        by_day[session_day(item.session)].append(item)
    now = timezone.now()
    for day, day_items in sorted(by_day.items()):
        built = summaries_build_many(household_ids=[i.household_id for i in day_items], as_of=day)
        for item in day_items:
            item.summary = built[item.household_id]
            item.frozen_at = now
    AgendaItem.objects.bulk_update(todo, ["summary", "frozen_at"])
    log_writes_many([_freeze_entry(item, by) for item in todo])
    return len(todo)


PURPOSE_LABELS = frozenset(ContactPurpose.labels)
# What a summary frozen before 2026-12-06 shows, to a reader without the contacts'
# notes, in place of a contact's object (it then held the « précision » when there was one).
NOTES_WITHHELD = "objet précisé (précision non communiquée)"


def _contacts_for(section: dict, notes: bool) -> dict:
    """The SUIVI section's contacts with their « précision » for CONTACT_NOTES readers
    only (support/groups.py). A summary frozen earlier kept the précision in place of
    the object: a value outside the objects' labels is withheld as a whole."""
    contacts = []
    for contact in section.get("contacts", []):
        contact = {**contact}
        detail = contact.get("detail")
        if detail is None:  # frozen earlier: the précision, if any, in place of the object
            detail = ""
            if contact.get("purpose") not in PURPOSE_LABELS and not notes:
                contact["purpose"] = NOTES_WITHHELD
        contact["detail"] = detail if notes else ""
        contacts.append(contact)
    return {**section, "contacts": contacts}


def for_groups(document: dict, groups: Iterable[str]) -> dict:
    """The document with only the sections of ``groups``; the contacts' « précision »
    only for CONTACT_NOTES readers."""
    allowed = set(groups)
    sections = {g: s for g, s in document["sections"].items() if g in allowed}
    if SUIVI in sections:
        sections[SUIVI] = _contacts_for(sections[SUIVI], CONTACT_NOTES in allowed)
    return {**document, "sections": sections}


def summary_for_reader(*, item: AgendaItem, membership: Membership) -> dict | None:
    """The frozen summary if frozen, else the live one, with only the sections whose group
    the reader holds on the file today (the access gate); ``None``: no access at all.
    Not journaled here: the views journal what they show."""
    groups = groups_for(membership=membership, household=item.household)
    if not groups:
        return None
    if item.frozen_at is not None and item.summary:
        document = item.summary
    else:
        document = summary_build(household=item.household, as_of=live_as_of(item))
    return {
        **for_groups(document, groups),
        "reader_groups": sorted(groups),
        "frozen": item.frozen_at is not None,
        "frozen_at": iso(item.frozen_at),
    }
