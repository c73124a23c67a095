"""The retention job closes what was still open on the file it anonymises — repayment
plans, referrals waiting for an answer, tasks of every organisation, pending claims,
saisines waiting for an agenda — « dossier anonymisé », each through its app's services
and in the same transaction, so that no list, count or queue shows them as pending; the
same open work of another household does not move, and the nightly jobs raise nothing
on the anonymised file again."""

from __future__ import annotations

import datetime
import html
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse

from prevex.accounts.models import OrganisationType, Role
from prevex.audit.models import WriteChannel, WriteLog
from prevex.commissions.choices import SaisineReason, SaisineStatus
from prevex.commissions.models import Commission, Saisine
from prevex.commissions.saisines import saisine_create
from prevex.core.text import fold
from prevex.lifecycle.retention import retention_run
from prevex.matching.models import ClaimField, ClaimStatus, HouseholdClaim
from prevex.support import services as support
from prevex.support.alerts import dsf_alerts_refresh
from prevex.support.choices import AlertKind, PlanEndReason, ReferralStatus
from prevex.support.models import Alert, Referral, RepaymentPlan
from prevex.support.plans import plans_compliance_refresh
from prevex.support.referrals import referrals_overdue_refresh
from prevex.support.selectors import open_task_count
from prevex.support.worklist import generated_tasks_refresh
from tests.factories import InvolvementFactory, MembershipFactory, departement
from tests.lifecycle.rich_file import SECRETS, TODAY, build_rich_file

pytestmark = pytest.mark.django_db

CLOSE_REASON = "dossier anonymisé"


def _open_work(household, *, by, recipient, worker, commission, co_tenant) -> None:
    """On ``household``: a referral waiting for ``recipient``'s answer, a measure
    proposed long ago, an open plan with missed instalments, a manual task, a pending
    claim, a saisine waiting for an agenda; then the nightly jobs raise their tasks."""
    support.referral_send(
        household=household, by=by, reason="ACCES_DROIT", to_organisation=recipient,
        due_on=TODAY + datetime.timedelta(days=3),
    )  # fmt: skip
    support.measure_propose(
        household=household, by=by, type_code="ASLL", on=TODAY - datetime.timedelta(days=90)
    )
    support.plan_open(
        household=household, by=by, origin="NEGOCIE", starts_on=datetime.date(2026, 6, 5),
        debt_amount=Decimal("900"), instalments=6,
    )  # fmt: skip
    support.task_create(household=household, by=worker, title="Faire le point", due_on=TODAY)
    HouseholdClaim.objects.create(
        household=household, departement_id="93", field=ClaimField.CO_TENANT,
        last_name=co_tenant[0], first_name=co_tenant[1],
        source_kind="intake_row", source_id=household.pk,
    )  # fmt: skip
    if not Saisine.objects.filter(household=household, status=SaisineStatus.PROPOSEE).exists():
        saisine_create(
            household=household, commission=commission, reason=SaisineReason.PARTENAIRE, by=by
        )


def _open_of(household_id) -> dict[str, set[int]]:
    return {
        "plans": set(
            RepaymentPlan.objects.filter(
                household_id=household_id, ended_on__isnull=True
            ).values_list("pk", flat=True)
        ),
        "referrals": set(
            Referral.objects.filter(
                household_id=household_id, status=ReferralStatus.ENVOYEE
            ).values_list("pk", flat=True)
        ),
        "tasks": set(
            Alert.objects.filter(household_id=household_id, resolved_on__isnull=True).values_list(
                "pk", flat=True
            )
        ),
        "claims": set(
            HouseholdClaim.objects.filter(
                household_id=household_id, status=ClaimStatus.PENDING
            ).values_list("pk", flat=True)
        ),
        "saisines": set(
            Saisine.objects.filter(
                household_id=household_id, status=SaisineStatus.PROPOSEE
            ).values_list("pk", flat=True)
        ),
    }


def _rows_of(household_id) -> dict:
    """Every row of the tables above tied to ``household_id``, every column."""
    out = {}
    for model in (RepaymentPlan, Referral, Alert, HouseholdClaim, Saisine):
        out[model._meta.label] = sorted(
            map(repr, model.objects.filter(household_id=household_id).values_list())
        )
    return out


@pytest.fixture
def world(db):
    departement("93")
    rich = build_rich_file()
    caf = MembershipFactory(organisation__type=OrganisationType.CAF, organisation__name="CAF")
    adil = MembershipFactory(organisation__type=OrganisationType.ADIL, organisation__name="ADIL")
    other_worker = MembershipFactory(
        organisation=rich.worker.organisation, role=Role.TRAVAILLEUR_SOCIAL
    )
    InvolvementFactory(household=rich.other, organisation=rich.worker.organisation)
    commission = Commission.objects.get(name="CCAPEX restreinte 93")
    _open_work(
        rich.household, by=rich.worker, recipient=caf.organisation, worker=rich.worker,
        commission=commission, co_tenant=("Quintanilla", "Thibaultin"),
    )  # fmt: skip
    _open_work(
        rich.other, by=rich.secretariat, recipient=adil.organisation, worker=other_worker,
        commission=commission, co_tenant=("Vermeil", "Paul"),
    )  # fmt: skip
    generated_tasks_refresh(today=TODAY)
    plans_compliance_refresh(today=TODAY)
    return rich, caf, adil


