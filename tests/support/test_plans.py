import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prevex.accounts.models import OrganisationType
from prevex.audit.models import WriteLog
from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.support import services, tasks
from prevex.support.models import Alert, Instalment, Payment, RepaymentPlan

from .conftest import TODAY, member_of

START = datetime.date(2025, 1, 5)


@pytest.fixture
def plan_file(file):
    household, procedure, worker = file
    landlord = member_of(household, OrganisationType.BAILLEUR_PRIVE)
    return household, worker, landlord


def six_instalments(household, by):
    return services.plan_open(
        household=household, by=by, origin="NEGOCIE", starts_on=START,
        debt_amount=Decimal("1000"), instalments=6,
    )  # fmt: skip


@pytest.mark.django_db
def test_a_plan_of_six_equal_monthly_instalments(plan_file):
    household, worker, _ = plan_file
    plan = six_instalments(household, worker)
    rows = list(plan.instalments.order_by("due_on"))
    assert [r.due_on for r in rows] == [datetime.date(2025, m, 5) for m in range(1, 7)]
    assert [r.amount for r in rows] == [Decimal("166.67")] * 5 + [Decimal("166.65")]
    assert WriteLog.objects.get(object_type="PLAN_APUREMENT").field_group == "PROCEDURE"


@pytest.mark.django_db
def test_two_missed_instalments_alert_the_social_worker_and_the_landlord(plan_file):
    """The job computes compliance as the clock advances; 2 late instalments (dated rule)
    raise one alert for the involved social service and one for the landlord."""
    household, worker, landlord = plan_file
    plan = six_instalments(household, worker)
    clock.freeze(datetime.date(2025, 2, 6))  # January's and February's instalments due
    services.payment_record(plan=plan, by=landlord, paid_on=datetime.date(2025, 1, 5), amount=100)
    assert tasks.refresh_plans_compliance.call_local() == (1, 2, 0)
    plan.refresh_from_db()
    assert plan.late_instalments == 2  # 100 € paid covers neither instalment
    assert set(
        Alert.objects.filter(kind="PLAN_IMPAYES").values_list("organisation", flat=True)
    ) == {
        worker.organisation_id,
        landlord.organisation_id,
    }
    assert tasks.refresh_plans_compliance.call_local() == (0, 0, 0)  # idempotent
    services.payment_record(plan=plan, by=landlord, paid_on=datetime.date(2025, 2, 6), amount=240)
    assert tasks.refresh_plans_compliance.call_local() == (1, 0, 2)  # back to 0 late
    plan.refresh_from_db()
    assert plan.late_instalments == 0


@pytest.mark.django_db
def test_one_missed_instalment_raises_nothing(plan_file):
    household, worker, landlord = plan_file
    plan = six_instalments(household, worker)
    clock.freeze(datetime.date(2025, 1, 6))
    services.plans_compliance_refresh()
    plan.refresh_from_db()
    assert plan.late_instalments == 1
    assert not Alert.objects.exists()


@pytest.mark.django_db
def test_refusals_in_french_and_no_partial_write(plan_file):
    household, worker, landlord = plan_file
    with pytest.raises(BusinessError, match="précéder le début du plan"):
        services.plan_open(
            household=household, by=worker, origin="NEGOCIE", starts_on=START, debt_amount=500,
            schedule=[(START, 250), (START - datetime.timedelta(days=1), 250)],
        )  # fmt: skip
    assert not RepaymentPlan.objects.exists() and not Instalment.objects.exists()
    plan = six_instalments(household, worker)
    with pytest.raises(BusinessError, match="précéder le début du plan"):
        services.instalment_add(plan=plan, by=worker, due_on=datetime.date(2024, 12, 1), amount=5)
    with pytest.raises(BusinessError, match="positif"):
        services.payment_record(plan=plan, by=landlord, paid_on=TODAY, amount=Decimal("0"))
    with pytest.raises(BusinessError, match="Seuls le bailleur"):
        services.payment_record(plan=plan, by=worker, paid_on=TODAY, amount=10)
    assert not Payment.objects.exists()


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    amount=st.one_of(
        st.decimals(max_value="0", places=2, allow_nan=False),
        st.sampled_from(["x", "NaN", "-0.01", ""]),
    )
)
def test_payments_that_are_not_positive_amounts_are_refused(plan_file, amount):
    household, worker, landlord = plan_file
    plan = RepaymentPlan.objects.first() or six_instalments(household, worker)
    with pytest.raises(BusinessError):
        services.payment_record(plan=plan, by=landlord, paid_on=TODAY, amount=amount)
    assert not Payment.objects.exists()


def test_late_count_covers_instalments_in_date_order():
    rows = [Instalment(due_on=datetime.date(2025, m, 1), amount=Decimal(100)) for m in (3, 1, 2)]
    today = datetime.date(2025, 3, 2)
    from prevex.support.plans import late_count

    assert late_count(rows, Decimal(0), today) == 3
    assert late_count(rows, Decimal(150), today) == 2
    assert late_count(rows, Decimal(300), today) == 0
    assert late_count(rows, Decimal(0), datetime.date(2025, 1, 1)) == 0  # due today: not late


@pytest.mark.django_db
def test_the_file_form_and_the_import_share_one_write_path(plan_file):
    """The form's service is ``payment_record_many`` for one line: the same payment sent
    twice is refused the second time with a French message, and written once, with its
    history entry."""
    household, worker, landlord = plan_file
    plan = six_instalments(household, worker)
    clock.freeze(datetime.date(2025, 2, 6))
    payment = services.payment_record(
        plan=plan, by=landlord, paid_on=datetime.date(2025, 1, 5), amount=Decimal("100")
    )
    assert payment.pk is not None and payment.plan_id == plan.pk
    with pytest.raises(BusinessError, match="déjà enregistré par votre organisation"):
        services.payment_record(
            plan=plan, by=landlord, paid_on=datetime.date(2025, 1, 5), amount=Decimal("100.00")
        )
    assert Payment.objects.filter(plan=plan).count() == 1
    assert WriteLog.objects.filter(summary__startswith="Versement de 100").count() == 1
