"""Issue 10 with the database: acts in review, missed instalments, the CCAPEX flag and its
dashboard filter, the earliest act, the refresh jobs (truce boundary, admin rule edit)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.test import RequestFactory

from prevex.audit.models import WriteLog
from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.households.services import household_update
from prevex.procedures.deadlines import compute_deadlines
from prevex.procedures.models import Channel, Decision, LegalRule, Outcome, Procedure, Stage
from prevex.procedures.refresh import open_procedures_refresh, truce_boundary_departements
from prevex.procedures.rules import RuleBook
from prevex.procedures.selectors import DashboardFilters, dashboard_procedures
from prevex.procedures.services import (
    ActDraft,
    event_record,
    event_record_many,
    event_review_accept,
    instalment_missed_record,
    procedure_close,
    procedure_open,
)
from prevex.procedures.tasks import TRUCE_SCHEDULE, refresh_at_truce_boundary
from tests.factories import HouseholdFactory, MembershipFactory

from .factories import procedure_at_assignation, procedure_at_cdp, procedure_at_cql

pytestmark = pytest.mark.django_db
D = datetime.date
S = Stage


@pytest.fixture
def today(monkeypatch):
    def set_today(day):
        monkeypatch.setattr(clock, "today", lambda: day)
        return day

    return set_today


def stored(procedure):
    return Procedure.objects.get(pk=procedure.pk)


def codes(procedure) -> dict:
    deadlines = compute_deadlines(
        procedure=procedure,
        events=list(procedure.events.all()),
        rulebook=RuleBook.for_departement(procedure.departement_id),
        today=clock.today(),
    )
    return {d.code: d.date for d in deadlines}


def test_an_act_in_review_drives_nothing_until_accepted(today):
    today(D(2025, 6, 2))
    procedure = procedure_at_assignation(assignation_on=D(2025, 1, 6), hearing_on=D(2025, 7, 1))
    before = stored(procedure)
    # An import sends a CQL although no judgment is known: recorded, sent to review.
    [result] = event_record_many(
        acts=[ActDraft(household_id=procedure.household_id, stage=S.CQL, date=D(2025, 5, 20))],
        by=None,
        channel=Channel.IMPORT,
    )
    event = result.event
    assert result.reasons and event.pending_review and event.flagged
    after = stored(procedure)
    assert (after.stage, after.key_deadline) == (before.stage, before.key_deadline)
    assert after.stage == S.ASSIGNATION
    assert "EXPULSION_POSSIBLE" not in codes(after)
    event_review_accept(event=event, by=None)
    accepted = stored(procedure)
    assert accepted.stage == S.CQL
    assert codes(accepted)["EXPULSION_POSSIBLE"] == D(2025, 7, 22)  # 20/07 is a Sunday
    assert WriteLog.objects.filter(object_id=event.pk, operation="UPDATE").exists()


def test_a_form_act_is_never_pending(today):
    today(D(2025, 6, 2))
    procedure = procedure_at_cdp(cdp_on=D(2025, 5, 5))
    assert not procedure.events.get().pending_review


def _conditional(today):
    today(D(2025, 3, 1))
    procedure = procedure_at_assignation(assignation_on=D(2024, 9, 2), hearing_on=D(2025, 1, 15))
    event_record(procedure=procedure, stage=S.AUDIENCE, date=D(2025, 1, 15), by=None)
    judgment = event_record(
        procedure=procedure,
        stage=S.JUGEMENT,
        date=D(2025, 1, 15),
        by=None,
        decision=Decision.CONDITIONNELLE,
        contradictoire=True,
        payment_months=24,
        instalment_amount=Decimal("150"),
        first_instalment_on=D(2025, 2, 5),
    )
    return procedure, judgment


def test_a_missed_instalment_recorded_by_the_landlord_revives_the_clause(today):
    procedure, judgment = _conditional(today)
    assert stored(procedure).key_deadline == D(2025, 3, 5)  # next instalment
    today(D(2025, 3, 20))
    caf = MembershipFactory(organisation__type="CAF")
    with pytest.raises(BusinessError, match="Seuls le bailleur et le commissaire de justice"):
        instalment_missed_record(event=judgment, missed_on=D(2025, 3, 5), by=caf)
    with pytest.raises(BusinessError, match="n'est pas une échéance du plan"):
        instalment_missed_record(event=judgment, missed_on=D(2025, 3, 6), by=None)
    with pytest.raises(BusinessError, match="pas encore due"):
        instalment_missed_record(event=judgment, missed_on=D(2025, 4, 5), by=None)
    instalment_missed_record(event=judgment, missed_on=D(2025, 3, 5), by=None)
    judgment.refresh_from_db()
    assert judgment.instalment_missed_on == D(2025, 3, 5)
    assert stored(procedure).key_deadline is None  # the plan's instalments no longer apply
    assert WriteLog.objects.filter(object_id=judgment.pk, operation="UPDATE").exists()
    event_record(procedure=procedure, stage=S.CQL, date=D(2025, 3, 20), by=None)
    assert stored(procedure).key_deadline == D(2025, 5, 21)  # 2 months after the CQL


def test_acts_before_the_earliest_rule_are_refused_in_french(today):
    today(D(2025, 6, 2))
    with pytest.raises(BusinessError, match="antérieure au 08/07/1989"):
        procedure_open(household=HouseholdFactory(), stage=S.CDP, date=D(1989, 1, 2), by=None)


def test_threshold_flag_and_dashboard_filter(today):
    today(D(2025, 6, 2))
    household = HouseholdFactory(rent=Decimal("700"))
    flagged = procedure_at_cdp(household=household, cdp_on=D(2025, 5, 5), debt=Decimal("1400"))
    under = procedure_at_cdp(cdp_on=D(2025, 5, 5), debt=Decimal("500"))
    assert stored(flagged).ccapex_report_required is True
    assert stored(under).ccapex_report_required is False
    secretariat = MembershipFactory(organisation__ccapex=True)
    found = dashboard_procedures(
        membership=secretariat, filters=DashboardFilters(report_required=True)
    )
    assert list(found.values_list("pk", flat=True)) == [flagged.pk]
    event_record(procedure=flagged, stage=S.SIGNALEMENT, date=D(2025, 5, 20), by=None)
    assert stored(flagged).ccapex_report_required is False
    # a département override, in force on the CDP's date, changes the flag after a refresh
    LegalRule.objects.create(
        code="CDP_SIGNALEMENT_SEUIL_LOYERS",
        label="Seuil 93",
        value=1,
        unit="RENT_MULTIPLE",
        valid_from=D(2025, 1, 1),
        legal_basis="Arrêté préfectoral (test)",
        short_basis="Arrêté 93 (test)",
        departement_id=under.departement_id,
        working_days=False,
    )
    assert open_procedures_refresh(departement=under.departement_id) == 0
    assert stored(under).ccapex_report_required is False  # 500 € < 1 × 650 €
    LegalRule.objects.filter(short_basis="Arrêté 93 (test)").update(value=0)
    from prevex.procedures.rules import clear_rule_cache

    clear_rule_cache()
    open_procedures_refresh()
    assert stored(under).ccapex_report_required is True


def test_key_deadline_moves_when_the_truce_starts_and_the_job_is_idempotent(today):
    today(D(2025, 10, 31))
    procedure = procedure_at_cql(cql_on=D(2025, 6, 2))
    assert stored(procedure).key_deadline is None  # eviction possible since 05/08
    assert truce_boundary_departements(D(2025, 10, 31)) == []
    today(D(2025, 11, 1))
    assert truce_boundary_departements(D(2025, 11, 1)) == [procedure.departement_id]
    assert refresh_at_truce_boundary.call_local() == 1
    assert stored(procedure).key_deadline == D(2026, 4, 1)
    assert refresh_at_truce_boundary.call_local() == 0  # twice: nothing changes
    today(D(2026, 4, 1))
    assert truce_boundary_departements(D(2026, 4, 1)) == [procedure.departement_id]
    assert refresh_at_truce_boundary.call_local() == 1
    assert stored(procedure).key_deadline is None
    assert TRUCE_SCHEDULE(datetime.datetime(2026, 4, 1, 0, 5))


def test_a_rule_edited_in_the_admin_reorders_the_dashboard(
    today, django_capture_on_commit_callbacks
):
    today(D(2025, 5, 25))
    first = procedure_at_cql(cql_on=D(2025, 5, 12))  # eviction possible from 16/07
    second = procedure_at_cql(cql_on=D(2025, 3, 3))  # eviction possible since 06/05
    event_record(procedure=second, stage=S.RFP, date=D(2025, 5, 20), by=None)  # by 21/07
    order = list(Procedure.objects.order_by("key_deadline", "id").values_list("pk", "key_deadline"))
    assert order == [(first.pk, D(2025, 7, 16)), (second.pk, D(2025, 7, 21))]
    rule = LegalRule(
        code="CQL_EXPULSION_DELAI",
        label="Délai (test)",
        value=3,
        unit="MONTHS",
        valid_from=D(2025, 1, 1),
        legal_basis="Test",
        short_basis="Test",
        departement_id=first.departement_id,
    )
    request = RequestFactory().post("/admin/")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        admin.site._registry[LegalRule].save_model(request, rule, form=None, change=False)
    assert callbacks  # the refresh job was queued after the commit (and ran: immediate mode)
    order = list(Procedure.objects.order_by("key_deadline", "id").values_list("pk", flat=True))
    assert order == [second.pk, first.pk]
    assert stored(first).key_deadline == D(2025, 8, 13)
    assert open_procedures_refresh() == 0  # idempotent


def test_bad_lease_dates_are_refused_in_french(today):
    today(D(2025, 6, 2))
    household = HouseholdFactory()
    with pytest.raises(BusinessError, match="La date du bail .* est dans le futur"):
        household_update(household=household, by=None, lease_date=D(2025, 7, 1))


def test_the_lease_date_on_the_household_chooses_the_delay(today):
    today(D(2025, 6, 2))
    old = procedure_at_cdp(
        household=HouseholdFactory(lease_date=D(2023, 7, 28)), cdp_on=D(2025, 5, 5)
    )
    new = procedure_at_cdp(
        household=HouseholdFactory(lease_date=D(2023, 7, 29)), cdp_on=D(2025, 5, 5)
    )
    assert stored(old).key_deadline == D(2025, 7, 8)  # 2 months: 05/07 Saturday → 07/07
    assert stored(new).key_deadline == D(2025, 6, 17)  # 6 weeks: 16/06 Monday


def test_a_rule_row_may_not_turn_its_code_around():
    from django.core.exceptions import ValidationError

    rule = LegalRule(
        code="ASSIGNATION_NOTIFICATION_PREFET",
        label="Test",
        value=8,
        unit="WEEKS",
        valid_from=D(2025, 1, 1),
        legal_basis="Test",
        short_basis="Test",
        departement_id="93",
    )
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert "direction" in error.value.message_dict
    rule.direction = "AVANT"
    rule.full_clean()
    rule.selected_by = "BAIL"
    with pytest.raises(ValidationError, match="choisies par la date de l'acte"):
        rule.full_clean()


def test_a_lease_date_entered_later_moves_the_stored_deadline_at_once(today):
    """The dashboard sorts on the stored key deadline: entering the lease date on the
    file recomputes it in the same transaction, not at the next night's refresh."""
    today(D(2025, 6, 2))
    household = HouseholdFactory(lease_date=None)
    procedure = procedure_at_cdp(household=household, cdp_on=D(2025, 5, 5))
    assert stored(procedure).key_deadline == D(2025, 6, 17)  # unknown: by the CDP, 6 weeks
    household_update(household=household, by=None, lease_date=D(2020, 1, 15))
    assert stored(procedure).key_deadline == D(2025, 7, 8)  # lease of 2020: 2 months
    writes = WriteLog.objects.filter(household_id=household.pk).count()
    household_update(household=household, by=None, lease_date=D(2020, 1, 15))  # unchanged
    assert stored(procedure).key_deadline == D(2025, 7, 8)
    assert WriteLog.objects.filter(household_id=household.pk).count() == writes


def test_a_closed_procedure_keeps_no_deadline_when_the_lease_date_changes(today):
    today(D(2025, 6, 2))
    household = HouseholdFactory(lease_date=None)
    procedure = procedure_at_cdp(household=household, cdp_on=D(2025, 5, 5))
    procedure_close(
        procedure=stored(procedure), outcome=Outcome.DESISTEMENT, closed_on=D(2025, 5, 20), by=None
    )
    household_update(household=household, by=None, lease_date=D(2020, 1, 15))
    assert stored(procedure).key_deadline is None