def test_everything_open_on_the_file_closes_and_nothing_of_the_other_moves(world):
    rich, _, _ = world
    opened = _open_of(rich.household.pk)
    # The file really has open work of every kind, tasks of several kinds and owners.
    assert all(opened.values()), opened
    kinds = set(Alert.objects.filter(pk__in=opened["tasks"]).values_list("kind", "organisation_id"))
    assert {k for k, _ in kinds} >= {
        AlertKind.MANUELLE, AlertKind.ORIENTATION_A_TRAITER, AlertKind.RELANCE_DISPOSITIF,
        AlertKind.PLAN_IMPAYES,
    }  # fmt: skip
    assert len({org for _, org in kinds}) >= 2
    assert all(_open_of(rich.other.pk).values())
    other_before = _rows_of(rich.other.pk)
    worker_org = rich.worker.organisation_id
    worker_count = open_task_count(membership=rich.worker)
    of_file = Alert.objects.filter(pk__in=opened["tasks"], organisation_id=worker_org).count()
    assert worker_count > of_file >= 2
    last_write = WriteLog.objects.order_by("-pk").values_list("pk", flat=True)[0]

    assert retention_run().anonymised == 1

    assert _open_of(rich.household.pk) == {k: set() for k in opened}
    assert _rows_of(rich.other.pk) == other_before
    # Each closed with the reason, today.
    plans = RepaymentPlan.objects.filter(pk__in=opened["plans"])
    assert {(p.ended_on, p.end_reason) for p in plans} == {(TODAY, PlanEndReason.ANONYMISE)}
    referrals = Referral.objects.filter(pk__in=opened["referrals"])
    assert {(r.status, r.answered_on) for r in referrals} == {(ReferralStatus.ANONYMISE, TODAY)}
    assert ReferralStatus.ANONYMISE.label == "Close : dossier anonymisé"
    tasks = Alert.objects.filter(pk__in=opened["tasks"])
    assert {t.resolved_on for t in tasks} == {TODAY}
    assert all(t.message.endswith(f"close : {CLOSE_REASON}") for t in tasks)
    claims = HouseholdClaim.objects.filter(pk__in=opened["claims"])
    assert {c.status for c in claims} == {ClaimStatus.ANONYMISE}
    assert all(c.decided_at is not None and c.decided_by_id is None for c in claims)
    assert {s.status for s in Saisine.objects.filter(pk__in=opened["saisines"])} == {
        SaisineStatus.ANONYMISE
    }
    # One history entry each, written by the job, naming nothing of the household.
    entries = WriteLog.objects.filter(
        household_id=rich.household.pk, pk__gt=last_write, channel=WriteChannel.SYSTEM
    ).exclude(summary__startswith="Anonymisation")
    assert entries.count() == sum(len(ids) for ids in opened.values())
    assert all(CLOSE_REASON in e.summary and e.user_id is None for e in entries)
    for entry in entries:
        text = fold(f"{entry.summary} {entry.changes}")
        assert not [s for s in SECRETS if fold(s) in text], entry.summary
    # The header's count of the social worker's organisation lost exactly the file's.
    assert open_task_count(membership=rich.worker) == worker_count - of_file


def test_the_nightly_jobs_raise_nothing_on_the_anonymised_file(world):
    rich, _, _ = world
    retention_run()
    snapshot = {m._meta.label: m.objects.count() for m in apps.get_models()}
    for day in (TODAY, TODAY + datetime.timedelta(days=40)):
        generated_tasks_refresh(today=day)
        plans_compliance_refresh(today=day)
        referrals_overdue_refresh(today=day)
        dsf_alerts_refresh(today=day)
    assert not Alert.objects.filter(household=rich.household, resolved_on__isnull=True).exists()
    # The other household's work goes on (its tasks are still raised).
    assert Alert.objects.filter(household=rich.other, resolved_on__isnull=True).exists()
    assert (
        snapshot["households.Household"]
        == apps.get_model("households", "Household").objects.count()
    )


def test_the_pages_show_them_closed(world, login_as):
    rich, caf, _ = world
    retention_run()
    client = login_as(caf)
    page = html.unescape(client.get(reverse("support:referrals")).content.decode())
    assert "close : dossier anonymisé" in page
    assert "Accepter" not in page  # nothing left to answer
    client = login_as(rich.worker)
    todo = html.unescape(client.get(reverse("home")).content.decode())
    assert rich.household.reference not in todo
    client = login_as(rich.secretariat)
    file_page = html.unescape(
        client.get(reverse("households:detail", args=[rich.household.pk])).content.decode()
    )
    assert f"clos le {TODAY:%d/%m/%Y} : {CLOSE_REASON}" in file_page
    assert "close : dossier anonymisé" in file_page
