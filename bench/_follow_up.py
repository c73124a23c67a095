"""Follow-up data for the benchmarks (imported by bench/_prepare.py, bench settings).

``follow_up``: about 10 contacts, 2 measures and 1 repayment plan per household, written
through the follow-up's bulk service forms (``prevex.support.bulk``) by the secretariat.
``work_list``: a social-work organisation involved in N files with an open procedure, its
generated tasks written by the real jobs, and one manual task for every second file.
"""

from __future__ import annotations

import datetime
import random
import sys
import time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from prevex.access.bulk import involvement_add_many
from prevex.access.models import Involvement, InvolvementReason
from prevex.accounts.models import Membership, Organisation, OrganisationType, Role, User
from prevex.accounts.services import membership_grant, organisation_create, user_create
from prevex.core import clock
from prevex.households.models import Household
from prevex.procedures.models import Procedure
from prevex.support import bulk
from prevex.support.choices import ContactChannel, ContactOutcome, ContactPurpose
from prevex.support.measures import measure_types_for
from prevex.support.models import Contact
from prevex.support.worklist import generated_tasks_refresh

BATCH = 2000
CHANNELS = list(ContactChannel.values)
OUTCOMES = list(ContactOutcome.values)
PURPOSES = [p for p in ContactPurpose.values if p != ContactPurpose.AUTRE]


def log(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)


def follow_up(by: Membership, departement: str, seed: int, per_household: int = 10) -> None:
    """Contacts, measures and a plan for every household that has none yet."""
    codes = [t.code for t in measure_types_for(departement)]
    done = set(Contact.objects.values_list("household_id", flat=True).distinct())
    ids = [
        pk
        for pk in Household.objects.filter(departement_id=departement)
        .order_by("id")
        .values_list("id", flat=True)
        if pk not in done
    ]
    rng = random.Random(seed)
    now = timezone.now()
    today = clock.today()
    started = time.monotonic()
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        contacts, measures, plans = [], [], []
        for pk in chunk:
            for _ in range(per_household):
                contacts.append(
                    bulk.ContactDraft(
                        pk,
                        rng.choice(CHANNELS),
                        rng.choice(["SORTANT", "ENTRANT"]),
                        now
                        - datetime.timedelta(days=rng.randint(1, 400), minutes=rng.randint(0, 600)),
                        rng.choice(PURPOSES),
                        rng.choice(OUTCOMES),
                    )
                )
            for code in rng.sample(codes, 2):
                on = today - datetime.timedelta(days=rng.randint(0, 90))
                measures.append(
                    bulk.MeasureDraft(pk, code, rng.choice(["PROPOSEE", "DEMANDEE"]), on)
                )
            plans.append(
                bulk.PlanDraft(
                    pk,
                    "NEGOCIE",
                    today - datetime.timedelta(days=rng.randint(0, 200)),
                    Decimal(rng.randint(300, 6000)),
                    rng.choice([6, 12, 24]),
                )
            )
        with transaction.atomic():
            bulk.contact_record_many(by=by, drafts=contacts)
            bulk.measure_propose_many(by=by, drafts=measures)
            bulk.plan_open_many(by=by, drafts=plans)
        log(f"suivi : {start + len(chunk)} ménages ({time.monotonic() - started:.0f} s)")


def work_list(departement: str, files: int, seed: int) -> Membership:
    """A social-work organisation involved in ``files`` open files, with its tasks."""
    org = Organisation.objects.filter(slug="bench-93-social").first()
    if org is None:
        org = organisation_create(
            type=OrganisationType.CD_SOCIAL,
            name="Service social départemental (banc d'essai)",
            slug="bench-93-social",
            departement=departement,
        )
    user = User.objects.filter(username="bench-social").first() or user_create(
        username="bench-social",
        email="bench-social@bench.prevex.example",
        password=None,
        first_name="Travailleuse",
        last_name="Sociale",
        is_demo=True,
    )
    membership = membership_grant(user=user, organisation=org, role=Role.TRAVAILLEUR_SOCIAL)
    involved = Involvement.objects.filter(organisation=org).count()
    if involved < files:
        ids = list(
            Procedure.objects.filter(departement_id=departement, closed_on__isnull=True)
            .order_by("household_id")
            .values_list("household_id", flat=True)
            .distinct()[:files]
        )
        today = clock.today()
        started = time.monotonic()
        rows = [(pk, org, InvolvementReason.DESIGNATION, today) for pk in ids]
        for start in range(0, len(rows), BATCH):
            with transaction.atomic():
                involvement_add_many(by=None, involvements=rows[start : start + BATCH])
        rng = random.Random(seed)
        drafts = [
            bulk.TaskDraft(
                pk, "Rappeler le ménage", today + datetime.timedelta(rng.randint(-20, 60))
            )
            for pk in ids[::2]
        ]
        for start in range(0, len(drafts), BATCH):
            bulk.task_create_many(by=membership, drafts=drafts[start : start + BATCH])
        result = generated_tasks_refresh()
        log(
            f"liste « à faire » : {len(ids)} dossiers ouverts, {len(drafts)} tâches manuelles, "
            f"tâches générées {result} ({time.monotonic() - started:.0f} s)"
        )
    return membership
